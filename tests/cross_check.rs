//! Cross-check against SST's own JavaScript SDK (`sst` 4.17.1 from npm, run by Node):
//! the same environment, the same bundles, read by both, must give the same values,
//! and where SST refuses (not linked, links not active) the Rust side refuses too.
//!
//! The npm package is installed on first run into `tests/cross-check/node_modules`
//! (ignored by git). Without Node the test says so loudly and passes, except under
//! `CI=true`, where a missing Node fails it: CI never skips silently.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::{Value, json};
use sst_resources::bundle::{self, BundleKey};
use sst_resources::{LoadError, MapSource, Problem};

sst_resources::sst_resources!("tests/cross-check/links.toml");

const NAMES: &[&str] = &["App", "Text", "Numbers", "Nested", "MyBucket", "StripeKey"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cross-check folder with `sst` installed, or `None` (after a loud message) when
/// this machine has no Node.
fn node_dir() -> Option<&'static Path> {
    static READY: OnceLock<Option<PathBuf>> = OnceLock::new();
    READY
        .get_or_init(|| {
            let dir = root().join("tests/cross-check");
            if Command::new("node").arg("--version").output().is_err() {
                let message = "\n!!!!!!!! cross-check SKIPPED: `node` is not on PATH; install Node 20 to compare with SST's JS SDK !!!!!!!!\n";
                assert!(std::env::var("CI").as_deref() != Ok("true"), "CI must run the cross-check:{message}");
                eprintln!("{message}");
                return None;
            }
            if !dir.join("node_modules/sst/package.json").exists() {
                let status = Command::new("npm")
                    .args(["install", "--ignore-scripts", "--omit=optional", "--no-audit", "--no-fund", "--loglevel=error"])
                    .current_dir(&dir)
                    .status()
                    .expect("npm runs");
                assert!(status.success(), "npm install of the sst package failed");
            }
            Some(dir)
        })
        .as_deref()
}

type Env = BTreeMap<String, String>;

/// What SST's JS SDK reads from `env`: one JSON object by name.
fn node_read(dir: &Path, env: &Env) -> Value {
    let out = Command::new("node")
        .arg(dir.join("read.mjs"))
        .args(NAMES)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env)
        .current_dir(root())
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("read.mjs prints JSON")
}

/// The Rust side's values in the same shape, secrets exposed for comparison.
fn rust_view(r: &Resource) -> Value {
    json!({
        "App": {"name": r.app.name, "stage": r.app.stage},
        "Text": {"plain": r.text.plain, "unicode": r.text.unicode, "escapes": r.text.escapes, "empty": r.text.empty, "emoji": r.text.emoji},
        "Numbers": {"small": r.numbers.small, "negative": r.numbers.negative, "float": r.numbers.float, "big": r.numbers.big, "exponent": r.numbers.exponent, "safe": r.numbers.safe},
        "Nested": {
            "config": {"redis": {"host": r.nested.config.redis.host, "port": r.nested.config.redis.port}, "flags": r.nested.config.flags},
            "anything": r.nested.anything,
            "maybe": r.nested.maybe,
        },
        "MyBucket": {"name": r.my_bucket.name},
        "StripeKey": {"value": r.stripe_key.value.expose()},
    })
}

/// `node` restricted to the keys `shape` has (SST's objects carry `type` and extras).
/// A key JS leaves out is `null`, as an absent optional is on the Rust side.
fn project(node: &Value, shape: &Value) -> Value {
    match shape {
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), project(node.get(k).unwrap_or(&Value::Null), v)))
                .collect(),
        ),
        _ => node.clone(),
    }
}

/// Numbers compared as JSON numbers: `30` and `30.0` are the same value in JS.
fn normalize(v: &Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), normalize(v))).collect())
        }
        other => other.clone(),
    }
}

fn both(env: &Env) -> Option<(Result<Resource, LoadError>, Value)> {
    let dir = node_dir()?;
    let rust = Resource::from_source(
        &env.iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<MapSource>(),
    );
    Some((rust, node_read(dir, env)))
}

fn assert_same(env: &Env) {
    let Some((rust, node)) = both(env) else {
        return;
    };
    let rust = rust_view(
        &rust.unwrap_or_else(|e| panic!("Rust refused what SST reads: {e}\nSST read: {node}")),
    );
    assert_eq!(
        normalize(&rust),
        normalize(&project(&node, &rust)),
        "\nRust: {rust}\nSST:  {node}"
    );
}

