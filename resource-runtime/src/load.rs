//! One load of linked resources: finds each resource's JSON in the merged sources
//! (the bundle, then `SST_RESOURCES_JSON`, then per-resource variables, first wins,
//! as SST's JS and Python SDKs merge them), decodes it, and gathers every problem.
//! Generated `Resource::from_source` drives it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use serde_json::value::RawValue;

use crate::decode::{Decoder, Fields, ResourceSpec, TypeCheck, read_declared};
use crate::error::{LoadError, Origin, OriginRef, Problem};
use crate::source::Source;

/// The app every SST function is linked to (`SST_RESOURCE_App`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct App {
    /// The app's name (`[app] name`, SST's `app.name`).
    pub name: String,
    /// The stage (`dev`, `production`, a developer's name).
    pub stage: String,
}

/// A whole-environment layer: every resource in one JSON object, kept as its text
/// with an index of where each resource's JSON lies (no per-resource copy).
struct Layer<'s> {
    origin: Origin,
    text: Cow<'s, str>,
    resources: HashMap<String, Range<usize>>,
}

impl<'s> Layer<'s> {
    fn parse(origin: Origin, text: Cow<'s, str>) -> Result<Self, serde_json::Error> {
        let base = text.as_ptr() as usize;
        let borrowed: HashMap<String, &RawValue> = serde_json::from_str(&text)?;
        let resources = borrowed
            .into_iter()
            .map(|(name, raw)| {
                let start = raw.get().as_ptr() as usize - base;
                (name, start..start + raw.get().len())
            })
            .collect();
        Ok(Layer {
            origin,
            text,
            resources,
        })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.resources.get(name).map(|r| &self.text[r.clone()])
    }
}

impl Drop for Layer<'_> {
    fn drop(&mut self) {
        // A decrypted bundle holds every secret of the function.
        if let Cow::Owned(text) = &mut self.text {
            zeroize::Zeroize::zeroize(text);
        }
    }
}

/// The state of one load.
pub struct LoadContext<'s> {
    source: &'s dyn Source,
    /// Whole-environment layers, highest precedence first.
    layers: Vec<Layer<'s>>,
    problems: Vec<Problem>,
    /// Property slots, reused by every resource of the load.
    slots: Vec<Option<serde_json::Value>>,
    looked_for: usize,
    missing: usize,
    /// Why `SST_RESOURCES_JSON` was set but ignored, if it was.
    ignored_resources_json: Option<String>,
}

const APP_SPEC: ResourceSpec = ResourceSpec {
    name: "App",
    env_var: "SST_RESOURCE_App",
    wire_type: "",
    properties: &["name", "stage"],
    declared_at: "",
};

impl<'s> LoadContext<'s> {
    /// Starts a load from `source`, reading its whole-environment layers once.
    pub fn new(source: &'s dyn Source) -> Self {
        let mut cx = LoadContext {
            source,
            layers: Vec::new(),
            problems: Vec::new(),
            slots: Vec::new(),
            looked_for: 0,
            missing: 0,
            ignored_resources_json: None,
        };
        // SST's Go, Python, JS (and Rust) SDKs all skip an SST_RESOURCES_JSON they
        // cannot parse and load the rest; so do we. It is named only as the likely
        // cause of a resource found nowhere else (see `fields`). Valid JSON that is not
        // an object (`[1]`, `null`) is skipped too: Go, Rust and JS take no resource
        // from it; Python alone crashes (its `dict.update` raises; only a decode error
        // is caught), a bug whose data (nothing from it) we match.
        if let Some(json) = source.var("SST_RESOURCES_JSON").filter(|j| !j.is_empty()) {
            match Layer::parse(Origin::ResourcesJson, json) {
                Ok(layer) => cx.layers.push(layer),
                Err(e) => {
                    cx.ignored_resources_json = Some(format!(
                        "not a JSON object of resources ({}); SST sets it to {{\"<Name>\": {{...properties}}}}",
                        crate::error::json_error_without_input(&e)
                    ))
                }
            }
        }
        #[cfg(feature = "bundle")]
        cx.read_bundle();
        cx
    }

