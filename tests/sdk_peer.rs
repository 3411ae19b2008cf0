//! SST's own SDK test suites, ported: every case of
//! `sdk/golang/resource/resource_test.go`, `sdk/python/tests/test_resource.py` and
//! `sdk/js/test/resource.test.ts` (`github:anomalyco/sst`, v4.17.0), one test each,
//! on the same data, read through generated types (`tests/fixtures/sdk-peer.toml`).
//!
//! SST's SDKs return untyped values and fail on first access; ours loads a typed
//! `Resource` (the app included) and reports every problem at once. Where that makes
//! the outcome differ, the test asserts our documented behaviour and says so.
//!
//! SST's tests set the process environment and reload the module; the ones here that
//! are about reading the environment do the same in a fresh process (this binary, run
//! again on that one test with exactly that environment), the rest use a `MapSource`.

use std::collections::HashMap;
use std::process::Command;

use serde_json::json;
use sst_resources::cloudflare::{WorkerBindings, WorkerSource};
use sst_resources::{MapSource, Origin, Problem};

mod bucket {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "Bucket");
}
mod bucket_and_table {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "BucketAndTable");
}
mod top_level {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "TopLevel");
}
mod missing {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "Missing");
}
mod string_resource {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "StringResource");
}
mod plain {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "Plain");
}
mod binding {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "Binding");
}
mod loaded_once {
    sst_resources::sst_resources!("tests/fixtures/sdk-peer.toml", function = "LoadedOnce");
}

const APP: &str = r#"{"name":"app","stage":"dev"}"#;

/// Set in the fresh process [`in_fresh_process`] starts.
const CHILD: &str = "SST_RESOURCES_SDK_PEER_CHILD";

/// `false` here, after running test `name` of this binary alone in a new process whose
/// environment is exactly `vars` and asserting it passed; `true` in that process,
/// where the test then reads the environment.
fn in_fresh_process(name: &str, vars: &[(&str, &str)]) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env_clear()
        .env(CHILD, "1")
        .envs(vars.iter().copied())
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("1 passed"),
        "{name} in a fresh process:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    false
}

fn json_var(value: serde_json::Value) -> String {
    value.to_string()
}

fn missing_from_ignored_json(problems: &[Problem]) -> Vec<&str> {
    problems
        .iter()
        .map(|p| match p {
            Problem::MissingFromIgnoredSource {
                resource,
                origin: Origin::ResourcesJson,
                ..
            } => resource.as_str(),
            other => panic!("{other:?}"),
        })
        .collect()
}

// ---- Go: sdk/golang/resource/resource_test.go ----

/// Ports Go `TestKeys_LoadsSSTResourcesJSON`.
#[test]
fn go_keys_loads_sst_resources_json() {
    let source = MapSource::new().var(
        "SST_RESOURCES_JSON",
        r#"{"MyBucket":{"name":"my-bucket"},"App":{"name":"app","stage":"dev"}}"#,
    );
    let r = bucket::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "my-bucket");
}

/// Ports Go `TestKeys_MergesSSTResourcesJSONWithIndividualVars`. Go's data has no app;
/// ours loads the app with every link set (SST always sets `SST_RESOURCE_App`), so by
/// design the load fails naming only the app, both resources having been found; with
/// the app set as SST sets it, both load.
#[test]
fn go_keys_merges_sst_resources_json_with_individual_vars() {
    let source = MapSource::new()
        .resource("MyTable", r#"{"name":"my-table"}"#)
        .var("SST_RESOURCES_JSON", r#"{"MyBucket":{"name":"my-bucket"}}"#);
    let err = bucket_and_table::Resource::from_source(&source).unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::Missing {
            resource: "App".into(),
            var: "SST_RESOURCE_App".into()
        }]
    );
    let r = bucket_and_table::Resource::from_source(&source.var("SST_RESOURCE_App", APP)).unwrap();
    assert_eq!(r.my_table.name, "my-table");
    assert_eq!(r.my_bucket.name, "my-bucket");
}

