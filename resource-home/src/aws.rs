//! SST's AWS home (`home: "aws"`), as `pkg/project/provider/aws.go` in
//! `github:anomalyco/sst` defines it: the SSM parameter `/sst/bootstrap` (a plain
//! String holding JSON) names the state bucket in its `state` field; each document is
//! the S3 object `<key>/<app>/<stage>.json` in that bucket, gzipped when the app sets
//! `state.compress` (SST opens either: it looks for gzip's magic bytes); each stage's
//! passphrase is the SSM SecureString `/sst/passphrase/<app>/<stage>`, created with
//! no overwrite. This module reads SST's bootstrap but never runs it: a region SST has
//! not bootstrapped is an error saying so.
//!
//! Unlike SST's `putData`, an update here cannot lose a concurrent one: the object is
//! replaced with an S3 conditional write (`If-Match` the ETag it was read at, or
//! `If-None-Match: *` when it was absent), and a refused write is re-read and retried
//! with jittered backoff. A PutObject is atomic, so nothing is ever stored half.
//!
//! Messages name the bucket, key or parameter and the fix; they never hold a value, a
//! secret or a passphrase: no request input is ever formatted (the SDK redacts a
//! `PutParameterInput`'s value in `Debug` today; this does not rely on it).

use std::error::Error as StdError;
use std::hash::{BuildHasher, Hasher};
use std::io::{Read, Write};
use std::time::Duration;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::primitives::ByteStream;
use zeroize::Zeroizing;

use crate::{Change, Document, Home, HomeError};

pub use aws_config;

/// SST's bootstrap parameter (`SSM_NAME_BOOTSTRAP` in SST's `provider.go`).
pub const BOOTSTRAP_PARAMETER: &str = "/sst/bootstrap";

/// How many times `update` reads and writes before it reports a conflict.
const MAX_ATTEMPTS: u32 = 20;

/// SST's default when no region is configured (as SST's `AwsProvider.Init`).
const DEFAULT_REGION: &str = "us-east-1";

/// The description our passphrase parameters carry, so nobody deletes one lightly.
const PASSPHRASE_DESCRIPTION: &str = "SST stage passphrase: it seals the stage's secrets and state; deleting it makes them unreadable";

/// SST's AWS home in one account and region: the state bucket named by its bootstrap,
/// the passphrases in SSM. The trait's methods block on a tokio runtime this value
/// owns, so call them outside any async runtime.
pub struct AwsHome {
    runtime: tokio::runtime::Runtime,
    s3: aws_sdk_s3::Client,
    ssm: aws_sdk_ssm::Client,
    region: String,
    bucket: String,
    /// Where requests go, for messages: the endpoint URL, or `AWS`.
    endpoint: String,
}

