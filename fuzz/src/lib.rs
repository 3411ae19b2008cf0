//! The fuzz targets' shared code: the bodies (`bodies.rs`, also replayed by the root
//! crate's `tests/fuzz_replay.rs`) and the loaders they drive, generated from
//! `links.toml` as an app's are.

pub mod bodies;

/// The generated `Resource` of `fuzz/links.toml`.
pub mod generated {
    sst_resources::sst_resources!("links.toml");
}
