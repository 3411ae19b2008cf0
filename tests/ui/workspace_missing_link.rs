// The workspace example's compile-fail twin: function `Reports` (links Orders and
// Receipts) calls shared code that also needs `EventBus` (SST #6775, at compile time).
sst_resources::sst_resources!(
    "examples/workspace/links.toml",
    function = "Reports",
    types = shop_links
);

fn main() {
    let links = Resource::get();
    let _ = shop_orders::order_key(links, "42");
    let _ = shop_orders::record_order(links, "42");
}
