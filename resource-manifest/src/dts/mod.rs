//! Reads SST's generated `sst-env.d.ts`: the `Resource` interface inside
//! `declare module "sst" { ... }` blocks, in each layout SST has written
//! (`pkg/types/typescript/typescript.go`; before September 2024
//! `pkg/project/stack.go`): quoted or bare keys, `;`, `,` or newline separators,
//! comments, nested objects, `import("...").X` and `ns.X` binding types. A small
//! strict grammar, not TypeScript: anything else is an error with its line and
//! column. Produces the same [`Manifest`] as `links.toml`.
//!
//! Two TypeScript rules it keeps:
//!
//! - [`read_tree`] follows the `/// <reference path="..." />` directives of a file's
//!   leading comments, relative to that file (a monorepo package's file is only a
//!   reference to the app's root one). After the first statement such a line is a
//!   comment, as TypeScript reads it: SST's root file ended with a reference to
//!   itself from January 2025 to April 2026.
//! - A resource may be declared more than once, in one file or across references,
//!   when the declarations agree. An object (the properties) and a Cloudflare binding
//!   type merge into one resource that has both: SST declared a resource a Worker
//!   binds so from June to September 2024, the object in the main block and the
//!   binding in a `// cloudflare` block. Any other disagreement is an error naming
//!   both places.
//!
//! The grammar (syntax, spans) is `grammar.rs`; this module resolves what it read:
//! references, merging, the catalogue, property types and names.
//!
//! A `.d.ts` `number` cannot say whether it is whole, so it becomes `number` (`f64`),
//! except where the catalogue knows better (`port`); `any` becomes `json`.

mod grammar;
#[cfg(test)]
mod winnow_grammar;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::ast::{LinkedResource, Manifest, Property, PropertyType};
use crate::catalogue;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::names;

use grammar::{Member, Reference, TsType, parse};

/// Reads one `sst-env.d.ts` from its text into a manifest, with every problem found.
/// Its references are not followed (there is no path to resolve them against): see
/// [`read_tree`].
pub(crate) fn read(source: &SourceFile) -> (Manifest, Vec<Diagnostic>) {
    let files = std::slice::from_ref(source);
    match parse(source) {
        Ok(declarations) => {
            let decls: Vec<(usize, Member)> =
                declarations.members.into_iter().map(|m| (0, m)).collect();
            resolve(files, &decls)
        }
        Err(d) => (Manifest::empty(source.name()), vec![*d]),
    }
}

/// Reads the `sst-env.d.ts` at `path` (its text `source`) and every file its
/// references reach, each relative to the file that names it and named in
/// diagnostics relative to `source`'s name. A missing or unreadable file, or a
/// reference cycle, is a diagnostic at the reference. Returns the manifest, every
/// problem, and every file read (`path` first): each must be tracked for rebuilds.
pub(crate) fn read_tree(
    path: &Path,
    source: SourceFile,
) -> (Manifest, Vec<Diagnostic>, Vec<(PathBuf, SourceFile)>) {
    let mut tree = Tree {
        canonical: vec![std::fs::canonicalize(path).ok()],
        files: vec![(path.to_owned(), source)],
        decls: Vec::new(),
        diagnostics: Vec::new(),
    };
    tree.visit(0, &mut Vec::new());
    let sources: Vec<SourceFile> = tree.files.iter().map(|(_, s)| s.clone()).collect();
    let (manifest, more) = resolve(&sources, &tree.decls);
    let mut diagnostics = tree.diagnostics;
    diagnostics.extend(more);
    (manifest, diagnostics, tree.files)
}

/// The files read so far, what they declare, and the problems met.
struct Tree {
    files: Vec<(PathBuf, SourceFile)>,
    /// Each file's canonical path, to know a file met again.
    canonical: Vec<Option<PathBuf>>,
    /// Each member with the index of its file: a file's references come before its
    /// own members, as TypeScript orders a program.
    decls: Vec<(usize, Member)>,
    diagnostics: Vec<Diagnostic>,
}

impl Tree {
    /// Reads file `index`'s references (depth first), then its members. `stack` holds
    /// the files whose references are being followed, for cycles.
    fn visit(&mut self, index: usize, stack: &mut Vec<usize>) {
        let declarations = match parse(&self.files[index].1) {
            Ok(d) => d,
            Err(d) => {
                self.diagnostics.push(*d);
                return;
            }
        };
        stack.push(index);
        for r in &declarations.references {
            if let Some(next) = self.follow(index, r, stack) {
                self.visit(next, stack);
            }
        }
        stack.pop();
        self.decls
            .extend(declarations.members.into_iter().map(|m| (index, m)));
    }

