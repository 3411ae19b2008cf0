//! Which SST home the command reads and writes (`--home local|aws`), and the stage
//! passphrase from `SST_PASSPHRASE` for CI. Opens homes; the format is resource-home's.

use resource_home::{Home, HomeError, LocalHome, SecretStore};
use zeroize::Zeroizing;

use crate::error::Error;

/// Where SST keeps secrets and deployed state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HomeKind {
    /// SST's local home: `$SST_HOME`, else `~/.config/sst` (SST's `home: "local"`).
    Local,
    /// SST's AWS home: the state bucket named by SSM `/sst/bootstrap`, passphrases in
    /// SSM (SST's `home: "aws"`); needs the `aws` feature of resource-cli.
    Aws,
}

/// The variable a CI job puts the stage passphrase in, as SST reads it.
pub const PASSPHRASE_VAR: &str = "SST_PASSPHRASE";

/// Opens the home `kind`.
pub fn open(kind: HomeKind) -> Result<Box<dyn Home>, Error> {
    match kind {
        HomeKind::Local => LocalHome::from_env()
            .map(|h| Box::new(h) as Box<dyn Home>)
            .ok_or_else(|| {
                Error::new("cannot find SST's config directory: neither SST_HOME, XDG_CONFIG_HOME nor HOME is set")
            }),
        #[cfg(feature = "aws")]
        HomeKind::Aws => resource_home::aws::AwsHome::from_env()
            .map(|h| Box::new(h) as Box<dyn Home>)
            .map_err(Error::new),
        #[cfg(not(feature = "aws"))]
        HomeKind::Aws => Err(Error::new("this sst-resources was built without AWS support")
            .help("cargo install --path resource-cli --features aws")),
    }
}

/// `SST_PASSPHRASE`, when set: the stage passphrase, named in messages.
pub fn passphrase_from_env() -> Option<(Zeroizing<String>, String)> {
    std::env::var(PASSPHRASE_VAR)
        .ok()
        .filter(|p| !p.is_empty())
        .map(|p| (Zeroizing::new(p), PASSPHRASE_VAR.to_owned()))
}

/// `app`'s secret store in `home`, with `SST_PASSPHRASE` when set.
pub fn secret_store<'h>(home: &'h dyn Home, app: &str) -> SecretStore<'h> {
    let store = SecretStore::new(home, app);
    match passphrase_from_env() {
        Some((p, source)) => store.with_passphrase(p, source),
        None => store,
    }
}

/// A stage or app name that is safe as one path segment, S3 key part and SSM name
/// part (`names::is_valid_home_segment`): never `..`, `/` or empty.
pub fn check_segment(what: &str, name: &str) -> Result<(), Error> {
    if resource_manifest::names::is_valid_home_segment(name) {
        Ok(())
    } else {
        Err(Error::new(format_args!(
            "`{name}` is not a valid {what} name: letters, digits, `-` and `_` only"
        )))
    }
}

/// clap's parser for `--app`.
pub fn app_arg(app: &str) -> Result<String, String> {
    check_segment("app", app)
        .map(|()| app.to_owned())
        .map_err(|e| e.detail())
}

/// clap's parser for `--stage`.
pub fn stage_arg(stage: &str) -> Result<String, String> {
    check_segment("stage", stage)
        .map(|()| stage.to_owned())
        .map_err(|e| e.detail())
}

/// The manifest's `[app] name`, required and path-safe: the home keeps data per app.
pub fn app_name<'m>(
    manifest: &'m resource_manifest::Manifest,
    what: &str,
) -> Result<&'m str, Error> {
    let app = manifest.app_name.as_deref().ok_or_else(|| {
        Error::new(format_args!(
            "{} has no [app] name; SST keeps {what} per app",
            manifest.file
        ))
        .help("add [app] name = \"<your SST app's name>\"")
    })?;
    check_segment("app", app)?;
    Ok(app)
}

/// A home's error as the command shows it: no deployed state for a stage gets the
/// [`no_state`] message (what the home holds, did-you-mean), the rest as they are.
/// For `check`, `env`, `run` and `policy`, whose app is the manifest's `[app] name`.
pub fn error(kind: HomeKind) -> impl Fn(HomeError) -> Error {
    move |e| match e {
        HomeError::NoState {
            location,
            app,
            stage,
            stages,
            apps,
        } => no_state(
            kind,
            &NoState {
                location: &location,
                app: Named::new(&app),
                stage: Named::new(&stage),
                stages: &stages,
                apps: &apps,
                app_fix: "make the manifest's `[app] name` the same",
            },
        ),
        e => Error::new(e),
    }
}

/// An app or stage name, and where it came from when that is not where the command
/// says it is taken from (`.sst/stage`, `SST_STAGE`): the fix is made there.
#[derive(Debug, Clone, Copy)]
pub struct Named<'a> {
    /// The name.
    pub name: &'a str,
    /// Where it came from, said in the fix.
    pub from: Option<&'a str>,
}

