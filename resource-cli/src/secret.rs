//! `sst-resources secret`: set, get, list, remove and bulk-load a stage's secrets in
//! SST's own store, so `sst secret set` and this command see the same values. Only
//! names the manifest declares as `sst.Secret` are accepted. Values go to stdout only
//! for `get` and `list --values`; messages name secrets, never their values.

use std::io::Read as _;
use std::path::PathBuf;

use resource_cli::dotenv;
use resource_home::secrets::{FALLBACK, Origin};
use resource_manifest::Manifest;
use zeroize::Zeroizing;

use crate::home::{self, HomeKind};

/// What to do with the store.
#[derive(clap::Subcommand)]
pub enum SecretAction {
    /// Set a secret: `secret set StripeKey sk_test_123`, or from stdin with `-` (or no
    /// value), so it never sits in shell history: `pbpaste | sst-resources secret set StripeKey -`.
    Set {
        /// The secret's name, as declared in the manifest (`type = "sst.Secret"`).
        name: String,
        /// The value; `-` or nothing reads standard input (one trailing newline dropped).
        value: Option<String>,
        #[command(flatten)]
        scope: Scope,
    },
    /// Print a secret's value (the stage's, else its fallback).
    Get {
        /// The secret's name.
        name: String,
        #[command(flatten)]
        scope: Scope,
    },
    /// List the manifest's secrets and where each one's value comes from; with
    /// `--values`, print NAME=value lines instead (a dotenv file `load` reads).
    List {
        #[command(flatten)]
        scope: Scope,
        /// Print the values (dotenv), not just the names.
        #[arg(long)]
        values: bool,
    },
    /// Remove a secret from the stage (its fallback, if any, then applies).
    Remove {
        /// The secret's name.
        name: String,
        #[command(flatten)]
        scope: Scope,
    },
    /// Set every secret of a dotenv file (NAME=value lines) in one write: all or nothing.
    Load {
        /// The dotenv file.
        file: PathBuf,
        #[command(flatten)]
        scope: Scope,
    },
}

/// Names the action and its scope; never a value.
impl std::fmt::Debug for SecretAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SecretAction::Set { name, value, scope } => f
                .debug_struct("Set")
                .field("name", name)
                .field("value", &value.as_ref().map(|_| "[redacted]"))
                .field("scope", scope)
                .finish(),
            SecretAction::Get { name, scope } => f
                .debug_struct("Get")
                .field("name", name)
                .field("scope", scope)
                .finish(),
            SecretAction::List { scope, values } => f
                .debug_struct("List")
                .field("scope", scope)
                .field("values", values)
                .finish(),
            SecretAction::Remove { name, scope } => f
                .debug_struct("Remove")
                .field("name", name)
                .field("scope", scope)
                .finish(),
            SecretAction::Load { file, scope } => f
                .debug_struct("Load")
                .field("file", file)
                .field("scope", scope)
                .finish(),
        }
    }
}

/// Which app (from the manifest), stage and home.
#[derive(Debug, clap::Args)]
pub struct Scope {
    /// The manifest: names the app and declares the secrets.
    #[arg(long, default_value = "links.toml")]
    manifest: PathBuf,
    /// The stage.
    #[arg(long, default_value = "dev", conflicts_with = "fallback", value_parser = home::stage_arg)]
    stage: String,
    /// The fallback value, used by stages that set none (SST's `--fallback`).
    #[arg(long)]
    fallback: bool,
    /// Where the store is.
    #[arg(long, value_enum, default_value_t = HomeKind::Local, env = "SST_RESOURCES_HOME")]
    home: HomeKind,
}

impl Scope {
    fn stage(&self) -> &str {
        if self.fallback { FALLBACK } else { &self.stage }
    }
}

/// SST's rule for secret names (`sst secret set`): `^[A-Z][a-zA-Z0-9_]*$`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The manifest's `sst.Secret` resources.
fn secret_names(manifest: &Manifest) -> Vec<&str> {
    manifest
        .resources
        .iter()
        .filter(|r| r.wire_type == "sst.sst.Secret")
        .map(|r| r.name.as_str())
        .collect()
}

/// `name` if the manifest declares it as a secret; else why not, and the fix. A name
/// that is not close to a declared one is not repeated: it may be a value (arguments
/// swapped, a continuation line of a multi-line value in a dotenv file).
fn check_name(manifest: &Manifest, name: &str) -> Result<(), String> {
    const UNREPEATED: &str = "not repeated here, in case it is a value";
    if !valid_name(name) {
        return Err(format!(
            "error: not a valid secret name ({UNREPEATED}): SST's names start with an uppercase letter, then letters, digits or `_`"
        ));
    }
    if let Some(r) = manifest.resource(name) {
        if r.wire_type == "sst.sst.Secret" {
            return Ok(());
        }
        return Err(format!(
            "error: `{name}` is a `{}` in {}:{}, not an `sst.Secret`",
            r.component, manifest.file, r.line
        ));
    }
    let names = secret_names(manifest);
    if let Some(best) = resource_manifest::did_you_mean(name, names.iter().copied()) {
        return Err(format!(
            "error: {} declares no secret `{name}`\nhelp: did you mean `{best}`?",
            manifest.file
        ));
    }
    let help = if names.is_empty() {
        format!(
            "declare it in {}: [resources.<Name>] type = \"sst.Secret\"",
            manifest.file
        )
    } else {
        format!("the secrets it declares: {}", names.join(", "))
    };
    Err(format!(
        "error: {} declares no such secret ({UNREPEATED})\nhelp: {help}",
        manifest.file
    ))
}

