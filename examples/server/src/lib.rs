//! A web service as a container runs it: its links are read once, at start-up
//! ([`Resource::load`]), and shared by every request. The page shows the non-secret
//! values; the session secret is only ever used, never shown.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;

sst_resources::sst_resources!("links.toml", function = "Web");

/// The service's routes over its links: `GET /` is the page.
pub fn router(links: Resource) -> Router {
    Router::new()
        .route("/", get(page))
        .with_state(Arc::new(links))
}

async fn page(State(links): State<Arc<Resource>>) -> Html<String> {
    let rows = [
        (
            "app",
            format!("{} (stage {})", links.app.name, links.app.stage),
        ),
        ("bucket", links.my_bucket.name.clone()),
        ("table", links.my_table.name.clone()),
        (
            "api",
            format!(
                "{} v{}",
                links.api_config.endpoint, links.api_config.version
            ),
        ),
        // `Debug` of a `Secret` is `[redacted]`: the value itself never leaves.
        (
            "session secret",
            format!("{:?}", links.session_secret.value),
        ),
    ];
    let rows: String = rows
        .iter()
        .map(|(k, v)| format!("<tr><th>{k}</th><td>{}</td></tr>\n", escape(v)))
        .collect();
    Html(format!(
        "<!doctype html>\n<title>{}</title>\n<table>\n{rows}</table>\n",
        escape(&links.app.name)
    ))
}

/// `text` safe inside HTML elements.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
