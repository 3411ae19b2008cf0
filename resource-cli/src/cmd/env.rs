//! `env`: the environment SST would give a function, printed in a format; with
//! `--bundle DIR`, the links sealed into `DIR/resource.enc` as SST ships them to a
//! Lambda, and only App, the key and the plain variables printed.

use std::path::Path;

use resource_link::environment::{Environment, LINK_PREFIX};

use crate::environment::{self, Platform, Shipping};
use crate::error::Error;
use crate::opt::EnvArgs;

/// The variables, in the format asked for.
pub fn run(args: EnvArgs) -> Result<String, Error> {
    let EnvArgs {
        link,
        format,
        bundle,
    } = args;
    let mut env = link.environment()?;
    let shipping = match bundle {
        Some(dir) => {
            env = write_bundle(&dir, env)?;
            Shipping::InBundle
        }
        None => Shipping::InVariables,
    };
    let prepared = environment::prepare(&env, Platform::current());
    if let Some(note) = &prepared.note {
        eprintln!("{note}");
    }
    let (text, skipped) = environment::render(&prepared.vars, format);
    let plain: Vec<&String> = skipped
        .iter()
        .filter(|name| !name.starts_with(LINK_PREFIX))
        .collect();
    if !plain.is_empty() {
        let names: Vec<String> = plain.iter().map(|n| format!("`{n}`")).collect();
        eprintln!(
            "warning: {} left out: shells and dotenv readers refuse a variable of that name\nhelp: rename it in [functions.F.env] or the component's `environment`, or use --format json",
            names.join(", ")
        );
    }
    if let Some(warning) = environment::lambda_warning(&prepared.vars, shipping, "this environment")
    {
        eprintln!("{warning}");
    }
    Ok(text)
}

/// Writes every link of `env` (not App) to `dir/resource.enc`, sealed as SST seals
/// it, and returns what the function needs instead: App, the key, the file name
/// (relative, as SST sets it; the bundle sits in the working directory), then the
/// plain variables (`environment` includes, `[functions.F.env]` exports), which stay
/// in the function's environment as SST's Function keeps its environment includes.
fn write_bundle(dir: &Path, env: Environment) -> Result<Environment, Error> {
    let resources: serde_json::Map<String, serde_json::Value> = env.links.into_iter().collect();
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::new(format_args!("cannot create {}: {e}", dir.display())))?;
    let path = dir.join("resource.enc");
    let key = resource_runtime::bundle::write(&path, &serde_json::Value::Object(resources))
        .map_err(|e| Error::new(format_args!("cannot write {}: {e}", path.display())))?;
    let mut plain = vec![
        ("SST_KEY".to_owned(), key.expose_base64().to_owned()),
        ("SST_KEY_FILE".to_owned(), "resource.enc".to_owned()),
    ];
    plain.extend(env.plain);
    Ok(Environment {
        app: env.app,
        links: Vec::new(),
        plain,
    })
}
