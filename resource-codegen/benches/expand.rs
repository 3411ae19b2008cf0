//! What the proc-macro does per call, without rustc around it: read the manifest,
//! validate it, and emit the tokens, for 10, 100 and 1,000 links.
//! Run with `cargo bench -p resource-codegen`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use resource_codegen::{Options, expand};
use resource_manifest::{SourceFile, parse_any};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("macro_expansion");
    for n in [10, 100, 1000] {
        let path = format!(
            "{}/../benches/manifests/links-{n}.toml",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap();
        group.bench_function(BenchmarkId::new("parse_validate_expand", n), |b| {
            b.iter(|| {
                let parsed = parse_any(&SourceFile::new("links.toml", black_box(text.as_str())));
                expand(&parsed.manifest, &parsed.diagnostics, &Options::default())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
