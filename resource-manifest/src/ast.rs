//! The manifest as data: what `links.toml` declares once parsed, resolved against the
//! catalogue and validated. Owns no parsing and no checks; everything here is already
//! known to be consistent.

use std::ops::Range;

/// A parsed, validated manifest: the resources an app links and the functions that
/// link them.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The file as the user named it, for doc comments and errors.
    pub file: String,
    /// `[app] name`, when given.
    pub app_name: Option<String>,
    /// `[app] server = true`: the app runs only on servers, so every link set (the
    /// whole-app one and each function's, unless it says `server = false`) may hold
    /// secrets when compiled for `wasm32-unknown-unknown`.
    pub server: bool,
    /// Every `[resources.<Name>]`, in file order.
    pub resources: Vec<LinkedResource>,
    /// Every `[functions.<Name>]`, in file order.
    pub functions: Vec<Function>,
    /// The SST names of resources declared but not resolved (an unknown `type`, an
    /// invalid name...), each reported by a diagnostic. The macro gives each a field
    /// whose type is an error, so code that uses one reports only the manifest's
    /// error, not a follow-on "no field" at every use.
    pub unresolved: Vec<String>,
}

impl Manifest {
    /// A manifest of `file` that declares nothing: what a reader returns for a file
    /// it could not read, and what the macro expands (a `Resource` with no links) so
    /// the rest of a crate keeps checking after an error.
    pub fn empty(file: impl Into<String>) -> Self {
        Manifest {
            file: file.into(),
            app_name: None,
            server: false,
            resources: Vec::new(),
            functions: Vec::new(),
            unresolved: Vec::new(),
        }
    }

    /// The resource with this SST name.
    pub fn resource(&self, name: &str) -> Option<&LinkedResource> {
        self.resources.iter().find(|r| r.name == name)
    }

    /// The function with this name.
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }

    /// The function with this name, or the message every tool gives for an unknown
    /// one: `<file> declares no function `X``, then a `help:` line (did you mean, or
    /// the functions there are, or how to declare one).
    pub fn find_function(&self, name: &str) -> Result<&Function, String> {
        if let Some(f) = self.function(name) {
            return Ok(f);
        }
        let names: Vec<&str> = self.functions.iter().map(|f| f.name.as_str()).collect();
        let help = match crate::did_you_mean(name, names.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if names.is_empty() => format!(
                "declare it in {}: [functions.{name}] link = [\"...\"]",
                self.file
            ),
            None => format!("the functions are: {}", names.join(", ")),
        };
        Err(format!(
            "{} declares no function `{name}`\nhelp: {help}",
            self.file
        ))
    }

    /// The resources `function` links, in the order of `[resources]`; every resource
    /// when `function` is `None`.
    pub fn linked_to(&self, function: Option<&Function>) -> Vec<&LinkedResource> {
        match function {
            None => self.resources.iter().collect(),
            Some(f) => self
                .resources
                .iter()
                .filter(|r| f.links.contains(&r.name))
                .collect(),
        }
    }
}

/// One `[resources.<Name>]`: an SST resource an app links.
#[derive(Debug, Clone)]
pub struct LinkedResource {
    /// The SST name, exactly as SST spells it (`MyBucket`, `gbfm-www`).
    pub name: String,
    /// The generated field name (`my_bucket`), snake_case of `name` unless the
    /// manifest sets `field`.
    pub field: String,
    /// The generated type name (`MyBucket`).
    pub type_name: String,
    /// The component type as the manifest wrote it (`sst.Secret`).
    pub component: String,
    /// The `"type"` SST writes into the link (`sst.sst.Secret`).
    pub wire_type: String,
    /// The properties SST links for it.
    pub properties: Vec<Property>,
    /// What linking it grants a function: the IAM statements of its `aws.permission`
    /// includes (a built-in type's defaults, a custom type's, a Linkable's `include`).
    pub permissions: Vec<Permission>,
    /// Its `environment` includes: variables every function linking it also gets
    /// (`OPENAUTH_ISSUER` for `sst.aws.Auth`), as `(name, template)`; `{prop}` in a
    /// template is a linked property's value (filled by `resource_link::environment::environment`).
    pub environment: Vec<(String, String)>,
    /// The Cloudflare binding a Worker linking it gets, by SST's binding kind
    /// (`r2BucketBindings`, `aiBindings`, ...; a `cloudflare.binding` include,
    /// `platform/src/components/cloudflare/binding.ts`), if any.
    pub binding: Option<String>,
    /// 1-based line of `[resources.<Name>]` in the manifest.
    pub line: usize,
    /// Byte range of the name in the manifest.
    pub span: Range<usize>,
    /// 1-based line of the `permissions` of `[types."<component>"]` when the manifest
    /// overrides what its type grants (else its grant is the catalogue's default, or
    /// a Linkable's `include` under `line`): where a narrowed grant is changed.
    pub grant_line: Option<usize>,
}

