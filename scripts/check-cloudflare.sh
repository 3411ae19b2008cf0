#!/usr/bin/env bash
# The `cloudflare` feature: the generated Worker API against the real `worker::Env`
# (host), then the Worker example and the facade for wasm32-unknown-unknown when that
# target can be installed; if it cannot, says so loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo clippy -p sst-resources --features cloudflare --tests -- -D warnings
if rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    cargo check --target wasm32-unknown-unknown -p worker-demo
    cargo check --target wasm32-unknown-unknown -p sst-resources --no-default-features --features cloudflare
    echo "cloudflare: checked for wasm32-unknown-unknown"
else
    echo "!!!!!!!! cloudflare: wasm32-unknown-unknown cannot be installed here; checked on the host only !!!!!!!!"
fi
