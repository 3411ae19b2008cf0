//! The secret store: SST's `secret` documents, one JSON map of name to value per stage,
//! sealed under the stage passphrase (`GetSecrets`/`PutSecrets` in
//! `pkg/project/provider/provider.go`); a stage's missing values come from the
//! `_fallback` stage, as `sst secret set --fallback` stores them. Values live in
//! zeroizing buffers here and never reach an error.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::{Document, Home, HomeError, seal};

/// The stage SST keeps fallback secrets under.
pub const FALLBACK: &str = "_fallback";

/// A stage's secrets by name.
pub type Secrets = BTreeMap<String, Zeroizing<String>>;

/// Where a resolved secret's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The stage itself.
    Stage,
    /// The `_fallback` stage.
    Fallback,
}

/// One app's secrets in a home.
pub struct SecretStore<'h> {
    home: &'h dyn Home,
    app: String,
    passphrase: Option<Zeroizing<String>>,
    passphrase_source: String,
}

impl std::fmt::Debug for SecretStore<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore")
            .field("app", &self.app)
            .field(
                "passphrase",
                &self.passphrase.as_ref().map(|_| "[redacted]"),
            )
            .finish_non_exhaustive()
    }
}

/// SST's JSON map of secrets, and nothing else.
const SECRET_MAP: &str = "a JSON map of secret names to strings";

impl<'h> SecretStore<'h> {
    /// `app`'s secrets in `home`, each stage sealed under its passphrase in the home.
    pub fn new(home: &'h dyn Home, app: impl Into<String>) -> Self {
        SecretStore {
            home,
            app: app.into(),
            passphrase: None,
            passphrase_source: String::new(),
        }
    }

    /// Uses `passphrase` (named `source` in messages, e.g. `SST_PASSPHRASE`) for every
    /// stage instead of the home's: for CI, which has the key but not the home's copy.
    /// A stage with no passphrase yet gets this one, as SST does with `SST_PASSPHRASE`.
    pub fn with_passphrase(
        mut self,
        passphrase: Zeroizing<String>,
        source: impl Into<String>,
    ) -> Self {
        self.passphrase = Some(passphrase);
        self.passphrase_source = source.into();
        self
    }

    fn doc<'a>(&'a self, stage: &'a str) -> Document<'a> {
        Document {
            key: "secret",
            app: &self.app,
            stage,
        }
    }

    /// The passphrase to open `stage`'s secrets with and where it came from; `None`
    /// when there is none.
    fn read_passphrase(
        &self,
        stage: &str,
    ) -> Result<Option<(Zeroizing<String>, String)>, HomeError> {
        if let Some(p) = &self.passphrase {
            return Ok(Some((p.clone(), self.passphrase_source.clone())));
        }
        Ok(self
            .home
            .passphrase(&self.app, stage)?
            .map(|p| (p, self.home.passphrase_location(&self.app, stage))))
    }

