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

use serde_json::Value;

use crate::environment::Environment;
use crate::values::Links;
use crate::write::{inline, key, quote, union};
use resource_manifest::catalogue;
use resource_manifest::{Diagnostic, SourceFile};
use resource_manifest::{Manifest, Property, PropertyType};

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

/// Checks the links SST deployed (`deployed`: name -> link JSON, as `sst shell` reads
/// them from the stage's state at `source`) against `manifest`, for the resources
/// `function` links (all when `None`): each must be deployed, as the declared type,
/// with every required property of its declared type. The JSON is kept as SST wrote
/// it (extra properties included), so the variables are the ones `sst shell` sets.
/// Problems never quote a value.
pub fn check_deployed(
    manifest: &Manifest,
    function: Option<&str>,
    deployed: &BTreeMap<String, Value>,
    source: &str,
) -> Result<Links, Vec<String>> {
    let f = function
        .map(|name| manifest.find_function(name))
        .transpose()
        .map_err(|e| vec![e])?;
    let mut problems = Vec::new();
    let mut links = Links::new();
    for r in manifest.linked_to(f) {
        let Some(json) = deployed.get(&r.name) else {
            let help =
                match resource_manifest::did_you_mean(&r.name, deployed.keys().map(String::as_str))
                {
                    Some(best) => {
                        format!("did you mean `{best}`? (rename it in {})", manifest.file)
                    }
                    None => "deploy it (`sst deploy`), or check --stage".to_owned(),
                };
            problems.push(format!(
                "`{}` ({}:{}) is not deployed on this stage: {source} links no `{}`\nhelp: {help}",
                r.name, manifest.file, r.line, r.name
            ));
            continue;
        };
        match json.get("type").and_then(Value::as_str) {
            Some(t) if resource_manifest::catalogue::normalize_type(t) != resource_manifest::catalogue::normalize_type(&r.wire_type) => problems.push(format!(
                "`{}` is deployed as `{t}`, but {}:{} declares `{}`\nhelp: update its `type`, or redeploy",
                r.name, manifest.file, r.line, r.component
            )),
            _ => {
                let label = format!("`{}` ({}:{})", r.name, manifest.file, r.line);
                let before = problems.len();
                check_json(&label, &r.properties, json, "", &mut problems);
                for p in &mut problems[before..] {
                    p.push_str(&format!(
                        " in {source}\nhelp: redeploy, or declare the property as deployed"
                    ));
                }
            }
        }
        links.insert(r.name.clone(), json.clone());
    }
    if problems.is_empty() {
        Ok(links)
    } else {
        Err(problems)
    }
}

/// Reports each property of `object` missing or not of its declared type, each
/// problem starting with `label` (the resource and where it is declared).
fn check_json(
    label: &str,
    properties: &[Property],
    object: &Value,
    prefix: &str,
    problems: &mut Vec<String>,
) {
    for p in properties {
        let path = format!("{prefix}{}", p.name);
        match object.get(&p.name) {
            None | Some(Value::Null) if p.optional => {}
            None | Some(Value::Null) => problems.push(format!(
                "{label}: the deployed link has no `{path}` ({})",
                p.ty.manifest_name()
            )),
            Some(v) => check_type(label, &p.ty, v, &path, problems),
        }
    }
}

fn check_type(
    label: &str,
    ty: &PropertyType,
    value: &Value,
    path: &str,
    problems: &mut Vec<String>,
) {
    let ok = match (ty, value) {
        (PropertyType::String, Value::String(_))
        | (PropertyType::Boolean, Value::Bool(_))
        | (PropertyType::Number, Value::Number(_))
        | (PropertyType::Json, _) => true,
        (PropertyType::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
        (PropertyType::List(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                check_type(label, item, v, &format!("{path}[{i}]"), problems);
            }
            true
        }
        (PropertyType::Object(children), Value::Object(_)) => {
            check_json(label, children, value, &format!("{path}."), problems);
            true
        }
        _ => false,
    };
    if !ok {
        let found = match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "a table",
        };
        problems.push(format!(
            "{label}: deployed `{path}` should be {}, found {found}",
            ty.manifest_name()
        ));
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
        let manifest =
            resource_manifest::parse_str("links.toml", crate::values::tests::MANIFEST).unwrap();
        let m = &manifest;
        let deployed: BTreeMap<String, Value> = serde_json::from_value(serde_json::json!({
            "MyBucket": {"name": "b", "type": "sst.aws.Bucket", "extra": 1},
            "Api": {"url": "u", "timeout": 5, "tags": ["a"], "redis": {"host": "h", "port": 1}, "type": "sst.sst.Linkable"},
        }))
        .unwrap();
        let links = check_deployed(m, Some("Upload"), &deployed, "state.json").unwrap();
        assert_eq!(
            links["MyBucket"], deployed["MyBucket"],
            "kept as SST wrote it"
        );
        let bad: BTreeMap<String, Value> = serde_json::from_value(serde_json::json!({
            "MyBuckets": {"name": "b", "type": "sst.aws.Bucket"},
            "Api": {"url": 3, "timeout": 1.5, "tags": ["a", 2], "redis": {"host": "h"}, "type": "sst.sst.Linkable"},
            "Key": {"value": "sk_canary", "type": "sst.aws.Dynamo"},
        }))
        .unwrap();
        let problems = check_deployed(m, None, &bad, "state.json").unwrap_err();
        assert_eq!(
            problems,
            [
                "`MyBucket` (links.toml:3) is not deployed on this stage: state.json links no `MyBucket`\nhelp: did you mean `MyBuckets`? (rename it in links.toml)",
                "`Key` is deployed as `sst.aws.Dynamo`, but links.toml:5 declares `sst.Secret`\nhelp: update its `type`, or redeploy",
                "`Api` (links.toml:7): deployed `url` should be string, found a number in state.json\nhelp: redeploy, or declare the property as deployed",
                "`Api` (links.toml:7): deployed `timeout` should be integer, found a number in state.json\nhelp: redeploy, or declare the property as deployed",
                "`Api` (links.toml:7): deployed `tags[1]` should be string, found a number in state.json\nhelp: redeploy, or declare the property as deployed",
                "`Api` (links.toml:7): the deployed link has no `redis.port` (integer) in state.json\nhelp: redeploy, or declare the property as deployed",
            ]
        );
        assert!(!problems.concat().contains("sk_canary"));
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
