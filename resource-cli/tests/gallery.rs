//! The gallery: every message the command and the runtime print, each beside the
//! input that produces it, in two snapshot files a reviewer reads as a user would:
//! `tests/gallery/command.md` (each case's files, command line, exit code, stdout and
//! stderr) and `tests/gallery/runtime.md` (`Display` and `Debug` of each `Problem`,
//! from a real load where one can produce it). The macro's messages are trybuild's
//! snapshots, `tests/ui/*.stderr` at the repository's root. A change to any message
//! is a diff of these files; update them with `UPDATE_EXPECT=1 cargo test -p
//! resource-cli --test gallery`.
//!
//! Nothing is missed silently: `every_error_site_of_the_command_is_in_the_gallery`
//! reads the command's source for each place that builds an error (`Error::new`,
//! `Error::rendered`) and requires it to be named in `SITES`, with the text the
//! gallery shows for it, or with the reason no test can reach it;
//! `every_problem_is_in_the_gallery` does the same for each variant of `Problem`.
//! No case's output holds the secret values its inputs hold (`CANARY`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use expect_test::expect_file;
use resource_home::{Document, Home, LocalHome};
use serde_json::{Value, json};
use sst_resources::{LoadError, MapSource, Problem, Source};

/// Every secret value in the gallery's inputs: no message may show it.
const CANARY: &str = "sk_live_GALLERY_7f3e";

/// One run of the command.
struct Case {
    title: &'static str,
    /// Files written in the case's directory first: (path, text).
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    /// Also a stage `dev` of app `shop` in the local home, as SST records it.
    deployed: bool,
    stdin: Option<&'static str>,
    /// Variables set for the run.
    env: &'static [(&'static str, &'static str)],
}

const LINKS: &str = r#"[app]
name = "shop"

[resources.Uploads]
type = "sst.aws.Bucket"

[resources.StripeKey]
type = "sst.Secret"

[functions.Api]
link = ["Uploads", "StripeKey"]
"#;

const LINKS_NO_APP: &str = r#"[resources.Uploads]
type = "sst.aws.Bucket"

[resources.StripeKey]
type = "sst.Secret"
"#;

const BROKEN: &str = r#"[resources.Uploads]
type = "sst.aws.Buckt"

[functions.Api]
link = ["Upload"]
"#;

/// SST's state of stage `prod` of app `blog`, where SST keeps it in the local home.
const BLOG_PROD: (&str, &str) = (
    "home/state/app/blog/prod.json",
    r#"{"version": 3, "checkpoint": {"latest": {"resources": [{"urn": "urn:pulumi:prod::blog::sst:sst:LinkRef::PostsLinkRef", "type": "sst:sst:LinkRef", "outputs": {"target": "Posts", "include": [], "properties": {"name": "blog-prod-posts", "type": "sst.aws.Bucket"}}}]}}}
"#,
);

/// SST's state of stage `prod` of app `shop`.
const SHOP_PROD: (&str, &str) = (
    "home/state/app/shop/prod.json",
    r#"{"version": 3, "checkpoint": {"latest": {"resources": [{"urn": "urn:pulumi:prod::shop::sst:sst:LinkRef::UploadsLinkRef", "type": "sst:sst:LinkRef", "outputs": {"target": "Uploads", "include": [], "properties": {"name": "shop-prod-uploads", "type": "sst.aws.Bucket"}}}]}}}
"#,
);

