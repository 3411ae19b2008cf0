//! Diagnostics about a manifest file: what is wrong, where (file, line, column, the
//! offending line), and how to fix it. Owns rendering; does not decide what is wrong.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

/// One problem found in a manifest, with its location in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (e.g. `links.toml`).
    pub file: String,
    /// Byte range of the offending text in the file.
    pub span: Range<usize>,
    /// 1-based line of the start of `span`.
    pub line: usize,
    /// 1-based column (in characters) of the start of `span`.
    pub column: usize,
    /// The offending line, verbatim (without its line break); of a line longer than
    /// 240 bytes (`EXCERPT`), the part around the span.
    pub source_line: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The SST name of the resource (or function) concerned, when there is one.
    pub subject: Option<String>,
    /// How to fix it, when we can say (e.g. "did you mean `sst.aws.Bucket`?").
    pub help: Option<String>,
    /// An error (the manifest cannot be used) or a warning (a lint).
    pub severity: Severity,
    /// Where `source_line` starts in the file, and whether the line goes on before
    /// and after it.
    excerpt: Excerpt,
}

/// How much of a long line a diagnostic quotes, in bytes. Each diagnostic holds and
/// renders only this much, so a file with one long line and many problems on it costs
/// time and memory in proportion to its size, not to problems times line length.
pub const EXCERPT: usize = 240;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Excerpt {
    /// Byte offset of `source_line` in the file.
    start: usize,
    /// The line has more before `source_line`.
    cut_before: bool,
    /// The line has more after `source_line`.
    cut_after: bool,
    /// `source_line` was cut where a secret starts ([`Diagnostic::redact`]).
    redacted: bool,
}

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The manifest cannot be used as written.
    #[default]
    Error,
    /// It works, but is probably not what you want (`sst-resources check` lints).
    Warning,
}

impl Diagnostic {
    /// `links.toml:12:9`.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file, self.line, self.column)
    }

    /// A rustc-style report: the message, `file:line:col`, the line with a caret under
    /// the offending text, and the help. Plain text, no colours.
    pub fn render(&self) -> String {
        // Byte offsets into the line, each on a character boundary whatever the
        // span holds: annotate-snippets panics on one inside a character.
        let line = self.source_line.as_str();
        let start = floor_char_boundary(line, self.span.start.saturating_sub(self.excerpt.start));
        let end = ceil_char_boundary(line, start.saturating_add(self.span.len())).max(start);
        let title = match &self.subject {
            Some(subject) => format!("{} ({subject})", self.message),
            None => self.message.clone(),
        };
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        // annotate-snippets counts the column in the text it is given: for a line
        // quoted from its middle, the `-->` line is written here, with the column in
        // the whole line, as annotate-snippets writes it (indented by the gutter).
        let cut = self.excerpt.cut_before;
        let mut snippet = Snippet::source(self.source_line.as_str())
            .line_start(self.line)
            .annotation(AnnotationKind::Primary.span(start..end));
        if !cut {
            snippet = snippet.path(self.file.as_str());
        }
        let mut group = level.primary_title(title).element(snippet);
        if let Some(help) = &self.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let text = Renderer::plain().render(&[group]).to_string();
        if !cut {
            return text;
        }
        let gutter = self.line.to_string().len();
        match text.split_once('\n') {
            Some((title, rest)) => {
                format!("{title}\n{:gutter$}--> {}\n{rest}", "", self.location())
            }
            None => text,
        }
    }

    /// Quotes the line only up to byte `end` of the file, then ` = [redacted]`: for a
    /// problem on a line that holds a secret after `end`.
    pub fn redact_after(&mut self, end: usize) {
        let keep = floor_char_boundary(&self.source_line, end.saturating_sub(self.excerpt.start));
        self.source_line.truncate(keep);
        self.source_line.push_str(" = [redacted]");
        self.excerpt.cut_after = false;
        self.excerpt.redacted = true;
    }

    /// Hides the file's bytes `secret` (a secret's value) if the quoted line shows any
    /// of them: the line is quoted up to where it starts, then `[redacted]`.
    pub fn redact(&mut self, secret: Range<usize>) {
        let start = self.excerpt.start;
        let end = start + self.source_line.len();
        if self.excerpt.redacted || secret.start >= end || secret.end <= start {
            return;
        }
        let keep = floor_char_boundary(&self.source_line, secret.start.saturating_sub(start));
        self.source_line.truncate(keep);
        self.source_line.push_str("[redacted]");
        self.excerpt.cut_after = false;
        self.excerpt.redacted = true;
    }
}

