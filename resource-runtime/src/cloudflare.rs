//! Links inside a Cloudflare Worker. SST gives a Worker its plain links as text
//! bindings (`SST_RESOURCE_<Name>` JSON, without `"type"`) and each linked Cloudflare
//! resource as a binding named after it (`env.MyBucket`, with no JSON at all), as
//! `sdk/js/src/resource/cloudflare.ts` reads them. [`WorkerSource`] maps that onto a
//! [`Source`]: a resource present only as a binding reads as `{}` (its Cloudflare
//! properties are optional, so it loads), and the binding handle itself is fetched
//! from the `Env` by the generated `binding()` accessors.
//!
//! The mapping is plain Rust over [`WorkerBindings`] and is unit-tested without a
//! Workers runtime; feature `cloudflare` implements it for `worker::Env`.

use std::borrow::Cow;

use crate::source::Source;

/// What a Worker's `env` offers: text values and bindings, by name.
pub trait WorkerBindings {
    /// A text binding (a plain-text var or a secret), if there is one.
    fn text(&self, name: &str) -> Option<String>;
    /// Whether a non-text binding (R2 bucket, KV, D1, service, queue...) has this name.
    fn has_binding(&self, name: &str) -> bool;
}

/// A Worker's `env` as a [`Source`].
#[derive(Debug, Clone)]
pub struct WorkerSource<B>(B);

impl<B: WorkerBindings> WorkerSource<B> {
    /// Wraps a Worker's bindings (`&worker::Env` with feature `cloudflare`).
    pub fn new(bindings: B) -> Self {
        WorkerSource(bindings)
    }
}

impl<B: WorkerBindings> Source for WorkerSource<B> {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        if let Some(text) = self.0.text(name) {
            return Some(Cow::Owned(text));
        }
        // A linked Cloudflare resource is a binding with no JSON of its own.
        let resource = name.strip_prefix("SST_RESOURCE_")?;
        self.0.has_binding(resource).then_some(Cow::Borrowed("{}"))
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
}