impl std::fmt::Debug for AwsHome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsHome")
            .field("region", &self.region)
            .field("bucket", &self.bucket)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl AwsHome {
    /// The home SST itself would use: aws-config's default chain (credentials from the
    /// environment, `AWS_PROFILE` and its SSO or process settings, web identity,
    /// container or instance roles; region from `AWS_REGION`/the profile, else
    /// `us-east-1` as SST; `AWS_ENDPOINT_URL` honoured), and the state bucket from
    /// `/sst/bootstrap` in that region, read now so a missing bootstrap or missing
    /// credentials fail here.
    pub fn from_env() -> Result<Self, HomeError> {
        Self::from_loader(aws_config::defaults(aws_config::BehaviorVersion::latest()))
    }

    /// As [`AwsHome::from_env`], with the configuration `loader` makes (another
    /// profile, region, endpoint, credentials, timeouts or retries):
    ///
    /// ```no_run
    /// use resource_home::aws::{AwsHome, aws_config};
    /// let loader = aws_config::defaults(aws_config::BehaviorVersion::latest()).region(aws_config::Region::new("eu-west-1"));
    /// let home = AwsHome::from_loader(loader)?;
    /// # Ok::<(), resource_home::HomeError>(())
    /// ```
    pub fn from_loader(loader: aws_config::ConfigLoader) -> Result<Self, HomeError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| HomeError::Remote {
                operation: "start the AWS client's runtime".into(),
                message: e.to_string(),
            })?;
        let mut config = runtime.block_on(loader.load());
        if config.region().is_none() {
            config = config
                .into_builder()
                .region(aws_config::Region::new(DEFAULT_REGION))
                .build();
        }
        let region = config
            .region()
            .map_or(DEFAULT_REGION, |r| r.as_ref())
            .to_owned();
        // A custom endpoint (moto, MinIO, LocalStack) rarely serves virtual-hosted
        // bucket names; AWS itself serves both.
        let custom_s3 = config.endpoint_url().is_some()
            || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some_and(|v| !v.is_empty());
        let endpoint = config.endpoint_url().unwrap_or("AWS").to_owned();
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&config)
                .force_path_style(custom_s3)
                .build(),
        );
        let ssm = aws_sdk_ssm::Client::new(&config);
        let mut home = AwsHome {
            runtime,
            s3,
            ssm,
            region,
            bucket: String::new(),
            endpoint,
        };
        home.bucket = home.read_bootstrap()?;
        Ok(home)
    }

    /// The state bucket, as `/sst/bootstrap` names it.
    pub fn bucket(&self) -> &str {
        &self.bucket
    }

    /// The region this home is in.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The object key of `doc`, as SST's `pathForData`: `<key>/<app>/<stage>.json`.
    pub fn key(doc: Document<'_>) -> String {
        format!("{}/{}/{}.json", doc.key, doc.app, doc.stage)
    }

    /// The SSM parameter of a stage's passphrase, as SST's `pathForPassphrase`.
    pub fn passphrase_parameter(app: &str, stage: &str) -> String {
        format!("/sst/passphrase/{app}/{stage}")
    }

    /// The bucket named by SST's bootstrap parameter in this region.
    fn read_bootstrap(&self) -> Result<String, HomeError> {
        let operation = format!(
            "ssm GetParameter {BOOTSTRAP_PARAMETER} (region {})",
            self.region
        );
        let not_bootstrapped = |what: &str| HomeError::Remote {
            operation: operation.clone(),
            message: format!(
                "SST is not bootstrapped in region {}: {what}\nhelp: run `sst deploy` once with `home: \"aws\"` in this account and region, or check that AWS_REGION and AWS_PROFILE name the account and region of your app",
                self.region
            ),
        };
        let result = self.runtime.block_on(
            self.ssm
                .get_parameter()
                .name(BOOTSTRAP_PARAMETER)
                .with_decryption(false)
                .send(),
        );
        let output = match result {
            Ok(output) => output,
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_parameter_not_found()) =>
            {
                return Err(not_bootstrapped(&format!(
                    "there is no {BOOTSTRAP_PARAMETER} parameter"
                )));
            }
            Err(e) => return Err(self.remote(operation.clone(), &e, Sensitive::No)),
        };
        let text = output.parameter.and_then(|p| p.value).unwrap_or_default();
        let data: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            HomeError::format(
                format!("ssm:{BOOTSTRAP_PARAMETER}"),
                "SST's bootstrap JSON",
                &e,
            )
        })?;
        // SST's bootstrap steps are versioned; the state bucket comes from the first,
        // so any bootstrap that ran names it, whatever later steps it lacks.
        match data.get("state").and_then(serde_json::Value::as_str) {
            Some(bucket) if !bucket.is_empty() => Ok(bucket.to_owned()),
            _ => Err(not_bootstrapped(&format!(
                "{BOOTSTRAP_PARAMETER} names no state bucket (bootstrap version {})",
                data.get("version").unwrap_or(&serde_json::Value::Null)
            ))),
        }
    }

    fn s3_location(&self, key: &str) -> String {
        format!("s3://{}/{key}", self.bucket)
    }

    /// The stored object at `key` (un-gzipped) and its ETag, `None` when absent.
    fn get(&self, key: &str) -> Result<Option<Stored>, HomeError> {
        let operation = || format!("s3 GetObject {}", self.s3_location(key));
        let result = self.runtime.block_on(async {
            let output = self
                .s3
                .get_object()
                .bucket(&self.bucket)
                .key(key)
                .send()
                .await
                .map_err(Fetch::Sdk)?;
            let etag = output.e_tag.clone();
            let bytes = output.body.collect().await.map_err(Fetch::Body)?;
            Ok((etag, bytes.into_bytes().to_vec()))
        });
        let (etag, bytes) = match result {
            Ok(got) => got,
            Err(Fetch::Sdk(e)) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => {
                return Ok(None);
            }
            Err(Fetch::Sdk(e)) => return Err(self.remote(operation(), &e, Sensitive::No)),
            Err(Fetch::Body(e)) => {
                return Err(HomeError::Remote {
                    operation: operation(),
                    message: format!("reading the object failed: {}", chain(&e)),
                });
            }
        };
        let etag = etag.ok_or_else(|| HomeError::Remote {
            operation: operation(),
            message:
                "the response has no ETag, so no write can be made conditional; nothing was changed"
                    .into(),
        })?;
        let (bytes, gzipped) = gunzip(bytes);
        Ok(Some(Stored {
            bytes,
            etag,
            gzipped,
        }))
    }

    /// Stores `body` at `key` if the object is still as it was read (`etag`, or
    /// absent); `Ok(false)` when another writer got there first.
    fn put_if(
        &self,
        key: &str,
        body: Vec<u8>,
        gzipped: bool,
        etag: Option<&str>,
    ) -> Result<bool, HomeError> {
        let mut request = self
            .s3
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type("application/json")
            .body(ByteStream::from(body));
        if gzipped {
            request = request.content_encoding("gzip");
        }
        request = match etag {
            Some(etag) => request.if_match(etag),
            None => request.if_none_match("*"),
        };
        match self.runtime.block_on(request.send()) {
            Ok(_) => Ok(true),
            Err(e) => {
                let status = e.raw_response().map(|r| r.status().as_u16());
                let code = e.code();
                // 412: the object changed; 409: a concurrent conditional write; and
                // S3 answers `If-Match` on an object deleted meanwhile with NoSuchKey.
                let conflict = matches!(status, Some(412 | 409))
                    || matches!(
                        code,
                        Some("PreconditionFailed" | "ConditionalRequestConflict")
                    )
                    || (etag.is_some() && code == Some("NoSuchKey"));
                if conflict {
                    Ok(false)
                } else {
                    Err(self.remote(
                        format!("s3 PutObject {}", self.s3_location(key)),
                        &e,
                        Sensitive::No,
                    ))
                }
            }
        }
    }

    /// A remote failure as a `HomeError`, with the fix where one is known. With
    /// `Sensitive::Input`, the service's message is left out: a validation error may
    /// quote the request's value.
    fn remote<E>(
        &self,
        operation: String,
        err: &SdkError<E, HttpResponse>,
        sensitive: Sensitive,
    ) -> HomeError
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        let endpoint = &self.endpoint;
        let message = if let Some(credentials) = find_source::<CredentialsError>(err) {
            format!(
                "no usable AWS credentials: {}\nhelp: set AWS_PROFILE to a profile that has them (for SSO, run `aws sso login` first), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                chain(credentials)
            )
        } else {
            match err {
                SdkError::DispatchFailure(d) if d.is_timeout() => format!(
                    "timed out reaching {endpoint} (region {}): {}\nhelp: check the network, AWS_REGION, and AWS_ENDPOINT_URL if it is set",
                    self.region,
                    chain(err)
                ),
                SdkError::DispatchFailure(_) => format!(
                    "cannot reach {endpoint} (region {}): {}\nhelp: check the network, AWS_REGION, and AWS_ENDPOINT_URL if it is set",
                    self.region,
                    chain(err)
                ),
                SdkError::TimeoutError(_) => format!(
                    "timed out waiting for {endpoint} (region {}): {}",
                    self.region,
                    chain(err)
                ),
                SdkError::ResponseError(_) => format!(
                    "{endpoint} sent a response that is not the service's: {}\nhelp: if AWS_ENDPOINT_URL is set, check that it serves S3 and SSM",
                    chain(err)
                ),
                SdkError::ServiceError(_) => {
                    let code = err.code().unwrap_or("an unnamed error");
                    let status = err
                        .raw_response()
                        .map(|r| format!(" (HTTP {})", r.status().as_u16()))
                        .unwrap_or_default();
                    let said = match (sensitive, err.message()) {
                        (Sensitive::No, Some(m)) if !m.is_empty() => format!(": {m}"),
                        _ => String::new(),
                    };
                    format!("{code}{status}{said}{}", help_for(code))
                }
                _ => chain(err),
            }
        };
        HomeError::Remote { operation, message }
    }
}

