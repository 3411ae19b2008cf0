//! The SDK calls a compiled function makes through its typed handles, read from the
//! binary, and the policy they need (`sst-resources policy --binary`): the derived
//! policy, least privilege from the code rather than from what links.toml grants.
//! Owns the binary's record format and the reading of it; the ARN templates are
//! filled by `policy`'s code, each operation's needs are
//! `resource_manifest::operations`'.
//!
//! Each handle method a binary instantiates leaves one record in its `.sst_links`
//! section (`resource_runtime::aws::record`: data, flags `aR`, so the linker and
//! `strip` keep it): 16 bytes, 8-aligned, in the target's byte order:
//!
//! | bytes | field |
//! |---|---|
//! | 0..4 | `u32` [`MAGIC`], the bytes `SSTL` |
//! | 4..6 | `u16` [`VERSION`] of the format, 1 |
//! | 6..8 | `u16` operation id ([`operations::by_id`]) |
//! | 8..16 | `u64` resource id ([`operations::resource_id`] of the SST name) |
//!
//! One record per instantiated call site, so the same pair recurs; zeros between
//! records are alignment padding.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use object::{Architecture, BinaryFormat, Object, ObjectSection};
use serde_json::Value;

use crate::policy::{Deployment, Statements, Unfilled, document, fill_resource};
use crate::values::Links;
use resource_manifest::operations::{self, Operation};
use resource_manifest::{Effect, LinkedResource, Manifest, catalogue};

/// The section the records are in.
pub const SECTION: &str = ".sst_links";

/// The first four bytes of a record, as a `u32` in the binary's byte order: `SSTL`.
pub const MAGIC: u32 = 0x4C54_5353;

/// The format version this command reads (and the handles write).
pub const VERSION: u16 = 1;

/// Bytes per record.
const RECORD: usize = 16;

/// The help for an operation id this version does not know.
const NEWER: &str = "it was built by a newer sst-resources: derive its policy with the command of that version (or update this one)";

/// One call a binary records: an operation on a linked resource, both as ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Record {
    /// The operation ([`operations::by_id`]).
    pub operation: u16,
    /// The resource: [`operations::resource_id`] of its SST name.
    pub resource: u64,
}

/// Why a binary's records cannot be read. `Display` gives the reason as a clause
/// that follows the binary's name (`is not an executable ...`, `records no handle
/// call ...`); [`ReadError::help`] the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Not an ELF or Mach-O file: the `object` crate's reason.
    NotAnExecutable(String),
    /// No `.sst_links` section, or one holding no record. `target` names the kind of
    /// binary when it explains why (a Mach-O, an ELF for another architecture).
    NoRecords {
        /// Whether the section is there (holding only padding).
        section: bool,
        /// `a Mach-O (macOS) binary`, `an ELF binary for Arm`: a target for which the
        /// handles write no record.
        target: Option<String>,
    },
    /// 16 bytes at `offset` in the section (`file_offset` in the file, when known)
    /// that are neither padding nor a record of [`VERSION`].
    BadRecord {
        /// From the start of the section.
        offset: u64,
        /// From the start of the file.
        file_offset: Option<u64>,
        /// The first four bytes, in the binary's byte order.
        magic: u32,
        /// The next two.
        version: u16,
    },
    /// The section ends `len` bytes into a record that starts at `offset`.
    Truncated {
        /// From the start of the section.
        offset: u64,
        /// The bytes there are of the record's 16.
        len: usize,
    },
    /// The section's contents cannot be read (compressed, out of the file's bounds).
    Unreadable(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotAnExecutable(why) => {
                write!(
                    f,
                    "is not an executable this command reads (ELF or Mach-O): {why}"
                )
            }
            ReadError::NoRecords { section, target } => {
                f.write_str("records no handle call")?;
                match target {
                    Some(target) => write!(f, ": it is {target}, for which no record is written"),
                    None if *section => write!(f, ": its `{SECTION}` section is empty"),
                    None => write!(f, ": it has no `{SECTION}` section"),
                }
            }
            ReadError::BadRecord {
                offset,
                file_offset,
                magic,
                version,
            } => {
                let at = match file_offset {
                    Some(o) => format!("at offset {offset:#x} of `{SECTION}` ({o:#x} in the file)"),
                    None => format!("at offset {offset:#x} of `{SECTION}`"),
                };
                if *magic == MAGIC {
                    write!(
                        f,
                        "holds a record of format version {version} {at}; this sst-resources reads version {VERSION}"
                    )
                } else {
                    write!(
                        f,
                        "holds something other than a record {at}: it begins {magic:#010x}, not {MAGIC:#010x} (`SSTL`)"
                    )
                }
            }
            ReadError::Truncated { offset, len } => write!(
                f,
                "has a record cut short at offset {offset:#x} of `{SECTION}`: {len} of its {RECORD} bytes"
            ),
            ReadError::Unreadable(why) => {
                write!(f, "has a `{SECTION}` section that cannot be read: {why}")
            }
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// What to do about it, one line each.
    pub fn help(&self) -> Vec<String> {
        match self {
            ReadError::NotAnExecutable(_) => vec![
                "pass the function's compiled binary (`cargo lambda build` writes target/lambda/<binary>/bootstrap)".into(),
            ],
            ReadError::NoRecords { .. } => vec![
                "it was built without an `aws-*` feature of sst-resources (`aws-s3`, `aws-dynamodb`, `aws-sqs`, `aws-sns`, `aws-eventbridge`, `aws-lambda`; `aws` for all), or for a target where records are not written (they are written on Linux x86_64 and aarch64, what Lambda runs), or its code calls no typed handle (`links.my_bucket.s3(&client)`) on a path `main` reaches (a call in code nothing calls is compiled out, and records nothing)".into(),
                "build it for Lambda (`cargo lambda build`) with the features of the SDKs it calls, and call them through the handles; or leave out --binary for the policy mirroring SST's grants".into(),
            ],
            ReadError::BadRecord { magic, .. } if *magic == MAGIC => vec![
                "it was built by another version of sst-resources: derive its policy with the command of that version".into(),
            ],
            ReadError::BadRecord { .. } | ReadError::Truncated { .. } | ReadError::Unreadable(_) => vec![
                "the section was not written by sst-resources' handles, or the file is damaged: rebuild it".into(),
            ],
        }
    }
}

