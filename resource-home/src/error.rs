//! `HomeError`: what went wrong reading or writing SST's home, naming the file (or S3
//! object, or SSM parameter) and the fix. Never holds a value, a secret or a passphrase.

/// A failure to read or write SST's home.
#[derive(Debug, thiserror::Error)]
pub enum HomeError {
    /// A file could not be read, written, locked or renamed.
    #[error("cannot {action} {path}: {source}")]
    Io {
        /// What was being done: `read`, `write`, `lock`, ...
        action: &'static str,
        /// The file or directory.
        path: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// Sealed data exists, but the stage has no passphrase to open it.
    #[error(
        "{location} is sealed, but the stage has no passphrase at {passphrase}\nhelp: restore the stage's passphrase there, or set SST_PASSPHRASE to it"
    )]
    MissingPassphrase {
        /// The sealed document.
        location: String,
        /// Where its passphrase should be.
        passphrase: String,
    },
    /// The passphrase is not base64 of a 32-byte key.
    #[error("the passphrase at {passphrase} is not base64 of 32 bytes: {reason}")]
    BadPassphrase {
        /// Where the passphrase came from.
        passphrase: String,
        /// What is wrong with it (never the passphrase itself).
        reason: &'static str,
    },
    /// AES-GCM refused the data: a wrong passphrase, or a modified file.
    #[error(
        "{location}: authentication failed: the passphrase ({passphrase}) does not match, or the data was modified; nothing was changed"
    )]
    Authentication {
        /// The sealed document.
        location: String,
        /// Where the passphrase came from.
        passphrase: String,
    },
    /// Shorter than a nonce and a tag: not something SST wrote whole.
    #[error(
        "{location} is truncated ({len} bytes; sealed data has at least 28); nothing was changed"
    )]
    Truncated {
        /// The sealed document.
        location: String,
        /// Its length.
        len: usize,
    },
    /// The data is not the JSON it should be (position only: never its text).
    #[error("{location} is not {expected} (line {line}, column {column}); nothing was changed")]
    Format {
        /// The document.
        location: String,
        /// What it should be, e.g. "a JSON map of secret names to strings".
        expected: &'static str,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
    },
    /// The deployed state is readable but not what SST writes.
    #[error("{location}: {problem}")]
    State {
        /// The state document.
        location: String,
        /// What is wrong.
        problem: String,
    },
    /// A stage with no deployed state (no `app/<app>/<stage>.json`), with what the
    /// home holds instead, so a mistyped app or stage shows the right one.
    #[error(
        "{location}: stage `{stage}` of `{app}` has no deployed state{}\nhelp: check the app name (`[app] name`, or --app) and --stage against sst.config.ts; deploy it with `sst deploy --stage {stage}` (or `sst dev`); without --deployed, links.{stage}.toml gives the values",
        held(.app, .stages, .apps)
    )]
    NoState {
        /// The state document looked for.
        location: String,
        /// The app asked for.
        app: String,
        /// The stage asked for.
        stage: String,
        /// The app's stages that have state, sorted ([`crate::Home::list`]); empty
        /// when it has none, or listing failed.
        stages: Vec<String>,
        /// When the app has no stage: the apps that have state, sorted; else empty.
        apps: Vec<String>,
    },
    /// A remote home (AWS) failed.
    #[error("{operation} failed: {message}")]
    Remote {
        /// The operation and its target, e.g. `s3 GetObject s3://bucket/secret/app/dev.json`.
        operation: String,
        /// The service's or the client's reason, and the fix where known.
        message: String,
    },
}

impl HomeError {
    /// An I/O failure on `path`.
    pub fn io(action: &'static str, path: &std::path::Path, source: std::io::Error) -> Self {
        HomeError::Io {
            action,
            path: path.display().to_string(),
            source,
        }
    }

    /// A JSON error at `location`, by position only (serde's messages may quote data).
    pub fn format(location: String, expected: &'static str, e: &serde_json::Error) -> Self {
        HomeError::Format {
            location,
            expected,
            line: e.line(),
            column: e.column(),
        }
    }
}

/// What a home holds instead of a stage asked for: ` (`shop` has state for stages
/// `dev`, `prod`)`, else ` (this home has no state for an app `shpo`; it has app
/// `shop`)`, else nothing. At most [`SHOWN`] names, then `and N more`.
fn held(app: &str, stages: &[String], apps: &[String]) -> String {
    let quoted = |names: &[String]| {
        let mut text = names
            .iter()
            .take(SHOWN)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if names.len() > SHOWN {
            text.push_str(&format!(" and {} more", names.len() - SHOWN));
        }
        text
    };
    let word = |n: usize, one: &str, many: &str| if n == 1 { one } else { many }.to_owned();
    if !stages.is_empty() {
        format!(
            " (`{app}` has state for {} {})",
            word(stages.len(), "stage", "stages"),
            quoted(stages)
        )
    } else if !apps.is_empty() {
        format!(
            " (this home has no state for an app `{app}`; it has {} {})",
            word(apps.len(), "app", "apps"),
            quoted(apps)
        )
    } else {
        String::new()
    }
}

/// How many names a message lists before `and N more`.
const SHOWN: usize = 12;
