#![no_main]
//! Fuzz target `pulumi_state`: see `sst_resources_fuzz::bodies::pulumi_state`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::pulumi_state(data));
