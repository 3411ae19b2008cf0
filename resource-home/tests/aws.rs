//! `AwsHome` against a real S3 and SSM API: moto in server mode, which
//! `scripts/test-aws.sh` starts and names in `AWS_ENDPOINT_URL`. With no endpoint the
//! tests say so and do nothing, except under `CI=true`, where that is a failure. They
//! refuse any endpoint that is not on this machine: they create buckets and overwrite
//! `/sst/bootstrap`.
#![cfg(feature = "aws")]

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{ProvideCredentials, future};
use resource_home::aws::{AwsHome, aws_config};
use resource_home::secrets::{FALLBACK, Scope};
use resource_home::{Document, Home, HomeError, SecretStore, seal, state};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// The state bucket our `/sst/bootstrap` names, as SST's bootstrap makes one.
const BUCKET: &str = "sst-state-resourcehometest";
/// The region the tests bootstrap; the script sets AWS_REGION to it.
const REGION: &str = "us-east-1";

/// Test-side clients for what SST itself would do (bootstrap, raw reads and writes).
struct Sdk {
    runtime: tokio::runtime::Runtime,
    s3: aws_sdk_s3::Client,
    ssm: aws_sdk_ssm::Client,
}

/// The local endpoint, or `None` (and a note) when there is none and CI is not set.
fn endpoint() -> Option<String> {
    match std::env::var("AWS_ENDPOINT_URL") {
        Ok(url) if !url.is_empty() => {
            let local = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
            assert!(
                local.iter().any(|p| url.starts_with(p)),
                "AWS_ENDPOINT_URL={url} is not on this machine: these tests create buckets and overwrite /sst/bootstrap, so they run against moto only (scripts/test-aws.sh)"
            );
            Some(url)
        }
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but AWS_ENDPOINT_URL is not set: run these tests with scripts/test-aws.sh, which starts moto"
            );
            eprintln!(
                "skipped: AWS_ENDPOINT_URL is not set (scripts/test-aws.sh starts moto and sets it)"
            );
            None
        }
    }
}

/// The clients, with SST's bootstrap in place: the state bucket and `/sst/bootstrap`.
fn sdk() -> Option<&'static Sdk> {
    static SDK: OnceLock<Sdk> = OnceLock::new();
    endpoint()?;
    Some(SDK.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let config = runtime.block_on(
            aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new(REGION))
                .load(),
        );
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(true)
                .build(),
        );
        let ssm = aws_sdk_ssm::Client::new(&config);
        runtime.block_on(async {
            if let Err(e) = s3.create_bucket().bucket(BUCKET).send().await {
                let code = e.as_service_error().and_then(|s| {
                    aws_sdk_s3::error::ProvideErrorMetadata::code(s).map(str::to_owned)
                });
                assert!(
                    matches!(
                        code.as_deref(),
                        Some("BucketAlreadyOwnedByYou" | "BucketAlreadyExists")
                    ),
                    "create the state bucket: {}",
                    aws_sdk_s3::error::DisplayErrorContext(&e)
                );
            }
            // SST's bootstrap data (version 4: every step it has today).
            let bootstrap = serde_json::json!({
                "version": 4, "asset": "sst-asset-resourcehometest",
                "assetEcrRegistryId": "", "assetEcrUrl": "", "state": BUCKET,
                "appsyncHttp": "", "appsyncRealtime": "",
            });
            ssm.put_parameter()
                .name("/sst/bootstrap")
                .r#type(aws_sdk_ssm::types::ParameterType::String)
                .value(bootstrap.to_string())
                .overwrite(true)
                .send()
                .await
                .expect("put /sst/bootstrap");
        });
        Sdk { runtime, s3, ssm }
    }))
}

