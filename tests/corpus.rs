//! Every real `sst-env.d.ts` of `../shared/corpus` generates code that compiles (one
//! module each below) and loads from an environment built from its declared shapes.
//! Regenerate the module list with `python3 scripts/gen-corpus-test.py` when the
//! corpus changes; `resource-manifest/tests/corpus.rs` checks the reader on every file.
//!
//! A file that only references another (`/// <reference path="../../sst-env.d.ts" />`)
//! is read where that path reaches a file: `tests/fixtures/corpus-<n>/` holds it in
//! its package folder, beside the app's root file as SST wrote it then.

use std::path::{Path, PathBuf};

use resource_manifest::{Property, PropertyType, load};
use serde_json::{Value, json};
use sst_resources::{LoadError, MapSource};

mod c001 {
    sst_resources::sst_resources!("../shared/corpus/001.d.ts");
}
mod c002 {
    sst_resources::sst_resources!("../shared/corpus/002.d.ts");
}
mod c003 {
    sst_resources::sst_resources!("../shared/corpus/003.d.ts");
}
mod c004 {
    sst_resources::sst_resources!("../shared/corpus/004.d.ts");
}
mod c005 {
    sst_resources::sst_resources!("../shared/corpus/005.d.ts");
}
mod c006 {
    sst_resources::sst_resources!("../shared/corpus/006.d.ts");
}
mod c007 {
    sst_resources::sst_resources!("../shared/corpus/007.d.ts");
}
mod c008 {
    sst_resources::sst_resources!("../shared/corpus/008.d.ts");
}
mod c009 {
    sst_resources::sst_resources!("../shared/corpus/009.d.ts");
}
mod c010 {
    sst_resources::sst_resources!("../shared/corpus/010.d.ts");
}
mod c011 {
    sst_resources::sst_resources!("../shared/corpus/011.d.ts");
}
mod c012 {
    sst_resources::sst_resources!("../shared/corpus/012.d.ts");
}
mod c013 {
    sst_resources::sst_resources!("../shared/corpus/013.d.ts");
}
mod c014 {
    sst_resources::sst_resources!("../shared/corpus/014.d.ts");
}
mod c015 {
    sst_resources::sst_resources!("../shared/corpus/015.d.ts");
}
mod c016 {
    sst_resources::sst_resources!("../shared/corpus/016.d.ts");
}
mod c017 {
    sst_resources::sst_resources!("../shared/corpus/017.d.ts");
}
mod c018 {
    sst_resources::sst_resources!("../shared/corpus/018.d.ts");
}
mod c019 {
    sst_resources::sst_resources!("../shared/corpus/019.d.ts");
}
mod c020 {
    sst_resources::sst_resources!("../shared/corpus/020.d.ts");
}
mod c021 {
    sst_resources::sst_resources!("../shared/corpus/021.d.ts");
}
mod c022 {
    sst_resources::sst_resources!("../shared/corpus/022.d.ts");
}
mod c023 {
    sst_resources::sst_resources!("../shared/corpus/023.d.ts");
}
mod c024 {
    sst_resources::sst_resources!("../shared/corpus/024.d.ts");
}
mod c025 {
    sst_resources::sst_resources!("../shared/corpus/025.d.ts");
}
mod c026 {
    sst_resources::sst_resources!("../shared/corpus/026.d.ts");
}
mod c027 {
    sst_resources::sst_resources!("../shared/corpus/027.d.ts");
}
mod c028 {
    sst_resources::sst_resources!("../shared/corpus/028.d.ts");
}
mod c029 {
    sst_resources::sst_resources!("../shared/corpus/029.d.ts");
}
mod c030 {
    sst_resources::sst_resources!("../shared/corpus/030.d.ts");
}
mod c031 {
    sst_resources::sst_resources!("../shared/corpus/031.d.ts");
}
mod c032 {
    sst_resources::sst_resources!("../shared/corpus/032.d.ts");
}
mod c033 {
    sst_resources::sst_resources!("../shared/corpus/033.d.ts");
}
mod c034 {
    sst_resources::sst_resources!("../shared/corpus/034.d.ts");
}
mod c035 {
    sst_resources::sst_resources!("../shared/corpus/035.d.ts");
}
mod c036 {
    sst_resources::sst_resources!("../shared/corpus/036.d.ts");
}
mod c037 {
    sst_resources::sst_resources!("../shared/corpus/037.d.ts");
}
mod c038 {
    sst_resources::sst_resources!("../shared/corpus/038.d.ts");
}
mod c039 {
    sst_resources::sst_resources!("../shared/corpus/039.d.ts");
}
mod c040 {
    sst_resources::sst_resources!("../shared/corpus/040.d.ts");
}
mod c041 {
    sst_resources::sst_resources!("../shared/corpus/041.d.ts");
}
mod c042 {
    sst_resources::sst_resources!("../shared/corpus/042.d.ts");
}
mod c043 {
    sst_resources::sst_resources!("tests/fixtures/corpus-043/packages/functions/sst-env.d.ts");
}
mod c044 {
    sst_resources::sst_resources!("../shared/corpus/044.d.ts");
}
mod c045 {
    sst_resources::sst_resources!("../shared/corpus/045.d.ts");
}
mod c046 {
    sst_resources::sst_resources!("../shared/corpus/046.d.ts");
}
mod c047 {
    sst_resources::sst_resources!("../shared/corpus/047.d.ts");
}
mod c048 {
    sst_resources::sst_resources!("../shared/corpus/048.d.ts");
}
mod c049 {
    sst_resources::sst_resources!("../shared/corpus/049.d.ts");
}
mod c050 {
    sst_resources::sst_resources!("../shared/corpus/050.d.ts");
}
mod c051 {
    sst_resources::sst_resources!("../shared/corpus/051.d.ts");
}
mod c052 {
    sst_resources::sst_resources!("../shared/corpus/052.d.ts");
}
mod c053 {
    sst_resources::sst_resources!("../shared/corpus/053.d.ts");
}
mod c054 {
    sst_resources::sst_resources!("../shared/corpus/054.d.ts");
}
mod c055 {
    sst_resources::sst_resources!("../shared/corpus/055.d.ts");
}
mod c056 {
    sst_resources::sst_resources!("../shared/corpus/056.d.ts");
}
mod c057 {
    sst_resources::sst_resources!("../shared/corpus/057.d.ts");
}
mod c058 {
    sst_resources::sst_resources!("../shared/corpus/058.d.ts");
}
mod c059 {
    sst_resources::sst_resources!("../shared/corpus/059.d.ts");
}
mod c060 {
    sst_resources::sst_resources!("../shared/corpus/060.d.ts");
}
mod c061 {
    sst_resources::sst_resources!("../shared/corpus/061.d.ts");
}
mod c062 {
    sst_resources::sst_resources!("../shared/corpus/062.d.ts");
}

