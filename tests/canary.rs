//! A known secret value (the canary) is loaded, every way a load can fail is driven
//! with the canary nearby, and everything printed (`Display` and `Debug` of values and
//! errors, and the panic message `Resource::get` would print) is searched for it.

use std::sync::{Arc, Mutex};

use serde_json::json;
use sst_resources::MapSource;

sst_resources::sst_resources!("tests/fixtures/links.toml");

const CANARY: &str = "sk_live_CANARY_91d2";

fn config() -> serde_json::Value {
    json!({
        "endpoint": "https://api.example.com", "timeout": 30, "ratio": 0.5, "beta": true,
        "tags": [], "token": CANARY, "extra": {}, "redis": {"host": "cache", "port": 6379},
        "type": "sst.sst.Linkable"
    })
}

fn good() -> MapSource {
    MapSource::new()
        .app("shop", "dev")
        .resource("MyBucket", json!({"name": "b", "type": "sst.aws.Bucket"}))
        .resource(
            "StripeKey",
            json!({"value": CANARY, "type": "sst.sst.Secret"}),
        )
        .resource("Config", config())
        .resource("gbfm-www", json!({"url": "u", "type": "sst.sst.Linkable"}))
        .resource(
            "ApiKeys",
            json!({"tableName": "k", "type": "aws.dynamodb/table.Table"}),
        )
}

/// Every failing environment, each with the canary in it.
fn failing() -> Vec<(&'static str, MapSource)> {
    let dir = std::env::temp_dir().join(format!("canary-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = dir.join("resource.enc");
    let key = sst_resources::bundle::write(
        &bundle,
        &json!({"StripeKey": {"value": CANARY, "type": "sst.sst.Secret"}}),
    )
    .unwrap();
    let tampered = dir.join("tampered.enc");
    let mut bytes = std::fs::read(&bundle).unwrap();
    bytes[3] ^= 1;
    std::fs::write(&tampered, bytes).unwrap();
    let other_key = sst_resources::bundle::BundleKey::generate();
    let mut cfg = config();
    cfg["timeout"] = json!(CANARY);
    cfg["redis"] = json!({"host": CANARY});
    vec![
        ("nothing linked", MapSource::new()),
        ("secret missing", good().var("SST_RESOURCE_StripeKey", "")),
        (
            "secret of the wrong type",
            good().resource(
                "StripeKey",
                json!({"value": [CANARY], "type": "sst.sst.Secret"}),
            ),
        ),
        (
            "secret as bare JSON string",
            good().var("SST_RESOURCE_StripeKey", format!("\"{CANARY}\"")),
        ),
        (
            "secret JSON cut short",
            good().var(
                "SST_RESOURCE_StripeKey",
                format!("{{\"value\":\"{CANARY}\""),
            ),
        ),
        (
            "secret JSON with trailing text",
            good().var(
                "SST_RESOURCE_StripeKey",
                format!("{{\"value\":\"{CANARY}\"}} {CANARY}"),
            ),
        ),
        (
            "secret drifted to another type",
            good().resource(
                "StripeKey",
                json!({"value": CANARY, "type": "sst.aws.Bucket"}),
            ),
        ),
        (
            "linkable with bad properties",
            good().resource("Config", cfg),
        ),
        // An invalid SST_RESOURCES_JSON is ignored; it is named where a resource it
        // likely held is missing.
        (
            "bad SST_RESOURCES_JSON, secret missing",
            good().var("SST_RESOURCE_StripeKey", "").var(
                "SST_RESOURCES_JSON",
                format!("{{\"StripeKey\": {{\"value\": \"{CANARY}\"}} x"),
            ),
        ),
        (
            "SST_RESOURCES_JSON not an object, secret missing",
            good()
                .var("SST_RESOURCE_StripeKey", "")
                .var("SST_RESOURCES_JSON", format!("[\"{CANARY}\"]")),
        ),
        (
            "SST_RESOURCES_JSON cut short, nothing else set",
            MapSource::new().var(
                "SST_RESOURCES_JSON",
                format!("{{\"StripeKey\": {{\"value\": \"{CANARY}"),
            ),
        ),
        (
            "SST_RESOURCES_JSON a bare string, nothing else set",
            MapSource::new().var("SST_RESOURCES_JSON", format!("\"{CANARY}\"")),
        ),
        (
            "bundle under another key",
            good()
                .var("SST_KEY", other_key.expose_base64())
                .var("SST_KEY_FILE", bundle.to_str().unwrap()),
        ),
        (
            "tampered bundle",
            good()
                .var("SST_KEY", key.expose_base64())
                .var("SST_KEY_FILE", tampered.to_str().unwrap()),
        ),
        (
            "missing bundle file",
            good()
                .var("SST_KEY", key.expose_base64())
                .var("SST_KEY_FILE", dir.join("absent.enc").to_str().unwrap()),
        ),
    ]
}

#[test]
fn the_canary_appears_in_no_output() {
    // What a loaded secret prints.
    let loaded = Resource::from_source(&good()).unwrap();
    assert_eq!(
        loaded.stripe_key.value.expose(),
        CANARY,
        "the canary did load"
    );
    // An invalid SST_RESOURCES_JSON holding the canary, beside variables holding
    // every resource, is ignored: the load succeeds.
    let despite_bad_json =
        Resource::from_source(&good().var("SST_RESOURCES_JSON", format!("{{\"x\": \"{CANARY}\"")))
            .expect("an invalid SST_RESOURCES_JSON is ignored");
    let mut printed = vec![
        format!("{loaded:?}"),
        format!("{:?}", loaded.stripe_key),
        format!("{} {:?}", loaded.config.token, loaded.config.token),
        format!("{:?}", loaded.clone()),
        format!("{despite_bad_json:?}"),
    ];
    // What each failure prints, and what `get()` would panic with.
    let panics = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&panics);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        seen.lock().unwrap().push(info.to_string());
    }));
    for (case, source) in failing() {
        let err = Resource::from_source(&source).expect_err(case);
        printed.push(format!("{case}: {err}"));
        printed.push(format!("{case}: {err:?}"));
        for p in err.problems() {
            printed.push(format!("{case}: {p} / {p:?}"));
        }
        let result = std::panic::catch_unwind(|| match Resource::from_source(&source) {
            Ok(r) => r,
            // The very panic `Resource::get()` raises.
            Err(error) => panic!("{}", error),
        });
        assert!(result.is_err(), "{case}");
    }
    std::panic::set_hook(previous);
    let panics = panics.lock().unwrap();
    assert_eq!(panics.len(), failing().len(), "one panic per case");
    printed.extend(panics.iter().cloned());
    for text in &printed {
        assert!(!text.contains(CANARY), "leaked: {text}");
        assert!(!text.contains("CANARY"), "leaked a part: {text}");
    }
    let _ = std::fs::remove_dir_all(
        std::env::temp_dir().join(format!("canary-{}", std::process::id())),
    );
    // The failures were the ones meant: each names its cause.
    let all = printed.join("\n");
    for expected in [
        "SST links are not active",
        "SST_RESOURCE_StripeKey is not set",
        "property `value` in SST_RESOURCE_StripeKey should be a string, found an array",
        "deployed as `sst.aws.Bucket`",
        "property `timeout`",
        "property `redis.port` is missing",
        "StripeKey: SST_RESOURCE_StripeKey is not set, and SST_RESOURCES_JSON, which likely holds it, was ignored: not a JSON object of resources (invalid JSON syntax",
        "SST_RESOURCES_JSON, which likely holds it, was ignored: not a JSON object of resources (valid JSON, but not an object)",
        "App: SST_RESOURCE_App is not set, and SST_RESOURCES_JSON, which likely holds it, was ignored: not a JSON object of resources (unexpected end of JSON",
        "authentication failed",
    ] {
        assert!(all.contains(expected), "no `{expected}` in:\n{all}");
    }
}

