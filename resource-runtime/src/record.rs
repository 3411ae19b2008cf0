//! The generated structs as the loader sees them. A [`Record`] (every resource struct
//! and nested property struct the macro generates) names its JSON keys and lends
//! each field as a [`Field`] (a trait object); one generated impl of a few small
//! `match`es then serves both ways of reading a resource:
//!
//! - the typed fast path ([`decode_fast`]): one serde pass over the JSON text straight
//!   into the fields (`String`, `i64`, ... , nested records), unknown keys skipped,
//!   `"type"` checked by the same rule as the Value path. It accepts exactly what the
//!   Value path accepts without a problem, and gives up on anything else;
//! - the Value path (`decode.rs`), run only when the fast path gave up: it re-reads
//!   the text and records every problem with its property path, never a value.
//!
//! The fast path's own errors are never shown (they may quote a value): giving up only
//! means "decode again, carefully".
//!
//! What is generic over a record type is kept to a few lines that forward to code
//! compiled once, behind `dyn Field` and `dyn DynRecord`: every generic function is
//! compiled again in the user's crate for every generated struct, and a visitor per
//! field type per struct made a 100-link crate take four times as long to build.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::decode::{Decoder, Fields, FromJson, TypeCheck, TypeSeed, read_object};
use crate::secret::Secret;

/// The JSON keys of a record's properties, in field order.
pub type Keys = &'static [&'static str];

/// A generated struct of linked properties.
pub trait Record: Default {
    /// The JSON key of each field, in field order.
    const KEYS: Keys;

    /// The indices of [`KEYS`](Record::KEYS) in the order of the keys (as `str`s
    /// compare), or empty. Generated for a `Resource` of more than
    /// `NAMES_MATCHED` names (whose `index` is not a `match`), so a bundle's names
    /// are binary-searched with no sort on each load.
    const BY_NAME: &'static [u16] = &[];

    /// Field `index` (its key is `KEYS[index]`); `None` past the last. Generated as
    /// a `match` on `index`.
    fn field(&mut self, index: usize) -> Option<&mut dyn Field>;

    /// The index in [`KEYS`](Record::KEYS) of `key` (its first, were it there
    /// twice), if it is one. The default scans the keys; generated code gives a
    /// `match` on them, which rustc compiles to a switch on the length and a compare
    /// of a few words: the fast path looks up every key of every object it reads.
    fn index(key: &str) -> Option<usize> {
        scan(Self::KEYS, key)
    }

    /// Field `index` as the fast path writes it. The default asks the field through
    /// its vtable; generated code matches on `index`, each arm of a known type.
    fn slot(&mut self, index: usize) -> Slot<'_> {
        match self.field(index) {
            Some(field) => field.as_slot(),
            None => Slot::Other,
        }
    }

    /// The fields that are records, in order: of the generated `Resource`, every
    /// resource (App first). The default, for property structs, gives none.
    fn records<'x>(&'x mut self, out: &mut Vec<&'x mut dyn DynRecord>) {
        let _ = out;
    }
}

/// The index of `key` in `keys`, by a scan: length and first byte before the bytes
/// (most keys differ there).
pub(crate) fn scan(keys: Keys, key: &str) -> Option<usize> {
    let first = key.as_bytes().first();
    keys.iter()
        .position(|p| p.len() == key.len() && p.as_bytes().first() == first && *p == key)
}