impl LinkedResource {
    /// The environment variable SST sets for it: `SST_RESOURCE_<Name>`.
    pub fn env_var(&self) -> String {
        format!("SST_RESOURCE_{}", self.name)
    }

    /// The JSON paths of its secret properties (`value`, `redis.password`,
    /// `replicas[].password`), nested objects and lists included.
    pub fn secret_paths(&self) -> Vec<String> {
        fn walk(properties: &[Property], prefix: &str, out: &mut Vec<String>) {
            for p in properties {
                let path = format!("{prefix}{}", p.name);
                if p.secret {
                    out.push(path.clone());
                }
                let mut ty = &p.ty;
                let mut path = path;
                while let PropertyType::List(item) = ty {
                    ty = item;
                    path.push_str("[]");
                }
                if let PropertyType::Object(children) = ty {
                    walk(children, &format!("{path}."), out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.properties, "", &mut out);
        out
    }
}

/// A property SST links for a resource, such as a bucket's `name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// The JSON key, as SST writes it (`tableName`).
    pub name: String,
    /// The generated field name (`table_name`).
    pub field: String,
    /// Its type.
    pub ty: PropertyType,
    /// Absent in some deployments (a Function's `url`): generated as `Option<T>`.
    pub optional: bool,
    /// A secret: generated as `Secret<T>`, never printed.
    pub secret: bool,
}

/// How deeply a property's type may nest, counting each table it sits in and each
/// `[]`: far beyond what SST links (two or three), and low enough that generating,
/// formatting and compiling the code stay fast and within the stack (a few hundred
/// levels overflowed `sst-resources types`; thousands took the macro minutes).
pub const MAX_TYPE_DEPTH: usize = 32;

/// The type of a linked property.
#[derive(Debug, Clone, PartialEq)]
pub enum PropertyType {
    /// `string` -> `String`.
    String,
    /// `integer` -> `i64`.
    Integer,
    /// `number` -> `f64`.
    Number,
    /// `boolean` -> `bool`.
    Boolean,
    /// `json` -> any JSON value, `serde_json::Value`.
    Json,
    /// `T[]` -> `Vec<T>`.
    List(Box<PropertyType>),
    /// A nested table -> a generated struct.
    Object(Vec<Property>),
}

impl PropertyType {
    /// How the manifest spells it (`string`, `integer[]`, `{ ... }`).
    pub fn manifest_name(&self) -> String {
        match self {
            PropertyType::String => "string".into(),
            PropertyType::Integer => "integer".into(),
            PropertyType::Number => "number".into(),
            PropertyType::Boolean => "boolean".into(),
            PropertyType::Json => "json".into(),
            PropertyType::List(item) => format!("{}[]", item.manifest_name()),
            PropertyType::Object(_) => "table".into(),
        }
    }
}

/// Whether an ARN template can become a valid policy resource once filled: `*`, an
/// `arn:...` template, or one that starts with a property holding an ARN (`{arn}`),
/// which `sst-resources policy` checks once filled. `""`, `bucket/*` and `s3://b` cannot.
pub fn is_resource_template(template: &str) -> bool {
    template == "*"
        || template.starts_with('{')
        || (template.starts_with("arn:") && template.matches(':').count() >= 5)
}

/// One IAM statement that linking a resource grants: SST's `aws.permission` include
/// (`FunctionPermissionArgs` in `platform/src/components/aws/function.ts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permission {
    /// `Allow` (SST's default) or `Deny`.
    pub effect: Effect,
    /// IAM actions, such as `s3:*`.
    pub actions: Vec<String>,
    /// Resource ARNs; `{name}`-style placeholders name the resource's properties
    /// (`{peer.region}` a nested one), and `{partition}`, `{region}`, `{account}` the
    /// deployment.
    pub resources: Vec<String>,
    /// IAM conditions: each becomes `Condition: { <test>: { <variable>: [values] } }`.
    pub conditions: Vec<Condition>,
    /// Granted only when this property is present in the link (`qualifier`: a
    /// Function links it only when durable; a Dsql's `peer`), or, with a leading
    /// `!`, only when it is absent. Built-in types only; `include`s always apply.
    pub when: Option<String>,
}

/// `"allow"` or `"deny"`, as SST spells an `aws.permission`'s `effect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub enum Effect {
    /// `"allow"`, IAM's `Allow`.
    #[default]
    Allow,
    /// `"deny"`, IAM's `Deny`.
    Deny,
}

