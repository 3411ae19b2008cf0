//! The `links.toml` manifest of sst-resources: its data model ([`Manifest`]), the
//! reader that parses and validates it with precise diagnostics, and the
//! [`catalogue`] of SST's built-in component types. Shared by the macro and the CLI;
//! generates no code.
//!
//! ```
//! let manifest = resource_manifest::parse_str(
//!     "links.toml",
//!     r#"
//! [resources.MyBucket]
//! type = "sst.aws.Bucket"
//! "#,
//! )
//! .unwrap();
//! let bucket = manifest.resource("MyBucket").unwrap();
//! assert_eq!(bucket.field, "my_bucket");
//! assert_eq!(bucket.env_var(), "SST_RESOURCE_MyBucket");
//! ```

#![warn(missing_docs)]

mod ast;
pub mod catalogue;
mod diagnostic;
mod dts;
pub mod handler;
pub mod names;
pub mod operations;
mod parse;
// links.toml's JSON Schema is the command's (`sst-resources schema`): behind a feature,
// so the macro's build (every user's) does not compile it (~0.4 s of a debug build).
#[cfg(feature = "schema")]
pub mod schema;
mod validate;

use std::path::{Path, PathBuf};

pub use ast::{
    Condition, Effect, Export, Function, Handler, LinkedResource, MAX_TYPE_DEPTH, Manifest,
    Permission, Property, PropertyType, is_resource_template,
};
pub use diagnostic::{Diagnostic, ManifestError, Severity, SourceFile, did_you_mean};

/// A manifest with every problem found in it. `manifest` holds whatever was sound,
/// so a caller can still generate code for it while reporting `diagnostics`.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// What could be resolved.
    pub manifest: Manifest,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// The manifest if nothing is wrong, else every problem.
    pub fn into_result(self) -> Result<Manifest, ManifestError> {
        if self.diagnostics.is_empty() {
            Ok(self.manifest)
        } else {
            Err(ManifestError {
                diagnostics: self.diagnostics,
            })
        }
    }
}

/// Parses and validates a manifest's text. `file` is how errors name it.
pub fn parse_source(file: &SourceFile) -> Parsed {
    let (raw, mut diagnostics) = parse::parse(file);
    let manifest = match raw {
        Some(raw) => {
            let (manifest, more) = validate::resolve(file, raw);
            diagnostics.extend(more);
            manifest
        }
        None => Manifest::empty(file.name()),
    };
    diagnostics.sort_by_key(|d| d.span.start);
    Parsed {
        manifest,
        diagnostics,
    }
}

/// Reads SST's generated `sst-env.d.ts` into the same [`Manifest`] (no functions).
/// Its `/// <reference path>`s are not followed (a text has no directory to resolve
/// them against): [`load`] a file to follow them.
pub fn parse_dts(file: &SourceFile) -> Parsed {
    let (manifest, mut diagnostics) = dts::read(file);
    diagnostics.sort_by_key(|d| d.span.start);
    Parsed {
        manifest,
        diagnostics,
    }
}

/// Whether `path` names SST's generated types (`sst-env.d.ts`, any `*.d.ts`) rather
/// than a `links.toml`: the one test of a manifest's kind, by its name.
pub fn is_dts(path: impl AsRef<Path>) -> bool {
    path.as_ref()
        .as_os_str()
        .as_encoded_bytes()
        .ends_with(b".d.ts")
}

/// Reads a manifest by its kind, chosen by extension ([`is_dts`]): `.d.ts` is SST's
/// generated types, anything else `links.toml`.
pub fn parse_any(file: &SourceFile) -> Parsed {
    if is_dts(file.name()) {
        parse_dts(file)
    } else {
        parse_source(file)
    }
}

/// An IAM action as `links.toml` writes it: in a Linkable's `include` or a
/// `[types."<type>"] permissions` entry, the places a user writes `actions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenAction {
    /// The resource whose `include` grants it, or the type under `[types]` whose
    /// `permissions` do.
    pub owner: String,
    /// Whether `owner` is a type under `[types]` rather than a resource.
    pub of_type: bool,
    /// The action as written (`s3:GetObject`, `s3:Get*`, `*`).
    pub action: String,
    /// Byte range of the string in the file.
    pub span: std::ops::Range<usize>,
}