/// A field as the fast path writes it: the common types (strings, integers,
/// booleans, secret strings, lists of strings) straight from the deserializer, in
/// the loop over the object's keys (no `Reader` and no second virtual call
/// between); any other type through [`Field::read_into`]. Not `f64`: its exact
/// parser is compiled into a binary only through the `Field` of an `f64` property.
pub enum Slot<'x> {
    /// A `String` field.
    String(&'x mut String),
    /// An `i64` field.
    Integer(&'x mut i64),
    /// A `bool` field.
    Boolean(&'x mut bool),
    /// A secret string.
    Secret(&'x mut Secret<String>),
    /// A list of strings.
    Strings(&'x mut Vec<String>),
    /// Any other type.
    Other,
}

/// One field of a record, whatever its type, behind a vtable: what either path does
/// to a field, compiled once per property type (`String`, `Option<i64>`, a nested
/// struct, ...) and shared by every record that has one.
pub trait Field {
    /// The fast path: the field read from `reader`. `first`: it still holds its
    /// `Default`, which owns no allocation for any property type (empty strings and
    /// lists, `None`, `null`, records of those), so it is forgotten, not dropped
    /// (dropping a default `Secret` zeroized its empty string, a call per secret that
    /// cost more than reading it).
    fn read_into(&mut self, reader: &mut dyn Reader, first: bool) -> Result<(), GaveUp>;
    /// Its key is absent: fine (and `None`) only when it is optional.
    fn set_absent(&mut self) -> bool;
    /// As the fast path writes it ([`Slot`]).
    fn as_slot(&mut self) -> Slot<'_>;
    /// The careful path for a resource's own property `index` of `fields`.
    fn take_from(&mut self, fields: &mut Fields<'_>, index: usize);
    /// The careful path for property `key` of a nested object, `json` its value's
    /// text (`None`: absent).
    fn decode_key(&mut self, decoder: &mut Decoder<'_>, key: &'static str, json: Option<&str>);
}

impl<P: Property> Field for P {
    fn read_into(&mut self, reader: &mut dyn Reader, first: bool) -> Result<(), GaveUp> {
        let value = P::read(reader)?;
        if first {
            std::mem::forget(std::mem::replace(self, value));
        } else {
            *self = value;
        }
        Ok(())
    }

    fn set_absent(&mut self) -> bool {
        match P::absent() {
            Some(value) => {
                *self = value;
                true
            }
            None => false,
        }
    }

    fn as_slot(&mut self) -> Slot<'_> {
        Property::slot(self)
    }

    fn take_from(&mut self, fields: &mut Fields<'_>, index: usize) {
        *self = fields.take(index);
    }

    fn decode_key(&mut self, decoder: &mut Decoder<'_>, key: &'static str, json: Option<&str>) {
        *self = decoder.field(key, json);
    }
}

/// A type a property can have: decoded from a `Value` with problems recorded
/// ([`FromJson`]), or straight from JSON text ([`Property::read`]).
pub trait Property: FromJson + Default {
    /// Reads exactly what [`FromJson::from_json`] accepts without a problem, and
    /// gives up on anything else.
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp>;

    /// This property as the fast path writes it.
    fn slot(&mut self) -> Slot<'_> {
        Slot::Other
    }

    /// A secret of this type as the fast path writes it.
    fn secret_slot(secret: &mut Secret<Self>) -> Slot<'_>
    where
        Self: zeroize::Zeroize,
    {
        let _ = secret;
        Slot::Other
    }

    /// A list of this type as the fast path writes it.
    fn list_slot(list: &mut Vec<Self>) -> Slot<'_> {
        let _ = list;
        Slot::Other
    }
}

/// The fast path gave up: decode again the Value way. Carries nothing (serde's own
/// message may quote a value).
#[derive(Debug)]
pub struct GaveUp;

/// The next JSON value, read as one kind or another. Behind a vtable: the serde
/// machinery is compiled once for the one reader there is (serde_json over a `str`),
/// not once per generated type; at 1,000 links a copy per type was megabytes of
/// code, run once per load and so always cold.
pub trait Reader {
    /// A string.
    fn string(&mut self) -> Result<String, GaveUp>;
    /// An integer that fits `i64` (no fraction, no exponent).
    fn integer(&mut self) -> Result<i64, GaveUp>;
    /// A boolean.
    fn boolean(&mut self) -> Result<bool, GaveUp>;
    /// Any value, as its JSON text handed to `text`: what `f64` and `Value` read
    /// themselves, so their parsers are compiled only where a property has them.
    fn raw(&mut self, text: &mut dyn FnMut(&str) -> Result<(), GaveUp>) -> Result<(), GaveUp>;
    /// `null` (`false`), or a value handed to `some` (`true`).
    fn option(
        &mut self,
        some: &mut dyn FnMut(&mut dyn Reader) -> Result<(), GaveUp>,
    ) -> Result<bool, GaveUp>;
    /// An array, each item handed to `item`.
    fn array(
        &mut self,
        item: &mut dyn FnMut(&mut dyn Reader) -> Result<(), GaveUp>,
    ) -> Result<(), GaveUp>;
    /// An object read into `record`; `wire_type` as in [`RecordReader`].
    fn object(
        &mut self,
        record: &mut dyn DynRecord,
        wire_type: Option<&'static str>,
    ) -> Result<(), GaveUp>;
}

/// A record as the reader sees it: fields by index, behind a vtable. Only what must
/// know the concrete type is here (each method is compiled for every generated
/// struct); what is done to a field goes through [`Field`], compiled once.
pub trait DynRecord {
    /// JSON keys, in field order.
    fn keys(&self) -> Keys;
    /// The index of JSON key `key` ([`Record::index`]) and its field, if it is one:
    /// one call per key.
    fn entry(&mut self, key: &str) -> Option<(usize, Slot<'_>)>;
    /// Field `index` ([`Record::field`]).
    fn field_at(&mut self, index: usize) -> Option<&mut dyn Field>;
    /// Back to `Default` (after the fast path gave up half way).
    fn reset(&mut self);
    /// Every field that is a record (every resource of `Resource`), in order.
    fn records<'x>(&'x mut self, out: &mut Vec<&'x mut dyn DynRecord>);
}

impl<R: Record> DynRecord for R {
    fn keys(&self) -> Keys {
        R::KEYS
    }

    fn entry(&mut self, key: &str) -> Option<(usize, Slot<'_>)> {
        let index = R::index(key)?;
        Some((index, self.slot(index)))
    }

    fn field_at(&mut self, index: usize) -> Option<&mut dyn Field> {
        self.field(index)
    }

    fn reset(&mut self) {
        *self = R::default();
    }

    fn records<'x>(&'x mut self, out: &mut Vec<&'x mut dyn DynRecord>) {
        Record::records(self, out);
    }
}

/// Reads field `index` of `record` from `reader`; `first`: the field still holds its
/// default ([`Field::read_into`]).
pub(crate) fn set(
    record: &mut dyn DynRecord,
    index: usize,
    reader: &mut dyn Reader,
    first: bool,
) -> Result<(), GaveUp> {
    match record.field_at(index) {
        Some(field) => field.read_into(reader, first),
        None => Err(GaveUp),
    }
}

/// Field `index` of `record` is absent: `true` (and `None`) if it is optional.
pub(crate) fn absent(record: &mut dyn DynRecord, index: usize) -> bool {
    match record.field_at(index) {
        Some(field) => field.set_absent(),
        None => false,
    }
}

/// Converts the properties `fields` holds into `record`, the Value way. Every field
/// is assigned, so none needs resetting first.
pub(crate) fn take_all(record: &mut dyn DynRecord, fields: &mut Fields<'_>) {
    for index in 0..record.keys().len() {
        let field = record.field_at(index);
        debug_assert!(
            field.is_some(),
            "a record without field {index} of its keys"
        );
        if let Some(field) = field {
            field.take_from(fields, index);
        }
    }
}

impl Property for String {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        reader.string()
    }

    fn slot(&mut self) -> Slot<'_> {
        Slot::String(self)
    }

    fn secret_slot(secret: &mut Secret<Self>) -> Slot<'_> {
        Slot::Secret(secret)
    }

    fn list_slot(list: &mut Vec<Self>) -> Slot<'_> {
        Slot::Strings(list)
    }
}

