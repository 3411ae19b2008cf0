//! Decoding one resource's JSON into generated types. A resource's JSON is read in
//! one pass that keeps only the properties the manifest declares (plus `"type"`),
//! then each property is converted by [`FromJson`], recording every problem instead
//! of stopping at the first. Never records a value in a problem.

use std::borrow::Cow;
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
    slots: &'a mut [Option<Value>],
    spec: &'a ResourceSpec,
    decoder: Decoder<'a>,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(
        slots: &'a mut [Option<Value>],
        spec: &'a ResourceSpec,
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

/// One step of a property path.
#[derive(Debug, Clone, Copy)]
enum Segment {
    Key(&'static str),
    Index(usize),
}

/// The path of the property being converted, kept without allocating: it is only
/// rendered when a problem is recorded.
#[derive(Debug)]
struct PropertyPath {
    segments: [Segment; 16],
    len: usize,
    /// Levels deeper than `segments` holds (rendered as `...`).
    overflow: usize,
}

impl PropertyPath {
    fn new() -> Self {
        PropertyPath {
            segments: [Segment::Index(0); 16],
            len: 0,
            overflow: 0,
        }
    }

    fn push(&mut self, segment: Segment) {
        if self.len < self.segments.len() {
            self.segments[self.len] = segment;
            self.len += 1;
        } else {
            self.overflow += 1;
        }
    }

    fn pop(&mut self) {
        if self.overflow > 0 {
            self.overflow -= 1;
        } else {
            self.len -= 1;
        }
    }

    fn render(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for segment in &self.segments[..self.len] {
            match segment {
                Segment::Key(k) if out.is_empty() => out.push_str(k),
                Segment::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
            }
        }
        if self.overflow > 0 {
            out.push_str("...");
        }
        out
    }
}

/// Converts JSON values, recording problems against one resource.
pub struct Decoder<'a> {
    problems: &'a mut Vec<Problem>,
    resource: &'static str,
    origin: OriginRef<'a>,
    path: PropertyPath,
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
            path: PropertyPath::new(),
        }
    }

    /// Records that the value at the current path is not of the expected type.
    pub fn wrong_type(&mut self, expected: &'static str, found: &Value) {
        self.problems.push(Problem::WrongType {
            resource: self.resource.to_owned(),
            origin: self.origin.to_origin(),
            path: self.path.render(),
            expected,
            found: describe(found),
        });
    }

    /// Converts `value` found under `key` of the current object.
    fn convert<T: FromJson>(&mut self, key: &'static str, value: Option<Value>) -> Option<T> {
        self.path.push(Segment::Key(key));
        let out = match value {
            Some(v) => T::from_json(v, self),
            None => T::absent().or_else(|| {
                self.problems.push(Problem::MissingProperty {
                    resource: self.resource.to_owned(),
                    origin: self.origin.to_origin(),
                    path: self.path.render(),
                });
                None
            }),
        };
        self.path.pop();
        out
    }

    /// Converts property `key` of a nested object (generated nested structs call
    /// this once per field); a placeholder on a recorded problem, as [`Fields::take`].
    pub fn field<T: FromJson + Default>(
        &mut self,
        object: &mut serde_json::Map<String, Value>,
        key: &'static str,
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
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            d.path.push(Segment::Index(i));
            match T::from_json(item, d) {
                Some(v) => out.push(v),
                None => ok = false,
            }
            d.path.pop();
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

/// A component type in the spelling SST links today: every `:` becomes `.`, as
/// `normalizeType` in SST's `platform/src/components/link.ts` does (SST #6682, first
/// in v4.6.11). Before it, `Link.build` and `Link.getProperties` wrote the URN's type
/// unchanged, so bundles and `SST_RESOURCE_<Name>` variables deployed earlier say
/// `sst:aws:Bucket`, `sst:sst:Secret` or, for a `Linkable.wrap`-ped Pulumi resource,
/// `aws:dynamodb/table:Table`; today these are `sst.aws.Bucket`, `sst.sst.Secret` and
/// `aws.dynamodb/table.Table`. Two types are the same when their normalized forms
/// are equal. Borrows when there is nothing to change.
///
/// ```
/// use resource_runtime::normalize_type;
/// assert_eq!(normalize_type("sst:aws:Bucket"), "sst.aws.Bucket");
/// assert_eq!(normalize_type("aws:dynamodb/table:Table"), "aws.dynamodb/table.Table");
/// assert_eq!(normalize_type("aws.dynamodb/table.Table"), "aws.dynamodb/table.Table");
/// ```
pub fn normalize_type(component_type: &str) -> Cow<'_, str> {
    if component_type.contains(':') {
        Cow::Owned(component_type.replace(':', "."))
    } else {
        Cow::Borrowed(component_type)
    }
}

