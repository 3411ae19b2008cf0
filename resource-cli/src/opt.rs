//! The command line, as clap types only: every command's arguments and their help
//! text, and how a parse error is reported. What the commands do is `cmd`'s.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use zeroize::Zeroizing;

use crate::environment::Format;
use crate::error::Error;
use crate::home::{self, HomeKind};

/// SST resource linking for Rust: check links.toml, generate its Rust, run a process
/// with a function's links, its IAM policy, SST's secrets, import what SST generates
/// or deployed.
#[derive(Debug, Parser)]
#[command(name = "sst-resources", version, about, long_about = None)]
pub struct Opt {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a manifest: every problem with file:line:column, the line, and a fix;
    /// then lint it (a function linking everything, `*` permissions, a secret linked
    /// too widely) with warnings that do not fail the check.
    ///
    /// Example: sst-resources check --manifest links.toml
    Check(CheckArgs),
    /// Print the Rust that `sst_resources!` generates for a manifest, formatted; or
    /// write it as a module of your crate (--out), kept current while you edit the
    /// manifest (--watch), so the editor completes what links.toml declares.
    ///
    /// Example: sst-resources types --function Upload
    ///
    /// Example: sst-resources types --out src/links.rs --watch
    Types(TypesArgs),
    /// Print the environment SST would inject into a function: SST_RESOURCE_App and one
    /// SST_RESOURCE_<Name> per resource it links, from the stage's values file.
    ///
    /// Values come from links.<stage>.toml next to the manifest ([MyBucket] name = "...");
    /// secrets from SST_SECRET_<Name> variables, never from a file.
    ///
    /// Example: sst-resources env --function Api --stage dev --format shell
    Env(EnvArgs),
    /// Print the IAM policy a function's links grant (least privilege: each linked
    /// type's default actions on that resource's ARNs, Linkable includes, custom types),
    /// merged and sorted. ARNs are filled from the stage's values file.
    ///
    /// With --binary, the policy the function's compiled code needs instead: for each
    /// SDK call it makes through a typed handle
    /// (`links.my_bucket.s3(&client).put_object()`: s3:PutObject on the bucket's
    /// objects), the IAM actions the call needs on that resource's ARNs, and nothing
    /// else. The calls are recorded in
    /// the binary when it is built with an `aws-*` feature of sst-resources for Linux
    /// x86_64 or aarch64 (`cargo lambda build`).
    ///
    /// Example: sst-resources policy --function Api --region us-east-1 --account 123456789012
    ///
    /// Example: sst-resources policy --function Api --binary target/lambda/api/bootstrap --region us-east-1 --account 123456789012
    Policy(PolicyArgs),
    /// Run a command with a function's links injected, as `sst dev`/`sst shell` do: the
    /// parent's environment kept, stdio untouched, SIGINT/SIGTERM/SIGHUP forwarded, and
    /// the child's exit code returned.
    ///
    /// Example: sst-resources run --function Api -- cargo run --example api
    Run(RunArgs),
    /// Set, get, list, remove or bulk-load secrets in SST's own store (the same values
    /// `sst secret set` writes; sealed with the stage's passphrase).
    ///
    /// Example: sst-resources secret set StripeKey - --stage dev < key.txt
    Secret {
        #[command(subcommand)]
        action: SecretAction,
    },
    /// Print the links.toml equivalent of SST's generated sst-env.d.ts; or, with
    /// --deployed, a complete links.toml from SST's record of a stage: every link
    /// with its type (a Linkable's properties inferred from its values, its
    /// includes) and one [functions.<Name>] per function and dev component SST
    /// records, each saying where it came from.
    ///
    /// Example: sst-resources import sst-env.d.ts > links.toml
    ///
    /// Example: sst-resources import --deployed --app shop --stage dev > links.toml
    ///
    /// Example: sst-resources import --deployed --stage dev   (the app from links.toml)
    Import(ImportArgs),
    /// Print links.toml's JSON Schema, for Taplo (the TOML language server of VS
    /// Code's Even Better TOML, Zed, Helix): completion of `type = "sst.aws.…"` with
    /// SST's descriptions, unknown keys and values marked while typing. With --write,
    /// write links.schema.json beside the manifest and a .taplo.toml rule that points
    /// every links.toml at it.
    ///
    /// Example: sst-resources schema --write
    Schema(SchemaArgs),
}