impl Sdk {
    /// The object's bytes as stored (no gunzip), `None` when absent.
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.runtime.block_on(async {
            match self.s3.get_object().bucket(BUCKET).key(key).send().await {
                Ok(o) => Some(o.body.collect().await.unwrap().into_bytes().to_vec()),
                Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => None,
                Err(e) => panic!("{}", aws_sdk_s3::error::DisplayErrorContext(&e)),
            }
        })
    }

    fn put(&self, key: &str, bytes: Vec<u8>, encoding: Option<&str>) {
        self.runtime.block_on(async {
            self.s3
                .put_object()
                .bucket(BUCKET)
                .key(key)
                .set_content_encoding(encoding.map(str::to_owned))
                .body(bytes.into())
                .send()
                .await
                .unwrap();
        });
    }

    /// Replaces a SecureString's value, as `aws ssm put-parameter --overwrite` would.
    fn overwrite_parameter(&self, name: &str, value: &str) {
        self.runtime
            .block_on(
                self.ssm
                    .put_parameter()
                    .name(name)
                    .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
                    .value(value)
                    .overwrite(true)
                    .send(),
            )
            .unwrap();
    }

    /// The parameter's type and decrypted value.
    fn parameter(&self, name: &str) -> (String, String, Option<String>) {
        let p = self
            .runtime
            .block_on(
                self.ssm
                    .get_parameter()
                    .name(name)
                    .with_decryption(true)
                    .send(),
            )
            .unwrap()
            .parameter
            .unwrap();
        let described = self
            .runtime
            .block_on(
                self.ssm
                    .describe_parameters()
                    .parameter_filters(
                        aws_sdk_ssm::types::ParameterStringFilter::builder()
                            .key("Name")
                            .values(name)
                            .build()
                            .unwrap(),
                    )
                    .send(),
            )
            .unwrap();
        let description = described
            .parameters()
            .first()
            .and_then(|m| m.description().map(str::to_owned));
        (
            p.r#type.unwrap().as_str().to_owned(),
            p.value.unwrap(),
            description,
        )
    }
}

/// An app name no other test (or earlier run against the same server) uses.
fn app(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{name}-{}-{nanos}", std::process::id())
}

fn z(s: &str) -> Zeroizing<String> {
    Zeroizing::new(s.to_owned())
}

fn home() -> AwsHome {
    AwsHome::from_env().unwrap()
}

