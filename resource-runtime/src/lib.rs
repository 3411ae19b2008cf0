//! The run-time half of sst-resources: reads the resources SST links to a function
//! from its environment ([`Source`]) into the types `sst_resources!` generates,
//! reporting every problem at once ([`LoadError`]), with secrets kept out of sight
//! ([`Secret`]).
//!
//! Users depend on the `sst-resources` facade, which re-exports this crate; generated
//! code reaches it only through `::sst_resources::__private`.
//!
//! Tests: the unit tests here cover what needs no generated code; loading through a
//! generated `Resource` is tested in the facade's `tests/` (`load.rs`, `bundle.rs`,
//! `variables.rs`, `cloudflare.rs`, `cross_check.rs` against SST's JS SDK,
//! `sdk_peer.rs`), since those need the macro.

#![warn(missing_docs)]

pub mod aws;
#[cfg(feature = "bundle")]
pub mod bundle;
pub mod cloudflare;
mod decode;
mod error;
mod linked;
mod load;
mod record;
mod secret;
mod source;

pub use decode::normalize_type;
pub use error::{LoadError, Origin, Problem};
pub use linked::Linked;
pub use load::App;
pub use secret::Secret;
pub use source::{EnvSource, Lookup, MapSource, Source};

/// What generated code calls. Not public API: it changes with the code generator.
#[doc(hidden)]
pub mod __private {
    pub use crate::aws;
    pub use crate::decode::{Decoder, Fields, FromJson, ResourceSpec};
    pub use crate::linked::{Linked, panic_load};
    pub use crate::load::LoadContext;
    pub use crate::record::{DynRecord, Field, Keys, Property, Record, Slot};
    pub use crate::secret::Secret;
    /// What generated `load()` reads when every name of its manifest is ASCII (the
    /// public `EnvSource` compares names ignoring Unicode case, whose tables this one
    /// leaves out of the binary); `UnicodeEnvSource` is the public one.
    pub use crate::source::AsciiEnvSource as EnvSource;
    pub use crate::source::EnvSource as UnicodeEnvSource;
    pub use serde_json::{Map, Value};
    pub use std::clone::Clone;
    pub use std::default::Default;
    pub use std::fmt::Debug;
    pub use std::option::Option::{self, Some};
    pub use std::result::Result;
    pub use std::string::String;
    pub use std::sync::OnceLock;
    pub use std::vec::Vec;
    pub use std::{compile_error, include_bytes, panic};

    #[cfg(feature = "cloudflare")]
    pub use crate::cloudflare::check_kv;
    #[cfg(feature = "cloudflare")]
    pub use worker;
}
