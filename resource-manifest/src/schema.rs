//! The JSON Schema of `links.toml`, for editors: Taplo (the TOML language server of
//! VS Code's "Even Better TOML", Zed, Helix, ...) completes `type = "sst.aws.…"` from
//! the catalogue, shows each key's and each component type's description on hover,
//! and marks unknown keys and wrong values while one types.
//!
//! Generated, never written by hand: the component types and their properties come
//! from [`crate::catalogue`], every section's keys from the parser's own key lists
//! (`parse.rs`), the property type names from `validate.rs`. The repository keeps a
//! copy at its root, [`FILE_NAME`], which a test holds equal to [`schema()`].
//!
//! # Using it
//!
//! Either a first line in `links.toml` (Taplo's `schema` directive; a relative path is
//! relative to the TOML file):
//!
//! ```toml
//! #:schema ./links.schema.json
//! [resources.MyBucket]
//! type = "sst.aws.Bucket"
//! ```
//!
//! or a rule in `.taplo.toml` at the workspace root (`path` relative to that file):
//!
//! ```toml
//! [[rule]]
//! include = ["**/links.toml"]
//!
//! [rule.schema]
//! path = "./links.schema.json"
//! ```
//!
//! Not a `$schema` key: Taplo would take one, but the manifest has no such key.
//!
//! # Draft
//!
//! JSON Schema draft-07, the newest draft the validator inside Taplo (the `jsonschema`
//! crate 0.17, without its draft 2019-09 and 2020-12 features) implements. Taplo's
//! `x-taplo` extension adds each enum value's documentation (`docs.enumValues`) and the
//! keys a new table starts with (`initKeys`). Patterns use only syntax that ECMA 262,
//! Rust's `regex` and Python's `re` read alike (`\xNN`, `\uNNNN`, classes, `^`, `|`).
//!
//! # What it checks, and what only the parser can
//!
//! Everything the parser and `validate.rs` check about one place in the file: keys,
//! value types, the component type (a catalogue type, in any spelling `lookup`
//! accepts), property type strings as `type_expr` reads them, `properties` and
//! `include` only on `sst.Linkable`, include shapes, binding kinds, `effect`, IAM
//! resources that can become `*` or an ARN, resource names (whitespace, control
//! characters, `=`, `App`), `field` and environment variable names, `App` or a
//! duplicate in `link`, a custom type without `properties`.
//!
//! A JSON Schema cannot compare a value with a key elsewhere, nor two keys with each
//! other, nor know Unicode's identifier classes in a pattern every engine reads. So
//! these stay the parser's (`cargo check`, `sst-resources check`):
//!
//! - cross-references: a `link` naming no declared resource; `[functions.F.env]`
//!   sources (`Resource.property`: linked by F, and a property of it); with a `[types]`
//!   table, a `type` that is neither built in nor one of its keys (without `[types]`,
//!   every `type` must be built in, and the schema says so);
//! - uniqueness beyond TOML's: resource names equal ignoring case, names or properties
//!   that become the same Rust field or type;
//! - identifiers outside ASCII: whether a non-ASCII `field`, resource name or property
//!   name makes a Rust identifier (the schema checks the ASCII part exactly and lets
//!   other characters through);
//! - a TOML date or time where a string belongs: Taplo hands the validator dates as
//!   strings;
//! - nesting deeper than [`MAX_TYPE_DEPTH`](crate::MAX_TYPE_DEPTH) tables and lists: expressible only
//!   as one definition per level, for a limit no manifest nears.

use std::fmt::Write as _;

use crate::catalogue::{self, ComponentType, Ty};
use crate::parse::{
    APP_KEYS, BINDING_KEYS, CONDITION_KEYS, ENVIRONMENT_KEYS, FUNCTION_KEYS, INCLUDE_TYPES,
    PERMISSION_KEYS, RESOURCE_KEYS, TOP_KEYS, TYPE_KEYS,
};
use crate::validate::{RESERVED, TYPE_NAMES};

/// Where the repository keeps the generated schema (its root), and the name the
/// `#:schema` directive and `.taplo.toml` rule above use.
pub const FILE_NAME: &str = "links.schema.json";

/// The JSON Schema of `links.toml`: pretty-printed JSON, ASCII only (other characters
/// as `\uNNNN`), ending in a newline. The same text on every call.
pub fn schema() -> String {
    let mut out = String::new();
    root().write(&mut out, 0);
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------
// Character classes, each the table of a predicate the parser uses (unit tests hold
// every table to its predicate over all of Unicode).

/// `char::is_whitespace` (Unicode's White_Space): what `str::trim` removes around a
/// property type.
pub(crate) const WHITESPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
];