#[test]
fn secrets_round_trip_in_sst_format() {
    let Some(sdk) = sdk() else { return };
    let home = home();
    assert_eq!(home.bucket(), BUCKET);
    let app = app("shop");
    let doc = Document {
        key: "secret",
        app: &app,
        stage: "dev",
    };
    assert_eq!(
        home.location(doc),
        format!("s3://{BUCKET}/secret/{app}/dev.json")
    );
    assert_eq!(
        home.passphrase_location(&app, "dev"),
        format!("ssm:/sst/passphrase/{app}/dev")
    );
    assert!(home.read(doc).unwrap().is_none());
    assert!(home.passphrase(&app, "dev").unwrap().is_none());

    let store = SecretStore::new(&home, app.as_str());
    assert!(store.stage("dev").unwrap().is_empty());
    store
        .set("dev", vec![("StripeKey".into(), z("sk_dev"))])
        .unwrap();
    store
        .set(
            FALLBACK,
            vec![("StripeKey".into(), z("sk_fb")), ("Other".into(), z("o"))],
        )
        .unwrap();
    let r = store.resolved("dev").unwrap();
    assert_eq!(
        (r["StripeKey"].0.as_str(), r["StripeKey"].1),
        ("sk_dev", Scope::Stage)
    );
    assert_eq!(
        (r["Other"].0.as_str(), r["Other"].1),
        ("o", Scope::Fallback)
    );
    assert_eq!(
        store.resolved("prod").unwrap()["StripeKey"].0.as_str(),
        "sk_fb"
    );
    assert!(store.remove("dev", "StripeKey").unwrap());
    assert!(!store.remove("dev", "StripeKey").unwrap());
    assert_eq!(
        store.resolved("dev").unwrap()["StripeKey"].0.as_str(),
        "sk_fb"
    );

    // What SST's getData opens: the object is the nonce-prefixed AES-GCM of a compact
    // JSON map, under the SecureString at /sst/passphrase/<app>/<stage>.
    let (kind, pass, description) = sdk.parameter(&format!("/sst/passphrase/{app}/_fallback"));
    assert_eq!(kind, "SecureString");
    assert!(description.is_some_and(|d| d.contains("passphrase")));
    let sealed = sdk.get(&format!("secret/{app}/_fallback.json")).unwrap();
    let plain = seal::open(&sealed, &pass, "f", "p").unwrap();
    assert_eq!(&plain[..], br#"{"Other":"o","StripeKey":"sk_fb"}"#);
    let plain = seal::open(
        &sdk.get(&format!("secret/{app}/dev.json")).unwrap(),
        &home.passphrase(&app, "dev").unwrap().unwrap(),
        "f",
        "p",
    )
    .unwrap();
    assert_eq!(&plain[..], b"{}");
}

#[test]
fn the_first_passphrase_wins() {
    let Some(sdk) = sdk() else { return };
    let home = home();
    let app = app("pass");
    let first = home.create_passphrase(&app, "dev", z("first")).unwrap();
    let second = AwsHome::from_env()
        .unwrap()
        .create_passphrase(&app, "dev", z("second"))
        .unwrap();
    assert_eq!((first.as_str(), second.as_str()), ("first", "first"));
    assert_eq!(
        sdk.parameter(&format!("/sst/passphrase/{app}/dev")).1,
        "first"
    );
}

/// The conditional write, made to fail once: another writer changes the object
/// between this update's read and its write, so the write is refused, re-read, and
/// `change` runs again on the other writer's bytes. Both paths: the object absent
/// (`If-None-Match: *`) and present (`If-Match`).
#[test]
fn a_write_raced_by_another_is_retried_on_its_result() {
    let Some(_) = sdk() else { return };
    let (home, other) = (home(), home());
    let app = app("race");
    let doc = Document {
        key: "app",
        app: &app,
        stage: "dev",
    };
    for (before, theirs, ours) in [
        (None, "theirs-1", "ours-1"),
        (Some("ours-1"), "theirs-2", "ours-2"),
    ] {
        let mut seen = Vec::new();
        home.update(doc, &mut |current| {
            let current = current.map(|b| String::from_utf8(b.to_vec()).unwrap());
            if seen.is_empty() {
                assert_eq!(current.as_deref(), before);
                other
                    .update(doc, &mut |_| Ok(Some(theirs.as_bytes().to_vec())))
                    .unwrap();
            }
            seen.push(current.clone());
            Ok(Some(
                format!("{}+{ours}", current.unwrap_or_default()).into_bytes(),
            ))
        })
        .unwrap();
        assert_eq!(seen.len(), 2, "{seen:?}");
        assert_eq!(seen[1].as_deref(), Some(theirs));
        assert_eq!(
            home.read(doc).unwrap().unwrap(),
            format!("{theirs}+{ours}").into_bytes()
        );
        // The next round starts from "ours-1" as the object's whole text.
        home.update(doc, &mut |_| Ok(Some(ours.as_bytes().to_vec())))
            .unwrap();
    }
}

#[test]
fn concurrent_writers_lose_nothing() {
    let Some(_) = sdk() else { return };
    let app = app("many");
    let seed = home();
    SecretStore::new(&seed, app.as_str())
        .set("dev", vec![("Seed".into(), z("0"))])
        .unwrap();
    const WRITERS: usize = 32;
    let attempts = AtomicUsize::new(0);
    let homes: Vec<AwsHome> = (0..WRITERS).map(|_| home()).collect();
    let shared = home();
    let start = Instant::now();
    std::thread::scope(|s| {
        for (i, own) in homes.iter().enumerate() {
            // Half with their own client (like separate processes), half sharing one.
            let home: &AwsHome = if i % 2 == 0 { own } else { &shared };
            let (app, attempts) = (&app, &attempts);
            s.spawn(move || {
                SecretStore::new(home, app.as_str())
                    .modify("dev", |secrets| {
                        attempts.fetch_add(1, Ordering::Relaxed);
                        secrets.insert(
                            format!("Name{i}"),
                            resource_home::secrets::SecretValue::new(z(&format!("value-{i}"))),
                        );
                    })
                    .unwrap();
            });
        }
    });
    let attempts = attempts.into_inner();
    eprintln!(
        "{WRITERS} writers: {attempts} attempts, {} conflicts retried, {:?}",
        attempts - WRITERS,
        start.elapsed()
    );
    let secrets = SecretStore::new(&seed, app.as_str()).stage("dev").unwrap();
    assert_eq!(secrets.len(), WRITERS + 1);
    for i in 0..WRITERS {
        assert_eq!(secrets[&format!("Name{i}")].as_str(), format!("value-{i}"));
    }
}

#[test]
fn a_modified_object_fails_authentication_and_is_kept() {
    let Some(sdk) = sdk() else { return };
    let home = home();
    let app = app("tamper");
    let store = SecretStore::new(&home, app.as_str());
    store
        .set("dev", vec![("StripeKey".into(), z("sk_canary_value"))])
        .unwrap();
    let key = format!("secret/{app}/dev.json");
    let mut bytes = sdk.get(&key).unwrap();
    bytes[14] ^= 0x40;
    sdk.put(&key, bytes.clone(), None);
    let err = store
        .set("dev", vec![("Other".into(), z("x"))])
        .unwrap_err();
    assert!(matches!(err, HomeError::Authentication { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "s3://{BUCKET}/{key}: authentication failed: the passphrase (ssm:/sst/passphrase/{app}/dev)"
        )),
        "{text}"
    );
    assert!(!text.contains("sk_canary"), "{text}");
    assert_eq!(sdk.get(&key).unwrap(), bytes, "nothing overwritten");
}

/// The stage's parameter replaced by another passphrase (deleted and made again):
/// its data no longer opens, and nothing is written over it.
#[test]
fn a_wrong_passphrase_is_refused() {
    let Some(sdk) = sdk() else { return };
    let home = home();
    let app = app("wrong");
    let store = SecretStore::new(&home, app.as_str());
    store
        .set("dev", vec![("StripeKey".into(), z("sk_canary_value"))])
        .unwrap();
    let key = format!("secret/{app}/dev.json");
    let before = sdk.get(&key).unwrap();
    sdk.overwrite_parameter(
        &format!("/sst/passphrase/{app}/dev"),
        &seal::new_passphrase(),
    );
    let location = format!("ssm:/sst/passphrase/{app}/dev");
    for err in [
        store.stage("dev").unwrap_err(),
        store
            .set("dev", vec![("Other".into(), z("x"))])
            .unwrap_err(),
    ] {
        assert!(matches!(err, HomeError::Authentication { .. }), "{err}");
        let text = err.to_string();
        assert!(
            text.contains(&format!(
                "authentication failed: the passphrase ({location})"
            )),
            "{text}"
        );
        assert!(!text.contains("sk_canary"), "{text}");
    }
    assert_eq!(sdk.get(&key).unwrap(), before, "nothing overwritten");
}

/// SST with `state: { compress: true }` gzips each object; both it and we open either.
#[test]
fn gzipped_objects_are_read_and_stay_gzipped() {
    let Some(sdk) = sdk() else { return };
    let home = home();
    let app = app("gzip");
    let pass = home
        .create_passphrase(&app, "dev", seal::new_passphrase())
        .unwrap();
    let sealed = seal::seal(br#"{"A":"1"}"#, &pass, "p").unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &sealed).unwrap();
    let key = format!("secret/{app}/dev.json");
    sdk.put(&key, gz.finish().unwrap(), Some("gzip"));
    let store = SecretStore::new(&home, app.as_str());
    assert_eq!(store.stage("dev").unwrap()["A"].as_str(), "1");
    store.set("dev", vec![("B".into(), z("2"))]).unwrap();
    let stored = sdk.get(&key).unwrap();
    assert_eq!(stored[..2], [0x1f, 0x8b], "still gzip");
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&stored[..]), &mut plain).unwrap();
    assert_eq!(
        &seal::open(&plain, &pass, "f", "p").unwrap()[..],
        br#"{"A":"1","B":"2"}"#
    );
}

