//! SST's record of a stage, gathered for `import --deployed`, `check --deployed` and
//! `run`/`env --deployed --function`: the checkpoint in SST's home (LinkRefs, each
//! Function's `_live`, each dev component's `_dev`), then each function built on
//! this machine from its sealed bundle, `.sst/artifacts/<Function>-src/resource.enc`
//! (`-dev` under `sst dev`; `pkg/runtime/runtime.go`), opened with the stage's
//! `LambdaEncryptionKey`. Owns where to look; the formats are resource-home's and
//! the interpretation `resource_link::deployed`'s.

use std::path::{Path, PathBuf};

use resource_link::deployed::{Record, Target};

use crate::error::Error;
use crate::home;

/// The record opens the secrets its links hold (and reads the bundle key): it is what
/// a process linking them is given.
const OPEN_SECRETS: bool = true;

/// SST's record of `app` on `stage` in the home `kind`, with the bundles under
/// `sst_dir` (`.sst`) when it exists and the stage has a bundle key.
pub fn record(
    kind: home::HomeKind,
    app: &str,
    stage: &str,
    sst_dir: Option<&Path>,
) -> Result<Record, Error> {
    home::check_segment("app", app)?;
    let home = home::open(kind)?;
    let checkpoint = resource_home::state::checkpoint(
        home.as_ref(),
        app,
        stage,
        home::passphrase_from_env(),
        OPEN_SECRETS,
    )
    .map_err(home::error(kind))?;
    let mut record = Record {
        app: app.to_owned(),
        stage: stage.to_owned(),
        source: home.location(resource_home::Document {
            key: "app",
            app,
            stage,
        }),
        links: checkpoint.links,
        includes: checkpoint.includes,
        secret_paths: checkpoint.secret_paths,
        ..Record::default()
    };
    for c in &checkpoint.records {
        record.add_output(&c.name, &c.component, c.output, &c.record);
    }
    if let (Some(dir), Some(key)) = (sst_dir, &checkpoint.bundle_key) {
        for target in bundles(&dir.join("artifacts"), key)? {
            record.add_target(target);
        }
    }
    Ok(record)
}

/// Each function bundle under `artifacts` (`<Function>-src/resource.enc`, and
/// `<Function>-dev/resource.enc` from `sst dev`), opened with `key`, in name order.
/// A bundle this key does not open belongs to another stage's build and is skipped.
fn bundles(artifacts: &Path, key: &str) -> Result<Vec<Target>, Error> {
    let Ok(entries) = std::fs::read_dir(artifacts) else {
        return Ok(Vec::new());
    };
    let key = resource_runtime::bundle::BundleKey::from_base64(key)
        .map_err(|e| Error::new(format_args!("the stage's LambdaEncryptionKey: {e}")))?;
    let mut dirs: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let function = name
                .strip_suffix("-src")
                .or_else(|| name.strip_suffix("-dev"))?;
            Some((function.to_owned(), e.path().join("resource.enc")))
        })
        .filter(|(_, path)| path.is_file())
        .collect();
    dirs.sort();
    let mut out = Vec::new();
    for (function, path) in dirs {
        let shown = path.display().to_string();
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::new(format_args!("cannot read {shown}: {e}")))?;
        let Ok(plain) = resource_runtime::bundle::open(&key, &bytes, &shown) else {
            continue;
        };
        let links: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(&plain)
            .map_err(|e| {
                Error::new(format_args!(
                    "{shown} opens but is not SST's JSON of links (line {}, column {})",
                    e.line(),
                    e.column()
                ))
            })?;
        out.push(Target::from_bundle(
            &function,
            links.keys().cloned().collect(),
            &shown,
        ));
    }
    Ok(out)
}

/// The `.sst` directory of the SST app `start` (a file or directory) belongs to:
/// the nearest one among it and its ancestors.
pub fn find_sst_dir(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).ok()?;
    start
        .ancestors()
        .map(|d| d.join(".sst"))
        .find(|d| d.is_dir())
}

/// What to say when SST has no per-function record for the stage.
pub fn no_targets_note(stage: &str) -> String {
    format!(
        "note: SST has no per-function record for stage `{stage}`: it writes one when the stage runs with `sst dev` (each Function's `_live`, each dev component's `_dev`) or is built on this machine (.sst/artifacts/<Function>-src/resource.enc); checked types and properties only"
    )
}
