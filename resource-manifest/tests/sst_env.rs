//! `sst-env.d.ts` files as SST writes them, read from disk with `load`: every layout
//! SST's generator has had (`tests/fixtures/sst-env`, see its README), references
//! followed, declarations of one resource merged, and what goes wrong said at the
//! reference or declaration concerned.

use std::path::{Path, PathBuf};

use resource_manifest::{Loaded, Manifest, PropertyType, load};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sst-env")
}

/// Loads `relative` under `root`, naming it `relative` in diagnostics.
fn load_at(root: &Path, relative: &str) -> Loaded {
    load(&root.join(relative), relative).unwrap()
}

/// Loads a fixture that must read cleanly.
fn clean(relative: &str) -> Loaded {
    let loaded = load_at(&fixtures(), relative);
    assert!(
        loaded.parsed.diagnostics.is_empty(),
        "{relative}: {:#?}",
        loaded.parsed.diagnostics
    );
    loaded
}

fn names(loaded: &Loaded) -> Vec<&str> {
    loaded
        .parsed
        .manifest
        .resources
        .iter()
        .map(|r| r.name.as_str())
        .collect()
}

fn read_names(loaded: &Loaded) -> Vec<&str> {
    loaded.files.iter().map(|(_, f)| f.name()).collect()
}

/// The app every fixture describes: `Api` a Worker with a service binding, `Uploads`
/// an R2 bucket with its binding, and three plain links.
fn assert_the_app(m: &Manifest, api_has_url: bool) {
    let mut got: Vec<&str> = m.resources.iter().map(|r| r.name.as_str()).collect();
    got.sort_unstable();
    assert_eq!(got, ["Api", "Config", "MyBucket", "StripeKey", "Uploads"]);
    let api = m.resource("Api").unwrap();
    assert_eq!(api.wire_type, "sst.cloudflare.Worker");
    assert_eq!(api.binding.as_deref(), Some("serviceBindings"));
    let url = api.properties.iter().find(|p| p.name == "url").unwrap();
    assert_eq!(url.ty, PropertyType::String);
    // SST links a Worker's `url` only when it has one; the catalogue says so.
    assert!(url.optional || !api_has_url);
    let uploads = m.resource("Uploads").unwrap();
    assert_eq!(uploads.wire_type, "sst.cloudflare.Bucket");
    assert_eq!(uploads.binding.as_deref(), Some("r2BucketBindings"));
    assert!(uploads.properties.iter().any(|p| p.name == "name"));
    let config = m.resource("Config").unwrap();
    assert_eq!(config.properties[0].ty, PropertyType::Number);
    assert!(matches!(&config.properties[1].ty, PropertyType::Object(r) if r.len() == 1));
    assert!(m.resource("StripeKey").unwrap().properties[0].secret);
    assert_eq!(m.resource("MyBucket").unwrap().binding, None);
}

#[test]
fn today_the_root_file_and_each_package_shim_read() {
    let root = clean("2026-04/sst-env.d.ts");
    assert_the_app(&root.parsed.manifest, true);
    assert_eq!(read_names(&root), ["2026-04/sst-env.d.ts"]);
    for package in ["web", "worker"] {
        let shim = clean(&format!("2026-04/packages/{package}/sst-env.d.ts"));
        assert_the_app(&shim.parsed.manifest, true);
        assert_eq!(
            read_names(&shim),
            [
                format!("2026-04/packages/{package}/sst-env.d.ts").as_str(),
                "2026-04/sst-env.d.ts"
            ]
        );
        // Every resource is declared in the root file, so the manifest is named after it
        // (and lines in messages are its lines).
        assert_eq!(shim.parsed.manifest.file, "2026-04/sst-env.d.ts");
        assert_eq!(
            shim.parsed.manifest.resource("MyBucket").unwrap().line,
            root.parsed.manifest.resource("MyBucket").unwrap().line
        );
    }
}

