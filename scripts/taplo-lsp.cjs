// Runs one editor session against Taplo's language server as VS Code's "Even Better
// TOML" runs it (@taplo/lsp, the WebAssembly server its extension embeds, with the same
// Node environment as its editors/vscode/src/server.ts), for
// resource-manifest/tests/schema.rs.
//
//   TAPLO_LSP_MODULE=<node_modules/@taplo/lsp> node taplo-lsp.cjs ROOT < messages.json
//
// messages.json: the LSP messages to send in order (requests with an `id`, each answered
// before the next is sent; notifications). ROOT is the workspace folder. Prints
// { "responses": { id: result }, "diagnostics": { uri: [...] } } once the server has
// been quiet for a second after the last message (it publishes diagnostics after
// parsing and again after validating). Schema catalogs are turned off: no network.
const fs = require("fs");
const fsPromise = require("fs/promises");
const path = require("path");
const { TaploLsp } = require(process.env.TAPLO_LSP_MODULE);

const messages = JSON.parse(fs.readFileSync(0, "utf8"));
const root = process.argv[2];
const results = { responses: {}, diagnostics: {} };
const pending = new Set();
let lastMessage = Date.now();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

(async () => {
  const lsp = await TaploLsp.initialize(
    {
      cwd: () => root,
      envVar: name => process.env[name],
      envVars: () => Object.entries(process.env),
      findConfigFile: from => {
        for (const name of [".taplo.toml", "taplo.toml"]) {
          const full = path.join(from, name);
          if (fs.existsSync(full)) return full;
        }
      },
      glob: () => [],
      isAbsolute: p => path.isAbsolute(p),
      now: () => new Date(),
      readFile: p => fsPromise.readFile(p),
      writeFile: (p, content) => fsPromise.writeFile(p, content),
      stderr: process.stderr,
      stdErrAtty: () => false,
      stdin: process.stdin,
      stdout: process.stdout,
      urlToFilePath: url => decodeURIComponent(url).slice("file://".length),
      fetch: { fetch, Headers, Request, Response },
    },
    {
      onMessage(message) {
        lastMessage = Date.now();
        if (message.id !== undefined && message.method === undefined) {
          results.responses[message.id] = message.error ? { error: message.error } : message.result;
          pending.delete(message.id);
        } else if (message.method === "textDocument/publishDiagnostics") {
          results.diagnostics[message.params.uri] = message.params.diagnostics;
        } else if (message.id !== undefined) {
          const result =
            message.method === "workspace/configuration" ? message.params.items.map(() => ({})) : null;
          lsp.send({ jsonrpc: "2.0", id: message.id, result });
        }
      },
    }
  );
  const send = message => lsp.send({ jsonrpc: "2.0", ...message });
  for (const message of messages) {
    send(message);
    if (message.method === "initialized") {
      send({
        method: "workspace/didChangeConfiguration",
        params: { settings: { evenBetterToml: { schema: { catalogs: [] } } } },
      });
    }
    if (message.id !== undefined) {
      pending.add(message.id);
      const start = Date.now();
      while (pending.has(message.id) && Date.now() - start < 30000) await sleep(10);
    }
  }
  const start = Date.now();
  while (Date.now() - lastMessage < 1000 && Date.now() - start < 30000) await sleep(50);
  process.stdout.write(JSON.stringify(results));
  process.exit(0);
})();
