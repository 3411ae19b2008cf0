//! Snapshots of the generated code, formatted, reviewed like code. Update with
//! `UPDATE_EXPECT=1 cargo test -p resource-codegen`.

use expect_test::expect_file;
use resource_codegen::{Options, Types, expand};

/// The manifest every snapshot is generated from; `resource-cli/tests/types_out.rs`
/// holds `sst-resources types` (printed, written, watched) to the same snapshots.
const MANIFEST: &str = include_str!("snapshots/links.toml");

fn pretty(tokens: proc_macro2::TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("generated code parses as a file");
    prettyplease::unparse(&file)
}

#[test]
fn every_resource() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let out = pretty(expand(&m, &[], &Options::default()));
    expect_file!["snapshots/all.rs"].assert_eq(&out);
}

#[test]
fn one_function() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let options = Options {
        function: Some("Upload".into()),
        ..Options::default()
    };
    let out = pretty(expand(&m, &[], &options));
    assert!(
        !out.contains("stripe_key"),
        "Upload does not link StripeKey"
    );
    expect_file!["snapshots/upload.rs"].assert_eq(&out);
}

/// `load()` reads the process environment through the ASCII-case source when every
/// name is ASCII (the snapshots' manifest), through the Unicode one otherwise.
#[test]
fn load_compares_names_ignoring_unicode_case_only_when_a_name_needs_it() {
    let ascii = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let out = pretty(expand(&ascii, &[], &Options::default()));
    assert!(out.contains("Self::from_source(&::sst_resources::__private::EnvSource)"));
    let unicode = resource_manifest::parse_str(
        "links.toml",
        "[app]\nname = \"a\"\n[resources.\"Café\"]\ntype = \"sst.aws.Bucket\"\n",
    )
    .unwrap();
    let out = pretty(expand(&unicode, &[], &Options::default()));
    assert!(
        out.contains("Self::from_source(&::sst_resources::__private::UnicodeEnvSource)"),
        "{out}"
    );
}

/// Past 64 names (App included) `Resource` gives the order of its names instead of
/// an `index` match: the runtime binary-searches a bundle's keys in it.
#[test]
fn many_links_give_their_names_in_order() {
    let mut manifest = String::from("[app]\nname = \"a\"\n");
    for i in (0..70).rev() {
        manifest.push_str(&format!("[resources.R{i:02}]\ntype = \"sst.aws.Bucket\"\n"));
    }
    let m = resource_manifest::parse_str("links.toml", &manifest).unwrap();
    let out = expand(&m, &[], &Options::default()).to_string();
    let order = out
        .split("const BY_NAME : & 'static [u16] = & [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("BY_NAME");
    let order: Vec<usize> = order
        .split(',')
        .map(|i| i.trim().parse().unwrap())
        .collect();
    // KEYS: App, then R69 down to R00 as the manifest declares them.
    let keys: Vec<String> = std::iter::once("App".to_owned())
        .chain((0..70).rev().map(|i| format!("R{i:02}")))
        .collect();
    let mut sorted: Vec<usize> = (0..keys.len()).collect();
    sorted.sort_by(|a, b| keys[*a].cmp(&keys[*b]));
    assert_eq!(order, sorted);
}

/// A workspace's types crate: every resource's type, no `Resource`.
#[test]
fn types_only() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let options = Options {
        types: Types::Only,
        ..Options::default()
    };
    let out = pretty(expand(&m, &[], &options));
    assert!(!out.contains("pub struct Resource"), "{out}");
    expect_file!["snapshots/types.rs"].assert_eq(&out);
}

/// A function's crate in a workspace: its `Resource` of the shared types, and
/// `Linked<R>` for exactly its links.
#[test]
fn one_function_of_shared_types() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let options = Options {
        function: Some("Upload".into()),
        types: Types::From(quote::quote!(shop_links)),
        ..Options::default()
    };
    let out = pretty(expand(&m, &[], &options));
    assert!(!out.contains("pub mod resource"), "{out}");
    assert!(out.contains("pub use shop_links::resource;"), "{out}");
    for linked in ["MyBucket", "ApiConfig"] {
        assert!(
            out.contains(&format!("impl LinkedToUpload for resource::{linked} {{")),
            "{out}"
        );
    }
    assert!(!out.contains("for resource::StripeKey"), "{out}");
    expect_file!["snapshots/upload_shared.rs"].assert_eq(&out);
}

/// The missing-link note gives the SST name of a resource whose Rust type differs
/// (`my-bucket` is `MyBucket`): the fix is written in links.toml, with SST's names.
#[test]
fn the_missing_link_note_gives_sst_names() {
    let m = resource_manifest::parse_str(
        "links.toml",
        "[resources.\"my-bucket\"]\ntype = \"sst.aws.Bucket\"\n\
         [resources.Orders]\ntype = \"sst.aws.Dynamo\"\n\
         [functions.Api]\nlink = [\"Orders\"]\n",
    )
    .unwrap();
    let out = pretty(expand(
        &m,
        &[],
        &Options {
            function: Some("Api".into()),
            types: Types::From(quote::quote!(links)),
            ..Options::default()
        },
    ));
    assert!(
        out.contains(
            "note = \"add `{Self}` (by its SST name: `MyBucket` is \\\"my-bucket\\\") to `link` in `[functions.Api]` (links.toml:5)"
        ),
        "{out}"
    );
}