/// What a resource's `"type"` says against the manifest's.
#[derive(Debug, PartialEq)]
pub(crate) enum TypeCheck {
    /// No `"type"` (hand-written inputs; non-binding links inside a Worker).
    Absent,
    /// The same as the manifest's.
    Matches,
    /// Another type, as deployed.
    Differs(String),
}

/// Reads a resource's JSON text into `slots` (one per declared property, reused
/// across resources), skipping unknown keys without building them; checks `"type"`
/// against `wire_type` without allocating when it matches.
pub(crate) fn read_declared(
    json: &str,
    properties: &'static [&'static str],
    wire_type: &'static str,
    slots: &mut Vec<Option<Value>>,
) -> Result<TypeCheck, serde_json::Error> {
    slots.clear();
    slots.resize(properties.len(), None);
    let mut de = serde_json::Deserializer::from_str(json);
    let check = ObjectSeed {
        properties,
        wire_type,
        slots,
    }
    .deserialize(&mut de)?;
    de.end()?;
    Ok(check)
}

struct ObjectSeed<'s> {
    properties: &'static [&'static str],
    wire_type: &'static str,
    slots: &'s mut Vec<Option<Value>>,
}

pub(crate) struct TypeSeed {
    pub(crate) expected: &'static str,
}

impl<'de> DeserializeSeed<'de> for TypeSeed {
    type Value = TypeCheck;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TypeCheck, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TypeSeed {
    type Value = TypeCheck;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a component type string")
    }

    fn visit_str<E>(self, t: &str) -> Result<TypeCheck, E> {
        // Equal spellings first: the common case costs one comparison; normalizing
        // allocates only for a type with a `:` (deployed before SST normalized them).
        Ok(
            if self.expected.is_empty()
                || t == self.expected
                || normalize_type(t) == normalize_type(self.expected)
            {
                TypeCheck::Matches
            } else {
                TypeCheck::Differs(t.to_owned())
            },
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypeCheck, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(TypeCheck::Differs("<not a string>".into()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<TypeCheck, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TypeCheck::Differs("<not a string>".into()))
    }

    fn visit_bool<E>(self, _: bool) -> Result<TypeCheck, E> {
        Ok(TypeCheck::Differs("<not a string>".into()))
    }

    fn visit_i64<E>(self, _: i64) -> Result<TypeCheck, E> {
        Ok(TypeCheck::Differs("<not a string>".into()))
    }

    fn visit_u64<E>(self, _: u64) -> Result<TypeCheck, E> {
        Ok(TypeCheck::Differs("<not a string>".into()))
    }

    fn visit_f64<E>(self, _: f64) -> Result<TypeCheck, E> {
        Ok(TypeCheck::Differs("<not a string>".into()))
    }

    fn visit_unit<E>(self) -> Result<TypeCheck, E> {
        Ok(TypeCheck::Differs("<not a string>".into()))
    }
}

pub(crate) enum Key {
    Type,
    Property(usize),
    Other,
}

/// Which of `properties` a key is; `"type"` is [`Key::Type`] in a resource's own
/// object (`type_is_component`), a property name like any other in a nested one.
#[derive(Clone, Copy)]
pub(crate) struct KeySeed {
    pub(crate) properties: &'static [&'static str],
    pub(crate) type_is_component: bool,
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
        if self.type_is_component && key == "type" {
            return Ok(Key::Type);
        }
        Ok(crate::record::scan(self.properties, key).map_or(Key::Other, Key::Property))
    }
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_> {
    type Value = TypeCheck;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TypeCheck, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn not_an_object<E: serde::de::Error>(found: &str) -> E {
    E::custom(format_args!(
        "expected a JSON object of the resource's properties, found {found}"
    ))
}

impl<'de> Visitor<'de> for ObjectSeed<'_> {
    type Value = TypeCheck;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object of the resource's properties")
    }

