//! Emits the tokens for one `sst_resources!` call. Generated code names everything by
//! absolute path through `<krate>::__private`, so user code can shadow nothing, and
//! keeps one small function per resource so compile time stays linear in the number
//! of links.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use quote::{ToTokens, format_ident, quote, quote_spanned};
use resource_manifest::operations;
use resource_manifest::{
    Diagnostic, Function, LinkedResource, Manifest, Property, PropertyType, names,
};

/// How to expand.
#[derive(Debug, Clone)]
pub struct Options {
    /// Path of the facade crate in the user's code (`::sst_resources`, or `$crate`
    /// when called through the facade's `macro_rules!` wrapper).
    pub krate: TokenStream,
    /// Generate only the resources this function links.
    pub function: Option<String>,
    /// Absolute path of the manifest, so cargo rebuilds when it changes.
    pub manifest_path: Option<String>,
    /// Absolute paths of the other files read for it (the files an `sst-env.d.ts`
    /// references), each included like the manifest so an edit rebuilds too.
    pub tracked_paths: Vec<String>,
    /// Where errors point (the macro's string literal).
    pub span: Span,
    /// Where the resource types are: generated here, only generated, or taken from
    /// a crate that generated them (a workspace's shared types).
    pub types: Types,
}

/// Where a call's resource types live.
#[derive(Debug, Clone, Default)]
pub enum Types {
    /// `pub mod resource` at the call site, beside `Resource` (one crate).
    #[default]
    Here,
    /// `sst_resources!("links.toml", types)`: only `pub mod resource`, every resource
    /// of the manifest, each type providing itself as a link (`Linked<Self>`); no
    /// `Resource`. A workspace's `links` crate calls this once.
    Only,
    /// `sst_resources!("links.toml", function = "F", types = <path>)`: the function's
    /// `Resource`, its fields of the types `<path>::resource` holds, and
    /// `Linked<R>` for exactly the resources `[functions.F] link` lists.
    From(TokenStream),
}

impl Default for Options {
    fn default() -> Self {
        Options {
            krate: quote!(::sst_resources),
            function: None,
            manifest_path: None,
            tracked_paths: Vec::new(),
            span: Span::call_site(),
            types: Types::Here,
        }
    }
}

/// Expands a manifest: the `Resource` struct, its types, loading code, and a
/// `compile_error!` for each of `diagnostics` (what did resolve is still generated, so
/// an IDE keeps completing while the manifest has errors).
pub fn expand(manifest: &Manifest, diagnostics: &[Diagnostic], options: &Options) -> TokenStream {
    // rustc prefixes `error: ` itself.
    let mut errors: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            let text = d.render();
            text.strip_prefix("error: ")
                .map(str::to_owned)
                .unwrap_or(text)
        })
        .collect();
    let mut unknown_function = false;
    let function = match &options.function {
        None => None,
        Some(name) => match manifest.find_function(name) {
            Ok(f) => Some(f),
            Err(message) => {
                errors.push(message);
                unknown_function = true;
                None
            }
        },
    };
    match (&options.types, &options.function) {
        (Types::From(path), None) => errors.push(format!(
            "`types = {path}` takes the types of one function's links: add `function = \"<Name>\"` \
             (one of `[functions]` in {}); a whole-app `Resource` would provide every link to \
             shared code, including those the function running it lacks",
            manifest.file
        )),
        (Types::Only, Some(_)) => errors.push(
            "`types` generates the type of every resource, for a workspace's shared crate; \
             `function = \"<Name>\"` belongs in each function's crate, beside `types = <crate>`"
                .to_owned(),
        ),
        _ => {}
    }
    let resources = manifest.linked_to(function);
    let k = &options.krate;
    let mut out = expand_errors(k, &errors, options.span);
    if !errors.is_empty() && manifest.resources.is_empty() && manifest.unresolved.is_empty() {
        // Nothing resolved (a syntax error): no field list to give.
        out.extend(unresolved_items(&options.types));
        return out;
    }
    if !unknown_function && !matches!(options.types, Types::Only) {
        out.extend(secrets_in_browser_guard(
            k,
            manifest,
            function,
            &resources,
            options.span,
        ));
    }
    let generator = Generator::new(k, manifest);
    out.extend(match &options.types {
        Types::Only => generator.types_only(&resources),
        _ => generator.items(&resources, function, &options.types),
    });
    for path in options.manifest_path.iter().chain(&options.tracked_paths) {
        let path = Literal::string(path);
        out.extend(quote! { const _: &[u8] = #k::__private::include_bytes!(#path); });
    }
    out
}

/// The first segment of every path that stands for what a manifest with errors does
/// not declare: it resolves to nothing, so each such type is an error type, and rustc
/// reports nothing more about code that uses it (a field read, `Resource::get()`):
/// the `compile_error!` beside it is the one message. rustc (1.95 here) does not
/// report the unresolved path itself either, as it sits in the module of a
/// `compile_error!`; a compiler that did would add one "cannot find" for it
/// (`tests/ui/manifest_*.stderr` hold the single message).
const UNRESOLVED: &str = "__manifest_has_errors";

/// What a call expands to beside its errors when the manifest resolved nothing (it
/// is not TOML, or cannot be read): `Resource` and `mod resource` with nothing to
/// complain about, so the manifest's error is the only one the user reads.
pub fn unresolved_items(types: &Types) -> TokenStream {
    let unresolved = format_ident!("{}", UNRESOLVED);
    let resource = match types {
        Types::From(path) => quote! {
            #[allow(unused_imports)]
            pub use #path::resource;
        },
        _ => quote! {
            /// Empty: the manifest has errors.
            #[allow(dead_code)]
            pub mod resource {}
        },
    };
    let whole = match types {
        Types::Only => TokenStream::new(),
        _ => quote! {
            /// The manifest has errors (see them above): nothing is generated until
            /// they are fixed.
            #[allow(dead_code)]
            pub type Resource = #unresolved::Resource;
        },
    };
    quote! { #whole #resource }
}

/// Refuses, for `wasm32-unknown-unknown` only, a link set that holds secrets unless the
/// manifest marks it server-side. That target is what browsers run, and whatever a
/// browser gets, anyone who loads the page can read; Cloudflare Workers share the
/// target but run on servers, hence `server = true`. The macro runs on the host and
/// cannot see the target, so the check is a `cfg` the target's compilation evaluates.
fn secrets_in_browser_guard(
    k: &TokenStream,
    manifest: &Manifest,
    function: Option<&Function>,
    resources: &[&LinkedResource],
    span: Span,
) -> TokenStream {
    if function.map_or(manifest.server, |f| f.server) {
        return TokenStream::new();
    }
    let file = &manifest.file;
    let secrets: Vec<String> = resources
        .iter()
        .flat_map(|r| {
            r.secret_paths().into_iter().map(move |path| {
                format!(
                    "  - `{}.{path}` ({}, {file}:{})",
                    r.name, r.component, r.line
                )
            })
        })
        .collect();
    if secrets.is_empty() {
        return TokenStream::new();
    }
    let (who, name, fix) = match function {
        Some(f) => (
            format!("function `{}` ({file}:{})", f.name, f.line),
            format!("`{}`", f.name),
            format!("[functions.{}] server = true", f.name),
        ),
        None => (
            format!("the whole app's link set (every resource in {file})"),
            "this code".to_owned(),
            "[app] server = true".to_owned(),
        ),
    };
    // SST writes `sst-env.d.ts`: it has no place for the mark, a links.toml does.
    let mark = if resource_manifest::is_dts(file) {
        format!(
            "write a links.toml (`sst-resources import {file} > links.toml`), set `{fix}` \
             in it, and point the macro at it"
        )
    } else {
        format!("mark it in {file}: `{fix}`")
    };
    let message = Literal::string(&format!(
        "{who} links secrets, and this crate is compiled for wasm32-unknown-unknown, \
         the target of code that runs in browsers, where anyone who loads the page can \
         read every value it gets:\n{}\nhelp: if {name} runs on a server (a Cloudflare \
         Worker, say), {mark}; if it runs in a browser, link no secret to it and let a \
         server use the secret on its behalf",
        secrets.join("\n")
    ));
    quote_spanned! {span=>
        #[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
        #k::__private::compile_error!(#message);
    }
}

/// What the types a manifest generates depend on (each resource's name, wire type,
/// type name and properties) and each function's links, as a 64-bit FNV-1a: a workspace's types crate records
/// it, and a function's `types = <crate>` call compares its own, so both read one
/// links.toml (the same types), not two that drifted apart.
fn types_fingerprint(manifest: &Manifest) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |text: &str| {
        for byte in text.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for r in &manifest.resources {
        eat(&r.name);
        eat(&r.wire_type);
        eat(&r.type_name);
        eat(&format!("{:?}", r.properties));
    }
    // And each function's links: a copy whose sets drifted is another manifest.
    for f in &manifest.functions {
        eat(&f.name);
        for link in &f.links {
            eat(link);
        }
    }
    hash
}

/// `compile_error!` invocations for `messages`, pointing at `span`, reached through
/// `<krate>::__private` (a user's dependency named `core` would shadow `::core`).
pub fn expand_errors(krate: &TokenStream, messages: &[String], span: Span) -> TokenStream {
    messages
        .iter()
        .map(|m| {
            let m = Literal::string(m);
            quote_spanned!(span=> #krate::__private::compile_error!(#m);)
        })
        .collect()
}

struct Generator<'a> {
    k: &'a TokenStream,
    manifest: &'a Manifest,
    /// `[derive(Debug, Clone, Default)]`, built once: a `Group` clone shares its
    /// tokens, so every struct's attribute costs one `#` and a reference count.
    derives: Group,
    /// The body of `impl Record` for each list of properties seen: resources of one
    /// component type (every bucket: `name`) have the same one, written once.
    record_bodies: RefCell<HashMap<Vec<(String, String)>, Group>>,
}

impl<'a> Generator<'a> {
    fn new(k: &'a TokenStream, manifest: &'a Manifest) -> Self {
        // `__p::Debug`, not `Debug`: a user's crate may have items of those names.
        let mut list = Tokens::default();
        list.private("Debug")
            .punct(',')
            .private("Clone")
            .punct(',')
            .private("Default");
        let mut inner = Tokens::default();
        inner.ident("derive").group(Delimiter::Parenthesis, list);
        Generator {
            k,
            manifest,
            derives: Group::new(Delimiter::Bracket, inner.into_stream()),
            record_bodies: RefCell::new(HashMap::new()),
        }
    }
}

/// The identifier for a generated field (`r#type` for keywords).
fn field_ident(field: &str) -> Ident {
    let text = names::rust_ident(field);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&text, Span::call_site()),
    }
}

