//! Generated code compiles in any user's crate: tests/hygiene/ holds crates of
//! editions 2018, 2021 and 2024 that depend on the facade renamed (`links = {
//! package = "sst-resources" }`) and on a workspace crate named `core`, and call every
//! shape of the macro (whole app, one function, a workspace's types and a function of
//! them) in scopes that define `Option`, `Result`, `String`, `Vec`, `Box`, `Default`,
//! `Debug`, `Clone`, `Some`, `Ok`, `Err`, `drop` and a module `serde`, beside a module
//! `resource` of their own.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn every_hazard_of_a_users_crate_compiles() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("tests/hygiene");
    // Same versions as the workspace: no resolution, no network.
    std::fs::copy(root.join("Cargo.lock"), fixture.join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["check", "--workspace", "--quiet", "--offline"])
        .current_dir(&fixture)
        .env("CARGO_TARGET_DIR", root.join("target/hygiene"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_file(fixture.join("Cargo.lock"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