/// Every IAM action `file` (a `links.toml`) writes, in file order, with where: what
/// `sst-resources check` holds against AWS's list of actions (which the command
/// ships, so the macro's build compiles none of it). Nothing for a `.d.ts` or a text
/// that is not TOML; an entry the manifest refuses for another reason (an `include`
/// of a built-in type) is listed all the same.
pub fn written_actions(file: &SourceFile) -> Vec<WrittenAction> {
    if is_dts(file.name()) {
        return Vec::new();
    }
    let Some(raw) = parse::parse(file).0 else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut push = |owner: &str, of_type: bool, p: &parse::RawPermission| {
        out.extend(p.actions.iter().map(|a| WrittenAction {
            owner: owner.to_owned(),
            of_type,
            action: a.value.clone(),
            span: a.span.clone(),
        }));
    };
    for r in &raw.resources {
        for include in r.include.iter().flat_map(|i| &i.value) {
            if let parse::RawInclude::Permission(p) = include {
                push(&r.name.value, false, p);
            }
        }
    }
    for t in &raw.types {
        for p in t.permissions.iter().flat_map(|p| &p.value) {
            push(&t.name.value, true, p);
        }
    }
    out.sort_by_key(|a| a.span.start);
    out
}

/// A manifest read from disk by [`load`], with every file read for it.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The manifest and its problems.
    pub parsed: Parsed,
    /// Every file read, the manifest first, then each file its references reach (an
    /// `sst-env.d.ts`'s `/// <reference path>`s): a change to any changes the result.
    pub files: Vec<(PathBuf, SourceFile)>,
}

/// Reads the manifest at `path` (named `display_name` in diagnostics) by its kind,
/// as [`parse_any`]; an `sst-env.d.ts` with the files its leading
/// `/// <reference path="..." />`s reach, each relative to the file that names it
/// (a monorepo package's file is only a reference to the app's root one). A missing
/// referenced file or a reference cycle is a diagnostic at the reference.
pub fn load(path: &Path, display_name: &str) -> Result<Loaded, ReadError> {
    let file = read_file(path, display_name)?;
    if !is_dts(display_name) {
        return Ok(Loaded {
            parsed: parse_source(&file),
            files: vec![(path.to_owned(), file)],
        });
    }
    let (manifest, mut diagnostics, files) = dts::read_tree(path, file);
    // File by file, in the order they were read; in each, in text order.
    let rank = |d: &Diagnostic| files.iter().position(|(_, f)| f.name() == d.file);
    diagnostics.sort_by_key(|d| (rank(d), d.span.start));
    Ok(Loaded {
        parsed: Parsed {
            manifest,
            diagnostics,
        },
        files,
    })
}

/// Parses and validates a manifest's text; `Err` lists every problem.
pub fn parse_str(file: &str, text: &str) -> Result<Manifest, ManifestError> {
    parse_source(&SourceFile::new(file, text)).into_result()
}

/// Why a manifest file could not be read at all.
#[derive(Debug)]
pub enum ReadError {
    /// The file does not exist or cannot be read.
    Io {
        /// The path tried.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is empty or holds only whitespace and comments.
    Empty {
        /// The path.
        path: String,
    },
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io { path, source } => {
                write!(f, "cannot read the manifest {path}: {source}")
            }
            ReadError::Empty { path } => write!(
                f,
                "the manifest {path} is empty: declare at least one [resources.<Name>] with a `type`"
            ),
        }
    }
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io { source, .. } => Some(source),
            ReadError::Empty { .. } => None,
        }
    }
}

/// Reads a manifest file: its text, named `display_name` in diagnostics.
pub fn read_file(path: &Path, display_name: &str) -> Result<SourceFile, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let meaningful = text
        .lines()
        .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    if !meaningful {
        return Err(ReadError::Empty {
            path: display_name.to_owned(),
        });
    }
    Ok(SourceFile::new(display_name, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both places links.toml takes `actions`, each string with its own span; the
    /// other includes and the built-in types' own grants are not written there.
    #[test]
    fn written_actions_are_every_include_and_types_permission() {
        let text = r#"[resources.Assets]
type = "sst.Linkable"
properties = {}
include = [
  { actions = ["s3:GetObjects", "s3:Get*"], resources = ["*"] },
  { type = "environment", env = { A = "b" } },
  { type = "aws.permission", effect = "deny", actions = ["*"], resources = ["*"] },
]
[resources.B]
type = "sst.aws.Bucket"
[types."sst.aws.Bucket"]
permissions = [{ actions = ["S3:getobject"], resources = ["arn:aws:s3:::{name}/*"] }]
"#;
        let file = SourceFile::new("links.toml", text);
        let written = written_actions(&file);
        let got: Vec<(&str, bool, &str, &str)> = written
            .iter()
            .map(|a| {
                (
                    a.owner.as_str(),
                    a.of_type,
                    a.action.as_str(),
                    &text[a.span.clone()],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Assets", false, "s3:GetObjects", "\"s3:GetObjects\""),
                ("Assets", false, "s3:Get*", "\"s3:Get*\""),
                ("Assets", false, "*", "\"*\""),
                ("sst.aws.Bucket", true, "S3:getobject", "\"S3:getobject\""),
            ]
        );
        assert!(written_actions(&SourceFile::new("links.toml", "[resources")).is_empty());
        assert!(written_actions(&SourceFile::new("sst-env.d.ts", text)).is_empty());
    }
}
