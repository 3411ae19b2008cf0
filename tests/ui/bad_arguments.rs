sst_resources::sst_resources!(links.toml);

mod a {
    sst_resources::sst_resources!("tests/ui/manifests/links.toml", funtion = "Upload");
}

fn main() {}
