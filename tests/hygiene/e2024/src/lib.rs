//! Edition 2024: every shape of the macro, in scopes full of hazards.
#![allow(dead_code, non_camel_case_types, non_snake_case, unused_imports)]
// The handles' record is inline asm in the runtime: none of it is this crate's unsafe.
#![forbid(unsafe_code)]

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

/// A typed handle from each shape that has the types (the whole app's, a function's,
/// a workspace's types crate), called where prelude names are shadowed.
pub mod handles {
    hazards!();
    pub fn write(
        whole: &super::whole::Resource,
        api: &super::api::Resource,
        shared: &super::api_shared::Resource,
        c: &links::aws::dynamodb::Client,
    ) -> usize {
        let _ = whole.orders.dynamodb(c).put_item();
        let _ = api.orders.dynamodb(c).query();
        let _ = shared.orders.dynamodb(c).get_item();
        0
    }
}
