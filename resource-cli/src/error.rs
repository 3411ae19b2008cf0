//! The command's one error type: rendered once, by `main`, as the problems found
//! (each its own block, as rustc prints diagnostics), then `error: <message>`, its
//! `help:` lines and any detail lines; and the exit code. Also [`plural`], for every
//! count a message gives.

use std::fmt;
use std::process::ExitCode;

/// Why a command failed, and what to print for it on stderr.
#[derive(Debug)]
pub struct Error {
    /// Rendered problems printed before the message, each followed by a blank line.
    problems: Vec<String>,
    /// The message: after `error: `, or as a library rendered it.
    message: Message,
    /// Lines after the message, each `help: <text>`.
    help: Vec<String>,
    /// Lines after the help, as they are (one per problem of `secret load`).
    details: Vec<String>,
    /// The process's exit code.
    code: u8,
}

#[derive(Debug)]
enum Message {
    /// Printed after `error: `.
    Text(String),
    /// Printed as it is: `resource_cli::dotenv` renders its own errors, `error: `
    /// included (its text is pinned by its tests and fuzz target).
    Rendered(String),
}

impl Error {
    /// `error: <message>`. A message may hold lines of its own (a library's error
    /// with its `help:`).
    pub fn new(message: impl fmt::Display) -> Self {
        Error {
            problems: Vec::new(),
            message: Message::Text(message.to_string()),
            help: Vec::new(),
            details: Vec::new(),
            code: 1,
        }
    }

    /// An error its library rendered whole, `error: ` included.
    pub fn rendered(text: String) -> Self {
        Error {
            message: Message::Rendered(text),
            ..Error::new("")
        }
    }

    /// Adds a `help: <text>` line.
    #[must_use]
    pub fn help(mut self, text: impl fmt::Display) -> Self {
        self.help.push(text.to_string());
        self
    }

    /// Prints `problems` (rendered) before the message.
    #[must_use]
    pub fn after(mut self, problems: Vec<String>) -> Self {
        self.problems = problems;
        self
    }

    /// Prints `lines` after the message and its help.
    #[must_use]
    pub fn details(mut self, lines: Vec<String>) -> Self {
        self.details = lines;
        self
    }

    /// Adds `lines` after the message's detail lines (another part's problems, said
    /// in the same run).
    #[must_use]
    pub fn more(mut self, lines: Vec<String>) -> Self {
        self.details.extend(lines);
        self
    }

    /// Exits with `code` instead of 1.
    #[must_use]
    pub fn code(mut self, code: u8) -> Self {
        self.code = code;
        self
    }

    /// The message and its help lines without the `error: ` label, for an error
    /// quoted inside another (`FILE:LINE: <detail>`).
    pub fn detail(&self) -> String {
        let mut out = match &self.message {
            Message::Text(text) | Message::Rendered(text) => text.clone(),
        };
        for h in &self.help {
            out.push_str("\nhelp: ");
            out.push_str(h);
        }
        out
    }

    /// Prints the error on stderr; the exit code to end with.
    pub fn report(&self) -> ExitCode {
        eprintln!("{}", self.to_string().trim_end());
        ExitCode::from(self.code)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            write!(f, "{problem}\n\n")?;
        }
        match &self.message {
            Message::Text(_) => write!(f, "error: {}", self.detail())?,
            Message::Rendered(text) => f.write_str(text)?,
        }
        for line in &self.details {
            write!(f, "\n{line}")?;
        }
        Ok(())
    }
}

/// `n` and `noun`, plural unless `n` is 1: `1 problem`, `2 problems`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_problems_message_help_and_details_in_that_order() {
        let e = Error::new("2 problems in f")
            .after(vec!["a".into(), "b".into()])
            .help("fix it")
            .details(vec!["f:1: x".into()]);
        assert_eq!(
            e.to_string(),
            "a\n\nb\n\nerror: 2 problems in f\nhelp: fix it\nf:1: x"
        );
        assert_eq!(e.detail(), "2 problems in f\nhelp: fix it");
        assert_eq!(plural(1, "secret"), "1 secret");
        assert_eq!(plural(0, "secret"), "0 secrets");
    }
}
