#!/usr/bin/env bash
# Runs the demo with the variables SST would inject (dev.env), exported for real.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
set -a
# shellcheck source=/dev/null
. "$here/dev.env"
set +a
exec cargo run --quiet --manifest-path "$here/Cargo.toml"
