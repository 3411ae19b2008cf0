//! SST's bucket-and-table handler, in Rust: put an object into `Resource.MyBucket.name`
//! and an item into `Resource.MyTable.name`, signed with the linked secret
//! `SigningKey`. The core is [`upload`], a plain async function: `main` runs it under
//! `lambda_runtime` on Lambda, or once from the command line; tests call it directly.

use aws_sdk_dynamodb::types::AttributeValue;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

sst_resources::sst_resources!("links.toml", function = "Api");

/// The event the handler takes: what to write, and under which key.
#[derive(Debug, Clone, Deserialize)]
pub struct Upload {
    /// The object's key, and the item's `pk`.
    #[serde(default = "default_key")]
    pub key: String,
    /// The object's content.
    pub body: String,
}

fn default_key() -> String {
    "file.txt".to_owned()
}

/// What the handler wrote. Holds no secret: only an HMAC made with one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Uploaded {
    /// `s3://<bucket>/<key>`.
    pub object: String,
    /// The table the item went into.
    pub table: String,
    /// HMAC-SHA256 of the body under `SigningKey`, lowercase hex; also the item's
    /// `signature`.
    pub signature: String,
}

/// The AWS clients the handler uses, made once per process (a Lambda's cold start).
#[derive(Debug, Clone)]
pub struct Clients {
    /// Amazon S3.
    pub s3: aws_sdk_s3::Client,
    /// Amazon DynamoDB.
    pub dynamo: aws_sdk_dynamodb::Client,
}

impl Clients {
    /// Clients from the standard AWS configuration (credentials, `AWS_REGION`,
    /// `AWS_ENDPOINT_URL`), as on Lambda. `S3_FORCE_PATH_STYLE=true` addresses buckets
    /// by path (`http://host/bucket/key`), which S3 emulators such as moto need.
    pub async fn from_env() -> Self {
        let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
        let path_style = std::env::var("S3_FORCE_PATH_STYLE").is_ok_and(|v| v == "true");
        let s3 = aws_sdk_s3::config::Builder::from(&config)
            .force_path_style(path_style)
            .build();
        Clients {
            s3: aws_sdk_s3::Client::from_conf(s3),
            dynamo: aws_sdk_dynamodb::Client::new(&config),
        }
    }
}

/// Why a call failed: which AWS call, and the SDK's full error chain.
#[derive(Debug)]
pub enum HandlerError {
    /// `PutObject` into the linked bucket.
    PutObject(String),
    /// `PutItem` into the linked table.
    PutItem(String),
}

impl std::fmt::Display for HandlerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HandlerError::PutObject(e) => write!(f, "PutObject failed: {e}"),
            HandlerError::PutItem(e) => write!(f, "PutItem failed: {e}"),
        }
    }
}

impl std::error::Error for HandlerError {}

/// The handler: puts `event.body` at `event.key` in the linked bucket, then an item
/// `{pk, object, size, signature, stage}` in the linked table.
///
/// # Errors
/// The first AWS call that fails, with the SDK's error chain (never a secret).
pub async fn upload(
    links: &Resource,
    aws: &Clients,
    event: Upload,
) -> Result<Uploaded, HandlerError> {
    let bucket = &links.my_bucket.name;
    let table = &links.my_table.name;
    let signature = sign(links.signing_key.value.expose(), &event.body);
    let size = event.body.len();
    // Typed handles: the bucket's and table's names are set, each call is checked
    // against what links.toml grants them, and `sst-resources policy --binary` reads
    // the calls back from the binary as the policy this code needs.
    links
        .my_bucket
        .s3(&aws.s3)
        .put_object()
        .key(&event.key)
        .body(event.body.into_bytes().into())
        .send()
        .await
        .map_err(|e| {
            HandlerError::PutObject(aws_sdk_s3::error::DisplayErrorContext(e).to_string())
        })?;
    let object = format!("s3://{bucket}/{}", event.key);
    links
        .my_table
        .dynamodb(&aws.dynamo)
        .put_item()
        .item("pk", AttributeValue::S(event.key))
        .item("object", AttributeValue::S(object.clone()))
        .item("size", AttributeValue::N(size.to_string()))
        .item("signature", AttributeValue::S(signature.clone()))
        .item("stage", AttributeValue::S(links.app.stage.clone()))
        .send()
        .await
        .map_err(|e| {
            HandlerError::PutItem(aws_sdk_dynamodb::error::DisplayErrorContext(e).to_string())
        })?;
    Ok(Uploaded {
        object,
        table: table.clone(),
        signature,
    })
}

/// HMAC-SHA256 of `body` under `key`, lowercase hex.
pub fn sign(key: &str, body: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(body.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn sign_is_hmac_sha256() {
        // RFC 4231, test case 2.
        assert_eq!(
            super::sign("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn the_event_defaults_to_file_txt() {
        let event: super::Upload = serde_json::from_str(r#"{"body":"hi"}"#).unwrap();
        assert_eq!(
            (event.key.as_str(), event.body.as_str()),
            ("file.txt", "hi")
        );
    }
}
