//! A Cloudflare Worker that reads its SST links, as SST deploys it: the Linkable and
//! the secret from their `SST_RESOURCE_<Name>` text bindings, each Cloudflare resource
//! as a typed binding, and an `environment` entry as a plain variable.
//!
//! Build and run it in workerd: `bash scripts/test-worker.sh` (wasm-bindgen, a shim,
//! miniflare). Routes:
//! - `/links`: the values read from the links (JSON);
//! - `/bindings`: each binding used once (R2, KV, D1, a queue, a service, a Durable
//!   Object, Hyperdrive, a rate limiter; the AI and Workflow bindings are looked up);
//! - `/private`: 200 only with `Authorization: Bearer <StripeKey>`.
//!
//! A link that is missing or malformed makes every route a 500 naming it (the
//! `LoadError`'s message, which never holds a value).

use serde_json::{Value, json};
use worker::{Context, DurableObject, Env, Error, Request, Response, Result, State};
use worker::{durable_object, event};
// `#[durable_object]` expands to code naming `wasm_bindgen` (worker 0.8 with wasm-bindgen 0.2.130).
use worker::wasm_bindgen;

sst_resources::sst_resources!("links.toml");

// SST's JS SDK reads the links from each invocation's `env`; so do we.
#[event(fetch, respond_with_errors)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let links = Resource::from_worker_env(&env).map_err(|e| Error::RustError(e.to_string()))?;
    match req.path().as_str() {
        "/links" => Response::from_json(&values(&links, &env)?),
        "/bindings" => Response::from_json(&use_bindings(&links, &env).await?),
        "/private" => {
            let expected = format!("Bearer {}", links.stripe_key.value.expose());
            match req.headers().get("authorization")? {
                Some(given) if given == expected => Response::ok("authorized"),
                _ => Response::error("unauthorized", 401),
            }
        }
        _ => Response::ok(format!("{} ({})", links.app.name, links.app.stage)),
    }
}

/// What the text bindings hold: the app, the Linkable's properties, and the plain
/// `environment` variable SST sets beside the links.
fn values(links: &Resource, env: &Env) -> Result<Value> {
    let api = &links.api;
    Ok(json!({
        "App": { "name": links.app.name, "stage": links.app.stage },
        "Api": {
            "url": api.url,
            "timeout": api.timeout,
            "regions": api.regions,
            "limits": { "burst": api.limits.burst, "strict": api.limits.strict },
        },
        "GREETING": env.var("GREETING")?.to_string(),
    }))
}

/// Each binding through its typed accessor.
async fn use_bindings(links: &Resource, env: &Env) -> Result<Value> {
    let uploads: worker::Bucket = links.uploads.binding(env)?;
    uploads.put("hello.txt", "hi".to_string()).execute().await?;
    let object = uploads.get("hello.txt").execute().await?;
    let r2 = match object.as_ref().and_then(|o| o.body()) {
        Some(body) => body.text().await?,
        None => String::new(),
    };

    let sessions: worker::kv::KvStore = links.sessions.binding(env)?;
    sessions.put("visits", "1")?.execute().await?;
    let kv = sessions.get("visits").text().await?;

    let db: worker::D1Database = links.db.binding(env)?;
    let d1: Option<i64> = db
        .prepare("SELECT 6 * 7 AS answer")
        .first(Some("answer"))
        .await?;

    let jobs: worker::Queue = links.jobs.binding(env)?;
    jobs.send("resize hello.txt").await?;

    let auth: worker::Fetcher = links.auth.binding(env)?;
    let service = auth
        .fetch("https://auth/whoami", None)
        .await?
        .text()
        .await?;

    let rooms: worker::ObjectNamespace = links.rooms.binding(env)?;
    let room = rooms
        .get_by_name("lobby")?
        .fetch_with_str("https://room/enter")
        .await?
        .text()
        .await?;

    let pool: worker::Hyperdrive = links.pool.binding(env)?;
    let limiter: worker::RateLimiter = links.limiter.binding(env)?;
    let allowed = limiter.limit("visitor".into()).await?.success;
    let _brain: worker::Ai = links.brain.binding(env)?;
    // `worker` 0.8 has no Workflow type: the binding is reached as a plain JS value.
    let signup = worker::js_sys::Reflect::get(env, &"Signup".into())?;

    Ok(json!({
        "Uploads": r2,
        "Sessions": kv,
        "Db": d1,
        "Jobs": "sent",
        "Auth": service,
        "Rooms": room,
        "Pool": { "user": pool.user(), "database": pool.database(), "port": pool.port() },
        "Limiter": allowed,
        "Brain": "bound",
        "Signup": class_name(&signup),
    }))
}

fn class_name(value: &worker::wasm_bindgen::JsValue) -> String {
    worker::js_sys::Object::from(value.clone())
        .constructor()
        .name()
        .into()
}

/// The Durable Object class `Rooms` binds (SST's `className`; this Worker exports it).
#[durable_object(fetch)]
pub struct Room {
    state: State,
}

impl DurableObject for Room {
    fn new(state: State, _env: Env) -> Self {
        Room { state }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        let storage = self.state.storage();
        storage.put("name", "lobby").await?;
        let name: String = storage.get("name").await?.unwrap_or_default();
        Response::ok(format!("room {name}: {}", req.path()))
    }
}
