//! Conformance of [`catalogue::BUILTIN`] with SST's own platform sources: for every SST
//! component type that links, the catalogue has an entry with the same property names,
//! the same IAM actions, the same environment includes and the same Cloudflare binding
//! as the component's `getSSTLink()`; and [`catalogue::BINDING_KINDS`] is the kinds
//! SST's `cloudflare/binding.ts` accepts.
//!
//! # Where SST's sources come from
//!
//! SST's CLI (the Go binary of the npm package `sst-<os>-<arch>`, at the version
//! `tests/cross-check/package.json` pins; installed by `tests/support/sst_cli.rs`, shared
//! with `resource-cli/tests/sst_cli.rs`) embeds its platform (`platform/platform.go`:
//! `//go:embed dist/* src/* ...`). Any project command first copies it into the
//! project's `.sst/platform` (`CopyPlatform` in `pkg/project/platform.go`) when
//! `.sst/platform/version` is missing, then installs the providers with `npm install`.
//! So the test runs `sst install` in a scratch project whose `npm` on `PATH` is a stub
//! that does nothing: the platform is unpacked, nothing is downloaded (it takes a tenth
//! of a second). Offline like the other cross-checks: `SST_SKIP_DEPENDENCY_CHECK` (no
//! Pulumi or Bun download), `SST_TELEMETRY_DISABLED`. Without Node or npm the test says so
//! loudly and passes, except under `CI=true`, where it fails.
//!
//! # What is read
//!
//! Every class under `platform/src/components/` whose constructor passes an `sst:<ns>:<Name>`
//! type to `super(...)` (a literal, or the file's `const __pulumiType`) and that defines
//! `getSSTLink()` itself or inherits it (`Nextjs extends SsrSite`: the SSR sites). Its wire
//! type is the Pulumi type with `:` as `.` (`sst:aws:Bucket` -> `sst.aws.Bucket`,
//! `sst:sst:Secret` -> `sst.sst.Secret`, which [`catalogue::lookup`] finds as
//! `sst.Secret`). From the `getSSTLink()` body, a tolerant reader over the TypeScript text
//! (comments, strings, template and regex literals masked; brackets matched) takes:
//!
//! - the keys of `properties: { ... }` (or of the `const` object it names), and the keys
//!   of a value that is itself an object literal (Dsql's `peer`). A key is *optional*
//!   when its value mentions `undefined` or uses `?.`, or when it comes from a spread of a
//!   conditional (`...(cond ? { qualifier } : {})`);
//! - the IAM actions of each `permission({ actions: [...] })` in `include`; an action is
//!   *conditional* when it sits in a ternary or in a spread of one (Function's durable
//!   actions; Aurora's whole include, empty in `dev` mode);
//! - the `type` of each `binding({ type: "...Bindings" })` in `include`;
//! - the variable names of each `env({ ... })` in `include`.
//!
//! Plain-object entries of `include` (`{ type: "cloudflare.durableObject" }`) grant
//! nothing a function sees and are skipped. A part the reader cannot read (a `return` of
//! something other than an object literal, a spread of a variable, `include:
//! link.include`) must be listed in [`UNREADABLE`] with the reason and what the test
//! compares instead; an entry there that becomes readable fails the test too, so the
//! list stays true. `cargo test -p resource-manifest --test conformance -- --nocapture`
//! prints what was read from each component.
//!
//! # What is compared
//!
//! - Every linking type is in the catalogue or in [`LEFT_OUT`] (with the reason).
//! - Property names are the same set (nested ones too, where the catalogue's type is
//!   `Ty::Object`). A property SST may leave out must be optional in the catalogue (the
//!   reverse is allowed: inside a Worker, Cloudflare resources have no JSON at all, and
//!   some values SST always writes may be `undefined`, e.g. Function's `url`). A value SST
//!   wraps in `secret(...)` must be a secret in the catalogue.
//! - IAM actions, as the union over the type's statements: every catalogue action is
//!   among SST's; every action SST always grants is granted by the catalogue always (a
//!   statement without `when`, or `when` a required property, or both `p` and `!p`);
//!   every action SST grants conditionally is in some catalogue statement or listed in
//!   [`CONDITIONAL_LEFT_OUT`]. Resource ARNs are not compared (SST computes them from
//!   outputs, the catalogue writes templates).
//! - Environment includes: the same variable names as the entry's `environment`.
//! - Bindings: the entry's `binding` is the kind SST's `binding({ type })` names, or
//!   `None` when SST binds nothing.
//!
//! # Versions of one type
//!
//! Some types have an older implementation kept beside the current one, under the same
//! Pulumi type (`aws/postgres-v1.ts` and `aws/postgres.ts` are both `sst:aws:Postgres`).
//! The catalogue holds one entry per type, the current shape; links.toml's `[types."..."]`
//! overrides cover the older ones. So each type is compared with its current file, and
//! the older files are listed in [`KNOWN_VARIANTS`]: a type found in several files none of
//! which is listed there fails, asking which is current. The variants' differences from the
//! catalogue are printed (`--nocapture`), not asserted.
//!
//! When the pinned SST version moves ahead, the failure lists each missing component type,
//! property, action and binding, with the `.ts` file it came from.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use resource_manifest::catalogue;

#[path = "../../tests/support/sst_cli.rs"]
mod sst_cli;

const CHECK: &str = "catalogue conformance test (SST's platform sources)";

/// Types SST links that the catalogue deliberately does not have: (Pulumi type, why).
const LEFT_OUT: &[(&str, &str)] = &[(
    "sst:sst:Resource",
    "deprecated (SST warns `Use sst.Linkable instead`); its properties are whatever the \
     config passed, which the manifest declares with `sst.Linkable`",
)];

/// Older implementations of a type, kept beside its current file under the same Pulumi
/// type: (file, Pulumi type, what differs). The current file is the type's other one.
const KNOWN_VARIANTS: &[(&str, &str, &str)] = &[
    (
        "aws/postgres-v1.ts",
        "sst:aws:Postgres",
        "`sst.aws.Postgres.v1` (Aurora Serverless v2 with the Data API) also links \
         `clusterArn`, `secretArn` and grants the Data API; `[types.\"sst.aws.Postgres\"]` \
         declares them",
    ),
    (
        "aws/redis-v1.ts",
        "sst:aws:Redis",
        "`sst.aws.Redis.v1` links the same keys",
    ),
    (
        "aws/service-v1.ts",
        "sst:aws:Service",
        "`sst.aws.Service` of `Cluster.v1` links only `url`, which the current shape has \
         (optional)",
    ),
    (
        "aws/auth-v1.ts",
        "sst:aws:Auth",
        "`sst.aws.Auth.v1` links `publicKey` (secret) instead of `url`; \
         `[types.\"sst.aws.Auth\"]` declares it",
    ),
    (
        "cloudflare/static-site.ts",
        "sst:cloudflare:StaticSite",
        "deprecated `StaticSite`; `StaticSiteV2` (static-site-v2.ts) is current, same link",
    ),
];

