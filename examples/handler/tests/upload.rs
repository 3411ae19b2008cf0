//! `upload`, the handler's core, called directly (no Lambda emulator) with the real AWS
//! SDK clients pointed at a fake AWS endpoint that records what they send.
//! `scripts/e2e.sh` runs the same code against moto, with IAM enforced.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{post, put};
use handler_demo::{Clients, Resource, Upload, sign, upload};
use sst_resources::MapSource;

const SECRET: &str = "sk_live_do_not_leak";

/// What reached the fake AWS: S3 PutObjects (path, body) and DynamoDB calls (target, JSON).
#[derive(Debug, Default)]
struct Seen {
    objects: Vec<(String, String)>,
    dynamo: Vec<(String, serde_json::Value)>,
    raw: Vec<String>,
}

type Shared = Arc<Mutex<Seen>>;

async fn put_object(
    State(seen): State<Shared>,
    Path(path): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, [(&'static str, &'static str); 1]) {
    let mut seen = seen.lock().unwrap();
    seen.raw.push(format!("{headers:?}"));
    seen.objects
        .push((path, String::from_utf8_lossy(&body).into_owned()));
    (StatusCode::OK, [("etag", "\"0\"")])
}

async fn dynamo(
    State(seen): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> (StatusCode, [(&'static str, &'static str); 1], &'static str) {
    let target = headers
        .get("x-amz-target")
        .and_then(|t| t.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let mut seen = seen.lock().unwrap();
    seen.raw.push(format!("{headers:?}"));
    seen.dynamo
        .push((target, serde_json::from_slice(&body).unwrap()));
    (
        StatusCode::OK,
        [("content-type", "application/x-amz-json-1.0")],
        "{}",
    )
}

/// A fake AWS endpoint on a free port: `PUT /{bucket}/{key}` is S3 (path style),
/// `POST /` is DynamoDB.
async fn fake_aws() -> (String, Shared) {
    let seen = Shared::default();
    let app = Router::new()
        .route("/{*path}", put(put_object))
        .route("/", post(dynamo))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (endpoint, seen)
}

fn clients(endpoint: &str) -> Clients {
    let credentials = aws_sdk_s3::config::Credentials::new("AKIDTEST", "test", None, None, "test");
    let region = aws_sdk_s3::config::Region::new("us-east-1");
    let s3 = aws_sdk_s3::Config::builder()
        .behavior_version(aws_sdk_s3::config::BehaviorVersion::latest())
        .region(region.clone())
        .credentials_provider(credentials.clone())
        .endpoint_url(endpoint)
        .force_path_style(true)
        .build();
    let dynamo = aws_sdk_dynamodb::Config::builder()
        .behavior_version(aws_sdk_dynamodb::config::BehaviorVersion::latest())
        .region(region)
        .credentials_provider(credentials)
        .endpoint_url(endpoint)
        .build();
    Clients {
        s3: aws_sdk_s3::Client::from_conf(s3),
        dynamo: aws_sdk_dynamodb::Client::from_conf(dynamo),
    }
}

fn links() -> Resource {
    let source = MapSource::new()
        .app("my-app", "test")
        .resource("MyBucket", r#"{"name":"test-bucket"}"#)
        .resource("MyTable", r#"{"name":"test-table"}"#)
        .resource("SigningKey", format!(r#"{{"value":"{SECRET}"}}"#));
    Resource::from_source(&source).expect("every link is given")
}

#[tokio::test]
async fn upload_puts_the_object_and_a_signed_item_into_the_linked_resources() {
    let (endpoint, seen) = fake_aws().await;
    let event = Upload {
        key: "file.txt".into(),
        body: "hello".into(),
    };
    let done = upload(&links(), &clients(&endpoint), event).await.unwrap();

    let signature = sign(SECRET, "hello");
    assert_eq!(done.object, "s3://test-bucket/file.txt");
    assert_eq!(done.table, "test-table");
    assert_eq!(done.signature, signature);

    let seen = seen.lock().unwrap();
    assert_eq!(
        seen.objects,
        [("test-bucket/file.txt".to_owned(), "hello".to_owned())]
    );
    assert_eq!(seen.dynamo.len(), 1, "{:?}", seen.dynamo);
    let (target, request) = &seen.dynamo[0];
    assert_eq!(target, "DynamoDB_20120810.PutItem");
    assert_eq!(
        request,
        &serde_json::json!({
            "TableName": "test-table",
            "Item": {
                "pk": {"S": "file.txt"},
                "object": {"S": "s3://test-bucket/file.txt"},
                "size": {"N": "5"},
                "signature": {"S": signature},
                "stage": {"S": "test"},
            }
        })
    );
    // The secret signs the item; it is never sent, in a body or a header.
    let everything = format!("{:?}", *seen);
    assert!(!everything.contains(SECRET), "{everything}");
}

#[tokio::test]
async fn a_failed_call_is_an_error_naming_it() {
    // Nothing listens there: a port just freed.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let event = Upload {
        key: "file.txt".into(),
        body: "hello".into(),
    };
    let error = upload(&links(), &clients(&endpoint), event)
        .await
        .unwrap_err()
        .to_string();
    assert!(error.starts_with("PutObject failed: "), "{error}");
    assert!(!error.contains(SECRET), "{error}");
}
