//! Edition 2024: every shape of the macro, in scopes full of hazards.
#![allow(dead_code, non_camel_case_types, non_snake_case, unused_imports)]

// The same items in every edition, read in this crate's edition.
include!("../../hazards.rs");
