//! Reads `links.toml` into its raw shape: which sections and keys exist, with the
//! byte span of every name and value. Knows TOML and the manifest's keys; resolving
//! component types and cross-checking names is `validate`'s job.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, SourceFile};

/// A value with the byte range it came from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sp<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// The manifest as written, before resolution.
#[derive(Debug, Default)]
pub(crate) struct RawManifest {
    pub app_name: Option<Sp<String>>,
    /// `[app] server = true`: every link set runs server-side.
    pub app_server: Option<Sp<bool>>,
    pub resources: Vec<RawResource>,
    pub functions: Vec<RawFunction>,
    pub types: Vec<RawType>,
}

#[derive(Debug)]
pub(crate) struct RawResource {
    pub name: Sp<String>,
    pub component: Option<Sp<String>>,
    pub properties: Option<Sp<Vec<RawProperty>>>,
    pub include: Option<Sp<Vec<RawInclude>>>,
    pub field: Option<Sp<String>>,
}

/// One entry of a Linkable's `include`, in SST's three shapes.
#[derive(Debug, Clone)]
pub(crate) enum RawInclude {
    /// `{ type = "aws.permission", effect?, actions, resources, conditions? }`; `type`
    /// may be left out.
    Permission(RawPermission),
    /// `{ type = "environment", env = { NAME = "value" } }`.
    Environment(Vec<(Sp<String>, Sp<String>)>),
    /// `{ type = "cloudflare.binding", binding = "<kind>", properties? }`.
    Binding(Sp<String>),
}

#[derive(Debug, Clone)]
pub(crate) struct RawProperty {
    pub name: Sp<String>,
    pub spec: RawSpec,
}

#[derive(Debug, Clone)]
pub(crate) enum RawSpec {
    /// `"string"`, `"integer[]"`, `"secret"`, `"string?"`...
    Type(Sp<String>),
    /// A nested table of properties.
    Table(Vec<RawProperty>),
}

#[derive(Debug, Clone)]
pub(crate) struct RawPermission {
    pub effect: Option<Sp<String>>,
    pub actions: Vec<Sp<String>>,
    pub resources: Vec<Sp<String>>,
    pub conditions: Vec<RawCondition>,
}

/// `{ test, variable, values }` of an `aws.permission`'s `conditions`.
#[derive(Debug, Clone)]
pub(crate) struct RawCondition {
    pub test: Sp<String>,
    pub variable: Sp<String>,
    pub values: Vec<Sp<String>>,
}

#[derive(Debug)]
pub(crate) struct RawFunction {
    pub name: Sp<String>,
    pub links: Vec<Sp<String>>,
    /// `[functions.F.env] VAR = "Resource.property"`.
    pub env: Vec<(Sp<String>, Sp<String>)>,
    /// `server = true`: runs server-side, so it may link secrets when compiled for
    /// `wasm32-unknown-unknown` (a Cloudflare Worker rather than a browser).
    pub server: Option<Sp<bool>>,
    /// `handler = "./.api"`: SST's `handler` of the function, as in sst.config.ts.
    pub handler: Option<Sp<String>>,
}

#[derive(Debug)]
pub(crate) struct RawType {
    pub name: Sp<String>,
    pub properties: Option<Sp<Vec<RawProperty>>>,
    pub permissions: Option<Sp<Vec<RawPermission>>>,
}

pub(crate) const TOP_KEYS: &[&str] = &["app", "resources", "functions", "types"];
pub(crate) const APP_KEYS: &[&str] = &["name", "server"];
pub(crate) const RESOURCE_KEYS: &[&str] = &["type", "properties", "include", "field"];
pub(crate) const FUNCTION_KEYS: &[&str] = &["link", "env", "server", "handler"];
pub(crate) const TYPE_KEYS: &[&str] = &["properties", "permissions"];
pub(crate) const PERMISSION_KEYS: &[&str] =
    &["type", "effect", "actions", "resources", "conditions"];
pub(crate) const CONDITION_KEYS: &[&str] = &["test", "variable", "values"];
pub(crate) const ENVIRONMENT_KEYS: &[&str] = &["type", "env"];
pub(crate) const BINDING_KEYS: &[&str] = &["type", "binding", "properties"];
/// SST's `include` entry types (`platform/src/components/aws/permission.ts`,
/// `linkable.ts`'s `env()`, `cloudflare/binding.ts`).
pub(crate) const INCLUDE_TYPES: &[&str] = &["aws.permission", "environment", "cloudflare.binding"];

