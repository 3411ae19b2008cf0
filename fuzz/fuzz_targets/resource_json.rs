#![no_main]
//! Fuzz target `resource_json`: see `sst_resources_fuzz::bodies::resource_json`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::resource_json(data));