/// `at`, or the start of the character it falls in; at most `text.len()`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at`, or the end of the character it falls in; at most `text.len()`.
fn ceil_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The one text form of a diagnostic: [`Diagnostic::render`]'s.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// The text of a manifest file with a line index, to turn byte offsets into
/// diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// `name` is how errors name the file (the path as the user wrote it).
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The file name used in diagnostics.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..offset].chars().count() + 1;
        (line + 1, column)
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts[line - 1];
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// A diagnostic at `span` (byte offsets), widened to whole characters and
    /// clamped to the text.
    pub fn diagnostic(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let start = floor_char_boundary(&self.text, span.start);
        let span = start..ceil_char_boundary(&self.text, span.end.max(start));
        let (line, column) = self.line_column(span.start);
        let text = self.line_text(line);
        let line_start = self.line_starts[line - 1];
        let at = span.start - line_start;
        let (from, to) = if text.len() <= EXCERPT {
            (0, text.len())
        } else {
            let from = floor_char_boundary(text, at.saturating_sub(EXCERPT / 3));
            (from, ceil_char_boundary(text, from + EXCERPT))
        };
        Diagnostic {
            file: self.name.clone(),
            span,
            line,
            column,
            source_line: text[from..to].to_owned(),
            excerpt: Excerpt {
                start: line_start + from,
                cut_before: from > 0,
                cut_after: to < text.len(),
                redacted: false,
            },
            message: message.into(),
            subject: None,
            help: None,
            severity: Severity::Error,
        }
    }
}

/// Builder-style additions to a [`Diagnostic`].
impl Diagnostic {
    /// Names the resource or function the problem is about.
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Makes it a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a "did you mean" help when a candidate is close to `wrong`; otherwise
    /// `fallback` (if any).
    pub fn suggest<'a>(
        self,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        fallback: Option<String>,
    ) -> Self {
        match did_you_mean(wrong, candidates) {
            Some(best) => self.help(format!("did you mean `{best}`?")),
            None => match fallback {
                Some(text) => self.help(text),
                None => self,
            },
        }
    }
}

/// Names longer than this get no suggestion, and are suggested for none: comparing two
/// names costs the product of their lengths (two 30 KB names took 10 s), and a typo
/// worth suggesting a fix for is in a name a person types.
const MAX_SUGGESTED_LEN: usize = 128;

