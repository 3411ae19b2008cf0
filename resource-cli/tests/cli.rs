//! The built `sst-resources` binary: each command's output, and each error's message
//! and exit code.

use std::process::{Command, Output};

/// The binary with `args`, run from the workspace root, never reading this machine's
/// own SST secrets.
fn binary(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sst-resources"));
    command
        .args(args)
        .env(
            "SST_HOME",
            concat!(env!("CARGO_TARGET_TMPDIR"), "/no-sst-home"),
        )
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    command
}

fn run(args: &[&str]) -> Output {
    binary(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn check_accepts_a_valid_manifest() {
    let out = run(&["check", "--manifest", "examples/demo/links.toml"]);
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "examples/demo/links.toml: 4 resources, 2 functions: ok\n"
    );
}

#[test]
fn check_reports_every_problem_on_stderr_and_exits_1() {
    let out = run(&[
        "check",
        "--manifest",
        "tests/ui/manifests/unknown_link.toml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains("--> tests/ui/manifests/unknown_link.toml:5:9"),
        "{err}"
    );
    assert!(err.contains("help: did you mean `MyBucket`?"), "{err}");
    assert!(
        err.ends_with("error: 1 problem in tests/ui/manifests/unknown_link.toml\n"),
        "{err}"
    );
}

#[test]
fn check_names_a_missing_file() {
    let out = run(&["check", "--manifest", "nope.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).starts_with("error: cannot read the manifest nope.toml"));
}

#[test]
fn types_prints_what_the_macro_generates() {
    let out = run(&[
        "types",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Upload",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let code = text(&out.stdout);
    assert!(code.contains("pub struct Resource {"), "{code}");
    assert!(
        code.contains("pub my_bucket: resource::MyBucket,"),
        "{code}"
    );
    assert!(
        !code.contains("stripe_key"),
        "Upload does not link StripeKey"
    );
    let out = run(&[
        "types",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Uplod",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("help: did you mean `Upload`?"));
}

#[test]
fn import_writes_a_manifest_that_checks() {
    let dts = concat!(env!("CARGO_TARGET_TMPDIR"), "/import.d.ts");
    std::fs::write(
        dts,
        "declare module \"sst\" {\n  export interface Resource {\n    \"MyBucket\": { \"name\": string; \"type\": \"sst.aws.Bucket\" }\n    \"gbfm-www\": { \"url\": string; \"type\": \"sst.sst.Linkable\" }\n  }\n}\n",
    )
    .unwrap();
    let out = run(&["import", dts]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let toml = text(&out.stdout);
    assert!(
        toml.contains("[resources.MyBucket]\ntype = \"sst.aws.Bucket\"\n"),
        "{toml}"
    );
    assert!(
        toml.contains(
            "[resources.gbfm-www]\ntype = \"sst.Linkable\"\nproperties = { url = \"string\" }\n"
        ),
        "{toml}"
    );
    let m = resource_manifest::parse_str("links.toml", &toml).unwrap();
    assert_eq!(m.resources.len(), 2);
}

#[test]
fn import_refuses_what_is_not_a_dts() {
    let out = run(&["import", "examples/demo/links.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("is not a .d.ts file"));
}

#[test]
fn usage_errors_exit_2() {
    let out = run(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let help = run(&["--help"]);
    assert!(text(&help.stdout).contains("import"));
}

#[test]
fn check_lints_without_failing() {
    let manifest = concat!(env!("CARGO_TARGET_TMPDIR"), "/lint.toml");
    std::fs::write(
        manifest,
        "[resources.Key]\ntype = \"sst.Secret\"\n[resources.B]\ntype = \"sst.aws.Bucket\"\n[functions.Api]\nlink = [\"Key\", \"B\"]\n",
    )
    .unwrap();
    let out = run(&["check", "--manifest", manifest]);
    assert!(out.status.success());
    assert!(
        text(&out.stdout).ends_with("2 resources, 1 function: ok, 1 warning\n"),
        "{}",
        text(&out.stdout)
    );
    let err = text(&out.stderr);
    assert!(
        err.starts_with("warning: function `Api` links every resource of the app (2)"),
        "{err}"
    );
    assert!(err.contains("lint.toml:5:12"), "{err}");
}

#[test]
fn env_prints_what_sst_injects_for_one_function() {
    let out = run(&[
        "env",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Upload",
        "--format",
        "dotenv",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_owned).collect();
    assert_eq!(
        lines[0],
        r#"SST_RESOURCE_App='{"name":"my-app","stage":"dev"}'"#
    );
    assert_eq!(
        lines[1],
        r#"SST_RESOURCE_MyBucket='{"name":"my-app-dev-mybucketbucket-nxsdkxbm","type":"sst.aws.Bucket"}'"#
    );
    assert!(
        lines[2].starts_with("SST_RESOURCE_ApiConfig='{\"endpoint\":\"https://api.example.com\""),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 3, "only Upload's links");
}

#[test]
fn env_takes_secrets_from_sst_secret_variables_only() {
    let out = run(&[
        "env",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Api",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("secret `StripeKey` has no value for stage `dev`"),
        "{}",
        text(&out.stderr)
    );
    let out = binary(&[
        "env",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Api",
        "--format",
        "json",
    ])
    .env("SST_SECRET_StripeKey", "sk_from_env")
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let vars: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        vars["SST_RESOURCE_StripeKey"],
        r#"{"type":"sst.sst.Secret","value":"sk_from_env"}"#
    );
    // [functions.Api.env] STRIPE_API_KEY = "StripeKey.value"
    assert_eq!(vars["STRIPE_API_KEY"], "sk_from_env");
}

#[test]
fn env_reports_values_file_mistakes_with_their_place() {
    let dir = concat!(env!("CARGO_TARGET_TMPDIR"), "/env-values");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/demo/links.toml"),
        format!("{dir}/links.toml"),
    )
    .unwrap();
    std::fs::write(
        format!("{dir}/links.prod.toml"),
        "[MyBucket]\nnam = \"b\"\n",
    )
    .unwrap();
    let out = run(&[
        "env",
        "--manifest",
        &format!("{dir}/links.toml"),
        "--stage",
        "prod",
        "--function",
        "Upload",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("`MyBucket` has no property `nam`"), "{err}");
    assert!(err.contains("help: did you mean `name`?"), "{err}");
    assert!(err.contains("links.prod.toml:2:1"), "{err}");
}

#[test]
fn run_injects_the_links_keeps_the_environment_and_returns_the_exit_code() {
    let out = binary(&[
        "run",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Upload",
        "--",
        "sh",
        "-c",
        "echo \"$SST_RESOURCE_MyBucket|$KEPT|${SST_RESOURCE_MyTable:-unset}\"; exit 7",
    ])
    .env("KEPT", "parent-value")
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(7), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "{\"name\":\"my-app-dev-mybucketbucket-nxsdkxbm\",\"type\":\"sst.aws.Bucket\"}|parent-value|unset\n",
        "only Upload's links, the parent's environment kept"
    );
}

#[cfg(unix)]
#[test]
fn run_forwards_sigterm_to_the_child() {
    use std::io::Read;
    let mut child = binary(&[
        "run",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Upload",
        "--",
        "sh",
        "-c",
        "trap 'echo got TERM; exit 3' TERM; echo ready; while :; do sleep 0.05; done",
    ])
    .stdout(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut ready = [0u8; 6];
    stdout.read_exact(&mut ready).unwrap();
    assert_eq!(&ready, b"ready\n");
    // SAFETY: kill(2) on our own, not yet reaped, child.
    assert_eq!(
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) },
        0
    );
    let status = child.wait().unwrap();
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "got TERM\n");
    assert_eq!(status.code(), Some(3));
}

#[test]
fn run_names_a_command_that_cannot_start() {
    let out = run(&[
        "run",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Upload",
        "--",
        "no-such-command-xyz",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: cannot run no-such-command-xyz"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn env_bundle_writes_what_a_lambda_reads() {
    let dir = concat!(env!("CARGO_TARGET_TMPDIR"), "/env-bundle");
    let _ = std::fs::remove_dir_all(dir);
    let out = run(&[
        "env",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Upload",
        "--bundle",
        dir,
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let vars: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let vars = vars.as_object().unwrap();
    let names: Vec<&str> = vars.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["SST_KEY", "SST_KEY_FILE", "SST_RESOURCE_App"],
        "no SST_RESOURCE_<Name>, as on Lambda"
    );
    assert_eq!(vars["SST_KEY_FILE"], "resource.enc");
    let key = resource_runtime::bundle::BundleKey::from_base64(vars["SST_KEY"].as_str().unwrap())
        .unwrap();
    let sealed = std::fs::read(format!("{dir}/resource.enc")).unwrap();
    let plain = resource_runtime::bundle::open(&key, &sealed, "resource.enc").unwrap();
    let links: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(
        links["MyBucket"]["name"],
        "my-app-dev-mybucketbucket-nxsdkxbm"
    );
    assert_eq!(links["ApiConfig"]["type"], "sst.sst.Linkable");
    assert!(links.get("App").is_none() && links.get("StripeKey").is_none());
}

/// A values file for `manifest` with every required property set: strings to
/// `<name>-<property>` (shaped as SST links them where a policy template reads them:
/// ARNs, URLs, a Dsql endpoint), integers to 5432; optional ones left out.
fn values_for(manifest: &resource_manifest::Manifest) -> String {
    let mut out = String::new();
    for r in &manifest.resources {
        out.push_str(&format!("[\"{}\"]\n", r.name));
        for p in r.properties.iter().filter(|p| !p.secret && !p.optional) {
            use resource_manifest::PropertyType as T;
            let value = match (&p.ty, p.name.as_str()) {
                (T::Integer, _) => "5432".to_owned(),
                (T::Number, _) => "1.5".to_owned(),
                (T::Boolean, _) => "true".to_owned(),
                (T::Json, _) => "{ any = 1 }".to_owned(),
                (T::List(_), name) => format!("[\"{}-{name}\"]", r.name),
                (_, "managementEndpoint") => {
                    "\"https://a1b2c3.execute-api.us-east-1.amazonaws.com/$default\"".to_owned()
                }
                (_, "endpoint") => format!("\"{}id.dsql.us-east-1.on.aws\"", r.name),
                (_, name) if name.ends_with("Arn") => format!(
                    "\"arn:aws:rds:us-east-1:123456789012:cluster:{}-{name}\"",
                    r.name
                ),
                (_, "cluster") => {
                    format!("\"arn:aws:ecs:us-east-1:123456789012:cluster/{}\"", r.name)
                }
                (_, "taskDefinition") => format!(
                    "\"arn:aws:ecs:us-east-1:123456789012:task-definition/{}:1\"",
                    r.name
                ),
                (_, "url") => format!(
                    "\"https://sqs.us-east-1.amazonaws.com/123456789012/{}-queue\"",
                    r.name
                ),
                (_, "arn") => format!(
                    "\"arn:aws:states:us-east-1:123456789012:stateMachine:{}\"",
                    r.name
                ),
                (_, name) => format!("\"{}-{name}\"", r.name),
            };
            out.push_str(&format!("{} = {value}\n", p.name));
        }
    }
    out
}

#[test]
fn policy_for_every_builtin_type_matches_the_golden_file() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let source = std::fs::read_to_string(format!("{root}/tests/fixtures/every-type.toml")).unwrap();
    let manifest = resource_manifest::parse_str("every-type.toml", &source).unwrap();
    let values = concat!(env!("CARGO_TARGET_TMPDIR"), "/every-type.values.toml");
    std::fs::write(values, values_for(&manifest)).unwrap();
    let out = run(&[
        "policy",
        "--manifest",
        "tests/fixtures/every-type.toml",
        "--values",
        values,
        "--region",
        "us-east-1",
        "--account",
        "123456789012",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    expect_test::expect_file!["golden/policy-every-type.json"].assert_eq(&text(&out.stdout));
}

#[test]
fn policy_names_what_it_lacks() {
    let out = run(&[
        "policy",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Api",
        "--region",
        "us-east-1",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains(
            "the account id is needed for the ARN of `MyTable` (examples/demo/links.toml:8): pass --account (or set AWS_ACCOUNT_ID)"
        ),
        "{}",
        text(&out.stderr)
    );
}

/// `--all` asks for the region and account once, for every function's resources
/// (it stopped at the first function, and named only that one's table).
#[test]
fn policy_all_asks_once_for_every_function() {
    let out = binary(&[
        "policy",
        "--manifest",
        "examples/handler/links.toml",
        "--all",
    ])
    .env_remove("AWS_REGION")
    .env_remove("AWS_DEFAULT_REGION")
    .env("AWS_ACCOUNT_ID", "")
    .output()
    .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: the region and the account id are needed for the ARNs of `MyTable`, `AuditLog` (examples/handler/links.toml:13, 22): pass --region (or set AWS_REGION or AWS_DEFAULT_REGION) and --account (or set AWS_ACCOUNT_ID)\n"
    );
}

/// A region or account id that is not one would be written into every ARN (a
/// policy granting nothing that exists): refused, both at once, naming where each
/// came from. An empty variable, as CI often leaves one, is unset.
#[test]
fn policy_refuses_a_region_or_account_that_is_not_one() {
    let policy = [
        "policy",
        "--manifest",
        "examples/handler/links.toml",
        "--all",
    ];
    let out = binary(&[&policy[..], &["--account", "12345"]].concat())
        .env("AWS_REGION", "eu west 1")
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "error: AWS_REGION is `eu west 1`, which is not a region such as `us-east-1`: set AWS_REGION to one, or pass --region (which outranks it)\n\
         error: --account is `12345`, which is not an account id, 12 digits such as `123456789012`: pass --account with one\n"
    );
    let out = binary(&[&policy[..], &["--account", "123456789012"]].concat())
        .env("AWS_REGION", "")
        .env("AWS_DEFAULT_REGION", "eu-west-1")
        .output()
        .expect("the binary runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("arn:aws:dynamodb:eu-west-1:123456789012:table/"));
    // The partition follows the region, and one that does not hold it is refused.
    let out = binary(
        &[
            &policy[..],
            &["--region", "cn-north-1", "--account", "123456789012"],
        ]
        .concat(),
    )
    .output()
    .expect("the binary runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("\"arn:aws-cn:dynamodb:cn-north-1:123456789012:table/"));
    let out = binary(
        &[
            &policy[..],
            &[
                "--region",
                "cn-north-1",
                "--account",
                "123456789012",
                "--partition",
                "aws",
            ],
        ]
        .concat(),
    )
    .output()
    .expect("the binary runs");
    assert_eq!(
        text(&out.stderr),
        "error: --partition is `aws`, but region `cn-north-1` is in `aws-cn`: leave --partition out, or pass --partition aws-cn\n"
    );
    let out = binary(&[&policy[..], &["--region", "", "--account", "123456789012"]].concat())
        .output()
        .expect("the binary runs");
    assert_eq!(
        text(&out.stderr),
        "error: --region is empty: pass it with a region such as `us-east-1`\n"
    );
}

#[test]
fn env_reads_secrets_from_ssts_own_local_store() {
    use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
    use aes_gcm::{Aes256Gcm, Nonce};
    use base64::Engine as _;
    // What `sst secret set StripeKey sk_from_sst --stage dev` leaves in SST's home.
    let home = concat!(env!("CARGO_TARGET_TMPDIR"), "/sst-home");
    let key = Aes256Gcm::generate_key(&mut OsRng);
    let nonce: Nonce<aes_gcm::aead::consts::U12> = Aes256Gcm::generate_nonce(&mut OsRng);
    let mut sealed = nonce.to_vec();
    sealed.extend(
        Aes256Gcm::new(&key)
            .encrypt(&nonce, br#"{"StripeKey":"sk_from_sst"}"#.as_slice())
            .unwrap(),
    );
    for (kind, bytes) in [
        (
            "passphrase",
            base64::engine::general_purpose::STANDARD
                .encode(key.as_slice())
                .into_bytes(),
        ),
        ("secret", sealed),
    ] {
        let dir = format!("{home}/state/{kind}/my-app");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/dev.json"), bytes).unwrap();
    }
    let out = binary(&[
        "env",
        "--manifest",
        "examples/demo/links.toml",
        "--function",
        "Api",
        "--format",
        "json",
    ])
    .env("SST_HOME", home)
    .env_remove("SST_SECRET_StripeKey")
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let vars: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(vars["STRIPE_API_KEY"], "sk_from_sst");
}

/// SST's three include shapes and a Task (`examples/includes`): `policy` writes the
/// `Deny` and the `Condition`, `env` (and `--bundle`, which keeps plain variables in
/// the environment) writes the `environment` includes filled from the links.
#[test]
fn includes_reach_check_policy_and_env() {
    let manifest = "examples/includes/links.toml";
    let out = run(&["check", "--manifest", manifest]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "examples/includes/links.toml: 4 resources, 2 functions: ok\n"
    );

    let out = run(&[
        "policy",
        "--manifest",
        manifest,
        "--function",
        "Api",
        "--region",
        "eu-west-1",
        "--account",
        "123456789012",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let policy: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let statements = policy["Statement"].as_array().unwrap();
    let deny: Vec<_> = statements
        .iter()
        .filter(|s| s["Effect"] == "Deny")
        .collect();
    assert_eq!(
        deny,
        [
            &serde_json::json!({"Effect": "Deny", "Action": ["s3:DeleteObject"], "Resource": ["arn:aws:s3:::jobs-dev-mediabucket-bzcr/*"]})
        ]
    );
    let conditional: Vec<_> = statements
        .iter()
        .filter(|s| s.get("Condition").is_some())
        .collect();
    assert_eq!(
        conditional,
        [
            &serde_json::json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::jobs-dev-mediabucket-bzcr/*"], "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["media"]}}})
        ]
    );
    assert!(
        statements
            .iter()
            .any(|s| s["Action"] == serde_json::json!(["ecs:*"])
                && s["Resource"][1]
                    == "arn:aws:ecs:eu-west-1:123456789012:task/jobs-dev-ClusterCluster-kxbm/*")
    );

    let out = run(&[
        "env",
        "--manifest",
        manifest,
        "--function",
        "Api",
        "--format",
        "json",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let vars: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(vars["OPENAUTH_ISSUER"], "https://auth.example.com");
    assert_eq!(vars["MEDIA_BUCKET"], "jobs-dev-mediabucket-bzcr");
    assert_eq!(vars["MEDIA_REGION"], "eu-west-1");

    // Web links only the issuer: it gets OPENAUTH_ISSUER and not the media variables.
    let out = run(&[
        "env",
        "--manifest",
        manifest,
        "--function",
        "Web",
        "--format",
        "json",
    ]);
    let vars: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(vars["OPENAUTH_ISSUER"], "https://auth.example.com");
    assert!(vars.get("MEDIA_BUCKET").is_none());

    // As SST runs a Lambda: links in the bundle, environment includes as variables.
    let dir = concat!(env!("CARGO_TARGET_TMPDIR"), "/includes-bundle");
    let out = run(&[
        "env",
        "--manifest",
        manifest,
        "--function",
        "Api",
        "--format",
        "json",
        "--bundle",
        dir,
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let vars: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(vars["OPENAUTH_ISSUER"], "https://auth.example.com");
    assert!(vars.get("SST_RESOURCE_Media").is_none());
}

/// `""` (SST #4265) and any other resource that is neither `*` nor an ARN fail a
/// deploy with MalformedPolicyDocument: `check` refuses the template with its line,
/// `policy` refuses a filled value that is not an ARN.
#[test]
fn policy_resources_must_be_arns() {
    let dir = concat!(env!("CARGO_TARGET_TMPDIR"), "/policy-arns");
    std::fs::create_dir_all(dir).unwrap();
    let empty = format!("{dir}/empty.toml");
    std::fs::write(
        &empty,
        "[resources.Assets]\ntype = \"sst.Linkable\"\nproperties = {}\ninclude = [{ actions = [\"s3:GetObject\"], resources = [\"\"] }]\n",
    )
    .unwrap();
    for command in ["check", "policy"] {
        let out = run(&[command, "--manifest", &empty]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let err = text(&out.stderr);
        assert!(
            err.contains("`` is not a policy resource: AWS accepts only `*` or an ARN")
                && err.contains("empty.toml:4:"),
            "{command}: {err}"
        );
    }
    let filled = format!("{dir}/filled.toml");
    std::fs::write(
        &filled,
        "[resources.Assets]\ntype = \"sst.Linkable\"\nproperties = { bucket = \"string\" }\ninclude = [{ actions = [\"s3:GetObject\"], resources = [\"{bucket}\"] }]\n",
    )
    .unwrap();
    let values = format!("{dir}/filled.values.toml");
    std::fs::write(&values, "[Assets]\nbucket = \"my-bucket\"\n").unwrap();
    let out = run(&["policy", "--manifest", &filled, "--values", &values]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {filled}:1: `Assets`: `my-bucket` is neither `*` nor an ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`), and AWS rejects the policy (in `{{bucket}}`)\n"
        )
    );
}
