#!/usr/bin/env bash
# Every test of the workspace: unit, integration, compile-fail (trybuild), doc tests.
# The README's test command; .ci/run calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
