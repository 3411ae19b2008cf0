//! Every SST-legal name becomes a field: a leading digit gets `_` (`2fa` ->
//! `_2fa`), punctuation becomes `_` (`media.store` -> `media_store`), non-ASCII
//! letters stay (`Café` -> `café`), keywords are raw or take `_` (`r#type`,
//! `self_`, `crate_`, the type `Self_`). Each loads from the variable SST sets
//! under the name as SST spells it.

use sst_resources::MapSource;

sst_resources::sst_resources!("tests/fixtures/names.toml");

#[test]
fn sst_legal_names_compile_and_load() {
    let source = MapSource::new()
        .app("names", "dev")
        .resource("2fa", r#"{"value":"otp-seed","type":"sst.sst.Secret"}"#)
        .resource(
            "media.store",
            r#"{"name":"media-bkt","type":"sst.aws.Bucket"}"#,
        )
        .resource(
            "Café",
            r#"{"2x":2,"self":"me","crate":"c","type":"sst.sst.Linkable"}"#,
        )
        .resource("Self", r#"{"url":"https://sqs/q","type":"sst:aws:Queue"}"#);
    let r = Resource::from_source(&source).unwrap();
    assert_eq!(r._2fa.value.expose(), "otp-seed");
    assert_eq!(r.media_store.name, "media-bkt");
    assert_eq!(r.café._2x, 2);
    assert_eq!(r.café.self_, "me");
    assert_eq!(r.café.crate_, "c");
    assert_eq!(r.café.r#match, None);
    let _: &resource::Self_ = &r.self_;
    assert_eq!(r.self_.url, "https://sqs/q");
    assert_eq!(Resource::LINKED, ["2fa", "media.store", "Café", "Self"]);
}
