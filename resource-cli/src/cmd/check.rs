//! `check`: a manifest validated (every problem fails, an IAM action AWS does not
//! define too), then linted (warnings do not); with `--stage`, the stage's values
//! read too (a values file, or SST's record with `--deployed`, whose `[functions]`
//! sets are held against it) and each function's environment measured against AWS
//! Lambda's 4 KB.

use std::path::Path;

use resource_link::values::Links;
use resource_manifest::{Diagnostic, Manifest, SourceFile};

use crate::deployed;
use crate::environment::{self, Shipping};
use crate::error::{Error, plural};
use crate::home;
use crate::links::Secrets;
use crate::manifest::{checked, read_source};
use crate::opt::{CheckArgs, LinkArgs};

/// `FILE: N resources, N functions: ok`, with the warnings counted.
pub fn run(args: CheckArgs) -> Result<String, Error> {
    let (file, mut parsed) = read_source(&args.manifest)?;
    // An IAM action AWS does not define fails the check beside the manifest's own
    // problems; AWS's list is the command's (resource-link), never the macro's.
    let unknown = resource_link::iam::unknown_actions(&file);
    if !unknown.is_empty() {
        parsed.diagnostics.extend(unknown);
        parsed.diagnostics.sort_by_key(|d| d.span.start);
    }
    let m = &checked(parsed)?;
    let mut warnings = resource_link::lint::lints(m, &file, args.max_secret_links);
    let root = app_root(&args.manifest);
    warnings.extend(resource_link::lint::handler_lints(m, &file, root));
    for w in &warnings {
        eprintln!("{}\n", w.render());
    }
    // A module `types --out` wrote that no longer matches its manifest compiles
    // against yesterday's links: an error, as the manifest's own are.
    let stale = super::types::stale_modules(root, &args.manifest);
    match stale.len() {
        0 => {}
        1 => return Err(stale.into_iter().next().expect("one")),
        n => {
            return Err(Error::new(format_args!(
                "{n} modules written by `sst-resources types` are out of date"
            ))
            .after(stale.iter().map(ToString::to_string).collect()));
        }
    }
    let mut warned = warnings.len();
    if let Some(warning) = super::schema::stale_warning(&args.manifest) {
        eprintln!("{warning}\n");
        warned += 1;
    }
    if let Some(stage) = &args.stage {
        // Functions SST deploys itself get their links in its bundle: only the others
        // are measured against Lambda's 4 KB.
        let mut sst_managed = Vec::new();
        let links = if args.deployed {
            let (links, managed, more) = deployed_links(&args, m, &file, stage)?;
            sst_managed = managed;
            warned += more;
            links
        } else {
            let link = LinkArgs {
                manifest: args.manifest.clone(),
                function: None,
                stage: stage.clone(),
                values: args.values.clone(),
                deployed: false,
                home: args.home,
            };
            link.links(Secrets::Read)?.1
        };
        let functions: Vec<Option<&str>> = if m.functions.is_empty() {
            vec![None]
        } else {
            m.functions
                .iter()
                .map(|f| f.name.as_str())
                .filter(|f| !sst_managed.iter().any(|s| s == f))
                .map(Some)
                .collect()
        };
        for function in functions {
            let vars = resource_link::environment::environment(m, &links, stage, function)
                .map_err(Error::new)?;
            let whose = function.map_or("the environment of the app's links".to_owned(), |f| {
                format!("the environment of function `{f}`")
            });
            if let Some(warning) = environment::lambda_warning(&vars, Shipping::InVariables, &whose)
            {
                eprintln!("{warning}\n");
                warned += 1;
            }
        }
    }
    let noted = match warned {
        0 => String::new(),
        n => format!(", {}", plural(n, "warning")),
    };
    Ok(format!(
        "{}: {}, {}: ok{noted}\n",
        m.file,
        plural(m.resources.len(), "resource"),
        plural(m.functions.len(), "function")
    ))
}

/// The links SST deployed on `stage`, after holding the manifest's `[functions]`
/// sets, links and secrets against SST's record: every difference fails the check.
/// Also the functions SST deploys itself (Functions it records) and how many
/// warnings were printed.
fn deployed_links(
    args: &CheckArgs,
    m: &Manifest,
    file: &SourceFile,
    stage: &str,
) -> Result<(Links, Vec<String>, usize), Error> {
    let app = home::app_name(m, "deployed state")?;
    let sst_dir = deployed::find_sst_dir(&args.manifest);
    let record = deployed::record(args.home, app, stage, sst_dir.as_deref())?;
    if record.targets.is_empty() {
        eprintln!("{}\n", deployed::no_targets_note(stage));
    }
    let (mut warnings, errors): (Vec<Diagnostic>, Vec<Diagnostic>) =
        resource_link::deployed::check_functions(m, file, &record)
            .into_iter()
            .chain(resource_link::deployed::check_secrets(m, file, &record))
            .partition(|d| d.severity == resource_manifest::Severity::Warning);
    warnings.extend(resource_link::deployed::unlisted_rust_functions(
        m, file, &record,
    ));
    warnings.extend(resource_link::deployed::undeclared_properties(
        m, file, &record,
    ));
    for w in &warnings {
        eprintln!("{}\n", w.render());
    }
    let mut problems: Vec<String> = errors.iter().map(Diagnostic::render).collect();
    let links = resource_link::deployed::check_deployed(m, file, None, &record)
        .map_err(|more| problems.extend(more.iter().map(Diagnostic::render)));
    if !problems.is_empty() {
        let error = Error::new(format_args!(
            "{} between {} and SST's record of stage `{stage}`",
            plural(problems.len(), "difference"),
            m.file
        ))
        .after(problems);
        // Each problem says what to change; this takes the record whole.
        if resource_manifest::is_dts(&m.file) {
            return Err(error);
        }
        let home = match args.home {
            home::HomeKind::Aws => " --home aws",
            home::HomeKind::Local => "",
        };
        return Err(error.help(format_args!(
            "to take SST's record as it is instead, `sst-resources import --deployed --app {app} --stage {stage}{home} > {}` rewrites the whole file (review the diff)",
            m.file
        )));
    }
    let managed = record
        .targets
        .iter()
        .filter(|t| !t.dev)
        .map(|t| t.name.clone())
        .collect();
    let links = links.unwrap_or_default();
    let over = over_grants(args, m, file, &record, &links)?;
    Ok((links, managed, warnings.len() + over))
}

