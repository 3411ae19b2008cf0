#!/usr/bin/env bash
# Editor freshness of the generated-module design (issue #25): a real rust-analyzer, driven
# over LSP as an editor drives it, completes what links.toml declares within 10 s of each save
# of links.toml, with no edit of any .rs file and no command, while `sst-resources types --out
# src/links.rs --watch` runs: with the editor watching files (VS Code's default,
# rust-analyzer.files.watcher = "client"), with rust-analyzer watching them ("server"), and with
# rust-analyzer's experimental diagnostics on (its unknown-field diagnostic is one; without it
# the squiggle is rustc's, at the next save of a .rs file), where diagnostics must follow too.
# Prints the tables the guide's Editors chapter gives (docs/guide/editors.md). About 3 minutes; not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
rustup component add rust-analyzer >/dev/null 2>&1 || true
cargo build -q -p resource-cli --bin sst-resources
cli="$repo/target/debug/sst-resources"
app="$repo/target/ide-fresh/app"
rm -rf "$app"
mkdir -p "$app/src"
cat > "$app/Cargo.toml" <<TOML
[package]
name = "ide-fresh-app"
version = "0.1.0"
edition = "2021"

[dependencies]
sst-resources = { path = "$repo" }

[workspace]
TOML
printf '[app]\nname = "x"\n\n[resources.MyBucket]\ntype = "sst.aws.Bucket"\n' > "$app/links.toml"
printf 'mod links;\nfn main() {}\n' > "$app/src/main.rs"
status=0
run() { # <files.watcher> <label> [--experimental]
  local watcher=$1 label=$2
  shift 2
  (cd "$app" && exec "$cli" types --out src/links.rs --watch) 2> "$app/watch.log" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  echo "== $label"
  python3 scripts/ide-fresh.py "$app" none,none,none,none --watcher "$watcher" \
    --expect-fresh 10 --poll 12 "$@" | grep -v '^\[' || status=1
  kill $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
}
run client 'defaults (VS Code: files.watcher = "client")'
run server 'rust-analyzer.files.watcher = "server"'
run client 'defaults + rust-analyzer.diagnostics.experimental.enable' --experimental
exit $status