/// What the test compares instead of a part it cannot read.
#[derive(Debug, Clone, Copy)]
enum Instead {
    /// The whole definition comes from the user: the catalogue's entry must have
    /// `custom_properties`, nothing else is compared.
    Custom,
    /// The permissions are another type's (with the same conditions).
    ActionsOf(&'static str),
}

/// A link body part the reader cannot read.
struct Unreadable {
    file: &'static str,
    ty: &'static str,
    /// `return`, `properties` or `include`.
    part: &'static str,
    reason: &'static str,
    instead: Instead,
}

/// Every part of a `getSSTLink()` the reader cannot read, and why.
const UNREADABLE: &[Unreadable] = &[
    Unreadable {
        file: "linkable.ts",
        ty: "sst:sst:Linkable",
        part: "return",
        reason: "returns the definition the config passed (`this._definition`)",
        instead: Instead::Custom,
    },
    Unreadable {
        file: "aws/workflow.ts",
        ty: "sst:aws:Workflow",
        part: "include",
        reason: "grants its function's permissions (`this.fn.getSSTLink()`), an \
                 sst.aws.Function created with `durable` set",
        instead: Instead::ActionsOf("sst:aws:Function"),
    },
];

/// Conditional actions SST grants that the catalogue deliberately lacks: (type, action,
/// why). Empty: the catalogue states SST's conditions with `PermissionDef::when`
/// (Function's durable-execution actions, granted when the link holds `qualifier`).
const CONDITIONAL_LEFT_OUT: &[(&str, &str, &str)] = &[];

/// Properties SST wraps in `secret()` (a Pulumi secret output, kept out of its logs)
/// that the catalogue deliberately types as plain strings: (type, property, why).
const NOT_SECRET: &[(&str, &str, &str)] = &[(
    "sst.cloudflare.Auth",
    "publicKey",
    "a PEM public key: nothing to hide from a reader, and as a Secret it would keep a \
     browser build (wasm32) from linking the issuer that verifies its tokens",
)];

// ---------------------------------------------------------------------------------
// The platform sources, unpacked by SST's CLI.
// ---------------------------------------------------------------------------------

/// Every `.ts` file of `platform/src/components/`, by its path there (`aws/bucket.ts`),
/// unpacked from the pinned SST CLI; `None` (after a loud message) when this machine
/// cannot install it. Unpacked into a directory of this process's own (others may run
/// this test at the same time), read, then removed.
fn sst_sources() -> Option<&'static BTreeMap<String, ts::Source>> {
    static SOURCES: OnceLock<Option<BTreeMap<String, ts::Source>>> = OnceLock::new();
    SOURCES
        .get_or_init(|| {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
                "sst-platform-{}-{}",
                sst_cli::sst_version(),
                std::process::id()
            ));
            let components = unpack_platform(&dir)?.join("src/components");
            let sources = read_sources(&components);
            let _ = std::fs::remove_dir_all(&dir);
            Some(sources)
        })
        .as_ref()
}

/// Unpacks SST's platform with `sst install` in a scratch project `dir`; returns its
/// `.sst/platform`.
fn unpack_platform(dir: &Path) -> Option<PathBuf> {
    let sst = sst_cli::sst_bin(CHECK)?;
    let version = sst_cli::sst_version();
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir.join("stub")).unwrap();
    std::fs::write(
            dir.join("sst.config.ts"),
            "export default $config({\n  app() {\n    return { name: \"conformance\", home: \"local\" };\n  },\n  async run() {},\n});\n",
        )
        .unwrap();
    // `sst install` runs `npm install` in `.sst/platform` after unpacking it: this
    // `npm` does nothing, so nothing is downloaded.
    let npm = dir.join("stub/npm");
    std::fs::write(&npm, "#!/bin/sh\nexit 0\n").unwrap();
    make_executable(&npm);
    let path = std::env::join_paths(std::iter::once(dir.join("stub")).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let started = std::time::Instant::now();
    let out = Command::new(sst)
        .args(["install", "--stage", "conformance"])
        .current_dir(dir)
        .env_clear()
        .env("PATH", path)
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join("xdg"))
        .env("XDG_CACHE_HOME", dir.join("cache"))
        .env("SST_SKIP_DEPENDENCY_CHECK", "1")
        .env("SST_TELEMETRY_DISABLED", "1")
        .env("SST_NO_BUN", "1")
        .env("SST_LOG", dir.join("sst.log"))
        .stdin(Stdio::null())
        .output()
        .expect("sst runs");
    let platform = dir.join(".sst/platform");
    assert!(
        out.status.success(),
        "`sst install` did not unpack the platform:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let unpacked = std::fs::read_to_string(platform.join("version")).unwrap_or_default();
    assert_eq!(
        unpacked, version,
        "the platform unpacked is SST {version}'s"
    );
    eprintln!(
        "SST {version}'s platform unpacked in {:?} into {}",
        started.elapsed(),
        platform.display()
    );
    Some(platform)
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(not(unix))]
fn make_executable(_: &Path) {}

