//! The dotenv files of `secret load` and `secret list --values`: `NAME=value` lines read
//! as `sst secret load` reads them, and values quoted so both tools read them back
//! unchanged. Owns the text format only; which names are secrets is the command's.
//! Errors give file:line, never a line's text (it holds a secret).

use zeroize::Zeroizing;

/// One `NAME=value` line: its 1-based line number, the name, the value.
pub type Entry = (usize, String, Zeroizing<String>);

/// `value` as `load` (ours and `sst secret load`) reads it back: bare when it is plain,
/// 'single-quoted' (taken as is by both) unless it holds `'` or a line break, else
/// "double-quoted" with `\"`, `\n`, `\r`, `\t` and `\\` escapes (SST's loader knows all
/// but the last: a value with a backslash and a quote or line break differs there).
pub fn quote(value: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-.,:/@+%".contains(c);
    if value.chars().all(plain) {
        return value.to_owned();
    }
    if !value.contains(['\'', '\n', '\r']) {
        return format!("'{value}'");
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `NAME=value` lines of a dotenv file, read as `sst secret load` reads them (so
/// `sst secret list` output loads): lines starting with `#` and blank lines skipped,
/// an optional `export `, the value trimmed; a value in '...' taken as is, one in "..."
/// with `\"`, `\n`, `\r`, `\t` and `\\` unescaped (other backslashes kept). Errors give
/// file:line and never the line's text (it holds a secret).
pub fn parse(text: &str, file: &str) -> Result<Vec<Entry>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let body = trimmed.strip_prefix("export ").unwrap_or(trimmed);
        let Some((name, rest)) = body.split_once('=') else {
            return Err(format!("error: {file}:{line}: not a NAME=value line"));
        };
        let name = name.trim();
        let rest = rest.trim();
        let value = match rest.chars().next() {
            Some(q @ ('\'' | '"')) => {
                if rest.len() < 2 || !rest.ends_with(q) {
                    return Err(format!(
                        "error: {file}:{line}: the value's quote is not closed on this line"
                    ));
                }
                let inner = &rest[1..rest.len() - 1];
                if q == '"' {
                    unescape(inner)
                } else {
                    Zeroizing::new(inner.to_owned())
                }
            }
            _ => Zeroizing::new(rest.to_owned()),
        };
        out.push((line, name.to_owned(), value));
    }
    Ok(out)
}

fn unescape(s: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(s.len()));
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = match (c, chars.peek()) {
            ('\\', Some('"')) => '"',
            ('\\', Some('n')) => '\n',
            ('\\', Some('r')) => '\r',
            ('\\', Some('t')) => '\t',
            ('\\', Some('\\')) => '\\',
            (c, _) => {
                out.push(c);
                continue;
            }
        };
        chars.next();
        out.push(escaped);
    }
    out
}

/// Every name `entries` set more than once: `(first line, later line, name)` for each
/// later line, in file order. `sst secret load` keeps the last silently; a file that
/// gives one secret two values is more likely a mistake than an override.
pub fn repeated(entries: &[Entry]) -> Vec<(usize, usize, &str)> {
    let mut first = std::collections::HashMap::new();
    let mut out = Vec::new();
    for (line, name, _) in entries {
        match first.entry(name.as_str()) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(*line);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                out.push((*o.get(), *line, name.as_str()))
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotenv_lines() {
        let text = "# comment\n\nexport A=plain value  \nB='single $x \\n'\nC=\"dq \\\"x\\\" \\n end \\q\"\nD=bare # kept, as SST keeps it\nE=\n";
        let got: Vec<(usize, String, String)> = parse(text, "f.env")
            .unwrap()
            .into_iter()
            .map(|(l, k, v)| (l, k, v.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                (3, "A".into(), "plain value".into()),
                (4, "B".into(), "single $x \\n".into()),
                (5, "C".into(), "dq \"x\" \n end \\q".into()),
                (6, "D".into(), "bare # kept, as SST keeps it".into()),
                (7, "E".into(), "".into()),
            ]
        );
        let err = parse("A='sk_canary\n", "f.env").unwrap_err();
        assert_eq!(
            err,
            "error: f.env:1: the value's quote is not closed on this line"
        );
        let err = parse("ok=1\nsk_canary_no_equals\n", "f.env").unwrap_err();
        assert_eq!(err, "error: f.env:2: not a NAME=value line");
    }

    #[test]
    fn list_values_load_back_unchanged() {
        for value in [
            "plain-1.2:3/x@y",
            "",
            "with space",
            "it's",
            "a\"b'c <d>&e\nf\tg\\h $HOME =\u{fc}\u{1f389}",
            "\\n literal",
            "trailing ",
        ] {
            let line = format!("K={}", quote(value));
            let got = parse(&line, "f").unwrap();
            assert_eq!(got[0].2.as_str(), value, "{line}");
        }
        assert_eq!(quote("it's"), "\"it's\"");
        assert_eq!(quote("a b"), "'a b'");
    }

    #[test]
    fn repeated_names_give_both_lines() {
        let entries = parse("A=1\nB=2\n# c\nexport A=3\nA='4'\n", "f").unwrap();
        assert_eq!(repeated(&entries), [(1, 4, "A"), (1, 5, "A")]);
        assert!(repeated(&parse("A=1\nB=1\n", "f").unwrap()).is_empty());
    }
}
