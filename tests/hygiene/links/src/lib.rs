//! The types crate, edition 2018, with the facade renamed and a `core` dependency.
#![allow(dead_code, non_camel_case_types, non_snake_case, unused_imports)]
pub struct Option;
pub struct Result;
pub struct String;
pub struct Vec;
pub struct Box;
pub struct Default;
pub struct Debug;
pub struct Clone;
pub fn Some() {}
pub fn Ok() {}
pub fn Err() {}
pub fn drop() {}
pub mod serde {}
links::sst_resources!("../links.toml", types);
