//! The catalogue of SST's built-in component types: for each, the `"type"` SST writes
//! into a link, the properties its `getSSTLink()` links, and the permissions linking
//! grants. Data only; each entry cites the SST source file it was read from
//! (`github:anomalyco/sst`, `platform/src/components/`).

use crate::ast::PropertyType;

/// A built-in SST component type.
#[derive(Debug)]
pub struct ComponentType {
    /// The name the manifest uses (`sst.aws.Bucket`, `sst.Secret`).
    pub name: &'static str,
    /// The `"type"` SST writes into the link JSON (`sst.sst.Secret` for `sst.Secret`).
    pub wire_type: &'static str,
    /// The properties SST links.
    pub properties: &'static [PropertyDef],
    /// The permissions linking it grants.
    pub permissions: &'static [PermissionDef],
    /// `sst.Linkable`: its properties and `include` come from the manifest.
    pub custom_properties: bool,
    /// The SST source this entry was read from.
    pub source: &'static str,
}

/// A property of a built-in type.
#[derive(Debug)]
pub struct PropertyDef {
    /// The JSON key SST writes.
    pub name: &'static str,
    /// Its type.
    pub ty: Ty,
    /// SST may leave it out (`undefined` in the link).
    pub optional: bool,
    /// Holds a secret (a password, a secret value).
    pub secret: bool,
}

/// The property types built-in entries use.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A JSON string.
    String,
    /// A JSON number that is always whole (a port).
    Integer,
    /// A JSON number.
    Number,
    /// A JSON boolean.
    Boolean,
    /// A list of strings.
    StringList,
    /// Any JSON.
    Json,
}

impl Ty {
    /// The manifest property type.
    pub fn to_property_type(self) -> PropertyType {
        match self {
            Ty::String => PropertyType::String,
            Ty::Integer => PropertyType::Integer,
            Ty::Number => PropertyType::Number,
            Ty::Boolean => PropertyType::Boolean,
            Ty::StringList => PropertyType::List(Box::new(PropertyType::String)),
            Ty::Json => PropertyType::Json,
        }
    }
}

/// An IAM statement a built-in type grants. Resource ARNs are templates: `{prop}`
/// stands for a linked property's value, `{partition}`, `{region}` and `{account}`
/// for the deployment's.
#[derive(Debug)]
pub struct PermissionDef {
    /// IAM actions.
    pub actions: &'static [&'static str],
    /// ARN templates.
    pub resources: &'static [&'static str],
}

const fn p(name: &'static str, ty: Ty) -> PropertyDef {
    PropertyDef {
        name,
        ty,
        optional: false,
        secret: false,
    }
}

const fn opt(name: &'static str, ty: Ty) -> PropertyDef {
    PropertyDef {
        name,
        ty,
        optional: true,
        secret: false,
    }
}

const fn secret(name: &'static str) -> PropertyDef {
    PropertyDef {
        name,
        ty: Ty::String,
        optional: false,
        secret: true,
    }
}

const fn entry(
    name: &'static str,
    wire_type: &'static str,
    properties: &'static [PropertyDef],
    permissions: &'static [PermissionDef],
    source: &'static str,
) -> ComponentType {
    ComponentType {
        name,
        wire_type,
        properties,
        permissions,
        custom_properties: false,
        source,
    }
}

use Ty::*;

/// Every built-in component type, by manifest name.
pub static BUILTIN: &[ComponentType] = &[
    // platform/src/components/aws/bucket.ts: getSSTLink() links `name`, grants s3:* on
    // the bucket and its objects.
    entry(
        "sst.aws.Bucket",
        "sst.aws.Bucket",
        &[p("name", String)],
        &[PermissionDef {
            actions: &["s3:*"],
            resources: &[
                "arn:{partition}:s3:::{name}",
                "arn:{partition}:s3:::{name}/*",
            ],
        }],
        "platform/src/components/aws/bucket.ts",
    ),
    // platform/src/components/aws/dynamo.ts: links `name`, grants dynamodb:* on the
    // table, its indexes and its stream.
    entry(
        "sst.aws.Dynamo",
        "sst.aws.Dynamo",
        &[p("name", String)],
        &[PermissionDef {
            actions: &["dynamodb:*"],
            resources: &[
                "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
                "arn:{partition}:dynamodb:{region}:{account}:table/{name}/*",
            ],
        }],
        "platform/src/components/aws/dynamo.ts",
    ),
    // platform/src/components/secret.ts: links `value`.
    entry(
        "sst.Secret",
        "sst.sst.Secret",
        &[secret("value")],
        &[],
        "platform/src/components/secret.ts",
    ),
    // platform/src/components/linkable.ts: properties and include from the manifest.
    ComponentType {
        name: "sst.Linkable",
        wire_type: "sst.sst.Linkable",
        properties: &[],
        permissions: &[],
        custom_properties: true,
        source: "platform/src/components/linkable.ts",
    },
];

/// The built-in type a manifest names, by its manifest name or by the `"type"` SST
/// writes (`sst.sst.Secret` finds `sst.Secret`).
pub fn lookup(name: &str) -> Option<&'static ComponentType> {
    BUILTIN
        .iter()
        .find(|c| c.name == name)
        .or_else(|| BUILTIN.iter().find(|c| c.wire_type == name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_wire_types_are_unique() {
        for (i, a) in BUILTIN.iter().enumerate() {
            for b in &BUILTIN[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.wire_type, b.wire_type);
            }
        }
    }

    #[test]
    fn seed_types_map_to_sst_wire_types() {
        assert_eq!(lookup("sst.Secret").unwrap().wire_type, "sst.sst.Secret");
        assert_eq!(lookup("sst.sst.Linkable").unwrap().name, "sst.Linkable");
        assert!(lookup("sst.aws.Buckt").is_none());
    }
}
