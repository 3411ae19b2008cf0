//! Links inside a Cloudflare Worker. SST gives a Worker its plain links as text
//! bindings (`SST_RESOURCE_<Name>` JSON, without `"type"`) and each linked Cloudflare
//! resource as a binding named after it (`env.MyBucket`, with no JSON at all), as
//! `sdk/js/src/resource/cloudflare.ts` reads them. [`WorkerSource`] maps that onto a
//! [`Source`]: a resource present only as a binding reads as `{}` (its Cloudflare
//! properties are optional, so it loads), and the binding handle itself is fetched
//! from the `Env` by the generated `binding()` accessors.
//!
//! The generated `from_worker_env` declares each resource SST binds
//! ([`WorkerSource::binding`]), with the accessor that will fetch it: a missing one is
//! reported as `env.<Name>`, not as a variable, and one of another kind (a KV
//! namespace where SST binds an R2 bucket) fails the load, naming the binding, instead
//! of failing later in `binding()`.
//!
//! The mapping is plain Rust over [`WorkerBindings`] and is unit-tested without a
//! Workers runtime; feature `cloudflare` implements it for `worker::Env`.

use std::borrow::Cow;

use crate::source::{Lookup, Source};

/// What a Worker's `env` offers: text values and bindings, by name.
pub trait WorkerBindings {
    /// A text binding (a plain-text var or a secret), if there is one.
    fn text(&self, name: &str) -> Option<String>;
    /// Whether a non-text binding (R2 bucket, KV, D1, service, queue...) has this name.
    fn has_binding(&self, name: &str) -> bool;
}

/// Fetches a binding as the kind SST binds it, dropping the handle: `Err` says why it
/// is not of that kind (the `worker` crate's message, which holds no value).
pub type BindingCheck<B> = fn(&B) -> Result<(), String>;

/// A resource SST gives the Worker as a binding named after it.
struct Bound<B> {
    resource: &'static str,
    /// `None` where the `worker` crate has no accessor (a Workflow): present is enough.
    check: Option<BindingCheck<B>>,
}

/// A Worker's `env` as a [`Source`].
pub struct WorkerSource<B> {
    env: B,
    bound: Vec<Bound<B>>,
}

impl<B> std::fmt::Debug for WorkerSource<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bound: Vec<_> = self.bound.iter().map(|b| b.resource).collect();
        f.debug_struct("WorkerSource")
            .field("bound", &bound)
            .finish_non_exhaustive()
    }
}

impl<B: WorkerBindings> WorkerSource<B> {
    /// Wraps a Worker's bindings (`&worker::Env` with feature `cloudflare`).
    pub fn new(bindings: B) -> Self {
        WorkerSource {
            env: bindings,
            bound: Vec::new(),
        }
    }

    /// Declares that SST binds `resource` (`env.<resource>`), fetched by `check` as
    /// its kind (`None`: any binding will do).
    #[must_use]
    pub fn binding(mut self, resource: &'static str, check: Option<BindingCheck<B>>) -> Self {
        self.bound.push(Bound { resource, check });
        self
    }

    fn bound(&self, var: &str) -> Option<&Bound<B>> {
        let resource = var.strip_prefix("SST_RESOURCE_")?;
        self.bound.iter().find(|b| b.resource == resource)
    }
}

impl<B: WorkerBindings> Source for WorkerSource<B> {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        match self.lookup(name) {
            Lookup::Set(value) => Some(value),
            Lookup::Unset | Lookup::NotUnicode | Lookup::Unusable(_) => None,
        }
    }

    fn lookup(&self, name: &str) -> Lookup<'_> {
        if let Some(text) = self.env.text(name) {
            return Lookup::Set(Cow::Owned(text));
        }
        // A linked Cloudflare resource is a binding with no JSON of its own.
        let Some(resource) = name.strip_prefix("SST_RESOURCE_") else {
            return Lookup::Unset;
        };
        let present = self.env.has_binding(resource);
        match self.bound(name) {
            Some(Bound {
                check: Some(check), ..
            }) if present || self.env.text(resource).is_some() => match check(&self.env) {
                Ok(()) => Lookup::Set(Cow::Borrowed("{}")),
                Err(why) => Lookup::Unusable(format!(
                    "the binding env.{resource} is not of the kind SST binds it as: {why}"
                )),
            },
            _ if present => Lookup::Set(Cow::Borrowed("{}")),
            _ => Lookup::Unset,
        }
    }

    fn location(&self, var: &str) -> String {
        match self.bound(var) {
            Some(b) => format!("env.{}", b.resource),
            None => var.to_owned(),
        }
    }
}

