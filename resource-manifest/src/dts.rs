//! Reads SST's generated `sst-env.d.ts`: the `Resource` interface inside
//! `declare module "sst" { ... }` blocks, as SST writes it (quoted or bare keys, `;`,
//! `,` or newline separators, comments, nested objects, `import("...").X` and
//! `ns.X` binding types). A small strict grammar, not TypeScript: anything else is an
//! error with its line and column. Produces the same [`Manifest`] as `links.toml`.
//!
//! A `.d.ts` `number` cannot say whether it is whole, so it becomes `number` (`f64`),
//! except where the catalogue knows better (`port`); `any` becomes `json`.

use std::ops::Range;

use winnow::ascii::multispace1;
use winnow::combinator::{alt, cut_err, delimited, opt, preceded, repeat, terminated};
use winnow::error::{ContextError, ErrMode, StrContext, StrContextValue};
use winnow::stream::{LocatingSlice, Location};
use winnow::token::{literal, take_till, take_until, take_while};
use winnow::{ModalResult, Parser};

use crate::ast::{LinkedResource, Manifest, Property, PropertyType};
use crate::catalogue;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::names;

type Input<'a> = LocatingSlice<&'a str>;

/// A member's type as written.
#[derive(Debug, Clone, PartialEq)]
enum TsType {
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
struct Member {
    key: String,
    span: Range<usize>,
    ty: TsType,
    ty_span: Range<usize>,
}

fn expected(what: &'static str) -> StrContext {
    StrContext::Expected(StrContextValue::Description(what))
}

/// Whitespace and comments.
fn trivia(i: &mut Input<'_>) -> ModalResult<()> {
    repeat(
        0..,
        alt((
            multispace1.void(),
            ("//", take_till(0.., ['\n'])).void(),
            ("/*", take_until(0.., "*/"), "*/").void(),
        )),
    )
    .parse_next(i)
}

fn ws<'a, O>(
    p: impl Parser<Input<'a>, O, ErrMode<ContextError>>,
) -> impl Parser<Input<'a>, O, ErrMode<ContextError>> {
    delimited(trivia, p, trivia)
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

