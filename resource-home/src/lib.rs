//! SST's "home": where SST keeps, per app and stage, the secrets (`sst secret set`), the
//! passphrase that seals them, and the deployed state whose `LinkRef`s say what each
//! resource links. Read and written in SST's own format, so `sst` and `sst-resources`
//! see the same values (`pkg/project/provider/{provider,local,aws}.go` in
//! `github:anomalyco/sst`). Unlike SST, writes here never lose a concurrent update and
//! never leave a half-written file. No value, secret or passphrase is ever put in an
//! error. Must not know about manifests: the CLI joins the two.

#![warn(missing_docs)]

use zeroize::Zeroizing;

#[cfg(feature = "aws")]
pub mod aws;
mod error;
pub mod local;
pub mod seal;
pub mod secrets;
pub mod state;

#[cfg(feature = "aws")]
pub use aws::AwsHome;
pub use error::HomeError;
pub use local::LocalHome;
pub use secrets::SecretStore;

/// One document of a home, as SST names it: `key` is SST's kind of data (`secret`,
/// `app` for the deployed state, ...), one document per app and stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document<'a> {
    /// SST's key: `secret`, `app`, ...
    pub key: &'a str,
    /// The app's name, as in `sst.config.ts` (and `[app] name` in links.toml).
    pub app: &'a str,
    /// The stage; SST stores fallback secrets under `_fallback`.
    pub stage: &'a str,
}

/// A read-modify-write step: the current bytes (`None`: absent) to the new bytes
/// (`None`: write nothing).
pub type Change<'a> = dyn FnMut(Option<&[u8]>) -> Result<Option<Vec<u8>>, HomeError> + 'a;

/// What a home must do; SST's `Home` interface, with a read-modify-write that cannot
/// lose a concurrent update (SST's own `putData` can).
pub trait Home {
    /// Where `doc` lives, for messages: a path, or `s3://bucket/key`.
    fn location(&self, doc: Document<'_>) -> String;

    /// Where the stage's passphrase lives, for messages.
    fn passphrase_location(&self, app: &str, stage: &str) -> String;

    /// The stored bytes of `doc`, `None` when there is none.
    fn read(&self, doc: Document<'_>) -> Result<Option<Vec<u8>>, HomeError>;

    /// Replaces `doc` with what `change` makes of its current bytes (`None`: absent),
    /// with no lost update: a concurrent writer's change is either seen by `change` or
    /// sees this one. `change` may run more than once (a retry after a conflict);
    /// returning `Ok(None)` writes nothing. The new bytes are stored whole or not at all.
    fn update(&self, doc: Document<'_>, change: &mut Change<'_>) -> Result<(), HomeError>;

    /// What the home holds under SST's `key` (`app` for deployed state): with `app`
    /// `None`, the apps that have a folder there; with `Some(app)`, that app's stages
    /// (the `<stage>.json` documents SST's `listStages` reads in
    /// `pkg/project/provider/{local,aws}.go`, here without its check that each still
    /// has resources). Sorted; empty when there is none; from S3, the first 100,000
    /// keys. For messages: which apps and stages exist when the one asked for does not.
    fn list(&self, key: &str, app: Option<&str>) -> Result<Vec<String>, HomeError>;

    /// Where [`Home::list`] looks, for messages: a directory, or an `s3://` prefix.
    fn list_location(&self, key: &str, app: Option<&str>) -> String {
        match app {
            Some(app) => format!("{key}/{app}/"),
            None => format!("{key}/"),
        }
    }

    /// The stage's passphrase (base64 of 32 bytes), `None` when the stage has none.
    fn passphrase(&self, app: &str, stage: &str) -> Result<Option<Zeroizing<String>>, HomeError>;

    /// Stores `candidate` as the stage's passphrase unless one exists, and returns the
    /// one in force: two first writers agree on one passphrase.
    fn create_passphrase(
        &self,
        app: &str,
        stage: &str,
        candidate: Zeroizing<String>,
    ) -> Result<Zeroizing<String>, HomeError>;
}
