//! Decoding one resource's JSON into generated types, carefully: the path taken only
//! when the typed fast path (`record.rs`) gave up. A resource's JSON is read in one
//! pass that keeps where each property the manifest declares lies in the text (plus
//! `"type"`), then each property is converted from its text by [`FromJson`],
//! recording every problem instead of stopping at the first. Never records a value in
//! a problem.
//!
//! Properties are converted from their JSON text, not from a `serde_json::Value`:
//! a `Value` (its deserializer, its map, its drop) is then compiled into a user's
//! binary only when a property is typed `json`, and numbers are read by the standard
//! library's exact parser (what `JSON.parse` gives) with no need of serde_json's
//! `float_roundtrip` feature, whose parser every user's binary would carry (BENCHMARKS.md,
//! section 0).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Number, Value};

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
    /// The resource's JSON text.
    text: &'a str,
    /// Where each declared property's value lies in `text`, if it is there.
    slots: &'a mut [Option<Range<usize>>],
    spec: &'a ResourceSpec,
    decoder: Decoder<'a>,
}

impl<'a> Fields<'a> {
    pub(crate) fn new(
        text: &'a str,
        slots: &'a mut [Option<Range<usize>>],
        spec: &'a ResourceSpec,
        decoder: Decoder<'a>,
    ) -> Self {
        Fields {
            text,
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
        let text = self.text;
        let value = self.slots[index].take().and_then(|range| text.get(range));
        self.decoder.field(key, value)
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
    /// The resource's whole JSON text: every value converted is a slice of it, so a
    /// problem in one can name its line and column.
    text: &'a str,
    path: PropertyPath,
}

impl<'a> Decoder<'a> {
    pub(crate) fn new(
        problems: &'a mut Vec<Problem>,
        resource: &'static str,
        origin: OriginRef<'a>,
        text: &'a str,
    ) -> Self {
        Decoder {
            problems,
            resource,
            origin,
            text,
            path: PropertyPath::new(),
        }
    }

    /// Records that the value at the current path (its JSON text `json`) is not of
    /// the expected type; names its kind, never the value.
    #[cold]
    #[inline(never)]
    pub fn wrong_type(&mut self, expected: &'static str, json: &str) {
        self.problems.push(Problem::WrongType {
            resource: self.resource.to_owned(),
            origin: self.origin.to_origin(),
            path: self.path.render(),
            expected,
            found: describe(json),
        });
    }

    /// Records a number no `f64` holds (`1e400`), as serde_json reports one: the
    /// resource's JSON is invalid there. Its position is the number's end in the
    /// resource's text, where serde_json puts it.
    #[cold]
    #[inline(never)]
    fn out_of_range(&mut self, number: &str) {
        let base = self.text.as_ptr() as usize;
        let end = (number.as_ptr() as usize)
            .checked_sub(base)
            .map_or(0, |start| start + number.len())
            .min(self.text.len());
        let before = &self.text.as_bytes()[..end];
        let start_of_line = before
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        self.problems.push(Problem::InvalidJson {
            resource: self.resource.to_owned(),
            origin: self.origin.to_origin(),
            message: "number out of range".to_owned(),
            line: 1 + before[..start_of_line]
                .iter()
                .filter(|b| **b == b'\n')
                .count(),
            column: end - start_of_line,
        });
    }

    /// Converts `json`, the text of the value found under `key` of the current
    /// object (`None`: the key is absent).
    fn convert<T: FromJson>(&mut self, key: &'static str, json: Option<&str>) -> Option<T> {
        self.path.push(Segment::Key(key));
        let out = match json {
            Some(json) => T::from_json(json, self),
            None => T::absent(),
        };
        if json.is_none() && out.is_none() {
            self.missing();
        }
        self.path.pop();
        out
    }

    /// Records that the property at the current path is absent (compiled once, not
    /// in each property type's [`convert`](Self::convert)).
    #[cold]
    #[inline(never)]
    fn missing(&mut self) {
        self.problems.push(Problem::MissingProperty {
            resource: self.resource.to_owned(),
            origin: self.origin.to_origin(),
            path: self.path.render(),
        });
    }

    /// Converts property `key` of an object, `json` its value's text (`None`: absent);
    /// a placeholder on a recorded problem, as [`Fields::take`].
    pub fn field<T: FromJson + Default>(&mut self, key: &'static str, json: Option<&str>) -> T {
        self.convert(key, json).unwrap_or_default()
    }
}

/// A type a linked property can be decoded into.
pub trait FromJson: Sized {
    /// Converts `json` (the text of one JSON value, valid JSON), recording a problem
    /// through `decoder` if it does not fit.
    fn from_json(json: &str, decoder: &mut Decoder<'_>) -> Option<Self>;

    /// The value when the property is absent: `None` (a problem) unless optional.
    fn absent() -> Option<Self> {
        None
    }
}

impl FromJson for String {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        let string = json
            .starts_with('"')
            .then(|| serde_json::from_str(json).ok())
            .flatten();
        if string.is_none() {
            d.wrong_type("a string", json);
        }
        string
    }
}

impl FromJson for i64 {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        let n = is_integer(json).then(|| json.parse().ok()).flatten();
        if n.is_none() {
            d.wrong_type("an integer", json);
        }
        n
    }
}

impl FromJson for f64 {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        match number(json) {
            Ok(n) => Some(n),
            Err(NotANumber::OutOfRange) => {
                d.out_of_range(json);
                None
            }
            Err(NotANumber::Other) => {
                d.wrong_type("a number", json);
                None
            }
        }
    }
}

