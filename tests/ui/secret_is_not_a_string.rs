sst_resources::sst_resources!("tests/ui/manifests/links.toml");

fn main() {
    let r = Resource::get();
    // A secret must be exposed explicitly.
    let key: &str = &r.stripe_key.value;
    println!("{key}");
}