/// Ports Go `TestKeys_SSTResourcesJSONOverridesIndividualVars` (plus the app, which
/// our link sets always load; see the test above).
#[test]
fn go_keys_sst_resources_json_overrides_individual_vars() {
    let source = MapSource::new()
        .var("SST_RESOURCE_App", APP)
        .resource("MyBucket", r#"{"name":"from-env-var"}"#)
        .var("SST_RESOURCES_JSON", r#"{"MyBucket":{"name":"from-json"}}"#);
    let r = bucket::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "from-json");
}

/// Ports Go `TestKeys_InvalidSSTResourcesJSONIgnored`. Go ignores the JSON and
/// `Get("MyBucket")` is not found; ours ignores it too, and each resource found
/// nowhere (here the app and MyBucket) names it as the likely cause.
#[test]
fn go_keys_invalid_sst_resources_json_ignored() {
    let source = MapSource::new().var("SST_RESOURCES_JSON", "not-json");
    let err = bucket::Resource::from_source(&source).unwrap_err();
    assert_eq!(
        missing_from_ignored_json(err.problems()),
        ["App", "MyBucket"]
    );
}

/// Ports Go `TestGet_AllowsEmptyPath`: a resource whose whole value is `"value"`, read
/// by its name alone. By design ours reads a resource as an object of typed
/// properties (SST links every resource as one), so a bare string is refused as
/// not an object, without quoting it; the same value as a property loads.
#[test]
fn go_get_allows_empty_path() {
    let source = MapSource::new()
        .var("SST_RESOURCE_App", APP)
        .var("SST_RESOURCES_JSON", r#"{"TopLevel":"value"}"#);
    let err = top_level::Resource::from_source(&source).unwrap_err();
    match err.problems() {
        [
            Problem::InvalidJson {
                resource,
                origin: Origin::ResourcesJson,
                message,
                ..
            },
        ] => {
            assert_eq!(resource, "TopLevel");
            assert_eq!(
                message,
                "expected a JSON object of the resource's properties, found a string"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(!err.to_string().contains("\"value\""), "{err}");
    let source = source.var("SST_RESOURCES_JSON", r#"{"TopLevel":{"value":"value"}}"#);
    let r = top_level::Resource::from_source(&source).unwrap();
    assert_eq!(r.top_level.value, "value");
}

/// Ports Go `TestGet_ReturnsNotFound`: nothing loaded, `Get("Missing")` is not found.
/// With no SST variable at all ours reports links not active (as SST's JS and Python
/// SDKs do); with the app set, `Missing` is reported missing by name.
#[test]
fn go_get_returns_not_found() {
    let err = missing::Resource::from_source(&MapSource::new()).unwrap_err();
    assert_eq!(err.problems(), [Problem::LinksNotActive { count: 2 }]);
    let err =
        missing::Resource::from_source(&MapSource::new().var("SST_RESOURCE_App", APP)).unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::Missing {
            resource: "Missing".into(),
            var: "SST_RESOURCE_Missing".into()
        }]
    );
}

// ---- Python: sdk/python/tests/test_resource.py, class TestSSTResourcesJSON ----

/// Ports Python `test_loads_resources_from_json`.
#[test]
fn python_loads_resources_from_json() {
    let source = MapSource::new().var(
        "SST_RESOURCES_JSON",
        json_var(
            json!({"MyBucket": {"name": "my-bucket"}, "App": {"name": "app", "stage": "dev"}}),
        ),
    );
    let r = bucket::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "my-bucket");
}

/// Ports Python `test_merges_with_individual_vars`.
#[test]
fn python_merges_with_individual_vars() {
    let source = MapSource::new()
        .resource("MyTable", json!({"name": "my-table"}))
        .var(
            "SST_RESOURCES_JSON",
            json_var(
                json!({"MyBucket": {"name": "my-bucket"}, "App": {"name": "app", "stage": "dev"}}),
            ),
        );
    let r = bucket_and_table::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_table.name, "my-table");
    assert_eq!(r.my_bucket.name, "my-bucket");
}

/// Ports Python `test_json_overrides_individual_vars`.
#[test]
fn python_json_overrides_individual_vars() {
    let source = MapSource::new()
        .resource("MyBucket", json!({"name": "from-env-var"}))
        .var(
            "SST_RESOURCES_JSON",
            json_var(
                json!({"MyBucket": {"name": "from-json"}, "App": {"name": "app", "stage": "dev"}}),
            ),
        );
    let r = bucket::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "from-json");
}

/// Ports Python `test_invalid_json_is_ignored`. Python ignores it, then (the variable
/// being set) says `"MyBucket" is not linked`, not "links are not active"; ours also
/// ignores it and does not report links inactive, and names the ignored JSON as the
/// likely cause for each resource found nowhere (the app and MyBucket).
#[test]
fn python_invalid_json_is_ignored() {
    let source = MapSource::new().var("SST_RESOURCES_JSON", "not-json");
    let err = bucket::Resource::from_source(&source).unwrap_err();
    assert_eq!(
        missing_from_ignored_json(err.problems()),
        ["App", "MyBucket"]
    );
    assert!(
        err.to_string().contains(
            "MyBucket: SST_RESOURCE_MyBucket is not set, and SST_RESOURCES_JSON, which likely holds it, was ignored"
        ),
        "{err}"
    );
}

/// Ports Python `test_links_not_active_without_app_or_json`, on the process
/// environment (`Resource::load`), as Python reads `os.environ`.
#[test]
fn python_links_not_active_without_app_or_json() {
    if !in_fresh_process("python_links_not_active_without_app_or_json", &[]) {
        return;
    }
    let err = bucket::Resource::load().unwrap_err();
    assert_eq!(err.problems(), [Problem::LinksNotActive { count: 2 }]);
    assert!(
        err.to_string().contains("SST links are not active"),
        "{err}"
    );
}

/// Ports Python `test_no_links_active_error_with_json`: no `SST_RESOURCE_App`, but
/// `SST_RESOURCES_JSON` holds the app, so links are active and MyBucket loads.
#[test]
fn python_no_links_active_error_with_json() {
    let source = MapSource::new().var(
        "SST_RESOURCES_JSON",
        json_var(
            json!({"MyBucket": {"name": "my-bucket"}, "App": {"name": "app", "stage": "dev"}}),
        ),
    );
    let r = bucket::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "my-bucket");
    assert_eq!((r.app.name.as_str(), r.app.stage.as_str()), ("app", "dev"));
}