impl FromJson for bool {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        match json {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                d.wrong_type("a boolean", json);
                None
            }
        }
    }
}

impl FromJson for Value {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        match value_of(json) {
            Ok(value) => Some(value),
            Err(number) => {
                d.out_of_range(number);
                None
            }
        }
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        if json == "null" {
            Some(None)
        } else {
            T::from_json(json, d).map(Some)
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        let Some(items) = items(json) else {
            d.wrong_type("an array", json);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            d.path.push(Segment::Index(i));
            match T::from_json(item.get(), d) {
                Some(v) => out.push(v),
                None => ok = false,
            }
            d.path.pop();
        }
        ok.then_some(out)
    }
}

impl<T: FromJson + zeroize::Zeroize> FromJson for Secret<T> {
    fn from_json(json: &str, d: &mut Decoder<'_>) -> Option<Self> {
        T::from_json(json, d).map(Secret::new)
    }
}

/// The items of a JSON array (`json`), each as its text; `None` if it is not one.
fn items(json: &str) -> Option<Vec<&RawValue>> {
    if json.starts_with('[') {
        serde_json::from_str(json).ok()
    } else {
        None
    }
}

/// Why a JSON value is not read as an `f64`.
pub(crate) enum NotANumber {
    /// A number, beyond `f64` (serde_json refuses the whole text for it).
    OutOfRange,
    /// Not a number.
    Other,
}

/// A JSON number (`json`, its text) as the `f64` nearest to it, as `JSON.parse`
/// reads it: the standard library's parser is exact (serde_json's default one may
/// be a unit in the last place off).
pub(crate) fn number(json: &str) -> Result<f64, NotANumber> {
    match json.as_bytes().first() {
        Some(b'-' | b'0'..=b'9') => match json.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(n),
            _ => Err(NotANumber::OutOfRange),
        },
        _ => Err(NotANumber::Other),
    }
}

/// Whether a JSON number (its text) is an integer as serde_json reads one: an `i64`
/// or a `u64`, so no fraction, no exponent, in range, and not `-0` (a float to it).
fn is_integer(json: &str) -> bool {
    json.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && json != "-0"
        && (json.parse::<i64>().is_ok() || json.parse::<u64>().is_ok())
}

/// `json` (the text of one JSON value) as a `Value`, as serde_json builds one but
/// with every number read exactly ([`number`]); `Err` is a number beyond `f64`.
pub(crate) fn value_of(json: &str) -> Result<Value, &str> {
    Ok(match json.as_bytes().first() {
        Some(b'{') => {
            let mut map = Map::new();
            for (key, value) in entries(json).unwrap_or_default() {
                map.insert(key, value_of(value.get())?);
            }
            Value::Object(map)
        }
        Some(b'[') => Value::Array(
            items(json)
                .unwrap_or_default()
                .into_iter()
                .map(|item| value_of(item.get()))
                .collect::<Result<_, _>>()?,
        ),
        Some(b'"') => Value::String(serde_json::from_str(json).unwrap_or_default()),
        Some(b't') => Value::Bool(true),
        Some(b'f') => Value::Bool(false),
        Some(b'-' | b'0'..=b'9') if is_integer(json) => Value::Number(match json.parse::<i64>() {
            Ok(n) => Number::from(n),
            Err(_) => Number::from(json.parse::<u64>().unwrap_or_default()),
        }),
        Some(b'-' | b'0'..=b'9') => match number(json) {
            Ok(n) => Number::from_f64(n).map_or(Value::Null, Value::Number),
            Err(_) => return Err(json),
        },
        _ => Value::Null,
    })
}

/// The entries of a JSON object (`json`), each value as its text, in order.
fn entries(json: &str) -> Option<Vec<(String, &RawValue)>> {
    struct Entries;

    impl<'de> Visitor<'de> for Entries {
        type Value = Vec<(String, &'de RawValue)>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(entry) = map.next_entry()? {
                out.push(entry);
            }
            Ok(out)
        }
    }

    serde_json::Deserializer::from_str(json)
        .deserialize_map(Entries)
        .ok()
}

