//! Every real `sst-env.d.ts` in `../shared/corpus` (SST apps' generated types) reads
//! into a manifest, except the files listed in `EXPECTED_FAILURES` with the reason.
//! The generated code for these files is compiled and loaded by the facade's
//! `tests/corpus.rs`.

use std::path::PathBuf;

use resource_link::to_toml;
use resource_manifest::{SourceFile, parse_dts, parse_str};

/// Files that cannot be supported, with the exact message they must fail with.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI must have ../shared/corpus"
    );
    eprintln!(
        "\n!!!!!!!! corpus test SKIPPED: ../shared/corpus is not beside this checkout !!!!!!!!\n"
    );
    None
}

#[test]
fn every_corpus_file_reads_or_fails_as_expected() {
    let Some(dir) = corpus() else { return };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".d.ts"))
        .collect();
    files.sort();
    assert!(files.len() >= 60, "{}", files.len());
    let mut passed = 0;
    let mut report = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let parsed = parse_dts(&SourceFile::new(
            name.clone(),
            std::fs::read_to_string(path).unwrap(),
        ));
        let expected = EXPECTED_FAILURES.iter().find(|(f, _)| *f == name);
        match (parsed.diagnostics.first(), expected) {
            (None, None) if parsed.manifest.resources.is_empty() => passed += 1,
            (None, None) => {
                passed += 1;
                // `sst-resources import`: the links.toml it writes reads back the same
                // resources and types, each with at least its properties (a type's
                // resources share one property set: the union, with the ones some lack
                // optional).
                let toml = to_toml(&parsed.manifest);
                match parse_str("links.toml", &toml) {
                    Ok(back) => {
                        let same = back.resources.len() == parsed.manifest.resources.len()
                            && back.resources.iter().zip(&parsed.manifest.resources).all(
                                |(b, a)| {
                                    b.name == a.name
                                        && b.wire_type == a.wire_type
                                        && a.properties.iter().all(|p| {
                                            b.properties
                                                .iter()
                                                .any(|q| q.name == p.name && q.ty == p.ty)
                                        })
                                },
                            );
                        if !same {
                            let diff: Vec<_> = parsed
                                .manifest
                                .resources
                                .iter()
                                .filter(|a| {
                                    !back.resources.iter().any(|b| {
                                        b.name == a.name
                                            && a.properties.iter().all(|p| {
                                                b.properties
                                                    .iter()
                                                    .any(|q| q.name == p.name && q.ty == p.ty)
                                            })
                                    })
                                })
                                .map(|a| format!("{a:?}"))
                                .collect();
                            report.push(format!("{name}: import changed {}", diff.join("\n")));
                        }
                    }
                    Err(e) => report.push(format!(
                        "{name}: imported links.toml does not read: {e}\n{toml}"
                    )),
                }
            }
            (Some(d), Some((_, message))) if d.message == *message => {}
            (Some(d), _) => report.push(format!("{name}: {}", d.render())),
            (None, Some(_)) => report.push(format!(
                "{name}: reads now; remove it from EXPECTED_FAILURES"
            )),
        }
    }
    eprintln!("corpus: {passed} of {} files read", files.len());
    assert!(report.is_empty(), "{}", report.join("\n"));
}
