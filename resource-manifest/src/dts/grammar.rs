//! The grammar of SST's `sst-env.d.ts`: a small strict subset of TypeScript, read by
//! recursive descent over the text, from a file's text to what it declares
//! ([`Declarations`]: its leading `/// <reference path>`s and the members of its
//! `Resource` interfaces, with spans). Owns syntax and spans only; what the members
//! mean is the resolver's (`mod.rs`).
//!
//! Written by hand rather than with a parser-combinator library because it runs inside
//! every user's build (the proc-macro reads the file): winnow's combinators cost
//! 0.5 s of compilation there (winnow 0.66 s against 0.18 s without them), and their
//! instances in this crate more (BENCHMARKS.md, section 0). `winnow_grammar.rs`, the same grammar in winnow, is the test oracle: the
//! tests below hold both to the same declarations and the same error (position and
//! message) on every corpus file and on thousands of mutations of them.
//!
//! The grammar (`?` optional, `*` repeated, `|` first match; trivia is whitespace,
//! a byte-order mark, `//` and `/* */` comments, allowed between the tokens below
//! except around the `.` of `ns.Name` and after the `.` of `import("...").Name`; a
//! reference directive is one line, with spaces and tabs only):
//!
//! ```text
//! file       = reference* ( module | statement )*
//! reference  = "///" <reference path="..." ... "/>"   (any case, either quote)
//! module     = "declare" "module" string "{" interface* "}"
//! interface  = "export"? "interface" "Resource" object ";"?
//! statement  = ( "import" ( "*" "as" ident "from" )? string | "export" "{" "}" ) ";"?
//! object     = "{" ( member ( ";" | "," | line break | before "}" ) )* "}"
//! member     = ( string | ident ) "?"? ":" type
//! type       = ( object | string | "import" "(" string ")" "." ident
//!              | ident ( "." ident )? ) "[]"*
//! ```

use std::ops::Range;

use crate::ast::MAX_TYPE_DEPTH;
use crate::diagnostic::{Diagnostic, SourceFile};

/// A member's type as written.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum TsType {
    String,
    Number,
    Boolean,
    Any,
    Literal(String),
    Object(Vec<Member>),
    /// `import("@cloudflare/workers-types").R2Bucket` or `cloudflare.R2Bucket`.
    Named(String),
    Array(Box<TsType>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct Member {
    pub(super) key: String,
    pub(super) span: Range<usize>,
    /// `"key"?: ...`: TypeScript's optional member.
    pub(super) optional: bool,
    pub(super) ty: TsType,
    pub(super) ty_span: Range<usize>,
}

/// `/// <reference path="../../sst-env.d.ts" />`: `path` as written, `span` its
/// quoted text.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Reference {
    pub(super) path: String,
    pub(super) span: Range<usize>,
}

/// What one file says: the references of its leading comments, then the members of
/// its `Resource` interfaces, in file order.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Declarations {
    pub(super) references: Vec<Reference>,
    pub(super) members: Vec<Member>,
}

/// How deeply a type may nest inside the `Resource` interface: a resource's object,
/// then [`MAX_TYPE_DEPTH`] levels of objects and arrays in its properties, as
/// `links.toml` allows. Checked while parsing: the reader recurses once per object,
/// so a deeper file would overflow the stack before any other check saw it.
pub(super) const MAX_LEVEL: usize = MAX_TYPE_DEPTH + 2;

pub(super) const TOO_DEEP: &str = "a type nested at most 32 levels deep (objects and arrays)";
const _: () = assert!(MAX_TYPE_DEPTH == 32, "TOO_DEEP names the limit");

// What was expected where a parse stopped: the message is "expected {this}".
const A_STRING: &str = "a string";
const A_TYPE: &str = "a type";
const A_COLON: &str = "`:`";
const A_CLOSING_BRACE: &str = "`}`";
const A_SEPARATOR: &str = "`;`, `,` or a line break between members";
const THE_RESOURCE_INTERFACE: &str = "`Resource` (the interface SST generates)";
const AN_INTERFACE_OR_END: &str = "`export interface Resource { ... }` or `}`";
const A_STATEMENT: &str = "`declare module \"sst\" { ... }`, `import`, or `export {}`";

