//! Where linked values come from: the [`Source`] trait (an environment-like lookup),
//! the process environment, and an in-memory map for tests. Owns lookup only; merging
//! and decoding are `load`'s job.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// An environment to read SST's link variables from (`SST_RESOURCE_<Name>`,
/// `SST_RESOURCES_JSON`, `SST_KEY`, `SST_KEY_FILE`).
pub trait Source {
    /// The value of variable `name`, if set.
    fn var(&self, name: &str) -> Option<Cow<'_, str>>;
}

/// The process environment. A value that is not UTF-8 is passed on lossily, so it
/// fails JSON decoding with a position instead of looking unset.
#[derive(Debug, Clone, Copy, Default)]
pub struct EnvSource;

impl Source for EnvSource {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        let value = std::env::var_os(name)?;
        Some(Cow::Owned(match value.into_string() {
            Ok(s) => s,
            Err(raw) => raw.to_string_lossy().into_owned(),
        }))
    }
}

/// Variables held in memory: for tests, and for environments handed over as a map.
/// Its `Debug` lists names only, since values may hold secrets.
///
/// ```
/// use resource_runtime::MapSource;
/// let source = MapSource::new()
///     .app("my-app", "test")
///     .resource("MyBucket", r#"{"name":"test-bucket","type":"sst.aws.Bucket"}"#);
/// ```
#[derive(Clone, Default)]
pub struct MapSource {
    vars: HashMap<String, String>,
}

impl MapSource {
    /// An empty environment.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets variable `name`.
    pub fn var(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.vars.insert(name.into(), value.into());
        self
    }

    /// Sets `SST_RESOURCE_App` to `{"name":...,"stage":...}`, as SST does.
    pub fn app(self, name: &str, stage: &str) -> Self {
        let json = serde_json::json!({ "name": name, "stage": stage }).to_string();
        self.var("SST_RESOURCE_App", json)
    }

    /// Sets `SST_RESOURCE_<name>` to `json` (a JSON text, or anything whose
    /// `Display` is JSON, such as `serde_json::json!({...})`).
    pub fn resource(self, name: &str, json: impl fmt::Display) -> Self {
        self.var(format!("SST_RESOURCE_{name}"), json.to_string())
    }
}

impl fmt::Debug for MapSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut names: Vec<&String> = self.vars.keys().collect();
        names.sort();
        f.debug_struct("MapSource").field("vars", &names).finish()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for MapSource {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        MapSource {
            vars: iter
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }
}

impl Source for MapSource {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        self.vars.get(name).map(|v| Cow::Borrowed(v.as_str()))
    }
}

impl Source for HashMap<String, String> {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_str()))
    }
}

impl Source for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_str()))
    }
}

impl<S: Source + ?Sized> Source for &S {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        (**self).var(name)
    }
}
