//! Loading generated resources from SST's wire format: every kind of `LoadError`,
//! all problems at once, drift (and the old `sst:aws:Bucket` type spelling, which is
//! not drift), unknown fields, and `SST_RESOURCES_JSON` (an invalid one is ignored).

use serde_json::json;
use sst_resources::{MapSource, Origin, Problem};

sst_resources::sst_resources!("tests/fixtures/links.toml");

mod checkout {
    sst_resources::sst_resources!("tests/fixtures/links.toml", function = "Checkout");
}

fn config() -> serde_json::Value {
    json!({
        "endpoint": "https://api.example.com",
        "timeout": 30,
        "ratio": 0.5,
        "beta": true,
        "tags": ["a", "b"],
        "token": "tok_secret",
        "extra": {"nested": [1, 2]},
        "redis": {"host": "cache", "port": 6379},
        "type": "sst.sst.Linkable"
    })
}

fn full() -> MapSource {
    MapSource::new()
        .app("shop", "dev")
        .resource(
            "MyBucket",
            json!({"name": "shop-dev-bucket", "type": "sst.aws.Bucket"}),
        )
        .resource(
            "StripeKey",
            json!({"value": "sk_test_123", "type": "sst.sst.Secret"}),
        )
        .resource("Config", config())
        .resource(
            "gbfm-www",
            json!({"url": "https://gbfm.example", "type": "sst.sst.Linkable"}),
        )
        .resource(
            "ApiKeys",
            json!({"tableName": "keys", "type": "aws.dynamodb/table.Table"}),
        )
}

fn problems(source: &MapSource) -> Vec<Problem> {
    Resource::from_source(source)
        .unwrap_err()
        .problems()
        .to_vec()
}

#[test]
fn loads_every_property_typed() {
    let r = Resource::from_source(&full()).unwrap();
    assert_eq!(r.app.name, "shop");
    assert_eq!(r.app.stage, "dev");
    assert_eq!(r.my_bucket.name, "shop-dev-bucket");
    assert_eq!(r.stripe_key.value.expose(), "sk_test_123");
    assert_eq!(r.config.endpoint, "https://api.example.com");
    assert_eq!(r.config.timeout, 30_i64);
    assert_eq!(r.config.ratio, 0.5_f64);
    assert!(r.config.beta);
    assert_eq!(r.config.tags, vec!["a".to_owned(), "b".to_owned()]);
    assert_eq!(r.config.note, None);
    assert_eq!(r.config.token.expose(), "tok_secret");
    assert_eq!(r.config.extra, json!({"nested": [1, 2]}));
    assert_eq!(r.config.redis.host, "cache");
    assert_eq!(r.config.redis.port, 6379);
    assert_eq!(r.gbfm_www.url, "https://gbfm.example");
    assert_eq!(r.api_keys.table_name, "keys");
    assert_eq!(
        Resource::LINKED,
        ["MyBucket", "StripeKey", "Config", "gbfm-www", "ApiKeys"]
    );
}

#[test]
fn debug_output_redacts_secrets() {
    let r = Resource::from_source(&full()).unwrap();
    let debug = format!("{r:?} {r:#?}");
    assert!(!debug.contains("sk_test_123"), "{debug}");
    assert!(!debug.contains("tok_secret"), "{debug}");
    assert!(debug.contains("[redacted]"));
    assert!(debug.contains("shop-dev-bucket"));
}

#[test]
fn function_mode_loads_only_its_links() {
    // Only App, MyBucket and StripeKey are set: enough for Checkout.
    let source = MapSource::new()
        .app("shop", "dev")
        .resource("MyBucket", json!({"name": "b"}))
        .resource("StripeKey", json!({"value": "v"}));
    let r = checkout::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "b");
    assert_eq!(checkout::Resource::LINKED, ["MyBucket", "StripeKey"]);
    assert!(Resource::from_source(&source).is_err());
}

#[test]
fn optional_property_present_and_null() {
    let mut c = config();
    c["note"] = json!("hello");
    let r = Resource::from_source(&full().resource("Config", &c)).unwrap();
    assert_eq!(r.config.note.as_deref(), Some("hello"));
    c["note"] = serde_json::Value::Null;
    let r = Resource::from_source(&full().resource("Config", &c)).unwrap();
    assert_eq!(r.config.note, None);
}

#[test]
fn unknown_extra_properties_are_ignored() {
    let source = full().resource(
        "MyBucket",
        json!({"name": "b", "arn": "arn:aws:s3:::b", "future": {"deep": [1, {"x": null}]}, "type": "sst.aws.Bucket"}),
    );
    assert_eq!(Resource::from_source(&source).unwrap().my_bucket.name, "b");
}

