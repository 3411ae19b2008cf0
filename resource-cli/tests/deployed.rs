//! One source of truth (issue #13): `import --deployed` writes links.toml from SST's
//! record of a stage, `check --deployed` holds links.toml against it (each kind of
//! drift, with file:line and the fix), and `run --deployed --function` gives the
//! process what `sst shell --target` gives it. The records are written the way SST
//! writes them: a checkpoint in a local home (LinkRefs with includes and sealed
//! secrets, a Function's `_live` from a stage run with `sst dev`, a DevCommand's
//! `_dev`, `LambdaEncryptionKey`), and a function's bundle under
//! `.sst/artifacts/<Function>-src/resource.enc` for a stage built on this machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use resource_home::{Document, Home, LocalHome};
use serde_json::{Value, json};

/// The key SST would generate for `LambdaEncryptionKey` (32 bytes, base64).
const BUNDLE_KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

/// An SST app directory (`.sst` inside) with a local home holding stages of `shop`.
struct App {
    dir: PathBuf,
}

fn links() -> Value {
    json!({
        "Media": {"name": "shop-dev-media", "type": "sst.aws.Bucket"},
        "Api": {"url": "https://api.example.com", "port": 8443, "tags": ["a"], "redis": {"host": "cache", "password": "pw_canary"}, "type": "sst.sst.Linkable"},
        "Key": {"value": "sk_canary", "type": "sst.sst.Secret"},
        "Jobs": {"url": "https://sqs/jobs", "type": "sst:aws:Queue"},
    })
}

/// Each link's LinkRef `include`, as SST's `getSSTLink()` gives it: `s3:*` on the
/// bucket (`aws/bucket.ts`), `sqs:*` on the queue (`aws/queue.ts`), the Linkable's own.
fn sst_include(name: &str) -> Value {
    match name {
        "Api" => json!([
            {"type": "environment", "env": {"API_URL": "https://api.example.com"}},
            {"type": "aws.permission", "actions": ["execute-api:Invoke"], "resources": ["arn:aws:execute-api:us-east-1:123456789012:abc/*"]},
        ]),
        "Media" => json!([
            {"type": "aws.permission", "actions": ["s3:*"], "resources": ["arn:aws:s3:::shop-dev-media", "arn:aws:s3:::shop-dev-media/*"]},
        ]),
        "Jobs" => json!([
            {"type": "aws.permission", "actions": ["sqs:*"], "resources": ["arn:aws:sqs:us-east-1:123456789012:jobs"]},
        ]),
        _ => json!([]),
    }
}

