//! The `sst_resources!` proc-macro: parses its arguments, reads the manifest relative
//! to the calling crate, and hands it to `resource-codegen`. No logic lives here that
//! a unit test of the manifest or codegen crates cannot reach. Use it through the
//! `sst-resources` crate, whose `sst_resources!` passes its own path in.

#![warn(missing_docs)]

use std::path::PathBuf;

use proc_macro2::{TokenStream, TokenTree};
use resource_codegen::{Options, expand, expand_errors};
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

/// `<krate path> ; "links.toml" [, function = "Name"]`
struct Input {
    krate: TokenStream,
    path: LitStr,
    function: Option<LitStr>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut krate = TokenStream::new();
        while !input.peek(Token![;]) {
            krate.extend([input.parse::<TokenTree>()?]);
        }
        input.parse::<Token![;]>()?;
        let path: LitStr = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the manifest path, e.g. sst_resources!(\"links.toml\")",
            )
        })?;
        let mut function = None;
        while input.parse::<Option<Token![,]>>()?.is_some() {
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse()?;
            if key != "function" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}`; expected `function = \"<Name>\"`"),
                ));
            }
            input.parse::<Token![=]>()?;
            if function.is_some() {
                return Err(syn::Error::new(key.span(), "`function` is given twice"));
            }
            function = Some(input.parse()?);
        }
        if !input.is_empty() {
            return Err(
                input.error("expected `, function = \"<Name>\"` or the end of the arguments")
            );
        }
        Ok(Input {
            krate,
            path,
            function,
        })
    }
}

#[doc(hidden)]
#[proc_macro]
pub fn sst_resources_impl(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match syn::parse::<Input>(input) {
        Ok(input) => run(&input).into(),
        Err(e) => e.to_compile_error().into(),
    }
}

fn run(input: &Input) -> TokenStream {
    let span = input.path.span();
    let relative = input.path.value();
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return expand_errors(
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
            expand(&parsed.manifest, &parsed.diagnostics, &options)
        }
        Err(e) => {
            let mut message = e.to_string();
            if let resource_manifest::ReadError::Io { .. } = e {
                message.push_str("\nhelp: the path is relative to the crate's Cargo.toml directory (CARGO_MANIFEST_DIR)");
            }
            let mut out = expand_errors(&[message], span);
            // A fallback `Resource` with no links keeps the rest of the crate checking.
            let empty = resource_manifest::Manifest::empty(relative);
            out.extend(expand(
                &empty,
                &[],
                &Options {
                    function: None,
                    manifest_path: None,
                    ..options
                },
            ));
            out
        }
    }
}
