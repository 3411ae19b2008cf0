//! Diagnostics about a manifest file: what is wrong, where (file, line, column, the
//! offending line), and how to fix it. Owns rendering; does not decide what is wrong.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

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
    /// the offending text, and the help. Plain text, no colours. The layout is
    /// annotate-snippets' (rustc's) for one annotated line, and a test renders the same
    /// diagnostics through annotate-snippets and compares; it is written here so the
    /// proc-macro's build does not compile a general renderer for one layout. One
    /// difference: the quoted line is never trimmed to a terminal's width (140
    /// columns for annotate-snippets) or of deep indentation; it is the excerpt
    /// (`EXCERPT` bytes at most), with `...` where the line goes on.
    pub fn render(&self) -> String {
        use fmt::Write as _;
        // Byte offsets into the quoted line, each on a character boundary whatever
        // the span holds.
        let line = self.source_line.as_str();
        let start = floor_char_boundary(line, self.span.start.saturating_sub(self.excerpt.start));
        let end = ceil_char_boundary(line, start.saturating_add(self.span.len())).max(start);
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let gutter = self.line.to_string().len();
        let mut out = String::with_capacity(line.len() * 2 + self.message.len() + 128);
        // The title and the help quote names and values from the file: they are
        // shown as the line is (a control character cannot reach the terminal raw),
        // each further line of them indented under the first.
        let mut title = String::with_capacity(self.message.len() + 16);
        title.push_str(&shown(&self.message));
        if let Some(subject) = self.shown_subject() {
            let _ = write!(title, " ({})", shown(subject));
        }
        let _ = write!(out, "{level}: {}", indented(&title, level.len() + 2));
        let _ = write!(
            out,
            "\n{:gutter$}--> {}\n{:gutter$} |\n",
            "",
            self.location(),
            ""
        );
        // The line as a terminal shows it (tabs as four spaces, control characters as
        // their visible symbols), and the caret's
        // columns in that text.
        let (before, marked) = (shown(&line[..start]), shown(&line[start..end]));
        let shown_line = shown(line);
        // A line quoted from its middle says so with `...` on the side it goes on.
        let (open, close) = (
            if self.excerpt.cut_before { "..." } else { "" },
            if self.excerpt.cut_after { "..." } else { "" },
        );
        let _ = write!(out, "{:>gutter$} |", self.line);
        if !shown_line.is_empty() {
            let _ = write!(out, " {open}{shown_line}{close}");
        }
        out.push('\n');
        let indent = open.len() + width(&before);
        let carets = width(&marked).max(1);
        let _ = write!(out, "{:gutter$} | {:indent$}{}", "", "", "^".repeat(carets));
        if let Some(help) = &self.help {
            let help = shown(help);
            let help = indented(&help, gutter + 9);
            let _ = write!(out, "\n{:gutter$} |\n{:gutter$} = help: {help}", "", "");
        }
        out
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

/// `text` as a terminal shows it in a report, as rustc's emitter (and
/// annotate-snippets) writes it: a tab as four spaces, an ASCII control character as
/// its visible symbol (U+2400 block), the zero-width joiner dropped, and a bidirectional
/// control replaced, so the bytes on disk cannot reorder what is shown.
fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| replacement(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match replacement(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` with each line after the first indented by `indent` spaces: a title or
/// help that spans lines, aligned as annotate-snippets aligns it.
fn indented(text: &str, indent: usize) -> Cow<'_, str> {
    if !text.contains('\n') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace('\n', &format!("\n{:indent$}", "")))
}

/// What [`shown`] writes for `c`, when it does not write `c` itself.
fn replacement(c: char) -> Option<&'static str> {
    const CONTROL: [&str; 32] = [
        "\u{2400}", "\u{2401}", "\u{2402}", "\u{2403}", "\u{2404}", "\u{2405}", "\u{2406}",
        "\u{2407}", "\u{2408}", "    ", "\u{240a}", "\u{240b}", "\u{240c}", "\u{240d}", "\u{240e}",
        "\u{240f}", "\u{2410}", "\u{2411}", "\u{2412}", "\u{2413}", "\u{2414}", "\u{2415}",
        "\u{2416}", "\u{2417}", "\u{2418}", "\u{2419}", "\u{241a}", "\u{241b}", "\u{241c}",
        "\u{241d}", "\u{241e}", "\u{241f}",
    ];
    match c {
        '\n' => None,
        '\0'..='\u{1f}' => Some(CONTROL[c as usize]),
        '\u{7f}' => Some("\u{2421}"),
        '\u{200d}' => Some(""),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Some("\u{fffd}"),
        _ => None,
    }
}

/// Columns `text` takes in a terminal (East Asian wide characters two, combining
/// marks none), as annotate-snippets counts them to place the caret.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(1))
        .sum()
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

impl Diagnostic {
    /// The subject the title ends with, `(<subject>)`: none when the message names it
    /// already (`` `Uploads` is ... ``, `` `Uploads.name` ... ``), which would say it
    /// twice.
    fn shown_subject(&self) -> Option<&str> {
        self.subject.as_deref().filter(|s| {
            !self.message.contains(&format!("`{s}`")) && !self.message.contains(&format!("`{s}."))
        })
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

    /// What annotate-snippets (rustc's layout) writes for `d`: the oracle of
    /// [`Diagnostic::render`].
    fn annotate_snippets(d: &Diagnostic) -> String {
        use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
        let line = d.source_line.as_str();
        let start = floor_char_boundary(line, d.span.start.saturating_sub(d.excerpt.start));
        let end = ceil_char_boundary(line, start.saturating_add(d.span.len())).max(start);
        let title = match d.shown_subject() {
            Some(subject) => format!("{} ({subject})", d.message),
            None => d.message.clone(),
        };
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let snippet = Snippet::source(line)
            .line_start(d.line)
            .path(d.file.as_str())
            .annotation(AnnotationKind::Primary.span(start..end));
        let mut group = level.primary_title(title).element(snippet);
        // annotate-snippets shows a help's control characters raw; ours are shown
        // as the line's are (a help quotes names from the file), so the oracle is
        // given the help as ours shows it, and compared on the layout.
        let help = d.help.as_deref().map(shown);
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_ref()));
        }
        Renderer::plain().render(&[group]).to_string()
    }

    /// Every line shape a manifest or an sst-env.d.ts holds, rendered as annotate-snippets
    /// renders it: indentation, tabs, control characters, wide and zero-width
    /// characters, bidirectional controls, trailing spaces, spans of every width
    /// (empty, at the end of the line), line numbers of every gutter width, with and
    /// without subject and help, errors and warnings.
    #[test]
    fn render_writes_what_annotate_snippets_writes() {
        let lines = [
            "type = \"sst.aws.Buckt\"",
            "    name = \"x\"   ",
            "\tkey\t= 1",
            "a\u{1}b\u{7f}c = \"\u{1b}[31m\"",
            "名前 = \"🎉\" # naïve café",
            "e\u{301} = \"x\u{200b}y\u{200d}z\"",
            "x = \"\u{202e}abc\u{2066}\"",
            "",
            "readonly \"my-api\": { \"type\": \"sst.aws.ApiGatewayV2\", \"url\": string }",
        ];
        // Titles, subjects and helps quote the file too: control characters in them,
        // and helps (and titles) over several lines.
        let messages = [
            "a message",
            "name `a\tb\u{1b}[2J` has a \u{202e}control",
            "two\nlines",
        ];
        let subjects = ["MyBucket", "My\u{7f}Bucket\u{2066}"];
        let helps = [
            "did you mean `sst.aws.Bucket`?",
            "declare one, e.g.\n[resources.MyBucket]\ntype = \"sst.aws.Bucket\"",
            "a\u{1}b\tc",
        ];
        let mut compared = 0;
        for (n, line) in lines.iter().enumerate() {
            for number in [1, 9, 42, 100, 12_345] {
                let text = format!("{}{line}\n", "\n".repeat(number - 1));
                let file = SourceFile::new("links.toml", text.as_str());
                let first = text.len() - line.len() - 1;
                let bounds: Vec<usize> = (0..=line.len())
                    .filter(|&i| line.is_char_boundary(i))
                    .collect();
                for &a in &bounds {
                    // Spans of every width from some starts, every third from the rest.
                    let step = if a % 4 == 0 { 1 } else { 3 };
                    for &b in bounds.iter().filter(|&&b| b >= a).step_by(step) {
                        let pick = a + 3 * b + n + number;
                        let mut d = file.diagnostic(first + a..first + b, messages[pick % 3]);
                        if (a + b + n) % 2 == 0 {
                            d = d.help(helps[pick % 3]);
                        }
                        if (a + n) % 3 == 0 {
                            d = d.about(subjects[pick % 2]);
                        }
                        if (b + number) % 4 == 0 {
                            d = d.warning();
                        }
                        assert_eq!(
                            d.render(),
                            annotate_snippets(&d),
                            "line {line:?} span {a}..{b} at line {number}"
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 1_000, "{compared}");
    }

    #[test]
    fn line_and_column_count_characters() {
        let file = SourceFile::new("links.toml", "a = 1\n# é\nb = \"x\"\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(6), (2, 1));
        let b = file.text().find('b').unwrap();
        assert_eq!(file.line_column(b), (3, 1));
        assert_eq!(file.line_text(2), "# é");
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
        // Cut on both sides, and says so; the caret still under `target`.
        let quoted = rendered.lines().nth(3).unwrap();
        let carets = rendered.lines().nth(4).unwrap();
        assert!(
            quoted.starts_with("2 | ...é") && quoted.ends_with("x..."),
            "{rendered}"
        );
        let column = |line: &str, at: usize| line[..at].chars().count();
        assert_eq!(
            column(carets, carets.find('^').unwrap()),
            column(quoted, quoted.find("target").unwrap()),
            "{rendered}"
        );
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
