//! README.md is the front door; the manual is the guide (`sst_resources::guide`, whose
//! chapters are the markdown of `docs/guide/`, included by `src/lib.rs`). What the
//! README shows is a copy of the guide's, so that neither drifts alone:
//!
//! - each fenced block of README.md is a block of some chapter, of the same language,
//!   with the same text (for Rust, the text a reader sees: the lines rustdoc hides,
//!   `# ...`, left out);
//! - each paragraph of README.md, except in its section "The guide" (the links into
//!   the chapters), is a paragraph of some chapter, compared with links reduced to
//!   their text (the README links to docs.rs, a chapter to another by intra-doc link)
//!   and whitespace collapsed;
//! - the README lists every chapter, on docs.rs and as markdown, and every markdown
//!   file of `docs/guide/` is a chapter;
//! - `links.toml` at the root, which the guide's doctests compile against, is the
//!   manifest chapter's example;
//! - a Rust block rustdoc does not compile (`ignore`) names the file it is an excerpt
//!   of on its first line, and each of its lines is a line of that file, in order.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: impl AsRef<Path>) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A chapter: its module under `guide` and its markdown file (from the root).
#[derive(Debug)]
struct Chapter {
    module: String,
    file: String,
}

/// The chapters `src/lib.rs` includes, in order: each `#[doc = include_str!("../X")]`
/// and the `pub mod` after it.
fn chapters() -> Vec<Chapter> {
    let lib = read("src/lib.rs");
    let mut out = Vec::new();
    let mut lines = lib.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("#[doc = include_str!(\"../") else {
            continue;
        };
        let file = rest
            .strip_suffix("\")]")
            .expect("include_str!(\"..\")]")
            .to_owned();
        if !file.starts_with("docs/guide/") {
            continue;
        }
        let module = lines
            .next()
            .and_then(|l| l.strip_prefix("pub mod "))
            .and_then(|l| l.strip_suffix(" {}"))
            .unwrap_or_else(|| panic!("no `pub mod x {{}}` after the include of {file}"))
            .to_owned();
        out.push(Chapter { module, file });
    }
    assert!(
        out.len() > 10,
        "only {} chapters found in src/lib.rs",
        out.len()
    );
    out
}

/// A piece of markdown: a fenced block or a paragraph, with where it starts and the
/// section (the last heading) it is in.
#[derive(Debug, Clone)]
struct Piece {
    line: usize,
    section: String,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// A fenced block: its info string and its lines.
    Code { info: String, body: String },
    /// A paragraph (or a list without blank lines in it): its lines joined by `\n`.
    Prose(String),
}

fn pieces(markdown: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut section = String::new();
    let mut paragraph: Option<(usize, Vec<&str>)> = None;
    let mut fence: Option<(usize, String, Vec<&str>)> = None;
    let flush =
        |paragraph: &mut Option<(usize, Vec<&str>)>, section: &str, out: &mut Vec<Piece>| {
            if let Some((line, lines)) = paragraph.take() {
                out.push(Piece {
                    line,
                    section: section.to_owned(),
                    kind: Kind::Prose(lines.join("\n")),
                });
            }
        };
    for (i, line) in markdown.lines().enumerate() {
        let n = i + 1;
        if let Some((start, info, body)) = &mut fence {
            if line.trim_end() == "```" {
                out.push(Piece {
                    line: *start,
                    section: section.clone(),
                    kind: Kind::Code {
                        info: info.clone(),
                        body: body.join("\n"),
                    },
                });
                fence = None;
            } else {
                body.push(line);
            }
            continue;
        }
        if let Some(info) = line.strip_prefix("```") {
            flush(&mut paragraph, &section, &mut out);
            fence = Some((n, info.trim().to_owned(), Vec::new()));
        } else if line.starts_with('#') {
            flush(&mut paragraph, &section, &mut out);
            section = line.trim_start_matches('#').trim().to_owned();
        } else if line.trim().is_empty() || is_reference_definition(line) {
            flush(&mut paragraph, &section, &mut out);
        } else {
            paragraph.get_or_insert((n, Vec::new())).1.push(line);
        }
    }
    assert!(fence.is_none(), "a fenced block is not closed");
    flush(&mut paragraph, &section, &mut out);
    out
}

/// `[label]: target`, a link's target given apart (a chapter's intra-doc paths, the
/// README's docs.rs addresses).
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[') && line.contains("]: ")
}

