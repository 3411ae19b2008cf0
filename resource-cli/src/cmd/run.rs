//! `run`: a command run with a function's links in its environment; the child
//! process (signals, exit code) is `child`'s.

use crate::environment::{self, Platform};
use crate::error::Error;
use crate::opt::RunArgs;

/// The exit code to end with: the child's.
pub fn run(RunArgs { link, command }: RunArgs) -> Result<u8, Error> {
    let env = link.environment()?;
    let prepared = environment::prepare(&env, Platform::current());
    if let Some(note) = &prepared.note {
        eprintln!("{note}");
    }
    crate::child::run(&command, prepared.vars)
}
