//! Per-stage values of linked resources for compute SST does not manage and for local
//! development: `links.<stage>.toml` next to the manifest, one table per resource
//! (`[MyBucket] name = "..."`), checked against the manifest like the manifest itself
//! (unknown resource or property, missing property, wrong type: file:line). Owns the
//! values file and the JSON SST would link; printing and running are the CLI's.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use resource_manifest::{Diagnostic, SourceFile};
use resource_manifest::{LinkedResource, Manifest, Property, PropertyType};

/// Each resource's link JSON (properties plus `"type"`), by SST name.
pub type Links = BTreeMap<String, Value>;

/// Where secrets' values come from, never the values file: `SST_SECRET_<Name>`, then
/// whatever store the command read. A secret with no value is reported where the
/// manifest declares it, with every place read, in order, and how to set it.
pub struct Secrets<'a> {
    /// The manifest's text (the file `manifest.file` names), where secrets are declared.
    pub manifest: &'a SourceFile,
    /// The stage the values are for.
    pub stage: &'a str,
    /// The value of the resource `name`'s secret properties, or `None`.
    pub value: &'a dyn Fn(&str) -> Option<String>,
    /// What was read after `SST_SECRET_<Name>`.
    pub store: Store,
}

/// Whether SST's secret store was read for a secret with no value, for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Store {
    /// Read: each place, in the order a value is taken from (the stage's secrets, then
    /// the fallback's), as messages name them; and the arguments after
    /// `sst-resources secret set <Name>` that write where the first is (`--stage dev`).
    Read {
        /// Each place read, in order.
        places: Vec<String>,
        /// `secret set`'s arguments for this manifest, stage and home.
        set_args: String,
    },
    /// Not read: why (`links.toml has no [app] name`), and what makes it read.
    NotRead {
        /// Why.
        why: String,
        /// What to do to read it.
        fix: String,
    },
}

impl<'a> Secrets<'a> {
    /// Secrets from `value` only, no store read: for tests and tools with no SST home.
    pub fn new(
        manifest: &'a SourceFile,
        stage: &'a str,
        value: &'a dyn Fn(&str) -> Option<String>,
    ) -> Self {
        Secrets {
            manifest,
            stage,
            value,
            store: Store::NotRead {
                why: "this reader has none".into(),
                fix: "pass the value in SST_SECRET_<Name>".into(),
            },
        }
    }

    /// The problem of `r`'s secret `property` having no value: at `r`'s declaration in
    /// the manifest, naming every place read, in order, and how to set one there. It
    /// quotes the manifest's line only: never a value, nor a line of the values file.
    fn missing(&self, r: &LinkedResource, property: &str, values_file: &str) -> Diagnostic {
        let stage = self.stage;
        let name = &r.name;
        let is_secret = r.wire_type == resource_manifest::catalogue::secret_type().wire_type;
        let message = if is_secret {
            format!("secret `{name}` has no value for stage `{stage}`")
        } else {
            format!("`{name}.{property}` is a secret with no value for stage `{stage}`")
        };
        let env = format!("SST_SECRET_{name}");
        let (read, set) = match &self.store {
            Store::Read { places, set_args } => {
                let store_set = if is_secret {
                    format!(
                        "set it with `sst-resources secret set {name} {set_args}` (the value on standard input) or `sst secret set {name} <value> --stage {stage}`"
                    )
                } else {
                    // `sst-resources secret set` takes sst.Secret resources only.
                    format!("set it with `sst secret set {name} <value> --stage {stage}`")
                };
                (
                    format!(
                        "read, in order: the environment variable {env} (not set), {}",
                        places.join(", ")
                    ),
                    format!("{store_set}; or, for one run, in {env}"),
                )
            }
            Store::NotRead { why, fix } => (
                format!(
                    "read: the environment variable {env} (not set); not SST's secret store: {why}"
                ),
                format!("set it in {env}, or {fix}"),
            ),
        };
        self.manifest
            .diagnostic(r.span.clone(), message)
            .about(name)
            .help(format!(
                "{read}; never {values_file}, which holds no secrets\n{set}"
            ))
    }
}

