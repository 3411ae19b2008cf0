//! One ELF file per operation of `resource_manifest::operations`, each recording
//! only that call (`calls::fixture`), for `scripts/e2e_operations.py`: moto judges
//! the policy `sst-resources policy --binary` derives from each.
//!
//! Usage: `cargo run -p resource-link --features fixture --example call_fixtures --
//! DIR COMPONENT=RESOURCE...` (`sst.aws.Bucket=Media`: the linked resource each
//! component's calls are made on). Writes `DIR/<Operation>` (e.g. `DIR/GetObject`)
//! for every operation of the table, and `DIR/all`, which records every one of them;
//! prints `<Operation> <component> <resource>` for each. Fails, writing nothing, when
//! a component of the table has no resource given: every operation is covered.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use resource_link::calls::fixture::{elf, section};
use resource_manifest::operations::OPERATIONS;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: call_fixtures DIR COMPONENT=RESOURCE...");
        return ExitCode::from(2);
    };
    let mut resource_of = BTreeMap::new();
    for arg in args {
        let Some((component, resource)) = arg.split_once('=') else {
            eprintln!("error: `{arg}` is not COMPONENT=RESOURCE");
            return ExitCode::from(2);
        };
        resource_of.insert(component.to_string(), resource.to_string());
    }
    let mut calls = Vec::new();
    for op in OPERATIONS {
        let Some(resource) = resource_of.get(op.component) else {
            eprintln!(
                "error: no resource given for {} (its {} is an operation of the table)",
                op.component, op.name
            );
            return ExitCode::FAILURE;
        };
        calls.push((op.name, op.component, resource.as_str()));
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("error: {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let all: Vec<_> = calls.iter().map(|&(op, _, r)| (op, r)).collect();
    let files = calls
        .iter()
        .map(|&(op, _, r)| (op, section(&[(op, r)])))
        .chain([("all", section(&all))]);
    for (name, records) in files {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, elf(Some(&records))) {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    for (op, component, resource) in calls {
        println!("{op} {component} {resource}");
    }
    ExitCode::SUCCESS
}
