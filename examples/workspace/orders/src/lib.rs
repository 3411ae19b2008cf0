//! Order logic shared by the `shop` app's functions. Each function states in its
//! signature the links it needs; the compiler holds every caller to them, so a
//! function not linked to `EventBus` cannot call [`record_order`] (SST #6775).

use shop_links::Linked;
use shop_links::resource::{EventBus, Orders};

/// The DynamoDB key of an order in the linked `Orders` table: `(table, id)`.
/// Needs only `Orders`, so every function linked to it may call this.
pub fn order_key(links: &impl Linked<Orders>, id: &str) -> (String, String) {
    (Orders::of(links).name.clone(), format!("ORDER#{id}"))
}

/// What recording an order does: the item written to `Orders` and the event put on
/// `EventBus`, as `(table, key, bus, detail type)`. Needs both links.
pub fn record_order(
    links: &(impl Linked<Orders> + Linked<EventBus>),
    id: &str,
) -> (String, String, String, String) {
    let (table, key) = order_key(links, id);
    let bus: &EventBus = links.link();
    (table, key, bus.name.clone(), "OrderRecorded".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sst_resources::MapSource;

    /// A fake with exactly the links `record_order` needs: no function declared
    /// for it in links.toml, no process environment.
    struct Fake {
        orders: Orders,
        bus: EventBus,
    }
    impl Linked<Orders> for Fake {
        fn link(&self) -> &Orders {
            &self.orders
        }
    }
    impl Linked<EventBus> for Fake {
        fn link(&self) -> &EventBus {
            &self.bus
        }
    }

    #[test]
    fn records_an_order_with_a_fake() {
        let fake = Fake {
            orders: Orders {
                name: "orders-table".into(),
            },
            bus: EventBus {
                name: "shop-bus".into(),
                arn: "arn:aws:events:us-east-1:123456789012:event-bus/shop-bus".into(),
            },
        };
        assert_eq!(
            record_order(&fake, "42"),
            (
                "orders-table".to_owned(),
                "ORDER#42".to_owned(),
                "shop-bus".to_owned(),
                "OrderRecorded".to_owned()
            )
        );
    }

    /// One resource is its own fake, here loaded from a `MapSource` as SST would
    /// link it.
    #[test]
    fn keys_an_order_with_a_resource_loaded_from_a_map_source() {
        let links = MapSource::new().resource(
            "Orders",
            r#"{"name":"shop-dev-OrdersTable","type":"sst.aws.Dynamo"}"#,
        );
        let orders = Orders::from_source(&links).unwrap();
        assert_eq!(
            order_key(&orders, "7"),
            ("shop-dev-OrdersTable".to_owned(), "ORDER#7".to_owned())
        );
    }
}