/// Where the file stopped being the subset, and what was expected there (`None`:
/// nothing in particular, "unexpected input").
struct Stop {
    at: usize,
    expected: Option<&'static str>,
}

/// A step of the reader: `Err` ends the parse (the file is not the subset).
type Step<T> = Result<T, Stop>;

/// The reader: the text and how far it has read (a byte offset).
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    fn stop(&self, expected: Option<&'static str>) -> Stop {
        Stop {
            at: self.pos,
            expected,
        }
    }

    /// Reads `token` if the text goes on with it (a prefix match, as TypeScript's
    /// keywords are not checked for a word boundary by this subset).
    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    /// Reads `token` ignoring ASCII case.
    fn eat_caseless(&mut self, token: &str) -> bool {
        let found = self
            .rest()
            .as_bytes()
            .get(..token.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(token.as_bytes()));
        if found {
            self.pos += token.len();
        }
        found
    }

    /// Spaces and tabs; how many bytes.
    fn spaces(&mut self) -> usize {
        let rest = self.rest();
        let n = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        self.pos += n;
        n
    }

    /// One piece of whitespace, a byte-order mark or one comment; whether there was
    /// one. An unclosed `/*` is not trivia (the parse then stops at it).
    fn trivia_piece(&mut self) -> bool {
        let rest = self.rest();
        let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
        if blank > 0 {
            self.pos += blank;
            return true;
        }
        if self.eat("\u{feff}") {
            return true;
        }
        if rest.starts_with("//") {
            self.pos += rest.find('\n').unwrap_or(rest.len());
            return true;
        }
        if let Some(end) = rest.strip_prefix("/*").and_then(|body| body.find("*/")) {
            self.pos += 2 + end + 2;
            return true;
        }
        false
    }

    /// Whitespace and comments.
    fn trivia(&mut self) {
        while self.trivia_piece() {}
    }

    /// Trivia, `token`, trivia. On `false` the reader is left after the first trivia
    /// (where the token was expected); callers to whom it is optional go back.
    fn token(&mut self, token: &str) -> bool {
        self.trivia();
        let found = self.eat(token);
        if found {
            self.trivia();
        }
        found
    }

    /// [`token`](Self::token) if it is there, else nothing read.
    fn optional_token(&mut self, token: &str) -> bool {
        let start = self.pos;
        let found = self.token(token);
        if !found {
            self.pos = start;
        }
        found
    }

    /// A triple-slash reference directive, as TypeScript matches one
    /// (`/// <reference path="..." />`, any case, either quote, closed by `/>` on
    /// the same line); `None` (nothing read) for any other text.
    fn reference(&mut self) -> Option<Reference> {
        let start = self.pos;
        let found = self.reference_here();
        if found.is_none() {
            self.pos = start;
        }
        found
    }

    fn reference_here(&mut self) -> Option<Reference> {
        if !self.eat("///") {
            return None;
        }
        self.spaces();
        if !self.eat_caseless("<reference") || self.spaces() == 0 || !self.eat_caseless("path") {
            return None;
        }
        self.spaces();
        if !self.eat("=") {
            return None;
        }
        self.spaces();
        let open = self.pos;
        let Some((path, true)) = self.quoted() else {
            return None;
        };
        let span = open..self.pos;
        let line = self.rest();
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        if !line.contains("/>") {
            return None;
        }
        self.pos += line.len();
        Some(Reference {
            path: path.to_owned(),
            span,
        })
    }

    /// A quoted text in either quote, with no escapes and on one line: its contents,
    /// and whether the quote closed (else the reader stops at the line's end). `None`
    /// (nothing read) if no quote opens here.
    fn quoted(&mut self) -> Option<(&'a str, bool)> {
        let quote = self
            .rest()
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\''))?;
        self.pos += 1;
        let rest = self.rest();
        let len = rest.find([quote, '\n']).unwrap_or(rest.len());
        self.pos += len;
        let closed = self.rest().starts_with(quote);
        self.pos += usize::from(closed);
        Some((&rest[..len], closed))
    }

    /// The comments before the first statement, with the references among them.
    fn leading(&mut self) -> Vec<Reference> {
        let mut references = Vec::new();
        loop {
            if let Some(reference) = self.reference() {
                references.push(reference);
            } else if !self.trivia_piece() {
                return references;
            }
        }
    }

    /// A string in either quote, with no escapes and on one line. `None` (nothing
    /// read) if no quote opens one; an error at the line's end if none closes it.
    fn string(&mut self) -> Step<Option<String>> {
        match self.quoted() {
            None => Ok(None),
            Some((text, true)) => Ok(Some(text.to_owned())),
            Some((_, false)) => Err(self.stop(Some(A_STRING))),
        }
    }

    /// A TypeScript identifier: Unicode `XID_Start` or `$`/`_`, then `XID_Continue`,
    /// `$` or the joiners (U+200C, U+200D). TypeScript says `ID_Start`/`ID_Continue`;
    /// the `XID` forms differ from them only in a few compatibility characters that
    /// NFKC normalization changes (U+037A, U+309B, ...), which this refuses.
    fn ident(&mut self) -> Option<&'a str> {
        let rest = self.rest();
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        if !(first == '$' || first == '_' || unicode_ident::is_xid_start(first)) {
            return None;
        }
        let end = chars
            .find(|&(_, c)| {
                !(c == '$'
                    || c == '\u{200c}'
                    || c == '\u{200d}'
                    || unicode_ident::is_xid_continue(c))
            })
            .map_or(rest.len(), |(at, _)| at);
        self.pos += end;
        Some(&rest[..end])
    }

    /// A member's name (a string or an identifier) and its span; `None` (nothing
    /// read) if neither starts here.
    fn key(&mut self) -> Step<Option<(String, Range<usize>)>> {
        let start = self.pos;
        let key = match self.string()? {
            Some(key) => key,
            None => match self.ident() {
                Some(key) => key.to_owned(),
                None => return Ok(None),
            },
        };
        Ok(Some((key, start..self.pos)))
    }

    /// A type without its `[]`s, inside `level` objects (the `Resource` interface is
    /// level 1).
    fn base_type(&mut self, level: usize) -> Step<TsType> {
        let start = self.pos;
        if let Some(members) = self.object(level + 1)? {
            return Ok(TsType::Object(members));
        }
        if let Some(literal) = self.string()? {
            return Ok(TsType::Literal(literal));
        }
        if self.rest().starts_with("import") {
            if let Some(name) = self.import_type()? {
                return Ok(TsType::Named(name));
            }
            self.pos = start;
        }
        let Some(first) = self.ident() else {
            return Err(self.stop(Some(A_TYPE)));
        };
        let before_dot = self.pos;
        let second = if self.eat(".") { self.ident() } else { None };
        if second.is_none() {
            self.pos = before_dot;
        }
        Ok(named(first, second))
    }

    /// `import("module").Name`: `Name`; `None` if the text is not that up to the `.`
    /// (the caller then reads `import` as an identifier).
    fn import_type(&mut self) -> Step<Option<String>> {
        if !(self.eat("import") && self.token("(") && self.string()?.is_some()) {
            return Ok(None);
        }
        if !(self.token(")") && self.eat(".")) {
            return Ok(None);
        }
        match self.ident() {
            Some(name) => Ok(Some(name.to_owned())),
            None => Err(self.stop(Some(A_TYPE))),
        }
    }

    /// A member's type, inside `level` objects.
    fn ts_type(&mut self, level: usize) -> Step<TsType> {
        let mut ty = self.base_type(level)?;
        // `{ ... }[]` wraps an object already read: its depth counts too.
        let mut depth = level + nesting(&ty);
        loop {
            let start = self.pos;
            self.trivia();
            if !self.eat("[]") {
                self.pos = start;
                return Ok(ty);
            }
            depth += 1;
            if depth > MAX_LEVEL {
                return Err(self.stop(Some(TOO_DEEP)));
            }
            ty = TsType::Array(Box::new(ty));
        }
    }

    /// One `key: type` inside `level` objects; `None` (nothing read) if no key
    /// starts here.
    fn member(&mut self, level: usize) -> Step<Option<Member>> {
        let Some((key, span)) = self.key()? else {
            return Ok(None);
        };
        let optional = self.optional_token("?");
        if !self.token(":") {
            return Err(self.stop(Some(A_COLON)));
        }
        let start = self.pos;
        let ty = self.ts_type(level)?;
        Ok(Some(Member {
            key,
            span,
            optional,
            ty,
            ty_span: start..self.pos,
        }))
    }

    /// After a member: `;` or `,`, or a line break, or the closing `}`.
    fn separator(&mut self) -> Step<()> {
        let start = self.pos;
        self.trivia();
        let line_break = self.text[start..self.pos].contains('\n');
        if self.eat(";") || self.eat(",") || line_break || self.rest().starts_with('}') {
            return Ok(());
        }
        Err(self.stop(Some(A_SEPARATOR)))
    }

    /// `{ members }`, the `level`th object from the `Resource` interface's (1);
    /// `None` (nothing read) if no `{` opens one.
    fn object(&mut self, level: usize) -> Step<Option<Vec<Member>>> {
        if !self.eat("{") {
            return Ok(None);
        }
        self.trivia();
        if level > MAX_LEVEL {
            return Err(self.stop(Some(TOO_DEEP)));
        }
        let mut members = Vec::new();
        while let Some(member) = self.member(level)? {
            self.separator()?;
            self.trivia();
            members.push(member);
        }
        if !self.eat("}") {
            return Err(self.stop(Some(A_CLOSING_BRACE)));
        }
        Ok(Some(members))
    }

    /// `export interface Resource { ... }`; `None` (nothing read) if no
    /// `interface` starts here.
    fn interface(&mut self) -> Step<Option<Vec<Member>>> {
        let start = self.pos;
        if self.eat("export") {
            self.trivia();
        }
        if !self.eat("interface") {
            self.pos = start;
            return Ok(None);
        }
        self.trivia();
        if !self.eat("Resource") {
            return Err(self.stop(Some(THE_RESOURCE_INTERFACE)));
        }
        self.trivia();
        let Some(members) = self.object(1)? else {
            return Err(self.stop(None));
        };
        self.optional_token(";");
        Ok(Some(members))
    }

    /// `declare module "sst" { interface Resource {...} ... }`; `None` (nothing
    /// read) if no `declare module` starts here.
    fn module(&mut self) -> Step<Option<Vec<Member>>> {
        let start = self.pos;
        let opens = self.eat("declare") && {
            self.trivia();
            self.eat("module")
        };
        if !opens {
            self.pos = start;
            return Ok(None);
        }
        self.trivia();
        if self.string()?.is_none() {
            return Err(self.stop(Some(A_STRING)));
        }
        if !self.token("{") {
            return Err(self.stop(None));
        }
        let mut members = Vec::new();
        while let Some(block) = self.interface()? {
            members.extend(block);
            self.trivia();
        }
        if !self.eat("}") {
            return Err(self.stop(Some(AN_INTERFACE_OR_END)));
        }
        Ok(Some(members))
    }

    /// `import "sst"`, `import * as cloudflare from "..."`, `export {}`.
    fn statement(&mut self) -> Step<()> {
        let start = self.pos;
        if self.eat("import") {
            self.trivia();
            let before = self.pos;
            let namespace =
                self.eat("*") && self.token("as") && self.ident().is_some() && self.token("from");
            if !namespace {
                self.pos = before;
            }
            if self.string()?.is_some() {
                self.optional_token(";");
                return Ok(());
            }
            self.pos = start;
        }
        // Where this stops is where the error points.
        if self.eat("export") && self.token("{") && self.eat("}") {
            self.optional_token(";");
            return Ok(());
        }
        Err(self.stop(Some(A_STATEMENT)))
    }

    fn file(&mut self) -> Step<Declarations> {
        let references = self.leading();
        let mut members = Vec::new();
        while self.pos < self.text.len() {
            match self.module()? {
                Some(found) => members.extend(found),
                None => self.statement()?,
            }
            self.trivia();
        }
        Ok(Declarations {
            references,
            members,
        })
    }
}