/// Reads a values file against `manifest`. Secrets are not in it: `secrets` gives each
/// secret property's value by resource name (`SST_SECRET_<Name>`, then SST's store),
/// and says where a secret with none is declared and what was read for it. Only the
/// resources `function` links (all when `None`) must have every value; the whole file
/// is checked either way, unless it is not TOML (its syntax errors are then the
/// problems).
pub fn read_values(
    file: &SourceFile,
    manifest: &Manifest,
    function: Option<&str>,
    secrets: &Secrets<'_>,
) -> Result<Links, Vec<Diagnostic>> {
    let needed: Vec<&str> = manifest
        .linked_to(function.and_then(|f| manifest.function(f)))
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    let (root, errors) = DeTable::parse_recoverable(file.text());
    let mut problems: Vec<Diagnostic> = errors
        .into_iter()
        .map(|e| {
            file.diagnostic(
                e.span().unwrap_or(0..0),
                format!("invalid TOML: {}", e.message().trim_end()),
            )
        })
        .collect();
    if !problems.is_empty() {
        // What the parser recovered past a syntax error is not what the user wrote
        // (`[Orders` with no `]` read as a key `name` at the top): checking it would
        // report tables missing that are there. What it recovered still says where
        // a secret written here anyway lies (`value = sk_...` unquoted).
        redact_secrets(manifest, root.get_ref(), &mut problems);
        return Err(problems);
    }
    let names: Vec<&str> = manifest.resources.iter().map(|r| r.name.as_str()).collect();
    let mut links = Links::new();
    let mut tables = BTreeMap::new();
    // What a typo's "did you mean" points at: (resource, property) (`None`: the
    // resource's table). Its absence is the typo, said once.
    let mut suggested: Vec<(String, Option<String>)> = Vec::new();
    // Secrets with no value: problems in the manifest, after the values file's.
    let mut missing = Vec::new();
    for (key, value) in root.get_ref().iter() {
        let name = key.get_ref().as_ref();
        match (manifest.resource(name), value.get_ref()) {
            (Some(r), DeValue::Table(t)) => {
                tables.insert(r.name.clone(), (t, value.span()));
            }
            (Some(_), _) => problems.push(
                file.diagnostic(
                    value.span(),
                    format!("`{name}` must be a table of its properties"),
                )
                .about(name),
            ),
            (None, _) => {
                // `[User]` for `Users`: the typo is the one problem, not also
                // `Users` having no table.
                if let Some(meant) = resource_manifest::did_you_mean(name, names.iter().copied()) {
                    suggested.push((meant.to_owned(), None));
                }
                problems.push(
                    file.diagnostic(
                        key.span(),
                        format!("`{name}` is not a resource of {}", manifest.file),
                    )
                    .about(name)
                    .suggest(
                        name,
                        names.iter().copied(),
                        Some("remove it, or declare it in the manifest".into()),
                    ),
                );
            }
        }
    }
    for r in &manifest.resources {
        let mut object = Map::new();
        let table = tables.get(&r.name);
        if let Some((t, _)) = table {
            check_unknown(
                file,
                &r.properties,
                t,
                &r.name,
                &mut problems,
                &mut suggested,
            );
        }
        if !needed.contains(&r.name.as_str()) {
            continue;
        }
        // The properties that need a value when the file has no table for `r`.
        let mut no_table = Vec::new();
        for p in &r.properties {
            if p.secret {
                match (secrets.value)(&r.name) {
                    Some(v) => {
                        object.insert(p.name.clone(), Value::String(v));
                    }
                    None if p.optional => {}
                    None => missing.push(secrets.missing(r, &p.name, file.name())),
                }
                continue;
            }
            let entry =
                table.and_then(|(t, _)| t.iter().find(|(k, _)| k.get_ref().as_ref() == p.name));
            match entry {
                Some((_, v)) => {
                    if let Some(json) = convert(
                        file,
                        &p.ty,
                        v,
                        &format!("{}.{}", r.name, p.name),
                        &mut problems,
                    ) {
                        object.insert(p.name.clone(), json);
                    }
                }
                None if p.optional => {}
                // The typo `did you mean` already named.
                None if suggested.iter().any(|(name, property)| {
                    *name == r.name
                        && match property {
                            // A typo'd table: only when the one it meant is not there.
                            None => table.is_none(),
                            Some(q) => *q == p.name,
                        }
                }) => {}
                // No table at all: one problem for the resource, below.
                None if table.is_none() => {
                    no_table.push(format!("`{}` ({})", p.name, p.ty.manifest_name()));
                }
                None => {
                    let span = table.map_or(0..0, |(_, s)| s.clone());
                    problems.push(
                        file.diagnostic(
                            span,
                            format!(
                                "`{}` has no value for property `{}` ({})",
                                r.name,
                                p.name,
                                p.ty.manifest_name()
                            ),
                        )
                        .about(&r.name)
                        .help(format!("add it under [{}]: {} = ...", r.name, p.name)),
                    );
                }
            }
        }
        if !no_table.is_empty() {
            // Where a table for it would go: the end of the file (the start of the
            // file, where this pointed before, underlined an unrelated table).
            let end = file.text().len();
            let first = r.properties.iter().find(|p| !p.secret && !p.optional);
            problems.push(
                file.diagnostic(
                    end..end,
                    format!(
                        "`{}` has no table, so no value for {}",
                        r.name,
                        no_table.join(", ")
                    ),
                )
                .about(&r.name)
                .help(format!(
                    "add a table for it: [{}] with {} = ...",
                    r.name,
                    first.map_or("...", |p| p.name.as_str())
                )),
            );
        }
        object.insert("type".into(), Value::String(r.wire_type.clone()));
        links.insert(r.name.clone(), Value::Object(object));
    }
    // Resources with no properties need no table; the others were reported above.
    if problems.is_empty() && missing.is_empty() {
        return Ok(links);
    }
    redact_secrets(manifest, root.get_ref(), &mut problems);
    problems.extend(missing);
    Err(problems)
}

