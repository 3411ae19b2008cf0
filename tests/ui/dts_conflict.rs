sst_resources::sst_resources!("tests/ui/manifests/conflict.d.ts");

fn main() {}
