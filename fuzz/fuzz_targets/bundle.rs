#![no_main]
//! Fuzz target `bundle`: see `sst_resources_fuzz::bodies::bundle`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::bundle(data));
