#![no_main]
//! Fuzz target `links_toml`: see `sst_resources_fuzz::bodies::links_toml`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::links_toml(data));