#[test]
fn deployed_links_come_from_the_state_bucket() {
    let Some(sdk) = sdk() else { return };
    let home = home();
    let app = app("state");
    let pass = home
        .create_passphrase(&app, "dev", seal::new_passphrase())
        .unwrap();
    let links: Map<String, Value> = serde_json::from_value(serde_json::json!({
        "MyBucket": {"name": "shop-dev-mybucket-abc", "type": "sst.aws.Bucket"},
        "StripeKey": {"value": "sk_canary_123", "type": "sst.sst.Secret"},
    }))
    .unwrap();
    let checkpoint = state::fixture::checkpoint(&app, "dev", &pass, &links, &["value"]);
    sdk.put(
        &format!("app/{app}/dev.json"),
        checkpoint.to_string().into_bytes(),
        None,
    );
    let got = state::deployed_links(&home, &app, "dev", None, true).unwrap();
    assert_eq!(
        Value::Object(got.into_iter().collect()),
        Value::Object(links)
    );
    let err = state::deployed_links(&home, &app, "prod", None, true)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!("s3://{BUCKET}/app/{app}/prod.json: "))
            && err.contains("sst deploy --stage prod"),
        "{err}"
    );
    // What the bucket holds instead: the app's stages, as SST's listStages lists
    // them, else the apps.
    assert!(
        err.contains(&format!("(`{app}` has state for stage `dev`)")),
        "{err}"
    );
    sdk.put(&format!("app/{app}/pr-7.json"), b"{}".to_vec(), None);
    sdk.put(&format!("app/{app}-other/dev.json"), b"{}".to_vec(), None);
    assert_eq!(home.list("app", Some(&app)).unwrap(), ["dev", "pr-7"]);
    assert_eq!(
        home.list_location("app", Some(&app)),
        format!("s3://{BUCKET}/app/{app}/")
    );
    // SST lists a stage only while its checkpoint has resources (`hasResources`).
    assert!(state::has_resources(&home, &app, "dev"));
    assert!(!state::has_resources(&home, &app, "pr-7"));
    let apps = home.list("app", None).unwrap();
    assert!(
        apps.contains(&app) && apps.contains(&format!("{app}-other")),
        "{apps:?}"
    );
    let err = state::deployed_links(&home, &format!("{app}-x"), "dev", None, true)
        .unwrap_err()
        .to_string();
    assert!(err.contains("this home has no state for an app"), "{err}");
}

