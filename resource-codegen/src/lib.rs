//! Code generation of sst-resources: turns a [`Manifest`] into the `Resource` struct,
//! its per-resource types, and the loading code. An ordinary library, so the
//! proc-macro stays a few lines, the CLI's `types` command prints the very same code,
//! and unit tests can snapshot it. Parses nothing and checks nothing: the manifest
//! crate did that.

#![warn(missing_docs)]

mod expand;

pub use expand::{Options, Types, expand, expand_errors, unresolved_items};
pub use resource_manifest::Manifest;