/// Compares what SST grants each Rust function (a `handler`, or `--binary`) with what
/// its compiled code calls, printing a warning where SST grants more and, per
/// component type, the `sst.config.ts` change that narrows it; a note for a binary
/// not found or recording no call. How many warnings were printed.
fn over_grants(
    args: &CheckArgs,
    m: &Manifest,
    file: &SourceFile,
    record: &resource_link::deployed::Record,
    links: &Links,
) -> Result<usize, Error> {
    use resource_link::calls::{self, ReadError};
    for (function, path) in &args.binaries {
        m.find_function(function).map_err(|e| {
            let mut lines = e.lines();
            let first = lines.next().unwrap_or_default();
            let mut error = Error::new(format_args!(
                "--binary {function}={}: {first}",
                path.display()
            ));
            for help in lines.filter_map(|l| l.strip_prefix("help: ")) {
                error = error.help(help);
            }
            error
        })?;
    }
    let root = app_root(&args.manifest);
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = |path: &Path| {
        let absolute = cwd.join(path);
        match pathdiff::diff_paths(&absolute, &cwd) {
            Some(rel) if !rel.starts_with("..") => rel,
            _ => absolute,
        }
    };
    let mut code = Vec::new();
    let mut unread: Vec<&str> = Vec::new();
    let mut warned = 0;
    for f in &m.functions {
        let name = f.name.as_str();
        let given = args.binaries.iter().find(|(g, _)| g == name);
        let (path, built) = match (given, &f.handler) {
            (Some((_, path)), _) => (path.clone(), None),
            (None, Some(h)) => {
                // A handler SST finds no crate for is check's warning already.
                let Some(t) = resource_manifest::handler::rust_target(root, &h.text) else {
                    continue;
                };
                let path = t.dir.join("target/lambda").join(&t.bin).join("bootstrap");
                (shown(&path), Some(shown(&t.dir)))
            }
            (None, None) => continue,
        };
        let display = path.display().to_string();
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) => {
                let Some(dir) = built else {
                    return Err(Error::new(format_args!(
                        "cannot read {display}, function `{name}`'s binary (--binary): {e}"
                    ))
                    .help("pass the path of the function's compiled binary (`cargo lambda build --release` writes target/lambda/<binary>/bootstrap)"));
                };
                let build = if dir.as_os_str().is_empty() {
                    "`cargo lambda build --release`".to_owned()
                } else {
                    format!("`cd {} && cargo lambda build --release`", dir.display())
                };
                eprintln!(
                    "note: no binary of `{name}` at {display}, where SST takes it: what SST grants `{name}` is not compared with what its code calls; build it as SST does ({build}), or pass --binary {name}=PATH\n"
                );
                unread.push(name);
                continue;
            }
        };
        match calls::calls(m, name, &display, &bytes) {
            Ok(calls) => code.push(resource_link::grants::Code {
                function: name,
                calls,
            }),
            Err(e) => {
                if let Some(ReadError::NoRecords { target, .. }) = &e.read {
                    let why = match target {
                        Some(_) => {
                            "Build it for Lambda as SST does (`cargo lambda build --release`)"
                        }
                        None => {
                            "Its code calls no typed handle (`links.my_bucket.s3(&client)`), or it was built without their `aws-*` features"
                        }
                    };
                    eprintln!(
                        "note: {}. {why}: what SST grants `{name}` is not compared with what its code calls\n",
                        e.errors.join("\n")
                    );
                } else {
                    // `policy --binary` names the function with --function; check, with
                    // the binary: `--binary F=PATH`.
                    let e = e
                        .to_string()
                        .replace("(--function)", &format!("(--binary <function>={display})"));
                    eprintln!(
                        "warning: {e}\nnote: what SST grants `{name}` is not compared with what its code calls\n"
                    );
                    warned += 1;
                }
                unread.push(name);
            }
        }
    }
    let found = resource_link::grants::over_grants(m, file, record, links, &code, &unread);
    for w in &found.warnings {
        eprintln!("{}\n", w.render());
    }
    for change in &found.changes {
        eprintln!("{change}\n");
    }
    Ok(warned + found.warnings.len())
}

/// The app's root: the directory of the manifest (beside sst.config.ts), from which
/// SST resolves a `handler`.
fn app_root(manifest: &Path) -> &Path {
    manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}
