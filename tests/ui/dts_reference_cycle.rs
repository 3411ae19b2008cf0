sst_resources::sst_resources!("tests/ui/manifests/cycle/sst-env.d.ts");

fn main() {}
