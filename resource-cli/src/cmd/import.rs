//! `import`: `links.toml` written from SST's generated `sst-env.d.ts`, or with
//! `--deployed` from SST's record of a stage (`resource_link::deployed::to_toml`).
//!
//! With `--deployed`, the app is `--app`, else `[app] name` in `links.toml` here,
//! else the one app SST's home holds (with the stage, when one is given); the stage is
//! `--stage`, else `SST_STAGE`, else `.sst/stage` (SST's own order, `Cli.Stage` in
//! `cmd/sst/cli/cli.go`, less its guess from the user name: SST writes that guess to
//! `.sst/stage` on first use, so a stage SST guessed is read there), else the app's one
//! stage in the home (SST's `ListStages`: one whose checkpoint has resources, when
//! several have documents). What nothing decides is an error listing what the home
//! holds.

use std::path::Path;

use resource_home::Home;

use crate::deployed;
use crate::error::Error;
use crate::home::{self, HomeKind, Named, NoState};
use crate::manifest::read_manifest;
use crate::opt::ImportArgs;

/// The manifest whose `[app] name` names the app when `--app` does not.
const MANIFEST: &str = "links.toml";

/// At most this many apps have their stages listed to find the ones with a stage
/// (one listing each; on S3 a request each).
const MAX_APPS_LISTED: usize = 100;

/// At most this many checkpoints are read to tell live stages from emptied ones.
const MAX_STATES_READ: usize = 12;

/// The `links.toml` text.
pub fn run(args: ImportArgs) -> Result<String, Error> {
    if args.deployed {
        return import_deployed(args);
    }
    let file = args
        .file
        .ok_or_else(|| Error::new("import needs a file, or --deployed"))?;
    let name = file.display().to_string();
    if !resource_manifest::is_dts(&file) {
        return Err(Error::new(format_args!("{name} is not a .d.ts file"))
            .help("pass SST's generated sst-env.d.ts"));
    }
    let manifest = read_manifest(&file)?;
    if manifest.resources.is_empty() {
        return Err(
            Error::new(format_args!("{name} declares no linked resources"))
                .help("run `sst dev` or `sst deploy` so SST writes them"),
        );
    }
    Ok(format!(
        "# Imported from {name} by `sst-resources import`.\n# Add [functions.<Name>] link = [...] sets to check each function's links.\n\n{}",
        resource_link::to_toml(&manifest)
    ))
}

/// `import --deployed`: the app and stage chosen, then SST's record of them.
fn import_deployed(args: ImportArgs) -> Result<String, Error> {
    let ImportArgs {
        app,
        stage,
        home: kind,
        sst_dir,
        ..
    } = args;
    let sst_dir = sst_dir.or_else(|| deployed::find_sst_dir(Path::new(".")));
    // --app wins: links.toml is not read then, whatever its state.
    let manifest = match app {
        Some(_) => ManifestApp::default(),
        None => ManifestApp::read(Path::new(MANIFEST))?,
    };
    let app = match app {
        Some(name) => Some(Chosen { name, from: None }),
        None => manifest.name.clone().map(|name| Chosen {
            name,
            from: Some(format!("`[app] name` in {MANIFEST}")),
        }),
    };
    let stage = match stage {
        Some(name) => Some(Chosen { name, from: None }),
        None => personal_stage(sst_dir.as_deref())?,
    };
    let (app, stage) = {
        let home = home::open(kind)?;
        choose(home.as_ref(), kind, app, stage, &manifest)?
    };
    let sources: Vec<String> = [("app", &app), ("stage", &stage)]
        .into_iter()
        .filter_map(|(what, c)| c.from.as_ref().map(|from| format!("{what} from {from}")))
        .collect();
    if !sources.is_empty() {
        eprintln!(
            "note: importing stage `{}` of app `{}` ({})",
            stage.name,
            app.name,
            sources.join(", ")
        );
    }
    let (app, stage) = (app.name, stage.name);
    let record = deployed::record(kind, &app, &stage, sst_dir.as_deref())?;
    if record.links.is_empty() {
        return Err(Error::new(format_args!(
            "SST's record of stage `{stage}` ({}) holds no links",
            record.source
        ))
        .help(format_args!(
            "deploy the stage (`sst deploy --stage {stage}` or `sst dev`), or import sst-env.d.ts"
        )));
    }
    if record.targets.is_empty() {
        eprintln!("{}", deployed::no_targets_note(&stage));
    }
    Ok(resource_link::deployed::to_toml(&record))
}

/// An app or stage name and where it came from (`None`: the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Chosen {
    name: String,
    from: Option<String>,
}

