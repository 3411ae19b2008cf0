//! The commands on a monorepo package's `sst-env.d.ts`, which only references the
//! app's root one: they read what the reference reaches, as the macro does.

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sst-resources"))
        .args(args)
        .env(
            "SST_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-sst-home"),
        )
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const SHIM: &str = "resource-manifest/tests/fixtures/sst-env/2026-04/packages/web/sst-env.d.ts";

#[test]
fn check_and_import_follow_a_packages_reference() {
    let out = run(&["check", "--manifest", SHIM]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Named after the file that declares the resources.
    assert_eq!(
        text(&out.stdout),
        "resource-manifest/tests/fixtures/sst-env/2026-04/sst-env.d.ts: 5 resources, 0 functions: ok\n"
    );
    let out = run(&["import", SHIM]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let toml = text(&out.stdout);
    assert!(
        toml.contains("[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n"),
        "{toml}"
    );
    let m = resource_manifest::parse_str("links.toml", &toml).unwrap();
    assert_eq!(m.resources.len(), 5);
}

#[test]
fn check_names_a_reference_that_reaches_nothing() {
    let dir = concat!(env!("CARGO_TARGET_TMPDIR"), "/sst-env-missing");
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(format!("{dir}/packages/web")).unwrap();
    let shim = format!("{dir}/packages/web/sst-env.d.ts");
    std::fs::write(&shim, "/// <reference path=\"../../sst-env.d.ts\" />\n").unwrap();
    let out = run(&["check", "--manifest", &shim]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "error: the referenced file `{dir}/sst-env.d.ts` cannot be read: "
        )),
        "{err}"
    );
    assert!(err.contains(&format!("--> {shim}:1:21")), "{err}");
}