/// Every record of `binary` (an executable's bytes), in section order, duplicates
/// kept and padding skipped; in the binary's own byte order.
///
/// # Errors
/// [`ReadError`]: not an ELF or Mach-O file; no record (no `.sst_links` section, or
/// an empty one); something other than a record of format 1; a record cut short.
pub fn records(binary: &[u8]) -> Result<Vec<Record>, ReadError> {
    let file =
        object::File::parse(binary).map_err(|e| ReadError::NotAnExecutable(e.to_string()))?;
    let no_records = |section| ReadError::NoRecords {
        section,
        target: unrecorded_target(&file),
    };
    let Some(section) = file.section_by_name(SECTION) else {
        return Err(no_records(false));
    };
    let data = section
        .data()
        .map_err(|e| ReadError::Unreadable(e.to_string()))?;
    let file_start = section.file_range().map(|(start, _)| start);
    let little = file.is_little_endian();
    let u16_at = |b: &[u8]| {
        let b = [b[0], b[1]];
        if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        }
    };
    let u32_at = |b: &[u8]| {
        let b = [b[0], b[1], b[2], b[3]];
        if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    let u64_at = |b: &[u8]| {
        let b: [u8; 8] = b[..8].try_into().expect("8 bytes");
        if little {
            u64::from_le_bytes(b)
        } else {
            u64::from_be_bytes(b)
        }
    };
    let mut out = Vec::new();
    let mut at = 0;
    while at < data.len() {
        let rest = &data[at..];
        // Padding comes in 8-byte steps (each record is 8-aligned); a record's first
        // 8 bytes are never zero (its magic).
        let word = &rest[..rest.len().min(8)];
        if word.iter().all(|&b| b == 0) {
            at += word.len();
            continue;
        }
        if rest.len() < RECORD {
            return Err(ReadError::Truncated {
                offset: at as u64,
                len: rest.len(),
            });
        }
        let (magic, version) = (u32_at(&rest[0..4]), u16_at(&rest[4..6]));
        if magic != MAGIC || version != VERSION {
            return Err(ReadError::BadRecord {
                offset: at as u64,
                file_offset: file_start.map(|s| s + at as u64),
                magic,
                version,
            });
        }
        out.push(Record {
            operation: u16_at(&rest[6..8]),
            resource: u64_at(&rest[8..16]),
        });
        at += RECORD;
    }
    if out.is_empty() {
        return Err(no_records(true));
    }
    Ok(out)
}

/// The kind of binary `file` is, when the handles write no record for it.
fn unrecorded_target(file: &object::File<'_>) -> Option<String> {
    match (file.format(), file.architecture()) {
        (BinaryFormat::MachO, _) => Some("a Mach-O (macOS) binary".into()),
        (BinaryFormat::Elf, Architecture::X86_64 | Architecture::Aarch64) => None,
        (BinaryFormat::Elf, arch) => Some(format!("an ELF binary for {arch:?}")),
        (format, _) => Some(format!("a {format:?} binary")),
    }
}

