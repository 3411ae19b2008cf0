//! Decoding one resource's JSON into generated types. A resource's JSON is read in
//! one pass that keeps only the properties the manifest declares (plus `"type"`),
//! then each property is converted by [`FromJson`], recording every problem instead
//! of stopping at the first. Never records a value in a problem.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use crate::error::{OriginRef, Problem};
use crate::secret::Secret;

/// What the generated code knows about one linked resource.
#[derive(Debug)]
pub struct ResourceSpec {
    /// The SST name.
    pub name: &'static str,
    /// `SST_RESOURCE_<name>`.
    pub env_var: &'static str,
    /// The `"type"` the manifest implies (`sst.aws.Bucket`).
    pub wire_type: &'static str,
    /// JSON keys of its properties, in field order.
    pub properties: &'static [&'static str],
    /// `links.toml:LINE`.
    pub declared_at: &'static str,
}

/// The declared properties of one resource, read from its JSON, being converted.
pub struct Fields<'a> {
    slots: Vec<Option<Value>>,
    spec: &'static ResourceSpec,
    decoder: Decoder<'a>,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(
        slots: Vec<Option<Value>>,
        spec: &'static ResourceSpec,
        decoder: Decoder<'a>,
    ) -> Self {
        Fields {
            slots,
            spec,
            decoder,
        }
    }

    /// Converts property `index` of the spec. If it is missing or of the wrong type,
    /// records a problem and returns a placeholder (`T::default()`): the load then
    /// fails, so a placeholder is never seen, and generated code needs no `Option`
    /// per field (which made optimizing 1,000-link loaders superlinear).
    pub fn take<T: FromJson + Default>(&mut self, index: usize) -> T {
        let key = self.spec.properties[index];
        let value = self.slots[index].take();
        self.decoder.convert(key, value).unwrap_or_default()
    }
}

/// Converts JSON values, recording problems against one resource.
pub struct Decoder<'a> {
    problems: &'a mut Vec<Problem>,
    resource: &'static str,
    origin: OriginRef<'a>,
    path: String,
}

impl<'a> Decoder<'a> {
    pub(crate) fn new(
        problems: &'a mut Vec<Problem>,
        resource: &'static str,
        origin: OriginRef<'a>,
    ) -> Self {
        Decoder {
            problems,
            resource,
            origin,
            path: String::new(),
        }
    }

    /// Records that the value at the current path is not of the expected type.
    pub fn wrong_type(&mut self, expected: &'static str, found: &Value) {
        self.problems.push(Problem::WrongType {
            resource: self.resource.to_owned(),
            origin: self.origin.to_origin(),
            path: self.path.clone(),
            expected,
            found: describe(found),
        });
    }

    /// Converts `value` found under `key` of the current object.
    fn convert<T: FromJson>(&mut self, key: &str, value: Option<Value>) -> Option<T> {
        let len = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(key);
        let out = match value {
            Some(v) => T::from_json(v, self),
            None => T::absent().or_else(|| {
                self.problems.push(Problem::MissingProperty {
                    resource: self.resource.to_owned(),
                    origin: self.origin.to_origin(),
                    path: self.path.clone(),
                });
                None
            }),
        };
        self.path.truncate(len);
        out
    }

    /// Converts property `key` of a nested object (generated nested structs call
    /// this once per field); a placeholder on a recorded problem, as [`Fields::take`].
    pub fn field<T: FromJson + Default>(
        &mut self,
        object: &mut serde_json::Map<String, Value>,
        key: &str,
    ) -> T {
        let value = object.remove(key);
        self.convert(key, value).unwrap_or_default()
    }

    /// The object at the current path, or a recorded problem.
    pub fn object(&mut self, value: Value) -> Option<serde_json::Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.wrong_type("an object", &other);
                None
            }
        }
    }
}

