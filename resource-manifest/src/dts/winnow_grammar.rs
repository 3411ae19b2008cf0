//! The test oracle of `grammar.rs`: the same grammar written with winnow's parser
//! combinators, as it was until the hand-written reader replaced it (winnow's
//! combinators cost every user's build about 0.6 s of compilation; see
//! BENCHMARKS.md). `grammar::tests` holds the two to the same declarations, and the
//! same stop (the position and message of where the parse stopped, before the hand
//! reader names a cause such as a `{` never closed), on every corpus file and on
//! thousands of mutations of them. Test-only: winnow is a dev-dependency.

use std::ops::Range;

use winnow::ascii::{Caseless, multispace1, space0, space1};
use winnow::combinator::{alt, cut_err, delimited, opt, preceded, repeat, terminated};
use winnow::error::{ContextError, ErrMode, StrContext, StrContextValue};
use winnow::stream::{LocatingSlice, Location};
use winnow::token::{literal, take_till, take_until, take_while};
use winnow::{ModalResult, Parser};

use super::grammar::{Declarations, MAX_LEVEL, Member, Reference, TOO_DEEP, TsType};
use crate::diagnostic::{Diagnostic, SourceFile};

type Input<'a> = LocatingSlice<&'a str>;

fn expected(what: &'static str) -> StrContext {
    StrContext::Expected(StrContextValue::Description(what))
}

/// One piece of whitespace (a byte-order mark too) or one comment.
fn trivia_piece(i: &mut Input<'_>) -> ModalResult<()> {
    alt((
        multispace1.void(),
        '\u{feff}'.void(),
        ("//", take_till(0.., ['\n'])).void(),
        ("/*", take_until(0.., "*/"), "*/").void(),
    ))
    .parse_next(i)
}

/// Whitespace and comments.
fn trivia(i: &mut Input<'_>) -> ModalResult<()> {
    repeat(0.., trivia_piece).parse_next(i)
}

fn ws<'a, O>(
    p: impl Parser<Input<'a>, O, ErrMode<ContextError>>,
) -> impl Parser<Input<'a>, O, ErrMode<ContextError>> {
    delimited(trivia, p, trivia)
}

/// A triple-slash reference directive, as TypeScript matches one
/// (`/// <reference path="..." />`, any case, either quote, closed by `/>`); any
/// other `///` line is a comment.
fn reference(i: &mut Input<'_>) -> ModalResult<Reference> {
    let quoted = alt((
        delimited('"', take_till(0.., ['"', '\n']), '"'),
        delimited('\'', take_till(0.., ['\'', '\n']), '\''),
    ));
    (
        "///",
        space0,
        literal(Caseless("<reference")),
        space1,
        literal(Caseless("path")),
        space0,
        '=',
        space0,
        quoted.with_span(),
        take_till(0.., ['\n']).verify(|rest: &str| rest.contains("/>")),
    )
        .map(|(_, _, _, _, _, _, _, _, (path, span), _)| Reference {
            path: str::to_owned(path),
            span,
        })
        .parse_next(i)
}

/// The comments before the first statement, with the references among them.
fn leading(i: &mut Input<'_>) -> ModalResult<Vec<Reference>> {
    repeat(0.., alt((reference.map(Some), trivia_piece.map(|()| None))))
        .map(|all: Vec<Option<Reference>>| all.into_iter().flatten().collect())
        .parse_next(i)
}

fn string_literal(i: &mut Input<'_>) -> ModalResult<String> {
    alt((
        delimited('"', take_till(0.., ['"', '\n']), cut_err('"')),
        delimited('\'', take_till(0.., ['\'', '\n']), cut_err('\'')),
    ))
    .map(str::to_owned)
    .context(expected("a string"))
    .parse_next(i)
}

/// A TypeScript identifier: Unicode `XID_Start` or `$`/`_`, then `XID_Continue`,
/// `$` or the joiners (U+200C, U+200D). TypeScript says `ID_Start`/`ID_Continue`;
/// the `XID` forms differ from them only in a few compatibility characters that
/// NFKC normalization changes (U+037A, U+309B, ...), which this refuses.
fn ident<'a>(i: &mut Input<'a>) -> ModalResult<&'a str> {
    (
        take_while(1, |c: char| {
            c == '$' || c == '_' || unicode_ident::is_xid_start(c)
        }),
        take_while(0.., |c: char| {
            c == '$' || c == '\u{200c}' || c == '\u{200d}' || unicode_ident::is_xid_continue(c)
        }),
    )
        .take()
        .parse_next(i)
}

fn key(i: &mut Input<'_>) -> ModalResult<(String, Range<usize>)> {
    alt((string_literal, ident.map(str::to_owned)))
        .with_span()
        .context(expected("a property name"))
        .parse_next(i)
}

/// A type inside `level` objects (the `Resource` interface is level 1).
fn base_type(level: usize) -> impl FnMut(&mut Input<'_>) -> ModalResult<TsType> {
    move |i| base_type_at(level, i)
}

fn base_type_at(level: usize, i: &mut Input<'_>) -> ModalResult<TsType> {
    alt((
        object(level + 1).map(TsType::Object),
        string_literal.map(TsType::Literal),
        (
            "import",
            ws('('),
            string_literal,
            ws(')'),
            '.',
            cut_err(ident),
        )
            .map(|(_, _, _, _, _, name)| TsType::Named(name.to_owned())),
        (ident, opt(preceded('.', ident)))
            .map(|(a, b): (&str, Option<&str>)| super::grammar::named(a, b)),
    ))
    .context(expected("a type"))
    .parse_next(i)
}