/// Every `.ts` file under `root`, by its path relative to it (`aws/bucket.ts`).
fn read_sources(root: &Path) -> BTreeMap<String, ts::Source> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, ts::Source>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "ts") {
                let rel = path.strip_prefix(root).unwrap();
                let rel: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
                let text = std::fs::read_to_string(&path).unwrap();
                out.insert(rel.join("/"), ts::Source::new(text));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

// ---------------------------------------------------------------------------------
// A tolerant reader of TypeScript text.
// ---------------------------------------------------------------------------------

mod ts {
    use std::ops::Range;

    /// A TypeScript file and its *code*: the same bytes with comments, the insides of
    /// strings, template text and regex literals blanked, so brackets and words found in
    /// the code are code. Offsets are shared, so a string's value is read from `text`.
    pub struct Source {
        pub text: String,
        pub code: Vec<u8>,
    }

    fn is_ident(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
    }

    impl Source {
        pub fn new(text: String) -> Source {
            let code = mask(text.as_bytes());
            Source { text, code }
        }

        pub fn all(&self) -> Range<usize> {
            0..self.code.len()
        }

        /// The text of `r`, whitespace trimmed (for messages).
        pub fn show(&self, r: Range<usize>) -> String {
            let t = self.text[r]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            if t.len() > 80 {
                let mut end = 77;
                while !t.is_char_boundary(end) {
                    end -= 1;
                }
                format!("{}...", &t[..end])
            } else {
                t
            }
        }

        pub fn trim(&self, mut r: Range<usize>) -> Range<usize> {
            while r.start < r.end && self.code[r.start].is_ascii_whitespace() {
                r.start += 1;
            }
            while r.end > r.start && self.code[r.end - 1].is_ascii_whitespace() {
                r.end -= 1;
            }
            r
        }

        /// The index of the bracket closing the one at `open`.
        pub fn close(&self, open: usize) -> Option<usize> {
            let mut stack = Vec::new();
            for i in open..self.code.len() {
                match self.code[i] {
                    b'(' | b'[' | b'{' => stack.push(self.code[i]),
                    b')' | b']' | b'}' => {
                        stack.pop()?;
                        if stack.is_empty() {
                            return Some(i);
                        }
                    }
                    _ => {}
                }
            }
            None
        }

        /// Offsets in `r` at bracket depth 0 (relative to `r`), in order.
        fn top_level(&self, r: Range<usize>) -> impl Iterator<Item = usize> + '_ {
            let mut depth = 0i32;
            r.filter(move |&i| {
                let top = depth == 0;
                match self.code[i] {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth -= 1,
                    _ => {}
                }
                top && !matches!(self.code[i], b')' | b']' | b'}')
            })
        }

        /// The first top-level `byte` in `r`.
        pub fn top_find(&self, r: Range<usize>, byte: u8) -> Option<usize> {
            self.top_level(r).find(|&i| self.code[i] == byte)
        }

        /// `r` split at its top-level commas, each part trimmed, empty parts dropped.
        pub fn split_commas(&self, r: Range<usize>) -> Vec<Range<usize>> {
            let mut parts = Vec::new();
            let mut start = r.start;
            for i in self.top_level(r.clone()) {
                if self.code[i] == b',' {
                    parts.push(self.trim(start..i));
                    start = i + 1;
                }
            }
            parts.push(self.trim(start..r.end));
            parts.retain(|p| !p.is_empty());
            parts
        }

        /// Whether the code at `i` is the word `word` (not part of a longer name).
        pub fn word_at(&self, i: usize, word: &str) -> bool {
            let w = word.as_bytes();
            self.code[i..].starts_with(w)
                && (i == 0 || !is_ident(self.code[i - 1]))
                && self.code.get(i + w.len()).is_none_or(|&b| !is_ident(b))
        }

        /// Every occurrence of the word `word` in `r`.
        pub fn words(&self, r: Range<usize>, word: &str) -> Vec<usize> {
            r.filter(|&i| self.word_at(i, word)).collect()
        }

        /// Every top-level occurrence of the word `word` in `r`.
        pub fn top_words(&self, r: Range<usize>, word: &str) -> Vec<usize> {
            self.top_level(r)
                .filter(|&i| self.word_at(i, word))
                .collect()
        }

        /// The identifier starting at `i` and where it ends.
        pub fn ident(&self, i: usize) -> Option<(&str, usize)> {
            let end = (i..self.code.len())
                .find(|&j| !is_ident(self.code[j]))
                .unwrap_or(self.code.len());
            (end > i && !self.code[i].is_ascii_digit()).then(|| (&self.text[i..end], end))
        }

        /// The next non-whitespace offset at or after `i`.
        pub fn skip_ws(&self, mut i: usize) -> usize {
            while i < self.code.len() && self.code[i].is_ascii_whitespace() {
                i += 1;
            }
            i
        }

        /// The previous non-whitespace byte before `i`.
        pub fn prev(&self, i: usize) -> Option<u8> {
            self.code[..i]
                .iter()
                .rev()
                .find(|b| !b.is_ascii_whitespace())
                .copied()
        }

        /// The value of a string literal spanning exactly `r` (simple escapes only).
        pub fn string(&self, r: Range<usize>) -> Option<String> {
            let r = self.trim(r);
            let q = *self.code.get(r.start)?;
            if r.len() < 2 || !matches!(q, b'"' | b'\'') || self.code[r.end - 1] != q {
                return None;
            }
            if self.code[r.start + 1..r.end - 1].contains(&q) {
                return None; // two strings, e.g. `"a" + "b"`
            }
            Some(self.text[r.start + 1..r.end - 1].replace("\\/", "/"))
        }

        /// `r` without enclosing parentheses (and whitespace).
        pub fn strip_parens(&self, r: Range<usize>) -> Range<usize> {
            let mut r = self.trim(r);
            while r.len() >= 2
                && self.code[r.start] == b'('
                && self.close(r.start) == Some(r.end - 1)
            {
                r = self.trim(r.start + 1..r.end - 1);
            }
            r
        }

        /// Whether `r` is exactly one bracketed literal opened by `open` (`{` or `[`).
        pub fn is_literal(&self, r: Range<usize>, open: u8) -> bool {
            let r = self.trim(r);
            !r.is_empty() && self.code[r.start] == open && self.close(r.start) == Some(r.end - 1)
        }

        /// `cond ? a : b` at the top level of `r`: the three parts.
        pub fn ternary(&self, r: Range<usize>) -> Option<[Range<usize>; 3]> {
            let top: Vec<usize> = self.top_level(r.clone()).collect();
            let is_q = |i: usize| {
                self.code[i] == b'?'
                    && !matches!(self.code.get(i + 1), Some(b'.' | b'?'))
                    && (i == 0 || self.code[i - 1] != b'?')
            };
            let q = *top.iter().find(|&&i| is_q(i))?;
            let mut nested = 0;
            for &i in top.iter().filter(|&&i| i > q) {
                if is_q(i) {
                    nested += 1;
                } else if self.code[i] == b':' {
                    if nested == 0 {
                        return Some([r.start..q, q + 1..i, i + 1..r.end]);
                    }
                    nested -= 1;
                }
            }
            None
        }

        /// A call `callee(args)` spanning exactly `r`: the callee's last name segment
        /// (`permission` for `sst.aws.permission(...)`) and the arguments' range.
        pub fn call(&self, r: Range<usize>) -> Option<(&str, Range<usize>)> {
            let r = self.trim(r);
            let open = (r.start..r.end).find(|&i| self.code[i] == b'(')?;
            let callee = self.trim(r.start..open);
            let callee_ok = !callee.is_empty()
                && self.code[callee.clone()]
                    .iter()
                    .all(|&b| is_ident(b) || b == b'.');
            if !callee_ok || self.close(open) != Some(r.end - 1) {
                return None;
            }
            let name_start = self.text[callee.clone()]
                .rfind('.')
                .map_or(callee.start, |d| callee.start + d + 1);
            Some((&self.text[name_start..callee.end], open + 1..r.end - 1))
        }

        /// The entries of the object literal spanning exactly `r`.
        pub fn entries(&self, r: Range<usize>) -> Vec<Entry> {
            let r = self.trim(r);
            self.split_commas(r.start + 1..r.end - 1)
                .into_iter()
                .map(|part| {
                    if self.code[part.start..].starts_with(b"...") {
                        return Entry::Spread(part.start + 3..part.end);
                    }
                    let colon = self.top_level(part.clone()).find(|&i| self.code[i] == b':');
                    let key_range = colon.map_or(part.clone(), |c| self.trim(part.start..c));
                    let key = self.string(key_range.clone()).or_else(|| {
                        let (name, end) = self.ident(key_range.start)?;
                        (end == key_range.end).then(|| name.to_owned())
                    });
                    match (key, colon) {
                        (Some(key), Some(c)) => Entry::Value(key, self.trim(c + 1..part.end)),
                        (Some(key), None) => Entry::Shorthand(key),
                        (None, _) => Entry::Other(part),
                    }
                })
                .collect()
        }

        /// The value of the entry `key` of the object literal `r`, if it has one.
        pub fn field(&self, r: Range<usize>, key: &str) -> Option<Range<usize>> {
            self.entries(r).into_iter().find_map(|e| match e {
                Entry::Value(k, v) if k == key => Some(v),
                _ => None,
            })
        }
    }

    /// An entry of an object literal.
    #[derive(Debug)]
    pub enum Entry {
        /// `key: value`.
        Value(String, Range<usize>),
        /// `key` (the variable of that name).
        Shorthand(String),
        /// `...expr`: the expression.
        Spread(Range<usize>),
        /// Anything else (a method, a computed key).
        Other(Range<usize>),
    }

    /// Blanks comments, string contents, template text and regex literals, keeping every
    /// offset (each blanked byte becomes one ASCII byte, so the result is UTF-8 where the
    /// input is).
    fn mask(b: &[u8]) -> Vec<u8> {
        let mut out = b.to_vec();
        let blank = |out: &mut Vec<u8>, r: Range<usize>| {
            for i in r {
                if out[i] != b'\n' {
                    out[i] = b' ';
                }
            }
        };
        // For each open `${`, the depth of `{` inside it.
        let mut templates: Vec<usize> = Vec::new();
        let mut last: Option<u8> = None;
        let mut last_word_end = 0;
        let mut i = 0;
        while i < b.len() {
            let c = b[i];
            let next = b.get(i + 1).copied();
            if c == b'/' && next == Some(b'/') {
                let end = (i..b.len()).find(|&j| b[j] == b'\n').unwrap_or(b.len());
                blank(&mut out, i..end);
                i = end;
                continue;
            }
            if c == b'/' && next == Some(b'*') {
                let end = (i + 2..b.len().saturating_sub(1))
                    .find(|&j| b[j] == b'*' && b[j + 1] == b'/')
                    .map_or(b.len(), |j| j + 2);
                blank(&mut out, i..end);
                i = end;
                continue;
            }
            if c == b'"' || c == b'\'' {
                let mut j = i + 1;
                while j < b.len() && b[j] != c && b[j] != b'\n' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let j = j.min(b.len());
                out[i + 1..j].fill(b'_');
                last = Some(c);
                i = j + 1;
                continue;
            }
            if c == b'`' {
                i = template_text(b, &mut out, i + 1, &mut templates);
                last = Some(b'`');
                continue;
            }
            if c == b'/' && regex_may_start(last, &b[..last_word_end]) {
                let mut j = i + 1;
                let mut class = false;
                while j < b.len() && b[j] != b'\n' {
                    match b[j] {
                        b'\\' => j += 1,
                        b'[' => class = true,
                        b']' => class = false,
                        b'/' if !class => break,
                        _ => {}
                    }
                    j += 1;
                }
                out[i + 1..j.min(b.len())].fill(b'_');
                last = Some(b'/');
                i = j + 1;
                continue;
            }
            match c {
                b'{' => {
                    if let Some(d) = templates.last_mut() {
                        *d += 1;
                    }
                }
                b'}' => {
                    if let Some(d) = templates.last_mut() {
                        if *d == 0 {
                            templates.pop();
                            i = template_text(b, &mut out, i + 1, &mut templates);
                            last = Some(b'`');
                            continue;
                        }
                        *d -= 1;
                    }
                }
                _ => {}
            }
            if !c.is_ascii_whitespace() {
                last = Some(c);
                last_word_end = i + 1;
            }
            i += 1;
        }
        out
    }

    /// Blanks template text from `i` to the closing backtick or the next `${` (pushed on
    /// `templates`); returns where code resumes.
    fn template_text(b: &[u8], out: &mut [u8], mut i: usize, templates: &mut Vec<usize>) -> usize {
        while i < b.len() {
            match b[i] {
                b'`' => return i + 1,
                b'$' if b.get(i + 1) == Some(&b'{') => {
                    templates.push(0);
                    return i + 2;
                }
                b'\\' => {
                    out[i] = b'_';
                    if i + 1 < b.len() && b[i + 1] != b'\n' {
                        out[i + 1] = b'_';
                    }
                    i += 2;
                    continue;
                }
                b'\n' => {}
                _ => out[i] = b'_',
            }
            i += 1;
        }
        b.len()
    }

    /// Whether a `/` after the significant byte `last` starts a regex (not a division).
    fn regex_may_start(last: Option<u8>, before: &[u8]) -> bool {
        match last {
            None => true,
            Some(c) if b"(,=:[!&|?{};+-*%<>~^".contains(&c) => true,
            Some(c) if is_ident(c) => {
                let start = before
                    .iter()
                    .rposition(|&b| !is_ident(b))
                    .map_or(0, |p| p + 1);
                matches!(
                    &before[start..],
                    b"return"
                        | b"typeof"
                        | b"case"
                        | b"in"
                        | b"of"
                        | b"delete"
                        | b"void"
                        | b"throw"
                        | b"new"
                        | b"yield"
                        | b"await"
                )
            }
            _ => false,
        }
    }
}

