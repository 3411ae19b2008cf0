//! Links inside a Cloudflare Worker, mapped as SST sets them: text bindings hold
//! `SST_RESOURCE_<Name>` JSON without `"type"`, and each linked Cloudflare resource
//! is a binding named after it with no JSON. Runs on the host with a fake `env`; with
//! feature `cloudflare` the generated `from_worker_env` and `binding()` accessors are
//! compiled against the real `worker::Env` too.

use std::collections::HashMap;

use sst_resources::cloudflare::{WorkerBindings, WorkerSource};
use sst_resources::{Problem, Source};

sst_resources::sst_resources!("tests/fixtures/worker.toml");

struct FakeEnv {
    text: HashMap<String, String>,
    bindings: Vec<&'static str>,
}

impl WorkerBindings for &FakeEnv {
    fn text(&self, name: &str) -> Option<String> {
        self.text.get(name).cloned()
    }

    fn has_binding(&self, name: &str) -> bool {
        self.bindings.contains(&name)
    }
}

fn worker_env() -> FakeEnv {
    FakeEnv {
        text: HashMap::from([
            (
                "SST_RESOURCE_App".into(),
                r#"{"name":"edge","stage":"prod"}"#.into(),
            ),
            (
                "SST_RESOURCE_StripeKey".into(),
                r#"{"value":"sk_edge"}"#.into(),
            ),
        ]),
        bindings: vec![
            "MyBucket", "Cache", "Db", "Auth", "Jobs", "Brain", "Rooms", "Pool", "Limiter",
            "Signup", "Flags",
        ],
    }
}

#[test]
fn a_worker_loads_text_links_and_binding_only_resources() {
    let env = worker_env();
    let source = WorkerSource::new(&env);
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r.app.stage, "prod");
    assert_eq!(r.stripe_key.value.expose(), "sk_edge");
    // Bindings carry no properties inside a Worker.
    assert_eq!(r.my_bucket.name, None);
    assert_eq!(r.db.database_id, None);
    assert_eq!(r.auth.url, None);
    assert_eq!(r.rooms.class_name, None);
    assert_eq!(r.signup.workflow_name, None);
    // A Linkable with a binding include is only its binding too.
    assert_eq!(r.flags.namespace_id, None);
}

#[test]
fn a_missing_binding_is_reported_like_a_missing_variable() {
    let mut env = worker_env();
    env.bindings.retain(|b| *b != "Db");
    let err = Resource::from_source(&WorkerSource::new(&env)).unwrap_err();
    assert_eq!(
        err.problems(),
        [Problem::Missing {
            resource: "Db".into(),
            var: "SST_RESOURCE_Db".into()
        }]
    );
}

#[test]
fn outside_a_worker_the_same_resources_load_from_json() {
    let source = sst_resources::MapSource::new()
        .app("edge", "prod")
        .resource(
            "MyBucket",
            r#"{"name":"edge-bucket","type":"sst.cloudflare.Bucket"}"#,
        )
        .resource(
            "Cache",
            r#"{"namespaceId":"ns1","type":"sst.cloudflare.Kv"}"#,
        )
        .resource("Db", r#"{"databaseId":"db1","type":"sst.cloudflare.D1"}"#)
        .resource("Auth", r#"{"type":"sst.cloudflare.Worker"}"#)
        .resource("Jobs", r#"{"type":"sst.cloudflare.Queue"}"#)
        .resource("StripeKey", r#"{"value":"v","type":"sst.sst.Secret"}"#)
        .resource("Brain", r#"{"type":"sst.cloudflare.Ai"}"#)
        .resource(
            "Rooms",
            r#"{"className":"Room","type":"sst.cloudflare.DurableObject"}"#,
        )
        .resource("Pool", r#"{"id":"hd1","type":"sst.cloudflare.Hyperdrive"}"#)
        .resource("Limiter", r#"{"type":"sst.cloudflare.RateLimit"}"#)
        .resource(
            "Signup",
            r#"{"workflowName":"signup","className":"Signup","scriptName":"w","type":"sst.cloudflare.Workflow"}"#,
        )
        .resource(
            "Flags",
            r#"{"namespaceId":"f1a95","type":"sst.sst.Linkable"}"#,
        );
    let r = Resource::from_source(&source as &dyn Source).unwrap();
    assert_eq!(r.my_bucket.name.as_deref(), Some("edge-bucket"));
    assert_eq!(r.db.database_id.as_deref(), Some("db1"));
    assert_eq!(r.rooms.class_name.as_deref(), Some("Room"));
    assert_eq!(r.pool.id.as_deref(), Some("hd1"));
    assert_eq!(r.flags.namespace_id.as_deref(), Some("f1a95"));
}

/// Compiled with `--features cloudflare`: the real `worker::Env` API, typed per
/// resource (an R2 `Bucket`, a `KvStore`, a `D1Database`, a `Fetcher`, a `Queue`, an
/// `Ai`, an `ObjectNamespace`, a `Hyperdrive`, a `RateLimiter`).
#[cfg(feature = "cloudflare")]
use sst_resources::__private::worker;

#[cfg(feature = "cloudflare")]
#[allow(dead_code)]
fn handler(env: &worker::Env) -> Result<(), Box<dyn std::error::Error>> {
    let r = Resource::from_worker_env(env)?;
    let _bucket: worker::Bucket = r.my_bucket.binding(env)?;
    let _kv: worker::kv::KvStore = r.cache.binding(env)?;
    let _db: worker::D1Database = r.db.binding(env)?;
    let _auth: worker::Fetcher = r.auth.binding(env)?;
    let _jobs: worker::Queue = r.jobs.binding(env)?;
    let _ai: worker::Ai = r.brain.binding(env)?;
    let _rooms: worker::ObjectNamespace = r.rooms.binding(env)?;
    let _pool: worker::Hyperdrive = r.pool.binding(env)?;
    let _limiter: worker::RateLimiter = r.limiter.binding(env)?;
    let _flags: worker::kv::KvStore = r.flags.binding(env)?;
    // `worker` 0.8 has no Workflow binding type: `Signup` loads, with no accessor.
    Ok(())
}