fn ident<'a>(i: &mut Input<'a>) -> ModalResult<&'a str> {
    (
        take_while(1, |c: char| c.is_ascii_alphabetic() || c == '_' || c == '$'),
        take_while(0.., |c: char| {
            c.is_ascii_alphanumeric() || c == '_' || c == '$'
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

fn base_type(i: &mut Input<'_>) -> ModalResult<TsType> {
    alt((
        object.map(TsType::Object),
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
        (ident, opt(preceded('.', ident))).map(|(a, b): (&str, Option<&str>)| match (a, b) {
            ("string", None) => TsType::String,
            ("number", None) => TsType::Number,
            ("boolean", None) => TsType::Boolean,
            ("any" | "unknown", None) => TsType::Any,
            (ns, Some(name)) => TsType::Named(format!("{ns}.{name}")),
            (other, None) => TsType::Named(other.to_owned()),
        }),
    ))
    .context(expected("a type"))
    .parse_next(i)
}

fn ts_type(i: &mut Input<'_>) -> ModalResult<TsType> {
    let base = base_type.parse_next(i)?;
    let arrays: usize = repeat(0.., (trivia, "[]"))
        .map(|v: Vec<_>| v.len())
        .parse_next(i)?;
    Ok((0..arrays).fold(base, |t, _| TsType::Array(Box::new(t))))
}

fn member(i: &mut Input<'_>) -> ModalResult<Member> {
    let (key, span) = key.parse_next(i)?;
    let _ = opt(ws('?')).parse_next(i)?;
    cut_err(ws(':')).context(expected("`:`")).parse_next(i)?;
    let (ty, ty_span) = cut_err(ts_type.with_span()).parse_next(i)?;
    Ok(Member {
        key,
        span,
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

fn object(i: &mut Input<'_>) -> ModalResult<Vec<Member>> {
    preceded(
        ('{', trivia),
        cut_err(terminated(
            repeat(0.., terminated(member, (separator, trivia))),
            '}',
        )),
    )
    .context(expected("`}`"))
    .parse_next(i)
}

/// `export interface Resource { ... }`
fn interface(i: &mut Input<'_>) -> ModalResult<Vec<Member>> {
    (
        opt(terminated("export", trivia)),
        "interface",
        trivia,
        cut_err(literal("Resource")).context(expected("`Resource` (the interface SST generates)")),
        trivia,
        cut_err(object),
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

fn file(i: &mut Input<'_>) -> ModalResult<Vec<Member>> {
    trivia.parse_next(i)?;
    let mut all = Vec::new();
    loop {
        if i.is_empty() {
            return Ok(all);
        }
        if let Some(members) = opt(module).parse_next(i)? {
            all.extend(members);
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

/// Reads an `sst-env.d.ts` into a manifest, with every problem found.
pub(crate) fn read(source: &SourceFile) -> (Manifest, Vec<Diagnostic>) {
    let mut input = LocatingSlice::new(source.text());
    let members = match file.parse_next(&mut input) {
        Ok(m) => m,
        Err(e) => {
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
            let d = source
                .diagnostic(at..at + 1, format!("not the sst-env.d.ts subset SST generates: {}", message.replace('\n', "; ")))
                .help("sst_resources! reads the `Resource` interface SST writes; regenerate the file with `sst dev` or `sst deploy`");
            return (empty(source), vec![d]);
        }
    };
    let mut diagnostics = Vec::new();
    let mut resources = Vec::new();
    for m in &members {
        if let Some(r) = resource(source, m, &mut diagnostics) {
            resources.push(r);
        }
    }
    crate::validate::check_names(source, &mut resources, &mut diagnostics);
    let mut manifest = empty(source);
    manifest.resources = resources;
    (manifest, diagnostics)
}

fn empty(source: &SourceFile) -> Manifest {
    Manifest {
        file: source.name().to_owned(),
        app_name: None,
        server: false,
        resources: Vec::new(),
        functions: Vec::new(),
    }
}

/// Cloudflare binding types and the component that links each.
const BINDINGS: &[(&str, &str)] = &[
    ("R2Bucket", "sst.cloudflare.Bucket"),
    ("KVNamespace", "sst.cloudflare.Kv"),
    ("D1Database", "sst.cloudflare.D1"),
    ("Service", "sst.cloudflare.Worker"),
    ("Fetcher", "sst.cloudflare.Worker"),
    ("Queue", "sst.cloudflare.Queue"),
    // The rest of `pkg/types/typescript/typescript.go`'s binding table.
    ("Ai", "sst.cloudflare.Ai"),
    ("DurableObjectNamespace", "sst.cloudflare.DurableObject"),
    ("Hyperdrive", "sst.cloudflare.Hyperdrive"),
    ("Workflow", "sst.cloudflare.Workflow"),
    ("RateLimit", "sst.cloudflare.RateLimit"),
];

fn resource(
    source: &SourceFile,
    m: &Member,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LinkedResource> {
    let (line, _) = source.line_column(m.span.start);
    let field = names::field_name(&m.key);
    let base = |wire_type: String, properties: Vec<Property>| {
        // Links written before SST #6682 spell types with `:` (`sst:aws:Bucket`).
        let wire_type = catalogue::normalize_type(&wire_type).into_owned();
        let builtin = catalogue::lookup(&wire_type);
        LinkedResource {
            name: m.key.clone(),
            type_name: names::type_name(&field),
            field: field.clone(),
            component: wire_type.clone(),
            permissions: builtin.map(|b| b.permissions()).unwrap_or_default(),
            environment: builtin
                .map(|b| {
                    b.environment
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
            binding: builtin.and_then(|b| b.binding).map(str::to_owned),
            wire_type,
            properties,
            line,
            span: m.span.clone(),
        }
    };
    match &m.ty {
        TsType::Object(members) => {
            let Some(ty) = members.iter().find(|p| p.key == "type") else {
                diagnostics.push(
                    source
                        .diagnostic(m.span.clone(), format!("resource `{}` has no `\"type\"` member", m.key))
                        .about(&m.key)
                        .help("SST writes `\"type\": \"sst.aws.Bucket\"`-style members; regenerate the file"),
                );
                return None;
            };
            let TsType::Literal(wire_type) = &ty.ty else {
                diagnostics.push(
                    source
                        .diagnostic(
                            ty.ty_span.clone(),
                            "`type` must be a string literal such as \"sst.aws.Bucket\"",
                        )
                        .about(&m.key),
                );
                return None;
            };
            let builtin = catalogue::lookup(wire_type);
            let props = members
                .iter()
                .filter(|p| p.key != "type")
                .filter_map(|p| property(source, p, &m.key, builtin, diagnostics))
                .collect();
            Some(base(wire_type.clone(), props))
        }
        TsType::Named(name) => {
            let short = name.rsplit('.').next().unwrap_or(name);
            match BINDINGS.iter().find(|(b, _)| *b == short) {
                Some((_, component)) => {
                    let builtin = catalogue::lookup(component)
                        .expect("binding components are in the catalogue");
                    Some(base((*component).to_owned(), builtin.properties()))
                }
                None => {
                    let known: Vec<&str> = BINDINGS.iter().map(|(b, _)| *b).collect();
                    diagnostics.push(
                        source
                            .diagnostic(
                                m.ty_span.clone(),
                                format!("binding type `{name}` is not supported"),
                            )
                            .about(&m.key)
                            .help(format!(
                                "supported Cloudflare bindings: {}",
                                known.join(", ")
                            )),
                    );
                    None
                }
            }
        }
        other => {
            diagnostics.push(
                source
                    .diagnostic(
                        m.ty_span.clone(),
                        format!(
                            "resource `{}` must be an object type, found {}",
                            m.key,
                            describe(other)
                        ),
                    )
                    .about(&m.key),
            );
            None
        }
    }
}

fn property(
    source: &SourceFile,
    p: &Member,
    owner: &str,
    builtin: Option<&catalogue::ComponentType>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Property> {
    let def = builtin.and_then(|b| b.properties.iter().find(|d| d.name == p.key));
    let ty = match (&p.ty, def) {
        // The catalogue knows a `number` is whole (ports).
        (TsType::Number, Some(d)) => d.ty.to_property_type(),
        (t, _) => property_type(source, t, &p.ty_span, owner, diagnostics)?,
    };
    let field = names::field_name(&p.key);
    if !names::is_valid_field(&field) {
        diagnostics.push(
            source
                .diagnostic(
                    p.span.clone(),
                    format!("property `{}` cannot become a Rust field", p.key),
                )
                .about(owner),
        );
        return None;
    }
    Some(Property {
        name: p.key.clone(),
        field,
        ty,
        optional: def.is_some_and(|d| d.optional),
        secret: def.is_some_and(|d| d.secret),
    })
}

fn property_type(
    source: &SourceFile,
    t: &TsType,
    span: &Range<usize>,
    owner: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PropertyType> {
    Some(match t {
        TsType::String | TsType::Literal(_) => PropertyType::String,
        TsType::Number => PropertyType::Number,
        TsType::Boolean => PropertyType::Boolean,
        TsType::Any => PropertyType::Json,
        TsType::Array(item) => PropertyType::List(Box::new(property_type(
            source,
            item,
            span,
            owner,
            diagnostics,
        )?)),
        TsType::Object(members) => PropertyType::Object(
            members
                .iter()
                .filter_map(|m| property(source, m, owner, None, diagnostics))
                .collect(),
        ),
        TsType::Named(name) => {
            diagnostics.push(
                source
                    .diagnostic(
                        span.clone(),
                        format!("a property of type `{name}` is not supported"),
                    )
                    .about(owner)
                    .help("properties are string, number, boolean, any, arrays and objects"),
            );
            return None;
        }
    })
}

fn describe(t: &TsType) -> String {
    match t {
        TsType::String => "`string`".into(),
        TsType::Number => "`number`".into(),
        TsType::Boolean => "`boolean`".into(),
        TsType::Any => "`any`".into(),
        TsType::Literal(l) => format!("the literal \"{l}\""),
        TsType::Object(_) => "an object".into(),
        TsType::Named(n) => format!("`{n}`"),
        TsType::Array(_) => "an array".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Manifest, Vec<Diagnostic>) {
        read(&SourceFile::new("sst-env.d.ts", text))
    }

    #[test]
    fn reads_the_issue_example() {
        let (m, d) = parse(
            r#"declare module "sst" {
  export interface Resource {
    "MyBucket": { "name": string; "type": "sst.aws.Bucket" }
    "StripeKey": { "type": "sst.sst.Secret"; "value": string }
    "ApiKeysTable": { "tableName": string; "type": "aws.dynamodb/table.Table" }
    "Config": { "redis": { "endpoint": string; "restToken": string }; "priceInr": number; "type": "sst.sst.Linkable" }
    "Bucket": import("@cloudflare/workers-types").R2Bucket
  }
}"#,
        );
        assert!(d.is_empty(), "{d:#?}");
        let names: Vec<_> = m.resources.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            ["MyBucket", "StripeKey", "ApiKeysTable", "Config", "Bucket"]
        );
        assert!(m.resource("StripeKey").unwrap().properties[0].secret);
        let config = m.resource("Config").unwrap();
        assert_eq!(config.properties[1].ty, PropertyType::Number);
        assert!(matches!(&config.properties[0].ty, PropertyType::Object(c) if c.len() == 2));
        assert_eq!(
            m.resource("ApiKeysTable").unwrap().wire_type,
            "aws.dynamodb/table.Table"
        );
        assert_eq!(
            m.resource("Bucket").unwrap().wire_type,
            "sst.cloudflare.Bucket"
        );
    }

    #[test]
    fn bare_keys_semicolons_commas_comments_and_several_blocks() {
        let (m, d) = parse(
            "/* c */ import \"sst\";\n// x\ndeclare module 'sst' {\n  export interface Resource {\n    gbfm_www: { url: string, type: 'sst.aws.Router', },\n  }\n}\ndeclare module \"sst\" { export interface Resource { \"ZEN_LITE_PRICE\": { \"type\": \"sst.sst.Secret\"; \"value\": string; port: number; list: string[] } } }\nexport {};\n",
        );
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(m.resources.len(), 2);
        let zen = m.resource("ZEN_LITE_PRICE").unwrap();
        assert_eq!(zen.field, "zen_lite_price");
        assert_eq!(
            zen.properties[2].ty,
            PropertyType::List(Box::new(PropertyType::String))
        );
    }

    #[test]
    fn catalogue_knows_ports_are_integers() {
        let (m, _) = parse(
            "declare module \"sst\" { export interface Resource { Db: { host: string; port: number; password: string; type: \"sst.aws.Postgres\" } } }",
        );
        let db = &m.resources[0];
        assert_eq!(db.properties[1].ty, PropertyType::Integer);
        assert!(db.properties[2].secret);
    }

    #[test]
    fn anything_else_is_an_error_with_a_position() {
        let (_, d) = parse(
            "declare module \"sst\" {\n  export interface Resource {\n    A: { name: string type: \"x\" }\n  }\n}\n",
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].line, 3);
        let (_, d) = parse("const x = 1;\n");
        assert_eq!((d[0].line, d[0].column), (1, 1));
        let (_, d) = parse(
            "declare module \"sst\" { export interface Resource { A: import(\"x\").WorkerVersionMetadata } }",
        );
        assert_eq!(
            d[0].message,
            "binding type `WorkerVersionMetadata` is not supported"
        );
    }

    #[test]
    fn snake_case_collisions_are_errors_naming_both() {
        let (m, d) = parse(
            "declare module \"sst\" { export interface Resource { \"my-site\": { url: string; type: \"sst.aws.Router\" }; my_site: { url: string; type: \"sst.aws.Router\" } } }",
        );
        assert_eq!(m.resources.len(), 1);
        assert_eq!(
            d[0].message,
            "`my_site` and `my-site` both become the field `my_site`"
        );
    }
}
