//! Variables that arrive changed on the way to the process: names upper-cased (Windows
//! does it, SST #6825), and values that are not UTF-8. The first are found ignoring
//! case when that is unambiguous; the second are a problem naming the variable, never
//! a lossy decode and never the bytes.

use std::borrow::Cow;

use serde_json::json;
use sst_resources::{Lookup, MapSource, Origin, Problem, Source};

sst_resources::sst_resources!("tests/fixtures/links.toml");

fn bucket() -> serde_json::Value {
    json!({"name": "shop-dev-bucket", "type": "sst.aws.Bucket"})
}

/// Every link of tests/fixtures/links.toml, each under its name upper-cased.
fn upper_cased() -> MapSource {
    MapSource::new()
        .var("SST_RESOURCE_APP", r#"{"name":"shop","stage":"dev"}"#)
        .var("SST_RESOURCE_MYBUCKET", bucket().to_string())
        .var(
            "SST_RESOURCE_STRIPEKEY",
            json!({"value": "sk_test_123", "type": "sst.sst.Secret"}).to_string(),
        )
        .var(
            "SST_RESOURCE_CONFIG",
            json!({"endpoint": "https://api", "timeout": 30, "ratio": 0.5, "beta": true, "tags": [], "token": "t", "extra": {}, "redis": {"host": "h", "port": 1}, "type": "sst.sst.Linkable"}).to_string(),
        )
        .var(
            "SST_RESOURCE_GBFM-WWW",
            json!({"url": "https://gbfm.example", "type": "sst.sst.Linkable"}).to_string(),
        )
        .var(
            "SST_RESOURCE_APIKEYS",
            json!({"tableName": "keys", "type": "aws.dynamodb/table.Table"}).to_string(),
        )
}

#[test]
fn names_upper_cased_on_the_way_are_found_ignoring_case() {
    let r = Resource::from_source(&upper_cased()).unwrap();
    assert_eq!(r.app.name, "shop");
    assert_eq!(r.my_bucket.name, "shop-dev-bucket");
    assert_eq!(r.stripe_key.value.expose(), "sk_test_123");
    assert_eq!(r.gbfm_www.url, "https://gbfm.example");
    assert_eq!(r.api_keys.table_name, "keys");
}

#[test]
fn the_exact_name_wins_over_one_differing_in_case() {
    let source = upper_cased().var(
        "SST_RESOURCE_MyBucket",
        json!({"name": "exact", "type": "sst.aws.Bucket"}).to_string(),
    );
    assert_eq!(
        Resource::from_source(&source).unwrap().my_bucket.name,
        "exact"
    );
}

#[test]
fn two_names_matching_ignoring_case_are_ambiguous_and_neither_is_taken() {
    let source = upper_cased().var("SST_RESOURCE_mybucket", bucket().to_string());
    let err = Resource::from_source(&source).unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::Missing {
            resource: "MyBucket".into(),
            var: "SST_RESOURCE_MyBucket".into()
        }]
    );
}

#[test]
fn a_problem_in_a_variable_found_ignoring_case_names_that_variable() {
    let source = upper_cased().var("SST_RESOURCE_MYBUCKET", r#"{"name": 5}"#);
    let err = Resource::from_source(&source).unwrap_err();
    assert!(
        matches!(
            err.problems(),
            [Problem::WrongType { resource, origin: Origin::Var(var), path, .. }]
                if resource == "MyBucket" && var == "SST_RESOURCE_MYBUCKET" && path == "name"
        ),
        "{err}"
    );
}

/// A source whose one variable holds bytes that are not UTF-8.
struct NotUnicodeAt(MapSource, &'static str);

impl Source for NotUnicodeAt {
    fn var(&self, name: &str) -> Option<Cow<'_, str>> {
        Source::var(&self.0, name)
    }

    fn lookup(&self, name: &str) -> Lookup<'_> {
        if name == self.1 {
            return Lookup::NotUnicode;
        }
        Source::lookup(&self.0, name)
    }

    fn names_ignoring_case(&self, name: &str) -> Vec<String> {
        self.0.names_ignoring_case(name)
    }
}

#[test]
fn a_value_that_is_not_utf8_is_a_problem_naming_its_variable() {
    let source = NotUnicodeAt(
        upper_cased().var("SST_RESOURCE_MyBucket", "x"),
        "SST_RESOURCE_MyBucket",
    );
    let err = Resource::from_source(&source).unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::NotUnicode {
            var: "SST_RESOURCE_MyBucket".into()
        }]
    );
    assert_eq!(err.problems()[0].resource(), Some("MyBucket"));
    assert!(
        err.to_string()
            .contains("SST_RESOURCE_MyBucket is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn a_resources_json_that_is_not_utf8_is_named_where_a_resource_is_missing() {
    let source = NotUnicodeAt(
        MapSource::new().var("SST_RESOURCES_JSON", "x"),
        "SST_RESOURCES_JSON",
    );
    let err = Resource::from_source(&source).unwrap_err();
    assert!(
        matches!(
            &err.problems()[0],
            Problem::MissingFromIgnoredSource { origin: Origin::ResourcesJson, reason, .. }
                if reason.contains("not valid UTF-8")
        ),
        "{err}"
    );
}

/// The child half of the test below: runs only in the child process it starts.
#[test]
fn child_reads_the_process_environment() {
    if std::env::var_os("SST_RESOURCES_TEST_CHILD").is_none() {
        return;
    }
    let err = Resource::load().unwrap_err();
    println!("LOAD-ERROR: {err}");
}

/// The real process environment, with one value set to raw bytes: before, it was
/// decoded lossily (U+FFFD) and failed as invalid JSON quoting a position.
#[cfg(unix)]
#[test]
fn the_process_environment_reports_a_value_that_is_not_utf8_without_its_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let value = std::ffi::OsStr::from_bytes(b"{\"name\":\"CANARY\xff\"}");
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_reads_the_process_environment",
            "--nocapture",
        ])
        .env("SST_RESOURCES_TEST_CHILD", "1")
        .env("SST_RESOURCE_APP", r#"{"name":"shop","stage":"dev"}"#)
        .env("SST_RESOURCE_MyBucket", value)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("SST_RESOURCE_MyBucket is not valid UTF-8 (the value is not shown)"),
        "{stdout}"
    );
    assert!(!stdout.contains("CANARY"), "{stdout}");
    // App arrived upper-cased and was still found.
    assert!(!stdout.contains("SST_RESOURCE_App is not set"), "{stdout}");
}

#[test]
fn a_bundle_key_that_is_not_utf8_fails_the_load_and_nothing_stands_in_for_it() {
    let source = NotUnicodeAt(
        upper_cased()
            .var("SST_KEY", "x")
            .var("SST_KEY_FILE", "resource.enc"),
        "SST_KEY",
    );
    let err = Resource::from_source(&source).unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::NotUnicode {
            var: "SST_KEY".into()
        }]
    );
}