/// Whether a failed request's service message may be shown.
#[derive(Clone, Copy)]
enum Sensitive {
    No,
    /// The request carried a secret the service may quote back.
    Input,
}

/// Why a GetObject failed: the request, or reading its body.
enum Fetch<E> {
    Sdk(SdkError<E, HttpResponse>),
    Body(aws_sdk_s3::primitives::ByteStreamError),
}

/// An object as read: its bytes (un-gzipped), ETag, and whether it was gzipped.
struct Stored {
    bytes: Vec<u8>,
    etag: String,
    gzipped: bool,
}

/// The fix for a service error code, as a `help:` line.
fn help_for(code: &str) -> &'static str {
    match code {
        "AccessDenied" | "AccessDeniedException" | "Forbidden" => {
            "\nhelp: the credentials in use (AWS_PROFILE or the environment's) need this permission on this resource"
        }
        "InvalidAccessKeyId"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "SignatureDoesNotMatch"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "TokenRefreshRequired" => {
            "\nhelp: the AWS credentials are invalid or expired: refresh them (`aws sso login` for SSO), or check AWS_PROFILE"
        }
        "NoSuchBucket" => {
            "\nhelp: the bucket /sst/bootstrap names is gone: check AWS_REGION and AWS_PROFILE, or run `sst deploy` once to bootstrap SST again"
        }
        _ => "",
    }
}

