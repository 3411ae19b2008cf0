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

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use axum::http::{Request, StatusCode};
    use sst_resources::MapSource;
    use tower::ServiceExt;

    use super::{Resource, router};

    const SECRET: &str = "sess_9f8e7d6c5b4a";

    #[tokio::test]
    async fn the_page_shows_the_links_and_never_the_secret() {
        let links = MapSource::new()
            .app("my-app", "test")
            .resource("MyBucket", r#"{"name":"test-bucket"}"#)
            .resource("MyTable", r#"{"name":"test-table"}"#)
            .resource("SessionSecret", format!(r#"{{"value":"{SECRET}"}}"#))
            .resource(
                "ApiConfig",
                r#"{"endpoint":"http://localhost:8080/?a=1&b=<2>","version":"2024-06-01"}"#,
            );
        let links = Resource::from_source(&links).expect("every link is given");
        let response = router(links)
            .oneshot(Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let page = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        let page = String::from_utf8(page.to_vec()).unwrap();
        for shown in [
            "<tr><th>app</th><td>my-app (stage test)</td></tr>",
            "<tr><th>bucket</th><td>test-bucket</td></tr>",
            "<tr><th>table</th><td>test-table</td></tr>",
            "<tr><th>api</th><td>http://localhost:8080/?a=1&amp;b=&lt;2&gt; v2024-06-01</td></tr>",
            "<tr><th>session secret</th><td>[redacted]</td></tr>",
        ] {
            assert!(
                page.contains(shown),
                "{shown:?} is not in the page:\n{page}"
            );
        }
        assert!(!page.contains(SECRET), "the page shows the secret:\n{page}");
        assert!(
            !page.contains("sess_"),
            "the page shows part of the secret:\n{page}"
        );
    }

    #[tokio::test]
    async fn other_paths_are_not_found() {
        let response = router(Resource::default())
            .oneshot(Request::get("/secret").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}
