//! One load of linked resources: finds each resource's JSON in the merged sources
//! (the bundle, then `SST_RESOURCES_JSON`, then per-resource variables, first wins,
//! as SST's JS and Python SDKs merge them), decodes it, and gathers every problem.
//! Generated `Resource::from_source` drives it.

use std::borrow::Cow;
use std::ops::Range;

use serde_json::value::RawValue;

use crate::decode::{Decoder, Fields, ResourceSpec, TypeCheck, read_declared};
use crate::error::{LoadError, Origin, OriginRef, Problem};
use crate::record::{
    DynRecord, Field, Keys, NAMES_MATCHED, Names, Record, decode_bundle, decode_fast,
};
use crate::source::{Lookup, Source};

/// The app every SST function is linked to (`SST_RESOURCE_App`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct App {
    /// The app's name (`[app] name`, SST's `app.name`).
    pub name: String,
    /// The stage (`dev`, `production`, a developer's name).
    pub stage: String,
}

impl Record for App {
    const KEYS: Keys = &["name", "stage"];

    fn field(&mut self, index: usize) -> Option<&mut dyn Field> {
        match index {
            0 => Some(&mut self.name),
            1 => Some(&mut self.stage),
            _ => None,
        }
    }
}

/// A whole-environment layer: every resource in one JSON object, kept as its text
/// with an index of where each resource's JSON lies (no per-resource copy), in the
/// object's order. Looked up by a scan, latest first: a layer holds one function's
/// links (an environment variable, or the bundle once something in it needs the
/// careful path), and a hash table or a sort would put their code (and a hasher's
/// random seed) in every user's binary for a few lookups per load.
struct Layer<'s> {
    origin: Origin,
    text: Cow<'s, str>,
    resources: Vec<(String, Range<usize>)>,
}

impl<'s> Layer<'s> {
    fn parse(origin: Origin, text: Cow<'s, str>) -> Result<Self, serde_json::Error> {
        let mut de = serde_json::Deserializer::from_str(&text);
        let resources = serde::Deserializer::deserialize_map(
            &mut de,
            RangeIndex {
                base: text.as_ptr() as usize,
            },
        )?;
        de.end()?;
        Ok(Layer {
            origin,
            text,
            resources,
        })
    }

    fn get(&self, name: &str) -> Option<&str> {
        let (_, range) = self.resources.iter().rev().find(|(n, _)| n == name)?;
        self.text.get(range.clone())
    }
}

/// Reads a JSON object of resources into where each resource's JSON lies in the text
/// (`base` is the text's address; the values are borrowed [`RawValue`]s, so their
/// addresses are in it), in order. A later duplicate name wins (`Layer::get` looks
/// from the end), as in a map collected from the object (and as `JSON.parse` does).
struct RangeIndex {
    base: usize,
}

impl<'de> serde::de::Visitor<'de> for RangeIndex {
    type Value = Vec<(String, Range<usize>)>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON object of resources")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut resources = Vec::new();
        while let Some((name, raw)) = map.next_entry::<String, &RawValue>()? {
            let start = raw.get().as_ptr() as usize - self.base;
            resources.push((name, start..start + raw.get().len()));
        }
        Ok(resources)
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
    /// Where each declared property lies in the JSON the careful path reads, reused
    /// by every resource of the load.
    slots: Vec<Option<Range<usize>>>,
    /// The JSON the careful path reads (its [`Fields`] borrow it).
    careful_text: String,
    looked_for: usize,
    missing: usize,
    /// Why `SST_RESOURCES_JSON` was set but ignored, if it was.
    ignored_resources_json: Option<String>,
    /// Where the resource being loaded was found when that is a variable whose name
    /// differs in case from the one looked for (see [`Source::names_ignoring_case`]).
    found_as: Option<Origin>,
    /// The bundle was set but could not be read: nothing may stand in for it.
    source_failed: bool,
    /// The decrypted bundle, not yet parsed: [`load_all`](Self::load_all) decodes
    /// it in one pass, else the first lookup indexes it as a layer.
    pending_bundle: Option<(Origin, String)>,
    /// A bundle was read (it counts as a layer for `LinksNotActive`).
    bundle_read: bool,
}

