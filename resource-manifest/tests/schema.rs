//! `links.schema.json`, the editor schema of `links.toml` ([`schema::schema`]): the copy
//! at the repository's root is the generated one, and two real validators hold it to
//! the parser.
//!
//! # The validators
//!
//! `scripts/schema-validators.sh` installs them once under `target/` (pinned):
//!
//! - Taplo 0.9.0 (npm `@taplo/cli` 0.7.0), the TOML language server behind VS Code's
//!   "Even Better TOML", run as `taplo lint` on files whose first line is the
//!   `#:schema ./links.schema.json` directive users write: what it finds is what an
//!   editor marks;
//! - Python's `jsonschema` 4.26.0 (`scripts/schema_validate.py`, `Draft7Validator`),
//!   which also checks the schema against draft-07's meta-schema;
//! - and Taplo's language server itself (npm `@taplo/lsp` 0.8.0, driven by
//!   `scripts/taplo-lsp.cjs` as the VS Code extension runs it), for what a user sees:
//!   completion, hover, diagnostics while typing
//!   ([`editor_completes_types_and_marks_mistakes`]).
//!
//! Without Node, npm or Python the validator tests say so loudly and pass, except under
//! `CI=true`, where they fail (as `tests/support/sst_cli.rs` does for SST's CLI).
//!
//! # Agreement, both ways
//!
//! For every manifest in the repository and for some 1,600 mutations of the valid
//! ones (a key deleted, renamed or added; a value of another TOML type; another
//! component type, property type, include type, effect, binding kind, policy resource,
//! field, name), each validator must:
//!
//! - accept what the parser accepts without a diagnostic;
//! - reject what the parser reports a diagnostic for that a schema can express.
//!
//! What a schema cannot express ([`inexpressible`], and `schema.rs`'s module docs):
//! cross-references (a `link` or an `env` source naming what is not there, a `type`
//! that may be a `[types]` key), uniqueness beyond TOML's (names equal ignoring case,
//! names or properties that become the same Rust field or type), whether a non-ASCII
//! name or field makes a Rust identifier (Unicode's XID classes, which no pattern
//! syntax all validators share can name), a TOML date where a string belongs (Taplo
//! validates a date as a string) and nesting deeper than `MAX_TYPE_DEPTH`. A manifest
//! whose only diagnostics are of these kinds may go either way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use expect_test::expect_file;
use resource_manifest::{SourceFile, catalogue, parse_source, schema};
use toml::de::{DeTable, DeValue};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_owned()
}

#[test]
fn committed_copy_is_the_generated_schema() {
    // `UPDATE_EXPECT=1 cargo test -p resource-manifest --test schema` rewrites it.
    expect_file!["../../links.schema.json"].assert_eq(&schema::schema());
}

#[test]
fn schema_is_draft_07_and_offers_every_catalogue_type() {
    let json: serde_json::Value = serde_json::from_str(&schema::schema()).unwrap();
    assert_eq!(json["$schema"], "http://json-schema.org/draft-07/schema#");
    let offered = &json["definitions"]["componentType"]["anyOf"][0];
    let names: Vec<&str> = offered["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let builtin: Vec<&str> = catalogue::BUILTIN.iter().map(|c| c.name).collect();
    assert_eq!(names, builtin);
    let docs = offered["x-taplo"]["docs"]["enumValues"].as_array().unwrap();
    assert_eq!(docs.len(), names.len());
    for (c, doc) in catalogue::BUILTIN.iter().zip(docs) {
        let doc = doc.as_str().unwrap();
        assert!(doc.contains(&format!("`new {}(...)`", c.name)), "{doc}");
        assert!(doc.contains(c.source), "{doc}");
        for p in c.properties {
            assert!(doc.contains(&format!("`{}`", p.name)), "{doc}");
        }
    }
}

// ---------------------------------------------------------------------------------
// The parser's verdict.

/// Why a schema cannot see what `message` reports, or `None` if it can. `has_types`:
/// the manifest has a `[types]` table.
fn inexpressible(message: &str, has_types: bool) -> Option<&'static str> {
    let rules: &[(&str, &str)] = &[
        // Cross-references: a value against keys elsewhere in the file.
        (
            "which is not declared under [resources]",
            "a link to an undeclared resource",
        ),
        ("which function", "an env source the function does not link"),
        ("has no property `", "an env source naming no property"),
        // Uniqueness beyond TOML's exact keys.
        ("differ only in case", "names equal ignoring case"),
        ("both become the field", "names that become one Rust field"),
        ("both become the type", "names that become one Rust type"),
        // JSON has no date: Taplo validates one as a string.
        ("found a datetime", "a TOML date where a string belongs"),
        (
            "nests tables and lists more than",
            "nesting deeper than MAX_TYPE_DEPTH",
        ),
    ];
    if let Some((_, why)) = rules.iter().find(|(m, _)| message.contains(m)) {
        return Some(why);
    }
    if has_types && message.contains("unknown component type") {
        return Some("a type that may be one of [types]' keys");
    }
    // Non-ASCII identifiers: the message quotes the name, the rest of it is ASCII.
    let identifier = [
        "is not a snake_case Rust identifier",
        "cannot become a Rust field",
        "has no letter or digit to make a Rust field from",
    ];
    if !message.is_ascii() && identifier.iter().any(|m| message.contains(m)) {
        return Some("a non-ASCII identifier");
    }
    None
}

