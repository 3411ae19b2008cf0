//! SST's own record of a stage, as data: which links exist (the `sst:sst:LinkRef`s)
//! and which unit of compute links what (a Function's `_live`, a dev component's
//! `_dev`, a function's sealed `resource.enc`). From it, `import --deployed` writes a
//! whole `links.toml` ([`to_toml`]) and `check --deployed` holds one against it
//! ([`check_functions`]). Owns interpretation only; reading the checkpoint and the
//! bundles is `resource-home`'s and the command's.
//!
//! Formats, in `github:anomalyco/sst`: `_live` in `platform/src/components/aws/
//! function.ts` (`{ functionID, links: [names], handler, runtime, ... }`, only on a
//! stage run with `sst dev`), `_dev` in `experimental/dev-command.ts` and the sites
//! (`{ links: [names], environment, command, ... }`), both read by
//! `pkg/project/completed.go`; `resource.enc` in `pkg/runtime/runtime.go` (the JSON of
//! `{ <name>: properties }`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::ops::Range;

use serde_json::Value;
use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

use crate::environment::Environment;
use crate::values::Links;
use crate::write::{inline, key, quote, union};
use resource_manifest::catalogue;
use resource_manifest::{Diagnostic, SourceFile};
use resource_manifest::{Function, LinkedResource, Manifest, Property, PropertyType};

/// What SST records about one stage's links.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// The app's name.
    pub app: String,
    /// The stage.
    pub stage: String,
    /// Where the record was read (the state file or object), for messages.
    pub source: String,
    /// Each link's properties, `"type"` included, by SST name.
    pub links: BTreeMap<String, Value>,
    /// Each link's `include` entries (`aws.permission`, `environment`,
    /// `cloudflare.binding`), by SST name.
    pub includes: BTreeMap<String, Vec<Value>>,
    /// Each link's properties that SST stored as secrets (JSON paths), by SST name.
    pub secret_paths: BTreeMap<String, Vec<String>>,
    /// Each unit of compute SST records links for, first record of a name first.
    pub targets: Vec<Target>,
    /// Each Function's `handler`, from its `_metadata` output (every deploy, `dev`
    /// or not: `platform/src/components/aws/function.ts`), by component name.
    pub handlers: BTreeMap<String, String>,
    /// Components SST knows but records no links for: a Cloudflare Worker's `_live`
    /// always says `links: []` (`cloudflare/worker.ts`). Their `[functions]` sets
    /// are the user's to keep, so `check --deployed` leaves them alone.
    pub unrecorded: Vec<String>,
}

/// A function or dev component and the links SST gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Its name (the component's name, SST's `functionID` for a Function).
    pub name: String,
    /// Its component type as Pulumi writes it (`sst:aws:Function`).
    pub component: String,
    /// Where SST records it, for messages (`` `_live` of sst:aws:Function `Api` ``).
    pub origin: String,
    /// The SST names of what it links, as recorded.
    pub links: Vec<String>,
    /// Its runtime when recorded (`rust`, `nodejs22.x`, `provided.al2023`).
    pub runtime: Option<String>,
    /// A dev component's own `environment` (`_dev.environment`), which `sst shell
    /// --target` sets after the links (`EnvFor` in `pkg/project/env.go`).
    pub environment: Vec<(String, String)>,
    /// Its `handler` as SST records it (`_live.handler`, raw as in sst.config.ts).
    pub handler: Option<String>,
    /// Recorded by `_dev`: `sst shell --target` gives exactly its links and
    /// `environment`, no `environment` includes (`EnvFor`). A Function (`_live`, a
    /// bundle) gets its links' `environment` includes, as its Lambda does.
    pub dev: bool,
}

