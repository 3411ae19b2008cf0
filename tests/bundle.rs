//! Loading from SST's encrypted bundle (`SST_KEY` + `SST_KEY_FILE`), the only way SST
//! ships links to a Lambda function, and its merge with the other sources.

use std::path::PathBuf;

use serde_json::json;
use sst_resources::bundle::{self, BundleKey};
use sst_resources::{MapSource, Origin, Problem};

sst_resources::sst_resources!("tests/fixtures/links.toml", function = "Checkout");

fn dir(name: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("bundle-tests")
        .join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn links() -> serde_json::Value {
    json!({
        "MyBucket": {"name": "from-bundle", "type": "sst.aws.Bucket"},
        "StripeKey": {"value": "sk_bundle", "type": "sst.sst.Secret"},
    })
}

/// What SST gives a Lambda: App, the key, and the file.
fn lambda(name: &str, contents: &serde_json::Value) -> (MapSource, PathBuf) {
    let path = dir(name).join("resource.enc");
    let key = bundle::write(&path, contents).unwrap();
    let source = MapSource::new()
        .app("shop", "prod")
        .var("SST_KEY", key.expose_base64())
        .var("SST_KEY_FILE", path.display().to_string());
    (source, path)
}

fn only_problem(source: &MapSource) -> Problem {
    let err = Resource::from_source(source).unwrap_err();
    assert_eq!(err.problems().len(), 1, "{err}");
    err.problems()[0].clone()
}

#[test]
fn a_lambda_reads_its_links_from_the_bundle() {
    let (source, _) = lambda("plain", &links());
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "from-bundle");
    assert_eq!(r.stripe_key.value.expose(), "sk_bundle");
    assert_eq!(r.app.stage, "prod");
}

#[test]
fn the_bundle_wins_over_variables_and_resources_json() {
    let (source, _) = lambda("merge", &json!({"MyBucket": {"name": "from-bundle"}}));
    let source = source
        .resource("MyBucket", json!({"name": "from-var"}))
        .resource("StripeKey", json!({"value": "from-var"}))
        .var(
            "SST_RESOURCES_JSON",
            json!({"MyBucket": {"name": "from-json"}, "StripeKey": {"value": "from-json"}})
                .to_string(),
        );
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "from-bundle");
    assert_eq!(r.stripe_key.value.expose(), "from-json");
}

#[test]
fn a_bundle_deployed_before_sst_normalized_types_loads() {
    // SST before v4.6.11 (#6682) wrote each link's URN type unchanged.
    let (source, _) = lambda(
        "old-types",
        &json!({
            "MyBucket": {"name": "from-bundle", "type": "sst:aws:Bucket"},
            "StripeKey": {"value": "sk_bundle", "type": "sst:sst:Secret"},
        }),
    );
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "from-bundle");
    assert_eq!(r.stripe_key.value.expose(), "sk_bundle");
}

#[test]
fn an_old_type_string_of_another_type_in_a_bundle_is_drift() {
    let (source, path) = lambda(
        "old-types-drift",
        &json!({
            "MyBucket": {"name": "b", "type": "sst:aws:Queue"},
            "StripeKey": {"value": "v", "type": "sst:sst:Secret"},
        }),
    );
    assert_eq!(
        only_problem(&source),
        Problem::TypeDrift {
            resource: "MyBucket".into(),
            origin: Origin::Bundle(path.display().to_string()),
            expected: "sst.aws.Bucket".into(),
            deployed: "sst:aws:Queue".into(),
            declared_at: "tests/fixtures/links.toml:4".into(),
        }
    );
}

#[test]
fn a_bad_resources_json_beside_a_bundle_is_ignored() {
    let (source, _) = lambda("bad-json", &links());
    let source = source.var("SST_RESOURCES_JSON", "{nope");
    assert_eq!(
        Resource::from_source(&source).unwrap().my_bucket.name,
        "from-bundle"
    );
}

