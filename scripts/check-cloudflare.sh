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
    # A crate linking a secret compiled for wasm32-unknown-unknown must not build unless
    # the manifest marks it server-side (browsers run that target, and would be handed
    # the secret); the same crate builds on the host, and with `server = true`.
    guard="$PWD/target/wasm-guard"
    rm -rf "$guard"
    for kind in browser server; do
        mkdir -p "$guard/$kind/src"
        cp Cargo.lock "$guard/$kind/Cargo.lock"
        cat >"$guard/$kind/Cargo.toml" <<TOML
[package]
name = "wasm-guard-$kind"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
sst-resources = { path = "$PWD", default-features = false }
TOML
        cat >"$guard/$kind/links.toml" <<'TOML'
[resources.Site]
type = "sst.aws.Bucket"

[resources.StripeKey]
type = "sst.Secret"

[functions.Checkout]
link = ["Site", "StripeKey"]
TOML
        cat >"$guard/$kind/src/lib.rs" <<'RUST'
sst_resources::sst_resources!("links.toml", function = "Checkout");
RUST
    done
    echo 'server = true' >>"$guard/server/links.toml"
    check_guard() { # kind, where (wasm32 or host); its stderr goes to $guard/<kind>-<where>.stderr
        local flags=()
        [[ "$2" == wasm32 ]] && flags=(--target wasm32-unknown-unknown)
        CARGO_TARGET_DIR="$PWD/target" cargo check --quiet --manifest-path "$guard/$1/Cargo.toml" "${flags[@]}" 2>"$guard/$1-$2.stderr"
    }
    if check_guard browser wasm32; then
        echo "FAIL: a secret linked to a browser function compiled for wasm32-unknown-unknown"
        exit 1
    fi
    for expected in \
        'function `Checkout` (links.toml:7) links secrets, and this crate is compiled for wasm32-unknown-unknown' \
        '  - `StripeKey.value` (sst.Secret, links.toml:4)' \
        'mark it in links.toml: `[functions.Checkout] server = true`'; do
        if ! grep -qF -- "$expected" "$guard/browser-wasm32.stderr"; then
            cat "$guard/browser-wasm32.stderr"
            echo "FAIL: the wasm32 secrets error does not say: $expected"
            exit 1
        fi
    done
    check_guard browser host || { cat "$guard/browser-host.stderr"; echo "FAIL: the browser crate does not build on the host"; exit 1; }
    check_guard server wasm32 || { cat "$guard/server-wasm32.stderr"; echo "FAIL: server = true does not build for wasm32"; exit 1; }
    echo "cloudflare: secrets refused for wasm32-unknown-unknown without server = true, allowed with it and on the host"
else
    echo "!!!!!!!! cloudflare: wasm32-unknown-unknown cannot be installed here; checked on the host only !!!!!!!!"
fi
