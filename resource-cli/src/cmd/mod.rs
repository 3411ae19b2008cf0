//! One module per command; [`run`] dispatches the parsed command line to them. Each
//! returns what to print on stdout (or, for `run`, the exit code), or an [`Error`];
//! warnings and notes go to stderr as they are found.

mod check;
mod env;
mod import;
mod policy;
mod run;
mod schema;
mod secret;
mod types;

use crate::error::Error;
use crate::opt::Command;

/// How a command that succeeded ends.
pub enum Outcome {
    /// Print this on stdout, exit 0.
    Print(String),
    /// Exit with this code (`run`: the child's).
    Exit(u8),
}

/// Runs `command`.
pub fn run(command: Command) -> Result<Outcome, Error> {
    match command {
        Command::Check(args) => check::run(args).map(Outcome::Print),
        Command::Types(args) => types::run(args).map(Outcome::Print),
        Command::Env(args) => env::run(args).map(Outcome::Print),
        Command::Policy(args) => policy::run(args).map(Outcome::Print),
        Command::Run(args) => run::run(args).map(Outcome::Exit),
        Command::Secret { action } => secret::run(action).map(Outcome::Print),
        Command::Import(args) => import::run(args).map(Outcome::Print),
        Command::Schema(args) => schema::run(args).map(Outcome::Print),
    }
}
