//! Compile-fail tests: what a user sees for each mistake. trybuild builds each case
//! in `target/tests/trybuild/sst-resources/`, which is CARGO_MANIFEST_DIR there, so
//! manifests are named `../../../../tests/ui/...` (the workspace root, four levels up).
//! Update the `.stderr` files with `TRYBUILD=overwrite cargo test --test ui`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
