// A resource with errors: its field is still there (of an error type), so code that
// reads it adds no "no field" error to the manifest's own.
sst_resources::sst_resources!("tests/ui/manifests/unknown_type.toml");

fn main() {
    let r = Resource::get();
    println!("{}", r.my_bucket.name);
    let links: &Resource = Resource::try_get().unwrap();
    println!("{:?}", links.my_bucket);
}
