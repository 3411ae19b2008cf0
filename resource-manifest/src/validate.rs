//! Turns the raw manifest into a [`Manifest`]: resolves component types against the
//! catalogue and `[types]`, derives Rust names, and checks every cross-reference.
//! Each problem becomes a [`Diagnostic`]; whatever is sound is still resolved, so the
//! macro can emit a partial `Resource` while it reports errors.

use std::collections::HashMap;

use crate::ast::{
    Condition, Effect, Export, Function, Handler, LinkedResource, MAX_TYPE_DEPTH, Manifest,
    Permission, Property, PropertyType,
};
use crate::catalogue::{self, ComponentType};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::names;
use crate::parse::{RawInclude, RawManifest, RawPermission, RawProperty, RawSpec, RawType, Sp};

/// Scalar type names a property may use; `[]` makes a list, a trailing `?` optional.
pub(crate) const TYPE_NAMES: &[&str] =
    &["string", "integer", "number", "boolean", "json", "secret"];

/// The resource name SST reserves for the app itself.
pub(crate) const RESERVED: &str = "App";

struct Resolver<'f> {
    file: &'f SourceFile,
    diagnostics: Vec<Diagnostic>,
}

/// Resolves and checks `raw`; returns what is sound and every problem.
pub(crate) fn resolve(file: &SourceFile, raw: RawManifest) -> (Manifest, Vec<Diagnostic>) {
    let mut r = Resolver {
        file,
        diagnostics: Vec::new(),
    };
    let custom = r.custom_types(&raw.types);
    let mut resources = Vec::new();
    let mut unresolved = Vec::new();
    for raw_resource in &raw.resources {
        match r.resource(raw_resource, &custom) {
            Some(resource) => resources.push(resource),
            None => unresolved.push(raw_resource.name.value.clone()),
        }
    }
    let before: Vec<String> = resources.iter().map(|x| x.name.clone()).collect();
    r.check_names(&mut resources);
    unresolved.extend(
        before
            .into_iter()
            .filter(|name| !resources.iter().any(|x| &x.name == name)),
    );
    let app_server = raw.app_server.as_ref().is_some_and(|s| s.value);
    let functions = raw
        .functions
        .iter()
        .map(|f| {
            r.function(
                f,
                &raw.resources
                    .iter()
                    .map(|x| x.name.value.as_str())
                    .collect::<Vec<_>>(),
                &resources,
                app_server,
            )
        })
        .collect();
    if raw.resources.is_empty() && r.diagnostics.is_empty() {
        let d = file
            .diagnostic(0..0, "the manifest declares no resources")
            .help("declare at least one, e.g.\n[resources.MyBucket]\ntype = \"sst.aws.Bucket\"");
        r.diagnostics.push(d);
    }
    let manifest = Manifest {
        app_name: raw.app_name.map(|n| n.value),
        server: app_server,
        resources,
        functions,
        unresolved,
        ..Manifest::empty(file.name())
    };
    (manifest, r.diagnostics)
}

/// A component type declared in `[types]`, resolved.
struct CustomType {
    properties: Option<Vec<Property>>,
    permissions: Option<Vec<Permission>>,
    /// The line of its `permissions` key.
    permissions_line: Option<usize>,
}

