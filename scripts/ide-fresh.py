#!/usr/bin/env python3
"""Does rust-analyzer follow links.toml when the app uses a generated module? An LSP session
against a real rust-analyzer, as an editor drives it (adapted from ../shared/tools/ide-fresh.py,
which measured the proc-macro; scripts/ide-fresh.sh runs it).

usage: ide-fresh.py CRATE ACTIONS [--poll S] [--watcher client|server] [--expect-fresh S]
CRATE is a scratch crate that depends on sst-resources, with `sst-resources types --out
src/links.rs --watch` running in it. This script OVERWRITES its src/main.rs (`mod links;`, reading
`r.my_bucket`) and its links.toml (MyBucket), opens main.rs, asks for completion after `r.`, then
rewrites links.toml (NewQueue added, MyBucket removed) and applies each action in turn, polling
completion and diagnostics until they follow the file or --poll seconds pass.
As an editor does with its default settings (VS Code: rust-analyzer.files.watcher = "client"),
the client watches the files matching the globs rust-analyzer registers and sends
workspace/didChangeWatchedFiles when one changes on disk (here: src/links.rs, rewritten by the
watcher); with --watcher server, rust-analyzer watches the files itself and the client sends none.
rust-analyzer's own diagnostic of an unknown field (unresolved-field) is experimental, off by
default; --experimental turns it on, and --expect-fresh then holds diagnostics to S seconds too.
ACTIONS, comma-separated: none (nothing else) | save_toml (didSave for links.toml) | touchrs |
restart. With --expect-fresh S, exits 1 unless completion and diagnostics followed each action
within S seconds.
"""
import json, os, subprocess, sys, time, threading, argparse, fnmatch, re

RA = subprocess.run(["rustup", "which", "rust-analyzer"], capture_output=True, text=True, check=True).stdout.strip()

V1 = '[app]\nname = "x"\n\n[resources.MyBucket]\ntype = "sst.aws.Bucket"\n'
# V2: a resource added (NewQueue) and the one the code uses (MyBucket) removed
V2 = '[app]\nname = "x"\n\n[resources.NewQueue]\ntype = "sst.aws.Queue"\n'
MAIN_PLAIN = '''mod links;
use links::Resource;

fn main() {
    let r = Resource::load().unwrap();
    println!("{}", r.my_bucket.name);
}
'''
MAIN_OUTSIDE = '''mod links;
use links::Resource;

fn main() {
    let r = Resource::load().unwrap();
    let b = &r.my_bucket;
    let _ = b;
    let _q = &r.app;
}
'''
MAIN = MAIN_PLAIN
T0 = time.time()
VERBOSE = True
def log(*a):
    print("[%7.2f]" % (time.time() - T0), *a, flush=True)


