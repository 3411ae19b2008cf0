//! The typed AWS handles (feature `aws`): each sets its resource's linked name on the
//! SDK's request, the runtime's operations are `resource_manifest::operations`', and
//! this test binary's `.sst_links` section holds exactly the calls its code makes
//! (a method no code calls, and a resource no code touches, record nothing).

sst_resources::sst_resources!("tests/fixtures/aws_handles.toml", function = "Api");

use std::collections::BTreeSet;

use resource_manifest::operations::{FUNCTION_RECORD, OPERATIONS, resource_id};
use sst_resources::aws;

fn links() -> Resource {
    let source = sst_resources::MapSource::new()
        .app("handles", "test")
        .resource("Uploads", r#"{"name":"uploads-bucket"}"#)
        .resource("Orders", r#"{"name":"orders-table"}"#)
        .resource("Jobs", r#"{"url":"https://sqs.us-east-1.amazonaws.com/123456789012/jobs"}"#)
        .resource("Alerts", r#"{"arn":"arn:aws:sns:us-east-1:123456789012:alerts"}"#)
        .resource("Events", r#"{"name":"events-bus","arn":"arn:aws:events:us-east-1:123456789012:event-bus/events-bus"}"#)
        .resource("Worker", r#"{"name":"worker-fn"}"#)
        .resource("Unused", r#"{"name":"unused-bucket"}"#);
    Resource::from_source(&source).expect("the links load")
}

/// A client of each SDK: no credentials, no HTTP client, no retries, no stalled-stream
/// protection, no identity cache (each needs a sleep, which no default feature brings):
/// nothing is sent.
macro_rules! client {
    ($sdk:ident) => {
        $sdk::Client::from_conf(
            $sdk::Config::builder()
                .behavior_version(latest_behavior())
                .region($sdk::config::Region::new("us-east-1"))
                .retry_config($sdk::config::retry::RetryConfig::disabled())
                .stalled_stream_protection($sdk::config::StalledStreamProtectionConfig::disabled())
                .identity_cache($sdk::config::IdentityCache::no_cache())
                .build(),
        )
    };
}

fn latest_behavior() -> aws_sdk_s3::config::BehaviorVersion {
    aws_sdk_s3::config::BehaviorVersion::latest()
}

#[test]
fn each_handle_sets_the_linked_name() {
    let r = links();
    let s3 = client!(aws_sdk_s3);
    let bucket = r.uploads.s3(&s3);
    assert_eq!(bucket.name(), "uploads-bucket");
    assert_eq!(
        bucket.put_object().get_bucket().as_deref(),
        Some("uploads-bucket")
    );
    assert_eq!(
        bucket.get_object().get_bucket().as_deref(),
        Some("uploads-bucket")
    );
    assert_eq!(
        bucket.list_objects_v2().get_bucket().as_deref(),
        Some("uploads-bucket")
    );
    let dynamo = client!(aws_sdk_dynamodb);
    let table = r.orders.dynamodb(&dynamo);
    assert_eq!(
        table.put_item().get_table_name().as_deref(),
        Some("orders-table")
    );
    assert_eq!(
        table.query().get_table_name().as_deref(),
        Some("orders-table")
    );
    let sqs = client!(aws_sdk_sqs);
    assert_eq!(
        r.jobs.sqs(&sqs).send_message().get_queue_url().as_deref(),
        Some("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")
    );
    let sns = client!(aws_sdk_sns);
    assert_eq!(
        r.alerts.sns(&sns).publish().get_topic_arn().as_deref(),
        Some("arn:aws:sns:us-east-1:123456789012:alerts")
    );
    let events = client!(aws_sdk_eventbridge);
    let bus = r.events.eventbridge(&events);
    let entry = bus.entry().source("orders").build();
    assert_eq!(entry.event_bus_name(), Some("events-bus"));
    let put = bus.put_events().entries(entry);
    assert_eq!(put.get_entries().as_ref().map(Vec::len), Some(1));
    let lambda = client!(aws_sdk_lambda);
    assert_eq!(
        r.worker
            .lambda(&lambda)
            .invoke()
            .get_function_name()
            .as_deref(),
        Some("worker-fn")
    );
    // A handle is a copy of two references; its Debug names the resource, no client.
    let copy = bucket;
    assert_eq!(
        format!("{copy:?}"),
        r#"Bucket { name: "uploads-bucket", .. }"#
    );
}

/// The calls `each_handle_sets_the_linked_name` makes, as `(resource, operation)`.
const CALLED: &[(&str, &str)] = &[
    ("Uploads", "PutObject"),
    ("Uploads", "GetObject"),
    ("Uploads", "ListObjectsV2"),
    ("Orders", "PutItem"),
    ("Orders", "Query"),
    ("Jobs", "SendMessage"),
    ("Alerts", "Publish"),
    ("Events", "PutEvents"),
    ("Worker", "Invoke"),
];

#[test]
fn the_runtime_operations_are_the_manifests() {
    let runtime: BTreeSet<(&str, &str, u16, &str)> = [
        aws::s3::OPERATIONS,
        aws::dynamodb::OPERATIONS,
        aws::sqs::OPERATIONS,
        aws::sns::OPERATIONS,
        aws::eventbridge::OPERATIONS,
        aws::lambda::OPERATIONS,
    ]
    .concat()
    .into_iter()
    .collect();
    let manifest: BTreeSet<(&str, &str, u16, &str)> = OPERATIONS
        .iter()
        .map(|o| (o.handle, o.name, o.id, o.method))
        .collect();
    assert_eq!(runtime, manifest);
}

#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
fn this_binary_records_exactly_the_calls_its_code_makes() {
    use object::{Object, ObjectSection};
    let exe = std::fs::read(std::env::current_exe().unwrap()).unwrap();
    let file = object::File::parse(&*exe).unwrap();
    let data = file
        .section_by_name(".sst_links")
        .expect("the test binary has a .sst_links section")
        .data()
        .unwrap();
    assert_eq!(data.len() % 16, 0, "16-byte records");
    let mut recorded = BTreeSet::new();
    for record in data.chunks(16) {
        assert_eq!(&record[..6], b"SSTL\x01\x00", "magic and format 1");
        let op = u16::from_le_bytes([record[6], record[7]]);
        let resource = u64::from_le_bytes(record[8..16].try_into().unwrap());
        recorded.insert((resource, op));
    }
    // And the record of whose links it loads: function Api's (`from_source`).
    let expected: BTreeSet<(u64, u16)> = CALLED
        .iter()
        .map(|(resource, name)| {
            let op = OPERATIONS.iter().find(|o| o.name == *name).unwrap();
            (resource_id(resource), op.id)
        })
        .chain([(resource_id("Api"), FUNCTION_RECORD)])
        .collect();
    assert_eq!(recorded, expected);
}