/// What `names::is_valid_sst_name` refuses in a name: whitespace, control characters
/// (`char::is_control`) and `=`.
pub(crate) const NOT_IN_NAMES: &[(u32, u32)] = &[
    (0x00, 0x20),
    (0x3D, 0x3D),
    (0x7F, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
];

/// A regex character class of `ranges`.
fn class(ranges: &[(u32, u32)]) -> String {
    let mut out = String::from("[");
    for &(a, b) in ranges {
        out.push_str(&escape_char(a));
        if b != a {
            out.push('-');
            out.push_str(&escape_char(b));
        }
    }
    out.push(']');
    out
}

fn escape_char(c: u32) -> String {
    if c <= 0xFF {
        format!("\\x{c:02X}")
    } else {
        format!("\\u{c:04X}")
    }
}

/// A property type as `validate.rs`'s `type_expr` reads it: trimmed, an optional
/// trailing `?`, then `[]`s (each after optional whitespace), then a type name;
/// `secret` takes no `[]`.
fn property_type_pattern() -> String {
    let w = format!("{}*", class(WHITESPACE));
    let lists: Vec<&str> = TYPE_NAMES
        .iter()
        .copied()
        .filter(|t| *t != "secret")
        .collect();
    format!(
        "^{w}(?:(?:{})(?:{w}\\[\\])*|secret){w}\\??{w}$",
        lists.join("|")
    )
}

/// A policy resource `ast::is_resource_template` accepts (besides `*`): a template
/// starting with `{`, or `arn:` and at least four more `:`.
const RESOURCE_TEMPLATE: &str = "^(?:\\{|arn:(?:[^:]*:){4})";

/// A `field` that `names::is_valid_field` refuses for an ASCII reason: a digit first,
/// `_` not followed by a digit, or an ASCII character other than `a-z`, `0-9`, `_`.
const BAD_FIELD: &str = "^[0-9]|^_(?:[^0-9]|$)|[\\x00-\\x2F\\x3A-\\x5E\\x60\\x7B-\\x7F]";

/// A property name that has an ASCII letter or digit, or any other character: an
/// ASCII name without a letter or digit (`-`, `_`) becomes no Rust field.
const HAS_FIELD: &str = "[A-Za-z0-9]|[^\\x00-\\x7F]";

/// A resource name whose Rust field cannot come from the name: ASCII without a letter
/// or digit. It needs `field`.
const NEEDS_FIELD: &str = "^[\\x00-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7F]*$";

/// An exported variable name the parser refuses: `[A-Za-z_][A-Za-z0-9_]*` it is not.
const BAD_ENV_VAR: &str = "^[^A-Za-z_]|[^A-Za-z0-9_]";

/// `App`, ignoring ASCII case (SST reserves it).
fn reserved_pattern() -> String {
    let mut out = String::from("^");
    for c in RESERVED.chars() {
        let _ = write!(
            out,
            "[{}{}]",
            c.to_ascii_uppercase(),
            c.to_ascii_lowercase()
        );
    }
    out.push('$');
    out
}

// ---------------------------------------------------------------------------------
// The component types.

/// Every spelling `catalogue::lookup` accepts for `c`: its name and wire type, each
/// `.` also as `:` (SST before #6682 wrote `sst:aws:Bucket`).
fn spellings(c: &ComponentType) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for base in [c.name, c.wire_type] {
        let dots = base.matches('.').count();
        for mask in 0..(1u32 << dots) {
            let mut i = 0;
            let s: String = base
                .chars()
                .map(|ch| {
                    if ch != '.' {
                        return ch;
                    }
                    let colon = mask & (1 << i) != 0;
                    i += 1;
                    if colon { ':' } else { '.' }
                })
                .collect();
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// The other spellings of `types` (all but their manifest names).
fn other_spellings<'a>(types: impl Iterator<Item = &'a ComponentType>) -> Vec<Json> {
    types
        .flat_map(|c| spellings(c).into_iter().filter(move |s| s != c.name))
        .map(Json::from)
        .collect()
}

/// A pattern matching exactly the names of `types` in every spelling `lookup`
/// accepts: their dotted names as a tree of segments, each `.` as `[.:]`
/// (`^sst[.:](?:aws[.:](?:Bucket|Dynamo)|Secret)$`). For `[types]` keys, which only a
/// pattern can select. (Python's `re`, unlike ECMA 262 and Rust, lets `$` match before
/// a final newline: there a key `"sst.aws.Bucket\n"` would pass for the built-in
/// one. Resource `type` values are held to enums instead, which match exactly.)
fn exact<'a>(types: impl Iterator<Item = &'a ComponentType>) -> String {
    #[derive(Default)]
    struct Node(Vec<(String, Node)>, bool);
    impl Node {
        fn insert(&mut self, segments: &[&str]) {
            let Some((first, rest)) = segments.split_first() else {
                self.1 = true;
                return;
            };
            let i = match self.0.iter().position(|(s, _)| s == first) {
                Some(i) => i,
                None => {
                    self.0.push(((*first).to_owned(), Node::default()));
                    self.0.len() - 1
                }
            };
            self.0[i].1.insert(rest);
        }
        fn pattern(&self) -> String {
            let branches: Vec<String> = self
                .0
                .iter()
                .map(|(segment, child)| {
                    let mut out = regex_escape(segment);
                    if !child.0.is_empty() {
                        let rest = format!("[.:]{}", child.pattern());
                        if child.1 {
                            // `a.b` and `a.b.c` both: the rest is optional.
                            let _ = write!(out, "(?:{rest})?");
                        } else {
                            out.push_str(&rest);
                        }
                    }
                    out
                })
                .collect();
            if branches.len() == 1 {
                branches.into_iter().next().unwrap_or_default()
            } else {
                format!("(?:{})", branches.join("|"))
            }
        }
    }
    let mut tree = Node::default();
    for c in types {
        for name in [c.name, c.wire_type] {
            tree.insert(&name.split('.').collect::<Vec<_>>());
        }
    }
    format!("^{}$", tree.pattern())
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$-/".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn builtin() -> impl Iterator<Item = &'static ComponentType> {
    catalogue::BUILTIN.iter()
}

fn fixed() -> impl Iterator<Item = &'static ComponentType> {
    builtin().filter(|c| !c.custom_properties)
}

