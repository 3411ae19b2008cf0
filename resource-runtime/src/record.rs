//! The generated structs as the loader sees them. A [`Record`] (every resource struct
//! and nested property struct the macro generates) names its JSON keys and lends its
//! fields as a [`FieldSet`]; one generated impl of a few tokens then serves both ways
//! of reading a resource:
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

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::decode::{Decoder, Fields, FromJson, Key, KeySeed, TypeCheck, TypeSeed};
use crate::secret::Secret;

/// The JSON keys of a record's properties, in field order.
pub type Keys = &'static [&'static str];

/// A generated struct of linked properties.
pub trait Record: Default {
    /// The JSON key of each field, in field order.
    const KEYS: Keys;

    /// The fields, in the order of [`KEYS`](Record::KEYS).
    fn fields(&mut self) -> impl FieldSet;
}

/// Mutable references to a record's fields (a tuple of them, nested by twelves),
/// reachable by index.
pub trait FieldSet {
    /// How many fields.
    const LEN: usize;

    /// Hands field `index` (below [`LEN`](FieldSet::LEN)) to `visit`.
    fn visit<V: Visit>(self, index: usize, visit: V) -> V::Out;
}

/// Something done to one field, whatever its type.
pub trait Visit {
    /// What it gives back.
    type Out;

    /// Does it to `slot`.
    fn property<P: Property>(self, slot: &mut P) -> Self::Out;
}

/// A type a property can have: decoded from a `Value` with problems recorded
/// ([`FromJson`]), or straight from JSON text ([`Property::read`]).
pub trait Property: FromJson + Default {
    /// Deserializes exactly what [`FromJson::from_json`] accepts without a problem,
    /// and fails on anything else (the error is never shown).
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

impl<P: Property> FieldSet for &mut P {
    const LEN: usize = 1;

    fn visit<V: Visit>(self, _: usize, visit: V) -> V::Out {
        visit.property(self)
    }
}

impl FieldSet for () {
    const LEN: usize = 0;

    fn visit<V: Visit>(self, index: usize, _: V) -> V::Out {
        unreachable!("field {index} of a record without fields")
    }
}

macro_rules! tuple_field_sets {
    ($($name:ident)+) => {
        impl<$($name: FieldSet),+> FieldSet for ($($name,)+) {
            const LEN: usize = 0 $(+ $name::LEN)+;

            #[allow(non_snake_case, unused_assignments)]
            fn visit<V: Visit>(self, index: usize, visit: V) -> V::Out {
                let ($($name,)+) = self;
                let mut base = 0;
                $(
                    if index < base + $name::LEN {
                        return $name.visit(index - base, visit);
                    }
                    base += $name::LEN;
                )+
                unreachable!("field {index} of a record of {}", base)
            }
        }
    };
}

tuple_field_sets!(A);
tuple_field_sets!(A B);
tuple_field_sets!(A B C);
tuple_field_sets!(A B C D);
tuple_field_sets!(A B C D E);
tuple_field_sets!(A B C D E F);
tuple_field_sets!(A B C D E F G);
tuple_field_sets!(A B C D E F G H);
tuple_field_sets!(A B C D E F G H I);
tuple_field_sets!(A B C D E F G H I J);
tuple_field_sets!(A B C D E F G H I J K);
tuple_field_sets!(A B C D E F G H I J K L);

/// How many fields one tuple of a [`FieldSet`] holds; the code generator nests
/// tuples of tuples beyond it.
pub const TUPLE_MAX: usize = 12;

macro_rules! serde_properties {
    ($($ty:ty),+) => {
        $(
            impl Property for $ty {
                fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    serde::Deserialize::deserialize(deserializer)
                }
            }
        )+
    };
}

// serde's own impls accept what `FromJson` accepts: a string; an integer that fits
// i64 (no fraction, no exponent); any number for f64; a boolean; anything for Value.
serde_properties!(String, i64, f64, bool, Value);