/// Tokens built one by one and moved, never copied, into the group that holds them.
/// Per resource, the generator writes here instead of through `quote!`: interpolating
/// a `TokenStream` with `#x` clones every token of `x` (an allocation per identifier
/// and literal), and nesting did that at every level; at 1,000 links the copies and
/// their drops were most of the expansion time.
#[derive(Default)]
struct Tokens(Vec<TokenTree>);

impl Tokens {
    fn push(&mut self, token: impl Into<TokenTree>) -> &mut Self {
        self.0.push(token.into());
        self
    }

    fn ident(&mut self, ident: &str) -> &mut Self {
        self.push(Ident::new(ident, Span::call_site()))
    }

    fn punct(&mut self, c: char) -> &mut Self {
        self.push(Punct::new(c, Spacing::Alone))
    }

    /// `::`
    fn sep(&mut self) -> &mut Self {
        self.push(Punct::new(':', Spacing::Joint)).punct(':')
    }

    /// `__p::<ident>`, through the generated alias of `<krate>::__private`.
    fn private(&mut self, ident: &str) -> &mut Self {
        self.ident("__p").sep().ident(ident)
    }

    fn string(&mut self, text: &str) -> &mut Self {
        self.push(Literal::string(text))
    }

    /// `&mut self.<field>`.
    fn self_field(&mut self, field: Ident) -> &mut Self {
        self.punct('&')
            .ident("mut")
            .ident("self")
            .punct('.')
            .push(field)
    }

    /// `fn <name>(<params>) -> <ret> { <body> }`.
    fn fn_item(&mut self, name: &str, params: Tokens, ret: Tokens, body: Tokens) -> &mut Self {
        self.ident("fn")
            .ident(name)
            .group(Delimiter::Parenthesis, params)
            .push(Punct::new('-', Spacing::Joint))
            .punct('>');
        self.0.extend(ret.0);
        self.group(Delimiter::Brace, body)
    }

    fn group(&mut self, delimiter: Delimiter, inner: Tokens) -> &mut Self {
        self.push(Group::new(delimiter, inner.into_stream()))
    }

    fn extend(&mut self, tokens: TokenStream) -> &mut Self {
        self.0.extend(tokens);
        self
    }

    /// `#[doc = " <line>"]` per line of `text`.
    fn doc(&mut self, text: &str) -> &mut Self {
        for group in doc_groups(text) {
            self.punct('#').push(group);
        }
        self
    }

    /// `#<group>` for each attribute group (`[doc = "..."]`).
    fn attributes(&mut self, groups: &[Group]) -> &mut Self {
        for group in groups {
            self.punct('#').push(group.clone());
        }
        self
    }

    fn into_stream(self) -> TokenStream {
        self.0.into_iter().collect()
    }
}

/// `[doc = " <line>"]` per line of `text`: the groups of doc attributes.
fn doc_groups(text: &str) -> Vec<Group> {
    text.lines()
        .map(|line| {
            let mut inner = Tokens::default();
            let mut value = String::with_capacity(line.len() + 1);
            value.push(' ');
            value.push_str(line);
            inner.ident("doc").punct('=').string(&value);
            Group::new(Delimiter::Bracket, inner.into_stream())
        })
        .collect()
}

/// A stream that `quote!` interpolates by moving it: `#x` on a `TokenStream` copies
/// every token, on a `Moved` it takes them (once; a second `#x` gives nothing).
struct Moved(Cell<TokenStream>);

impl From<Tokens> for Moved {
    fn from(tokens: Tokens) -> Self {
        Moved(Cell::new(tokens.into_stream()))
    }
}

impl ToTokens for Moved {
    fn to_tokens(&self, out: &mut TokenStream) {
        out.extend(std::iter::once(self.0.take()));
    }
}

