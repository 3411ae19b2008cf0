//! `check`: a manifest validated (every problem fails), then linted (warnings do
//! not); with `--stage`, the stage's values read too (a values file, or SST's record
//! with `--deployed`, whose `[functions]` sets are held against it) and each
//! function's environment measured against AWS Lambda's 4 KB.

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
    let (file, parsed) = read_source(&args.manifest)?;
    let m = &checked(parsed)?;
    let warnings = resource_link::lint::lints(m, &file, args.max_secret_links);
    for w in &warnings {
        eprintln!("{}\n", w.render());
    }
    let mut warned = warnings.len();
    if let Some(stage) = &args.stage {
        let links = if args.deployed {
            deployed_links(&args, m, &file, stage)?
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
            m.functions.iter().map(|f| Some(f.name.as_str())).collect()
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
        "{}: {} resources, {} functions: ok{noted}\n",
        m.file,
        m.resources.len(),
        m.functions.len()
    ))
}

/// The links SST deployed on `stage`, after holding the manifest's `[functions]`
/// sets and links against SST's record: every difference fails the check.
fn deployed_links(
    args: &CheckArgs,
    m: &Manifest,
    file: &SourceFile,
    stage: &str,
) -> Result<Links, Error> {
    let app = home::app_name(m, "deployed state")?;
    let sst_dir = deployed::find_sst_dir(&args.manifest);
    let record = deployed::record(args.home, app, stage, sst_dir.as_deref())?;
    if record.targets.is_empty() {
        eprintln!("{}\n", deployed::no_targets_note(stage));
    }
    let mut problems: Vec<String> = resource_link::deployed::check_functions(m, file, &record)
        .iter()
        .map(Diagnostic::render)
        .collect();
    let links = resource_link::deployed::check_deployed(m, None, &record.links, &record.source)
        .map_err(|more| problems.extend(more.into_iter().map(|p| Error::new(p).to_string())));
    if !problems.is_empty() {
        return Err(Error::new(format_args!(
            "{} between {} and SST's record of stage `{stage}`",
            plural(problems.len(), "difference"),
            m.file
        ))
        .after(problems));
    }
    Ok(links.unwrap_or_default())
}