#[test]
fn missing_resource() {
    let source = full().var("SST_RESOURCE_MyBucket", "");
    assert_eq!(
        problems(&source),
        [Problem::Missing {
            resource: "MyBucket".into(),
            var: "SST_RESOURCE_MyBucket".into()
        }]
    );
}

#[test]
fn invalid_json_has_its_position() {
    let source = full().var(
        "SST_RESOURCE_MyBucket",
        "{\"name\": \"b\",\n \"type\" \"x\"}",
    );
    match &problems(&source)[..] {
        [
            Problem::InvalidJson {
                resource,
                origin,
                line,
                column,
                message,
            },
        ] => {
            assert_eq!(resource, "MyBucket");
            assert_eq!(*origin, Origin::Var("SST_RESOURCE_MyBucket".into()));
            assert_eq!((*line, *column), (2, 9));
            assert!(message.contains("expected `:`"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_resource_that_is_not_an_object_is_invalid() {
    let source = full().var("SST_RESOURCE_MyBucket", "[1,2]");
    assert!(matches!(
        &problems(&source)[..],
        [Problem::InvalidJson { .. }]
    ));
}

#[test]
fn missing_and_mistyped_properties_name_their_path() {
    let mut c = config();
    c.as_object_mut().unwrap().remove("endpoint");
    c["timeout"] = json!("30");
    c["tags"] = json!(["a", 7]);
    c["redis"]["port"] = json!(63.5);
    let got = problems(&full().resource("Config", &c));
    let var = || Origin::Var("SST_RESOURCE_Config".into());
    assert_eq!(
        got,
        [
            Problem::MissingProperty {
                resource: "Config".into(),
                origin: var(),
                path: "endpoint".into()
            },
            Problem::WrongType {
                resource: "Config".into(),
                origin: var(),
                path: "timeout".into(),
                expected: "an integer",
                found: "a string"
            },
            Problem::WrongType {
                resource: "Config".into(),
                origin: var(),
                path: "tags[1]".into(),
                expected: "a string",
                found: "an integer"
            },
            Problem::WrongType {
                resource: "Config".into(),
                origin: var(),
                path: "redis.port".into(),
                expected: "an integer",
                found: "a number with a fraction"
            },
        ]
    );
}

#[test]
fn type_drift_is_reported() {
    let source = full().resource("MyBucket", json!({"name": "b", "type": "sst.aws.Queue"}));
    assert_eq!(
        problems(&source),
        [Problem::TypeDrift {
            resource: "MyBucket".into(),
            origin: Origin::Var("SST_RESOURCE_MyBucket".into()),
            expected: "sst.aws.Bucket".into(),
            deployed: "sst.aws.Queue".into(),
            declared_at: "tests/fixtures/links.toml:4".into(),
        }]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let source = full()
        .var("SST_RESOURCE_MyBucket", "")
        .var("SST_RESOURCE_StripeKey", "{")
        .resource("gbfm-www", json!({"url": 1}))
        .resource(
            "ApiKeys",
            json!({"tableName": "k", "type": "sst.aws.Dynamo"}),
        );
    let err = Resource::from_source(&source).unwrap_err();
    let names: Vec<_> = err
        .problems()
        .iter()
        .map(|p| p.resource().unwrap())
        .collect();
    assert_eq!(names, ["MyBucket", "StripeKey", "gbfm-www", "ApiKeys"]);
    let text = err.to_string();
    assert!(
        text.starts_with("cannot load linked resources (4 problems):"),
        "{text}"
    );
    assert!(
        text.contains("MyBucket: SST_RESOURCE_MyBucket is not set"),
        "{text}"
    );
    assert!(
        text.contains(
            "gbfm-www: property `url` in SST_RESOURCE_gbfm-www should be a string, found an integer"
        ),
        "{text}"
    );
}

#[test]
fn no_sst_variable_at_all_means_links_are_not_active() {
    let err = Resource::from_source(&MapSource::new()).unwrap_err();
    assert_eq!(err.problems(), [Problem::LinksNotActive { count: 6 }]);
    assert!(
        err.to_string()
            .contains("wrap your command with `sst dev -- <command>`"),
        "{err}"
    );
}

#[test]
fn resources_json_wins_over_variables() {
    let all = json!({
        "App": {"name": "shop", "stage": "prod"},
        "MyBucket": {"name": "from-json", "type": "sst.aws.Bucket"},
    });
    let source = full().var("SST_RESOURCES_JSON", all.to_string());
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "from-json");
    assert_eq!(r.app.stage, "prod");
    // Resources it does not name still come from their variables.
    assert_eq!(r.stripe_key.value.expose(), "sk_test_123");
}

/// A name twice in `SST_RESOURCES_JSON` (no SST writes that, but a hand-set one may):
/// the later one is the resource, as `JSON.parse` and Go's and Python's decoders
/// give it. The earlier one, even if it would not decode, is never read.
#[test]
fn resources_json_with_a_name_twice_takes_the_later() {
    let all = concat!(
        r#"{"MyBucket": {"name": 42}, "#,
        r#""MyBucket": {"name": "later", "type": "sst.aws.Bucket"}}"#
    );
    let source = full().var("SST_RESOURCES_JSON", all);
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "later");
}

#[test]
fn resources_json_alone_is_enough() {
    let all = json!({"App": {"name": "a", "stage": "s"}, "MyBucket": {"name": "b"}, "StripeKey": {"value": "v"}});
    let source = MapSource::new().var("SST_RESOURCES_JSON", all.to_string());
    assert_eq!(
        checkout::Resource::from_source(&source)
            .unwrap()
            .my_bucket
            .name,
        "b"
    );
}

/// The types SST wrote before it normalized them (SST #6682, v4.6.11): `Link.build`
/// and `Link.getProperties` put the URN's type in every bundle and variable.
fn with_old_type_strings() -> MapSource {
    let mut c = config();
    c["type"] = json!("sst:sst:Linkable");
    full()
        .resource(
            "MyBucket",
            json!({"name": "shop-dev-bucket", "type": "sst:aws:Bucket"}),
        )
        .resource(
            "StripeKey",
            json!({"value": "sk_test_123", "type": "sst:sst:Secret"}),
        )
        .resource("Config", c)
        .resource(
            "gbfm-www",
            json!({"url": "https://gbfm.example", "type": "sst:sst:Linkable"}),
        )
        .resource(
            "ApiKeys",
            json!({"tableName": "keys", "type": "aws:dynamodb/table:Table"}),
        )
}

#[test]
fn types_deployed_before_sst_normalized_them_load() {
    let r = Resource::from_source(&with_old_type_strings()).unwrap();
    assert_eq!(r.my_bucket.name, "shop-dev-bucket");
    assert_eq!(r.stripe_key.value.expose(), "sk_test_123");
    assert_eq!(r.config.redis.port, 6379);
    assert_eq!(r.api_keys.table_name, "keys");
    // The same old strings in SST_RESOURCES_JSON.
    let all = json!({"MyBucket": {"name": "from-json", "type": "sst:aws:Bucket"}});
    let r = Resource::from_source(&full().var("SST_RESOURCES_JSON", all.to_string())).unwrap();
    assert_eq!(r.my_bucket.name, "from-json");
}

#[test]
fn an_old_type_string_of_another_type_is_still_drift() {
    let source = with_old_type_strings()
        .resource("MyBucket", json!({"name": "b", "type": "sst:aws:Queue"}))
        .resource(
            "ApiKeys",
            json!({"tableName": "k", "type": "aws:dynamodb/table:TableV2"}),
        );
    assert_eq!(
        problems(&source),
        [
            Problem::TypeDrift {
                resource: "MyBucket".into(),
                origin: Origin::Var("SST_RESOURCE_MyBucket".into()),
                expected: "sst.aws.Bucket".into(),
                deployed: "sst:aws:Queue".into(),
                declared_at: "tests/fixtures/links.toml:4".into(),
            },
            Problem::TypeDrift {
                resource: "ApiKeys".into(),
                origin: Origin::Var("SST_RESOURCE_ApiKeys".into()),
                expected: "aws.dynamodb/table.Table".into(),
                deployed: "aws:dynamodb/table:TableV2".into(),
                declared_at: "tests/fixtures/links.toml:18".into(),
            },
        ]
    );
}

/// Values of `SST_RESOURCES_JSON` that are not a JSON object of resources.
const BAD_RESOURCES_JSON: &[(&str, &str)] = &[
    ("{nope", "invalid JSON syntax at line 1 column 2"),
    ("not-json", "invalid JSON syntax at line 1 column 2"),
    (
        "{\"MyBucket\": {",
        "unexpected end of JSON at line 1 column 14",
    ),
    ("[1, 2]", "valid JSON, but not an object"),
    ("null", "valid JSON, but not an object"),
    ("\"text\"", "valid JSON, but not an object"),
];

#[test]
fn a_bad_resources_json_is_ignored_when_the_variables_hold_everything() {
    // As SST's SDKs: they skip it and read the rest.
    for (bad, _) in BAD_RESOURCES_JSON {
        let r = Resource::from_source(&full().var("SST_RESOURCES_JSON", *bad))
            .unwrap_or_else(|e| panic!("{bad}: {e}"));
        assert_eq!(r.my_bucket.name, "shop-dev-bucket");
        assert_eq!(r.app.stage, "dev");
    }
}

#[test]
fn a_bad_resources_json_is_named_where_a_resource_is_missing() {
    for (bad, position) in BAD_RESOURCES_JSON {
        let source = full()
            .var("SST_RESOURCE_StripeKey", "")
            .var("SST_RESOURCES_JSON", *bad);
        let got = problems(&source);
        match &got[..] {
            [
                Problem::MissingFromIgnoredSource {
                    resource,
                    var,
                    origin: Origin::ResourcesJson,
                    reason,
                },
            ] => {
                assert_eq!(
                    (resource.as_str(), var.as_str()),
                    ("StripeKey", "SST_RESOURCE_StripeKey")
                );
                assert_eq!(
                    *reason,
                    format!(
                        "not a JSON object of resources ({position}); SST sets it to {{\"<Name>\": {{...properties}}}}"
                    )
                );
            }
            other => panic!("{bad}: {other:?}"),
        }
        let text = Resource::from_source(&source).unwrap_err().to_string();
        assert!(
            text.starts_with("cannot load linked resources: StripeKey: SST_RESOURCE_StripeKey is not set, and SST_RESOURCES_JSON, which likely holds it, was ignored: not a JSON object of resources ("),
            "{text}"
        );
    }
}

#[test]
fn with_only_a_bad_resources_json_each_resource_names_it_not_links_not_active() {
    // SST_RESOURCES_JSON is set, so links are active; it is the likely cause.
    let err =
        Resource::from_source(&MapSource::new().var("SST_RESOURCES_JSON", "not-json")).unwrap_err();
    let names: Vec<_> = err
        .problems()
        .iter()
        .map(|p| match p {
            Problem::MissingFromIgnoredSource { resource, .. } => resource.as_str(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        names,
        [
            "App",
            "MyBucket",
            "StripeKey",
            "Config",
            "gbfm-www",
            "ApiKeys"
        ]
    );
}

#[test]
fn a_valid_resources_json_still_wins_and_a_bad_entry_in_it_is_that_resources_problem() {
    // Only a whole SST_RESOURCES_JSON that is not an object of resources is ignored; a
    // resource inside it that is not an object is reported for that resource.
    let source = full().var("SST_RESOURCES_JSON", r#"{"MyBucket": [1]}"#);
    assert!(matches!(
        &problems(&source)[..],
        [Problem::InvalidJson { resource, origin: Origin::ResourcesJson, .. }] if resource == "MyBucket"
    ));
}

#[test]
fn problems_never_contain_values() {
    let mut c = config();
    c["endpoint"] = json!(["CANARY-1"]);
    c["token"] = json!({"CANARY-2": 1});
    let source = full()
        .resource("Config", &c)
        .resource("StripeKey", json!({"value": 5, "type": "CANARY-type"}))
        .var("SST_RESOURCE_MyBucket", "{\"name\": \"CANARY-3\" trailing}")
        .var("SST_RESOURCE_gbfm-www", "\"CANARY-4\"")
        .var(
            "SST_RESOURCES_JSON",
            "{\"ApiKeys\": \"CANARY-5\", \"x\": [\"CANARY-6\"]}",
        );
    let err = Resource::from_source(&source).unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains("CANARY-1") && !text.contains("CANARY-2") && !text.contains("CANARY-3"),
        "{text}"
    );
    assert!(
        !text.contains("CANARY-4") && text.contains("found a string"),
        "{text}"
    );
}

#[test]
fn cached_accessor_loads_once() {
    // The test process has no SST variables: the cached error is the same every time.
    let first = Resource::try_get().unwrap_err();
    let second = Resource::try_get().unwrap_err();
    assert!(std::ptr::eq(first, second));
    assert!(matches!(first.problems(), [Problem::LinksNotActive { .. }]));
}

#[test]
fn a_test_can_build_resources_from_defaults() {
    let r = Resource {
        my_bucket: resource::MyBucket {
            name: "test-bucket".into(),
        },
        ..Default::default()
    };
    assert_eq!(r.my_bucket.name, "test-bucket");
    assert_eq!(r.config.timeout, 0);
    assert_eq!(r.stripe_key.value.expose(), "");
}
