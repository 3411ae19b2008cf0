//! Reads secrets from SST's own local home, as `sst secret set` writes them, so that
//! `env` and `run` use the same values as `sst dev` on this machine. SST keeps one JSON
//! map of secrets per stage at `<config>/state/secret/<app>/<stage>.json`, sealed with
//! AES-256-GCM, a random 12-byte nonce prefixed, under the stage's base64 passphrase at
//! `<config>/state/passphrase/<app>/<stage>.json`; `<config>` is Go's
//! `os.UserConfigDir()` + `sst` (`pkg/project/provider/{provider,local}.go`,
//! `pkg/global/global.go` in `github:anomalyco/sst`). Fallback values live under the
//! stage `_fallback`. Read-only here; errors never contain a secret or the passphrase.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine as _;
use zeroize::Zeroizing;

/// SST's config directory: `$SST_HOME` (ours, for tests and CI), else Go's
/// `os.UserConfigDir()` (`$XDG_CONFIG_HOME`, else `~/.config`) + `sst`.
pub fn config_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SST_HOME") {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("sst"))
}

/// The stage's secrets, with the `_fallback` stage's filling the gaps, as SST does.
/// An absent store is empty, not an error.
pub fn secrets(
    config: &Path,
    app: &str,
    stage: &str,
) -> Result<BTreeMap<String, Zeroizing<String>>, String> {
    let mut out = read_stage(config, app, "_fallback")?;
    out.extend(read_stage(config, app, stage)?);
    Ok(out)
}

fn read_stage(
    config: &Path,
    app: &str,
    stage: &str,
) -> Result<BTreeMap<String, Zeroizing<String>>, String> {
    let data_path = config
        .join("state")
        .join("secret")
        .join(app)
        .join(format!("{stage}.json"));
    let sealed = match std::fs::read(&data_path) {
        Ok(d) => d,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => {
            return Err(format!(
                "cannot read SST's secrets {}: {e}",
                data_path.display()
            ));
        }
    };
    let key_path = config
        .join("state")
        .join("passphrase")
        .join(app)
        .join(format!("{stage}.json"));
    let passphrase = Zeroizing::new(std::fs::read_to_string(&key_path).map_err(|e| {
        format!(
            "cannot read the passphrase {} for {}: {e}",
            key_path.display(),
            data_path.display()
        )
    })?);
    let key = Zeroizing::new(
        base64::engine::general_purpose::STANDARD
            .decode(passphrase.trim())
            .map_err(|_| format!("{} is not a base64 passphrase", key_path.display()))?,
    );
    let cipher = Aes256Gcm::new_from_slice(&key)
        .map_err(|_| format!("{} is not a 32-byte passphrase", key_path.display()))?;
    if sealed.len() < 12 + 16 {
        return Err(format!(
            "{} is truncated ({} bytes)",
            data_path.display(),
            sealed.len()
        ));
    }
    let (nonce, ciphertext) = sealed.split_at(12);
    let nonce = Nonce::<aes_gcm::aead::consts::U12>::try_from(nonce)
        .map_err(|_| "a 12-byte nonce".to_owned())?;
    let plain = Zeroizing::new(cipher.decrypt(&nonce, ciphertext).map_err(|_| {
        format!(
            "{}: authentication failed: the passphrase does not match, or the file was modified",
            data_path.display()
        )
    })?);
    let map: BTreeMap<String, String> = serde_json::from_slice(&plain).map_err(|e| {
        format!(
            "{} decrypted, but is not a JSON map of secrets (line {} column {})",
            data_path.display(),
            e.line(),
            e.column()
        )
    })?;
    Ok(map
        .into_iter()
        .map(|(k, v)| (k, Zeroizing::new(v)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use aes_gcm::aead::{Generate, Key};

    /// Writes a stage's store exactly as SST's `putData` does: random nonce prefixed.
    fn write_store(config: &Path, app: &str, stage: &str, secrets: &serde_json::Value) {
        let key = Key::<Aes256Gcm>::generate();
        let nonce = Nonce::<aes_gcm::aead::consts::U12>::generate();
        let sealed = Aes256Gcm::new(&key)
            .encrypt(&nonce, secrets.to_string().as_bytes())
            .unwrap();
        let mut file = nonce.to_vec();
        file.extend(sealed);
        for (kind, bytes) in [
            (
                "passphrase",
                base64::engine::general_purpose::STANDARD
                    .encode(key.as_slice())
                    .into_bytes(),
            ),
            ("secret", file),
        ] {
            let dir = config.join("state").join(kind).join(app);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(format!("{stage}.json")), bytes).unwrap();
        }
    }

    #[test]
    fn reads_a_stage_over_its_fallback() {
        let config = std::env::temp_dir().join(format!("sst-home-test-{}", std::process::id()));
        write_store(
            &config,
            "shop",
            "_fallback",
            &serde_json::json!({"StripeKey": "fallback", "Other": "o"}),
        );
        write_store(
            &config,
            "shop",
            "dev",
            &serde_json::json!({"StripeKey": "sk_dev"}),
        );
        let s = secrets(&config, "shop", "dev").unwrap();
        assert_eq!(s["StripeKey"].as_str(), "sk_dev");
        assert_eq!(s["Other"].as_str(), "o");
        assert!(secrets(&config, "nope", "dev").unwrap().is_empty());
        // A modified byte: a clear error without the contents.
        let path = config.join("state/secret/shop/dev.json");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[20] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        let err = secrets(&config, "shop", "dev").unwrap_err();
        assert!(
            err.contains("authentication failed") && !err.contains("sk_dev"),
            "{err}"
        );
        std::fs::remove_dir_all(&config).unwrap();
    }
}
