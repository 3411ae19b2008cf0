//! # sst-resources
//!
//! SST's resource linking for Rust, typed and checked at compile time.
//!
//! Declare the resources an app links in `links.toml`, then:
//!
//! ```
//! sst_resources::sst_resources!("examples/demo/links.toml");          // every resource
//! mod upload {
//!     // Only Upload's links: touching any other resource does not compile.
//!     sst_resources::sst_resources!("examples/demo/links.toml", function = "Upload");
//! }
//!
//! fn handler(r: &upload::Resource) -> String {
//!     format!("s3://{}/ (timeout {}s)", r.my_bucket.name, r.api_config.timeout)
//! }
//!
//! // In production: `upload::Resource::get()` (the environment, loaded once).
//! // In a test, links come from memory, every problem reported at once:
//! let links = sst_resources::MapSource::new()
//!     .app("my-app", "test")
//!     .resource("MyBucket", r#"{"name":"b"}"#)
//!     .resource("ApiConfig", r#"{"endpoint":"e","version":"1","timeout":5,"regions":[],
//!                               "redis":{"host":"h","port":1,"tls":false}}"#);
//! let r = upload::Resource::from_source(&links)?;
//! assert_eq!(handler(&r), "s3://b/ (timeout 5s)");
//! # Ok::<(), sst_resources::LoadError>(())
//! ```
//!
//! The manual is [`guide`]: the manifest, the generated API, editors, workspaces, where
//! values come from (Lambda's bundle, a Worker's bindings), the command, secrets, and
//! SST's record of a deployed stage.

#![warn(missing_docs)]

#[cfg(feature = "bundle")]
pub use resource_runtime::bundle;
pub use resource_runtime::{
    App, EnvSource, Linked, LoadError, Lookup, MapSource, Origin, Problem, Secret, Source,
};

/// Generates a typed `Resource` struct from a manifest (`links.toml`), relative to the
/// calling crate's `Cargo.toml` directory.
///
/// - `sst_resources!("links.toml")`: every resource the manifest declares.
/// - `sst_resources!("links.toml", function = "Upload")`: only the resources
///   `[functions.Upload]` links; touching any other does not compile.
/// - In a cargo workspace ([`guide::workspaces`]):
///   `sst_resources!("links.toml", types)` in one crate generates only `pub mod
///   resource`, every resource's type once; `sst_resources!("links.toml", function =
///   "Upload", types = <that crate>)` in Upload's binary builds its `Resource` from
///   those types and implements [`Linked`]`<R>` for exactly Upload's links, so shared
///   code bounded by `Linked<R>` does not compile when called from a function that
///   lacks `R`. Where `[functions.Upload] handler` names the binary SST builds (SST's
///   `handler`), a binary that is another function's handler cannot load Upload's
///   links.
///
/// It expands to `pub struct Resource` (a field per resource, plus `app`), `pub mod
/// resource` (a struct per resource), and `Resource::{load, from_source, get,
/// try_get}`. Editing the manifest makes cargo rebuild the crate; [`guide::editors`]
/// says how to make rust-analyzer follow it too.
#[macro_export]
macro_rules! sst_resources {
    ($($args:tt)*) => {
        $crate::__private::sst_resources_impl! { $crate; $($args)* }
    };
}

/// Expands to its input when the `cloudflare` feature is on: generated code wraps its
/// Worker-only items in it, so they follow this crate's features, not the caller's.
#[cfg(feature = "cloudflare")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_cloudflare {
    ($($items:tt)*) => { $($items)* };
}

/// Expands to nothing: the `cloudflare` feature is off.
#[cfg(not(feature = "cloudflare"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_cloudflare {
    ($($items:tt)*) => {};
}

/// A linked resource's typed handle, generated for a resource of a type that has one
/// (through `__aws_<service>!`, which expands to this only when its feature is on):
/// the inherent `<service>(&client)` method, the resource's [`aws::Link`] id, and its
/// grant as a trait of its own (`on_unimplemented` names the function, resource,
/// actions and line of links.toml) implemented for each operation the grant allows.
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_handle {
    (
        $service:ident $Handle:ident, $ty:ident, $field:ident, $id:literal, $grant:ident,
        $doc:literal, $message:literal, $label:literal, $note:literal, [$($op:ident)*]
    ) => {
        impl $ty {
            #[doc = $doc]
            #[inline]
            pub fn $service<'a>(
                &'a self,
                client: &'a $crate::__private::aws::$service::Client,
            ) -> $crate::__private::aws::$service::$Handle<'a, Self> {
                $crate::__private::aws::$service::$Handle::new(client, &self.$field)
            }
        }
        impl $crate::__private::aws::Link for $ty {
            const ID: u64 = $id;
        }
        #[doc(hidden)]
        #[diagnostic::on_unimplemented(message = $message, label = $label, note = $note)]
        pub trait $grant {}
        $(impl $grant for $crate::__private::aws::$service::op::$op {})*
        impl<O: $grant> $crate::__private::aws::Allows<O> for $ty {}
    };
}

