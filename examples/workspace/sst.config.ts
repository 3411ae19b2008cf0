/// <reference path="./.sst/platform/config.d.ts" />

// The SST app this workspace deploys: two Rust functions with different links, and
// the shared crate `orders` that both compile in. `links.toml` mirrors the `link`
// lists below; `sst-resources check --deployed` holds the two against each other.
export default $config({
  app(input) {
    return { name: "shop", removal: "remove", home: "local" };
  },
  async run() {
    const orders = new sst.aws.Dynamo("Orders", {
      fields: { id: "string" },
      primaryIndex: { hashKey: "id" },
    });
    const bus = new sst.aws.Bus("EventBus");
    const receipts = new sst.aws.Bucket("Receipts");

    // Takes orders: records them and announces them on the bus.
    new sst.aws.Function("Api", {
      runtime: "rust",
      handler: "./.api",
      link: [orders, bus],
    });
    // Writes receipts for recorded orders; it may read orders, never announce them.
    new sst.aws.Function("Reports", {
      runtime: "rust",
      handler: "./.reports",
      link: [orders, receipts],
    });
  },
});
