//! `policy --binary`: the policy a function's compiled code needs, from the calls its
//! binary records. On ELF files written as the typed handles leave them
//! (`resource_link::calls::fixture`), and on an executable rustc links and strips
//! here with the handles' own `asm!` (what the linker and `strip` keep).

use std::path::{Path, PathBuf};

mod cmd_support;

use cmd_support::{repo, run_in, text};
use resource_link::calls::fixture::{elf, section};

/// A directory of the test's own, emptied.
fn dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("policy-binary-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `policy --binary <binary> --function <function>` on the handler example's links,
/// from the repository's root.
fn policy(binary: &Path, function: &str) -> std::process::Output {
    run_in(
        &repo(),
        &[
            "policy",
            "--manifest",
            "examples/handler/links.toml",
            "--values",
            "examples/handler/links.dev.toml",
            "--function",
            function,
            "--binary",
            binary.to_str().unwrap(),
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
        ],
    )
}

/// The handler example's Api, as its code calls: PutObject on MyBucket, PutItem on
/// MyTable, each from more than one call site; SigningKey, linked, gets nothing.
#[test]
fn the_policy_the_handlers_calls_need() {
    let dir = dir("handler");
    let binary = dir.join("bootstrap");
    let calls = section(&[
        ("PutObject", "MyBucket"),
        ("PutItem", "MyTable"),
        ("PutObject", "MyBucket"),
    ]);
    std::fs::write(&binary, elf(Some(&calls))).unwrap();
    let out = policy(&binary, "Api");
    assert!(out.status.success(), "{}", text(&out.stderr));
    expect_test::expect![[r#"
        {
          "Statement": [
            {
              "Action": [
                "dynamodb:PutItem"
              ],
              "Effect": "Allow",
              "Resource": [
                "arn:aws:dynamodb:us-east-1:123456789012:table/my-app-dev-MyTableTable-hmbtcfhb"
              ]
            },
            {
              "Action": [
                "s3:PutObject"
              ],
              "Effect": "Allow",
              "Resource": [
                "arn:aws:s3:::my-app-dev-mybucketbucket-xkqeqvbs/*"
              ]
            }
          ],
          "Version": "2012-10-17"
        }
    "#]]
    .assert_eq(&text(&out.stdout));

    // Archiver's binary is not Api's: its bucket is not linked to Api.
    let archiver = dir.join("archiver");
    std::fs::write(&archiver, elf(Some(&section(&[("GetObject", "Archive")])))).unwrap();
    let out = policy(&archiver, "Api");
    assert_eq!(out.status.code(), Some(1));
    let shown = archiver.display().to_string();
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: `{shown}` (function `Api`) calls `GetObject` (`.s3(..).get_object()`) on `Archive`, which [functions.Api] link lacks\nhelp: was it built for another function, or before `Archive` left [functions.Api] link? Pass the function it was built for (--function), or rebuild it\n"
        )
    );
    assert!(policy(&archiver, "Archiver").status.success());
}

/// A binary is one function's: --binary needs --function, and is not --all.
#[test]
fn binary_needs_one_function() {
    let dir = dir("flags");
    std::fs::write(dir.join("bootstrap"), elf(None)).unwrap();
    for args in [
        &["policy", "--binary", "bootstrap"][..],
        &["policy", "--binary", "bootstrap", "--all"][..],
        &[
            "policy",
            "--binary",
            "bootstrap",
            "--all",
            "--function",
            "Api",
        ][..],
    ] {
        let out = run_in(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("--function") || err.contains("--all"),
            "{args:?}: {err}"
        );
    }
    let err = text(&run_in(&dir, &["policy", "--binary", "bootstrap"]).stderr);
    assert!(
        err.contains("the following required arguments were not provided")
            && err.contains("--function <FUNCTION>"),
        "{err}"
    );
}

/// What a real link leaves: rustc compiles, links and strips a program whose
/// functions record as the handles do (the same `asm!`), one record per inlined call
/// site; `policy --binary` reads the executable's section.
#[test]
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
fn a_linked_and_stripped_executable() {
    use resource_manifest::operations::resource_id;
    let dir = dir("linked");
    // resource_runtime::aws::record's block itself, its generic ids made const
    // parameters: the test compiles what the handles compile.
    let runtime = std::fs::read_to_string(repo().join("resource-runtime/src/aws.rs")).unwrap();
    let record = &runtime[runtime
        .find("pub fn record<L: Link, O: Operation>()")
        .unwrap()..];
    let block = &record[record.find("unsafe {").unwrap()..];
    let block = &block[..block.find("\n    }\n").unwrap() + 6];
    assert!(
        block.contains("core::arch::asm!(") && block.contains("const O::ID"),
        "{block}"
    );
    let block = block
        .replace("const O::ID", "const OP")
        .replace("const L::ID", "const ID");
    let source = format!(
        r#"
#[inline(always)]
fn record<const OP: u16, const ID: u64>() {{
    {block}
}}

fn put_object() {{ record::<2, {bucket}u64>(); }}
fn put_item() {{ record::<21, {table}u64>(); }}

fn main() {{
    if std::env::args().count() > 3 {{
        put_item();
        put_object();
    }}
    put_object();
}}
"#,
        bucket = resource_id("MyBucket"),
        table = resource_id("MyTable"),
    );
    std::fs::write(dir.join("main.rs"), source).unwrap();
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let built = std::process::Command::new(rustc)
        .args(["--edition", "2021", "-O", "-C", "strip=symbols", "-o"])
        .arg(dir.join("bootstrap"))
        .arg(dir.join("main.rs"))
        .output()
        .expect("rustc runs");
    assert!(built.status.success(), "{}", text(&built.stderr));
    let out = policy(&dir.join("bootstrap"), "Api");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let policy: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        policy["Statement"],
        serde_json::json!([
            {"Effect": "Allow", "Action": ["dynamodb:PutItem"], "Resource": ["arn:aws:dynamodb:us-east-1:123456789012:table/my-app-dev-MyTableTable-hmbtcfhb"]},
            {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::my-app-dev-mybucketbucket-xkqeqvbs/*"]},
        ])
    );
}