type Loader = fn(&MapSource) -> Result<&'static [&'static str], LoadError>;

const CORPUS: &[(&str, Loader)] = &[
    ("001.d.ts", |s| {
        c001::Resource::from_source(s).map(|_| c001::Resource::LINKED)
    }),
    ("002.d.ts", |s| {
        c002::Resource::from_source(s).map(|_| c002::Resource::LINKED)
    }),
    ("003.d.ts", |s| {
        c003::Resource::from_source(s).map(|_| c003::Resource::LINKED)
    }),
    ("004.d.ts", |s| {
        c004::Resource::from_source(s).map(|_| c004::Resource::LINKED)
    }),
    ("005.d.ts", |s| {
        c005::Resource::from_source(s).map(|_| c005::Resource::LINKED)
    }),
    ("006.d.ts", |s| {
        c006::Resource::from_source(s).map(|_| c006::Resource::LINKED)
    }),
    ("007.d.ts", |s| {
        c007::Resource::from_source(s).map(|_| c007::Resource::LINKED)
    }),
    ("008.d.ts", |s| {
        c008::Resource::from_source(s).map(|_| c008::Resource::LINKED)
    }),
    ("009.d.ts", |s| {
        c009::Resource::from_source(s).map(|_| c009::Resource::LINKED)
    }),
    ("010.d.ts", |s| {
        c010::Resource::from_source(s).map(|_| c010::Resource::LINKED)
    }),
    ("011.d.ts", |s| {
        c011::Resource::from_source(s).map(|_| c011::Resource::LINKED)
    }),
    ("012.d.ts", |s| {
        c012::Resource::from_source(s).map(|_| c012::Resource::LINKED)
    }),
    ("013.d.ts", |s| {
        c013::Resource::from_source(s).map(|_| c013::Resource::LINKED)
    }),
    ("014.d.ts", |s| {
        c014::Resource::from_source(s).map(|_| c014::Resource::LINKED)
    }),
    ("015.d.ts", |s| {
        c015::Resource::from_source(s).map(|_| c015::Resource::LINKED)
    }),
    ("016.d.ts", |s| {
        c016::Resource::from_source(s).map(|_| c016::Resource::LINKED)
    }),
    ("017.d.ts", |s| {
        c017::Resource::from_source(s).map(|_| c017::Resource::LINKED)
    }),
    ("018.d.ts", |s| {
        c018::Resource::from_source(s).map(|_| c018::Resource::LINKED)
    }),
    ("019.d.ts", |s| {
        c019::Resource::from_source(s).map(|_| c019::Resource::LINKED)
    }),
    ("020.d.ts", |s| {
        c020::Resource::from_source(s).map(|_| c020::Resource::LINKED)
    }),
    ("021.d.ts", |s| {
        c021::Resource::from_source(s).map(|_| c021::Resource::LINKED)
    }),
    ("022.d.ts", |s| {
        c022::Resource::from_source(s).map(|_| c022::Resource::LINKED)
    }),
    ("023.d.ts", |s| {
        c023::Resource::from_source(s).map(|_| c023::Resource::LINKED)
    }),
    ("024.d.ts", |s| {
        c024::Resource::from_source(s).map(|_| c024::Resource::LINKED)
    }),
    ("025.d.ts", |s| {
        c025::Resource::from_source(s).map(|_| c025::Resource::LINKED)
    }),
    ("026.d.ts", |s| {
        c026::Resource::from_source(s).map(|_| c026::Resource::LINKED)
    }),
    ("027.d.ts", |s| {
        c027::Resource::from_source(s).map(|_| c027::Resource::LINKED)
    }),
    ("028.d.ts", |s| {
        c028::Resource::from_source(s).map(|_| c028::Resource::LINKED)
    }),
    ("029.d.ts", |s| {
        c029::Resource::from_source(s).map(|_| c029::Resource::LINKED)
    }),
    ("030.d.ts", |s| {
        c030::Resource::from_source(s).map(|_| c030::Resource::LINKED)
    }),
    ("031.d.ts", |s| {
        c031::Resource::from_source(s).map(|_| c031::Resource::LINKED)
    }),
    ("032.d.ts", |s| {
        c032::Resource::from_source(s).map(|_| c032::Resource::LINKED)
    }),
    ("033.d.ts", |s| {
        c033::Resource::from_source(s).map(|_| c033::Resource::LINKED)
    }),
    ("034.d.ts", |s| {
        c034::Resource::from_source(s).map(|_| c034::Resource::LINKED)
    }),
    ("035.d.ts", |s| {
        c035::Resource::from_source(s).map(|_| c035::Resource::LINKED)
    }),
    ("036.d.ts", |s| {
        c036::Resource::from_source(s).map(|_| c036::Resource::LINKED)
    }),
    ("037.d.ts", |s| {
        c037::Resource::from_source(s).map(|_| c037::Resource::LINKED)
    }),
    ("038.d.ts", |s| {
        c038::Resource::from_source(s).map(|_| c038::Resource::LINKED)
    }),
    ("039.d.ts", |s| {
        c039::Resource::from_source(s).map(|_| c039::Resource::LINKED)
    }),
    ("040.d.ts", |s| {
        c040::Resource::from_source(s).map(|_| c040::Resource::LINKED)
    }),
    ("041.d.ts", |s| {
        c041::Resource::from_source(s).map(|_| c041::Resource::LINKED)
    }),
    ("042.d.ts", |s| {
        c042::Resource::from_source(s).map(|_| c042::Resource::LINKED)
    }),
    ("043.d.ts", |s| {
        c043::Resource::from_source(s).map(|_| c043::Resource::LINKED)
    }),
    ("044.d.ts", |s| {
        c044::Resource::from_source(s).map(|_| c044::Resource::LINKED)
    }),
    ("045.d.ts", |s| {
        c045::Resource::from_source(s).map(|_| c045::Resource::LINKED)
    }),
    ("046.d.ts", |s| {
        c046::Resource::from_source(s).map(|_| c046::Resource::LINKED)
    }),
    ("047.d.ts", |s| {
        c047::Resource::from_source(s).map(|_| c047::Resource::LINKED)
    }),
    ("048.d.ts", |s| {
        c048::Resource::from_source(s).map(|_| c048::Resource::LINKED)
    }),
    ("049.d.ts", |s| {
        c049::Resource::from_source(s).map(|_| c049::Resource::LINKED)
    }),
    ("050.d.ts", |s| {
        c050::Resource::from_source(s).map(|_| c050::Resource::LINKED)
    }),
    ("051.d.ts", |s| {
        c051::Resource::from_source(s).map(|_| c051::Resource::LINKED)
    }),
    ("052.d.ts", |s| {
        c052::Resource::from_source(s).map(|_| c052::Resource::LINKED)
    }),
    ("053.d.ts", |s| {
        c053::Resource::from_source(s).map(|_| c053::Resource::LINKED)
    }),
    ("054.d.ts", |s| {
        c054::Resource::from_source(s).map(|_| c054::Resource::LINKED)
    }),
    ("055.d.ts", |s| {
        c055::Resource::from_source(s).map(|_| c055::Resource::LINKED)
    }),
    ("056.d.ts", |s| {
        c056::Resource::from_source(s).map(|_| c056::Resource::LINKED)
    }),
    ("057.d.ts", |s| {
        c057::Resource::from_source(s).map(|_| c057::Resource::LINKED)
    }),
    ("058.d.ts", |s| {
        c058::Resource::from_source(s).map(|_| c058::Resource::LINKED)
    }),
    ("059.d.ts", |s| {
        c059::Resource::from_source(s).map(|_| c059::Resource::LINKED)
    }),
    ("060.d.ts", |s| {
        c060::Resource::from_source(s).map(|_| c060::Resource::LINKED)
    }),
    ("061.d.ts", |s| {
        c061::Resource::from_source(s).map(|_| c061::Resource::LINKED)
    }),
    ("062.d.ts", |s| {
        c062::Resource::from_source(s).map(|_| c062::Resource::LINKED)
    }),
];