/// One call a function's binary makes through a typed handle: an operation on a
/// resource the function links, of the operation's component.
#[derive(Debug, Clone, Copy)]
pub struct Call<'m> {
    /// The resource, as the manifest declares it.
    pub resource: &'m LinkedResource,
    /// The operation.
    pub operation: &'static Operation,
}

/// Why a binary's calls cannot be taken: its records unreadable, or naming what the
/// manifest does not have. `Display` is the problems, one line each naming the binary
/// and the function, then the `help:` lines (each once), as [`policy`]'s error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallsError {
    /// The records cannot be read: `errors` is then its one line.
    pub read: Option<ReadError>,
    /// One line per problem.
    pub errors: Vec<String>,
    /// What to do, in order, duplicates dropped when shown.
    pub help: Vec<String>,
}

impl fmt::Display for CallsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.errors.join("\n"))?;
        let mut seen = BTreeSet::new();
        for h in &self.help {
            if seen.insert(h) {
                write!(f, "\nhelp: {h}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for CallsError {}

/// The distinct calls `binary` (the compiled code of `function`, named `path` in
/// errors) records, in the order of their (operation id, resource id).
///
/// # Errors
/// Every problem, each naming `path` and `function` (see [`policy`]), except a
/// template that cannot be filled: the records cannot be read ([`CallsError::read`]);
/// a record names a resource links.toml does not declare, one `[functions.F] link`
/// lacks, one of another type than the operation's, or an operation this version does
/// not know. `function` not declared is `Manifest::find_function`'s error, alone.
pub fn calls<'m>(
    manifest: &'m Manifest,
    function: &str,
    path: &str,
    binary: &[u8],
) -> Result<Vec<Call<'m>>, CallsError> {
    let f = manifest.find_function(function).map_err(|e| CallsError {
        read: None,
        errors: vec![e],
        help: Vec::new(),
    })?;
    let who = format!("`{path}` (function `{function}`)");
    let records = records(binary).map_err(|e| CallsError {
        errors: vec![format!("{who} {e}")],
        help: e.help(),
        read: Some(e),
    })?;
    let by_id: BTreeMap<u64, &LinkedResource> = manifest
        .resources
        .iter()
        .map(|r| (operations::resource_id(&r.name), r))
        .collect();
    let mut out = Vec::new();
    let (mut errors, mut help) = (Vec::new(), Vec::new());
    let (loads, distinct): (BTreeSet<Record>, BTreeSet<Record>) = records
        .into_iter()
        .partition(|r| r.operation == operations::FUNCTION_RECORD);
    // Whose links the binary loads (a function's generated `Resource` records its
    // function): given for another function, its calls are that function's.
    if !loads.is_empty()
        && !loads.contains(&Record {
            operation: operations::FUNCTION_RECORD,
            resource: operations::resource_id(function),
        })
    {
        let names: Vec<String> = loads
            .iter()
            .map(|l| {
                manifest
                    .functions
                    .iter()
                    .find(|g| operations::resource_id(&g.name) == l.resource)
                    .map_or_else(
                        || format!("a function {} does not declare", manifest.file),
                        |g| format!("function `{}`", g.name),
                    )
            })
            .collect();
        errors.push(format!(
            "{who} loads the links of {}, not of `{function}`: it is another function's binary",
            names.join(" and ")
        ));
        help.push(format!("pass the binary of `{function}` (SST builds it at <crate>/target/lambda/<binary>/bootstrap), or the function this binary is built for (--function)"));
        return Err(CallsError {
            read: None,
            errors,
            help,
        });
    }
    for record in distinct {
        let op = operations::by_id(record.operation);
        let call = op.map_or_else(
            || {
                help.push(NEWER.to_owned());
                format!(
                    "records an operation this sst-resources does not know (id {}) on",
                    record.operation
                )
            },
            |op| {
                format!(
                    "calls `{}` (`.{}(..).{}()`) on",
                    op.name, op.handle, op.method
                )
            },
        );
        let Some(r) = by_id.get(&record.resource) else {
            errors.push(format!(
                "{who} {call} a resource {} does not declare (resource id {:#018x})",
                manifest.file, record.resource
            ));
            help.push(format!("was it built from another links.toml? Rebuild it from {}, or pass the manifest it was built from (--manifest)", manifest.file));
            continue;
        };
        if !f.links.contains(&r.name) {
            errors.push(format!(
                "{who} {call} `{}`, which [functions.{function}] link lacks",
                r.name
            ));
            help.push(format!("was it built for another function, or before `{}` left [functions.{function}] link? Pass the function it was built for (--function), or rebuild it", r.name));
            continue;
        }
        let Some(op) = op else {
            errors.push(format!("{who} {call} `{}`", r.name));
            continue;
        };
        if !is_of(r, op) {
            errors.push(format!(
                "{who} calls `{}`, an operation of `{}`, on `{}`, which {} declares as `{}`",
                op.name, op.component, r.name, manifest.file, r.component
            ));
            help.push(format!("was it built from another links.toml? Rebuild it from {}, or pass the manifest it was built from (--manifest)", manifest.file));
            continue;
        }
        let denied = operations::denied(&r.permissions, op);
        if !denied.is_empty() {
            errors.push(format!(
                "{who} calls `{}` on `{}`, which needs `{}`: {} no longer grants `{}` that",
                op.name,
                r.name,
                denied.join("`, `"),
                manifest.file,
                r.name
            ));
            help.push("it was built before the grant was narrowed: rebuild it (the build then fails at that call, naming the grant to change)".to_owned());
            continue;
        }
        out.push(Call {
            resource: r,
            operation: op,
        });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CallsError {
            read: None,
            errors,
            help,
        })
    }
}