/// A secret written in the values file anyway must not be quoted by a problem on its
/// line: each secret property's value in a resource's table is redacted from every
/// problem.
fn redact_secrets(manifest: &Manifest, root: &DeTable<'_>, problems: &mut [Diagnostic]) {
    for (key, table) in root.iter() {
        let (Some(r), DeValue::Table(t)) = (manifest.resource(key.get_ref()), table.get_ref())
        else {
            continue;
        };
        for (key, value) in t.iter() {
            let k = key.get_ref().as_ref();
            if r.properties.iter().any(|p| p.secret && p.name == k) {
                for d in problems.iter_mut() {
                    d.redact(value.span());
                }
            }
        }
    }
}

fn check_unknown(
    file: &SourceFile,
    properties: &[Property],
    table: &DeTable<'_>,
    owner: &str,
    problems: &mut Vec<Diagnostic>,
    suggested: &mut Vec<(String, Option<String>)>,
) {
    let known: Vec<&str> = properties
        .iter()
        .filter(|p| !p.secret)
        .map(|p| p.name.as_str())
        .collect();
    for (key, _) in table.iter() {
        let k = key.get_ref().as_ref();
        if properties.iter().any(|p| p.secret && p.name == k) {
            let mut d = file
                .diagnostic(
                    key.span(),
                    format!("`{owner}.{k}` is a secret: it does not belong in the values file"),
                )
                .about(owner)
                .help(format!("remove it: set it in SST's secret store with `sst-resources secret set {owner}` (or `sst secret set`), or for one run in SST_SECRET_{owner}"));
            // The line holds the secret: quote the key only.
            d.redact_after(key.span().end);
            problems.push(d);
        } else if !known.contains(&k) {
            if let Some(meant) = resource_manifest::did_you_mean(k, known.iter().copied()) {
                suggested.push((owner.to_owned(), Some(meant.to_owned())));
            }
            problems.push(
                file.diagnostic(key.span(), format!("`{owner}` has no property `{k}`"))
                    .about(owner)
                    .suggest(k, known.iter().copied(), None),
            );
        }
    }
}

