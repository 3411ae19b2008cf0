//! Edition 2021: every shape of the macro, in scopes full of hazards.
#![allow(dead_code, non_camel_case_types, non_snake_case, unused_imports)]

// The same items in every edition, read in this crate's edition.
include!("../../hazards.rs");

// A module `sst-resources types --out` wrote (tests/types_out.rs keeps it current). Its
// paths start with `::sst_resources`; a crate that renames the facade gives that name
// back at its root.
extern crate links as sst_resources;
#[path = "../../generated.rs"]
pub mod generated;

pub fn generated_call(r: &generated::Resource) -> usize {
    endpoint(r).len() + generated::Resource::LINKED.len()
}
