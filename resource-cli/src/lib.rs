//! The library half of the `sst-resources` command: the pieces of its input formats
//! that tests and the fuzz targets (`fuzz/`) reach without running the binary. The
//! commands themselves live in the binary (`main.rs`, one module per command in `cmd/`).

pub mod dotenv;
