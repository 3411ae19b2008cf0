//! SST's encrypted bundle: how SST ships links to a Lambda function. The function gets
//! `SST_KEY` (a base64 AES-256 key) and `SST_KEY_FILE` (a file, relative to the working
//! directory, normally `resource.enc`) holding AES-256-GCM ciphertext with its 16-byte
//! tag appended, under an all-zero 12-byte nonce and no associated data; the plaintext
//! is one JSON object of resources by name. (SST writes it in `pkg/runtime/runtime.go`
//! and reads it in `sdk/js/src/resource/node.ts`, `github:anomalyco/sst`.)
//!
//! Owns the format both ways: reading (for the loader) and writing (public, so a Rust
//! function deployed outside SST can ship links larger than an environment allows).
//! Never puts a key or plaintext in an error.

use std::fmt;
use std::path::Path;

#[cfg(feature = "bundle-write")]
use aes_gcm::aead::OsRng;
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use crate::secret::Secret;

const TAG_LEN: usize = 16;

/// Why a bundle could not be read. Messages name the file and the variable, never the
/// key or the contents.
#[derive(Debug)]
#[non_exhaustive]
pub enum BundleError {
    /// `SST_KEY` is not base64 of 32 bytes.
    BadKey(&'static str),
    /// The file cannot be read.
    Unreadable {
        /// The path from `SST_KEY_FILE`.
        path: String,
        /// The working directory it was resolved against.
        cwd: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Shorter than the 16-byte authentication tag.
    Truncated {
        /// The file.
        path: String,
        /// Its length.
        len: usize,
    },
    /// The key is wrong or the file was modified.
    Authentication {
        /// The file.
        path: String,
    },
    /// It decrypted, but is not a JSON object of resources.
    NotJson {
        /// The file.
        path: String,
        /// serde_json's message (positions only, never content).
        message: String,
    },
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::BadKey(why) => {
                write!(
                    f,
                    "SST_KEY is not a base64-encoded 32-byte AES-256 key ({why})"
                )
            }
            // The working directory matters only to a relative path.
            BundleError::Unreadable { path, cwd, source }
                if std::path::Path::new(path).is_relative() =>
            {
                write!(
                    f,
                    "cannot read {path} (SST_KEY_FILE, relative to the working directory {cwd}): {source}"
                )
            }
            BundleError::Unreadable { path, source, .. } => {
                write!(f, "cannot read {path} (SST_KEY_FILE): {source}")
            }
            BundleError::Truncated { path, len } => write!(
                f,
                "{path} is truncated: {len} bytes, shorter than the 16-byte AES-GCM tag"
            ),
            BundleError::Authentication { path } => write!(
                f,
                "{path}: authentication failed: SST_KEY does not match the file, or the file was modified; redeploy so both come from the same build"
            ),
            BundleError::NotJson { path, message } => write!(
                f,
                "{path} decrypted, but is not a JSON object of resources: {message}"
            ),
        }
    }
}

impl std::error::Error for BundleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BundleError::Unreadable { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A bundle key: 32 random bytes, shown only as the base64 `SST_KEY` value through
/// [`BundleKey::expose_base64`]. `Debug` is redacted.
#[derive(Clone)]
pub struct BundleKey(Secret<String>);

impl BundleKey {
    /// A fresh key from the operating system's random number generator. Feature
    /// `bundle-write` (the OS random source only writing a bundle needs).
    #[cfg(feature = "bundle-write")]
    pub fn generate() -> Self {
        let key = Aes256Gcm::generate_key(&mut OsRng);
        let encoded = STANDARD.encode(key.as_slice());
        BundleKey(Secret::new(encoded))
    }

    /// A key from its base64 form (`SST_KEY`).
    ///
    /// # Errors
    /// If it is not base64 of exactly 32 bytes.
    pub fn from_base64(encoded: &str) -> Result<Self, BundleError> {
        decode_key(encoded)?;
        Ok(BundleKey(Secret::new(encoded.trim().to_owned())))
    }

    /// The value to set `SST_KEY` to.
    pub fn expose_base64(&self) -> &str {
        self.0.expose()
    }

    fn cipher(&self) -> Aes256Gcm {
        cipher_of(self.0.expose()).expect("a BundleKey always holds a valid key")
    }
}

impl fmt::Debug for BundleKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BundleKey([redacted])")
    }
}

fn decode_key(encoded: &str) -> Result<Zeroizing<Vec<u8>>, BundleError> {
    let bytes = Zeroizing::new(
        STANDARD
            .decode(encoded.trim())
            .map_err(|_| BundleError::BadKey("not valid base64"))?,
    );
    if bytes.len() != 32 {
        return Err(BundleError::BadKey("it does not decode to 32 bytes"));
    }
    Ok(bytes)
}

/// The cipher of a base64 `SST_KEY` (the key decoded once, straight into it).
fn cipher_of(encoded: &str) -> Result<Aes256Gcm, BundleError> {
    let bytes = decode_key(encoded)?;
    Aes256Gcm::new_from_slice(&bytes)
        .map_err(|_| BundleError::BadKey("it does not decode to 32 bytes"))
}

fn zero_nonce() -> Nonce<aes_gcm::aead::consts::U12> {
    Nonce::default()
}

/// Encrypts a bundle's plaintext (a JSON object of resources by name) as SST does.
pub fn seal(key: &BundleKey, plaintext: &[u8]) -> Vec<u8> {
    key.cipher()
        .encrypt(&zero_nonce(), plaintext)
        .expect("AES-GCM encryption of an in-memory buffer cannot fail")
}

