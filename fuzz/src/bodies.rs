//! The body of every fuzz target: one function per parser of outside input, taking the
//! raw bytes. Shared by the fuzz targets (`fuzz/fuzz_targets/*.rs`, through this
//! crate) and by the stable replay test (`tests/fuzz_replay.rs` in the root crate,
//! through `#[path]`), so the corpus CI replays runs exactly the code that was fuzzed.
//!
//! The includer must define `crate::generated` with `sst_resources!` over
//! `fuzz/links.toml`: the resource loaders run as generated code runs them.
//!
//! Each body panics only on a bug: a panic inside a parser, an error that does not
//! render, or a secret value in an error or a `Debug`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;

use resource_home::secrets::{FALLBACK, SecretStore};
use resource_home::{Change, Document, Home, HomeError};
use resource_manifest::{Diagnostic, Manifest, Parsed, SourceFile};
use resource_runtime::MapSource;
use resource_runtime::bundle::{self, BundleKey};
use zeroize::Zeroizing;

use crate::generated::Resource;

/// The manifest the loaders were generated from (and the values file is checked against).
const LINKS: &str = include_str!("../links.toml");

/// A secret value set in every load: it must never reach an error or a `Debug`.
const CANARY: &str = "sk_live_FUZZ_CANARY_91c2";

/// A target's body: the input's bytes in, a panic on a bug.
pub type Body = fn(&[u8]);

/// Every target, by name: the name of its fuzz target and of its corpus folders.
pub const TARGETS: &[(&str, Body)] = &[
    ("links_toml", links_toml),
    ("values_toml", values_toml),
    ("sst_env_dts", sst_env_dts),
    ("resource_json", resource_json),
    ("resources_json", resources_json),
    ("bundle", bundle),
    ("pulumi_state", pulumi_state),
    ("secret_store", secret_store),
    ("dotenv", dotenv),
];

/// `data` as text, as a file read with `read_to_string` (anything else is refused there).
fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// The first byte chooses a mode; the rest is the input.
fn mode(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((m, rest)) => (*m, rest),
        None => (0, data),
    }
}

fn render(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let report = d.render();
        assert!(!report.is_empty(), "an empty report for {d:?}");
        let _ = d.to_string();
    }
}

/// What the macro does with a manifest: render every problem, then generate the code,
/// for all resources and for the first function's links.
fn expand_as_the_macro_does(parsed: &Parsed) {
    render(&parsed.diagnostics);
    let mut options = resource_codegen::Options {
        krate: "::sst_resources".parse().expect("a path"),
        function: None,
        manifest_path: Some("/fuzz/links.toml".into()),
        tracked_paths: Vec::new(),
        span: proc_macro2::Span::call_site(),
        types: resource_codegen::Types::Here,
    };
    let _ = resource_codegen::expand(&parsed.manifest, &parsed.diagnostics, &options);
    // A workspace's types crate.
    options.types = resource_codegen::Types::Only;
    let _ = resource_codegen::expand(&parsed.manifest, &parsed.diagnostics, &options);
    if let Some(f) = parsed.manifest.functions.first() {
        options.function = Some(f.name.clone());
        options.types = resource_codegen::Types::Here;
        let _ = resource_codegen::expand(&parsed.manifest, &parsed.diagnostics, &options);
        // One function of the workspace's types.
        options.types = resource_codegen::Types::From("links".parse().expect("a path"));
        let _ = resource_codegen::expand(&parsed.manifest, &parsed.diagnostics, &options);
    }
}

/// `links.toml`: parsed, validated and expanded, as `sst_resources!` does.
pub fn links_toml(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let parsed = resource_manifest::parse_source(&SourceFile::new("links.toml", text));
    expand_as_the_macro_does(&parsed);
}

/// SST's `sst-env.d.ts`: read, expanded as the macro does, and written back as
/// `links.toml` (`import`), which must then parse.
pub fn sst_env_dts(data: &[u8]) {
    let Some(text) = text(data) else { return };
    let parsed = resource_manifest::parse_dts(&SourceFile::new("sst-env.d.ts", text));
    expand_as_the_macro_does(&parsed);
    let toml = resource_link::to_toml(&parsed.manifest);
    let again = resource_manifest::parse_source(&SourceFile::new("links.toml", toml));
    render(&again.diagnostics);
}

