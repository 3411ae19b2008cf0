// What SST gives a Worker, in SST's own form: the binding list `buildBindings` builds
// in platform/src/components/cloudflare/worker.ts (plus `environment` entries as
// plain text, appended by `createScript`), and its translation into miniflare's
// options, which run the same bindings in workerd.

/** The Linkable's properties; SST writes them as secret text WITHOUT "type". */
export const API = {
  url: "https://api.example.com",
  timeout: 30,
  regions: ["us-east-1", "eu-west-1"],
  limits: { burst: 2.5, strict: true },
};
/** The secret's value: it must reach `/private` and appear nowhere else. */
export const STRIPE_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

/**
 * SST's bindings for a Worker linked to one resource of each kind the catalogue binds,
 * a Linkable and a secret, with one `environment` entry. The Cloudflare resources are
 * ONLY native bindings named after the resource (`...b.properties` of their
 * `cloudflare.binding` include); every other link is `SST_RESOURCE_<Name>` secret text.
 */
export function sstBindings() {
  return [
    { type: "plain_text", name: "SST_RESOURCE_App", text: JSON.stringify({ name: "edge", stage: "test" }) },
    { type: "r2_bucket", name: "Uploads", bucketName: "edge-test-uploadsbucket" },
    { type: "kv_namespace", name: "Sessions", namespaceId: "0f2ac74b498b48028cb68387c421e279" },
    { type: "d1", name: "Db", id: "a1b2c3d4-0000-4000-8000-000000000001" },
    { type: "queue", name: "Jobs", queueName: "edge-test-jobsqueue" },
    { type: "service", name: "Auth", service: "edge-test-authscript" },
    { type: "durable_object_namespace", name: "Rooms", className: "Room" },
    { type: "ai", name: "Brain" },
    { type: "hyperdrive", name: "Pool", id: "hd0000000000000000000000000000001" },
    { type: "ratelimit", name: "Limiter", namespaceId: "1001", simple: { limit: 100, period: 60 } },
    { type: "workflow", name: "Signup", workflowName: "edge-test-signup", className: "SignupFlow", scriptName: "edge-test-authscript" },
    { type: "secret_text", name: "SST_RESOURCE_Api", text: JSON.stringify(API) },
    { type: "secret_text", name: "SST_RESOURCE_StripeKey", text: JSON.stringify({ value: STRIPE_KEY }) },
    { type: "plain_text", name: "GREETING", text: "hello from sst.config.ts" },
  ];
}

/** Hyperdrive's local stand-in for SST's configuration id (nothing connects to it). */
export const HYPERDRIVE_URL = "postgres://app:pw@db.internal:5432/edge";

/** miniflare's worker options for SST's binding list (Cloudflare's API types). */
export function toMiniflare(bindings) {
  const o = {
    bindings: {}, r2Buckets: {}, kvNamespaces: {}, d1Databases: {}, queueProducers: {},
    serviceBindings: {}, durableObjects: {}, hyperdrives: {}, ratelimits: {}, workflows: {},
  };
  for (const b of bindings) {
    switch (b.type) {
      case "plain_text":
      case "secret_text": o.bindings[b.name] = b.text; break;
      case "r2_bucket": o.r2Buckets[b.name] = b.bucketName; break;
      case "kv_namespace": o.kvNamespaces[b.name] = b.namespaceId; break;
      case "d1": o.d1Databases[b.name] = b.id; break;
      case "queue": o.queueProducers[b.name] = { queueName: b.queueName }; break;
      case "service": o.serviceBindings[b.name] = b.service; break;
      // No scriptName: the class is exported by the Worker itself, as SST binds it.
      case "durable_object_namespace": o.durableObjects[b.name] = { className: b.className, useSQLite: true }; break;
      case "ai": o.ai = { binding: b.name }; break;
      case "hyperdrive": o.hyperdrives[b.name] = HYPERDRIVE_URL; break;
      case "ratelimit": o.ratelimits[b.name] = { simple: b.simple }; break;
      case "workflow": o.workflows[b.name] = { name: b.workflowName, className: b.className, scriptName: b.scriptName }; break;
      default: throw new Error(`no miniflare mapping for SST binding type ${b.type}`);
    }
  }
  return o;
}
