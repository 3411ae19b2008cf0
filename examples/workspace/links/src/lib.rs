//! The `shop` app's link types, generated once from `links.toml`: one type per
//! resource in `resource`, shared by every crate of the workspace. Each function's
//! crate builds its `Resource` from them; shared crates name them in their bounds.

sst_resources::sst_resources!("../links.toml", types);

pub use sst_resources::Linked;
