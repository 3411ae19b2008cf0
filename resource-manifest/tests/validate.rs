//! Every manifest error: its message, where it points, and the fix it suggests.

use resource_manifest::{Diagnostic, PropertyType, parse_str};

fn errors(text: &str) -> Vec<Diagnostic> {
    parse_str("links.toml", text).unwrap_err().diagnostics
}

fn one(text: &str) -> Diagnostic {
    let mut all = errors(text);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.remove(0)
}

#[test]
fn the_seed_manifest_resolves() {
    let m = parse_str(
        "links.toml",
        r#"
[app]
name = "my-app"

[resources.MyBucket]
type = "sst.aws.Bucket"

[resources.StripeKey]
type = "sst.Secret"

[resources.ApiConfig]
type = "sst.Linkable"
properties = { endpoint = "string", version = "string", timeout = "integer" }
include = [{ actions = ["s3:GetObject"], resources = ["arn:aws:s3:::assets/*"] }]

[functions.Upload]
link = ["MyBucket", "ApiConfig"]
"#,
    )
    .unwrap();
    assert_eq!(m.app_name.as_deref(), Some("my-app"));
    let names: Vec<_> = m
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.field.as_str(), r.line))
        .collect();
    assert_eq!(
        names,
        [
            ("MyBucket", "my_bucket", 5),
            ("StripeKey", "stripe_key", 8),
            ("ApiConfig", "api_config", 11)
        ]
    );
    let secret = m.resource("StripeKey").unwrap();
    assert_eq!(secret.wire_type, "sst.sst.Secret");
    assert!(secret.properties[0].secret);
    let api = m.resource("ApiConfig").unwrap();
    assert_eq!(api.wire_type, "sst.sst.Linkable");
    let props: Vec<_> = api
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.ty.clone()))
        .collect();
    assert_eq!(
        props,
        [
            ("endpoint", PropertyType::String),
            ("version", PropertyType::String),
            ("timeout", PropertyType::Integer)
        ]
    );
    assert_eq!(api.permissions[0].actions, ["s3:GetObject"]);
    let upload = m.function("Upload").unwrap();
    let linked: Vec<_> = m
        .linked_to(Some(upload))
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(linked, ["MyBucket", "ApiConfig"]);
}

#[test]
fn toml_syntax_error_has_its_position() {
    let d = one("[resources.A]\ntype = \"sst.aws.Bucket\n");
    assert!(d.message.starts_with("invalid TOML"), "{}", d.message);
    // toml reports an unterminated string where the line ends.
    assert_eq!((d.line, d.column), (2, 23));
}

#[test]
fn unknown_type_suggests_the_closest() {
    let d = one("[resources.MyBucket]\ntype = \"sst.aws.Buckt\"\n");
    assert_eq!(d.message, "unknown component type `sst.aws.Buckt`");
    assert_eq!(d.subject.as_deref(), Some("MyBucket"));
    assert_eq!((d.line, d.column), (2, 8));
    assert_eq!(d.help.as_deref(), Some("did you mean `sst.aws.Bucket`?"));
    assert_eq!(d.source_line, "type = \"sst.aws.Buckt\"");
}

#[test]
fn unknown_type_without_a_close_one_says_how_to_declare_it() {
    let d = one("[resources.X]\ntype = \"acme.Thing\"\n");
    assert!(d.help.unwrap().contains("[types.\"<type>\"]"));
}

#[test]
fn missing_type() {
    let d = one("[resources.MyBucket]\n");
    assert_eq!(d.message, "resource `MyBucket` has no `type`");
    assert_eq!((d.line, d.column), (1, 12));
}

#[test]
fn unknown_keys_suggest_the_known_ones() {
    let d = one("[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\ntpe = 1\n");
    assert_eq!(d.message, "unknown key `tpe` in [resources.MyBucket]");
    assert_eq!(d.help.as_deref(), Some("did you mean `type`?"));
    let d = one(
        "[resource.MyBucket]\ntype = \"sst.aws.Bucket\"\n[resources.B]\ntype = \"sst.aws.Bucket\"\n",
    );
    assert_eq!(d.help.as_deref(), Some("did you mean `resources`?"));
}

