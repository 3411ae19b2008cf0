//! What can go wrong when loading linked resources: [`LoadError`] gathers every
//! [`Problem`] of one load so a user fixes them all at once. Messages name the
//! resource, the variable and the property; they never contain a value, so a secret
//! cannot leak through an error.

use std::fmt;

/// Where a resource's JSON was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A `SST_RESOURCE_<Name>` variable.
    Var(String),
    /// The `SST_RESOURCES_JSON` variable.
    ResourcesJson,
    /// SST's encrypted bundle file (`SST_KEY_FILE`).
    Bundle(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Var(name) => f.write_str(name),
            Origin::ResourcesJson => f.write_str("SST_RESOURCES_JSON"),
            Origin::Bundle(path) => write!(f, "the encrypted bundle {path}"),
        }
    }
}

/// An [`Origin`] borrowed while loading, turned into one only when a problem is
/// recorded (loading stays allocation-free on the happy path).
#[derive(Debug, Clone, Copy)]
pub(crate) enum OriginRef<'a> {
    Var(&'static str),
    Layer(&'a Origin),
}

impl OriginRef<'_> {
    pub(crate) fn to_origin(self) -> Origin {
        match self {
            OriginRef::Var(name) => Origin::Var(name.to_owned()),
            OriginRef::Layer(origin) => origin.clone(),
        }
    }
}

/// One thing wrong with one linked resource.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// Nothing links the resource: its variable is unset (or empty).
    Missing {
        /// The SST name.
        resource: String,
        /// The variable looked for.
        var: String,
    },
    /// Its value is not JSON, or not a JSON object.
    InvalidJson {
        /// The SST name.
        resource: String,
        /// Where the text came from.
        origin: Origin,
        /// serde_json's description.
        message: String,
        /// 1-based line in the JSON text.
        line: usize,
        /// 1-based column in the JSON text.
        column: usize,
    },
    /// A property the manifest declares is not in the JSON.
    MissingProperty {
        /// The SST name.
        resource: String,
        /// Where the JSON came from.
        origin: Origin,
        /// Dotted path of the property (`redis.endpoint`).
        path: String,
    },
    /// A property has another JSON type than the manifest declares.
    WrongType {
        /// The SST name.
        resource: String,
        /// Where the JSON came from.
        origin: Origin,
        /// Dotted path (`ports[2]`, `redis.endpoint`).
        path: String,
        /// What the manifest declares (`a string`).
        expected: &'static str,
        /// What the JSON holds (`a number`); never the value itself.
        found: &'static str,
    },
    /// The deployed component type differs from the manifest's.
    TypeDrift {
        /// The SST name.
        resource: String,
        /// Where the JSON came from.
        origin: Origin,
        /// The `"type"` the manifest implies.
        expected: String,
        /// The `"type"` in the deployment.
        deployed: String,
        /// `links.toml:LINE` of the resource.
        declared_at: String,
    },
    /// Nothing holds the resource, and a whole-environment source that would have
    /// held it was set but unreadable, so it was ignored: the likely cause. Only
    /// `SST_RESOURCES_JSON` is ignored this way (as SST's SDKs ignore it); resources
    /// found elsewhere load, and nothing is reported about it unless one is missing.
    MissingFromIgnoredSource {
        /// The SST name.
        resource: String,
        /// The variable looked for.
        var: String,
        /// The source that was ignored.
        origin: Origin,
        /// Why it was ignored and what it should hold (positions only, never content).
        reason: String,
    },
    /// A whole-environment source that is never ignored (the bundle) is unusable.
    /// Resources it would have held are then not reported missing one by one.
    InvalidSource {
        /// Which source.
        origin: Origin,
        /// What is wrong and how to fix it, naming the source.
        message: String,
    },
    /// A variable SST sets is set to bytes that are not UTF-8 (SST writes UTF-8
    /// JSON): it is not decoded lossily, and its bytes are never shown.
    NotUnicode {
        /// The variable (`SST_RESOURCE_<Name>`, `SST_KEY`, `SST_KEY_FILE`).
        var: String,
    },
    /// Inside a Worker: the binding named after the resource is not the kind SST
    /// binds it as (an R2 bucket bound as a KV namespace, say).
    Unusable {
        /// The SST name.
        resource: String,
        /// What is wrong, naming the binding and both kinds (never a value).
        message: String,
    },
    /// No SST link variable is present at all.
    LinksNotActive {
        /// How many resources (App included) were looked for.
        count: usize,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Missing { resource, var } => {
                write!(
                    f,
                    "{resource}: {var} is not set: the resource is not linked to this function, or this process does not run with its links"
                )
            }
            Problem::InvalidJson {
                resource,
                origin,
                message,
                line,
                column,
            } => {
                write!(
                    f,
                    "{resource}: {origin} is not a valid JSON object: {message} (line {line}, column {column})"
                )
            }
            Problem::MissingProperty {
                resource,
                origin,
                path,
            } => {
                write!(f, "{resource}: property `{path}` is missing from {origin}")
            }
            Problem::WrongType {
                resource,
                origin,
                path,
                expected,
                found,
            } => {
                write!(
                    f,
                    "{resource}: property `{path}` in {origin} should be {expected}, found {found}"
                )
            }
            Problem::TypeDrift {
                resource,
                origin,
                expected,
                deployed,
                declared_at,
            } => {
                write!(
                    f,
                    "{resource}: deployed as `{deployed}` ({origin}), but the manifest ({declared_at}) declares `{expected}`: update its `type`, or redeploy"
                )
            }
            Problem::MissingFromIgnoredSource {
                resource,
                var,
                origin,
                reason,
            } => {
                write!(
                    f,
                    "{resource}: {var} is not set, and {origin}, which likely holds it, was ignored: {reason}"
                )
            }
            Problem::InvalidSource { message, .. } => f.write_str(message),
            Problem::NotUnicode { var } => {
                // Named like every other problem about one resource.
                if let Some(resource) = var.strip_prefix("SST_RESOURCE_") {
                    write!(f, "{resource}: ")?;
                }
                write!(
                    f,
                    "{var} is not valid UTF-8 (the value is not shown): SST writes UTF-8 JSON; set it again from SST's output"
                )
            }
            Problem::Unusable { resource, message } => {
                write!(f, "{resource}: {message}")
            }
            Problem::LinksNotActive { count } => {
                // `count` has App in it; the user counts the resources they declared.
                let names = match count.saturating_sub(1) {
                    0 => String::new(),
                    1 => " or SST_RESOURCE_<Name> for the linked resource".to_owned(),
                    n => format!(" or SST_RESOURCE_<Name> for the {n} linked resources"),
                };
                write!(
                    f,
                    "SST links are not active: none of SST_RESOURCE_App, SST_RESOURCES_JSON{names} is set. In local development, wrap your command with `sst dev -- <command>` (or `sst-resources run -- <command>`); in tests, load from a `MapSource`"
                )
            }
        }
    }
}