impl Resolver<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Each resource of an `aws.permission` must be able to become `*` or an ARN:
    /// AWS rejects any other policy resource (`""` is SST #4265).
    fn check_templates(&mut self, p: &RawPermission, about: &str) {
        for r in &p.resources {
            if !crate::ast::is_resource_template(&r.value) {
                let d = self
                    .file
                    .diagnostic(
                        r.span.clone(),
                        format!(
                            "`{}` is not a policy resource: AWS accepts only `*` or an ARN, and rejects the policy (MalformedPolicyDocument)",
                            r.value
                        ),
                    )
                    .about(about)
                    .help("write an ARN such as \"arn:aws:s3:::my-bucket/*\", a template such as \"arn:{partition}:s3:::{name}/*\", or \"*\"");
                self.push(d);
            }
        }
    }

    fn custom_types(&mut self, types: &[RawType]) -> HashMap<String, CustomType> {
        let mut out = HashMap::new();
        for t in types {
            let builtin = catalogue::lookup(&t.name.value);
            // A built-in type's properties may be overridden (an older SST version
            // linked another set); a Linkable's come from each resource instead.
            if let (Some(builtin), Some(props)) = (builtin, &t.properties) {
                if builtin.custom_properties {
                    let d = self
                        .file
                        .diagnostic(
                            props.span.clone(),
                            format!("`{}` takes its properties from each resource", t.name.value),
                        )
                        .about(&t.name.value)
                        .help("declare `properties` under each [resources.<Name>] of this type");
                    self.push(d);
                }
            }
            let properties = t
                .properties
                .as_ref()
                .map(|p| self.properties(&p.value, &t.name.value, 0));
            let permissions = t.permissions.as_ref().map(|p| {
                for raw in &p.value {
                    self.check_templates(raw, &t.name.value);
                }
                permissions(&p.value)
            });
            if builtin.is_none() && properties.is_none() {
                let d = self
                    .file
                    .diagnostic(t.name.span.clone(), format!("custom type `{}` declares no `properties`", t.name.value))
                    .help("add `properties = { name = \"string\" }` (or `properties = {}` if it links none)");
                self.push(d);
            }
            let permissions_line = t
                .permissions
                .as_ref()
                .map(|p| self.file.line_column(p.span.start).0);
            out.insert(
                t.name.value.clone(),
                CustomType {
                    properties,
                    permissions,
                    permissions_line,
                },
            );
        }
        out
    }

    fn resource(
        &mut self,
        raw: &crate::parse::RawResource,
        custom: &HashMap<String, CustomType>,
    ) -> Option<LinkedResource> {
        let name = &raw.name.value;
        let component = raw.component.as_ref()?;
        let builtin = catalogue::lookup(&component.value);
        let declared = custom.get(&component.value);
        let mut environment = builtin.map(ComponentType::environment).unwrap_or_default();
        let mut binding = builtin.and_then(|b| b.binding).map(str::to_owned);
        let (wire_type, mut properties, mut perms, custom_properties) = match (builtin, declared) {
            (Some(b), over) => (
                b.wire_type.to_owned(),
                over.and_then(|o| o.properties.clone())
                    .unwrap_or_else(|| b.properties()),
                over.and_then(|o| o.permissions.clone())
                    .unwrap_or_else(|| b.permissions()),
                b.custom_properties,
            ),
            (None, Some(c)) => (
                crate::catalogue::normalize_type(&component.value).into_owned(),
                c.properties.clone().unwrap_or_default(),
                c.permissions.clone().unwrap_or_default(),
                false,
            ),
            (None, None) => {
                let known: Vec<&str> = catalogue::BUILTIN
                    .iter()
                    .map(|c| c.name)
                    .chain(custom.keys().map(String::as_str))
                    .collect();
                let d = self
                    .file
                    .diagnostic(component.span.clone(), format!("unknown component type `{}`", component.value))
                    .about(name)
                    .suggest(
                        &component.value,
                        known.iter().copied(),
                        Some("use a built-in type such as `sst.aws.Bucket`, or declare it under [types.\"<type>\"] with its properties".into()),
                    );
                self.push(d);
                return None;
            }
        };
        match (&raw.properties, custom_properties) {
            (Some(p), true) => properties = self.properties(&p.value, name, 0),
            (Some(p), false) => {
                let d = self
                    .file
                    .diagnostic(p.span.clone(), format!("`{}` links fixed properties; `properties` is only for `sst.Linkable` and types declared under [types]", component.value))
                    .about(name)
                    .help("remove `properties`, or declare a custom type under [types.\"<type>\"]");
                self.push(d);
            }
            (None, _) => {}
        }
        match (&raw.include, custom_properties) {
            (Some(inc), true) => {
                for include in &inc.value {
                    match include {
                        RawInclude::Permission(p) => {
                            self.check_templates(p, name);
                            perms.push(permission(p));
                        }
                        RawInclude::Environment(vars) => environment
                            .extend(vars.iter().map(|(k, v)| (k.value.clone(), v.value.clone()))),
                        RawInclude::Binding(kind) => {
                            if catalogue::BINDING_KINDS.contains(&kind.value.as_str()) {
                                binding = Some(kind.value.clone());
                            } else {
                                let d = self
                                    .file
                                    .diagnostic(
                                        kind.span.clone(),
                                        format!("unknown Cloudflare binding kind `{}`", kind.value),
                                    )
                                    .about(name)
                                    .suggest(
                                        &kind.value,
                                        catalogue::BINDING_KINDS.iter().copied(),
                                        Some(format!(
                                            "SST's binding kinds are {}",
                                            catalogue::BINDING_KINDS.join(", ")
                                        )),
                                    );
                                self.push(d);
                            }
                        }
                    }
                }
            }
            (Some(inc), false) => {
                let d = self
                    .file
                    .diagnostic(
                        inc.span.clone(),
                        format!(
                            "`include` is only for `sst.Linkable`; `{}` grants its own permissions",
                            component.value
                        ),
                    )
                    .about(name)
                    .help(format!(
                        "to change what `{}` grants, declare [types.\"{}\"] permissions = [...]",
                        component.value, component.value
                    ));
                self.push(d);
            }
            (None, _) => {}
        }
        // Inside a Worker a resource that brings a binding is only that binding: SST
        // sets no text for it (`buildBindings` in `cloudflare/worker.ts`), so a
        // Linkable's properties with a binding include may be absent.
        if custom_properties && binding.is_some() {
            for p in &mut properties {
                p.optional = true;
            }
        }
        let field = match &raw.field {
            Some(f) if names::is_valid_field(&f.value) => f.value.clone(),
            Some(f) => {
                let d = self
                    .file
                    .diagnostic(
                        f.span.clone(),
                        format!(
                            "`field = \"{}\"` is not a snake_case Rust identifier",
                            f.value
                        ),
                    )
                    .about(name)
                    .help(format!(
                        "use lowercase letters, digits and `_`, e.g. `field = \"{}\"`",
                        names::field_name(&f.value)
                    ));
                self.push(d);
                names::field_name(name)
            }
            None => names::field_name(name),
        };
        let (line, _) = self.file.line_column(raw.name.span.start);
        Some(LinkedResource {
            name: name.clone(),
            type_name: names::type_name(&field),
            field,
            component: component.value.clone(),
            wire_type,
            properties,
            permissions: perms,
            environment,
            binding,
            line,
            span: raw.name.span.clone(),
            grant_line: declared.and_then(|c| c.permissions_line),
        })
    }

    fn check_names(&mut self, resources: &mut Vec<LinkedResource>) {
        check_names(self.file, resources, &mut self.diagnostics);
    }

    fn function(
        &mut self,
        raw: &crate::parse::RawFunction,
        declared: &[&str],
        resources: &[LinkedResource],
        app_server: bool,
    ) -> Function {
        let mut links: Vec<String> = Vec::new();
        let mut unresolved_links = Vec::new();
        // What a mistyped link most likely meant: the code names that resource, so its
        // field must not add an error of its own to the manifest's.
        let mut meant = Vec::new();
        for link in &raw.links {
            let name = &link.value;
            if name == RESERVED {
                let d = self
                    .file
                    .diagnostic(link.span.clone(), "`App` is always linked; do not list it")
                    .about(&raw.name.value)
                    .help("remove \"App\" from `link`");
                self.push(d);
            } else if links.contains(name) {
                let d = self
                    .file
                    .diagnostic(link.span.clone(), format!("`{name}` is linked twice"))
                    .about(&raw.name.value)
                    .help("remove the second entry");
                self.push(d);
            } else if !declared.contains(&name.as_str()) {
                let d = self
                    .file
                    .diagnostic(
                        link.span.clone(),
                        format!(
                            "function `{}` links `{name}`, which is not declared under [resources]",
                            raw.name.value
                        ),
                    )
                    .about(&raw.name.value)
                    .suggest(
                        name,
                        declared.iter().copied(),
                        Some(format!("declare it: [resources.{name}] type = \"...\"")),
                    );
                self.push(d);
                if let Some(best) = crate::diagnostic::did_you_mean(name, declared.iter().copied())
                {
                    meant.push(best.to_owned());
                }
            } else if resources.iter().any(|r| r.name == *name) {
                links.push(name.clone());
            } else {
                unresolved_links.push(name.clone());
            }
        }
        let exports = self.exports(raw, &links, &unresolved_links, resources);
        for best in meant {
            if !links.contains(&best) && !unresolved_links.contains(&best) {
                unresolved_links.push(best);
            }
        }
        Function {
            name: raw.name.value.clone(),
            links,
            unresolved_links,
            line: self.file.line_column(raw.name.span.start).0,
            span: raw.name.span.clone(),
            exports,
            server: raw.server.as_ref().map_or(app_server, |s| s.value),
            handler: raw.handler.as_ref().map(|h| Handler {
                text: h.value.clone(),
                line: self.file.line_column(h.span.start).0,
                span: h.span.clone(),
            }),
        }
    }

    /// `[functions.F.env]`: each source must be a property of a resource F links.
    fn exports(
        &mut self,
        raw: &crate::parse::RawFunction,
        links: &[String],
        unresolved: &[String],
        resources: &[LinkedResource],
    ) -> Vec<Export> {
        let mut out = Vec::new();
        for (var, source) in &raw.env {
            let valid_var = var
                .value
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && var
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid_var {
                let d = self
                    .file
                    .diagnostic(
                        var.span.clone(),
                        format!("`{}` is not an environment variable name", var.value),
                    )
                    .about(&raw.name.value)
                    .help("use letters, digits and `_`, e.g. STRIPE_API_KEY");
                self.push(d);
                continue;
            }
            let mut parts = source.value.split('.');
            let resource = parts.next().unwrap_or_default();
            let path: Vec<String> = parts.map(str::to_owned).collect();
            let Some(r) = resources
                .iter()
                .find(|r| r.name == resource && links.contains(&r.name))
            else {
                if unresolved.iter().any(|u| u == resource) {
                    // Its own error says what is wrong with it.
                    continue;
                }
                let d = self
                    .file
                    .diagnostic(
                        source.span.clone(),
                        format!(
                            "`{}` exports `{resource}`, which function `{}` does not link",
                            var.value, raw.name.value
                        ),
                    )
                    .about(&raw.name.value)
                    .suggest(
                        resource,
                        links.iter().map(String::as_str),
                        Some(format!("add \"{resource}\" to its `link`")),
                    );
                self.push(d);
                continue;
            };
            let mut properties = &r.properties;
            let mut ok = !path.is_empty();
            for (i, key) in path.iter().enumerate() {
                match properties.iter().find(|p| &p.name == key) {
                    Some(p) => match (&p.ty, i + 1 == path.len()) {
                        (_, true) => {}
                        (PropertyType::Object(children), false) => properties = children,
                        _ => ok = false,
                    },
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                let names: Vec<&str> = properties.iter().map(|p| p.name.as_str()).collect();
                let last = path.last().map(String::as_str).unwrap_or_default();
                let d = self
                    .file
                    .diagnostic(
                        source.span.clone(),
                        format!("`{}` has no property `{}`", r.name, path.join(".")),
                    )
                    .about(&raw.name.value)
                    .suggest(
                        last,
                        names.iter().copied(),
                        Some(format!(
                            "write \"{}.<property>\"; its properties: {}",
                            r.name,
                            names.join(", ")
                        )),
                    );
                self.push(d);
                continue;
            }
            out.push(Export {
                var: var.value.clone(),
                resource: r.name.clone(),
                path,
            });
        }
        out
    }

    /// A table of properties: a resource's own (`depth` 0) or a nested object's (the
    /// number of tables it is in). Only a resource's own `type` is taken: SST writes
    /// the component type over it (`Link.getProperties` in `link.ts`), and keeps a
    /// nested object's as it is.
    fn properties(&mut self, raw: &[RawProperty], owner: &str, depth: usize) -> Vec<Property> {
        let mut out: Vec<(Property, &Sp<String>)> = Vec::new();
        for p in raw {
            let Some(property) = self.property(p, owner, depth) else {
                continue;
            };
            if depth == 0 && p.name.value == "type" {
                let d = self
                    .file
                    .diagnostic(
                        p.name.span.clone(),
                        "`type` is not a property: SST writes the component type there",
                    )
                    .about(owner)
                    .help("rename the property");
                self.push(d);
                continue;
            }
            if let Some((other, _)) = out.iter().find(|(q, _)| q.field == property.field) {
                let d = self
                    .file
                    .diagnostic(
                        p.name.span.clone(),
                        format!(
                            "properties `{}` and `{}` both become the field `{}`",
                            p.name.value, other.name, property.field
                        ),
                    )
                    .about(owner)
                    .help("rename one of them");
                self.push(d);
                continue;
            }
            out.push((property, &p.name));
        }
        out.into_iter().map(|(p, _)| p).collect()
    }

    fn property(&mut self, raw: &RawProperty, owner: &str, depth: usize) -> Option<Property> {
        let name = &raw.name.value;
        if name.is_empty() || !names::is_valid_field(&names::field_name(name)) {
            let d = self
                .file
                .diagnostic(
                    raw.name.span.clone(),
                    format!("property name `{name}` cannot become a Rust field: it has no letter or digit"),
                )
                .about(owner)
                .help("rename the property where SST links it, so it holds a letter or a digit");
            self.push(d);
            return None;
        }
        let field = names::field_name(name);
        match &raw.spec {
            RawSpec::Table(children) => {
                if depth + 1 > MAX_TYPE_DEPTH {
                    self.too_deep(raw.name.span.clone(), name, owner);
                    return None;
                }
                let props = self.properties(children, owner, depth + 1);
                Some(Property {
                    name: name.clone(),
                    field,
                    ty: PropertyType::Object(props),
                    optional: false,
                    secret: false,
                })
            }
            RawSpec::Type(spec) => {
                let (ty, optional, secret) = self.type_expr(spec, owner, name, depth)?;
                Some(Property {
                    name: name.clone(),
                    field,
                    ty,
                    optional,
                    secret,
                })
            }
        }
    }

    /// `name` (of `owner`) nests tables and lists deeper than [`MAX_TYPE_DEPTH`].
    fn too_deep(&mut self, span: std::ops::Range<usize>, name: &str, owner: &str) {
        let d = self
            .file
            .diagnostic(
                span,
                format!("property `{name}` nests tables and lists more than {MAX_TYPE_DEPTH} levels deep"),
            )
            .about(owner)
            .help("flatten it: SST links properties a few levels deep; declare deeper data as `json`");
        self.push(d);
    }

    /// `string`, `integer[]`, `secret`, `number?`... for property `name`, inside
    /// `tables` tables.
    fn type_expr(
        &mut self,
        spec: &Sp<String>,
        owner: &str,
        name: &str,
        tables: usize,
    ) -> Option<(PropertyType, bool, bool)> {
        let text = spec.value.trim();
        let (text, optional) = match text.strip_suffix('?') {
            Some(rest) => (rest.trim_end(), true),
            None => (text, false),
        };
        let mut depth = 0;
        let mut base = text;
        while let Some(rest) = base.strip_suffix("[]") {
            base = rest.trim_end();
            depth += 1;
            if tables + depth > MAX_TYPE_DEPTH {
                self.too_deep(spec.span.clone(), name, owner);
                return None;
            }
        }
        let (mut ty, secret) = match base {
            "string" => (PropertyType::String, false),
            "integer" => (PropertyType::Integer, false),
            "number" => (PropertyType::Number, false),
            "boolean" => (PropertyType::Boolean, false),
            "json" => (PropertyType::Json, false),
            "secret" if depth == 0 => (PropertyType::String, true),
            _ => {
                let d = self
                    .file
                    .diagnostic(spec.span.clone(), format!("unknown property type `{}`", spec.value))
                    .about(owner)
                    .suggest(
                        base,
                        TYPE_NAMES.iter().copied(),
                        Some("use string, integer, number, boolean, json or secret; add `[]` for a list and `?` if it may be absent".into()),
                    );
                self.push(d);
                return None;
            }
        };
        for _ in 0..depth {
            ty = PropertyType::List(Box::new(ty));
        }
        Some((ty, optional, secret))
    }
}