impl Generator<'_> {
    fn items(
        &self,
        resources: &[&LinkedResource],
        function: Option<&Function>,
        types_from: &Types,
    ) -> TokenStream {
        let k = self.k;
        let shared = match types_from {
            Types::From(path) => Some(path),
            _ => None,
        };
        let file = &self.manifest.file;
        let scope = match function {
            Some(f) => format!(
                "The resources linked to function `{}` ({file}:{}), typed.",
                f.name, f.line
            ),
            None => format!("The resources declared in `{file}`, typed."),
        };
        let mut struct_doc = Tokens::default();
        struct_doc.doc(&format!(
            "{scope}\n\nGenerated by `sst_resources!` from `{file}`. Load it with [`Resource::load`] \
             (the process environment, as SST sets it), [`Resource::from_source`] (any source, \
             e.g. a `MapSource` in tests) or [`Resource::get`] (loaded once, cached)."
        ));
        let struct_doc = struct_doc.into_stream();
        // Per resource: its field of `Resource`, its types in `mod resource`, and its
        // line of `from_source`, each written once, straight into its place.
        let mut fields = Tokens::default();
        let mut types = Tokens::default();
        let mut specs = Tokens::default();
        let mut pushes = Tokens::default();
        let mut names = Tokens::default();
        self.private_alias(&mut types);
        for r in resources {
            // The same doc on the field and on the type: one set of groups, shared.
            let doc = doc_groups(&self.resource_doc(r));
            let field = field_ident(&r.field);
            let name = Literal::string(&r.name);
            fields
                .attributes(&doc)
                .ident("pub")
                .push(field.clone())
                .punct(':')
                .ident("resource")
                .sep()
                .ident(&r.type_name)
                .punct(',');
            if shared.is_none() {
                types.attributes(&doc);
                self.record(&mut types, &r.type_name, &r.properties, &r.field, &r.name);
            }
            let mut spec = Tokens::default();
            spec.string(&r.env_var())
                .punct(',')
                .string(&r.wire_type)
                .punct(',')
                .string(&format!("{file}:{}", r.line));
            specs.group(Delimiter::Parenthesis, spec).punct(',');
            // `out.push(&mut self.<field>);`
            let mut arg = Tokens::default();
            arg.self_field(field);
            pushes
                .ident("out")
                .punct('.')
                .ident("push")
                .group(Delimiter::Parenthesis, arg)
                .punct(';');
            names.push(name).punct(',');
        }
        if shared.is_none() {
            for r in resources {
                self.nested_module(&mut types, &r.properties, &r.field, &r.name);
            }
            types.extend(self.handles(resources, function));
        }
        // A resource the manifest declares, but with errors: a field of an error type
        // (see `UNRESOLVED`), so reading it adds nothing to the manifest's error.
        let mut pending: Vec<&String> = self.manifest.unresolved.iter().collect();
        if let Some(f) = function {
            // The function's: of those, what it links; and what a mistyped link meant.
            pending.retain(|name| f.unresolved_links.contains(name));
            pending.extend(
                f.unresolved_links
                    .iter()
                    .filter(|n| !self.manifest.unresolved.contains(n)),
            );
        }
        for name in pending {
            let field = names::field_name(name);
            if !names::is_valid_field(&field)
                || field == "app"
                || resources.iter().any(|r| r.field == field)
            {
                continue;
            }
            fields
                .ident("pub")
                .push(field_ident(&field))
                .punct(':')
                .ident(UNRESOLVED)
                .sep()
                .ident(&names::type_name(&field))
                .punct(',');
        }
        // Moved into the `quote!` below, not copied (see `Tokens`).
        let fields = Moved::from(fields);
        let types = Moved::from(types);
        let specs = Moved::from(specs);
        let pushes = Moved::from(pushes);
        // A bundle's keys looked up by name, for up to 64 names (App included): the
        // runtime matches that many (`record::NAMES_MATCHED`) and binary-searches
        // more, as rustc's string `match` compares every name of one length in turn.
        let keys = || std::iter::once("App").chain(resources.iter().map(|r| r.name.as_str()));
        let index = if resources.len() < NAMES_MATCHED {
            let arms = Moved::from(index_match(keys()));
            quote! {
                fn index(key: &str) -> #k::__private::Option<usize> {
                    use #k::__private as __p;
                    #arms
                }
            }
        } else {
            // Past that many, the runtime binary-searches the names: their order by
            // name is given here, so no load sorts them (nor compiles a sort).
            let keys: Vec<&str> = keys().collect();
            let mut order: Vec<usize> = (0..keys.len()).collect();
            order.sort_by(|a, b| keys[*a].cmp(keys[*b]));
            match order
                .iter()
                .map(|i| u16::try_from(*i).map(Literal::u16_unsuffixed))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(order) => quote! { const BY_NAME: &'static [u16] = &[#(#order),*]; },
                Err(_) => TokenStream::new(),
            }
        };
        let names = Moved::from(names);
        // The process environment, compared ignoring ASCII case when every name is
        // ASCII (Windows upper-cases an ASCII name to ASCII): the Unicode case tables
        // (~17 KB of a stripped binary) are linked only for a manifest that needs them.
        let env_source = if resources.iter().all(|r| r.name.is_ascii()) {
            format_ident!("EnvSource")
        } else {
            format_ident!("UnicodeEnvSource")
        };
        let bindings = if shared.is_none() {
            self.bindings(resources)
        } else {
            TokenStream::new()
        };
        // Each resource SST binds, declared to the Worker's source with the accessor
        // that fetches it: a missing one is named `env.<Name>`, one of another kind
        // fails the load (not later, in `binding()`).
        let bound = resources.iter().filter_map(|r| {
            let kind = r.binding.as_deref()?;
            let name = Literal::string(&r.name);
            let check = match resource_manifest::catalogue::cloudflare_binding(kind) {
                // `Env::kv` does not check the class: an R2 bucket would pass it.
                Some(("kv", _)) => quote! {
                    #k::__private::Option::Some(|env: &&#k::__private::worker::Env| {
                        #k::__private::check_kv(env, #name)
                    })
                },
                Some((method, _)) => {
                    let method = format_ident!("{}", method);
                    quote! {
                        #k::__private::Option::Some(|env: &&#k::__private::worker::Env| {
                            env.#method(#name).map(|_| ()).map_err(|e| e.to_string())
                        })
                    }
                }
                None => quote! { #k::__private::Option::None },
            };
            Some(quote! { .binding(#name, #check) })
        });
        let mut module_doc = Tokens::default();
        module_doc.doc(&format!(
            "One type per resource linked in `{file}`, and their nested property types."
        ));
        let module_doc = module_doc.into_stream();
        let types = match shared {
            None => quote! {
                #module_doc
                #[allow(dead_code, unused_imports)]
                pub mod resource {
                    #types
                }
            },
            // The workspace's types, by the same name, so `resource::<Type>` reads
            // the same in a function's crate as in a crate of its own.
            Some(path) => {
                let fingerprint = Literal::u64_suffixed(types_fingerprint(self.manifest));
                let message = Literal::string(&format!(
                    "the link types of `{path}` were not generated from {file} as this \
                     function's `Resource` reads it: from another file, or before it last \
                     changed. Point its `sst_resources!(.., types)` and this call at the same \
                     file; a module `sst-resources types` wrote is brought up to date by the \
                     command in its first lines (`sst-resources check` names each one out of date)"
                ));
                quote! {
                    #[allow(unused_imports)]
                    pub use #path::resource;
                    const _: () = if resource::__SST_LINKS_TOML != #fingerprint {
                        #k::__private::panic!(#message)
                    };
                }
            }
        };
        // Which function's links this binary loads, for `policy --binary` (nothing
        // unless an `aws-*` feature is on; see `__aws_function!`).
        let function_record = match function {
            Some(f) => {
                let id = Literal::u64_suffixed(operations::resource_id(&f.name));
                quote! { #k::__aws_function!(#id); }
            }
            None => TokenStream::new(),
        };
        let linked = match (shared, function) {
            (Some(_), Some(f)) => self.linked_impls(resources, f),
            _ => TokenStream::new(),
        };
        quote! {
            #struct_doc
            #[derive(#k::__private::Debug, #k::__private::Clone, #k::__private::Default)]
            #[allow(dead_code)]
            pub struct Resource {
                /// The SST app this runs in: its name and stage (`SST_RESOURCE_App`).
                pub app: #k::__private::App,
                #fields
            }

            #types
            #linked

            // Items for Cloudflare Workers: present when the facade's `cloudflare`
            // feature is on (its `__if_cloudflare!` expands to nothing otherwise).
            #k::__if_cloudflare! {
                impl Resource {
                    /// Loads every linked resource from a Worker's `env`: text bindings
                    /// (`SST_RESOURCE_<Name>`) and Cloudflare bindings named after their
                    /// resource, as SST sets them.
                    ///
                    /// # Errors
                    /// Every missing or malformed resource, at once.
                    pub fn from_worker_env(
                        env: &#k::__private::worker::Env,
                    ) -> #k::__private::Result<Self, #k::__private::LoadError> {
                        Self::from_source(
                            &#k::__private::WorkerSource::new(env)
                                #(#bound)*
                        )
                    }
                }
                #bindings
            }

            // How the loader reads `Resource`: `App` then each resource, by name.
            impl #k::__private::Record for Resource {
                const KEYS: #k::__private::Keys = &["App", #names];
                // The loader reaches the resources as records (`records`), never
                // as fields: a `dyn Field` of each resource type would compile the
                // Value path of a nested property for every one of them.
                fn field(
                    &mut self,
                    _: usize,
                ) -> #k::__private::Option<&mut dyn #k::__private::Field> {
                    #k::__private::Option::None
                }
                fn records<'x>(
                    &'x mut self,
                    out: &mut #k::__private::Vec<&'x mut dyn #k::__private::DynRecord>,
                ) {
                    out.push(&mut self.app);
                    #pushes
                }
                #index
            }

            impl Resource {
                /// The SST names of the linked resources, in manifest order.
                pub const LINKED: &'static [&'static str] =
                    <Self as #k::__private::Record>::KEYS.split_at(1).1;

                /// Loads every linked resource from the process environment, as SST
                /// sets it (`SST_RESOURCE_<Name>`, `SST_RESOURCES_JSON`).
                ///
                /// # Errors
                /// Every missing or malformed resource, at once.
                pub fn load() -> #k::__private::Result<Self, #k::__private::LoadError> {
                    Self::from_source(&#k::__private::#env_source)
                }

                /// Loads every linked resource from `source`.
                ///
                /// # Errors
                /// Every missing or malformed resource, at once.
                pub fn from_source(
                    source: &dyn #k::__private::Source,
                ) -> #k::__private::Result<Self, #k::__private::LoadError> {
                    // Every resource is decoded into its field (from a bundle, in one
                    // pass); one that fails records its problems and is left
                    // `Default`, and `finish` then fails the load, so none escapes.
                    #function_record
                    let mut __resource = <Self as #k::__private::Default>::default();
                    let mut __cx = #k::__private::LoadContext::new(source);
                    __cx.load_all(&mut __resource, &[("SST_RESOURCE_App", "", ""), #specs]);
                    __cx.finish()?;
                    #k::__private::Result::Ok(__resource)
                }

                /// The linked resources of this process, loaded from the environment
                /// on first use and cached.
                ///
                /// # Errors
                /// The first load's error, every time.
                pub fn try_get() -> #k::__private::Result<&'static Self, &'static #k::__private::LoadError> {
                    static LOADED: #k::__private::OnceLock<
                        #k::__private::Result<Resource, #k::__private::LoadError>,
                    > = #k::__private::OnceLock::new();
                    LOADED.get_or_init(Self::load).as_ref()
                }

                /// Like [`Resource::try_get`], for handlers that cannot run without
                /// their links.
                ///
                /// # Panics
                /// If the links cannot be loaded, at the caller's line; the message
                /// lists every problem.
                #[track_caller]
                pub fn get() -> &'static Self {
                    match Self::try_get() {
                        #k::__private::Result::Ok(resource) => resource,
                        #k::__private::Result::Err(error) => #k::__private::panic_load(error),
                    }
                }
            }
        }
    }

    /// `use <krate>::__private as __p;`: the alias the types module names
    /// everything through.
    fn private_alias(&self, out: &mut Tokens) {
        out.ident("use")
            .extend(self.k.clone())
            .sep()
            .ident("__private")
            .ident("as")
            .ident("__p")
            .punct(';');
    }

    /// `sst_resources!("links.toml", types)`: every resource's type in `pub mod
    /// resource`, each providing itself as a link (`Linked<Self>`, so one resource is
    /// the fake of a shared function that needs only it) and reachable from any
    /// value that provides it (`<Type>::of(&links)`), and the Worker accessors.
    fn types_only(&self, resources: &[&LinkedResource]) -> TokenStream {
        let k = self.k;
        let file = &self.manifest.file;
        let mut types = Tokens::default();
        self.private_alias(&mut types);
        for r in resources {
            types.attributes(&doc_groups(&self.resource_doc(r)));
            self.record(&mut types, &r.type_name, &r.properties, &r.field, &r.name);
            let ty = format_ident!("{}", r.type_name);
            let mut of_doc = Tokens::default();
            of_doc.doc(&format!(
                "`{}` as `links` provides it: a function's `Resource` that links it, or a \
                 test's fake. Shared code reads it with `{}::of(links)` (a field access).",
                r.name, r.type_name
            ));
            let of_doc = of_doc.into_stream();
            let mut load_doc = Tokens::default();
            load_doc.doc(&format!(
                "Loads `{}` alone from `source` (`SST_RESOURCE_{}`, ...): a link for a test \
                 of shared code, without declaring a function for it.\n\n# Errors\nEvery \
                 problem of `{}`, at once.",
                r.name, r.name, r.name
            ));
            let load_doc = load_doc.into_stream();
            let name = Literal::string(&r.name);
            let var = Literal::string(&r.env_var());
            let wire = Literal::string(&r.wire_type);
            let at = Literal::string(&format!("{file}:{}", r.line));
            types.extend(quote! {
                impl __p::Linked<#ty> for #ty {
                    #[inline]
                    fn link(&self) -> &#ty {
                        self
                    }
                }
                impl #ty {
                    #of_doc
                    #[inline]
                    pub fn of(links: &impl __p::Linked<#ty>) -> &#ty {
                        links.link()
                    }
                    #load_doc
                    pub fn from_source(
                        source: &dyn __p::Source,
                    ) -> __p::Result<#ty, __p::LoadError> {
                        __p::LoadContext::load_one(source, &[#name], (#var, #wire, #at))
                    }
                }
            });
        }
        for r in resources {
            self.nested_module(&mut types, &r.properties, &r.field, &r.name);
        }
        types.extend(self.handles(resources, None));
        let types = Moved::from(types);
        let bindings = self.bindings(resources);
        let mut module_doc = Tokens::default();
        module_doc.doc(&format!(
            "One type per resource declared in `{file}`, and their nested property types: \
             the types every function's `Resource` in this workspace is made of \
             (`sst_resources!(.., function = \"<Name>\", types = <this crate>)`)."
        ));
        let module_doc = module_doc.into_stream();
        let fingerprint = Literal::u64_suffixed(types_fingerprint(self.manifest));
        quote! {
            #module_doc
            #[allow(dead_code, unused_imports)]
            pub mod resource {
                #types
                /// What these types were generated from (`types_fingerprint`), held
                /// against each function's `types = <crate>` call.
                #[doc(hidden)]
                pub const __SST_LINKS_TOML: u64 = #fingerprint;
            }
            #k::__if_cloudflare! {
                #bindings
            }
        }
    }

    /// For a function whose types come from a workspace's types crate: `Linked<R>`
    /// for exactly the resources it links, through a trait of its own whose
    /// `on_unimplemented` names the function, the missing link and the fix.
    fn linked_impls(&self, resources: &[&LinkedResource], f: &Function) -> TokenStream {
        let k = self.k;
        let file = &self.manifest.file;
        let trait_name = format_ident!("LinkedTo{}", names::type_name(&names::field_name(&f.name)));
        // `{Self}` is the format's only argument: braces in a name are escaped.
        let name = f.name.replace('{', "{{").replace('}', "}}");
        let file_fmt = file.replace('{', "{{").replace('}', "}}");
        let message = Literal::string(&format!("function `{name}` is not linked to `{{Self}}`"));
        let label = Literal::string(&format!(
            "this needs the link `{{Self}}`, which function `{name}` lacks"
        ));
        // `{Self}` is the resource's Rust type; where that is not its SST name
        // (`my-bucket` is `MyBucket`), the note says which is which.
        let renamed: Vec<String> = self
            .manifest
            .resources
            .iter()
            .filter(|r| r.type_name != r.name && !f.links.contains(&r.name))
            .map(|r| {
                format!("`{}` is \"{}\"", r.type_name, r.name)
                    .replace('{', "{{")
                    .replace('}', "}}")
            })
            .collect();
        let renamed = if renamed.is_empty() {
            String::new()
        } else {
            format!(" (by its SST name: {})", renamed.join(", "))
        };
        let note = Literal::string(&format!(
            "add `{{Self}}`{renamed} to `link` in `[functions.{name}]` ({file_fmt}:{}) and to \
             the `link: [...]` of `{name}` in sst.config.ts; or call this from a function that \
             links it",
            f.line
        ));
        let mut trait_doc = Tokens::default();
        trait_doc.doc(&format!(
            "The resources function `{}` links ({file}:{}): `Resource` provides \
             each as `Linked<R>`, and no other.",
            f.name, f.line
        ));
        let trait_doc = trait_doc.into_stream();
        let impls = resources.iter().map(|r| {
            let ty = format_ident!("{}", r.type_name);
            let field = field_ident(&r.field);
            quote! {
                impl #trait_name for resource::#ty {
                    #[inline]
                    fn of(resource: &Resource) -> &Self {
                        &resource.#field
                    }
                }
            }
        });
        quote! {
            #trait_doc
            #[doc(hidden)]
            #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
            pub trait #trait_name {
                /// This resource's field of `Resource`.
                fn of(resource: &Resource) -> &Self;
            }
            #(#impls)*
            impl<R: #trait_name> #k::__private::Linked<R> for Resource {
                #[inline]
                fn link(&self) -> &R {
                    R::of(self)
                }
            }
        }
    }

    /// Each resource's typed AWS handle (`resource.my_bucket.s3(&client)`), for the
    /// types that have one (`resource_manifest::operations`): a `__aws_<service>!`
    /// call, which the facade expands only when that service's feature is on, giving
    /// the resource's id, and its grant as a trait whose `on_unimplemented` names
    /// the function (`function`, else those that link it), the resource, what its
    /// grant allows and the line that grants it, implemented for each operation the
    /// grant allows. Placed in `mod resource`, beside the types.
    fn handles(&self, resources: &[&LinkedResource], function: Option<&Function>) -> TokenStream {
        let k = self.k;
        let file = &self.manifest.file;
        let esc = |s: &str| s.replace('{', "{{").replace('}', "}}");
        let mut out = TokenStream::new();
        for r in resources {
            let Some((handle, ops)) = operations::of_component(&r.component) else {
                continue;
            };
            let Some(property) = operations::HANDLES.iter().find(|(h, _)| *h == handle) else {
                continue;
            };
            let Some(field) = r
                .properties
                .iter()
                .find(|p| p.name == property.1 && !p.optional)
                .map(|p| field_ident(&p.field))
            else {
                continue;
            };
            let who = match function {
                Some(f) => format!("function `{}`", esc(&f.name)),
                None => {
                    let by: Vec<String> = self
                        .manifest
                        .functions
                        .iter()
                        .filter(|f| f.links.contains(&r.name))
                        .map(|f| format!("`{}`", esc(&f.name)))
                        .collect();
                    match by.len() {
                        0 => "this app".to_owned(),
                        1 => format!("function {}", by[0]),
                        _ => format!("functions {}", by.join(", ")),
                    }
                }
            };
            let name = esc(&r.name);
            let granted: Vec<String> = r
                .permissions
                .iter()
                .map(|p| {
                    let deny = if p.effect == resource_manifest::Effect::Deny {
                        "deny "
                    } else {
                        ""
                    };
                    format!("{deny}`{}`", p.actions.join("`, `"))
                })
                .collect();
            let granted = if granted.is_empty() {
                "nothing".to_owned()
            } else {
                esc(&granted.join("; "))
            };
            let place = match r.grant_line {
                Some(line) => format!(
                    "`[types.\"{}\"] permissions` ({}:{line})",
                    esc(&r.component),
                    esc(file)
                ),
                None => format!("SST's default for `{}`", esc(&r.component)),
            };
            // Each operation the grant allows gets an impl; each other, a line of the note.
            let (mut allowed, mut denied) = (Vec::new(), Vec::new());
            for op in &ops {
                let missing = operations::denied(&r.permissions, op);
                if missing.is_empty() {
                    allowed.push(format_ident!("{}", op.name));
                } else {
                    denied.push(format!("`{}` needs `{}`", op.name, missing.join("`, `")));
                }
            }
            let message = Literal::string(&format!(
                "{who} may not call `{{Self}}` on `{name}`: its grant does not allow it"
            ));
            let label = Literal::string(&format!(
                "`{{Self}}` needs an IAM action `{name}` is not granted"
            ));
            let refused = if denied.is_empty() {
                "it allows every call of the handle".to_owned()
            } else {
                format!("the calls it does not allow: {}", denied.join("; "))
            };
            let note = Literal::string(&format!(
                "`{name}` is granted {granted}, by {place}; {refused}. Add what this call needs \
                 to that grant (in sst.config.ts, the `sst.Linkable.wrap({}, ...)` include that \
                 narrows it), or make this call on a resource whose grant allows it",
                esc(&r.component)
            ));
            let doc = Literal::string(&format!(
                "`{name}` through the AWS SDK's `{handle}` client: its requests with the \
                 {} set, each compiled only if `{name}`'s grant allows it, and recorded for \
                 `sst-resources policy --binary` (feature `aws-{handle}`).",
                property.1
            ));
            let ty = format_ident!("{}", r.type_name);
            let grant = format_ident!("GrantOf{}", r.type_name);
            let id = Literal::u64_suffixed(operations::resource_id(&r.name));
            let mac = format_ident!("__aws_{}", handle);
            out.extend(quote! {
                #k::#mac! {
                    #ty, #field, #id, #grant, #doc, #message, #label, #note, [#(#allowed)*]
                }
            });
        }
        out
    }

    /// `impl resource::<Type> { pub fn binding(&self, env) }` for each resource SST
    /// binds to a Worker (inherent impls: beside the types, in the crate that has them).
    fn bindings(&self, resources: &[&LinkedResource]) -> TokenStream {
        let k = self.k;
        resources.iter().filter_map(|r| {
            let (method, ty) =
                resource_manifest::catalogue::cloudflare_binding(r.binding.as_deref()?)?;
            let rty = format_ident!("{}", r.type_name);
            let method = format_ident!("{}", method);
            let handle: TokenStream = ty.parse().expect("catalogue binding types are paths");
            let name = Literal::string(&r.name);
            let mut d = Tokens::default();
            d.doc(&format!(
                "The `{}` binding of this Worker (`env.{}`), as SST binds a linked `{}`.\n\n# Errors\nIf the Worker has no such binding.",
                r.name, r.name, r.component
            ));
            let d = d.into_stream();
            Some(quote! {
                impl resource::#rty {
                    #d
                    pub fn binding(
                        &self,
                        env: &#k::__private::worker::Env,
                    ) -> #k::__private::worker::Result<#k::__private::worker::#handle> {
                        env.#method(#name)
                    }
                }
            })
        }).collect()
    }

    fn resource_doc(&self, r: &LinkedResource) -> String {
        format!(
            "`{}`: a linked `{}`, read from `{}`.\n\nDeclared at `{}:{}`.",
            r.name,
            r.component,
            r.env_var(),
            self.manifest.file,
            r.line
        )
    }

    /// A struct of `properties` (its doc already written) and its `Record` impl:
    /// `pub struct <ty> { ... }`, whose nested object types live in module `module`
    /// (the field's name), and the keys and fields the loader reads it by.
    fn record(
        &self,
        out: &mut Tokens,
        ty: &str,
        properties: &[Property],
        module: &str,
        owner: &str,
    ) {
        let mut body = Tokens::default();
        for p in properties {
            body.doc(&property_doc(p, owner))
                .ident("pub")
                .push(field_ident(&p.field))
                .punct(':');
            self.property_type(&mut body, p, module);
            body.punct(',');
        }
        out.punct('#')
            .push(self.derives.clone())
            .ident("pub")
            .ident("struct")
            .ident(ty)
            .group(Delimiter::Brace, body);
        let shape: Vec<(String, String)> = properties
            .iter()
            .map(|p| (p.name.clone(), p.field.clone()))
            .collect();
        let body = self
            .record_bodies
            .borrow_mut()
            .entry(shape)
            .or_insert_with(|| record_body(properties))
            .clone();
        out.ident("impl")
            .private("Record")
            .ident("for")
            .ident(ty)
            .push(body);
    }

    /// The Rust type of a property; `module` is the module that holds the struct
    /// types of its nested objects.
    fn property_type(&self, out: &mut Tokens, p: &Property, module: &str) {
        let mut wrappers = 0;
        if p.optional {
            out.private("Option").punct('<');
            wrappers += 1;
        }
        if p.secret {
            out.private("Secret").punct('<');
            wrappers += 1;
        }
        self.base_type(out, &p.ty, module, &p.field);
        for _ in 0..wrappers {
            out.punct('>');
        }
    }

    fn base_type(&self, out: &mut Tokens, ty: &PropertyType, module: &str, field: &str) {
        match ty {
            PropertyType::String => {
                out.private("String");
            }
            PropertyType::Integer => {
                out.ident("i64");
            }
            PropertyType::Number => {
                out.ident("f64");
            }
            PropertyType::Boolean => {
                out.ident("bool");
            }
            PropertyType::Json => {
                out.private("Value");
            }
            PropertyType::List(item) => {
                out.private("Vec").punct('<');
                self.base_type(out, item, module, field);
                out.punct('>');
            }
            PropertyType::Object(_) => {
                out.ident(module).sep().ident(&names::type_name(field));
            }
        }
    }

    /// `pub mod <module> { pub struct <Prop> {...} ... }` for properties that are
    /// nested objects (also inside lists), recursively.
    fn nested_module(&self, out: &mut Tokens, properties: &[Property], module: &str, owner: &str) {
        let mut body = Tokens::default();
        let mut any = false;
        for p in properties {
            let Some(children) = object_of(&p.ty) else {
                continue;
            };
            if !any {
                body.ident("use")
                    .ident("super")
                    .sep()
                    .ident("__p")
                    .punct(';');
                any = true;
            }
            let path = format!("{owner}.{}", p.name);
            body.doc(&format!("The `{}` property of `{owner}`.", p.name));
            self.record(
                &mut body,
                &names::type_name(&p.field),
                children,
                &p.field,
                &path,
            );
            self.nested_module(&mut body, children, &p.field, &path);
        }
        if any {
            out.doc(&format!("Nested property types of `{owner}`."))
                .ident("pub")
                .ident("mod")
                .ident(module)
                .group(Delimiter::Brace, body);
        }
    }
}

