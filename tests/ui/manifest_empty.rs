sst_resources::sst_resources!("tests/ui/manifests/empty.toml");

fn main() {}
