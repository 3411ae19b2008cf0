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
pub type Secrets = BTreeMap<String, SecretValue>;

/// One secret's value: zeroized on drop, `[redacted]` in `Debug` (so a map of them, an
/// error or a failing assertion never prints it), read with [`SecretValue::as_str`].
#[derive(Clone, PartialEq, Eq)]
pub struct SecretValue(Zeroizing<String>);

impl SecretValue {
    /// Wraps a value.
    pub fn new(value: Zeroizing<String>) -> Self {
        SecretValue(value)
    }

    /// The value. Keep what you do with it out of logs.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Which scope of the store a resolved secret's value came from: the stage's own, or
/// `_fallback`. (Not `resource_runtime::Origin`, which says where a link was read.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
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

    /// Uses `passphrase` (named `source` in messages, e.g. `SST_PASSPHRASE`) for a stage
    /// whose home has none, as SST does with `SST_PASSPHRASE`: a new stage is sealed
    /// with it (and it is stored, so `sst` reads the stage too), and a stage whose
    /// passphrase file is absent (a CI job with only the sealed store) opens with it.
    /// A stage's own passphrase always wins, as in SST.
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

    /// The passphrase to open `stage`'s secrets with and where it came from: the
    /// home's, else `with_passphrase`'s; `None` when there is neither.
    fn read_passphrase(
        &self,
        stage: &str,
    ) -> Result<Option<(Zeroizing<String>, String)>, HomeError> {
        if let Some(p) = self.home.passphrase(&self.app, stage)? {
            return Ok(Some((p, self.home.passphrase_location(&self.app, stage))));
        }
        Ok(self
            .passphrase
            .clone()
            .map(|p| (p, self.passphrase_source.clone())))
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
            .map(|(k, v)| (k, SecretValue::new(Zeroizing::new(v))))
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
    ) -> Result<BTreeMap<String, (SecretValue, Scope)>, HomeError> {
        let mut out: BTreeMap<_, _> = self
            .stage(FALLBACK)?
            .into_iter()
            .map(|(k, v)| (k, (v, Scope::Fallback)))
            .collect();
        if stage != FALLBACK {
            out.extend(
                self.stage(stage)?
                    .into_iter()
                    .map(|(k, v)| (k, (v, Scope::Stage))),
            );
        }
        Ok(out)
    }

