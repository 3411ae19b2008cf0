//! Writes a [`Manifest`] as `links.toml`: what `sst-resources import` prints for an
//! `sst-env.d.ts`, so a team can go on to add `[functions.*]` link sets. Owns the
//! TOML form only; reading it back gives the same resources (tested on the corpus).

use std::collections::BTreeMap;
use std::fmt::Write;

use resource_manifest::catalogue;
use resource_manifest::names;
use resource_manifest::{LinkedResource, Manifest, Property, PropertyType};

/// The manifest as `links.toml` text.
pub fn to_toml(manifest: &Manifest) -> String {
    let mut out = String::new();
    if let Some(name) = &manifest.app_name {
        let _ = writeln!(out, "[app]\nname = {}\n", quote(name));
    }
    // Types whose properties cannot be the catalogue's: per type, the union of what
    // its resources link; a property some resources lack becomes optional.
    let needs_type = |r: &LinkedResource| match catalogue::lookup(&r.wire_type) {
        Some(b) if b.custom_properties => false,
        Some(b) => b.properties() != r.properties,
        None => true,
    };
    let mut types: BTreeMap<&str, Vec<&LinkedResource>> = BTreeMap::new();
    for r in manifest.resources.iter().filter(|r| needs_type(r)) {
        types.entry(r.wire_type.as_str()).or_default();
    }
    for r in &manifest.resources {
        if let Some(all) = types.get_mut(r.wire_type.as_str()) {
            all.push(r);
        }
    }
    for r in &manifest.resources {
        let builtin = catalogue::lookup(&r.wire_type);
        let _ = writeln!(out, "[resources.{}]", key(&r.name));
        let type_name = builtin.map_or(r.wire_type.as_str(), |b| b.name);
        let _ = writeln!(out, "type = {}", quote(type_name));
        if r.field != names::field_name(&r.name) {
            let _ = writeln!(out, "field = {}", quote(&r.field));
        }
        if builtin.is_some_and(|b| b.custom_properties) {
            let _ = writeln!(out, "properties = {}", inline(&r.properties));
        }
        out.push('\n');
    }
    for (wire_type, resources) in types {
        let lists: Vec<&[Property]> = resources.iter().map(|r| r.properties.as_slice()).collect();
        let union = union(&lists);
        let name = catalogue::lookup(wire_type).map_or(wire_type, |b| b.name);
        let _ = writeln!(
            out,
            "[types.{}]\nproperties = {}\n",
            quote(name),
            inline(&union)
        );
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The properties of several resources of one type: each once, in first-seen order,
/// optional when some resource lacks it.
pub(crate) fn union(lists: &[&[Property]]) -> Vec<Property> {
    let mut union: Vec<Property> = Vec::new();
    for list in lists {
        for p in *list {
            if !union.iter().any(|u| u.name == p.name) {
                let mut p = p.clone();
                p.optional |= !lists.iter().all(|l| l.iter().any(|q| q.name == p.name));
                union.push(p);
            }
        }
    }
    union
}

/// Properties as a TOML inline table (`{ name = "string", redis = { ... } }`).
pub(crate) fn inline(properties: &[Property]) -> String {
    let items: Vec<String> = properties
        .iter()
        .map(|p| format!("{} = {}", key(&p.name), spec(p)))
        .collect();
    if items.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", items.join(", "))
    }
}

fn spec(p: &Property) -> String {
    let base = match (&p.ty, p.secret) {
        (PropertyType::Object(children), _) => return inline(children),
        (PropertyType::String, true) => "secret".to_owned(),
        (ty, _) => type_expr(ty),
    };
    quote(&if p.optional { format!("{base}?") } else { base })
}

fn type_expr(ty: &PropertyType) -> String {
    match ty {
        PropertyType::List(item) if !matches!(**item, PropertyType::Object(_)) => {
            format!("{}[]", type_expr(item))
        }
        PropertyType::List(_) | PropertyType::Object(_) => "json".into(),
        other => other.manifest_name(),
    }
}

/// A TOML key: bare when it can be, quoted otherwise.
pub(crate) fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_owned()
    } else {
        quote(k)
    }
}

/// A TOML basic string.
pub(crate) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use resource_manifest::{SourceFile, parse_dts, parse_str};

    #[test]
    fn a_dts_becomes_toml_that_reads_back_the_same() {
        let dts = r#"declare module "sst" { export interface Resource {
            "MyBucket": { "name": string; "type": "sst.aws.Bucket" }
            "StripeKey": { "type": "sst.sst.Secret"; "value": string }
            "ApiKeys": { "tableName": string; "type": "aws.dynamodb/table.Table" }
            "api.v2": { "redis": { "endpoint": string }; "price": number; "type": "sst.sst.Linkable" }
            "Mail": { "sender": string; "type": "sst.aws.Email" }
        } }"#;
        let from_dts = parse_dts(&SourceFile::new("sst-env.d.ts", dts))
            .into_result()
            .unwrap();
        let toml = to_toml(&from_dts);
        let back = parse_str("links.toml", &toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
        assert_eq!(back.resources.len(), from_dts.resources.len());
        for (a, b) in from_dts.resources.iter().zip(&back.resources) {
            assert_eq!(
                (&a.name, &a.field, &a.wire_type),
                (&b.name, &b.field, &b.wire_type),
                "{toml}"
            );
            assert_eq!(a.properties, b.properties, "{}\n{toml}", a.name);
        }
        assert!(
            toml.contains("[resources.\"api.v2\"]\ntype = \"sst.Linkable\""),
            "{toml}"
        );
        assert!(
            toml.contains("[types.\"sst.aws.Email\"]\nproperties = { sender = \"string\" }"),
            "{toml}"
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(key("gbfm-www"), "gbfm-www");
        assert_eq!(key("a.b"), "\"a.b\"");
        assert_eq!(quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
