//! Inputs shared by the benchmarks: the JSON SST would link for the generated
//! `benches/manifests/links-N.toml` resources, with realistic property sizes.

#![allow(dead_code)]

use serde_json::{Value, json};

/// The link JSON of resource `i` (same kind cycle as scripts/gen-bench-manifests.py).
/// `notes_len` pads the Linkables' `notes` so bundles reach a target size.
pub fn resource(i: usize, notes_len: usize) -> Value {
    match i % 4 {
        0 => {
            json!({"name": format!("bench-prod-res{i:04}bucket-k3j5h2g8"), "type": "sst.aws.Bucket"})
        }
        1 => {
            json!({"name": format!("bench-prod-Res{i:04}Table-x8d7f6e5"), "type": "sst.aws.Dynamo"})
        }
        2 => {
            json!({"value": format!("sk_live_{i:04}_4eC39HqLyjWDarjtT1zdp7dc"), "type": "sst.sst.Secret"})
        }
        _ => json!({
            "endpoint": format!("https://api-{i}.example.com/v1"),
            "region": "us-east-1",
            "version": "2024-06-01",
            "timeout": 30,
            "retries": 3,
            "ratio": 0.25,
            "enabled": true,
            "tags": ["prod", "critical", "team-payments"],
            "owner": "payments@example.com",
            "notes": "n".repeat(notes_len),
            "type": "sst.sst.Linkable",
        }),
    }
}

/// Every resource of a links-N manifest by name (no `App`), as one JSON object.
pub fn all(n: usize, notes_len: usize) -> Value {
    Value::Object(
        (0..n)
            .map(|i| (format!("Res{i:04}"), resource(i, notes_len)))
            .collect(),
    )
}

/// `SST_RESOURCE_App`.
pub const APP: &str = r#"{"name":"bench","stage":"prod"}"#;