#[test]
fn function_linking_an_unknown_resource() {
    let d = one(
        "[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n[functions.Upload]\nlink = [\"MyBukcet\"]\n",
    );
    assert_eq!(
        d.message,
        "function `Upload` links `MyBukcet`, which is not declared under [resources]"
    );
    assert_eq!((d.line, d.column), (4, 9));
    assert_eq!(d.help.as_deref(), Some("did you mean `MyBucket`?"));
}

#[test]
fn function_linking_twice_or_app() {
    let all = errors(
        "[resources.A]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlink = [\"A\", \"A\", \"App\"]\n",
    );
    let messages: Vec<_> = all.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`A` is linked twice",
            "`App` is always linked; do not list it"
        ]
    );
}

#[test]
fn invalid_and_reserved_names() {
    let d = one("[resources.\"my bucket\"]\ntype = \"sst.aws.Bucket\"\n");
    assert_eq!(d.message, "`my bucket` is not a valid resource name");
    let d = one("[resources.App]\ntype = \"sst.aws.Bucket\"\n");
    assert!(d.message.contains("reserved"), "{}", d.message);
    let d = one("[resources.app]\ntype = \"sst.aws.Bucket\"\n");
    assert!(d.message.contains("reserved"), "{}", d.message);
}

#[test]
fn names_unique_ignoring_case() {
    let d = one(
        "[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n[resources.mybucket]\ntype = \"sst.aws.Bucket\"\n",
    );
    assert_eq!(
        d.message,
        "`mybucket` and `MyBucket` differ only in case; SST requires names unique ignoring case"
    );
    assert_eq!(d.line, 3);
}

#[test]
fn snake_case_collisions_name_both_and_the_fix() {
    let text = "[resources.my-bucket]\ntype = \"sst.aws.Bucket\"\n[resources.My_Bucket]\ntype = \"sst.aws.Bucket\"\n";
    let d = one(text);
    assert_eq!(
        d.message,
        "`My_Bucket` and `my-bucket` both become the field `my_bucket`"
    );
    assert!(
        d.help.as_deref().unwrap().contains("field = "),
        "{:?}",
        d.help
    );
    // The fix works.
    let fixed = text.replace(
        "[resources.My_Bucket]\n",
        "[resources.My_Bucket]\nfield = \"other_bucket\"\n",
    );
    let m = parse_str("links.toml", &fixed).unwrap();
    assert_eq!(m.resource("My_Bucket").unwrap().field, "other_bucket");
}

#[test]
fn unknown_property_type_suggests() {
    let d = one("[resources.C]\ntype = \"sst.Linkable\"\nproperties = { port = \"integr\" }\n");
    assert_eq!(d.message, "unknown property type `integr`");
    assert_eq!(d.help.as_deref(), Some("did you mean `integer`?"));
    assert_eq!((d.line, d.column), (3, 23));
}

#[test]
fn property_type_grammar() {
    let m = parse_str(
        "links.toml",
        "[resources.C]\ntype = \"sst.Linkable\"\nproperties = { a = \"integer[][]\", b = \"number?\", c = \"secret\", d = { e = \"boolean\" } }\n",
    )
    .unwrap();
    let p = &m.resources[0].properties;
    assert_eq!(
        p[0].ty,
        PropertyType::List(Box::new(PropertyType::List(Box::new(
            PropertyType::Integer
        ))))
    );
    assert!(p[1].optional && p[1].ty == PropertyType::Number);
    assert!(p[2].secret && p[2].ty == PropertyType::String);
    assert!(matches!(&p[3].ty, PropertyType::Object(children) if children[0].name == "e"));
}

