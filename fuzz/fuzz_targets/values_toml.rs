#![no_main]
//! Fuzz target `values_toml`: see `sst_resources_fuzz::bodies::values_toml`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::values_toml(data));