impl Property for i64 {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        reader.integer()
    }

    fn slot(&mut self) -> Slot<'_> {
        Slot::Integer(self)
    }
}

impl Property for f64 {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        let mut out = 0.0;
        reader.raw(&mut |json| {
            out = crate::decode::number(json).map_err(|_| GaveUp)?;
            Ok(())
        })?;
        Ok(out)
    }
}

impl Property for bool {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        reader.boolean()
    }

    fn slot(&mut self) -> Slot<'_> {
        Slot::Boolean(self)
    }
}

impl Property for Value {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        let mut out = Value::Null;
        reader.raw(&mut |json| {
            out = crate::decode::value_of(json).map_err(|_| GaveUp)?;
            Ok(())
        })?;
        Ok(out)
    }
}

impl<P: Property> Property for Option<P> {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        let mut out = None;
        reader.option(&mut |reader| {
            out = Some(P::read(reader)?);
            Ok(())
        })?;
        Ok(out)
    }
}

impl<P: Property> Property for Vec<P> {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        let mut out = Vec::new();
        reader.array(&mut |reader| {
            out.push(P::read(reader)?);
            Ok(())
        })?;
        Ok(out)
    }

    fn slot(&mut self) -> Slot<'_> {
        P::list_slot(self)
    }
}

impl<P: Property + zeroize::Zeroize> Property for Secret<P> {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        P::read(reader).map(Secret::new)
    }

    fn slot(&mut self) -> Slot<'_> {
        P::secret_slot(self)
    }
}

impl<R: Record> Property for R {
    fn read(reader: &mut dyn Reader) -> Result<Self, GaveUp> {
        let mut record = R::default();
        reader.object(&mut record, None)?;
        Ok(record)
    }
}

/// A nested object, the careful way: each declared key converted in field order (the
/// order problems are recorded in), unknown keys ignored.
impl<R: Record> FromJson for R {
    fn from_json(json: &str, decoder: &mut Decoder<'_>) -> Option<Self> {
        let mut record = R::default();
        decode_object(json, &mut record, decoder).then_some(record)
    }
}

/// [`FromJson`] of a record, compiled once: `false` (a problem recorded) if `json`
/// is not an object.
fn decode_object(json: &str, record: &mut dyn DynRecord, decoder: &mut Decoder<'_>) -> bool {
    let keys = record.keys();
    let Some(slots) = read_object(json, keys) else {
        decoder.wrong_type("an object", json);
        return false;
    };
    for (index, (key, slot)) in keys.iter().zip(slots).enumerate() {
        let field = record.field_at(index);
        debug_assert!(
            field.is_some(),
            "a record without field {index} of its keys"
        );
        if let Some(field) = field {
            field.decode_key(decoder, key, slot.and_then(|range| json.get(range)));
        }
    }
    true
}

/// Decodes a resource's JSON text straight into `record`; `false` (and `record`
/// back to `Default`) on anything the Value path would record a problem for (or
/// reject): not an object, a `"type"` other than `wire_type`, a property missing or
/// of another type, invalid JSON.
pub(crate) fn decode_fast(json: &str, wire_type: &'static str, record: &mut dyn DynRecord) -> bool {
    let mut de = serde_json::Deserializer::from_str(json);
    let ok = JsonReader(Some(&mut de))
        .object(record, Some(wire_type))
        .is_ok()
        && de.end().is_ok();
    if !ok {
        record.reset();
    }
    ok
}

