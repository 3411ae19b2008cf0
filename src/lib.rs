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
//! See the README for the manifest format and the generated API.

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
/// - In a cargo workspace (README, "Workspaces and shared crates"):
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
/// try_get}`. Editing the manifest makes cargo rebuild the crate.
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

/// Loading inside a Cloudflare Worker; see [`cloudflare::WorkerSource`].
pub use resource_runtime::cloudflare;

#[doc(hidden)]
pub mod __private {
    pub use resource_macros::sst_resources_impl;
    pub use resource_runtime::__private::*;
    #[cfg(feature = "bundle")]
    pub use resource_runtime::bundle;
    pub use resource_runtime::cloudflare::WorkerSource;
    pub use resource_runtime::{App, EnvSource, LoadError, Secret, Source};
}