    /// Reads the file `r` names, if it is new: its index.
    fn follow(&mut self, from: usize, r: &Reference, stack: &[usize]) -> Option<usize> {
        // TypeScript takes `\` for `/` (SST wrote `..\..\sst-env.d.ts` on Windows
        // until May 2025).
        let relative = r.path.replace('\\', "/");
        let (from_path, from_source) = &self.files[from];
        let target = from_path
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .join(&relative);
        let name = relative_name(from_source.name(), &relative);
        let canonical = match std::fs::canonicalize(&target) {
            Ok(c) => c,
            Err(e) => {
                let d = from_source
                    .diagnostic(
                        r.span.clone(),
                        format!("the referenced file `{name}` cannot be read: {e}"),
                    )
                    .help(format!(
                        "the path is relative to {}; run `sst dev` or `sst deploy` in the app's root to write the file, or correct the path",
                        from_source.name()
                    ));
                self.diagnostics.push(d);
                return None;
            }
        };
        let canonical = Some(canonical);
        // A file naming itself adds nothing (TypeScript ignores it).
        if self.canonical[from] == canonical {
            return None;
        }
        if let Some(at) = stack.iter().position(|&s| self.canonical[s] == canonical) {
            let chain: Vec<&str> = stack[at..]
                .iter()
                .map(|&s| self.files[s].1.name())
                .chain([self.files[stack[at]].1.name()])
                .collect();
            let d = from_source
                .diagnostic(
                    r.span.clone(),
                    format!("reference cycle: {}", chain.join(" -> ")),
                )
                .help(format!(
                    "remove this reference, or the one in {} that leads here: SST writes a package's sst-env.d.ts as one reference to the app's root sst-env.d.ts, which references nothing",
                    self.files[stack[at]].1.name()
                ));
            self.diagnostics.push(d);
            return None;
        }
        // Read already, through another reference.
        if self.canonical.contains(&canonical) {
            return None;
        }
        match std::fs::read_to_string(&target) {
            Ok(text) => {
                self.files.push((target, SourceFile::new(name, text)));
                self.canonical.push(canonical);
                Some(self.files.len() - 1)
            }
            Err(e) => {
                let d = from_source
                    .diagnostic(
                        r.span.clone(),
                        format!("the referenced file `{name}` cannot be read: {e}"),
                    )
                    .help("point the reference at SST's generated sst-env.d.ts (UTF-8 text), or regenerate it with `sst dev` or `sst deploy`");
                self.diagnostics.push(d);
                None
            }
        }
    }
}

/// How diagnostics name the file `relative` (as a reference in `from` wrote it):
/// `from`'s directory joined with it, `.` and `..` resolved where they can be
/// (`packages/web/sst-env.d.ts` + `../../sst-env.d.ts` = `sst-env.d.ts`).
fn relative_name(from: &str, relative: &str) -> String {
    if relative.starts_with('/') {
        return relative.to_owned();
    }
    let dir = from.rfind(['/', '\\']).map_or("", |at| &from[..at]);
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split(['/', '\\']).collect()
    };
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| !matches!(*p, ".." | "." | "")) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// A Cloudflare binding type SST writes (`mapping` in
/// `pkg/types/typescript/typescript.go`): its binding kind, and the component that
/// links it where the catalogue has one.
struct Binding {
    ts: &'static str,
    kind: &'static str,
    component: Option<&'static str>,
}

const fn binding(ts: &'static str, kind: &'static str, component: Option<&'static str>) -> Binding {
    Binding {
        ts,
        kind,
        component,
    }
}

const BINDINGS: &[Binding] = &[
    binding(
        "R2Bucket",
        "r2BucketBindings",
        Some("sst.cloudflare.Bucket"),
    ),
    binding(
        "KVNamespace",
        "kvNamespaceBindings",
        Some("sst.cloudflare.Kv"),
    ),
    binding(
        "D1Database",
        "d1DatabaseBindings",
        Some("sst.cloudflare.D1"),
    ),
    binding("Service", "serviceBindings", Some("sst.cloudflare.Worker")),
    // Not SST's spelling, but the type `Service` is an alias of.
    binding("Fetcher", "serviceBindings", Some("sst.cloudflare.Worker")),
    binding("Queue", "queueBindings", Some("sst.cloudflare.Queue")),
    binding("Ai", "aiBindings", Some("sst.cloudflare.Ai")),
    binding(
        "DurableObjectNamespace",
        "durableObjectNamespaceBindings",
        Some("sst.cloudflare.DurableObject"),
    ),
    binding(
        "Hyperdrive",
        "hyperdriveBindings",
        Some("sst.cloudflare.Hyperdrive"),
    ),
    binding(
        "Workflow",
        "workflowBindings",
        Some("sst.cloudflare.Workflow"),
    ),
    binding(
        "RateLimit",
        "rateLimitBindings",
        Some("sst.cloudflare.RateLimit"),
    ),
    // Only a Linkable's `sst.cloudflare.binding(...)` include brings it: with the
    // Linkable's object declared too, it merges; alone, no component is known.
    binding("WorkerVersionMetadata", "versionMetadataBindings", None),
];