/// The language of a fenced block: its info string up to the first comma
/// (`rust,no_run` is `rust`).
fn language(info: &str) -> &str {
    info.split(',').next().unwrap_or("").trim()
}

/// What a reader sees of a block: in Rust, rustdoc hides `# ` lines (and `#` alone) and
/// shows `##` as `#`.
fn visible(info: &str, body: &str) -> String {
    if language(info) != "rust" {
        return body.to_owned();
    }
    body.lines()
        .filter_map(|line| {
            let trimmed = line.trim_start();
            if trimmed == "#" || trimmed.starts_with("# ") {
                None
            } else if let Some(rest) = trimmed.strip_prefix("##") {
                Some(format!("{}#{rest}", &line[..line.len() - trimmed.len()]))
            } else {
                Some(line.to_owned())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A paragraph as compared: each link reduced to its text (`[text](target)`,
/// `[text][label]`), whitespace collapsed.
fn normalized(prose: &str) -> String {
    let mut out = String::new();
    let mut rest = prose;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let link = after.find(']').and_then(|close| {
            let tail = &after[close + 1..];
            let end = match tail.chars().next() {
                Some('(') => tail.find(')'),
                Some('[') => tail.find(']'),
                _ => None,
            }?;
            Some((&after[..close], &tail[end + 1..]))
        });
        match link {
            Some((text, tail)) => {
                out.push_str(text);
                rest = tail;
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every piece of every chapter, with the chapter's file.
fn guide_pieces() -> Vec<(String, Piece)> {
    chapters()
        .into_iter()
        .flat_map(|c| {
            let text = read(&c.file);
            pieces(&text).into_iter().map(move |p| (c.file.clone(), p))
        })
        .collect()
}

/// The README's section that only links into the guide: its paragraphs are not the
/// guide's.
const README_ONLY: &str = "The guide";

/// What of the README has no copy in the guide, each with its line and why.
fn drift(readme: &str, guide: &[(String, Piece)]) -> Vec<String> {
    let mut problems = Vec::new();
    for piece in pieces(readme) {
        match &piece.kind {
            Kind::Code { info, body } => {
                let found = guide.iter().any(|(_, g)| match &g.kind {
                    Kind::Code {
                        info: g_info,
                        body: g_body,
                    } => language(g_info) == language(info) && visible(g_info, g_body) == *body,
                    Kind::Prose(_) => false,
                });
                if !found {
                    problems.push(format!(
                        "README.md:{}: this ```{info} block (section \"{}\") is in no chapter of the guide:\n{body}",
                        piece.line, piece.section
                    ));
                }
            }
            Kind::Prose(text) => {
                if piece.section == README_ONLY {
                    continue;
                }
                let want = normalized(text);
                let found = guide
                    .iter()
                    .any(|(_, g)| matches!(&g.kind, Kind::Prose(t) if normalized(t) == want));
                if !found {
                    problems.push(format!(
                        "README.md:{}: this paragraph (section \"{}\") is in no chapter of the guide:\n{text}",
                        piece.line, piece.section
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn every_block_and_paragraph_of_the_readme_is_the_guides() {
    let problems = drift(&read("README.md"), &guide_pieces());
    assert!(
        problems.is_empty(),
        "README.md and the guide (docs/guide/) have drifted apart; edit both the same way:\n\n{}",
        problems.join("\n\n")
    );
}

/// The test above, on a README and a guide edited on one side: it fails either way.
#[test]
fn a_one_sided_edit_is_drift() {
    let readme = read("README.md");
    let guide = guide_pieces();
    assert!(drift(&readme, &guide).is_empty());

    // The README's Rust block edited alone.
    let edited = readme.replacen("r.my_bucket.name", "r.my_bucket.name.trim()", 1);
    assert_ne!(edited, readme);
    let problems = drift(&edited, &guide);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("```rust block"), "{}", problems[0]);

    // Its twin in the guide edited alone.
    let mut edited_guide = guide.clone();
    let twin = edited_guide
        .iter_mut()
        .find_map(|(_, p)| match &mut p.kind {
            Kind::Code { body, .. } if body.contains("r.my_bucket.name, r.api_config") => {
                Some(body)
            }
            _ => None,
        })
        .expect("the quick start's Rust block in the guide");
    *twin = twin.replacen("Ok(())", "Ok::<(), sst_resources::LoadError>(())", 1);
    assert_eq!(drift(&readme, &edited_guide).len(), 1);

    // A paragraph edited on one side.
    let edited = readme.replacen("a compile error, with rustc's", "a compile error, with", 1);
    assert_ne!(edited, readme);
    let problems = drift(&edited, &guide);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("paragraph"), "{}", problems[0]);

    // A hidden line of a doctest is no edit a reader sees.
    let mut hidden = guide.clone();
    for (_, p) in &mut hidden {
        if let Kind::Code { info, body } = &mut p.kind {
            if language(info) == "rust" {
                body.push_str("\n# let _ = ();");
            }
        }
    }
    assert!(drift(&readme, &hidden).is_empty());
}

#[test]
fn the_readme_links_to_every_chapter_and_every_chapter_is_in_the_guide() {
    let readme = read("README.md");
    let chapters = chapters();
    for c in &chapters {
        let docs_rs = format!("sst_resources/guide/{}/index.html", c.module);
        assert!(
            readme.contains(&docs_rs),
            "README.md does not link to {docs_rs}"
        );
        assert!(
            readme.contains(&format!("]({})", c.file)),
            "README.md does not link to {}",
            c.file
        );
    }
    let mut files: Vec<String> = std::fs::read_dir(root().join("docs/guide"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/guide/{name}"))
        .collect();
    files.sort();
    let mut included: Vec<String> = chapters.iter().map(|c| c.file.clone()).collect();
    included.sort();
    assert_eq!(
        files, included,
        "each docs/guide/*.md is a chapter of src/lib.rs"
    );
}

#[test]
fn the_root_links_toml_is_the_manifest_chapters_example() {
    let file = read("links.toml");
    let body: Vec<&str> = file.lines().skip_while(|l| l.starts_with('#')).collect();
    let chapter = read("docs/guide/manifest.md");
    let example = pieces(&chapter)
        .into_iter()
        .find_map(|p| match p.kind {
            Kind::Code { info, body } if info == "toml" => Some(body),
            _ => None,
        })
        .expect("a toml block in the manifest chapter");
    assert_eq!(body.join("\n"), example);
}

#[test]
fn an_uncompiled_excerpt_is_its_files() {
    let mut excerpts = 0;
    for (chapter, piece) in guide_pieces() {
        let Kind::Code { info, body } = &piece.kind else {
            continue;
        };
        if language(info) != "rust" || !info.split(',').any(|a| a.trim() == "ignore") {
            continue;
        }
        excerpts += 1;
        let mut lines = body.lines();
        let first = lines.next().unwrap_or("");
        let path = first
            .strip_prefix("// ")
            .and_then(|l| l.split_whitespace().next())
            .unwrap_or_else(|| {
                panic!(
                    "{chapter}:{}: an `ignore` block begins with `// <file it is an excerpt of>`",
                    piece.line
                )
            });
        let source = read(path);
        let mut source_lines = source.lines().map(str::trim);
        for line in lines.map(str::trim) {
            if line.is_empty() || line.starts_with("// ...") {
                continue;
            }
            assert!(
                source_lines.any(|s| s == line),
                "{chapter}:{}: `{line}` is not a line of {path} (in this order)",
                piece.line
            );
        }
    }
    assert!(excerpts > 0, "no excerpt found: the Worker's was expected");
}

#[test]
fn the_pieces_of_markdown_are_read_as_written() {
    let text = "# Title\n\nOne [link](a::b) and\n[another][x] `[kept]`.\n\n[x]: y\n\n## Code\n\n```rust,no_run\n# hidden\nshown\n    ## macro\n```\n";
    let p = pieces(text);
    assert_eq!(p.len(), 2, "{p:#?}");
    assert_eq!(
        p[0].kind,
        Kind::Prose("One [link](a::b) and\n[another][x] `[kept]`.".into())
    );
    let Kind::Prose(prose) = &p[0].kind else {
        unreachable!()
    };
    assert_eq!(normalized(prose), "One link and another `[kept]`.");
    assert_eq!(p[1].section, "Code");
    assert_eq!(p[1].line, 10);
    let Kind::Code { info, body } = &p[1].kind else {
        panic!("{:?}", p[1])
    };
    assert_eq!(visible(info, body), "shown\n    # macro");
}