    // The default visitors quote the value they reject; ours must not (it may be a
    // secret), so every non-object is described by its kind only.
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<TypeCheck, E> {
        Err(not_an_object("a boolean"))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<TypeCheck, E> {
        Err(not_an_object("a number"))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<TypeCheck, E> {
        Err(not_an_object("a number"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<TypeCheck, E> {
        Err(not_an_object("a number"))
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<TypeCheck, E> {
        Err(not_an_object("a string"))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<TypeCheck, E> {
        Err(not_an_object("null"))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<TypeCheck, A::Error> {
        Err(not_an_object("an array"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TypeCheck, A::Error> {
        let mut check = TypeCheck::Absent;
        while let Some(key) = map.next_key_seed(KeySeed {
            properties: self.properties,
            type_is_component: true,
        })? {
            match key {
                Key::Type => {
                    check = map.next_value_seed(TypeSeed {
                        expected: self.wire_type,
                    })?
                }
                Key::Property(i) => self.slots[i] = Some(map.next_value()?),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(json: &str, wire_type: &'static str) -> TypeCheck {
        read_declared(json, &["name"], wire_type, &mut Vec::new()).unwrap()
    }

    #[test]
    fn normalize_type_is_sst_rule_colons_become_dots() {
        assert_eq!(normalize_type("sst:aws:Bucket"), "sst.aws.Bucket");
        assert_eq!(normalize_type("sst:sst:Secret"), "sst.sst.Secret");
        assert_eq!(
            normalize_type("aws:dynamodb/table:Table"),
            "aws.dynamodb/table.Table"
        );
        assert!(matches!(
            normalize_type("sst.aws.Bucket"),
            Cow::Borrowed("sst.aws.Bucket")
        ));
        assert_eq!(normalize_type(""), "");
    }

    #[test]
    fn old_and_new_spellings_are_the_same_type() {
        for (deployed, manifest) in [
            ("sst:aws:Bucket", "sst.aws.Bucket"),
            ("sst.aws.Bucket", "sst.aws.Bucket"),
            ("sst:sst:Secret", "sst.sst.Secret"),
            ("aws:dynamodb/table:Table", "aws.dynamodb/table.Table"),
            ("aws.dynamodb/table.Table", "aws.dynamodb/table.Table"),
            // A manifest in the Pulumi spelling compares the same way.
            ("aws.dynamodb/table.Table", "aws:dynamodb/table:Table"),
        ] {
            let json = format!(r#"{{"name":"n","type":"{deployed}"}}"#);
            assert_eq!(check(&json, manifest), TypeCheck::Matches, "{deployed}");
        }
    }

    #[test]
    fn a_real_difference_is_drift_reported_as_deployed() {
        assert_eq!(
            check(r#"{"type":"sst:aws:Queue"}"#, "sst.aws.Bucket"),
            TypeCheck::Differs("sst:aws:Queue".into())
        );
        assert_eq!(
            check(r#"{"type":"sst_aws_Bucket"}"#, "sst.aws.Bucket"),
            TypeCheck::Differs("sst_aws_Bucket".into())
        );
        assert_eq!(
            check(
                r#"{"type":"aws:dynamodb/table:TableV2"}"#,
                "aws.dynamodb/table.Table"
            ),
            TypeCheck::Differs("aws:dynamodb/table:TableV2".into())
        );
        assert_eq!(
            check(r#"{"name":"n"}"#, "sst.aws.Bucket"),
            TypeCheck::Absent
        );
    }
}