impl Effect {
    /// IAM's spelling: `Allow` or `Deny`.
    pub fn iam(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }

    /// SST's spelling: `allow` or `deny`.
    pub fn sst(self) -> &'static str {
        match self {
            Effect::Allow => "allow",
            Effect::Deny => "deny",
        }
    }
}

/// One IAM condition of an `aws.permission`: `{ test, variable, values }`, such as
/// `{ test = "StringEquals", variable = "aws:RequestTag/team", values = ["web"] }`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Condition {
    /// The condition operator (`StringEquals`, `ArnLike`, ...).
    pub test: String,
    /// The condition key (`aws:SourceArn`, `s3:prefix`, ...).
    pub variable: String,
    /// The values the key is tested against.
    pub values: Vec<String>,
}

/// One `[functions.<Name>]`: a unit of compute and the resources it links.
#[derive(Debug, Clone)]
pub struct Function {
    /// The function's name, as `sst_resources!(..., function = "<Name>")` names it.
    pub name: String,
    /// The SST names of the resources it links, in manifest order.
    pub links: Vec<String>,
    /// Links to resources the manifest declares but could not resolve (in
    /// [`Manifest::unresolved`]), and the declared resource a mistyped link most
    /// likely meant (`MyBukcet` for `MyBucket`): not in `links`, each already
    /// reported. The generated `Resource` has a field of an error type for each, so
    /// code that reads it adds no error to the manifest's.
    pub unresolved_links: Vec<String>,
    /// 1-based line of `[functions.<Name>]`.
    pub line: usize,
    /// Byte range of the name in the manifest.
    pub span: Range<usize>,
    /// Linked values also exported under plain names (`[functions.F.env]`), for
    /// libraries that read only their own variables.
    pub exports: Vec<Export>,
    /// Runs server-side (`server = true`, or `[app] server = true`): it may link
    /// secrets when compiled for `wasm32-unknown-unknown`, where code is otherwise
    /// taken to run in a browser.
    pub server: bool,
    /// `handler = "..."`: SST's `handler` of the function, as in `sst.config.ts` and
    /// SST's record (`_metadata.handler`). For a Rust function it names the crate and
    /// binary SST builds ([`crate::handler`]), so the macro refuses a binary that
    /// loads another function's links.
    pub handler: Option<Handler>,
}

/// A function's `handler`, where links.toml gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handler {
    /// As written (`./.api`, `packages/api/.api`).
    pub text: String,
    /// 1-based line of the `handler` key's value.
    pub line: usize,
    /// Byte range of the value in the manifest.
    pub span: Range<usize>,
}

/// `STRIPE_API_KEY = "StripeKey.value"`: a linked value exported under a plain name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    /// The variable to set.
    pub var: String,
    /// The SST name of the (linked) resource.
    pub resource: String,
    /// The property path inside it (`["redis", "host"]`).
    pub path: Vec<String>,
}
