//! Loading N linked resources from `SST_RESOURCE_*` variables, against the limit: the
//! same JSON strings parsed by hand-written `#[derive(Deserialize)]` structs. And the
//! cost of reading a property once loaded, against a struct field read and against an
//! SST-Go-SDK-style lookup (map by name, then JSON value by key).
//! Run with `cargo bench --bench load`.

mod common;

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use sst_resources::MapSource;

mod n1000 {
    sst_resources::sst_resources!("benches/manifests/links-1000.toml");
}
mod n100 {
    sst_resources::sst_resources!("benches/manifests/links-100.toml");
}
mod n10 {
    sst_resources::sst_resources!("benches/manifests/links-10.toml");
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("load");
    for n in [10, 100, 1000] {
        let (vars, names) = common::environment(n);
        let source: MapSource = vars.clone().into_iter().collect();
        group.bench_function(BenchmarkId::new("serde_structs", n), |b| {
            b.iter(|| common::serde_load(black_box(&vars), &names))
        });
        group.bench_function(BenchmarkId::new("sst_resources", n), |b| match n {
            10 => b.iter(|| n10::Resource::from_source(black_box(&source)).unwrap()),
            100 => b.iter(|| n100::Resource::from_source(black_box(&source)).unwrap()),
            _ => b.iter(|| n1000::Resource::from_source(black_box(&source)).unwrap()),
        });
    }
    group.finish();
}

fn access(c: &mut Criterion) {
    let (vars, _) = common::environment(1000);
    let source: MapSource = vars.clone().into_iter().collect();
    let typed = n1000::Resource::from_source(&source).unwrap();
    let plain = common::Config {
        endpoint: typed.res0999.endpoint.clone(),
        region: String::new(),
        version: String::new(),
        timeout: typed.res0999.timeout,
        retries: 0,
        ratio: 0.0,
        enabled: true,
        tags: Vec::new(),
        owner: String::new(),
        notes: String::new(),
    };
    // SST's Go SDK style: resources by name, properties as JSON values.
    let by_name: HashMap<String, serde_json::Value> = vars
        .iter()
        .map(|(k, v)| {
            (
                k["SST_RESOURCE_".len()..].to_owned(),
                serde_json::from_str(v).unwrap(),
            )
        })
        .collect();
    let mut group = c.benchmark_group("access");
    group.bench_function("sst_resources_field", |b| {
        b.iter(|| black_box(&typed).res0999.timeout)
    });
    group.bench_function("plain_struct_field", |b| {
        b.iter(|| black_box(&plain).timeout)
    });
    group.bench_function("map_then_json_lookup", |b| {
        b.iter(|| black_box(&by_name)["Res0999"]["timeout"].as_i64().unwrap())
    });
    // A workspace's shared code reading a link through `Linked` (generic, as a shared
    // crate's function is), beside the field read of the same function's `Resource`.
    let links = MapSource::new()
        .app("shop", "bench")
        .resource("Orders", r#"{"name":"orders-table"}"#)
        .resource("EventBus", r#"{"name":"bus","arn":"arn"}"#);
    let api = workspace_api::Resource::from_source(&links).unwrap();
    group.bench_function("workspace_field", |b| {
        b.iter(|| black_box(&api).orders.name.len())
    });
    group.bench_function("workspace_linked", |b| {
        b.iter(|| order_name_len(black_box(&api)))
    });
    group.finish();
}

/// What a shared crate's function does with its links.
fn order_name_len(links: &impl shop_links::Linked<shop_links::resource::Orders>) -> usize {
    shop_links::resource::Orders::of(links).name.len()
}

mod workspace_api {
    sst_resources::sst_resources!(
        "examples/workspace/links.toml",
        function = "Api",
        types = shop_links
    );
}

criterion_group!(benches, load, access);
criterion_main!(benches);
