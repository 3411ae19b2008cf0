//! `sst-resources secret` and the store behind `env`/`run`, through the built binary:
//! every command, every refusal, 100 concurrent writers, a writer killed mid-write,
//! deployed links, and no secret value in any message.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

const CANARY: &str = "sk_live_CANARY_7f3a";

/// A scratch directory with a manifest declaring `secrets` (and a bucket), its values
/// file, and an empty SST home.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(name: &str, secrets: &[&str]) -> Scratch {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("secret-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut manifest = String::from(
            "[app]\nname = \"shop\"\n\n[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n",
        );
        for s in secrets {
            manifest.push_str(&format!("\n[resources.{s}]\ntype = \"sst.Secret\"\n"));
        }
        let all: Vec<String> = std::iter::once("MyBucket")
            .chain(secrets.iter().copied())
            .map(|s| format!("\"{s}\""))
            .collect();
        manifest.push_str(&format!("\n[functions.Api]\nlink = [{}]\n", all.join(", ")));
        std::fs::write(dir.join("links.toml"), manifest).unwrap();
        std::fs::write(
            dir.join("links.dev.toml"),
            "[MyBucket]\nname = \"shop-dev-bucket\"\n",
        )
        .unwrap();
        Scratch { dir }
    }

    fn home(&self) -> PathBuf {
        self.dir.join("home")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sst-resources"));
        c.args(args)
            .current_dir(&self.dir)
            .env("SST_HOME", self.home())
            .env_remove("SST_PASSPHRASE")
            .env_remove("SST_RESOURCES_HOME")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(out: &Output) -> String {
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    text(&out.stdout)
}

fn failed(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(1), "stdout: {}", text(&out.stdout));
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    text(&out.stderr)
}

#[test]
fn set_get_list_remove_with_stdin_and_fallback() {
    let s = Scratch::new("roundtrip", &["StripeKey", "DbPassword"]);
    assert_eq!(ok(&s.run(&["secret", "set", "StripeKey", "sk_dev"])), "");
    let mut child = s
        .command(&["secret", "set", "StripeKey", "-", "--stage", "prod"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"sk prod with spaces\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stderr), "Set `StripeKey` for stage `prod`\n");
    ok(&s.run(&["secret", "set", "DbPassword", "fallback-pw", "--fallback"]));
    assert_eq!(ok(&s.run(&["secret", "get", "StripeKey"])), "sk_dev\n");
    assert_eq!(
        ok(&s.run(&["secret", "get", "StripeKey", "--stage", "prod"])),
        "sk prod with spaces\n"
    );
    assert_eq!(
        ok(&s.run(&["secret", "get", "DbPassword", "--stage", "qa"])),
        "fallback-pw\n"
    );
    assert_eq!(
        ok(&s.run(&["secret", "list"])),
        "StripeKey\tset\nDbPassword\tset (fallback)\n"
    );
    assert_eq!(
        ok(&s.run(&["secret", "list", "--values"])),
        "DbPassword=fallback-pw\nStripeKey=sk_dev\n"
    );
    assert_eq!(ok(&s.run(&["secret", "remove", "StripeKey"])), "");
    let err = failed(&s.run(&["secret", "get", "StripeKey"]));
    assert_eq!(
        err,
        "error: secret `StripeKey` has no value for stage `dev`\nhelp: set it with `sst-resources secret set StripeKey --stage dev` (the value on standard input) or `sst secret set StripeKey <value> --stage dev`\n"
    );
    let err = failed(&s.run(&["secret", "remove", "StripeKey"]));
    assert_eq!(
        err,
        "error: secret `StripeKey` has no value for stage `dev`: nothing to remove\n"
    );
    // The files are SST's, private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in [
            "state/secret/shop/dev.json",
            "state/passphrase/shop/dev.json",
        ] {
            let mode = std::fs::metadata(s.home().join(f))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{f}");
        }
    }
}