#[allow(non_upper_case_globals)]
fn cases() -> Vec<Case> {
    const links: (&str, &str) = ("links.toml", LINKS);
    vec![
        Case {
            title: "an unknown flag",
            files: &[],
            args: &["check", "--manifets", "links.toml"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "check: no manifest",
            files: &[],
            args: &["check"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "check: a manifest with problems",
            files: &[("links.toml", BROKEN)],
            args: &["check"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "check: a values file that is not there",
            files: &[links],
            args: &["check", "--stage", "dev", "--values", "links.dev.toml"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "check: a values file with problems",
            files: &[
                links,
                (
                    "links.dev.toml",
                    "[Uploads]\nname = 3\n\n[StripeKey]\nvalue = \"sk_live_GALLERY_7f3e\"\n\n[Orders]\nname = \"x\"\n",
                ),
            ],
            args: &["check", "--stage", "dev", "--values", "links.dev.toml"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "check --deployed: a stage SST has no record of",
            files: &[links],
            args: &["check", "--stage", "prod", "--deployed"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "check --deployed: links.toml and SST's record differ",
            files: &[(
                "links.toml",
                "[app]\nname = \"shop\"\n\n[resources.Uploads]\ntype = \"sst.aws.Dynamo\"\n\n[resources.StripeKey]\ntype = \"sst.Secret\"\n\n[resources.Orders]\ntype = \"sst.aws.Dynamo\"\n",
            )],
            args: &["check", "--stage", "dev", "--deployed"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "check: a stage name SST would refuse",
            files: &[links],
            args: &["check", "--stage", "my stage", "--deployed"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "types: a function links.toml does not declare",
            files: &[links],
            args: &["types", "--function", "Apii"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "env: --bundle names a file, not a directory",
            files: &[
                links,
                ("links.dev.toml", "[Uploads]\nname = \"shop-dev-uploads\"\n"),
                ("bundle", "a file"),
            ],
            args: &[
                "env",
                "--values",
                "links.dev.toml",
                "--bundle",
                "bundle/inner",
            ],
            deployed: false,
            stdin: None,
            env: &[("SST_SECRET_StripeKey", CANARY)],
        },
        Case {
            title: "policy: a function links.toml does not declare",
            files: &[
                links,
                ("links.dev.toml", "[Uploads]\nname = \"shop-dev-uploads\"\n"),
            ],
            args: &["policy", "--values", "links.dev.toml", "--function", "Web"],
            deployed: false,
            stdin: None,
            env: &[("SST_SECRET_StripeKey", CANARY)],
        },
        Case {
            title: "run: a program that does not exist",
            files: &[
                links,
                ("links.dev.toml", "[Uploads]\nname = \"shop-dev-uploads\"\n"),
            ],
            args: &[
                "run",
                "--values",
                "links.dev.toml",
                "--",
                "no-such-program-here",
            ],
            deployed: false,
            stdin: None,
            env: &[("SST_SECRET_StripeKey", CANARY)],
        },
        Case {
            title: "run --deployed: what SST deployed does not fit links.toml",
            files: &[(
                "links.toml",
                "[app]\nname = \"shop\"\n\n[resources.Uploads]\ntype = \"sst.aws.Dynamo\"\n\n[resources.StripeKey]\ntype = \"sst.Secret\"\n",
            )],
            args: &["run", "--deployed", "--", "true"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret set: a name SST would refuse",
            files: &[links],
            args: &["secret", "set", "stripe-key", "sk_live_GALLERY_7f3e"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret set: a resource that is not a secret",
            files: &[links],
            args: &["secret", "set", "Uploads", "sk_live_GALLERY_7f3e"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret set: a secret links.toml does not declare",
            files: &[links],
            args: &["secret", "set", "StripeKye", "sk_live_GALLERY_7f3e"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret set: the value given as the name (an invalid name)",
            files: &[links],
            args: &["secret", "set", "sk_live_GALLERY_7f3e"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret set: links.toml names no app",
            files: &[("links.toml", LINKS_NO_APP)],
            args: &["secret", "set", "StripeKey", "sk_live_GALLERY_7f3e"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret get: a secret with no value",
            files: &[links],
            args: &["secret", "get", "StripeKey"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret remove: a secret with no value",
            files: &[links],
            args: &["secret", "remove", "StripeKey"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret load: a file that is not there",
            files: &[links],
            args: &["secret", "load", "secrets.env"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret load: a file that is not dotenv",
            files: &[
                links,
                ("secrets.env", "StripeKey=\"sk_live_GALLERY_7f3e\nOther=1\n"),
            ],
            args: &["secret", "load", "secrets.env"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret load: names links.toml does not declare",
            files: &[
                links,
                (
                    "secrets.env",
                    "StripeKey=sk_live_GALLERY_7f3e\nStripeKye=sk_live_GALLERY_7f3e\nUploads=sk_live_GALLERY_7f3e\n",
                ),
            ],
            args: &["secret", "load", "secrets.env"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "secret load: standard input",
            files: &[links],
            args: &["secret", "load", "-"],
            deployed: false,
            stdin: Some("stripe_key=sk_live_GALLERY_7f3e\n"),
            env: &[],
        },
        Case {
            title: "import: not a .d.ts file",
            files: &[links],
            args: &["import", "links.toml"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import: an sst-env.d.ts with no links",
            files: &[(
                "sst-env.d.ts",
                "/* This file is auto-generated by SST. Do not edit. */\n/* tslint:disable */\n/* eslint-disable */\n/* deno-fmt-ignore-file */\n\nimport \"sst\"\nexport {}\ndeclare module \"sst\" {\n  export interface Resource {\n  }\n}\n",
            )],
            args: &["import", "sst-env.d.ts"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: a stage SST has no record of",
            files: &[links],
            args: &["import", "--deployed", "--app", "shop", "--stage", "prod"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: the app from links.toml, the stage from .sst/stage",
            files: &[links, (".sst/stage", "dev\n")],
            args: &["import", "--deployed"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: a mistyped stage",
            files: &[links, SHOP_PROD],
            args: &["import", "--deployed", "--stage", "prdo"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: a mistyped app",
            files: &[BLOG_PROD],
            args: &["import", "--deployed", "--app", "shpo", "--stage", "dev"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: nothing names the app, and the home holds two",
            files: &[("links.toml", ""), BLOG_PROD],
            args: &["import", "--deployed"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: nothing names the stage, and the app has two",
            files: &[links, SHOP_PROD],
            args: &["import", "--deployed"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: a stage no app has",
            files: &[BLOG_PROD],
            args: &["import", "--deployed", "--stage", "prdo"],
            deployed: true,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: a home with no state",
            files: &[],
            args: &["import", "--deployed", "--stage", "dev"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "import --deployed: a home with no state, the app named",
            files: &[links],
            args: &["import", "--deployed", "--stage", "dev"],
            deployed: false,
            stdin: None,
            env: &[],
        },
        Case {
            title: "a home that cannot be found",
            files: &[links],
            args: &["secret", "list"],
            deployed: false,
            stdin: None,
            env: &[],
        },
    ]
}

/// Where each place in the command that builds an error is shown: `(file, the
/// first words of its message as the source writes them, where the gallery shows
/// it)`. `where` is a case's title, or `not reached: <why>` for a place no test can
/// reach.
const SITES: &[(&str, &str, &str)] = &[
    (
        "child.rs",
        "no command to run",
        "not reached: clap requires the command after `--`",
    ),
    (
        "child.rs",
        "cannot run",
        "run: a program that does not exist",
    ),
    (
        "child.rs",
        "waiting for the command",
        "not reached: waitpid fails only for a child that is not ours",
    ),
    (
        "child.rs",
        "cannot watch signals",
        "not reached: signal-hook fails only when the process cannot install handlers",
    ),
    (
        "child.rs",
        "child pid out of range",
        "not reached: a pid that does not fit pid_t",
    ),
    (
        "opt.rs",
        "{} (the arguments are not repeated here",
        "an unknown flag",
    ),
    (
        "deployed.rs",
        "the stage's LambdaEncryptionKey",
        "not reached here: tests/deployed.rs reads bundles with a broken key",
    ),
    (
        "deployed.rs",
        "cannot read {shown}",
        "not reached: an artifact directory whose bundle cannot be read (permissions)",
    ),
    (
        "deployed.rs",
        "{shown} opens but is not SST's JSON",
        "not reached here: needs a bundle sealed with the stage's key holding other JSON",
    ),
    (
        "types.rs",
        "Error::new)",
        "types: a function links.toml does not declare",
    ),
    (
        "types.rs",
        "generated code does not parse (a bug)",
        "not reached: codegen's tests parse every expansion",
    ),
    (
        "env.rs",
        "cannot create",
        "env: --bundle names a file, not a directory",
    ),
    (
        "env.rs",
        "cannot write",
        "not reached: the directory was just created, writable",
    ),
    (
        "secret.rs",
        "not a valid secret name",
        "secret set: a name SST would refuse",
    ),
    (
        "secret.rs",
        "`{name}` is a `{}` in",
        "secret set: a resource that is not a secret",
    ),
    (
        "secret.rs",
        "{} declares no secret `{name}`",
        "secret set: a secret links.toml does not declare",
    ),
    (
        "secret.rs",
        "{} declares no such secret",
        "secret set: the value given as the name (an invalid name)",
    ),
    (
        "secret.rs",
        "Error::new)",
        "secret set: links.toml names no app",
    ),
    (
        "secret.rs",
        "Error::new)",
        "secret get: a secret with no value",
    ),
    (
        "secret.rs",
        "`{name}` has no value for",
        "secret get: a secret with no value",
    ),
    (
        "secret.rs",
        "Error::new)",
        "secret get: a secret with no value",
    ),
    (
        "secret.rs",
        "Error::new)",
        "secret remove: a secret with no value",
    ),
    (
        "secret.rs",
        "`{name}` is not set for",
        "secret remove: a secret with no value",
    ),
    (
        "secret.rs",
        "cannot read standard input",
        "not reached: standard input that cannot be read",
    ),
    (
        "secret.rs",
        "cannot read {f}",
        "secret load: a file that is not there",
    ),
    (
        "secret.rs",
        "Error::rendered)",
        "secret load: a file that is not dotenv",
    ),
    (
        "secret.rs",
        "nothing loaded",
        "secret load: names links.toml does not declare",
    ),
    ("secret.rs", "Error::new)", "secret load: standard input"),
    (
        "secret.rs",
        "cannot read the value from standard input",
        "not reached: standard input that cannot be read",
    ),
    (
        "check.rs",
        "Error::new)",
        "check: a values file with problems",
    ),
    (
        "check.rs",
        "{} between {} and SST's record",
        "check --deployed: links.toml and SST's record differ",
    ),
    (
        "import.rs",
        "SST's record of stage `{stage}` ({}) holds no links",
        "not reached here: tests/deployed.rs has a stage with no links",
    ),
    (
        "import.rs",
        "import needs a file, or --deployed",
        "not reached: clap requires one",
    ),
    (
        "import.rs",
        "Error::new)",
        "not reached: listing the home fails only on a directory it cannot read (permissions), or S3 refusing (tests/aws.rs)",
    ),
    (
        "import.rs",
        "Error::new)",
        "not reached: listing the home fails only on a directory it cannot read (permissions), or S3 refusing (tests/aws.rs)",
    ),
    (
        "import.rs",
        "Error::new)",
        "not reached: listing the home fails only on a directory it cannot read (permissions), or S3 refusing (tests/aws.rs)",
    ),
    (
        "import.rs",
        "Error::new)",
        "not reached: listing the home fails only on a directory it cannot read (permissions), or S3 refusing (tests/aws.rs)",
    ),
    (
        "import.rs",
        "SST's home has no deployed state for any app",
        "import --deployed: a home with no state",
    ),
    (
        "import.rs",
        "SST's home has no deployed state for stage {} of any app",
        "import --deployed: a stage no app has",
    ),
    (
        "import.rs",
        "which app to import?",
        "import --deployed: nothing names the app, and the home holds two",
    ),
    (
        "import.rs",
        "which stage of `{}` to import?",
        "import --deployed: nothing names the stage, and the app has two",
    ),
    (
        "import.rs",
        "{name} is not a .d.ts file",
        "import: not a .d.ts file",
    ),
    (
        "import.rs",
        "{name} declares no linked resources",
        "import: an sst-env.d.ts with no links",
    ),
    (
        "policy.rs",
        "Error::new)",
        "policy: a function links.toml does not declare",
    ),
    (
        "links.rs",
        "Error::new)",
        "policy: a function links.toml does not declare",
    ),
    (
        "links.rs",
        "Error::new)",
        "run --deployed: what SST deployed does not fit links.toml",
    ),
    (
        "links.rs",
        "Error::new)",
        "check: a values file with problems",
    ),
    (
        "links.rs",
        "cannot read the values file",
        "check: a values file that is not there",
    ),
    (
        "links.rs",
        "Error::new)",
        "secret get: a secret with no value",
    ),
    (
        "links.rs",
        "Error::new)",
        "check --deployed: a stage SST has no record of",
    ),
    (
        "links.rs",
        "Error::new)",
        "policy: a function links.toml does not declare",
    ),
    (
        "links.rs",
        "{} with the links deployed on stage",
        "run --deployed: what SST deployed does not fit links.toml",
    ),
    (
        "home.rs",
        "cannot find SST's config directory",
        "a home that cannot be found",
    ),
    (
        "home.rs",
        "Error::new)",
        "not reached here: the AWS home's errors are tests/aws.rs's, against moto",
    ),
    (
        "home.rs",
        "this sst-resources was built without AWS support",
        "not reached: the test binary has the aws feature",
    ),
    (
        "home.rs",
        "Error::new(e)",
        "not reached here: a home's other errors (a sealed record without its passphrase, a document that is not a checkpoint) are resource-home's messages, tested there",
    ),
    (
        "home.rs",
        "SST's home has no deployed state for stage {stage} of app {app}",
        "import --deployed: a mistyped stage",
    ),
    (
        "home.rs",
        "SST's home has no deployed state for app {app} (",
        "import --deployed: a mistyped app",
    ),
    (
        "home.rs",
        "SST's home has no deployed state for app {app}, nor for any other",
        "import --deployed: a home with no state, the app named",
    ),
    (
        "home.rs",
        "`{name}` is not a valid {what} name",
        "check: a stage name SST would refuse",
    ),
    (
        "home.rs",
        "{} has no [app] name",
        "secret set: links.toml names no app",
    ),
    ("manifest.rs", "Error::new(e)", "check: no manifest"),
    (
        "manifest.rs",
        "{} in {file}",
        "check: a manifest with problems",
    ),
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Stage `dev` of app `shop`, as SST records it: Uploads and StripeKey linked.
fn deploy(home: &Path) {
    let home = LocalHome::new(home.to_owned());
    let pass = home
        .create_passphrase("shop", "dev", resource_home::seal::new_passphrase())
        .unwrap();
    let w = resource_home::state::fixture::Writer::new(&pass);
    let links = [
        (
            "Uploads",
            json!({"name": "shop-dev-uploads", "type": "sst.aws.Bucket"}),
        ),
        (
            "StripeKey",
            json!({"value": CANARY, "type": "sst.sst.Secret"}),
        ),
    ];
    let resources: Vec<Value> = links
        .iter()
        .map(|(name, properties)| {
            w.link_ref("dev", "shop", name, properties, &["value"], json!([]))
        })
        .collect();
    let state = w.checkpoint("shop", "dev", resources);
    let doc = Document {
        key: "app",
        app: "shop",
        stage: "dev",
    };
    home.update(doc, &mut |_| Ok(Some(state.to_string().into_bytes())))
        .unwrap();
}

/// Runs `case` in a directory of its own; its section of the gallery.
fn render(n: usize, case: &Case) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("gallery-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, body) in case.files {
        std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
        std::fs::write(dir.join(path), body).unwrap();
    }
    if case.deployed {
        deploy(&dir.join("home"));
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_sst-resources"));
    command
        .args(case.args)
        .current_dir(&dir)
        .env_remove("SST_RESOURCES_HOME")
        .env_remove("SST_PASSPHRASE")
        .env_remove("SST_STAGE")
        .envs(case.env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if case.title == "a home that cannot be found" {
        command
            .env_remove("SST_HOME")
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("HOME");
    } else {
        command.env("SST_HOME", dir.join("home"));
    }
    let mut child = command.spawn().unwrap();
    if let Some(input) = case.stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    let shown = |s: String| s.replace(&dir.display().to_string(), "<dir>");
    let mut section = format!("## {}\n\n", case.title);
    for (path, body) in case.files {
        let _ = write!(section, "`{path}`:\n```\n{body}");
        if !body.ends_with('\n') {
            section.push('\n');
        }
        section.push_str("```\n\n");
    }
    if case.deployed {
        section.push_str("SST's record of stage `dev` of app `shop`: Uploads (an `sst.aws.Bucket`, name `shop-dev-uploads`), StripeKey (an `sst.Secret`).\n\n");
    }
    for (name, value) in case.env {
        let shown = if *value == CANARY {
            "<a secret>"
        } else {
            value
        };
        let _ = writeln!(section, "`{name}={shown}` in the environment.\n");
    }
    if let Some(input) = case.stdin {
        let _ = write!(section, "standard input:\n```\n{input}```\n\n");
    }
    let _ = writeln!(
        section,
        "```console\n$ sst-resources {}\n[exit {}]",
        case.args.join(" "),
        out.status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string())
    );
    let stdout = shown(text(&out.stdout));
    let stderr = shown(text(&out.stderr));
    assert!(
        !stderr.contains(CANARY) && !stdout.contains(CANARY),
        "case {:?} shows a secret:\n{stdout}{stderr}",
        case.title
    );
    for stream in [stdout, stderr] {
        section.push_str(&stream);
        if !stream.is_empty() && !stream.ends_with('\n') {
            section.push('\n');
        }
    }
    section.push_str("```\n\n");
    section
}

#[test]
fn the_command_s_messages() {
    let mut gallery = String::from(
        "# The command's messages\n\nEach case: the files it starts from, the command, its exit code, then what it prints (stdout, then stderr). `<dir>` is the case's directory. Generated by `tests/gallery.rs`; update with `UPDATE_EXPECT=1 cargo test -p resource-cli --test gallery`.\n\n",
    );
    for (n, case) in cases().iter().enumerate() {
        gallery.push_str(&render(n, case));
    }
    expect_file!["gallery/command.md"].assert_eq(&gallery);
}

/// Each place in `resource-cli/src` that builds an error: (file, the text after the
/// call's opening parenthesis, up to the first `{` or quote's end), in source order.
fn error_sites() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs = vec![src];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    let mut sites = Vec::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "error.rs" {
            continue; // The type itself, and its unit tests.
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (at, _) in source.match_indices("Error::") {
            let rest = &source[at + "Error::".len()..];
            let Some(call) = ["new", "rendered"]
                .into_iter()
                .find(|c| rest.starts_with(c))
            else {
                continue;
            };
            let rest = &rest[call.len()..];
            let key = if let Some(arg) = rest.strip_prefix("(format_args!(\n") {
                first_literal(arg)
            } else if let Some(arg) = rest.strip_prefix("(format_args!(") {
                first_literal(arg)
            } else if let Some(arg) = rest.strip_prefix("(\"") {
                arg.split('"').next().unwrap().to_owned()
            } else if let Some(arg) = rest.strip_prefix("(p)") {
                let _ = arg;
                format!("Error::{call}(p)")
            } else if rest.starts_with(')') {
                format!("Error::{call})")
            } else {
                format!("Error::{call}{}", rest.lines().next().unwrap())
            };
            sites.push((name.clone(), key));
        }
    }
    sites
}

/// The text of the first string literal in `code`, up to its first `"`.
fn first_literal(code: &str) -> String {
    let start = code.find('"').expect("a format string");
    code[start + 1..].split('"').next().unwrap().to_owned()
}

#[test]
fn every_error_site_of_the_command_is_in_the_gallery() {
    // Each site takes the first unused entry of its file whose key starts its text.
    let mut used = vec![false; SITES.len()];
    let mut missing = Vec::new();
    for (file, text) in error_sites() {
        let entry = SITES
            .iter()
            .enumerate()
            .position(|(i, (f, key, _))| !used[i] && *f == file && text.starts_with(key));
        match entry {
            Some(i) => used[i] = true,
            None => missing.push((file, text)),
        }
    }
    let stale: Vec<_> = SITES
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(site, _)| site)
        .collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "each place that builds an error must be in SITES (file, key, case or why not):\nnot listed: {missing:#?}\nlisted but not in the source: {stale:#?}"
    );
    let titles: Vec<&str> = cases().iter().map(|c| c.title).collect();
    for (file, key, place) in SITES {
        assert!(
            place.starts_with("not reached") || titles.contains(place),
            "{file}: `{key}` names no case: {place}"
        );
    }
}

/// A source that holds `SST_RESOURCE_Uploads` as bytes that are not UTF-8.
struct NotUnicodeSource;

impl Source for NotUnicodeSource {
    fn var(&self, _: &str) -> Option<std::borrow::Cow<'_, str>> {
        None
    }

    fn lookup(&self, name: &str) -> sst_resources::Lookup<'_> {
        if name == "SST_RESOURCE_Uploads" {
            sst_resources::Lookup::NotUnicode
        } else {
            match name {
                "SST_RESOURCE_App" => {
                    sst_resources::Lookup::Set(r#"{"name":"shop","stage":"dev"}"#.into())
                }
                _ => sst_resources::Lookup::Unset,
            }
        }
    }
}

sst_resources::sst_resources!("tests/gallery/links.toml");

const APP: &str = r#"{"name": "shop", "stage": "dev"}"#;

/// Each problem a load reports, from the input that produces it.
fn loads() -> Vec<(&'static str, String, LoadError)> {
    let map = |vars: &[(&str, &str)]| {
        let mut source = MapSource::new();
        for (k, v) in vars {
            source = source.var(*k, *v);
        }
        source
    };
    let full = |uploads: &str| {
        map(&[
            ("SST_RESOURCE_App", APP),
            ("SST_RESOURCE_Uploads", uploads),
            (
                "SST_RESOURCE_StripeKey",
                r#"{"value": "sk_live_GALLERY_7f3e", "type": "sst.sst.Secret"}"#,
            ),
        ])
    };
    let bad = |source: &dyn Source| Resource::from_source(source).expect_err("the load fails");
    let mut out = Vec::new();
    let mut case = |title: &'static str, input: String, source: &dyn Source| {
        out.push((title, input, bad(source)));
    };
    case(
        "LinksNotActive: no SST variable at all",
        "(an empty environment)".to_owned(),
        &MapSource::new(),
    );
    let s = map(&[("SST_RESOURCE_App", APP)]);
    case(
        "Missing: a link not set",
        format!("SST_RESOURCE_App={APP}"),
        &s,
    );
    let uploads = r#"{"name": "shop-dev-uploads", "type": "sst.aws.Bucket""#;
    case(
        "InvalidJson: a link that is not JSON",
        format!("SST_RESOURCE_Uploads={uploads}"),
        &full(uploads),
    );
    let uploads = r#"{"type": "sst.aws.Bucket"}"#;
    case(
        "MissingProperty: a property not linked",
        format!("SST_RESOURCE_Uploads={uploads}"),
        &full(uploads),
    );
    let uploads = r#"{"name": 3, "type": "sst.aws.Bucket"}"#;
    case(
        "WrongType: a property of another JSON type",
        format!("SST_RESOURCE_Uploads={uploads}"),
        &full(uploads),
    );
    let uploads = r#"{"name": "orders", "type": "sst.aws.Dynamo"}"#;
    case(
        "TypeDrift: a link of another component type",
        format!("SST_RESOURCE_Uploads={uploads}"),
        &full(uploads),
    );
    let s = map(&[
        ("SST_RESOURCE_App", APP),
        ("SST_RESOURCES_JSON", "{\"Uploads\": "),
        (
            "SST_RESOURCE_StripeKey",
            r#"{"value": "sk_live_GALLERY_7f3e", "type": "sst.sst.Secret"}"#,
        ),
    ]);
    case(
        "MissingFromIgnoredSource: SST_RESOURCES_JSON unreadable, the link not set",
        "SST_RESOURCES_JSON={\"Uploads\": ".to_owned(),
        &s,
    );
    let s = map(&[
        ("SST_RESOURCE_App", APP),
        ("SST_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
        ("SST_KEY_FILE", "/nonexistent/resource.enc"),
    ]);
    case(
        "InvalidSource: SST's bundle cannot be read",
        "SST_KEY=<32 bytes, base64>, SST_KEY_FILE=/nonexistent/resource.enc".to_owned(),
        &s,
    );
    case(
        "NotUnicode: a link set to bytes that are not UTF-8",
        "SST_RESOURCE_Uploads=<bytes 0xff 0xfe>".to_owned(),
        &NotUnicodeSource,
    );
    out
}

#[test]
fn the_runtime_s_messages() {
    let mut gallery = String::from(
        "# The runtime's messages\n\nEach load of `tests/gallery/links.toml`'s `Resource` (Uploads, an `sst.aws.Bucket`; StripeKey, an `sst.Secret`) from the variables given, then what `Display` (`{}`, and `{:?}`, which `.unwrap()`, `.expect()` and `main`'s `Result` print: the same text) and `{:#?}` show. Generated by `resource-cli/tests/gallery.rs`.\n\n",
    );
    for (title, input, error) in loads() {
        assert_eq!(format!("{error}"), format!("{error:?}"), "{title}");
        let _ = write!(
            gallery,
            "## {title}\n\n```\n{input}\n```\n\n```text\n{error}\n```\n\n```text\n{error:#?}\n```\n\n"
        );
    }
    // A Worker's binding of another kind: recorded by the Worker loader
    // (tests/worker runs it in workerd); shown here as it is built there.
    let unusable = Problem::Unusable {
        resource: "Uploads".to_owned(),
        message: "env.Uploads is a KV namespace, but SST binds an R2 bucket (`sst.cloudflare.Bucket`) there".to_owned(),
    };
    let _ = write!(
        gallery,
        "## Unusable: a Worker binding of another kind\n\n(built as the Worker loader builds it)\n\n```text\n{unusable}\n```\n\n```text\n{unusable:#?}\n```\n"
    );
    assert!(!gallery.contains(CANARY), "a message shows a secret");
    // The working directory differs per checkout (CI clones elsewhere).
    let gallery = gallery.replace(env!("CARGO_MANIFEST_DIR"), "<working directory>");
    expect_file!["gallery/runtime.md"].assert_eq(&gallery);
}

#[test]
fn every_problem_is_in_the_gallery() {
    // The variants, read from the enum's source.
    let source = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../resource-runtime/src/error.rs"),
    )
    .unwrap();
    let body = &source[source.find("pub enum Problem {").unwrap()..];
    let body = &body[..body.find("\n}\n").unwrap()];
    let variants: Vec<&str> = body
        .lines()
        .filter_map(|l| l.strip_prefix("    "))
        .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(|l| l.split([' ', '{', '(', ',']).next().unwrap())
        .collect();
    assert!(variants.len() >= 10, "{variants:?}");
    let gallery = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gallery/runtime.md"),
    )
    .unwrap();
    for v in variants {
        assert!(
            gallery.contains(&format!("## {v}: ")),
            "Problem::{v} has no case in tests/gallery/runtime.md"
        );
    }
}