/// The command's message for a secret with no value (issue #24: it pointed at line 1 of
/// the values file, whatever that line held): with the canary as another secret's value,
/// written (refused) on the values file's first line, and in a store's place, no
/// problem's `Display` or `Debug` holds it, and the missing secret is reported at its
/// declaration in the manifest.
#[test]
fn the_canary_appears_in_no_message_about_a_secret_with_no_value() {
    use resource_link::values::{Secrets, Store, read_values};
    use resource_manifest::SourceFile;

    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links.toml"),
    )
    .unwrap();
    let manifest = resource_manifest::parse_str("links.toml", &text).unwrap();
    let declared = SourceFile::new("links.toml", text.as_str());
    let values = SourceFile::new(
        "links.dev.toml",
        format!(
            "StripeKey = {{ value = \"{CANARY}\" }}\n[MyBucket]\nname = \"b\"\n[Config]\ntoken = \"{CANARY}\"\n"
        ),
    );
    // Config's secret has a value (the canary); StripeKey's has none.
    let value = |name: &str| (name == "Config").then(|| CANARY.to_owned());
    let secrets = Secrets {
        store: Store::Read {
            places: vec![
                "SST's secret store for stage `dev` (home/state/secret/shop/dev.json)".into(),
            ],
            set_args: "--stage dev".into(),
        },
        ..Secrets::new(&declared, "dev", &value)
    };
    let problems = read_values(&values, &manifest, Some("Checkout"), &secrets).unwrap_err();
    for d in &problems {
        for text in [d.render(), format!("{d:?}")] {
            assert!(!text.contains(CANARY), "leaked: {text}");
            assert!(!text.contains("CANARY"), "leaked a part: {text}");
        }
    }
    let missing = problems
        .iter()
        .find(|d| d.message == "secret `StripeKey` has no value for stage `dev`")
        .expect("the missing secret is reported");
    assert_eq!(
        (missing.location(), missing.source_line.as_str()),
        ("links.toml:7:12".to_owned(), "[resources.StripeKey]")
    );
}
