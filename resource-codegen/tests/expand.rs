//! Snapshots of the generated code, formatted, reviewed like code. Update with
//! `UPDATE_EXPECT=1 cargo test -p resource-codegen`.

use expect_test::expect_file;
use resource_codegen::{Options, expand};

const MANIFEST: &str = r#"
[app]
name = "shop"

[resources.MyBucket]
type = "sst.aws.Bucket"

[resources.StripeKey]
type = "sst.Secret"

[resources.ApiConfig]
type = "sst.Linkable"
properties = { endpoint = "string", timeout = "integer?", type_hint = "string", loop = "boolean", servers = "string[]", redis = { host = "string", tls = { enabled = "boolean" } } }

[functions.Upload]
link = ["MyBucket", "ApiConfig"]
"#;

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
    assert_eq!(out.matches("compile_error!").count(), 1, "{out}");
    assert!(
        out.contains("unknown component type `sst.aws.Buckt`"),
        "{out}"
    );
    assert!(out.contains("pub stripe_key: resource::StripeKey"), "{out}");
    assert!(!out.contains("my_bucket"), "{out}");
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
        out.contains("const _: &[u8] = ::core::include_bytes!(\"/abs/links.toml\");"),
        "{out}"
    );
}
