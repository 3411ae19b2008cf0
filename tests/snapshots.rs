//! The generated-code snapshots of resource-codegen (`resource-codegen/tests/snapshots/`,
//! reviewed like code) compile against this facade and load: a snapshot that drifts
//! from what the runtime offers fails here, not in a user's build.

#[allow(dead_code)]
mod all {
    include!("../resource-codegen/tests/snapshots/all.rs");
}

#[allow(dead_code)]
mod upload {
    include!("../resource-codegen/tests/snapshots/upload.rs");
}

use serde_json::json;
use sst_resources::MapSource;

fn source() -> MapSource {
    MapSource::new()
        .app("shop", "dev")
        .resource("MyBucket", json!({"name": "b", "type": "sst.aws.Bucket"}))
        .resource("StripeKey", json!({"value": "sk", "type": "sst.sst.Secret"}))
        .resource(
            "ApiConfig",
            json!({"endpoint": "https://x", "type_hint": "h", "loop": true, "servers": ["a"], "redis": {"host": "r", "tls": {"enabled": true}}, "type": "sst.sst.Linkable"}),
        )
}

#[test]
fn the_whole_app_snapshot_loads() {
    let r = all::Resource::from_source(&source()).unwrap();
    assert_eq!(r.my_bucket.name, "b");
    assert_eq!(r.stripe_key.value.expose(), "sk");
    assert_eq!(r.api_config.timeout, None);
    assert!(r.api_config.redis.tls.enabled);
}

#[test]
fn the_function_snapshot_loads_only_its_links() {
    let r = upload::Resource::from_source(&source()).unwrap();
    assert_eq!(r.api_config.servers, ["a"]);
    assert_eq!(r.app.stage, "dev");
}
