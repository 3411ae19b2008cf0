#![no_main]
//! Fuzz target `sst_env_dts`: see `sst_resources_fuzz::bodies::sst_env_dts`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::sst_env_dts(data));
