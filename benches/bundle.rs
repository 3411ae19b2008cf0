//! Loading from SST's encrypted bundle: decrypt + parse + decode of N resources,
//! against decrypting the same file alone (the limit). Run with
//! `cargo bench --bench bundle`.

mod common;

use std::path::PathBuf;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sst_resources::MapSource;
use sst_resources::bundle::{self, BundleKey};

mod n1000 {
    sst_resources::sst_resources!("benches/manifests/links-1000.toml");
}
mod n100 {
    sst_resources::sst_resources!("benches/manifests/links-100.toml");
}
mod n10 {
    sst_resources::sst_resources!("benches/manifests/links-10.toml");
}

/// Writes a bundle of `n` resources padded towards `target` bytes; returns the
/// source a Lambda would see, the file and its key.
fn lambda(n: usize, target: usize) -> (MapSource, PathBuf, BundleKey, usize) {
    let linkables = n.div_ceil(4);
    let base = serde_json::to_vec(&common::all(n, 0)).unwrap().len();
    let notes = target.saturating_sub(base) / linkables;
    let dir = std::env::temp_dir().join(format!("sst-resources-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("resource-{n}.enc"));
    let key = bundle::write(&path, &common::all(n, notes)).unwrap();
    let size = std::fs::metadata(&path).unwrap().len() as usize;
    let source = MapSource::new()
        .var("SST_RESOURCE_App", common::APP)
        .var("SST_KEY", key.expose_base64())
        .var("SST_KEY_FILE", path.display().to_string());
    (source, path, key, size)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("bundle");
    for (n, target, label) in [
        (10, 1 << 10, "1KB"),
        (100, 100 << 10, "100KB"),
        (1000, 1 << 20, "1MB"),
    ] {
        let (source, path, key, size) = lambda(n, target);
        eprintln!("bundle {label}: {n} resources, {size} bytes");
        group.throughput(Throughput::Bytes(size as u64));
        let id = format!("{label}/{n}");
        group.bench_function(BenchmarkId::new("decrypt_only", &id), |b| {
            b.iter(|| {
                let data = std::fs::read(&path).unwrap();
                bundle::open(&key, &data, "bench").unwrap()
            })
        });
        group.bench_function(BenchmarkId::new("load", &id), |b| match n {
            10 => b.iter(|| n10::Resource::from_source(&source).unwrap()),
            100 => b.iter(|| n100::Resource::from_source(&source).unwrap()),
            _ => b.iter(|| n1000::Resource::from_source(&source).unwrap()),
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