impl Chosen {
    fn named(&self) -> Named<'_> {
        Named {
            name: &self.name,
            from: self.from.as_deref(),
        }
    }
}

/// What `links.toml` here says of the app: its `[app] name`, and whether the file
/// is there but empty (as a shell's `> links.toml` leaves it before the command runs).
#[derive(Debug, Default)]
struct ManifestApp {
    name: Option<String>,
    empty: bool,
}

impl ManifestApp {
    /// Only `[app] name` is wanted: a manifest with other problems still names its
    /// app, and one that cannot be read names none.
    fn read(path: &Path) -> Result<Self, Error> {
        let shown = path.display().to_string();
        let name = match resource_manifest::load(path, &shown) {
            Ok(loaded) => loaded.parsed.manifest.app_name,
            Err(resource_manifest::ReadError::Empty { .. }) => {
                return Ok(ManifestApp {
                    name: None,
                    empty: true,
                });
            }
            Err(_) => None,
        };
        if let Some(name) = &name {
            home::check_segment("app", name)
                .map_err(|e| e.help(format_args!("it is `[app] name` in {shown}")))?;
        }
        Ok(ManifestApp { name, empty: false })
    }
}

/// The stage SST would use when none is passed: `SST_STAGE`, else the personal
/// stage in `.sst/stage` (`LoadPersonalStage` in `pkg/project/stage.go`: the file's
/// text trimmed; unreadable or empty is none).
fn personal_stage(sst_dir: Option<&Path>) -> Result<Option<Chosen>, Error> {
    let valid = |name: String, from: String| {
        home::check_segment("stage", &name).map_err(|e| {
            e.help(format_args!(
                "it comes from {from}: fix it there, or pass --stage <stage>"
            ))
        })?;
        Ok(Some(Chosen {
            name,
            from: Some(from),
        }))
    };
    if let Some(stage) = std::env::var("SST_STAGE").ok().filter(|s| !s.is_empty()) {
        return valid(stage, "SST_STAGE".to_owned());
    }
    let Some(file) = sst_dir.map(|d| d.join("stage")) else {
        return Ok(None);
    };
    match std::fs::read_to_string(&file) {
        Ok(text) if !text.trim().is_empty() => {
            valid(text.trim().to_owned(), file.display().to_string())
        }
        _ => Ok(None),
    }
}

/// The app and stage to import: those given, checked against what `home` holds, and
/// what the home decides for the rest.
fn choose(
    home: &dyn Home,
    kind: HomeKind,
    app: Option<Chosen>,
    stage: Option<Chosen>,
    manifest: &ManifestApp,
) -> Result<(Chosen, Chosen), Error> {
    let app = match app {
        Some(app) => app,
        None => only_app(home, kind, stage.as_ref(), manifest)?,
    };
    let stages = home.list("app", Some(&app.name)).map_err(Error::new)?;
    let app_fix = match app.from {
        None => "pass it with --app <name>",
        Some(_) => "make `[app] name` in links.toml the same, or pass --app <name>",
    };
    let apps = |stages: &[String]| -> Result<Vec<String>, Error> {
        if stages.is_empty() {
            home.list("app", None).map_err(Error::new)
        } else {
            Ok(Vec::new())
        }
    };
    let stage = match stage {
        Some(stage) if stages.contains(&stage.name) => stage,
        Some(stage) => {
            let location = home.location(resource_home::Document {
                key: "app",
                app: &app.name,
                stage: &stage.name,
            });
            return Err(home::no_state(
                kind,
                &NoState {
                    location: &location,
                    app: app.named(),
                    stage: stage.named(),
                    stages: &stages,
                    apps: &apps(&stages)?,
                    app_fix,
                },
            ));
        }
        None if stages.is_empty() => {
            let location = home.list_location("app", Some(&app.name));
            return Err(home::no_state(
                kind,
                &NoState {
                    location: &location,
                    app: app.named(),
                    stage: Named::new("<stage>"),
                    stages: &stages,
                    apps: &apps(&stages)?,
                    app_fix,
                },
            ));
        }
        None => only_stage(home, &app, &stages)?,
    };
    home::check_segment("stage", &stage.name)?;
    Ok((app, stage))
}

