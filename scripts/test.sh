#!/usr/bin/env bash
# Every test: unit, integration, compile-fail (trybuild), doc tests, the cross-checks
# (SST's JS SDK and SST's own CLI, installed from npm), the AWS home against moto, and
# the handler end to end against moto with IAM enforced, with every operation of the
# typed handles judged there too (both install moto from PyPI into target/moto-venv), and the Worker example in workerd beside SST's JS SDK
# (installs wasm-bindgen-cli into target/tools and miniflare from npm). The README's
# test command; .ci/run calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --all-targets
cargo test --workspace --doc
# Features no workspace crate turns on: secrecy interop.
cargo test -p resource-runtime --features secrecy --lib
bash scripts/test-aws.sh
bash scripts/e2e.sh
bash scripts/test-worker.sh
