#![no_main]
//! Fuzz target `secret_store`: see `sst_resources_fuzz::bodies::secret_store`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| sst_resources_fuzz::bodies::secret_store(data));