/// The one name of `names` SST would list: the only one, else the only one whose
/// checkpoint has resources (`live`), when few enough to read.
fn only(names: &[String], live: impl Fn(&str) -> bool) -> Option<(&String, bool)> {
    match names {
        [one] => Some((one, false)),
        _ if names.len() <= MAX_STATES_READ => {
            let mut live = names.iter().filter(|n| live(n));
            match (live.next(), live.next()) {
                (Some(one), None) => Some((one, true)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The app when neither `--app` nor the manifest names it: the home's one app (with
/// `stage`, when given).
fn only_app(
    home: &dyn Home,
    kind: HomeKind,
    stage: Option<&Chosen>,
    manifest: &ManifestApp,
) -> Result<Chosen, Error> {
    let apps = home.list("app", None).map_err(Error::new)?;
    let location = home.list_location("app", None);
    let (candidates, held) = match stage {
        Some(stage) if apps.len() <= MAX_APPS_LISTED => {
            let mut held = Vec::new();
            for app in &apps {
                held.push((app, home.list("app", Some(app)).map_err(Error::new)?));
            }
            let with: Vec<String> = held
                .iter()
                .filter(|(_, stages)| stages.contains(&stage.name))
                .map(|(app, _)| (*app).clone())
                .collect();
            (with, held)
        }
        _ => (apps.clone(), Vec::new()),
    };
    let live = |app: &str| {
        stage.is_none_or(|stage| resource_home::state::has_resources(home, app, &stage.name))
    };
    if let Some((app, by_resources)) = only(&candidates, live) {
        home::check_segment("app", app)?;
        let with = stage.map_or(String::new(), |s| format!(" with stage `{}`", s.name));
        let which = if by_resources {
            format!("its only app{with} whose state has resources")
        } else {
            format!("its only app{with}")
        };
        return Ok(Chosen {
            name: app.clone(),
            from: Some(format!("SST's home, {which}")),
        });
    }
    let deploy = home::deploy_command(stage.map_or("<stage>", |s| s.name.as_str()));
    if apps.is_empty() {
        return Err(Error::new(format_args!(
            "SST's home has no deployed state for any app ({location})"
        ))
        .help(home::elsewhere(kind, &deploy)));
    }
    if let (Some(stage), true) = (stage, candidates.is_empty()) {
        let every: Vec<String> = {
            let mut all: Vec<String> = held.iter().flat_map(|(_, s)| s.clone()).collect();
            all.sort();
            all.dedup();
            all
        };
        let each: Vec<String> = held
            .iter()
            .map(|(app, stages)| format!("{app} ({})", home::listed(stages)))
            .collect();
        return Err(home::with_suggestion(
            Error::new(format_args!(
                "SST's home has no deployed state for stage {} of any app ({location})",
                stage.named()
            )),
            &stage.name,
            &every,
        )
        .help(format_args!(
            "the {} with state in this home, and their stages: {}",
            home::noun(held.len(), "app"),
            home::listed(&each)
        ))
        .help(format_args!(
            "{} (and its app with --app <name>); or deploy `{}` first: {deploy}",
            home::stage_fix(&stage.named(), &every, "those stages"),
            stage.name
        )));
    }
    let with = stage.map_or(String::new(), |s| format!("stage {} of ", s.named()));
    let mut error = Error::new(format_args!(
        "which app to import? neither --app nor `[app] name` in {MANIFEST} names one, and SST's home has state for {with}{} apps ({location})",
        candidates.len()
    ))
    .help(format_args!(
        "the apps with state{} in this home: {}",
        stage.map_or(String::new(), |s| format!(" for stage `{}`", s.name)),
        home::listed(&candidates)
    ))
    .help("pass one with --app <name> (`app().name` in sst.config.ts)");
    if manifest.empty {
        error = error.help(format_args!(
            "{MANIFEST} here is empty: a shell's `> {MANIFEST}` empties it before the command starts; write to another file and rename it"
        ));
    }
    Err(error.code(2))
}

/// The stage when none is given: the app's one stage in the home.
fn only_stage(home: &dyn Home, app: &Chosen, stages: &[String]) -> Result<Chosen, Error> {
    let live = |stage: &str| resource_home::state::has_resources(home, &app.name, stage);
    if let Some((stage, by_resources)) = only(stages, live) {
        let which = if by_resources {
            "the app's only stage whose state has resources"
        } else {
            "the app's only stage"
        };
        return Ok(Chosen {
            name: stage.clone(),
            from: Some(format!("SST's home, {which}")),
        });
    }
    Err(Error::new(format_args!(
        "which stage of `{}` to import? neither --stage, SST_STAGE nor .sst/stage names one, and SST's home has state for {} of its stages ({})",
        app.name,
        stages.len(),
        home.list_location("app", Some(&app.name))
    ))
    .help(format_args!(
        "the stages of `{}`: {}",
        app.name,
        home::listed(stages)
    ))
    .help("pass one with --stage <stage>")
    .code(2))
}
