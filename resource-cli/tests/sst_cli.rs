//! Cross-check against SST's own CLI: the Go binary `sst` (the npm package
//! `sst-<os>-<arch>`, the same version as `tests/cross-check/package.json` pins) and
//! `sst-resources secret` share one local home, each writing what the other reads:
//! stage values, fallbacks, removals, `SST_PASSPHRASE`, awkward characters, and the
//! files (paths, format, modes) each leaves.
//!
//! The binary is installed on first run into `$CARGO_TARGET_TMPDIR/sst-cli-<version>`
//! by `tests/support/sst_cli.rs` (shared with the catalogue's conformance test). It runs
//! offline: `SST_SKIP_DEPENDENCY_CHECK` stops it downloading Pulumi and Bun,
//! `SST_TELEMETRY_DISABLED` stops telemetry, and each project gets SST's platform
//! marker (`.sst/platform/version` and a `node_modules` folder), so `sst secret` does not
//! copy the platform and `npm install` its 300 MB of provider packages, which no
//! secret command uses (`CheckPlatform`/`NeedsInstall` in `pkg/project`). `sst` still
//! evaluates `sst.config.ts` with Node. Without Node or npm, or if the install fails,
//! the test says so loudly and passes, except under `CI=true`, where it fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;

/// Every character class a value can trip on: quotes, `<>&` (which Go's JSON escapes),
/// a newline, a tab, a backslash, `$`, `=`, non-ASCII and an astral-plane emoji.
const AWKWARD: &str = "a\"b'c <d>&e\nf\tg\\h $HOME =ünï 🎉";

#[path = "../../tests/support/sst_cli.rs"]
mod support;

use support::sst_version;

/// SST's CLI, installed (shared with the catalogue's conformance test), or `None`.
fn sst_bin() -> Option<&'static Path> {
    support::sst_bin("SST CLI cross-check")
}

/// A project both tools work on: `sst.config.ts` and `links.toml` naming app `shop`
/// with secrets `A`, `B`, `C`, and one home, SST's config directory `xdg/sst`.
struct Project {
    dir: PathBuf,
    sst: PathBuf,
}

