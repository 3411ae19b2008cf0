//! Inputs shared by the benchmarks: the JSON SST would link for the generated
//! `benches/manifests/links-N.toml` resources, with realistic property sizes.

#![allow(dead_code)]

use std::collections::HashMap;

use serde::Deserialize;
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

// The hand-written baseline: what a careful user would write per component type.
#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Named {
    name: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct SecretValue {
    value: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct Config {
    pub endpoint: String,
    pub region: String,
    pub version: String,
    pub timeout: i64,
    pub retries: i64,
    pub ratio: f64,
    pub enabled: bool,
    pub tags: Vec<String>,
    pub owner: String,
    pub notes: String,
}

#[allow(dead_code)]
pub enum Linked {
    Named(Named),
    Secret(SecretValue),
    Config(Config),
}

#[derive(Deserialize)]
#[allow(dead_code)]
pub struct AppLink {
    name: String,
    stage: String,
}

/// The baseline load: each variable looked up by name and parsed into its struct.
pub fn serde_load(vars: &HashMap<String, String>, names: &[String]) -> (AppLink, Vec<Linked>) {
    let app = serde_json::from_str(&vars["SST_RESOURCE_App"]).unwrap();
    let linked = names
        .iter()
        .enumerate()
        .map(|(i, var)| {
            let json = &vars[var];
            match i % 4 {
                0 | 1 => Linked::Named(serde_json::from_str(json).unwrap()),
                2 => Linked::Secret(serde_json::from_str(json).unwrap()),
                _ => Linked::Config(serde_json::from_str(json).unwrap()),
            }
        })
        .collect();
    (app, linked)
}

/// N `SST_RESOURCE_*` variables (Linkables' notes: 200 bytes) plus App, and the
/// variable names in order.
pub fn environment(n: usize) -> (HashMap<String, String>, Vec<String>) {
    let mut vars: HashMap<String, String> = (0..n)
        .map(|i| {
            (
                format!("SST_RESOURCE_Res{i:04}"),
                resource(i, 200).to_string(),
            )
        })
        .collect();
    vars.insert("SST_RESOURCE_App".into(), APP.into());
    let names = (0..n).map(|i| format!("SST_RESOURCE_Res{i:04}")).collect();
    (vars, names)
}
