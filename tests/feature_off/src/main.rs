sst_resources::sst_resources!("links.toml");

pub fn put(r: &Resource, client: &aws_sdk_s3::Client) {
    let _ = r.my_bucket.s3(client).put_object().key("a.txt");
}

fn main() {}
