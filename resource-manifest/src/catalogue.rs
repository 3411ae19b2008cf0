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
    /// Its `environment` includes, `(variable, template)`: `{prop}` is a linked
    /// property's value (`sst.aws.Auth` sets `OPENAUTH_ISSUER` to `{url}`).
    pub environment: &'static [(&'static str, &'static str)],
    /// The Cloudflare binding kind of its `cloudflare.binding` include, as SST names
    /// it (`r2BucketBindings`; `platform/src/components/cloudflare/binding.ts`).
    pub binding: Option<&'static str>,
}

impl ComponentType {
    /// The same entry with a Cloudflare binding of SST's kind `kind`.
    const fn bound(mut self, kind: &'static str) -> Self {
        self.binding = Some(kind);
        self
    }

    /// The same entry with `environment` includes.
    const fn env(mut self, environment: &'static [(&'static str, &'static str)]) -> Self {
        self.environment = environment;
        self
    }
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
    /// A nested object of these properties (a Dsql's `peer`).
    Object(&'static [PropertyDef]),
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
            Ty::Object(children) => {
                PropertyType::Object(children.iter().map(PropertyDef::to_property).collect())
            }
        }
    }
}

impl PropertyDef {
    /// The manifest property: its field name by [`crate::names::field_name`].
    pub fn to_property(&self) -> crate::ast::Property {
        crate::ast::Property {
            name: self.name.to_owned(),
            field: crate::names::field_name(self.name),
            ty: self.ty.to_property_type(),
            optional: self.optional,
            secret: self.secret,
        }
    }
}

/// An IAM statement a built-in type grants. Resource ARNs are templates: `{prop}`
/// stands for a linked property's value, `{partition}`, `{region}` and `{account}`
/// for the deployment's; `{prop:last}`, `{prop:first}`, `{prop:task}`,
/// `{prop:execution}` and a queue URL's `{url:queue-region}` and `{url:queue-account}`
/// for a part of a value (`resource_link::policy` fills them).
#[derive(Debug)]
pub struct PermissionDef {
    /// IAM actions.
    pub actions: &'static [&'static str],
    /// ARN templates.
    pub resources: &'static [&'static str],
    /// Granted only when this property is in the link (`qualifier`), or only when
    /// it is not (`!qualifier`): SST adds some statements conditionally.
    pub when: Option<&'static str>,
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
        environment: &[],
        binding: None,
    }
}

use Ty::*;

/// `s3:*`-style grant of `actions` on `resources`.
const fn grant(
    actions: &'static [&'static str],
    resources: &'static [&'static str],
) -> PermissionDef {
    PermissionDef {
        actions,
        resources,
        when: None,
    }
}

/// [`grant`], only when the link holds property `when`.
const fn grant_when(
    when: &'static str,
    actions: &'static [&'static str],
    resources: &'static [&'static str],
) -> PermissionDef {
    PermissionDef {
        actions,
        resources,
        when: Some(when),
    }
}

const NONE: &[PermissionDef] = &[];

/// A Function's (and a Workflow's) grant: invoke it; a durable one by version, with
/// the durable-execution actions (`getSSTLink` in `aws/function.ts`).
const FUNCTION_PERMISSIONS: &[PermissionDef] = &[
    PermissionDef {
        actions: &["lambda:InvokeFunction"],
        resources: &["arn:{partition}:lambda:{region}:{account}:function:{name}"],
        when: Some("!qualifier"),
    },
    grant_when(
        "qualifier",
        &[
            "lambda:InvokeFunction",
            "lambda:ListDurableExecutionsByFunction",
            "lambda:GetDurableExecution",
            "lambda:GetDurableExecutionHistory",
            "lambda:StopDurableExecution",
            "lambda:SendDurableExecutionCallbackSuccess",
            "lambda:SendDurableExecutionCallbackFailure",
            "lambda:SendDurableExecutionCallbackHeartbeat",
        ],
        &["arn:{partition}:lambda:{region}:{account}:function:{name}:*"],
    ),
];

/// A Dsql cluster's grant (`getSSTLink` in `aws/dsql.ts`).
const DSQL_ACTIONS: &[&str] = &["dsql:DbConnect", "dsql:DbConnectAdmin", "dsql:GetCluster"];

