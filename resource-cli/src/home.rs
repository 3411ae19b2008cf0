//! Which SST home the command reads and writes (`--home local|aws`), and the stage
//! passphrase from `SST_PASSPHRASE` for CI. Opens homes; the format is resource-home's.

use resource_home::{Home, LocalHome, SecretStore};
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