impl std::error::Error for Problem {}

impl Problem {
    /// The SST name of the resource concerned, if the problem is about one.
    pub fn resource(&self) -> Option<&str> {
        match self {
            Problem::Missing { resource, .. }
            | Problem::InvalidJson { resource, .. }
            | Problem::MissingProperty { resource, .. }
            | Problem::WrongType { resource, .. }
            | Problem::TypeDrift { resource, .. }
            | Problem::MissingFromIgnoredSource { resource, .. }
            | Problem::Unusable { resource, .. } => Some(resource),
            Problem::NotUnicode { var } => var.strip_prefix("SST_RESOURCE_"),
            Problem::InvalidSource { .. } | Problem::LinksNotActive { .. } => None,
        }
    }
}

/// Every problem found while loading linked resources.
///
/// `Debug` (`{:?}`) writes what `Display` writes, help included: it is what a user
/// reads from `.unwrap()`, `.expect()` and `fn main() -> Result<(), LoadError>`
/// (or `Box<dyn Error>`). `{:#?}` gives the structure (`LoadError { problems: [..] }`).
#[derive(Clone, PartialEq)]
pub struct LoadError {
    problems: Vec<Problem>,
}

impl LoadError {
    pub(crate) fn new(problems: Vec<Problem>) -> Self {
        LoadError { problems }
    }

    /// The problems, in manifest order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "cannot load linked resources: {one}"),
            many => {
                write!(f, "cannot load linked resources ({} problems):", many.len())?;
                for p in many {
                    write!(f, "\n  - {p}")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Debug for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("LoadError")
                .field("problems", &self.problems)
                .finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

impl std::error::Error for LoadError {}

/// A JSON error described without any of the input: serde's "invalid type" messages
/// quote the rejected value, which may be a secret.
pub(crate) fn json_error_without_input(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match e.classify() {
        Category::Syntax => "invalid JSON syntax",
        Category::Eof => "unexpected end of JSON",
        // Valid JSON of another kind (an array, a string, null): its position says
        // nothing more (serde reports the array's at column 0).
        Category::Data => return "valid JSON, but not an object".to_owned(),
        Category::Io => "a read error",
    };
    format!("{what} at line {} column {}", e.line(), e.column())
}