fn fuzz_manifest() -> &'static Manifest {
    static MANIFEST: OnceLock<Manifest> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        resource_manifest::parse_str("links.toml", LINKS).expect("fuzz/links.toml is valid")
    })
}

/// `links.<stage>.toml`, checked against `fuzz/links.toml`, or against a manifest of
/// its own when the input is `<links.toml>\0<values>`; then the environment SST would
/// inject. Mode bit 0: only the first function's links; bit 1: secrets have values.
pub fn values_toml(data: &[u8]) {
    let (mode, data) = mode(data);
    let Some(text) = text(data) else { return };
    let own;
    let (manifest, declared, values) = match text.split_once('\0') {
        Some((links, values)) => {
            own = resource_manifest::parse_source(&SourceFile::new("links.toml", links));
            (&own.manifest, links, values)
        }
        None => (fuzz_manifest(), LINKS, text),
    };
    let function = if mode & 1 == 1 {
        manifest.functions.first().map(|f| f.name.as_str())
    } else {
        None
    };
    let secret = |_: &str| (mode & 2 == 2).then(|| CANARY.to_owned());
    let file = SourceFile::new("links.dev.toml", values);
    let declared = SourceFile::new("links.toml", declared);
    let secrets = resource_link::values::Secrets::new(&declared, "dev", &secret);
    match resource_link::values::read_values(&file, manifest, function, &secrets) {
        Ok(links) => {
            if let Err(e) =
                resource_link::environment::environment(manifest, &links, "dev", function)
            {
                assert!(!e.contains(CANARY), "a secret in an error: {e}");
            }
        }
        Err(diagnostics) => {
            for d in &diagnostics {
                assert!(!d.render().contains(CANARY), "a secret in {d:?}");
            }
            render(&diagnostics);
        }
    }
}

