//! `sst-resources`: the command-line half of sst-resources. Parses the command line
//! (`opt`), runs the command (`cmd`), prints its output on stdout or its error on
//! stderr, and exits with the code it gives.

mod child;
mod cmd;
mod deployed;
mod environment;
mod error;
mod home;
mod links;
mod manifest;
mod opt;

use std::process::ExitCode;

fn main() -> ExitCode {
    match opt::parse().and_then(|opt| cmd::run(opt.command)) {
        Ok(cmd::Outcome::Print(out)) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Ok(cmd::Outcome::Exit(code)) => ExitCode::from(code),
        Err(e) => e.report(),
    }
}