/// `types = <crate>` without a function, and `types` with one, are refused: the
/// first would hand shared code every link.
#[test]
fn types_modes_refuse_the_wrong_function_argument() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let out = pretty(expand(
        &m,
        &[],
        &Options {
            types: Types::From(quote::quote!(shop_links)),
            ..Options::default()
        },
    ));
    assert!(out.contains("`types = shop_links` takes the types of one function's links: add `function = \\\"<Name>\\\"`"), "{out}");
    let out = pretty(expand(
        &m,
        &[],
        &Options {
            types: Types::Only,
            function: Some("Upload".into()),
            ..Options::default()
        },
    ));
    assert!(
        out.contains("`function = \\\"<Name>\\\"` belongs in each function's crate"),
        "{out}"
    );
}

/// Generated code names nothing a user's crate can shadow: no `::core` (a
/// dependency named `core`), no `::std`, no bare prelude item.
#[test]
fn generated_code_reaches_everything_through_the_facade() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let mut outputs = Vec::new();
    for (function, types) in [
        (None, Types::Here),
        (Some("Upload"), Types::Here),
        (None, Types::Only),
        (Some("Upload"), Types::From(quote::quote!(shop_links))),
    ] {
        let options = Options {
            function: function.map(str::to_owned),
            types,
            manifest_path: Some("/abs/links.toml".into()),
            ..Options::default()
        };
        outputs.push(expand(&m, &[], &options));
    }
    // And the errors, with the guard for secrets on wasm32.
    outputs.push(expand(
        &resource_manifest::parse_str("links.toml", SECRETS).unwrap(),
        &[],
        &Options {
            function: Some("Nope".into()),
            ..Options::default()
        },
    ));
    for out in outputs {
        check_paths(out, &mut Vec::new());
    }
}

/// Fails on `core` or `std` anywhere, and on a prelude name not preceded by `::`
/// (i.e. named bare, where a user's item of that name would be taken).
fn check_paths(tokens: proc_macro2::TokenStream, trail: &mut Vec<String>) {
    use proc_macro2::TokenTree;
    const PRELUDE: &[&str] = &[
        "Option", "Result", "Some", "None", "Ok", "Err", "String", "Vec", "Box", "Default",
        "Debug", "Clone", "OnceLock", "ToString", "ToOwned", "Into", "From", "Drop", "drop",
    ];
    let mut previous: Option<TokenTree> = None;
    for tree in tokens {
        match &tree {
            TokenTree::Group(group) => check_paths(group.stream(), trail),
            TokenTree::Ident(ident) => {
                let name = ident.to_string();
                assert!(
                    name != "core" && name != "std",
                    "`{name}` in generated code after {trail:?}"
                );
                let after_path =
                    matches!(&previous, Some(TokenTree::Punct(p)) if p.as_char() == ':');
                assert!(
                    !PRELUDE.contains(&name.as_str()) || after_path,
                    "bare `{name}` in generated code after {trail:?}"
                );
                trail.push(name);
                if trail.len() > 8 {
                    trail.remove(0);
                }
            }
            _ => {}
        }
        previous = Some(tree);
    }
}

#[test]
fn errors_come_with_a_fallback_resource() {
    let text = MANIFEST.replace("sst.aws.Bucket", "sst.aws.Buckt");
    let parsed =
        resource_manifest::parse_source(&resource_manifest::SourceFile::new("links.toml", text));
    // One error: Upload's link to the unresolved MyBucket is not reported again.
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    let out = pretty(expand(
        &parsed.manifest,
        &parsed.diagnostics,
        &Options::default(),
    ));
    // The diagnostic, and the wasm32 guard for StripeKey's secret (cfg'd out elsewhere).
    assert_eq!(out.matches("compile_error!").count(), 2, "{out}");
    assert_eq!(
        out.matches("#[cfg(all(target_arch = \"wasm32\", target_os = \"unknown\"))]")
            .count(),
        1,
        "{out}"
    );
    assert!(
        out.contains("unknown component type `sst.aws.Buckt`"),
        "{out}"
    );
    assert!(out.contains("pub stripe_key: resource::StripeKey"), "{out}");
    // MyBucket, unresolved, is a field of an error type (reading it adds no error),
    // and has no type, no loader and no key.
    assert!(
        out.contains("pub my_bucket: __manifest_has_errors::MyBucket,"),
        "{out}"
    );
    // The error message names it too.
    assert_eq!(out.matches("MyBucket").count(), 2, "{out}");
}

#[test]
fn a_manifest_that_resolves_nothing_gives_a_resource_of_an_error_type() {
    let file = resource_manifest::SourceFile::new("links.toml", "[resources.A\ntype = 1\n");
    let parsed = resource_manifest::parse_source(&file);
    assert_eq!(parsed.diagnostics.len(), 1, "{:#?}", parsed.diagnostics);
    assert!(parsed.diagnostics[0].message.starts_with("invalid TOML"));
    let out = pretty(expand(
        &parsed.manifest,
        &parsed.diagnostics,
        &Options::default(),
    ));
    assert!(
        out.contains("pub type Resource = __manifest_has_errors::Resource;"),
        "{out}"
    );
    assert!(out.contains("pub mod resource {}"), "{out}");
    assert!(!out.contains("impl"), "{out}");
}

