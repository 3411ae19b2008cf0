//! `sst-resources`: the command-line half of sst-resources. Reads manifests through
//! `resource-manifest` and prints through `resource-codegen`; data goes to stdout,
//! diagnostics to stderr, and any error exits non-zero.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod deployed;
mod environment;
mod home;
mod secret;
use environment::Format;
use resource_manifest::{Manifest, Parsed, SourceFile};

/// SST resource linking for Rust: check a manifest, print what `sst_resources!`
/// generates, import SST's sst-env.d.ts.
#[derive(Debug, Parser)]
#[command(name = "sst-resources", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a manifest: every problem with file:line:column, the line, and a fix;
    /// then lint it (a function linking everything, `*` permissions, a secret linked
    /// too widely) with warnings that do not fail the check.
    ///
    /// Example: sst-resources check --manifest links.toml
    Check {
        /// The manifest (links.toml, or SST's sst-env.d.ts).
        #[arg(long, default_value = "links.toml")]
        manifest: PathBuf,
        /// Warn when a secret is linked to more functions than this.
        #[arg(long, default_value_t = resource_link::lint::DEFAULT_MAX_SECRET_LINKS)]
        max_secret_links: usize,
        /// Also read this stage's values (links.<stage>.toml, or SST's deployed state
        /// with --deployed) and each function's environment from them: a problem in the
        /// values fails the check; an environment over AWS Lambda's 4 KB warns.
        #[arg(long, value_parser = home::stage_arg)]
        stage: Option<String>,
        /// The values file (default: links.<stage>.toml beside the manifest).
        #[arg(long, requires = "stage", conflicts_with = "deployed")]
        values: Option<PathBuf>,
        /// Take the stage's values from what SST deployed (SST's home).
        #[arg(long, requires = "stage")]
        deployed: bool,
        /// SST's home: where the secrets (and with --deployed, the deployed state) are.
        #[arg(long, value_enum, default_value_t = home::HomeKind::Local, env = "SST_RESOURCES_HOME")]
        home: home::HomeKind,
    },
    /// Print the Rust that `sst_resources!` generates for a manifest, formatted.
    ///
    /// Example: sst-resources types --function Upload
    Types {
        /// The manifest (links.toml, or SST's sst-env.d.ts).
        #[arg(long, default_value = "links.toml")]
        manifest: PathBuf,
        /// Only the resources this function links.
        #[arg(long)]
        function: Option<String>,
    },
    /// Print the environment SST would inject into a function: SST_RESOURCE_App and one
    /// SST_RESOURCE_<Name> per resource it links, from the stage's values file.
    ///
    /// Values come from links.<stage>.toml next to the manifest ([MyBucket] name = "...");
    /// secrets from SST_SECRET_<Name> variables, never from a file.
    ///
    /// Example: sst-resources env --function Api --stage dev --format shell
    Env {
        #[command(flatten)]
        link: LinkArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Dotenv)]
        format: Format,
        /// Write the links as SST's encrypted bundle DIR/resource.enc (how SST ships
        /// links to a Lambda) and print SST_RESOURCE_App, SST_KEY and SST_KEY_FILE instead.
        #[arg(long, value_name = "DIR")]
        bundle: Option<PathBuf>,
    },
    /// Print the IAM policy a function's links grant (least privilege: each linked
    /// type's default actions on that resource's ARNs, Linkable includes, custom types),
    /// merged and sorted. ARNs are filled from the stage's values file.
    ///
    /// Example: sst-resources policy --function Api --region us-east-1 --account 123456789012
    Policy {
        #[command(flatten)]
        link: LinkArgs,
        /// One policy per function, as a JSON object by function name.
        #[arg(long, conflicts_with = "function")]
        all: bool,
        /// The AWS partition.
        #[arg(long, default_value = "aws")]
        partition: String,
        /// The region (default: AWS_REGION, then AWS_DEFAULT_REGION).
        #[arg(long)]
        region: Option<String>,
        /// The 12-digit account id (default: AWS_ACCOUNT_ID).
        #[arg(long)]
        account: Option<String>,
    },
    /// Run a command with a function's links injected, as `sst dev`/`sst shell` do: the
    /// parent's environment kept, stdio untouched, SIGINT/SIGTERM/SIGHUP forwarded, and
    /// the child's exit code returned.
    ///
    /// Example: sst-resources run --function Api -- cargo run --example api
    Run {
        #[command(flatten)]
        link: LinkArgs,
        /// The command and its arguments.
        #[arg(last = true, required = true, value_name = "CMD")]
        command: Vec<std::ffi::OsString>,
    },
    /// Set, get, list, remove or bulk-load secrets in SST's own store (the same values
    /// `sst secret set` writes; sealed with the stage's passphrase).
    ///
    /// Example: sst-resources secret set StripeKey - --stage dev < key.txt
    Secret {
        #[command(subcommand)]
        action: secret::SecretAction,
    },
    /// Print the links.toml equivalent of SST's generated sst-env.d.ts; or, with
    /// --deployed, a complete links.toml from SST's record of a stage: every link
    /// with its type (a Linkable's properties inferred from its values, its
    /// includes) and one [functions.<Name>] per function and dev component SST
    /// records, each saying where it came from.
    ///
    /// Example: sst-resources import sst-env.d.ts > links.toml
    /// Example: sst-resources import --deployed --app shop --stage dev > links.toml
    Import {
        /// SST's generated types file (not with --deployed).
        #[arg(required_unless_present = "deployed", conflicts_with = "deployed")]
        file: Option<PathBuf>,
        /// Read SST's record of the stage (its state in SST's home, and the function
        /// bundles under .sst) instead of a file.
        #[arg(long, requires_all = ["app", "stage"])]
        deployed: bool,
        /// The SST app's name (`app().name` in sst.config.ts).
        #[arg(long, requires = "deployed")]
        app: Option<String>,
        /// The stage.
        #[arg(long, requires = "deployed", value_parser = home::stage_arg)]
        stage: Option<String>,
        /// SST's home: where the deployed state is.
        #[arg(long, value_enum, default_value_t = home::HomeKind::Local, env = "SST_RESOURCES_HOME")]
        home: home::HomeKind,
        /// The app's .sst directory (default: the nearest .sst from here up).
        #[arg(long, requires = "deployed")]
        sst_dir: Option<PathBuf>,
    },
}