/// Decrypts a bundle file's bytes; `path` only names the file in errors.
///
/// # Errors
/// Truncated input, or a wrong key / modified bytes.
pub fn open(
    key: &BundleKey,
    ciphertext: &[u8],
    path: &str,
) -> Result<Zeroizing<Vec<u8>>, BundleError> {
    decrypt(&key.cipher(), ciphertext, path)
}

/// [`open`] with the key already expanded.
fn decrypt(
    cipher: &Aes256Gcm,
    ciphertext: &[u8],
    path: &str,
) -> Result<Zeroizing<Vec<u8>>, BundleError> {
    if ciphertext.len() < TAG_LEN {
        return Err(BundleError::Truncated {
            path: path.to_owned(),
            len: ciphertext.len(),
        });
    }
    cipher
        .decrypt(&zero_nonce(), ciphertext)
        .map(Zeroizing::new)
        .map_err(|_| BundleError::Authentication {
            path: path.to_owned(),
        })
}

/// Writes `resources` (a JSON object of resources by name, as SST's bundle holds) to
/// `path`, encrypted under a fresh key, and returns the key (the `SST_KEY` to set).
/// The file is written to a temporary sibling and renamed, so a reader never sees
/// half a bundle. Feature `bundle-write`.
///
/// ```
/// let dir = std::env::temp_dir().join(format!("bundle-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let links = serde_json::json!({"MyBucket": {"name": "b", "type": "sst.aws.Bucket"}});
/// let key = resource_runtime::bundle::write(&dir.join("resource.enc"), &links).unwrap();
/// assert_eq!(key.expose_base64().len(), 44);
/// ```
///
/// # Errors
/// If the file cannot be written.
#[cfg(feature = "bundle-write")]
pub fn write(path: &Path, resources: &serde_json::Value) -> std::io::Result<BundleKey> {
    let key = BundleKey::generate();
    write_with_key(path, resources, &key)?;
    Ok(key)
}

/// `write` with a given key (e.g. one already set as `SST_KEY`).
///
/// # Errors
/// If `resources` is not a JSON object, or the file cannot be written.
pub fn write_with_key(
    path: &Path,
    resources: &serde_json::Value,
    key: &BundleKey,
) -> std::io::Result<()> {
    if !resources.is_object() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "a bundle holds a JSON object of resources by name",
        ));
    }
    let plaintext = Zeroizing::new(serde_json::to_vec(resources).map_err(std::io::Error::other)?);
    let sealed = seal(key, &plaintext);
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, &sealed)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Reads and decrypts the bundle at `path` (relative paths against the working
/// directory, as SST's SDKs do) into its plaintext JSON text.
pub(crate) fn read(key_b64: &str, path: &str) -> Result<String, BundleError> {
    let cipher = cipher_of(key_b64)?;
    let data = std::fs::read(path).map_err(|source| BundleError::Unreadable {
        path: path.to_owned(),
        cwd: std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| "?".into()),
        source,
    })?;
    let mut plaintext = decrypt(&cipher, &data, path)?;
    // Moved, not copied: the caller zeroizes the text when it is done with it.
    String::from_utf8(std::mem::take(&mut *plaintext)).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        zeroize::Zeroize::zeroize(&mut e.into_bytes());
        BundleError::NotJson {
            path: path.to_owned(),
            message: format!("not UTF-8 at byte {valid}"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key for tests: 32 bytes of `n` (no random source needed).
    fn test_key(n: u8) -> BundleKey {
        BundleKey::from_base64(&STANDARD.encode([n; 32])).unwrap()
    }

    #[test]
    fn seal_and_open_round_trip_with_the_tag_appended() {
        let key = test_key(1);
        let sealed = seal(&key, b"{\"A\":{}}");
        assert_eq!(sealed.len(), 8 + TAG_LEN);
        assert_eq!(&*open(&key, &sealed, "f").unwrap(), b"{\"A\":{}}");
    }

    #[test]
    fn known_answer_matches_nodes_aes_256_gcm() {
        // Key of 32 zero bytes, zero nonce, plaintext "{}": the bytes Node's
        // crypto.createCipheriv("aes-256-gcm", ...) produces (ciphertext || tag), computed
        // with: node -e (createCipheriv, Buffer.alloc(32), Buffer.alloc(12), update, final, getAuthTag).
        let key = BundleKey::from_base64(&STANDARD.encode([0u8; 32])).unwrap();
        let sealed = seal(&key, b"{}");
        let hex: String = sealed.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "b5daf012e86478acf3af1b1152b48b5fbf49");
    }

    #[test]
    fn keys_are_validated_and_never_printed() {
        assert!(matches!(
            BundleKey::from_base64("nope!"),
            Err(BundleError::BadKey(_))
        ));
        assert!(matches!(
            BundleKey::from_base64(&STANDARD.encode([1u8; 16])),
            Err(BundleError::BadKey(_))
        ));
        let key = test_key(7);
        assert_eq!(format!("{key:?}"), "BundleKey([redacted])");
        #[cfg(feature = "bundle-write")]
        assert_ne!(
            BundleKey::generate().expose_base64(),
            BundleKey::generate().expose_base64()
        );
    }

    #[test]
    fn wrong_key_truncation_and_tampering_are_errors() {
        let key = test_key(1);
        let mut sealed = seal(&key, b"{\"A\":{\"x\":1}}");
        assert!(matches!(
            open(&test_key(2), &sealed, "f"),
            Err(BundleError::Authentication { .. })
        ));
        assert!(matches!(
            open(&key, &sealed[..10], "f"),
            Err(BundleError::Truncated { len: 10, .. })
        ));
        assert!(matches!(
            open(&key, &sealed[..sealed.len() - 1], "f"),
            Err(BundleError::Authentication { .. })
        ));
        sealed[3] ^= 1;
        assert!(matches!(
            open(&key, &sealed, "f"),
            Err(BundleError::Authentication { .. })
        ));
    }
}