/// Decodes every linked resource a bundle holds in one pass over its text, each
/// straight into its field of `resources` (`index_of` gives the index of a resource's
/// name, and `specs[i].1` is resource `i`'s wire type); `done[i]` says resource `i`
/// was there. `false` (and `resources` as it was given, `Default`) if anything in it
/// would not decode without a problem: the caller then reads the bundle the careful
/// way, resource by resource.
pub(crate) fn decode_bundle(
    text: &str,
    index_of: &Names,
    resources: &mut [&mut dyn DynRecord],
    specs: &[(&'static str, &'static str, &'static str)],
    done: &mut [bool],
) -> bool {
    let mut de = serde_json::Deserializer::from_str(text);
    let ok = (&mut de)
        .deserialize_map(BundleReader {
            index_of,
            resources: &mut *resources,
            specs,
            done: &mut *done,
        })
        .is_ok()
        && de.end().is_ok();
    if !ok {
        // Also the one it gave up in, half read.
        for record in resources.iter_mut() {
            record.reset();
        }
        done.fill(false);
    }
    ok
}

struct BundleReader<'b, 'r> {
    index_of: &'b Names,
    resources: &'b mut [&'r mut dyn DynRecord],
    specs: &'b [(&'static str, &'static str, &'static str)],
    done: &'b mut [bool],
}

impl<'de> Visitor<'de> for BundleReader<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of resources")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(index) = map.next_key_seed(NameSeed(self.index_of))? {
            let found = index.and_then(|index| {
                let record = self.resources.get_mut(index)?;
                Some((index, record, self.specs.get(index)?.1))
            });
            match found {
                Some((index, record, wire_type)) => {
                    map.next_value_seed(ResourceSeed {
                        record: &mut **record,
                        wire_type,
                        first: !self.done[index],
                    })?;
                    self.done[index] = true;
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// How a bundle's keys are looked up among the linked names: a few by the generated
/// `match` ([`Record::index`]), many by a binary search (no hash table: its code and
/// the random seed of its hasher would be in every user's binary for one lookup per
/// key).
pub(crate) enum Names {
    /// The generated `index` of `Resource`.
    Match(fn(&str) -> Option<usize>),
    /// The names, and their indices in name order ([`Record::BY_NAME`]).
    Ordered(Keys, &'static [u16]),
    /// Name and index, sorted by name (a record that gives no order).
    Sorted(Vec<(&'static str, usize)>),
    /// The names themselves, scanned (one or a few).
    Scan(Keys),
}

impl Names {
    /// The names of `keys` (unique), for [`Names::Sorted`].
    pub(crate) fn sorted(keys: Keys) -> Self {
        let mut names: Vec<_> = keys.iter().copied().zip(0..).collect();
        names.sort_unstable();
        Names::Sorted(names)
    }
}

/// How many names (App included) are looked up by the generated `match`; the code
/// generator emits `Resource::index` up to this many.
pub(crate) const NAMES_MATCHED: usize = 64;

/// A bundle's key: the index of the linked resource of that name, if any.
struct NameSeed<'n>(&'n Names);

impl<'de> DeserializeSeed<'de> for NameSeed<'_> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for NameSeed<'_> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a resource name")
    }

    fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<Option<usize>, E> {
        Ok(match self.0 {
            Names::Match(index) => index(name),
            Names::Sorted(names) => names
                .binary_search_by(|(n, _)| (*n).cmp(name))
                .ok()
                .map(|i| names[i].1),
            Names::Ordered(keys, order) => order
                .binary_search_by(|i| keys.get(usize::from(*i)).copied().unwrap_or("").cmp(name))
                .ok()
                .map(|i| usize::from(order[i])),
            Names::Scan(keys) => scan(keys, name),
        })
    }
}

struct ResourceSeed<'r> {
    record: &'r mut dyn DynRecord,
    wire_type: &'static str,
    first: bool,
}

impl<'de> DeserializeSeed<'de> for ResourceSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if !self.first {
            self.record.reset();
        }
        JsonReader(Some(d))
            .object(self.record, Some(self.wire_type))
            .map_err(give_up)
    }
}

/// The one [`Reader`]: a serde deserializer, used once.
struct JsonReader<D>(Option<D>);

fn gave_up<E>(_: E) -> GaveUp {
    GaveUp
}

impl<'de, D: Deserializer<'de>> JsonReader<D> {
    fn take(&mut self) -> Result<D, GaveUp> {
        self.0.take().ok_or(GaveUp)
    }
}

impl<'de, D: Deserializer<'de>> Reader for JsonReader<D> {
    // serde's own impls accept what `FromJson` accepts: a string; an integer that
    // fits i64 (no fraction, no exponent); a boolean.
    fn string(&mut self) -> Result<String, GaveUp> {
        serde::Deserialize::deserialize(self.take()?).map_err(gave_up)
    }

    fn integer(&mut self) -> Result<i64, GaveUp> {
        serde::Deserialize::deserialize(self.take()?).map_err(gave_up)
    }

    fn boolean(&mut self) -> Result<bool, GaveUp> {
        serde::Deserialize::deserialize(self.take()?).map_err(gave_up)
    }

    fn raw(&mut self, text: &mut dyn FnMut(&str) -> Result<(), GaveUp>) -> Result<(), GaveUp> {
        let raw: &RawValue = serde::Deserialize::deserialize(self.take()?).map_err(gave_up)?;
        text(raw.get())
    }