/// A value of the declared type (every property present, optional ones too).
fn sample(ty: &PropertyType) -> Value {
    match ty {
        PropertyType::String => json!("sample"),
        PropertyType::Integer => json!(5432),
        PropertyType::Number => json!(1.5),
        PropertyType::Boolean => json!(true),
        PropertyType::Json => json!({"any": [1, null]}),
        PropertyType::List(item) => json!([sample(item)]),
        PropertyType::Object(children) => object(children),
    }
}

fn object(properties: &[Property]) -> Value {
    Value::Object(
        properties
            .iter()
            .map(|p| (p.name.clone(), sample(&p.ty)))
            .collect(),
    )
}

/// Corpus files that only reference another, and where the macro reads each.
const REFERENCE_ONLY: &[(&str, &str)] = &[(
    "043.d.ts",
    "tests/fixtures/corpus-043/packages/functions/sst-env.d.ts",
)];

/// The path the macro reads for a corpus file, from the crate's directory.
fn macro_path(file: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    match REFERENCE_ONLY.iter().find(|(f, _)| *f == file) {
        Some((_, path)) => {
            // Still the corpus's file, byte for byte.
            let copy = std::fs::read(root.join(path)).unwrap();
            let real = std::fs::read(root.join("../shared/corpus").join(file)).unwrap();
            assert_eq!(
                copy, real,
                "{path} must be ../shared/corpus/{file} verbatim"
            );
            root.join(path)
        }
        None => root.join("../shared/corpus").join(file),
    }
}

#[test]
fn every_corpus_file_compiles_and_loads() {
    for (file, load_resource) in CORPUS {
        let parsed = load(&macro_path(file), file).unwrap().parsed;
        assert!(
            parsed.diagnostics.is_empty(),
            "{file}: {:?}",
            parsed.diagnostics
        );
        let mut source = MapSource::new().app("corpus", "dev");
        for r in &parsed.manifest.resources {
            let mut value = object(&r.properties);
            value["type"] = json!(r.wire_type);
            source = source.resource(&r.name, value);
        }
        let linked = load_resource(&source).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(linked.len(), parsed.manifest.resources.len(), "{file}");
    }
    assert_eq!(CORPUS.len(), 62);
}