fn linkable() -> impl Iterator<Item = &'static ComponentType> {
    builtin().filter(|c| c.custom_properties)
}

fn ty_name(ty: Ty) -> String {
    match ty {
        Ty::String => "string".into(),
        Ty::Integer => "integer".into(),
        Ty::Number => "number".into(),
        Ty::Boolean => "boolean".into(),
        Ty::StringList => "string[]".into(),
        Ty::Json => "json".into(),
        Ty::Object(children) => {
            let inner: Vec<String> = children
                .iter()
                .map(|p| format!("{} = {}", p.name, property_def(p)))
                .collect();
            format!("{{ {} }}", inner.join(", "))
        }
    }
}

fn property_def(p: &catalogue::PropertyDef) -> String {
    let ty = if p.secret {
        "secret".to_owned()
    } else {
        ty_name(p.ty)
    };
    if p.optional { format!("{ty}?") } else { ty }
}

/// Markdown for a component type's hover and completion: the SST component, what it
/// links, what linking it grants, sets and binds.
fn describe(c: &ComponentType) -> String {
    let component = c.name.rsplit('.').next().unwrap_or(c.name);
    let mut out = format!(
        "SST's `{component}` component: `new {}(...)` in sst.config.ts (`{}`).",
        c.name, c.source
    );
    if c.wire_type != c.name {
        let _ = write!(out, " Its links say `\"type\": \"{}\"`.", c.wire_type);
    }
    if c.custom_properties {
        out.push_str(
            "\n\nLinks the `properties` you declare here; `include` adds IAM statements \
             (`aws.permission`), environment variables (`environment`) or a Cloudflare \
             binding (`cloudflare.binding`).",
        );
    } else if c.properties.is_empty() {
        out.push_str("\n\nLinks no properties.");
    } else {
        let props: Vec<String> = c
            .properties
            .iter()
            .map(|p| format!("`{}`: `{}`", p.name, property_def(p)))
            .collect();
        let _ = write!(out, "\n\nLinks {}.", props.join(", "));
    }
    if !c.permissions.is_empty() {
        let grants: Vec<String> = c
            .permissions
            .iter()
            .map(|p| {
                let actions: Vec<String> = p.actions.iter().map(|a| format!("`{a}`")).collect();
                let resources: Vec<String> = p.resources.iter().map(|r| format!("`{r}`")).collect();
                let when = match p.when {
                    Some(w) => match w.strip_prefix('!') {
                        Some(absent) => format!(" (when it links no `{absent}`)"),
                        None => format!(" (when it links `{w}`)"),
                    },
                    None => String::new(),
                };
                format!("{} on {}{when}", actions.join(", "), resources.join(", "))
            })
            .collect();
        let _ = write!(out, "\n\nLinking grants {}.", grants.join("; "));
    }
    if !c.environment.is_empty() {
        let vars: Vec<String> = c
            .environment
            .iter()
            .map(|(k, v)| format!("`{k}={v}`"))
            .collect();
        let _ = write!(
            out,
            "\n\nSets {} in every function that links it.",
            vars.join(", ")
        );
    }
    if let Some(kind) = c.binding {
        let _ = write!(
            out,
            "\n\nInside a Cloudflare Worker it is its binding (`{kind}`), its properties absent."
        );
    }
    out
}

// ---------------------------------------------------------------------------------
// The schema.

fn root() -> Json {
    let mut properties = Vec::new();
    for &key in TOP_KEYS {
        let (description, schema) = match key {
            "app" => ("The SST app this manifest describes.", app()),
            "resources" => (
                "The resources of the app that functions link, each by its SST name \
                 (`[resources.MyBucket]`, as in `new sst.aws.Bucket(\"MyBucket\")`).",
                resources(),
            ),
            "functions" => (
                "One link set per SST function (`[functions.Api]`): the resources its \
                 `link: [...]` in sst.config.ts lists. `sst_resources!(\"links.toml\", \
                 function = \"Api\")` gives only those.",
                functions(),
            ),
            "types" => (
                "Component types the catalogue lacks (a `Linkable.wrap`ped Pulumi \
                 resource, `[types.\"aws.dynamodb/table.Table\"]`), and overrides of a \
                 built-in type's properties or permissions (`[types.\"sst.aws.Bucket\"]`).",
                types(),
            ),
            other => unreachable!("parse::TOP_KEYS has `{other}`, which the schema lacks"),
        };
        properties.push((key.to_owned(), described(schema, description)));
    }
    let resource_type = Json::from(vec![("$ref", "#/definitions/builtinType".into())]);
    let strict_types = obj([(
        "properties",
        obj([(
            "resources",
            obj([(
                "additionalProperties",
                obj([("properties", obj([("type", resource_type)]))]),
            )]),
        )]),
    )]);
    obj([
        ("$schema", "http://json-schema.org/draft-07/schema#".into()),
        ("title", "links.toml".into()),
        (
            "description",
            "The manifest of sst-resources: the SST resources an app's Rust code links, and \
             each function's link set, with every component type SST links. \
             `sst-resources check` finds more than this schema can: links to undeclared \
             resources, names that collide."
                .into(),
        ),
        ("type", "object".into()),
        ("properties", Json::Obj(properties)),
        ("additionalProperties", false.into()),
        ("required", vec![Json::from("resources")].into()),
        // Without [types], every resource's `type` is a built-in one. With it, a type
        // may be one of its keys, which a schema cannot compare with (module docs).
        (
            "if",
            obj([("not", obj([("required", vec![Json::from("types")].into())]))]),
        ),
        ("then", strict_types),
        ("definitions", definitions()),
    ])
}

