// `types = <crate>` builds one function's `Resource`: without `function`, it would
// be the whole app's, providing every link to shared code, so it is refused.
sst_resources::sst_resources!("examples/workspace/links.toml", types = shop_links);

fn main() {}