    fn decode(
        &self,
        stage: &str,
        sealed: &[u8],
        passphrase: &(Zeroizing<String>, String),
    ) -> Result<Secrets, HomeError> {
        let location = self.home.location(self.doc(stage));
        let plain = seal::open(sealed, &passphrase.0, &location, &passphrase.1)?;
        let map: Option<BTreeMap<String, String>> = serde_json::from_slice(&plain)
            .map_err(|e| HomeError::format(location, SECRET_MAP, &e))?;
        Ok(map
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, Zeroizing::new(v)))
            .collect())
    }

    /// `stage`'s own secrets (`_fallback` for the fallbacks); empty when it has none.
    pub fn stage(&self, stage: &str) -> Result<Secrets, HomeError> {
        let Some(sealed) = self.home.read(self.doc(stage))? else {
            return Ok(Secrets::new());
        };
        let passphrase =
            self.read_passphrase(stage)?
                .ok_or_else(|| HomeError::MissingPassphrase {
                    location: self.home.location(self.doc(stage)),
                    passphrase: self.home.passphrase_location(&self.app, stage),
                })?;
        self.decode(stage, &sealed, &passphrase)
    }

    /// What a function on `stage` sees: the stage's secrets over the fallbacks.
    pub fn resolved(
        &self,
        stage: &str,
    ) -> Result<BTreeMap<String, (Zeroizing<String>, Origin)>, HomeError> {
        let mut out: BTreeMap<_, _> = self
            .stage(FALLBACK)?
            .into_iter()
            .map(|(k, v)| (k, (v, Origin::Fallback)))
            .collect();
        if stage != FALLBACK {
            out.extend(
                self.stage(stage)?
                    .into_iter()
                    .map(|(k, v)| (k, (v, Origin::Stage))),
            );
        }
        Ok(out)
    }

    /// The passphrase to seal `stage` with, creating the stage's as SST does if it has
    /// none (from `with_passphrase`'s, else 32 random bytes).
    fn write_passphrase(&self, stage: &str) -> Result<(Zeroizing<String>, String), HomeError> {
        let location = self.home.passphrase_location(&self.app, stage);
        let candidate = self.passphrase.clone().unwrap_or_else(seal::new_passphrase);
        let in_force = self.home.create_passphrase(&self.app, stage, candidate)?;
        match &self.passphrase {
            Some(p) if *p != in_force => Err(HomeError::State {
                location,
                problem: format!(
                    "the stage already has a passphrase, and {} is not it; nothing was changed\nhelp: set {} to the stage's passphrase, or unset it to use the home's",
                    self.passphrase_source, self.passphrase_source
                ),
            }),
            Some(_) => Ok((in_force, self.passphrase_source.clone())),
            None => Ok((in_force, location)),
        }
    }

    /// Applies `change` to `stage`'s secrets and stores the result, with no lost update
    /// (see [`Home::update`]); returns what `change` returned. A store that cannot be
    /// opened is never overwritten.
    pub fn modify<T>(
        &self,
        stage: &str,
        mut change: impl FnMut(&mut Secrets) -> T,
    ) -> Result<T, HomeError> {
        let passphrase = self.write_passphrase(stage)?;
        let mut result = None;
        self.home.update(self.doc(stage), &mut |current| {
            let mut secrets = match current {
                Some(sealed) => self.decode(stage, sealed, &passphrase)?,
                None => Secrets::new(),
            };
            let before = secrets.clone();
            result = Some(change(&mut secrets));
            if current.is_some() && secrets == before {
                return Ok(None);
            }
            seal::seal(&to_json(&secrets), &passphrase.0, &passphrase.1).map(Some)
        })?;
        Ok(result.expect("update calls change at least once when it succeeds"))
    }

    /// Sets each `(name, value)` on `stage` in one write.
    pub fn set(
        &self,
        stage: &str,
        values: Vec<(String, Zeroizing<String>)>,
    ) -> Result<(), HomeError> {
        self.modify(stage, |secrets| {
            for (name, value) in &values {
                secrets.insert(name.clone(), value.clone());
            }
        })
    }

    /// Removes `name` from `stage`; `false` when it was not there.
    pub fn remove(&self, stage: &str, name: &str) -> Result<bool, HomeError> {
        self.modify(stage, |secrets| secrets.remove(name).is_some())
    }
}

