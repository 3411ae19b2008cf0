#![no_main]
//! Fuzz target `dotenv`: see `sst_resources_fuzz::bodies::dotenv`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::dotenv(data));
