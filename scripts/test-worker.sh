#!/usr/bin/env bash
# examples/worker, built as Rust Workers are built, run in workerd (miniflare) with the
# bindings SST gives a Worker, beside the same Worker on SST's own JS SDK
# (tests/worker/test.mjs says what is asserted). Everything comes from the registries:
# wasm-bindgen-cli from crates.io (exactly Cargo.lock's wasm-bindgen, into
# target/tools), miniflare (with workerd), esbuild and sst from npm (tests/worker).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target=${CARGO_TARGET_DIR:-$root/target}
tools=$target/tools
out=$target/worker

# wasm-bindgen's CLI must be the very version the crate was built with.
version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ "$("$tools/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]]; then
    echo "installing wasm-bindgen-cli $version into $tools"
    nice cargo install --quiet wasm-bindgen-cli --version "=$version" --root "$tools"
fi

# npm ci when the lock file is newer than the install.
if [[ ! tests/worker/node_modules/.package-lock.json -nt tests/worker/package-lock.json ]]; then
    (cd tests/worker && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# The Worker: the cdylib for wasm32-unknown-unknown, then wasm-bindgen's JS glue
# (--target web: initSync from the module workerd compiles); test.mjs writes the entry.
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
nice cargo build --quiet --release --target wasm32-unknown-unknown -p worker-demo
rm -rf "$out/rust"
"$tools/bin/wasm-bindgen" --target web --no-typescript --out-dir "$out/rust" --out-name index \
    "$target/wasm32-unknown-unknown/release/worker_demo.wasm"
echo "worker: $(du -k "$out/rust/index_bg.wasm" | cut -f1) KiB of wasm"

node --test-reporter=spec tests/worker/test.mjs "$out/rust"
