#!/usr/bin/env bash
# The main job: the demo app run with the links SST would give it, end to end.
# 1. `sst-resources secret set` seals the app's secret in SST's own store (here a
#    scratch home under target/, so your real ~/.config/sst is never touched);
# 2. `sst-resources run` computes what SST injects (links.toml, the dev stage's values
#    in links.dev.toml, the secret from the store) and runs the app with it;
# 3. the app reads it with `Resource::load()`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
export SST_HOME="${SST_HOME:-$root/target/demo-sst-home}"
sst_resources() {
    cargo run --quiet --manifest-path "$root/Cargo.toml" -p resource-cli -- "$@"
}
printf '%s' "${STRIPE_KEY:-sk_test_51Hc0ffee}" |
    sst_resources secret set StripeKey - --manifest "$here/links.toml" --stage dev
sst_resources run --manifest "$here/links.toml" --stage dev -- \
    cargo run --quiet --manifest-path "$here/Cargo.toml"
