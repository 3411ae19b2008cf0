//! The command on SST's AWS home (`--home aws`, feature `aws`) against moto, which
//! `scripts/test-aws.sh` starts, bootstraps as SST does, and names in
//! `AWS_ENDPOINT_URL`: secrets set, read, listed, removed and injected, concurrent
//! writers, deployed links from the state bucket, and an unbootstrapped region.
#![cfg(feature = "aws")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use resource_home::{Document, Home};

mod common;

/// moto's endpoint, or `None` (and a note) outside the script and outside CI.
fn endpoint() -> Option<String> {
    match std::env::var("AWS_ENDPOINT_URL") {
        Ok(url)
            if ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
                .iter()
                .any(|p| url.starts_with(p)) =>
        {
            Some(url)
        }
        Ok(url) if !url.is_empty() => panic!("AWS_ENDPOINT_URL={url} is not moto on this machine"),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but AWS_ENDPOINT_URL is not set: run scripts/test-aws.sh"
            );
            eprintln!("skipped: AWS_ENDPOINT_URL is not set (scripts/test-aws.sh starts moto)");
            None
        }
    }
}

/// A project of its own (a unique app name, so runs never share state) with secrets
/// `StripeKey` and `Key0`..`Key19` and a bucket, linked to `Api`.
struct Project {
    dir: PathBuf,
    app: String,
}