/// A linked resource's handle method when its service's feature is off (through
/// `__aws_<service>!`): bound by a trait nothing implements, whose `on_unimplemented`
/// names the feature to turn on; it hands the client back, so the SDK call after it
/// type-checks and the feature is the one error. Generic and never instantiated.
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_handle_off {
    ($service:ident $Feature:ident, $ty:ident, $($args:tt)*) => {
        impl $ty {
            #[doc(hidden)]
            #[inline]
            pub fn $service<'c, C: $crate::__private::aws::feature_off::$Feature>(
                &self,
                client: &'c C,
            ) -> &'c C {
                client
            }
        }
    };
}

/// `s3(&client)` on a linked resource: present when the `aws-s3` feature is on.
#[cfg(feature = "aws-s3")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_s3 {
    ($($args:tt)*) => { $crate::__aws_handle! { s3 Bucket, $($args)* } };
}

/// The `aws-s3` feature is off: `s3(&client)` is a method whose call fails to
/// compile, naming the feature to turn on.
#[cfg(not(feature = "aws-s3"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_s3 {
    ($($args:tt)*) => { $crate::__aws_handle_off! { s3 AwsS3, $($args)* } };
}

/// `dynamodb(&client)` on a linked resource: present when the `aws-dynamodb` feature is on.
#[cfg(feature = "aws-dynamodb")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_dynamodb {
    ($($args:tt)*) => { $crate::__aws_handle! { dynamodb Table, $($args)* } };
}

/// The `aws-dynamodb` feature is off: `dynamodb(&client)` is a method whose call fails to
/// compile, naming the feature to turn on.
#[cfg(not(feature = "aws-dynamodb"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_dynamodb {
    ($($args:tt)*) => { $crate::__aws_handle_off! { dynamodb AwsDynamodb, $($args)* } };
}

/// `sqs(&client)` on a linked resource: present when the `aws-sqs` feature is on.
#[cfg(feature = "aws-sqs")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_sqs {
    ($($args:tt)*) => { $crate::__aws_handle! { sqs Queue, $($args)* } };
}

/// The `aws-sqs` feature is off: `sqs(&client)` is a method whose call fails to
/// compile, naming the feature to turn on.
#[cfg(not(feature = "aws-sqs"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_sqs {
    ($($args:tt)*) => { $crate::__aws_handle_off! { sqs AwsSqs, $($args)* } };
}

/// `sns(&client)` on a linked resource: present when the `aws-sns` feature is on.
#[cfg(feature = "aws-sns")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_sns {
    ($($args:tt)*) => { $crate::__aws_handle! { sns Topic, $($args)* } };
}

/// The `aws-sns` feature is off: `sns(&client)` is a method whose call fails to
/// compile, naming the feature to turn on.
#[cfg(not(feature = "aws-sns"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_sns {
    ($($args:tt)*) => { $crate::__aws_handle_off! { sns AwsSns, $($args)* } };
}

/// `eventbridge(&client)` on a linked resource: present when the `aws-eventbridge` feature is on.
#[cfg(feature = "aws-eventbridge")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_eventbridge {
    ($($args:tt)*) => { $crate::__aws_handle! { eventbridge Bus, $($args)* } };
}

/// The `aws-eventbridge` feature is off: `eventbridge(&client)` is a method whose call fails to
/// compile, naming the feature to turn on.
#[cfg(not(feature = "aws-eventbridge"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_eventbridge {
    ($($args:tt)*) => { $crate::__aws_handle_off! { eventbridge AwsEventbridge, $($args)* } };
}

/// `lambda(&client)` on a linked resource: present when the `aws-lambda` feature is on.
#[cfg(feature = "aws-lambda")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_lambda {
    ($($args:tt)*) => { $crate::__aws_handle! { lambda Function, $($args)* } };
}

/// The `aws-lambda` feature is off: `lambda(&client)` is a method whose call fails to
/// compile, naming the feature to turn on.
#[cfg(not(feature = "aws-lambda"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_lambda {
    ($($args:tt)*) => { $crate::__aws_handle_off! { lambda AwsLambda, $($args)* } };
}

/// In a function's `Resource::from_source`: records which function's links this binary
/// loads (`aws::record_function`), when any `aws-*` feature is on.
#[cfg(any(
    feature = "aws-s3",
    feature = "aws-dynamodb",
    feature = "aws-sqs",
    feature = "aws-sns",
    feature = "aws-eventbridge",
    feature = "aws-lambda"
))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_function {
    ($id:literal) => {
        $crate::__private::aws::record_function::<$id>();
    };
}

/// Expands to nothing: no `aws-*` feature is on.
#[cfg(not(any(
    feature = "aws-s3",
    feature = "aws-dynamodb",
    feature = "aws-sqs",
    feature = "aws-sns",
    feature = "aws-eventbridge",
    feature = "aws-lambda"
)))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aws_function {
    ($id:literal) => {};
}