impl Target {
    /// Reads a component's `_live` or `_dev` output (`output`); `None` for one that
    /// records no links: a Worker's `_live` always has `links: []` (`cloudflare/
    /// worker.ts`), which says nothing about what it links.
    pub fn from_output(
        name: &str,
        component: &str,
        output: &str,
        record: &Value,
    ) -> Option<Target> {
        if Self::is_worker(output, record) {
            return None;
        }
        let links = record
            .get("links")?
            .as_array()?
            .iter()
            .filter_map(|l| l.as_str().map(str::to_owned))
            .collect();
        let environment = record
            .get("environment")
            .and_then(Value::as_object)
            .map(|env| {
                env.iter()
                    .filter_map(|(k, v)| match v {
                        Value::String(s) => Some((k.clone(), s.clone())),
                        Value::Null => None,
                        other => Some((k.clone(), other.to_string())),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Target {
            name: record
                .get("functionID")
                .and_then(Value::as_str)
                .unwrap_or(name)
                .to_owned(),
            component: component.to_owned(),
            origin: format!("`{output}` of {component} `{name}`"),
            links,
            runtime: record
                .get("runtime")
                .and_then(Value::as_str)
                .map(str::to_owned),
            handler: record
                .get("handler")
                .and_then(Value::as_str)
                .map(str::to_owned),
            environment,
            dev: output == "_dev",
        })
    }

    /// A function built on this machine, from its sealed bundle (`links`: the
    /// bundle's keys) at `path`.
    pub fn from_bundle(name: &str, links: Vec<String>, path: &str) -> Target {
        Target {
            name: name.to_owned(),
            component: "sst:aws:Function".to_owned(),
            origin: format!("its bundle {path}"),
            links,
            runtime: None,
            handler: None,
            environment: Vec::new(),
            dev: false,
        }
    }

    /// Whether `record` is a Cloudflare Worker's `_live` (`runtime: "worker"`).
    fn is_worker(output: &str, record: &Value) -> bool {
        output == "_live" && record.get("runtime").and_then(Value::as_str) == Some("worker")
    }

    /// Whether SST builds it with its Rust runtime (`runtime: "rust"`).
    pub fn is_rust(&self) -> bool {
        self.runtime.as_deref() == Some("rust")
    }
}

impl Record {
    /// The target named `name`.
    pub fn target(&self, name: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.name == name)
    }

    /// Adds what a component's `_live` or `_dev` output (`output`) records: a target,
    /// or, for a Worker, only its name among [`Record::unrecorded`].
    pub fn add_output(&mut self, name: &str, component: &str, output: &str, record: &Value) {
        if output == "_metadata" {
            if let Some(handler) = record.get("handler").and_then(Value::as_str) {
                self.handlers.insert(name.to_owned(), handler.to_owned());
            }
            return;
        }
        if let Some(target) = Target::from_output(name, component, output, record) {
            self.add_target(target);
        } else if Target::is_worker(output, record) {
            let name = record
                .get("functionID")
                .and_then(Value::as_str)
                .unwrap_or(name);
            if !self.unrecorded.iter().any(|n| n == name) {
                self.unrecorded.push(name.to_owned());
            }
        }
    }

    /// The `handler` SST records for the function `name`: its `_live`'s, else its
    /// `_metadata`'s.
    pub fn handler(&self, name: &str) -> Option<&str> {
        self.target(name)
            .and_then(|t| t.handler.as_deref())
            .or_else(|| self.handlers.get(name).map(String::as_str))
    }

    /// Adds `target` unless one of its name is recorded already (the first record
    /// of a name wins: the state's, then a bundle's).
    pub fn add_target(&mut self, target: Target) {
        if self.target(&target.name).is_none() {
            self.targets.push(target);
        }
    }

    /// The variables `sst shell --target <name>` gives a process (before the
    /// transport of `SST_RESOURCES_JSON`): [`Record::link_environment_for`] as
    /// [`Environment::vars`] spells it. `None` when SST records nothing for `name`.
    ///
    /// # Errors
    /// As [`Record::link_environment_for`].
    pub fn environment_for(&self, name: &str) -> Option<Result<Vec<(String, String)>, String>> {
        self.link_environment_for(name)
            .map(|env| env.map(|env| env.vars()))
    }

    /// What `sst shell --target <name>` gives a process: the app, each recorded
    /// link's JSON, then, for a Function, its links' `environment` includes, then a
    /// dev component's `environment`. `None` when SST records nothing for `name`.
    ///
    /// # Errors
    /// A recorded link with no LinkRef (the record is inconsistent: redeploy).
    pub fn link_environment_for(&self, name: &str) -> Option<Result<Environment, String>> {
        let target = self.target(name)?;
        let mut env = Environment::new(&self.app, &self.stage);
        for link in &target.links {
            let Some(properties) = self.links.get(link) else {
                return Some(Err(format!(
                    "{} of `{name}` links `{link}`, which has no LinkRef in {}\nhelp: redeploy the stage (`sst deploy` or `sst dev`)",
                    target.origin, self.source
                )));
            };
            env.link(link, properties.clone());
        }
        if !target.dev {
            for link in &target.links {
                for include in self.includes.get(link).into_iter().flatten() {
                    if include.get("type").and_then(Value::as_str) != Some("environment") {
                        continue;
                    }
                    for (var, value) in include
                        .get("env")
                        .and_then(Value::as_object)
                        .into_iter()
                        .flatten()
                    {
                        let text = value
                            .as_str()
                            .map_or_else(|| value.to_string(), str::to_owned);
                        env.set(var, text);
                    }
                }
            }
        }
        for (var, value) in &target.environment {
            env.set(var, value.clone());
        }
        Some(Ok(env))
    }
}

/// The property types a deployed value shows: `integer` for a whole number,
/// `number` otherwise, lists of one item type, nested tables; `null` makes the
/// property optional, and what cannot be told (an empty list, a list of mixed or
/// table items, `null` alone) is `json`. `secret` paths become `secret` strings.
fn infer(
    object: &serde_json::Map<String, Value>,
    prefix: &str,
    secret: &[String],
) -> Vec<Property> {
    object
        .iter()
        .filter(|(k, _)| prefix.is_empty() && k.as_str() != "type" || !prefix.is_empty())
        .map(|(k, v)| {
            let path = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            Property {
                name: k.clone(),
                field: resource_manifest::names::field_name(k),
                ty: infer_type(v, &path, secret),
                optional: v.is_null(),
                secret: matches!(v, Value::String(_)) && secret.contains(&path),
            }
        })
        .collect()
}

fn infer_type(value: &Value, path: &str, secret: &[String]) -> PropertyType {
    match value {
        Value::String(_) => PropertyType::String,
        Value::Bool(_) => PropertyType::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => PropertyType::Integer,
        Value::Number(_) => PropertyType::Number,
        Value::Object(map) if !map.is_empty() => PropertyType::Object(infer(map, path, secret)),
        Value::Array(items) => {
            let item_path = format!("{path}[]");
            let mut types = items.iter().map(|v| infer_type(v, &item_path, secret));
            let Some(first) = types.next() else {
                return PropertyType::Json;
            };
            let item = types.try_fold(first, |a, b| match (a, b) {
                (a, b) if a == b => Some(a),
                (
                    PropertyType::Integer | PropertyType::Number,
                    PropertyType::Integer | PropertyType::Number,
                ) => Some(PropertyType::Number),
                _ => None,
            });
            match item {
                Some(
                    t @ (PropertyType::String
                    | PropertyType::Boolean
                    | PropertyType::Integer
                    | PropertyType::Number),
                ) => PropertyType::List(Box::new(t)),
                _ => PropertyType::Json,
            }
        }
        Value::Object(_) | Value::Null => PropertyType::Json,
    }
}

/// A JSON value as a TOML inline value (`null` has none: `None`).
fn toml_value(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => quote(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            // `type` first, as SST writes an include (`{ type: "environment", ... }`).
            let ordered = map
                .get_key_value("type")
                .into_iter()
                .chain(map.iter().filter(|(k, _)| k.as_str() != "type"));
            let items: Vec<String> = ordered
                .filter_map(|(k, v)| Some(format!("{} = {}", key(k), toml_value(v)?)))
                .collect();
            if items.is_empty() {
                "{}".to_owned()
            } else {
                format!("{{ {} }}", items.join(", "))
            }
        }
    })
}

