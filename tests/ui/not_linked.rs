// Upload links MyBucket only: its StripeKey does not exist for it.
sst_resources::sst_resources!("tests/ui/manifests/links.toml", function = "Upload");

fn main() {
    let r = Resource::get();
    println!("{}", r.my_bucket.name);
    println!("{:?}", r.stripe_key.value);
}
