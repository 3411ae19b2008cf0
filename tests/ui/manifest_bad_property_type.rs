sst_resources::sst_resources!("tests/ui/manifests/bad_property_type.toml");

fn main() {}