/// How one member declares its resource.
enum Shape<'m> {
    /// `{ "type": "sst.aws.Bucket", ... }`: its type and members.
    Object {
        wire_type: String,
        members: &'m [Member],
    },
    /// `import("@cloudflare/workers-types").Service`: as written, and what it is.
    Binding {
        written: &'m str,
        binding: &'static Binding,
    },
}

/// One declaration of a resource: the file it is in, the member, its shape.
struct Decl<'m> {
    file: usize,
    member: &'m Member,
    shape: Shape<'m>,
}

/// Turns every declaration into resources: one per name, the declarations of a name
/// merged or their conflict reported. `decls` index `files`; the first file names the
/// manifest unless every resource comes from one other file.
fn resolve(files: &[SourceFile], decls: &[(usize, Member)]) -> (Manifest, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<Decl<'_>>> = HashMap::new();
    let mut broken: HashSet<&str> = HashSet::new();
    for (file, m) in decls {
        let name = m.key.as_str();
        if !groups.contains_key(name) && !broken.contains(&name) {
            order.push(name);
        }
        match classify(&files[*file], m, &mut diagnostics) {
            Some(shape) => groups.entry(name).or_default().push(Decl {
                file: *file,
                member: m,
                shape,
            }),
            // Reported; its other declarations would only add noise.
            None => {
                broken.insert(name);
            }
        }
    }
    let mut resources: Vec<(LinkedResource, usize)> = Vec::new();
    for name in order {
        if broken.contains(&name) {
            continue;
        }
        if let Some(group) = groups.get(name)
            && let Some(r) = merge(files, group, &mut diagnostics)
        {
            resources.push(r);
        }
    }
    let resources = check_names(files, resources, &mut diagnostics);
    let file = match resources.first() {
        Some((_, f)) if resources.iter().all(|(_, g)| g == f) => files[*f].name(),
        _ => files[0].name(),
    };
    let mut manifest = Manifest::empty(file);
    manifest.resources = resources.into_iter().map(|(r, _)| r).collect();
    (manifest, diagnostics)
}