fn convert(
    file: &SourceFile,
    ty: &PropertyType,
    value: &Spanned<DeValue<'_>>,
    path: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<Value> {
    let wrong = |problems: &mut Vec<Diagnostic>| {
        problems.push(file.diagnostic(
            value.span(),
            format!("`{path}` should be {}", ty.manifest_name()),
        ));
        None
    };
    let not_json = |problems: &mut Vec<Diagnostic>| {
        problems.push(file.diagnostic(
            value.span(),
            format!("`{path}` holds a number JSON cannot: an integer beyond 64 bits, an infinity or a NaN"),
        ));
        None
    };
    match (ty, value.get_ref()) {
        (PropertyType::String, DeValue::String(s)) => Some(Value::String(s.to_string())),
        (PropertyType::Integer, DeValue::Integer(i)) => match integer(i) {
            Some(n) => Some(Value::from(n)),
            None => wrong(problems),
        },
        (PropertyType::Number, DeValue::Integer(i)) => match integer(i) {
            Some(n) => Some(Value::from(n as f64)),
            None => wrong(problems),
        },
        (PropertyType::Number, DeValue::Float(f)) => match float(f) {
            Some(n) => Some(Value::from(n)),
            None => not_json(problems),
        },
        (PropertyType::Boolean, DeValue::Boolean(b)) => Some(Value::Bool(*b)),
        (PropertyType::List(item), DeValue::Array(items)) => {
            let out: Vec<Value> = items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| convert(file, item, v, &format!("{path}[{i}]"), problems))
                .collect();
            (out.len() == items.len()).then_some(Value::Array(out))
        }
        (PropertyType::Object(children), DeValue::Table(t)) => {
            let mut suggested = Vec::new();
            check_unknown(file, children, t, path, problems, &mut suggested);
            let mut object = Map::new();
            for c in children {
                match t.iter().find(|(k, _)| k.get_ref().as_ref() == c.name) {
                    Some((_, v)) => {
                        if let Some(json) =
                            convert(file, &c.ty, v, &format!("{path}.{}", c.name), problems)
                        {
                            object.insert(c.name.clone(), json);
                        }
                    }
                    None if c.optional => {}
                    // The typo `did you mean` already named.
                    None if suggested.iter().any(|(_, q)| q.as_ref() == Some(&c.name)) => {}
                    None => problems.push(file.diagnostic(
                        value.span(),
                        format!("`{path}` has no value for `{}`", c.name),
                    )),
                }
            }
            Some(Value::Object(object))
        }
        (PropertyType::Json, v) => plain(v).or_else(|| not_json(problems)),
        _ => wrong(problems),
    }
}

/// A TOML integer's value, in whichever radix it is written (`0x`, `0o`, `0b`);
/// `None` beyond `i64`, as TOML itself bounds its integers.
fn integer(i: &toml::de::DeInteger<'_>) -> Option<i64> {
    i64::from_str_radix(i.as_str(), i.radix()).ok()
}

