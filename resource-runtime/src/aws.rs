//! Typed handles on linked AWS resources: the SDK's request builders with the linked
//! name already set, each call checked against the resource's grant at compile time
//! and recorded in the binary for `sst-resources policy --binary`.
//!
//! ```text
//! links.my_bucket.s3(&s3).put_object().key("a.txt").body(body).send().await?;
//! links.my_table.dynamodb(&dynamo).put_item().item("pk", pk).send().await?;
//! ```
//!
//! Behind one feature per service (`aws-s3`, `aws-dynamodb`, `aws-sqs`, `aws-sns`,
//! `aws-eventbridge`, `aws-lambda`; `aws` for all), each a dependency on that
//! service's SDK crate with no default features: the app's own dependency on the
//! crate chooses its runtime and TLS.
//!
//! - **Compile time.** A method needs `L: Allows<op::Name>`; the macro implements it
//!   for each operation whose IAM actions the resource's grant allows (SST's default
//!   `s3:*`, or a narrowed `[types."sst.aws.Bucket"] permissions`), so a call the
//!   grant does not allow does not compile, naming the function, the resource, the
//!   actions and the line of links.toml to change.
//! - **In the binary.** Each method, when called, records `(resource, operation)` in
//!   the section `.sst_links` of the binary (16 bytes each: `SSTL`, format 1, the
//!   operation's id, `resource_manifest::operations::resource_id` of the resource's SST
//!   name). Methods are generic over the link type, so only those some reachable code
//!   calls are instantiated, and only theirs are written; nothing runs at run time
//!   (data, not instructions). Written on Linux, x86_64 and aarch64 (what Lambda
//!   runs); elsewhere nothing is recorded.
//!
//! The operations, the actions each needs and the ARNs each needs them on are
//! `resource_manifest::operations::OPERATIONS` (AWS's Service Authorization Reference).

/// A resource type a handle can record: its id in `.sst_links` (generated).
pub trait Link {
    /// `resource_manifest::operations::resource_id` of the resource's SST name.
    const ID: u64;
}

/// An SDK operation a handle performs (`op::PutObject`).
pub trait Operation {
    /// Its id in `.sst_links` (`resource_manifest::operations::Operation::id`).
    const ID: u16;
}

/// The resource's grant allows operation `O`: implemented by the macro for each
/// operation whose IAM actions the grant allows.
#[diagnostic::on_unimplemented(
    message = "`{Self}`'s grant does not allow `{O}`",
    label = "needs an IAM action `{Self}` is not granted",
    note = "what a resource grants is its type's default (SST's), or `[types.\"<type>\"] permissions` in links.toml"
)]
pub trait Allows<O> {}

/// What a handle's method is when its feature is off: bound by one of these traits,
/// which nothing implements, so the call fails to compile with a message naming the
/// feature to turn on (and nothing else: the method hands the client back, so the
/// SDK call after it still type-checks).
pub mod feature_off {
    /// `.s3(..)` without the `aws-s3` feature.
    #[diagnostic::on_unimplemented(
        message = "`.s3(..)`, a typed AWS handle, needs the `aws-s3` feature of sst-resources",
        label = "compiled only with feature `aws-s3`",
        note = "in Cargo.toml: sst-resources = {{ version = \"0.1\", features = [\"aws-s3\"] }} (`aws` turns on every service's handles)"
    )]
    pub trait AwsS3 {}

    /// `.dynamodb(..)` without the `aws-dynamodb` feature.
    #[diagnostic::on_unimplemented(
        message = "`.dynamodb(..)`, a typed AWS handle, needs the `aws-dynamodb` feature of sst-resources",
        label = "compiled only with feature `aws-dynamodb`",
        note = "in Cargo.toml: sst-resources = {{ version = \"0.1\", features = [\"aws-dynamodb\"] }} (`aws` turns on every service's handles)"
    )]
    pub trait AwsDynamodb {}

    /// `.sqs(..)` without the `aws-sqs` feature.
    #[diagnostic::on_unimplemented(
        message = "`.sqs(..)`, a typed AWS handle, needs the `aws-sqs` feature of sst-resources",
        label = "compiled only with feature `aws-sqs`",
        note = "in Cargo.toml: sst-resources = {{ version = \"0.1\", features = [\"aws-sqs\"] }} (`aws` turns on every service's handles)"
    )]
    pub trait AwsSqs {}

    /// `.sns(..)` without the `aws-sns` feature.
    #[diagnostic::on_unimplemented(
        message = "`.sns(..)`, a typed AWS handle, needs the `aws-sns` feature of sst-resources",
        label = "compiled only with feature `aws-sns`",
        note = "in Cargo.toml: sst-resources = {{ version = \"0.1\", features = [\"aws-sns\"] }} (`aws` turns on every service's handles)"
    )]
    pub trait AwsSns {}

    /// `.eventbridge(..)` without the `aws-eventbridge` feature.
    #[diagnostic::on_unimplemented(
        message = "`.eventbridge(..)`, a typed AWS handle, needs the `aws-eventbridge` feature of sst-resources",
        label = "compiled only with feature `aws-eventbridge`",
        note = "in Cargo.toml: sst-resources = {{ version = \"0.1\", features = [\"aws-eventbridge\"] }} (`aws` turns on every service's handles)"
    )]
    pub trait AwsEventbridge {}

    /// `.lambda(..)` without the `aws-lambda` feature.
    #[diagnostic::on_unimplemented(
        message = "`.lambda(..)`, a typed AWS handle, needs the `aws-lambda` feature of sst-resources",
        label = "compiled only with feature `aws-lambda`",
        note = "in Cargo.toml: sst-resources = {{ version = \"0.1\", features = [\"aws-lambda\"] }} (`aws` turns on every service's handles)"
    )]
    pub trait AwsLambda {}
}

