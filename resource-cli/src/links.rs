//! Which links a command gives, from which values: the stage's values file with each
//! secret from `SST_SECRET_<Name>`, else SST's own store; or, with `--deployed`, what
//! SST deployed, and for a function SST records, exactly what `sst shell --target`
//! gives it. Returns the links as structure ([`Environment`]: App, each link's JSON
//! by name, plain variables) for `env`, `run` and `policy`; how they reach a process
//! is `environment`'s.

use resource_home::secrets::FALLBACK;
use resource_link::deployed::Record;
use resource_link::environment::Environment;
use resource_link::values::{self, Links};
use resource_manifest::{Diagnostic, Manifest, SourceFile};

use crate::deployed;
use crate::error::{Error, plural};
use crate::home;
use crate::manifest::{checked, problems, read_source};
use crate::opt::LinkArgs;

/// Whether a command needs the secrets' values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secrets {
    /// Read them: from `SST_SECRET_<Name>`, else SST's store (deployed: opened with
    /// the stage's passphrase).
    Read,
    /// Leave secret properties empty: a policy never names them, and no store or
    /// passphrase is opened.
    Blank,
}

impl LinkArgs {
    /// What SST would give the process: App, each linked resource, plain variables.
    /// With --deployed and a function SST records, exactly what `sst shell --target`
    /// gives it, from SST's record (see `Record::link_environment_for`).
    pub fn environment(&self) -> Result<Environment, Error> {
        if let (true, Some(function)) = (self.deployed, &self.function) {
            let (file, parsed) = read_source(&self.manifest)?;
            let manifest = checked(parsed)?;
            let app = home::app_name(&manifest, "deployed state")?;
            let record = deployed::record(
                self.home,
                app,
                &self.stage,
                deployed::find_sst_dir(&self.manifest).as_deref(),
            )?;
            // What the code will decode, its declared links as deployed: checked
            // whichever way the process gets its links.
            let declared = || {
                let f = manifest.find_function(function).map_err(Error::new)?;
                resource_link::deployed::check_deployed(&manifest, &file, Some(f), &record)
                    .map_err(|problems| deployed_problems(problems, &self.stage))
            };
            match record.link_environment_for(function) {
                Some(env) => {
                    let env = env.map_err(Error::new)?;
                    if let Some(f) = manifest.function(function) {
                        declared()?;
                        let recorded = &record.target(function).expect("has vars").links;
                        let differs = f.links.iter().collect::<std::collections::BTreeSet<_>>()
                            != recorded.iter().collect();
                        if differs {
                            eprintln!(
                                "warning: [functions.{function}] in {} differs from what SST links to it; the process gets SST's links\nhelp: sst-resources check --deployed --stage {}",
                                manifest.file, self.stage
                            );
                        }
                    }
                    return Ok(env);
                }
                None if !record.targets.is_empty() => eprintln!(
                    "note: SST records no function `{function}` on stage `{}`; using [functions.{function}] of {}",
                    self.stage, manifest.file
                ),
                None => eprintln!("{}", deployed::no_targets_note(&self.stage)),
            }
            // The links.toml set, from the record already read (not the state again:
            // opening it costs a PBKDF2 of a million rounds).
            let links = declared()?;
            return resource_link::environment::link_environment(
                &manifest,
                &links,
                &self.stage,
                Some(function),
            )
            .map_err(Error::new);
        }
        let (manifest, links) = self.links(Secrets::Read)?;
        resource_link::environment::link_environment(
            &manifest,
            &links,
            &self.stage,
            self.function.as_deref(),
        )
        .map_err(Error::new)
    }