// ---------------------------------------------------------------------------------
// SST's components and what their links hold.
// ---------------------------------------------------------------------------------

/// A property a link holds.
#[derive(Debug, Clone)]
struct Prop {
    name: String,
    optional: bool,
    /// Wrapped in `secret(...)`.
    secret: bool,
    /// The keys of an object-literal value (`peer: cond ? { region, endpoint } : undefined`).
    nested: Option<Vec<Prop>>,
}

/// What a `getSSTLink()` body says.
#[derive(Debug, Default, Clone)]
struct Link {
    /// `None` when unreadable.
    properties: Option<Vec<Prop>>,
    /// Each IAM action and whether it is conditional.
    actions: Vec<(String, bool)>,
    /// Binding kinds (`r2BucketBindings`).
    bindings: Vec<String>,
    /// Variables of `env({ ... })` includes.
    environment: Vec<String>,
    /// Parts not read: (`return` | `properties` | `include`, what the code says).
    unreadable: Vec<(&'static str, String)>,
}

impl Link {
    fn read(src: &ts::Source, body: std::ops::Range<usize>) -> Link {
        let mut link = Link::default();
        let Some(&ret) = src.top_words(body.clone(), "return").last() else {
            link.unreadable
                .push(("return", "no `return` in the body".into()));
            return link;
        };
        let end = src.top_find(ret..body.end, b';').unwrap_or(body.end);
        let value = src.trim(ret + "return".len()..end);
        if !src.is_literal(value.clone(), b'{') {
            link.unreadable.push(("return", src.show(value)));
            return link;
        }
        let mut props = Vec::new();
        let mut props_ok = true;
        for entry in src.entries(value.clone()) {
            match entry {
                ts::Entry::Value(k, v) if k == "properties" => {
                    props_ok &= read_props(src, &body, v, &mut props, &mut link)
                }
                ts::Entry::Shorthand(k) if k == "properties" => {
                    match local_const(src, &body, "properties") {
                        Some(v) => props_ok &= read_props(src, &body, v, &mut props, &mut link),
                        None => {
                            props_ok = false;
                            link.unreadable
                                .push(("properties", "`properties` (not a local const)".into()));
                        }
                    }
                }
                ts::Entry::Value(k, v) if k == "include" => read_include(src, v, false, &mut link),
                _ => {}
            }
        }
        link.properties = props_ok.then_some(props);
        link
    }
}

/// The initializer of `const name = ...;` at the top level of `body`.
fn local_const(
    src: &ts::Source,
    body: &std::ops::Range<usize>,
    name: &str,
) -> Option<std::ops::Range<usize>> {
    for c in src.top_words(body.clone(), "const") {
        let at = src.skip_ws(c + "const".len());
        let Some((n, end)) = src.ident(at) else {
            continue;
        };
        let eq = src.skip_ws(end);
        if n == name && src.code.get(eq) == Some(&b'=') {
            let stop = (eq..body.end)
                .find(|&i| src.code[i] == b';')
                .unwrap_or(body.end);
            let init = src.trim(eq + 1..stop);
            // A `;` inside the initializer ends it too early: take the whole literal.
            if src.code.get(init.start) == Some(&b'{') {
                return Some(init.start..src.close(init.start)? + 1);
            }
            return Some(init);
        }
    }
    None
}

/// Reads a `properties` value into `out`; false (recorded) when it cannot.
fn read_props(
    src: &ts::Source,
    body: &std::ops::Range<usize>,
    value: std::ops::Range<usize>,
    out: &mut Vec<Prop>,
    link: &mut Link,
) -> bool {
    let value = src.strip_parens(value);
    let named = src
        .ident(value.start)
        .filter(|(name, end)| *end == value.end && *name != "this")
        .and_then(|(name, _)| local_const(src, body, name));
    if let Some(init) = named {
        return read_props(src, body, init, out, link);
    }
    if !src.is_literal(value.clone(), b'{') {
        link.unreadable.push(("properties", src.show(value)));
        return false;
    }
    read_object(src, value, false, out, link)
}

fn read_object(
    src: &ts::Source,
    obj: std::ops::Range<usize>,
    conditional: bool,
    out: &mut Vec<Prop>,
    link: &mut Link,
) -> bool {
    let mut ok = true;
    for entry in src.entries(obj) {
        match entry {
            ts::Entry::Value(name, v) => {
                let optional = conditional
                    || !src.words(v.clone(), "undefined").is_empty()
                    || src.code[v.clone()].windows(2).any(|w| w == b"?.");
                let secret = src
                    .call(v.clone())
                    .is_some_and(|(callee, _)| callee == "secret");
                let nested = object_value(src, v).map(|obj| {
                    let mut inner = Vec::new();
                    read_object(src, obj, false, &mut inner, link);
                    inner
                });
                out.push(Prop {
                    name,
                    optional,
                    secret,
                    nested,
                });
            }
            ts::Entry::Shorthand(name) => out.push(Prop {
                name,
                optional: conditional,
                secret: false,
                nested: None,
            }),
            ts::Entry::Spread(e) => ok &= read_spread(src, e, conditional, out, link),
            ts::Entry::Other(r) => {
                link.unreadable.push(("properties", src.show(r)));
                ok = false;
            }
        }
    }
    ok
}

/// The object literal a value is, or yields in a branch of a ternary whose other branch
/// is `undefined`.
fn object_value(src: &ts::Source, v: std::ops::Range<usize>) -> Option<std::ops::Range<usize>> {
    let v = src.strip_parens(v);
    if src.is_literal(v.clone(), b'{') {
        return Some(v);
    }
    let [_, a, b] = src.ternary(v)?;
    let (a, b) = (src.strip_parens(a), src.strip_parens(b));
    match (&src.text[a.clone()], &src.text[b.clone()]) {
        (_, "undefined") => object_value(src, a),
        ("undefined", _) => object_value(src, b),
        _ => None,
    }
}

fn read_spread(
    src: &ts::Source,
    e: std::ops::Range<usize>,
    conditional: bool,
    out: &mut Vec<Prop>,
    link: &mut Link,
) -> bool {
    let e = src.strip_parens(e);
    if let Some([_, a, b]) = src.ternary(e.clone()) {
        let a = read_spread(src, a, true, out, link);
        return read_spread(src, b, true, out, link) && a;
    }
    if src.is_literal(e.clone(), b'{') {
        return read_object(src, e, conditional, out, link);
    }
    link.unreadable
        .push(("properties", format!("...{}", src.show(e))));
    false
}

/// The items of the array literal at `e`, each spread (`...x`) read as `x`.
fn array_items(src: &ts::Source, e: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    src.split_commas(e.start + 1..e.end - 1)
        .into_iter()
        .map(|item| {
            if src.code[item.start..].starts_with(b"...") {
                item.start + 3..item.end
            } else {
                item
            }
        })
        .collect()
}

/// Reads permissions and bindings from an `include` value (or part of one).
fn read_include(src: &ts::Source, e: std::ops::Range<usize>, conditional: bool, link: &mut Link) {
    let e = src.strip_parens(e);
    if e.is_empty() {
        return;
    }
    if let Some([_, a, b]) = src.ternary(e.clone()) {
        read_include(src, a, true, link);
        read_include(src, b, true, link);
    } else if src.is_literal(e.clone(), b'[') {
        for item in array_items(src, e) {
            read_include(src, item, conditional, link);
        }
    } else if src.is_literal(e.clone(), b'{') {
        // A plain object (`{ type: "cloudflare.durableObject", ... }`): no IAM, no binding.
    } else if let Some((callee, args)) = src.call(e.clone()) {
        match callee {
            "permission" => match src.field(args.clone(), "actions") {
                Some(actions) if src.is_literal(args.clone(), b'{') => {
                    read_actions(src, actions, conditional, link)
                }
                _ => link
                    .unreadable
                    .push(("include", format!("permission({})", src.show(args)))),
            },
            "binding" => match src.field(args.clone(), "type").and_then(|t| src.string(t)) {
                Some(kind) => link.bindings.push(kind),
                None => link
                    .unreadable
                    .push(("include", format!("binding({})", src.show(args)))),
            },
            "env" => {
                let entries = src
                    .is_literal(args.clone(), b'{')
                    .then(|| src.entries(args.clone()));
                for entry in entries.unwrap_or_default() {
                    match entry {
                        ts::Entry::Value(k, _) | ts::Entry::Shorthand(k) => {
                            link.environment.push(k)
                        }
                        _ => link
                            .unreadable
                            .push(("include", format!("env({})", src.show(args.clone())))),
                    }
                }
            }
            _ => link.unreadable.push(("include", src.show(e))),
        }
    } else {
        link.unreadable.push(("include", src.show(e)));
    }
}

fn read_actions(src: &ts::Source, e: std::ops::Range<usize>, conditional: bool, link: &mut Link) {
    let e = src.strip_parens(e);
    if e.is_empty() {
        return;
    }
    if let Some(action) = src.string(e.clone()) {
        link.actions.push((action, conditional));
    } else if let Some([_, a, b]) = src.ternary(e.clone()) {
        read_actions(src, a, true, link);
        read_actions(src, b, true, link);
    } else if src.is_literal(e.clone(), b'[') {
        for item in array_items(src, e) {
            read_actions(src, item, conditional, link);
        }
    } else {
        link.unreadable
            .push(("include", format!("actions {}", src.show(e))));
    }
}

/// A class: where it is, its base, its Pulumi type and its `getSSTLink()` body.
struct Class {
    file: String,
    name: String,
    base: Option<String>,
    pulumi_type: Option<String>,
    link_body: Option<std::ops::Range<usize>>,
}

fn classes(file: &str, src: &ts::Source) -> Vec<Class> {
    // `const __pulumiType = "sst:aws:Bucket";`, which constructors pass to `super`.
    let file_type = local_const(src, &src.all(), "__pulumiType").and_then(|v| src.string(v));
    let mut out = Vec::new();
    for at in src.words(src.all(), "class") {
        let Some((name, mut i)) = src.ident(src.skip_ws(at + "class".len())) else {
            continue;
        };
        i = src.skip_ws(i);
        if src.code.get(i) == Some(&b'<') {
            // Generic parameters: skip to the matching `>`.
            let mut depth = 0;
            while i < src.code.len() {
                match src.code[i] {
                    b'<' => depth += 1,
                    b'>' if src.code[i - 1] != b'=' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i = src.skip_ws(i + 1);
        }
        let base = if src.word_at(i, "extends") {
            src.ident(src.skip_ws(i + "extends".len()))
                .map(|(b, _)| b.to_owned())
        } else {
            None
        };
        let Some(open) = (i..src.code.len()).find(|&j| src.code[j] == b'{') else {
            continue;
        };
        let Some(close) = src.close(open) else {
            continue;
        };
        let body = open + 1..close;
        let pulumi_type = src.words(body.clone(), "super").into_iter().find_map(|s| {
            let open = src.skip_ws(s + "super".len());
            if src.code.get(open) != Some(&b'(') {
                return None;
            }
            let args = open + 1..src.close(open)?;
            let first = src.split_commas(args).into_iter().next()?;
            if src.text[first.clone()].trim() == "__pulumiType" {
                file_type.clone()
            } else {
                src.string(first)
            }
        });
        let link_body = src
            .top_words(body.clone(), "getSSTLink")
            .into_iter()
            .find_map(|g| {
                let open = src.skip_ws(g + "getSSTLink".len());
                if src.code.get(open) != Some(&b'(') || src.prev(g) == Some(b'.') {
                    return None;
                }
                let after = src.skip_ws(src.close(open)? + 1);
                // `{` of the body, after an optional `: ReturnType`.
                let brace = if src.code.get(after) == Some(&b':') {
                    (after..src.code.len()).find(|&j| src.code[j] == b'{')?
                } else {
                    after
                };
                (src.code.get(brace) == Some(&b'{'))
                    .then(|| Some(brace + 1..src.close(brace)?))
                    .flatten()
            });
        out.push(Class {
            file: file.to_owned(),
            name: name.to_owned(),
            base,
            pulumi_type,
            link_body,
        });
    }
    out
}

/// The module file `import { name } from "..."` in `file` names, if any.
fn imported_from(sources: &BTreeMap<String, ts::Source>, file: &str, name: &str) -> Option<String> {
    let src = &sources[file];
    for at in src.words(src.all(), "import") {
        let open = src.skip_ws(at + "import".len());
        let open = if src.word_at(open, "type") {
            src.skip_ws(open + 4)
        } else {
            open
        };
        if src.code.get(open) != Some(&b'{') {
            continue;
        }
        let close = src.close(open)?;
        let names = src.split_commas(open + 1..close);
        let imports = names.iter().any(|n| {
            let t = src.text[n.clone()].trim_start_matches("type ");
            t.split(" as ").last().map(str::trim) == Some(name)
        });
        let from = src.skip_ws(close + 1);
        if !imports || !src.word_at(from, "from") {
            continue;
        }
        let start = src.skip_ws(from + 4);
        let end = (start + 1..src.code.len()).find(|&j| src.code[j] == src.code[start])?;
        let module = src.string(start..end + 1)?;
        let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for seg in module.trim_end_matches(".js").split('/') {
            match seg {
                "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let base = parts.join("/");
        return [format!("{base}.ts"), format!("{base}/index.ts")]
            .into_iter()
            .find(|f| sources.contains_key(f));
    }
    None
}

/// An SST component type that links.
struct Component {
    /// `sst:aws:Bucket`.
    ty: String,
    /// `sst.aws.Bucket`.
    wire: String,
    /// The file declaring the type.
    file: String,
    /// The file whose `getSSTLink()` it uses (its base class's, for SSR sites).
    link_file: String,
    link: Link,
}

/// Every class with an `sst:` type that links, in file order.
fn linking_components(sources: &BTreeMap<String, ts::Source>) -> Vec<Component> {
    let all: Vec<Class> = sources.iter().flat_map(|(f, s)| classes(f, s)).collect();
    let find = |file: &str, name: &str| -> Option<&Class> {
        all.iter()
            .find(|c| c.file == file && c.name == name)
            .or_else(|| {
                let module = imported_from(sources, file, name)?;
                all.iter().find(|c| c.file == module && c.name == name)
            })
    };
    let mut out = Vec::new();
    for class in &all {
        let Some(ty) = class.pulumi_type.as_deref() else {
            continue;
        };
        if !ty.starts_with("sst:") {
            continue;
        }
        let mut at = class;
        let mut hops = 0;
        while at.link_body.is_none() && hops < 8 {
            match at.base.as_deref().and_then(|b| find(&at.file, b)) {
                Some(base) => at = base,
                None => break,
            }
            hops += 1;
        }
        let Some(body) = at.link_body.clone() else {
            continue;
        };
        out.push(Component {
            ty: ty.to_owned(),
            wire: ty.replace(':', "."),
            file: class.file.clone(),
            link_file: at.file.clone(),
            link: Link::read(&sources[&at.file], body),
        });
    }
    out
}

/// SST's components, unpacked and read, or `None` when this machine cannot.
fn sst_components() -> Option<&'static [Component]> {
    static COMPONENTS: OnceLock<Option<Vec<Component>>> = OnceLock::new();
    COMPONENTS
        .get_or_init(|| Some(linking_components(sst_sources()?)))
        .as_deref()
}

/// The current component of each type (by wire type), and the variants, or an error
/// naming types found in several files none of which [`KNOWN_VARIANTS`] lists.
fn split_current(
    components: &[Component],
) -> (BTreeMap<&str, &Component>, Vec<&Component>, Vec<String>) {
    let mut by_type: BTreeMap<&str, Vec<&Component>> = BTreeMap::new();
    for c in components {
        by_type.entry(&c.wire).or_default().push(c);
    }
    let mut current = BTreeMap::new();
    let mut variants = Vec::new();
    let mut problems = Vec::new();
    for (wire, list) in by_type {
        let (old, now): (Vec<_>, Vec<_>) = list
            .into_iter()
            .partition(|c| KNOWN_VARIANTS.iter().any(|v| v.0 == c.file && v.1 == c.ty));
        variants.extend(old);
        match now.as_slice() {
            [one] => {
                current.insert(wire, *one);
            }
            [] => problems.push(format!(
                "{wire}: every file of it is in KNOWN_VARIANTS; which is current?"
            )),
            many => problems.push(format!(
                "{wire}: defined in {}; list the older ones in KNOWN_VARIANTS",
                many.iter()
                    .map(|c| c.file.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
    (current, variants, problems)
}

// ---------------------------------------------------------------------------------
// The comparison.
// ---------------------------------------------------------------------------------

/// Every difference between the catalogue's entry for `c` and SST's link of it.
fn differences(c: &Component, all: &BTreeMap<&str, &Component>) -> Vec<String> {
    let Some(entry) = catalogue::lookup(&c.wire) else {
        return vec!["not in the catalogue".to_owned()];
    };
    let mut out = Vec::new();
    let unreadable = |part: &str| {
        UNREADABLE
            .iter()
            .find(|u| u.ty == c.ty && u.file == c.link_file && u.part == part)
    };
    if let Some(u) = unreadable("return") {
        if matches!(u.instead, Instead::Custom) && !entry.custom_properties {
            out.push(format!(
                "SST links what the config declares ({}); the catalogue entry must have \
                 custom_properties",
                u.reason
            ));
        }
        return out;
    }

    // Properties.
    if let Some(props) = &c.link.properties {
        for p in props {
            match entry.properties.iter().find(|d| d.name == p.name) {
                None => out.push(format!("missing property `{}`", p.name)),
                Some(d) => {
                    if p.optional && !d.optional {
                        out.push(format!(
                            "property `{}`: SST may leave it out; the catalogue requires it",
                            p.name
                        ));
                    }
                    let deliberate = NOT_SECRET
                        .iter()
                        .any(|(t, name, _)| *t == entry.name && *name == p.name);
                    if p.secret && !d.secret && !deliberate {
                        out.push(format!(
                            "property `{}`: SST wraps it in secret(); the catalogue does not \
                             mark it secret",
                            p.name
                        ));
                    }
                    if let (Some(theirs), catalogue::Ty::Object(ours)) = (&p.nested, d.ty) {
                        for q in theirs {
                            if !ours.iter().any(|o| o.name == q.name) {
                                out.push(format!("missing property `{}.{}`", p.name, q.name));
                            }
                        }
                        for o in ours {
                            if !theirs.iter().any(|q| q.name == o.name) {
                                out.push(format!(
                                    "property `{}.{}` is in the catalogue; SST does not link it",
                                    p.name, o.name
                                ));
                            }
                        }
                    }
                }
            }
        }
        for d in entry.properties {
            if !props.iter().any(|p| p.name == d.name) {
                out.push(format!(
                    "property `{}` is in the catalogue; SST does not link it",
                    d.name
                ));
            }
        }
    }

    // IAM actions.
    let theirs: Vec<(String, bool)> = match unreadable("include").map(|u| u.instead) {
        Some(Instead::ActionsOf(other)) => match all.get(other.replace(':', ".").as_str()) {
            Some(o) => o.link.actions.clone(),
            None => {
                out.push(format!(
                    "its permissions are {other}'s, which SST no longer has"
                ));
                Vec::new()
            }
        },
        _ => c.link.actions.clone(),
    };
    let ours: BTreeSet<&str> = entry
        .permissions
        .iter()
        .flat_map(|p| p.actions.iter().copied())
        .collect();
    // Whether the catalogue grants `action` whatever the link holds.
    let required = |prop: &str| {
        entry
            .properties
            .iter()
            .any(|d| d.name == prop && !d.optional)
    };
    let always = |action: &str| {
        let has = |when: &str| {
            entry
                .permissions
                .iter()
                .any(|p| p.when == Some(when) && p.actions.contains(&action))
        };
        entry.permissions.iter().any(|p| {
            p.actions.contains(&action)
                && match p.when {
                    None => true,
                    Some(w) => match w.strip_prefix('!') {
                        Some(prop) => has(prop),
                        None => required(w) || has(&format!("!{w}")),
                    },
                }
        })
    };
    let mut seen = BTreeSet::new();
    for (action, _) in &theirs {
        if !seen.insert(action.as_str()) {
            continue;
        }
        let unconditional = theirs.iter().any(|(a, c)| a == action && !c);
        let listed = ours.contains(action.as_str());
        if unconditional && listed && !always(action) {
            out.push(format!(
                "action `{action}`: SST always grants it; the catalogue only under a `when`"
            ));
        } else if unconditional && !listed {
            out.push(format!("missing action `{action}`"));
        } else if !listed
            && !CONDITIONAL_LEFT_OUT
                .iter()
                .any(|(t, a, _)| *t == c.ty && a == action)
        {
            out.push(format!(
                "missing action `{action}` (SST grants it conditionally: add it with a `when`, \
                 or list it in CONDITIONAL_LEFT_OUT)"
            ));
        }
    }
    for action in &ours {
        if !theirs.iter().any(|(a, _)| a == action) {
            out.push(format!(
                "action `{action}` is in the catalogue; SST does not grant it"
            ));
        }
    }

    // Environment includes.
    for var in &c.link.environment {
        if !entry.environment.iter().any(|(v, _)| v == var) {
            out.push(format!("missing environment include `{var}`"));
        }
    }
    for (var, _) in entry.environment {
        if !c.link.environment.iter().any(|v| v == var) {
            out.push(format!(
                "environment include `{var}` is in the catalogue; SST does not set it"
            ));
        }
    }

    // Cloudflare bindings.
    let kind = c.link.bindings.first().map(String::as_str);
    if c.link.bindings.len() > 1 {
        out.push(format!(
            "SST binds {} kinds ({}); the catalogue holds one",
            c.link.bindings.len(),
            c.link.bindings.join(", ")
        ));
    }
    if kind != entry.binding {
        let show = |k: Option<&str>| k.map_or("none".to_owned(), |k| format!("`{k}`"));
        out.push(format!(
            "binding: SST {}, the catalogue {}",
            show(kind),
            show(entry.binding)
        ));
    }
    out
}

fn report(title: &str, rows: &[(String, String, String)]) -> String {
    let mut s = format!("{title}:\n");
    for (ty, file, what) in rows {
        s += &format!("  {ty} ({file}): {what}\n");
    }
    s
}

/// The reader finds SST's linking components, reads every part it is not told it cannot,
/// and the explicit lists name only things that exist.
#[test]
fn every_linking_component_is_read() {
    let Some(components) = sst_components() else {
        return;
    };
    let mut problems = Vec::new();
    let (current, variants, mut layout) = split_current(components);
    problems.append(&mut layout);
    // The cornerstones: if these are not found, the reader is broken, not the catalogue.
    for ty in [
        "sst.aws.Bucket",
        "sst.aws.Function",
        "sst.sst.Secret",
        "sst.aws.Nextjs",
    ] {
        if !current.contains_key(ty) {
            problems.push(format!("{ty}: not found among SST's linking components"));
        }
    }
    for c in components {
        // What was read, for `--nocapture`.
        let props = c.link.properties.as_ref().map_or("?".to_owned(), |ps| {
            let show = |p: &Prop| format!("{}{}", p.name, if p.optional { "?" } else { "" });
            ps.iter()
                .map(|p| match &p.nested {
                    Some(n) => format!(
                        "{}{{{}}}",
                        show(p),
                        n.iter().map(show).collect::<Vec<_>>().join(",")
                    ),
                    None => show(p),
                })
                .collect::<Vec<_>>()
                .join(" ")
        });
        let actions: Vec<_> = c
            .link
            .actions
            .iter()
            .map(|(a, cond)| format!("{a}{}", if *cond { "?" } else { "" }))
            .collect();
        eprintln!(
            "{} ({}): [{props}] actions [{}] bindings {:?} env {:?}",
            c.wire,
            c.link_file,
            actions.join(" "),
            c.link.bindings,
            c.link.environment
        );
        for (part, what) in &c.link.unreadable {
            let listed = UNREADABLE
                .iter()
                .any(|u| u.ty == c.ty && u.file == c.link_file && u.part == *part);
            let left_out = LEFT_OUT.iter().any(|(t, _)| *t == c.ty);
            if !listed && !left_out && !variants.iter().any(|v| std::ptr::eq(*v, c)) {
                problems.push(format!(
                    "{} ({}): cannot read its {part}: `{what}`; list it in UNREADABLE with the \
                     reason",
                    c.ty, c.link_file
                ));
            }
        }
    }
    for u in UNREADABLE {
        let still = components.iter().any(|c| {
            c.ty == u.ty && c.link_file == u.file && c.link.unreadable.iter().any(|x| x.0 == u.part)
        });
        if !still {
            problems.push(format!(
                "UNREADABLE lists {} ({}) `{}`, which is read now (or gone): remove it",
                u.ty, u.file, u.part
            ));
        }
    }
    for (file, ty, _) in KNOWN_VARIANTS {
        if !components.iter().any(|c| c.file == *file && c.ty == *ty) {
            problems.push(format!(
                "KNOWN_VARIANTS lists {ty} in {file}, which SST no longer has: remove it"
            ));
        }
    }
    for (ty, _) in LEFT_OUT {
        if !components.iter().any(|c| c.ty == *ty) {
            problems.push(format!(
                "LEFT_OUT lists {ty}, which SST no longer links: remove it"
            ));
        }
    }
    for (ty, property, _) in NOT_SECRET {
        let wrapped = components.iter().any(|c| {
            c.wire == *ty
                && c.link
                    .properties
                    .iter()
                    .flatten()
                    .any(|p| p.name == *property && p.secret)
        });
        if !wrapped {
            problems.push(format!(
                "NOT_SECRET lists {ty} `{property}`, which SST no longer wraps in secret(): remove it"
            ));
        }
    }
    for (ty, action, _) in CONDITIONAL_LEFT_OUT {
        let granted = components
            .iter()
            .any(|c| c.ty == *ty && c.link.actions.iter().any(|(a, cond)| a == action && *cond));
        let in_catalogue = catalogue::lookup(ty)
            .is_some_and(|e| e.permissions.iter().any(|p| p.actions.contains(action)));
        if !granted || in_catalogue {
            problems.push(format!(
                "CONDITIONAL_LEFT_OUT lists {ty} `{action}`, which SST no longer grants \
                 conditionally or the catalogue has: remove it"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "SST {}'s platform sources:\n  {}",
        sst_cli::sst_version(),
        problems.join("\n  ")
    );
}

/// Every component type SST links is in the catalogue with the same link.
#[test]
fn catalogue_matches_sst() {
    let Some(components) = sst_components() else {
        return;
    };
    let (current, variants, _) = split_current(components);
    let mut rows = Vec::new();
    let mut matching = 0;
    let mut compared = 0;
    for (wire, c) in &current {
        if LEFT_OUT.iter().any(|(t, _)| *t == c.ty) {
            continue;
        }
        compared += 1;
        let found = differences(c, &current);
        if found.is_empty() {
            matching += 1;
        }
        let file = if c.file == c.link_file {
            c.file.clone()
        } else {
            format!("{}, link in {}", c.file, c.link_file)
        };
        rows.extend(
            found
                .into_iter()
                .map(|d| (wire.to_string(), file.clone(), d)),
        );
    }
    // The older shapes, for the overrides' documentation: printed, not asserted.
    let notes: Vec<_> = variants
        .iter()
        .flat_map(|v| {
            differences(v, &current)
                .into_iter()
                .map(|d| (v.wire.clone(), v.file.clone(), d))
        })
        .collect();
    if !notes.is_empty() {
        eprintln!(
            "{}",
            report(
                "Older shapes (KNOWN_VARIANTS) differ from the catalogue, as expected",
                &notes
            )
        );
    }
    let version = sst_cli::sst_version();
    let summary = format!(
        "{matching} of {compared} SST {version} component types that link match the catalogue \
         ({} left out deliberately, {} older variants not compared)",
        LEFT_OUT.len(),
        variants.len()
    );
    eprintln!("{summary}");
    assert!(
        rows.is_empty(),
        "{summary}\n{}",
        report(
            &format!("The catalogue differs from SST {version} (platform/src/components/)"),
            &rows
        )
    );
}

/// The binding kinds SST's `binding()` accepts: the `type` of each interface its
/// `Binding` union names, in `cloudflare/binding.ts`.
fn sst_binding_kinds(src: &ts::Source) -> Option<BTreeSet<String>> {
    // `type Binding = A | B | ...;`
    let eq = src.words(src.all(), "type").into_iter().find_map(|i| {
        let (name, end) = src.ident(src.skip_ws(i + "type".len()))?;
        let eq = src.skip_ws(end);
        (name == "Binding" && src.code.get(eq) == Some(&b'=')).then_some(eq)
    })?;
    let end = src.top_find(eq..src.code.len(), b';')?;
    let mut kinds = BTreeSet::new();
    for name in src.text[eq + 1..end]
        .split('|')
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        let at = src.words(src.all(), name).into_iter().find(|&i| {
            i.checked_sub("interface ".len())
                .is_some_and(|s| src.word_at(s, "interface"))
        })?;
        let open = (at..src.code.len()).find(|&j| src.code[j] == b'{')?;
        let body = open + 1..src.close(open)?;
        let ty = src
            .top_words(body.clone(), "type")
            .into_iter()
            .find_map(|i| {
                let colon = src.skip_ws(i + "type".len());
                (src.code[colon] == b':').then_some(())?;
                let stop = src.top_find(colon..body.end, b';')?;
                src.string(colon + 1..stop)
            })?;
        kinds.insert(ty);
    }
    Some(kinds)
}

/// [`catalogue::BINDING_KINDS`] is what SST's `binding()` accepts.
#[test]
fn binding_kinds_match_sst() {
    let Some(sources) = sst_sources() else {
        return;
    };
    let file = "cloudflare/binding.ts";
    let theirs = sources
        .get(file)
        .and_then(sst_binding_kinds)
        .unwrap_or_else(|| panic!("cannot read the `Binding` union of {file}"));
    let ours: BTreeSet<String> = catalogue::BINDING_KINDS
        .iter()
        .map(|k| k.to_string())
        .collect();
    assert!(
        theirs.len() > 5,
        "the reader found too few kinds in {file}: {theirs:?}"
    );
    assert_eq!(
        ours,
        theirs,
        "catalogue::BINDING_KINDS differs from SST {}'s {file}: missing {:?}, extra {:?}",
        sst_cli::sst_version(),
        theirs.difference(&ours).collect::<Vec<_>>(),
        ours.difference(&theirs).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------
// The reader on hand-written inputs (no SST needed).
// ---------------------------------------------------------------------------------

fn read_one(text: &str) -> Vec<Component> {
    let mut sources = BTreeMap::new();
    sources.insert("x/thing.ts".to_owned(), ts::Source::new(text.to_owned()));
    linking_components(&sources)
}

#[test]
fn reader_takes_keys_optionals_actions_and_bindings() {
    let text = r#"
// A comment with getSSTLink() { and an unbalanced brace {
export class Thing extends Component implements Link.Linkable {
  constructor(name: string) {
    super(__pulumiType, name, {}, {});
    const re = /[{(]"/g;
    const t = `a ${"}"} b ${ { x: 1 }.x } {`;
  }
  /** doc: getSSTLink() */
  public getSSTLink(): Link.Definition {
    return {
      properties: {
        name: this.name,
        "quoted": this.q, // trailing comment }
        /* inline */ maybe: this.flag ? this.v : undefined,
        chained: this.x.apply((v) => v?.id),
        token: secret(this.key),
        ...(this.on ? { extra: this.e } : {}),
        nested: { inner: 1, other: `${this.a}:${this.b}` },
      },
      include: [
        sst.aws.permission({
          actions: ["svc:Read", ...(this.on ? ["svc:Write"] : [])],
          resources: [interpolate`${this.arn}/*`],
        }),
        env({ A: "b" }),
        { type: "plain.object", a: 1 },
        binding({ type: "thingBindings", properties: { id: this.id } }),
      ],
    };
  }
}
const __pulumiType = "sst:x:Thing";
Thing.__pulumiType = __pulumiType;
"#;
    let found = read_one(text);
    assert_eq!(found.len(), 1, "one component");
    let c = &found[0];
    assert_eq!(
        (c.ty.as_str(), c.wire.as_str()),
        ("sst:x:Thing", "sst.x.Thing")
    );
    assert!(c.link.unreadable.is_empty(), "{:?}", c.link.unreadable);
    let props: Vec<_> = c
        .link
        .properties
        .as_ref()
        .unwrap()
        .iter()
        .map(|p| (p.name.as_str(), p.optional, p.secret))
        .collect();
    assert_eq!(
        props,
        [
            ("name", false, false),
            ("quoted", false, false),
            ("maybe", true, false),
            ("chained", true, false),
            ("token", false, true),
            ("extra", true, false),
            ("nested", false, false),
        ]
    );
    assert_eq!(
        c.link.actions,
        [
            ("svc:Read".to_owned(), false),
            ("svc:Write".to_owned(), true)
        ]
    );
    assert_eq!(c.link.bindings, ["thingBindings"]);
}

#[test]
fn reader_follows_consts_conditional_includes_and_literal_types() {
    let text = r#"
export class Secretish extends Component {
  constructor(name: string) {
    super("sst:sst:Secretish", name, {}, {});
  }
  getSSTLink() {
    const properties = { className: this.className };
    return {
      properties,
      include: this.dev
        ? []
        : [permission({ actions: ["a:One", "a:Two"], resources: ["*"] })],
    };
  }
}
"#;
    let c = &read_one(text)[0];
    assert_eq!(c.ty, "sst:sst:Secretish");
    let names: Vec<_> = c
        .link
        .properties
        .as_ref()
        .unwrap()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["className"]);
    assert_eq!(
        c.link.actions,
        [("a:One".to_owned(), true), ("a:Two".to_owned(), true)]
    );
}

#[test]
fn reader_reports_what_it_cannot_read_and_follows_base_classes() {
    let text = r#"
export abstract class Base extends Component implements Link.Linkable {
  getSSTLink() {
    const link = this.inner.getSSTLink();
    return {
      properties: { ...link.properties, own: this.own },
      include: link.include,
    };
  }
}
export class Derived extends Base {
  constructor(name: string) {
    super(__pulumiType, name);
  }
}
export class Custom extends Component {
  constructor(name: string) {
    super("sst:sst:Custom", name);
  }
  getSSTLink() {
    return this._definition;
  }
}
const __pulumiType = "sst:x:Derived";
"#;
    let found = read_one(text);
    let derived = found.iter().find(|c| c.ty == "sst:x:Derived").unwrap();
    assert!(derived.link.properties.is_none());
    let parts: Vec<_> = derived.link.unreadable.iter().map(|u| u.0).collect();
    assert_eq!(parts, ["properties", "include"]);
    let custom = found.iter().find(|c| c.ty == "sst:sst:Custom").unwrap();
    assert_eq!(custom.link.unreadable[0].0, "return");
    assert!(!found.iter().any(|c| c.ty.contains("Base")));
}

#[test]
fn differences_name_what_sst_has_and_the_catalogue_lacks() {
    // As if SST had moved ahead: a Bucket linking one more property and granting one
    // more action, and a type the catalogue has never heard of.
    let text = r#"
export class Bucket extends Component {
  constructor(name: string) {
    super("sst:aws:Bucket", name);
  }
  getSSTLink() {
    return {
      properties: { name: this.name, region: this.region },
      include: [permission({ actions: ["s3:*", "s3express:CreateSession"], resources: [] })],
    };
  }
}
export class Brand extends Component {
  constructor(name: string) {
    super("sst:aws:BrandNew", name);
  }
  getSSTLink() {
    return { properties: { id: this.id } };
  }
}
"#;
    let found = read_one(text);
    let all: BTreeMap<&str, &Component> = found.iter().map(|c| (c.wire.as_str(), c)).collect();
    assert_eq!(
        differences(all["sst.aws.Bucket"], &all),
        [
            "missing property `region`",
            "missing action `s3express:CreateSession`"
        ]
    );
    assert_eq!(
        differences(all["sst.aws.BrandNew"], &all),
        ["not in the catalogue"]
    );
}