/// The body of `impl __p::Record for <ty>`:
///
/// ```text
/// { const KEYS: __p::Keys = &[<keys>];
///   fn field(&mut self, index: usize) -> __p::Option<&mut dyn __p::Field> {
///       __p::Some(match index { <i> => &mut self.<field>, .. _ => return __p::Option::None }) }
///   fn slot(&mut self, index: usize) -> __p::Slot<'_> {
///       match index { <i> => __p::Field::as_slot(&mut self.<field>), .. _ => __p::Slot::Other } }
///   fn index(key: &str) -> __p::Option<usize> { match key { <key> => __p::Some(<i>), .. } } }
/// ```
///
/// Three small `match`es and nothing generic: what the loader does with a field is
/// compiled once per property type, behind `dyn Field`.
fn record_body(properties: &[Property]) -> Group {
    let mut keys = Tokens::default();
    for p in properties {
        keys.string(&p.name).punct(',');
    }
    let mut item = Tokens::default();
    item.ident("const")
        .ident("KEYS")
        .punct(':')
        .private("Keys")
        .punct('=')
        .punct('&')
        .group(Delimiter::Bracket, keys)
        .punct(';');
    let field_refs: Vec<Tokens> = properties
        .iter()
        .map(|p| {
            let mut r = Tokens::default();
            r.self_field(field_ident(&p.field));
            r
        })
        .collect();
    let mut field_body = Tokens::default();
    let mut slot_body = Tokens::default();
    if properties.is_empty() {
        field_body
            .ident("let")
            .ident("_")
            .punct('=')
            .ident("index")
            .punct(';');
        field_body.private("Option").sep().ident("None");
        slot_body
            .ident("let")
            .ident("_")
            .punct('=')
            .ident("index")
            .punct(';');
        slot_body.private("Slot").sep().ident("Other");
    } else {
        let mut field_arms = Tokens::default();
        let mut slot_arms = Tokens::default();
        for (i, r) in field_refs.into_iter().enumerate() {
            let arm = |t: &mut Tokens| {
                t.push(Literal::usize_unsuffixed(i))
                    .push(Punct::new('=', Spacing::Joint))
                    .punct('>');
            };
            arm(&mut slot_arms);
            let mut arg = Tokens::default();
            arg.0.extend(r.0.iter().cloned());
            slot_arms
                .private("Field")
                .sep()
                .ident("as_slot")
                .group(Delimiter::Parenthesis, arg)
                .punct(',');
            arm(&mut field_arms);
            field_arms.0.extend(r.0);
            field_arms.punct(',');
        }
        let wild = |t: &mut Tokens| {
            t.ident("_")
                .push(Punct::new('=', Spacing::Joint))
                .punct('>');
        };
        wild(&mut field_arms);
        field_arms
            .ident("return")
            .private("Option")
            .sep()
            .ident("None")
            .punct(',');
        wild(&mut slot_arms);
        slot_arms.private("Slot").sep().ident("Other").punct(',');
        let mut matched = Tokens::default();
        matched
            .ident("match")
            .ident("index")
            .group(Delimiter::Brace, field_arms);
        field_body
            .private("Some")
            .group(Delimiter::Parenthesis, matched);
        slot_body
            .ident("match")
            .ident("index")
            .group(Delimiter::Brace, slot_arms);
    }
    let params = || {
        let mut p = Tokens::default();
        p.punct('&')
            .ident("mut")
            .ident("self")
            .punct(',')
            .ident("index")
            .punct(':')
            .ident("usize");
        p
    };
    let mut field_ret = Tokens::default();
    field_ret
        .private("Option")
        .punct('<')
        .punct('&')
        .ident("mut")
        .ident("dyn")
        .private("Field")
        .punct('>');
    item.fn_item("field", params(), field_ret, field_body);
    let mut slot_ret = Tokens::default();
    slot_ret
        .private("Slot")
        .punct('<')
        .push(Punct::new('\'', Spacing::Joint))
        .ident("_")
        .punct('>');
    item.fn_item("slot", params(), slot_ret, slot_body);
    if !properties.is_empty() {
        index_fn(&mut item, properties);
    }
    Group::new(Delimiter::Brace, item.into_stream())
}