/// A type a linked property can be decoded into.
pub trait FromJson: Sized {
    /// Converts `value`, recording a problem through `decoder` if it does not fit.
    fn from_json(value: Value, decoder: &mut Decoder<'_>) -> Option<Self>;

    /// The value when the property is absent: `None` (a problem) unless optional.
    fn absent() -> Option<Self> {
        None
    }
}

impl FromJson for String {
    fn from_json(value: Value, d: &mut Decoder<'_>) -> Option<Self> {
        match value {
            Value::String(s) => Some(s),
            other => {
                d.wrong_type("a string", &other);
                None
            }
        }
    }
}

impl FromJson for i64 {
    fn from_json(value: Value, d: &mut Decoder<'_>) -> Option<Self> {
        match value.as_i64() {
            Some(n) => Some(n),
            None => {
                d.wrong_type("an integer", &value);
                None
            }
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: Value, d: &mut Decoder<'_>) -> Option<Self> {
        match value.as_f64() {
            Some(n) => Some(n),
            None => {
                d.wrong_type("a number", &value);
                None
            }
        }
    }
}

impl FromJson for bool {
    fn from_json(value: Value, d: &mut Decoder<'_>) -> Option<Self> {
        match value {
            Value::Bool(b) => Some(b),
            other => {
                d.wrong_type("a boolean", &other);
                None
            }
        }
    }
}

impl FromJson for Value {
    fn from_json(value: Value, _: &mut Decoder<'_>) -> Option<Self> {
        Some(value)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: Value, d: &mut Decoder<'_>) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            v => T::from_json(v, d).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: Value, d: &mut Decoder<'_>) -> Option<Self> {
        let Value::Array(items) = value else {
            d.wrong_type("an array", &value);
            return None;
        };
        let len = d.path.len();
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            use std::fmt::Write;
            let _ = write!(d.path, "[{i}]");
            match T::from_json(item, d) {
                Some(v) => out.push(v),
                None => ok = false,
            }
            d.path.truncate(len);
        }
        ok.then_some(out)
    }
}

impl<T: FromJson + zeroize::Zeroize> FromJson for Secret<T> {
    fn from_json(value: Value, d: &mut Decoder<'_>) -> Option<Self> {
        T::from_json(value, d).map(Secret::new)
    }
}

/// What kind of JSON value this is, for messages (never the value itself).
fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number with a fraction",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A resource's JSON object read down to its declared properties and its `"type"`.
pub(crate) struct Declared {
    pub slots: Vec<Option<Value>>,
    pub wire_type: Option<Value>,
}

/// Reads a resource's JSON text, keeping only `properties` and `"type"`; unknown
/// keys are skipped without being built.
pub(crate) fn read_declared(
    json: &str,
    properties: &'static [&'static str],
) -> Result<Declared, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let declared = ObjectSeed { properties }.deserialize(&mut de)?;
    de.end()?;
    Ok(declared)
}

struct ObjectSeed {
    properties: &'static [&'static str],
}

enum Key {
    Type,
    Property(usize),
    Other,
}

struct KeySeed {
    properties: &'static [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E>(self, key: &str) -> Result<Key, E> {
        if key == "type" {
            return Ok(Key::Type);
        }
        Ok(self
            .properties
            .iter()
            .position(|p| *p == key)
            .map_or(Key::Other, Key::Property))
    }
}

impl<'de> DeserializeSeed<'de> for ObjectSeed {
    type Value = Declared;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Declared, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn not_an_object<E: serde::de::Error>(found: &str) -> E {
    E::custom(format_args!(
        "expected a JSON object of the resource's properties, found {found}"
    ))
}

impl<'de> Visitor<'de> for ObjectSeed {
    type Value = Declared;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of the resource's properties")
    }

    // The default visitors quote the value they reject; ours must not (it may be a
    // secret), so every non-object is described by its kind only.
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Declared, E> {
        Err(not_an_object("a boolean"))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Declared, E> {
        Err(not_an_object("a number"))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Declared, E> {
        Err(not_an_object("a number"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Declared, E> {
        Err(not_an_object("a number"))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Declared, E> {
        Err(not_an_object("a string"))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Declared, E> {
        Err(not_an_object("null"))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<Declared, A::Error> {
        Err(not_an_object("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Declared, A::Error> {
        let mut declared = Declared {
            slots: vec![None; self.properties.len()],
            wire_type: None,
        };
        while let Some(key) = map.next_key_seed(KeySeed {
            properties: self.properties,
        })? {
            match key {
                Key::Type => declared.wire_type = Some(map.next_value()?),
                Key::Property(i) => declared.slots[i] = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(declared)
    }
}
