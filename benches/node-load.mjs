// SST's own JS SDK loading the same N resources as benches/load.rs (the same JSON,
// mirrored from benches/common/mod.rs): times the first full read of `Resource`
// in-process, after `import`, in a fresh process per run; prints the median.
// usage: node benches/node-load.mjs N [runs]   (needs tests/cross-check/node_modules)
import { spawnSync } from "child_process";
import { fileURLToPath } from "url";

const [, self, n, runs = "15", child] = process.argv;

function resource(i, notesLen) {
  const id = String(i).padStart(4, "0");
  switch (i % 4) {
    case 0: return { name: `bench-prod-res${id}bucket-k3j5h2g8`, type: "sst.aws.Bucket" };
    case 1: return { name: `bench-prod-Res${id}Table-x8d7f6e5`, type: "sst.aws.Dynamo" };
    case 2: return { value: `sk_live_${id}_4eC39HqLyjWDarjtT1zdp7dc`, type: "sst.sst.Secret" };
    default: return {
      endpoint: `https://api-${i}.example.com/v1`, region: "us-east-1", version: "2024-06-01",
      timeout: 30, retries: 3, ratio: 0.25, enabled: true, tags: ["prod", "critical", "team-payments"],
      owner: "payments@example.com", notes: "n".repeat(notesLen), type: "sst.sst.Linkable",
    };
  }
}

const names = Array.from({ length: Number(n) }, (_, i) => `Res${String(i).padStart(4, "0")}`);

if (child === "child") {
  // Resolved from the cross-check folder, where tests/cross_check.rs installs `sst`.
  const { Resource } = await import(new URL("../tests/cross-check/node_modules/sst/dist/index.js", import.meta.url));
  const t0 = process.hrtime.bigint();
  let sum = 0;
  for (const name of names) sum += Object.keys(Resource[name]).length;
  const t1 = process.hrtime.bigint();
  process.stdout.write(`${Number(t1 - t0) / 1000} ${sum}\n`);
} else {
  const env = { PATH: process.env.PATH, SST_RESOURCE_App: '{"name":"bench","stage":"prod"}' };
  names.forEach((name, i) => { env[`SST_RESOURCE_${name}`] = JSON.stringify(resource(i, 200)); });
  const cwd = fileURLToPath(new URL("../tests/cross-check/", import.meta.url));
  const times = [];
  for (let r = 0; r < Number(runs); r++) {
    const out = spawnSync(process.execPath, [self, n, runs, "child"], { env, cwd, encoding: "utf8" });
    if (out.status !== 0) throw new Error(out.stderr);
    times.push(Number(out.stdout.split(" ")[0]));
  }
  times.sort((a, b) => a - b);
  console.log(`node sst ${process.versions.node}: N=${n} first full read of Resource: median ${times[times.length >> 1].toFixed(1)} us over ${runs} runs`);
}
