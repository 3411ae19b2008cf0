//! A workspace crate its users depend on as `core`.
pub fn common() {}