/// `fn index(key: &str) -> __p::Option<usize> { match key { "<key>" => __p::Some(<i>), ..
/// _ => __p::Option::None } }`: the field of each JSON key, as a `match` rustc compiles
/// to a switch on the length and word compares (the runtime's default scans `KEYS`).
fn index_fn(item: &mut Tokens, properties: &[Property]) {
    let body = index_match(properties.iter().map(|p| p.name.as_str()));
    let mut params = Tokens::default();
    params.ident("key").punct(':').punct('&').ident("str");
    let mut ret = Tokens::default();
    ret.private("Option").punct('<').ident("usize").punct('>');
    item.fn_item("index", params, ret, body);
}

/// How many names (App included) the runtime looks a bundle's keys up in by
/// `Resource::index` (its `record::NAMES_MATCHED`); beyond, it maps them.
const NAMES_MATCHED: usize = 64;

/// `match key { "<key>" => __p::Some(<i>), .. _ => __p::Option::None }` over `keys`
/// in order; a key given twice is the first's, as a scan of `KEYS` finds it.
fn index_match<'k>(keys: impl Iterator<Item = &'k str>) -> Tokens {
    let mut arms = Tokens::default();
    let mut seen = std::collections::HashSet::with_capacity(keys.size_hint().0);
    for (i, key) in keys.enumerate() {
        if !seen.insert(key) {
            continue;
        }
        let mut index = Tokens::default();
        index.push(Literal::usize_unsuffixed(i));
        arms.string(key)
            .push(Punct::new('=', Spacing::Joint))
            .punct('>')
            .private("Some")
            .group(Delimiter::Parenthesis, index)
            .punct(',');
    }
    arms.ident("_")
        .push(Punct::new('=', Spacing::Joint))
        .punct('>')
        .private("Option")
        .sep()
        .ident("None")
        .punct(',');
    let mut body = Tokens::default();
    body.ident("match")
        .ident("key")
        .group(Delimiter::Brace, arms);
    body
}