/// Which links, from which values: shared by `env` and `run`.
#[derive(Debug, clap::Args)]
struct LinkArgs {
    /// The manifest.
    #[arg(long, default_value = "links.toml")]
    manifest: PathBuf,
    /// Only the resources this function links (all when omitted).
    #[arg(long)]
    function: Option<String>,
    /// The stage: names the values file and goes into SST_RESOURCE_App.
    #[arg(long, default_value = "dev", value_parser = home::stage_arg)]
    stage: String,
    /// The values file (default: links.<stage>.toml beside the manifest).
    #[arg(long, conflicts_with = "deployed")]
    values: Option<PathBuf>,
    /// Take the values SST deployed for the stage (as `sst shell` does, from the
    /// stage's state in SST's home) instead of a values file.
    #[arg(long)]
    deployed: bool,
    /// SST's home: where the secrets (and with --deployed, the deployed state) are.
    #[arg(long, value_enum, default_value_t = home::HomeKind::Local, env = "SST_RESOURCES_HOME")]
    home: home::HomeKind,
}

impl LinkArgs {
    /// The variables SST would inject: SST_RESOURCE_App and one per linked resource.
    /// With --deployed and a function SST records, exactly what `sst shell --target`
    /// gives it, from SST's record (see `Record::environment_for`).
    fn environment(&self) -> Result<Vec<(String, String)>, String> {
        if let (true, Some(function)) = (self.deployed, &self.function) {
            let manifest = read_manifest(&self.manifest)?;
            let app = home::app_name(&manifest, "deployed state")?;
            let record = deployed::record(
                self.home,
                app,
                &self.stage,
                deployed::find_sst_dir(&self.manifest).as_deref(),
            )?;
            match record.environment_for(function) {
                Some(vars) => {
                    let vars = vars.map_err(|e| format!("error: {e}"))?;
                    if let Some(f) = manifest.function(function) {
                        let recorded = &record.target(function).expect("has vars").links;
                        let mut a: Vec<&String> = f.links.iter().collect();
                        let mut b: Vec<&String> = recorded.iter().collect();
                        a.sort();
                        b.sort();
                        if a != b {
                            eprintln!(
                                "warning: [functions.{function}] in {} differs from what SST links to it; the process gets SST's links\nhelp: sst-resources check --deployed --stage {}",
                                manifest.file, self.stage
                            );
                        }
                    }
                    return Ok(vars);
                }
                None if !record.targets.is_empty() => eprintln!(
                    "note: SST records no function `{function}` on stage `{}`; using [functions.{function}] of {}",
                    self.stage, manifest.file
                ),
                None => eprintln!("{}", deployed::no_targets_note(&self.stage)),
            }
        }
        let (manifest, links) = self.links(true)?;
        resource_link::values::environment(
            &manifest,
            &links,
            &self.stage,
            self.function.as_deref(),
        )
        .map_err(|e| format!("error: {e}"))
    }