class Lsp:
    def __init__(self, ws, check_on_save, extra_cfg=None, watcher="client"):
        self.ws = ws
        self.p = subprocess.Popen([RA], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, cwd=ws)
        self.msgs = {}; self.notes = []; self.lock = threading.Condition(); self.rid = 0
        self.registrations = []; self.server_requests = []
        self.quiescent = False
        threading.Thread(target=self.reader, daemon=True).start()
        self.cfg = {"procMacro": {"enable": True}, "cargo": {"buildScripts": {"enable": True}},
                    "checkOnSave": check_on_save, "check": {"command": "check"},
                    "files": {"watcher": watcher}}
        if extra_cfg:
            self.cfg.update(extra_cfg)

    def send(self, m):
        b = json.dumps(m).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b); self.p.stdin.flush()

    def reader(self):
        f = self.p.stdout
        while True:
            hdr = b""
            while not hdr.endswith(b"\r\n\r\n"):
                c = f.read(1)
                if not c: return
                hdr += c
            n = int([l for l in hdr.decode().split("\r\n") if l.lower().startswith("content-length")][0].split(":")[1])
            m = json.loads(f.read(n))
            with self.lock:
                if "id" in m and "method" in m:  # server -> client request
                    self.server_requests.append(m["method"])
                    result = None
                    if m["method"] == "client/registerCapability":
                        self.registrations.append(m["params"])
                    elif m["method"] == "workspace/configuration":
                        result = [self.cfg for _ in m["params"]["items"]]
                    self.send({"jsonrpc": "2.0", "id": m["id"], "result": result})
                elif "id" in m:
                    self.msgs[m["id"]] = m
                else:
                    m["_t"] = time.time()
                    self.notes.append(m)
                    if m.get("method") == "experimental/serverStatus":
                        self.quiescent = m["params"].get("quiescent")
                    if m.get("method") == "$/progress" and VERBOSE:
                        v = m["params"]["value"]
                        if v.get("kind") in ("begin", "end"):
                            log("    progress", v.get("kind"), m["params"]["token"], v.get("title", ""), v.get("message", ""))
                self.lock.notify_all()

    def req(self, method, params, timeout=60):
        with self.lock:
            self.rid += 1; i = self.rid
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        end = time.time() + timeout
        with self.lock:
            while i not in self.msgs and time.time() < end: self.lock.wait(1)
        return self.msgs.get(i)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def init(self):
        r = self.req("initialize", {"processId": os.getpid(), "rootUri": "file://" + self.ws,
            "workspaceFolders": [{"uri": "file://" + self.ws, "name": "app"}],
            "capabilities": {
                "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True, "relativePatternSupport": True},
                              "workspaceFolders": True},
                "textDocument": {"completion": {"completionItem": {"snippetSupport": False}},
                                 "publishDiagnostics": {"versionSupport": True},
                                 "synchronization": {"didSave": True, "dynamicRegistration": True}},
                "window": {"workDoneProgress": True}, "experimental": {"serverStatusNotification": True}},
            "initializationOptions": self.cfg}, timeout=120)
        caps = r["result"]["capabilities"]
        self.server_info = r["result"].get("serverInfo")
        self.caps = caps
        self.notify("initialized", {})
        return r

    def wait_quiescent(self, timeout=300, settle=1.0):
        end = time.time() + timeout
        while time.time() < end:
            with self.lock:
                self.lock.wait(0.5)
                q = self.quiescent
            if q:
                time.sleep(settle)
                with self.lock:
                    if self.quiescent: return True
        return False

    def completion(self, uri, line, col):
        r = self.req("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}) or {}
        res = r.get("result") or []
        items = res["items"] if isinstance(res, dict) else res
        return [it["label"] for it in items]

    def pull_diags(self, uri):
        r = self.req("textDocument/diagnostic", {"textDocument": {"uri": uri}}) or {}
        return r.get("result") or r.get("error")

    def pushed(self, uri, since=0):
        return [(n["_t"], n["params"]) for n in self.notes
                if n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == uri and n["_t"] >= since]

    def close(self):
        try:
            self.req("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.p.wait(timeout=10)
        except Exception:
            pass
        if self.p.poll() is None:
            self.p.kill(); self.p.wait()


def glob_matches(pattern, path, base):
    # LSP glob: ** any dirs, * within a segment, {a,b} alternatives
    def expand(p):
        m = re.search(r"\{([^{}]*)\}", p)
        if not m: return [p]
        return [q for alt in m.group(1).split(",") for q in expand(p[:m.start()] + alt + p[m.end():])]
    if isinstance(pattern, dict):  # RelativePattern
        b = pattern["baseUri"] if isinstance(pattern["baseUri"], str) else pattern["baseUri"]["uri"]
        base = b.replace("file://", ""); pattern = pattern["pattern"]
        rel = os.path.relpath(path, base)
        if rel.startswith(".."): return False
        target = rel
    else:
        target = path
    for p in expand(pattern):
        rx = "^" + re.escape(p).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*").replace(r"\*", "[^/]*").replace(r"\?", "[^/]") + "$"
        if re.match(rx, target) or (not isinstance(pattern, dict) and re.match(rx, os.path.basename(target)) and "/" not in p):
            return True
    return False


class ClientWatcher:
    """What an editor does with rust-analyzer.files.watcher = "client" (VS Code's default): it
    watches the globs rust-analyzer registered and sends didChangeWatchedFiles for each file
    that changes on disk."""
    def __init__(self, lsp, ws, globs):
        self.lsp, self.ws, self.globs = lsp, ws, globs
        self.seen = self.scan(); self.stop = False; self.sent = []
        threading.Thread(target=self.run, daemon=True).start()

    def scan(self):
        out = {}
        for root, dirs, files in os.walk(self.ws):
            dirs[:] = [d for d in dirs if d != "target" and not d.startswith(".")]
            for f in files:
                p = os.path.join(root, f)
                try: out[p] = os.stat(p).st_mtime_ns
                except FileNotFoundError: pass
        return out

    def run(self):
        while not self.stop:
            time.sleep(0.2)
            now = self.scan(); changes = []
            for p, m in now.items():
                if self.seen.get(p) != m and any(glob_matches(g, p, self.ws) for g in self.globs):
                    changes.append({"uri": "file://" + p, "type": 1 if p not in self.seen else 2})
            self.seen = now
            if changes:
                self.sent.append((time.time(), [c["uri"] for c in changes]))
                log("  client: didChangeWatchedFiles", [os.path.relpath(c["uri"][7:], self.ws) for c in changes])
                self.lsp.notify("workspace/didChangeWatchedFiles", {"changes": changes})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workspace"); ap.add_argument("actions")
    ap.add_argument("--poll", type=float, default=30)
    ap.add_argument("--watcher", choices=["client", "server"], default="client")
    ap.add_argument("--expect-fresh", type=float, default=None)
    ap.add_argument("--experimental", action="store_true", help="rust-analyzer.diagnostics.experimental.enable")
    a = ap.parse_args()
    ws = os.path.abspath(a.workspace)
    rs = os.path.join(ws, "src/main.rs"); toml = os.path.join(ws, "links.toml")
    module = os.path.join(ws, "src/links.rs")
    uri = "file://" + rs
    text = MAIN; version = 1

    def wait_module(has):
        end = time.time() + 30
        while time.time() < end:
            if os.path.exists(module) and has in open(module).read(): return True
            time.sleep(0.1)
        return False

    open(toml, "w").write(V1)
    assert wait_module("pub my_bucket"), "the watcher did not write src/links.rs (is `types --watch` running?)"
    open(rs, "w").write(MAIN)

    def pos_after(txt, marker):
        idx = txt.rindex(marker) + len(marker)
        return txt.count("\n", 0, idx), idx - (txt.rfind("\n", 0, idx) + 1)

    # check-on-save on: rust-analyzer's default.
    extra = {"diagnostics": {"experimental": {"enable": True}}} if a.experimental else None
    s = Lsp(ws, True, extra, a.watcher)
    s.init()
    log("serverInfo", s.server_info)
    s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "rust", "version": version, "text": text}})
    log("quiescent:", s.wait_quiescent())
    globs = [w["globPattern"] for reg in s.registrations for r_ in reg["registrations"]
             if r_["method"] == "workspace/didChangeWatchedFiles" for w in r_["registerOptions"]["watchers"]]
    log("registered globs:", json.dumps(globs))
    log("src/links.rs matches them:", any(glob_matches(g, module, ws) for g in globs))
    client = ClientWatcher(s, ws, globs) if a.watcher == "client" else None
    line, col = pos_after(text, "r.")
    log("baseline completion:", sorted(s.completion(uri, line, col))[:12])

    def missing_field(ds, field):
        return any(field in d.get("message", "") and d.get("severity") == 1 for d in ds)

    rows = []; ok = True
    for n, act in enumerate(a.actions.split(",")):
        # Odd steps add NewQueue and drop MyBucket; even steps undo it.
        new, gone, body = ("new_queue", "my_bucket", V2) if n % 2 == 0 else ("my_bucket", "new_queue", V1)
        t = time.time()
        open(toml, "w").write(body)
        log(f"step {n+1}: links.toml saved ({'+NewQueue -MyBucket' if n % 2 == 0 else '+MyBucket -NewQueue'}), then {act}")
        if act == "none":
            pass
        elif act == "save_toml":
            s.notify("textDocument/didSave", {"textDocument": {"uri": "file://" + toml}})
        elif act == "touchrs":
            text = text + "\n"; version += 1
            s.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]})
        elif act == "restart":
            s.close(); s = Lsp(ws, True, extra, a.watcher); s.init()
            if client: client.lsp = s
            s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "rust", "version": version, "text": text}})
        else:
            raise SystemExit("unknown action " + act)
        first_c = first_d = None
        end = t + a.poll
        while time.time() < end:
            line, col = pos_after(text, "r.")
            labels = s.completion(uri, line, col)
            now = time.time()
            if first_c is None and new in labels and gone not in labels: first_c = now - t
            # Only what rust-analyzer pushed after it could know of the rewrite.
            pushed = s.pushed(uri, since=max(t, os.stat(module).st_mtime))
            last = pushed[-1][1]["diagnostics"] if pushed else None
            # Fresh diagnostics: after V2, an error on `r.my_bucket`; after V1, none.
            if last is not None and first_d is None and missing_field(last, "my_bucket") == (n % 2 == 0):
                first_d = pushed[-1][0] - t
            if first_c is not None and first_d is not None: break
            if VERBOSE and pushed and len(pushed) != getattr(s, "_np", -1):
                s._np = len(pushed); log("    pushed:", [(round(p[0]-t,1), [(d.get("source"), d.get("code"), d["message"][:60]) for d in p[1]["diagnostics"]]) for p in pushed[-3:]])
            time.sleep(0.25)
        rows.append((n + 1, act, first_c, first_d))
        # rust-analyzer's own diagnostic of an unknown field is experimental: by default
        # the squiggle is rustc's, from check-on-save (a save of a .rs file).
        times = [first_c, first_d] if a.experimental else [first_c]
        fresh = all(x is not None for x in times) and (a.expect_fresh is None or max(times) <= a.expect_fresh)
        ok = ok and fresh
        log(f"  completion followed: {first_c and round(first_c, 1)} s; diagnostics followed: {first_d and round(first_d, 1)} s")
    if client: client.stop = True
    s.close()
    open(toml, "w").write(V1)
    print("\n| step | links.toml saved, then | completion follows after | diagnostics follow after |")
    print("|---|---|---:|---:|")
    for n, act, c, d in rows:
        f = lambda x: "no (%d s)" % a.poll if x is None else "%.1f s" % x
        print(f"| {n} | {act} | {f(c)} | {f(d)} |")
    if a.expect_fresh is not None and not ok:
        print(f"FAIL: a step did not follow links.toml within {a.expect_fresh} s")
        sys.exit(1)

main()
