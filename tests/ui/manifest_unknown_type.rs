sst_resources::sst_resources!("../../../../tests/ui/manifests/unknown_type.toml");

fn main() {}