impl<P: Property> Property for Option<P> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<P>(PhantomData<P>);

        impl<'de, P: Property> Visitor<'de> for OptionVisitor<P> {
            type Value = Option<P>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("null or a value")
            }

            fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                P::read(d).map(Some)
            }
        }

        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<P: Property> Property for Vec<P> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VecVisitor<P>(PhantomData<P>);

        impl<'de, P: Property> Visitor<'de> for VecVisitor<P> {
            type Value = Vec<P>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element_seed(Seed::<P>(PhantomData))? {
                    out.push(item);
                }
                Ok(out)
            }
        }

        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

impl<P: Property + zeroize::Zeroize> Property for Secret<P> {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        P::read(deserializer).map(Secret::new)
    }
}

impl<R: Record> Property for R {
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(RecordVisitor::<R> {
            wire_type: None,
            record: PhantomData,
        })
    }
}

/// A nested object, the Value way: each declared key converted in field order (the
/// order problems are recorded in), unknown keys ignored.
impl<R: Record> FromJson for R {
    fn from_json(value: Value, decoder: &mut Decoder<'_>) -> Option<Self> {
        let mut object = decoder.object(value)?;
        let mut record = R::default();
        for (index, key) in R::KEYS.iter().enumerate() {
            record.fields().visit(
                index,
                FieldOf {
                    decoder: &mut *decoder,
                    object: &mut object,
                    key,
                },
            );
        }
        Some(record)
    }
}

/// Decodes a resource's JSON text straight into `R`, or `None` on anything the
/// Value path would record a problem for (or reject): not an object, a `"type"`
/// other than `wire_type`, a property missing or of another type, invalid JSON.
pub(crate) fn decode_fast<R: Record>(json: &str, wire_type: &'static str) -> Option<R> {
    let mut de = serde_json::Deserializer::from_str(json);
    let record = (&mut de)
        .deserialize_map(RecordVisitor::<R> {
            wire_type: Some(wire_type),
            record: PhantomData,
        })
        .ok()?;
    de.end().ok()?;
    Some(record)
}

/// Converts the properties [`Fields`] holds into `R`, the Value way.
pub(crate) fn decode_fields<R: Record>(fields: &mut Fields<'_>) -> R {
    let mut record = R::default();
    for index in 0..R::KEYS.len() {
        record.fields().visit(index, Take { fields, index });
    }
    record
}

struct Seed<P>(PhantomData<P>);

impl<'de, P: Property> DeserializeSeed<'de> for Seed<P> {
    type Value = P;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<P, D::Error> {
        P::read(deserializer)
    }
}

/// Which fields a JSON object has set.
enum Seen {
    Few(u64),
    Many(Vec<bool>),
}

impl Seen {
    fn new(len: usize) -> Self {
        if len <= 64 {
            Seen::Few(0)
        } else {
            Seen::Many(vec![false; len])
        }
    }

    fn set(&mut self, index: usize) {
        match self {
            Seen::Few(bits) => *bits |= 1 << index,
            Seen::Many(seen) => seen[index] = true,
        }
    }

    fn get(&self, index: usize) -> bool {
        match self {
            Seen::Few(bits) => bits & (1 << index) != 0,
            Seen::Many(seen) => seen[index],
        }
    }
}

/// Reads a JSON object into `R`. `wire_type` is `Some` for a resource's own object,
/// whose `"type"` is the component type; in a nested object `"type"` is a property
/// like any other.
struct RecordVisitor<R> {
    wire_type: Option<&'static str>,
    record: PhantomData<R>,
}