/// What `m` declares, or `None` with the problem reported.
fn classify<'m>(
    source: &SourceFile,
    m: &'m Member,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Shape<'m>> {
    match &m.ty {
        TsType::Object(members) => {
            let Some(ty) = members.iter().find(|p| p.key == "type") else {
                diagnostics.push(
                    source
                        .diagnostic(m.span.clone(), format!("resource `{}` has no `\"type\"` member", m.key))
                        .about(&m.key)
                        .help("SST writes `\"type\": \"sst.aws.Bucket\"`-style members; regenerate the file with `sst dev` or `sst deploy`"),
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
                        .about(&m.key)
                        .help("SST writes the component type as a string literal; regenerate the file with `sst dev` or `sst deploy`"),
                );
                return None;
            };
            Some(Shape::Object {
                // Links written before SST #6682 spell types with `:` (`sst:aws:Bucket`).
                wire_type: catalogue::normalize_type(wire_type).into_owned(),
                members,
            })
        }
        TsType::Named(name) => {
            let short = name.rsplit('.').next().unwrap_or(name);
            match BINDINGS.iter().find(|b| b.ts == short) {
                Some(binding) => Some(Shape::Binding {
                    written: short,
                    binding,
                }),
                None => {
                    diagnostics.push(unsupported_binding(source, m, name));
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
                    .about(&m.key)
                    .help("SST declares a resource as `{ \"type\": \"...\", <properties> }` or a Cloudflare binding type; regenerate the file with `sst dev` or `sst deploy`"),
            );
            None
        }
    }
}

fn unsupported_binding(source: &SourceFile, m: &Member, name: &str) -> Diagnostic {
    let known: Vec<&str> = BINDINGS
        .iter()
        .filter(|b| b.component.is_some_and(|c| catalogue::lookup(c).is_some()))
        .map(|b| b.ts)
        .collect();
    source
        .diagnostic(
            m.ty_span.clone(),
            format!("binding type `{name}` is not supported"),
        )
        .about(&m.key)
        .help(format!(
            "supported Cloudflare bindings: {}; for another, declare the resource in a links.toml (`sst-resources import`)",
            known.join(", ")
        ))
}

/// One resource from all declarations of one name (in declaration order), and the
/// file of the declaration it is placed at: the first object, else the first
/// binding. A declaration that disagrees with an earlier one is reported and left out.
fn merge(
    files: &[SourceFile],
    group: &[Decl<'_>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(LinkedResource, usize)> {
    let mut object: Option<&Decl<'_>> = None;
    let mut bound: Option<&Decl<'_>> = None;
    for d in group {
        let conflict = match (&d.shape, object, bound) {
            (Shape::Object { .. }, Some(first), _) => {
                (canonical(&first.member.ty) != canonical(&d.member.ty)).then_some(first)
            }
            (Shape::Object { wire_type, .. }, None, Some(b)) => {
                (!brings(wire_type, b)).then_some(b)
            }
            (Shape::Binding { binding, .. }, _, Some(first)) => {
                (binding_of(first).kind != binding.kind).then_some(first)
            }
            (Shape::Binding { .. }, Some(o), None) => {
                let Shape::Object { wire_type, .. } = &o.shape else {
                    unreachable!("`object` holds objects")
                };
                (!brings(wire_type, d)).then_some(o)
            }
            _ => None,
        };
        if let Some(earlier) = conflict {
            diagnostics.push(conflict_diagnostic(files, earlier, d));
            continue;
        }
        match d.shape {
            Shape::Object { .. } if object.is_none() => object = Some(d),
            Shape::Binding { .. } if bound.is_none() => bound = Some(d),
            _ => {}
        }
    }
    match (object, bound) {
        (Some(o), b) => {
            let Shape::Object { wire_type, members } = &o.shape else {
                unreachable!("`object` holds objects")
            };
            let source = &files[o.file];
            let builtin = catalogue::lookup(wire_type);
            let properties = properties(
                source,
                members.iter().filter(|p| p.key != "type"),
                &o.member.key,
                builtin,
                diagnostics,
            );
            let mut r = linked(source, o.member, wire_type.clone(), properties);
            if let Some(b) = b {
                r.binding = Some(binding_of(b).kind.to_owned());
            }
            Some((r, o.file))
        }
        (None, Some(b)) => {
            let source = &files[b.file];
            let Some(builtin) = binding_of(b).component.and_then(catalogue::lookup) else {
                diagnostics.push(unsupported_binding(source, b.member, binding_of(b).ts));
                return None;
            };
            let mut r = linked(
                source,
                b.member,
                builtin.wire_type.to_owned(),
                builtin.properties(),
            );
            r.binding = Some(binding_of(b).kind.to_owned());
            Some((r, b.file))
        }
        (None, None) => None,
    }
}

fn binding_of(d: &Decl<'_>) -> &'static Binding {
    match d.shape {
        Shape::Binding { binding, .. } => binding,
        Shape::Object { .. } => unreachable!("called on binding declarations only"),
    }
}

/// Whether a resource of `wire_type` may bring the binding `b` declares: a built-in
/// type brings its own (or none); a Linkable or a type the catalogue does not know
/// brings whatever its `include` says.
fn brings(wire_type: &str, b: &Decl<'_>) -> bool {
    match catalogue::lookup(wire_type) {
        Some(builtin) if !builtin.custom_properties => builtin.binding == Some(binding_of(b).kind),
        _ => true,
    }
}

/// A declaration's type in one canonical text: members sorted by key, spans and
/// the binding's spelling (`cloudflare.X`, `import("...").X`) left out.
fn canonical(t: &TsType) -> String {
    match t {
        TsType::Object(members) => {
            let mut parts: Vec<String> = members
                .iter()
                .map(|m| format!("{:?}:{}", m.key, canonical(&m.ty)))
                .collect();
            parts.sort();
            format!("{{{}}}", parts.join(";"))
        }
        TsType::Array(item) => format!("{}[]", canonical(item)),
        TsType::Literal(l) => format!("{l:?}"),
        TsType::Named(n) => n.rsplit('.').next().unwrap_or(n).to_owned(),
        other => describe(other),
    }
}

/// `MyBucket` declared as `earlier`, then as `later`, which disagrees.
fn conflict_diagnostic(files: &[SourceFile], earlier: &Decl<'_>, later: &Decl<'_>) -> Diagnostic {
    let place = |d: &Decl<'_>| {
        let (line, _) = files[d.file].line_column(d.member.span.start);
        format!("{}:{line}", files[d.file].name())
    };
    let what = |d: &Decl<'_>| match &d.shape {
        Shape::Object { wire_type, .. } => format!("an object of type \"{wire_type}\""),
        Shape::Binding { written, .. } => format!("a `{written}` binding"),
    };
    let name = &later.member.key;
    let (message, why) = match (&earlier.shape, &later.shape) {
        (Shape::Object { wire_type: a, .. }, Shape::Object { wire_type: b, .. }) if a == b => (
            format!(
                "`{name}` is declared twice with different properties: at {} and at {}",
                place(earlier),
                place(later)
            ),
            "the two declarations must agree".to_owned(),
        ),
        (Shape::Binding { .. }, Shape::Binding { .. })
        | (Shape::Object { .. }, Shape::Object { .. }) => (
            format!(
                "`{name}` is declared twice, differently: as {} at {} and as {} at {}",
                what(earlier),
                place(earlier),
                what(later),
                place(later)
            ),
            "a resource is one component with at most one Cloudflare binding".to_owned(),
        ),
        (Shape::Object { wire_type, .. }, Shape::Binding { .. })
        | (Shape::Binding { .. }, Shape::Object { wire_type, .. }) => {
            let (object, bound) = if matches!(earlier.shape, Shape::Object { .. }) {
                (earlier, later)
            } else {
                (later, earlier)
            };
            let brings = catalogue::lookup(wire_type)
                .and_then(|b| b.binding)
                .and_then(|kind| BINDINGS.iter().find(|b| b.kind == kind))
                .map_or("no Cloudflare binding".to_owned(), |b| {
                    format!("a `{}` binding", b.ts)
                });
            (
                format!(
                    "`{name}` is declared as {} at {} and as {} at {}, which `{wire_type}` does not bring",
                    what(object),
                    place(object),
                    what(bound),
                    place(bound)
                ),
                format!("a `{wire_type}` brings {brings}"),
            )
        }
    };
    files[later.file]
        .diagnostic(later.member.span.clone(), message)
        .about(name)
        .help(format!(
            "{why}: delete the stale declaration, or regenerate the files with `sst dev` or `sst deploy`"
        ))
}

/// The resource `m` declares, of `wire_type`, with `properties`.
fn linked(
    source: &SourceFile,
    m: &Member,
    wire_type: String,
    properties: Vec<Property>,
) -> LinkedResource {
    let (line, _) = source.line_column(m.span.start);
    let field = names::field_name(&m.key);
    let builtin = catalogue::lookup(&wire_type);
    LinkedResource {
        name: m.key.clone(),
        type_name: names::type_name(&field),
        field,
        component: wire_type.clone(),
        permissions: builtin.map(|b| b.permissions()).unwrap_or_default(),
        environment: builtin.map(|b| b.environment()).unwrap_or_default(),
        binding: builtin.and_then(|b| b.binding).map(str::to_owned),
        wire_type,
        properties,
        line,
        span: m.span.clone(),
        grant_line: None,
    }
}

/// The name checks of `links.toml` (valid, not `App`, unique ignoring case, one
/// field and type each), over resources from several files: each problem is
/// placed in the file of the resource it names.
fn check_names(
    files: &[SourceFile],
    resources: Vec<(LinkedResource, usize)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(LinkedResource, usize)> {
    // Each problem is at the name of the resource it is about (its subject).
    let origin: HashMap<String, (usize, Range<usize>)> = resources
        .iter()
        .map(|(r, f)| (r.name.clone(), (*f, r.span.clone())))
        .collect();
    let mut list: Vec<LinkedResource> = resources.into_iter().map(|(r, _)| r).collect();
    let before = diagnostics.len();
    crate::validate::check_names(&files[0], &mut list, diagnostics);
    for d in &mut diagnostics[before..] {
        let place = d.subject.as_ref().and_then(|s| origin.get(s));
        if let Some((f, span)) = place.filter(|(f, _)| *f != 0) {
            let mut placed = files[*f].diagnostic(span.clone(), d.message.clone());
            placed.subject = d.subject.take();
            placed.help = d.help.take();
            placed.severity = d.severity;
            *d = placed;
        }
    }
    list.into_iter()
        .map(|r| {
            let f = origin.get(&r.name).map_or(0, |(f, _)| *f);
            (r, f)
        })
        .collect()
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
                .about(owner)
                .help("a property name needs a letter or digit; read this resource through a links.toml (`sst-resources import`) and drop or rename the property there"),
        );
        return None;
    }
    Some(Property {
        name: p.key.clone(),
        field,
        ty,
        optional: p.optional || def.is_some_and(|d| d.optional),
        secret: def.is_some_and(|d| d.secret),
    })
}