    /// The manifest and the linked resources' values.
    pub fn links(&self, secrets: Secrets) -> Result<(Manifest, Links), Error> {
        let (declared, parsed) = read_source(&self.manifest)?;
        let manifest = checked(parsed)?;
        // A mistyped --function first: before the values of resources it may not link.
        if let Some(f) = &self.function {
            manifest.find_function(f).map_err(Error::new)?;
        }
        if self.deployed {
            let links = self.deployed_links(&manifest, &declared, secrets)?;
            return Ok((manifest, links));
        }
        let values = self.values.clone().unwrap_or_else(|| {
            self.manifest
                .with_file_name(format!("links.{}.toml", self.stage))
        });
        let name = values.display().to_string();
        let text = std::fs::read_to_string(&values).map_err(|e| {
            Error::new(format_args!("cannot read the values file {name}: {e}"))
                .help("create it with a table per linked resource, named as in the manifest, holding its properties (`[MyBucket]`, then `name = \"...\"` on the next line); or take what SST deployed on the stage with --deployed")
        })?;
        let file = SourceFile::new(name.clone(), text);
        // Secrets: SST_SECRET_<Name> first (as SST itself, e.g. in CI), then SST's own
        // store for this app and stage (what `sst secret set` wrote), opened only when
        // a linked secret needs it.
        let from_env = |resource: &str| std::env::var(format!("SST_SECRET_{resource}")).ok();
        let f = self.function.as_deref().and_then(|f| manifest.function(f));
        let needs_store = secrets == Secrets::Read
            && manifest
                .linked_to(f)
                .iter()
                .any(|r| r.properties.iter().any(|p| p.secret) && from_env(&r.name).is_none());
        // What a secret with no value was looked for in, for its message.
        let mut read = values::Store::NotRead {
            why: format!("{} has no [app] name", manifest.file),
            fix: format!(
                "add [app] name = \"<your SST app's name>\" to {} and set it in SST's secret store",
                manifest.file
            ),
        };
        let store = match (&manifest.app_name, needs_store) {
            (Some(app), true) => {
                let home = home::open(self.home)?;
                read = self.store_places(home.as_ref(), app);
                home::secret_store(home.as_ref(), app)
                    .resolved(&self.stage)
                    .map_err(Error::new)?
            }
            _ => Default::default(),
        };
        let secret = |resource: &str| match secrets {
            Secrets::Read => from_env(resource)
                .or_else(|| store.get(resource).map(|(v, _)| v.as_str().to_owned())),
            Secrets::Blank => Some(String::new()),
        };
        let secrets = values::Secrets {
            manifest: &declared,
            stage: &self.stage,
            value: &secret,
            store: read,
        };
        let links = values::read_values(&file, &manifest, self.function.as_deref(), &secrets)
            .map_err(|diagnostics| {
                // The values file's problems, and a secret's with no value at its
                // declaration in the manifest.
                let mut files: Vec<&str> = Vec::new();
                for d in &diagnostics {
                    if !files.contains(&d.file.as_str()) {
                        files.push(&d.file);
                    }
                }
                problems(&diagnostics, &files.join(" and "))
            })?;
        Ok((manifest, links))
    }

    /// The places SST's secret store of `app` is read, in the order a value is taken
    /// (the stage's, then the fallback's), and `secret set`'s arguments to write the
    /// stage's: the manifest when not the default one, the stage, the home when AWS.
    fn store_places(&self, home: &dyn resource_home::Home, app: &str) -> values::Store {
        let doc = |stage| {
            home.location(resource_home::Document {
                key: "secret",
                app,
                stage,
            })
        };
        let mut places = vec![format!(
            "SST's secret store for stage `{}` ({})",
            self.stage,
            doc(&self.stage)
        )];
        if self.stage != FALLBACK {
            places.push(format!("its fallback ({})", doc(FALLBACK)));
        }
        let mut set_args = String::new();
        if self.manifest != std::path::Path::new("links.toml") {
            set_args.push_str(&format!("--manifest {} ", self.manifest.display()));
        }
        set_args.push_str(&format!("--stage {}", self.stage));
        if self.home == home::HomeKind::Aws {
            set_args.push_str(" --home aws");
        }
        values::Store::Read { places, set_args }
    }

    /// The stage's deployed links from SST's home, checked against the manifest.
    fn deployed_links(
        &self,
        manifest: &Manifest,
        file: &SourceFile,
        secrets: Secrets,
    ) -> Result<Links, Error> {
        let app = home::app_name(manifest, "deployed state")?;
        let home = home::open(self.home)?;
        let deployed = resource_home::state::deployed_links(
            home.as_ref(),
            app,
            &self.stage,
            home::passphrase_from_env(),
            secrets == Secrets::Read,
        )
        .map_err(home::error(self.home))?;
        let source = home.location(resource_home::Document {
            key: "app",
            app,
            stage: &self.stage,
        });
        let function = self
            .function
            .as_deref()
            .map(|f| manifest.find_function(f))
            .transpose()
            .map_err(Error::new)?;
        let record = Record {
            app: app.to_owned(),
            stage: self.stage.clone(),
            source,
            links: deployed,
            ..Record::default()
        };
        resource_link::deployed::check_deployed(manifest, file, function, &record)
            .map_err(|found| deployed_problems(found, &self.stage))
    }
}

/// `N problems with the links deployed on stage S`, each problem before it.
fn deployed_problems(found: Vec<Diagnostic>, stage: &str) -> Error {
    Error::new(format_args!(
        "{} with the links deployed on stage `{stage}`",
        plural(found.len(), "problem"),
    ))
    .after(found.iter().map(Diagnostic::render).collect())
}