/// Typed handles on linked AWS resources: see [`guide::least_privilege`].
pub use resource_runtime::aws;

/// Loading inside a Cloudflare Worker; see [`cloudflare::WorkerSource`].
pub use resource_runtime::cloudflare;

#[doc(hidden)]
pub mod __private {
    pub use resource_macros::sst_resources_impl;
    pub use resource_runtime::__private::*;
    #[cfg(feature = "bundle")]
    pub use resource_runtime::bundle;
    pub use resource_runtime::cloudflare::WorkerSource;
    // `EnvSource` and `UnicodeEnvSource` come from the runtime's `__private`: there
    // `EnvSource` is the ASCII-case one generated `load()` reads for an ASCII manifest.
    pub use resource_runtime::{App, LoadError, Secret, Source};
}

/// The manual, a chapter per module (only documentation: the modules hold no items).
///
/// Read in this order, or jump to what you need:
///
/// 1. [Getting started](guide::getting_started): why, and a first function.
/// 2. [The manifest](guide::manifest): `links.toml`, its property types and names.
/// 3. [Includes](guide::includes): a Linkable's permissions, environment and bindings.
/// 4. [The generated API](guide::generated_api): `Resource`, `mod resource`, loading.
/// 5. [Editors](guide::editors): completion that follows `links.toml`; the macro or a
///    generated module; the manifest's schema.
/// 6. [Workspaces](guide::workspaces): shared crates, and each function held to its
///    links.
/// 7. [Least privilege from your code](guide::least_privilege): typed AWS handles,
///    each function's policy derived from its binary, narrowed grants checked.
/// 8. [Testing a handler](guide::testing): links built in memory, or by hand.
/// 9. [Where values come from](guide::wire_format): SST's wire format.
/// 10. [Existing SST apps](guide::sst_env): reading `sst-env.d.ts`.
/// 11. [On AWS Lambda](guide::lambda): SST's encrypted bundle.
/// 12. [In a Cloudflare Worker](guide::cloudflare): bindings, run in workerd.
/// 13. [The command](guide::command): `sst-resources`.
/// 14. [Secrets](guide::secrets): SST's store, and never in a browser.
/// 15. [SST's record](guide::deployed): `--deployed`, one source of truth.
/// 16. [Messages](guide::messages): what you see when something is wrong.
/// 17. [Hops](guide::hops): links survive shells, Windows and Lambda's 4 KB.
/// 18. [Examples](guide::examples): a Lambda handler and a container service.
/// 19. [This repository](guide::repository): the demo, the tests, the benchmarks, the
///     layout.
///
/// The chapters are the markdown files of `docs/guide/` in the repository. Their Rust
/// examples are doctests of this crate (`cargo test --doc -p sst-resources`), compiled
/// from the repository's root: there `"links.toml"` is [the manifest
/// chapter](guide::manifest)'s example, and any other path is a file of the
/// repository. In your crate, the path is relative to your `Cargo.toml`'s directory.
// Compiled only for rustdoc, which documents it (`doc`) and runs its examples
// (`doctest`); a build never reads the markdown.
#[cfg(any(doc, doctest))]
pub mod guide {
    #[doc = include_str!("../docs/guide/getting_started.md")]
    pub mod getting_started {}
    #[doc = include_str!("../docs/guide/manifest.md")]
    pub mod manifest {}
    #[doc = include_str!("../docs/guide/includes.md")]
    pub mod includes {}
    #[doc = include_str!("../docs/guide/generated_api.md")]
    pub mod generated_api {}
    #[doc = include_str!("../docs/guide/editors.md")]
    pub mod editors {}
    #[doc = include_str!("../docs/guide/workspaces.md")]
    pub mod workspaces {}
    #[doc = include_str!("../docs/guide/least_privilege.md")]
    pub mod least_privilege {}
    #[doc = include_str!("../docs/guide/testing.md")]
    pub mod testing {}
    #[doc = include_str!("../docs/guide/wire_format.md")]
    pub mod wire_format {}
    #[doc = include_str!("../docs/guide/sst_env.md")]
    pub mod sst_env {}
    #[doc = include_str!("../docs/guide/lambda.md")]
    pub mod lambda {}
    #[doc = include_str!("../docs/guide/cloudflare.md")]
    pub mod cloudflare {}
    #[doc = include_str!("../docs/guide/command.md")]
    pub mod command {}
    #[doc = include_str!("../docs/guide/secrets.md")]
    pub mod secrets {}
    #[doc = include_str!("../docs/guide/deployed.md")]
    pub mod deployed {}
    #[doc = include_str!("../docs/guide/messages.md")]
    pub mod messages {}
    #[doc = include_str!("../docs/guide/hops.md")]
    pub mod hops {}
    #[doc = include_str!("../docs/guide/examples.md")]
    pub mod examples {}
    #[doc = include_str!("../docs/guide/repository.md")]
    pub mod repository {}
}