/// Runs `action`; `Ok` is what to print on stdout.
pub fn run(action: SecretAction) -> Result<String, String> {
    let scope = match &action {
        SecretAction::Set { scope, .. }
        | SecretAction::Get { scope, .. }
        | SecretAction::List { scope, .. }
        | SecretAction::Remove { scope, .. }
        | SecretAction::Load { scope, .. } => scope,
    };
    let manifest = crate::read_manifest(&scope.manifest)?;
    let app = home::app_name(&manifest, "secrets")?.to_owned();
    let home = home::open(scope.home)?;
    let store = home::secret_store(home.as_ref(), &app);
    let stage = scope.stage();
    let fail = |e: resource_home::HomeError| format!("error: {e}");
    match &action {
        SecretAction::Set { name, value, .. } => {
            check_name(&manifest, name)?;
            let value = match value.as_deref() {
                None | Some("-") => read_stdin()?,
                Some(v) => Zeroizing::new(v.to_owned()),
            };
            if value.is_empty() {
                eprintln!("warning: `{name}` is set to an empty value");
            }
            store
                .set(stage, vec![(name.clone(), value)])
                .map_err(fail)?;
            eprintln!("Set `{name}` for {}", describe(stage));
            Ok(String::new())
        }
        SecretAction::Get { name, scope } => {
            check_name(&manifest, name)?;
            let resolved = store.resolved(stage).map_err(fail)?.remove(name);
            match resolved {
                Some((value, _)) => Ok(format!("{}\n", value.as_str())),
                None => Err(format!(
                    "error: `{name}` has no value for {}\nhelp: sst-resources secret set {name} --manifest {} {}",
                    describe(stage),
                    scope.manifest.display(),
                    if scope.fallback {
                        "--fallback".to_owned()
                    } else {
                        format!("--stage {stage}")
                    }
                )),
            }
        }
        SecretAction::List { values, .. } => {
            let resolved = store.resolved(stage).map_err(fail)?;
            let mut out = String::new();
            if *values {
                for (name, (value, _)) in &resolved {
                    out.push_str(&format!("{name}={}\n", dotenv::quote(value.as_str())));
                }
                return Ok(out);
            }
            for name in secret_names(&manifest) {
                let state = match resolved.get(name) {
                    Some((_, Origin::Stage)) => "set".to_owned(),
                    Some((_, Origin::Fallback)) => "set (fallback)".to_owned(),
                    None => "not set".to_owned(),
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
            if store.remove(stage, name).map_err(fail)? {
                eprintln!("Removed `{name}` from {}", describe(stage));
                Ok(String::new())
            } else {
                Err(format!(
                    "error: `{name}` is not set for {}",
                    describe(stage)
                ))
            }
        }
        SecretAction::Load { file, .. } => {
            let text = Zeroizing::new(
                std::fs::read_to_string(file)
                    .map_err(|e| format!("error: cannot read {}: {e}", file.display()))?,
            );
            let entries = dotenv::parse(&text, &file.display().to_string())?;
            let mut problems: Vec<(usize, String)> = entries
                .iter()
                .filter_map(|(line, name, _)| {
                    let problem = check_name(&manifest, name).err()?;
                    Some((
                        *line,
                        format!(
                            "{}:{line}: {}",
                            file.display(),
                            problem.trim_start_matches("error: ")
                        ),
                    ))
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
                        "{f}:{line}: {what} set twice, here and at {f}:{first}\nhelp: keep one of the two lines",
                        f = file.display()
                    ),
                ));
            }
            problems.sort_by_key(|(line, _)| *line);
            let problems: Vec<String> = problems.into_iter().map(|(_, p)| p).collect();
            if !problems.is_empty() {
                return Err(format!(
                    "error: nothing loaded: {} problem{} in {}\n{}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" },
                    file.display(),
                    problems.join("\n")
                ));
            }
            let n = entries.len();
            store
                .set(stage, entries.into_iter().map(|(_, k, v)| (k, v)).collect())
                .map_err(fail)?;
            eprintln!(
                "Loaded {n} secret{} into {}",
                if n == 1 { "" } else { "s" },
                describe(stage)
            );
            Ok(String::new())
        }
    }
}

fn describe(stage: &str) -> String {
    if stage == FALLBACK {
        "the fallback (stages with no value of their own)".to_owned()
    } else {
        format!("stage `{stage}`")
    }
}

fn read_stdin() -> Result<Zeroizing<String>, String> {
    use std::io::IsTerminal as _;
    if std::io::stdin().is_terminal() {
        eprintln!("Type the value, then Enter and Ctrl-D (it is not echoed to any log):");
    }
    let mut value = Zeroizing::new(String::new());
    std::io::stdin()
        .read_to_string(&mut value)
        .map_err(|e| format!("error: cannot read the value from standard input: {e}"))?;
    // Exactly one line ending goes (the one `echo` adds); the rest is the value.
    let keep = value
        .strip_suffix('\n')
        .map(|v| v.strip_suffix('\r').unwrap_or(v).len())
        .unwrap_or(value.len());
    value.truncate(keep);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_ssts_rule() {
        for ok in ["StripeKey", "A", "ZEN_LITE_PRICE", "Key2"] {
            assert!(valid_name(ok), "{ok}");
        }
        for bad in ["", "stripeKey", "2Key", "Stripe-Key", "_Key", "Key Name"] {
            assert!(!valid_name(bad), "{bad}");
        }
    }
}