impl Project {
    fn new(name: &str) -> Option<Project> {
        let sst = sst_bin()?.to_owned();
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("sst-cli-test-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".sst/platform/node_modules")).unwrap();
        std::fs::write(dir.join(".sst/platform/version"), sst_version()).unwrap();
        std::fs::write(
            dir.join("sst.config.ts"),
            "export default $config({\n  app() {\n    return { name: \"shop\", home: \"local\" };\n  },\n  async run() {},\n});\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("links.toml"),
            "[app]\nname = \"shop\"\n\n[resources.A]\ntype = \"sst.Secret\"\n\n[resources.B]\ntype = \"sst.Secret\"\n\n[resources.C]\ntype = \"sst.Secret\"\n\n[functions.Api]\nlink = [\"A\", \"B\", \"C\"]\n",
        )
        .unwrap();
        Some(Project { dir, sst })
    }

    /// SST's config directory, the home both share.
    fn home(&self) -> PathBuf {
        self.dir.join("xdg/sst")
    }

    /// `sst <args>`, offline, in a clean environment whose every directory is ours.
    fn sst(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.sst);
        c.args(args)
            .current_dir(&self.dir)
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &self.dir)
            .env("XDG_CONFIG_HOME", self.dir.join("xdg"))
            .env("XDG_CACHE_HOME", self.dir.join("cache"))
            .env("SST_SKIP_DEPENDENCY_CHECK", "1")
            .env("SST_TELEMETRY_DISABLED", "1")
            .env("SST_NO_BUN", "1")
            // Else each run leaves a log in the system's temporary directory.
            .env("SST_LOG", self.dir.join("sst.log"))
            .stdin(Stdio::null());
        c
    }

    /// `sst-resources <args>` on the same home.
    fn ours(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sst-resources"));
        c.args(args)
            .current_dir(&self.dir)
            .env("SST_HOME", self.home())
            .env_remove("SST_PASSPHRASE")
            .env_remove("SST_RESOURCES_HOME")
            .stdin(Stdio::null());
        c
    }

    /// `sst <args>`'s output. SST 4.17's `sst secret list` fetches the stage's and the
    /// fallback's secrets in two goroutines that both write the passphrase cache
    /// (`GetPassphrase`, `pkg/project/provider/provider.go`), and now and then dies with
    /// Go's "fatal error: concurrent map writes": SST's bug, not a difference in the
    /// data. Such a run is retried (up to 5 times); any other failure is not.
    fn sst_output(&self, args: &[&str]) -> Output {
        let mut command = self.sst(args);
        without_sst_race(|| command.output().expect("sst runs"))
    }

    fn sst_ok(&self, args: &[&str]) -> String {
        ok(&self.sst_output(args), "sst", args)
    }

    fn ours_ok(&self, args: &[&str]) -> String {
        ok(
            &self.ours(args).output().expect("sst-resources runs"),
            "sst-resources",
            args,
        )
    }

    /// What ours prints for `secret get name <args>`, its trailing newline removed.
    fn get(&self, name: &str, args: &[&str]) -> String {
        let mut all = vec!["secret", "get", name];
        all.extend_from_slice(args);
        let out = self.ours_ok(&all);
        out.strip_suffix('\n')
            .expect("get ends its line")
            .to_owned()
    }

    /// The plaintext of `state/secret/shop/<stage>.json`, opened as SST's `getData`
    /// does: the passphrase file's base64 key, a 12-byte nonce, AES-256-GCM.
    fn plaintext(&self, stage: &str) -> String {
        let pass = std::fs::read_to_string(
            self.home()
                .join(format!("state/passphrase/shop/{stage}.json")),
        )
        .unwrap();
        let key = base64::engine::general_purpose::STANDARD
            .decode(pass)
            .unwrap();
        let sealed =
            std::fs::read(self.home().join(format!("state/secret/shop/{stage}.json"))).unwrap();
        let cipher = Aes256Gcm::new_from_slice(&key).unwrap();
        let nonce = *Nonce::<U12>::from_slice(&sealed[..12]);
        let plain = cipher.decrypt(&nonce, &sealed[12..]).expect("opens");
        String::from_utf8(plain).unwrap()
    }

    /// Every file under the home, with its mode, in order.
    fn files(&self) -> Vec<(String, u32)> {
        fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, u32)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let entry = entry.unwrap();
                let meta = entry.metadata().unwrap();
                if meta.is_dir() {
                    walk(root, &entry.path(), out);
                } else {
                    let rel = entry
                        .path()
                        .strip_prefix(root)
                        .unwrap()
                        .display()
                        .to_string();
                    out.push((rel, mode(&meta)));
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.home(), &self.home(), &mut out);
        out.sort();
        out
    }
}

#[cfg(unix)]
fn mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o777
}

#[cfg(not(unix))]
fn mode(_: &std::fs::Metadata) -> u32 {
    0
}

/// `run`'s output, run again (up to 5 times in all) while it is SST's own crash
/// "fatal error: concurrent map writes" (see `Project::sst_output`).
fn without_sst_race(mut run: impl FnMut() -> Output) -> Output {
    for _ in 0..4 {
        let out = run();
        if !String::from_utf8_lossy(&out.stderr).contains("concurrent map writes") {
            return out;
        }
    }
    run()
}