#[test]
fn properties_only_for_linkables() {
    let d = one("[resources.B]\ntype = \"sst.aws.Bucket\"\nproperties = { x = \"string\" }\n");
    assert!(
        d.message.contains("links fixed properties"),
        "{}",
        d.message
    );
    let d = one(
        "[resources.B]\ntype = \"sst.aws.Bucket\"\ninclude = [{ actions = [\"s3:*\"], resources = [\"*\"] }]\n",
    );
    assert!(
        d.message.contains("`include` is only for `sst.Linkable`"),
        "{}",
        d.message
    );
}

#[test]
fn include_needs_actions_and_resources() {
    let d = one(
        "[resources.C]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [\"s3:*\"] }]\n",
    );
    assert!(
        d.message
            .contains("needs non-empty `actions` and `resources`"),
        "{}",
        d.message
    );
}

#[test]
fn custom_types_and_overrides() {
    let m = parse_str(
        "links.toml",
        r#"
[types."aws.dynamodb/table.Table"]
properties = { tableName = "string" }
permissions = [{ actions = ["dynamodb:GetItem"], resources = ["arn:aws:dynamodb:*:*:table/{tableName}"] }]

[types."sst.aws.Bucket"]
permissions = [{ actions = ["s3:GetObject"], resources = ["arn:aws:s3:::{name}/*"] }]

[resources.Keys]
type = "aws.dynamodb/table.Table"

[resources.B]
type = "sst.aws.Bucket"
"#,
    )
    .unwrap();
    let keys = m.resource("Keys").unwrap();
    assert_eq!(keys.wire_type, "aws.dynamodb/table.Table");
    assert_eq!(keys.properties[0].field, "table_name");
    assert_eq!(keys.permissions[0].actions, ["dynamodb:GetItem"]);
    let b = m.resource("B").unwrap();
    assert_eq!(b.permissions[0].actions, ["s3:GetObject"]);
    assert_eq!(b.properties[0].name, "name");
}

#[test]
fn a_builtin_types_properties_can_be_overridden_but_not_a_linkables() {
    // An older SST version linked another property set.
    let m = parse_str(
        "links.toml",
        "[types.\"sst.aws.Email\"]\nproperties = { sender = \"string\" }\n[resources.E]\ntype = \"sst.aws.Email\"\n",
    )
    .unwrap();
    let e = m.resource("E").unwrap();
    assert_eq!(e.properties.len(), 1);
    assert_eq!(
        e.permissions[0].actions,
        ["ses:*"],
        "permissions stay the built-in's"
    );
    let d = one(
        "[types.\"sst.Linkable\"]\nproperties = { x = \"string\" }\n[resources.L]\ntype = \"sst.Linkable\"\n",
    );
    assert!(
        d.message
            .contains("takes its properties from each resource"),
        "{}",
        d.message
    );
}

#[test]
fn property_collisions_and_reserved_type() {
    let all = errors(
        "[resources.C]\ntype = \"sst.Linkable\"\nproperties = { tableName = \"string\", table_name = \"string\", type = \"string\" }\n",
    );
    let messages: Vec<_> = all.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "properties `table_name` and `tableName` both become the field `table_name`",
            "`type` is not a property: SST writes the component type there"
        ]
    );
}

#[test]
fn empty_manifest() {
    let d = one("# nothing yet\n[app]\nname = \"x\"\n");
    assert_eq!(d.message, "the manifest declares no resources");
}

#[test]
fn every_error_is_reported_together() {
    let all = errors(
        "[resources.A]\ntype = \"sst.aws.Buckt\"\n[resources.B]\ntype = \"sst.aws.Dynamo\"\nfoo = 1\n[functions.F]\nlink = [\"C\"]\n",
    );
    assert_eq!(all.len(), 3, "{all:#?}");
    let lines: Vec<_> = all.iter().map(|d| d.line).collect();
    assert_eq!(lines, [2, 5, 7]);
}

#[test]
fn rendering_quotes_the_line() {
    let err = parse_str(
        "links.toml",
        "[resources.MyBucket]\ntype = \"sst.aws.Buckt\"\n",
    )
    .unwrap_err();
    let rendered = err.diagnostics[0].render();
    let expected = "error: unknown component type `sst.aws.Buckt` (MyBucket)
 --> links.toml:2:8
  |
2 | type = \"sst.aws.Buckt\"
  |        ^^^^^^^^^^^^^^^
  |
  = help: did you mean `sst.aws.Bucket`?";
    assert_eq!(rendered.trim_end(), expected);
}