/// `links.toml` for everything `record` holds: `[app]`; each link (built-in types by
/// name; a Linkable with its inferred properties and its `include`s; a type the
/// catalogue lacks under `[types]`, properties the union of its links'); one
/// `[functions.<Name>]` per target. Each entry says in a comment where it came from,
/// and a Rust function says so.
pub fn to_toml(record: &Record) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        // Not `record.source`: a machine's path (`~/.config/sst/...`) in a file users
        // commit says nothing on another machine.
        "# Imported by `sst-resources import --deployed --app {} --stage {}` from SST's record of\n# the stage in SST's home. `sst-resources check --deployed --stage {}` keeps it honest.\n",
        record.app, record.stage, record.stage
    );
    let _ = writeln!(out, "[app]\nname = {}\n", quote(&record.app));
    let mut unknown: BTreeMap<String, Vec<Vec<Property>>> = BTreeMap::new();
    for (name, link) in &record.links {
        let wire = link
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("sst.sst.Linkable");
        let secret = record
            .secret_paths
            .get(name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let properties = link
            .as_object()
            .map(|o| infer(o, "", secret))
            .unwrap_or_default();
        let builtin = catalogue::lookup(wire);
        let _ = writeln!(out, "# the LinkRef `{name}`");
        let _ = writeln!(out, "[resources.{}]", key(name));
        match builtin {
            Some(b) if b.custom_properties => {
                let _ = writeln!(out, "type = {}", quote(b.name));
                let _ = writeln!(out, "properties = {}", inline(&properties));
                let includes: Vec<String> = record
                    .includes
                    .get(name)
                    .into_iter()
                    .flatten()
                    .filter_map(toml_value)
                    .collect();
                if !includes.is_empty() {
                    let _ = writeln!(out, "include = [{}]", includes.join(", "));
                }
            }
            Some(b) => {
                let _ = writeln!(out, "type = {}", quote(b.name));
            }
            None => {
                let normalized = catalogue::normalize_type(wire).into_owned();
                let _ = writeln!(out, "type = {}", quote(&normalized));
                unknown.entry(normalized).or_default().push(properties);
            }
        }
        out.push('\n');
    }
    for (ty, all) in &unknown {
        let lists: Vec<&[Property]> = all.iter().map(Vec::as_slice).collect();
        let _ = writeln!(
            out,
            "# not in the catalogue: the properties its links were deployed with\n[types.{}]\nproperties = {}\n",
            quote(ty),
            inline(&union(&lists))
        );
    }
    for t in &record.targets {
        let rust = if t.is_rust() { "a Rust function, " } else { "" };
        let _ = writeln!(out, "# {rust}{}", t.origin);
        let unknown: Vec<&String> = t
            .links
            .iter()
            .filter(|l| !record.links.contains_key(*l))
            .collect();
        if !unknown.is_empty() {
            let names: Vec<String> = unknown.iter().map(|l| format!("`{l}`")).collect();
            let _ = writeln!(out, "# left out, no LinkRef: {}", names.join(", "));
        }
        let links: Vec<String> = t
            .links
            .iter()
            .filter(|l| record.links.contains_key(*l))
            .map(|l| quote(l))
            .collect();
        let _ = writeln!(
            out,
            "[functions.{}]\nlink = [{}]",
            key(&t.name),
            links.join(", ")
        );
        // What SST builds for it: the macro then refuses a binary that loads these
        // links but is not this handler (`resource_manifest::handler`).
        if let Some(handler) = record.handler(&t.name) {
            let _ = writeln!(out, "handler = {}", quote(handler));
        }
        out.push('\n');
    }
    if !record.unrecorded.is_empty() {
        let names: Vec<String> = record.unrecorded.iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(
            out,
            "# SST records no links for {} (a Worker's `_live` says `links: []`):\n# declare its [functions] set yourself; check --deployed leaves it alone.",
            names.join(", ")
        );
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// Holds each `[functions.<Name>]` of `manifest` (read from `file`) against SST's
/// record: a link SST gives it that it lacks, one it lists that SST does not give
/// it, and a function SST records nothing for. Empty when all agree. A record with
/// no targets at all (a stage never run with `sst dev` nor built here) checks
/// nothing here: the caller says so.
pub fn check_functions(manifest: &Manifest, file: &SourceFile, record: &Record) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if record.targets.is_empty() {
        return out;
    }
    for f in &manifest.functions {
        let at = |message: String| file.diagnostic(f.span.clone(), message).about(&f.name);
        if record.unrecorded.contains(&f.name) {
            continue;
        }
        let Some(t) = record.target(&f.name) else {
            let names: Vec<&str> = record.targets.iter().map(|t| t.name.as_str()).collect();
            out.push(
                at(format!(
                    "SST records no function or dev component `{}` on stage `{}` ({})",
                    f.name, record.stage, record.source
                ))
                .suggest(
                    &f.name,
                    names.iter().copied(),
                    Some(format!(
                        "rename it to the component's name in sst.config.ts; SST records: {}",
                        names.join(", ")
                    )),
                ),
            );
            continue;
        };
        match (&f.handler, record.handler(&f.name)) {
            (Some(declared), Some(deployed)) if declared.text != deployed => out.push(
                file.diagnostic(
                    declared.span.clone(),
                    format!(
                        "`{}` has `handler = {}` ({}:{}), but SST deploys it from handler {} ({}): \
                     the binary built to load its links is not the one SST runs",
                        f.name,
                        quote(&declared.text),
                        manifest.file,
                        declared.line,
                        quote(deployed),
                        t.origin
                    ),
                )
                .about(&f.name)
                .help(format!(
                    "set handler = {} in [functions.{}], as sst.config.ts says, and load \
                     `{}`'s links in that binary",
                    quote(deployed),
                    key(&f.name),
                    f.name
                )),
            ),
            (None, Some(deployed)) if t.is_rust() => out.push(
                at(format!(
                    "SST builds the Rust function `{}` from handler {} ({}), which [functions.{}] \
                     does not record: a binary loading another function's links would compile",
                    f.name,
                    quote(deployed),
                    t.origin,
                    key(&f.name)
                ))
                .warning()
                .help(format!(
                    "add handler = {} to [functions.{}]",
                    quote(deployed),
                    key(&f.name)
                )),
            ),
            _ => {}
        }
        let recorded: BTreeSet<&str> = t.links.iter().map(String::as_str).collect();
        let declared: BTreeSet<&str> = f.links.iter().map(String::as_str).collect();
        for link in recorded.difference(&declared) {
            let declare = if manifest.resource(link).is_none() {
                format!(" and declare [resources.{}]", key(link))
            } else {
                String::new()
            };
            out.push(
                at(format!(
                    "SST links `{link}` to `{}` ({}), but its link set lacks it: the code cannot read a resource it may use",
                    f.name, t.origin
                ))
                .help(format!("add {} to [functions.{}] link{declare}", quote(link), key(&f.name))),
            );
        }
        for link in declared.difference(&recorded) {
            out.push(
                at(format!(
                    "`{}` links `{link}`, which SST does not link to it ({}): the code compiles, then fails at run time or with AccessDenied",
                    f.name, t.origin
                ))
                .help(format!(
                    "remove {} from [functions.{}] link, or add it to the component's `link` in sst.config.ts and redeploy",
                    quote(link),
                    key(&f.name)
                )),
            );
        }
    }
    out
}

/// Warnings for each Rust function SST records (`runtime: "rust"`) that `manifest`
/// has no `[functions.<Name>]` for: its links are then typed only app-wide. At the
/// top of `file` (the manifest has no place for what it lacks).
pub fn unlisted_rust_functions(
    manifest: &Manifest,
    file: &SourceFile,
    record: &Record,
) -> Vec<Diagnostic> {
    record
        .targets
        .iter()
        .filter(|t| t.is_rust() && manifest.function(&t.name).is_none())
        .map(|t| {
            let links: Vec<String> = t.links.iter().map(|l| quote(l)).collect();
            file.diagnostic(
                0..0,
                format!(
                    "SST records the Rust function `{}` ({}), which {} does not declare",
                    t.name, t.origin, manifest.file
                ),
            )
            .warning()
            .help(format!(
                "declare it to type its links: [functions.{}] link = [{}]",
                key(&t.name),
                links.join(", ")
            ))
        })
        .collect()
}

/// Each property SST stores as a secret (Pulumi sealed its value, the record's
/// `secret_paths`) that `manifest` declares as a plain string: generated as `String`,
/// it would print in `Debug` and logs. At the resource in `file`.
pub fn check_secrets(manifest: &Manifest, file: &SourceFile, record: &Record) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // A built-in type's secrets are the catalogue's (held to SST's sources by the
    // conformance test); what the user declares is a Linkable's or a custom type's.
    let declared = |r: &&resource_manifest::LinkedResource| {
        catalogue::lookup(&r.wire_type).is_none_or(|b| b.custom_properties)
    };
    for r in manifest.resources.iter().filter(declared) {
        for path in record.secret_paths.get(&r.name).into_iter().flatten() {
            let mut properties = r.properties.as_slice();
            let mut found = None;
            for part in path.split('.') {
                let name = part.trim_end_matches("[]");
                let Some(p) = properties.iter().find(|p| p.name == name) else {
                    found = None;
                    break;
                };
                found = Some(p);
                let mut ty = &p.ty;
                while let PropertyType::List(item) = ty {
                    ty = item;
                }
                properties = match ty {
                    PropertyType::Object(children) => children,
                    _ => &[],
                };
            }
            if let Some(p) = found.filter(|p| !p.secret && p.ty == PropertyType::String) {
                out.push(
                    file.diagnostic(
                        r.span.clone(),
                        format!(
                            "`{}.{path}` is a secret in SST's record of stage `{}` (Pulumi sealed its value), but {} declares it `{}`: it would print in Debug output and logs",
                            r.name,
                            record.stage,
                            manifest.file,
                            p.ty.manifest_name()
                        ),
                    )
                    .about(&r.name)
                    .help(format!("declare `{}` as \"secret\"", p.name)),
                );
            }
        }
    }
    out
}