/// What `import --deployed` and `check --deployed` read, from a checkpoint SST wrote
/// gzipped (`state: { compress: true }`, SST #6576): a stage run with `sst dev` has a
/// Function's `_live`, a DevCommand's `_dev` and the bundle key.
#[test]
fn per_function_records_come_from_a_gzipped_checkpoint() {
    let Some(sdk) = sdk() else { return };
    let home = home();
    let app = app("records");
    let pass = home
        .create_passphrase(&app, "dev", seal::new_passphrase())
        .unwrap();
    let w = state::fixture::Writer::new(&pass);
    let checkpoint = w.checkpoint(
        &app,
        "dev",
        vec![
            w.link_ref("dev", &app, "Media", &serde_json::json!({"name": "m", "type": "sst.aws.Bucket"}), &[], serde_json::json!([])),
            w.component("dev", &app, &[], "sst:aws:Function", "Api", serde_json::json!({"_live": {"functionID": "Api", "links": ["Media"], "runtime": "rust"}})),
            w.component("dev", &app, &[], "sst:sst:DevCommand", "Studio", serde_json::json!({"_dev": {"links": ["Media"], "environment": {"T": w.secret(&serde_json::json!("tok"))}}})),
            w.lambda_key("dev", &app, "a2V5"),
        ],
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, checkpoint.to_string().as_bytes()).unwrap();
    sdk.put(
        &format!("app/{app}/dev.json"),
        gz.finish().unwrap(),
        Some("gzip"),
    );
    let got = state::checkpoint(&home, &app, "dev", None, true).unwrap();
    assert_eq!(got.links["Media"]["name"], "m");
    let records: Vec<(&str, &str)> = got
        .records
        .iter()
        .map(|r| (r.name.as_str(), r.output))
        .collect();
    assert_eq!(records, [("Api", "_live"), ("Studio", "_dev")]);
    assert_eq!(got.records[1].record["environment"]["T"], "tok");
    assert_eq!(got.bundle_key.as_deref().map(String::as_str), Some("a2V5"));
}

