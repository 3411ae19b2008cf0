//! Replays every fuzz target's committed corpus (`fuzz/corpus/<target>/`) and its
//! regression inputs (`fuzz/regressions/<target>/`, each one a crash, hang or blow-up
//! the fuzzer found and that was fixed) on stable, through the very bodies the fuzz
//! targets run (`fuzz/src/bodies.rs`): no parser panics, every error renders, and no
//! secret reaches an error. Fuzzing itself: `scripts/fuzz.sh TARGET SECONDS`.
#![cfg(feature = "bundle")]

use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../fuzz/src/bodies.rs"]
mod bodies;

/// The loaders the bodies drive, generated as the fuzz crate generates them.
mod generated {
    sst_resources::sst_resources!("fuzz/links.toml");
}

/// Runs `target` on every input it has; fails naming each input that panics.
fn replay(target: &str) {
    let (_, body) = bodies::TARGETS
        .iter()
        .find(|(name, _)| *name == target)
        .expect("a target of bodies::TARGETS");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut failed = Vec::new();
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a readable directory").path();
            let data = std::fs::read(&path).expect("a readable input");
            count += 1;
            let started = Instant::now();
            if std::panic::catch_unwind(|| body(&data)).is_err() {
                failed.push(path.display().to_string());
            }
            // Unoptimized, a corpus input takes milliseconds: seconds is a blow-up.
            let took = started.elapsed();
            if took > Duration::from_secs(10) {
                failed.push(format!("{} (took {took:?})", path.display()));
            }
        }
    }
    assert!(
        count > 0,
        "no corpus for `{target}` under {}",
        root.display()
    );
    assert!(
        failed.is_empty(),
        "`{target}` fails on:\n{}",
        failed.join("\n")
    );
}

#[test]
fn each_fuzz_target_has_a_body() {
    let mut names: Vec<&str> = bodies::TARGETS.iter().map(|(n, _)| *n).collect();
    let mut files: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/fuzz_targets"))
            .expect("fuzz/fuzz_targets")
            .map(|e| {
                let path = e.expect("an entry").path();
                path.file_stem()
                    .expect("a file")
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
    names.sort_unstable();
    files.sort_unstable();
    assert_eq!(
        names, files,
        "each fuzz target has a body, and a test below"
    );
}

macro_rules! replay_tests {
    ($($target:ident)*) => {
        $(
            #[test]
            fn $target() {
                replay(stringify!($target));
            }
        )*
        const TESTED: &[&str] = &[$(stringify!($target)),*];
    };
}

replay_tests! {
    links_toml values_toml sst_env_dts resource_json resources_json bundle
    pulumi_state secret_store dotenv
}

#[test]
fn each_target_has_a_test() {
    let mut tested = TESTED.to_vec();
    let mut names: Vec<&str> = bodies::TARGETS.iter().map(|(n, _)| *n).collect();
    tested.sort_unstable();
    names.sort_unstable();
    assert_eq!(tested, names);
}
