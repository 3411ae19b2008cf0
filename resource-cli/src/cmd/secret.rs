//! `secret`: set, get, list, remove and bulk-load a stage's secrets in SST's own
//! store, so `sst secret set` and this command see the same values. Only names the
//! manifest declares as `sst.Secret` are accepted. Values go to stdout only for `get`
//! and `list --values`; messages name secrets, never their values.

use std::io::Read as _;

use resource_cli::dotenv;
use resource_home::secrets::{FALLBACK, Scope};
use resource_manifest::{Manifest, catalogue};
use zeroize::Zeroizing;

use crate::error::{Error, plural};
use crate::home;
use crate::manifest::read_manifest;
use crate::opt::{SecretAction, SecretArg};

/// Whether `r` is an `sst.Secret`.
fn is_secret(r: &resource_manifest::LinkedResource) -> bool {
    r.wire_type == catalogue::secret_type().wire_type
}

/// The manifest's `sst.Secret` resources.
fn secret_names(manifest: &Manifest) -> Vec<&str> {
    manifest
        .resources
        .iter()
        .filter(|r| is_secret(r))
        .map(|r| r.name.as_str())
        .collect()
}

/// `name` if the manifest declares it as a secret; else why not, and the fix. A name
/// that is not close to a declared one is not repeated: it may be a value (arguments
/// swapped, a continuation line of a multi-line value in a dotenv file).
fn check_name(manifest: &Manifest, name: &str) -> Result<(), Error> {
    const UNREPEATED: &str = "not repeated here, in case it is a value";
    if !resource_manifest::names::is_valid_secret_name(name) {
        return Err(Error::new(format_args!(
            "not a valid secret name ({UNREPEATED}): SST's names start with an uppercase letter, then letters, digits or `_`"
        )));
    }
    if let Some(r) = manifest.resource(name) {
        if is_secret(r) {
            return Ok(());
        }
        return Err(Error::new(format_args!(
            "`{name}` is declared as `{}` in {}:{}, not as `sst.Secret`",
            r.component, manifest.file, r.line
        )));
    }
    let names = secret_names(manifest);
    if let Some(best) = resource_manifest::did_you_mean(name, names.iter().copied()) {
        return Err(Error::new(format_args!(
            "{} declares no secret `{name}`",
            manifest.file
        ))
        .help(format_args!("did you mean `{best}`?")));
    }
    let help = if names.is_empty() {
        format!(
            "declare it in {}: [resources.<Name>] type = \"sst.Secret\"",
            manifest.file
        )
    } else {
        format!("the secrets it declares: {}", names.join(", "))
    };
    Err(Error::new(format_args!(
        "{} declares no such secret ({UNREPEATED})",
        manifest.file
    ))
    .help(help))
}

