//! `schema`: links.toml's JSON Schema (`resource_manifest::schema`), printed, or
//! written where Taplo finds it: `links.schema.json` beside the manifest, and a
//! `.taplo.toml` rule pointing every `links.toml` below it at the schema.

use std::path::{Path, PathBuf};

use resource_manifest::schema::{FILE_NAME, schema};

use crate::error::Error;
use crate::opt::SchemaArgs;

/// Taplo's configuration file, which it reads from the folder the editor opened.
const TAPLO: &str = ".taplo.toml";

/// The rule `schema --write` writes (or asks to add): every `links.toml` below the
/// `.taplo.toml`'s folder, against the schema beside it.
fn rule() -> String {
    format!("[[rule]]\ninclude = [\"**/links.toml\"]\n\n[rule.schema]\npath = \"./{FILE_NAME}\"\n")
}

/// The schema printed; with `--write`, what was written, on stderr.
pub fn run(args: SchemaArgs) -> Result<String, Error> {
    let text = schema();
    if !args.write {
        return Ok(text);
    }
    let dir = args
        .manifest
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let shown = |name: &str| -> PathBuf {
        if dir == Path::new(".") {
            PathBuf::from(name)
        } else {
            dir.join(name)
        }
    };
    let path = shown(FILE_NAME);
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        eprintln!("{} is current", path.display());
    } else {
        write(&path, &text)?;
        eprintln!("wrote {}", path.display());
    }
    let taplo = shown(TAPLO);
    match std::fs::read_to_string(&taplo) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let config = format!(
                "# Taplo (VS Code's Even Better TOML, Zed, Helix) checks each links.toml against\n\
                 # the schema `sst-resources schema --write` wrote beside this file.\n{}",
                rule()
            );
            write(&taplo, &config)?;
            eprintln!("wrote {}", taplo.display());
        }
        Err(e) => {
            return Err(Error::new(format_args!(
                "cannot read {}: {e}",
                taplo.display()
            )));
        }
        Ok(config) if config.contains(FILE_NAME) => {
            eprintln!(
                "{} already points links.toml at {FILE_NAME}",
                taplo.display()
            );
        }
        Ok(_) => eprintln!(
            "note: {} is yours, so it is left as it is; add this rule to it (or make `#:schema ./{FILE_NAME}` the first line of links.toml):\n\n{}",
            taplo.display(),
            rule()
        ),
    }
    Ok(String::new())
}

/// Writes `text` beside `path`, then renames it over: never half a file.
fn write(path: &Path, text: &str) -> Result<(), Error> {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| Error::new(format_args!("cannot write {}: {e}", path.display())))
}

/// A warning when `links.schema.json` beside `manifest` is not the schema this
/// command generates (an older sst-resources wrote it), for `check`.
pub fn stale_warning(manifest: &Path) -> Option<String> {
    let path = manifest.with_file_name(FILE_NAME);
    let old = std::fs::read_to_string(&path).ok()?;
    (old != schema()).then(|| {
        format!(
            "warning: {} is not the schema of this sst-resources: the editor may offer what links.toml no longer accepts, or miss what it does\nhelp: sst-resources schema --write --manifest {}",
            path.display(),
            manifest.display()
        )
    })
}