fn definitions() -> Json {
    let names: Vec<Json> = builtin().map(|c| c.name.into()).collect();
    let docs: Vec<Json> = builtin().map(|c| describe(c).into()).collect();
    let linkable_spellings: Vec<Json> = linkable().flat_map(spellings).map(Json::from).collect();
    obj([
        (
            "componentType",
            obj([
                ("type", "string".into()),
                (
                    "description",
                    "The SST component type: `sst.aws.Bucket` for `new sst.aws.Bucket(...)`, \
                     `sst.Linkable` for a Linkable, or a type declared under \
                     `[types.\"<type>\"]`. SST's wire name (`sst.sst.Secret`) and the \
                     spelling before SST #6682 (`sst:aws:Bucket`) name the same type."
                        .into(),
                ),
                (
                    "anyOf",
                    vec![
                        obj([
                            ("enum", names.clone().into()),
                            (
                                "x-taplo",
                                obj([("docs", obj([("enumValues", docs.into())]))]),
                            ),
                        ]),
                        // Without [types], the root's `then` holds a type to the built-in
                        // ones (`builtinType`), in any spelling; an editor offers only
                        // the names above.
                        // A type declared under [types."<type>"].
                        string(),
                    ]
                    .into(),
                ),
            ]),
        ),
        (
            "builtinType",
            obj([
                (
                    "description",
                    "A built-in component type (no `[types]` table declares others).".into(),
                ),
                (
                    "anyOf",
                    vec![obj([("enum", names.into())]), reference("otherSpellings")].into(),
                ),
            ]),
        ),
        (
            "otherSpellings",
            obj([
                (
                    "description",
                    "A built-in type as SST's links name it (`sst.sst.Secret`) or as SST \
                     before #6682 did (`sst:aws:Bucket`)."
                        .into(),
                ),
                ("enum", other_spellings(builtin()).into()),
            ]),
        ),
        ("linkableType", obj([("enum", linkable_spellings.into())])),
        ("resource", resource()),
        ("propertyType", property_type()),
        ("properties", property_table(true)),
        ("nestedProperties", property_table(false)),
        ("include", include()),
        ("permission", permission()),
        ("effect", effect()),
        ("actions", actions()),
        ("policyResources", policy_resources()),
        ("conditions", conditions()),
        ("function", function()),
        ("builtinOverride", type_table(TypeKind::Fixed)),
        ("linkableOverride", type_table(TypeKind::Linkable)),
        ("customType", type_table(TypeKind::Custom)),
    ])
}

fn reference(name: &str) -> Json {
    obj([("$ref", format!("#/definitions/{name}").into())])
}

fn app() -> Json {
    let mut properties = Vec::new();
    for &key in APP_KEYS {
        let schema = match key {
            "name" => described(
                string(),
                "The app's name, as `app()` returns it in sst.config.ts; `App.name` at run time.",
            ),
            "server" => described(
                boolean(),
                "Every link set runs on a server: secrets may be linked even when compiled \
                 for `wasm32-unknown-unknown` (a Cloudflare Worker, not a browser).",
            ),
            other => unreachable!("parse::APP_KEYS has `{other}`, which the schema lacks"),
        };
        properties.push((key.to_owned(), schema));
    }
    closed(properties)
}

fn resources() -> Json {
    let forbidden = class(NOT_IN_NAMES);
    obj([
        ("type", "object".into()),
        ("minProperties", 1u64.into()),
        (
            "propertyNames",
            obj([
                ("minLength", 1u64.into()),
                (
                    "allOf",
                    vec![
                        obj([
                            ("description", "No whitespace, control character or `=`: no environment variable could carry it.".into()),
                            ("not", obj([("pattern", forbidden.into())])),
                        ]),
                        obj([
                            ("description", "`App` is reserved: SST always links the app itself.".into()),
                            ("not", obj([("pattern", reserved_pattern().into())])),
                        ]),
                    ]
                    .into(),
                ),
            ]),
        ),
        (
            "patternProperties",
            obj([(
                NEEDS_FIELD,
                obj([
                    (
                        "description",
                        "A name without a letter or digit makes no Rust field: set `field`.".into(),
                    ),
                    (
                        "allOf",
                        vec![reference("resource"), obj([("required", vec![Json::from("field")].into())])]
                            .into(),
                    ),
                ]),
            )]),
        ),
        ("additionalProperties", reference("resource")),
    ])
}

