//! Generated code compiles in any user's crate: tests/hygiene/ holds crates of
//! editions 2018, 2021 and 2024 that depend on the facade renamed (`links = {
//! package = "sst-resources" }`) and on a workspace crate named `core`, and call every
//! shape of the macro (whole app, one function, a workspace's types and a function of
//! them) in scopes that define `Option`, `Result`, `String`, `Vec`, `Box`, `Default`,
//! `Debug`, `Clone`, `Some`, `Ok`, `Err`, `drop` and a module `serde`, beside a module
//! `resource` of their own.

#[path = "support/fixture_crate.rs"]
mod fixture_crate;

#[test]
fn every_hazard_of_a_users_crate_compiles() {
    let out = fixture_crate::check("hygiene", "hygiene", &["--workspace"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
