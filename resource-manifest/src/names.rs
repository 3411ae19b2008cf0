//! How SST names become Rust names: snake_case fields, UpperCamelCase types, and the
//! checks that keep them valid identifiers. Owns no manifest knowledge.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that `r#` cannot escape: such a field gets a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self", "_"];

/// Rust keywords (strict and reserved, edition 2024) that need `r#` as field names.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// The snake_case field name of an SST name: `MyBucket` -> `my_bucket`,
/// `apiEndpoint` -> `api_endpoint`, `gbfm-www` -> `gbfm_www`,
/// `ZEN_LITE_PRICE` -> `zen_lite_price`.
pub fn field_name(sst_name: &str) -> String {
    sst_name.to_snake_case()
}

/// The UpperCamelCase type name for a snake_case field: `my_bucket` -> `MyBucket`.
pub fn type_name(field: &str) -> String {
    field.to_upper_camel_case()
}

/// Whether `name` is a valid SST resource name here: a letter, then letters, digits,
/// `_`, `-` or `.` (SST apps use `gbfm-www`, `ZEN_LITE_PRICE`, `Bucket2`, `api.v2`).
pub fn is_valid_sst_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Whether `field` is usable as a generated field name (`[a-z][a-z0-9_]*`; generated
/// code keeps names starting with `_` for itself). Keywords are fine: [`rust_ident`]
/// escapes them.
pub fn is_valid_field(field: &str) -> bool {
    let mut chars = field.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// How a field name is written in Rust source: `r#type` for keywords, `self_` for
/// the keywords raw identifiers cannot express, the name itself otherwise.
pub fn rust_ident(field: &str) -> String {
    if NOT_RAW.contains(&field) {
        format!("{field}_")
    } else if KEYWORDS.contains(&field) {
        format!("r#{field}")
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sst_names_become_snake_case_fields() {
        assert_eq!(field_name("MyBucket"), "my_bucket");
        assert_eq!(field_name("apiEndpoint"), "api_endpoint");
        assert_eq!(field_name("gbfm-www"), "gbfm_www");
        assert_eq!(field_name("ZEN_LITE_PRICE"), "zen_lite_price");
        assert_eq!(field_name("Bucket2"), "bucket2");
        assert_eq!(field_name("My-Bucket"), field_name("MyBucket"));
    }

    #[test]
    fn type_names_are_upper_camel_case() {
        assert_eq!(type_name("my_bucket"), "MyBucket");
        assert_eq!(type_name("zen_lite_price"), "ZenLitePrice");
    }

    #[test]
    fn name_validity() {
        assert!(is_valid_sst_name("gbfm-www"));
        assert!(is_valid_sst_name("ZEN_LITE_PRICE"));
        assert!(!is_valid_sst_name("2fast"));
        assert!(!is_valid_sst_name("my bucket"));
        assert!(!is_valid_sst_name(""));
        assert!(is_valid_field("my_bucket2"));
        assert!(!is_valid_field("MyBucket"));
        assert!(!is_valid_field("_"));
        assert!(!is_valid_field("_private"));
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(rust_ident("type"), "r#type");
        assert_eq!(rust_ident("self"), "self_");
        assert_eq!(rust_ident("name"), "name");
    }
}
