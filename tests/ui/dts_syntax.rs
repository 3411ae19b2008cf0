sst_resources::sst_resources!("tests/ui/manifests/bad.d.ts");

fn main() {}