#[test]
fn only_declared_secret_names_are_accepted() {
    let s = Scratch::new("names", &["StripeKey"]);
    let err = failed(&s.run(&["secret", "set", "StripKey", "x"]));
    assert_eq!(
        err,
        "error: links.toml declares no secret `StripKey`\nhelp: did you mean `StripeKey`?\n"
    );
    let err = failed(&s.run(&["secret", "set", "MyBucket", "x"]));
    assert_eq!(
        err,
        "error: `MyBucket` is declared as `sst.aws.Bucket` in links.toml:4, not as `sst.Secret`\n"
    );
    let err = failed(&s.run(&["secret", "set", "stripe-key", "x"]));
    assert!(
        err.starts_with("error: not a valid secret name (not repeated here"),
        "{err}"
    );
    // Arguments swapped, or a value that looks like an option: never echoed.
    for args in [
        &["secret", "set", "SK_LIVE_CANARY_VALUE", "StripeKey"][..],
        &["secret", "set", "sk_live_canary", "StripeKey"],
        &["secret", "set", "StripeKey", "--sk_live_canary"],
    ] {
        let out = s.run(args);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            !out.status.success() && !all.to_lowercase().contains("canary"),
            "{all}"
        );
    }
    assert!(!s.home().join("state/secret").exists(), "nothing written");
    // An empty value is allowed, as in SST, with a warning.
    let out = s.run(&["secret", "set", "StripeKey", ""]);
    assert_eq!(ok(&out), "");
    assert_eq!(
        text(&out.stderr),
        "warning: `StripeKey` is set to an empty value\nSet `StripeKey` for stage `dev`\n"
    );
    let out = s.run(&[
        "secret",
        "set",
        "StripeKey",
        "x",
        "--stage",
        "dev",
        "--fallback",
    ]);
    assert_eq!(out.status.code(), Some(2), "clap usage error");
}

#[test]
fn load_is_all_or_nothing() {
    let s = Scratch::new("load", &["StripeKey", "DbPassword"]);
    let env = s.dir.join("secrets.env");
    std::fs::write(
        &env,
        format!("# team secrets\nStripeKey={CANARY}\nDbPasword='pw'\n"),
    )
    .unwrap();
    let err = failed(&s.run(&["secret", "load", "secrets.env"]));
    assert_eq!(
        err,
        "error: nothing loaded: 1 problem in secrets.env\nsecrets.env:3: links.toml declares no secret `DbPasword`\nhelp: did you mean `DbPassword`?\n"
    );
    assert!(!s.home().join("state/secret").exists(), "nothing written");
    // A multi-line value's next line (base64 padding has `=`): not echoed.
    std::fs::write(&env, "StripeKey=first\nQ0FOQVJZ==\n").unwrap();
    let err = failed(&s.run(&["secret", "load", "secrets.env"]));
    assert!(
        err.contains("secrets.env:2: links.toml declares no such secret (not repeated here"),
        "{err}"
    );
    assert!(!err.contains("Q0FOQVJZ"), "{err}");
    std::fs::write(
        &env,
        format!("export StripeKey=\"{CANARY}\"\nDbPassword='p w'\n"),
    )
    .unwrap();
    let out = s.run(&["secret", "load", "secrets.env", "--stage", "prod"]);
    assert_eq!(text(&out.stderr), "Loaded 2 secrets into stage `prod`\n");
    assert_eq!(
        ok(&s.run(&["secret", "list", "--values", "--stage", "prod"])),
        format!("DbPassword='p w'\nStripeKey={CANARY}\n")
    );
}

