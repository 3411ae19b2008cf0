//! The environment SST gives a process linking some resources: `SST_RESOURCE_App`,
//! each link's JSON as `SST_RESOURCE_<Name>`, the links' `environment` includes and
//! `[functions.F.env]` exports, as one [`Environment`] kept apart by kind. Owns
//! building it from a manifest and its links; how it reaches a process (variables,
//! `SST_RESOURCES_JSON`, the bundle) is the command's.

use serde_json::Value;

use resource_manifest::{LinkedResource, Manifest};

use crate::property_at;
use crate::values::Links;

/// Fills an `environment` include's template: each `{prop}` naming a property of
/// `link` becomes its value (strings as they are, other JSON as JSON); any other
/// text, braces included, stays as written. `Err` names a property with no value.
fn fill_env(template: &str, link: Option<&Value>) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| c + open) else {
            break;
        };
        let name = &rest[open + 1..close];
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'));
        out.push_str(&rest[..open]);
        if is_name {
            match link.and_then(|v| property_at(v, name)) {
                Some(Value::String(s)) => out.push_str(s),
                Some(Value::Null) | None => return Err(name.to_owned()),
                Some(other) => out.push_str(&other.to_string()),
            }
        } else {
            out.push_str(&rest[open..=close]);
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// What SST gives a process linking some resources, kept apart by kind: the app,
/// each link's JSON, and the plain variables. [`Environment::vars`] spells it as
/// the variables SST sets; a command that ships links another way (SST's bundle,
/// `SST_RESOURCES_JSON`) reads the links from here, never back from those strings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Environment {
    /// `SST_RESOURCE_App`'s JSON (`{"name": app, "stage": stage}`); `None` only when a
    /// plain variable of that name replaced it.
    pub app: Option<Value>,
    /// Each link's JSON (properties plus `"type"`) by SST name, in link order; its
    /// variable is `SST_RESOURCE_<Name>`.
    pub links: Vec<(String, Value)>,
    /// Every other variable, in the order set: `environment` includes, then
    /// `[functions.F.env]` exports or a dev component's own `environment`.
    pub plain: Vec<(String, String)>,
}

/// The prefix of SST's per-link variables (`SST_RESOURCE_<Name>`).
pub const LINK_PREFIX: &str = "SST_RESOURCE_";

impl Environment {
    /// The environment of app `app` on `stage`, before any link.
    pub fn new(app: &str, stage: &str) -> Self {
        Environment {
            app: Some(serde_json::json!({"name": app, "stage": stage})),
            links: Vec::new(),
            plain: Vec::new(),
        }
    }

    /// Adds the link `name` with its JSON.
    pub fn link(&mut self, name: &str, json: Value) {
        self.links.push((name.to_owned(), json));
    }

    /// Sets the plain variable `var` last, replacing any variable of that name (as
    /// `Object.assign` does with SST's `environment` includes: a later one wins).
    pub fn set(&mut self, var: &str, value: String) {
        match var.strip_prefix(LINK_PREFIX) {
            Some("App") => self.app = None,
            Some(name) => self.links.retain(|(n, _)| n != name),
            None => {}
        }
        self.plain.retain(|(name, _)| name != var);
        self.plain.push((var.to_owned(), value));
    }

    /// Adds the plain variable `var` last, keeping any other of that name.
    pub fn push(&mut self, var: &str, value: String) {
        self.plain.push((var.to_owned(), value));
    }

    /// The variables SST sets, in order: `SST_RESOURCE_App`, one `SST_RESOURCE_<Name>`
    /// per link, then the plain variables.
    pub fn vars(&self) -> Vec<(String, String)> {
        let app = self
            .app
            .iter()
            .map(|app| (format!("{LINK_PREFIX}App"), app.to_string()));
        let links = self
            .links
            .iter()
            .map(|(name, json)| (format!("{LINK_PREFIX}{name}"), json.to_string()));
        app.chain(links).chain(self.plain.iter().cloned()).collect()
    }
}

/// The variables SST gives a function linking the resources `function` links (all
/// when `None`): [`link_environment`] as [`Environment::vars`] spells it.
///
/// # Errors
/// As [`link_environment`].
pub fn environment(
    manifest: &Manifest,
    links: &Links,
    stage: &str,
    function: Option<&str>,
) -> Result<Vec<(String, String)>, String> {
    link_environment(manifest, links, stage, function).map(|env| env.vars())
}

/// What SST gives a function linking the resources `function` links (all when
/// `None`): the app, each link's JSON, then the links' `environment` includes, then
/// `[functions.F.env]` exports.
///
/// # Errors
/// No `[app] name`, an unknown function, a link with no values, or an include or
/// export naming a property with no value.
pub fn link_environment(
    manifest: &Manifest,
    links: &Links,
    stage: &str,
    function: Option<&str>,
) -> Result<Environment, String> {
    let app = manifest.app_name.as_deref().ok_or_else(|| {
        format!(
            "{} has no [app] name; SST_RESOURCE_App needs it",
            manifest.file
        )
    })?;
    let f = function
        .map(|name| manifest.find_function(name))
        .transpose()?;
    let mut env = Environment::new(app, stage);
    for r in manifest.linked_to(f) {
        let r: &LinkedResource = r;
        let json = links
            .get(&r.name)
            .ok_or_else(|| format!("no values were read for `{}`", r.name))?;
        env.link(&r.name, json.clone());
    }
    // `environment` includes, as SST's Function sets them (`Object.assign` in link
    // order, so a later link's value wins): `{prop}` is the link's property value.
    for r in manifest.linked_to(f) {
        for (var, template) in &r.environment {
            let value = fill_env(template, links.get(&r.name)).map_err(|property| {
                format!(
                    "`{}` ({}:{}): its environment include `{var}` needs property `{property}`, which has no value",
                    r.name, manifest.file, r.line
                )
            })?;
            env.set(var, value);
        }
    }
    // `[functions.F.env]`: linked values under plain names (strings as they are).
    for export in f.map(|f| f.exports.as_slice()).unwrap_or_default() {
        let mut value = links.get(&export.resource);
        for key in &export.path {
            value = value.and_then(|v| v.get(key));
        }
        let text = match value {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => {
                return Err(format!(
                    "`{}`: `{}.{}` has no value",
                    export.var,
                    export.resource,
                    export.path.join(".")
                ));
            }
        };
        env.push(&export.var, text);
    }
    Ok(env)
}