/// Valid JSON for each resource of `fuzz/links.toml`, the secret's value the canary.
const VALID: &[(&str, &str)] = &[
    ("App", r#"{"name":"fuzz-app","stage":"dev"}"#),
    ("MyBucket", r#"{"name":"b","type":"sst.aws.Bucket"}"#),
    ("MyTable", r#"{"name":"t","type":"sst.aws.Dynamo"}"#),
    (
        "StripeKey",
        r#"{"value":"sk_live_FUZZ_CANARY_91c2","type":"sst.sst.Secret"}"#,
    ),
    (
        "ApiConfig",
        r#"{"endpoint":"e","timeout":1,"ratio":0.5,"enabled":true,"extra":{"a":[1]},"regions":["r"],"ports":[1],"redis":{"host":"h","port":2,"tls":{"on":false,"ca":[]}},"type":"sst.sst.Linkable"}"#,
    ),
];

/// Loads the generated `Resource` from `source`; a failure must render, and neither
/// it nor the loaded value's `Debug` may show the secret.
fn load(source: &MapSource) {
    match Resource::from_source(source) {
        Ok(r) => {
            let shown = format!("{r:?}");
            assert!(!shown.contains(CANARY), "a secret in Debug: {shown}");
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.is_empty(), "an empty error: {e:?}");
            assert!(!shown.contains(CANARY), "a secret in an error: {shown}");
            let shown = format!("{e:?}");
            assert!(
                !shown.contains(CANARY),
                "a secret in an error's Debug: {shown}"
            );
        }
    }
}

/// One resource's JSON, decoded by the generated loader: the mode byte picks which
/// resource's `SST_RESOURCE_<Name>` holds the input; the others are valid.
pub fn resource_json(data: &[u8]) {
    let (mode, data) = mode(data);
    let chosen = usize::from(mode) % VALID.len();
    let input = String::from_utf8_lossy(data);
    let source: MapSource = VALID
        .iter()
        .enumerate()
        .map(|(i, (name, json))| {
            let value = if i == chosen {
                &input
            } else {
                &Cow::Borrowed(*json)
            };
            (format!("SST_RESOURCE_{name}"), value.to_string())
        })
        .collect();
    load(&source);
}

/// `SST_RESOURCES_JSON`: the input, with (mode bit 0) or without the per-resource
/// variables below it.
pub fn resources_json(data: &[u8]) {
    let (mode, data) = mode(data);
    let mut source = MapSource::new().var("SST_RESOURCES_JSON", String::from_utf8_lossy(data));
    if mode & 1 == 1 {
        for (name, json) in VALID {
            source = source.resource(name, json);
        }
    }
    load(&source);
}

fn bundle_key() -> &'static BundleKey {
    static KEY: OnceLock<BundleKey> = OnceLock::new();
    KEY.get_or_init(|| {
        BundleKey::from_base64("ZnV6ei1idW5kbGUta2V5LWZpeGVkLTMyLWJ5dGVzISE=").expect("32 bytes")
    })
}

/// A bundle file of this process and thread (the replay test runs targets in
/// parallel), removed when dropped.
struct BundleFile(std::path::PathBuf);

impl BundleFile {
    fn new(bytes: &[u8]) -> Self {
        let thread = format!("{:?}", std::thread::current().id());
        let name: String = thread.chars().filter(char::is_ascii_digit).collect();
        let path = std::env::temp_dir().join(format!(
            "sst-resources-fuzz-{}-{name}.enc",
            std::process::id()
        ));
        std::fs::write(&path, bytes).expect("the temp dir is writable");
        BundleFile(path)
    }
}

impl Drop for BundleFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// SST's bundle under a fixed key. Mode bit 0 clear: the input is the ciphertext
/// (opened directly, then by the loader from a file); set: the input is the plaintext,
/// sealed here, so the loader's JSON reading is reached. Bit 1 adds per-resource
/// variables the bundle outranks.
pub fn bundle(data: &[u8]) {
    let (mode, data) = mode(data);
    let key = bundle_key();
    let sealed = if mode & 1 == 0 {
        if let Err(e) = bundle::open(key, data, "resource.enc") {
            assert!(!e.to_string().is_empty());
        }
        Cow::Borrowed(data)
    } else {
        Cow::Owned(bundle::seal(key, data))
    };
    let file = BundleFile::new(&sealed);
    let mut source = MapSource::new()
        .var("SST_KEY", key.expose_base64())
        .var("SST_KEY_FILE", file.0.display().to_string());
    if mode & 2 == 2 {
        for (name, json) in VALID {
            source = source.resource(name, json);
        }
    }
    load(&source);
}

/// A home in memory: documents by (key, app, stage), one optional passphrase for every
/// stage.
struct MemoryHome {
    docs: RefCell<HashMap<(String, String, String), Vec<u8>>>,
    passphrase: Option<Zeroizing<String>>,
}

impl MemoryHome {
    fn new(passphrase: Option<&str>) -> Self {
        MemoryHome {
            docs: RefCell::default(),
            passphrase: passphrase.map(|p| Zeroizing::new(p.to_owned())),
        }
    }

    fn put(&self, doc: Document<'_>, bytes: Vec<u8>) {
        self.docs
            .borrow_mut()
            .insert((doc.key.into(), doc.app.into(), doc.stage.into()), bytes);
    }
}

impl Home for MemoryHome {
    fn location(&self, doc: Document<'_>) -> String {
        format!("memory:{}/{}/{}.json", doc.key, doc.app, doc.stage)
    }

    fn passphrase_location(&self, app: &str, stage: &str) -> String {
        format!("memory:passphrase/{app}/{stage}")
    }

    fn read(&self, doc: Document<'_>) -> Result<Option<Vec<u8>>, HomeError> {
        Ok(self
            .docs
            .borrow()
            .get(&(doc.key.into(), doc.app.into(), doc.stage.into()))
            .cloned())
    }

    fn update(&self, doc: Document<'_>, change: &mut Change<'_>) -> Result<(), HomeError> {
        let current = self.read(doc)?;
        if let Some(new) = change(current.as_deref())? {
            self.put(doc, new);
        }
        Ok(())
    }

    fn list(&self, key: &str, app: Option<&str>) -> Result<Vec<String>, HomeError> {
        let docs = self.docs.borrow();
        let mut names: Vec<String> = docs
            .keys()
            .filter(|(k, a, _)| k == key && app.is_none_or(|app| a == app))
            .map(|(_, a, stage)| {
                if app.is_some() {
                    stage.clone()
                } else {
                    a.clone()
                }
            })
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    fn passphrase(&self, _: &str, _: &str) -> Result<Option<Zeroizing<String>>, HomeError> {
        Ok(self.passphrase.clone())
    }

    fn create_passphrase(
        &self,
        _: &str,
        _: &str,
        candidate: Zeroizing<String>,
    ) -> Result<Zeroizing<String>, HomeError> {
        Ok(self.passphrase.clone().unwrap_or(candidate))
    }
}

const APP: &str = "fuzz-app";

/// The Pulumi checkpoint (`app` document) of `sst deploy`: its `LinkRef`s read with
/// secrets left sealed, then opened (no passphrase anywhere, so a sealed secret is an
/// error and PBKDF2's million rounds never run; `plaintext` secrets are read).
pub fn pulumi_state(data: &[u8]) {
    let home = MemoryHome::new(None);
    let doc = Document {
        key: "app",
        app: APP,
        stage: "dev",
    };
    home.put(doc, data.to_vec());
    for open_secrets in [false, true] {
        match resource_home::state::deployed_links(&home, APP, "dev", None, open_secrets) {
            Ok(links) => {
                let _ = serde_json::to_string(&links).expect("JSON values serialize");
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}

/// A stage passphrase (base64 of 32 bytes) for the secret store target.
const STORE_PASSPHRASE: &str = "c3N0LXJlc291cmNlcy1mdXp6LXN0b3JlLWtleS0zMiE=";

/// The secret store: a stage's sealed document. Mode bit 0 clear: the input is the
/// sealed bytes; set: the plaintext (a JSON map), sealed here. Bit 1: it is the
/// fallback stage's document; bit 2: then a `set` writes over it.
pub fn secret_store(data: &[u8]) {
    let (mode, data) = mode(data);
    let home = MemoryHome::new(Some(STORE_PASSPHRASE));
    let sealed = if mode & 1 == 0 {
        data.to_vec()
    } else {
        resource_home::seal::seal(data, STORE_PASSPHRASE, "p").expect("a valid passphrase")
    };
    let stage = if mode & 2 == 2 { FALLBACK } else { "dev" };
    home.put(
        Document {
            key: "secret",
            app: APP,
            stage,
        },
        sealed,
    );
    let store = SecretStore::new(&home, APP);
    let shown = match store.resolved("dev") {
        Ok(secrets) => format!("{secrets:?}"),
        Err(e) => e.to_string(),
    };
    assert!(!shown.is_empty());
    if mode & 4 == 4 {
        let value = Zeroizing::new(CANARY.to_owned());
        match store.set(stage, vec![("StripeKey".into(), value)]) {
            Ok(()) => {
                let got = store.stage(stage).expect("what was just written opens");
                assert_eq!(got["StripeKey"].as_str(), CANARY);
            }
            Err(e) => {
                let e = e.to_string();
                assert!(!e.contains(CANARY), "a secret in an error: {e}");
            }
        }
    }
}

/// The dotenv file of `secret load`: read, its repeated names found, every value it
/// holds (and the whole input, as one value) written back as `secret list --values`
/// does and read back unchanged. An error names the line, never its text.
pub fn dotenv(data: &[u8]) {
    use resource_cli::dotenv;
    let Some(text) = text(data) else { return };
    let round_trip = |value: &str| {
        let line = format!("K={}", dotenv::quote(value));
        let back = dotenv::parse(&line, "f.env").expect("a quoted value reads back");
        assert_eq!(back.len(), 1, "{line:?}");
        assert_eq!(back[0].2.as_str(), value, "{line:?}");
    };
    match dotenv::parse(text, "f.env") {
        Ok(entries) => {
            for (first, line, _) in dotenv::repeated(&entries) {
                assert!(first < line);
            }
            for (_, _, value) in &entries {
                round_trip(value);
            }
        }
        Err(e) => {
            let rest = e
                .strip_prefix("error: f.env:")
                .and_then(|r| r.split_once(": "))
                .map(|(line, message)| (line.parse::<usize>().is_ok(), message));
            assert!(
                matches!(
                    rest,
                    Some((
                        true,
                        "not a NAME=value line" | "the value's quote is not closed on this line"
                    ))
                ),
                "an error that may hold the line's text: {e:?}"
            );
        }
    }
    round_trip(text);
}
