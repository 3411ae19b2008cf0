//! Emits the tokens for one `sst_resources!` call. Generated code names everything by
//! absolute path through `<krate>::__private`, so user code can shadow nothing, and
//! keeps one small function per resource so compile time stays linear in the number
//! of links.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            krate: quote!(::sst_resources),
            function: None,
            manifest_path: None,
            tracked_paths: Vec::new(),
            span: Span::call_site(),
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
    let resources = manifest.linked_to(function);
    let mut out = expand_errors(&errors, options.span);
    if !unknown_function {
        out.extend(secrets_in_browser_guard(
            manifest,
            function,
            &resources,
            options.span,
        ));
    }
    out.extend(
        Generator {
            k: &options.krate,
            manifest,
        }
        .items(&resources, function),
    );
    for path in options.manifest_path.iter().chain(&options.tracked_paths) {
        let path = Literal::string(path);
        out.extend(quote! { const _: &[u8] = ::core::include_bytes!(#path); });
    }
    out
}

/// Refuses, for `wasm32-unknown-unknown` only, a link set that holds secrets unless the
/// manifest marks it server-side. That target is what browsers run, and whatever a
/// browser gets, anyone who loads the page can read; Cloudflare Workers share the
/// target but run on servers, hence `server = true`. The macro runs on the host and
/// cannot see the target, so the check is a `cfg` the target's compilation evaluates.
fn secrets_in_browser_guard(
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
        ::core::compile_error!(#message);
    }
}

/// `compile_error!` invocations for `messages`, pointing at `span`.
pub fn expand_errors(messages: &[String], span: Span) -> TokenStream {
    messages
        .iter()
        .map(|m| {
            let m = Literal::string(m);
            quote_spanned!(span=> ::core::compile_error!(#m);)
        })
        .collect()
}

struct Generator<'a> {
    k: &'a TokenStream,
    manifest: &'a Manifest,
}

/// The identifier for a generated field (`r#type` for keywords).
fn field_ident(field: &str) -> Ident {
    let text = names::rust_ident(field);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&text, Span::call_site()),
    }
}

fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        let l = Literal::string(&format!(" {l}"));
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

impl Generator<'_> {
    fn items(&self, resources: &[&LinkedResource], function: Option<&Function>) -> TokenStream {
        let k = self.k;
        let file = &self.manifest.file;
        let scope = match function {
            Some(f) => format!(
                "The resources linked to function `{}` ({file}:{}), typed.",
                f.name, f.line
            ),
            None => format!("The resources declared in `{file}`, typed."),
        };
        let struct_doc = doc(&format!(
            "{scope}\n\nGenerated by `sst_resources!` from `{file}`. Load it with [`Resource::load`] \
             (the process environment, as SST sets it), [`Resource::from_source`] (any source, \
             e.g. a `MapSource` in tests) or [`Resource::get`] (loaded once, cached)."
        ));
        let fields = resources.iter().map(|r| {
            let ident = field_ident(&r.field);
            let ty = format_ident!("{}", r.type_name);
            let d = doc(&self.resource_doc(r));
            quote! { #d pub #ident: resource::#ty, }
        });
        let types = resources.iter().map(|r| self.resource_type(r));
        let nested = resources.iter().map(|r| self.nested_modules(r));
        let from_json_impls: TokenStream = resources
            .iter()
            .map(|r| self.nested_from_json(&r.properties, &quote!(resource::), &r.field))
            .collect();
        let loaders = resources.iter().map(|r| self.loader(r));
        let inits = resources.iter().map(|r| {
            let ident = field_ident(&r.field);
            let loader = format_ident!("__load_{}", r.field);
            quote! { #ident: #loader(&mut __cx), }
        });
        let names = resources.iter().map(|r| Literal::string(&r.name));
        let bindings = resources.iter().filter_map(|r| {
            let (method, ty) =
                resource_manifest::catalogue::cloudflare_binding(r.binding.as_deref()?)?;
            let rty = format_ident!("{}", r.type_name);
            let method = format_ident!("{}", method);
            let handle: TokenStream = ty.parse().expect("catalogue binding types are paths");
            let name = Literal::string(&r.name);
            let d = doc(&format!(
                "The `{}` binding of this Worker (`env.{}`), as SST binds a linked `{}`.\n\n# Errors\nIf the Worker has no such binding.",
                r.name, r.name, r.component
            ));
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
        });
        // Each resource SST binds, declared to the Worker's source with the accessor
        // that fetches it: a missing one is named `env.<Name>`, one of another kind
        // fails the load (not later, in `binding()`).
        let bound = resources.iter().filter_map(|r| {
            let kind = r.binding.as_deref()?;
            let name = Literal::string(&r.name);
            let check = match resource_manifest::catalogue::cloudflare_binding(kind) {
                // `Env::kv` does not check the class: an R2 bucket would pass it.
                Some(("kv", _)) => quote! {
                    ::core::option::Option::Some(|env: &&#k::__private::worker::Env| {
                        #k::__private::check_kv(env, #name)
                    })
                },
                Some((method, _)) => {
                    let method = format_ident!("{}", method);
                    quote! {
                        ::core::option::Option::Some(|env: &&#k::__private::worker::Env| {
                            env.#method(#name).map(drop).map_err(|e| e.to_string())
                        })
                    }
                }
                None => quote! { ::core::option::Option::None },
            };
            Some(quote! { .binding(#name, #check) })
        });
        let module_doc = doc(&format!(
            "One type per resource linked in `{file}`, and their nested property types."
        ));
        quote! {
            #struct_doc
            #[derive(Debug, Clone, Default)]
            #[allow(dead_code)]
            pub struct Resource {
                /// The SST app this runs in: its name and stage (`SST_RESOURCE_App`).
                pub app: #k::__private::App,
                #(#fields)*
            }

            #module_doc
            #[allow(dead_code)]
            pub mod resource {
                #(#types)*
                #(#nested)*
            }

            #from_json_impls

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
                    ) -> ::core::result::Result<Self, #k::__private::LoadError> {
                        Self::from_source(
                            &#k::__private::WorkerSource::new(env)
                                #(#bound)*
                        )
                    }
                }
                #(#bindings)*
            }

            impl Resource {
                /// The SST names of the linked resources, in manifest order.
                pub const LINKED: &'static [&'static str] = &[#(#names),*];

                /// Loads every linked resource from the process environment, as SST
                /// sets it (`SST_RESOURCE_<Name>`, `SST_RESOURCES_JSON`).
                ///
                /// # Errors
                /// Every missing or malformed resource, at once.
                pub fn load() -> ::core::result::Result<Self, #k::__private::LoadError> {
                    Self::from_source(&#k::__private::EnvSource)
                }

                /// Loads every linked resource from `source`.
                ///
                /// # Errors
                /// Every missing or malformed resource, at once.
                pub fn from_source(
                    source: &dyn #k::__private::Source,
                ) -> ::core::result::Result<Self, #k::__private::LoadError> {
                    #[allow(unused_imports)]
                    use #k::__private as __p;
                    #(#loaders)*
                    // Every loader records its problems and returns a placeholder on
                    // failure; `finish` then fails the load, so no placeholder escapes.
                    let mut __cx = #k::__private::LoadContext::new(source);
                    let __resource = Resource {
                        app: __cx.app(),
                        #(#inits)*
                    };
                    __cx.finish()?;
                    ::core::result::Result::Ok(__resource)
                }

                /// The linked resources of this process, loaded from the environment
                /// on first use and cached.
                ///
                /// # Errors
                /// The first load's error, every time.
                pub fn try_get() -> ::core::result::Result<&'static Self, &'static #k::__private::LoadError> {
                    static LOADED: #k::__private::OnceLock<
                        ::core::result::Result<Resource, #k::__private::LoadError>,
                    > = #k::__private::OnceLock::new();
                    LOADED.get_or_init(Self::load).as_ref()
                }

                /// Like [`Resource::try_get`], for handlers that cannot run without
                /// their links.
                ///
                /// # Panics
                /// If the links cannot be loaded; the message lists every problem.
                pub fn get() -> &'static Self {
                    match Self::try_get() {
                        ::core::result::Result::Ok(resource) => resource,
                        ::core::result::Result::Err(error) => ::core::panic!("{}", error),
                    }
                }
            }
        }
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

    fn resource_type(&self, r: &LinkedResource) -> TokenStream {
        let ty = format_ident!("{}", r.type_name);
        let d = doc(&self.resource_doc(r));
        let module = format_ident!("{}", r.field);
        let fields = self.struct_fields(&r.properties, &quote!(#module::), &r.name);
        quote! {
            #d
            #[derive(Debug, Clone, Default)]
            pub struct #ty { #fields }
        }
    }

    /// Field declarations of a struct whose nested object types live in module
    /// `children` (a path relative to the struct's own module).
    fn struct_fields(
        &self,
        properties: &[Property],
        children: &TokenStream,
        owner: &str,
    ) -> TokenStream {
        properties
            .iter()
            .map(|p| {
                let ident = field_ident(&p.field);
                let ty = self.property_type(p, children);
                let d = doc(&property_doc(p, owner));
                quote! { #d pub #ident: #ty, }
            })
            .collect()
    }

    /// The Rust type of a property; `children` is the path of the module that holds
    /// the struct types of its nested objects.
    fn property_type(&self, p: &Property, children: &TokenStream) -> TokenStream {
        let k = self.k;
        let base = self.base_type(&p.ty, children, &p.field);
        let base = if p.secret {
            quote!(#k::__private::Secret<#base>)
        } else {
            base
        };
        if p.optional {
            quote!(::core::option::Option<#base>)
        } else {
            base
        }
    }

    fn base_type(&self, ty: &PropertyType, prefix: &TokenStream, field: &str) -> TokenStream {
        let k = self.k;
        match ty {
            PropertyType::String => quote!(::std::string::String),
            PropertyType::Integer => quote!(i64),
            PropertyType::Number => quote!(f64),
            PropertyType::Boolean => quote!(bool),
            PropertyType::Json => quote!(#k::__private::Value),
            PropertyType::List(item) => {
                let item = self.base_type(item, prefix, field);
                quote!(::std::vec::Vec<#item>)
            }
            PropertyType::Object(_) => {
                let ty = format_ident!("{}", names::type_name(field));
                quote!(#prefix #ty)
            }
        }
    }

    /// `pub mod <field> { pub struct <Prop> {...} ... }` for properties that are
    /// nested objects (also inside lists), recursively.
    fn nested_modules(&self, r: &LinkedResource) -> TokenStream {
        self.nested_module(&r.properties, &r.field, &r.name)
    }

    fn nested_module(&self, properties: &[Property], module: &str, owner: &str) -> TokenStream {
        let structs: Vec<TokenStream> = properties
            .iter()
            .filter_map(|p| object_of(&p.ty).map(|children| (p, children)))
            .map(|(p, children)| {
                let ty = format_ident!("{}", names::type_name(&p.field));
                let d = doc(&format!("The `{}` property of `{owner}`.", p.name));
                let child_module = format_ident!("{}", p.field);
                let path = format!("{owner}.{}", p.name);
                let fields = self.struct_fields(children, &quote!(#child_module::), &path);
                let inner = self.nested_module(children, &p.field, &path);
                quote! {
                    #d
                    #[derive(Debug, Clone, Default)]
                    pub struct #ty { #fields }
                    #inner
                }
            })
            .collect();
        if structs.is_empty() {
            return TokenStream::new();
        }
        let module = format_ident!("{}", module);
        let d = doc(&format!("Nested property types of `{owner}`."));
        quote! {
            #d
            pub mod #module {
                #(#structs)*
            }
        }
    }

    /// `impl FromJson` for each nested struct (at module level: impls inside function
    /// bodies trip `non_local_definitions`).
    fn nested_from_json(
        &self,
        properties: &[Property],
        parent: &TokenStream,
        module: &str,
    ) -> TokenStream {
        let k = self.k;
        let module_ident = format_ident!("{}", module);
        let path = quote!(#parent #module_ident::);
        properties
            .iter()
            .filter_map(|p| object_of(&p.ty).map(|children| (p, children)))
            .map(|(p, children)| {
                let ty = format_ident!("{}", names::type_name(&p.field));
                let inits = children.iter().map(|c| {
                    let ident = field_ident(&c.field);
                    let key = Literal::string(&c.name);
                    quote! { #ident: __d.field(&mut __o, #key), }
                });
                let inner = self.nested_from_json(children, &path, &p.field);
                quote! {
                    impl #k::__private::FromJson for #path #ty {
                        fn from_json(
                            __value: #k::__private::Value,
                            __d: &mut #k::__private::Decoder<'_>,
                        ) -> ::core::option::Option<Self> {
                            #[allow(unused_mut)]
                            let mut __o = __d.object(__value)?;
                            ::core::option::Option::Some(Self { #(#inits)* })
                        }
                    }
                    #inner
                }
            })
            .collect()
    }

    fn loader(&self, r: &LinkedResource) -> TokenStream {
        let loader = format_ident!("__load_{}", r.field);
        let ty = format_ident!("{}", r.type_name);
        // Each property's type is inferred from the struct field: fewer tokens for
        // rustc to read (macro expansion time is linear in them).
        let inits = r.properties.iter().enumerate().map(|(i, p)| {
            let ident = field_ident(&p.field);
            quote! { #ident: __f.take(#i), }
        });
        let spec = self.spec(r);
        // Not inlined: one small body per resource keeps the optimizer linear in the
        // number of links. `__p` is `from_source`'s alias of `<krate>::__private`.
        quote! {
            #[inline(never)]
            #[allow(unused_variables, unused_mut)]
            fn #loader(__cx: &mut __p::LoadContext<'_>) -> resource::#ty {
                let __p::Some(mut __f) = __cx.fields(#spec) else {
                    return __p::Default::default();
                };
                resource::#ty { #(#inits)* }
            }
        }
    }

    fn spec(&self, r: &LinkedResource) -> TokenStream {
        let name = Literal::string(&r.name);
        let env_var = Literal::string(&r.env_var());
        let wire_type = Literal::string(&r.wire_type);
        let keys = r.properties.iter().map(|p| Literal::string(&p.name));
        let declared_at = Literal::string(&format!("{}:{}", self.manifest.file, r.line));
        quote! {
            &__p::ResourceSpec {
                name: #name,
                env_var: #env_var,
                wire_type: #wire_type,
                properties: &[#(#keys),*],
                declared_at: #declared_at,
            }
        }
    }
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
