//! The workspace example (`examples/workspace/`), as a user runs it: both function
//! binaries under `sst-resources run` with their own links, `check` of its manifest,
//! and what `Linked` costs: a reference to the loaded field, nothing copied.

use std::path::PathBuf;
use std::process::Command;

use shop_links::Linked;
use shop_links::resource::{EventBus, Orders};

mod api {
    sst_resources::sst_resources!(
        "examples/workspace/links.toml",
        function = "Api",
        types = shop_links
    );
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `sst-resources <args>`, built and run by cargo as the README's commands do.
fn sst_resources(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", "resource-cli", "--"])
        .args(args)
        .current_dir(root())
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn each_function_binary_runs_with_its_own_links() {
    let manifest = "examples/workspace/links.toml";
    for (function, bin, expected) in [
        (
            "Api",
            "api",
            "Api: put ORDER#42 into shop-dev-OrdersTable-kdjwqmbe, then OrderRecorded on shop-dev-EventBusBus-vbbzxnts\n",
        ),
        (
            "Reports",
            "reports",
            "Reports: read ORDER#42 from shop-dev-OrdersTable-kdjwqmbe, receipt to s3://shop-dev-receiptsbucket-hfqzuwta/receipts/42.pdf\n",
        ),
    ] {
        let out = sst_resources(&[
            "run",
            "--manifest",
            manifest,
            "--function",
            function,
            "--",
            env!("CARGO"),
            "run",
            "--quiet",
            "-p",
            "shop",
            "--bin",
            bin,
        ]);
        assert_eq!(ok(out), expected);
    }
}

#[test]
fn check_passes_on_the_workspace_manifest() {
    let out = sst_resources(&["check", "--manifest", "examples/workspace/links.toml"]);
    assert_eq!(
        ok(out),
        "examples/workspace/links.toml: 3 resources, 2 functions: ok\n"
    );
}

/// `Linked::link` and `<Type>::of` hand out the very field the loader filled: no
/// copy, no allocation, a field access once inlined.
#[test]
fn a_link_is_the_loaded_field_itself() {
    let links = sst_resources::MapSource::new()
        .app("shop", "test")
        .resource("Orders", r#"{"name":"orders","type":"sst.aws.Dynamo"}"#)
        .resource(
            "EventBus",
            r#"{"name":"bus","arn":"arn:aws:events:::event-bus/bus","type":"sst.aws.Bus"}"#,
        );
    let r = api::Resource::from_source(&links).unwrap();
    assert!(std::ptr::eq(Orders::of(&r), &r.orders));
    let bus: &EventBus = r.link();
    assert!(std::ptr::eq(bus, &r.event_bus));
    assert_eq!(bus.name, "bus");
    // The shared types are the function's field types: one type per resource.
    let _: &shop_links::resource::Orders = &r.orders;
}

/// A resource loaded alone (for a test of shared code) reports its problems by
/// name, as a function's load does.
#[test]
fn a_resource_loaded_alone_names_what_is_wrong() {
    let links = sst_resources::MapSource::new().resource("Orders", r#"{"type":"sst.aws.Dynamo"}"#);
    let err = Orders::from_source(&links).unwrap_err().to_string();
    assert_eq!(
        err,
        "cannot load linked resources: Orders: property `name` is missing from SST_RESOURCE_Orders"
    );
    // Absent from the source given: named, not "links are not active".
    let links = sst_resources::MapSource::new().resource("Receipts", r#"{"name":"r"}"#);
    let err = Orders::from_source(&links).unwrap_err().to_string();
    assert_eq!(
        err,
        "cannot load linked resources: Orders: SST_RESOURCE_Orders is not set: the resource \
         is not linked to this function, or this process does not run with its links"
    );
}

/// The copy-paste slip, as a user makes it: the `reports` binary (SST's handler of
/// `Reports`) written with `function = "Api"`. It does not compile, and the message
/// says which function SST deploys the binary as.
#[test]
fn a_binary_loading_another_functions_links_does_not_compile() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("workspace-slip");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("examples/workspace"), &dir);
    let facade = root().display().to_string();
    for toml in ["Cargo.toml", "links/Cargo.toml", "orders/Cargo.toml"] {
        let path = dir.join(toml);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("path = \"../../..\"", &format!("path = {facade:?}"))
            .replace("path = \"../..\"", &format!("path = {facade:?}"));
        std::fs::write(&path, text).unwrap();
    }
    let manifest = dir.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str("\n[workspace]\nmembers = [\"links\", \"orders\"]\n");
    std::fs::write(&manifest, text).unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let reports = dir.join("src/bin/reports.rs");
    let source = std::fs::read_to_string(&reports)
        .unwrap()
        .replace("function = \"Reports\"", "function = \"Api\"");
    std::fs::write(&reports, source).unwrap();
    let build = |bin: &str| {
        Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--offline", "--bin", bin])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root().join("target/workspace-slip"))
            .env_remove("RUSTFLAGS")
            .output()
            .expect("cargo runs")
    };
    let out = build("reports");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "error: binary `reports` loads the links of function `Api`, but it is the handler \
             of function `Reports` (`handler = \"./.reports\"`, links.toml:22), which lacks \
             `EventBus`: in its Lambda SST gives it `Reports`'s links; `Api` is binary `api` \
             of ./Cargo.toml (`handler = \"./.api\"`, links.toml:18)\n       help: write \
             `function = \"Reports\"`\n --> src/bin/reports.rs:5:1"
        ),
        "{err}"
    );
    // The `api` binary, loading its own function's links, builds.
    let out = build("api");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `fn main() -> Result<(), LoadError>` prints the error's `Debug`: the message and
/// its help, as `Display` writes them, not the struct.
#[test]
fn a_function_run_without_links_says_what_to_do() {
    let out = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", "shop", "--bin", "api"])
        .current_dir(root())
        .env_remove("RUSTFLAGS")
        .env_remove("SST_RESOURCES_JSON")
        .env_remove("SST_RESOURCE_App")
        .env_remove("SST_RESOURCE_Orders")
        .env_remove("SST_RESOURCE_EventBus")
        .env_remove("SST_KEY")
        .env_remove("SST_KEY_FILE")
        .output()
        .expect("cargo runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "Error: cannot load linked resources: SST links are not active: none of \
         SST_RESOURCE_App, SST_RESOURCES_JSON or SST_RESOURCE_<Name> for the 2 linked \
         resources is set. In local development, wrap your command with `sst dev -- \
         <command>` (or `sst-resources run -- <command>`); in tests, load from a `MapSource`\n"
    );
    assert!(!err.contains("LoadError {"), "{err}");
}

/// A typo in a `handler` would turn the macro's binary check off: `check` warns.
#[test]
fn check_warns_of_a_handler_that_names_no_binary() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("workspace-handler-typo");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("examples/workspace"), &dir);
    let manifest = dir.join("links.toml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("handler = \"./.reports\"", "handler = \"./.reportz\"");
    std::fs::write(&manifest, text).unwrap();
    let out = sst_resources(&["check", "--manifest", manifest.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        ok(out).ends_with("links.toml: 3 resources, 2 functions: ok, 1 warning\n"),
        "{err}"
    );
    assert!(
        err.starts_with(
            "warning: `Reports`: handler `./.reportz` names binary `reportz`, which \
             ./Cargo.toml does not build (it builds `api`, `reports`)\n"
        ),
        "{err}"
    );
    assert!(err.contains("22 | handler = \"./.reportz\""), "{err}");
}
