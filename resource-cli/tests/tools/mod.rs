//! The outside tools some tests judge by (Taplo, parliament), installed pinned under
//! `target/` by a script of the repository: shared by `schema_cmd.rs` and `iam.rs`.

use std::path::Path;
use std::process::Command;

/// Runs `scripts/<script>`, which installs `what` and prints its `name=value` lines;
/// returns them, or `None` (a skip, refused under CI=true) when the script fails.
pub fn installed(script: &str, what: &str) -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../scripts")
        .join(script);
    let out = Command::new("bash")
        .arg(path)
        .output()
        .ok()
        .filter(|o| o.status.success());
    let Some(out) = out else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI must run {what}: scripts/{script} failed"
        );
        eprintln!("!!!!!!!! {what} check SKIPPED: scripts/{script} failed !!!!!!!!");
        return None;
    };
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}
