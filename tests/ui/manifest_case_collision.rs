sst_resources::sst_resources!("tests/ui/manifests/case_collision.toml");

fn main() {}
