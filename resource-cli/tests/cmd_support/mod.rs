//! Running the built command in a directory of a test's own: shared by the tests of
//! `types --out` (`types_out.rs`), `schema` (`schema_cmd.rs`) and `policy --binary`
//! (`policy_binary.rs`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The binary with `args`, run in `dir`, never reading this machine's SST home.
pub fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sst-resources"))
        .args(args)
        .env(
            "SST_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-sst-home"),
        )
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