/// Every built-in component type, by manifest name. Read from `github:anomalyco/sst`
/// at commit 8bfe1c1b; each entry names the file whose `getSSTLink()` it mirrors.
/// ARN templates: `{prop}` is a linked property, `{prop:last}` its last `/` segment
/// (an SQS queue's name in its URL), `{url:queue-region}` and `{url:queue-account}`
/// the region and account id a queue's URL holds, `{arn:execution}` a state machine
/// ARN with `stateMachine` replaced by `execution` (as SST does).
pub static BUILTIN: &[ComponentType] = &[
    // aws/bucket.ts: `name`; s3:* on the bucket and its objects.
    entry(
        "sst.aws.Bucket",
        "sst.aws.Bucket",
        &[p("name", String)],
        &[grant(
            &["s3:*"],
            &[
                "arn:{partition}:s3:::{name}",
                "arn:{partition}:s3:::{name}/*",
            ],
        )],
        "platform/src/components/aws/bucket.ts",
    ),
    // aws/dynamo.ts: `name`; dynamodb:* on the table and `<arn>/*` (indexes, streams).
    entry(
        "sst.aws.Dynamo",
        "sst.aws.Dynamo",
        &[p("name", String)],
        &[grant(
            &["dynamodb:*"],
            &[
                "arn:{partition}:dynamodb:{region}:{account}:table/{name}",
                "arn:{partition}:dynamodb:{region}:{account}:table/{name}/*",
            ],
        )],
        "platform/src/components/aws/dynamo.ts",
    ),
    // aws/queue.ts: `url`; sqs:* on the queue.
    entry(
        "sst.aws.Queue",
        "sst.aws.Queue",
        &[p("url", String)],
        &[grant(
            &["sqs:*"],
            &["arn:{partition}:sqs:{url:queue-region}:{url:queue-account}:{url:last}"],
        )],
        "platform/src/components/aws/queue.ts",
    ),
    // aws/sns-topic.ts: `arn`; sns:* on the topic.
    entry(
        "sst.aws.SnsTopic",
        "sst.aws.SnsTopic",
        &[p("arn", String)],
        &[grant(&["sns:*"], &["{arn}"])],
        "platform/src/components/aws/sns-topic.ts",
    ),
    // aws/function.ts: `name`, `url` (absent without a URL), `qualifier` (durable only);
    // lambda:InvokeFunction on the function; a durable one (it links `qualifier`) is
    // invoked by version (`<arn>:*`) and gets the durable-execution actions.
    entry(
        "sst.aws.Function",
        "sst.aws.Function",
        &[
            p("name", String),
            opt("url", String),
            opt("qualifier", String),
        ],
        FUNCTION_PERMISSIONS,
        "platform/src/components/aws/function.ts",
    ),
    // aws/workflow.ts: a durable function's `name` and `qualifier`, and its include.
    entry(
        "sst.aws.Workflow",
        "sst.aws.Workflow",
        &[p("name", String), p("qualifier", String)],
        FUNCTION_PERMISSIONS,
        "platform/src/components/aws/workflow.ts",
    ),
    // aws/task.ts: what `task.run()` of the JS SDK needs; ecs:* on the task definition
    // and the cluster's tasks, iam:PassRole on its two roles. The roles' ARNs are not
    // linked, so PassRole is granted on the account's roles: narrow it under
    // [types."sst.aws.Task"] if you know them.
    entry(
        "sst.aws.Task",
        "sst.aws.Task",
        &[
            p("cluster", String),
            p("containers", StringList),
            p("taskDefinition", String),
            p("subnets", StringList),
            p("securityGroups", StringList),
            p("assignPublicIp", Boolean),
        ],
        &[
            grant(&["ecs:*"], &["{taskDefinition}", "{cluster:task}/*"]),
            grant(
                &["iam:PassRole"],
                &["arn:{partition}:iam::{account}:role/*"],
            ),
        ],
        "platform/src/components/aws/task.ts",
    ),
    // aws/dsql.ts: `region`, `endpoint` (`<cluster id>.dsql.<region>.on.aws`, or the
    // VPC endpoint's host) and `peer` only for a multi-region cluster.
    entry(
        "sst.aws.Dsql",
        "sst.aws.Dsql",
        &[
            p("region", String),
            p("endpoint", String),
            opt(
                "peer",
                Object(&[p("region", String), p("endpoint", String)]),
            ),
        ],
        &[
            grant(
                DSQL_ACTIONS,
                &["arn:{partition}:dsql:{region}:{account}:cluster/{endpoint:first}"],
            ),
            grant_when(
                "peer",
                DSQL_ACTIONS,
                &["arn:{partition}:dsql:{peer.region}:{account}:cluster/{peer.endpoint:first}"],
            ),
        ],
        "platform/src/components/aws/dsql.ts",
    ),
    // aws/apigateway-websocket.ts: `url`, `managementEndpoint`
    // (`https://<api id>.execute-api.<region>.amazonaws.com/<stage>`); posting to its
    // connections.
    entry(
        "sst.aws.ApiGatewayWebSocket",
        "sst.aws.ApiGatewayWebSocket",
        &[p("url", String), p("managementEndpoint", String)],
        &[grant(
            &["execute-api:ManageConnections"],
            &[
                "arn:{partition}:execute-api:{region}:{account}:{managementEndpoint:first}/*/*/@connections/*",
            ],
        )],
        "platform/src/components/aws/apigateway-websocket.ts",
    ),
    // aws/apigatewayv1-api-key.ts: the key's `value`; no permissions.
    entry(
        "sst.aws.ApiGatewayV1ApiKey",
        "sst.aws.ApiGatewayV1ApiKey",
        &[secret("value")],
        NONE,
        "platform/src/components/aws/apigatewayv1-api-key.ts",
    ),
    // aws/vector.ts: the names of its three functions; invoking them.
    entry(
        "sst.aws.Vector",
        "sst.aws.Vector",
        &[
            p("queryFunction", String),
            p("putFunction", String),
            p("removeFunction", String),
        ],
        &[grant(
            &["lambda:InvokeFunction"],
            &[
                "arn:{partition}:lambda:{region}:{account}:function:{queryFunction}",
                "arn:{partition}:lambda:{region}:{account}:function:{putFunction}",
                "arn:{partition}:lambda:{region}:{account}:function:{removeFunction}",
            ],
        )],
        "platform/src/components/aws/vector.ts",
    ),
    // aws/postgres.ts (v2; v1 shares the type): no permissions.
    entry(
        "sst.aws.Postgres",
        "sst.aws.Postgres",
        &[
            p("database", String),
            p("username", String),
            secret("password"),
            p("port", Integer),
            p("host", String),
        ],
        NONE,
        "platform/src/components/aws/postgres.ts",
    ),
    // aws/aurora.ts: `reader` is absent behind a proxy; Data API and secret access.
    entry(
        "sst.aws.Aurora",
        "sst.aws.Aurora",
        &[
            p("clusterArn", String),
            p("secretArn", String),
            p("database", String),
            p("username", String),
            secret("password"),
            p("port", Integer),
            p("host", String),
            opt("reader", String),
        ],
        &[
            grant(&["secretsmanager:GetSecretValue"], &["{secretArn}"]),
            grant(
                &[
                    "rds-data:BatchExecuteStatement",
                    "rds-data:BeginTransaction",
                    "rds-data:CommitTransaction",
                    "rds-data:ExecuteStatement",
                    "rds-data:RollbackTransaction",
                ],
                &["{clusterArn}"],
            ),
        ],
        "platform/src/components/aws/aurora.ts",
    ),
    // aws/mysql.ts: no permissions.
    entry(
        "sst.aws.Mysql",
        "sst.aws.Mysql",
        &[
            p("database", String),
            p("username", String),
            secret("password"),
            p("port", Integer),
            p("host", String),
        ],
        NONE,
        "platform/src/components/aws/mysql.ts",
    ),
    // aws/redis.ts (v2; v1 shares the type): no permissions.
    entry(
        "sst.aws.Redis",
        "sst.aws.Redis",
        &[
            p("host", String),
            p("port", Integer),
            p("username", String),
            secret("password"),
        ],
        NONE,
        "platform/src/components/aws/redis.ts",
    ),
    // aws/open-search.ts: master user access, no IAM.
    entry(
        "sst.aws.OpenSearch",
        "sst.aws.OpenSearch",
        &[p("username", String), secret("password"), p("url", String)],
        NONE,
        "platform/src/components/aws/open-search.ts",
    ),
    // aws/apigatewayv2.ts, apigatewayv1.ts, apigateway-websocket.ts, app-sync.ts, alb.ts.
    entry(
        "sst.aws.ApiGatewayV2",
        "sst.aws.ApiGatewayV2",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/apigatewayv2.ts",
    ),
    entry(
        "sst.aws.ApiGatewayV1",
        "sst.aws.ApiGatewayV1",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/apigatewayv1.ts",
    ),
    entry(
        "sst.aws.AppSync",
        "sst.aws.AppSync",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/app-sync.ts",
    ),
    entry(
        "sst.aws.Alb",
        "sst.aws.Alb",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/alb.ts",
    ),
    // aws/router.ts, static-site.ts, ssr-site.ts (Nextjs, Astro, Remix, SvelteKit, ...): `url`.
    entry(
        "sst.aws.Router",
        "sst.aws.Router",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/router.ts",
    ),
    entry(
        "sst.aws.StaticSite",
        "sst.aws.StaticSite",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/static-site.ts",
    ),
    entry(
        "sst.aws.Nextjs",
        "sst.aws.Nextjs",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.Astro",
        "sst.aws.Astro",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.Remix",
        "sst.aws.Remix",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.SvelteKit",
        "sst.aws.SvelteKit",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.Nuxt",
        "sst.aws.Nuxt",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.SolidStart",
        "sst.aws.SolidStart",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.TanstackStart",
        "sst.aws.TanstackStart",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.React",
        "sst.aws.React",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    entry(
        "sst.aws.Analog",
        "sst.aws.Analog",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/ssr-site.ts",
    ),
    // aws/email.ts: ses:* on the identity and configuration set, sending on `*`.
    entry(
        "sst.aws.Email",
        "sst.aws.Email",
        &[p("sender", String), p("configSet", String)],
        &[
            grant(
                &["ses:*"],
                &[
                    "arn:{partition}:ses:{region}:{account}:identity/{sender}",
                    "arn:{partition}:ses:{region}:{account}:configuration-set/{configSet}",
                ],
            ),
            grant(
                &[
                    "ses:SendEmail",
                    "ses:SendRawEmail",
                    "ses:SendTemplatedEmail",
                ],
                &["*"],
            ),
        ],
        "platform/src/components/aws/email.ts",
    ),
    // aws/realtime.ts: iot:Publish on `*`.
    entry(
        "sst.aws.Realtime",
        "sst.aws.Realtime",
        &[p("endpoint", String), p("authorizer", String)],
        &[grant(&["iot:Publish"], &["*"])],
        "platform/src/components/aws/realtime.ts",
    ),
    // aws/cognito-user-pool.ts: cognito-idp:* on the pool.
    entry(
        "sst.aws.CognitoUserPool",
        "sst.aws.CognitoUserPool",
        &[p("id", String)],
        &[grant(
            &["cognito-idp:*"],
            &["arn:{partition}:cognito-idp:{region}:{account}:userpool/{id}"],
        )],
        "platform/src/components/aws/cognito-user-pool.ts",
    ),
    // aws/cognito-user-pool-client.ts: `id`, `secret` (may be empty); no permissions.
    entry(
        "sst.aws.CognitoUserPoolClient",
        "sst.aws.CognitoUserPoolClient",
        &[p("id", String), secret("secret")],
        NONE,
        "platform/src/components/aws/cognito-user-pool-client.ts",
    ),
    // aws/cognito-identity-pool.ts: cognito-identity:* on the pool.
    entry(
        "sst.aws.CognitoIdentityPool",
        "sst.aws.CognitoIdentityPool",
        &[p("id", String)],
        &[grant(
            &["cognito-identity:*"],
            &["arn:{partition}:cognito-identity:{region}:{account}:identitypool/{id}"],
        )],
        "platform/src/components/aws/cognito-identity-pool.ts",
    ),
    // aws/vpc.ts (v2): `bastion` only with a bastion host.
    entry(
        "sst.aws.Vpc",
        "sst.aws.Vpc",
        &[opt("bastion", String)],
        NONE,
        "platform/src/components/aws/vpc.ts",
    ),
    // aws/service.ts: `url` without a load balancer and `service` without Cloud Map are absent.
    entry(
        "sst.aws.Service",
        "sst.aws.Service",
        &[opt("url", String), opt("service", String)],
        NONE,
        "platform/src/components/aws/service.ts",
    ),
    // aws/kinesis-stream.ts: kinesis:* on the stream.
    entry(
        "sst.aws.KinesisStream",
        "sst.aws.KinesisStream",
        &[p("name", String)],
        &[grant(
            &["kinesis:*"],
            &["arn:{partition}:kinesis:{region}:{account}:stream/{name}"],
        )],
        "platform/src/components/aws/kinesis-stream.ts",
    ),
    // aws/bus.ts: events:* on the bus.
    entry(
        "sst.aws.Bus",
        "sst.aws.Bus",
        &[p("name", String), p("arn", String)],
        &[grant(&["events:*"], &["{arn}"])],
        "platform/src/components/aws/bus.ts",
    ),
    // aws/step-functions.ts: states:* on the machine and its executions, task callbacks on `*`.
    entry(
        "sst.aws.StepFunctions",
        "sst.aws.StepFunctions",
        &[p("arn", String)],
        &[
            grant(&["states:*"], &["{arn}", "{arn:execution}:*"]),
            grant(
                &[
                    "states:SendTaskSuccess",
                    "states:SendTaskFailure",
                    "states:SendTaskHeartbeat",
                ],
                &["*"],
            ),
        ],
        "platform/src/components/aws/step-functions.ts",
    ),
    // aws/auth.ts (v2): `url`; grants no IAM; an `environment` include sets
    // OPENAUTH_ISSUER to the url.
    entry(
        "sst.aws.Auth",
        "sst.aws.Auth",
        &[p("url", String)],
        NONE,
        "platform/src/components/aws/auth.ts",
    )
    .env(&[("OPENAUTH_ISSUER", "{url}")]),
    // secret.ts: `value`.
    entry(
        "sst.Secret",
        "sst.sst.Secret",
        &[secret("value")],
        NONE,
        "platform/src/components/secret.ts",
    ),
    // linkable.ts: properties and include from the manifest.
    ComponentType {
        name: "sst.Linkable",
        wire_type: "sst.sst.Linkable",
        properties: &[],
        permissions: NONE,
        custom_properties: true,
        source: "platform/src/components/linkable.ts",
        environment: &[],
        binding: None,
    },
    // cloudflare/bucket.ts: `name`; an R2Bucket binding inside a Worker.
    entry(
        "sst.cloudflare.Bucket",
        "sst.cloudflare.Bucket",
        &[opt("name", String)],
        NONE,
        "platform/src/components/cloudflare/bucket.ts",
    )
    .bound("r2BucketBindings"),
    // cloudflare/kv.ts: `namespaceId`; a KVNamespace binding inside a Worker.
    entry(
        "sst.cloudflare.Kv",
        "sst.cloudflare.Kv",
        &[opt("namespaceId", String)],
        NONE,
        "platform/src/components/cloudflare/kv.ts",
    )
    .bound("kvNamespaceBindings"),
    // cloudflare/d1.ts: `databaseId`; a D1Database binding inside a Worker.
    entry(
        "sst.cloudflare.D1",
        "sst.cloudflare.D1",
        &[opt("databaseId", String)],
        NONE,
        "platform/src/components/cloudflare/d1.ts",
    )
    .bound("d1DatabaseBindings"),
    // cloudflare/worker.ts: `url` only with a URL or domain; a service binding inside a Worker.
    entry(
        "sst.cloudflare.Worker",
        "sst.cloudflare.Worker",
        &[opt("url", String)],
        NONE,
        "platform/src/components/cloudflare/worker.ts",
    )
    .bound("serviceBindings"),
    // cloudflare/queue.ts: no properties; a Queue producer binding inside a Worker.
    entry(
        "sst.cloudflare.Queue",
        "sst.cloudflare.Queue",
        &[],
        NONE,
        "platform/src/components/cloudflare/queue.ts",
    )
    .bound("queueBindings"),
    // cloudflare/ai.ts: no properties; an Ai binding inside a Worker.
    entry(
        "sst.cloudflare.Ai",
        "sst.cloudflare.Ai",
        &[],
        NONE,
        "platform/src/components/cloudflare/ai.ts",
    )
    .bound("aiBindings"),
    // cloudflare/durable-object.ts: `className`; a Durable Object namespace binding.
    entry(
        "sst.cloudflare.DurableObject",
        "sst.cloudflare.DurableObject",
        &[opt("className", String)],
        NONE,
        "platform/src/components/cloudflare/durable-object.ts",
    )
    .bound("durableObjectNamespaceBindings"),
    // cloudflare/hyperdrive.ts: `id`; a Hyperdrive binding.
    entry(
        "sst.cloudflare.Hyperdrive",
        "sst.cloudflare.Hyperdrive",
        &[opt("id", String)],
        NONE,
        "platform/src/components/cloudflare/hyperdrive.ts",
    )
    .bound("hyperdriveBindings"),
    // cloudflare/rate-limit.ts: no properties; a rate limiter binding.
    entry(
        "sst.cloudflare.RateLimit",
        "sst.cloudflare.RateLimit",
        &[],
        NONE,
        "platform/src/components/cloudflare/rate-limit.ts",
    )
    .bound("rateLimitBindings"),
    // cloudflare/workflow.ts: `workflowName`, `className`, `scriptName`; a Workflow
    // binding (the `worker` crate has no accessor for it yet).
    entry(
        "sst.cloudflare.Workflow",
        "sst.cloudflare.Workflow",
        &[
            opt("workflowName", String),
            opt("className", String),
            opt("scriptName", String),
        ],
        NONE,
        "platform/src/components/cloudflare/workflow.ts",
    )
    .bound("workflowBindings"),
    // cloudflare/auth.ts: `url` and `publicKey` (a PEM public key, not a secret to
    // the reader; SST marks it a Pulumi secret only to keep it out of logs).
    entry(
        "sst.cloudflare.Auth",
        "sst.cloudflare.Auth",
        &[p("url", String), p("publicKey", String)],
        NONE,
        "platform/src/components/cloudflare/auth.ts",
    ),
    // cloudflare/static-site.ts and static-site-v2.ts (one type): `url`.
    entry(
        "sst.cloudflare.StaticSite",
        "sst.cloudflare.StaticSite",
        &[p("url", String)],
        NONE,
        "platform/src/components/cloudflare/static-site.ts",
    ),
    // cloudflare/ssr-site.ts, the base of Astro, ReactRouter, TanStackStart and the
    // experimental SolidStart: `url`.
    entry(
        "sst.cloudflare.Astro",
        "sst.cloudflare.Astro",
        &[p("url", String)],
        NONE,
        "platform/src/components/cloudflare/ssr-site.ts",
    ),
    entry(
        "sst.cloudflare.ReactRouter",
        "sst.cloudflare.ReactRouter",
        &[p("url", String)],
        NONE,
        "platform/src/components/cloudflare/ssr-site.ts",
    ),
    entry(
        "sst.cloudflare.TanStackStart",
        "sst.cloudflare.TanStackStart",
        &[p("url", String)],
        NONE,
        "platform/src/components/cloudflare/ssr-site.ts",
    ),
    entry(
        "sst.cloudflare.SolidStart",
        "sst.cloudflare.SolidStart",
        &[p("url", String)],
        NONE,
        "platform/src/components/cloudflare/ssr-site.ts",
    ),
];

/// How a Worker reaches a linked resource that brings a Cloudflare binding of SST's
/// kind `kind` (`r2BucketBindings`, ...): the `worker::Env` method and the handle type
/// it returns, or `None` where the `worker` crate (0.8) has no accessor
/// (`workflowBindings`). SST binds each under the resource's name; inside a Worker
/// such a resource has no JSON, so its properties are optional.
pub fn cloudflare_binding(kind: &str) -> Option<(&'static str, &'static str)> {
    Some(match kind {
        "r2BucketBindings" => ("bucket", "Bucket"),
        "kvNamespaceBindings" => ("kv", "kv::KvStore"),
        "d1DatabaseBindings" => ("d1", "D1Database"),
        "serviceBindings" => ("service", "Fetcher"),
        "queueBindings" => ("queue", "Queue"),
        "aiBindings" => ("ai", "Ai"),
        "durableObjectNamespaceBindings" => ("durable_object", "ObjectNamespace"),
        "hyperdriveBindings" => ("hyperdrive", "Hyperdrive"),
        "rateLimitBindings" => ("rate_limiter", "RateLimiter"),
        _ => return None,
    })
}

/// Every binding kind SST's `binding()` accepts (`Binding["type"]` in
/// `platform/src/components/cloudflare/binding.ts`).
pub const BINDING_KINDS: &[&str] = &[
    "aiBindings",
    "kvNamespaceBindings",
    "secretTextBindings",
    "serviceBindings",
    "plainTextBindings",
    "queueBindings",
    "r2BucketBindings",
    "d1DatabaseBindings",
    "hyperdriveBindings",
    "versionMetadataBindings",
    "workflowBindings",
    "durableObjectNamespaceBindings",
    "rateLimitBindings",
];

/// SST's component type spelled as it is today: every `:` becomes `.`. Until SST
/// #6682 (April 2026) links carried the URN's type (`sst:aws:Bucket`); since then
/// `normalizeType` in `platform/src/components/link.ts` writes `sst.aws.Bucket`.
pub fn normalize_type(ty: &str) -> std::borrow::Cow<'_, str> {
    if ty.contains(':') {
        std::borrow::Cow::Owned(ty.replace(':', "."))
    } else {
        std::borrow::Cow::Borrowed(ty)
    }
}