#[test]
fn january_2026_self_reference_shim_and_cloudflare_package_read() {
    // The root file ends with `/// <reference path="sst-env.d.ts" />` after its
    // statements: a comment, as TypeScript reads it.
    let root = clean("2026-01/sst-env.d.ts");
    assert_eq!(read_names(&root), ["2026-01/sst-env.d.ts"]);
    assert_eq!(names(&root).len(), 5);
    // The root declares `Api` and `Uploads` as objects only: the catalogue's binding.
    assert_the_app(&root.parsed.manifest, true);
    let web = clean("2026-01/packages/web/sst-env.d.ts");
    assert_eq!(
        read_names(&web),
        ["2026-01/packages/web/sst-env.d.ts", "2026-01/sst-env.d.ts"]
    );
    assert_the_app(&web.parsed.manifest, true);
    // The Worker's package: its own whole file, bindings as `cloudflare.X`.
    let worker = clean("2026-01/packages/worker/sst-env.d.ts");
    assert_eq!(
        read_names(&worker),
        ["2026-01/packages/worker/sst-env.d.ts"]
    );
    assert_the_app(&worker.parsed.manifest, false);
}

#[test]
fn october_2024_per_package_files_read() {
    assert_the_app(&clean("2024-10/sst-env.d.ts").parsed.manifest, true);
    assert_the_app(
        &clean("2024-10/packages/worker/sst-env.d.ts")
            .parsed
            .manifest,
        false,
    );
}

#[test]
fn august_2024_bindings_redeclared_through_a_reference_merge() {
    let worker = clean("2024-08/packages/worker/sst-env.d.ts");
    assert_eq!(
        read_names(&worker),
        [
            "2024-08/packages/worker/sst-env.d.ts",
            "2024-08/sst-env.d.ts"
        ]
    );
    let m = &worker.parsed.manifest;
    assert_the_app(m, true);
    // Placed at the object (the root file), which has the properties.
    assert_eq!(m.file, "2024-08/sst-env.d.ts");
    assert_eq!(m.resource("Api").unwrap().line, 6);
    let web = clean("2024-08/packages/web/sst-env.d.ts");
    assert_the_app(&web.parsed.manifest, true);
}

#[test]
fn june_2024_one_file_declaring_bindings_twice_merges() {
    let root = clean("2024-06/sst-env.d.ts");
    assert_the_app(&root.parsed.manifest, true);
    assert_eq!(
        names(&root),
        ["Api", "Config", "MyBucket", "StripeKey", "Uploads"]
    );
}

/// A scratch directory of its own for one test.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("sst-env")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const ROOT: &str = "declare module \"sst\" {\n  export interface Resource {\n    \"MyBucket\": {\n      \"name\": string\n      \"type\": \"sst.aws.Bucket\"\n    }\n  }\n}\n";

#[test]
fn a_missing_referenced_file_is_an_error_at_the_reference() {
    let dir = scratch(
        "missing",
        &[(
            "packages/web/sst-env.d.ts",
            "/* eslint-disable */\n\n/// <reference path=\"../../sst-env.d.ts\" />\n\nimport \"sst\"\nexport {}",
        )],
    );
    let loaded = load_at(&dir, "packages/web/sst-env.d.ts");
    let d = &loaded.parsed.diagnostics;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].location(), "packages/web/sst-env.d.ts:3:21");
    assert!(
        d[0].message
            .starts_with("the referenced file `sst-env.d.ts` cannot be read: "),
        "{}",
        d[0].message
    );
    assert!(d[0].message.ends_with("(os error 2)"), "{}", d[0].message);
    let text = d[0].render();
    assert!(
        text.contains("help: the path is relative to packages/web/sst-env.d.ts; run `sst dev`"),
        "{text}"
    );
    assert!(text.contains("^^^^^^^^^^^^^^^^^^^^"), "{text}");
}