fn too_deep() -> ErrMode<ContextError> {
    let mut error = ContextError::new();
    error.push(expected(TOO_DEEP));
    ErrMode::Cut(error)
}

/// A member's type, inside `level` objects.
fn ts_type(level: usize) -> impl FnMut(&mut Input<'_>) -> ModalResult<TsType> {
    move |i| {
        let base = base_type(level).parse_next(i)?;
        // `{ ... }[]` wraps an object already read: its depth counts too.
        let mut depth = level + super::grammar::nesting(&base);
        let mut t = base;
        while opt((trivia, "[]")).parse_next(i)?.is_some() {
            depth += 1;
            if depth > MAX_LEVEL {
                return Err(too_deep());
            }
            t = TsType::Array(Box::new(t));
        }
        Ok(t)
    }
}

/// One `key: type` inside `level` objects.
fn member(level: usize) -> impl FnMut(&mut Input<'_>) -> ModalResult<Member> {
    move |i| member_at(level, i)
}

fn member_at(level: usize, i: &mut Input<'_>) -> ModalResult<Member> {
    let (key, span) = key.parse_next(i)?;
    let optional = opt(ws('?')).parse_next(i)?.is_some();
    cut_err(ws(':')).context(expected("`:`")).parse_next(i)?;
    let (ty, ty_span) = cut_err(ts_type(level).with_span()).parse_next(i)?;
    Ok(Member {
        key,
        span,
        optional,
        ty,
        ty_span,
    })
}

/// After a member: `;` or `,`, or a line break, or the closing `}`.
fn separator(i: &mut Input<'_>) -> ModalResult<()> {
    let gap = trivia.take().parse_next(i)?;
    if opt(alt((';', ','))).parse_next(i)?.is_some() || gap.contains('\n') || i.starts_with('}') {
        return Ok(());
    }
    let mut error = ContextError::new();
    error.push(expected("`;`, `,` or a line break between members"));
    Err(ErrMode::Cut(error))
}

/// `{ members }`, the `level`th object from the `Resource` interface's (1).
fn object(level: usize) -> impl FnMut(&mut Input<'_>) -> ModalResult<Vec<Member>> {
    move |i| {
        let _ = ('{', trivia).parse_next(i)?;
        if level > MAX_LEVEL {
            return Err(too_deep());
        }
        cut_err(terminated(
            repeat(0.., terminated(member(level), (separator, trivia))),
            '}',
        ))
        .context(expected("`}`"))
        .parse_next(i)
    }
}

/// `export interface Resource { ... }`
fn interface(i: &mut Input<'_>) -> ModalResult<Vec<Member>> {
    (
        opt(terminated("export", trivia)),
        "interface",
        trivia,
        cut_err(literal("Resource")).context(expected("`Resource` (the interface SST generates)")),
        trivia,
        cut_err(object(1)),
        opt(ws(';')),
    )
        .map(|t| t.5)
        .parse_next(i)
}

/// `declare module "sst" { interface Resource {...} ... }`
fn module(i: &mut Input<'_>) -> ModalResult<Vec<Member>> {
    let _ = ("declare", trivia, "module", trivia).parse_next(i)?;
    let _ = cut_err(string_literal).parse_next(i)?;
    let _ = cut_err(ws('{')).parse_next(i)?;
    let blocks: Vec<Vec<Member>> = repeat(0.., terminated(interface, trivia)).parse_next(i)?;
    cut_err('}')
        .context(expected("`export interface Resource { ... }` or `}`"))
        .parse_next(i)?;
    Ok(blocks.into_iter().flatten().collect())
}

/// `import "sst"`, `import * as cloudflare from "..."`, `export {}`.
fn statement(i: &mut Input<'_>) -> ModalResult<()> {
    alt((
        (
            "import",
            trivia,
            opt(("*", ws("as"), ident, ws("from"))),
            string_literal,
        )
            .void(),
        ("export", ws('{'), '}').void(),
    ))
    .parse_next(i)?;
    let _ = opt(ws(';')).parse_next(i)?;
    Ok(())
}

fn file(i: &mut Input<'_>) -> ModalResult<Declarations> {
    let references = leading.parse_next(i)?;
    let mut members = Vec::new();
    loop {
        if i.is_empty() {
            return Ok(Declarations {
                references,
                members,
            });
        }
        if let Some(found) = opt(module).parse_next(i)? {
            members.extend(found);
        } else {
            cut_err(statement)
                .context(expected(
                    "`declare module \"sst\" { ... }`, `import`, or `export {}`",
                ))
                .parse_next(i)?;
        }
        trivia.parse_next(i)?;
    }
}

/// Parses one file; a syntax error is one diagnostic at the character it stopped at.
pub(super) fn parse(source: &SourceFile) -> Result<Declarations, Box<Diagnostic>> {
    let mut input = LocatingSlice::new(source.text());
    file.parse_next(&mut input).map_err(|e| {
        let at = input.current_token_start();
        // The innermost context says what was expected at the failure point.
        let message = match e {
            ErrMode::Backtrack(c) | ErrMode::Cut(c) => c
                .context()
                .next()
                .map(ToString::to_string)
                .unwrap_or_default(),
            ErrMode::Incomplete(_) => "unexpected end of file".into(),
        };
        let message = if message.is_empty() {
            "unexpected input".into()
        } else {
            message
        };
        Box::new(super::grammar::syntax_error(source, at, &message))
    })
}