#[test]
fn exports_name_linked_properties() {
    let base = "[resources.Key]\ntype = \"sst.Secret\"\n[resources.B]\ntype = \"sst.aws.Bucket\"\n[functions.F]\nlink = [\"Key\"]\n[functions.F.env]\n";
    let m = parse_str(
        "links.toml",
        &format!("{base}STRIPE_API_KEY = \"Key.value\"\n"),
    )
    .unwrap();
    assert_eq!(m.function("F").unwrap().exports[0].path, ["value"]);
    let d = one(&format!("{base}X = \"Key.valeu\"\n"));
    assert_eq!(d.message, "`Key` has no property `valeu`");
    assert_eq!(d.help.as_deref(), Some("did you mean `value`?"));
    let d = one(&format!("{base}X = \"B.name\"\n"));
    assert_eq!(
        d.message,
        "`X` exports `B`, which function `F` does not link"
    );
    let d = one(&format!("{base}\"bad var\" = \"Key.value\"\n"));
    assert_eq!(d.message, "`bad var` is not an environment variable name");
}

const SERVER_BASE: &str = "[resources.Key]\ntype = \"sst.Secret\"\n";

#[test]
fn server_marks_a_function_server_side() {
    let m = parse_str(
        "links.toml",
        &format!(
            "{SERVER_BASE}[functions.Worker]\nlink = [\"Key\"]\nserver = true\n\
             [functions.Page]\nlink = []\n[functions.Off]\nlink = []\nserver = false\n"
        ),
    )
    .unwrap();
    assert!(!m.server);
    let server: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.server))
        .collect();
    assert_eq!(server, [("Worker", true), ("Page", false), ("Off", false)]);
}

#[test]
fn app_server_marks_every_function_unless_it_says_otherwise() {
    let m = parse_str(
        "links.toml",
        &format!(
            "[app]\nname = \"a\"\nserver = true\n{SERVER_BASE}\
             [functions.Api]\nlink = [\"Key\"]\n[functions.Page]\nlink = []\nserver = false\n"
        ),
    )
    .unwrap();
    assert!(m.server);
    let server: Vec<_> = m
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.server))
        .collect();
    assert_eq!(server, [("Api", true), ("Page", false)]);
}

#[test]
fn server_must_be_a_boolean() {
    let d = one(&format!(
        "{SERVER_BASE}[functions.Api]\nlink = [\"Key\"]\nserver = \"yes\"\n"
    ));
    assert_eq!(d.message, "`server` must be a boolean, found a string");
    assert_eq!((d.line, d.column), (5, 10));
    assert_eq!(
        d.help.as_deref(),
        Some("write `true` or `false`, without quotes")
    );
    let d = one(&format!("[app]\nserver = 1\n{SERVER_BASE}"));
    assert_eq!(
        d.message,
        "`[app] server` must be a boolean, found an integer"
    );
    assert_eq!((d.line, d.column), (2, 10));
}

#[test]
fn server_is_a_known_key_with_a_suggestion() {
    let d = one(&format!(
        "{SERVER_BASE}[functions.Api]\nlink = [\"Key\"]\nsever = true\n"
    ));
    assert_eq!(d.message, "unknown key `sever` in [functions.Api]");
    assert_eq!(d.help.as_deref(), Some("did you mean `server`?"));
    let d = one(&format!("[app]\nservr = true\n{SERVER_BASE}"));
    assert_eq!(d.message, "unknown key `servr` in [app]");
    assert_eq!(d.help.as_deref(), Some("did you mean `server`?"));
}