fn odd_values() -> Value {
    json!({
        "App": {"name": "cross-check", "stage": "dev"},
        "Text": {
            "plain": "hello",
            "unicode": "Grüße, 世界, Ωmega, \u{00e9}\u{0301}",
            "escapes": "quote \" backslash \\ newline \n tab \t nul \u{0000} slash /",
            "empty": "",
            "emoji": "🦀 \u{1F980} surrogate pair",
            "type": "sst.sst.Linkable"
        },
        "Numbers": {
            "small": 7, "negative": -42, "float": 0.1, "big": 12345678901234567890_u64,
            "exponent": 6.02e23, "safe": 9007199254740991_i64, "type": "sst.sst.Linkable"
        },
        "Nested": {
            "config": {"redis": {"host": "cache.internal", "port": 6379}, "flags": [true, false, true]},
            "anything": {"deep": [1, "two", null, {"x": [[]]}], "empty": {}},
            "extra": "ignored by the Rust side",
            "type": "sst.sst.Linkable"
        },
        "MyBucket": {"name": "cross-check-dev-mybucket-x1y2", "arn": "arn:aws:s3:::b", "type": "sst.aws.Bucket"},
        "StripeKey": {"value": "sk_test_\u{00fc}nicode", "type": "sst.sst.Secret"},
    })
}

fn as_vars(resources: &Value) -> Env {
    resources
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, v)| (format!("SST_RESOURCE_{name}"), v.to_string()))
        .collect()
}

/// What SST gives a Lambda: `SST_RESOURCE_App`, the key and the bundle file.
fn lambda_env(key: &BundleKey, file: String) -> Env {
    [
        (
            "SST_RESOURCE_App".to_owned(),
            odd_values()["App"].to_string(),
        ),
        ("SST_KEY".to_owned(), key.expose_base64().to_owned()),
        ("SST_KEY_FILE".to_owned(), file),
    ]
    .into()
}

/// `path` relative to `base` (both absolute): `..` for each of `base`'s components
/// past their common prefix, then the rest of `path`.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (path, base): (Vec<_>, Vec<_>) = (path.components().collect(), base.components().collect());
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    out.extend(&path[common..]);
    out
}