fn resource() -> Json {
    let mut properties = Vec::new();
    for &key in RESOURCE_KEYS {
        let schema = match key {
            "type" => reference("componentType"),
            "properties" => reference("properties"),
            "include" => obj([
                ("type", "array".into()),
                (
                    "description",
                    "`sst.Linkable` only: SST's `include` entries, each an IAM statement \
                     (`aws.permission`, the default when `type` is left out), environment \
                     variables (`environment`) or a Cloudflare binding (`cloudflare.binding`)."
                        .into(),
                ),
                ("items", reference("include")),
            ]),
            "field" => obj([
                ("type", "string".into()),
                (
                    "description",
                    "The resource's Rust field (snake_case), instead of the one its name \
                     gives (`MyBucket` -> `my_bucket`): for names that collide or have no \
                     letter or digit."
                        .into(),
                ),
                ("minLength", 1u64.into()),
                ("not", obj([("pattern", BAD_FIELD.into())])),
            ]),
            other => unreachable!("parse::RESOURCE_KEYS has `{other}`, which the schema lacks"),
        };
        properties.push((key.to_owned(), schema));
    }
    let forbidden = ["properties", "include"].map(|k| (k, Json::Bool(false)));
    let mut schema = closed(properties);
    schema.push("required", vec![Json::from("type")].into());
    schema.push(
        "description",
        "A resource the app links: its SST component `type`, and for an `sst.Linkable` \
         its `properties` and `include`."
            .into(),
    );
    schema.push(
        "x-taplo",
        obj([("initKeys", vec![Json::from("type")].into())]),
    );
    // `properties` and `include` belong to Linkables: every other type links fixed
    // properties (a custom type's are declared under [types]).
    schema.push(
        "if",
        obj([
            ("required", vec![Json::from("type")].into()),
            ("properties", obj([("type", reference("linkableType"))])),
        ]),
    );
    schema.push("else", obj([("properties", obj(forbidden))]));
    schema
}

fn property_type() -> Json {
    let mut values: Vec<Json> = Vec::new();
    let mut docs: Vec<Json> = Vec::new();
    let rust = |t: &str| match t {
        "string" => "`String`",
        "integer" => "`i64`",
        "number" => "`f64`",
        "boolean" => "`bool`",
        "json" => "`serde_json::Value`, any JSON",
        "secret" => "`Secret<String>`: `[redacted]` in `Debug`, read with `.expose()`",
        other => unreachable!("validate::TYPE_NAMES has `{other}`, which the schema lacks"),
    };
    for optional in [false, true] {
        for &t in TYPE_NAMES {
            for list in [false, true] {
                if list && t == "secret" {
                    continue;
                }
                let mut text = t.to_owned();
                let mut doc = rust(t).to_owned();
                if list {
                    text.push_str("[]");
                    doc = format!("a list (`Vec`) of {doc}");
                }
                if optional {
                    text.push('?');
                    doc = format!("optional (`Option`, `None` when absent or null): {doc}");
                }
                values.push(text.into());
                docs.push(doc.into());
            }
        }
    }
    obj([
        ("type", "string".into()),
        (
            "description",
            "A property's type: `string`, `integer`, `number`, `boolean`, `json` or `secret`; \
             `T[]` a list, a trailing `?` optional (`string[]?`)."
                .into(),
        ),
        (
            "anyOf",
            vec![
                obj([
                    ("enum", values.into()),
                    (
                        "x-taplo",
                        obj([("docs", obj([("enumValues", docs.into())]))]),
                    ),
                ]),
                obj([("pattern", property_type_pattern().into())]),
            ]
            .into(),
        ),
    ])
}

/// A table of properties: a resource's or a type's own (`top`: `type` is not a
/// property, SST writes the component type there), or a nested object's.
fn property_table(top: bool) -> Json {
    let mut names = vec![obj([
        (
            "description",
            "A property name needs a letter or digit to become a Rust field.".into(),
        ),
        ("pattern", HAS_FIELD.into()),
    ])];
    if top {
        names.push(obj([
            (
                "description",
                "`type` is not a property: SST writes the component type there.".into(),
            ),
            ("not", obj([("const", "type".into())])),
        ]));
    }
    obj([
        ("type", "object".into()),
        (
            "description",
            "The properties SST links, each a type (`string`, `integer`, `number`, `boolean`, \
             `json`, `secret`; `T[]` a list, a trailing `?` optional) or a table of nested \
             properties. `sst.Linkable` and `[types]` only."
                .into(),
        ),
        ("propertyNames", obj([("allOf", names.into())])),
        (
            "additionalProperties",
            obj([(
                "anyOf",
                vec![reference("propertyType"), reference("nestedProperties")].into(),
            )]),
        ),
    ])
}

