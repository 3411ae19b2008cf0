sst_resources::sst_resources!("tests/ui/manifests/reserved_app.toml");

fn main() {}