/// The error's chain of causes, `a: b: c`, each by its `Display` only (never `Debug`,
/// which for the SDK's errors can hold a whole request or response).
fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        let text = e.to_string();
        if !out.ends_with(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = e.source();
    }
    out
}

/// The first error of type `T` in `err`'s chain.
fn find_source<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

/// `bytes` un-gzipped when they are gzip (SST with `state.compress`), and whether
/// they were. Bytes that start like gzip but do not decode are taken as they are, as
/// a sealed document starting with a random nonce may.
fn gunzip(bytes: Vec<u8>) -> (Vec<u8>, bool) {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        if flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .is_ok()
        {
            return (out, true);
        }
    }
    (bytes, false)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(bytes)
        .expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

/// A random delay before retry `attempt` (1-based): "full jitter" over an exponential
/// bound, 25 ms doubling up to 1.6 s, so writers that collided spread out.
fn backoff(attempt: u32) -> Duration {
    let bound_ms = 25u64 << attempt.min(6);
    // RandomState is seeded randomly per process and thread: jitter with no RNG crate.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(attempt);
    Duration::from_millis(hasher.finish() % (bound_ms + 1))
}

impl Home for AwsHome {
    fn location(&self, doc: Document<'_>) -> String {
        self.s3_location(&Self::key(doc))
    }

    fn passphrase_location(&self, app: &str, stage: &str) -> String {
        format!("ssm:{}", Self::passphrase_parameter(app, stage))
    }

    fn read(&self, doc: Document<'_>) -> Result<Option<Vec<u8>>, HomeError> {
        Ok(self.get(&Self::key(doc))?.map(|s| s.bytes))
    }

    fn update(&self, doc: Document<'_>, change: &mut Change<'_>) -> Result<(), HomeError> {
        let key = Self::key(doc);
        for attempt in 1..=MAX_ATTEMPTS {
            let current = self.get(&key)?;
            let Some(new) = change(current.as_ref().map(|s| &s.bytes[..]))? else {
                return Ok(());
            };
            // Keep SST's choice: an object it gzipped stays gzipped.
            let gzipped = current.as_ref().is_some_and(|s| s.gzipped);
            let body = if gzipped { gzip(&new) } else { new };
            if self.put_if(&key, body, gzipped, current.as_ref().map(|s| &s.etag[..]))? {
                return Ok(());
            }
            if attempt < MAX_ATTEMPTS {
                std::thread::sleep(backoff(attempt));
            }
        }
        Err(HomeError::Remote {
            operation: format!("s3 PutObject {}", self.s3_location(&key)),
            message: format!(
                "another writer changed the object each of {MAX_ATTEMPTS} times it was read; this change was not written\nhelp: try again when the other writers are done"
            ),
        })
    }