/// One `include` entry: its keys are those of all three shapes (so that an editor
/// offers them), and its `type` chooses the shape whose keys it may have.
fn include() -> Json {
    let docs: Vec<Json> = INCLUDE_TYPES
        .iter()
        .map(|t| {
            match *t {
                "aws.permission" => "An IAM statement linking grants (`FunctionPermissionArgs` in aws/function.ts); the default when `type` is left out.",
                "environment" => "Environment variables every function linking the resource gets (linkable.ts `env()`); `{prop}` is a linked property.",
                "cloudflare.binding" => "A Cloudflare binding (cloudflare/binding.ts): inside a Worker the resource is only its binding.",
                other => unreachable!("parse::INCLUDE_TYPES has `{other}`, which the schema lacks"),
            }
            .into()
        })
        .collect();
    let include_type = obj([
        ("type", "string".into()),
        (
            "description",
            "The include's kind; `aws.permission` when left out.".into(),
        ),
        (
            "enum",
            INCLUDE_TYPES
                .iter()
                .map(|t| Json::from(*t))
                .collect::<Vec<_>>()
                .into(),
        ),
        (
            "x-taplo",
            obj([("docs", obj([("enumValues", docs.into())]))]),
        ),
    ]);
    let mut all: Vec<(String, Json)> = Vec::new();
    let mut add = |key: &str, schema: Json| {
        if !all.iter().any(|(k, _)| k == key) {
            all.push((key.to_owned(), schema));
        }
    };
    for &key in PERMISSION_KEYS
        .iter()
        .chain(ENVIRONMENT_KEYS)
        .chain(BINDING_KEYS)
    {
        let schema = match key {
            "type" => include_type.clone(),
            "effect" => reference("effect"),
            "actions" => reference("actions"),
            "resources" => reference("policyResources"),
            "conditions" => reference("conditions"),
            "env" => obj([
                ("type", "object".into()),
                (
                    "description",
                    "`environment` only: variable = value; `{prop}` in a value is a linked \
                     property (`{name}`)."
                        .into(),
                ),
                ("additionalProperties", string()),
            ]),
            "binding" => obj([
                ("type", "string".into()),
                (
                    "description",
                    "`cloudflare.binding` only: SST's binding kind.".into(),
                ),
                (
                    "enum",
                    catalogue::BINDING_KINDS
                        .iter()
                        .map(|k| Json::from(*k))
                        .collect::<Vec<_>>()
                        .into(),
                ),
            ]),
            "properties" => obj([
                ("type", "object".into()),
                (
                    "description",
                    "`cloudflare.binding` only: the binding's own settings (a KV namespace's \
                     `namespaceId`), which SST's deploy reads."
                        .into(),
                ),
            ]),
            other => unreachable!("an include key `{other}` the schema lacks"),
        };
        add(key, schema);
    }
    let shape = |keys: &[&str], required: &[&str]| {
        obj([
            (
                "properties",
                Json::Obj(
                    keys.iter()
                        .map(|k| ((*k).to_owned(), Json::Bool(true)))
                        .collect(),
                ),
            ),
            ("additionalProperties", false.into()),
            (
                "required",
                required
                    .iter()
                    .map(|r| Json::from(*r))
                    .collect::<Vec<_>>()
                    .into(),
            ),
        ])
    };
    let is = |t: &str| {
        obj([
            ("required", vec![Json::from("type")].into()),
            ("properties", obj([("type", obj([("const", t.into())]))])),
        ])
    };
    obj([
        ("type", "object".into()),
        (
            "description",
            "An `include` entry: `{ actions = [...], resources = [...] }` (an IAM statement), \
             `{ type = \"environment\", env = {...} }` or `{ type = \"cloudflare.binding\", \
             binding = \"...\" }`."
                .into(),
        ),
        ("properties", Json::Obj(all)),
        ("if", is("environment")),
        ("then", shape(ENVIRONMENT_KEYS, &["env"])),
        (
            "else",
            obj([
                ("if", is("cloudflare.binding")),
                ("then", shape(BINDING_KEYS, &["binding"])),
                ("else", shape(PERMISSION_KEYS, &["actions", "resources"])),
            ]),
        ),
    ])
}

/// An IAM statement of `[types."X"] permissions`: `type`, if written, is
/// `aws.permission`.
fn permission() -> Json {
    let mut properties = Vec::new();
    for &key in PERMISSION_KEYS {
        let schema = match key {
            "type" => obj([
                ("description", "Only `aws.permission` here: environment and binding includes belong in a Linkable's `include`.".into()),
                ("const", "aws.permission".into()),
            ]),
            "effect" => reference("effect"),
            "actions" => reference("actions"),
            "resources" => reference("policyResources"),
            "conditions" => reference("conditions"),
            other => unreachable!("parse::PERMISSION_KEYS has `{other}`, which the schema lacks"),
        };
        properties.push((key.to_owned(), schema));
    }
    let mut schema = closed(properties);
    schema.push(
        "required",
        vec![Json::from("actions"), Json::from("resources")].into(),
    );
    schema
}

fn effect() -> Json {
    obj([
        ("type", "string".into()),
        (
            "description",
            "`allow` (the default) or `deny`, in lower case as SST spells it.".into(),
        ),
        ("enum", vec![Json::from("allow"), Json::from("deny")].into()),
    ])
}

fn actions() -> Json {
    obj([
        ("type", "array".into()),
        (
            "description",
            "IAM actions, such as `s3:GetObject` or `s3:*`.".into(),
        ),
        ("minItems", 1u64.into()),
        ("items", string()),
    ])
}

fn policy_resources() -> Json {
    obj([
        ("type", "array".into()),
        (
            "description",
            "Resources: `*` or an ARN (`arn:<partition>:<service>:<region>:<account>:...`), \
             where `{prop}` is a linked property (`{peer.region}` a nested one) and \
             `{partition}`, `{region}`, `{account}` the deployment's. AWS rejects any other \
             policy resource (MalformedPolicyDocument)."
                .into(),
        ),
        ("minItems", 1u64.into()),
        (
            "items",
            obj([
                ("type", "string".into()),
                (
                    "anyOf",
                    vec![
                        obj([("const", "*".into())]),
                        obj([("pattern", RESOURCE_TEMPLATE.into())]),
                    ]
                    .into(),
                ),
            ]),
        ),
    ])
}