// ---- JS: sdk/js/test/resource.test.ts, describe("resource environment") ----

/// Ports JS `loads SST_RESOURCE string values`. Its last check (the variable's own
/// name is not a resource) holds at compile time here: `Resource` has a field per
/// linked resource and none other; `LINKED` shows which.
#[test]
fn js_loads_sst_resource_string_values() {
    let source = MapSource::new()
        .var(
            "SST_RESOURCE_App",
            json_var(json!({"name": "app", "stage": "dev"})),
        )
        .resource("TestStringResource", json!({"value": "linked"}));
    let r = string_resource::Resource::from_source(&source).unwrap();
    assert_eq!((r.app.name.as_str(), r.app.stage.as_str()), ("app", "dev"));
    assert_eq!(r.test_string_resource.value, "linked");
    assert_eq!(string_resource::Resource::LINKED, ["TestStringResource"]);
}

/// Ports JS `ignores plain string values`: variables named after a resource but
/// without the `SST_RESOURCE_` prefix are never read. On SST's data alone (no app)
/// nothing SST sets is present, so ours reports links not active; with the app set,
/// each resource is reported missing under its `SST_RESOURCE_` name.
#[test]
fn js_ignores_plain_string_values() {
    let source = MapSource::new().var("TestPlainString", "hello").var(
        "TestPlainJsonString",
        json_var(json!({"value": "not-linked"})),
    );
    let err = plain::Resource::from_source(&source).unwrap_err();
    assert_eq!(err.problems(), [Problem::LinksNotActive { count: 3 }]);
    let err = plain::Resource::from_source(&source.var("SST_RESOURCE_App", APP)).unwrap_err();
    assert_eq!(
        err.problems(),
        [
            Problem::Missing {
                resource: "TestPlainString".into(),
                var: "SST_RESOURCE_TestPlainString".into()
            },
            Problem::Missing {
                resource: "TestPlainJsonString".into(),
                var: "SST_RESOURCE_TestPlainJsonString".into()
            },
        ]
    );
}

/// A Worker's `env`: text values and bindings by name.
struct FakeWorkerEnv {
    text: HashMap<&'static str, &'static str>,
    bindings: &'static [&'static str],
}

