//! `cargo check` of a fixture workspace under tests/ (a user's crate with its own
//! Cargo.toml): with the repository's Cargo.lock copied in (the same versions, no
//! resolution, no network; removed afterwards), offline, in its own target directory
//! under target/, without the caller's RUSTFLAGS. Included by tests/hygiene.rs and
//! tests/feature_off.rs with `#[path = "support/fixture_crate.rs"] mod fixture_crate;`.

use std::path::PathBuf;
use std::process::{Command, Output};

/// `cargo check --quiet --offline <args>` in `tests/<fixture>`, into `target/<target>`.
pub fn check(fixture: &str, target: &str, args: &[&str]) -> Output {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests").join(fixture);
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--offline"])
        .args(args)
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", root.join("target").join(target))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_file(dir.join("Cargo.lock"));
    out
}