    fn option(
        &mut self,
        some: &mut dyn FnMut(&mut dyn Reader) -> Result<(), GaveUp>,
    ) -> Result<bool, GaveUp> {
        self.take()?
            .deserialize_option(OptionVisitor(some))
            .map_err(gave_up)
    }

    fn array(
        &mut self,
        item: &mut dyn FnMut(&mut dyn Reader) -> Result<(), GaveUp>,
    ) -> Result<(), GaveUp> {
        self.take()?
            .deserialize_seq(ArrayVisitor(item))
            .map_err(gave_up)
    }

    fn object(
        &mut self,
        record: &mut dyn DynRecord,
        wire_type: Option<&'static str>,
    ) -> Result<(), GaveUp> {
        self.take()?
            .deserialize_map(RecordReader { record, wire_type })
            .map_err(gave_up)
    }
}

fn give_up<E: serde::de::Error>(_: GaveUp) -> E {
    E::custom("")
}

struct OptionVisitor<'f>(&'f mut dyn FnMut(&mut dyn Reader) -> Result<(), GaveUp>);

impl<'de> Visitor<'de> for OptionVisitor<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null or a value")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<bool, E> {
        Ok(false)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        (self.0)(&mut JsonReader(Some(d))).map_err(give_up)?;
        Ok(true)
    }
}

struct ArrayVisitor<'f>(&'f mut dyn FnMut(&mut dyn Reader) -> Result<(), GaveUp>);

impl<'de> Visitor<'de> for ArrayVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(ItemSeed(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

struct ItemSeed<'f>(&'f mut dyn FnMut(&mut dyn Reader) -> Result<(), GaveUp>);

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        (self.0)(&mut JsonReader(Some(d))).map_err(give_up)
    }
}

/// Field `index` of `record`, read from the next value of an object.
struct FieldSeed<'r> {
    record: &'r mut dyn DynRecord,
    index: usize,
    first: bool,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        set(
            self.record,
            self.index,
            &mut JsonReader(Some(d)),
            self.first,
        )
        .map_err(give_up)
    }
}

/// Which of a record's keys a JSON key is, by the record's own [`Record::index`],
/// with its field; `"type"` as in [`KeySeed`](crate::decode::KeySeed).
struct EntrySeed<'r> {
    record: &'r mut dyn DynRecord,
    type_is_component: bool,
}

/// A key of an object the fast path reads.
enum Entry<'r> {
    Type,
    Property(usize, Slot<'r>),
    Other,
}

impl<'de, 'r> DeserializeSeed<'de> for EntrySeed<'r> {
    type Value = Entry<'r>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Entry<'r>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de, 'r> Visitor<'de> for EntrySeed<'r> {
    type Value = Entry<'r>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_str<E>(self, key: &str) -> Result<Entry<'r>, E> {
        if self.type_is_component && key == "type" {
            return Ok(Entry::Type);
        }
        Ok(match self.record.entry(key) {
            Some((index, slot)) => Entry::Property(index, slot),
            None => Entry::Other,
        })
    }
}

/// Which fields a JSON object has set: bits for up to 64 fields (every generated
/// record in practice), else a flag per field.
trait Seen {
    fn new(len: usize) -> Self;
    /// Marks field `index`; whether it was already.
    fn insert(&mut self, index: usize) -> bool;
    /// The first field below `len` not seen for which `missing` is `false`.
    fn first_missing(&self, len: usize, missing: impl FnMut(usize) -> bool) -> Option<usize>;
}

impl Seen for u64 {
    fn new(_: usize) -> Self {
        0
    }

    fn insert(&mut self, index: usize) -> bool {
        let bit = 1 << index;
        let was = *self & bit != 0;
        *self |= bit;
        was
    }

    fn first_missing(&self, len: usize, mut missing: impl FnMut(usize) -> bool) -> Option<usize> {
        let all = if len == 64 { !0 } else { (1 << len) - 1 };
        let mut unseen = !*self & all;
        while unseen != 0 {
            let index = unseen.trailing_zeros() as usize;
            if !missing(index) {
                return Some(index);
            }
            unseen &= unseen - 1;
        }
        None
    }
}

impl Seen for Vec<bool> {
    fn new(len: usize) -> Self {
        vec![false; len]
    }

    fn insert(&mut self, index: usize) -> bool {
        std::mem::replace(&mut self[index], true)
    }

    fn first_missing(&self, len: usize, mut missing: impl FnMut(usize) -> bool) -> Option<usize> {
        (0..len).find(|&index| !self[index] && !missing(index))
    }
}

/// Reads a JSON object into a record. `wire_type` is `Some` for a resource's own
/// object, whose `"type"` is the component type; in a nested object `"type"` is a
/// property like any other.
struct RecordReader<'r> {
    record: &'r mut dyn DynRecord,
    wire_type: Option<&'static str>,
}

impl<'de> Visitor<'de> for RecordReader<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let len = self.record.keys().len();
        if len <= 64 {
            self.entries::<u64, A>(map, len)
        } else {
            self.entries::<Vec<bool>, A>(map, len)
        }
    }
}

