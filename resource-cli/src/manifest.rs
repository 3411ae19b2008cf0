//! Reading a manifest for a command: `resource_manifest::load`, and its problems
//! rendered as one [`Error`] (every diagnostic, then `error: N problems in FILE`).

use std::path::Path;

use resource_manifest::{Diagnostic, Manifest, Parsed, SourceFile};

use crate::error::{Error, plural};

/// Reads, parses and checks a manifest; `Err` is every problem.
pub fn read_manifest(path: &Path) -> Result<Manifest, Error> {
    let (_, parsed) = read_source(path)?;
    checked(parsed)
}

/// Reads and parses a manifest (an `sst-env.d.ts` with the files it references),
/// keeping the text of the file the manifest is named after (lints quote it).
pub fn read_source(path: &Path) -> Result<(SourceFile, Parsed), Error> {
    let name = path.display().to_string();
    let loaded = resource_manifest::load(path, &name).map_err(unreadable)?;
    let parsed = loaded.parsed;
    let files: Vec<SourceFile> = loaded.files.into_iter().map(|(_, f)| f).collect();
    let file = files
        .iter()
        .find(|f| f.name() == parsed.manifest.file)
        .or(files.first())
        .cloned()
        .unwrap_or_else(|| SourceFile::new(name, ""));
    Ok((file, parsed))
}

/// A manifest that cannot be read; when it is not there, where the command looks.
pub fn unreadable(e: resource_manifest::ReadError) -> Error {
    let missing = matches!(&e, resource_manifest::ReadError::Io { source, .. }
        if source.kind() == std::io::ErrorKind::NotFound);
    let error = Error::new(e);
    if missing {
        error.help(
            "run it where links.toml is, or pass --manifest <path> (links.toml, or SST's \
             sst-env.d.ts); `sst-resources import sst-env.d.ts > links.toml` writes one",
        )
    } else {
        error
    }
}

/// The manifest when it has no problems; else every problem.
pub fn checked(parsed: Parsed) -> Result<Manifest, Error> {
    if parsed.diagnostics.is_empty() {
        Ok(parsed.manifest)
    } else {
        Err(problems(&parsed.diagnostics, &parsed.manifest.file))
    }
}

/// Every diagnostic, rendered, then `error: N problem(s) in FILE`.
pub fn problems(diagnostics: &[Diagnostic], file: &str) -> Error {
    let rendered = diagnostics.iter().map(Diagnostic::render).collect();
    Error::new(format_args!(
        "{} in {file}",
        plural(diagnostics.len(), "problem")
    ))
    .after(rendered)
}
