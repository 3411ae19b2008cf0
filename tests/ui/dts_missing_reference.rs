sst_resources::sst_resources!("tests/ui/manifests/package/sst-env.d.ts");

fn main() {}
