// examples/worker (Rust, built by scripts/test-worker.sh) and the same Worker on SST's
// own JS SDK, run side by side in workerd (miniflare) with the bindings SST gives a
// Worker. Run through scripts/test-worker.sh, which builds the wasm first.
//
//   node tests/worker/test.mjs <dir of wasm-bindgen's output for examples/worker>
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { API, STRIPE_KEY, sstBindings, toMiniflare } from "./sst-bindings.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const rustDir = path.resolve(process.argv[2] ?? path.join(here, "../../target/worker/rust"));
const buildDir = path.join(rustDir, "..");

// SST's defaults for a Worker (platform/src/components/cloudflare/helpers/compatibility.ts).
const COMPAT = { compatibilityDate: "2025-05-05", compatibilityFlags: ["nodejs_compat"] };
const CANARY = "canary-9c1d-never-shown";

/** workerd's entry for the Rust Worker, as worker-build's shim does it: instantiate
 * the wasm, export the fetch handler and each Durable Object class SST binds. */
function writeRustEntry(bindings) {
  const classes = bindings
    .filter((b) => b.type === "durable_object_namespace" && !b.scriptName)
    .map((b) => b.className);
  const entry = path.join(rustDir, "entry.mjs");
  fs.writeFileSync(
    entry,
    [
      "// Written by tests/worker/test.mjs: workerd's entry module for examples/worker.",
      'import wasmModule from "./index_bg.wasm";',
      `import { initSync, fetch${classes.map((c) => `, ${c}`).join("")} } from "./index.js";`,
      "initSync({ module: wasmModule });",
      `export { ${classes.join(", ")} };`,
      "export default { fetch };",
      "",
    ].join("\n"),
  );
  return entry;
}

/** The JS Worker, bundled as SST bundles a Worker handler (pkg/runtime/worker in SST's
 * Go CLI: esbuild, platform node, conditions workerd/worker/browser, `node:*` and
 * `cloudflare:workers` external, ESM, and a stdin wrapper that re-exports the handler
 * module and wraps its default export with `wrapCloudflareHandler`). */
