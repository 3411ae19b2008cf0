sst_resources::sst_resources!("tests/ui/manifests/unknown_link.toml");

fn main() {}