#[test]
fn a_reference_cycle_is_an_error_naming_the_chain() {
    let dir = scratch(
        "cycle",
        &[
            ("a.d.ts", "/// <reference path=\"sub/b.d.ts\" />\n"),
            ("sub/b.d.ts", "// b\n/// <reference path=\"../a.d.ts\" />\n"),
        ],
    );
    let loaded = load_at(&dir, "a.d.ts");
    let d = &loaded.parsed.diagnostics;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].location(), "sub/b.d.ts:2:21");
    assert_eq!(
        d[0].message,
        "reference cycle: a.d.ts -> sub/b.d.ts -> a.d.ts"
    );
    assert!(
        d[0].help
            .as_deref()
            .unwrap()
            .starts_with("remove this reference")
    );
    assert_eq!(read_names(&loaded), ["a.d.ts", "sub/b.d.ts"]);
}

#[test]
fn a_file_referencing_itself_or_a_file_read_already_adds_nothing() {
    let dir = scratch(
        "diamond",
        &[
            (
                "sst-env.d.ts",
                &format!("/// <reference path=\"./sst-env.d.ts\" />\n{ROOT}"),
            ),
            (
                "a/sst-env.d.ts",
                "/// <reference path=\"../sst-env.d.ts\" />\n",
            ),
            (
                "b/sst-env.d.ts",
                "/// <reference path='../sst-env.d.ts' />\n",
            ),
            (
                "app.d.ts",
                "/// <reference path=\"a/sst-env.d.ts\" />\n/// <reference path=\"b\\sst-env.d.ts\" />\n",
            ),
        ],
    );
    let loaded = load_at(&dir, "app.d.ts");
    assert!(
        loaded.parsed.diagnostics.is_empty(),
        "{:#?}",
        loaded.parsed.diagnostics
    );
    assert_eq!(names(&loaded), ["MyBucket"]);
    assert_eq!(
        read_names(&loaded),
        [
            "app.d.ts",
            "a/sst-env.d.ts",
            "sst-env.d.ts",
            "b/sst-env.d.ts"
        ]
    );
}

#[test]
fn a_reference_after_the_first_statement_is_a_comment() {
    // As in TypeScript, and as SST's root file ended from January 2025 to April 2026.
    let dir = scratch(
        "trailing",
        &[(
            "sst-env.d.ts",
            &format!(
                "{ROOT}/// <reference path=\"nowhere.d.ts\" />\n\nimport \"sst\"\nexport {{}}"
            ),
        )],
    );
    let loaded = load_at(&dir, "sst-env.d.ts");
    assert!(
        loaded.parsed.diagnostics.is_empty(),
        "{:#?}",
        loaded.parsed.diagnostics
    );
    assert_eq!(read_names(&loaded), ["sst-env.d.ts"]);
}

#[test]
fn declarations_that_disagree_across_files_name_both_places() {
    let dir = scratch(
        "conflict",
        &[
            ("sst-env.d.ts", ROOT),
            (
                "packages/worker/sst-env.d.ts",
                "/// <reference path=\"../../sst-env.d.ts\" />\n// cloudflare \ndeclare module \"sst\" {\n  export interface Resource {\n    \"MyBucket\": import(\"@cloudflare/workers-types\").KVNamespace\n  }\n}\nexport {}\n",
            ),
        ],
    );
    let loaded = load_at(&dir, "packages/worker/sst-env.d.ts");
    let d = &loaded.parsed.diagnostics;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].location(), "packages/worker/sst-env.d.ts:5:5");
    assert_eq!(
        d[0].message,
        "`MyBucket` is declared as an object of type \"sst.aws.Bucket\" at sst-env.d.ts:3 and as a `KVNamespace` binding at packages/worker/sst-env.d.ts:5, which `sst.aws.Bucket` does not bring"
    );
    assert_eq!(d[0].subject.as_deref(), Some("MyBucket"));
    assert_eq!(
        d[0].help.as_deref(),
        Some(
            "a `sst.aws.Bucket` brings no Cloudflare binding: delete the stale declaration, or regenerate the files with `sst dev` or `sst deploy`"
        )
    );
    // The first declaration stands.
    let bucket = loaded.parsed.manifest.resource("MyBucket").unwrap();
    assert_eq!(
        (bucket.wire_type.as_str(), bucket.binding.as_deref()),
        ("sst.aws.Bucket", None)
    );
}