    /// SST's encrypted bundle, when both `SST_KEY` and `SST_KEY_FILE` are set. It
    /// outranks every other source (SST's JS and Python SDKs merge it last). `SST_KEY`
    /// alone (as under `sst shell`) is not an error.
    ///
    /// Unlike an invalid `SST_RESOURCES_JSON`, a bundle that cannot be read (wrong
    /// key, modified or truncated file, missing file, not JSON) fails the load. SST's
    /// JS SDK (`resource/node.ts`) and Python SDK throw on the first access or at
    /// import, and its Rust crate returns an error: none of them yields any data. Its
    /// Go SDK alone drops the bundle silently (and panics on a file shorter than the
    /// tag). On Lambda the bundle is where every link is, so an error naming the file
    /// is the useful outcome, and a resource is never read from a lower source while
    /// the bundle that outranks it is unreadable.
    #[cfg(feature = "bundle")]
    fn read_bundle(&mut self) {
        let key = self.source.var("SST_KEY").filter(|k| !k.is_empty());
        let file = self.source.var("SST_KEY_FILE").filter(|f| !f.is_empty());
        let (Some(key), Some(file)) = (key, file) else {
            return;
        };
        let origin = Origin::Bundle(file.to_string());
        let read = crate::bundle::read(&key, &file).and_then(|text| {
            Layer::parse(origin.clone(), Cow::Owned(text)).map_err(|e| {
                crate::bundle::BundleError::NotJson {
                    path: file.to_string(),
                    message: crate::error::json_error_without_input(&e),
                }
            })
        });
        match read {
            Ok(layer) => self.layers.insert(0, layer),
            Err(e) => self.problems.push(Problem::InvalidSource {
                origin,
                message: e.to_string(),
            }),
        }
    }

    /// Loads `SST_RESOURCE_App`.
    pub fn app(&mut self) -> App {
        let Some(mut f) = self.fields(&APP_SPEC) else {
            return App::default();
        };
        App {
            name: f.take(0),
            stage: f.take(1),
        }
    }

    /// Starts loading one resource: finds its JSON, checks its `"type"`, and returns
    /// its declared properties for the generated loader to convert. `None` means a
    /// problem was recorded.
    pub fn fields(&mut self, spec: &'static ResourceSpec) -> Option<Fields<'_>> {
        self.looked_for += 1;
        let LoadContext {
            source,
            layers,
            problems,
            missing,
            slots,
            ignored_resources_json,
            ..
        } = self;
        let Some((json, origin)) = find(layers, *source, spec) else {
            *missing += 1;
            problems.push(match ignored_resources_json {
                Some(reason) => Problem::MissingFromIgnoredSource {
                    resource: spec.name.to_owned(),
                    var: spec.env_var.to_owned(),
                    origin: Origin::ResourcesJson,
                    reason: reason.clone(),
                },
                None => Problem::Missing {
                    resource: spec.name.to_owned(),
                    var: spec.env_var.to_owned(),
                },
            });
            return None;
        };
        let check = match read_declared(&json, spec.properties, spec.wire_type, slots) {
            Ok(c) => c,
            Err(e) => {
                let message = e.to_string();
                // serde_json appends " at line L column C"; we report them as fields.
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m)
                    .to_owned();
                problems.push(Problem::InvalidJson {
                    resource: spec.name.to_owned(),
                    origin: origin.to_origin(),
                    message,
                    line: e.line(),
                    column: e.column(),
                });
                return None;
            }
        };
        drop(json);
        if let TypeCheck::Differs(deployed) = check {
            problems.push(Problem::TypeDrift {
                resource: spec.name.to_owned(),
                origin: origin.to_origin(),
                expected: spec.wire_type.to_owned(),
                deployed,
                declared_at: spec.declared_at.to_owned(),
            });
            return None;
        }
        Some(Fields::new(
            slots,
            spec,
            Decoder::new(problems, spec.name, origin),
        ))
    }

    /// Ends the load: `Ok` if every resource loaded, else every problem.
    pub fn finish(mut self) -> Result<(), LoadError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        let source_failed = self
            .problems
            .iter()
            .any(|p| matches!(p, Problem::InvalidSource { .. }));
        if source_failed {
            // What is "missing" would have come from the unreadable bundle.
            self.problems
                .retain(|p| !matches!(p, Problem::Missing { .. }));
        } else if self.looked_for > 0
            && self.missing == self.looked_for
            && self.layers.is_empty()
            && self.ignored_resources_json.is_none()
        {
            self.problems = vec![Problem::LinksNotActive {
                count: self.looked_for,
            }];
        }
        Err(LoadError::new(self.problems))
    }
}

/// The JSON text of a resource and where it came from: the first layer that has it,
/// else its own variable.
fn find<'a>(
    layers: &'a [Layer<'_>],
    source: &'a dyn Source,
    spec: &'static ResourceSpec,
) -> Option<(Cow<'a, str>, OriginRef<'a>)> {
    for layer in layers {
        if let Some(raw) = layer.get(spec.name) {
            return Some((Cow::Borrowed(raw), OriginRef::Layer(&layer.origin)));
        }
    }
    // SST's SDKs skip an empty SST_RESOURCE_ variable.
    let value = source.var(spec.env_var).filter(|v| !v.is_empty())?;
    Some((value, OriginRef::Var(spec.env_var)))
}
