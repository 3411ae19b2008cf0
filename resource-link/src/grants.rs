//! Where SST grants a function more than its code calls (`check --deployed`): for
//! each resource a function links that has a typed handle, the actions SST's link
//! grants beside those the calls its binary records ([`crate::calls`]) need; and, for
//! each component type where SST grants more, the change that narrows it: an
//! `sst.Linkable.wrap` for `sst.config.ts` granting what every Rust function's calls
//! on that type need, and the links.toml `[types]` entry that mirrors it.
//!
//! SST's grant is the LinkRef's `include` where the stage's record holds one (what
//! `sst deploy` gave the function, a `Linkable.wrap` included), else links.toml's
//! (a built-in type's default or its `[types]` entry), each `when` guard decided by the
//! link's deployed values as [`crate::policy::policy`] decides it. Actions are
//! compared, not ARNs: a grant is on the resource's own ARNs. A wildcard grants more
//! when some action AWS defines that it matches ([`crate::iam::matching`]) is one the
//! code does not call.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde_json::Value;

use crate::calls::Call;
use crate::deployed::Record;
use crate::values::Links;
use crate::write::quote;
use resource_manifest::operations::{self, Operation, action_matches};
use resource_manifest::{Diagnostic, Effect, LinkedResource, Manifest, SourceFile, catalogue};

/// A function whose binary was read: the calls it records.
#[derive(Debug, Clone)]
pub struct Code<'m> {
    /// The function, as links.toml names it.
    pub function: &'m str,
    /// Its distinct calls ([`crate::calls::calls`]).
    pub calls: Vec<Call<'m>>,
}

/// What [`over_grants`] found.
#[derive(Debug, Clone, Default)]
pub struct OverGrants {
    /// One per function and resource where SST grants more than the code calls, at
    /// the resource's `[resources.X]` in links.toml.
    pub warnings: Vec<Diagnostic>,
    /// One per component type with a warning: the `note:` with the `sst.config.ts`
    /// change and the links.toml `[types]` entry.
    pub changes: Vec<String>,
}

/// How `sst.config.ts` names one component type, for its `sst.Linkable.wrap`.
struct Wrap {
    /// The component (`sst.aws.Bucket`), as the operations table names it.
    component: &'static str,
    /// The callback's parameter (`bucket`).
    var: &'static str,
    /// The ARN template of the resource's `arn` output (`arn:{partition}:s3:::{name}`):
    /// the operations table's templates are this, or this and a suffix.
    arn: &'static str,
    /// What the wrap links, as SST's `getSSTLink()` does: `properties: ...`.
    properties: &'static str,
    /// Lines before the wrap (`const ... = ...;`), when `properties` needs them.
    before: &'static str,
}

/// Each component with a typed handle: its `arn` output (each `public get arn()` in
/// `platform/src/components/aws/{bucket,dynamo,queue,sns-topic,bus,function}.ts` of
/// `github:anomalyco/sst`) and the properties its `getSSTLink()` links.
const WRAPS: &[Wrap] = &[
    Wrap {
        component: "sst.aws.Bucket",
        var: "bucket",
        arn: "arn:{partition}:s3:::{name}",
        properties: "properties: { name: bucket.name },",
        before: "",
    },
    Wrap {
        component: "sst.aws.Dynamo",
        var: "table",
        arn: "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
        properties: "properties: { name: table.name },",
        before: "",
    },
    Wrap {
        component: "sst.aws.Queue",
        var: "queue",
        arn: "arn:{partition}:sqs:{url:queue-region}:{url:queue-account}:{url:last}",
        properties: "properties: { url: queue.url },",
        before: "",
    },
    Wrap {
        component: "sst.aws.SnsTopic",
        var: "topic",
        arn: "{arn}",
        properties: "properties: { arn: topic.arn },",
        before: "",
    },
    Wrap {
        component: "sst.aws.Bus",
        var: "bus",
        arn: "{arn}",
        properties: "properties: { name: bus.name, arn: bus.arn },",
        before: "",
    },
    // `fn.url` throws for a function without a URL, and a durable one links its
    // `qualifier` (a private field): SST's own link gives its properties.
    Wrap {
        component: "sst.aws.Function",
        var: "fn",
        arn: "arn:{partition}:lambda:{region}:{account}:function:{name}",
        properties: "properties: functionLink.call(fn).properties, // SST's own: name, url, qualifier",
        before: "const functionLink = sst.aws.Function.prototype.getSSTLink;\n",
    },
];