impl WorkerBindings for &FakeWorkerEnv {
    fn text(&self, name: &str) -> Option<String> {
        self.text.get(name).map(|s| (*s).to_owned())
    }

    fn has_binding(&self, name: &str) -> bool {
        self.bindings.contains(&name)
    }
}

/// Ports JS `loads non-string bindings directly`: inside a Worker a binding named
/// after the resource is the resource. Ours loads it from `WorkerSource` (its
/// properties absent, as the binding carries none); the handle itself is returned by
/// the generated `binding(&env)`, which needs feature `cloudflare` and a Worker
/// (`examples/worker`, `scripts/check-cloudflare.sh`). The app, which SST sets in every
/// Worker and our link sets always load, is added to SST's data.
#[test]
fn js_loads_non_string_bindings_directly() {
    let env = FakeWorkerEnv {
        text: HashMap::from([("SST_RESOURCE_App", APP)]),
        bindings: &["TestBinding"],
    };
    let r = binding::Resource::from_source(&WorkerSource::new(&env)).unwrap();
    assert_eq!(r.test_binding.namespace_id, None);
    let without = FakeWorkerEnv {
        text: HashMap::from([("SST_RESOURCE_App", APP)]),
        bindings: &[],
    };
    assert!(binding::Resource::from_source(&WorkerSource::new(&without)).is_err());
}

/// Ports JS `loads resources once through createResource`: `Resource::get()` loads
/// the environment on first use and hands out that same value after. SST's data has
/// no app (its tests share one module state); ours adds it, as SST sets it.
#[test]
fn js_loads_resources_once_through_create_resource() {
    if !in_fresh_process(
        "js_loads_resources_once_through_create_resource",
        &[
            ("SST_RESOURCE_App", APP),
            ("SST_RESOURCE_TestLoadedOnce", r#"{"value":"once"}"#),
        ],
    ) {
        return;
    }
    let first = loaded_once::Resource::get();
    let second = loaded_once::Resource::get();
    assert_eq!(first.test_loaded_once.value, "once");
    assert_eq!(second.test_loaded_once.value, "once");
    assert!(std::ptr::eq(first, second), "loaded once, then cached");
}

/// Ports JS `loads consolidated resources JSON` (`loadResourceData` is what
/// `SST_RESOURCES_JSON` feeds).
#[test]
fn js_loads_consolidated_resources_json() {
    let source = MapSource::new().var(
        "SST_RESOURCES_JSON",
        json_var(
            json!({"MyBucket": {"name": "my-bucket"}, "App": {"name": "app", "stage": "dev"}}),
        ),
    );
    let r = bucket::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "my-bucket");
    assert_eq!((r.app.name.as_str(), r.app.stage.as_str()), ("app", "dev"));
}

/// Ports JS `consolidated JSON overrides individual env vars`.
#[test]
fn js_consolidated_json_overrides_individual_env_vars() {
    let source = MapSource::new()
        .resource("MyBucket", json!({"name": "from-env"}))
        .var(
            "SST_RESOURCE_App",
            json_var(json!({"name": "app", "stage": "dev"})),
        )
        .var(
            "SST_RESOURCES_JSON",
            json_var(json!({"MyBucket": {"name": "from-json"}})),
        );
    let r = bucket::Resource::from_source(&source).unwrap();
    assert_eq!(r.my_bucket.name, "from-json");
}

/// Ports JS `loads SST_RESOURCES_JSON via node resource module`, on the process
/// environment (`Resource::load`). SST's test deletes two globals to re-initialize the
/// module, but the shared module it already imported keeps its store, so values from
/// the tests before it remain; its data is read here in a truly fresh process.
#[test]
fn js_loads_sst_resources_json_via_node_resource_module() {
    let all = json_var(
        json!({"MyBucket": {"name": "my-bucket"}, "App": {"name": "app", "stage": "dev"}}),
    );
    if !in_fresh_process(
        "js_loads_sst_resources_json_via_node_resource_module",
        &[("SST_RESOURCES_JSON", &all)],
    ) {
        return;
    }
    let r = bucket::Resource::load().unwrap();
    assert_eq!(r.my_bucket.name, "my-bucket");
    assert_eq!((r.app.name.as_str(), r.app.stage.as_str()), ("app", "dev"));
}