#[test]
fn an_unreadable_bundle_fails_the_load_even_when_variables_hold_everything() {
    // Unlike a bad SST_RESOURCES_JSON: SST's JS and Python SDKs throw on it, so no
    // SST function ever runs on the lower sources with the bundle unreadable.
    let (source, _) = lambda("wrong-key-vars", &links());
    let source = source
        .var("SST_KEY", BundleKey::generate().expose_base64())
        .resource("MyBucket", json!({"name": "from-var"}))
        .resource("StripeKey", json!({"value": "from-var"}))
        .var("SST_RESOURCES_JSON", "{nope");
    match only_problem(&source) {
        Problem::InvalidSource {
            origin: Origin::Bundle(_),
            message,
        } => assert!(message.contains("authentication failed"), "{message}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_key_without_a_file_is_not_an_error() {
    let source = MapSource::new()
        .app("shop", "dev")
        .var("SST_KEY", BundleKey::generate().expose_base64())
        .resource("MyBucket", json!({"name": "b"}))
        .resource("StripeKey", json!({"value": "v"}));
    assert_eq!(Resource::from_source(&source).unwrap().my_bucket.name, "b");
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let (source, path) = lambda("missing", &links());
    std::fs::remove_file(&path).unwrap();
    match only_problem(&source) {
        Problem::InvalidSource {
            origin: Origin::Bundle(p),
            message,
        } => {
            assert_eq!(p, path.display().to_string());
            assert!(
                message.starts_with(&format!("cannot read {}", path.display())),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_wrong_key_fails_authentication_and_loads_nothing() {
    let (source, _) = lambda("wrong-key", &links());
    let source = source.var("SST_KEY", BundleKey::generate().expose_base64());
    let p = only_problem(&source);
    assert!(p.to_string().contains("authentication failed"), "{p}");
}

#[test]
fn a_modified_byte_fails_authentication() {
    let (source, path) = lambda("tampered", &links());
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[5] ^= 0x40;
    std::fs::write(&path, bytes).unwrap();
    assert!(
        only_problem(&source)
            .to_string()
            .contains("authentication failed")
    );
}

#[test]
fn a_file_shorter_than_the_tag_is_truncated_not_a_panic() {
    let (source, path) = lambda("short", &links());
    std::fs::write(&path, [1, 2, 3]).unwrap();
    assert!(
        only_problem(&source)
            .to_string()
            .contains("truncated: 3 bytes")
    );
    std::fs::write(&path, []).unwrap();
    assert!(
        only_problem(&source)
            .to_string()
            .contains("truncated: 0 bytes")
    );
}

#[test]
fn a_bad_key_is_named_but_never_shown() {
    let (source, _) = lambda("bad-key", &links());
    let source = source.var("SST_KEY", "c2VjcmV0LWtleS1DQU5BUlk=");
    let p = only_problem(&source);
    let text = format!("{p} {p:?}");
    assert!(
        text.contains("SST_KEY is not a base64-encoded 32-byte AES-256 key"),
        "{text}"
    );
    assert!(!text.contains("c2VjcmV0LWtleS1DQU5BUlk"), "{text}");
}

#[test]
fn decrypted_garbage_is_an_error_without_its_contents() {
    let path = dir("garbage").join("resource.enc");
    let key = BundleKey::generate();
    std::fs::write(&path, bundle::seal(&key, b"{\"MyBucket\": CANARY}")).unwrap();
    let source = MapSource::new()
        .app("a", "b")
        .var("SST_KEY", key.expose_base64())
        .var("SST_KEY_FILE", path.display().to_string());
    let text = only_problem(&source).to_string();
    assert!(
        text.contains("decrypted, but is not a JSON object of resources"),
        "{text}"
    );
    assert!(!text.contains("CANARY"), "{text}");
}

#[test]
fn writing_refuses_a_non_object() {
    let err = bundle::write(&dir("non-object").join("resource.enc"), &json!([1])).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

/// A cipher holds the bundle key's AES round keys (the first two are the key) and
/// GHASH's key: a user's build (the facade with its default features) must compile
/// aes, ghash and polyval with their `zeroize` feature, which wipes them on drop.
/// aes-gcm 0.10's own `zeroize` feature does not turn these on.
#[test]
fn a_users_build_wipes_the_ciphers_keys_on_drop() {
    for krate in ["aes", "ghash", "polyval"] {
        let out = std::process::Command::new(env!("CARGO"))
            .args([
                "tree",
                "--offline",
                "-p",
                "sst-resources",
                "-e",
                "features,normal",
            ])
            .args(["--target", "all", "-i", krate])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let tree = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            tree.contains(&format!("{krate} feature \"zeroize\"")),
            "{krate} is compiled without zeroize in a user's build:\n{tree}"
        );
    }
}