fn wrap_of(component: &str) -> Option<&'static Wrap> {
    WRAPS.iter().find(|w| w.component == component)
}

/// `template` (an operation's ARN) as an SST interpolation of the wrap's resource:
/// `bucket.arn`, `` $interpolate`${bucket.arn}/*` ``.
fn interpolation(w: &Wrap, template: &str) -> String {
    match template.strip_prefix(w.arn) {
        Some("") => format!("{}.arn", w.var),
        Some(suffix) => format!("$interpolate`${{{}.arn}}{suffix}`", w.var),
        None => unreachable!(
            "{}: `{template}` is not under `{}` (tested)",
            w.component, w.arn
        ),
    }
}

/// The component whose handle `r` has (`sst.aws.Bucket`), if any.
fn handled(r: &LinkedResource) -> Option<&'static str> {
    let ty = catalogue::lookup(&r.component)?;
    operations::of_component(ty.name)?;
    wrap_of(ty.name).map(|w| w.component)
}

/// The actions SST grants a link of `r`: (allowed, denied), as written.
fn granted(r: &LinkedResource, record: &Record, links: &Links) -> (Vec<String>, Vec<String>) {
    let (mut allow, mut deny) = (Vec::new(), Vec::new());
    if let Some(includes) = record.includes.get(&r.name) {
        for include in includes {
            if include.get("type").and_then(Value::as_str) != Some("aws.permission") {
                continue;
            }
            let denies = include
                .get("effect")
                .and_then(Value::as_str)
                .is_some_and(|e| e.eq_ignore_ascii_case("deny"));
            let actions = include
                .get("actions")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned);
            if denies {
                deny.extend(actions);
            } else {
                allow.extend(actions);
            }
        }
    } else {
        let values = links.get(&r.name);
        for p in r
            .permissions
            .iter()
            .filter(|p| crate::policy::applies(p, values))
        {
            match p.effect {
                Effect::Allow => allow.extend(p.actions.iter().cloned()),
                Effect::Deny => deny.extend(p.actions.iter().cloned()),
            }
        }
    }
    let mut seen = BTreeSet::new();
    allow.retain(|a| seen.insert(a.clone()));
    (allow, deny)
}