struct Reader<'f> {
    file: &'f SourceFile,
    diagnostics: Vec<Diagnostic>,
}

/// Reads the raw manifest and every problem with its shape; no manifest when the
/// text is not TOML (the diagnostics are then its syntax errors alone).
pub(crate) fn parse(file: &SourceFile) -> (Option<RawManifest>, Vec<Diagnostic>) {
    let (root, errors) = DeTable::parse_recoverable(file.text());
    let mut reader = Reader {
        file,
        diagnostics: Vec::new(),
    };
    for error in errors {
        let span = error.span().unwrap_or(0..0);
        let message = format!("invalid TOML: {}", error.message().trim_end());
        reader.diagnostics.push(file.diagnostic(span, message));
    }
    // What toml recovers around a syntax error is a guess ("unknown key `type`" of a
    // table whose header lost its `]`): the syntax errors alone say what to fix.
    if !reader.diagnostics.is_empty() {
        return (None, reader.diagnostics);
    }
    let raw = reader.manifest(root.get_ref());
    (Some(raw), reader.diagnostics)
}

impl Reader<'_> {
    fn error(&mut self, span: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.diagnostics.push(self.file.diagnostic(span, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn error_help(&mut self, span: Range<usize>, message: impl Into<String>, help: &str) {
        let d = self.file.diagnostic(span, message).help(help);
        self.diagnostics.push(d);
    }

    fn unknown_key(
        &mut self,
        section: &str,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        known: &[&str],
    ) {
        let name = key.get_ref().as_ref();
        let list = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let d = self
            .file
            .diagnostic(key.span(), format!("unknown key `{name}` in {section}"))
            .suggest(
                name,
                known.iter().copied(),
                Some(format!("the keys here are {list}")),
            );
        self.diagnostics.push(d);
    }

    /// Entries of a table in file order (toml keeps them sorted by name).
    fn entries<'a, 'i>(
        table: &'a DeTable<'i>,
    ) -> Vec<(
        &'a Spanned<std::borrow::Cow<'i, str>>,
        &'a Spanned<DeValue<'i>>,
    )> {
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(k, _)| k.span().start);
        entries
    }

    fn manifest(&mut self, root: &DeTable<'_>) -> RawManifest {
        let mut raw = RawManifest::default();
        for (key, value) in Self::entries(root) {
            match key.get_ref().as_ref() {
                "app" => {
                    if let Some(table) = self.table(value, "[app]") {
                        self.app(table, &mut raw);
                    }
                }
                "resources" => {
                    if let Some(table) = self.table(value, "[resources]") {
                        for (name, body) in Self::entries(table) {
                            if let Some(r) = self.resource(name, body) {
                                raw.resources.push(r);
                            }
                        }
                    }
                }
                "functions" => {
                    if let Some(table) = self.table(value, "[functions]") {
                        for (name, body) in Self::entries(table) {
                            if let Some(f) = self.function(name, body) {
                                raw.functions.push(f);
                            }
                        }
                    }
                }
                "types" => {
                    if let Some(table) = self.table(value, "[types]") {
                        for (name, body) in Self::entries(table) {
                            if let Some(t) = self.custom_type(name, body) {
                                raw.types.push(t);
                            }
                        }
                    }
                }
                _ => self.unknown_key("the manifest", key, TOP_KEYS),
            }
        }
        raw
    }

    fn table<'a, 'i>(
        &mut self,
        value: &'a Spanned<DeValue<'i>>,
        what: &str,
    ) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            other => {
                self.error(
                    value.span(),
                    format!("{what} must be a table, found {}", kind(other)),
                );
                None
            }
        }
    }

    fn string(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<String>> {
        match value.get_ref() {
            DeValue::String(s) => Some(Sp {
                value: s.to_string(),
                span: value.span(),
            }),
            other => {
                self.error(
                    value.span(),
                    format!("{what} must be a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    fn strings(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Vec<Sp<String>> {
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| self.string(item, what))
                .collect(),
            other => {
                self.error(
                    value.span(),
                    format!("{what} must be an array of strings, found {}", kind(other)),
                );
                Vec::new()
            }
        }
    }

    fn boolean(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Option<Sp<bool>> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(Sp {
                value: *b,
                span: value.span(),
            }),
            other => {
                self.error_help(
                    value.span(),
                    format!("{what} must be a boolean, found {}", kind(other)),
                    "write `true` or `false`, without quotes",
                );
                None
            }
        }
    }

    fn app(&mut self, table: &DeTable<'_>, raw: &mut RawManifest) {
        for (key, value) in Self::entries(table) {
            match key.get_ref().as_ref() {
                "name" => raw.app_name = self.string(value, "`[app] name`"),
                "server" => raw.app_server = self.boolean(value, "`[app] server`"),
                _ => self.unknown_key("[app]", key, APP_KEYS),
            }
        }
    }

    fn resource(
        &mut self,
        name: &Spanned<std::borrow::Cow<'_, str>>,
        body: &Spanned<DeValue<'_>>,
    ) -> Option<RawResource> {
        let section = format!("[resources.{}]", name.get_ref());
        let table = self.table(body, &section)?;
        let mut r = RawResource {
            name: Sp {
                value: name.get_ref().to_string(),
                span: name.span(),
            },
            component: None,
            properties: None,
            include: None,
            field: None,
        };
        for (key, value) in Self::entries(table) {
            match key.get_ref().as_ref() {
                "type" => r.component = self.string(value, "`type`"),
                "field" => r.field = self.string(value, "`field`"),
                "properties" => {
                    if let Some(t) = self.table(value, "`properties`") {
                        r.properties = Some(Sp {
                            value: self.properties(t),
                            span: value.span(),
                        });
                    }
                }
                "include" => {
                    r.include = Some(Sp {
                        value: self.includes(value),
                        span: value.span(),
                    })
                }
                _ => self.unknown_key(&section, key, RESOURCE_KEYS),
            }
        }
        if r.component.is_none() {
            let n = r.name.value.clone();
            self.error_help(
                r.name.span.clone(),
                format!("resource `{n}` has no `type`"),
                "add a component type, e.g. `type = \"sst.aws.Bucket\"`",
            );
        }
        Some(r)
    }

    fn properties(&mut self, table: &DeTable<'_>) -> Vec<RawProperty> {
        let mut out = Vec::new();
        for (key, value) in Self::entries(table) {
            let name = Sp {
                value: key.get_ref().to_string(),
                span: key.span(),
            };
            let spec = match value.get_ref() {
                DeValue::String(s) => RawSpec::Type(Sp {
                    value: s.to_string(),
                    span: value.span(),
                }),
                DeValue::Table(t) => RawSpec::Table(self.properties(t)),
                other => {
                    self.error(
                        value.span(),
                        format!("property `{}` must be a type name such as \"string\" or a table of properties, found {}", name.value, kind(other)),
                    );
                    continue;
                }
            };
            out.push(RawProperty { name, spec });
        }
        out
    }

    /// `include = [...]`: each entry by its `type` (`aws.permission` when absent).
    fn includes(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<RawInclude> {
        let what = "`include`";
        let Some(items) = self.array_of_tables(value, what) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (item, table) in items {
            let ty = table
                .get("type")
                .and_then(|t| self.string(t, "an include's `type`"));
            match ty.as_ref().map(|t| t.value.as_str()) {
                None | Some("aws.permission") => {
                    if let Some(p) = self.permission(item, table, what) {
                        out.push(RawInclude::Permission(p));
                    }
                }
                Some("environment") => {
                    if let Some(env) = self.environment_include(item, table) {
                        out.push(RawInclude::Environment(env));
                    }
                }
                Some("cloudflare.binding") => {
                    if let Some(kind) = self.binding_include(item, table) {
                        out.push(RawInclude::Binding(kind));
                    }
                }
                Some(other) => {
                    let ty = ty.as_ref().expect("matched Some");
                    let d = self
                        .file
                        .diagnostic(ty.span.clone(), format!("unknown include type `{other}`"))
                        .suggest(
                            other,
                            INCLUDE_TYPES.iter().copied(),
                            Some("SST's include types are `aws.permission` (the default), `environment` and `cloudflare.binding`".into()),
                        );
                    self.diagnostics.push(d);
                }
            }
        }
        out
    }

    /// `[types."X"] permissions = [...]`: `aws.permission` entries only.
    fn permissions(&mut self, value: &Spanned<DeValue<'_>>, what: &str) -> Vec<RawPermission> {
        let Some(items) = self.array_of_tables(value, what) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (item, table) in items {
            if let Some(ty) = table.get("type").and_then(|t| self.string(t, "`type`")) {
                if ty.value != "aws.permission" {
                    self.error_help(
                        ty.span,
                        format!("{what} holds IAM statements only, not `{}`", ty.value),
                        "environment and binding includes belong in a Linkable's `include`",
                    );
                    continue;
                }
            }
            if let Some(p) = self.permission(item, table, what) {
                out.push(p);
            }
        }
        out
    }

    fn array_of_tables<'a, 'i>(
        &mut self,
        value: &'a Spanned<DeValue<'i>>,
        what: &str,
    ) -> Option<Vec<(&'a Spanned<DeValue<'i>>, &'a DeTable<'i>)>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.error(
                value.span(),
                format!(
                    "{what} must be an array of {{ actions = [...], resources = [...] }}, found {}",
                    kind(value.get_ref())
                ),
            );
            return None;
        };
        Some(
            items
                .iter()
                .filter_map(|item| {
                    self.table(item, &format!("each entry of {what}"))
                        .map(|t| (item, t))
                })
                .collect(),
        )
    }

    /// One `aws.permission`: `effect`, `actions`, `resources`, `conditions`.
    fn permission(
        &mut self,
        item: &Spanned<DeValue<'_>>,
        table: &DeTable<'_>,
        what: &str,
    ) -> Option<RawPermission> {
        let mut permission = RawPermission {
            effect: None,
            actions: Vec::new(),
            resources: Vec::new(),
            conditions: Vec::new(),
        };
        for (key, value) in Self::entries(table) {
            match key.get_ref().as_ref() {
                "type" => {}
                "effect" => {
                    permission.effect = self.string(value, "`effect`");
                    if let Some(e) = &permission.effect {
                        if !matches!(e.value.as_str(), "allow" | "deny") {
                            let span = e.span.clone();
                            let v = e.value.clone();
                            self.error_help(
                                span,
                                format!("`effect` must be \"allow\" or \"deny\", found \"{v}\""),
                                "SST spells it in lower case; leave it out for \"allow\"",
                            );
                        }
                    }
                }
                "actions" => permission.actions = self.strings(value, "`actions`"),
                "resources" => permission.resources = self.strings(value, "`resources`"),
                "conditions" => permission.conditions = self.conditions(value),
                _ => self.unknown_key(what, key, PERMISSION_KEYS),
            }
        }
        if permission.actions.is_empty() || permission.resources.is_empty() {
            self.error_help(
                item.span(),
                format!("each `aws.permission` entry of {what} needs non-empty `actions` and `resources`"),
                "e.g. { actions = [\"s3:GetObject\"], resources = [\"arn:aws:s3:::assets/*\"] }",
            );
        }
        Some(permission)
    }

    fn conditions(&mut self, value: &Spanned<DeValue<'_>>) -> Vec<RawCondition> {
        let what = "`conditions`";
        let DeValue::Array(items) = value.get_ref() else {
            self.error_help(
                value.span(),
                format!("{what} must be an array, found {}", kind(value.get_ref())),
                "e.g. conditions = [{ test = \"StringEquals\", variable = \"aws:RequestTag/team\", values = [\"web\"] }]",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Some(table) = self.table(item, "each entry of `conditions`") else {
                continue;
            };
            let (mut test, mut variable, mut values) = (None, None, None);
            for (key, value) in Self::entries(table) {
                match key.get_ref().as_ref() {
                    "test" => test = self.string(value, "`test`"),
                    "variable" => variable = self.string(value, "`variable`"),
                    "values" => values = Some(self.strings(value, "`values`")),
                    _ => self.unknown_key("a condition", key, CONDITION_KEYS),
                }
            }
            match (test, variable, values) {
                (Some(test), Some(variable), Some(values)) if !values.is_empty() => {
                    out.push(RawCondition { test, variable, values })
                }
                _ => self.error_help(
                    item.span(),
                    "each condition needs `test`, `variable` and non-empty `values`",
                    "e.g. { test = \"StringEquals\", variable = \"aws:RequestTag/team\", values = [\"web\"] }",
                ),
            }
        }
        out
    }

    /// `{ type = "environment", env = { NAME = "value" } }`.
    fn environment_include(
        &mut self,
        item: &Spanned<DeValue<'_>>,
        table: &DeTable<'_>,
    ) -> Option<Vec<(Sp<String>, Sp<String>)>> {
        let mut env = None;
        for (key, value) in Self::entries(table) {
            match key.get_ref().as_ref() {
                "type" => {}
                "env" => {
                    let t = self.table(value, "an environment include's `env`")?;
                    let mut vars = Vec::new();
                    for (var, v) in Self::entries(t) {
                        if let Some(v) = self.string(v, "an environment variable's value") {
                            vars.push((
                                Sp {
                                    value: var.get_ref().to_string(),
                                    span: var.span(),
                                },
                                v,
                            ));
                        }
                    }
                    env = Some(vars);
                }
                _ => self.unknown_key("an `environment` include", key, ENVIRONMENT_KEYS),
            }
        }
        if env.is_none() {
            self.error_help(
                item.span(),
                "an `environment` include needs `env`",
                "e.g. { type = \"environment\", env = { OPENAUTH_ISSUER = \"https://auth.example.com\" } }",
            );
        }
        env
    }

    /// `{ type = "cloudflare.binding", binding = "<kind>", properties = {...} }`.
    fn binding_include(
        &mut self,
        item: &Spanned<DeValue<'_>>,
        table: &DeTable<'_>,
    ) -> Option<Sp<String>> {
        let mut binding = None;
        for (key, value) in Self::entries(table) {
            match key.get_ref().as_ref() {
                "type" => {}
                "binding" => binding = self.string(value, "`binding`"),
                // The binding's own settings (a KV namespace id): SST's deploy uses
                // them; a reader of the link needs only the kind.
                "properties" => {
                    self.table(value, "a binding's `properties`");
                }
                _ => self.unknown_key("a `cloudflare.binding` include", key, BINDING_KEYS),
            }
        }
        if binding.is_none() {
            self.error_help(
                item.span(),
                "a `cloudflare.binding` include needs `binding`, the kind",
                "e.g. { type = \"cloudflare.binding\", binding = \"kvNamespaceBindings\", properties = { namespaceId = \"...\" } }",
            );
        }
        binding
    }

    fn function(
        &mut self,
        name: &Spanned<std::borrow::Cow<'_, str>>,
        body: &Spanned<DeValue<'_>>,
    ) -> Option<RawFunction> {
        let section = format!("[functions.{}]", name.get_ref());
        let table = self.table(body, &section)?;
        let mut f = RawFunction {
            name: Sp {
                value: name.get_ref().to_string(),
                span: name.span(),
            },
            links: Vec::new(),
            env: Vec::new(),
            server: None,
            handler: None,
        };
        let mut has_link = false;
        for (key, value) in Self::entries(table) {
            match key.get_ref().as_ref() {
                "link" => {
                    has_link = true;
                    f.links = self.strings(value, "`link`");
                }
                "env" => {
                    if let Some(t) = self.table(value, &format!("[functions.{}.env]", f.name.value))
                    {
                        for (var, source) in Self::entries(t) {
                            if let Some(source) = self.string(
                                source,
                                "an exported variable's source (\"Resource.property\")",
                            ) {
                                let var = Sp {
                                    value: var.get_ref().to_string(),
                                    span: var.span(),
                                };
                                f.env.push((var, source));
                            }
                        }
                    }
                }
                "server" => f.server = self.boolean(value, "`server`"),
                "handler" => f.handler = self.string(value, "`handler`"),
                _ => self.unknown_key(&section, key, FUNCTION_KEYS),
            }
        }
        if !has_link {
            self.error_help(
                f.name.span.clone(),
                format!("function `{}` has no `link` list", f.name.value),
                "add the resources it links, e.g. `link = [\"MyBucket\"]` (or `link = []`)",
            );
        }
        Some(f)
    }

    fn custom_type(
        &mut self,
        name: &Spanned<std::borrow::Cow<'_, str>>,
        body: &Spanned<DeValue<'_>>,
    ) -> Option<RawType> {
        let section = format!("[types.\"{}\"]", name.get_ref());
        let table = self.table(body, &section)?;
        let mut t = RawType {
            name: Sp {
                value: name.get_ref().to_string(),
                span: name.span(),
            },
            properties: None,
            permissions: None,
        };
        for (key, value) in Self::entries(table) {
            match key.get_ref().as_ref() {
                "properties" => {
                    if let Some(table) = self.table(value, "`properties`") {
                        t.properties = Some(Sp {
                            value: self.properties(table),
                            span: value.span(),
                        });
                    }
                }
                "permissions" => {
                    t.permissions = Some(Sp {
                        value: self.permissions(value, "`permissions`"),
                        span: value.span(),
                    })
                }
                _ => self.unknown_key(&section, key, TYPE_KEYS),
            }
        }
        Some(t)
    }
}

fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a datetime",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}
