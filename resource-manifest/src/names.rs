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

/// The field name of an SST name, by one rule that gives every SST-legal name a
/// field:
///
/// 1. snake_case it: `MyBucket` -> `my_bucket`, `apiEndpoint` -> `api_endpoint`,
///    `ZEN_LITE_PRICE` -> `zen_lite_price`; `-`, `.` and other punctuation separate
///    words (`gbfm-www` -> `gbfm_www`, `media.store` -> `media_store`);
/// 2. a character that cannot be in an identifier becomes `_`;
/// 3. a leading digit gets a leading `_` (`2fa` -> `_2fa`);
/// 4. keywords are escaped where the field is written ([`rust_ident`]: `r#type`,
///    `self_`).
///
/// A name with no letter or digit at all (`🎉`) has no field: the result is empty,
/// which [`is_valid_field`] rejects.
pub fn field_name(sst_name: &str) -> String {
    let snake: String = sst_name
        .to_snake_case()
        .chars()
        .map(|c| {
            if unicode_ident::is_xid_continue(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let snake = snake.trim_matches('_');
    match snake.chars().next() {
        None => String::new(),
        Some(c) if !unicode_ident::is_xid_start(c) => format!("_{snake}"),
        Some(_) => snake.to_owned(),
    }
}

/// The UpperCamelCase type name for a field: `my_bucket` -> `MyBucket`, `_2fa` ->
/// `_2fa` (a type may not start with a digit either), `self_` -> `Self_` (`Self` is a
/// keyword no raw form can write).
pub fn type_name(field: &str) -> String {
    let camel = field.to_upper_camel_case();
    match camel.chars().next() {
        Some(c) if !unicode_ident::is_xid_start(c) => format!("_{camel}"),
        _ if NOT_RAW.contains(&camel.as_str()) || KEYWORDS.contains(&camel.as_str()) => {
            format!("{camel}_")
        }
        _ => camel,
    }
}

/// Whether `name` is a valid SST resource name: SST refuses only a component name
/// that holds a space (`platform/src/components/component.ts`), so `gbfm-www`,
/// `media.store`, `2fa` and `Café` are all names. An empty name, other whitespace and
/// control characters are refused too: no environment variable could carry them.
pub fn is_valid_sst_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '=')
}

/// Whether `name` is a valid secret name for `sst secret set`, whose rule is stricter
/// than a resource's: `^[A-Z][a-zA-Z0-9_]*$` (`StripeKey`, `ZEN_LITE_PRICE`).
pub fn is_valid_secret_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether an app or stage name is safe as one path segment, S3 key part and SSM name
/// part, as SST's home stores them (`state/app/<app>/<stage>.json`): ASCII letters,
/// digits, `-` and `_`, not starting with `-`. SST's own names are within this; a
/// `..`, `/` or empty name never is.
pub fn is_valid_home_segment(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether `field` is usable as a generated field name: lower case, a letter (or
/// `_` and a digit, the form [`field_name`] gives `2fa`) first, then letters, digits
/// and `_`. Generated code keeps the other names starting with `_` for itself.
/// Keywords are fine: [`rust_ident`] escapes them.
pub fn is_valid_field(field: &str) -> bool {
    let mut chars = field.chars();
    let first_ok = match chars.next() {
        Some('_') => chars.clone().next().is_some_and(|c| c.is_ascii_digit()),
        Some(c) => unicode_ident::is_xid_start(c) && !c.is_uppercase(),
        None => false,
    };
    first_ok && chars.all(|c| unicode_ident::is_xid_continue(c) && !c.is_uppercase())
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
    fn every_sst_legal_name_gets_a_field() {
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(type_name(&field_name("2fa")), "_2fa");
        assert_eq!(field_name("media.store"), "media_store");
        assert_eq!(field_name("Café"), "café");
        assert_eq!(type_name("café"), "Café");
        assert_eq!(field_name("a$b"), "a_b");
        assert_eq!(field_name("-x-"), "x");
        assert_eq!(field_name("🎉"), "");
        assert!(!is_valid_field(&field_name("🎉")));
        for name in [
            "2fa",
            "media.store",
            "Café",
            "a$b",
            "x@y",
            "__init__",
            "self",
            "Self",
        ] {
            let field = field_name(name);
            assert!(is_valid_field(&field), "{name} -> {field}");
        }
        assert_eq!(type_name("self_"), "Self_");
        assert_eq!(type_name("type"), "Type");
    }

    #[test]
    fn secret_names_follow_ssts_rule() {
        for ok in ["StripeKey", "A", "ZEN_LITE_PRICE", "Key2"] {
            assert!(is_valid_secret_name(ok), "{ok}");
        }
        for bad in ["", "stripeKey", "2Key", "Stripe-Key", "_Key", "Key Name"] {
            assert!(!is_valid_secret_name(bad), "{bad}");
        }
    }

    #[test]
    fn home_segments_are_path_safe() {
        for ok in ["dev", "my-app", "pr_12", "2026"] {
            assert!(is_valid_home_segment(ok), "{ok}");
        }
        for bad in ["", "..", "a/b", "-x", "a.b", "é"] {
            assert!(!is_valid_home_segment(bad), "{bad}");
        }
    }

    #[test]
    fn name_validity() {
        assert!(is_valid_sst_name("gbfm-www"));
        assert!(is_valid_sst_name("ZEN_LITE_PRICE"));
        assert!(is_valid_sst_name("2fast"), "SST allows a leading digit");
        assert!(is_valid_sst_name("Café"));
        assert!(!is_valid_sst_name("my bucket"));
        assert!(!is_valid_sst_name("a\tb"));
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