fn conditions() -> Json {
    let mut properties = Vec::new();
    for &key in CONDITION_KEYS {
        let schema = match key {
            "test" => described(string(), "The condition operator, such as `StringEquals`."),
            "variable" => described(
                string(),
                "The condition key, such as `aws:PrincipalTag/team`.",
            ),
            "values" => obj([
                ("type", "array".into()),
                ("description", "The values the key is compared with.".into()),
                ("minItems", 1u64.into()),
                ("items", string()),
            ]),
            other => unreachable!("parse::CONDITION_KEYS has `{other}`, which the schema lacks"),
        };
        properties.push((key.to_owned(), schema));
    }
    let mut condition = closed(properties);
    condition.push(
        "required",
        CONDITION_KEYS
            .iter()
            .map(|k| Json::from(*k))
            .collect::<Vec<_>>()
            .into(),
    );
    obj([
        ("type", "array".into()),
        (
            "description",
            "IAM conditions: each `{ test, variable, values }` becomes `\"Condition\": { \
             <test>: { <variable>: [values] } }`."
                .into(),
        ),
        ("items", condition),
    ])
}

fn functions() -> Json {
    obj([
        ("type", "object".into()),
        ("additionalProperties", reference("function")),
    ])
}

fn function() -> Json {
    let mut properties = Vec::new();
    for &key in FUNCTION_KEYS {
        let schema = match key {
            "link" => obj([
                ("type", "array".into()),
                (
                    "description",
                    "The resources this function links, as its `link: [...]` in sst.config.ts \
                     (`App` is always linked)."
                        .into(),
                ),
                ("uniqueItems", true.into()),
                (
                    "items",
                    obj([
                        ("type", "string".into()),
                        ("not", obj([("const", RESERVED.into())])),
                    ]),
                ),
            ]),
            "env" => obj([
                ("type", "object".into()),
                (
                    "description",
                    "Plain variables `sst-resources env` and `run` also export: \
                     `VAR = \"Resource.property\"`, of a resource this function links."
                        .into(),
                ),
                (
                    "propertyNames",
                    obj([
                        ("minLength", 1u64.into()),
                        ("not", obj([("pattern", BAD_ENV_VAR.into())])),
                    ]),
                ),
                (
                    "additionalProperties",
                    obj([("type", "string".into()), ("pattern", "\\.".into())]),
                ),
            ]),
            "server" => described(
                boolean(),
                "This function runs on a server: it may link secrets even when compiled for \
                 `wasm32-unknown-unknown` (a Cloudflare Worker, not a browser).",
            ),
            "handler" => described(
                string(),
                "SST's `handler` of this function, as in sst.config.ts: `./.api` is binary \
                 `api` of the crate at `./`. A binary that is another function's handler may \
                 not load this one's links.",
            ),
            other => unreachable!("parse::FUNCTION_KEYS has `{other}`, which the schema lacks"),
        };
        properties.push((key.to_owned(), schema));
    }
    let mut schema = closed(properties);
    schema.push("required", vec![Json::from("link")].into());
    schema.push(
        "description",
        "A function's link set: the resources its `link` lists.".into(),
    );
    schema.push(
        "x-taplo",
        obj([("initKeys", vec![Json::from("link")].into())]),
    );
    schema
}

fn types() -> Json {
    let mut named = Vec::new();
    for c in builtin() {
        let def = if c.custom_properties {
            "linkableOverride"
        } else {
            "builtinOverride"
        };
        named.push((c.name.to_owned(), reference(def)));
    }
    obj([
        ("type", "object".into()),
        ("properties", Json::Obj(named)),
        (
            "patternProperties",
            obj([
                (exact(fixed()).as_str(), reference("builtinOverride")),
                (exact(linkable()).as_str(), reference("linkableOverride")),
            ]),
        ),
        ("additionalProperties", reference("customType")),
    ])
}

enum TypeKind {
    /// A built-in type with fixed properties: both may be overridden.
    Fixed,
    /// `sst.Linkable`: its properties come from each resource.
    Linkable,
    /// A type the catalogue lacks: it must declare its properties.
    Custom,
}

fn type_table(kind: TypeKind) -> Json {
    let mut properties = Vec::new();
    for &key in TYPE_KEYS {
        let schema = match (key, &kind) {
            ("properties", TypeKind::Linkable) => obj([
                ("description", "A Linkable takes its properties from each resource: declare them under [resources.<Name>].".into()),
                ("not", Json::Obj(Vec::new())),
            ]),
            ("properties", _) => described(
                reference_all("properties"),
                "The properties the type links; for a built-in type, instead of the \
                 catalogue's (an older SST version linked others).",
            ),
            ("permissions", _) => obj([
                ("type", "array".into()),
                (
                    "description",
                    "The IAM statements linking grants; for a built-in type, instead of its \
                     default ones. `{prop}` in a resource ARN is a linked property."
                        .into(),
                ),
                ("items", reference("permission")),
            ]),
            (other, _) => unreachable!("parse::TYPE_KEYS has `{other}`, which the schema lacks"),
        };
        properties.push((key.to_owned(), schema));
    }
    let mut schema = closed(properties);
    match kind {
        TypeKind::Custom => {
            schema.push("required", vec![Json::from("properties")].into());
            schema.push(
                "description",
                "A component type the catalogue lacks: the properties its links carry \
                 (`properties = {}` if none) and what linking it grants."
                    .into(),
            );
            schema.push(
                "x-taplo",
                obj([("initKeys", vec![Json::from("properties")].into())]),
            );
        }
        TypeKind::Fixed => schema.push(
            "description",
            "Overrides of a built-in type: its properties, its permissions.".into(),
        ),
        TypeKind::Linkable => schema.push(
            "description",
            "Overrides of `sst.Linkable`: default permissions only.".into(),
        ),
    }
    schema
}

