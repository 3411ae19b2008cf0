#!/usr/bin/env bash
# Runs the demo with the environment SST would inject, computed by
# `sst-resources env` from links.toml and the dev stage's values (links.dev.toml);
# the secret comes from SST_SECRET_StripeKey, as in SST (a demo value unless set).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export SST_SECRET_StripeKey="${SST_SECRET_StripeKey:-sk_test_51Hc0ffee}"
env_vars="$(cargo run --quiet --manifest-path "$here/../../Cargo.toml" -p resource-cli -- \
    env --manifest "$here/links.toml" --stage dev --format shell)"
eval "$env_vars"
exec cargo run --quiet --manifest-path "$here/Cargo.toml"