#[test]
fn secret_paths_look_through_objects_lists_and_options() {
    let m = parse_str(
        "links.toml",
        r#"
[resources.Key]
type = "sst.Secret"

[resources.Db]
type = "sst.Linkable"
properties = { host = "string", password = "secret?", replicas = { host = "string", token = "secret" }, shards = "string[]", nested = { deeper = { key = "secret" } } }

[resources.Plain]
type = "sst.aws.Bucket"
"#,
    )
    .unwrap();
    assert_eq!(m.resource("Key").unwrap().secret_paths(), ["value"]);
    assert_eq!(
        m.resource("Db").unwrap().secret_paths(),
        ["password", "replicas.token", "nested.deeper.key"]
    );
    assert!(m.resource("Plain").unwrap().secret_paths().is_empty());
}

/// SST's three include shapes, with SST's own key names
/// (`platform/src/components/aws/function.ts` `FunctionPermissionArgs`,
/// `linkable.ts` `env()`, `cloudflare/binding.ts` `binding()`).
#[test]
fn includes_take_sst_s_three_shapes() {
    let m = parse_str(
        "links.toml",
        r#"
[resources.Media]
type = "sst.Linkable"
properties = { name = "string" }
include = [
  { actions = ["s3:GetObject"], resources = ["arn:aws:s3:::{name}/*"] },
  { type = "aws.permission", effect = "deny", actions = ["s3:DeleteObject"], resources = ["*"], conditions = [{ test = "StringNotEquals", variable = "aws:PrincipalTag/team", values = ["media", "ops"] }] },
  { type = "environment", env = { MEDIA_BUCKET = "{name}" } },
]

[resources.Flags]
type = "sst.Linkable"
properties = { namespaceId = "string" }
include = [{ type = "cloudflare.binding", binding = "kvNamespaceBindings", properties = { namespaceId = "abc" } }]
"#,
    )
    .unwrap();
    let media = m.resource("Media").unwrap();
    assert_eq!(media.permissions.len(), 2);
    assert_eq!(
        media.permissions[0].effect,
        resource_manifest::Effect::Allow
    );
    assert_eq!(media.permissions[1].effect, resource_manifest::Effect::Deny);
    assert_eq!(
        media.permissions[1].conditions,
        [resource_manifest::Condition {
            test: "StringNotEquals".into(),
            variable: "aws:PrincipalTag/team".into(),
            values: vec!["media".into(), "ops".into()],
        }]
    );
    assert_eq!(
        media.environment,
        [("MEDIA_BUCKET".into(), "{name}".into())]
    );
    assert_eq!(media.binding, None);
    let flags = m.resource("Flags").unwrap();
    assert_eq!(flags.binding.as_deref(), Some("kvNamespaceBindings"));
    assert!(
        flags.properties[0].optional,
        "a binding has no text inside a Worker"
    );
    // Built-in types carry theirs: Auth's issuer variable, an R2 bucket's binding.
    let m = parse_str(
        "links.toml",
        "[resources.Auth]\ntype = \"sst.aws.Auth\"\n[resources.B]\ntype = \"sst.cloudflare.Bucket\"\n",
    )
    .unwrap();
    assert_eq!(
        m.resource("Auth").unwrap().environment,
        [("OPENAUTH_ISSUER".into(), "{url}".into())]
    );
    assert_eq!(
        m.resource("B").unwrap().binding.as_deref(),
        Some("r2BucketBindings")
    );
}