/// The built-in type a manifest names, by its manifest name or by the `"type"` SST
/// writes (`sst.sst.Secret` finds `sst.Secret`).
pub fn lookup(name: &str) -> Option<&'static ComponentType> {
    let name = normalize_type(name);
    BUILTIN
        .iter()
        .find(|c| c.name == name)
        .or_else(|| BUILTIN.iter().find(|c| c.wire_type == name))
}

/// SST's secret, `sst.Secret`: the type whose values `sst secret set` keeps in SST's
/// home (links carry its `wire_type`, `sst.sst.Secret`).
pub fn secret_type() -> &'static ComponentType {
    lookup("sst.Secret").expect("the catalogue has sst.Secret")
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
    fn absent_properties_are_optional_and_passwords_secret() {
        let function = lookup("sst.aws.Function").unwrap();
        assert!(
            function
                .properties
                .iter()
                .any(|p| p.name == "url" && p.optional)
        );
        for ty in [
            "sst.aws.Postgres",
            "sst.aws.Aurora",
            "sst.aws.Redis",
            "sst.aws.Mysql",
        ] {
            let c = lookup(ty).unwrap();
            assert!(
                c.properties
                    .iter()
                    .any(|p| p.name == "password" && p.secret),
                "{ty}"
            );
            assert!(
                c.properties
                    .iter()
                    .any(|p| p.name == "port" && matches!(p.ty, Ty::Integer)),
                "{ty}"
            );
        }
    }

    #[test]
    fn every_entry_cites_an_sst_source_file() {
        for c in BUILTIN {
            assert!(
                c.source.starts_with("platform/src/components/") && c.source.ends_with(".ts"),
                "{}",
                c.name
            );
        }
    }

    #[test]
    fn seed_types_map_to_sst_wire_types() {
        assert_eq!(lookup("sst.Secret").unwrap().wire_type, "sst.sst.Secret");
        assert_eq!(lookup("sst.sst.Linkable").unwrap().name, "sst.Linkable");
        assert!(lookup("sst.aws.Buckt").is_none());
    }
}