// `check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The manifest (links.toml, or SST's sst-env.d.ts).
    #[arg(long, default_value = "links.toml")]
    pub manifest: PathBuf,
    /// Warn when a secret is linked to more functions than this.
    #[arg(long, default_value_t = resource_link::lint::DEFAULT_MAX_SECRET_LINKS)]
    pub max_secret_links: usize,
    /// Also read this stage's values (links.<stage>.toml, or SST's deployed state
    /// with --deployed) and each function's environment from them: a problem in the
    /// values fails the check; an environment over AWS Lambda's 4 KB warns.
    #[arg(long, value_parser = home::stage_arg)]
    pub stage: Option<String>,
    /// The values file (default: links.<stage>.toml beside the manifest).
    #[arg(long, requires = "stage", conflicts_with = "deployed")]
    pub values: Option<PathBuf>,
    /// Take the stage's values from what SST deployed (SST's home). Also compares what
    /// SST grants each Rust function with what its compiled code calls through the
    /// typed handles, and warns where SST grants more, with the sst.config.ts change
    /// that narrows it.
    #[arg(long, requires = "stage")]
    pub deployed: bool,
    /// With --deployed: function F's compiled binary is at PATH (repeatable). By
    /// default it is where SST takes it for F's `handler`:
    /// <crate>/target/lambda/<binary>/bootstrap, written by `cargo lambda build
    /// --release`.
    #[arg(long = "binary", value_name = "F=PATH", requires = "deployed", value_parser = function_binary)]
    pub binaries: Vec<(String, PathBuf)>,
    /// SST's home: where the secrets (and with --deployed, the deployed state) are.
    #[arg(long, value_enum, default_value_t = HomeKind::Local, env = "SST_RESOURCES_HOME")]
    pub home: HomeKind,
}

/// `check --binary F=PATH`: the function and its binary's path.
fn function_binary(arg: &str) -> Result<(String, PathBuf), String> {
    match arg.split_once('=') {
        Some((function, path)) if !function.is_empty() && !path.is_empty() => {
            Ok((function.to_owned(), PathBuf::from(path)))
        }
        _ => Err(format!(
            "expected FUNCTION=PATH (`Api=target/lambda/api/bootstrap`), got `{arg}`"
        )),
    }
}

// `types`.
#[derive(Debug, clap::Args)]
pub struct TypesArgs {
    /// The manifest (links.toml, or SST's sst-env.d.ts).
    #[arg(long, default_value = "links.toml")]
    pub manifest: PathBuf,
    /// Only the resources this function links.
    #[arg(long)]
    pub function: Option<String>,
    /// Only the resource types, every resource of the manifest, no `Resource`: a
    /// workspace's shared types crate (as `sst_resources!("links.toml", types)`).
    #[arg(long, conflicts_with_all = ["function", "types_from"])]
    pub types_only: bool,
    /// The function's `Resource` of the types another crate generated with
    /// --types-only, named as Rust code names that crate (e.g. shop_links: its package
    /// name with `-` as `_`), as `sst_resources!(.., function = "F", types = shop_links)`.
    #[arg(long, value_name = "CRATE", requires = "function")]
    pub types_from: Option<String>,
    /// Write the code to this file (a module of the crate, e.g. src/links.rs, which
    /// the crate declares with `mod links;`) instead of printing it; the file is
    /// rewritten only when its text changes.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Keep running, and rewrite --out each time the manifest (or a file it
    /// references) is saved: rust-analyzer then completes what the manifest
    /// declares well within a second of the save (0.3 s measured).
    #[arg(long, requires = "out", conflicts_with = "check")]
    pub watch: bool,
    /// Write nothing; fail (exit 1) when --out is not what the manifest generates.
    /// For CI; `check` does the same for every generated module it finds.
    #[arg(long, requires = "out")]
    pub check: bool,
}

// `schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// The manifest the schema is for: --write writes beside it.
    #[arg(long, default_value = "links.toml")]
    pub manifest: PathBuf,
    /// Write links.schema.json beside the manifest (only when its text changes), and a
    /// .taplo.toml rule for it if the directory has no .taplo.toml.
    #[arg(long)]
    pub write: bool,
}

// `env`.
#[derive(Debug, clap::Args)]
pub struct EnvArgs {
    #[command(flatten)]
    pub link: LinkArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Dotenv)]
    pub format: Format,
    /// Write the links as SST's encrypted bundle DIR/resource.enc (how SST ships
    /// links to a Lambda) and print SST_RESOURCE_App, SST_KEY and SST_KEY_FILE instead.
    #[arg(long, value_name = "DIR")]
    pub bundle: Option<PathBuf>,
}

// `policy`.
#[derive(Debug, clap::Args)]
pub struct PolicyArgs {
    #[command(flatten)]
    pub link: LinkArgs,
    /// One policy per function, as a JSON object by function name.
    #[arg(long, conflicts_with = "function")]
    pub all: bool,
    /// The function's compiled binary (an ELF executable, e.g. what `cargo lambda
    /// build` writes as target/lambda/<binary>/bootstrap): derive the policy from
    /// the calls it records instead of from what links.toml grants.
    #[arg(
        long,
        value_name = "PATH",
        requires = "function",
        conflicts_with = "all"
    )]
    pub binary: Option<PathBuf>,
    /// The AWS partition (default: the region's: `aws-cn` for `cn-north-1`, ...; else `aws`).
    #[arg(long)]
    pub partition: Option<String>,
    /// The region (default: AWS_REGION, then AWS_DEFAULT_REGION).
    #[arg(long)]
    pub region: Option<String>,
    /// The 12-digit account id (default: AWS_ACCOUNT_ID).
    #[arg(long)]
    pub account: Option<String>,
}

// `run`.
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub link: LinkArgs,
    /// The command and its arguments.
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<OsString>,
}