/// Records `(L, O)` in the binary's `.sst_links` section: data the linker keeps
/// (`R`, SHF_GNU_RETAIN), no instruction. Instantiated once per distinct call.
#[inline(always)]
pub fn record<L: Link, O: Operation>() {
    #[cfg(all(
        target_os = "linux",
        any(target_arch = "x86_64", target_arch = "aarch64")
    ))]
    // SAFETY: the block only assembles data into another section; it executes no
    // instruction, touches no register, memory or stack, and leaves flags alone.
    unsafe {
        core::arch::asm!(
            ".pushsection .sst_links,\"aR\",%progbits",
            ".balign 8",
            ".long 0x4C545353",
            ".short 1",
            ".short {op}",
            ".quad {link}",
            ".popsection",
            op = const O::ID,
            link = const L::ID,
            options(nomem, nostack, preserves_flags),
        );
    }
}

/// The function whose SST name hashes to `ID`, as a [`Link`]: what
/// [`record_function`] records its loading as.
#[derive(Debug)]
pub struct FunctionLink<const ID: u64>;

impl<const ID: u64> Link for FunctionLink<ID> {
    const ID: u64 = ID;
}

/// Loading a function's links, as an [`Operation`]: id 0,
/// `resource_manifest::operations::FUNCTION_RECORD`.
#[derive(Debug)]
pub struct Loads;

impl Operation for Loads {
    const ID: u16 = 0;
}

/// Records, in `.sst_links`, that this binary loads the links of the function whose
/// SST name hashes to `ID`: the generated `Resource::from_source` of
/// `sst_resources!(.., function = "F")` calls it when an `aws-*` feature is on, so
/// `policy --binary` can tell a binary given for another function.
#[inline(always)]
pub fn record_function<const ID: u64>() {
    record::<FunctionLink<ID>, Loads>();
}

/// `builder.$setter(name)`, or `builder` when the service's requests take no name
/// (`{}`: a bus's events name it in each entry).
#[cfg(any(
    feature = "aws-s3",
    feature = "aws-dynamodb",
    feature = "aws-sqs",
    feature = "aws-sns",
    feature = "aws-eventbridge",
    feature = "aws-lambda"
))]
macro_rules! set_name {
    ($builder:expr, {}, $name:expr) => {
        $builder
    };
    ($builder:expr, {$setter:ident}, $name:expr) => {
        $builder.$setter($name)
    };
}

