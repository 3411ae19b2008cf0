sst_resources::sst_resources!("tests/ui/manifests/invalid_name.toml");

fn main() {}