/// The derived policy of `function`: what the calls `binary` records need, on the
/// resources they are made on, and nothing else. `path` is how errors name the
/// binary. In the shape and order of [`crate::policy::policy`]: `Version`
/// 2012-10-17, `Allow` statements each with its sorted `Action` and `Resource`
/// lists; each ARN gets exactly the actions its calls need, and ARNs needing the
/// same set share a statement. Templates (`{name}`, `{url:last}`, `{region}`, ...)
/// are filled from the stage's `links` and `deployment` as `policy` fills them.
///
/// Resources the function links but calls no handle on get nothing, whatever
/// links.toml grants them: the policy is what the code needs.
///
/// # Errors
/// One line per problem, each naming `path` and `function`, then `help:` lines:
/// - the binary's records cannot be read ([`ReadError`]: not an executable, no
///   record, a record of another format or version);
/// - a record names a resource links.toml does not declare, one `[functions.F]
///   link` lacks, or one of another type than the operation's (a binary built from
///   another links.toml or for another function);
/// - a record names an operation this version does not know (a newer
///   sst-resources built it);
/// - a template cannot be filled, or fills to neither `*` nor an ARN.
///
/// `function` not declared is `Manifest::find_function`'s error.
pub fn policy(
    manifest: &Manifest,
    links: &Links,
    function: &str,
    path: &str,
    binary: &[u8],
    deployment: &Deployment,
) -> Result<Value, String> {
    let calls = calls(manifest, function, path, binary).map_err(|e| e.to_string())?;
    let who = format!("`{path}` (function `{function}`)");
    // ARN -> the actions needed on it.
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut unfilled = Unfilled::new(&manifest.file);
    for Call {
        resource: r,
        operation: op,
    } in calls
    {
        for &(action, template) in op.needs {
            match fill_resource(template, links.get(&r.name), deployment) {
                Ok(arn) => {
                    needs.entry(arn).or_default().insert(action.to_owned());
                }
                Err(e) => unfilled.push(r, template, Some(op.name), e),
            }
        }
    }
    unfilled.into_result(&format!("{who}: "))?;
    let mut merged = Statements::new();
    for (arn, actions) in needs {
        merged
            .entry((Effect::Allow, actions, Vec::new()))
            .or_default()
            .insert(arn);
    }
    Ok(document(merged))
}

/// Whether `r` is of the component whose handle performs `op` (a built-in type, by
/// its manifest name or SST's `"type"`).
fn is_of(r: &LinkedResource, op: &Operation) -> bool {
    catalogue::lookup(&r.component).is_some_and(|ty| ty.name == op.component)
}

/// Test support: ELF files whose `.sst_links` section holds records, as the typed
/// handles leave them (feature `fixture`; resource-cli's tests run the command on
/// them).
#[cfg(any(test, feature = "fixture"))]
pub mod fixture {
    use object::write;
    use object::{Architecture, BinaryFormat, Endianness, SectionKind, elf};

    use super::{MAGIC, SECTION, VERSION};
    use resource_manifest::operations;