    /// The manifest and the linked resources' values; with `secrets` false, secret
    /// properties are left empty (a policy never names them).
    fn links(&self, secrets: bool) -> Result<(Manifest, resource_link::values::Links), String> {
        let manifest = read_manifest(&self.manifest)?;
        if self.deployed {
            let links = self.deployed_links(&manifest, secrets)?;
            return Ok((manifest, links));
        }
        let values = self.values.clone().unwrap_or_else(|| {
            self.manifest
                .with_file_name(format!("links.{}.toml", self.stage))
        });
        let name = values.display().to_string();
        let text = std::fs::read_to_string(&values).map_err(|e| {
            format!("error: cannot read the values file {name}: {e}\nhelp: create it with one table per resource, e.g. [MyBucket] name = \"...\"; or take what SST deployed with --deployed")
        })?;
        let file = SourceFile::new(name.clone(), text);
        // Secrets: SST_SECRET_<Name> first (as SST itself, e.g. in CI), then SST's own
        // store for this app and stage (what `sst secret set` wrote), opened only when
        // a linked secret needs it.
        let from_env = |resource: &str| std::env::var(format!("SST_SECRET_{resource}")).ok();
        let f = self.function.as_deref().and_then(|f| manifest.function(f));
        let needs_store = secrets
            && manifest
                .linked_to(f)
                .iter()
                .any(|r| r.properties.iter().any(|p| p.secret) && from_env(&r.name).is_none());
        let store = match (&manifest.app_name, needs_store) {
            (Some(app), true) => {
                let home = home::open(self.home)?;
                home::secret_store(home.as_ref(), app)
                    .resolved(&self.stage)
                    .map_err(|e| format!("error: {e}"))?
            }
            _ => Default::default(),
        };
        let secret = |resource: &str| {
            if secrets {
                from_env(resource)
                    .or_else(|| store.get(resource).map(|(v, _)| v.as_str().to_owned()))
            } else {
                Some(String::new())
            }
        };
        let links = resource_link::values::read_values(
            &file,
            &manifest,
            self.function.as_deref(),
            &secret,
        )
        .map_err(|problems| render_diagnostics(&problems, &name))?;
        Ok((manifest, links))
    }

    /// The stage's deployed links from SST's home, checked against the manifest.
    fn deployed_links(
        &self,
        manifest: &Manifest,
        secrets: bool,
    ) -> Result<resource_link::values::Links, String> {
        let app = home::app_name(manifest, "deployed state")?;
        let home = home::open(self.home)?;
        let deployed = resource_home::state::deployed_links(
            home.as_ref(),
            app,
            &self.stage,
            home::passphrase_from_env(),
            secrets,
        )
        .map_err(|e| format!("error: {e}"))?;
        let source = home.location(resource_home::Document {
            key: "app",
            app,
            stage: &self.stage,
        });
        resource_link::values::check_deployed(
            manifest,
            self.function.as_deref(),
            &deployed,
            &source,
        )
        .map_err(|problems| {
            let n = problems.len();
            format!(
                "{}\n\nerror: {n} problem{} with the links deployed on stage `{}`",
                problems
                    .iter()
                    .map(|p| format!("error: {p}"))
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                if n == 1 { "" } else { "s" },
                self.stage
            )
        })
    }
}

/// Reads, parses and checks a manifest; `Err` is every problem, rendered.
fn read_manifest(path: &Path) -> Result<Manifest, String> {
    let (_, parsed) = read_source(path)?;
    if !parsed.diagnostics.is_empty() {
        return Err(render(&parsed));
    }
    Ok(parsed.manifest)
}

