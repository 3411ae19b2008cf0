// Api's code writes to a bucket whose grant (links.toml's [types."sst.aws.Bucket"])
// allows only reading: the write does not compile. Reads and the table's default
// grant (dynamodb:*) do.
sst_resources::sst_resources!("tests/ui/manifests/narrowed.toml", function = "Api");

use sst_resources::aws::{dynamodb, s3};

fn handler(r: &Resource, s3: &s3::Client, dynamo: &dynamodb::Client) {
    let _read = r.uploads.s3(s3).get_object().key("a.txt");
    let _list = r.uploads.s3(s3).list_objects_v2();
    let _item = r.orders.dynamodb(dynamo).put_item();
    let _write = r.uploads.s3(s3).put_object().key("a.txt");
}

fn main() {
    let _ = handler;
}