impl<'de, R: Record> Visitor<'de> for RecordVisitor<R> {
    type Value = R;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<R, A::Error> {
        let mut record = R::default();
        let mut seen = Seen::new(R::KEYS.len());
        let keys = KeySeed {
            properties: R::KEYS,
            type_is_component: self.wire_type.is_some(),
        };
        while let Some(key) = map.next_key_seed(keys)? {
            match key {
                Key::Type => {
                    let check = map.next_value_seed(TypeSeed {
                        expected: self.wire_type.unwrap_or_default(),
                    })?;
                    if let TypeCheck::Differs(_) = check {
                        return Err(A::Error::custom("type drift"));
                    }
                }
                Key::Property(index) => {
                    record.fields().visit(
                        index,
                        Fast {
                            map: &mut map,
                            de: PhantomData,
                        },
                    )?;
                    seen.set(index);
                }
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        for index in 0..R::KEYS.len() {
            if !seen.get(index) && !record.fields().visit(index, Absent) {
                return Err(A::Error::custom("missing property"));
            }
        }
        Ok(record)
    }
}

/// The fast path: the next value of `map`, deserialized into the field.
struct Fast<'m, 'de, A> {
    map: &'m mut A,
    de: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Visit for Fast<'_, 'de, A> {
    type Out = Result<(), A::Error>;

    fn property<P: Property>(self, slot: &mut P) -> Self::Out {
        *slot = self.map.next_value_seed(Seed::<P>(PhantomData))?;
        Ok(())
    }
}

/// A field whose key is absent: fine (and `None`) only when it is optional.
struct Absent;

impl Visit for Absent {
    type Out = bool;

    fn property<P: Property>(self, slot: &mut P) -> bool {
        match P::absent() {
            Some(value) => {
                *slot = value;
                true
            }
            None => false,
        }
    }
}

/// The Value path for a resource's own property `index`.
struct Take<'f, 'a> {
    fields: &'f mut Fields<'a>,
    index: usize,
}

impl Visit for Take<'_, '_> {
    type Out = ();

    fn property<P: Property>(self, slot: &mut P) {
        *slot = self.fields.take(self.index);
    }
}

/// The Value path for property `key` of a nested object.
struct FieldOf<'d, 'a> {
    decoder: &'d mut Decoder<'a>,
    object: &'d mut Map<String, Value>,
    key: &'static str,
}

impl Visit for FieldOf<'_, '_> {
    type Out = ();

    fn property<P: Property>(self, slot: &mut P) {
        *slot = self.decoder.field(self.object, self.key);
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

        fn fields(&mut self) -> impl FieldSet {
            (&mut self.kind, &mut self.port)
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

        fn fields(&mut self) -> impl FieldSet {
            let Self {
                name,
                count,
                ratio,
                on,
                tags,
                maybe,
                key,
                any,
                inner,
                list,
            } = self;
            // Nested as generated code nests past twelve fields.
            (
                (name, count, ratio),
                (on, tags, maybe, key),
                any,
                (inner, (list,)),
            )
        }
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
            &mut slots,
            &spec,
            Decoder::new(&mut problems, "R", OriginRef::Var("SST_RESOURCE_R")),
        );
        let out = decode_fields::<Outer>(&mut fields);
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
            let fast = decode_fast::<Outer>(json, "sst.aws.Bucket");
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

        // Tuples of twelve, nested, as generated code writes them past twelve.
        impl Record for Wide {
            const KEYS: Keys = &KEYS;

            fn fields(&mut self) -> impl FieldSet {
                let mut it = self.0.iter_mut();
                let mut twelve = || {
                    let [a, b, c, d, e, f, g, h, i, j, k, l]: [&mut Option<i64>; 12] =
                        std::array::from_fn(|_| it.next().unwrap());
                    (a, b, c, d, e, f, g, h, i, j, k, l)
                };
                let (a, b, c, d, e) = (twelve(), twelve(), twelve(), twelve(), twelve());
                let [f0, f1, f2, f3, f4, f5]: [&mut Option<i64>; 6] =
                    std::array::from_fn(|_| it.next().unwrap());
                (a, b, c, d, e, (f0, f1, f2, f3, f4, f5))
            }
        }

        let wide = decode_fast::<Wide>(r#"{"k65":65,"k00":0,"k64":64,"k63":63}"#, "").unwrap();
        for (i, value) in wide.0.iter().enumerate() {
            let expected = [0, 63, 64, 65].contains(&i).then_some(i as i64);
            assert_eq!(*value, expected, "k{i:02}");
        }
        assert!(decode_fast::<Wide>(r#"{"k65":"x"}"#, "").is_none());
    }
}