impl Project {
    fn new(name: &str) -> Option<Project> {
        endpoint()?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let app = format!("cli-{name}-{nanos}");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("aws-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut manifest = format!(
            "[app]\nname = \"{app}\"\n\n[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n\n[resources.StripeKey]\ntype = \"sst.Secret\"\n"
        );
        for i in 0..20 {
            manifest.push_str(&format!("\n[resources.Key{i}]\ntype = \"sst.Secret\"\n"));
        }
        manifest.push_str("\n[functions.Api]\nlink = [\"MyBucket\", \"StripeKey\"]\n");
        std::fs::write(dir.join("links.toml"), manifest).unwrap();
        std::fs::write(dir.join("links.dev.toml"), "[MyBucket]\nname = \"b-dev\"\n").unwrap();
        Some(Project { dir, app })
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sst-resources"));
        c.args(args)
            .current_dir(&self.dir)
            .env("SST_RESOURCES_HOME", "aws")
            .env("SST_HOME", self.dir.join("no-local-home"))
            .env_remove("SST_PASSPHRASE")
            .env_remove("SST_SECRET_StripeKey")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn secrets_live_in_the_state_bucket() {
    let Some(p) = Project::new("secrets") else {
        return;
    };
    ok(&p.run(&["secret", "set", "StripeKey", "sk_aws_1"]));
    ok(&p.run(&["secret", "set", "StripeKey", "sk_fb", "--fallback"]));
    assert_eq!(ok(&p.run(&["secret", "get", "StripeKey"])), "sk_aws_1\n");
    assert_eq!(
        ok(&p.run(&["secret", "get", "StripeKey", "--stage", "qa"])),
        "sk_fb\n"
    );
    assert_eq!(
        ok(&p.run(&["secret", "list", "--values"])),
        "StripeKey=sk_aws_1\n"
    );
    // What SST's AWS home holds: the sealed object, and the passphrase in SSM.
    let home = resource_home::aws::AwsHome::from_env().unwrap();
    let doc = Document {
        key: "secret",
        app: &p.app,
        stage: "dev",
    };
    assert_eq!(
        home.location(doc),
        format!("s3://{}/secret/{}/dev.json", home.bucket(), p.app)
    );
    let sealed = home.read(doc).unwrap().expect("stored in S3");
    let pass = home
        .passphrase(&p.app, "dev")
        .unwrap()
        .expect("stored in SSM");
    let plain = resource_home::seal::open(&sealed, &pass, "s3", "ssm").unwrap();
    assert_eq!(&plain[..], br#"{"StripeKey":"sk_aws_1"}"#);
    // The function's environment takes it from there.
    let vars: serde_json::Value = serde_json::from_str(&ok(&p.run(&[
        "env",
        "--function",
        "Api",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        vars["SST_RESOURCE_StripeKey"],
        r#"{"type":"sst.sst.Secret","value":"sk_aws_1"}"#
    );
    ok(&p.run(&["secret", "remove", "StripeKey"]));
    assert_eq!(ok(&p.run(&["secret", "get", "StripeKey"])), "sk_fb\n");
    // `--home local` is another store: nothing there.
    let out = p.run(&["secret", "get", "StripeKey", "--home", "local"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn concurrent_setters_lose_nothing() {
    let Some(p) = Project::new("concurrent") else {
        return;
    };
    let children: Vec<_> = (0..20)
        .map(|i| {
            p.command(&["secret", "set", &format!("Key{i}"), &format!("v{i}")])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let listed = ok(&p.run(&["secret", "list", "--values"]));
    let mut expected: Vec<String> = (0..20).map(|i| format!("Key{i}=v{i}")).collect();
    expected.sort_by(|a, b| a.split('=').next().cmp(&b.split('=').next()));
    assert_eq!(listed.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn deployed_links_come_from_the_state_bucket() {
    let Some(p) = Project::new("deployed") else {
        return;
    };
    let home = resource_home::aws::AwsHome::from_env().unwrap();
    let pass = home
        .create_passphrase(&p.app, "prod", resource_home::seal::new_passphrase())
        .unwrap();
    let links = serde_json::json!({
        "MyBucket": {"name": "b-prod-x1", "type": "sst.aws.Bucket"},
        "StripeKey": {"value": "sk_deployed", "type": "sst.sst.Secret"},
    });
    let state = resource_home::state::fixture::checkpoint(
        &p.app,
        "prod",
        &pass,
        links.as_object().unwrap(),
        &["value"],
    );
    home.update(
        Document {
            key: "app",
            app: &p.app,
            stage: "prod",
        },
        &mut |_| Ok(Some(state.to_string().into_bytes())),
    )
    .unwrap();
    let out = ok(&p.run(&["env", "--deployed", "--stage", "prod", "--function", "Api"]));
    assert!(
        out.contains(r#"SST_RESOURCE_MyBucket='{"name":"b-prod-x1","type":"sst.aws.Bucket"}'"#),
        "{out}"
    );
    assert!(
        out.contains(r#"SST_RESOURCE_StripeKey='{"type":"sst.sst.Secret","value":"sk_deployed"}'"#),
        "{out}"
    );
}

/// `import --deployed` then `check --deployed` on the AWS home: SST's record of a
/// stage run with `sst dev` (a Rust Function's `_live`) in the state bucket.
#[test]
fn import_and_check_deployed_read_the_state_bucket() {
    let Some(p) = Project::new("import") else {
        return;
    };
    let home = resource_home::aws::AwsHome::from_env().unwrap();
    let pass = home
        .create_passphrase(&p.app, "dev", resource_home::seal::new_passphrase())
        .unwrap();
    let w = resource_home::state::fixture::Writer::new(&pass);
    let state = w.checkpoint(
        &p.app,
        "dev",
        vec![
            w.link_ref("dev", &p.app, "MyBucket", &serde_json::json!({"name": "b-dev", "type": "sst.aws.Bucket"}), &[], serde_json::json!([])),
            w.link_ref("dev", &p.app, "StripeKey", &serde_json::json!({"value": "sk_canary", "type": "sst.sst.Secret"}), &["value"], serde_json::json!([])),
            w.component("dev", &p.app, &[], "sst:aws:Function", "Api", serde_json::json!({"_live": {"functionID": "Api", "links": ["MyBucket", "StripeKey"], "runtime": "rust"}})),
        ],
    );
    home.update(
        Document {
            key: "app",
            app: &p.app,
            stage: "dev",
        },
        &mut |_| Ok(Some(state.to_string().into_bytes())),
    )
    .unwrap();
    let toml = ok(&p.run(&["import", "--deployed", "--app", &p.app, "--stage", "dev"]));
    assert!(toml.contains("# a Rust function, `_live` of sst:aws:Function `Api`\n[functions.Api]\nlink = [\"MyBucket\", \"StripeKey\"]"), "{toml}");
    assert!(!toml.contains("sk_canary"), "{toml}");
    std::fs::write(p.dir.join("links.toml"), &toml).unwrap();
    ok(&p.run(&["check", "--deployed", "--stage", "dev"]));
    std::fs::write(
        p.dir.join("links.toml"),
        toml.replace(
            "link = [\"MyBucket\", \"StripeKey\"]",
            "link = [\"MyBucket\"]",
        ),
    )
    .unwrap();
    let out = p.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("SST links `StripeKey` to `Api`"), "{err}");
}

/// `import --deployed` without --app or --stage on the AWS home (issue #24): the app
/// from links.toml and its only stage in the bucket (`app/<app>/<stage>.json`, listed
/// with ListObjectsV2); a mistyped stage lists the bucket's stages with did-you-mean;
/// with no links.toml, the one app in the bucket holding the stage.
#[test]
fn import_deployed_chooses_the_app_and_stage_from_the_state_bucket() {
    let Some(p) = Project::new("choose") else {
        return;
    };
    let home = resource_home::aws::AwsHome::from_env().unwrap();
    // Unique in the shared bucket: this app is the only one holding this stage.
    let stage = format!("only{}", p.app.rsplit('-').next().unwrap());
    let state = format!(
        r#"{{"version": 3, "checkpoint": {{"latest": {{"resources": [{{"urn": "urn:pulumi:{stage}::{app}::sst:sst:LinkRef::MyBucketLinkRef", "type": "sst:sst:LinkRef", "outputs": {{"target": "MyBucket", "include": [], "properties": {{"name": "b", "type": "sst.aws.Bucket"}}}}}}]}}}}}}"#,
        app = p.app
    );
    home.update(
        Document {
            key: "app",
            app: &p.app,
            stage: &stage,
        },
        &mut |_| Ok(Some(state.clone().into_bytes())),
    )
    .unwrap();
    let header = format!(
        "# Imported by `sst-resources import --deployed --app {} --stage {stage}` from SST's record of",
        p.app
    );
    let out = p.run(&["import", "--deployed"]);
    assert!(ok(&out).starts_with(&header));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("note: importing stage `{stage}` of app `{}` (app from `[app] name` in links.toml, stage from SST's home, the app's only stage)\n", p.app)),
        "{err}"
    );
    let typo = format!("{stage}x");
    let out = p.run(&["import", "--deployed", "--stage", &typo]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: SST's home has no deployed state for stage `{typo}` of app `{app}` (s3://{bucket}/app/{app}/{typo}.json)\nhelp: did you mean `{stage}`?\nhelp: `{app}` has state for stage: {stage}\nhelp: pass --stage {stage}; or deploy `{typo}` first: `sst deploy --stage {typo}` or `sst dev --stage {typo}`\n",
            app = p.app,
            bucket = home.bucket()
        )
    );
    std::fs::remove_file(p.dir.join("links.toml")).unwrap();
    let out = p.run(&["import", "--deployed", "--stage", &stage]);
    assert!(ok(&out).starts_with(&header));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "(app from SST's home, its only app with stage `{stage}`)"
        )),
        "{err}"
    );
}

#[test]
fn a_region_sst_has_not_bootstrapped_is_explained() {
    let Some(p) = Project::new("region") else {
        return;
    };
    let out = p
        .command(&["secret", "get", "StripeKey"])
        .env("AWS_REGION", "ap-south-2")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SST is not bootstrapped in region ap-south-2"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn load_is_whole_and_a_killed_writer_leaves_the_object_readable() {
    // As the local store's crash test: 20 secrets of one generation per `load`, the
    // writer killed with SIGKILL at spread moments; the state bucket must then hold one
    // whole generation. A PutObject is atomic; this proves nothing writes in parts.
    let Some(p) = Project::new("crash") else {
        return;
    };
    let names: Vec<String> = (0..20).map(|i| format!("Key{i}")).collect();
    common::kill_writers_mid_load(
        &p.dir,
        &names,
        5_000,
        &|file| {
            p.command(&["secret", "load", file.to_str().unwrap()])
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        },
        &|_| ok(&p.run(&["secret", "list", "--values"])),
        5,
        80,
    );
}
