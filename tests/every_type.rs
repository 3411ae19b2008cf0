//! Every built-in component type generates code that compiles and loads from the JSON
//! SST links for it, with its optional properties absent.

use serde_json::{Value, json};
use sst_resources::MapSource;

sst_resources::sst_resources!("tests/fixtures/every-type.toml");

#[test]
fn every_builtin_type_loads() {
    let manifest = resource_manifest::parse_str(
        "every-type.toml",
        &std::fs::read_to_string("tests/fixtures/every-type.toml").unwrap(),
    )
    .unwrap();
    let mut source = MapSource::new().app("every", "dev");
    for r in &manifest.resources {
        let mut object = serde_json::Map::new();
        for p in r.properties.iter().filter(|p| !p.optional) {
            use resource_manifest::PropertyType as T;
            let value = match &p.ty {
                T::Integer => json!(5432),
                T::Number => json!(1.5),
                T::Boolean => json!(true),
                T::Json => json!({"any": [1]}),
                T::List(_) => json!([format!("{}-{}", r.name, p.name)]),
                _ => json!(format!("{}-{}", r.name, p.name)),
            };
            object.insert(p.name.clone(), value);
        }
        object.insert("type".into(), Value::String(r.wire_type.clone()));
        source = source.resource(&r.name, Value::Object(object));
    }
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r.aws_aurora.cluster_arn, "awsAurora-clusterArn");
    assert_eq!(r.aws_aurora.port, 5432);
    assert_eq!(r.aws_aurora.reader, None);
    assert_eq!(r.aws_postgres.password.expose(), "awsPostgres-password");
    assert_eq!(r.aws_function.url, None);
    // Optional: inside a Worker a D1 database is only a binding.
    assert_eq!(r.cloudflare_d1.database_id, None);
    assert_eq!(r.aws_api_gateway_v2.url, "awsApiGatewayV2-url");
    assert_eq!(r.aws_task.containers, ["awsTask-containers"]);
    assert!(r.aws_task.assign_public_ip);
    assert!(r.aws_dsql.peer.is_none());
    assert_eq!(r.aws_workflow.qualifier, "awsWorkflow-qualifier");
    assert_eq!(
        r.aws_api_gateway_v1_api_key.value.expose(),
        "awsApiGatewayV1ApiKey-value"
    );
    assert_eq!(r.cloudflare_hyperdrive.id, None);
    assert_eq!(Resource::LINKED.len(), manifest.resources.len());
    assert_eq!(
        manifest.resources.len(),
        resource_manifest::catalogue::BUILTIN.len()
    );
}
