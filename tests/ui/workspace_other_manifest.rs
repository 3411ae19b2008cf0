// A function's `Resource` read from a copy of links.toml whose sets drifted from the
// one the types crate (`shop_links`) was generated from: refused, naming both.
sst_resources::sst_resources!(
    "tests/ui/manifests/workspace_drift.toml",
    function = "Reports",
    types = shop_links
);

fn main() {
    let _ = Resource::get();
}