/// Checks that `env.<name>` is a KV namespace. `worker`'s `Env::kv` (0.8) reads the
/// binding's methods without checking its class, so an R2 bucket would pass it; the
/// other accessors check the class themselves.
///
/// # Errors
/// The class found instead, in the words of the other accessors.
#[cfg(feature = "cloudflare")]
pub fn check_kv(env: &worker::Env, name: &str) -> Result<(), String> {
    let value = worker::js_sys::Reflect::get(env, &worker::wasm_bindgen::JsValue::from_str(name))
        .map_err(|_| format!("Env does not contain binding `{name}`"))?;
    if value.is_undefined() || value.is_null() {
        return Err(format!("Binding `{name}` is undefined."));
    }
    let class = String::from(worker::js_sys::Object::from(value).constructor().name());
    match class.as_str() {
        "KvNamespace" => Ok(()),
        _ => Err(format!(
            "Binding cannot be cast to the type KvNamespace from {class}"
        )),
    }
}

#[cfg(feature = "cloudflare")]
impl WorkerBindings for &worker::Env {
    fn text(&self, name: &str) -> Option<String> {
        self.var(name)
            .map(|v| v.to_string())
            .or_else(|_| self.secret(name).map(|s| s.to_string()))
            .ok()
    }

    fn has_binding(&self, name: &str) -> bool {
        worker::js_sys::Reflect::get(self, &worker::wasm_bindgen::JsValue::from_str(name))
            .is_ok_and(|v| !v.is_undefined() && !v.is_null() && !v.is_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    struct FakeEnv {
        text: HashMap<&'static str, &'static str>,
        bindings: &'static [&'static str],
    }

    impl WorkerBindings for FakeEnv {
        fn text(&self, name: &str) -> Option<String> {
            self.text.get(name).map(|s| (*s).to_owned())
        }

        fn has_binding(&self, name: &str) -> bool {
            self.bindings.contains(&name)
        }
    }

    #[test]
    fn text_bindings_pass_through_and_bindings_read_as_empty_objects() {
        let source = WorkerSource::new(FakeEnv {
            text: HashMap::from([("SST_RESOURCE_Api", r#"{"url":"https://x"}"#)]),
            bindings: &["MyBucket"],
        });
        assert_eq!(
            source.var("SST_RESOURCE_Api").as_deref(),
            Some(r#"{"url":"https://x"}"#)
        );
        assert_eq!(source.var("SST_RESOURCE_MyBucket").as_deref(), Some("{}"));
        assert_eq!(source.var("SST_RESOURCE_Other"), None);
        assert_eq!(
            source.var("MyBucket"),
            None,
            "only SST_RESOURCE_ names map to bindings"
        );
    }

    #[test]
    fn declared_bindings_are_named_as_bindings_and_checked_for_their_kind() {
        fn r2(env: &FakeEnv) -> Result<(), String> {
            match env.bindings.contains(&"Uploads") {
                true => Err("Binding cannot be cast to the type R2Bucket from KvNamespace".into()),
                false => Ok(()),
            }
        }
        let env = FakeEnv {
            text: HashMap::new(),
            bindings: &["Uploads", "Signup"],
        };
        let source = WorkerSource::new(env)
            .binding("Uploads", Some(r2))
            .binding("Signup", None)
            .binding("Db", Some(|_: &FakeEnv| Ok(())));
        match source.lookup("SST_RESOURCE_Uploads") {
            Lookup::Unusable(why) => assert_eq!(
                why,
                "the binding env.Uploads is not of the kind SST binds it as: Binding cannot be cast to the type R2Bucket from KvNamespace"
            ),
            other => panic!("{other:?}"),
        }
        assert_eq!(source.var("SST_RESOURCE_Signup").as_deref(), Some("{}"));
        assert_eq!(source.lookup("SST_RESOURCE_Db"), Lookup::Unset);
        assert_eq!(source.location("SST_RESOURCE_Db"), "env.Db");
        assert_eq!(source.location("SST_RESOURCE_Api"), "SST_RESOURCE_Api");
    }
}