/// One service's handle: `pub mod $service` with the SDK's `Client`, `op` (a marker
/// type per operation) and `$Handle<'a, L>` whose methods return the SDK's fluent
/// builders with the linked name set by `$setter` (`{bucket}`; `{}` for none), which
/// `$set_doc` describes.
macro_rules! handle {
    (
        $(#[$doc:meta])*
        $feature:literal, $service:ident, $sdk:ident, $Handle:ident, $setter:tt, $set_doc:literal, $what:literal,
        [$($Op:ident $id:literal $method:ident $Builder:ident $needs:literal;)*]
    ) => {
        $(#[$doc])*
        #[cfg(feature = $feature)]
        pub mod $service {
            use std::marker::PhantomData;

            use super::{Allows, Link, record};

            pub use $sdk::Client;

            /// A marker type per operation, named as AWS names it.
            pub mod op {
                $(
                    #[doc = concat!("`", stringify!($Op), "`: needs ", $needs, ".")]
                    #[derive(Debug, Clone, Copy)]
                    pub struct $Op;
                    impl super::super::Operation for $Op {
                        const ID: u16 = $id;
                    }
                )*
            }

            /// Each operation as `(handle, name, id, method)`: held to
            /// `resource_manifest::operations::OPERATIONS` by a test.
            pub const OPERATIONS: &[(&str, &str, u16, &str)] =
                &[$((stringify!($service), stringify!($Op), $id, stringify!($method))),*];

            #[doc = concat!("A client on the linked ", $what, " `L`: each method is the SDK's request with the name set.")]
            pub struct $Handle<'a, L> {
                client: &'a Client,
                name: &'a str,
                link: PhantomData<fn() -> L>,
            }

            impl<L> Clone for $Handle<'_, L> {
                fn clone(&self) -> Self {
                    *self
                }
            }

            impl<L> Copy for $Handle<'_, L> {}

            impl<L> std::fmt::Debug for $Handle<'_, L> {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(stringify!($Handle)).field("name", &self.name).finish_non_exhaustive()
                }
            }

            impl<'a, L: Link> $Handle<'a, L> {
                /// The handle on the resource named `name` (generated code calls it).
                #[doc(hidden)]
                #[inline]
                pub fn new(client: &'a Client, name: &'a str) -> Self {
                    $Handle { client, name, link: PhantomData }
                }

                #[doc = concat!("The linked ", $what, "'s name as the SDK takes it.")]
                #[inline]
                pub fn name(&self) -> &'a str {
                    self.name
                }

                /// The client, for what the handle does not cover (not recorded).
                #[inline]
                pub fn client(&self) -> &'a Client {
                    self.client
                }

                $(
                    #[doc = concat!(
                        "`", stringify!($Op), "` on the linked ", $what, ", ", $set_doc,
                        ". Needs ", $needs, "; compiles only if the grant allows it, and is recorded for `sst-resources policy --binary`."
                    )]
                    #[inline]
                    pub fn $method(&self) -> $sdk::operation::$method::builders::$Builder
                    where
                        L: Allows<op::$Op>,
                    {
                        record::<L, op::$Op>();
                        set_name!(self.client.$method(), $setter, self.name)
                    }
                )*
            }
        }
    };
}

handle! {
    /// Amazon S3 on a linked `sst.aws.Bucket` (`resource.<bucket>.s3(&client)`).
    "aws-s3", s3, aws_sdk_s3, Bucket, {bucket}, "its `bucket` set", "bucket",
    [
        GetObject 1 get_object GetObjectFluentBuilder "`s3:GetObject` on `<bucket>/*`";
        PutObject 2 put_object PutObjectFluentBuilder "`s3:PutObject` on `<bucket>/*`";
        DeleteObject 3 delete_object DeleteObjectFluentBuilder "`s3:DeleteObject` on `<bucket>/*`";
        HeadObject 4 head_object HeadObjectFluentBuilder "`s3:GetObject` on `<bucket>/*`";
        CopyObject 5 copy_object CopyObjectFluentBuilder "`s3:GetObject` and `s3:PutObject` on `<bucket>/*` (a copy within the bucket: its `copy_source` is `<bucket>/<key>`)";
        ListObjectsV2 6 list_objects_v2 ListObjectsV2FluentBuilder "`s3:ListBucket` on the bucket";
        DeleteObjects 7 delete_objects DeleteObjectsFluentBuilder "`s3:DeleteObject` on `<bucket>/*`";
        CreateMultipartUpload 8 create_multipart_upload CreateMultipartUploadFluentBuilder "`s3:PutObject` on `<bucket>/*`";
        UploadPart 9 upload_part UploadPartFluentBuilder "`s3:PutObject` on `<bucket>/*`";
        CompleteMultipartUpload 10 complete_multipart_upload CompleteMultipartUploadFluentBuilder "`s3:PutObject` on `<bucket>/*`";
        AbortMultipartUpload 11 abort_multipart_upload AbortMultipartUploadFluentBuilder "`s3:AbortMultipartUpload` on `<bucket>/*`";
    ]
}