#[test]
fn include_mistakes_name_their_place_and_fix() {
    let base = "[resources.C]\ntype = \"sst.Linkable\"\nproperties = {}\n";
    let d = one(&format!(
        "{base}include = [{{ type = \"enviroment\", env = {{ A = \"b\" }} }}]\n"
    ));
    assert_eq!(d.message, "unknown include type `enviroment`");
    assert_eq!(d.help.as_deref(), Some("did you mean `environment`?"));
    assert_eq!(d.line, 4);
    let d = one(&format!(
        "{base}include = [{{ effect = \"Deny\", actions = [\"s3:*\"], resources = [\"*\"] }}]\n"
    ));
    assert_eq!(
        d.message,
        "`effect` must be \"allow\" or \"deny\", found \"Deny\""
    );
    let d = one(&format!(
        "{base}include = [{{ type = \"cloudflare.binding\", binding = \"kvBindings\" }}]\n"
    ));
    assert_eq!(d.message, "unknown Cloudflare binding kind `kvBindings`");
    let d = one(&format!(
        "{base}include = [{{ actions = [\"s3:*\"], resources = [\"*\"], conditions = [{{ test = \"StringEquals\", values = [\"x\"] }}] }}]\n"
    ));
    assert_eq!(
        d.message,
        "each condition needs `test`, `variable` and non-empty `values`"
    );
    let d = one(&format!("{base}include = [{{ type = \"environment\" }}]\n"));
    assert_eq!(d.message, "an `environment` include needs `env`");
    let d = one(&format!(
        "{base}include = [{{ actions = [\"s3:*\"], resources = [\"assets/*\"] }}]\n"
    ));
    assert!(
        d.message.starts_with("`assets/*` is not a policy resource"),
        "{}",
        d.message
    );
}

/// SST refuses only names with spaces (`component.ts`); every other name gets a
/// field by one rule, and a real collision still names both.
#[test]
fn sst_legal_names_become_fields() {
    let m = parse_str(
        "links.toml",
        "[resources.2fa]\ntype = \"sst.Secret\"\n[resources.\"media.store\"]\ntype = \"sst.aws.Bucket\"\n[resources.\"Café\"]\ntype = \"sst.Linkable\"\nproperties = { 2x = \"string\", self = \"string\" }\n",
    )
    .unwrap();
    let fields: Vec<_> = m.resources.iter().map(|r| r.field.as_str()).collect();
    assert_eq!(fields, ["_2fa", "media_store", "café"]);
    let props: Vec<_> = m.resources[2]
        .properties
        .iter()
        .map(|p| p.field.as_str())
        .collect();
    assert_eq!(props, ["_2x", "self"]);
    let d = one(
        "[resources.\"media.store\"]\ntype = \"sst.aws.Bucket\"\n[resources.media_store]\ntype = \"sst.aws.Bucket\"\n",
    );
    assert_eq!(
        d.message,
        "`media_store` and `media.store` both become the field `media_store`"
    );
    assert!(d.help.as_deref().unwrap().contains("field = "));
    let d = one("[resources.\"my bucket\"]\ntype = \"sst.aws.Bucket\"\n");
    assert_eq!(d.message, "`my bucket` is not a valid resource name");
    let d = one("[resources.\"🎉\"]\ntype = \"sst.aws.Bucket\"\n");
    assert_eq!(
        d.message,
        "`🎉` has no letter or digit to make a Rust field from"
    );
}

#[test]
fn properties_nest_at_most_max_type_depth_levels() {
    use resource_manifest::MAX_TYPE_DEPTH;
    // Found probing the macro's fuzz target: `"string[]...[]"` with thousands of `[]` took it
    // seconds (quadratic in the depth) and overflowed `sst-resources types`'s stack at
    // a few hundred. Tables count with lists, and a table's own nesting is TOML's.
    let manifest = |tables: usize, lists: usize| {
        let dotted = vec!["t"; tables + 1].join(".");
        format!(
            "[resources.A]\ntype = \"sst.Linkable\"\n[resources.A.properties]\n{dotted} = \"string{}\"\n",
            "[]".repeat(lists)
        )
    };
    for (tables, lists) in [(0, MAX_TYPE_DEPTH), (MAX_TYPE_DEPTH, 0), (10, 22)] {
        let text = manifest(tables, lists);
        assert!(parse_str("links.toml", &text).is_ok(), "{text}");
    }
    for (tables, lists) in [
        (0, MAX_TYPE_DEPTH + 1),
        (10, 23),
        (MAX_TYPE_DEPTH + 1, 0),
        (0, 100_000),
    ] {
        let d = one(&manifest(tables, lists));
        assert_eq!(
            d.message,
            format!("property `t` nests tables and lists more than {MAX_TYPE_DEPTH} levels deep"),
            "{tables} {lists}"
        );
        assert_eq!(d.line, 4);
    }
}
