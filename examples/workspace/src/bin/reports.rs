//! The `Reports` function: linked to `Orders` and `Receipts`, not to `EventBus`. It
//! may key orders; calling `shop_orders::record_order` does not compile here
//! (tests/ui/workspace_missing_link.rs is that mistake, with rustc's message).

sst_resources::sst_resources!("links.toml", function = "Reports", types = shop_links);

fn main() -> Result<(), sst_resources::LoadError> {
    let links = Resource::load()?;
    let (table, key) = shop_orders::order_key(&links, "42");
    println!(
        "Reports: read {key} from {table}, receipt to s3://{}/receipts/42.pdf",
        links.receipts.name
    );
    Ok(())
}