handle! {
    /// Amazon DynamoDB on a linked `sst.aws.Dynamo` (`resource.<table>.dynamodb(&client)`).
    "aws-dynamodb", dynamodb, aws_sdk_dynamodb, Table, {table_name}, "its `table_name` set", "table",
    [
        GetItem 20 get_item GetItemFluentBuilder "`dynamodb:GetItem` on the table";
        PutItem 21 put_item PutItemFluentBuilder "`dynamodb:PutItem` on the table";
        UpdateItem 22 update_item UpdateItemFluentBuilder "`dynamodb:UpdateItem` on the table";
        DeleteItem 23 delete_item DeleteItemFluentBuilder "`dynamodb:DeleteItem` on the table";
        Query 24 query QueryFluentBuilder "`dynamodb:Query` on the table and its indexes";
        Scan 25 scan ScanFluentBuilder "`dynamodb:Scan` on the table and its indexes";
    ]
}

handle! {
    /// Amazon SQS on a linked `sst.aws.Queue` (`resource.<queue>.sqs(&client)`).
    "aws-sqs", sqs, aws_sdk_sqs, Queue, {queue_url}, "its `queue_url` set", "queue",
    [
        SendMessage 40 send_message SendMessageFluentBuilder "`sqs:SendMessage` on the queue";
        SendMessageBatch 41 send_message_batch SendMessageBatchFluentBuilder "`sqs:SendMessage` on the queue";
        ReceiveMessage 42 receive_message ReceiveMessageFluentBuilder "`sqs:ReceiveMessage` on the queue";
        DeleteMessage 43 delete_message DeleteMessageFluentBuilder "`sqs:DeleteMessage` on the queue";
        DeleteMessageBatch 44 delete_message_batch DeleteMessageBatchFluentBuilder "`sqs:DeleteMessage` on the queue";
        ChangeMessageVisibility 45 change_message_visibility ChangeMessageVisibilityFluentBuilder "`sqs:ChangeMessageVisibility` on the queue";
        GetQueueAttributes 46 get_queue_attributes GetQueueAttributesFluentBuilder "`sqs:GetQueueAttributes` on the queue";
    ]
}

handle! {
    /// Amazon SNS on a linked `sst.aws.SnsTopic` (`resource.<topic>.sns(&client)`).
    "aws-sns", sns, aws_sdk_sns, Topic, {topic_arn}, "its `topic_arn` set", "topic",
    [
        Publish 60 publish PublishFluentBuilder "`sns:Publish` on the topic";
        PublishBatch 61 publish_batch PublishBatchFluentBuilder "`sns:Publish` on the topic";
    ]
}

handle! {
    /// AWS Lambda on a linked `sst.aws.Function` (`resource.<function>.lambda(&client)`).
    "aws-lambda", lambda, aws_sdk_lambda, Function, {function_name}, "its `function_name` set", "function",
    [
        Invoke 100 invoke InvokeFluentBuilder "`lambda:InvokeFunction` on the function";
    ]
}

handle! {
    /// Amazon EventBridge on a linked `sst.aws.Bus` (`resource.<bus>.eventbridge(&client)`):
    /// `put_events()`, with entries from [`eventbridge::Bus::entry`], which names the bus.
    "aws-eventbridge", eventbridge, aws_sdk_eventbridge, Bus, {}, "its entries naming the bus: build them with `entry()`", "bus",
    [
        PutEvents 80 put_events PutEventsFluentBuilder "`events:PutEvents` on the bus";
    ]
}

#[cfg(feature = "aws-eventbridge")]
impl<L: Link> eventbridge::Bus<'_, L> {
    /// An event entry on this bus (`event_bus_name` set): give it a `source`,
    /// `detail_type` and `detail`, then pass it to `put_events().entries(..)`.
    #[inline]
    pub fn entry(&self) -> aws_sdk_eventbridge::types::builders::PutEventsRequestEntryBuilder {
        aws_sdk_eventbridge::types::PutEventsRequestEntry::builder().event_bus_name(self.name())
    }
}
