//! Where linked values come from: the [`Source`] trait (an environment-like lookup),
//! the process environment, and an in-memory map for tests. Owns lookup only; merging
//! and decoding are `load`'s job.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// An environment to read SST's link variables from (`SST_RESOURCE_<Name>`,
/// `SST_RESOURCES_JSON`, `SST_KEY`, `SST_KEY_FILE`).
///
/// Only [`var`](Source::var) is required. The loader calls [`lookup`](Source::lookup)
/// (to tell a value that is not UTF-8 from an unset variable) and, when a resource's
/// variable is unset, [`names_ignoring_case`](Source::names_ignoring_case).
pub trait Source {
    /// The value of variable `name`, if set.
    fn var(&self, name: &str) -> Option<Cow<'_, str>>;

    /// The value of variable `name`: set, unset, or set to bytes that are not UTF-8
    /// (which SST never writes: its values are JSON). The default reads
    /// [`var`](Source::var), whose values are always text.
    fn lookup(&self, name: &str) -> Lookup<'_> {
        match self.var(name) {
            Some(value) => Lookup::Set(value),
            None => Lookup::Unset,
        }
    }

    /// The names of the variables that are set and equal `name` ignoring case
    /// (Unicode upper case), `name` itself included if set. Windows upper-cases
    /// variable names on some paths (SST #6825); since SST names are unique ignoring
    /// case, one match is the resource's own variable. The default finds none: a
    /// source that cannot list its names (a Worker's `env`) does not guess.
    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        let _ = name;
        Vec::new()
    }

    /// How an error names the place variable `var` was looked for: the variable
    /// itself by default; a Worker's `env` names the binding SST sets instead
    /// (`env.MyBucket` for `SST_RESOURCE_MyBucket`) when the resource is one.
    fn location(&self, var: &str) -> String {
        var.to_owned()
    }
}

/// A variable as a [`Source`] holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// Not set.
    Unset,
    /// Set to this text.
    Set(Cow<'a, str>),
    /// Set, to bytes that are not UTF-8. The bytes are dropped, never shown: the
    /// value may be a secret.
    NotUnicode,
    /// Set, but not usable as the resource: inside a Worker, a binding of another
    /// kind than SST gives it. The message says why and never holds a value.
    Unusable(String),
}

/// Whether `a` and `b` are equal ignoring case, as Windows compares variable names.
pub(crate) fn eq_ignoring_case(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || (!a.is_ascii() && a.to_uppercase() == b.to_uppercase())
}

fn matching_names<'k>(keys: impl Iterator<Item = &'k String>, name: &str) -> Vec<String> {
    keys.filter(|k| eq_ignoring_case(k, name))
        .cloned()
        .collect()
}

/// The process environment. [`var`](Source::var) passes a value that is not UTF-8
/// on lossily; the loader uses [`lookup`](Source::lookup), which reports it as
/// [`Lookup::NotUnicode`] (a load problem naming the variable, never its bytes).
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

    fn lookup(&self, name: &str) -> Lookup<'_> {
        match std::env::var_os(name).map(std::ffi::OsString::into_string) {
            None => Lookup::Unset,
            Some(Ok(value)) => Lookup::Set(Cow::Owned(value)),
            Some(Err(_)) => Lookup::NotUnicode,
        }
    }

    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        env_names(name, eq_ignoring_case)
    }
}

/// The names of the process's variables equal to `name` by `eq`.
fn env_names(name: &str, eq: fn(&str, &str) -> bool) -> Vec<String> {
    std::env::vars_os()
        .filter_map(|(k, _)| k.into_string().ok())
        .filter(|k| eq(k, name))
        .collect()
}

/// The process environment as generated code reads it when every name of its
/// manifest is ASCII ([`__private::EnvSource`](crate::__private::EnvSource)):
/// [`EnvSource`], but names compared ignoring ASCII case only. The same for every
/// name SST or Windows writes (Windows upper-cases an ASCII name to ASCII), without
/// the Unicode case tables in the binary (~17 KB stripped, BENCHMARKS.md section 0).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default)]
pub struct AsciiEnvSource;

impl Source for AsciiEnvSource {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        EnvSource.var(name)
    }

    fn lookup(&self, name: &str) -> Lookup<'_> {
        EnvSource.lookup(name)
    }

    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        env_names(name, str::eq_ignore_ascii_case)
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
        // Written directly (not through `json!`): each string quoted and escaped by
        // serde_json, with no `Value` built.
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let json = format!(r#"{{"name":{},"stage":{}}}"#, quote(name), quote(stage));
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

    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        matching_names(self.vars.keys(), name)
    }
}

impl Source for HashMap<String, String> {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_str()))
    }

    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        matching_names(self.keys(), name)
    }
}

impl Source for BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        self.get(name).map(|v| Cow::Borrowed(v.as_str()))
    }

    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        matching_names(self.keys(), name)
    }
}

impl<S: Source + ?Sized> Source for &S {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        (**self).var(name)
    }

    fn lookup(&self, name: &str) -> Lookup<'_> {
        (**self).lookup(name)
    }

    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        (**self).names_ignoring_case(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both environment sources find a set variable by its name in another case
    /// (this process's `PATH`, read and never written: tests share the environment).
    #[test]
    fn both_environment_sources_find_a_name_in_another_case() {
        let Some(name) = std::env::vars_os()
            .filter_map(|(k, _)| k.into_string().ok())
            .find(|k| k == "PATH")
        else {
            return;
        };
        let lower = name.to_lowercase();
        assert!(EnvSource.names_ignoring_case(&lower).contains(&name));
        assert!(AsciiEnvSource.names_ignoring_case(&lower).contains(&name));
        assert_eq!(AsciiEnvSource.lookup(&name), EnvSource.lookup(&name));
    }

    #[test]
    fn names_compare_ignoring_unicode_case_in_eq_ignoring_case() {
        assert!(eq_ignoring_case("SST_RESOURCE_CAFÉ", "SST_RESOURCE_Café"));
        assert!(!"SST_RESOURCE_CAFÉ".eq_ignore_ascii_case("SST_RESOURCE_Café"));
    }
}