/// A TOML float JSON can hold: finite (TOML has `inf` and `nan`, JSON does not).
fn float(f: &toml::de::DeFloat<'_>) -> Option<f64> {
    f.as_str().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Any TOML value as JSON (for `json` properties); `None` when a number in it has no
/// JSON form ([`integer`], [`float`]), never a silent `null`.
fn plain(value: &DeValue<'_>) -> Option<Value> {
    Some(match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => Value::from(integer(i)?),
        DeValue::Float(f) => Value::from(float(f)?),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| plain(v.get_ref()))
                .collect::<Option<_>>()?,
        ),
        DeValue::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| Some((k.get_ref().to_string(), plain(v.get_ref())?)))
                .collect::<Option<_>>()?,
        ),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use resource_manifest::parse_str;

    pub(crate) const MANIFEST: &str = "[app]\nname = \"shop\"\n[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n[resources.Key]\ntype = \"sst.Secret\"\n[resources.Api]\ntype = \"sst.Linkable\"\nproperties = { url = \"string\", timeout = \"integer\", tags = \"string[]\", note = \"string?\", redis = { host = \"string\", port = \"integer\" } }\n[functions.Upload]\nlink = [\"MyBucket\", \"Api\"]\n[functions.Upload.env]\nBUCKET = \"MyBucket.name\"\nREDIS_PORT = \"Api.redis.port\"\n";

    fn read(values: &str, secret: Option<&str>) -> Result<Links, Vec<Diagnostic>> {
        let m = parse_str("links.toml", MANIFEST).unwrap();
        let secret = secret.map(str::to_owned);
        let manifest = SourceFile::new("links.toml", MANIFEST);
        read_values(
            &SourceFile::new("links.dev.toml", values),
            &m,
            None,
            &Secrets::new(&manifest, "dev", &move |_| secret.clone()),
        )
    }

    #[test]
    fn a_secret_on_a_line_with_wide_characters_is_redacted_without_panicking() {
        // Found probing the fuzz targets: the key's end was found by subtracting the column (in
        // characters) from a byte offset, and sliced the line inside the `é`s.
        for n in [1, 20, 21] {
            let values = format!(
                "Key = {{ \"{}\" = 1, value = \"sk_canary\" }}\n",
                "é".repeat(n)
            );
            let problems = read(&values, None).unwrap_err();
            let secret = problems
                .iter()
                .find(|d| d.message.contains("is a secret"))
                .expect("the secret is refused");
            assert!(
                secret.source_line.ends_with("value = [redacted]"),
                "{}",
                secret.source_line
            );
            for d in &problems {
                assert!(!d.render().contains("sk_canary"), "{d:?}");
            }
        }
    }

    #[test]
    fn values_become_sst_link_json() {
        let links = read(
            "[MyBucket]\nname = \"shop-dev-b\"\n[Api]\nurl = \"https://x\"\ntimeout = 30\ntags = [\"a\"]\nredis = { host = \"h\", port = 6379 }\n",
            Some("sk_1"),
        )
        .unwrap();
        assert_eq!(
            links["MyBucket"],
            serde_json::json!({"name": "shop-dev-b", "type": "sst.aws.Bucket"})
        );
        assert_eq!(
            links["Key"],
            serde_json::json!({"value": "sk_1", "type": "sst.sst.Secret"})
        );
        assert_eq!(links["Api"]["redis"]["port"], 6379);
        let m = parse_str("links.toml", MANIFEST).unwrap();
        let env = crate::environment::environment(&m, &links, "dev", Some("Upload")).unwrap();
        let names: Vec<_> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "SST_RESOURCE_App",
                "SST_RESOURCE_MyBucket",
                "SST_RESOURCE_Api",
                "BUCKET",
                "REDIS_PORT"
            ]
        );
        assert_eq!(env[0].1, r#"{"name":"shop","stage":"dev"}"#);
        // [functions.Upload.env]: a string as it is, a number as JSON.
        assert_eq!(env[3].1, "shop-dev-b");
        assert_eq!(env[4].1, "6379");
    }

    #[test]
    fn only_the_functions_links_need_values() {
        let m = parse_str("links.toml", MANIFEST).unwrap();
        let file = SourceFile::new(
            "links.dev.toml",
            "[MyBucket]\nname = \"b\"\n[Api]\nurl = \"u\"\ntimeout = 1\ntags = []\nredis = { host = \"h\", port = 1 }\n",
        );
        // Upload does not link the secret, which has no value: fine.
        let manifest = SourceFile::new("links.toml", MANIFEST);
        let none = Secrets::new(&manifest, "dev", &|_| None);
        let links = read_values(&file, &m, Some("Upload"), &none).unwrap();
        assert!(!links.contains_key("Key"));
        assert!(read_values(&file, &m, None, &none).is_err());
    }

    /// Issue #24: a secret with no value was reported at `links.dev.toml:1:1`, quoting
    /// a line about another resource, and named none of the places read.
    #[test]
    fn a_secret_with_no_value_is_reported_where_it_is_declared_with_every_place_read() {
        let m = parse_str("links.toml", MANIFEST).unwrap();
        let manifest = SourceFile::new("links.toml", MANIFEST);
        let values = SourceFile::new(
            "links.dev.toml",
            "[MyBucket]\nname = \"b\"\n[Api]\nurl = \"u\"\ntimeout = 1\ntags = []\nredis = { host = \"h\", port = 1 }\n",
        );
        let read = Secrets {
            store: Store::Read {
                places: vec![
                    "SST's secret store for stage `dev` (home/state/secret/shop/dev.json)".into(),
                    "its fallback (home/state/secret/shop/_fallback.json)".into(),
                ],
                set_args: "--stage dev".into(),
            },
            ..Secrets::new(&manifest, "dev", &|_| None)
        };
        let problems = read_values(&values, &m, None, &read).unwrap_err();
        let rendered: Vec<String> = problems.iter().map(Diagnostic::render).collect();
        assert_eq!(
            rendered,
            ["error: secret `Key` has no value for stage `dev`
 --> links.toml:5:12
  |
5 | [resources.Key]
  |            ^^^
  |
  = help: read, in order: the environment variable SST_SECRET_Key (not set), SST's secret store for stage `dev` (home/state/secret/shop/dev.json), its fallback (home/state/secret/shop/_fallback.json); never links.dev.toml, which holds no secrets
          set it with `sst-resources secret set Key --stage dev` (the value on standard input) or `sst secret set Key <value> --stage dev`; or, for one run, in SST_SECRET_Key"]
        );
        // No store read: said, with what would read it.
        let unread = Secrets {
            store: Store::NotRead {
                why: "links.toml has no [app] name".into(),
                fix: "add [app] name = \"<your SST app's name>\" to links.toml and set it in SST's secret store".into(),
            },
            ..Secrets::new(&manifest, "dev", &|_| None)
        };
        let problems = read_values(&values, &m, None, &unread).unwrap_err();
        assert_eq!(
            problems[0].help.as_deref(),
            Some(
                "read: the environment variable SST_SECRET_Key (not set); not SST's secret store: links.toml has no [app] name; never links.dev.toml, which holds no secrets\nset it in SST_SECRET_Key, or add [app] name = \"<your SST app's name>\" to links.toml and set it in SST's secret store"
            )
        );
    }

    /// A Linkable's secret property is named with its property; `sst-resources secret
    /// set`, which takes `sst.Secret`s only, is not offered.
    #[test]
    fn a_secret_property_of_a_linkable_with_no_value_names_the_property() {
        let text = "[app]\nname = \"shop\"\n[resources.Db]\ntype = \"sst.Linkable\"\nproperties = { password = \"secret\" }\n";
        let m = parse_str("links.toml", text).unwrap();
        let manifest = SourceFile::new("links.toml", text);
        let read = Secrets {
            store: Store::Read {
                places: vec!["SST's secret store for stage `dev` (s)".into()],
                set_args: "--stage dev".into(),
            },
            ..Secrets::new(&manifest, "dev", &|_| None)
        };
        let problems =
            read_values(&SourceFile::new("links.dev.toml", ""), &m, None, &read).unwrap_err();
        assert_eq!(
            problems[0].render(),
            "error: `Db.password` is a secret with no value for stage `dev`
 --> links.toml:3:12
  |
3 | [resources.Db]
  |            ^^
  |
  = help: read, in order: the environment variable SST_SECRET_Db (not set), SST's secret store for stage `dev` (s); never links.dev.toml, which holds no secrets
          set it with `sst secret set Db <value> --stage dev`; or, for one run, in SST_SECRET_Db"
        );
    }

    /// Each mistake is one problem: a table that is not there is said where it would
    /// go, a misspelt key is its typo (not also the property it misspells having no
    /// value), and a syntax error stops there (what the parser recovered past it is
    /// not what was written: `[Api` read `url` as a table of its own).
    #[test]
    fn each_mistake_is_one_problem() {
        let one = |values: &str| {
            let errors = read(values, Some("s")).unwrap_err();
            assert_eq!(errors.len(), 1, "{errors:#?}");
            let d = &errors[0];
            (d.line, d.message.clone(), d.help.clone())
        };
        let api =
            "[Api]\nurl = \"u\"\ntimeout = 1\ntags = []\nredis = { host = \"h\", port = 1 }\n";
        assert_eq!(
            one(api),
            (
                6,
                "`MyBucket` has no table, so no value for `name` (string)".to_owned(),
                Some("add a table for it: [MyBucket] with name = ...".to_owned())
            )
        );
        assert_eq!(
            one(&format!("[MyBucket]\nnmae = \"b\"\n{api}")),
            (
                2,
                "`MyBucket` has no property `nmae`".to_owned(),
                Some("did you mean `name`?".to_owned())
            )
        );
        assert_eq!(
            one(&format!("[MyBuckets]\nname = \"b\"\n{api}")),
            (
                1,
                "`MyBuckets` is not a resource of links.toml".to_owned(),
                Some("did you mean `MyBucket`?".to_owned())
            )
        );
        let (line, message, _) = one("[MyBucket]\nname = \"b\"\n[Api\nurl = \"u\"\n");
        assert_eq!(line, 3);
        assert!(message.starts_with("invalid TOML: "), "{message}");
        // A nested key's typo, once.
        let (_, message, help) = one(&format!(
            "[MyBucket]\nname = \"b\"\n{}",
            api.replace("host", "hots")
        ));
        assert_eq!(message, "`Api.redis` has no property `hots`");
        assert_eq!(help.as_deref(), Some("did you mean `host`?"));
        // A typo'd table beside the one it meant hides nothing of that one.
        let errors = read(
            &format!("[MyBuckt]\nname = \"b\"\n[MyBucket]\n{api}"),
            Some("s"),
        )
        .unwrap_err();
        let messages: Vec<_> = errors.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`MyBuckt` is not a resource of links.toml",
                "`MyBucket` has no value for property `name` (string)"
            ]
        );
    }

    /// A secret written in the values file anyway is never quoted, even on a line
    /// the TOML parser cannot read.
    #[test]
    fn a_secret_on_a_line_that_is_not_toml_is_redacted() {
        for values in [
            "[Key]\nvalue = sk_canary\n",
            "[Key]\nvalue = \"sk_canary\n",
            "[Key]\nvalue = 'sk_canary' x\n",
        ] {
            let errors = read(values, Some("s")).unwrap_err();
            assert!(!errors.is_empty());
            for d in &errors {
                let shown = format!("{}{d}{d:?}", d.render());
                assert!(!shown.contains("sk_canary"), "{values:?} quoted: {shown}");
            }
        }
    }

    #[test]
    fn every_mistake_is_reported_with_its_place() {
        let errors = read(
            "[MyBuckt]\nname = \"x\"\n[Api]\nurl = 5\ntimeout = 30\ntags = []\nredis = { host = \"h\", port = 1, tls = true }\nextra = 1\n[Key]\nvalue = \"leak\"\n",
            None,
        )
        .unwrap_err();
        let messages: Vec<_> = errors
            .iter()
            .map(|d| format!("{}: {}", d.line, d.message))
            .collect();
        assert!(
            messages.contains(&"1: `MyBuckt` is not a resource of links.toml".to_owned()),
            "{messages:#?}"
        );
        assert!(
            errors
                .iter()
                .any(|d| d.help.as_deref() == Some("did you mean `MyBucket`?"))
        );
        assert!(
            messages.contains(&"4: `Api.url` should be string".to_owned()),
            "{messages:#?}"
        );
        assert!(
            messages.contains(&"8: `Api` has no property `extra`".to_owned()),
            "{messages:#?}"
        );
        assert!(
            messages.contains(&"7: `Api.redis` has no property `tls`".to_owned()),
            "{messages:#?}"
        );
        assert!(
            messages.contains(
                &"10: `Key.value` is a secret: it does not belong in the values file".to_owned()
            ),
            "{messages:#?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.ends_with("secret `Key` has no value for stage `dev`")),
            "{messages:#?}"
        );
        // `[MyBuckt]` is a typo of MyBucket's table: said once, with its fix, not
        // also as MyBucket having no table.
        assert!(
            !messages
                .iter()
                .any(|m| m.contains("`MyBucket` has no table")),
            "{messages:#?}"
        );
        let all: String = errors
            .iter()
            .map(|d| format!("{}{d}{d:?}", d.render()))
            .collect();
        assert!(!all.contains("leak"), "a secret value was quoted: {all}");
    }
}