#[test]
fn unknown_function_suggests() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let options = Options {
        function: Some("Uplod".into()),
        ..Options::default()
    };
    let out = pretty(expand(&m, &[], &options));
    assert!(
        out.contains("links.toml declares no function `Uplod`\\nhelp: did you mean `Upload`?"),
        "{out}"
    );
}

#[test]
fn manifest_path_is_included_for_rebuilds() {
    let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
    let options = Options {
        manifest_path: Some("/abs/links.toml".into()),
        ..Options::default()
    };
    let out = pretty(expand(&m, &[], &options));
    assert!(
        out.contains(
            "const _: &[u8] = ::sst_resources::__private::include_bytes!(\"/abs/links.toml\");"
        ),
        "{out}"
    );
}

const WASM_GUARD: &str = "#[cfg(all(target_arch = \"wasm32\", target_os = \"unknown\"))]";

fn expand_function(text: &str, function: Option<&str>) -> String {
    let m = resource_manifest::parse_str("links.toml", text).unwrap();
    let options = Options {
        function: function.map(str::to_owned),
        ..Options::default()
    };
    pretty(expand(&m, &[], &options))
}

const SECRETS: &str = r#"
[resources.Key]
type = "sst.Secret"

[resources.Db]
type = "sst.Linkable"
properties = { host = "string", redis = { password = "secret?" } }

[resources.Site]
type = "sst.aws.Bucket"

[functions.Page]
link = ["Site"]

[functions.Api]
link = ["Site", "Key", "Db"]

[functions.Worker]
link = ["Key"]
server = true
"#;

#[test]
fn secrets_outside_a_server_fail_on_wasm32_only() {
    let out = expand_function(SECRETS, Some("Api"));
    assert_eq!(out.matches(WASM_GUARD).count(), 1, "{out}");
    let guard = out.split(WASM_GUARD).nth(1).unwrap();
    let guard = &guard[..guard.find(");").unwrap()];
    assert!(
        guard.contains("::sst_resources::__private::compile_error!"),
        "{guard}"
    );
    for part in [
        "function `Api` (links.toml:15) links secrets",
        "compiled for wasm32-unknown-unknown",
        "runs in browsers",
        r"\n  - `Key.value` (sst.Secret, links.toml:2)",
        r"\n  - `Db.redis.password` (sst.Linkable, links.toml:5)",
        "mark it in links.toml: `[functions.Api] server = true`",
    ] {
        assert!(guard.contains(part), "{part:?} not in {guard}");
    }
    assert!(!guard.contains("Site"), "Site holds no secret: {guard}");
}

#[test]
fn no_guard_without_secrets_or_on_a_server() {
    for (function, why) in [
        (Some("Page"), "Page links no secret"),
        (Some("Worker"), "Worker is server = true"),
    ] {
        let out = expand_function(SECRETS, function);
        assert!(!out.contains(WASM_GUARD), "{why}: {out}");
    }
    let out = expand_function(SECRETS, Some("Nope"));
    assert!(
        !out.contains(WASM_GUARD),
        "an unknown function gets only its error"
    );
}

#[test]
fn the_whole_app_follows_app_server() {
    let out = expand_function(SECRETS, None);
    assert!(out.contains(WASM_GUARD), "{out}");
    assert!(
        out.contains("the whole app's link set (every resource in links.toml) links secrets"),
        "{out}"
    );
    assert!(out.contains("`[app] server = true`"), "{out}");
    let server_app = format!("[app]\nserver = true\n{SECRETS}");
    assert!(!expand_function(&server_app, None).contains(WASM_GUARD));
    // `[app] server = true` reaches every function, unless one says `server = false`.
    assert!(!expand_function(&server_app, Some("Api")).contains(WASM_GUARD));
    let browser = server_app.replace(
        "[functions.Page]\nlink = [\"Site\"]",
        "[functions.Page]\nlink = [\"Site\", \"Key\"]\nserver = false",
    );
    assert!(expand_function(&browser, Some("Page")).contains(WASM_GUARD));
}

#[test]
fn an_sst_env_dts_is_told_to_become_a_links_toml() {
    let dts = "declare module \"sst\" {\n  export interface Resource {\n    \"Key\": { \"type\": \"sst.sst.Secret\"; \"value\": string }\n  }\n}\n";
    let parsed = resource_manifest::parse_dts(&resource_manifest::SourceFile::new(
        "sst-env.d.ts",
        dts.to_owned(),
    ));
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let out = pretty(expand(&parsed.manifest, &[], &Options::default()));
    assert!(out.contains(WASM_GUARD), "{out}");
    assert!(
        out.contains(
            "write a links.toml (`sst-resources import sst-env.d.ts > links.toml`), set `[app] server = true` in it"
        ),
        "{out}"
    );
}