/// Checks the links SST deployed (`record.links`: name -> link JSON, as `sst shell`
/// reads them from the stage's state at `record.source`) against `manifest`, read
/// from `file`, for the resources `function` links (all when `None`): each must be
/// deployed, as the declared type, with every required property of its declared type.
/// Each difference is a diagnostic at the line of `file` to change (the resource's
/// `type`, the property's declaration), with what to write there. The JSON is kept as
/// SST wrote it (extra properties included), so the variables are the ones `sst shell`
/// sets. Problems never quote a value.
pub fn check_deployed(
    manifest: &Manifest,
    file: &SourceFile,
    function: Option<&Function>,
    record: &Record,
) -> Result<Links, Vec<Diagnostic>> {
    let declarations = Declarations::new(file);
    let mut problems = Vec::new();
    let mut links = Links::new();
    for r in manifest.linked_to(function) {
        let Some(json) = record.links.get(&r.name) else {
            let help = match resource_manifest::did_you_mean(
                &r.name,
                record.links.keys().map(String::as_str),
            ) {
                Some(best) => format!(
                    "did you mean `{best}`? (rename [resources.{}] in {})",
                    key(&r.name),
                    manifest.file
                ),
                None => format!(
                    "deploy it (`sst deploy`), or check --stage; if the app no longer links it, remove [resources.{}]",
                    key(&r.name)
                ),
            };
            problems.push(
                file.diagnostic(
                    r.span.clone(),
                    format!(
                        "`{}` is not deployed on this stage: {} links no `{}`",
                        r.name, record.source, r.name
                    ),
                )
                .about(&r.name)
                .help(help),
            );
            continue;
        };
        let drift = Drift {
            manifest,
            file,
            declarations: &declarations,
            record,
            r,
            link: json,
        };
        match json.get("type").and_then(Value::as_str) {
            Some(t) if catalogue::normalize_type(t) != catalogue::normalize_type(&r.wire_type) => {
                problems.push(drift.type_differs(t));
            }
            _ => drift.properties(&r.properties, json, "", &mut problems),
        }
        links.insert(r.name.clone(), json.clone());
    }
    if problems.is_empty() {
        Ok(links)
    } else {
        Err(problems)
    }
}