/// Resource names: valid, not reserved, unique ignoring case (SST's rule), and unique
/// once converted to Rust. Offenders are dropped so the rest still generates.
/// The help for two names that become the same Rust name.
fn rename_help(is_toml: bool, name: &str) -> String {
    if is_toml {
        format!("set `field = \"...\"` under [resources.{name}] to give it another Rust name")
    } else {
        "write a links.toml (`sst-resources import`) and set `field = \"...\"` on one of them"
            .to_owned()
    }
}

pub(crate) fn check_names(
    file: &SourceFile,
    resources: &mut Vec<LinkedResource>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let is_toml = !crate::is_dts(file.name());
    let mut keep = vec![true; resources.len()];
    for (i, r) in resources.iter().enumerate() {
        if !names::is_valid_sst_name(&r.name) {
            let d = file
                .diagnostic(
                    r.span.clone(),
                    format!("`{}` is not a valid resource name", r.name),
                )
                .about(&r.name)
                .help(
                    "SST refuses names that hold a space; remove spaces, tabs and control characters",
                );
            diagnostics.push(d);
            keep[i] = false;
        } else if !names::is_valid_field(&r.field) {
            let d = file
                .diagnostic(
                    r.span.clone(),
                    format!(
                        "`{}` has no letter or digit to make a Rust field from",
                        r.name
                    ),
                )
                .about(&r.name)
                .help(rename_help(is_toml, &r.name));
            diagnostics.push(d);
            keep[i] = false;
        } else if r.name.eq_ignore_ascii_case(RESERVED) {
            let d = file
                .diagnostic(
                    r.span.clone(),
                    format!(
                        "`{}` is reserved: SST always links `App` (name and stage)",
                        r.name
                    ),
                )
                .about(&r.name)
                .help(
                    "rename the resource; `Resource::app` already holds the app's name and stage",
                );
            diagnostics.push(d);
            keep[i] = false;
        }
    }
    // Each kept name, by what must be unique: a map each, so this stays linear.
    let mut by_lower: HashMap<String, usize> = HashMap::new();
    let mut by_field: HashMap<&str, usize> = HashMap::new();
    let mut by_type: HashMap<&str, usize> = HashMap::new();
    for (i, b) in resources.iter().enumerate() {
        if !keep[i] {
            continue;
        }
        // JavaScript's `toLowerCase`, which SST's uniqueness check uses, is Unicode's.
        let lower = b.name.to_lowercase();
        let message = if let Some(&j) = by_lower.get(&lower) {
            let a = &resources[j];
            Some((
                format!(
                    "`{}` and `{}` differ only in case; SST requires names unique ignoring case",
                    b.name, a.name
                ),
                format!("rename one of them (`{}` is at line {})", a.name, a.line),
            ))
        } else if let Some(&j) = by_field.get(b.field.as_str()) {
            let a = &resources[j];
            Some((
                format!(
                    "`{}` and `{}` both become the field `{}`",
                    b.name, a.name, b.field
                ),
                format!(
                    "{} (`{}` is at line {})",
                    rename_help(is_toml, &b.name),
                    a.name,
                    a.line
                ),
            ))
        } else if let Some(&j) = by_type.get(b.type_name.as_str()) {
            let a = &resources[j];
            Some((
                format!(
                    "`{}` and `{}` both become the type `{}`",
                    b.name, a.name, b.type_name
                ),
                rename_help(is_toml, &b.name),
            ))
        } else {
            None
        };
        match message {
            Some((message, help)) => {
                diagnostics.push(
                    file.diagnostic(b.span.clone(), message)
                        .about(&b.name)
                        .help(help),
                );
                keep[i] = false;
            }
            None => {
                by_lower.insert(lower, i);
                by_field.insert(&b.field, i);
                by_type.insert(&b.type_name, i);
            }
        }
    }
    let mut it = keep.into_iter();
    resources.retain(|_| it.next().unwrap_or(false));
}