/// Writes every linked resource of `vars` (not App) to `dir/resource.enc`, sealed as
/// SST seals it, and returns what the function needs instead: App, the key and the
/// file name (relative, as SST sets it; the bundle sits in the working directory).
fn write_bundle(dir: &Path, vars: Vec<(String, String)>) -> Result<Vec<(String, String)>, String> {
    let mut app = None;
    let mut resources = serde_json::Map::new();
    // Plain variables (`environment` includes, `[functions.F.env]` exports) stay in
    // the function's environment, as SST's Function keeps its environment includes.
    let mut plain = Vec::new();
    for (name, json) in vars {
        match name.strip_prefix("SST_RESOURCE_") {
            Some("App") => app = Some((name, json)),
            Some(resource) => {
                let value: serde_json::Value =
                    serde_json::from_str(&json).map_err(|e| format!("error: {name}: {e}"))?;
                resources.insert(resource.to_owned(), value);
            }
            None => plain.push((name, json)),
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
    let path = dir.join("resource.enc");
    let key = resource_runtime::bundle::write(&path, &serde_json::Value::Object(resources))
        .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    let mut out: Vec<(String, String)> = app.into_iter().collect();
    out.push(("SST_KEY".into(), key.expose_base64().to_owned()));
    out.push(("SST_KEY_FILE".into(), "resource.enc".into()));
    out.extend(plain);
    Ok(out)
}

/// Runs `command` with `vars` added to this process's environment; returns the exit
/// code to end with (the child's, or 128 + the signal that ended it).
fn run_child(command: &[std::ffi::OsString], vars: Vec<(String, String)>) -> Result<i32, String> {
    let (program, args) = command.split_first().ok_or("error: no command to run")?;
    // Caught before the child exists, so a signal that arrives while it starts is
    // forwarded, not the default action that would end this process and orphan it.
    #[cfg(unix)]
    let signals = watch_signals()?;
    let mut child = std::process::Command::new(program)
        .args(args)
        .envs(vars)
        .spawn()
        .map_err(|e| format!("error: cannot run {}: {e}", program.to_string_lossy()))?;
    #[cfg(unix)]
    let forwarding = forward_signals(signals, child.id())?;
    let status = child
        .wait()
        .map_err(|e| format!("error: waiting for the command: {e}"))?;
    #[cfg(unix)]
    forwarding.close();
    if let Some(code) = status.code() {
        return Ok(code);
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return Ok(128 + signal);
        }
    }
    Ok(1)
}

/// Catches SIGINT, SIGTERM and SIGHUP, queued until [`forward_signals`] sends them on.
#[cfg(unix)]
fn watch_signals() -> Result<signal_hook::iterator::Signals, String> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
        .map_err(|e| format!("error: cannot watch signals: {e}"))
}

/// Forwards the signals `signals` catches (those already queued first) to the child,
/// until the returned handle is closed.
#[cfg(unix)]
fn forward_signals(
    mut signals: signal_hook::iterator::Signals,
    pid: u32,
) -> Result<signal_hook::iterator::Handle, String> {
    let handle = signals.handle();
    let pid = libc::pid_t::try_from(pid).map_err(|_| "error: child pid out of range".to_owned())?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            // SAFETY: kill(2) has no memory effects; `pid` is our own child, reaped only
            // after this forwarding stops (the handle is closed after `wait`).
            unsafe {
                libc::kill(pid, signal);
            }
        }
    });
    Ok(handle)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    if let Command::Run { link, command } = &cli.command {
        let code = link
            .environment()
            .and_then(|vars| environment::prepare(vars, environment::Platform::current()))
            .and_then(|prepared| {
                if let Some(note) = &prepared.note {
                    eprintln!("{note}");
                }
                run_child(command, prepared.vars)
            });
        return match code {
            Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            Err(message) => {
                eprintln!("{}", message.trim_end());
                ExitCode::FAILURE
            }
        };
    }
    match run(cli.command) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

/// clap's message, except for `secret`: clap quotes the argument it did not expect,
/// and there that may be a secret value (`secret set Key --sk_live_...`).
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let secret = std::env::args_os().nth(1).is_some_and(|a| a == "secret");
    let informational = matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !secret || informational {
        e.exit();
    }
    eprintln!(
        "error: {} (the arguments are not repeated here, in case one is a value)\nhelp: see `sst-resources secret --help`; a value starting with `-` goes on standard input (`-`) or after `--`",
        e.kind()
    );
    ExitCode::from(2)
}

/// Reads and parses a manifest; `Err` is the text to print.
fn read(path: &Path) -> Result<Parsed, String> {
    read_source(path).map(|(_, parsed)| parsed)
}

