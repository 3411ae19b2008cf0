#!/usr/bin/env bash
# Peak RSS of a process that builds the same 1,000-resource environment and then
# loads it with sst-resources, with hand-written serde structs, or not at all.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release --example memory
for mode in none serde sst; do
  /usr/bin/time -f "memory $mode: peak %M KB" target/release/examples/memory "$mode"
done