/// The candidate closest to `wrong`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if wrong.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.len() <= MAX_SUGGESTED_LEN)
        .map(|c| (strsim::jaro_winkler(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Every problem found in one manifest.
#[derive(Debug, Clone)]
pub struct ManifestError {
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&render_all(&self.diagnostics))
    }
}

impl std::error::Error for ManifestError {}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push_str("\n\n");
        }
        out.push_str(&d.render());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("links.toml", "a = 1\n# é\nb = \"x\"\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(6), (2, 1));
        let b = file.text().find('b').unwrap();
        assert_eq!(file.line_column(b), (3, 1));
        assert_eq!(file.line_text(2), "# é");
    }

    /// The `-->` line written by hand for a cut line has annotate-snippets' form.
    #[test]
    fn the_location_line_is_written_as_annotate_snippets_writes_it() {
        for n in [1, 9, 10, 120] {
            let text = format!("{}a = 1\n", "\n".repeat(n - 1));
            let file = SourceFile::new("links.toml", text.clone());
            let at = text.find('a').unwrap();
            let mut d = file.diagnostic(at..at + 1, "here");
            let whole = d.render();
            d.excerpt.cut_before = true;
            assert_eq!(d.render(), whole, "line {n}");
        }
    }

    #[test]
    fn a_long_line_is_quoted_around_the_span() {
        // Found probing the fuzz targets: each diagnostic copied and rendered its whole line, so one
        // 74 KB line with 5,000 problems took a minute and 370 MB.
        let line = format!("{}target{}", "é".repeat(1000), "x".repeat(1000));
        let file = SourceFile::new("links.toml", format!("a = 1\n{line}\n"));
        let start = file.text().find("target").unwrap();
        let d = file.diagnostic(start..start + 6, "here");
        assert_eq!((d.line, d.column), (2, 1001));
        assert!(d.source_line.len() <= EXCERPT, "{}", d.source_line.len());
        assert!(d.source_line.contains("target"));
        let rendered = d.render();
        assert!(rendered.contains("^^^^^^"), "{rendered}");
        assert!(
            rendered.contains(" --> links.toml:2:1001\n"),
            "the column in the whole line: {rendered}"
        );
        // Short lines are whole.
        let file = SourceFile::new("links.toml", "a = 1\n");
        assert_eq!(file.diagnostic(0..1, "a").source_line, "a = 1");
    }

    #[test]
    fn render_points_at_the_span_and_gives_help() {
        let file = SourceFile::new("links.toml", "[resources.A]\ntype = \"sst.aws.Buckt\"\n");
        let start = file.text().find("\"sst").unwrap();
        let d = file
            .diagnostic(start..start + 15, "unknown component type `sst.aws.Buckt`")
            .about("A")
            .help("did you mean `sst.aws.Bucket`?");
        let text = d.render();
        assert!(text.contains("links.toml:2:8"), "{text}");
        assert!(text.contains("type = \"sst.aws.Buckt\""), "{text}");
        assert!(text.contains("^^^^^^^^^^^^^^^"), "{text}");
        assert!(
            text.contains("help: did you mean `sst.aws.Bucket`?"),
            "{text}"
        );
        assert_eq!(d.to_string(), text, "one text form");
    }

    #[test]
    fn no_span_renders_inside_a_character() {
        // Spans from any source, even ones falling inside a multi-byte character or
        // past the end, render: annotate-snippets panics on a span inside a character,
        // and a panic in the proc-macro is an internal compiler error for the user.
        let text = "Café: {\n  naïve€: 名前 🎉\n}";
        let file = SourceFile::new("sst-env.d.ts", text);
        for start in 0..=text.len() + 2 {
            for end in start..=text.len() + 2 {
                let d = file.diagnostic(start..end, "x").help("y");
                assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
                assert!(d.render().contains("sst-env.d.ts:"), "{start}..{end}");
                let mut odd = d.clone();
                odd.span = start..end;
                odd.column = end;
                let _ = odd.render();
                let _ = file.line_column(start);
            }
        }
        // `é` is bytes 3..5: a span starting inside it covers it whole.
        let d = file.diagnostic(4..5, "x");
        assert_eq!((d.span.clone(), d.column), (3..5, 4));
        assert!(d.render().contains("   ^"), "{}", d.render());
    }

    #[test]
    fn did_you_mean_only_for_close_names() {
        assert_eq!(
            did_you_mean("MyBukcet", ["MyBucket", "MyTable"]),
            Some("MyBucket")
        );
        assert_eq!(did_you_mean("Zebra", ["MyBucket", "MyTable"]), None);
        // Found probing the fuzz targets: two long names took seconds to compare.
        let long = format!("A{}", "b".repeat(30_000));
        let started = std::time::Instant::now();
        assert_eq!(did_you_mean(&format!("{long}c"), [long.as_str()]), None);
        assert_eq!(
            did_you_mean("MyBucket", [long.as_str(), "MyBuckt"]),
            Some("MyBuckt")
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }
}