/// Reads and parses a manifest (an `sst-env.d.ts` with the files it references),
/// keeping the text of the file the manifest is named after (lints quote it).
fn read_source(path: &Path) -> Result<(SourceFile, Parsed), String> {
    let name = path.display().to_string();
    let loaded = resource_manifest::load(path, &name).map_err(|e| format!("error: {e}"))?;
    let parsed = loaded.parsed;
    let files: Vec<SourceFile> = loaded.files.into_iter().map(|(_, f)| f).collect();
    let file = files
        .iter()
        .find(|f| f.name() == parsed.manifest.file)
        .or(files.first())
        .cloned()
        .unwrap_or_else(|| SourceFile::new(name, ""));
    Ok((file, parsed))
}

fn render(parsed: &Parsed) -> String {
    render_diagnostics(&parsed.diagnostics, &parsed.manifest.file)
}

/// Every diagnostic, rendered, then `error: N problem(s) in FILE`.
fn render_diagnostics(diagnostics: &[resource_manifest::Diagnostic], file: &str) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&d.render());
        out.push_str("\n\n");
    }
    let n = diagnostics.len();
    out.push_str(&format!(
        "error: {n} problem{} in {file}",
        if n == 1 { "" } else { "s" }
    ));
    out
}

fn run(command: Command) -> Result<String, String> {
    match command {
        Command::Check {
            manifest,
            max_secret_links,
            stage,
            values,
            deployed,
            home,
        } => {
            let (file, parsed) = read_source(&manifest)?;
            if !parsed.diagnostics.is_empty() {
                return Err(render(&parsed));
            }
            let m = &parsed.manifest;
            let warnings = resource_link::lint::lints(m, &file, max_secret_links);
            for w in &warnings {
                eprintln!("{}\n", w.render());
            }
            let mut warned = warnings.len();
            if let Some(stage) = stage {
                let links = if deployed {
                    let app = home::app_name(m, "deployed state")?;
                    let sst_dir = deployed::find_sst_dir(&manifest);
                    let record = deployed::record(home, app, &stage, sst_dir.as_deref())?;
                    if record.targets.is_empty() {
                        eprintln!("{}\n", deployed::no_targets_note(&stage));
                    }
                    let mut problems: Vec<String> =
                        resource_link::deployed::check_functions(m, &file, &record)
                            .iter()
                            .map(resource_manifest::Diagnostic::render)
                            .collect();
                    let links = resource_link::values::check_deployed(
                        m,
                        None,
                        &record.links,
                        &record.source,
                    )
                    .map_err(|more| {
                        problems.extend(more.into_iter().map(|p| format!("error: {p}")));
                    });
                    if !problems.is_empty() {
                        let n = problems.len();
                        return Err(format!(
                            "{}\n\nerror: {n} difference{} between {} and SST's record of stage `{stage}`",
                            problems.join("\n\n"),
                            if n == 1 { "" } else { "s" },
                            m.file
                        ));
                    }
                    links.unwrap_or_default()
                } else {
                    let link = LinkArgs {
                        manifest: manifest.clone(),
                        function: None,
                        stage: stage.clone(),
                        values,
                        deployed,
                        home,
                    };
                    link.links(true)?.1
                };
                let functions: Vec<Option<&str>> = if m.functions.is_empty() {
                    vec![None]
                } else {
                    m.functions.iter().map(|f| Some(f.name.as_str())).collect()
                };
                for function in functions {
                    let vars = resource_link::values::environment(m, &links, &stage, function)
                        .map_err(|e| format!("error: {e}"))?;
                    let whose = function
                        .map_or("the environment of the app's links".to_owned(), |f| {
                            format!("the environment of function `{f}`")
                        });
                    if let Some(warning) = environment::lambda_warning(&vars, false, &whose) {
                        eprintln!("{warning}\n");
                        warned += 1;
                    }
                }
            }
            let noted = match warned {
                0 => String::new(),
                1 => ", 1 warning".to_owned(),
                n => format!(", {n} warnings"),
            };
            Ok(format!(
                "{}: {} resources, {} functions: ok{noted}\n",
                m.file,
                m.resources.len(),
                m.functions.len()
            ))
        }
        Command::Types { manifest, function } => {
            let parsed = read(&manifest)?;
            if !parsed.diagnostics.is_empty() {
                return Err(render(&parsed));
            }
            if let Some(f) = &function {
                parsed
                    .manifest
                    .find_function(f)
                    .map_err(|e| format!("error: {e}"))?;
            }
            let options = resource_codegen::Options {
                function,
                ..resource_codegen::Options::default()
            };
            let tokens = resource_codegen::expand(&parsed.manifest, &[], &options);
            let file: syn::File = syn::parse2(tokens)
                .map_err(|e| format!("error: generated code does not parse (a bug): {e}"))?;
            Ok(prettyplease::unparse(&file))
        }
        Command::Env {
            link,
            format,
            bundle,
        } => {
            let mut vars = link.environment()?;
            let bundled = bundle.is_some();
            if let Some(dir) = bundle {
                vars = write_bundle(&dir, vars)?;
            }
            let prepared = environment::prepare(vars, environment::Platform::current())?;
            if let Some(note) = &prepared.note {
                eprintln!("{note}");
            }
            let (text, skipped) = environment::render(&prepared.vars, format);
            let plain: Vec<&String> = skipped
                .iter()
                .filter(|name| !name.starts_with("SST_RESOURCE_"))
                .collect();
            if !plain.is_empty() {
                let names: Vec<String> = plain.iter().map(|n| format!("`{n}`")).collect();
                eprintln!(
                    "warning: {} left out: shells and dotenv readers refuse a variable of that name\nhelp: rename it in [functions.F.env] or the component's `environment`, or use --format json",
                    names.join(", ")
                );
            }
            if let Some(warning) =
                environment::lambda_warning(&prepared.vars, bundled, "this environment")
            {
                eprintln!("{warning}");
            }
            Ok(text)
        }
        Command::Policy {
            link,
            all,
            partition,
            region,
            account,
        } => {
            let (manifest, links) = link.links(false)?;
            let deployment = resource_link::policy::Deployment {
                partition,
                region: region
                    .or_else(|| std::env::var("AWS_REGION").ok())
                    .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok()),
                account: account.or_else(|| std::env::var("AWS_ACCOUNT_ID").ok()),
            };
            let document = |function: Option<&str>| {
                resource_link::policy::policy(&manifest, &links, function, &deployment)
                    .map_err(|e| format!("error: {e}"))
            };
            let out = if all {
                let mut by_function = serde_json::Map::new();
                for f in &manifest.functions {
                    by_function.insert(f.name.clone(), document(Some(&f.name))?);
                }
                serde_json::Value::Object(by_function)
            } else {
                document(link.function.as_deref())?
            };
            Ok(format!(
                "{}\n",
                serde_json::to_string_pretty(&out).expect("a JSON value serializes")
            ))
        }
        Command::Secret { action } => secret::run(action),
        Command::Run { .. } => {
            unreachable!("`run` is handled by main: it exits with the child's code")
        }
        Command::Import {
            file: _,
            deployed: true,
            app: Some(app),
            stage: Some(stage),
            home,
            sst_dir,
        } => {
            let sst_dir = sst_dir.or_else(|| deployed::find_sst_dir(Path::new(".")));
            let record = deployed::record(home, &app, &stage, sst_dir.as_deref())?;
            if record.links.is_empty() {
                return Err(format!(
                    "error: SST's record of stage `{stage}` ({}) holds no links\nhelp: deploy the stage (`sst deploy --stage {stage}` or `sst dev`), or import sst-env.d.ts",
                    record.source
                ));
            }
            if record.targets.is_empty() {
                eprintln!("{}", deployed::no_targets_note(&stage));
            }
            Ok(resource_link::deployed::to_toml(&record))
        }
        Command::Import { file, .. } => {
            let file = file.ok_or("error: import needs a file, or --deployed")?;
            let name = file.display().to_string();
            if !name.ends_with(".d.ts") {
                return Err(format!(
                    "error: {name} is not a .d.ts file\nhelp: pass SST's generated sst-env.d.ts"
                ));
            }
            let parsed = read(&file)?;
            if !parsed.diagnostics.is_empty() {
                return Err(render(&parsed));
            }
            if parsed.manifest.resources.is_empty() {
                return Err(format!(
                    "error: {name} declares no linked resources\nhelp: run `sst dev` or `sst deploy` so SST writes them"
                ));
            }
            Ok(format!(
                "# Imported from {name} by `sst-resources import`.\n# Add [functions.<Name>] link = [...] sets to check each function's links.\n\n{}",
                resource_link::to_toml(&parsed.manifest)
            ))
        }
    }
}