// `import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// SST's generated types file (not with --deployed).
    #[arg(required_unless_present = "deployed", conflicts_with = "deployed")]
    pub file: Option<PathBuf>,
    /// Read SST's record of the stage (its state in SST's home, and the function
    /// bundles under .sst) instead of a file.
    #[arg(long)]
    pub deployed: bool,
    /// The SST app's name (`app().name` in sst.config.ts). Default: `[app] name` in
    /// links.toml here, else the one app SST's home holds (with the stage, if given).
    #[arg(long, requires = "deployed", value_parser = home::app_arg)]
    pub app: Option<String>,
    /// The stage. Default, as SST picks it: SST_STAGE, else .sst/stage (SST's
    /// personal stage), else the app's one stage in SST's home.
    #[arg(long, requires = "deployed", value_parser = home::stage_arg)]
    pub stage: Option<String>,
    /// SST's home: where the deployed state is.
    #[arg(long, value_enum, default_value_t = HomeKind::Local, env = "SST_RESOURCES_HOME")]
    pub home: HomeKind,
    /// The app's .sst directory (default: the nearest .sst from here up).
    #[arg(long, requires = "deployed")]
    pub sst_dir: Option<PathBuf>,
}

/// Which links, from which values: shared by `env` and `run`.
#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    /// The manifest.
    #[arg(long, default_value = "links.toml")]
    pub manifest: PathBuf,
    /// Only the resources this function links (all when omitted).
    #[arg(long)]
    pub function: Option<String>,
    /// The stage: names the values file and goes into SST_RESOURCE_App.
    #[arg(long, default_value = "dev", value_parser = home::stage_arg)]
    pub stage: String,
    /// The values file (default: links.<stage>.toml beside the manifest).
    #[arg(long, conflicts_with = "deployed")]
    pub values: Option<PathBuf>,
    /// Take the values SST deployed for the stage (as `sst shell` does, from the
    /// stage's state in SST's home) instead of a values file.
    #[arg(long)]
    pub deployed: bool,
    /// SST's home: where the secrets (and with --deployed, the deployed state) are.
    #[arg(long, value_enum, default_value_t = HomeKind::Local, env = "SST_RESOURCES_HOME")]
    pub home: HomeKind,
}

/// What to do with the store.
#[derive(Debug, Subcommand)]
pub enum SecretAction {
    /// Set a secret: `secret set StripeKey sk_test_123`, or from stdin with `-` (or no
    /// value), so it never sits in shell history: `pbpaste | sst-resources secret set StripeKey -`.
    Set {
        /// The secret's name, as declared in the manifest (`type = "sst.Secret"`).
        name: String,
        /// The value; `-` or nothing reads standard input (one trailing newline dropped).
        value: Option<SecretArg>,
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
        /// The dotenv file (`-`: standard input, as `secret set NAME -` reads a value).
        file: PathBuf,
        #[command(flatten)]
        scope: Scope,
    },
}

/// A secret's value given as an argument: `[redacted]` in `Debug`, zeroed on drop.
#[derive(Clone)]
pub struct SecretArg(pub Zeroizing<String>);

impl From<String> for SecretArg {
    fn from(value: String) -> Self {
        SecretArg(Zeroizing::new(value))
    }
}

impl std::fmt::Debug for SecretArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        "[redacted]".fmt(f)
    }
}

/// Which app (from the manifest), stage and home.
#[derive(Debug, clap::Args)]
pub struct Scope {
    /// The manifest: names the app and declares the secrets.
    #[arg(long, default_value = "links.toml")]
    pub manifest: PathBuf,
    /// The stage.
    #[arg(long, default_value = "dev", conflicts_with = "fallback", value_parser = home::stage_arg)]
    pub stage: String,
    /// The fallback value, used by stages that set none (SST's `--fallback`).
    #[arg(long)]
    pub fallback: bool,
    /// Where the store is.
    #[arg(long, value_enum, default_value_t = HomeKind::Local, env = "SST_RESOURCES_HOME")]
    pub home: HomeKind,
}

impl SecretAction {
    /// The app, stage and home it acts on.
    pub fn scope(&self) -> &Scope {
        match self {
            SecretAction::Set { scope, .. }
            | SecretAction::Get { scope, .. }
            | SecretAction::List { scope, .. }
            | SecretAction::Remove { scope, .. }
            | SecretAction::Load { scope, .. } => scope,
        }
    }
}

/// The command line, parsed; help and version are printed by clap, which exits.
pub fn parse() -> Result<Opt, Error> {
    Opt::try_parse().map_err(usage_error)
}

/// clap's message, except for `secret`: clap quotes the argument it did not expect,
/// and there that may be a secret value (`secret set Key --sk_live_...`).
fn usage_error(e: clap::Error) -> Error {
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
    Error::new(format_args!(
        "{} (the arguments are not repeated here, in case one is a value)",
        e.kind()
    ))
    .help("see `sst-resources secret --help`; a value starting with `-` goes on standard input (`-`) or after `--`")
    .code(2)
}