impl<'a> Named<'a> {
    /// A name given where the command says it is taken from.
    pub fn new(name: &'a str) -> Self {
        Named { name, from: None }
    }
}

impl std::fmt::Display for Named<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`", self.name)
    }
}

/// How to name another stage, one of `names` (`them`, when there are several):
/// `pass --stage dev`, or change the file or variable the wrong one came from.
pub fn stage_fix(stage: &Named<'_>, names: &[String], them: &str) -> String {
    let (put, pass) = match names {
        [one] => (format!("`{one}`"), format!("pass --stage {one}")),
        _ => (
            format!("one of {them}"),
            "pass it with --stage <stage>".to_owned(),
        ),
    };
    match stage.from {
        Some(from) => format!(
            "`{}` is from {from}: put {put} there, or {pass}",
            stage.name
        ),
        None if names.len() == 1 => pass,
        None => format!("pass one of {them} with --stage <stage>"),
    }
}

/// A stage with no deployed state, and what the home holds instead.
pub struct NoState<'a> {
    /// The state document looked for.
    pub location: &'a str,
    /// The app asked for.
    pub app: Named<'a>,
    /// The stage asked for.
    pub stage: Named<'a>,
    /// The app's stages in the home; empty when it has none.
    pub stages: &'a [String],
    /// When the app has no stage: the home's apps.
    pub apps: &'a [String],
    /// How to name another app: `pass it with --app <name>`.
    pub app_fix: &'a str,
}

/// `SST's home has no deployed state for ...`: the stage the app lacks (with the
/// app's stages), else the app the home lacks (with its apps), else that the home
/// holds no app at all (and where else the state may be); did-you-mean where a name
/// is close; how to fix it.
pub fn no_state(kind: HomeKind, e: &NoState<'_>) -> Error {
    let NoState {
        location,
        app,
        stage,
        stages,
        apps,
        app_fix,
    } = e;
    let deploy = deploy_command(stage.name);
    if !stages.is_empty() {
        return with_suggestion(
            Error::new(format_args!(
                "SST's home has no deployed state for stage {stage} of app {app} ({location})"
            )),
            stage.name,
            stages,
        )
        .help(format_args!(
            "`{}` has state for {}: {}",
            app.name,
            noun(stages.len(), "stage"),
            listed(stages)
        ))
        .help(format_args!(
            "{}; or deploy `{}` first: {deploy}",
            stage_fix(stage, stages, "them"),
            stage.name
        ));
    }
    if !apps.is_empty() {
        return with_suggestion(
            Error::new(format_args!(
                "SST's home has no deployed state for app {app} ({location})"
            )),
            app.name,
            apps,
        )
        .help(format_args!(
            "the {} with state in this home: {}",
            noun(apps.len(), "app"),
            listed(apps)
        ))
        .help(format_args!(
            "the app is `app().name` in sst.config.ts: {app_fix}; or deploy `{}` first: {deploy}",
            app.name
        ));
    }
    Error::new(format_args!(
        "SST's home has no deployed state for app {app}, nor for any other ({location})"
    ))
    .help(elsewhere(kind, &deploy))
}

/// How SST deploys `stage`, for messages.
pub fn deploy_command(stage: &str) -> String {
    format!("`sst deploy --stage {stage}` or `sst dev --stage {stage}`")
}

/// Where else the state may be, when the home holds none at all.
pub fn elsewhere(kind: HomeKind, deploy: &str) -> String {
    match kind {
        HomeKind::Local => format!(
            "deploy it first ({deploy}), or read the home the app uses: add --home aws if sst.config.ts sets `home: \"aws\"`, or set SST_HOME if its local home is elsewhere"
        ),
        HomeKind::Aws => format!(
            "deploy it first ({deploy}), or check AWS_PROFILE and AWS_REGION: SST keeps one state bucket per account and region"
        ),
    }
}

/// `error` with `help: did you mean `x`?` when a name is close to `wrong`.
pub fn with_suggestion(error: Error, wrong: &str, names: &[String]) -> Error {
    match resource_manifest::did_you_mean(wrong, names.iter().map(String::as_str)) {
        Some(best) if best != wrong => error.help(format_args!("did you mean `{best}`?")),
        _ => error,
    }
}

/// `noun`, plural unless `n` is 1 (no number: [`crate::error::plural`] gives one).
pub fn noun(n: usize, noun: &str) -> String {
    if n == 1 {
        noun.to_owned()
    } else {
        format!("{noun}s")
    }
}

/// How many names a message lists before `and N more`.
const SHOWN: usize = 12;

/// `a, b, c`, at most [`SHOWN`] of them, then `and N more`.
pub fn listed(names: &[String]) -> String {
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}
