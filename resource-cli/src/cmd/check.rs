//! `check`: a manifest validated (every problem fails, an IAM action AWS does not
//! define too), then linted (warnings do not); with `--stage`, the stage's values
//! read too (a values file, or SST's record with `--deployed`, whose `[functions]`
//! sets are held against it) and each function's environment measured against AWS
//! Lambda's 4 KB.

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
    let root = args
        .manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
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
    Ok((links.unwrap_or_default(), managed, warnings.len()))
}
