// A manifest that is not TOML: its one error, and nothing about the code that reads
// the links it was meant to declare.
sst_resources::sst_resources!("tests/ui/manifests/syntax.toml");

fn uploads(links: &Resource) -> &str {
    &links.uploads.name
}

fn main() {
    let r = Resource::get();
    println!("{} {}", r.orders.name, uploads(r));
    let _: Option<&resource::Orders> = None;
}