#[test]
fn a_region_sst_has_not_bootstrapped_is_explained() {
    let Some(_) = sdk() else { return };
    let loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("eu-west-3"));
    let err = AwsHome::from_loader(loader).unwrap_err().to_string();
    assert!(
        err.starts_with("ssm GetParameter /sst/bootstrap (region eu-west-3) failed: SST is not bootstrapped in region eu-west-3")
            && err.contains("sst deploy")
            && err.contains("AWS_REGION")
            && err.contains("AWS_PROFILE"),
        "{err}"
    );
}

/// A bootstrap naming a bucket that is gone: the service's error, and the fix.
#[test]
fn a_missing_state_bucket_is_explained() {
    let Some(sdk) = sdk() else { return };
    let region = "eu-west-2";
    sdk.runtime.block_on(async {
        let config = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region))
            .load()
            .await;
        aws_sdk_ssm::Client::new(&config)
            .put_parameter()
            .name("/sst/bootstrap")
            .r#type(aws_sdk_ssm::types::ParameterType::String)
            .value(r#"{"version":4,"state":"sst-state-gone"}"#)
            .overwrite(true)
            .send()
            .await
            .unwrap();
    });
    let home = AwsHome::from_loader(
        aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region)),
    )
    .unwrap();
    let err = SecretStore::new(&home, "shop")
        .stage("dev")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "s3 GetObject s3://sst-state-gone/secret/shop/dev.json failed: NoSuchBucket (HTTP 404)"
        ) && err.contains("help: the bucket /sst/bootstrap names is gone"),
        "{err}"
    );
}

#[derive(Debug)]
struct NoCredentials;

impl ProvideCredentials for NoCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::ready(Err(CredentialsError::not_loaded(
            "no provider in this test's chain had any",
        )))
    }
}

#[test]
fn missing_credentials_are_explained() {
    let Some(_) = sdk() else { return };
    let loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .credentials_provider(NoCredentials);
    let err = AwsHome::from_loader(loader).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "ssm GetParameter /sst/bootstrap (region us-east-1) failed: no usable AWS credentials"
        ) && err.contains("AWS_PROFILE")
            && err.contains("aws sso login"),
        "{err}"
    );
}

/// Needs no server: nothing listens on port 1.
#[test]
fn an_unreachable_endpoint_fails_quickly_and_says_so() {
    let loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(REGION))
        .endpoint_url("http://127.0.0.1:1")
        .test_credentials()
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(1))
        .timeout_config(
            aws_config::timeout::TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(2))
                .operation_timeout(Duration::from_secs(5))
                .build(),
        );
    let start = Instant::now();
    let err = AwsHome::from_loader(loader).unwrap_err().to_string();
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    assert!(
        err.starts_with("ssm GetParameter /sst/bootstrap (region us-east-1) failed: cannot reach http://127.0.0.1:1 (region us-east-1)")
            && err.contains("AWS_ENDPOINT_URL"),
        "{err}"
    );
}
