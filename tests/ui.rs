//! Compile-fail tests: what a user sees for each mistake. trybuild builds each case
//! in `<target dir>/tests/trybuild/sst-resources/`, which is CARGO_MANIFEST_DIR there.
//! The files the cases read are copied into it under their paths in this repository
//! (`tests/ui/...`, `examples/workspace/links.toml`), so a case names its manifest as
//! the repository does, and the cases pass wherever `CARGO_TARGET_DIR` points.
//! Update the `.stderr` files with `TRYBUILD=overwrite cargo test --test ui`.

use std::path::Path;

/// Copies `from` (a file or a directory, recursively) to `to`, replacing what is there.
fn mirror(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).expect("create a directory in trybuild's project");
        for entry in std::fs::read_dir(from).expect("read a directory of tests/ui") {
            let entry = entry.expect("read a directory entry");
            mirror(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).expect("create a directory in trybuild's project");
        }
        std::fs::copy(from, to).expect("copy a file into trybuild's project");
    }
}

#[test]
fn ui() {
    // trybuild's project: `<target dir>/tests/trybuild/<crate>`, and cargo gives tests
    // `<target dir>/tmp`.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is <target dir>/tmp");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in ["tests/ui", "examples/workspace/links.toml"] {
        mirror(&repo.join(path), &project.join(path));
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
