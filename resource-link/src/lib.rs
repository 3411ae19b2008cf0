//! What linking does, for the `sst-resources` command: a stage's values file and the
//! environment SST gives a function ([`values`], [`environment`]), the IAM policy a function's links
//! grant ([`policy`]) and the one a compiled function's calls need ([`calls`]), where
//! SST grants a function more than its code calls ([`grants`]), SST's
//! own record of a stage ([`deployed`]), `check`'s lints
//! ([`lint`]), AWS's IAM actions and `check`'s errors for an action AWS does not
//! define ([`iam`]) and the manifest written back as `links.toml` ([`to_toml`]).
//!
//! Apart from `resource-manifest` so that the proc-macro, which needs only to parse,
//! validate and expand a manifest, never compiles any of it (nor `serde_json`): every
//! user's build pays for the macro's dependency graph, only the command's for this.
//!
//! ```
//! let text = "[app]\nname = \"shop\"\n[resources.Media]\ntype = \"sst.aws.Bucket\"\n";
//! let manifest = resource_manifest::parse_str("links.toml", text).unwrap();
//! let values = resource_manifest::SourceFile::new("links.dev.toml", "[Media]\nname = \"shop-dev-media\"\n");
//! let declared = resource_manifest::SourceFile::new("links.toml", text);
//! let secrets = resource_link::values::Secrets::new(&declared, "dev", &|_| None);
//! let links = resource_link::values::read_values(&values, &manifest, None, &secrets).unwrap();
//! let env = resource_link::environment::environment(&manifest, &links, "dev", None).unwrap();
//! assert_eq!(env[1].0, "SST_RESOURCE_Media");
//! ```

#![warn(missing_docs)]

pub mod calls;
pub mod deployed;
pub mod environment;
pub mod grants;
pub mod iam;
pub mod lint;
pub mod policy;
pub mod values;
mod write;

pub use write::to_toml;

/// The value at a dotted property path of a link (`peer.region`), if any: how both
/// ARN templates and `environment` includes name a property.
pub(crate) fn property_at<'v>(
    link: &'v serde_json::Value,
    path: &str,
) -> Option<&'v serde_json::Value> {
    path.split('.').try_fold(link, |v, key| v.get(key))
}
