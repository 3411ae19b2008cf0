sst_resources::sst_resources!("tests/ui/manifests/non_ascii.d.ts");

fn main() {}
