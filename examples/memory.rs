//! Peak memory of loading 1,000 linked resources, against hand-written serde structs
//! on the same variables: `scripts/memory.sh` runs each mode under `/usr/bin/time`.
//! usage: memory (sst|serde|none)

#[path = "../benches/common/mod.rs"]
mod common;

use sst_resources::MapSource;

mod n1000 {
    sst_resources::sst_resources!("benches/manifests/links-1000.toml");
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let (vars, names) = common::environment(1000);
    let source: MapSource = vars.clone().into_iter().collect();
    match mode.as_str() {
        "sst" => {
            let r = n1000::Resource::from_source(&source).expect("loads");
            std::hint::black_box(&r);
        }
        "serde" => {
            let r = common::serde_load(&vars, &names);
            std::hint::black_box(&r);
        }
        "none" => {}
        other => panic!("unknown mode {other:?}: use sst, serde or none"),
    }
}