/// Why an `SST_RESOURCES_JSON` that is not UTF-8 was ignored (its bytes are never shown).
const NOT_UNICODE: &str = "its value is not valid UTF-8 (not shown); SST writes it as UTF-8 JSON";

impl<'s> LoadContext<'s> {
    /// Starts a load from `source`, reading its whole-environment layers once.
    pub fn new(source: &'s dyn Source) -> Self {
        let mut cx = LoadContext {
            source,
            layers: Vec::new(),
            problems: Vec::new(),
            slots: Vec::new(),
            careful_text: String::new(),
            looked_for: 0,
            missing: 0,
            ignored_resources_json: None,
            found_as: None,
            source_failed: false,
            pending_bundle: None,
            bundle_read: false,
        };
        // SST's Go, Python, JS (and Rust) SDKs all skip an SST_RESOURCES_JSON they
        // cannot parse and load the rest; so do we. It is named only as the likely
        // cause of a resource found nowhere else (see `fields`). Valid JSON that is not
        // an object (`[1]`, `null`) is skipped too: Go, Rust and JS take no resource
        // from it; Python alone crashes (its `dict.update` raises; only a decode error
        // is caught), a bug whose data (nothing from it) we match.
        match source.lookup("SST_RESOURCES_JSON") {
            Lookup::Set(json) if !json.is_empty() => {
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
            Lookup::NotUnicode => {
                cx.ignored_resources_json = Some(NOT_UNICODE.to_owned());
            }
            // Only a Worker's bindings are ever unusable.
            Lookup::Set(_) | Lookup::Unset | Lookup::Unusable(_) => {}
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
        let text = |name: &str| match self.source.lookup(name) {
            Lookup::Set(value) if !value.is_empty() => Ok(Some(value)),
            Lookup::Set(_) | Lookup::Unset | Lookup::Unusable(_) => Ok(None),
            Lookup::NotUnicode => Err(name.to_owned()),
        };
        let (key, file) = match (text("SST_KEY"), text("SST_KEY_FILE")) {
            (Ok(Some(key)), Ok(Some(file))) => (key, file),
            (Err(var), _) | (_, Err(var)) => {
                // The bundle is unreadable, so nothing below it may stand in for it.
                self.problems.push(Problem::NotUnicode { var });
                self.source_failed = true;
                return;
            }
            _ => return,
        };
        let origin = Origin::Bundle(file.to_string());
        match crate::bundle::read(&key, &file) {
            Ok(text) => {
                self.pending_bundle = Some((origin, text));
                self.bundle_read = true;
            }
            Err(e) => {
                self.problems.push(Problem::InvalidSource {
                    origin,
                    message: e.to_string(),
                });
                self.source_failed = true;
            }
        }
    }

    /// Indexes the bundle as the first layer if it is still pending (a bundle that
    /// is not JSON fails the load, as one that cannot be decrypted).
    #[cfg(not(feature = "bundle"))]
    fn index_bundle(&mut self) {}

    /// Indexes the bundle as the first layer if it is still pending (a bundle that
    /// is not JSON fails the load, as one that cannot be decrypted).
    #[cfg(feature = "bundle")]
    fn index_bundle(&mut self) {
        let Some((origin, text)) = self.pending_bundle.take() else {
            return;
        };
        let Origin::Bundle(path) = &origin else {
            unreachable!("a pending bundle's origin is the bundle")
        };
        let path = path.clone();
        match Layer::parse(origin.clone(), Cow::Owned(text)) {
            Ok(layer) => self.layers.insert(0, layer),
            Err(e) => {
                let message = crate::error::json_error_without_input(&e);
                self.problems.push(Problem::InvalidSource {
                    origin,
                    message: crate::bundle::BundleError::NotJson { path, message }.to_string(),
                });
                self.source_failed = true;
            }
        }
    }

    /// Loads every resource of `resources` (generated `from_source` calls this with
    /// the `Resource` struct: its keys are `App` then every linked name, and
    /// `specs` their `(variable, wire type, declared at)` in the same order). A
    /// bundle is decoded in one pass, each resource it holds straight into its field;
    /// the others (all of them, if anything in the bundle would not decode without a
    /// problem) are loaded one by one, as [`load`](Self::load) does.
    pub fn load_all<R: Record>(
        &mut self,
        resources: &mut R,
        specs: &[(&'static str, &'static str, &'static str)],
    ) {
        // The one generic step (one copy per crate): up to `NAMES_MATCHED` names,
        // the generated `index`, so a bundle's keys are looked up with a `match` and
        // no map is built per load. rustc compiles a `match` on strings to a switch
        // on the length and then a compare per arm of that length: names of one
        // length (`Res0001`...) made it a scan, quadratic at a thousand links.
        // Past that, the names in the order generated code gives (`BY_NAME`), else
        // a table sorted once a bundle is to be read. The choice is a constant of
        // `R`, so a sort is compiled only where a record gives no order.
        let names: fn(Keys) -> Names = if R::KEYS.len() <= NAMES_MATCHED {
            |_| Names::Match(R::index)
        } else if R::BY_NAME.len() == R::KEYS.len() {
            |keys| Names::Ordered(keys, R::BY_NAME)
        } else {
            Names::sorted
        };
        self.load_all_dyn(resources, names, specs);
    }

    /// Loads one resource on its own, for a workspace's shared types
    /// (`<Type>::from_source`): what a test of shared code gives it, without a
    /// function declared for it. `keys` is the resource's SST name (a one-element
    /// slice), `spec` its `(variable, wire type, declared at)`.
    ///
    /// # Errors
    /// Every problem of that resource.
    pub fn load_one<R: Record>(
        source: &'s dyn Source,
        keys: Keys,
        spec: (&'static str, &'static str, &'static str),
    ) -> Result<R, LoadError> {
        struct One<'r> {
            keys: Keys,
            record: &'r mut dyn DynRecord,
        }
        impl DynRecord for One<'_> {
            fn keys(&self) -> Keys {
                self.keys
            }
            fn entry(&mut self, _: &str) -> Option<(usize, crate::record::Slot<'_>)> {
                None
            }
            fn field_at(&mut self, _: usize) -> Option<&mut dyn crate::record::Field> {
                None
            }
            fn reset(&mut self) {
                self.record.reset();
            }
            fn records<'x>(&'x mut self, out: &mut Vec<&'x mut dyn DynRecord>) {
                out.push(&mut *self.record);
            }
        }
        let mut resource = R::default();
        let mut cx = LoadContext::new(source);
        cx.load_all_dyn(
            &mut One {
                keys,
                record: &mut resource,
            },
            Names::Scan,
            &[spec],
        );
        match cx.finish() {
            Ok(()) => Ok(resource),
            // One resource alone: "links not active" would be about a process, this
            // is about the one source given (a test's `MapSource`, say).
            Err(e) if matches!(e.problems(), [Problem::LinksNotActive { .. }]) => {
                Err(LoadError::new(vec![Problem::Missing {
                    resource: keys.first().copied().unwrap_or_default().to_owned(),
                    var: spec.0.to_owned(),
                }]))
            }
            Err(e) => Err(e),
        }
    }

    fn load_all_dyn(
        &mut self,
        resources: &mut dyn DynRecord,
        names_of: fn(Keys) -> Names,
        specs: &[(&'static str, &'static str, &'static str)],
    ) {
        let names = resources.keys();
        let mut records = Vec::with_capacity(names.len());
        resources.records(&mut records);
        let mut done = vec![false; names.len()];
        if let Some((origin, mut text)) = self.pending_bundle.take() {
            // Only now, with a bundle to read, the table of many names.
            let names = names_of(names);
            if decode_bundle(&text, &names, &mut records, specs, &mut done) {
                self.looked_for += done.iter().filter(|d| **d).count();
                // It holds every secret of the function.
                zeroize::Zeroize::zeroize(&mut text);
            } else {
                self.pending_bundle = Some((origin, text));
            }
        }
        for (index, record) in records.into_iter().enumerate() {
            if done[index] {
                continue;
            }
            let (env_var, wire_type, declared_at) = specs[index];
            if self.decode_var(env_var, wire_type, &mut *record) {
                continue;
            }
            let spec = ResourceSpec {
                name: names[index],
                env_var,
                wire_type,
                properties: &[],
                declared_at,
            };
            self.load_dyn(&spec, record);
        }
    }

    /// The common case, without [`read`](Self::read)'s bookkeeping: no layer (nor
    /// pending bundle) could outrank the resource's own variable, it is set, and its
    /// JSON decodes into `record` without a problem. `false` leaves the load as it
    /// was and `record` `Default`; [`load_dyn`](Self::load_dyn) then looks again.
    fn decode_var(
        &mut self,
        env_var: &'static str,
        wire_type: &'static str,
        record: &mut dyn DynRecord,
    ) -> bool {
        if !self.layers.is_empty() || self.pending_bundle.is_some() {
            return false;
        }
        let Lookup::Set(json) = self.source.lookup(env_var) else {
            return false;
        };
        let ok = !json.is_empty() && decode_fast(&json, wire_type, record);
        self.looked_for += usize::from(ok);
        ok
    }

    /// Loads `SST_RESOURCE_App`.
    pub fn app(&mut self) -> App {
        self.load("App", "SST_RESOURCE_App", "", "")
    }

    /// Loads one resource (generated `from_source` calls this once per resource):
    /// its JSON decoded straight into `R` when it holds no problem, else decoded
    /// again property by property, recording every problem (and returning a
    /// placeholder, which `finish` never lets escape). Not inlined: one body per
    /// resource keeps the optimizer linear in the number of links.
    #[inline(never)]
    pub fn load<R: Record>(
        &mut self,
        name: &'static str,
        env_var: &'static str,
        wire_type: &'static str,
        declared_at: &'static str,
    ) -> R {
        let spec = ResourceSpec {
            name,
            env_var,
            wire_type,
            properties: R::KEYS,
            declared_at,
        };
        let mut record = R::default();
        self.load_dyn(&spec, &mut record);
        record
    }

    /// [`load`](Self::load), into `record` (`Default`); `spec.properties` are the
    /// record's own keys.
    fn load_dyn(&mut self, spec: &ResourceSpec, record: &mut dyn DynRecord) {
        let spec = ResourceSpec {
            properties: record.keys(),
            ..*spec
        };
        let wire_type = spec.wire_type;
        let fields = self.read(&spec, &mut |json| {
            decode_fast(json, wire_type, &mut *record)
        });
        if let Some(mut fields) = fields {
            crate::record::take_all(record, &mut fields);
        }
    }

    /// Starts loading one resource: finds its JSON, checks its `"type"`, and returns
    /// its declared properties for the generated loader to convert. `None` means a
    /// problem was recorded.
    pub fn fields(&mut self, spec: &'static ResourceSpec) -> Option<Fields<'_>> {
        self.read(spec, &mut |_| false)
    }

    /// [`fields`](Self::fields), but first offering the JSON to `fast`, which
    /// returns whether it decoded it without a problem; then `None`, and no problem.
    fn read<'c>(
        &'c mut self,
        spec: &'c ResourceSpec,
        fast: &mut dyn FnMut(&str) -> bool,
    ) -> Option<Fields<'c>> {
        self.index_bundle();
        self.looked_for += 1;
        let LoadContext {
            source,
            layers,
            problems,
            missing,
            slots,
            careful_text,
            ignored_resources_json,
            found_as,
            ..
        } = self;
        let found = match find(layers, *source, spec, found_as) {
            Ok(found) => found,
            Err(problem) => {
                problems.push(*problem);
                return None;
            }
        };
        let Some((json, origin)) = found else {
            *missing += 1;
            problems.push(not_found(spec, *source, ignored_resources_json.as_deref()));
            return None;
        };
        if fast(&json) {
            return None;
        }
        let check = match read_declared(&json, spec.properties, spec.wire_type, slots) {
            Ok(c) => c,
            Err(e) => {
                problems.push(invalid_json(spec, origin, &e));
                return None;
            }
        };
        careful_text.clear();
        careful_text.push_str(&json);
        drop(json);
        if let TypeCheck::Differs(deployed) = check {
            problems.push(type_drift(spec, origin, deployed));
            return None;
        }
        Some(Fields::new(
            careful_text,
            slots,
            spec,
            Decoder::new(problems, spec.name, origin, careful_text),
        ))
    }

    /// Ends the load: `Ok` if every resource loaded, else every problem.
    pub fn finish(mut self) -> Result<(), LoadError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        if self.source_failed {
            // What is "missing" would have come from the unreadable bundle.
            self.problems
                .retain(|p| !matches!(p, Problem::Missing { .. }));
        } else if self.looked_for > 0
            && self.missing == self.looked_for
            && self.layers.is_empty()
            && !self.bundle_read
            && self.ignored_resources_json.is_none()
        {
            self.problems = vec![Problem::LinksNotActive {
                count: self.looked_for,
            }];
        }
        Err(LoadError::new(self.problems))
    }
}

// The problems `read` records, each compiled once and out of its way.

/// A resource found nowhere: missing, or missing from an `SST_RESOURCES_JSON` that
/// was ignored (`ignored`: why).
#[cold]
#[inline(never)]
fn not_found(spec: &ResourceSpec, source: &dyn Source, ignored: Option<&str>) -> Problem {
    match ignored {
        Some(reason) => Problem::MissingFromIgnoredSource {
            resource: spec.name.to_owned(),
            var: spec.env_var.to_owned(),
            origin: Origin::ResourcesJson,
            reason: reason.to_owned(),
        },
        None => Problem::Missing {
            resource: spec.name.to_owned(),
            var: source.location(spec.env_var),
        },
    }
}

#[cold]
#[inline(never)]
fn invalid_json(spec: &ResourceSpec, origin: OriginRef<'_>, e: &serde_json::Error) -> Problem {
    let message = e.to_string();
    // serde_json appends " at line L column C"; we report them as fields.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m)
        .to_owned();
    Problem::InvalidJson {
        resource: spec.name.to_owned(),
        origin: origin.to_origin(),
        message,
        line: e.line(),
        column: e.column(),
    }
}

#[cold]
#[inline(never)]
fn type_drift(spec: &ResourceSpec, origin: OriginRef<'_>, deployed: String) -> Problem {
    Problem::TypeDrift {
        resource: spec.name.to_owned(),
        origin: origin.to_origin(),
        expected: spec.wire_type.to_owned(),
        deployed,
        declared_at: spec.declared_at.to_owned(),
    }
}

/// The JSON text of a resource and where it came from: the first layer that has it,
/// else its own variable, else the one variable whose name matches it ignoring case
/// (recorded in `found_as`). `Err` is a variable set to bytes that are not UTF-8, or
/// a Worker binding of another kind.
fn find<'a>(
    layers: &'a [Layer<'_>],
    source: &'a dyn Source,
    spec: &ResourceSpec,
    found_as: &'a mut Option<Origin>,
) -> Result<Option<(Cow<'a, str>, OriginRef<'a>)>, Box<Problem>> {
    let not_unicode = |var: &str| {
        Box::new(Problem::NotUnicode {
            var: var.to_owned(),
        })
    };
    let unusable = |message| {
        Box::new(Problem::Unusable {
            resource: spec.name.to_owned(),
            message,
        })
    };
    for layer in layers {
        if let Some(raw) = layer.get(spec.name) {
            return Ok(Some((Cow::Borrowed(raw), OriginRef::Layer(&layer.origin))));
        }
    }
    match source.lookup(spec.env_var) {
        // SST's SDKs skip an empty SST_RESOURCE_ variable.
        Lookup::Set(value) if !value.is_empty() => {
            return Ok(Some((value, OriginRef::Var(spec.env_var))));
        }
        Lookup::NotUnicode => return Err(not_unicode(spec.env_var)),
        Lookup::Unusable(message) => return Err(unusable(message)),
        Lookup::Set(_) => return Ok(None),
        Lookup::Unset => {}
    }
    // Upper-cased on the way (Windows): SST names are unique ignoring case, so one
    // variable matching ignoring case is this resource's; two or more are ambiguous
    // and none is taken.
    let Ok([name]) = <[String; 1]>::try_from(source.names_ignoring_case(spec.env_var)) else {
        return Ok(None);
    };
    if name == spec.env_var {
        return Ok(None);
    }
    let value = match source.lookup(&name) {
        Lookup::Set(value) if !value.is_empty() => value,
        Lookup::NotUnicode => return Err(not_unicode(&name)),
        Lookup::Unusable(message) => return Err(unusable(message)),
        Lookup::Set(_) | Lookup::Unset => return Ok(None),
    };
    let origin = found_as.insert(Origin::Var(name));
    Ok(Some((value, OriginRef::Layer(origin))))
}