async function buildSdkWorker() {
  const outfile = path.join(buildDir, "sdk-worker.mjs");
  await esbuild.build({
    stdin: {
      contents: [
        'import * as handler from "./sdk-worker.js";',
        'import { wrapCloudflareHandler } from "sst/resource/cloudflare";',
        'export * from "./sdk-worker.js";',
        "export default wrapCloudflareHandler(handler.default);",
      ].join("\n"),
      resolveDir: here,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "esnext",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["node:*", "cloudflare:workers"],
    keepNames: true,
    banner: { js: 'import { createRequire as __cr } from "module";\nconst require = __cr("/");' },
    outfile,
    logLevel: "warning",
  });
  return outfile;
}

const rust = (name, bindings) => ({
  name,
  ...COMPAT,
  modules: true,
  scriptPath: path.join(rustDir, "entry.mjs"),
  modulesRules: [
    { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
    { type: "CompiledWasm", include: ["**/*.wasm"] },
  ],
  ...toMiniflare(bindings),
});
const sdk = (name, bindings, script) => ({
  name,
  ...COMPAT,
  modules: true,
  scriptPath: script,
  ...toMiniflare(bindings),
});

/** SST's bindings with one changed: `name` replaced by `replacement` (or removed). */
function changed(name, replacement) {
  return sstBindings().flatMap((b) => (b.name === name ? (replacement ? [replacement] : []) : [b]));
}
const secretText = (text) => ({ type: "secret_text", name: "SST_RESOURCE_StripeKey", text });

// Bad input, each in a Worker of its own: the problem, and what the message must name.
const BAD = {
  "missing-binding": { bindings: changed("Uploads"), names: ["Uploads", "env.Uploads"] },
  "missing-text": { bindings: changed("SST_RESOURCE_Api"), names: ["Api", "SST_RESOURCE_Api"] },
  "malformed-secret": { bindings: changed("SST_RESOURCE_StripeKey", secretText(`{"value":"${CANARY}`)), names: ["StripeKey", "SST_RESOURCE_StripeKey"] },
  "secret-not-json": { bindings: changed("SST_RESOURCE_StripeKey", secretText(CANARY)), names: ["StripeKey", "SST_RESOURCE_StripeKey"] },
  "secret-wrong-type": { bindings: changed("SST_RESOURCE_StripeKey", secretText(JSON.stringify({ value: [CANARY] }))), names: ["StripeKey", "value"] },
  "wrong-kind": {
    bindings: changed("Uploads", { type: "kv_namespace", name: "Uploads", namespaceId: "0f2ac74b498b48028cb68387c421e279" }),
    names: ["Uploads", "env.Uploads", "R2Bucket"],
  },
  "wrong-kind-kv": {
    bindings: changed("Sessions", { type: "r2_bucket", name: "Sessions", bucketName: "edge-test-uploadsbucket" }),
    names: ["Sessions", "env.Sessions", "KvNamespace", "R2Bucket"],
  },
};

let mf;
let mfSdkBad;
let log = "";
const sdkResults = {};
const rustResults = {};

before(async () => {
  const bindings = sstBindings();
  writeRustEntry(bindings);
  const sdkScript = await buildSdkWorker();
  const auth = {
    name: "edge-test-authscript",
    ...COMPAT,
    modules: true,
    scriptPath: path.join(here, "auth-worker.js"),
    queueConsumers: { "edge-test-jobsqueue": { maxBatchTimeout: 0 } },
  };
  const workers = [rust("rust", bindings), sdk("sdk", bindings, sdkScript), auth];
  for (const [name, bad] of Object.entries(BAD)) workers.push(rust(`rust-${name}`, bad.bindings));
  mf = new Miniflare({
    workers,
    handleRuntimeStdio(stdout, stderr) {
      stdout.on("data", (d) => (log += d));
      stderr.on("data", (d) => (log += d));
    },
  });
  // SST's SDK on the same bad input, in a runtime of its own: its log is not checked.
  const sdkBad = Object.entries(BAD).map(([name, bad]) => sdk(`sdk-${name}`, bad.bindings, sdkScript));
  mfSdkBad = new Miniflare({ workers: [...sdkBad, auth], handleRuntimeStdio() {} });
  await Promise.all([mf.ready, mfSdkBad.ready]);
});

after(async () => {
  // miniflare's workerd processes keep Node alive if a dispose is missed.
  setTimeout(() => process.exit(process.exitCode ?? 0), 5000).unref();
  await mf?.dispose();
  await mfSdkBad?.dispose();
  if (process.env.WORKER_TEST_LOG) fs.writeFileSync(process.env.WORKER_TEST_LOG, log);
});

async function get(worker, route, init, runtime = mf) {
  const res = await (await runtime.getWorker(worker)).fetch(`https://edge.example${route}`, init);
  return { status: res.status, body: await res.text() };
}

describe("SST's bindings, in workerd", () => {
  test("the Rust Worker reads the text links and the environment entry", async () => {
    const res = await get("rust", "/links");
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(JSON.parse(res.body), {
      App: { name: "edge", stage: "test" },
      Api: API,
      GREETING: "hello from sst.config.ts",
    });
  });

  test("the Rust Worker uses each binding through its typed accessor", async () => {
    const res = await get("rust", "/bindings");
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(JSON.parse(res.body), {
      Uploads: "hi",
      Sessions: "1",
      Db: 42,
      Jobs: "sent",
      Auth: "auth: anonymous",
      Rooms: "room lobby: /enter",
      Pool: { user: "app", database: "edge", port: 5432 },
      Limiter: true,
      Brain: "bound",
      Signup: "WorkflowImpl",
    });
  });

  test("the Rust Worker holds the secret's exact value", async () => {
    const ok = await get("rust", "/private", { headers: { authorization: `Bearer ${STRIPE_KEY}` } });
    assert.equal(ok.status, 200, ok.body);
    const wrong = await get("rust", "/private", { headers: { authorization: `Bearer ${STRIPE_KEY}x` } });
    assert.equal(wrong.status, 401);
  });

  test("the queue delivered what the Rust Worker sent", async () => {
    for (let i = 0; i < 50; i++) {
      const jobs = JSON.parse((await get("edge-test-authscript", "/jobs")).body);
      if (jobs.length > 0) return assert.equal(jobs[0], "resize hello.txt");
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail("no message reached the queue's consumer");
  });
});

describe("beside SST's own JS SDK, the same values", () => {
  for (const route of ["/links", "/bindings", "/"]) {
    test(`${route}`, async () => {
      const r = await get("rust", route);
      const s = await get("sdk", route);
      assert.equal(s.status, 200, s.body);
      assert.equal(r.status, 200, r.body);
      assert.deepEqual(route === "/" ? r.body : JSON.parse(r.body), route === "/" ? s.body : JSON.parse(s.body));
    });
  }
  test("/private accepts exactly the secret in both", async () => {
    for (const worker of ["rust", "sdk"]) {
      const ok = await get(worker, "/private", { headers: { authorization: `Bearer ${STRIPE_KEY}` } });
      const wrong = await get(worker, "/private", { headers: { authorization: "Bearer sk_test_" } });
      assert.deepEqual([ok.status, wrong.status], [200, 401], worker);
    }
  });
});

describe("bad input in a Worker: a 500 naming the binding, never a trap, never the value", () => {
  for (const [name, bad] of Object.entries(BAD)) {
    test(name, async () => {
      for (const route of ["/links", "/"]) {
        // Twice: a trapped instance would answer differently the second time.
        for (let i = 0; i < 2; i++) {
          const res = await get(`rust-${name}`, route);
          assert.equal(res.status, 500, res.body);
          assert.match(res.body, /^cannot load linked resources/);
          for (const n of bad.names) assert.ok(res.body.includes(n), `"${n}" not in: ${res.body}`);
          assert.ok(!res.body.includes(CANARY), res.body);
          rustResults[name] = res.body;
        }
      }
      try {
        const s = await get(`sdk-${name}`, "/private", { headers: { authorization: `Bearer ${STRIPE_KEY}` } }, mfSdkBad);
        sdkResults[name] = `${s.status} ${s.body.split("\n")[0].slice(0, 160)}`;
      } catch (e) {
        sdkResults[name] = `throws ${e.name}: ${e.message}`;
      }
    });
  }

  test("no log line holds the secret, a panic or a trap", () => {
    for (const line of log.split("\n")) {
      assert.ok(!line.includes(CANARY), `log line: ${line}`);
      assert.ok(!line.includes(STRIPE_KEY), `log line: ${line}`);
      assert.doesNotMatch(line, /unreachable|Rust panic|RuntimeError/, line);
    }
    // The Rust Worker's answers, and what SST's SDK does with the same input (/private).
    for (const [name, body] of Object.entries(rustResults)) {
      console.log(`${name}\n  rust: 500 ${body}\n  sst:  ${sdkResults[name]}`);
    }
  });
});
