//! A typed handle called without its feature: one error, naming the feature to turn
//! on (tests/feature_off/ is a user's crate with its own aws-sdk-s3 and sst-resources
//! without `aws-s3`). Without the method the macro adds when the feature is off, the
//! call would be rustc's bare "no method named `s3`" (E0599).

#[path = "support/fixture_crate.rs"]
mod fixture_crate;

#[test]
fn a_handle_without_its_feature_names_the_feature() {
    let out = fixture_crate::check("feature_off", "feature-off", &["--message-format=short"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "it compiled:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
    assert_eq!(
        errors,
        [
            "src/main.rs:4:28: error[E0277]: `.s3(..)`, a typed AWS handle, needs the `aws-s3` feature of sst-resources: compiled only with feature `aws-s3`",
            "error: could not compile `feature-off` (bin \"feature-off\") due to 1 previous error",
        ],
        "{stderr}"
    );
}