    /// The 16 bytes of any record, in either byte order.
    pub fn raw(
        magic: u32,
        version: u16,
        operation: u16,
        resource: u64,
        big_endian: bool,
    ) -> [u8; 16] {
        let mut out = [0; 16];
        if big_endian {
            out[0..4].copy_from_slice(&magic.to_be_bytes());
            out[4..6].copy_from_slice(&version.to_be_bytes());
            out[6..8].copy_from_slice(&operation.to_be_bytes());
            out[8..16].copy_from_slice(&resource.to_be_bytes());
        } else {
            out[0..4].copy_from_slice(&magic.to_le_bytes());
            out[4..6].copy_from_slice(&version.to_le_bytes());
            out[6..8].copy_from_slice(&operation.to_le_bytes());
            out[8..16].copy_from_slice(&resource.to_le_bytes());
        }
        out
    }

    /// The record, little-endian, a function's generated `Resource` leaves: this
    /// binary loads the links of `function`.
    pub fn loads(function: &str) -> [u8; 16] {
        raw(
            MAGIC,
            VERSION,
            operations::FUNCTION_RECORD,
            operations::resource_id(function),
            false,
        )
    }

    /// The record, little-endian (x86_64 and aarch64), of the operation AWS names
    /// `name` (`PutObject`) on the resource SST names `resource`.
    ///
    /// # Panics
    /// When no operation is named `name`.
    pub fn call(name: &str, resource: &str) -> [u8; 16] {
        let op = operations::OPERATIONS
            .iter()
            .find(|o| o.name == name)
            .unwrap_or_else(|| panic!("no operation `{name}`"));
        raw(
            MAGIC,
            VERSION,
            op.id,
            operations::resource_id(resource),
            false,
        )
    }

    /// `calls` (operation name, resource name) as one section's bytes.
    pub fn section(calls: &[(&str, &str)]) -> Vec<u8> {
        calls.iter().flat_map(|&(op, r)| call(op, r)).collect()
    }

    /// A Linux x86_64 ELF object whose `.sst_links` section (flags `aR`, 8-aligned,
    /// as the handles' `asm!` writes it) holds `section`; with no such section when
    /// `None`.
    pub fn elf(section: Option<&[u8]>) -> Vec<u8> {
        object_file(
            BinaryFormat::Elf,
            Architecture::X86_64,
            Endianness::Little,
            section,
        )
    }