/// Warnings for each property SST links that `manifest` does not declare, for the
/// resources whose properties the manifest declares (an `sst.Linkable`'s, a type's
/// under `[types]`): the generated code has no field for it. At the declaration the
/// property would join, in `file`. Built-in types' properties are the catalogue's,
/// held to SST's sources, and are left alone; so is a resource deployed as another
/// type ([`check_deployed`] reports it).
pub fn undeclared_properties(
    manifest: &Manifest,
    file: &SourceFile,
    record: &Record,
) -> Vec<Diagnostic> {
    let declarations = Declarations::new(file);
    let mut out = Vec::new();
    for r in &manifest.resources {
        let Some(json) = record.links.get(&r.name) else {
            continue;
        };
        let same_type = json.get("type").and_then(Value::as_str).is_none_or(|t| {
            catalogue::normalize_type(t) == catalogue::normalize_type(&r.wire_type)
        });
        if !same_type || matches!(declarations.properties(r).0, Declared::Catalogue) {
            continue;
        }
        let drift = Drift {
            manifest,
            file,
            declarations: &declarations,
            record,
            r,
            link: json,
        };
        drift.undeclared(&r.properties, json, "", &mut out);
    }
    out
}

/// Where a resource's properties are declared.
#[derive(Debug, Clone, PartialEq)]
enum Declared {
    /// Under the resource: `[resources.<Name>] properties` (an `sst.Linkable`).
    Resource,
    /// Under its type, as written: `[types."<type>"] properties`.
    Type(String),
    /// Nowhere in the file: a built-in type's, from the catalogue.
    Catalogue,
}

/// A key of a TOML table and its value, with their spans.
type Entry<'t, 'a> = (&'t Spanned<DeString<'a>>, &'t Spanned<DeValue<'a>>);

/// Where `links.toml` declares each resource's `type` and properties, as byte ranges
/// of its text, so a difference is shown at the line to change. An `sst-env.d.ts`
/// (not TOML) gives the resources' names only.
struct Declarations<'a> {
    root: Option<DeTable<'a>>,
}

impl<'a> Declarations<'a> {
    fn new(file: &'a SourceFile) -> Self {
        let root = (!resource_manifest::is_dts(file.name()))
            .then(|| DeTable::parse_recoverable(file.text()).0.into_inner());
        Declarations { root }
    }

    /// The entry `name` of `table`.
    fn entry<'t>(table: &'t DeTable<'a>, name: &str) -> Option<Entry<'t, 'a>> {
        table.iter().find(|(k, _)| k.get_ref().as_ref() == name)
    }

    /// The table at `path` from the root (`resources`, `<Name>`).
    fn table(&self, path: &[&str]) -> Option<&DeTable<'a>> {
        path.iter().try_fold(self.root.as_ref()?, |t, name| {
            match Self::entry(t, name)?.1.get_ref() {
                DeValue::Table(t) => Some(t),
                _ => None,
            }
        })
    }

    /// `r`'s `type = "..."` value, else its name.
    fn type_span(&self, r: &LinkedResource) -> Range<usize> {
        self.table(&["resources", &r.name])
            .and_then(|t| Self::entry(t, "type"))
            .map_or_else(|| r.span.clone(), |(_, v)| v.span())
    }

    /// Where `r`'s properties are declared, and the `properties` entry there.
    fn properties(&self, r: &LinkedResource) -> (Declared, Option<Entry<'_, 'a>>) {
        if let Some(e) = self
            .table(&["resources", &r.name])
            .and_then(|t| Self::entry(t, "properties"))
        {
            return (Declared::Resource, Some(e));
        }
        if let Some(e) = self
            .table(&["types", &r.component])
            .and_then(|t| Self::entry(t, "properties"))
        {
            return (Declared::Type(r.component.clone()), Some(e));
        }
        (Declared::Catalogue, None)
    }

    /// The key that declares `r`'s property at `path` (`redis.port`, list indices
    /// ignored); the nearest declaration holding it when it has none (the
    /// `properties` entry, else the type).
    fn property_span(&self, r: &LinkedResource, path: &str) -> Range<usize> {
        let Some((key, value)) = self.properties(r).1 else {
            return self.type_span(r);
        };
        let mut span = key.span();
        let mut value = value;
        for part in path.split('.').map(|p| p.split('[').next().unwrap_or(p)) {
            let DeValue::Table(t) = value.get_ref() else {
                break;
            };
            let Some((k, v)) = Self::entry(t, part) else {
                break;
            };
            span = k.span();
            value = v;
        }
        span
    }
}

/// One linked resource held against its deployed link.
struct Drift<'r> {
    manifest: &'r Manifest,
    file: &'r SourceFile,
    declarations: &'r Declarations<'r>,
    record: &'r Record,
    r: &'r LinkedResource,
    link: &'r Value,
}

