
/// Items named like the prelude's, a module `serde`, beside each expansion.
macro_rules! hazards {
    () => {
        pub struct Option;
        pub struct Result;
        pub struct String;
        pub struct Vec;
        pub struct Box;
        pub struct Default;
        pub struct Debug;
        pub struct Clone;
        pub struct OnceLock;
        pub fn Some() {}
        pub fn Ok() {}
        pub fn Err() {}
        pub fn drop() {}
        pub mod serde {}
    };
}

/// A module `resource` of the user's own, beside the modules the macro writes one in.
pub mod resource {
    pub struct Orders;
}

pub mod whole {
    hazards!();
    links::sst_resources!("../links.toml");
}

pub mod api {
    hazards!();
    links::sst_resources!("../links.toml", function = "Api");
}

pub mod api_shared {
    hazards!();
    links::sst_resources!("../links.toml", function = "Api", types = shared);
}

/// Shared code, and a call of it from the function's `Resource`.
pub fn endpoint(links: &impl links::Linked<shared::resource::Settings>) -> &str {
    &shared::resource::Settings::of(links).endpoint
}

pub fn call(r: &api_shared::Resource) -> usize {
    core::common();
    endpoint(r).len() + whole::Resource::LINKED.len() + api::Resource::LINKED.len()
}