/// The type an identifier names (`string`, `number`, `boolean`, `any`/`unknown`), or
/// the binding it names (`R2Bucket`, `cloudflare.R2Bucket`).
pub(super) fn named(first: &str, second: Option<&str>) -> TsType {
    match (first, second) {
        ("string", None) => TsType::String,
        ("number", None) => TsType::Number,
        ("boolean", None) => TsType::Boolean,
        ("any" | "unknown", None) => TsType::Any,
        (ns, Some(name)) => TsType::Named(format!("{ns}.{name}")),
        (other, None) => TsType::Named(other.to_owned()),
    }
}

/// How many objects and arrays `t` nests (`string` 0, `string[]` 1, `{ a: string }` 1).
/// Called on types whose parts passed the depth check, so its recursion is bounded.
pub(super) fn nesting(t: &TsType) -> usize {
    match t {
        TsType::Array(item) => 1 + nesting(item),
        TsType::Object(members) => 1 + members.iter().map(|m| nesting(&m.ty)).max().unwrap_or(0),
        _ => 0,
    }
}

/// The byte range of the character at `at` (empty at the end of the text), so a
/// span never ends inside a multi-byte character.
pub(super) fn char_at(text: &str, at: usize) -> Range<usize> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    at..at + len
}

/// Parses one file; a syntax error is one diagnostic at the character it stopped at.
pub(super) fn parse(source: &SourceFile) -> Result<Declarations, Box<Diagnostic>> {
    let mut cursor = Cursor {
        text: source.text(),
        pos: 0,
    };
    cursor.file().map_err(|stop| {
        let message = stop.expected.map_or_else(
            || "unexpected input".to_owned(),
            |e| format!("expected {e}"),
        );
        Box::new(syntax_error(source, stop.at, &message))
    })
}

