//! A typed AWS handle's request against the same request written by hand: the SDK's
//! fluent builder with the linked name set (`links.my_bucket.s3(&client).put_object()`
//! against `client.put_object().bucket(&links.my_bucket.name)`), then a key. What the
//! handle adds at run time is nothing: its grant check is a trait bound and its record
//! is data in `.sst_links`. Nothing is sent. Run with `cargo bench --bench handles`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};

sst_resources::sst_resources!("tests/fixtures/aws_handles.toml", function = "Api");

macro_rules! client {
    ($sdk:ident) => {
        $sdk::Client::from_conf(
            $sdk::Config::builder()
                .behavior_version($sdk::config::BehaviorVersion::latest())
                .region($sdk::config::Region::new("us-east-1"))
                .retry_config($sdk::config::retry::RetryConfig::disabled())
                .stalled_stream_protection($sdk::config::StalledStreamProtectionConfig::disabled())
                .identity_cache($sdk::config::IdentityCache::no_cache())
                .build(),
        )
    };
}

fn requests(c: &mut Criterion) {
    let source = sst_resources::MapSource::new()
        .app("handles", "bench")
        .resource("Uploads", r#"{"name":"uploads-bucket"}"#)
        .resource("Orders", r#"{"name":"orders-table"}"#)
        .resource(
            "Jobs",
            r#"{"url":"https://sqs.us-east-1.amazonaws.com/123456789012/jobs"}"#,
        )
        .resource(
            "Alerts",
            r#"{"arn":"arn:aws:sns:us-east-1:123456789012:alerts"}"#,
        )
        .resource(
            "Events",
            r#"{"name":"bus","arn":"arn:aws:events:us-east-1:1:event-bus/bus"}"#,
        )
        .resource("Worker", r#"{"name":"worker-fn"}"#)
        .resource("Unused", r#"{"name":"unused"}"#);
    let links = Resource::from_source(&source).unwrap();
    let s3 = client!(aws_sdk_s3);
    let dynamo = client!(aws_sdk_dynamodb);
    let mut group = c.benchmark_group("put_object");
    group.bench_function("by_hand", |b| {
        b.iter(|| {
            let links = black_box(&links);
            s3.put_object()
                .bucket(&links.uploads.name)
                .key(black_box("a.txt"))
        })
    });
    group.bench_function("handle", |b| {
        b.iter(|| {
            let links = black_box(&links);
            links.uploads.s3(&s3).put_object().key(black_box("a.txt"))
        })
    });
    group.finish();
    let mut group = c.benchmark_group("get_item");
    group.bench_function("by_hand", |b| {
        b.iter(|| {
            let links = black_box(&links);
            dynamo
                .get_item()
                .table_name(&links.orders.name)
                .consistent_read(black_box(true))
        })
    });
    group.bench_function("handle", |b| {
        b.iter(|| {
            let links = black_box(&links);
            links
                .orders
                .dynamodb(&dynamo)
                .get_item()
                .consistent_read(black_box(true))
        })
    });
    group.finish();
}

criterion_group!(benches, requests);
criterion_main!(benches);
