//! `types`: the Rust `sst_resources!` generates for a manifest, formatted.

use crate::error::Error;
use crate::manifest::read_manifest;
use crate::opt::TypesArgs;

/// The generated code, as text.
pub fn run(TypesArgs { manifest, function }: TypesArgs) -> Result<String, Error> {
    let manifest = read_manifest(&manifest)?;
    if let Some(f) = &function {
        manifest.find_function(f).map_err(Error::new)?;
    }
    let options = resource_codegen::Options {
        function,
        ..resource_codegen::Options::default()
    };
    let tokens = resource_codegen::expand(&manifest, &[], &options);
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Error::new(format_args!("generated code does not parse (a bug): {e}")))?;
    Ok(prettyplease::unparse(&file))
}