fn tmp(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cross-check")
        .join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn without_app(resources: &Value) -> Value {
    let mut m = resources.as_object().unwrap().clone();
    m.remove("App");
    Value::Object(m)
}

#[test]
fn odd_but_valid_json_from_variables() {
    assert_same(&as_vars(&odd_values()));
}

#[test]
fn pretty_printed_and_reordered_json() {
    let mut env = as_vars(&odd_values());
    let pretty =
        serde_json::to_string_pretty(&json!({"type": "sst.aws.Bucket", "name": "spaced"})).unwrap();
    env.insert("SST_RESOURCE_MyBucket".into(), format!("  {pretty}\n"));
    assert_same(&env);
}

#[test]
fn duplicate_keys_last_one_wins_in_both() {
    let mut env = as_vars(&odd_values());
    env.insert(
        "SST_RESOURCE_MyBucket".into(),
        r#"{"name":"first","name":"second","type":"sst.aws.Bucket"}"#.into(),
    );
    assert_same(&env);
    let Some((rust, _)) = both(&env) else { return };
    assert_eq!(rust.unwrap().my_bucket.name, "second");
}

#[test]
fn resources_json_wins_over_variables() {
    let mut env = as_vars(&odd_values());
    let all = json!({"MyBucket": {"name": "from-resources-json", "type": "sst.aws.Bucket"}, "Text": odd_values()["Text"]});
    env.insert("SST_RESOURCES_JSON".into(), all.to_string());
    env.insert(
        "SST_RESOURCE_MyBucket".into(),
        json!({"name": "from-variable"}).to_string(),
    );
    assert_same(&env);
}

/// `resources` with each `"type"` as SST wrote it before v4.6.11 (#6682): the URN's
/// type, `sst:aws:Bucket`, not `sst.aws.Bucket`.
fn with_old_types(resources: &Value) -> Value {
    let mut resources = resources.clone();
    for (_, r) in resources.as_object_mut().unwrap() {
        if let Some(t) = r.get("type").and_then(Value::as_str) {
            r["type"] = json!(t.replace('.', ":"));
        }
    }
    resources
}

#[test]
fn types_sst_wrote_before_normalizing_them_read_the_same() {
    let old = with_old_types(&odd_values());
    assert_eq!(old["MyBucket"]["type"], "sst:aws:Bucket");
    assert_same(&as_vars(&old));
    let path = tmp("old-types").join("resource.enc");
    let key = bundle::write(&path, &without_app(&old)).unwrap();
    assert_same(&lambda_env(&key, path.display().to_string()));
}

#[test]
fn an_invalid_resources_json_is_ignored_by_both() {
    for bad in ["not-json", "{\"MyBucket\": {", "[1, 2]"] {
        let mut env = as_vars(&odd_values());
        env.insert("SST_RESOURCES_JSON".into(), bad.into());
        assert_same(&env);
    }
}

#[test]
fn a_resource_an_invalid_resources_json_leaves_missing_is_refused_by_both() {
    let mut env = as_vars(&odd_values());
    env.remove("SST_RESOURCE_StripeKey");
    env.insert("SST_RESOURCES_JSON".into(), "not-json".into());
    let Some((rust, node)) = both(&env) else {
        return;
    };
    let message = node["StripeKey"]["__error"].as_str().unwrap_or_default();
    assert!(message.contains("\"StripeKey\" is not linked"), "{node}");
    let err = rust.unwrap_err();
    assert!(
        matches!(err.problems(), [Problem::MissingFromIgnoredSource { resource, .. }] if resource == "StripeKey"),
        "{err}"
    );
}

#[test]
fn a_bundle_written_by_rust_is_read_by_both() {
    let path = tmp("rust-bundle").join("resource.enc");
    let key = bundle::write(&path, &without_app(&odd_values())).unwrap();
    // Relative to the working directory, as on Lambda (with `..` when the target
    // directory is outside the repository: a shared CARGO_TARGET_DIR).
    let relative = relative_to(&path, &root()).display().to_string();
    let env = lambda_env(&key, relative);
    assert_same(&env);
}

#[test]
fn a_bundle_written_by_node_is_read_by_rust() {
    let Some(dir) = node_dir() else { return };
    let path = tmp("node-bundle").join("resource.enc");
    let key = BundleKey::generate();
    let mut child = Command::new("node")
        .arg(dir.join("seal.mjs"))
        .args([key.expose_base64(), &path.display().to_string()])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(without_app(&odd_values()).to_string().as_bytes())
        .unwrap();
    assert!(child.wait().unwrap().success());
    let env = lambda_env(&key, path.display().to_string());
    assert_same(&env);
}

#[test]
fn bundle_and_variables_mixed_the_bundle_wins() {
    let path = tmp("mixed").join("resource.enc");
    let in_bundle = json!({"MyBucket": {"name": "from-bundle", "type": "sst.aws.Bucket"}, "StripeKey": {"value": "bundle-secret", "type": "sst.sst.Secret"}});
    let key = bundle::write(&path, &in_bundle).unwrap();
    let mut env = as_vars(&odd_values());
    env.insert("SST_KEY".into(), key.expose_base64().into());
    env.insert("SST_KEY_FILE".into(), path.display().to_string());
    env.insert(
        "SST_RESOURCES_JSON".into(),
        json!({"MyBucket": {"name": "from-json"}}).to_string(),
    );
    assert_same(&env);
    let Some((rust, _)) = both(&env) else { return };
    assert_eq!(rust.unwrap().my_bucket.name, "from-bundle");
}

#[test]
fn a_key_without_a_file_is_ignored_by_both() {
    let mut env = as_vars(&odd_values());
    env.insert(
        "SST_KEY".into(),
        BundleKey::generate().expose_base64().into(),
    );
    assert_same(&env);
}

#[test]
fn not_linked_is_refused_by_both() {
    let mut env = as_vars(&odd_values());
    env.remove("SST_RESOURCE_StripeKey");
    // An empty variable is unset for both SDKs.
    env.insert("SST_RESOURCE_MyBucket".into(), String::new());
    let Some((rust, node)) = both(&env) else {
        return;
    };
    for name in ["StripeKey", "MyBucket"] {
        let message = node[name]["__error"]
            .as_str()
            .unwrap_or_else(|| panic!("SST read {name}: {node}"));
        assert!(
            message.contains(&format!("\"{name}\" is not linked")),
            "{message}"
        );
    }
    let err = rust.unwrap_err();
    let missing: Vec<_> = err
        .problems()
        .iter()
        .map(|p| match p {
            Problem::Missing { resource, .. } => resource.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(missing, ["MyBucket", "StripeKey"]);
}

#[test]
fn links_not_active_is_refused_by_both() {
    let Some((rust, node)) = both(&Env::new()) else {
        return;
    };
    let message = node["MyBucket"]["__error"].as_str().unwrap();
    assert!(
        message.contains("does not look like SST links are active"),
        "{message}"
    );
    assert!(message.contains("sst dev -- <command>"));
    assert!(matches!(
        rust.unwrap_err().problems(),
        [Problem::LinksNotActive { .. }]
    ));
}

#[test]
fn a_tampered_bundle_is_refused_by_both() {
    let Some(dir) = node_dir() else { return };
    let path = tmp("tampered").join("resource.enc");
    let key = bundle::write(&path, &without_app(&odd_values())).unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&path, bytes).unwrap();
    let env = lambda_env(&key, path.display().to_string());
    // SST's SDK throws when a resource is first read (its load is lazy): read.mjs
    // records the error, or the process fails.
    let out = Command::new("node")
        .arg(dir.join("read.mjs"))
        .arg("MyBucket")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(&env)
        .output()
        .unwrap();
    let node_failed =
        !out.status.success() || String::from_utf8_lossy(&out.stdout).contains("__error");
    assert!(node_failed, "SST read a tampered bundle");
    let err = Resource::from_source(
        &env.iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<MapSource>(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("authentication failed"), "{err}");
}

#[test]
fn integers_beyond_2_pow_53_are_exact_in_rust_and_rounded_in_js() {
    // The one documented difference: JS numbers are doubles.
    let mut values = odd_values();
    values["Numbers"]["safe"] = json!(9007199254740993_i64);
    let env = as_vars(&values);
    let Some((rust, node)) = both(&env) else {
        return;
    };
    assert_eq!(rust.unwrap().numbers.safe, 9007199254740993);
    assert_eq!(node["Numbers"]["safe"].as_f64(), Some(9007199254740992.0));
}