#[derive(Debug, Clone, PartialEq)]
enum Parser {
    /// No diagnostic.
    Clean,
    /// A diagnostic a schema can express (its message).
    Rejects(String),
    /// Only diagnostics a schema cannot express (the first one's reason).
    Unseen(&'static str),
}

fn parser_verdict(text: &str) -> Parser {
    let parsed = parse_source(&SourceFile::new("links.toml", text));
    if parsed.diagnostics.is_empty() {
        return Parser::Clean;
    }
    let has_types = DeTable::parse(text)
        .map(|t| t.get_ref().get("types").is_some())
        .unwrap_or(false);
    let dated = parsed
        .diagnostics
        .iter()
        .any(|d| d.message.contains("found a datetime"));
    let mut why = None;
    for d in &parsed.diagnostics {
        // A date where a string belongs also leaves what it should have said unsaid
        // (`has no type`): the whole manifest is the schema's blind spot.
        match inexpressible(&d.message, has_types).or(dated.then_some("a TOML date")) {
            Some(reason) => {
                why.get_or_insert(reason);
            }
            None => return Parser::Rejects(d.message.clone()),
        }
    }
    Parser::Unseen(why.expect("a diagnostic"))
}

// ---------------------------------------------------------------------------------
// The validators.

/// Says loudly that `check` is skipped and why; fails instead under `CI=true`.
fn skip<T>(check: &str, why: &str) -> Option<T> {
    let message = format!("\n!!!!!!!! {check} SKIPPED: {why} !!!!!!!!\n");
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI must run the {check}:{message}"
    );
    use std::io::Write as _;
    let _ = std::io::stderr().write_all(message.as_bytes());
    None
}

struct Validators {
    taplo: PathBuf,
    lsp: PathBuf,
    python: PathBuf,
}

fn validators() -> Option<&'static Validators> {
    static V: OnceLock<Option<Validators>> = OnceLock::new();
    V.get_or_init(|| {
        let check = "schema check against Taplo and jsonschema";
        for tool in ["node", "npm", "python3"] {
            if Command::new(tool).arg("--version").output().is_err() {
                return skip(check, &format!("`{tool}` is not on PATH"));
            }
        }
        let out = Command::new("bash")
            .arg(root().join("scripts/schema-validators.sh"))
            .output()
            .expect("bash runs");
        if !out.status.success() {
            return skip(
                check,
                &format!(
                    "scripts/schema-validators.sh failed:\n{}",
                    String::from_utf8_lossy(&out.stderr)
                ),
            );
        }
        let stdout = String::from_utf8(out.stdout).unwrap();
        let path = |name: &str| {
            stdout
                .lines()
                .find_map(|l| l.strip_prefix(&format!("{name}=")))
                .map(PathBuf::from)
                .unwrap_or_else(|| panic!("no {name}= in {stdout}"))
        };
        Some(Validators {
            taplo: path("taplo"),
            lsp: path("lsp"),
            python: path("python"),
        })
    })
    .as_ref()
}

/// What each validator says of one file: `None` valid, else why not.
#[derive(Debug, Default, Clone)]
struct Verdicts {
    taplo: Option<String>,
    python: Option<String>,
}

