sst_resources::sst_resources!("tests/ui/manifests/nope.toml");

fn main() {
    // `Resource` is of an error type, so only the manifest's error shows.
    let r = Resource::get();
    println!("{} {}", r.app.stage, r.orders.name);
}
