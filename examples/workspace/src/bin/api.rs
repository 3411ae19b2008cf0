//! The `Api` function: linked to `Orders` and `EventBus` (links.toml, sst.config.ts),
//! so it may call everything in `shop-orders`.

// `Resource` holds Api's links, of the types `shop-links` generated once.
sst_resources::sst_resources!("links.toml", function = "Api", types = shop_links);

fn main() -> Result<(), sst_resources::LoadError> {
    let links = Resource::load()?;
    let (table, key, bus, detail) = shop_orders::record_order(&links, "42");
    println!("Api: put {key} into {table}, then {detail} on {bus}");
    Ok(())
}
