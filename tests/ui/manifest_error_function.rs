// A function's link with errors: only the manifest's error, at the manifest's line;
// the function's code reading both of its links adds none.
sst_resources::sst_resources!("tests/ui/manifests/unknown_type_function.toml", function = "Api");

fn main() {
    let r = Resource::get();
    println!("{} {}", r.orders.name, r.uploads.name);
}