/// The children of an object property, looking through lists.
fn object_of(ty: &PropertyType) -> Option<&[Property]> {
    match ty {
        PropertyType::Object(children) => Some(children),
        PropertyType::List(item) => object_of(item),
        _ => None,
    }
}

fn property_doc(p: &Property, owner: &str) -> String {
    let mut kind = p.ty.manifest_name();
    if p.secret {
        kind = format!("secret {kind}, redacted in `Debug`; read it with `.expose()`");
    }
    let absent = if p.optional {
        "; `None` when SST does not link it"
    } else {
        ""
    };
    format!(
        "`{}` of `{owner}` ({kind}{absent}): JSON key `{}`.",
        p.name, p.name
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::{Expr, Item, Lit, Pat};

    /// Keys of one length (`region`/`secret`, `host`/`port`/`type`), keywords, a key
    /// that is no Rust identifier, more than twelve fields, nested
    /// objects (whose `"type"` is a property like any other).
    const MANIFEST: &str = r#"
[app]
name = "shop"

[resources.Wide]
type = "sst.Linkable"
properties = { region = "string", secret = "string", loop = "boolean", match = "string", "api-key" = "string", a = "integer", b = "integer", c = "integer", d = "integer", e = "integer", f = "integer", g = "integer", h = "integer", i = "integer?", redis = { host = "string", port = "integer", type = "string", tls = { enabled = "boolean" } } }

[resources.MyBucket]
type = "sst.aws.Bucket"
"#;

    fn string(expr: &Expr) -> String {
        match expr {
            Expr::Lit(lit) => lit_string(&lit.lit),
            _ => panic!("not a literal"),
        }
    }

    fn lit_string(lit: &Lit) -> String {
        match lit {
            Lit::Str(s) => s.value(),
            _ => panic!("not a string"),
        }
    }

    /// The field each arm of a generated `match index { <i> => ..&mut self.<field>.. }`
    /// names, in index order (`field` and `slot` both have one).
    fn arm_fields(arms: &[syn::Arm]) -> Vec<String> {
        fn member(expr: &Expr) -> String {
            match expr {
                Expr::Reference(r) => member(&r.expr),
                Expr::Call(call) => member(&call.args[0]),
                Expr::Field(f) => match &f.member {
                    syn::Member::Named(ident) => ident.to_string(),
                    syn::Member::Unnamed(_) => panic!("not a named field"),
                },
                _ => panic!("not a field"),
            }
        }
        let mut out = Vec::new();
        for (i, arm) in arms.iter().enumerate() {
            match &arm.pat {
                Pat::Lit(lit) => {
                    let Lit::Int(n) = &lit.lit else { panic!() };
                    assert_eq!(n.base10_parse::<usize>().unwrap(), i, "arms in index order");
                    out.push(member(&arm.body));
                }
                Pat::Wild(_) => assert_eq!(i, arms.len() - 1, "the last arm"),
                _ => panic!("unexpected pattern"),
            }
        }
        out
    }

    /// What the generated `index` returns for `key`, by its `match`.
    fn eval(arms: &[syn::Arm], key: &str) -> Option<usize> {
        let arm = arms
            .iter()
            .find(|arm| match &arm.pat {
                Pat::Lit(lit) => lit_string(&lit.lit) == key,
                Pat::Wild(_) => true,
                _ => panic!("unexpected pattern"),
            })
            .expect("a match arm for every key");
        match &*arm.body {
            Expr::Call(call) => match &call.args[0] {
                Expr::Lit(lit) => match &lit.lit {
                    Lit::Int(i) => Some(i.base10_parse().unwrap()),
                    _ => panic!("not an index"),
                },
                _ => panic!("not an index"),
            },
            Expr::Path(path) if path.path.segments.last().unwrap().ident == "None" => None,
            _ => panic!("unexpected arm"),
        }
    }

    /// The arms of the `match` a generated function ends with.
    fn last_match(f: &syn::ImplItemFn) -> &[syn::Arm] {
        let Some(syn::Stmt::Expr(Expr::Match(m), None)) = f.block.stmts.last() else {
            panic!("{} does not end with a match", f.sig.ident)
        };
        &m.arms
    }

    /// Checks each `impl Record` among `items` (and their modules); returns how many.
    fn check(items: &[Item]) -> usize {
        let mut checked = 0;
        for item in items {
            match item {
                Item::Mod(m) => checked += check(&m.content.as_ref().unwrap().1),
                Item::Impl(imp)
                    if imp.trait_.as_ref().is_some_and(|(path, _)| {
                        path.segments.last().unwrap().ident == "Record"
                    }) =>
                {
                    let syn::Type::Path(ty) = &*imp.self_ty else {
                        panic!()
                    };
                    let ty = ty.path.segments.last().unwrap().ident.to_string();
                    let mut keys = Vec::new();
                    let mut fields = Vec::new();
                    let mut slots = Vec::new();
                    let mut arms = None;
                    for member in &imp.items {
                        match member {
                            syn::ImplItem::Const(c) => {
                                let Expr::Reference(r) = &c.expr else {
                                    panic!()
                                };
                                let Expr::Array(a) = &*r.expr else { panic!() };
                                keys = a.elems.iter().map(string).collect();
                            }
                            // Of `Resource`, only `index` (below) is checked: its
                            // resources are reached as records, never as fields.
                            syn::ImplItem::Fn(f) if ty == "Resource" && f.sig.ident != "index" => {}
                            syn::ImplItem::Fn(f) if f.sig.ident == "field" => {
                                // `__p::Some(match index { .. })`
                                let Some(syn::Stmt::Expr(Expr::Call(call), None)) =
                                    f.block.stmts.last()
                                else {
                                    panic!()
                                };
                                let Expr::Match(m) = &call.args[0] else {
                                    panic!()
                                };
                                fields = arm_fields(&m.arms);
                            }
                            syn::ImplItem::Fn(f) if f.sig.ident == "slot" => {
                                slots = arm_fields(last_match(f));
                            }
                            syn::ImplItem::Fn(f) if f.sig.ident == "index" => {
                                arms = Some(last_match(f));
                            }
                            _ => panic!("unexpected item"),
                        }
                    }
                    let arms = arms.unwrap_or_else(|| panic!("{ty}: no `index`"));
                    if ty == "Resource" {
                        // The names of a bundle's keys, App first.
                        assert_eq!(keys[0], "App");
                        for (i, key) in keys.iter().enumerate() {
                            assert_eq!(eval(arms, key), Some(i), "Resource: {key}");
                        }
                        assert_eq!(eval(arms, "app"), None);
                        assert_eq!(eval(arms, "Other"), None);
                        checked += 1;
                        continue;
                    }
                    // The struct's fields in order, each with the JSON key its doc names.
                    let strukt = items
                        .iter()
                        .find_map(|i| match i {
                            Item::Struct(s) if s.ident == ty => Some(s),
                            _ => None,
                        })
                        .unwrap();
                    let docs: Vec<(String, String)> = strukt
                        .fields
                        .iter()
                        .map(|f| {
                            let ident = f.ident.as_ref().unwrap().to_string();
                            let doc: String = f
                                .attrs
                                .iter()
                                .filter_map(|a| match &a.meta {
                                    syn::Meta::NameValue(nv) => Some(string(&nv.value)),
                                    _ => None,
                                })
                                .collect();
                            (ident, doc)
                        })
                        .collect();
                    assert_eq!(keys.len(), fields.len(), "{ty}");
                    assert_eq!(slots, fields, "{ty}: `slot` and `field` agree");
                    for (i, key) in keys.iter().enumerate() {
                        assert_eq!(eval(arms, key), Some(i), "{ty}: {key}");
                        let (_, doc) = docs
                            .iter()
                            .find(|(ident, _)| *ident == fields[i])
                            .unwrap_or_else(|| panic!("{ty}: no field {}", fields[i]));
                        assert!(doc.contains(&format!("JSON key `{key}`")), "{ty}: {key}");
                    }
                    for key in keys.iter().flat_map(|k| {
                        [
                            format!("{k}x"),
                            k[..k.len() - 1].to_owned(),
                            k.to_uppercase(),
                            format!(" {k}"),
                        ]
                    }) {
                        if !keys.contains(&key) {
                            assert_eq!(eval(arms, &key), None, "{ty}: {key}");
                        }
                    }
                    for key in ["", "type", "name", "\u{e9}"] {
                        if !keys.iter().any(|k| k == key) {
                            assert_eq!(eval(arms, key), None, "{ty}: {key}");
                        }
                    }
                    checked += 1;
                }
                _ => {}
            }
        }
        checked
    }

    /// `Resource::index` is generated for up to 64 names, App included (63
    /// resources), as the runtime's `NAMES_MATCHED` uses it; beyond, none.
    #[test]
    fn resource_index_up_to_sixty_four_names() {
        for (resources, expected) in [(63, true), (64, false)] {
            let mut text = String::from("[app]\nname = \"shop\"\n");
            for i in 0..resources {
                text.push_str(&format!("[resources.B{i:03}]\ntype = \"sst.aws.Bucket\"\n"));
            }
            let m = resource_manifest::parse_str("links.toml", &text).unwrap();
            let file: syn::File = syn::parse2(expand(&m, &[], &Options::default())).unwrap();
            let has_index = file.items.iter().any(|item| match item {
                Item::Impl(imp) => {
                    matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Resource"))
                        && imp
                            .items
                            .iter()
                            .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "index"))
                }
                _ => false,
            });
            assert_eq!(has_index, expected, "{resources} resources");
        }
    }

    #[test]
    fn index_maps_each_key_to_its_field_and_any_other_to_none() {
        let m = resource_manifest::parse_str("links.toml", MANIFEST).unwrap();
        let file: syn::File = syn::parse2(expand(&m, &[], &Options::default())).unwrap();
        // Wide, Redis, Tls, MyBucket, and Resource (the names of a bundle's keys).
        assert_eq!(check(&file.items), 5);
    }
}
