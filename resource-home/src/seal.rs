//! SST's sealing of home data (`putData`/`getData` with `encrypt`, in
//! `pkg/project/provider/provider.go`): AES-256-GCM under the stage's passphrase (base64
//! of 32 random bytes), a random 12-byte nonce prefixed to the ciphertext, the 16-byte tag
//! appended, no associated data. Not the bundle's format (that one has a zero nonce).

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::HomeError;

const NONCE: usize = 12;
const TAG: usize = 16;

/// A new stage passphrase, as SST makes one: base64 of 32 random bytes.
pub fn new_passphrase() -> Zeroizing<String> {
    let key = Aes256Gcm::generate_key(&mut OsRng);
    Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(key.as_slice()))
}

fn cipher(passphrase: &str, passphrase_location: &str) -> Result<Aes256Gcm, HomeError> {
    let bad = |reason| HomeError::BadPassphrase {
        passphrase: passphrase_location.to_owned(),
        reason,
    };
    let key = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(passphrase.trim_end_matches(['\n', '\r']))
            .map_err(|_| bad("not base64"))?,
    );
    Aes256Gcm::new_from_slice(&key).map_err(|_| bad("not 32 bytes"))
}

/// Whether `passphrase` is one SST can seal with (base64 of 32 bytes).
pub fn check_passphrase(passphrase: &str, passphrase_location: &str) -> Result<(), HomeError> {
    cipher(passphrase, passphrase_location).map(|_| ())
}

/// `plain` sealed under `passphrase`: nonce, ciphertext, tag.
pub fn seal(
    plain: &[u8],
    passphrase: &str,
    passphrase_location: &str,
) -> Result<Vec<u8>, HomeError> {
    let cipher = cipher(passphrase, passphrase_location)?;
    let nonce: Nonce<U12> = Aes256Gcm::generate_nonce(&mut OsRng);
    let sealed = cipher
        .encrypt(&nonce, plain)
        .expect("AES-GCM encrypts any input shorter than 64 GiB");
    let mut out = Vec::with_capacity(NONCE + sealed.len());
    out.extend_from_slice(nonce.as_slice());
    out.extend(sealed);
    Ok(out)
}

/// The plaintext of `sealed` (the document at `location`), or why it cannot be opened.
pub fn open(
    sealed: &[u8],
    passphrase: &str,
    location: &str,
    passphrase_location: &str,
) -> Result<Zeroizing<Vec<u8>>, HomeError> {
    let cipher = cipher(passphrase, passphrase_location)?;
    if sealed.len() < NONCE + TAG {
        return Err(HomeError::Truncated {
            location: location.to_owned(),
            len: sealed.len(),
        });
    }
    let (nonce, ciphertext) = sealed.split_at(NONCE);
    // Split at the nonce's length, so `from_slice` (which panics on another) holds.
    let nonce = Nonce::<U12>::from_slice(nonce);
    cipher
        .decrypt(nonce, ciphertext)
        .map(Zeroizing::new)
        .map_err(|_| HomeError::Authentication {
            location: location.to_owned(),
            passphrase: passphrase_location.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seals_with_a_fresh_nonce_and_opens() {
        let pass = new_passphrase();
        let a = seal(b"{\"A\":\"1\"}", &pass, "p").unwrap();
        let b = seal(b"{\"A\":\"1\"}", &pass, "p").unwrap();
        assert_ne!(a[..12], b[..12], "a random nonce each time");
        assert_eq!(a.len(), 12 + 9 + 16);
        assert_eq!(&open(&a, &pass, "f", "p").unwrap()[..], b"{\"A\":\"1\"}");
    }

    #[test]
    fn refuses_a_wrong_key_a_modified_byte_and_a_short_file() {
        let pass = new_passphrase();
        let mut sealed = seal(b"sk_live_canary", &pass, "p").unwrap();
        let other = new_passphrase();
        let err = open(&sealed, &other, "f.json", "p.json")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("f.json: authentication failed"), "{err}");
        sealed[15] ^= 1;
        assert!(matches!(
            open(&sealed, &pass, "f", "p"),
            Err(HomeError::Authentication { .. })
        ));
        assert!(matches!(
            open(&sealed[..20], &pass, "f", "p"),
            Err(HomeError::Truncated { len: 20, .. })
        ));
        let err = open(&sealed, "not base64!", "f", "p.json")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("p.json is not base64") && !err.contains("not base64!"),
            "{err}"
        );
    }
}