#[test]
fn load_reads_standard_input_given_dash() {
    use std::io::Write;
    let s = Scratch::new("load-stdin", &["StripeKey", "DbPassword"]);
    let mut child = s
        .command(&["secret", "load", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("StripeKey={CANARY}\nDbPasword=x\n").as_bytes())
        .unwrap();
    let err = failed(&child.wait_with_output().unwrap());
    assert!(
        err.contains("<stdin>:2: links.toml declares no secret `DbPasword`"),
        "{err}"
    );
    let mut child = s
        .command(&["secret", "load", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("StripeKey={CANARY}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(text(&out.stderr), "Loaded 1 secret into stage `dev`\n");
    assert_eq!(
        ok(&s.run(&["secret", "get", "StripeKey"])),
        format!("{CANARY}\n")
    );
}

#[test]
fn load_refuses_a_name_set_twice_naming_both_lines() {
    let s = Scratch::new("load-twice", &["StripeKey", "DbPassword"]);
    let env = s.dir.join("secrets.env");
    std::fs::write(
        &env,
        format!("StripeKey={CANARY}\nDbPassword=pw\n\nexport StripeKey='{CANARY}2'\n"),
    )
    .unwrap();
    let err = failed(&s.run(&["secret", "load", "secrets.env"]));
    assert_eq!(
        err,
        "error: nothing loaded: 1 problem in secrets.env\nsecrets.env:4: `StripeKey` is set twice, here and at secrets.env:1\nhelp: keep one of the two lines\n"
    );
    assert!(!s.home().join("state/secret").exists(), "nothing written");
    // A repeated line that may be a value (no declared name) is not echoed.
    std::fs::write(&env, "StripeKey=a\nQ0FOQVJZ==\nQ0FOQVJZ==\n").unwrap();
    let err = failed(&s.run(&["secret", "load", "secrets.env"]));
    assert!(
        err.contains("secrets.env:3: the same name is set twice, here and at secrets.env:2"),
        "{err}"
    );
    assert!(!err.contains("Q0FOQVJZ"), "{err}");
    assert!(!s.home().join("state/secret").exists(), "nothing written");
}

#[test]
fn a_hundred_concurrent_writers_lose_nothing() {
    let names: Vec<String> = (0..100).map(|i| format!("Key{i:03}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let s = Scratch::new("concurrent", &refs);
    let children: Vec<_> = names
        .iter()
        .map(|n| {
            s.command(&["secret", "set", n, &format!("value-of-{n}")])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let listed = ok(&s.run(&["secret", "list", "--values"]));
    let expected: String = names
        .iter()
        .map(|n| format!("{n}=value-of-{n}\n"))
        .collect();
    assert_eq!(listed, expected);
}

#[cfg(unix)]
#[test]
fn a_writer_killed_mid_write_leaves_the_store_readable() {
    // Each round loads 40 secrets of 20 KB, all of one generation, and is killed with
    // SIGKILL somewhere between its start and 1.5 times the length of a whole run: the
    // store must then hold exactly one whole generation, never a mix or a torn file.
    let names: Vec<String> = (0..40).map(|i| format!("Key{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let s = Scratch::new("crash", &refs);
    common::kill_writers_mid_load(
        &s.dir,
        &names,
        20_000,
        &|file| {
            s.command(&["secret", "load", file.to_str().unwrap()])
                .stderr(Stdio::null())
                .spawn()
                .unwrap()
        },
        &|round| {
            let out = s.run(&["secret", "list", "--values"]);
            assert!(out.status.success(), "round {round}: {}", text(&out.stderr));
            text(&out.stdout)
        },
        10,
        120,
    );
}

/// Issue #24: `run` with a secret that has no value pointed at `links.dev.toml:1:1`,
/// a line about another resource, and named none of the places it read. Now: at the
/// secret's declaration, every place read in order, and the commands that set it;
/// never a value (another secret's in the store, an unrelated SST_SECRET_<Name>) nor a
/// line of the values file.
#[test]
fn run_with_a_secret_with_no_value_points_at_its_declaration_and_names_each_place_read() {
    let s = Scratch::new("missing", &["StripeKey", "DbPassword"]);
    ok(&s.run(&["secret", "set", "DbPassword", CANARY, "--fallback"]));
    let out = s
        .command(&["run", "--function", "Api", "--", "true"])
        .env("SST_SECRET_MyBucket", CANARY)
        .output()
        .unwrap();
    let err = failed(&out).replace(&s.dir.display().to_string(), "<dir>");
    assert_eq!(
        err,
        "error: secret `StripeKey` has no value for stage `dev`
 --> links.toml:7:12
  |
7 | [resources.StripeKey]
  |            ^^^^^^^^^
  |
  = help: read, in order: the environment variable SST_SECRET_StripeKey (not set), SST's secret store for stage `dev` (<dir>/home/state/secret/shop/dev.json), its fallback (<dir>/home/state/secret/shop/_fallback.json); never links.dev.toml, which holds no secrets
          set it with `sst-resources secret set StripeKey --stage dev` (the value on standard input) or `sst secret set StripeKey <value> --stage dev`; or, for one run, in SST_SECRET_StripeKey

error: 1 problem in links.toml
"
    );
    // Another manifest, another stage, the AWS home's name: `secret set` is given each.
    std::fs::rename(s.dir.join("links.toml"), s.dir.join("shop.toml")).unwrap();
    std::fs::write(s.dir.join("links.prod.toml"), "[MyBucket]\nname = \"b\"\n").unwrap();
    let out = s.run(&["env", "--manifest", "shop.toml", "--stage", "prod"]);
    let err = failed(&out);
    assert!(
        err.contains("`sst-resources secret set StripeKey --manifest shop.toml --stage prod` (the value on standard input) or `sst secret set StripeKey <value> --stage prod`"),
        "{err}"
    );
    assert!(err.contains("error: 1 problem in shop.toml\n"), "{err}");
    // No [app] name: the store is not read, and the message says so.
    std::fs::write(
        s.dir.join("shop.toml"),
        "[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n\n[resources.StripeKey]\ntype = \"sst.Secret\"\n",
    )
    .unwrap();
    let out = s.run(&["env", "--manifest", "shop.toml", "--stage", "prod"]);
    assert_eq!(
        failed(&out),
        "error: secret `StripeKey` has no value for stage `prod`
 --> shop.toml:4:12
  |
4 | [resources.StripeKey]
  |            ^^^^^^^^^
  |
  = help: read: the environment variable SST_SECRET_StripeKey (not set); not SST's secret store: shop.toml has no [app] name; never links.prod.toml, which holds no secrets
          set it in SST_SECRET_StripeKey, or add [app] name = \"<your SST app's name>\" to shop.toml and set it in SST's secret store

error: 1 problem in shop.toml
"
    );
}

#[test]
fn env_takes_secrets_from_the_store_and_names_each_missing_one() {
    let s = Scratch::new("env", &["StripeKey", "DbPassword"]);
    let err = failed(&s.run(&["env", "--function", "Api"]));
    assert!(
        err.contains("secret `StripeKey` has no value for stage `dev`"),
        "{err}"
    );
    assert!(
        err.contains("secret `DbPassword` has no value for stage `dev`"),
        "{err}"
    );
    assert!(err.contains("sst-resources secret set StripeKey"), "{err}");
    ok(&s.run(&["secret", "set", "StripeKey", CANARY]));
    ok(&s.run(&["secret", "set", "DbPassword", "pw", "--fallback"]));
    let vars: serde_json::Value = serde_json::from_str(&ok(&s.run(&[
        "env",
        "--function",
        "Api",
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(
        vars["SST_RESOURCE_StripeKey"],
        format!(r#"{{"type":"sst.sst.Secret","value":"{CANARY}"}}"#)
    );
    assert_eq!(
        vars["SST_RESOURCE_DbPassword"],
        r#"{"type":"sst.sst.Secret","value":"pw"}"#
    );
    // SST_SECRET_<Name> wins, as in SST.
    let out = s
        .command(&["env", "--function", "Api", "--format", "json"])
        .env("SST_SECRET_DbPassword", "from-env")
        .output()
        .unwrap();
    assert!(ok(&out).contains(r#"\"value\":\"from-env\""#));
}

fn write_deployed(s: &Scratch, stage: &str, links: serde_json::Value) {
    use resource_home::{Document, Home, LocalHome};
    let home = LocalHome::new(s.home());
    let pass = home
        .create_passphrase("shop", stage, resource_home::seal::new_passphrase())
        .unwrap();
    let links = links.as_object().unwrap().clone();
    let state = resource_home::state::fixture::checkpoint("shop", stage, &pass, &links, &["value"]);
    home.update(
        Document {
            key: "app",
            app: "shop",
            stage,
        },
        &mut |_| Ok(Some(state.to_string().into_bytes())),
    )
    .unwrap();
}

#[test]
fn env_deployed_injects_what_sst_deployed() {
    let s = Scratch::new("deployed", &["StripeKey"]);
    write_deployed(
        &s,
        "prod",
        serde_json::json!({
            "MyBucket": {"name": "shop-prod-mybucket-x1", "type": "sst.aws.Bucket"},
            "StripeKey": {"value": CANARY, "type": "sst.sst.Secret"},
            "Other": {"url": "https://x", "type": "sst.aws.Function"},
        }),
    );
    let out = ok(&s.run(&["env", "--deployed", "--stage", "prod", "--function", "Api"]));
    assert_eq!(
        out,
        format!(
            "SST_RESOURCE_App='{{\"name\":\"shop\",\"stage\":\"prod\"}}'\nSST_RESOURCE_MyBucket='{{\"name\":\"shop-prod-mybucket-x1\",\"type\":\"sst.aws.Bucket\"}}'\nSST_RESOURCE_StripeKey='{{\"type\":\"sst.sst.Secret\",\"value\":\"{CANARY}\"}}'\n"
        )
    );
    let err = failed(&s.run(&["env", "--deployed", "--stage", "qa", "--function", "Api"]));
    assert!(
        err.contains("SST's home has no deployed state for stage `qa` of app `shop` (")
            && err.contains("help: `shop` has state for stage: prod\nhelp: pass --stage prod;"),
        "{err}"
    );
    write_deployed(
        &s,
        "stale",
        serde_json::json!({"MyBucket": {"name": 5, "type": "sst.aws.Bucket"}}),
    );
    let err = failed(&s.run(&["env", "--deployed", "--stage", "stale", "--function", "Api"]))
        .replace(&s.dir.display().to_string(), "<dir>");
    assert_eq!(
        err,
        r#"note: SST has no per-function record for stage `stale`: it writes one when the stage runs with `sst dev` (each Function's `_live`, each dev component's `_dev`) or is built on this machine (.sst/artifacts/<Function>-src/resource.enc); checked types and properties only
error: `MyBucket.name` is declared `string`, but the deployed link holds a number (<dir>/home/state/app/shop/stale.json)
 --> links.toml:5:8
  |
5 | type = "sst.aws.Bucket"
  |        ^^^^^^^^^^^^^^^^
  |
  = help: redeploy with the SST version links.toml is checked against; or declare what yours links: [types."sst.aws.Bucket"] properties = { name = "integer" }

error: `StripeKey` is not deployed on this stage: <dir>/home/state/app/shop/stale.json links no `StripeKey`
 --> links.toml:7:12
  |
7 | [resources.StripeKey]
  |            ^^^^^^^^^
  |
  = help: deploy it (`sst deploy`), or check --stage; if the app no longer links it, remove [resources.StripeKey]

error: 2 problems with the links deployed on stage `stale`
"#
    );
}

#[test]
fn no_message_ever_holds_a_secret_value() {
    let s = Scratch::new("canary", &["StripeKey"]);
    ok(&s.run(&["secret", "set", "StripeKey", CANARY]));
    let sealed = s.home().join("state/secret/shop/dev.json");
    let pass_file = s.home().join("state/passphrase/shop/dev.json");
    let passphrase = std::fs::read_to_string(&pass_file).unwrap();
    assert!(
        !std::fs::read(&sealed)
            .unwrap()
            .windows(CANARY.len())
            .any(|w| w == CANARY.as_bytes())
    );
    let mut outputs = Vec::new();
    let mut capture =
        |out: Output| outputs.push(format!("{}{}", text(&out.stdout), text(&out.stderr)));
    // Refusals with the canary on the command line or in a file.
    capture(s.run(&["secret", "set", "StripKey", CANARY]));
    std::fs::write(
        s.dir.join("bad.env"),
        format!("StripeKey='{CANARY}\nNope={CANARY}\n{CANARY}\n"),
    )
    .unwrap();
    capture(s.run(&["secret", "load", "bad.env"]));
    std::fs::write(s.dir.join("bad2.env"), format!("Nope={CANARY}\n")).unwrap();
    capture(s.run(&["secret", "load", "bad2.env"]));
    // A secret in the values file is refused without quoting it.
    std::fs::write(
        s.dir.join("links.leak.toml"),
        format!("[MyBucket]\nname = \"b\"\n[StripeKey]\nvalue = \"{CANARY}\"\n"),
    )
    .unwrap();
    capture(s.run(&["env", "--stage", "leak", "--function", "Api"]));
    // A wrong passphrase from the environment (used when the passphrase file is gone,
    // as in a CI job that has only the sealed store), then a tampered store.
    let kept = s.dir.join("passphrase.kept");
    std::fs::rename(&pass_file, &kept).unwrap();
    capture(s.run(&["secret", "get", "StripeKey"]));
    capture(
        s.command(&["secret", "list", "--values"])
            .env(
                "SST_PASSPHRASE",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            )
            .output()
            .unwrap(),
    );
    capture(
        s.command(&["secret", "set", "StripeKey", "new"])
            .env("SST_PASSPHRASE", "bm90IGl0")
            .output()
            .unwrap(),
    );
    assert!(!pass_file.exists(), "a wrong passphrase is never stored");
    std::fs::rename(&kept, &pass_file).unwrap();
    let mut bytes = std::fs::read(&sealed).unwrap();
    bytes[13] ^= 1;
    std::fs::write(&sealed, &bytes).unwrap();
    capture(s.run(&["secret", "get", "StripeKey"]));
    capture(s.run(&["secret", "set", "StripeKey", "other"]));
    capture(s.run(&["env", "--function", "Api"]));
    assert_eq!(
        std::fs::read(&sealed).unwrap(),
        bytes,
        "a store that cannot be opened is not overwritten"
    );
    // Deployed state sealed under another passphrase.
    write_deployed(
        &s,
        "prod",
        serde_json::json!({"StripeKey": {"value": CANARY, "type": "sst.sst.Secret"}}),
    );
    std::fs::remove_file(s.home().join("state/passphrase/shop/prod.json")).unwrap();
    capture(
        s.command(&["env", "--deployed", "--stage", "prod"])
            .env(
                "SST_PASSPHRASE",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            )
            .output()
            .unwrap(),
    );
    assert_eq!(outputs.len(), 11);
    for (i, o) in outputs.iter().enumerate() {
        assert!(o.contains("error"), "case {i} must fail: {o}");
        assert!(!o.contains(CANARY), "case {i} leaks the secret: {o}");
        assert!(
            !o.contains(passphrase.trim()),
            "case {i} leaks the passphrase: {o}"
        );
    }
}

#[test]
fn the_demo_app_reads_its_typed_links_under_run() {
    // The README's main job as a test: a secret sealed in the store, then the demo app
    // (built by cargo in the shared target) run under `sst-resources run`.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let s = Scratch::new("demo", &[]);
    let demo = root.join("examples/demo/links.toml");
    let demo = demo.to_str().unwrap();
    ok(&s.run(&["secret", "set", "StripeKey", CANARY, "--manifest", demo]));
    let out = s
        .command(&[
            "run",
            "--manifest",
            demo,
            "--",
            env!("CARGO"),
            "run",
            "--quiet",
            "--manifest-path",
            root.join("Cargo.toml").to_str().unwrap(),
            "-p",
            "demo",
        ])
        .env_remove("SST_SECRET_StripeKey")
        .output()
        .unwrap();
    let stdout = ok(&out);
    assert_eq!(
        stdout,
        format!(
            "app:        my-app (stage dev)\nbucket:     my-app-dev-mybucketbucket-nxsdkxbm\ntable:      my-app-dev-MyTableTable-bzcrwwhu\nstripe key: [redacted] ({} characters)\napi:        https://api.example.com v2024-06-01 timeout=30s regions=[\"us-east-1\", \"eu-west-1\"]\nredis:      cache.internal:6379 tls=true\nUpload:     upload to s3://my-app-dev-mybucketbucket-nxsdkxbm/ via https://api.example.com (timeout 30s, redis cache.internal:6379)\n",
            CANARY.len()
        )
    );
}