/// `$ref` wrapped in `allOf`, so that a description beside it counts (draft-07 and
/// Taplo ignore a `$ref`'s siblings).
fn reference_all(name: &str) -> Json {
    obj([("allOf", vec![reference(name)].into())])
}

fn string() -> Json {
    obj([("type", "string".into())])
}

fn boolean() -> Json {
    obj([("type", "boolean".into())])
}

fn described(mut schema: Json, description: &str) -> Json {
    schema.push("description", description.into());
    schema
}

/// An object of exactly these keys.
fn closed(properties: Vec<(String, Json)>) -> Json {
    obj([
        ("type", "object".into()),
        ("properties", Json::Obj(properties)),
        ("additionalProperties", false.into()),
    ])
}

// ---------------------------------------------------------------------------------
// JSON, written by hand: the manifest crate is in every user's proc-macro build, which
// does not compile serde_json (ARCHITECTURE.md, "What a user's build compiles").

#[derive(Debug, Clone)]
enum Json {
    Bool(bool),
    Num(u64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

fn obj<const N: usize>(entries: [(&str, Json); N]) -> Json {
    Json::Obj(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

impl Json {
    fn push(&mut self, key: &str, value: Json) {
        match self {
            Json::Obj(entries) => entries.push((key.to_owned(), value)),
            _ => unreachable!("push onto an object only"),
        }
    }

    /// serde_json's pretty layout: two spaces, one entry a line.
    fn write(&self, out: &mut String, indent: usize) {
        match self {
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => {
                let _ = write!(out, "{n}");
            }
            Json::Str(s) => write_str(out, s),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    pad(out, indent + 1);
                    item.write(out, indent + 1);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                pad(out, indent);
                out.push(']');
            }
            Json::Obj(entries) => {
                out.push_str("{\n");
                for (i, (key, value)) in entries.iter().enumerate() {
                    pad(out, indent + 1);
                    write_str(out, key);
                    out.push_str(": ");
                    value.write(out, indent + 1);
                    out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
                }
                pad(out, indent);
                out.push('}');
            }
        }
    }
}

fn pad(out: &mut String, indent: usize) {
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// A JSON string, ASCII only: the committed file shows every invisible character of a
/// pattern as an escape.
fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
}

impl From<bool> for Json {
    fn from(b: bool) -> Self {
        Json::Bool(b)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Self {
        Json::Num(n)
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Self {
        Json::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Self {
        Json::Str(s)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Self {
        Json::Arr(items)
    }
}

impl From<Vec<(&str, Json)>> for Json {
    fn from(entries: Vec<(&str, Json)>) -> Self {
        Json::Obj(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_table(table: &[(u32, u32)], c: char) -> bool {
        table.iter().any(|&(a, b)| (a..=b).contains(&(c as u32)))
    }

    #[test]
    fn whitespace_is_what_trim_removes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(in_table(WHITESPACE, c), c.is_whitespace(), "{:?}", c);
        }
    }

    #[test]
    fn not_in_names_is_what_names_refuses() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let refused = !crate::names::is_valid_sst_name(&format!("a{c}b"));
            assert_eq!(in_table(NOT_IN_NAMES, c), refused, "{:?}", c);
        }
    }

    /// The ASCII rules the patterns state, against the parser's own predicates on
    /// every ASCII name of up to three characters.
    #[test]
    fn ascii_name_rules_are_the_parsers() {
        let alphabet: Vec<char> = (0x20u8..0x7F).map(char::from).collect();
        let mut names = vec![String::new()];
        for len in 1..=3 {
            let mut more = Vec::new();
            for name in names.iter().filter(|n| n.chars().count() == len - 1) {
                for &c in &alphabet {
                    // Three characters from a smaller set keep this quick.
                    if len == 3 && !"aZ0_-.".contains(c) {
                        continue;
                    }
                    more.push(format!("{name}{c}"));
                }
            }
            names.extend(more);
        }
        for name in &names {
            // HAS_FIELD: a letter or digit somewhere.
            let has_field = name.chars().any(|c| c.is_ascii_alphanumeric());
            let makes_field =
                !name.is_empty() && crate::names::is_valid_field(&crate::names::field_name(name));
            assert_eq!(has_field, makes_field, "{name:?}");
            // BAD_FIELD.
            let mut chars = name.chars();
            let bad = match chars.next() {
                None => true,
                Some(c) if c.is_ascii_digit() => true,
                Some('_') => !chars.next().is_some_and(|c| c.is_ascii_digit()),
                Some(_) => false,
            } || name
                .chars()
                .any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert_eq!(bad, !crate::names::is_valid_field(name), "{name:?}");
        }
    }

    #[test]
    fn every_spelling_is_one_lookup_finds() {
        for c in catalogue::BUILTIN {
            for s in spellings(c) {
                assert_eq!(catalogue::lookup(&s).map(|t| t.name), Some(c.name), "{s}");
            }
        }
    }

    #[test]
    fn the_schema_is_ascii_and_the_same_each_time() {
        let text = schema();
        assert!(text.is_ascii());
        assert_eq!(text, schema());
    }
}
