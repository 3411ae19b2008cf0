//! `import`: `links.toml` written from SST's generated `sst-env.d.ts`, or with
//! `--deployed` from SST's record of a stage (`resource_link::deployed::to_toml`).

use std::path::Path;

use crate::deployed;
use crate::error::Error;
use crate::manifest::read_manifest;
use crate::opt::ImportArgs;

/// The `links.toml` text.
pub fn run(args: ImportArgs) -> Result<String, Error> {
    match args {
        ImportArgs {
            deployed: true,
            app: Some(app),
            stage: Some(stage),
            home,
            sst_dir,
            ..
        } => {
            let sst_dir = sst_dir.or_else(|| deployed::find_sst_dir(Path::new(".")));
            let record = deployed::record(home, &app, &stage, sst_dir.as_deref())?;
            if record.links.is_empty() {
                return Err(Error::new(format_args!(
                    "SST's record of stage `{stage}` ({}) holds no links",
                    record.source
                ))
                .help(format_args!("deploy the stage (`sst deploy --stage {stage}` or `sst dev`), or import sst-env.d.ts")));
            }
            if record.targets.is_empty() {
                eprintln!("{}", deployed::no_targets_note(&stage));
            }
            Ok(resource_link::deployed::to_toml(&record))
        }
        ImportArgs { file, .. } => {
            let file = file.ok_or_else(|| Error::new("import needs a file, or --deployed"))?;
            let name = file.display().to_string();
            if !resource_manifest::is_dts(&file) {
                return Err(Error::new(format_args!("{name} is not a .d.ts file"))
                    .help("pass SST's generated sst-env.d.ts"));
            }
            let manifest = read_manifest(&file)?;
            if manifest.resources.is_empty() {
                return Err(
                    Error::new(format_args!("{name} declares no linked resources"))
                        .help("run `sst dev` or `sst deploy` so SST writes them"),
                );
            }
            Ok(format!(
                "# Imported from {name} by `sst-resources import`.\n# Add [functions.<Name>] link = [...] sets to check each function's links.\n\n{}",
                resource_link::to_toml(&manifest)
            ))
        }
    }
}
