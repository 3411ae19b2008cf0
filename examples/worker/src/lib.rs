//! A Cloudflare Worker that reads its SST links: the Linkable's properties from its
//! text binding, and the R2 bucket and KV namespace as bindings, typed.
//! Build: `cargo build --target wasm32-unknown-unknown -p worker-demo`.

use worker::{Context, Env, Error, Request, Response, Result, event};

sst_resources::sst_resources!("links.toml");

#[event(fetch)]
async fn fetch(_req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let links = Resource::from_worker_env(&env).map_err(|e| Error::RustError(e.to_string()))?;
    let uploads: worker::Bucket = links.uploads.binding(&env)?;
    let sessions: worker::kv::KvStore = links.sessions.binding(&env)?;
    let visits = sessions.get("visits").text().await?.unwrap_or_default();
    let readme = uploads
        .head("README.md")
        .await?
        .map(|o| o.size())
        .unwrap_or(0);
    Response::ok(format!(
        "{} ({}): api at {}, visits {visits}, README {readme} bytes",
        links.app.name, links.app.stage, links.api.url
    ))
}