impl Drift<'_> {
    /// `r` is deployed as the type `deployed`, which is not its declared type.
    fn type_differs(&self, deployed: &str) -> Diagnostic {
        let r = self.r;
        let write = catalogue::lookup(deployed).map_or_else(
            || catalogue::normalize_type(deployed).into_owned(),
            |b| b.name.to_owned(),
        );
        self.file
            .diagnostic(
                self.declarations.type_span(r),
                format!(
                    "`{}` is deployed as `{deployed}`, but {} declares `{}`",
                    r.name, self.manifest.file, r.component
                ),
            )
            .about(&r.name)
            .help(format!(
                "set type = {} in [resources.{}], as SST deployed it; or redeploy, if sst.config.ts now makes it a `{}`",
                quote(&write),
                key(&r.name),
                r.component
            ))
    }

    /// Where `r`'s properties are declared, as a help names it, with the table
    /// `path` (a property path, `redis.port`) sits in: `[resources.Api] properties.redis`.
    fn place(&self, declared: &Declared, path: &str) -> String {
        let table = match declared {
            Declared::Resource => format!("[resources.{}] properties", key(&self.r.name)),
            Declared::Type(t) => format!("[types.{}] properties", key(t)),
            Declared::Catalogue => String::new(),
        };
        match path.rsplit_once('.') {
            Some((parent, _)) => format!("{table}.{parent}"),
            None => table,
        }
    }

    /// The declaration of `path` as the deployed link shows it (`port = "integer"`).
    fn as_deployed(&self, path: &str) -> Option<String> {
        let value = crate::property_at(self.link, path)?;
        let secret = self
            .record
            .secret_paths
            .get(&self.r.name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let name = path.rsplit('.').next().unwrap_or(path);
        let property = Property {
            name: name.to_owned(),
            field: resource_manifest::names::field_name(name),
            ty: infer_type(value, path, secret),
            optional: value.is_null(),
            secret: matches!(value, Value::String(_)) && secret.iter().any(|s| s == path),
        };
        let table = inline(std::slice::from_ref(&property));
        Some(table[2..table.len() - 2].to_owned())
    }

    /// The help for a built-in type whose deployed link differs from the catalogue's:
    /// redeploy, or declare what this SST version links.
    fn catalogue_help(&self) -> String {
        let secret = self
            .record
            .secret_paths
            .get(&self.r.name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let properties = self
            .link
            .as_object()
            .map(|o| infer(o, "", secret))
            .unwrap_or_default();
        format!(
            "redeploy with the SST version links.toml is checked against; or declare what yours links: [types.{}] properties = {}",
            key(&self.r.component),
            inline(&properties)
        )
    }

    /// Reports each of `properties` missing from `object` (the link, or an object in
    /// it at `prefix`) or not of its declared type.
    fn properties(
        &self,
        properties: &[Property],
        object: &Value,
        prefix: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        for p in properties {
            let path = format!("{prefix}{}", p.name);
            match object.get(&p.name) {
                None | Some(Value::Null) if p.optional => {}
                None | Some(Value::Null) => problems.push(self.missing(p, &path)),
                Some(v) => self.check_type(&p.ty, v, &path, problems),
            }
        }
    }

    /// `p`, declared at `path`, is not in the deployed link.
    fn missing(&self, p: &Property, path: &str) -> Diagnostic {
        let r = self.r;
        let (declared, _) = self.declarations.properties(r);
        let ty = p.ty.manifest_name();
        let help = match &declared {
            Declared::Catalogue => self.catalogue_help(),
            declared => {
                let mut optional = p.clone();
                optional.optional = true;
                let table = inline(std::slice::from_ref(&optional));
                format!(
                    "remove `{}` from {}, or make it optional: {}; or link it in sst.config.ts and redeploy",
                    p.name,
                    self.place(declared, path),
                    &table[2..table.len() - 2]
                )
            }
        };
        self.file
            .diagnostic(
                self.declarations.property_span(r, path),
                format!(
                    "`{}.{path}` is declared `{ty}`, but the deployed link has no such property ({})",
                    r.name, self.record.source
                ),
            )
            .about(&r.name)
            .help(help)
    }

    fn check_type(
        &self,
        ty: &PropertyType,
        value: &Value,
        path: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        let ok = match (ty, value) {
            (PropertyType::String, Value::String(_))
            | (PropertyType::Boolean, Value::Bool(_))
            | (PropertyType::Number, Value::Number(_))
            | (PropertyType::Json, _) => true,
            (PropertyType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (PropertyType::List(item), Value::Array(items)) => {
                for (i, v) in items.iter().enumerate() {
                    self.check_type(item, v, &format!("{path}[{i}]"), problems);
                }
                true
            }
            (PropertyType::Object(children), Value::Object(_)) => {
                self.properties(children, value, &format!("{path}."), problems);
                true
            }
            _ => false,
        };
        if ok {
            return;
        }
        let found = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "a table",
        };
        let r = self.r;
        // The property declared: a list's, for one of its items.
        let declared_path = path.split('[').next().unwrap_or(path);
        let (declared, _) = self.declarations.properties(r);
        let help = match (&declared, self.as_deployed(declared_path)) {
            (Declared::Catalogue, _) | (_, None) => self.catalogue_help(),
            (declared, Some(line)) => format!(
                "declare it as deployed: {line} in {}; or change what sst.config.ts links and redeploy",
                self.place(declared, declared_path)
            ),
        };
        problems.push(
            self.file
                .diagnostic(
                    self.declarations.property_span(r, path),
                    format!(
                        "`{}.{path}` is declared `{}`, but the deployed link holds {found} ({})",
                        r.name,
                        ty.manifest_name(),
                        self.record.source
                    ),
                )
                .about(&r.name)
                .help(help),
        );
    }

    /// Warns of each property of `object` (the link, or an object in it at `prefix`)
    /// that `properties` does not declare.
    fn undeclared(
        &self,
        properties: &[Property],
        object: &Value,
        prefix: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let Some(object) = object.as_object() else {
            return;
        };
        let r = self.r;
        for (name, value) in object {
            if prefix.is_empty() && name == "type" {
                continue;
            }
            let path = format!("{prefix}{name}");
            match properties.iter().find(|p| &p.name == name) {
                Some(p) => {
                    if let PropertyType::Object(children) = &p.ty {
                        self.undeclared(children, value, &format!("{path}."), out);
                    }
                }
                None => {
                    let (declared, _) = self.declarations.properties(r);
                    let line = self.as_deployed(&path).unwrap_or_default();
                    out.push(
                        self.file
                            .diagnostic(
                                self.declarations.property_span(r, &path),
                                format!(
                                    "SST links `{}.{path}`, which {} does not declare: the code cannot read it",
                                    r.name, self.manifest.file
                                ),
                            )
                            .about(&r.name)
                            .warning()
                            .help(format!(
                                "declare it: {line} in {}",
                                self.place(&declared, &path)
                            )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record() -> Record {
        let mut r = Record {
            app: "shop".into(),
            stage: "dev".into(),
            source: "state.json".into(),
            ..Record::default()
        };
        r.links.insert(
            "Media".into(),
            json!({"name": "m", "type": "sst.aws.Bucket"}),
        );
        r.links.insert(
            "Api".into(),
            json!({"url": "u", "port": 8, "ratio": 0.5, "tags": ["a"], "ids": [1, 2.5], "none": null, "empty": [], "redis": {"host": "h", "password": "p"}, "type": "sst.sst.Linkable"}),
        );
        r.links.insert(
            "Old".into(),
            json!({"arn": "a", "type": "sst:custom:Thing"}),
        );
        r.secret_paths
            .insert("Api".into(), vec!["redis.password".into()]);
        r.includes.insert(
            "Api".into(),
            vec![json!({"type": "environment", "env": {"API_URL": "u"}}), json!({"type": "aws.permission", "actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::m/*"]})],
        );
        r.add_target(
            Target::from_output(
                "Fn",
                "sst:aws:Function",
                "_live",
                &json!({"functionID": "Fn", "links": ["Media", "Api"], "runtime": "rust"}),
            )
            .unwrap(),
        );
        r.add_target(
            Target::from_output(
                "Studio",
                "sst:sst:DevCommand",
                "_dev",
                &json!({"links": ["Api"], "environment": {"API_URL": "dev", "X": "1"}}),
            )
            .unwrap(),
        );
        r
    }

    #[test]
    fn a_workers_live_records_no_links_and_is_not_a_target() {
        assert!(
            Target::from_output(
                "W",
                "sst:cloudflare:Worker",
                "_live",
                &json!({"links": [], "runtime": "worker"})
            )
            .is_none()
        );
    }

    #[test]
    fn import_writes_a_manifest_that_parses_with_inferred_types_and_function_sets() {
        let text = to_toml(&record());
        let m = resource_manifest::parse_str("links.toml", &text)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        let api = m.resource("Api").unwrap();
        let ty = |name: &str| {
            api.properties
                .iter()
                .find(|p| p.name == name)
                .unwrap()
                .clone()
        };
        assert_eq!(ty("port").ty, PropertyType::Integer);
        assert_eq!(ty("ratio").ty, PropertyType::Number);
        assert_eq!(
            ty("tags").ty,
            PropertyType::List(Box::new(PropertyType::String))
        );
        assert_eq!(
            ty("ids").ty,
            PropertyType::List(Box::new(PropertyType::Number))
        );
        assert!(ty("none").optional);
        assert_eq!(ty("empty").ty, PropertyType::Json);
        let PropertyType::Object(redis) = ty("redis").ty else {
            panic!("{text}")
        };
        assert!(
            redis.iter().any(|p| p.name == "password" && p.secret),
            "{text}"
        );
        assert_eq!(api.environment, [("API_URL".to_owned(), "u".to_owned())]);
        assert_eq!(api.permissions.len(), 1);
        assert_eq!(m.resource("Old").unwrap().wire_type, "sst.custom.Thing");
        assert_eq!(m.function("Fn").unwrap().links, ["Media", "Api"]);
        assert!(
            text.contains("# a Rust function, `_live` of sst:aws:Function `Fn`\n[functions.Fn]"),
            "{text}"
        );
        assert!(
            text.contains("# the LinkRef `Media`\n[resources.Media]\ntype = \"sst.aws.Bucket\"\n"),
            "{text}"
        );
        assert!(
            check_functions(&m, &SourceFile::new("links.toml", text.clone()), &record()).is_empty()
        );
    }

    #[test]
    fn each_difference_is_a_diagnostic_at_the_function() {
        let text = "[resources.Media]\ntype = \"sst.aws.Bucket\"\n[resources.Old]\ntype = \"sst.aws.Queue\"\n[functions.Fn]\nlink = [\"Media\", \"Old\"]\n[functions.Studoi]\nlink = []\n";
        let file = SourceFile::new("links.toml", text);
        let m = resource_manifest::parse_source(&file)
            .into_result()
            .unwrap();
        let d = check_functions(&m, &file, &record());
        let lines: Vec<String> = d
            .iter()
            .map(|d| {
                format!(
                    "{}: {} | {}",
                    d.line,
                    d.message,
                    d.help.clone().unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(lines.len(), 3, "{lines:#?}");
        assert!(
            lines[0].starts_with("5: SST links `Api` to `Fn` (`_live` of sst:aws:Function `Fn`)"),
            "{lines:#?}"
        );
        assert!(
            lines[0].ends_with("add \"Api\" to [functions.Fn] link and declare [resources.Api]"),
            "{lines:#?}"
        );
        assert!(
            lines[1].starts_with("5: `Fn` links `Old`, which SST does not link to it"),
            "{lines:#?}"
        );
        assert!(
            lines[2].starts_with("7: SST records no function or dev component `Studoi`"),
            "{lines:#?}"
        );
        assert!(lines[2].ends_with("did you mean `Studio`?"), "{lines:#?}");
        let mut none = record();
        none.targets.clear();
        assert!(check_functions(&m, &file, &none).is_empty());
    }

    #[test]
    fn environment_for_a_function_adds_includes_and_for_a_dev_component_only_its_own() {
        let r = record();
        let f = r.environment_for("Fn").unwrap().unwrap();
        let names: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "SST_RESOURCE_App",
                "SST_RESOURCE_Media",
                "SST_RESOURCE_Api",
                "API_URL"
            ]
        );
        let d = r.environment_for("Studio").unwrap().unwrap();
        assert_eq!(
            d.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()[2..],
            ["API_URL=dev", "X=1"]
        );
        assert!(r.environment_for("Nope").is_none());
    }

    #[test]
    fn deployed_links_are_checked_against_the_manifest() {
        let file = SourceFile::new("links.toml", crate::values::tests::MANIFEST);
        let manifest = resource_manifest::parse_source(&file)
            .into_result()
            .unwrap();
        let m = &manifest;
        let record = |links: Value| Record {
            app: "shop".into(),
            stage: "dev".into(),
            source: "state.json".into(),
            links: serde_json::from_value(links).unwrap(),
            ..Record::default()
        };
        let good = record(serde_json::json!({
            "MyBucket": {"name": "b", "type": "sst.aws.Bucket", "extra": 1},
            "Api": {"url": "u", "timeout": 5, "tags": ["a"], "redis": {"host": "h", "port": 1}, "type": "sst.sst.Linkable"},
        }));
        let links = check_deployed(m, &file, m.function("Upload"), &good).unwrap();
        assert_eq!(
            links["MyBucket"], good.links["MyBucket"],
            "kept as SST wrote it"
        );
        let bad = record(serde_json::json!({
            "MyBuckets": {"name": "b", "type": "sst.aws.Bucket"},
            "Api": {"url": 3, "timeout": 1.5, "tags": ["a", 2], "redis": {"host": "h"}, "type": "sst.sst.Linkable"},
            "Key": {"value": "sk_canary", "type": "sst.aws.Dynamo"},
        }));
        let problems = check_deployed(m, &file, None, &bad).unwrap_err();
        let rendered: Vec<String> = problems.iter().map(Diagnostic::render).collect();
        assert_eq!(
            rendered,
            [
            "error: `MyBucket` is not deployed on this stage: state.json links no `MyBucket`
 --> links.toml:3:12
  |
3 | [resources.MyBucket]
  |            ^^^^^^^^
  |
  = help: did you mean `MyBuckets`? (rename [resources.MyBucket] in links.toml)",
            "error: `Key` is deployed as `sst.aws.Dynamo`, but links.toml declares `sst.Secret`
 --> links.toml:6:8
  |
6 | type = \"sst.Secret\"
  |        ^^^^^^^^^^^^
  |
  = help: set type = \"sst.aws.Dynamo\" in [resources.Key], as SST deployed it; or redeploy, if sst.config.ts now makes it a `sst.Secret`",
            "error: `Api.url` is declared `string`, but the deployed link holds a number (state.json)
 --> links.toml:9:16
  |
9 | properties = { url = \"string\", timeout = \"integer\", tags = \"string[]\", note = \"string?\", redis = { host = \"string\", port = \"integer\" } }
  |                ^^^
  |
  = help: declare it as deployed: url = \"integer\" in [resources.Api] properties; or change what sst.config.ts links and redeploy",
            "error: `Api.timeout` is declared `integer`, but the deployed link holds a number (state.json)
 --> links.toml:9:32
  |
9 | properties = { url = \"string\", timeout = \"integer\", tags = \"string[]\", note = \"string?\", redis = { host = \"string\", port = \"integer\" } }
  |                                ^^^^^^^
  |
  = help: declare it as deployed: timeout = \"number\" in [resources.Api] properties; or change what sst.config.ts links and redeploy",
            "error: `Api.tags[1]` is declared `string`, but the deployed link holds a number (state.json)
 --> links.toml:9:53
  |
9 | properties = { url = \"string\", timeout = \"integer\", tags = \"string[]\", note = \"string?\", redis = { host = \"string\", port = \"integer\" } }
  |                                                     ^^^^
  |
  = help: declare it as deployed: tags = \"json\" in [resources.Api] properties; or change what sst.config.ts links and redeploy",
            "error: `Api.redis.port` is declared `integer`, but the deployed link has no such property (state.json)
 --> links.toml:9:117
  |
9 | properties = { url = \"string\", timeout = \"integer\", tags = \"string[]\", note = \"string?\", redis = { host = \"string\", port = \"integer\" } }
  |                                                                                                                     ^^^^
  |
  = help: remove `port` from [resources.Api] properties.redis, or make it optional: port = \"integer?\"; or link it in sst.config.ts and redeploy",
            ]
        );
        assert!(!rendered.concat().contains("sk_canary"));
    }

    /// A property SST links that the manifest does not declare (a Linkable's, a custom
    /// type's) is a warning at the declaration it would join; a built-in type's drift
    /// names the catalogue's type and what to declare.
    #[test]
    fn undeclared_properties_and_builtin_drift_point_at_their_declarations() {
        let text = "[app]\nname = \"shop\"\n\n[resources.Api]\ntype = \"sst.Linkable\"\nproperties = { url = \"string\", redis = { host = \"string\" } }\n\n[resources.Keys]\ntype = \"aws.dynamodb/table.Table\"\n\n[resources.Media]\ntype = \"sst.aws.Bucket\"\n\n[types.\"aws.dynamodb/table.Table\"]\nproperties = { tableName = \"string\" }\n";
        let file = SourceFile::new("links.toml", text);
        let m = resource_manifest::parse_source(&file)
            .into_result()
            .unwrap();
        let mut record = Record {
            app: "shop".into(),
            stage: "dev".into(),
            source: "state.json".into(),
            links: serde_json::from_value(json!({
                "Api": {"url": "u", "port": 8, "redis": {"host": "h", "password": "pw_canary"}, "type": "sst.sst.Linkable"},
                "Keys": {"tableName": "t", "arn": "a", "type": "aws.dynamodb/table.Table"},
                "Media": {"bucket": "b", "type": "sst.aws.Bucket"},
            }))
            .unwrap(),
            ..Record::default()
        };
        record
            .secret_paths
            .insert("Api".into(), vec!["redis.password".into()]);
        let warnings: Vec<String> = undeclared_properties(&m, &file, &record)
            .iter()
            .map(Diagnostic::render)
            .collect();
        assert_eq!(
            warnings,
            [
                "warning: SST links `Api.port`, which links.toml does not declare: the code cannot read it
 --> links.toml:6:1
  |
6 | properties = { url = \"string\", redis = { host = \"string\" } }
  | ^^^^^^^^^^
  |
  = help: declare it: port = \"integer\" in [resources.Api] properties",
                "warning: SST links `Api.redis.password`, which links.toml does not declare: the code cannot read it
 --> links.toml:6:32
  |
6 | properties = { url = \"string\", redis = { host = \"string\" } }
  |                                ^^^^^
  |
  = help: declare it: password = \"secret\" in [resources.Api] properties.redis",
                "warning: SST links `Keys.arn`, which links.toml does not declare: the code cannot read it
  --> links.toml:15:1
   |
15 | properties = { tableName = \"string\" }
   | ^^^^^^^^^^
   |
   = help: declare it: arn = \"string\" in [types.\"aws.dynamodb/table.Table\"] properties",
            ]
        );
        let errors: Vec<String> = check_deployed(&m, &file, None, &record)
            .unwrap_err()
            .iter()
            .map(Diagnostic::render)
            .collect();
        assert_eq!(
            errors,
            ["error: `Media.name` is declared `string`, but the deployed link has no such property (state.json)
  --> links.toml:12:8
   |
12 | type = \"sst.aws.Bucket\"
   |        ^^^^^^^^^^^^^^^^
   |
   = help: redeploy with the SST version links.toml is checked against; or declare what yours links: [types.\"sst.aws.Bucket\"] properties = { bucket = \"string\" }"]
        );
        assert!(!format!("{warnings:?}{errors:?}").contains("canary"));
    }

    /// The header names the command and stage, never where this machine keeps the
    /// state: the file is committed and read on other machines.
    #[test]
    fn the_imported_file_names_no_machine_path() {
        let record = Record {
            app: "shop".into(),
            stage: "dev".into(),
            source: "/home/someone/.config/sst/state/ab12/shop/dev.json".into(),
            ..Record::default()
        };
        let text = to_toml(&record);
        assert!(!text.contains("/home/someone"), "{text}");
        assert!(
            text.starts_with("# Imported by `sst-resources import --deployed --app shop --stage dev` from SST's record of\n# the stage in SST's home."),
            "{text}"
        );
    }
}
