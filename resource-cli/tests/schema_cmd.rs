//! `sst-resources schema`: the schema printed is the repository's `links.schema.json`;
//! `--write` puts it where Taplo finds it (the schema beside links.toml, a
//! `.taplo.toml` rule), never overwrites a `.taplo.toml` of the user's, and Taplo
//! itself then marks a mistake in links.toml; `check` warns of a schema an older
//! sst-resources wrote.

use std::path::{Path, PathBuf};
use std::process::Command;

mod cmd_support;
mod tools;
use cmd_support::{repo, run_in, text};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("schema-cmd")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const GOOD: &str = "[resources.Uploads]\ntype = \"sst.aws.Bucket\"\n";
const BAD: &str = "[resources.Uploads]\ntype = \"sst.aws.Buckt\"\n";

#[test]
fn printed_schema_is_the_committed_one() {
    let out = run_in(&repo(), &["schema"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let committed = std::fs::read_to_string(repo().join("links.schema.json")).unwrap();
    assert_eq!(text(&out.stdout), committed);
}

#[test]
fn write_puts_the_schema_where_taplo_finds_it() {
    let dir = scratch("write");
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/links.toml"), GOOD).unwrap();
    let out = run_in(&dir, &["schema", "--write", "--manifest", "app/links.toml"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "wrote app/links.schema.json\nwrote app/.taplo.toml\n"
    );
    let schema = std::fs::read_to_string(dir.join("app/links.schema.json")).unwrap();
    assert_eq!(schema, text(&run_in(&dir, &["schema"]).stdout));
    let config = std::fs::read_to_string(dir.join("app/.taplo.toml")).unwrap();
    assert!(
        config.ends_with("[[rule]]\ninclude = [\"**/links.toml\"]\n\n[rule.schema]\npath = \"./links.schema.json\"\n"),
        "{config}"
    );
    // Again: nothing changes.
    let again = run_in(&dir.join("app"), &["schema", "--write"]);
    assert!(again.status.success());
    assert_eq!(
        text(&again.stderr),
        "links.schema.json is current\n.taplo.toml already points links.toml at links.schema.json\n"
    );
    // Taplo, run where the editor would open the folder, marks the mistake.
    if let Some(taplo_bin) = taplo() {
        std::fs::write(dir.join("app/links.toml"), BAD).unwrap();
        let lint = Command::new(&taplo_bin)
            .args(["lint", "--colors", "never", "links.toml"])
            .current_dir(dir.join("app"))
            .output()
            .expect("taplo runs");
        let said = text(&lint.stdout) + &text(&lint.stderr);
        assert!(!lint.status.success(), "{said}");
        assert!(said.contains("schema validation failed"), "{said}");
        std::fs::write(dir.join("app/links.toml"), GOOD).unwrap();
        let lint = Command::new(&taplo_bin)
            .args(["lint", "--colors", "never", "links.toml"])
            .current_dir(dir.join("app"))
            .output()
            .expect("taplo runs");
        assert!(lint.status.success(), "{}", text(&lint.stderr));
    }
}

#[test]
fn a_taplo_toml_of_the_user_s_is_left_alone() {
    let dir = scratch("own-taplo");
    std::fs::write(dir.join("links.toml"), GOOD).unwrap();
    let own = "[formatting]\nalign_entries = true\n";
    std::fs::write(dir.join(".taplo.toml"), own).unwrap();
    let out = run_in(&dir, &["schema", "--write"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.join(".taplo.toml")).unwrap(),
        own
    );
    assert_eq!(
        text(&out.stderr),
        "wrote links.schema.json\nnote: .taplo.toml is yours, so it is left as it is; add this rule to it (or make `#:schema ./links.schema.json` the first line of links.toml):\n\n[[rule]]\ninclude = [\"**/links.toml\"]\n\n[rule.schema]\npath = \"./links.schema.json\"\n\n"
    );
}

#[test]
fn check_warns_of_a_schema_an_older_version_wrote() {
    let dir = scratch("stale");
    std::fs::write(dir.join("links.toml"), GOOD).unwrap();
    std::fs::write(dir.join("links.schema.json"), "{}\n").unwrap();
    let out = run_in(&dir, &["check"]);
    assert!(out.status.success(), "a warning: {}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "links.toml: 1 resource, 0 functions: ok, 1 warning\n"
    );
    assert_eq!(
        text(&out.stderr),
        "warning: links.schema.json is not the schema of this sst-resources: the editor may offer what links.toml no longer accepts, or miss what it does\nhelp: sst-resources schema --write --manifest links.toml\n\n"
    );
    assert!(run_in(&dir, &["schema", "--write"]).status.success());
    let out = run_in(&dir, &["check"]);
    assert_eq!(
        text(&out.stdout),
        "links.toml: 1 resource, 0 functions: ok\n"
    );
}

/// Taplo's CLI, as resource-manifest's schema tests install it (npm, pinned); `None`
/// (a skip, refused under CI=true) where node or npm are missing.
fn taplo() -> Option<PathBuf> {
    tools::installed("schema-validators.sh", "Taplo")?
        .lines()
        .find_map(|l| l.strip_prefix("taplo="))
        .map(PathBuf::from)
}