    fn list(&self, key: &str, app: Option<&str>) -> Result<Vec<String>, HomeError> {
        // As `pathForData` lays them out: `<key>/<app>/<stage>.json`.
        let prefix = match app {
            None => format!("{key}/"),
            Some(app) => format!("{key}/{app}/"),
        };
        let operation = || format!("s3 ListObjectsV2 {}", self.s3_location(&prefix));
        const MAX_PAGES: usize = 100;
        let mut names = Vec::new();
        // The token the page being read was asked with.
        let mut token: Option<String> = None;
        for pages in 1..=MAX_PAGES {
            let page = self
                .runtime
                .block_on(
                    self.s3
                        .list_objects_v2()
                        .bucket(&self.bucket)
                        .prefix(&prefix)
                        .delimiter("/")
                        .set_continuation_token(token.clone())
                        .send(),
                )
                .map_err(|e| self.remote(operation(), &e, Sensitive::No))?;
            match app {
                None => names.extend(page.common_prefixes().iter().filter_map(|p| {
                    let name = p.prefix()?.strip_prefix(&prefix)?.strip_suffix('/')?;
                    (!name.is_empty()).then(|| name.to_owned())
                })),
                Some(_) => names.extend(page.contents().iter().filter_map(|object| {
                    let stage = object.key()?.strip_prefix(&prefix)?.strip_suffix(".json")?;
                    (!stage.is_empty()).then(|| stage.to_owned())
                })),
            }
            // At most `MAX_PAGES` pages (a hint needs no more), and never the same
            // token twice: an S3 look-alike that kept answering "truncated" with it
            // would loop here for ever.
            match page.next_continuation_token() {
                Some(next)
                    if page.is_truncated() == Some(true)
                        && pages < MAX_PAGES
                        && token.as_deref() != Some(next) =>
                {
                    token = Some(next.to_owned());
                }
                _ => break,
            }
        }
        names.sort();
        Ok(names)
    }

    fn list_location(&self, key: &str, app: Option<&str>) -> String {
        match app {
            Some(app) => self.s3_location(&format!("{key}/{app}/")),
            None => self.s3_location(&format!("{key}/")),
        }
    }

    fn passphrase(&self, app: &str, stage: &str) -> Result<Option<Zeroizing<String>>, HomeError> {
        let name = Self::passphrase_parameter(app, stage);
        let result = self.runtime.block_on(
            self.ssm
                .get_parameter()
                .name(&name)
                .with_decryption(true)
                .send(),
        );
        match result {
            Ok(output) => {
                let value = output.parameter.and_then(|p| p.value).map(Zeroizing::new);
                Ok(value.filter(|v| !v.is_empty()))
            }
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_parameter_not_found()) =>
            {
                Ok(None)
            }
            Err(e) => Err(self.remote(
                format!("ssm GetParameter {name} (region {})", self.region),
                &e,
                Sensitive::No,
            )),
        }
    }

    fn create_passphrase(
        &self,
        app: &str,
        stage: &str,
        candidate: Zeroizing<String>,
    ) -> Result<Zeroizing<String>, HomeError> {
        let name = Self::passphrase_parameter(app, stage);
        let operation = || format!("ssm PutParameter {name} (region {})", self.region);
        let result = self.runtime.block_on(
            self.ssm
                .put_parameter()
                .name(&name)
                .r#type(aws_sdk_ssm::types::ParameterType::SecureString)
                .value(candidate.as_str())
                .description(PASSPHRASE_DESCRIPTION)
                .overwrite(false)
                .send(),
        );
        match result {
            Ok(_) => Ok(candidate),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_parameter_already_exists()) =>
            {
                self.passphrase(app, stage)?
                    .ok_or_else(|| HomeError::Remote {
                        operation: operation(),
                        message: "the parameter exists but is empty or was just deleted; nothing was changed\nhelp: restore the stage's passphrase, or delete the parameter if the stage has no secrets or state yet".into(),
                    })
            }
            Err(e) => Err(self.remote(operation(), &e, Sensitive::Input)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_round_trips_and_a_lookalike_stays_raw() {
        let (plain, was) = gunzip(gzip(b"{\"a\":1}"));
        assert_eq!((&plain[..], was), (&b"{\"a\":1}"[..], true));
        let lookalike = vec![0x1f, 0x8b, 1, 2, 3, 4, 5];
        assert_eq!(gunzip(lookalike.clone()), (lookalike, false));
    }

    #[test]
    fn backoff_is_bounded_and_jittered() {
        let delays: Vec<Duration> = (0..50).map(|_| backoff(3)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(200)));
        assert!(delays.windows(2).any(|w| w[0] != w[1]), "{delays:?}");
        assert!(backoff(30) <= Duration::from_millis(1600));
    }

    #[test]
    fn keys_and_parameters_are_sst_paths() {
        let doc = Document {
            key: "secret",
            app: "shop",
            stage: "dev",
        };
        assert_eq!(AwsHome::key(doc), "secret/shop/dev.json");
        assert_eq!(
            AwsHome::passphrase_parameter("shop", "dev"),
            "/sst/passphrase/shop/dev"
        );
    }
}