    /// The passphrase to seal `stage` with, and whether to store it once it has opened
    /// the stage's data. The home's if it has one; else, when sealed data exists,
    /// `with_passphrase`'s (stored only after it opened that data: a wrong one must not
    /// become the stage's); else a new one, stored first as SST does (from
    /// `with_passphrase`'s, else 32 random bytes).
    fn write_passphrase(
        &self,
        stage: &str,
    ) -> Result<((Zeroizing<String>, String), bool), HomeError> {
        let location = self.home.passphrase_location(&self.app, stage);
        // Data first: writers create the passphrase before the data, so data without a
        // passphrase after it is truly missing one, not a first writer racing us.
        let sealed_exists = self.home.read(self.doc(stage))?.is_some();
        if let Some(p) = self.home.passphrase(&self.app, stage)? {
            return Ok(((p, location), false));
        }
        // The deployed state is sealed under the same passphrase: a stage that has one
        // but lost its passphrase must not get a new one (SST could not open its state).
        let state = Document {
            key: "app",
            app: &self.app,
            stage,
        };
        if let Some(bytes) = self.home.read(state)? {
            let Some(given) = &self.passphrase else {
                return Err(HomeError::MissingPassphrase {
                    location: self.home.location(state),
                    passphrase: location,
                });
            };
            crate::state::check_passphrase(
                &bytes,
                given,
                &self.home.location(state),
                &self.passphrase_source,
            )?;
        }
        match (&self.passphrase, sealed_exists) {
            (Some(p), true) => Ok(((p.clone(), self.passphrase_source.clone()), true)),
            (None, true) => Err(HomeError::MissingPassphrase {
                location: self.home.location(self.doc(stage)),
                passphrase: location,
            }),
            (given, false) => {
                let source = match given {
                    Some(_) => self.passphrase_source.clone(),
                    None => location.clone(),
                };
                let candidate = given.clone().unwrap_or_else(seal::new_passphrase);
                seal::check_passphrase(&candidate, &source)?;
                let in_force = self
                    .home
                    .create_passphrase(&self.app, stage, candidate.clone())?;
                let source = if in_force == candidate {
                    source
                } else {
                    location
                };
                Ok(((in_force, source), false))
            }
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
        // A change that leaves an absent stage empty (removing from it, loading nothing)
        // writes nothing: no passphrase, no document.
        if self.home.read(self.doc(stage))?.is_none() {
            let mut empty = Secrets::new();
            let result = change(&mut empty);
            if empty.is_empty() {
                return Ok(result);
            }
        }
        let (passphrase, store_after) = self.write_passphrase(stage)?;
        let mut result = None;
        self.home.update(self.doc(stage), &mut |current| {
            let mut secrets = match current {
                Some(sealed) => self.decode(stage, sealed, &passphrase)?,
                None => Secrets::new(),
            };
            let before = secrets.clone();
            result = Some(change(&mut secrets));
            if secrets == before && (current.is_some() || secrets.is_empty()) {
                return Ok(None);
            }
            seal::seal(&to_json(&secrets), &passphrase.0, &passphrase.1).map(Some)
        })?;
        if store_after {
            // It opened the stage's data: now SST can read the stage too, unless another
            // passphrase appeared meanwhile, which would not open what was just sealed.
            let in_force = self
                .home
                .create_passphrase(&self.app, stage, passphrase.0.clone())?;
            if in_force != passphrase.0 {
                return Err(HomeError::State {
                    location: self.home.passphrase_location(&self.app, stage),
                    problem: format!(
                        "another passphrase was stored while {} was written with {}\nhelp: set {} to the stored passphrase and write again",
                        self.home.location(self.doc(stage)),
                        passphrase.1,
                        passphrase.1
                    ),
                });
            }
        }
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
                secrets.insert(name.clone(), SecretValue::new(value.clone()));
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
        .map(|(k, v)| 6 * (k.len() + v.as_str().len()) + 6)
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
        // The stage's passphrase wins over one from the environment, as in SST.
        std::fs::remove_file(&path).unwrap();
        store
            .set("dev", vec![("StripeKey".into(), z("sk_canary_value"))])
            .unwrap();
        let other = SecretStore::new(&home, "shop")
            .with_passphrase(seal::new_passphrase(), "SST_PASSPHRASE");
        assert_eq!(
            other.stage("dev").unwrap()["StripeKey"].as_str(),
            "sk_canary_value"
        );
        // With no passphrase file, the environment's is used, and a wrong one refused.
        std::fs::remove_file(home.root().join("state/passphrase/shop/dev.json")).unwrap();
        let err = other.stage("dev").unwrap_err().to_string();
        assert!(err.contains("(SST_PASSPHRASE) does not match"), "{err}");
        assert!(!err.contains("sk_canary_value"));
        let err = SecretStore::new(&home, "shop")
            .stage("dev")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("has no passphrase at") && err.contains("SST_PASSPHRASE"),
            "{err}"
        );
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn a_missing_passphrase_file_is_never_replaced_by_a_wrong_one() {
        let home = home("nopass");
        let store = SecretStore::new(&home, "shop");
        store.set("dev", vec![("A".into(), z("a"))]).unwrap();
        let pass_file = home.root().join("state/passphrase/shop/dev.json");
        let right = Zeroizing::new(std::fs::read_to_string(&pass_file).unwrap());
        std::fs::remove_file(&pass_file).unwrap();
        // No passphrase anywhere: refused, no new passphrase made up.
        let err = store
            .set("dev", vec![("B".into(), z("b"))])
            .unwrap_err()
            .to_string();
        assert!(err.contains("has no passphrase at"), "{err}");
        assert!(!pass_file.exists());
        // A wrong or malformed one from the environment: refused, not stored.
        for wrong in [seal::new_passphrase(), z("bm90IGl0")] {
            let env = SecretStore::new(&home, "shop").with_passphrase(wrong, "SST_PASSPHRASE");
            assert!(env.set("dev", vec![("B".into(), z("b"))]).is_err());
            assert!(!pass_file.exists());
        }
        // The right one: the write goes through, and the passphrase is stored again.
        let env = SecretStore::new(&home, "shop").with_passphrase(right.clone(), "SST_PASSPHRASE");
        env.set("dev", vec![("B".into(), z("b"))]).unwrap();
        assert_eq!(std::fs::read_to_string(&pass_file).unwrap(), *right);
        assert_eq!(store.stage("dev").unwrap().len(), 2);
        // A malformed one is refused before a new stage is created with it.
        let bad = SecretStore::new(&home, "shop").with_passphrase(z("bm90IGl0"), "SST_PASSPHRASE");
        let err = bad
            .set("new", vec![("A".into(), z("a"))])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("SST_PASSPHRASE is not base64 of 32 bytes"),
            "{err}"
        );
        assert!(!home.root().join("state/passphrase/shop/new.json").exists());
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn debug_never_prints_a_value() {
        let home = home("debug");
        let store = SecretStore::new(&home, "shop");
        store
            .set("dev", vec![("A".into(), z("sk_canary_debug"))])
            .unwrap();
        let printed = format!(
            "{:?} {:?} {store:?}",
            store.stage("dev").unwrap(),
            store.resolved("dev").unwrap()
        );
        assert!(
            !printed.contains("sk_canary_debug") && printed.contains("[redacted]"),
            "{printed}"
        );
        std::fs::remove_dir_all(home.root()).unwrap();
    }

    #[test]
    fn nothing_to_write_creates_no_stage() {
        let home = home("noop");
        let store = SecretStore::new(&home, "shop");
        assert!(!store.remove("typo", "A").unwrap());
        store.set("empty", vec![]).unwrap();
        assert!(
            !home.root().join("state").exists(),
            "no passphrase, no document"
        );
    }

    #[test]
    fn a_deployed_stage_without_its_passphrase_gets_no_new_one() {
        let home = home("deployed");
        let pass = seal::new_passphrase();
        let links = serde_json::json!({"K": {"value": "v", "type": "sst.sst.Secret"}});
        let state = crate::state::fixture::checkpoint(
            "shop",
            "prod",
            &pass,
            links.as_object().unwrap(),
            &["value"],
        );
        let doc = Document {
            key: "app",
            app: "shop",
            stage: "prod",
        };
        home.update(doc, &mut |_| Ok(Some(state.to_string().into_bytes())))
            .unwrap();
        let pass_file = home.root().join("state/passphrase/shop/prod.json");
        // No passphrase: refused, none made up (SST could not open its state after).
        let err = SecretStore::new(&home, "shop")
            .set("prod", vec![("K".into(), z("x"))])
            .unwrap_err();
        assert!(matches!(err, HomeError::MissingPassphrase { .. }), "{err}");
        assert!(!pass_file.exists());
        // A wrong one from the environment: refused by the state's own check value.
        let wrong = SecretStore::new(&home, "shop")
            .with_passphrase(seal::new_passphrase(), "SST_PASSPHRASE");
        let err = wrong
            .set("prod", vec![("K".into(), z("x"))])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("authentication failed: the passphrase (SST_PASSPHRASE)"),
            "{err}"
        );
        assert!(!pass_file.exists());
        // The right one: accepted and stored.
        let right = SecretStore::new(&home, "shop").with_passphrase(pass.clone(), "SST_PASSPHRASE");
        right.set("prod", vec![("K".into(), z("x"))]).unwrap();
        assert_eq!(std::fs::read_to_string(&pass_file).unwrap(), *pass);
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
