sst_resources::sst_resources!("../../../../tests/ui/manifests/syntax.toml");

fn main() {}
