//! The `sst_resources!` proc-macro: parses its arguments, reads the manifest relative
//! to the calling crate, and hands it to `resource-codegen`. No logic lives here that
//! a unit test of the manifest or codegen crates cannot reach. Use it through the
//! `sst-resources` crate, whose `sst_resources!` passes its own path in.

#![warn(missing_docs)]

use std::path::PathBuf;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use resource_codegen::{Options, Types, expand, expand_errors, unresolved_items};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// `<krate path> ; "links.toml" [, function = "Name"] [, types = <path> | , types]`
struct Input {
    krate: TokenStream,
    path: LitStr,
    function: Option<LitStr>,
    types: Types,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let krate = krate(input)?;
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the manifest path, e.g. sst_resources!(\"links.toml\")",
            )
        })?;
        let mut function = None;
        let mut types = None;
        const EXPECTED: &str = "expected `function = \"<Name>\"`, `types = <crate>` or `types`";
        while input.parse::<Option<Token![,]>>()?.is_some() {
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse()?;
            let twice = || syn::Error::new(key.span(), format!("`{key}` is given twice"));
            if key == "function" {
                input.parse::<Token![=]>()?;
                if function.is_some() {
                    return Err(twice());
                }
                function = Some(input.parse()?);
            } else if key == "types" {
                if types.is_some() {
                    return Err(twice());
                }
                types = Some(if input.parse::<Option<Token![=]>>()?.is_some() {
                    let path = crate_path(input)?;
                    Types::From(path)
                } else {
                    Types::Only
                });
            } else {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}`; {EXPECTED}"),
                ));
            }
        }
        if !input.is_empty() {
            return Err(input.error(format!("{EXPECTED}, or the end of the arguments")));
        }
        Ok(Input {
            krate,
            path,
            function,
            types: types.unwrap_or_default(),
        })
    }
}

/// `types = <path>`: a path of identifiers (`links`, `crate::links`, `::links`), up
/// to the next `,`. Read by hand: syn's `Path` would compile its `derive` feature
/// into every user's build.
fn crate_path(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut path = TokenStream::new();
    let mut want_ident = true;
    loop {
        if input.is_empty() || input.peek(Token![,]) {
            break;
        }
        if input.peek(Token![::]) {
            input.parse::<Token![::]>()?.to_tokens(&mut path);
            want_ident = true;
            continue;
        }
        if want_ident && input.peek(syn::Ident::peek_any) {
            let ident = syn::Ident::parse_any(input)?;
            path.extend([TokenTree::Ident(ident)]);
            want_ident = false;
            continue;
        }
        break;
    }
    if path.is_empty() || want_ident {
        return Err(input.error(
            "expected the path of the crate whose `sst_resources!(.., types)` generated \
             the types, e.g. `types = links`",
        ));
    }
    Ok(path)
}

/// The facade's path the `macro_rules!` wrapper passes in, up to its `;`.
fn krate(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut krate = TokenStream::new();
    while !input.peek(Token![;]) {
        krate.extend([input.parse::<TokenTree>()?]);
    }
    input.parse::<Token![;]>()?;
    Ok(krate)
}

/// A binary (`CARGO_BIN_NAME` is set) that loads `function`'s links must be the one
/// SST deploys as that function, where links.toml gives handlers
/// ([`resource_manifest::handler::check_binary`]; the app's root is the manifest's
/// directory).
fn binary_check(
    manifest: &resource_manifest::Manifest,
    full: &std::path::Path,
    input: &Input,
    span: proc_macro2::Span,
) -> TokenStream {
    let (Some(name), Some(bin), Some(dir)) = (
        input.function.as_ref(),
        std::env::var_os("CARGO_BIN_NAME"),
        std::env::var_os("CARGO_MANIFEST_DIR"),
    ) else {
        return TokenStream::new();
    };
    let Ok(function) = manifest.find_function(&name.value()) else {
        return TokenStream::new();
    };
    let compiling = resource_manifest::handler::Compiling {
        dir: PathBuf::from(dir),
        bin: bin.to_string_lossy().into_owned(),
    };
    let root = full.parent().unwrap_or(std::path::Path::new("."));
    match resource_manifest::handler::check_binary(manifest, root, function, &compiling) {
        Some(message) => expand_errors(&input.krate, &[message], span),
        None => TokenStream::new(),
    }
}

#[doc(hidden)]
#[proc_macro]
pub fn sst_resources_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let krate = syn::parse::Parser::parse(
        |input: ParseStream<'_>| {
            let krate = krate(input)?;
            input.parse::<TokenStream>()?;
            Ok(krate)
        },
        input.clone(),
    )
    .unwrap_or_else(|_| quote::quote!(::sst_resources));
    match syn::parse::<Input>(input) {
        Ok(input) => run(&input).into(),
        // Not syn's `to_compile_error`: its `::core::compile_error!` fails in a crate
        // that has a dependency named `core`.
        Err(e) => e
            .into_iter()
            .map(|e| expand_errors(&krate, &[e.to_string()], e.span()))
            .collect::<TokenStream>()
            .into(),
    }
}

fn run(input: &Input) -> TokenStream {
    let span = input.path.span();
    let relative = input.path.value();
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return expand_errors(
            &input.krate,
            &["sst_resources!: CARGO_MANIFEST_DIR is not set; build with cargo".into()],
            span,
        );
    };
    let full = PathBuf::from(dir).join(&relative);
    let options = Options {
        krate: input.krate.clone(),
        function: input.function.as_ref().map(LitStr::value),
        manifest_path: Some(full.display().to_string()),
        tracked_paths: Vec::new(),
        span,
        types: input.types.clone(),
    };
    match resource_manifest::load(&full, &relative) {
        Ok(loaded) => {
            // Every file read is included, so cargo rebuilds when any changes.
            let options = Options {
                tracked_paths: loaded
                    .files
                    .iter()
                    .skip(1)
                    .map(|(path, _)| path.display().to_string())
                    .collect(),
                ..options
            };
            let parsed = &loaded.parsed;
            let mut out = binary_check(&parsed.manifest, &full, input, span);
            out.extend(expand(&parsed.manifest, &parsed.diagnostics, &options));
            out
        }
        Err(e) => {
            let message = match &e {
                // The path as written: the resolved one holds this machine's directories.
                resource_manifest::ReadError::Io { source, .. } => format!(
                    "cannot read the manifest `{relative}`: {source}\nhelp: the path is \
                     relative to the directory of this crate's Cargo.toml \
                     (CARGO_MANIFEST_DIR), not to this source file"
                ),
                _ => e.to_string(),
            };
            let mut out = expand_errors(&input.krate, &[message], span);
            // `Resource` of an error type: code using it adds no error to this one.
            out.extend(unresolved_items(&options.types));
            out
        }
    }
}