impl App {
    fn new(name: &str) -> App {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("deployed-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join(".sst")).unwrap();
        App { dir }
    }

    fn home(&self) -> LocalHome {
        LocalHome::new(self.dir.join("home"))
    }

    /// Stores stage `stage`'s checkpoint: the links, each with the `include` SST's
    /// `getSSTLink()` gives it, plus `components`.
    fn stage(
        &self,
        stage: &str,
        components: impl Fn(&resource_home::state::fixture::Writer) -> Vec<Value>,
    ) {
        self.stage_with(stage, sst_include, components);
    }

    /// [`App::stage`], with each link's LinkRef `include` from `include` (the name).
    fn stage_with(
        &self,
        stage: &str,
        include: fn(&str) -> Value,
        components: impl Fn(&resource_home::state::fixture::Writer) -> Vec<Value>,
    ) {
        let home = self.home();
        let pass = match home.passphrase("shop", stage).unwrap() {
            Some(p) => p,
            None => home
                .create_passphrase("shop", stage, resource_home::seal::new_passphrase())
                .unwrap(),
        };
        let w = resource_home::state::fixture::Writer::new(&pass);
        let mut resources = Vec::new();
        for (name, properties) in links().as_object().unwrap() {
            let include = include(name);
            let mut properties = properties.clone();
            if name == "Api" {
                properties["redis"]["password"] = w.secret(&properties["redis"]["password"]);
            }
            resources.push(w.link_ref(stage, "shop", name, &properties, &["value"], include));
        }
        resources.extend(components(&w));
        let state = w.checkpoint("shop", stage, resources);
        let doc = Document {
            key: "app",
            app: "shop",
            stage,
        };
        home.update(doc, &mut |_| Ok(Some(state.to_string().into_bytes())))
            .unwrap();
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sst-resources"));
        c.args(args)
            .current_dir(&self.dir)
            .env("SST_HOME", self.dir.join("home"))
            .env_remove("SST_RESOURCES_HOME")
            .env_remove("SST_PASSPHRASE");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join(file), text).unwrap();
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A stage run with `sst dev`: a Rust Function's `_live`, a DevCommand's `_dev` (its
/// environment holding a secret), and the bundle key.
fn dev_stage(app: &App) {
    dev_stage_with(app, sst_include);
}

/// [`dev_stage`], each link's LinkRef `include` from `include`.
fn dev_stage_with(app: &App, include: fn(&str) -> Value) {
    // The app's crate, whose binary `worker` SST builds for handler `./.worker`
    // (`pkg/runtime/rust/rust.go`): `check` finds it.
    app.write(
        "Cargo.toml",
        "[package]\nname = \"shop\"\n\n[[bin]]\nname = \"worker\"\npath = \"worker.rs\"\n",
    );
    app.stage_with("dev", include, |w| {
        vec![
            w.component("dev", "shop", &["sst:aws:ApiGatewayV2"], "sst:aws:Function", "Worker", json!({
                "_live": {"functionID": "Worker", "links": ["Media", "Api", "Key", "Jobs"], "handler": "./.worker", "runtime": "rust", "bundle": "target/lambda/worker"},
                "_metadata": {"handler": "./.worker", "dev": true},
            })),
            w.component("dev", "shop", &[], "sst:sst:DevCommand", "Studio", json!({
                "_dev": {"links": ["Api"], "environment": {"API_URL": "http://localhost:3000", "STUDIO_TOKEN": w.secret(&json!("tok_canary"))}, "title": "Studio", "directory": "", "autostart": true, "command": "studio", "aws": {}},
            })),
            // A Worker's `_live` always says `links: []` (cloudflare/worker.ts).
            w.component("dev", "shop", &[], "sst:cloudflare:Worker", "Edge", json!({
                "_live": {"functionID": "Edge", "links": [], "handler": "edge.ts", "runtime": "worker", "properties": {}},
            })),
            w.lambda_key("dev", "shop", BUNDLE_KEY),
        ]
    });
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}\n{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

#[test]
fn import_then_check_on_the_same_stage_reports_nothing() {
    let app = App::new("roundtrip");
    dev_stage(&app);
    let toml = ok(&app.run(&["import", "--deployed", "--app", "shop", "--stage", "dev"]));
    assert!(toml.contains("[app]\nname = \"shop\""), "{toml}");
    assert!(
        toml.contains("# a Rust function, `_live` of sst:aws:Function `Worker`\n[functions.Worker]\nlink = [\"Media\", \"Api\", \"Key\", \"Jobs\"]"),
        "{toml}"
    );
    assert!(
        toml.contains(
            "# `_dev` of sst:sst:DevCommand `Studio`\n[functions.Studio]\nlink = [\"Api\"]\n\n"
        ),
        "{toml}"
    );
    // The handler SST builds each function from (`_live`, or `_metadata` on every
    // deploy): the macro then refuses a binary that loads another function's links.
    assert!(
        toml.contains("[functions.Worker]\nlink = [\"Media\", \"Api\", \"Key\", \"Jobs\"]\nhandler = \"./.worker\"\n"),
        "{toml}"
    );
    assert!(
        toml.contains("[resources.Jobs]\ntype = \"sst.aws.Queue\""),
        "old type string: {toml}"
    );
    assert!(
        toml.contains("[resources.Key]\ntype = \"sst.Secret\""),
        "{toml}"
    );
    assert!(
        toml.contains("properties = { port = \"integer\", redis = { host = \"string\", password = \"secret\" }, tags = \"string[]\", url = \"string\" }"),
        "{toml}"
    );
    assert!(
        toml.contains(
            "{ type = \"environment\", env = { API_URL = \"https://api.example.com\" } }"
        ),
        "{toml}"
    );
    assert!(!toml.contains("canary"), "a secret in links.toml: {toml}");
    app.write("links.toml", &toml);
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    // Worker links every resource: check's lint says so, as a warning only.
    assert_eq!(
        ok(&out),
        "links.toml: 4 resources, 2 functions: ok, 1 warning\n"
    );
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(stderr.contains("`Worker` links every resource"), "{stderr}");
}

#[test]
fn each_kind_of_drift_is_a_diagnostic_with_its_place_and_fix() {
    let app = App::new("drift");
    dev_stage(&app);
    app.write(
        "links.toml",
        r#"[app]
name = "shop"

[resources.Media]
type = "sst.aws.Queue"

[resources.Api]
type = "sst.Linkable"
properties = { url = "string", timeout = "integer" }

[resources.Key]
type = "sst.Secret"

[functions.Worker]
link = ["Media", "Api"]

[functions.Studio]
link = ["Api", "Key"]

[functions.Ghost]
link = []
"#,
    );
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr).replace(&app.dir.display().to_string(), "<dir>");
    for expected in [
        // a link SST gives the function that its set lacks (declared or not)
        "SST links `Jobs` to `Worker` (`_live` of sst:aws:Function `Worker`), but its link set lacks it",
        "help: add \"Jobs\" to [functions.Worker] link and declare [resources.Jobs]",
        "SST links `Key` to `Worker`",
        "help: add \"Key\" to [functions.Worker] link\n",
        // a link the function lists that SST does not give it
        "`Studio` links `Key`, which SST does not link to it (`_dev` of sst:sst:DevCommand `Studio`)",
        // a function SST does not have
        "SST records no function or dev component `Ghost` on stage `dev`",
        // type and property drift, at the line to change
        "error: `Media` is deployed as `sst.aws.Bucket`, but links.toml declares `sst.aws.Queue`
 --> links.toml:5:8
  |
5 | type = \"sst.aws.Queue\"
  |        ^^^^^^^^^^^^^^^
  |
  = help: set type = \"sst.aws.Bucket\" in [resources.Media], as SST deployed it; or redeploy, if sst.config.ts now makes it a `sst.aws.Queue`
",
        "error: `Api.timeout` is declared `integer`, but the deployed link has no such property (<dir>/home/state/app/shop/dev.json)
 --> links.toml:9:32
  |
9 | properties = { url = \"string\", timeout = \"integer\" }
  |                                ^^^^^^^
  |
  = help: remove `timeout` from [resources.Api] properties, or make it optional: timeout = \"integer?\"; or link it in sst.config.ts and redeploy
",
        // what SST links that links.toml does not declare: a warning
        "warning: SST links `Api.port`, which links.toml does not declare: the code cannot read it
 --> links.toml:9:1
  |
9 | properties = { url = \"string\", timeout = \"integer\" }
  | ^^^^^^^^^^
  |
  = help: declare it: port = \"integer\" in [resources.Api] properties
",
        "help: declare it: redis = { host = \"string\", password = \"secret\" } in [resources.Api] properties",
        "links.toml:14:12",
        "error: 6 differences between links.toml and SST's record of stage `dev`
help: to take SST's record as it is instead, `sst-resources import --deployed --app shop --stage dev > links.toml` rewrites the whole file (review the diff)",
        // the handler SST builds the Rust function from, not recorded: a warning
        "warning: SST builds the Rust function `Worker` from handler \"./.worker\" (`_live` of sst:aws:Function `Worker`), which [functions.Worker] does not record",
        "help: add handler = \"./.worker\" to [functions.Worker]",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("canary"), "{err}");
}

/// A `handler` in links.toml that is not the one SST builds the function from: the
/// binary compiled to load its links is not the one SST runs.
#[test]
fn a_handler_sst_does_not_deploy_is_an_error() {
    let app = App::new("handler");
    dev_stage(&app);
    app.write(
        "links.toml",
        r#"[app]
name = "shop"

[resources.Media]
type = "sst.aws.Bucket"

[resources.Api]
type = "sst.Linkable"
properties = { url = "string" }

[resources.Key]
type = "sst.Secret"

[resources.Jobs]
type = "sst.aws.Queue"

[functions.Worker]
link = ["Media", "Api", "Key", "Jobs"]
handler = "./.api"
"#,
    );
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    for expected in [
        "error: `Worker` has `handler = \"./.api\"` (links.toml:19), but SST deploys it from handler \"./.worker\" (`_live` of sst:aws:Function `Worker`): the binary built to load its links is not the one SST runs",
        "--> links.toml:19:11",
        "19 | handler = \"./.api\"",
        "help: set handler = \"./.worker\" in [functions.Worker], as sst.config.ts says, and load `Worker`'s links in that binary",
        "error: 1 difference between links.toml and SST's record of stage `dev`",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // As recorded, it passes.
    app.write(
        "links.toml",
        &std::fs::read_to_string(app.dir.join("links.toml"))
            .unwrap()
            .replace("./.api", "./.worker"),
    );
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("handler"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_stage_built_on_this_machine_is_read_from_its_bundles() {
    let app = App::new("bundles");
    app.stage("prod", |w| vec![w.lambda_key("prod", "shop", BUNDLE_KEY)]);
    let key = resource_runtime::bundle::BundleKey::from_base64(BUNDLE_KEY).unwrap();
    let cron = app.dir.join(".sst/artifacts/Cron-src");
    std::fs::create_dir_all(&cron).unwrap();
    let bundle = json!({"Media": links()["Media"], "Key": links()["Key"]});
    resource_runtime::bundle::write_with_key(&cron.join("resource.enc"), &bundle, &key).unwrap();
    // Another stage's build: a key this stage's does not open; skipped.
    let other = app.dir.join(".sst/artifacts/Other-src");
    std::fs::create_dir_all(&other).unwrap();
    resource_runtime::bundle::write(&other.join("resource.enc"), &bundle).unwrap();
    let toml = ok(&app.run(&["import", "--deployed", "--app", "shop", "--stage", "prod"]));
    let bundle_path = cron.join("resource.enc");
    assert!(
        toml.contains(&format!(
            "# its bundle {}\n[functions.Cron]\nlink = [\"Key\", \"Media\"]",
            std::fs::canonicalize(&bundle_path).unwrap().display()
        )),
        "{toml}"
    );
    assert!(!toml.contains("Other"), "{toml}");
    app.write(
        "links.toml",
        &toml.replace("link = [\"Key\", \"Media\"]", "link = [\"Media\"]"),
    );
    let out = app.run(&["check", "--deployed", "--stage", "prod"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("SST links `Key` to `Cron` (its bundle "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn without_a_per_function_record_check_says_so_and_checks_what_it_can() {
    let app = App::new("norecord");
    app.stage("prod", |_| Vec::new());
    app.write(
        "links.toml",
        "[app]\nname = \"shop\"\n[resources.Media]\ntype = \"sst.aws.Bucket\"\n[functions.Api]\nlink = [\"Media\"]\n",
    );
    let out = app.run(&["check", "--deployed", "--stage", "prod"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("note: SST has no per-function record for stage `prod`"),
        "{}",
        text(&out.stderr)
    );
    app.write(
        "links.toml",
        "[app]\nname = \"shop\"\n[resources.Media]\ntype = \"sst.aws.Queue\"\n[functions.Api]\nlink = [\"Media\"]\n",
    );
    let out = app.run(&["check", "--deployed", "--stage", "prod"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("`Media` is deployed as `sst.aws.Bucket`"),
        "{}",
        text(&out.stderr)
    );
}

/// `name=value` lines of `env -0` output, the SST ones and those named.
fn env_of(out: &Output, also: &[&str]) -> Vec<String> {
    let mut vars: Vec<String> = out
        .stdout
        .split(|b| *b == 0)
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .filter(|v| {
            v.starts_with("SST_RESOURCE") || also.iter().any(|a| v.starts_with(&format!("{a}=")))
        })
        .collect();
    vars.sort();
    vars
}

#[test]
fn run_deployed_gives_a_target_what_sst_shell_gives_it() {
    let app = App::new("run");
    dev_stage(&app);
    app.write("links.toml", "[app]\nname = \"shop\"\n[resources.Api]\ntype = \"sst.Linkable\"\nproperties = { url = \"string\" }\n");
    // A dev component: its links and its own environment, no includes (EnvFor).
    let out = app
        .command(&[
            "run",
            "--deployed",
            "--stage",
            "dev",
            "--function",
            "Studio",
            "--",
            "env",
            "-0",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let api = links()["Api"].to_string();
    assert_eq!(
        env_of(&out, &["API_URL", "STUDIO_TOKEN"]),
        [
            "API_URL=http://localhost:3000".to_owned(),
            format!("SST_RESOURCE_Api={api}"),
            r#"SST_RESOURCE_App={"name":"shop","stage":"dev"}"#.to_owned(),
            "STUDIO_TOKEN=tok_canary".to_owned(),
        ]
    );
    // A Function: its links and their `environment` includes, as its Lambda has them.
    let out = app
        .command(&[
            "run",
            "--deployed",
            "--stage",
            "dev",
            "--function",
            "Worker",
            "--",
            "env",
            "-0",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let names: Vec<String> = env_of(&out, &["API_URL"])
        .iter()
        .map(|v| v.split('=').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "API_URL",
            "SST_RESOURCE_Api",
            "SST_RESOURCE_App",
            "SST_RESOURCE_Jobs",
            "SST_RESOURCE_Key",
            "SST_RESOURCE_Media"
        ]
    );
}

#[test]
fn a_worker_sst_records_no_links_for_is_the_users_to_keep() {
    let app = App::new("worker");
    dev_stage(&app);
    let toml = ok(&app.run(&["import", "--deployed", "--app", "shop", "--stage", "dev"]));
    assert!(toml.contains("# SST records no links for `Edge`"), "{toml}");
    assert!(!toml.contains("[functions.Edge]"), "{toml}");
    app.write(
        "links.toml",
        &format!("{toml}\n[functions.Edge]\nlink = [\"Api\"]\n"),
    );
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[test]
fn a_sealed_value_declared_plain_and_an_undeclared_rust_function_are_reported() {
    let app = App::new("secrets");
    dev_stage(&app);
    let toml = ok(&app.run(&["import", "--deployed", "--app", "shop", "--stage", "dev"]));
    let plain = toml.replace("password = \"secret\"", "password = \"string\"");
    assert_ne!(plain, toml);
    app.write("links.toml", &plain);
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("`Api.redis.password` is a secret in SST's record of stage `dev` (Pulumi sealed its value), but links.toml declares it `string`"),
        "{err}"
    );
    assert!(
        err.contains("help: declare `password` as \"secret\""),
        "{err}"
    );
    assert!(!err.contains("pw_canary"), "{err}");
    // Drop the Rust function's set: a warning, not an error (its links are still typed app-wide).
    let i = toml.find("# a Rust function").unwrap();
    let j = toml[i..].find("\n\n").map_or(toml.len(), |j| i + j);
    app.write("links.toml", &format!("{}{}", &toml[..i], &toml[j..]));
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("warning: SST records the Rust function `Worker` (`_live` of sst:aws:Function `Worker`), which links.toml does not declare"),
        "{err}"
    );
    assert!(
        err.contains("[functions.Worker] link = [\"Media\", \"Api\", \"Key\", \"Jobs\"]"),
        "{err}"
    );
}

#[test]
fn run_deployed_for_a_declared_function_checks_what_its_code_will_decode() {
    let app = App::new("run-drift");
    dev_stage(&app);
    app.write(
        "links.toml",
        "[app]\nname = \"shop\"\n[resources.Media]\ntype = \"sst.aws.Queue\"\n[functions.Worker]\nlink = [\"Media\"]\n",
    );
    let out = app.run(&[
        "run",
        "--deployed",
        "--stage",
        "dev",
        "--function",
        "Worker",
        "--",
        "true",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "error: `Media` is deployed as `sst.aws.Bucket`, but links.toml declares `sst.aws.Queue`
 --> links.toml:4:8
  |
4 | type = \"sst.aws.Queue\"
  |        ^^^^^^^^^^^^^^^
  |
  = help: set type = \"sst.aws.Bucket\" in [resources.Media], as SST deployed it; or redeploy, if sst.config.ts now makes it a `sst.aws.Queue`

error: 1 problem with the links deployed on stage `dev`
"
    );
}

/// Issue #24: type and property drift were one-line strings (`` `Media` is deployed
/// as `sst.aws.Bucket`, but links.toml:4 declares ... ``), while the function-level
/// findings were full diagnostics. Now each points at the line to change (the
/// `type`, the property's key, in the resource or its `[types]` entry) and says what
/// to write there; the exit code is 1 as before.
#[test]
fn type_and_property_drift_are_diagnostics_at_the_manifest_line() {
    let app = App::new("drift-lines");
    app.stage("prod", |_| Vec::new());
    app.write(
        "links.toml",
        r#"[app]
name = "shop"

[resources.Media]
type = "sst.aws.Queue"

[resources.Api]
type = "sst.Linkable"
properties = { url = "integer", port = "integer", tags = "string[]", redis = { host = "string", password = "secret", tls = "boolean" } }

[resources.Jobs]
type = "queue.Custom"

[types."queue.Custom"]
properties = { url = "string", depth = "integer" }
"#,
    );
    let out = app.run(&["check", "--deployed", "--stage", "prod"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr).replace(&app.dir.display().to_string(), "<dir>"),
        r#"note: SST has no per-function record for stage `prod`: it writes one when the stage runs with `sst dev` (each Function's `_live`, each dev component's `_dev`) or is built on this machine (.sst/artifacts/<Function>-src/resource.enc); checked types and properties only

error: `Media` is deployed as `sst.aws.Bucket`, but links.toml declares `sst.aws.Queue`
 --> links.toml:5:8
  |
5 | type = "sst.aws.Queue"
  |        ^^^^^^^^^^^^^^^
  |
  = help: set type = "sst.aws.Bucket" in [resources.Media], as SST deployed it; or redeploy, if sst.config.ts now makes it a `sst.aws.Queue`

error: `Api.url` is declared `integer`, but the deployed link holds a string (<dir>/home/state/app/shop/prod.json)
 --> links.toml:9:16
  |
9 | properties = { url = "integer", port = "integer", tags = "string[]", redis = { host = "string", password = "secret", tls = "boolean" } }
  |                ^^^
  |
  = help: declare it as deployed: url = "string" in [resources.Api] properties; or change what sst.config.ts links and redeploy

error: `Api.redis.tls` is declared `boolean`, but the deployed link has no such property (<dir>/home/state/app/shop/prod.json)
 --> links.toml:9:118
  |
9 | properties = { url = "integer", port = "integer", tags = "string[]", redis = { host = "string", password = "secret", tls = "boolean" } }
  |                                                                                                                      ^^^
  |
  = help: remove `tls` from [resources.Api] properties.redis, or make it optional: tls = "boolean?"; or link it in sst.config.ts and redeploy

error: `Jobs` is deployed as `sst:aws:Queue`, but links.toml declares `queue.Custom`
  --> links.toml:12:8
   |
12 | type = "queue.Custom"
   |        ^^^^^^^^^^^^^^
   |
   = help: set type = "sst.aws.Queue" in [resources.Jobs], as SST deployed it; or redeploy, if sst.config.ts now makes it a `queue.Custom`

error: 4 differences between links.toml and SST's record of stage `prod`
help: to take SST's record as it is instead, `sst-resources import --deployed --app shop --stage prod > links.toml` rewrites the whole file (review the diff)
"#
    );
}

/// Writes an ELF file recording `calls` (operation, resource) at `path` in the app,
/// as the typed handles leave them.
fn binary(app: &App, path: &str, calls: &[(&str, &str)]) {
    use resource_link::calls::fixture::{elf, section};
    let path = app.dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, elf(Some(&section(calls)))).unwrap();
}

/// links.toml as `import --deployed` writes it for [`dev_stage`]: `Worker`, a Rust
/// function (`handler = "./.worker"`), links Media (a bucket) and Jobs (a queue).
fn imported(app: &App) {
    let toml = ok(&app.run(&["import", "--deployed", "--app", "shop", "--stage", "dev"]));
    app.write("links.toml", &toml);
}

/// Issue #26: SST grants `s3:*` and `sqs:*`; the binary SST takes for `Worker`'s
/// handler (`target/lambda/worker/bootstrap`) calls PutObject and SendMessage.
#[test]
fn check_deployed_warns_where_sst_grants_more_than_the_code_calls() {
    let app = App::new("overgrant");
    dev_stage(&app);
    imported(&app);
    binary(
        &app,
        "target/lambda/worker/bootstrap",
        &[
            ("PutObject", "Media"),
            ("SendMessage", "Jobs"),
            ("PutObject", "Media"),
        ],
    );
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(
        ok(&out),
        "links.toml: 4 resources, 2 functions: ok, 3 warnings\n"
    );
    let err = text(&out.stderr);
    let from = err.find("warning: SST grants").expect(&err);
    assert_eq!(
        &err[from..],
        r#"warning: SST grants `Worker` `sqs:*` on `Jobs`, but its code calls only `SendMessage` there, which needs `sqs:SendMessage`
  --> links.toml:14:12
   |
14 | [resources.Jobs]
   |            ^^^^
   |
   = help: narrow what linking an `sst.aws.Queue` grants, in sst.config.ts: the `sst.Linkable.wrap` below

warning: SST grants `Worker` `s3:*` on `Media`, but its code calls only `PutObject` there, which needs `s3:PutObject`
  --> links.toml:22:12
   |
22 | [resources.Media]
   |            ^^^^^
   |
   = help: narrow what linking an `sst.aws.Bucket` grants, in sst.config.ts: the `sst.Linkable.wrap` below

note: what linking an `sst.aws.Bucket` grants is set per type, app-wide: to grant only what the Rust code calls (`Worker`: `PutObject` on `Media`), at the start of `run()` in sst.config.ts:

    sst.Linkable.wrap(sst.aws.Bucket, (bucket) => ({
      properties: { name: bucket.name },
      include: [
        sst.aws.permission({
          actions: ["s3:PutObject"],
          resources: [$interpolate`${bucket.arn}/*`],
        }),
      ],
    }));

  and in links.toml, to which the compiler holds each call:

    [types."sst.aws.Bucket"]
    permissions = [{ actions = ["s3:PutObject"], resources = ["arn:{partition}:s3:::{name}/*"] }]

note: what linking an `sst.aws.Queue` grants is set per type, app-wide: to grant only what the Rust code calls (`Worker`: `SendMessage` on `Jobs`), at the start of `run()` in sst.config.ts:

    sst.Linkable.wrap(sst.aws.Queue, (queue) => ({
      properties: { url: queue.url },
      include: [
        sst.aws.permission({
          actions: ["sqs:SendMessage"],
          resources: [queue.arn],
        }),
      ],
    }));

  and in links.toml, to which the compiler holds each call:

    [types."sst.aws.Queue"]
    permissions = [{ actions = ["sqs:SendMessage"], resources = ["arn:{partition}:sqs:{url:queue-region}:{url:queue-account}:{url:last}"] }]

"#
    );
    // The same binary elsewhere, named with --binary: the same warnings.
    std::fs::rename(
        app.dir.join("target/lambda/worker/bootstrap"),
        app.dir.join("worker.elf"),
    )
    .unwrap();
    let moved = app.run(&[
        "check",
        "--deployed",
        "--stage",
        "dev",
        "--binary",
        "Worker=worker.elf",
    ]);
    assert_eq!(
        ok(&moved),
        "links.toml: 4 resources, 2 functions: ok, 3 warnings\n"
    );
    let moved = text(&moved.stderr);
    assert_eq!(
        &moved[moved.find("warning: SST grants").expect(&moved)..],
        &err[from..]
    );
}

/// As `sst.Linkable.wrap` leaves the LinkRefs once narrowed to what the code calls:
/// SST grants no more than it needs, and check says nothing of it.
#[test]
fn code_that_needs_all_sst_grants_is_not_warned() {
    fn narrowed(name: &str) -> Value {
        match name {
            "Media" => json!([
                {"type": "aws.permission", "actions": ["s3:GetObject", "s3:PutObject"], "resources": ["arn:aws:s3:::shop-dev-media/*"]},
            ]),
            "Jobs" => json!([
                {"type": "aws.permission", "actions": ["sqs:SendMessage"], "resources": ["arn:aws:sqs:us-east-1:123456789012:jobs"]},
            ]),
            other => sst_include(other),
        }
    }
    let app = App::new("narrowed");
    dev_stage_with(&app, narrowed);
    imported(&app);
    binary(
        &app,
        "target/lambda/worker/bootstrap",
        &[
            ("PutObject", "Media"),
            ("HeadObject", "Media"),
            ("SendMessageBatch", "Jobs"),
        ],
    );
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(
        ok(&out),
        "links.toml: 4 resources, 2 functions: ok, 1 warning\n"
    );
    let err = text(&out.stderr);
    assert!(!err.contains("SST grants"), "{err}");
    assert!(!err.contains("sst.Linkable.wrap"), "{err}");
    assert!(!err.contains("note:"), "{err}");
}

/// No binary where SST takes it: one note, where it looked and how to build it; a
/// binary recording no call: one note, not a warning per resource.
#[test]
fn a_binary_not_built_or_recording_nothing_is_a_note() {
    let app = App::new("nobinary");
    dev_stage(&app);
    imported(&app);
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(
        ok(&out),
        "links.toml: 4 resources, 2 functions: ok, 1 warning\n"
    );
    let err = text(&out.stderr);
    assert!(
        err.ends_with("\n\nnote: no binary of `Worker` at target/lambda/worker/bootstrap, where SST takes it: what SST grants `Worker` is not compared with what its code calls; build it as SST does (`cargo lambda build --release`), or pass --binary Worker=PATH\n\n"),
        "{err}"
    );
    assert_eq!(err.matches("note:").count(), 1, "{err}");
    let path = app.dir.join("target/lambda/worker/bootstrap");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, resource_link::calls::fixture::elf(None)).unwrap();
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(
        ok(&out),
        "links.toml: 4 resources, 2 functions: ok, 1 warning\n"
    );
    let err = text(&out.stderr);
    assert!(
        err.ends_with("\n\nnote: `target/lambda/worker/bootstrap` (function `Worker`) records no handle call: it has no `.sst_links` section. Its code calls no typed handle (`links.my_bucket.s3(&client)`), or it was built without their `aws-*` features: what SST grants `Worker` is not compared with what its code calls\n\n"),
        "{err}"
    );
    assert!(!err.contains("warning: SST grants"), "{err}");
}

/// The wrap is app-wide: it says which functions' calls it may leave out (no binary
/// read) and which it narrows without reading their code (no `handler`); a crate in a
/// directory of its own is built there, as SST builds it.
#[test]
fn the_wrap_names_what_it_may_leave_out_and_whom_else_it_narrows() {
    let app = App::new("union");
    app.stage("prod", |_| Vec::new());
    for (dir, bin) in [("api", "api"), ("cron", "cron")] {
        std::fs::create_dir_all(app.dir.join(dir)).unwrap();
        app.write(
            &format!("{dir}/Cargo.toml"),
            &format!(
                "[package]\nname = \"{bin}\"\n\n[[bin]]\nname = \"{bin}\"\npath = \"main.rs\"\n"
            ),
        );
    }
    app.write(
        "links.toml",
        r#"[app]
name = "shop"

[resources.Media]
type = "sst.aws.Bucket"

[resources.Jobs]
type = "sst.aws.Queue"

[functions.Api]
link = ["Media"]
handler = "api/.api"

[functions.Cron]
link = ["Media", "Jobs"]
handler = "cron/.cron"

[functions.Web]
link = ["Media"]
"#,
    );
    binary(
        &app,
        "api/target/lambda/api/bootstrap",
        &[("ListObjectsV2", "Media"), ("GetObject", "Media")],
    );
    let out = app.run(&["check", "--deployed", "--stage", "prod"]);
    assert_eq!(
        ok(&out),
        "links.toml: 2 resources, 3 functions: ok, 2 warnings\n"
    );
    let err = text(&out.stderr);
    for expected in [
        "warning: function `Cron` links every resource of the app (2)",
        "note: no binary of `Cron` at cron/target/lambda/cron/bootstrap, where SST takes it: what SST grants `Cron` is not compared with what its code calls; build it as SST does (`cd cron && cargo lambda build --release`), or pass --binary Cron=PATH\n",
        "warning: SST grants `Api` `s3:*` on `Media`, but its code calls only `GetObject` and `ListObjectsV2` there, which need `s3:GetObject` and `s3:ListBucket`\n",
        "note: what linking an `sst.aws.Bucket` grants is set per type, app-wide: to grant only what the Rust code calls (`Api`: `GetObject` and `ListObjectsV2` on `Media`), at the start of `run()` in sst.config.ts:\n",
        "        sst.aws.permission({
          actions: [\"s3:GetObject\"],
          resources: [$interpolate`${bucket.arn}/*`],
        }),
        sst.aws.permission({
          actions: [\"s3:ListBucket\"],
          resources: [bucket.arn],
        }),
",
        "    permissions = [
      { actions = [\"s3:GetObject\"], resources = [\"arn:{partition}:s3:::{name}/*\"] },
      { actions = [\"s3:ListBucket\"], resources = [\"arn:{partition}:s3:::{name}\"] },
    ]
",
        "  It leaves out what `Cron` calls on them: no binary of it was read (build it, then check again).\n",
        "  It narrows the grant of `Web` too, whose code is not read here (no `handler` in links.toml, no --binary): add what it needs.\n",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    // Jobs: only Cron links it, and no binary of Cron was read: nothing to compare.
    assert!(!err.contains("sst.aws.Queue"), "{err}");
}

/// A binary of another function or links.toml (built before a link left the set): a
/// warning saying so and how to fix it; the check still passes.
#[test]
fn a_binary_of_another_links_toml_is_a_warning() {
    let app = App::new("stalebinary");
    dev_stage(&app);
    imported(&app);
    binary(
        &app,
        "target/lambda/worker/bootstrap",
        &[("PutObject", "Media"), ("PutItem", "Orders")],
    );
    let out = app.run(&["check", "--deployed", "--stage", "dev"]);
    assert_eq!(
        ok(&out),
        "links.toml: 4 resources, 2 functions: ok, 2 warnings\n"
    );
    let err = text(&out.stderr);
    let from = err.find("warning: `target").expect(&err);
    let id = resource_manifest::operations::resource_id("Orders");
    assert_eq!(
        &err[from..],
        format!("warning: `target/lambda/worker/bootstrap` (function `Worker`) calls `PutItem` (`.dynamodb(..).put_item()`) on a resource links.toml does not declare (resource id {id:#018x})
help: was it built from another links.toml? Rebuild it from links.toml, or pass the manifest it was built from (--manifest)
note: what SST grants `Worker` is not compared with what its code calls

")
    );
    // Given as Studio's, which does not link Media: the help names check's own flag.
    binary(
        &app,
        "target/lambda/worker/bootstrap",
        &[("PutObject", "Media")],
    );
    let out = app.run(&[
        "check",
        "--deployed",
        "--stage",
        "dev",
        "--binary",
        "Studio=target/lambda/worker/bootstrap",
    ]);
    ok(&out);
    let err = text(&out.stderr);
    assert!(
        err.contains("help: was it built for another function, or before `Media` left [functions.Studio] link? Pass the function it was built for (--binary <function>=target/lambda/worker/bootstrap), or rebuild it\n"),
        "{err}"
    );
}
