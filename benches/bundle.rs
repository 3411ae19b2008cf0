//! Loading from SST's encrypted bundle: decrypt + parse + decode of N resources,
//! against decrypting the same file alone (the limit) and against decrypting it and
//! parsing the plaintext with hand-written `#[derive(Deserialize)]` structs (what a
//! careful user would write without us). Run with `cargo bench --bench bundle`.

mod common;

use std::fmt;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserializer as _;
use serde::de::{IgnoredAny, MapAccess, Visitor};
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

/// The hand-written baseline for a bundle: one pass over the plaintext object, each
/// key's resource parsed into its `#[derive(Deserialize)]` struct (the kind is known
/// from the name, as a user's own struct of named fields would know it).
struct HandWritten;

impl<'de> Visitor<'de> for HandWritten {
    type Value = Vec<common::Linked>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of resources")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut linked = Vec::new();
        while let Some(name) = map.next_key::<&str>()? {
            let Some(i) = name
                .strip_prefix("Res")
                .and_then(|n| n.parse::<usize>().ok())
            else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            linked.push(match i % 4 {
                0 | 1 => common::Linked::Named(map.next_value()?),
                2 => common::Linked::Secret(map.next_value()?),
                _ => common::Linked::Config(map.next_value()?),
            });
        }
        Ok(linked)
    }
}

/// Reads and decrypts the bundle file (the plaintext zeroized on drop): the limit.
fn decrypt(key: &BundleKey, path: &Path) -> zeroize::Zeroizing<Vec<u8>> {
    let data = std::fs::read(path).unwrap();
    bundle::open(key, &data, "bench").unwrap()
}

/// Decrypts and parses as [`HandWritten`].
fn hand_written(key: &BundleKey, path: &Path) -> Vec<common::Linked> {
    let plaintext = decrypt(key, path);
    let mut de = serde_json::Deserializer::from_slice(&plaintext);
    let linked = (&mut de).deserialize_map(HandWritten).unwrap();
    de.end().unwrap();
    linked
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
        // The baseline does all the work: every resource parsed into its struct.
        assert_eq!(hand_written(&key, &path).len(), n);
        eprintln!("bundle {label}: {n} resources, {size} bytes");
        group.throughput(Throughput::Bytes(size as u64));
        let id = format!("{label}/{n}");
        group.bench_function(BenchmarkId::new("decrypt_only", &id), |b| {
            b.iter(|| decrypt(&key, &path))
        });
        group.bench_function(BenchmarkId::new("decrypt_serde_structs", &id), |b| {
            b.iter(|| hand_written(&key, &path))
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
