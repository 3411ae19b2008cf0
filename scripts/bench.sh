#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md in one run on this machine: load and access
# (criterion), the encrypted bundle, macro expansion, whole-build compile times
# (macro vs pasted code), what the crate adds to a user's cold build (build-cost.sh),
# and SST's JS SDK on the same environments.
# Installs what it needs (the `sst` npm package for the JS comparison).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(rustc --version), node $(node --version 2>/dev/null || echo none)"
cargo bench --bench load -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E '^(load|access)|time:'
cargo bench --bench bundle -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E '^bundle|time:'
cargo bench -p resource-codegen --bench expand -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E '^macro|time:'
bash scripts/compile-time.sh 10 100 1000 2>&1 | grep 'links='
bash scripts/memory.sh 2>&1 | grep 'memory '
bash scripts/build-cost.sh
if command -v node >/dev/null; then
    if [ ! -f tests/cross-check/node_modules/sst/package.json ]; then
        (cd tests/cross-check && npm install --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error)
    fi
    for n in 10 100 1000; do node benches/node-load.mjs "$n" 15; done
else
    echo "!!!!!!!! node is not installed: the JS SDK comparison is skipped !!!!!!!!"
fi
