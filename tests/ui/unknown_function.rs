sst_resources::sst_resources!("tests/ui/manifests/links.toml", function = "Uplaod");

fn main() {}