/// What kind of JSON value `json` (its text) is, for messages (never the value).
fn describe(json: &str) -> &'static str {
    match json.as_bytes().first() {
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        Some(b'"') => "a string",
        Some(b'[') => "an array",
        Some(b'{') => "an object",
        _ if is_integer(json) => "an integer",
        _ => "a number with a fraction",
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

/// Whether `normalize_type(a) == normalize_type(b)`, compared byte by byte with no
/// copy made (`:` and `.` are one byte each, so normalizing maps bytes one to one).
fn same_type(a: &str, b: &str) -> bool {
    let dot = |c: u8| if c == b':' { b'.' } else { c };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| dot(x) == dot(y))
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

/// Reads a resource's JSON text, noting in `slots` (one per declared property, reused
/// across resources) where each declared property's value lies, skipping unknown keys
/// without building them; checks `"type"` against `wire_type` without allocating when
/// it matches. The whole text is read, so it is valid JSON past this point.
pub(crate) fn read_declared(
    json: &str,
    properties: &'static [&'static str],
    wire_type: &'static str,
    slots: &mut Vec<Option<Range<usize>>>,
) -> Result<TypeCheck, serde_json::Error> {
    slots.clear();
    slots.resize(properties.len(), None);
    let mut de = serde_json::Deserializer::from_str(json);
    let check = (&mut de).deserialize_any(ObjectSeed {
        properties,
        wire_type,
        type_is_component: true,
        base: json.as_ptr() as usize,
        slots,
    })?;
    de.end()?;
    Ok(check)
}

/// Where each of `properties` lies in `json`, a JSON object (a nested one: `"type"` is
/// a property like any other); `None` if it is not an object.
pub(crate) fn read_object(
    json: &str,
    properties: &'static [&'static str],
) -> Option<Vec<Option<Range<usize>>>> {
    if !json.starts_with('{') {
        return None;
    }
    let mut slots = vec![None; properties.len()];
    serde_json::Deserializer::from_str(json)
        .deserialize_map(ObjectSeed {
            properties,
            wire_type: "",
            type_is_component: false,
            base: json.as_ptr() as usize,
            slots: &mut slots,
        })
        .ok()?;
    Some(slots)
}

struct ObjectSeed<'s> {
    properties: &'static [&'static str],
    wire_type: &'static str,
    type_is_component: bool,
    /// The address of the text read: the values are borrowed [`RawValue`]s, so their
    /// addresses are in it.
    base: usize,
    slots: &'s mut Vec<Option<Range<usize>>>,
}

/// Reads a `"type"` string against the manifest's (`expected`; empty accepts any).
/// Only a string: anything else is an error, which the fast path takes as giving up
/// (the careful path reads a `"type"` that is not a string itself, [`type_check`]).
pub(crate) struct TypeSeed {
    pub(crate) expected: &'static str,
}

impl<'de> DeserializeSeed<'de> for TypeSeed {
    type Value = TypeCheck;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<TypeCheck, D::Error> {
        deserializer.deserialize_str(self)
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
            if self.expected.is_empty() || t == self.expected || same_type(t, self.expected) {
                TypeCheck::Matches
            } else {
                TypeCheck::Differs(t.to_owned())
            },
        )
    }
}

/// A `"type"` value's text (`json`) against the manifest's: a string is compared as
/// [`TypeSeed`] compares it, anything else differs.
fn type_check(json: &str, expected: &'static str) -> TypeCheck {
    serde_json::Deserializer::from_str(json)
        .deserialize_str(TypeSeed { expected })
        .unwrap_or_else(|_: serde_json::Error| TypeCheck::Differs("<not a string>".into()))
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
            type_is_component: self.type_is_component,
        })? {
            match key {
                Key::Type => {
                    let raw: &RawValue = map.next_value()?;
                    check = type_check(raw.get(), self.wire_type);
                }
                Key::Property(i) => {
                    let raw: &RawValue = map.next_value()?;
                    let start = raw.get().as_ptr() as usize - self.base;
                    self.slots[i] = Some(start..start + raw.get().len());
                }
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
    fn same_type_is_equality_after_normalize_type() {
        let types = [
            "",
            ":",
            ".",
            "sst:aws:Bucket",
            "sst.aws.Bucket",
            "sst.aws:Bucket",
            "sst_aws_Bucket",
            "aws:dynamodb/table:Table",
            "aws.dynamodb/table.Table",
            "sst.aws.Bucket2",
            "é:é",
            "é.é",
        ];
        for a in types {
            for b in types {
                let same = normalize_type(a) == normalize_type(b);
                assert_eq!(same_type(a, b), same, "{a} {b}");
            }
        }
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