#[test]
fn a_problem_in_a_referenced_file_is_placed_in_that_file() {
    let dir = scratch(
        "placed",
        &[
            (
                "sst-env.d.ts",
                "declare module \"sst\" {\n  export interface Resource {\n    \"App\": { \"type\": \"sst.aws.Bucket\" }\n    \"Bad\": { \"name\": string string }\n  }\n}\n",
            ),
            (
                "web/sst-env.d.ts",
                "/// <reference path=\"../sst-env.d.ts\" />\n",
            ),
        ],
    );
    let loaded = load_at(&dir, "web/sst-env.d.ts");
    let d = &loaded.parsed.diagnostics;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].location(), "sst-env.d.ts:4:29");
    assert_eq!(d[0].source_line, "    \"Bad\": { \"name\": string string }");
    // The resources of a file that does not parse are left out; the files read are all
    // still tracked.
    assert_eq!(read_names(&loaded), ["web/sst-env.d.ts", "sst-env.d.ts"]);

    let dir = scratch(
        "placed-names",
        &[
            (
                "sst-env.d.ts",
                "declare module \"sst\" {\n  export interface Resource {\n    \"App\": { \"type\": \"sst.aws.Bucket\" }\n  }\n}\n",
            ),
            (
                "web/sst-env.d.ts",
                "/// <reference path=\"../sst-env.d.ts\" />\n",
            ),
        ],
    );
    let loaded = load_at(&dir, "web/sst-env.d.ts");
    let d = &loaded.parsed.diagnostics;
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].location(), "sst-env.d.ts:3:5");
    assert!(
        d[0].message.starts_with("`App` is reserved"),
        "{}",
        d[0].message
    );
    assert_eq!(
        d[0].source_line,
        "    \"App\": { \"type\": \"sst.aws.Bucket\" }"
    );
}

/// The `src/sst-env.d.ts` SST writes into a Vite site (`tests/fixtures/vite-site`,
/// each era of its template): named for what it is, with where the resources are.
/// Before: "not the sst-env.d.ts subset SST generates: expected `declare module "sst"
/// { ... }`, `import`, or `export {}`" at `interface`.
#[test]
fn the_file_sst_writes_into_a_vite_site_is_named_for_what_it_is() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vite-site");
    let help = "read the app's root sst-env.d.ts instead, the one beside sst.config.ts: SST declares the linked resources there";
    for (era, line, column) in [
        ("v2", 2, 11),
        ("2024-02", 2, 13),
        ("2024-10", 5, 11),
        ("2026-01", 7, 11),
    ] {
        let relative = format!("{era}/src/sst-env.d.ts");
        let loaded = load_at(&root, &relative);
        let d = &loaded.parsed.diagnostics;
        assert_eq!(d.len(), 1, "{era}: {d:#?}");
        assert_eq!(d[0].location(), format!("{relative}:{line}:{column}"));
        assert!(
            d[0].message
                .starts_with("this is the sst-env.d.ts SST writes into a Vite site's package"),
            "{era}: {}",
            d[0].message
        );
        assert_eq!(d[0].help.as_deref(), Some(help), "{era}");
        assert!(loaded.parsed.manifest.resources.is_empty());
    }
    let loaded = load_at(&root, "2026-01/src/sst-env.d.ts");
    assert_eq!(
        loaded.parsed.diagnostics[0].render(),
        format!(
            "error: this is the sst-env.d.ts SST writes into a Vite site's package (its `import.meta.env` types); it declares no linked resources
 --> 2026-01/src/sst-env.d.ts:7:11
  |
7 | interface ImportMetaEnv {{
  |           ^^^^^^^^^^^^^
  |
  = help: {help}"
        )
    );
}
