#![no_main]
//! Fuzz target `resources_json`: see `sst_resources_fuzz::bodies::resources_json`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::resources_json(data));