fn ok(out: &Output, tool: &str, args: &[&str]) -> String {
    assert!(
        out.status.success(),
        "`{tool} {}` failed:\nstdout: {}\nstderr: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}

/// `sst secret list` output: `# fallback` then `# shop/<stage>`, each followed by
/// `NAME=value` lines in Go's random map order. Asserts that `section` lists exactly
/// `expected`; values may hold newlines, so each is found whole, not line by line.
fn assert_listed(listing: &str, section: &str, expected: &[(&str, &str)]) {
    let header = format!("# {section}\n");
    let start = listing
        .find(&header)
        .unwrap_or_else(|| panic!("no `{header}` in:\n{listing}"))
        + header.len();
    let body = &listing[start..];
    let body = &body[..body.find("\n# ").map_or(body.len(), |i| i + 1)];
    let mut rest = body.trim_end_matches('\n').to_owned() + "\n";
    for (name, value) in expected {
        let line = format!("{name}={value}\n");
        let at = rest
            .find(&line)
            .unwrap_or_else(|| panic!("no {line:?} under `{section}` in:\n{listing}"));
        rest.replace_range(at..at + line.len(), "");
    }
    assert_eq!(
        rest.trim(),
        "",
        "extra lines under `{section}` in:\n{listing}"
    );
}

#[test]
fn sst_sets_and_ours_reads() {
    let Some(p) = Project::new("sst-to-ours") else {
        return;
    };
    p.sst_ok(&["secret", "set", "A", "sk_test_from_sst", "--stage", "dev"]);
    assert_eq!(p.get("A", &["--stage", "dev"]), "sk_test_from_sst");
    assert_eq!(
        p.ours_ok(&["secret", "list", "--stage", "dev"]),
        "A\tset\nB\tnot set\nC\tnot set\n"
    );
    // SST's own file: Go's json.Marshal, keys sorted.
    assert_eq!(p.plaintext("dev"), r#"{"A":"sk_test_from_sst"}"#);
    // Another stage sees nothing.
    let out = p
        .ours(&["secret", "get", "A", "--stage", "prod"])
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn ours_sets_and_sst_reads() {
    let Some(p) = Project::new("ours-to-sst") else {
        return;
    };
    p.ours_ok(&["secret", "set", "B", "w_from_ours", "--stage", "dev"]);
    assert_listed(
        &p.sst_ok(&["secret", "list", "--stage", "dev"]),
        "shop/dev",
        &[("B", "w_from_ours")],
    );
    // Interleaved writers on one file: each keeps what the other wrote.
    p.sst_ok(&["secret", "set", "A", "a_sst", "--stage", "dev"]);
    p.ours_ok(&["secret", "set", "C", "c_ours", "--stage", "dev"]);
    p.sst_ok(&["secret", "set", "B", "b_sst", "--stage", "dev"]);
    assert_listed(
        &p.sst_ok(&["secret", "list", "--stage", "dev"]),
        "shop/dev",
        &[("A", "a_sst"), ("B", "b_sst"), ("C", "c_ours")],
    );
    assert_eq!(
        p.ours_ok(&["secret", "list", "--stage", "dev", "--values"]),
        "A=a_sst\nB=b_sst\nC=c_ours\n"
    );
}

#[test]
fn fallbacks_both_ways() {
    let Some(p) = Project::new("fallback") else {
        return;
    };
    // SST needs a stage even with --fallback; the fallback ignores it.
    p.sst_ok(&[
        "secret",
        "set",
        "A",
        "a_fallback_sst",
        "--fallback",
        "--stage",
        "dev",
    ]);
    p.ours_ok(&["secret", "set", "B", "b_fallback_ours", "--fallback"]);
    p.sst_ok(&["secret", "set", "A", "a_dev_sst", "--stage", "dev"]);
    // Ours: a stage with no value of its own takes the fallback; dev has its own A.
    assert_eq!(p.get("A", &["--stage", "prod"]), "a_fallback_sst");
    assert_eq!(p.get("B", &["--stage", "prod"]), "b_fallback_ours");
    assert_eq!(p.get("A", &["--stage", "dev"]), "a_dev_sst");
    assert_eq!(p.get("A", &["--fallback"]), "a_fallback_sst");
    assert_eq!(
        p.ours_ok(&["secret", "list", "--stage", "dev"]),
        "A\tset\nB\tset (fallback)\nC\tnot set\n"
    );
    // SST: both fallbacks, then the stage's own.
    let listing = p.sst_ok(&["secret", "list", "--stage", "dev"]);
    assert_listed(
        &listing,
        "fallback",
        &[("A", "a_fallback_sst"), ("B", "b_fallback_ours")],
    );
    assert_listed(&listing, "shop/dev", &[("A", "a_dev_sst")]);
    let listing = p.sst_ok(&["secret", "list", "--fallback", "--stage", "prod"]);
    assert!(!listing.contains("# shop/"), "{listing}");
    // Both keep fallbacks as the stage `_fallback`.
    assert!(p.home().join("state/secret/shop/_fallback.json").exists());
    assert!(
        p.home()
            .join("state/passphrase/shop/_fallback.json")
            .exists()
    );
}

#[test]
fn awkward_characters_both_ways() {
    let Some(p) = Project::new("awkward") else {
        return;
    };
    p.sst_ok(&["secret", "set", "A", AWKWARD, "--stage", "dev"]);
    // Go escapes <, > and & in JSON strings; ours reads them back as they were.
    let plain = p.plaintext("dev");
    assert!(plain.contains(r"\u003cd\u003e\u0026e\nf\tg\\h"), "{plain}");
    assert_eq!(p.get("A", &["--stage", "dev"]), AWKWARD);
    p.ours_ok(&["secret", "set", "B", AWKWARD, "--stage", "dev"]);
    // Ours writes them unescaped (valid JSON either way), and SST reads it.
    let plain = p.plaintext("dev");
    assert!(
        plain.contains(r#""B":"a\"b'c <d>&e\nf\tg\\h $HOME =ünï 🎉""#),
        "{plain}"
    );
    assert_listed(
        &p.sst_ok(&["secret", "list", "--stage", "dev"]),
        "shop/dev",
        &[("A", AWKWARD), ("B", AWKWARD)],
    );
    // Values SST accepts that ours would not set: empty, and stdin's trailing newline
    // (SST keeps it; ours drops one). Ours reads both as SST stored them.
    p.sst_ok(&["secret", "set", "C", "", "--stage", "empty"]);
    assert_eq!(p.get("C", &["--stage", "empty"]), "");
    let mut child = p
        .sst(&["secret", "set", "C", "--stage", "stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"line one\nline two\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    ok(&out, "sst", &["secret", "set", "C"]);
    assert_eq!(p.get("C", &["--stage", "stdin"]), "line one\nline two\n");
}

#[test]
fn removals_both_ways() {
    let Some(p) = Project::new("remove") else {
        return;
    };
    p.sst_ok(&["secret", "set", "A", "a", "--stage", "dev"]);
    p.ours_ok(&["secret", "set", "B", "b", "--stage", "dev"]);
    p.ours_ok(&["secret", "set", "A", "a_fallback", "--fallback"]);
    p.sst_ok(&["secret", "remove", "A", "--stage", "dev"]);
    // Ours: dev's A is gone, the fallback applies.
    assert_eq!(p.get("A", &["--stage", "dev"]), "a_fallback");
    assert_eq!(p.get("B", &["--stage", "dev"]), "b");
    p.ours_ok(&["secret", "remove", "B", "--stage", "dev"]);
    let out = p
        .sst(&["secret", "remove", "B", "--stage", "dev"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "SST still sees B");
    assert!(String::from_utf8_lossy(&out.stderr).contains("Secret \"B\" does not exist"));
    p.sst_ok(&["secret", "remove", "A", "--fallback", "--stage", "dev"]);
    let out = p
        .ours(&["secret", "get", "A", "--stage", "dev"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "ours still sees A");
    // Both leave an empty map, not a missing file.
    assert_eq!(p.plaintext("dev"), "{}");
    assert_eq!(p.plaintext("_fallback"), "{}");
}

#[test]
fn sst_passphrase_both_ways() {
    let Some(p) = Project::new("passphrase") else {
        return;
    };
    let key = |byte: u8| base64::engine::general_purpose::STANDARD.encode([byte; 32]);
    let (k1, k2) = (key(1), key(2));
    // A new stage takes SST_PASSPHRASE as its passphrase, in both.
    p.ours(&["secret", "set", "A", "from_ours", "--stage", "ci"])
        .env("SST_PASSPHRASE", &k1)
        .output()
        .map(|o| ok(&o, "sst-resources", &["secret", "set"]))
        .unwrap();
    let ci = p.home().join("state/passphrase/shop/ci.json");
    assert_eq!(std::fs::read_to_string(&ci).unwrap(), k1);
    assert_listed(
        &p.sst_ok(&["secret", "list", "--stage", "ci"]),
        "shop/ci",
        &[("A", "from_ours")],
    );
    ok(
        &p.sst(&["secret", "set", "A", "from_sst", "--stage", "ci2"])
            .env("SST_PASSPHRASE", &k2)
            .output()
            .unwrap(),
        "sst",
        &["secret", "set"],
    );
    let ci2 = p.home().join("state/passphrase/shop/ci2.json");
    assert_eq!(std::fs::read_to_string(&ci2).unwrap(), k2);
    assert_eq!(p.get("A", &["--stage", "ci2"]), "from_sst");
    let with_k2 = p
        .ours(&["secret", "get", "A", "--stage", "ci2"])
        .env("SST_PASSPHRASE", &k2)
        .output()
        .unwrap();
    assert_eq!(
        ok(&with_k2, "sst-resources", &["secret", "get"]),
        "from_sst\n"
    );
    // A stage that has a passphrase: both ignore SST_PASSPHRASE (SST's
    // GetOrCreatePassphrase reads it only to create one).
    for (tool, mut command) in [
        ("sst", p.sst(&["secret", "list", "--stage", "ci2"])),
        (
            "sst-resources",
            p.ours(&["secret", "list", "--values", "--stage", "ci2"]),
        ),
    ] {
        command.env("SST_PASSPHRASE", &k1);
        let out = without_sst_race(|| command.output().unwrap());
        assert!(
            ok(&out, tool, &["secret", "list"]).contains("A=from_sst"),
            "{tool}"
        );
    }
}

#[test]
fn the_files_each_writes() {
    let Some(p) = Project::new("files") else {
        return;
    };
    p.sst_ok(&["secret", "set", "A", "a", "--stage", "sst"]);
    p.ours_ok(&["secret", "set", "A", "a", "--stage", "ours"]);
    let files = p.files();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    // The same two paths each; ours adds a lock file beside each (which SST ignores).
    assert_eq!(
        names,
        [
            "state/passphrase/shop/ours.json",
            "state/passphrase/shop/ours.json.lock",
            "state/passphrase/shop/sst.json",
            "state/secret/shop/ours.json",
            "state/secret/shop/ours.json.lock",
            "state/secret/shop/sst.json",
        ]
    );
    // The same format: a 44-character base64 passphrase with no newline; the store a
    // 12-byte nonce, the JSON, a 16-byte tag.
    for stage in ["sst", "ours"] {
        let pass =
            std::fs::read(p.home().join(format!("state/passphrase/shop/{stage}.json"))).unwrap();
        assert_eq!(pass.len(), 44, "{stage}");
        let sealed =
            std::fs::read(p.home().join(format!("state/secret/shop/{stage}.json"))).unwrap();
        assert_eq!(sealed.len(), 12 + r#"{"A":"a"}"#.len() + 16, "{stage}");
        assert_eq!(p.plaintext(stage), r#"{"A":"a"}"#);
    }
    // Modes: SST's follow the umask (Go's os.Create: 0666 &^ umask); ours are 0600.
    #[cfg(unix)]
    {
        // What a plain create gets under this process's umask, as Go's does.
        let probe = p.dir.join("umask-probe");
        std::fs::write(&probe, b"").unwrap();
        let created = mode(&std::fs::metadata(&probe).unwrap());
        for (name, mode) in &files {
            let expected = if name.contains("/ours.json") {
                0o600
            } else {
                created
            };
            assert_eq!(*mode, expected, "{name}: {mode:o}");
        }
        // Ours rewriting SST's store leaves it 0600 (a new file renamed over it); SST's
        // passphrase file, which ours only reads, keeps its mode.
        p.ours_ok(&["secret", "set", "B", "b", "--stage", "sst"]);
        let files = p.files();
        let mode_of = |n: &str| files.iter().find(|(f, _)| f == n).unwrap().1;
        assert_eq!(mode_of("state/secret/shop/sst.json"), 0o600);
        assert_eq!(mode_of("state/passphrase/shop/sst.json"), created);
    }
}

#[test]
fn dotenv_files_go_between_the_tools() {
    let Some(p) = Project::new("dotenv") else {
        return;
    };
    // SST's own `secret list` output loads into ours (SST's documented way to copy a
    // stage); values without a line break, which SST's list cannot carry.
    let values = [
        ("A", "it's <a>&b \"q\" ünï 🎉"),
        ("B", " padded "),
        ("C", ""),
    ];
    for (k, v) in values {
        p.sst_ok(&["secret", "set", k, v, "--stage", "src"]);
    }
    let listed = p.sst_ok(&["secret", "list", "--stage", "src"]);
    std::fs::write(p.dir.join("from-sst.env"), &listed).unwrap();
    p.ours_ok(&["secret", "load", "from-sst.env", "--stage", "copy"]);
    // And ours `list --values` loads into SST.
    let ours = p.ours_ok(&["secret", "list", "--values", "--stage", "copy"]);
    std::fs::write(p.dir.join("from-ours.env"), &ours).unwrap();
    p.sst_ok(&["secret", "load", "from-ours.env", "--stage", "back"]);
    for stage in ["src", "copy", "back"] {
        let plain: serde_json::Value = serde_json::from_str(&p.plaintext(stage)).unwrap();
        for (k, v) in values {
            // SST's list prints values bare and its load trims them: " padded " comes
            // back from SST as "padded" (SST's own round trip loses it too).
            let expected = if stage == "src" { v } else { v.trim() };
            assert_eq!(plain[k], expected, "{stage} {k}: {listed}\n{ours}");
        }
    }
}

/// The SST variables (`SST_RESOURCE_*` values parsed as JSON, SST writes App with
/// spaces) and the named others, from `env -0` output.
fn shell_env(
    stdout: &[u8],
    others: &[&str],
) -> std::collections::BTreeMap<String, serde_json::Value> {
    stdout
        .split(|b| *b == 0)
        .filter_map(|v| std::str::from_utf8(v).ok()?.split_once('='))
        .filter_map(|(k, v)| {
            if k.starts_with("SST_RESOURCE") {
                Some((k.to_owned(), serde_json::from_str(v).ok()?))
            } else if others.contains(&k) {
                Some((k.to_owned(), serde_json::Value::String(v.to_owned())))
            } else {
                None
            }
        })
        .collect()
}

/// `sst-resources run --deployed --function X` against SST's own `sst shell --target
/// X` (`EnvFor` in `pkg/project/env.go`) on one checkpoint: a DevCommand's `_dev`
/// links (a Linkable whose `environment` include EnvFor does not set, a bucket, a
/// sealed secret) and its own `environment` (one value a Pulumi secret).
#[test]
fn run_deployed_gives_what_sst_shell_target_gives() {
    use resource_home::{Document, Home};
    let Some(p) = Project::new("shell-target") else {
        return;
    };
    let home = resource_home::LocalHome::new(p.home());
    let pass = home
        .create_passphrase("shop", "dev", resource_home::seal::new_passphrase())
        .unwrap();
    let w = resource_home::state::fixture::Writer::new(&pass);
    let state = w.checkpoint(
        "shop",
        "dev",
        vec![
            w.link_ref(
                "dev",
                "shop",
                "Api",
                &serde_json::json!({"url": "https://api.example.com", "type": "sst.sst.Linkable"}),
                &[],
                serde_json::json!([{"type": "environment", "env": {"API_URL": "from-include"}}]),
            ),
            w.link_ref("dev", "shop", "Media", &serde_json::json!({"name": "m", "type": "sst.aws.Bucket"}), &[], serde_json::json!([])),
            w.link_ref("dev", "shop", "A", &serde_json::json!({"value": AWKWARD, "type": "sst.sst.Secret"}), &["value"], serde_json::json!([])),
            w.component("dev", "shop", &[], "sst:sst:DevCommand", "Studio", serde_json::json!({
                "_dev": {"links": ["Api", "Media", "A"], "environment": {"STUDIO_MODE": "dev", "STUDIO_TOKEN": w.secret(&serde_json::json!("tok"))}, "title": "Studio", "directory": "", "autostart": true, "command": "studio", "aws": {"role": ""}},
            })),
        ],
    );
    home.update(
        Document {
            key: "app",
            app: "shop",
            stage: "dev",
        },
        &mut |_| Ok(Some(state.to_string().into_bytes())),
    )
    .unwrap();
    let others = [
        "STUDIO_MODE",
        "STUDIO_TOKEN",
        "API_URL",
        "SST_RESOURCES_JSON",
    ];
    let theirs = p.sst_ok(&[
        "shell", "--stage", "dev", "--target", "Studio", "--", "env", "-0",
    ]);
    let ours = p.ours_ok(&[
        "run",
        "--deployed",
        "--stage",
        "dev",
        "--function",
        "Studio",
        "--",
        "env",
        "-0",
    ]);
    let (theirs, ours) = (
        shell_env(theirs.as_bytes(), &others),
        shell_env(ours.as_bytes(), &others),
    );
    assert_eq!(ours, theirs);
    assert_eq!(
        ours.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "SST_RESOURCE_A",
            "SST_RESOURCE_Api",
            "SST_RESOURCE_App",
            "SST_RESOURCE_Media",
            "STUDIO_MODE",
            "STUDIO_TOKEN"
        ],
        "the links, App, the dev environment; no include"
    );
    assert_eq!(ours["SST_RESOURCE_A"]["value"], AWKWARD);
}