/// The JSON SST's `json.Marshal` writes for a `map[string]string`: compact, keys
/// sorted. Sized up front so the buffer holding values is never reallocated (a
/// reallocation would leave an unzeroized copy behind).
fn to_json(secrets: &Secrets) -> Zeroizing<Vec<u8>> {
    let bound = 2 + secrets
        .iter()
        .map(|(k, v)| 6 * (k.len() + v.len()) + 6)
        .sum::<usize>();
    let mut out = Zeroizing::new(Vec::with_capacity(bound));
    let plain: BTreeMap<&str, &str> = secrets
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    serde_json::to_writer(&mut *out, &plain).expect("a map of strings serializes");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LocalHome;

    fn home(name: &str) -> LocalHome {
        let dir = std::env::temp_dir().join(format!(
            "resource-home-secrets-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        LocalHome::new(dir)
    }

    fn z(s: &str) -> Zeroizing<String> {
        Zeroizing::new(s.to_owned())
    }

    #[test]
    fn set_get_remove_and_fallback() {
        let home = home("basic");
        let store = SecretStore::new(&home, "shop");
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
            ("sk_dev", Origin::Stage)
        );
        assert_eq!(
            (r["Other"].0.as_str(), r["Other"].1),
            ("o", Origin::Fallback)
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
        // On disk: what SST's getData opens: nonce-prefixed AES-GCM of a JSON map.
        let pass =
            std::fs::read_to_string(home.root().join("state/passphrase/shop/_fallback.json"))
                .unwrap();
        let sealed = std::fs::read(home.root().join("state/secret/shop/_fallback.json")).unwrap();
        let plain = seal::open(&sealed, &pass, "f", "p").unwrap();
        assert_eq!(&plain[..], br#"{"Other":"o","StripeKey":"sk_fb"}"#);
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn a_store_that_cannot_be_opened_is_never_overwritten() {
        let home = home("tamper");
        let store = SecretStore::new(&home, "shop");
        store
            .set("dev", vec![("StripeKey".into(), z("sk_canary_value"))])
            .unwrap();
        let path = home.root().join("state/secret/shop/dev.json");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[14] ^= 0x40;
        std::fs::write(&path, &bytes).unwrap();
        let err = store
            .set("dev", vec![("Other".into(), z("x"))])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("authentication failed") && err.contains("dev.json"),
            "{err}"
        );
        assert!(!err.contains("sk_canary_value"));
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "left as it was");
        // A wrong key from the environment: the same refusal, naming where it came from.
        std::fs::remove_file(&path).unwrap();
        store
            .set("dev", vec![("StripeKey".into(), z("sk_canary_value"))])
            .unwrap();
        let wrong = SecretStore::new(&home, "shop")
            .with_passphrase(seal::new_passphrase(), "SST_PASSPHRASE");
        let err = wrong.stage("dev").unwrap_err().to_string();
        assert!(err.contains("(SST_PASSPHRASE) does not match"), "{err}");
        let err = wrong.set("dev", vec![]).unwrap_err().to_string();
        assert!(err.contains("SST_PASSPHRASE is not it"), "{err}");
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn a_passphrase_from_the_environment_seeds_a_new_stage() {
        let home = home("envpass");
        let pass = seal::new_passphrase();
        let store = SecretStore::new(&home, "shop").with_passphrase(pass.clone(), "SST_PASSPHRASE");
        store.set("ci", vec![("Token".into(), z("t"))]).unwrap();
        let stored = home.passphrase("shop", "ci").unwrap().unwrap();
        assert_eq!(stored, pass, "stored as SST stores SST_PASSPHRASE");
        assert_eq!(
            SecretStore::new(&home, "shop").stage("ci").unwrap()["Token"].as_str(),
            "t"
        );
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn reads_what_sst_writes_including_null_and_escapes() {
        let home = home("sst");
        let pass = seal::new_passphrase();
        let doc = Document {
            key: "secret",
            app: "shop",
            stage: "dev",
        };
        home.create_passphrase("shop", "dev", pass.clone()).unwrap();
        // Go's json.Marshal escapes <, > and & as \u003c, \u003e, \u0026.
        let sealed = seal::seal(br#"{"A":"x\u003cy\u0026z","B":""}"#, &pass, "p").unwrap();
        home.update(doc, &mut |_| Ok(Some(sealed.clone()))).unwrap();
        let s = SecretStore::new(&home, "shop").stage("dev").unwrap();
        assert_eq!((s["A"].as_str(), s["B"].as_str()), ("x<y&z", ""));
        let sealed = seal::seal(b"null", &pass, "p").unwrap();
        home.update(doc, &mut |_| Ok(Some(sealed.clone()))).unwrap();
        assert!(
            SecretStore::new(&home, "shop")
                .stage("dev")
                .unwrap()
                .is_empty()
        );
        let sealed = seal::seal(br#"{"A":1}"#, &pass, "p").unwrap();
        home.update(doc, &mut |_| Ok(Some(sealed.clone()))).unwrap();
        let err = SecretStore::new(&home, "shop")
            .stage("dev")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("is not a JSON map of secret names to strings (line 1, column"),
            "{err}"
        );
        std::fs::remove_dir_all(home.root()).unwrap();
    }
}