/// Whether `allow` (less `deny`) grants an action `needed` lacks: an action written
/// out that is not needed, or a wildcard matching one AWS defines.
fn grants_more(allow: &[String], deny: &[String], needed: &BTreeSet<&str>) -> bool {
    let is_needed = |a: &str| needed.iter().any(|n| n.eq_ignore_ascii_case(a));
    let denied = |a: &str| deny.iter().any(|d| action_matches(d, a));
    allow.iter().any(|pattern| {
        let actions = if pattern.contains(['*', '?']) {
            crate::iam::matching(pattern)
        } else {
            vec![pattern.clone()]
        };
        actions.iter().any(|a| !is_needed(a) && !denied(a))
    })
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn listed<S: AsRef<str>>(items: &[S]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{}`", i.as_ref())).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// Every place SST grants a function of `code` more than its calls need, and the
/// change per component type. `unread` are the functions whose binary was not read
/// (not found, recording nothing, not of this links.toml): a type they link gets a
/// change that may miss what they call, and says so. Functions neither in `code` nor
/// in `unread` (no `handler`, no `--binary`) that link a resource of a type with a
/// change are named too: the wrap narrows their grant as well.
pub fn over_grants(
    manifest: &Manifest,
    file: &SourceFile,
    record: &Record,
    links: &Links,
    code: &[Code<'_>],
    unread: &[&str],
) -> OverGrants {
    let mut out = OverGrants::default();
    // Per component: each ARN template with the actions the calls need on it, and
    // what was called (function, operation, resource).
    let mut needs: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    let mut called: BTreeMap<&str, Vec<(&str, &str, &str)>> = BTreeMap::new();
    let mut warned: BTreeSet<&str> = BTreeSet::new();
    for c in code {
        let Some(f) = manifest.function(c.function) else {
            continue;
        };
        for r in manifest.linked_to(Some(f)) {
            let Some(component) = handled(r) else {
                continue;
            };
            let ops: Vec<&Operation> = c
                .calls
                .iter()
                .filter(|call| call.resource.name == r.name)
                .map(|call| call.operation)
                .collect();
            let entry = needs.entry(component).or_default();
            let mut needed: BTreeSet<&str> = BTreeSet::new();
            for op in &ops {
                for &(action, template) in op.needs {
                    entry.entry(template).or_default().insert(action);
                    needed.insert(action);
                }
                called
                    .entry(component)
                    .or_default()
                    .push((c.function, op.name, &r.name));
            }
            let (allow, deny) = granted(r, record, links);
            if !grants_more(&allow, &deny, &needed) {
                continue;
            }
            warned.insert(component);
            let what = if ops.is_empty() {
                "its code calls no handle of it".to_owned()
            } else {
                let names: Vec<&str> = ops.iter().map(|o| o.name).collect();
                let actions: Vec<&str> = needed.iter().copied().collect();
                format!(
                    "its code calls only {} there, which {} {}",
                    listed(&names),
                    if names.len() == 1 { "needs" } else { "need" },
                    listed(&actions)
                )
            };
            let help = if ops.is_empty() {
                format!(
                    "if `{}` does not use `{}`, remove it from the function's `link` in sst.config.ts and from [functions.{}] link; else narrow what linking an `{component}` grants with the `sst.Linkable.wrap` below",
                    c.function, r.name, c.function
                )
            } else {
                format!(
                    "narrow what linking an `{component}` grants, in sst.config.ts: the `sst.Linkable.wrap` below"
                )
            };
            out.warnings.push(
                file.diagnostic(
                    r.span.clone(),
                    format!(
                        "SST grants `{}` {} on `{}`, but {what}",
                        c.function,
                        listed(&allow),
                        r.name
                    ),
                )
                .about(&r.name)
                .help(help)
                .warning(),
            );
        }
    }
    for component in warned {
        let w = wrap_of(component).expect("a handled component");
        let of_type = |f: &resource_manifest::Function| {
            manifest
                .linked_to(Some(f))
                .iter()
                .any(|r| handled(r) == Some(component))
        };
        let missing: Vec<&str> = unread
            .iter()
            .copied()
            .filter(|name| manifest.function(name).is_some_and(of_type))
            .collect();
        let others: Vec<&str> = manifest
            .functions
            .iter()
            .filter(|f| of_type(f))
            .map(|f| f.name.as_str())
            .filter(|name| !missing.contains(name) && !code.iter().any(|c| c.function == *name))
            .collect();
        out.changes.push(change(
            w,
            needs.get(component).cloned().unwrap_or_default(),
            called.get(component).cloned().unwrap_or_default(),
            &missing,
            &others,
        ));
    }
    out
}

/// The `note:` for one component type: the wrap granting `needs` (ARN template ->
/// actions), and its links.toml counterpart.
fn change(
    w: &Wrap,
    needs: BTreeMap<&str, BTreeSet<&str>>,
    called: Vec<(&str, &str, &str)>,
    missing: &[&str],
    others: &[&str],
) -> String {
    // ARNs needing the same actions share a permission, as in the derived policy.
    let mut grants: BTreeMap<BTreeSet<&str>, Vec<&str>> = BTreeMap::new();
    for (template, actions) in needs {
        grants.entry(actions).or_default().push(template);
    }
    let component = w.component;
    let mut out = String::new();
    // Each function's operations on each resource, in the order called.
    let mut by_pair: Vec<((&str, &str), Vec<&str>)> = Vec::new();
    for (f, op, r) in called {
        match by_pair.iter_mut().find(|(pair, _)| *pair == (f, r)) {
            Some((_, ops)) if !ops.contains(&op) => ops.push(op),
            Some(_) => {}
            None => by_pair.push(((f, r), vec![op])),
        }
    }
    let what = if by_pair.is_empty() {
        "to grant nothing (the Rust code calls no handle of one)".to_owned()
    } else {
        let calls: Vec<String> = by_pair
            .iter()
            .map(|((f, r), ops)| format!("`{f}`: {} on `{r}`", listed(ops)))
            .collect();
        format!(
            "to grant only what the Rust code calls ({})",
            calls.join("; ")
        )
    };
    let _ = writeln!(
        out,
        "note: what linking an `{component}` grants is set per type, app-wide: {what}, at the start of `run()` in sst.config.ts:\n"
    );
    let pad = "    ";
    for line in w.before.lines() {
        let _ = writeln!(out, "{pad}{line}");
    }
    let _ = writeln!(
        out,
        "{pad}sst.Linkable.wrap({component}, ({}) => ({{",
        w.var
    );
    let _ = writeln!(out, "{pad}  {}", w.properties);
    if grants.is_empty() {
        let _ = writeln!(out, "{pad}  include: [],");
    } else {
        let _ = writeln!(out, "{pad}  include: [");
        for (actions, templates) in &grants {
            let actions: Vec<String> = actions.iter().map(|a| format!("\"{a}\"")).collect();
            let resources: Vec<String> = templates.iter().map(|t| interpolation(w, t)).collect();
            let _ = writeln!(out, "{pad}    sst.aws.permission({{");
            let _ = writeln!(out, "{pad}      actions: [{}],", actions.join(", "));
            let _ = writeln!(out, "{pad}      resources: [{}],", resources.join(", "));
            let _ = writeln!(out, "{pad}    }}),");
        }
        let _ = writeln!(out, "{pad}  ],");
    }
    let _ = writeln!(out, "{pad}}}));");
    let _ = writeln!(
        out,
        "\n  and in links.toml, to which the compiler holds each call:\n"
    );
    let _ = writeln!(out, "{pad}[types.{}]", quote(component));
    let entries: Vec<String> = grants
        .iter()
        .map(|(actions, templates)| {
            let actions: Vec<String> = actions.iter().map(|a| quote(a)).collect();
            let resources: Vec<String> = templates.iter().map(|t| quote(t)).collect();
            format!(
                "{{ actions = [{}], resources = [{}] }}",
                actions.join(", "),
                resources.join(", ")
            )
        })
        .collect();
    match entries.as_slice() {
        [] => {
            let _ = writeln!(out, "{pad}permissions = []");
        }
        [one] => {
            let _ = writeln!(out, "{pad}permissions = [{one}]");
        }
        many => {
            let _ = writeln!(out, "{pad}permissions = [");
            for e in many {
                let _ = writeln!(out, "{pad}  {e},");
            }
            let _ = writeln!(out, "{pad}]");
        }
    }
    if !missing.is_empty() {
        let _ = writeln!(
            out,
            "\n  It leaves out what {} {} on them: no binary of {} was read (build {}, then check again).",
            listed(missing),
            if missing.len() == 1 { "calls" } else { "call" },
            if missing.len() == 1 { "it" } else { "theirs" },
            if missing.len() == 1 { "it" } else { "them" },
        );
    }
    if !others.is_empty() {
        let _ = writeln!(
            out,
            "\n  It narrows the grant of {} too, whose code is not read here (no `handler` in links.toml, no --binary): add what {} {}.",
            listed(others),
            if others.len() == 1 { "it" } else { "they" },
            if others.len() == 1 { "needs" } else { "need" },
        );
    }
    out.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use resource_manifest::parse_str;
    use serde_json::json;

    #[test]
    fn every_component_with_a_handle_has_a_wrap_and_every_arn_an_interpolation() {
        for op in operations::OPERATIONS {
            let w = wrap_of(op.component).expect(op.component);
            for &(_, template) in op.needs {
                let shown = interpolation(w, template);
                assert!(shown.contains(&format!("{}.arn", w.var)), "{shown}");
            }
        }
        // The wrap links what SST's getSSTLink() links: the catalogue's properties.
        for w in WRAPS {
            let ty = catalogue::lookup(w.component).expect(w.component);
            if w.before.is_empty() {
                for p in ty.properties {
                    assert!(
                        w.properties
                            .contains(&format!("{}: {}.{}", p.name, w.var, p.name)),
                        "{}: {}",
                        w.component,
                        p.name
                    );
                }
                assert_eq!(w.properties.matches(':').count(), ty.properties.len() + 1);
            }
        }
    }

    #[test]
    fn wildcards_grant_more_unless_every_action_they_match_is_needed() {
        let needed: BTreeSet<&str> = ["s3:PutObject"].into();
        let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
        assert!(grants_more(&s(&["s3:*"]), &[], &needed));
        assert!(!grants_more(&s(&["S3:putobject"]), &[], &needed));
        assert!(grants_more(
            &s(&["s3:PutObject", "s3:GetObject"]),
            &[],
            &needed
        ));
        // `s3:PutObject*` also matches PutObjectAcl, PutObjectTagging...
        assert!(grants_more(&s(&["s3:PutObject*"]), &[], &needed));
        // ...unless they are denied.
        assert!(!grants_more(
            &s(&["s3:PutObject*"]),
            &s(&[
                "s3:PutObjectA*",
                "s3:PutObjectL*",
                "s3:PutObjectR*",
                "s3:PutObjectT*",
                "s3:PutObjectV*"
            ]),
            &needed
        ));
        assert!(!grants_more(&[], &[], &needed));
    }

    const LINKS: &str = r#"[resources.Uploads]
type = "sst.aws.Bucket"

[resources.Archive]
type = "sst.aws.Bucket"

[resources.Orders]
type = "sst.aws.Dynamo"

[resources.Key]
type = "sst.Secret"

[functions.Api]
link = ["Uploads", "Orders", "Key"]

[functions.Reports]
link = ["Archive", "Orders"]

[functions.Web]
link = ["Uploads"]
"#;

    fn links() -> Links {
        [
            ("Uploads".to_owned(), json!({"name": "u"})),
            ("Archive".to_owned(), json!({"name": "a"})),
            ("Orders".to_owned(), json!({"name": "o"})),
        ]
        .into()
    }

    fn op(name: &str) -> &'static Operation {
        operations::OPERATIONS
            .iter()
            .find(|o| o.name == name)
            .unwrap()
    }

    fn call<'m>(m: &'m Manifest, name: &str, resource: &str) -> Call<'m> {
        Call {
            resource: m.resources.iter().find(|r| r.name == resource).unwrap(),
            operation: op(name),
        }
    }

    #[test]
    fn the_union_of_every_rust_function_s_calls_per_type() {
        let m = parse_str("links.toml", LINKS).unwrap();
        let file = SourceFile::new("links.toml", LINKS);
        let code = [
            Code {
                function: "Api",
                calls: vec![
                    call(&m, "PutObject", "Uploads"),
                    call(&m, "GetItem", "Orders"),
                    call(&m, "Query", "Orders"),
                ],
            },
            Code {
                function: "Reports",
                calls: vec![
                    call(&m, "GetObject", "Archive"),
                    call(&m, "ListObjectsV2", "Archive"),
                ],
            },
        ];
        let got = over_grants(&m, &file, &Record::default(), &links(), &code, &[]);
        let messages: Vec<&str> = got.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "SST grants `Api` `s3:*` on `Uploads`, but its code calls only `PutObject` there, which needs `s3:PutObject`",
                "SST grants `Api` `dynamodb:*` on `Orders`, but its code calls only `GetItem` and `Query` there, which need `dynamodb:GetItem` and `dynamodb:Query`",
                "SST grants `Reports` `s3:*` on `Archive`, but its code calls only `GetObject` and `ListObjectsV2` there, which need `s3:GetObject` and `s3:ListBucket`",
                "SST grants `Reports` `dynamodb:*` on `Orders`, but its code calls no handle of it",
            ]
        );
        assert_eq!(got.changes.len(), 2);
        let bucket = &got.changes[0];
        assert!(
            bucket.contains(
                "actions: [\"s3:GetObject\", \"s3:PutObject\"],\n          resources: [$interpolate`${bucket.arn}/*`],"
            ) && bucket.contains(
                "actions: [\"s3:ListBucket\"],\n          resources: [bucket.arn],"
            ),
            "{bucket}"
        );
        assert!(
            bucket.contains("to grant only what the Rust code calls (`Api`: `PutObject` on `Uploads`; `Reports`: `GetObject` and `ListObjectsV2` on `Archive`), at the start"),
            "{bucket}"
        );
        // Web links a bucket and has no binary read: the wrap narrows it too.
        assert!(
            bucket.contains("It narrows the grant of `Web` too"),
            "{bucket}"
        );
        let table = &got.changes[1];
        assert!(
            table.contains(
                "actions: [\"dynamodb:GetItem\", \"dynamodb:Query\"],\n          resources: [table.arn],"
            ) && table.contains(
                "actions: [\"dynamodb:Query\"],\n          resources: [$interpolate`${table.arn}/index/*`],"
            ),
            "{table}"
        );
        assert!(
            table.contains("{ actions = [\"dynamodb:GetItem\", \"dynamodb:Query\"], resources = [\"arn:{partition}:dynamodb:{region}:{account}:table/{name}\"] },"),
            "{table}"
        );
        assert!(!table.contains("Web"), "{table}");
    }

    #[test]
    fn a_narrowed_grant_is_not_warned_and_the_record_s_include_is_sst_s_grant() {
        let m = parse_str("links.toml", LINKS).unwrap();
        let file = SourceFile::new("links.toml", LINKS);
        let code = [Code {
            function: "Web",
            calls: vec![call(&m, "PutObject", "Uploads")],
        }];
        let mut record = Record::default();
        // As `sst.Linkable.wrap` leaves the LinkRef.
        record.includes.insert(
            "Uploads".into(),
            vec![
                json!({"type": "environment", "env": {"A": "b"}}),
                json!({"type": "aws.permission", "actions": ["s3:PutObject"], "resources": ["arn:aws:s3:::u/*"]}),
            ],
        );
        let got = over_grants(&m, &file, &record, &links(), &code, &[]);
        assert!(got.warnings.is_empty(), "{:?}", got.warnings);
        assert!(got.changes.is_empty());
        // SST's default, recorded: warned, with what the other functions lack.
        record.includes.insert(
            "Uploads".into(),
            vec![json!({"type": "aws.permission", "actions": ["s3:*"], "resources": ["arn:aws:s3:::u", "arn:aws:s3:::u/*"]})],
        );
        let got = over_grants(&m, &file, &record, &links(), &code, &["Api"]);
        assert_eq!(got.warnings.len(), 1);
        assert!(
            got.changes[0]
                .contains("It leaves out what `Api` calls on them: no binary of it was read"),
            "{}",
            got.changes[0]
        );
    }
}