/// Validates each text (a manifest) as a user's editor would: in a directory beside
/// a copy of the schema, with `#:schema ./links.schema.json` as its first line.
fn validate(v: &Validators, texts: &[String]) -> Vec<Verdicts> {
    let dir = tempdir();
    std::fs::write(dir.join(schema::FILE_NAME), schema::schema()).unwrap();
    let mut files = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let file = dir.join(format!("case-{i:05}.toml"));
        std::fs::write(&file, format!("#:schema ./{}\n{text}", schema::FILE_NAME)).unwrap();
        files.push(file);
    }
    let mut verdicts = vec![Verdicts::default(); texts.len()];
    let index = |path: &str| -> usize {
        let name = Path::new(path).file_stem().unwrap().to_str().unwrap();
        name.trim_start_matches("case-").parse().unwrap()
    };

    // Taplo over each half of the files and jsonschema over all of them, at once
    // (each in a thread of its own, which drains its pipes).
    let half = files.len().div_ceil(2).max(1);
    let taplo_runs: Vec<_> = files
        .chunks(half)
        .map(|chunk| {
            let mut command = Command::new(&v.taplo);
            command
                .args(["lint", "--no-auto-config", "--colors", "never"])
                .args(chunk)
                .current_dir(&dir);
            std::thread::spawn(move || command.output().expect("taplo runs"))
        })
        .collect();
    let python_run = {
        let mut command = Command::new(&v.python);
        command
            .arg(root().join("scripts/schema_validate.py"))
            .arg(dir.join(schema::FILE_NAME))
            .args(&files);
        std::thread::spawn(move || command.output().expect("python runs"))
    };

    // Taplo names each invalid file: error blocks (`error: <message>`, then
    // `┌─ /dir/case-00012.toml:3:5`), then `invalid file error=<why> path="<file>"`.
    for run in taplo_runs {
        let out = run.join().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let mut first_error: BTreeMap<usize, String> = BTreeMap::new();
        let mut pending: Option<String> = None;
        for line in text.lines() {
            if let Some(message) = line.strip_prefix("error: ") {
                pending = Some(message.to_owned());
            } else if let Some(at) = line.find("┌─ ") {
                let location = &line[at + "┌─ ".len()..];
                if let (Some(message), Some((file, position))) =
                    (pending.take(), location.rsplit_once(".toml:"))
                {
                    first_error
                        .entry(index(&format!("{file}.toml")))
                        .or_insert(format!("{message} (line {position})"));
                }
            } else if line.contains("invalid file error=") {
                let why = line
                    .split("error=")
                    .nth(1)
                    .and_then(|s| s.split(" path=").next())
                    .unwrap_or_default();
                assert!(
                    why == "schema validation failed" || why == "syntax errors found",
                    "Taplo did not validate: {line}"
                );
                let path = line
                    .split("path=\"")
                    .nth(1)
                    .and_then(|s| s.strip_suffix('"'))
                    .unwrap_or_else(|| panic!("no path in {line}"));
                let i = index(path);
                verdicts[i].taplo = Some(
                    first_error
                        .get(&i)
                        .cloned()
                        .unwrap_or_else(|| why.to_owned()),
                );
            } else if line.contains("ERROR") && !line.contains("operation failed") {
                panic!("Taplo failed: {line}\n{text}");
            }
        }
    }

    // jsonschema: one line a file.
    let out = python_run.join().unwrap();
    assert!(
        out.status.success(),
        "schema_validate.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        if let Some(rest) = line.strip_prefix("invalid ") {
            let (path, why) = rest.split_once(".toml: ").unwrap();
            verdicts[index(&format!("{path}.toml"))].python = Some(why.to_owned());
        } else {
            assert!(line.starts_with("ok "), "{line}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    verdicts
}

fn tempdir() -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("schema-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Holds each validator's verdict on each case to the parser's; returns how many
/// cases each way, for the caller's own floor.
fn assert_agreement(cases: &[(String, String)]) -> Option<BTreeMap<&'static str, usize>> {
    let v = validators()?;
    let texts: Vec<String> = cases.iter().map(|(_, t)| t.clone()).collect();
    let verdicts = validate(v, &texts);
    let mut counts = BTreeMap::new();
    let mut failures = Vec::new();
    for ((name, text), verdict) in cases.iter().zip(&verdicts) {
        let parser = parser_verdict(text);
        let key = match &parser {
            Parser::Clean => "clean",
            Parser::Rejects(_) => "rejected",
            Parser::Unseen(_) => "unseen by a schema",
        };
        *counts.entry(key).or_default() += 1;
        for (validator, said) in [("Taplo", &verdict.taplo), ("jsonschema", &verdict.python)] {
            let wrong = match (&parser, said) {
                (Parser::Clean, Some(why)) => Some(format!("rejects ({why}); the parser accepts")),
                (Parser::Rejects(message), None) => {
                    Some(format!("accepts; the parser says: {message}"))
                }
                _ => None,
            };
            if let Some(wrong) = wrong {
                failures.push(format!("{name}: {validator} {wrong}\n{text}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} disagreement(s) of {} cases:\n\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n----\n")
    );
    Some(counts)
}

// ---------------------------------------------------------------------------------
// The repository's manifests.

/// Every manifest file in the repository: each `links.toml`, and the `*.toml` of the
/// fixture and benchmark folders (not SST's values files, `links.<stage>.toml`).
fn repository_manifests() -> Vec<PathBuf> {
    let root = root();
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "target" | ".git" | "node_modules" | "corpus") {
                    stack.push(path);
                }
                continue;
            }
            let rel = path
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
            let fixture_folder = [
                "tests/fixtures",
                "tests/ui/manifests",
                "benches/manifests",
                "resource-manifest/tests/fixtures",
            ]
            .iter()
            .any(|f| folder.starts_with(f));
            if name == "links.toml"
                || (fixture_folder && name.ends_with(".toml") && !name.starts_with("links."))
            {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_manifest_in_the_repository_is_judged_as_the_parser_judges_it() {
    let files = repository_manifests();
    let cases: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(root()).unwrap().display().to_string();
            (rel, std::fs::read_to_string(f).unwrap())
        })
        .collect();
    let names: Vec<&str> = cases.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "examples/includes/links.toml",
        "tests/fixtures/every-type.toml",
        "tests/ui/manifests/unknown_key.toml",
        "tests/ui/manifests/bad_property_type.toml",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} not found in {names:?}"
        );
    }
    let clean = cases
        .iter()
        .filter(|(_, t)| parser_verdict(t) == Parser::Clean)
        .count();
    assert!(clean >= 15, "only {clean} valid manifests among {names:?}");
    let Some(counts) = assert_agreement(&cases) else {
        return;
    };
    eprintln!("repository manifests: {counts:?}");
}