    /// An object file of any format, architecture and byte order, as [`elf`].
    pub(crate) fn object_file(
        format: BinaryFormat,
        arch: Architecture,
        endian: Endianness,
        section: Option<&[u8]>,
    ) -> Vec<u8> {
        let mut file = write::Object::new(format, arch, endian);
        // Code, so that the file is more than its records.
        let text = file.section_id(write::StandardSection::Text);
        file.append_section_data(text, &[0xc3; 16], 16);
        if let Some(bytes) = section {
            let id = file.add_section(
                Vec::new(),
                SECTION.as_bytes().to_vec(),
                SectionKind::ReadOnlyData,
            );
            if format == BinaryFormat::Elf {
                file.section_mut(id).flags = write::SectionFlags::Elf {
                    sh_type: elf::SHT_PROGBITS,
                    sh_flags: elf::SHF_ALLOC | elf::SHF_GNU_RETAIN,
                };
            }
            file.append_section_data(id, bytes, 8);
        }
        file.write().expect("an object file writes")
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::{call, elf, object_file, raw, section};
    use super::*;
    use object::Endianness;
    use resource_manifest::parse_str;
    use serde_json::json;

    const LINKS: &str = r#"[resources.MyBucket]
type = "sst.aws.Bucket"

[resources.MyTable]
type = "sst.aws.Dynamo"

[resources.Jobs]
type = "sst.aws.Queue"

[resources.Archive]
type = "sst.aws.Bucket"

[functions.Api]
link = ["MyBucket", "MyTable", "Jobs"]

[functions.Archiver]
link = ["Archive"]
"#;

    fn manifest() -> Manifest {
        parse_str("links.toml", LINKS).unwrap()
    }

    fn links() -> Links {
        [
            ("MyBucket".to_owned(), json!({"name": "app-dev-mybucket"})),
            ("MyTable".to_owned(), json!({"name": "app-dev-mytable"})),
            (
                "Jobs".to_owned(),
                json!({"url": "https://sqs.us-east-1.amazonaws.com/123456789012/app-dev-jobs"}),
            ),
            ("Archive".to_owned(), json!({"name": "app-dev-archive"})),
        ]
        .into()
    }

    fn deployment() -> Deployment {
        Deployment {
            partition: "aws".into(),
            region: Some("us-east-1".into()),
            account: Some("123456789012".into()),
        }
    }

    fn derive(bytes: &[u8]) -> Result<Value, String> {
        policy(
            &manifest(),
            &links(),
            "Api",
            "bootstrap",
            bytes,
            &deployment(),
        )
    }

    fn with(records: &[[u8; 16]]) -> Vec<u8> {
        fixture::elf(Some(&records.concat()))
    }

    #[test]
    fn the_binary_of_another_function_is_refused() {
        // Archiver's binary (it loads Archiver's links) given as Api's: its calls
        // would make Api's policy, too narrow for Api.
        let archiver = with(&[
            fixture::loads("Archiver"),
            fixture::call("GetObject", "MyBucket"),
        ]);
        assert_eq!(
            derive(&archiver).unwrap_err(),
            "`bootstrap` (function `Api`) loads the links of function `Archiver`, not of `Api`: it is another function's binary\nhelp: pass the binary of `Api` (SST builds it at <crate>/target/lambda/<binary>/bootstrap), or the function this binary is built for (--function)"
        );
        let unknown = with(&[
            fixture::loads("Gone"),
            fixture::call("GetObject", "MyBucket"),
        ]);
        assert!(
            derive(&unknown).unwrap_err().contains(
                "loads the links of a function links.toml does not declare, not of `Api`"
            )
        );
        // Its own binary (loading Api's links, and a test's other ones) is read.
        let own = with(&[
            fixture::loads("Api"),
            fixture::loads("Archiver"),
            fixture::call("GetObject", "MyBucket"),
        ]);
        assert!(derive(&own).is_ok());
    }

    #[test]
    fn a_call_the_grant_no_longer_allows_is_a_stale_binary() {
        let narrowed = parse_str(
            "links.toml",
            &format!(
                "{LINKS}\n[types.\"sst.aws.Bucket\"]\npermissions = [{{ actions = [\"s3:GetObject\"], resources = [\"arn:aws:s3:::{{name}}/*\"] }}]\n"
            ),
        )
        .unwrap();
        let bytes = with(&[
            fixture::call("PutObject", "MyBucket"),
            fixture::call("GetObject", "MyBucket"),
        ]);
        let err = policy(
            &narrowed,
            &links(),
            "Api",
            "bootstrap",
            &bytes,
            &deployment(),
        )
        .unwrap_err();
        assert_eq!(
            err,
            "`bootstrap` (function `Api`) calls `PutObject` on `MyBucket`, which needs `s3:PutObject`: links.toml no longer grants `MyBucket` that\nhelp: it was built before the grant was narrowed: rebuild it (the build then fails at that call, naming the grant to change)"
        );
    }

    #[test]
    fn two_resources_give_exactly_their_calls_needs() {
        let bin = elf(Some(&section(&[
            ("PutObject", "MyBucket"),
            ("PutItem", "MyTable"),
        ])));
        assert_eq!(
            derive(&bin).unwrap(),
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": [
                    "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-mytable"]},
                {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::app-dev-mybucket/*"]},
            ]})
        );
    }

    /// Each call site records its pair: the same call twice, and calls needing the
    /// same actions on one ARN, give one statement; an ARN needing more actions than
    /// another gets a statement of its own (no action on an ARN that does not need
    /// it), and one ARN's actions are merged.
    #[test]
    fn duplicates_and_shared_needs_merge() {
        let bin = elf(Some(&section(&[
            ("PutObject", "MyBucket"),
            ("UploadPart", "MyBucket"),
            ("PutObject", "MyBucket"),
            ("GetObject", "MyBucket"),
            ("Query", "MyTable"),
            ("PutItem", "MyTable"),
            ("SendMessage", "Jobs"),
            ("SendMessageBatch", "Jobs"),
        ])));
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/app-dev-mytable";
        assert_eq!(
            derive(&bin).unwrap(),
            json!({"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:Query"], "Resource": [table]},
                {"Effect": "Allow", "Action": ["dynamodb:Query"], "Resource": [format!("{table}/index/*")]},
                {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::app-dev-mybucket/*"]},
                {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["arn:aws:sqs:us-east-1:123456789012:app-dev-jobs"]},
            ]})
        );
    }

    #[test]
    fn records_in_section_order_with_padding_skipped_in_either_byte_order() {
        let id = operations::resource_id("MyBucket");
        let mut bytes = raw(MAGIC, VERSION, 2, id, false).to_vec();
        bytes.extend([0; 8]);
        bytes.extend(raw(MAGIC, VERSION, 1, id, false));
        bytes.extend([0; 16]);
        bytes.extend(raw(MAGIC, VERSION, 2, id, false));
        let expected = [2, 1, 2].map(|operation| Record {
            operation,
            resource: id,
        });
        assert_eq!(records(&elf(Some(&bytes))).unwrap(), expected);
        let big: Vec<u8> = [2, 1, 2]
            .iter()
            .flat_map(|&op| raw(MAGIC, VERSION, op, id, true))
            .collect();
        let ppc = object_file(
            BinaryFormat::Elf,
            Architecture::PowerPc64,
            Endianness::Big,
            Some(&big),
        );
        assert_eq!(records(&ppc).unwrap(), expected);
    }

    #[test]
    fn a_record_names_a_resource_links_toml_does_not_declare() {
        let bin = elf(Some(&section(&[("PutObject", "Uploads")])));
        let id = operations::resource_id("Uploads");
        assert_eq!(
            derive(&bin).unwrap_err(),
            format!(
                "`bootstrap` (function `Api`) calls `PutObject` (`.s3(..).put_object()`) on a resource links.toml does not declare (resource id {id:#018x})\nhelp: was it built from another links.toml? Rebuild it from links.toml, or pass the manifest it was built from (--manifest)"
            )
        );
    }

    #[test]
    fn a_record_names_a_resource_the_function_does_not_link() {
        let bin = elf(Some(&section(&[
            ("PutObject", "MyBucket"),
            ("GetObject", "Archive"),
        ])));
        assert_eq!(
            derive(&bin).unwrap_err(),
            "`bootstrap` (function `Api`) calls `GetObject` (`.s3(..).get_object()`) on `Archive`, which [functions.Api] link lacks\nhelp: was it built for another function, or before `Archive` left [functions.Api] link? Pass the function it was built for (--function), or rebuild it"
        );
        // The same binary is Archiver's only if Archiver links MyBucket too.
        let archiver = policy(
            &manifest(),
            &links(),
            "Archiver",
            "bootstrap",
            &bin,
            &deployment(),
        );
        assert!(
            archiver
                .unwrap_err()
                .contains("`MyBucket`, which [functions.Archiver] link lacks")
        );
    }

    #[test]
    fn an_operation_this_version_does_not_know() {
        let id = operations::resource_id("MyBucket");
        let bin = elf(Some(&raw(MAGIC, VERSION, 9999, id, false)));
        assert_eq!(
            derive(&bin).unwrap_err(),
            "`bootstrap` (function `Api`) records an operation this sst-resources does not know (id 9999) on `MyBucket`\nhelp: it was built by a newer sst-resources: derive its policy with the command of that version (or update this one)"
        );
    }

    #[test]
    fn an_operation_of_another_type() {
        let bin = elf(Some(&section(&[("PutItem", "MyBucket")])));
        assert_eq!(
            derive(&bin).unwrap_err(),
            "`bootstrap` (function `Api`) calls `PutItem`, an operation of `sst.aws.Dynamo`, on `MyBucket`, which links.toml declares as `sst.aws.Bucket`\nhelp: was it built from another links.toml? Rebuild it from links.toml, or pass the manifest it was built from (--manifest)"
        );
    }

    #[test]
    fn every_problem_once_each_help_once() {
        let bin = elf(Some(&section(&[
            ("PutObject", "Uploads"),
            ("PutObject", "Uploads"),
            ("GetObject", "Media"),
        ])));
        let err = derive(&bin).unwrap_err();
        assert_eq!(err.lines().count(), 3, "{err}");
        assert_eq!(err.matches("help:").count(), 1, "{err}");
    }

    #[test]
    fn a_template_that_cannot_be_filled() {
        let bin = elf(Some(&section(&[("PutItem", "MyTable")])));
        let no_region = Deployment {
            region: None,
            ..deployment()
        };
        let err = policy(&manifest(), &links(), "Api", "bootstrap", &bin, &no_region).unwrap_err();
        assert_eq!(
            err,
            "`bootstrap` (function `Api`): the region is needed for the ARN of `MyTable` (links.toml:4): pass --region (or set AWS_REGION or AWS_DEFAULT_REGION)"
        );
    }

    /// A value of the deployment (the region, the account id) is asked for once,
    /// naming every resource whose ARN needs it, however many calls need it; a
    /// problem of a link's own values is said per resource.
    #[test]
    fn a_missing_deployment_value_is_one_line_for_every_resource() {
        let bin = elf(Some(&section(&[
            ("PutItem", "MyTable"),
            ("GetItem", "MyTable"),
            ("Query", "MyTable"),
            ("SendMessage", "Jobs"),
            ("PutObject", "MyBucket"),
        ])));
        let bare = Deployment {
            region: None,
            account: None,
            ..deployment()
        };
        let mut links = links();
        links.insert("MyBucket".to_owned(), json!({}));
        // A queue URL holds its region and account; a local emulator's does not.
        links.insert(
            "Jobs".to_owned(),
            json!({"url": "http://localhost:4566/queue/app-dev-jobs"}),
        );
        let err = policy(&manifest(), &links, "Api", "bootstrap", &bin, &bare).unwrap_err();
        assert_eq!(
            err.lines().collect::<Vec<_>>(),
            [
                "`bootstrap` (function `Api`): the region and the account id are needed for the ARNs of `MyTable`, `Jobs` (links.toml:4, 7): pass --region (or set AWS_REGION or AWS_DEFAULT_REGION) and --account (or set AWS_ACCOUNT_ID)",
                "`bootstrap` (function `Api`): links.toml:1: `MyBucket`: no string value for property `name` (in `arn:{partition}:s3:::{name}/*`, for `PutObject`)",
            ]
        );
    }

    #[test]
    fn bad_magic_and_version_name_the_offset() {
        let id = operations::resource_id("MyBucket");
        let mut bytes = call("PutObject", "MyBucket").to_vec();
        bytes.extend(raw(0x1234_5678, VERSION, 2, id, false));
        let err = derive(&elf(Some(&bytes))).unwrap_err();
        let file_offset = match records(&elf(Some(&bytes))).unwrap_err() {
            ReadError::BadRecord {
                offset: 16,
                file_offset: Some(o),
                ..
            } => o,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err,
            format!(
                "`bootstrap` (function `Api`) holds something other than a record at offset 0x10 of `.sst_links` ({file_offset:#x} in the file): it begins 0x12345678, not 0x4c545353 (`SSTL`)\nhelp: the section was not written by sst-resources' handles, or the file is damaged: rebuild it"
            )
        );
        let newer = elf(Some(&raw(MAGIC, 2, 2, id, false)));
        let err = derive(&newer).unwrap_err();
        assert!(
            err.contains("holds a record of format version 2 at offset 0x0 of `.sst_links` (")
                && err.contains("this sst-resources reads version 1\nhelp: it was built by another version of sst-resources"),
            "{err}"
        );
        let mut cut = call("PutObject", "MyBucket").to_vec();
        cut.extend(&call("PutObject", "MyBucket")[..12]);
        assert_eq!(
            records(&elf(Some(&cut))).unwrap_err(),
            ReadError::Truncated {
                offset: 16,
                len: 12
            }
        );
    }

    #[test]
    fn no_section_or_no_record_says_why_and_what_to_do() {
        let err = derive(&elf(None)).unwrap_err();
        let mut lines = err.lines();
        assert_eq!(
            lines.next().unwrap(),
            "`bootstrap` (function `Api`) records no handle call: it has no `.sst_links` section"
        );
        let help: Vec<&str> = lines.collect();
        assert_eq!(help.len(), 2, "{err}");
        for said in [
            "without an `aws-*` feature",
            "aws-s3",
            "Linux x86_64 and aarch64",
            "calls no typed handle",
            "cargo lambda build",
            "leave out --binary",
        ] {
            assert!(err.contains(said), "{said}: {err}");
        }
        assert_eq!(
            records(&elf(Some(&[0; 32]))).unwrap_err(),
            ReadError::NoRecords {
                section: true,
                target: None
            }
        );
        let mac = object_file(
            BinaryFormat::MachO,
            Architecture::Aarch64,
            Endianness::Little,
            None,
        );
        assert_eq!(
            records(&mac).unwrap_err().to_string(),
            "records no handle call: it is a Mach-O (macOS) binary, for which no record is written"
        );
        let arm = object_file(
            BinaryFormat::Elf,
            Architecture::Arm,
            Endianness::Little,
            None,
        );
        assert_eq!(
            records(&arm).unwrap_err().to_string(),
            "records no handle call: it is an ELF binary for Arm, for which no record is written"
        );
    }

    #[test]
    fn not_an_executable() {
        let err = derive(b"#!/bin/sh\nexec ./api\n").unwrap_err();
        assert!(
            err.starts_with("`bootstrap` (function `Api`) is not an executable this command reads (ELF or Mach-O): ")
                && err.ends_with("\nhelp: pass the function's compiled binary (`cargo lambda build` writes target/lambda/<binary>/bootstrap)"),
            "{err}"
        );
    }

    #[test]
    fn the_fixture_writes_what_the_handles_write() {
        // `SSTL`, version 1, PutObject (2), FNV-1a of "MyBucket": the bytes of
        // resource_runtime::aws::record's `.long`, `.short`, `.short`, `.quad`.
        let bytes = call("PutObject", "MyBucket");
        assert_eq!(&bytes[..8], b"SSTL\x01\x00\x02\x00");
        assert_eq!(
            bytes[8..],
            operations::resource_id("MyBucket").to_le_bytes()
        );
    }
}