fn permissions(raw: &[RawPermission]) -> Vec<Permission> {
    raw.iter().map(permission).collect()
}

fn permission(p: &RawPermission) -> Permission {
    Permission {
        effect: match p.effect.as_ref().map(|e| e.value.as_str()) {
            Some("deny") => Effect::Deny,
            _ => Effect::Allow,
        },
        actions: p.actions.iter().map(|a| a.value.clone()).collect(),
        resources: p.resources.iter().map(|r| r.value.clone()).collect(),
        conditions: p
            .conditions
            .iter()
            .map(|c| Condition {
                test: c.test.value.clone(),
                variable: c.variable.value.clone(),
                values: c.values.iter().map(|v| v.value.clone()).collect(),
            })
            .collect(),
        when: None,
    }
}

impl ComponentType {
    /// Its linked properties as manifest properties.
    pub fn properties(&self) -> Vec<Property> {
        self.properties
            .iter()
            .map(catalogue::PropertyDef::to_property)
            .collect()
    }

    /// Its `environment` includes as `(variable, template)` pairs.
    pub fn environment(&self) -> Vec<(String, String)> {
        self.environment
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// Its default permissions as manifest permissions.
    pub fn permissions(&self) -> Vec<Permission> {
        self.permissions
            .iter()
            .map(|p| Permission {
                effect: Effect::Allow,
                actions: p.actions.iter().map(|s| (*s).to_owned()).collect(),
                resources: p.resources.iter().map(|s| (*s).to_owned()).collect(),
                conditions: Vec::new(),
                when: p.when.map(str::to_owned),
            })
            .collect()
    }
}