/// Broken manifests of each kind a user makes while typing: the parser and both
/// validators reject each.
#[test]
fn broken_manifests_fail() {
    let broken: &[(&str, &str)] = &[
        (
            "unknown top-level key",
            "[resource.A]\ntype = \"sst.aws.Bucket\"\n",
        ),
        (
            "unknown key",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\nfeild = \"a\"\n",
        ),
        (
            "unknown function key",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlinks = [\"A\"]\n",
        ),
        ("unknown type", "[resources.A]\ntype = \"sst.aws.Buckt\"\n"),
        (
            "type in the wrong case",
            "[resources.A]\ntype = \"sst.aws.bucket\"\n",
        ),
        ("no type", "[resources.A]\nfield = \"a\"\n"),
        ("type not a string", "[resources.A]\ntype = 1\n"),
        (
            "link not an array",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlink = \"A\"\n",
        ),
        (
            "server a string",
            "[app]\nserver = \"true\"\n[resources.A]\ntype = \"sst.aws.Bucket\"\n",
        ),
        ("resources an array", "resources = [\"A\"]\n"),
        (
            "misspelled include type",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ type = \"enviroment\", env = { X = \"1\" } }]\n",
        ),
        (
            "include type aws.permissions",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ type = \"aws.permissions\", actions = [\"s3:*\"], resources = [\"*\"] }]\n",
        ),
        (
            "bad property type",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = { port = \"integr\" }\n",
        ),
        (
            "secret list",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = { keys = \"secret[]\" }\n",
        ),
        (
            "optional before the list",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = { tags = \"string?[]\" }\n",
        ),
        (
            "property type a number",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = { port = 8080 }\n",
        ),
        (
            "properties on a Bucket",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\nproperties = { name = \"string\" }\n",
        ),
        (
            "include on a Bucket",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\ninclude = []\n",
        ),
        (
            "environment without env",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ type = \"environment\" }]\n",
        ),
        (
            "unknown binding kind",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ type = \"cloudflare.binding\", binding = \"kvBindings\" }]\n",
        ),
        (
            "effect in upper case",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ effect = \"Deny\", actions = [\"s3:*\"], resources = [\"*\"] }]\n",
        ),
        (
            "empty actions",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [], resources = [\"*\"] }]\n",
        ),
        (
            "policy resource not an ARN",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [\"s3:*\"], resources = [\"my-bucket/*\"] }]\n",
        ),
        (
            "condition without values",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [\"s3:*\"], resources = [\"*\"], conditions = [{ test = \"StringEquals\", variable = \"aws:RequestTag/team\" }] }]\n",
        ),
        (
            "name with a space",
            "[resources.\"my bucket\"]\ntype = \"sst.aws.Bucket\"\n",
        ),
        ("App", "[resources.app]\ntype = \"sst.aws.Bucket\"\n"),
        (
            "field not snake_case",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\nfield = \"MyField\"\n",
        ),
        (
            "App linked",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlink = [\"A\", \"App\"]\n",
        ),
        (
            "linked twice",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlink = [\"A\", \"A\"]\n",
        ),
        (
            "bad env var",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlink = [\"A\"]\nenv = { \"MY-VAR\" = \"A.name\" }\n",
        ),
        (
            "custom type without properties",
            "[resources.A]\ntype = \"x.Y\"\n[types.\"x.Y\"]\npermissions = []\n",
        ),
        (
            "Linkable type with properties",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[types.\"sst.Linkable\"]\nproperties = {}\n",
        ),
        (
            "environment in [types] permissions",
            "[resources.A]\ntype = \"sst.aws.Bucket\"\n[types.\"sst.aws.Bucket\"]\npermissions = [{ type = \"environment\", actions = [\"s3:*\"], resources = [\"*\"] }]\n",
        ),
        (
            "type as a property",
            "[resources.A]\ntype = \"sst.Linkable\"\nproperties = { type = \"string\" }\n",
        ),
        ("no resources", "[app]\nname = \"a\"\n"),
    ];
    for (what, text) in broken {
        assert!(
            matches!(parser_verdict(text), Parser::Rejects(_)),
            "{what}: the parser says {:?}",
            parser_verdict(text)
        );
    }
    let Some(v) = validators() else {
        return;
    };
    let texts: Vec<String> = broken.iter().map(|(_, t)| (*t).to_owned()).collect();
    for ((what, _), verdict) in broken.iter().zip(validate(v, &texts)) {
        assert!(verdict.taplo.is_some(), "{what}: Taplo accepts it");
        assert!(verdict.python.is_some(), "{what}: jsonschema accepts it");
    }
}

/// The repository's `.taplo.toml` rule, as users would copy it: it applies the schema
/// to every `links.toml` below, and to no other file.
#[test]
fn taplo_rule_applies_the_schema_to_links_toml() {
    let Some(v) = validators() else {
        return;
    };
    let dir = tempdir();
    std::fs::copy(root().join(".taplo.toml"), dir.join(".taplo.toml")).unwrap();
    std::fs::write(dir.join(schema::FILE_NAME), schema::schema()).unwrap();
    std::fs::create_dir_all(dir.join("app/crate")).unwrap();
    let good = "[resources.A]\ntype = \"sst.aws.Bucket\"\n";
    let bad = "[resources.A]\ntype = \"sst.aws.Buckt\"\n";
    std::fs::write(dir.join("links.toml"), good).unwrap();
    std::fs::write(dir.join("app/crate/links.toml"), bad).unwrap();
    std::fs::write(dir.join("app/other.toml"), bad).unwrap();
    let out = Command::new(&v.taplo)
        .args(["lint", "--colors", "never"])
        .args(["links.toml", "app/crate/links.toml", "app/other.toml"])
        .current_dir(&dir)
        .output()
        .expect("taplo runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let invalid: BTreeSet<&str> = text
        .lines()
        .filter(|l| l.contains("invalid file error=schema validation failed"))
        .filter_map(|l| l.split("path=\"").nth(1))
        .map(|p| p.trim_end_matches('"'))
        .collect();
    let expected = format!("{}", dir.join("app/crate/links.toml").display());
    assert_eq!(invalid, BTreeSet::from([expected.as_str()]), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// One editor session with Taplo's language server (`scripts/taplo-lsp.cjs`) in a
/// workspace `dir`: the answers by request id, and each document's last diagnostics.
fn editor_session(
    v: &Validators,
    dir: &Path,
    messages: &[serde_json::Value],
) -> (
    BTreeMap<u64, serde_json::Value>,
    BTreeMap<String, Vec<serde_json::Value>>,
) {
    let root_uri = format!("file://{}", dir.display());
    let mut all = vec![
        serde_json::json!({"id": 0, "method": "initialize", "params": {
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "app"}],
            "capabilities": {"textDocument": {
                "completion": {"completionItem": {"documentationFormat": ["markdown"]}},
                "hover": {"contentFormat": ["markdown"]},
            }},
        }}),
        serde_json::json!({"method": "initialized", "params": {}}),
    ];
    all.extend_from_slice(messages);
    let mut child = Command::new("node")
        .arg(root().join("scripts/taplo-lsp.cjs"))
        .arg(dir)
        .env("TAPLO_LSP_MODULE", &v.lsp)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&all).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the language server failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let responses = json["responses"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.parse().unwrap(), v.clone()))
        .collect();
    let diagnostics = json["diagnostics"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_array().unwrap().clone()))
        .collect();
    (responses, diagnostics)
}

/// What a user sees in VS Code with Even Better TOML: `type = "` offers every
/// catalogue type with its SST description, a hover names the component, a new key
/// is offered from the parser's list, and mistakes are marked while typing. One
/// document takes the schema from the `.taplo.toml` rule, the other from the
/// `#:schema` directive.
#[test]
fn editor_completes_types_and_marks_mistakes() {
    let Some(v) = validators() else {
        return;
    };
    let dir = tempdir();
    std::fs::copy(root().join(".taplo.toml"), dir.join(".taplo.toml")).unwrap();
    std::fs::write(dir.join(schema::FILE_NAME), schema::schema()).unwrap();
    std::fs::create_dir_all(dir.join("app")).unwrap();
    let by_rule = format!("file://{}/links.toml", dir.display());
    let by_directive = format!("file://{}/app/manifest.toml", dir.display());
    let open = |uri: &str, text: &str| {
        serde_json::json!({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "toml", "version": 1, "text": text,
        }}})
    };
    let at = |id: u64, method: &str, uri: &str, line: u32, character: u32| {
        serde_json::json!({"id": id, "method": format!("textDocument/{method}"), "params": {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": character},
        }})
    };
    let (responses, diagnostics) = editor_session(
        v,
        &dir,
        &[
            open(
                &by_rule,
                "[resources.A]\ntype = \"\"\n\n[resources.B]\ntype = \"sst.aws.Bucket\"\n\n\
                 [resources.C]\ntype = \"sst.Linkable\"\nproperties = { port = \"\" }\n",
            ),
            at(1, "completion", &by_rule, 1, 8),
            at(2, "hover", &by_rule, 4, 12),
            at(3, "completion", &by_rule, 5, 0),
            at(4, "completion", &by_rule, 8, 22),
            open(
                &by_directive,
                "#:schema ../links.schema.json\n[resources.A]\ntype = \"sst.aws.Buckt\"\nfeild = \"a\"\n",
            ),
        ],
    );
    let items = |id: u64| -> Vec<(String, String)> {
        let r = &responses[&id];
        let items = r
            .get("items")
            .unwrap_or(r)
            .as_array()
            .cloned()
            .unwrap_or_default();
        items
            .iter()
            .map(|i| {
                let doc = &i["documentation"];
                let doc = doc.get("value").unwrap_or(doc).as_str().unwrap_or_default();
                (i["label"].as_str().unwrap().to_owned(), doc.to_owned())
            })
            .collect()
    };

    // `type = "` offers exactly the catalogue's types, each described (and `""`,
    // Taplo's offer for the other branch: any string, a type [types] declares).
    let offered: Vec<(String, String)> =
        items(1).into_iter().filter(|(l, _)| l != "\"\"").collect();
    let labels: BTreeSet<String> = offered.iter().map(|(l, _)| l.clone()).collect();
    let expected: BTreeSet<String> = catalogue::BUILTIN
        .iter()
        .map(|c| format!("\"{}\"", c.name))
        .collect();
    assert_eq!(labels, expected);
    for (label, doc) in &offered {
        let name = label.trim_matches('"');
        assert!(
            doc.contains(&format!("`new {name}(...)`")),
            "{label}: {doc}"
        );
    }

    // A hover on a type names its SST component and what it links.
    let hover = responses[&2]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(hover.contains("SST's `Bucket` component"), "{hover}");
    assert!(hover.contains("`name`: `string`"), "{hover}");

    // A new key in [resources.B] (a Bucket): the resource keys it lacks.
    let keys: BTreeSet<String> = items(3).into_iter().map(|(l, _)| l).collect();
    assert_eq!(
        keys,
        BTreeSet::from(["properties", "include", "field"].map(String::from)),
        "{:?}",
        items(3)
    );

    // A property's type: the type names, each with its Rust type.
    let types = items(4);
    for (name, rust) in [("integer", "`i64`"), ("secret", "`Secret<String>`")] {
        let doc = types
            .iter()
            .find(|(l, _)| l == &format!("\"{name}\""))
            .map(|(_, d)| d.as_str());
        assert!(doc.is_some_and(|d| d.contains(rust)), "{name}: {types:?}");
    }

    // Mistakes, marked as they are typed: the empty type where the rule applies; the
    // misspelled type and key where the directive does.
    let messages = |uri: &str| -> Vec<(u64, String)> {
        diagnostics
            .get(uri)
            .unwrap_or_else(|| panic!("no diagnostics for {uri}: {diagnostics:?}"))
            .iter()
            .map(|d| {
                (
                    d["range"]["start"]["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let rule = messages(&by_rule);
    assert!(rule.iter().any(|(line, _)| *line == 1), "{rule:?}");
    assert!(rule.iter().any(|(line, _)| *line == 8), "{rule:?}");
    assert_eq!(rule.len(), 2, "{rule:?}");
    let directive = messages(&by_directive);
    assert!(
        directive.iter().any(|(line, _)| *line == 2),
        "{directive:?}"
    );
    assert!(
        directive
            .iter()
            .any(|(_, m)| m.contains("'feild' was unexpected")),
        "{directive:?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------
// Mutations.

/// A TOML value, in file order, written back as TOML 1.0 with every table inline: what
/// the parser, Taplo and tomllib all read alike.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Str(String),
    Int(i64),
    Float(String),
    Bool(bool),
    Date(String),
    Arr(Vec<V>),
    Tab(Vec<(String, V)>),
}

impl V {
    fn read(value: &DeValue<'_>) -> V {
        match value {
            DeValue::String(s) => V::Str(s.to_string()),
            DeValue::Integer(i) => {
                V::Int(i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).unwrap_or(0))
            }
            DeValue::Float(f) => V::Float(f.as_str().to_owned()),
            DeValue::Boolean(b) => V::Bool(*b),
            DeValue::Datetime(d) => V::Date(d.to_string()),
            DeValue::Array(items) => V::Arr(items.iter().map(|i| V::read(i.get_ref())).collect()),
            DeValue::Table(t) => V::table(t),
        }
    }

    fn table(table: &DeTable<'_>) -> V {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        V::Tab(
            entries
                .into_iter()
                .map(|(k, v)| (k.get_ref().to_string(), V::read(v.get_ref())))
                .collect(),
        )
    }

    fn parse(text: &str) -> Option<V> {
        DeTable::parse(text).ok().map(|t| V::table(t.get_ref()))
    }

    fn write(&self, out: &mut String) {
        match self {
            V::Str(s) => quote(s, out),
            V::Int(i) => out.push_str(&i.to_string()),
            V::Float(f) | V::Date(f) => out.push_str(f),
            V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            V::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    item.write(out);
                }
                out.push(']');
            }
            V::Tab(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    out.push_str(if i > 0 { ", " } else { " " });
                    quote(k, out);
                    out.push_str(" = ");
                    v.write(out);
                }
                out.push_str(if entries.is_empty() { "}" } else { " }" });
            }
        }
    }

    /// The document: one `key = value` line per top-level key.
    fn document(&self) -> String {
        let V::Tab(entries) = self else {
            unreachable!("a document is a table")
        };
        let mut out = String::new();
        for (k, v) in entries {
            quote(k, &mut out);
            out.push_str(" = ");
            v.write(&mut out);
            out.push('\n');
        }
        out
    }

    fn at(&self, path: &[Step]) -> &V {
        path.iter().fold(self, |v, step| match (v, step) {
            (V::Tab(e), Step::Key(k)) => &e.iter().find(|(n, _)| n == k).unwrap().1,
            (V::Arr(a), Step::Index(i)) => &a[*i],
            _ => unreachable!("a path into this value"),
        })
    }

    fn at_mut(&mut self, path: &[Step]) -> &mut V {
        path.iter().fold(self, |v, step| match (v, step) {
            (V::Tab(e), Step::Key(k)) => &mut e.iter_mut().find(|(n, _)| n == k).unwrap().1,
            (V::Arr(a), Step::Index(i)) => &mut a[*i],
            _ => unreachable!("a path into this value"),
        })
    }

    fn kind(&self) -> &'static str {
        match self {
            V::Str(_) => "string",
            V::Int(_) => "integer",
            V::Float(_) => "float",
            V::Bool(_) => "boolean",
            V::Date(_) => "date",
            V::Arr(_) => "array",
            V::Tab(_) => "table",
        }
    }
}

fn quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Where a node is, in the manifest's terms.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    /// A key the parser names (`type`, `link`, ...).
    Fixed,
    ResourceName,
    FunctionName,
    TypeName,
    PropertyName,
    EnvVar,
    /// Keys nothing checks (an include's `env` variables, a binding's settings).
    Free,
}

/// The slot of the last key of `path`, and whether a value there is a property type
/// string.
fn slot(path: &[Step]) -> (Slot, bool) {
    let keys: Vec<&str> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.as_str(),
            Step::Index(_) => "#",
        })
        .collect();
    let n = keys.len();
    if n == 2 {
        match keys[0] {
            "resources" => return (Slot::ResourceName, false),
            "functions" => return (Slot::FunctionName, false),
            "types" => return (Slot::TypeName, false),
            _ => {}
        }
    }
    // resources.X.properties... / types.X.properties...: property names at any depth.
    if n >= 4 && matches!(keys[0], "resources" | "types") && keys[2] == "properties" {
        return (Slot::PropertyName, true);
    }
    if n == 4 && keys[0] == "functions" && keys[2] == "env" {
        return (Slot::EnvVar, false);
    }
    if n >= 5
        && keys[0] == "resources"
        && keys[2] == "include"
        && matches!(keys[4], "env" | "properties")
    {
        return (Slot::Free, false);
    }
    (Slot::Fixed, false)
}

/// Every key each section of the manifest has: renaming to one of these, or adding
/// one, is the mistake a schema must see.
const ALL_KEYS: &[&str] = &[
    "app",
    "resources",
    "functions",
    "types",
    "name",
    "server",
    "type",
    "properties",
    "include",
    "field",
    "link",
    "env",
    "handler",
    "permissions",
    "effect",
    "actions",
    "conditions",
    "test",
    "variable",
    "values",
    "binding",
];

/// What a key is renamed to, besides its plural and its upper case: keys of the
/// manifest that are easily confused, each valid in some section.
const RENAMES: &[&str] = &[
    "type",
    "properties",
    "field",
    "link",
    "env",
    "name",
    "resources",
    "binding",
    "server",
];

fn default_values(key: &str) -> Vec<V> {
    let s = |x: &str| V::Str(x.to_owned());
    match key {
        "app" | "resources" | "functions" | "types" | "env" => vec![V::Tab(vec![])],
        "name" | "test" | "variable" => vec![s("x")],
        "server" => vec![V::Bool(true)],
        "type" => vec![s("sst.aws.Bucket"), s("environment"), s("aws.permission")],
        "properties" => vec![V::Tab(vec![]), V::Tab(vec![("p".into(), s("string"))])],
        "include" | "permissions" | "conditions" | "link" => vec![V::Arr(vec![])],
        "field" => vec![s("my_field")],
        "handler" => vec![s("./.x")],
        "effect" => vec![s("deny")],
        "actions" => vec![V::Arr(vec![s("s3:*")])],
        "values" => vec![V::Arr(vec![s("x")])],
        "binding" => vec![s("kvNamespaceBindings")],
        _ => vec![s("x")],
    }
}

fn other_kinds() -> Vec<V> {
    vec![
        V::Str("x".into()),
        V::Int(1),
        V::Float("1.5".into()),
        V::Bool(true),
        V::Date("1979-05-27".into()),
        V::Arr(vec![]),
        V::Arr(vec![V::Str("x".into())]),
        V::Tab(vec![]),
    ]
}

/// Strings worth putting where a string is, by what the string is.
fn strings_for(path: &[Step], doc: &V) -> Vec<String> {
    let keys: Vec<String> = path
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.clone()),
            Step::Index(_) => None,
        })
        .collect();
    let last = keys.last().map(String::as_str).unwrap_or_default();
    let parent = path.len().checked_sub(2).map(|i| &path[i]);
    let in_include = keys.len() >= 3 && keys[0] == "resources" && keys[2] == "include";
    let resource_names = || match doc {
        V::Tab(e) => match e.iter().find(|(k, _)| k == "resources") {
            Some((_, V::Tab(r))) => r.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
            _ => vec![],
        },
        _ => vec![],
    };
    let custom_types = || match doc {
        V::Tab(e) => match e.iter().find(|(k, _)| k == "types") {
            Some((_, V::Tab(r))) => r.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(),
            _ => vec![],
        },
        _ => vec![],
    };
    let list = |xs: &[&str]| xs.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    if slot(path).1 {
        return list(&[
            "string",
            "integer",
            "number",
            "boolean",
            "json",
            "secret",
            "string[]",
            "integer[][]",
            "secret?",
            "secret[]",
            "secret[]?",
            "string?",
            "json[]?",
            " string ",
            "string []",
            "string[] ?",
            "string?[]",
            "string??",
            "strin",
            "",
            "?",
            "[]",
            "String",
            "integer[ ]",
            "string\t[]",
            "boolean\u{3000}?",
            "number\u{1c}",
            "number\u{85}",
            "string\u{200b}",
            "string\n",
        ]);
    }
    match (keys.first().map(String::as_str), keys.len(), last) {
        (Some("resources"), 3, "type") => {
            let mut out = list(&[
                "sst.Linkable",
                "sst.sst.Linkable",
                "sst:sst:Linkable",
                "sst.aws.Bucket",
                "sst:aws:Bucket",
                "sst.aws:Bucket",
                "sst.sst.Secret",
                "sst.Secret",
                "sst.aws.Buckt",
                "SST.AWS.BUCKET",
                "",
                " sst.aws.Bucket",
                "aws.dynamodb/table.Table",
                "sst.cloudflare.Kv",
                "sst.aws.Function",
            ]);
            out.extend(custom_types());
            out
        }
        (Some("resources"), 3, "field") => list(&[
            "my_field", "MyField", "_2", "_x", "2x", "x-y", "café", "Café", "ñ_1", "", "x y",
            "a__b", "self", "type",
        ]),
        (Some("resources"), _, "type") if in_include => list(&[
            "aws.permission",
            "environment",
            "cloudflare.binding",
            "aws.permissions",
            "Environment",
            "cloudflare",
        ]),
        (Some("types"), _, "type") => list(&["aws.permission", "environment"]),
        (_, _, "effect") => list(&["allow", "deny", "Allow", "DENY", ""]),
        (_, _, "binding") if in_include => list(&[
            "kvNamespaceBindings",
            "r2BucketBindings",
            "workflowBindings",
            "kvNamespaceBinding",
            "KV",
        ]),
        (_, _, "resources") if matches!(parent, Some(Step::Key(_))) || path.len() > 3 => list(&[
            "*",
            "arn:aws:s3:::b/*",
            "arn:aws:s3:::b",
            "{arn}",
            "{name}/x",
            "",
            "bucket/*",
            "arn:aws:s3::b/*",
            "s3://b",
            " *",
            "**",
        ]),
        (Some("functions"), _, "link") => {
            let mut out = list(&["App", "Nope", "app"]);
            out.extend(resource_names());
            out
        }
        (Some("functions"), 4, _) if keys[2] == "env" => {
            let mut out = list(&["X", ".x", "Nope.x"]);
            for r in resource_names() {
                out.push(format!("{r}.name"));
                out.push(format!("{r}.url"));
                out.push(r);
            }
            out
        }
        _ => vec![],
    }
}

/// Names worth renaming a variable key to, by what it names.
fn names_for(slot: Slot) -> Vec<String> {
    let list: &[&str] = match slot {
        Slot::ResourceName => &[
            "App",
            "app",
            "my bucket",
            "a=b",
            "-",
            "_",
            "🎉",
            "Café",
            "x\u{3000}y",
            "x\u{1c}y",
            "",
            "2fa",
            "gbfm-www",
            "media.store",
            "x\u{200b}y",
        ],
        Slot::PropertyName => &["type", "-", "_", "🎉", "", "a b", "Type", "ÅB", "x-y", "2"],
        Slot::EnvVar => &["1X", "X-Y", "_X", "X", "", "é", "x y"],
        Slot::FunctionName => &["x y", "", "App"],
        Slot::TypeName => &[
            "sst.aws.Bucket",
            "sst:aws:Bucket",
            "sst.Linkable",
            "sst.sst.Linkable",
            "aws.custom/x.Y",
            "sst.aws.Bukket",
        ],
        Slot::Fixed | Slot::Free => &[],
    };
    list.iter().map(|s| (*s).to_owned()).collect()
}

/// Every path of `v`, parents first.
fn paths(v: &V, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match v {
        V::Tab(entries) => {
            for (k, child) in entries {
                prefix.push(Step::Key(k.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        V::Arr(items) => {
            for (i, child) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

/// The mutations of `doc`, each with a label and a signature: two with the same
/// signature test the same thing (the same kind of place, the same change).
fn mutations(doc: &V) -> Vec<(String, String, V)> {
    let mut out = Vec::new();
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let resource_class = |path: &[Step]| -> String {
        match (path.first(), path.get(1)) {
            (Some(Step::Key(r)), Some(Step::Key(name))) if r == "resources" => {
                match doc.at(&path[..2]) {
                    V::Tab(e) => match e.iter().find(|(k, _)| k == "type") {
                        Some((_, V::Str(t))) => match catalogue::lookup(t) {
                            Some(c) if c.custom_properties => "linkable".into(),
                            Some(_) => "builtin".into(),
                            None => format!("custom:{}", name.is_empty()),
                        },
                        _ => "untyped".into(),
                    },
                    _ => "not a table".into(),
                }
            }
            _ => String::new(),
        }
    };
    let has_types = matches!(doc, V::Tab(e) if e.iter().any(|(k, _)| k == "types"));
    for path in &all {
        let here = doc.at(path);
        let shape: String = path
            .iter()
            .enumerate()
            .map(|(i, s)| match s {
                Step::Index(_) => "#".to_owned(),
                Step::Key(k) => match slot(&path[..=i]).0 {
                    Slot::Fixed => k.clone(),
                    other => format!("<{other:?}>"),
                },
            })
            .collect::<Vec<_>>()
            .join(".");
        let context = format!("{shape}|{}|{has_types}", resource_class(path));
        let mut push = |label: String, signature: String, new: V| {
            out.push((label, format!("{context}|{signature}"), new));
        };
        // The value here: another TOML type; another string for its slot.
        if !path.is_empty() {
            for other in other_kinds() {
                if other.kind() != here.kind() {
                    let mut new = doc.clone();
                    *new.at_mut(path) = other.clone();
                    push(
                        format!("{path:?} := {other:?}"),
                        format!("kind {}", other.kind()),
                        new,
                    );
                }
            }
            if let V::Str(_) = here {
                for s in strings_for(path, doc) {
                    let mut new = doc.clone();
                    *new.at_mut(path) = V::Str(s.clone());
                    push(format!("{path:?} := {s:?}"), format!("string {s:?}"), new);
                }
            }
        }
        // A table's keys: each deleted, renamed; each missing one added.
        if let V::Tab(entries) = here {
            for (i, (key, _)) in entries.iter().enumerate() {
                let mut child = path.clone();
                child.push(Step::Key(key.clone()));
                let (kind, _) = slot(&child);
                let mut new = doc.clone();
                let V::Tab(e) = new.at_mut(path) else {
                    unreachable!()
                };
                e.remove(i);
                push(
                    format!("{child:?} deleted"),
                    format!(
                        "delete {kind:?} {}",
                        if kind == Slot::Fixed {
                            key.as_str()
                        } else {
                            ""
                        }
                    ),
                    new,
                );
                let renames: Vec<String> = if kind == Slot::Fixed {
                    let mut r: Vec<String> = RENAMES.iter().map(|k| (*k).to_owned()).collect();
                    r.push(format!("{key}s"));
                    r.push(key.to_uppercase());
                    r
                } else {
                    names_for(kind)
                };
                for to in renames {
                    if entries.iter().any(|(k, _)| *k == to) {
                        continue;
                    }
                    let mut new = doc.clone();
                    let V::Tab(e) = new.at_mut(path) else {
                        unreachable!()
                    };
                    e[i].0 = to.clone();
                    let from = if kind == Slot::Fixed {
                        key.as_str()
                    } else {
                        ""
                    };
                    push(
                        format!("{child:?} renamed {to:?}"),
                        format!("rename {kind:?} {from} {to:?}"),
                        new,
                    );
                }
            }
            let names_variable = !path.is_empty()
                && slot(&[path.clone(), vec![Step::Key("x".into())]].concat()).0 != Slot::Fixed;
            if !names_variable {
                for key in ALL_KEYS {
                    if entries.iter().any(|(k, _)| k == key) {
                        continue;
                    }
                    for value in default_values(key) {
                        let mut new = doc.clone();
                        let V::Tab(e) = new.at_mut(path) else {
                            unreachable!()
                        };
                        e.push(((*key).to_owned(), value.clone()));
                        push(
                            format!("{path:?} + {key} = {value:?}"),
                            format!("add {key} {value:?}"),
                            new,
                        );
                    }
                }
            }
        }
    }
    out
}

#[test]
fn schema_and_parser_agree_on_mutations() {
    // Every valid manifest of the repository but the two large benchmark ones (the
    // same resources a hundred and a thousand times).
    let bases: Vec<(String, V)> = repository_manifests()
        .into_iter()
        .filter(|f| !f.ends_with("links-100.toml") && !f.ends_with("links-1000.toml"))
        .filter_map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (parser_verdict(&text) == Parser::Clean).then(|| {
                let name = f.strip_prefix(root()).unwrap().display().to_string();
                (name, V::parse(&text).expect("a valid manifest is TOML"))
            })
        })
        .collect();
    assert!(bases.len() >= 15, "{} bases", bases.len());
    // Smallest first: a signature is tested once, on the smallest manifest that has
    // it, and a validator's time grows with the manifest.
    let mut bases = bases;
    bases.sort_by_key(|(_, doc)| doc.document().len());
    let mut seen_signatures = BTreeSet::new();
    let mut seen_texts = BTreeSet::new();
    let mut cases = Vec::new();
    for (name, doc) in &bases {
        // Each base once as written back, so that the writer is checked too.
        cases.push((format!("{name} (rewritten)"), doc.document()));
        for (label, signature, mutated) in mutations(doc) {
            let text = mutated.document();
            if seen_signatures.insert(signature) && seen_texts.insert(text.clone()) {
                cases.push((format!("{name}: {label}"), text));
            }
        }
    }
    // The fuzz corpus: what a fuzzer found interesting, written back as plain TOML.
    for folder in ["fuzz/corpus/links_toml", "fuzz/regressions/links_toml"] {
        let Ok(entries) = std::fs::read_dir(root().join(folder)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            if let Some(V::Tab(e)) = V::parse(&text) {
                let text = V::Tab(e).document();
                if seen_texts.insert(text.clone()) {
                    cases.push((f.strip_prefix(root()).unwrap().display().to_string(), text));
                }
            }
        }
    }
    eprintln!(
        "{} mutation cases from {} manifests",
        cases.len(),
        bases.len()
    );
    let Some(counts) = assert_agreement(&cases) else {
        return;
    };
    eprintln!("mutations: {counts:?}");
    assert!(
        counts.get("clean").copied().unwrap_or(0) >= 200,
        "{counts:?}"
    );
    assert!(
        counts.get("rejected").copied().unwrap_or(0) >= 1000,
        "{counts:?}"
    );
}
