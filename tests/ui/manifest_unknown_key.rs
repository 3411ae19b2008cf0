sst_resources::sst_resources!("tests/ui/manifests/unknown_key.toml");

fn main() {}