/// The properties of one object's `members`, each once per Rust field: two members
/// that become one field (`a-b`, `a_b`) are an error at the second, as in a
/// links.toml (`validate.rs`).
fn properties<'m>(
    source: &SourceFile,
    members: impl Iterator<Item = &'m Member>,
    owner: &str,
    builtin: Option<&catalogue::ComponentType>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Property> {
    let mut out: Vec<Property> = Vec::new();
    for m in members {
        let Some(p) = property(source, m, owner, builtin, diagnostics) else {
            continue;
        };
        if let Some(other) = out.iter().find(|q| q.field == p.field) {
            diagnostics.push(
                source
                    .diagnostic(
                        m.span.clone(),
                        format!(
                            "properties `{}` and `{}` both become the field `{}`",
                            m.key, other.name, p.field
                        ),
                    )
                    .about(owner)
                    .help("one Rust struct cannot hold both: declare this resource in a links.toml and keep one of them"),
            );
            continue;
        }
        out.push(p);
    }
    out
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
        TsType::Object(members) => {
            PropertyType::Object(properties(source, members.iter(), owner, None, diagnostics))
        }
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
    use crate::ast::MAX_TYPE_DEPTH;
    use grammar::TOO_DEEP;

    fn parse(text: &str) -> (Manifest, Vec<Diagnostic>) {
        read(&SourceFile::new("sst-env.d.ts", text))
    }

    /// A resource `A` whose property `x` is `ty`.
    fn one_property(ty: &str) -> String {
        format!(
            "declare module \"sst\" {{\n  export interface Resource {{\n    \"A\": {{ \"type\": \"sst.sst.Linkable\"; \"x\": {ty} }}\n  }}\n}}\n"
        )
    }

    #[test]
    fn types_nest_at_most_max_type_depth_levels() {
        // Found probing the fuzz targets: 20,000 nested objects overflowed the parser's stack,
        // 3,000 `[]` took the macro seconds (and `types` overflowed at 250).
        let nested = |objects: usize, arrays: usize| {
            format!(
                "{}string{}{}",
                "{ \"a\": ".repeat(objects),
                " }".repeat(objects),
                "[]".repeat(arrays)
            )
        };
        for (objects, arrays) in [(MAX_TYPE_DEPTH, 0), (0, MAX_TYPE_DEPTH), (16, 16)] {
            let (m, d) = parse(&one_property(&nested(objects, arrays)));
            assert!(d.is_empty(), "{objects} {arrays}: {d:#?}");
            assert_eq!(m.resources.len(), 1);
        }
        for (objects, arrays) in [
            (MAX_TYPE_DEPTH + 1, 0),
            (0, MAX_TYPE_DEPTH + 1),
            (16, 17),
            (100_000, 0),
            (0, 100_000),
        ] {
            let (_, d) = parse(&one_property(&nested(objects, arrays)));
            assert_eq!(d.len(), 1, "{objects} {arrays}: {d:#?}");
            assert!(d[0].message.contains(TOO_DEEP), "{}", d[0].message);
        }
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

    /// `"Api"` declared in the `Resource` interface of each block: `first`, `second`.
    fn twice(first: &str, second: &str) -> (Manifest, Vec<Diagnostic>) {
        parse(&format!(
            "declare module \"sst\" {{\n  export interface Resource {{\n    \"Api\": {first}\n  }}\n}}\n// cloudflare \ndeclare module \"sst\" {{\n  export interface Resource {{\n    \"Api\": {second}\n  }}\n}}\n"
        ))
    }

    const WORKER: &str =
        "{\n      \"type\": \"sst.cloudflare.Worker\"\n      \"url\": string\n    }";

    #[test]
    fn an_object_and_its_binding_merge_into_one_resource() {
        // SST from June to July 2024: a Worker at the app's root rewrote the root file
        // with every link, then its bindings again.
        let (m, d) = parse(include_str!(
            "../../tests/fixtures/sst-env/2024-06/sst-env.d.ts"
        ));
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(m.resources.len(), 5);
        let api = m.resource("Api").unwrap();
        assert_eq!(api.wire_type, "sst.cloudflare.Worker");
        assert_eq!(api.properties.len(), 1);
        assert_eq!(api.properties[0].name, "url");
        assert_eq!(api.binding.as_deref(), Some("serviceBindings"));
        // Placed at the object: line 6, not the binding's line 30.
        assert_eq!(api.line, 6);
        let uploads = m.resource("Uploads").unwrap();
        assert_eq!(uploads.binding.as_deref(), Some("r2BucketBindings"));
        assert_eq!(uploads.properties[0].name, "name");

        // Either order, either spelling of the binding.
        for (a, b) in [
            (WORKER, "import(\"@cloudflare/workers-types\").Service"),
            ("cloudflare.Service", WORKER),
        ] {
            let (m, d) = twice(a, b);
            assert!(d.is_empty(), "{d:#?}");
            assert_eq!(m.resources.len(), 1);
            let api = &m.resources[0];
            assert_eq!(
                (api.binding.as_deref(), api.properties.len()),
                (Some("serviceBindings"), 1)
            );
        }

        // A Linkable brings whatever binding its `include` says.
        let (m, d) = twice(
            "{ \"type\": \"sst.sst.Linkable\"; \"bucketName\": string }",
            "cloudflare.R2Bucket",
        );
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(m.resources[0].binding.as_deref(), Some("r2BucketBindings"));
        assert_eq!(m.resources[0].wire_type, "sst.sst.Linkable");

        // The same declaration twice (TypeScript allows it) is one resource.
        let (m, d) = twice(WORKER, WORKER);
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(m.resources.len(), 1);
        let (m, d) = twice("cloudflare.Service", "import(\"x\").Service");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(m.resources[0].binding.as_deref(), Some("serviceBindings"));
    }

    #[test]
    fn declarations_that_disagree_are_an_error_naming_both_lines() {
        let (m, d) = twice(
            "{ \"type\": \"sst.aws.Bucket\"; \"name\": string }",
            "cloudflare.KVNamespace",
        );
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].location(), "sst-env.d.ts:9:5");
        assert_eq!(
            d[0].message,
            "`Api` is declared as an object of type \"sst.aws.Bucket\" at sst-env.d.ts:3 and as a `KVNamespace` binding at sst-env.d.ts:9, which `sst.aws.Bucket` does not bring"
        );
        assert_eq!(d[0].subject.as_deref(), Some("Api"));
        // The first declaration stands, so the rest of the crate still compiles.
        assert_eq!(m.resources[0].wire_type, "sst.aws.Bucket");

        let (_, d) = twice("cloudflare.R2Bucket", WORKER);
        assert_eq!(
            d[0].message,
            "`Api` is declared as an object of type \"sst.cloudflare.Worker\" at sst-env.d.ts:9 and as a `R2Bucket` binding at sst-env.d.ts:3, which `sst.cloudflare.Worker` does not bring"
        );
        assert_eq!(
            d[0].help.as_deref(),
            Some(
                "a `sst.cloudflare.Worker` brings a `Service` binding: delete the stale declaration, or regenerate the files with `sst dev` or `sst deploy`"
            )
        );

        // (`WORKER` takes four lines.)
        let (_, d) = twice(WORKER, "{ \"type\": \"sst.cloudflare.Worker\" }");
        assert_eq!(
            d[0].message,
            "`Api` is declared twice with different properties: at sst-env.d.ts:3 and at sst-env.d.ts:12"
        );
        let (_, d) = twice(
            WORKER,
            "{ \"type\": \"sst.aws.Function\"; \"url\": string }",
        );
        assert_eq!(
            d[0].message,
            "`Api` is declared twice, differently: as an object of type \"sst.cloudflare.Worker\" at sst-env.d.ts:3 and as an object of type \"sst.aws.Function\" at sst-env.d.ts:12"
        );
        let (m, d) = twice("cloudflare.Service", "cloudflare.Queue");
        assert_eq!(
            d[0].message,
            "`Api` is declared twice, differently: as a `Service` binding at sst-env.d.ts:3 and as a `Queue` binding at sst-env.d.ts:9"
        );
        assert_eq!(m.resources[0].wire_type, "sst.cloudflare.Worker");
        for d in &d {
            let text = d.render();
            assert!(text.contains("help: "), "{text}");
        }
    }

    #[test]
    fn every_layout_sst_has_written_reads_as_text() {
        // Headers (tslint, eslint, deno-fmt, biome), `import "sst"` and `export {}`
        // before or after the blocks, `import * as cloudflare`, the `// cloudflare`
        // block, the root file's trailing self-reference, and a package's file that is
        // only a reference (nothing declared until the reference is followed).
        let files: [(&str, &str, usize); 12] = [
            (
                "2026-04",
                include_str!("../../tests/fixtures/sst-env/2026-04/sst-env.d.ts"),
                5,
            ),
            (
                "2026-04 web",
                include_str!("../../tests/fixtures/sst-env/2026-04/packages/web/sst-env.d.ts"),
                0,
            ),
            (
                "2026-04 worker",
                include_str!("../../tests/fixtures/sst-env/2026-04/packages/worker/sst-env.d.ts"),
                0,
            ),
            (
                "2026-01",
                include_str!("../../tests/fixtures/sst-env/2026-01/sst-env.d.ts"),
                5,
            ),
            (
                "2026-01 web",
                include_str!("../../tests/fixtures/sst-env/2026-01/packages/web/sst-env.d.ts"),
                0,
            ),
            (
                "2026-01 worker",
                include_str!("../../tests/fixtures/sst-env/2026-01/packages/worker/sst-env.d.ts"),
                5,
            ),
            (
                "2024-10",
                include_str!("../../tests/fixtures/sst-env/2024-10/sst-env.d.ts"),
                5,
            ),
            (
                "2024-10 worker",
                include_str!("../../tests/fixtures/sst-env/2024-10/packages/worker/sst-env.d.ts"),
                5,
            ),
            (
                "2024-08",
                include_str!("../../tests/fixtures/sst-env/2024-08/sst-env.d.ts"),
                5,
            ),
            (
                "2024-08 web",
                include_str!("../../tests/fixtures/sst-env/2024-08/packages/web/sst-env.d.ts"),
                0,
            ),
            (
                "2024-08 worker",
                include_str!("../../tests/fixtures/sst-env/2024-08/packages/worker/sst-env.d.ts"),
                2,
            ),
            (
                "2024-06",
                include_str!("../../tests/fixtures/sst-env/2024-06/sst-env.d.ts"),
                5,
            ),
        ];
        for (layout, text, count) in files {
            let (m, d) = parse(text);
            assert!(d.is_empty(), "{layout}: {d:#?}");
            assert_eq!(m.resources.len(), count, "{layout}");
            // Windows line endings and a byte-order mark read the same.
            let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
            let (again, d) = parse(&crlf);
            assert!(d.is_empty(), "{layout} (CRLF): {d:#?}");
            assert_eq!(again.resources.len(), count, "{layout} (CRLF)");
        }
        assert_eq!(
            references(include_str!(
                "../../tests/fixtures/sst-env/2026-04/packages/web/sst-env.d.ts"
            )),
            ["../../sst-env.d.ts"]
        );
        // After the first statement a reference is a comment.
        assert!(
            references(include_str!(
                "../../tests/fixtures/sst-env/2026-01/sst-env.d.ts"
            ))
            .is_empty()
        );
        // Any case, either quote, other `///` lines left alone, as TypeScript reads them.
        assert_eq!(
            references(
                "/// <reference types=\"node\" />\n///<REFERENCE Path = '../a.d.ts'/>\n/// <reference path=\"b.d.ts\"\n"
            ),
            ["../a.d.ts"]
        );
    }

    fn references(text: &str) -> Vec<String> {
        super::parse(&SourceFile::new("sst-env.d.ts", text))
            .expect("parses")
            .references
            .into_iter()
            .map(|r| r.path)
            .collect()
    }

    #[test]
    fn non_ascii_names_parse_as_typescript_identifiers() {
        let (m, d) = parse(
            "declare module \"sst\" {\n  export interface Resource {\n    Café: { type: \"sst.sst.Linkable\"; prix_€: string }\n  }\n}\n",
        );
        // `€` is no identifier character: the error is at it, a whole character wide.
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!((d[0].line, d[0].column), (3, 44));
        assert_eq!(d[0].span.len(), '€'.len_utf8());
        assert!(m.resources.is_empty());
        let text = d[0].render();
        assert!(text.contains("sst-env.d.ts:3:44"), "{text}");

        let (m, d) = parse(
            "declare module \"sst\" {\n  export interface Resource {\n    Café: { type: \"sst.sst.Linkable\"; naïve: string; $ü_\u{200c}x: number }\n    \"Straße\": { \"type\": \"sst.aws.Bucket\"; \"name\": string }\n  }\n}\n",
        );
        assert!(d.is_empty(), "{d:#?}");
        let cafe = m.resource("Café").unwrap();
        assert_eq!(
            (cafe.field.as_str(), cafe.type_name.as_str()),
            ("café", "Café")
        );
        assert_eq!(cafe.properties[0].name, "naïve");
        assert_eq!(cafe.properties[1].name, "$ü_\u{200c}x");
        assert!(m.resource("Straße").is_some());
    }

    #[test]
    fn a_syntax_error_just_after_a_multi_byte_character_renders() {
        // Before: `Café` stopped at `é`, and the span `é`'s first byte + 1 ended inside
        // it; annotate-snippets panicked on it inside the proc-macro.
        for text in [
            "declare module \"sst\" {\n  export interface Resource {\n    Café€: { type: \"sst.aws.Bucket\" }\n  }\n}\n",
            "declare module \"sst\" {\n  export interface Resource {\n    \"Café\": { type: \"sst.aws.Bucket\" } é\n  }\n}\n",
            "declare module \"sst\" {\n  export interface Resource {\n    A: import(\"x\").Café名前 🎉\n  }\n}\n",
            "declare module \"sst\" {\n  export interface Resource {\n    A: { type: \"é",
            "🎉",
            "declare module \"sst\" { export interface Resource { A: { type: \"sst.aws.Bucket\" } } } 名",
        ] {
            let (_, d) = parse(text);
            assert_eq!(d.len(), 1, "{text}: {d:#?}");
            let d = &d[0];
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            let rendered = d.render();
            assert!(rendered.contains(&d.location()), "{rendered}");
            assert!(rendered.contains('^') || d.span.is_empty(), "{rendered}");
        }
        let (_, d) = parse(
            "declare module \"sst\" {\n  export interface Resource {\n    Café€: { type: \"sst.aws.Bucket\" }\n  }\n}\n",
        );
        assert_eq!(d[0].location(), "sst-env.d.ts:3:9");
        assert!(d[0].render().contains("        ^"), "{}", d[0].render());
    }
}