impl RecordReader<'_> {
    fn entries<'de, S: Seen, A: MapAccess<'de>>(
        self,
        mut map: A,
        len: usize,
    ) -> Result<(), A::Error> {
        let mut seen = S::new(len);
        let type_is_component = self.wire_type.is_some();
        while let Some(entry) = map.next_key_seed(EntrySeed {
            record: &mut *self.record,
            type_is_component,
        })? {
            match entry {
                Entry::Type => {
                    let check = map.next_value_seed(TypeSeed {
                        expected: self.wire_type.unwrap_or_default(),
                    })?;
                    if let TypeCheck::Differs(_) = check {
                        return Err(A::Error::custom("type drift"));
                    }
                }
                // serde's own impls, as `JsonReader` reads them. A field set twice
                // drops its first value; a `Default` one holds no allocation.
                Entry::Property(index, slot) => {
                    let first = !seen.insert(index);
                    match slot {
                        Slot::String(field) => *field = map.next_value()?,
                        Slot::Integer(field) => *field = map.next_value()?,
                        Slot::Boolean(field) => *field = map.next_value()?,
                        Slot::Strings(field) => *field = map.next_value()?,
                        // As `Field::read_into` does: a default secret is forgotten, not
                        // zeroized (it holds nothing).
                        Slot::Secret(field) => {
                            let value = Secret::new(map.next_value::<String>()?);
                            if first {
                                std::mem::forget(std::mem::replace(field, value));
                            } else {
                                *field = value;
                            }
                        }
                        Slot::Other => map.next_value_seed(FieldSeed {
                            record: &mut *self.record,
                            index,
                            first,
                        })?,
                    }
                }
                Entry::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match seen.first_missing(len, |index| absent(self.record, index)) {
            Some(_) => Err(A::Error::custom("missing property")),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::{ResourceSpec, read_declared};
    use crate::error::{OriginRef, Problem};

    #[derive(Debug, Default, PartialEq)]
    struct Inner {
        kind: String,
        port: Option<i64>,
    }

    impl Record for Inner {
        const KEYS: Keys = &["type", "port"];

        fn field(&mut self, index: usize) -> Option<&mut dyn Field> {
            match index {
                0 => Some(&mut self.kind),
                1 => Some(&mut self.port),
                _ => None,
            }
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Outer {
        name: String,
        count: i64,
        ratio: f64,
        on: bool,
        tags: Vec<String>,
        maybe: Option<Vec<Option<f64>>>,
        key: Secret<String>,
        any: Value,
        inner: Inner,
        list: Vec<Inner>,
    }

    impl PartialEq for Secret<String> {
        fn eq(&self, other: &Self) -> bool {
            self.expose() == other.expose()
        }
    }

    impl Record for Outer {
        const KEYS: Keys = &[
            "name", "count", "ratio", "on", "tags", "maybe", "key", "any", "inner", "list",
        ];

        fn field(&mut self, index: usize) -> Option<&mut dyn Field> {
            Some(match index {
                0 => &mut self.name,
                1 => &mut self.count,
                2 => &mut self.ratio,
                3 => &mut self.on,
                4 => &mut self.tags,
                5 => &mut self.maybe,
                6 => &mut self.key,
                7 => &mut self.any,
                8 => &mut self.inner,
                9 => &mut self.list,
                _ => return None,
            })
        }
    }

    fn fast<R: Record>(json: &str, wire_type: &'static str) -> Option<R> {
        let mut record = R::default();
        decode_fast(json, wire_type, &mut record).then_some(record)
    }

    /// The Value path, as `LoadContext::load` runs it after the fast path gave up.
    fn careful(json: &str, wire_type: &'static str) -> Result<Outer, Vec<Problem>> {
        let spec = ResourceSpec {
            name: "R",
            env_var: "SST_RESOURCE_R",
            wire_type,
            properties: Outer::KEYS,
            declared_at: "links.toml:1",
        };
        let mut slots = Vec::new();
        let mut problems = Vec::new();
        match read_declared(json, spec.properties, wire_type, &mut slots) {
            Ok(TypeCheck::Differs(_)) | Err(_) => return Err(problems),
            Ok(_) => {}
        }
        let mut fields = Fields::new(
            json,
            &mut slots,
            &spec,
            Decoder::new(&mut problems, "R", OriginRef::Var("SST_RESOURCE_R"), json),
        );
        let mut out = Outer::default();
        take_all(&mut out, &mut fields);
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    const BASE: &str = r#""name":"n","count":3,"ratio":0.5,"on":true,"tags":["a"],"key":"s","any":{"x":[1]},"inner":{"type":"t"},"list":[]"#;

    #[test]
    fn the_fast_path_accepts_exactly_what_the_value_path_accepts_and_agrees() {
        let mut cases: Vec<String> = vec![
            format!("{{{BASE}}}"),
            format!(r#"{{{BASE},"type":"sst.aws.Bucket"}}"#),
            format!(r#"{{{BASE},"type":"sst:aws:Bucket"}}"#),
            format!(r#"{{{BASE},"type":"sst.aws.Queue"}}"#),
            format!(r#"{{{BASE},"type":1}}"#),
            format!(r#"{{{BASE},"extra":{{"deep":[1,2,{{"a":null}}]}}}}"#),
            format!(r#"{{{BASE},"maybe":null}}"#),
            format!(r#"{{{BASE},"maybe":[1,null,2.5,-0,1e400]}}"#),
            format!(r#"{{{BASE},"maybe":[1,"x"]}}"#),
            format!(r#"{{{BASE},"name":"again"}}"#),
            format!(r#"{{{BASE},"key":"again","tags":["b","c"],"on":false,"count":4}}"#),
            format!(r#"{{{BASE},"key":1}}"#),
            format!(r#"{{{BASE},"tags":["a",1]}}"#),
            format!(r#"{{{BASE},"tags":"a"}}"#),
            format!(r#"{{{BASE},"name":1}}"#),
            format!(r#"{{"name":1,{BASE}}}"#),
            format!(
                r#"{{{BASE},"list":[{{"type":"a","port":1}},{{"type":"b","port":null,"x":1}}]}}"#
            ),
            format!(r#"{{{BASE},"list":[{{"port":1}}]}}"#),
            format!(r#"{{{BASE},"inner":{{"type":"t","port":1.5}}}}"#),
            format!(r#"{{{BASE},"inner":[]}}"#),
            format!(r#"{{{BASE}}} trailing"#),
            format!(r#"{{{BASE}"#),
            "[1]".into(),
            "\"text\"".into(),
            "null".into(),
            "{}".into(),
        ];
        for count in [
            "30.0",
            "1e2",
            "-0",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "18446744073709551616",
            "null",
            "\"3\"",
        ] {
            cases.push(format!(r#"{{{BASE},"count":{count}}}"#));
        }
        for ratio in [
            "1",
            "-1",
            "18446744073709551615",
            "1e308",
            "\"1\"",
            "null",
            "true",
        ] {
            cases.push(format!(r#"{{{BASE},"ratio":{ratio}}}"#));
        }
        for on in ["1", "\"true\"", "null"] {
            cases.push(format!(r#"{{{BASE},"on":{on}}}"#));
        }
        for missing in Outer::KEYS {
            let json: serde_json::Map<String, Value> =
                serde_json::from_str(&format!("{{{BASE}}}")).unwrap();
            let mut json = json;
            json.remove(*missing);
            cases.push(Value::Object(json).to_string());
        }
        for json in &cases {
            let fast = fast::<Outer>(json, "sst.aws.Bucket");
            let careful = careful(json, "sst.aws.Bucket");
            match (&fast, &careful) {
                (Some(f), Ok(c)) => assert_eq!(f, c, "{json}"),
                (None, Err(_)) => {}
                // A key given twice, wrong then right: the Value path keeps the last;
                // the fast path gives up at the first, and the Value path runs.
                (None, Ok(_)) if json.starts_with(r#"{"name":1,"#) => {}
                _ => panic!("{json}: fast {fast:?}, careful {careful:?}"),
            }
        }
    }

    /// Numbers load as the `f64` nearest to their text, as `JSON.parse` reads them,
    /// whether or not serde_json's `float_roundtrip` is on (it is not in a user's
    /// build unless they enable it): both paths, a `number` and inside a `json`.
    #[test]
    fn numbers_load_exactly_as_json_parse_reads_them() {
        let mut texts: Vec<String> = [
            "-1.6388626693409678e-52",
            "0.30000000000000004",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "1.7976931348623157e308",
            "9007199254740993",
            "0.1",
            "-0",
            "1e-400",
        ]
        .map(str::to_owned)
        .into();
        // Shortest spellings (what JSON.stringify writes) of scattered doubles.
        let mut bits = 0x9E37_79B9_7F4A_7C15_u64;
        while texts.len() < 2_000 {
            bits = bits.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let f = f64::from_bits(bits);
            if f.is_finite() {
                texts.push(format!("{f:e}"));
                texts.push(format!("{f}"));
            }
        }
        for text in &texts {
            let want: f64 = text.parse().unwrap();
            let json = format!(r#"{{{BASE},"ratio":{text},"any":[{text}],"maybe":[{text}]}}"#);
            let fast = fast::<Outer>(&json, "").unwrap_or_else(|| panic!("fast {json}"));
            let careful = careful(&json, "").unwrap_or_else(|p| panic!("{json}: {p:?}"));
            for (way, got) in [("fast", &fast), ("careful", &careful)] {
                assert_eq!(got.ratio.to_bits(), want.to_bits(), "{way} {text}");
                assert_eq!(got.maybe, Some(vec![Some(want)]), "{way} {text}");
                let any = got.any[0].as_f64().unwrap();
                assert_eq!(any.to_bits(), want.to_bits(), "{way} json {text}");
            }
        }
    }

    /// A number no `f64` holds is invalid JSON to serde_json: the careful path says so
    /// at its place (the fast path gives up), in a `number` and inside a `json`.
    #[test]
    fn a_number_beyond_f64_is_invalid_json_at_its_place() {
        for json in [
            format!("{{{BASE},\n\"ratio\":1e400}}"),
            format!("{{{BASE},\n\"any\":{{\"a\":[1,-2e999]}}}}"),
        ] {
            // Where serde_json itself puts it, reading the text as a `Value`.
            let e = serde_json::from_str::<Value>(&json).unwrap_err();
            assert!(fast::<Outer>(&json, "").is_none(), "{json}");
            let problems = careful(&json, "").unwrap_err();
            assert!(
                matches!(
                    problems.as_slice(),
                    [Problem::InvalidJson { message, line, column, .. }]
                        if format!("{e}") == format!("{message} at line {line} column {column}")
                ),
                "{json}: {problems:?}, serde_json: {e}"
            );
        }
    }

    #[test]
    fn past_sixty_four_fields() {
        struct Wide(Vec<Option<i64>>);

        impl Default for Wide {
            fn default() -> Self {
                Wide(vec![None; 66])
            }
        }

        const KEYS: [&str; 66] = {
            let mut keys = [""; 66];
            let names = [
                "k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10", "k11",
                "k12", "k13", "k14", "k15", "k16", "k17", "k18", "k19", "k20", "k21", "k22", "k23",
                "k24", "k25", "k26", "k27", "k28", "k29", "k30", "k31", "k32", "k33", "k34", "k35",
                "k36", "k37", "k38", "k39", "k40", "k41", "k42", "k43", "k44", "k45", "k46", "k47",
                "k48", "k49", "k50", "k51", "k52", "k53", "k54", "k55", "k56", "k57", "k58", "k59",
                "k60", "k61", "k62", "k63", "k64", "k65",
            ];
            let mut i = 0;
            while i < 66 {
                keys[i] = names[i];
                i += 1;
            }
            keys
        };

        impl Record for Wide {
            const KEYS: Keys = &KEYS;

            fn field(&mut self, index: usize) -> Option<&mut dyn Field> {
                self.0.get_mut(index).map(|field| field as &mut dyn Field)
            }
        }

        let wide = fast::<Wide>(r#"{"k65":65,"k00":0,"k64":64,"k63":63}"#, "").unwrap();
        for (i, value) in wide.0.iter().enumerate() {
            let expected = [0, 63, 64, 65].contains(&i).then_some(i as i64);
            assert_eq!(*value, expected, "k{i:02}");
        }
        assert!(fast::<Wide>(r#"{"k65":"x"}"#, "").is_none());
    }

    #[derive(Debug, Default, PartialEq)]
    struct Both {
        app: crate::App,
        outer: Outer,
    }

    impl Record for Both {
        const KEYS: Keys = &["App", "Outer"];

        fn field(&mut self, _: usize) -> Option<&mut dyn Field> {
            None
        }

        fn records<'x>(&'x mut self, out: &mut Vec<&'x mut dyn DynRecord>) {
            out.push(&mut self.app);
            out.push(&mut self.outer);
        }
    }

    #[test]
    fn a_bundle_decodes_in_one_pass_or_not_at_all() {
        let outer = format!("{{{BASE},\"type\":\"sst.aws.Bucket\"}}");
        let app = r#"{"name":"a","stage":"s"}"#;
        // Names looked up every way (the generated match up to 64 names, the
        // generated order beyond, else a sorted table, a scan for one): each case
        // gives the same under each.
        let read = |json: &str| {
            let ways = [
                Names::Match(Both::index),
                Names::sorted(Both::KEYS),
                Names::Ordered(Both::KEYS, &[0, 1]),
                Names::Scan(Both::KEYS),
            ];
            let mut results = ways.into_iter().map(|names| {
                let mut both = Both::default();
                let mut done = [false; 2];
                let mut records = Vec::new();
                Record::records(&mut both, &mut records);
                let ok = decode_bundle(
                    json,
                    &names,
                    &mut records,
                    &[("", "", ""), ("", "sst.aws.Bucket", "")],
                    &mut done,
                );
                (ok, done, both)
            });
            let by_match = results.next().unwrap();
            for other in results {
                assert_eq!(by_match, other, "{json}");
            }
            by_match
        };
        // Every linked resource, unknown ones skipped, a repeated one read again.
        let (ok, done, both) = read(&format!(
            r#"{{"Other":{{"x":[1]}},"Outer":{outer},"App":{app},"Outer":{outer}}}"#
        ));
        assert!(ok && done == [true, true]);
        assert_eq!(both.outer, careful(&outer, "sst.aws.Bucket").unwrap());
        assert_eq!(both.app.stage, "s");
        // Only some: the rest is looked for elsewhere.
        let (ok, done, _) = read(&format!(r#"{{"App":{app}}}"#));
        assert!(ok && done == [true, false]);
        // Anything that needs the careful path: nothing taken, all back to Default.
        for json in [
            format!(r#"{{"App":{app},"Outer":{{"name":1}}}}"#),
            format!(r#"{{"App":{app},"Outer":{outer},"Other":tru}}"#),
            format!(
                r#"{{"App":{app},"Outer":{}}}"#,
                outer.replace("Bucket", "Queue")
            ),
            format!(r#"[{app}]"#),
        ] {
            let (ok, done, both) = read(&json);
            assert!(!ok && done == [false, false], "{json}");
            assert_eq!(both, Both::default(), "{json}");
        }
    }
}
