sst_resources::sst_resources!("tests/ui/manifests/name_collision.toml");

fn main() {}
