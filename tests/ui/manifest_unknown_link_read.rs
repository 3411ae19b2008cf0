// The code names the resource the link meant (`MyBucket`): only the manifest's error,
// no "no field `my_bucket`" after it.
sst_resources::sst_resources!("tests/ui/manifests/unknown_link.toml", function = "Upload");

fn main() {
    let r = Resource::get();
    println!("{}", r.my_bucket.name);
}
