sst_resources::sst_resources!("../../../../tests/ui/manifests/nope.toml");

fn main() {
    // The fallback `Resource` still exists, so only the manifest error shows.
    let _ = Resource::get().app.stage.len();
}
