sst_resources::sst_resources!("tests/ui/manifests/links.toml");

fn main() {
    let r = Resource::get();
    println!("{}", r.my_bucket.nme);
}
