//! Editing the manifest makes cargo rebuild the crate that calls `sst_resources!`:
//! builds a small crate, adds a resource to its links.toml, builds again (touching no
//! Rust file), and sees the new field in the generated `Resource`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(dir: &Path, target: &Path) -> String {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn editing_the_manifest_rebuilds() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("rebuild-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"rebuild-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\nsst-resources = {{ path = {:?} }}\n\n[workspace]\n",
            root.display().to_string()
        ),
    )
    .unwrap();
    // Same versions as the workspace: no resolution, no network.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    std::fs::write(
        dir.join("src/main.rs"),
        "sst_resources::sst_resources!(\"links.toml\");\nfn main() { println!(\"{:?}\", Resource::LINKED); }\n",
    )
    .unwrap();
    let manifest = dir.join("links.toml");
    std::fs::write(&manifest, "[resources.First]\ntype = \"sst.aws.Bucket\"\n").unwrap();
    // Builds share the workspace's target so dependencies are compiled once.
    let target = root.join("target");
    assert_eq!(run(&dir, &target).trim(), "[\"First\"]");

    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(
        &manifest,
        "[resources.First]\ntype = \"sst.aws.Bucket\"\n\n[resources.Second]\ntype = \"sst.aws.Dynamo\"\n",
    )
    .unwrap();
    assert_eq!(run(&dir, &target).trim(), "[\"First\", \"Second\"]");
}
