//! SST's own CLI, the Go binary `sst` from the npm package `sst-<os>-<arch>`, at the
//! version `tests/cross-check/package.json` pins for the JS SDK (the one place the SST
//! version is pinned). Shared by the tests that check against it, each including this
//! file with `#[path = "../../tests/support/sst_cli.rs"] mod sst_cli;`:
//! `resource-cli/tests/sst_cli.rs` (the secret store) and
//! `resource-manifest/tests/conformance.rs` (the catalogue against SST's platform
//! sources, which the binary embeds).
//!
//! The binary is installed on first use into `$CARGO_TARGET_TMPDIR/sst-cli-<version>`
//! with `npm install`. Without Node or npm, or if the install fails, [`sst_bin`] says so
//! loudly and returns `None` (the test then passes), except under `CI=true`, where it
//! fails.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Says loudly that `check` is skipped and why; fails instead under `CI=true`.
pub fn skip<T>(check: &str, why: &str) -> Option<T> {
    let message = format!("\n!!!!!!!! {check} SKIPPED: {why} !!!!!!!!\n");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI must run the {check}:{message}"
    );
    // Straight to stderr: `eprintln!` is captured, and a passing test's output hidden.
    use std::io::Write as _;
    let _ = std::io::stderr().write_all(message.as_bytes());
    None
}

/// The `sst` version `tests/cross-check` pins for the JS SDK.
pub fn sst_version() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/cross-check/package.json");
    let text = std::fs::read_to_string(&path).expect("tests/cross-check/package.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("package.json is JSON");
    json["dependencies"]["sst"]
        .as_str()
        .expect("tests/cross-check pins sst")
        .to_owned()
}

/// SST's CLI, installed, or `None` (after a loud message naming `check`) when this
/// machine cannot.
pub fn sst_bin(check: &str) -> Option<&'static Path> {
    static BIN: OnceLock<Option<PathBuf>> = OnceLock::new();
    BIN.get_or_init(|| {
        let package = match (std::env::consts::OS, std::env::consts::ARCH) {
            ("linux", "x86_64") => "sst-linux-x64",
            ("linux", "aarch64") => "sst-linux-arm64",
            ("macos", "x86_64") => "sst-darwin-x64",
            ("macos", "aarch64") => "sst-darwin-arm64",
            (os, arch) => return skip(check, &format!("no SST CLI package for {os}/{arch}")),
        };
        for tool in ["node", "npm"] {
            if Command::new(tool).arg("--version").output().is_err() {
                return skip(
                    check,
                    &format!("`{tool}` is not on PATH; install Node 20 to run it"),
                );
            }
        }
        let version = sst_version();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sst-cli-{version}"));
        let bin = dir.join("node_modules").join(package).join("bin/sst");
        if !bin.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("package.json"),
                format!(
                    "{{\"private\": true, \"dependencies\": {{\"{package}\": \"{version}\"}}}}\n"
                ),
            )
            .unwrap();
            let out = Command::new("npm")
                .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir)
                .output()
                .expect("npm runs");
            if !out.status.success() || !bin.exists() {
                return skip(
                    check,
                    &format!(
                        "`npm install {package}@{version}` failed: {}",
                        String::from_utf8_lossy(&out.stderr).trim()
                    ),
                );
            }
        }
        Some(bin)
    })
    .as_deref()
}