/// Runs `action`; `Ok` is what to print on stdout.
pub fn run(action: SecretAction) -> Result<String, Error> {
    let scope = action.scope();
    let manifest = read_manifest(&scope.manifest)?;
    let app = home::app_name(&manifest, "secrets")?.to_owned();
    let home = home::open(scope.home)?;
    let store = home::secret_store(home.as_ref(), &app);
    let stage = if scope.fallback {
        FALLBACK
    } else {
        &scope.stage
    };
    match &action {
        SecretAction::Set { name, value, .. } => {
            check_name(&manifest, name)?;
            let value = match value {
                None => read_stdin()?,
                Some(SecretArg(v)) if v.as_str() == "-" => read_stdin()?,
                Some(SecretArg(v)) => v.clone(),
            };
            if value.is_empty() {
                eprintln!("warning: `{name}` is set to an empty value");
            }
            store
                .set(stage, vec![(name.clone(), value)])
                .map_err(Error::new)?;
            eprintln!("Set `{name}` for {}", describe(stage));
            Ok(String::new())
        }
        SecretAction::Get { name, scope } => {
            check_name(&manifest, name)?;
            let resolved = store.resolved(stage).map_err(Error::new)?.remove(name);
            match resolved {
                Some((value, _)) => Ok(format!("{}\n", value.as_str())),
                None => Err(Error::new(format_args!(
                    "secret `{name}` has no value for {}",
                    describe(stage)
                ))
                .help({
                    // The same help as `run`'s and `env`'s for a secret with no value.
                    let manifest = if scope.manifest.as_os_str() == "links.toml" {
                        String::new()
                    } else {
                        format!(" --manifest {}", scope.manifest.display())
                    };
                    let (ours, sst) = if scope.fallback {
                        ("--fallback", "--fallback")
                    } else {
                        ("", "")
                    };
                    let stage_flag = if scope.fallback {
                        String::new()
                    } else {
                        format!("--stage {stage}")
                    };
                    format!(
                        "set it with `sst-resources secret set {name}{manifest} {ours}{stage_flag}` (the value on standard input) or `sst secret set {name} <value> {sst}{stage_flag}`"
                    )
                })),
            }
        }
        SecretAction::List { values, .. } => {
            let resolved = store.resolved(stage).map_err(Error::new)?;
            let mut out = String::new();
            if *values {
                for (name, (value, _)) in &resolved {
                    out.push_str(&format!("{name}={}\n", dotenv::quote(value.as_str())));
                }
                return Ok(out);
            }
            for name in secret_names(&manifest) {
                let state = match resolved.get(name) {
                    Some((_, Scope::Stage)) => "set",
                    Some((_, Scope::Fallback)) => "set (fallback)",
                    None => "not set",
                };
                out.push_str(&format!("{name}\t{state}\n"));
            }
            for name in resolved.keys().filter(|n| manifest.resource(n).is_none()) {
                out.push_str(&format!("{name}\tset, not in {}\n", manifest.file));
            }
            Ok(out)
        }
        SecretAction::Remove { name, .. } => {
            check_name(&manifest, name)?;
            if store.remove(stage, name).map_err(Error::new)? {
                eprintln!("Removed `{name}` from {}", describe(stage));
                Ok(String::new())
            } else {
                Err(Error::new(format_args!(
                    "secret `{name}` has no value for {}: nothing to remove",
                    describe(stage)
                )))
            }
        }
        SecretAction::Load { file, .. } => {
            let from_stdin = file.as_os_str() == "-";
            let f = if from_stdin {
                "<stdin>".to_owned()
            } else {
                file.display().to_string()
            };
            let text = Zeroizing::new(if from_stdin {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|e| Error::new(format_args!("cannot read standard input: {e}")))?;
                text
            } else {
                std::fs::read_to_string(file)
                    .map_err(|e| Error::new(format_args!("cannot read {f}: {e}")))?
            });
            let entries = dotenv::parse(&text, &f).map_err(Error::rendered)?;
            let mut problems: Vec<(usize, String)> = entries
                .iter()
                .filter_map(|(line, name, _)| {
                    let problem = check_name(&manifest, name).err()?;
                    Some((*line, format!("{f}:{line}: {}", problem.detail())))
                })
                .collect();
            // One secret given two values: which was meant is not ours to guess (SST
            // keeps the last). The name is repeated only when it is a declared secret.
            for (first, line, name) in dotenv::repeated(&entries) {
                let what = match check_name(&manifest, name) {
                    Ok(()) => format!("`{name}` is"),
                    Err(_) => "the same name is".to_owned(),
                };
                problems.push((
                    line,
                    format!(
                        "{f}:{line}: {what} set twice, here and at {f}:{first}\nhelp: keep one of the two lines"
                    ),
                ));
            }
            problems.sort_by_key(|(line, _)| *line);
            if !problems.is_empty() {
                return Err(Error::new(format_args!(
                    "nothing loaded: {} in {f}",
                    plural(problems.len(), "problem")
                ))
                .details(problems.into_iter().map(|(_, p)| p).collect()));
            }
            let n = entries.len();
            store
                .set(stage, entries.into_iter().map(|(_, k, v)| (k, v)).collect())
                .map_err(Error::new)?;
            eprintln!("Loaded {} into {}", plural(n, "secret"), describe(stage));
            Ok(String::new())
        }
    }
}

/// The stage as messages name it.
fn describe(stage: &str) -> String {
    if stage == FALLBACK {
        "the fallback (stages with no value of their own)".to_owned()
    } else {
        format!("stage `{stage}`")
    }
}

/// A value from standard input, less the one line ending `echo` adds.
fn read_stdin() -> Result<Zeroizing<String>, Error> {
    use std::io::IsTerminal as _;
    if std::io::stdin().is_terminal() {
        eprintln!("Type the value, then Enter and Ctrl-D (it is not echoed to any log):");
    }
    let mut value = Zeroizing::new(String::new());
    std::io::stdin().read_to_string(&mut value).map_err(|e| {
        Error::new(format_args!(
            "cannot read the value from standard input: {e}"
        ))
    })?;
    // Exactly one line ending goes (the one `echo` adds); the rest is the value.
    let keep = value
        .strip_suffix('\n')
        .map(|v| v.strip_suffix('\r').unwrap_or(v).len())
        .unwrap_or(value.len());
    value.truncate(keep);
    Ok(value)
}