/// The diagnostic of a syntax error at byte `at`: `message` says what was expected.
pub(super) fn syntax_error(source: &SourceFile, at: usize, message: &str) -> Diagnostic {
    source
        .diagnostic(
            char_at(source.text(), at),
            format!(
                "not the sst-env.d.ts subset SST generates: {}",
                message.replace('\n', "; ")
            ),
        )
        .help("sst_resources! reads the `Resource` interface SST writes; regenerate the file with `sst dev` or `sst deploy`")
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::winnow_grammar;
    use super::*;

    /// Both readers on one text: the same declarations, or the same diagnostic
    /// (message, position, help). Returns whether it parsed.
    fn agree(name: &str, text: &str) -> bool {
        let source = SourceFile::new(name, text);
        match (parse(&source), winnow_grammar::parse(&source)) {
            (Ok(ours), Ok(oracle)) => {
                assert_eq!(ours, oracle, "{name}: declarations differ:\n{text}");
                true
            }
            (Err(ours), Err(oracle)) => {
                assert_eq!(ours, oracle, "{name}: errors differ:\n{text}");
                false
            }
            (ours, oracle) => panic!(
                "{name}: one reader accepts, the other not (ours {:?}, winnow {:?}):\n{text}",
                ours.err().map(|d| d.message),
                oracle.err().map(|d| d.message)
            ),
        }
    }

    /// The real files: `../shared/corpus`, this crate's fixtures and the ui tests'
    /// manifests, each directory read to any depth.
    fn real_files() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, files: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, files);
                } else if path.extension().is_some_and(|e| e == "ts") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    files.push((path.display().to_string(), text));
                }
            }
        }
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            root.join("../../shared/corpus"),
            root.join("tests/fixtures/sst-env"),
            root.join("../tests/ui/manifests"),
        ] {
            if !dir.is_dir() {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "CI must have {}",
                    dir.display()
                );
                continue;
            }
            walk(&dir, &mut files);
        }
        files.sort();
        files
    }

    #[test]
    fn reads_every_real_file_as_the_winnow_grammar_did() {
        let files = real_files();
        let parsed = files
            .iter()
            .filter(|(name, text)| agree(name, text))
            .count();
        // The corpus is real SST output: nearly all of it is the subset.
        assert!(
            files.len() < 60 || parsed >= 60,
            "{parsed} of {}",
            files.len()
        );
    }

    /// What a mutation inserts: each token of the grammar, half tokens, and
    /// characters it refuses.
    const INSERTS: &[&str] = &[
        "{",
        "}",
        "\"",
        "'",
        ";",
        ",",
        ":",
        "?",
        "[]",
        "[",
        "\n",
        "/*",
        "*/",
        "//",
        " ",
        "x",
        "9",
        "€",
        ".",
        "(",
        ")",
        "import",
        "export ",
        "interface ",
        "declare module ",
        "///",
        "\u{feff}",
        "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{",
    ];

    /// Every deletion of one character, and every insertion of each of
    /// [`INSERTS`] at every character boundary, of the ten smallest real files
    /// (corpus, fixtures, ui manifests) and one written here: both readers agree on
    /// each.
    #[test]
    fn agrees_with_the_winnow_grammar_on_every_one_edit_mutation() {
        let mut seeds: Vec<(String, String)> = real_files()
            .into_iter()
            .filter(|(_, text)| text.len() <= 1_300)
            .collect();
        seeds.sort_by_key(|(_, text)| text.len());
        seeds.truncate(10);
        seeds.push((
            "hand".into(),
            concat!(
                "/// <reference path=\"./a.d.ts\" />\n/* c */\nimport \"sst\"\n",
                "import * as cf from \"@cloudflare/workers-types\";\n",
                "declare module \"sst\" {\n  export interface Resource {\n",
                "    \"A\": { name: string; type: \"sst.aws.Bucket\" }\n",
                "    B?: { n: number, l: string[][], o: { x: boolean }[] }\n",
                "    C: import(\"@cloudflare/workers-types\").R2Bucket\n",
                "    D: cf.KVNamespace; E: any\n  }\n}\nexport {}\n",
            )
            .into(),
        ));
        let mut cases = 0;
        let mut accepted = 0;
        for (name, text) in &seeds {
            let boundaries: Vec<usize> = text
                .char_indices()
                .map(|(i, _)| i)
                .chain([text.len()])
                .collect();
            for (k, &at) in boundaries.iter().enumerate() {
                if let Some(&next) = boundaries.get(k + 1) {
                    let deleted = format!("{}{}", &text[..at], &text[next..]);
                    accepted += usize::from(agree(name, &deleted));
                    cases += 1;
                }
                for insert in INSERTS {
                    let inserted = format!("{}{insert}{}", &text[..at], &text[at..]);
                    accepted += usize::from(agree(name, &inserted));
                    cases += 1;
                }
            }
        }
        eprintln!("{cases} mutations, {accepted} of them the subset");
        // Both outcomes are exercised, many times each.
        assert!(cases > 20_000, "{cases} cases");
        assert!(
            accepted > 1_000 && cases - accepted > 1_000,
            "{accepted} of {cases} parse"
        );
    }

    #[test]
    fn errors_say_what_was_expected_where() {
        let at = |text: &str| {
            let d = parse(&SourceFile::new("f.d.ts", text)).unwrap_err();
            (d.line, d.column, d.message)
        };
        let subset = "not the sst-env.d.ts subset SST generates: ";
        assert_eq!(
            at(
                "declare module \"sst\" {\n  export interface Resource {\n    A: { n: string x: string }\n  }\n}\n"
            ),
            (
                3,
                20,
                format!("{subset}expected `;`, `,` or a line break between members")
            )
        );
        assert_eq!(
            at("declare module \"sst\" {\n  interface Other {}\n}"),
            (
                2,
                13,
                format!("{subset}expected `Resource` (the interface SST generates)")
            )
        );
        assert_eq!(
            at("declare module sst {}"),
            (1, 16, format!("{subset}expected a string"))
        );
        assert_eq!(
            at("declare module \"sst\" [ }"),
            (1, 22, format!("{subset}unexpected input"))
        );
        assert_eq!(
            at("const x = 1"),
            (
                1,
                1,
                format!(
                    "{subset}expected `declare module \"sst\" {{ ... }}`, `import`, or `export {{}}`"
                )
            )
        );
        assert_eq!(
            at("declare module \"sst\" { interface Resource { A: } }"),
            (1, 48, format!("{subset}expected a type"))
        );
        assert_eq!(
            at("declare module \"sst\" { interface Resource { \"A: string } }"),
            (1, 59, format!("{subset}expected a string"))
        );
    }
}
