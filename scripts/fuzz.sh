#!/usr/bin/env bash
# Runs one fuzz target for a while: `bash scripts/fuzz.sh TARGET SECONDS [libFuzzer args]`;
# `bash scripts/fuzz.sh TARGET cmin` then folds the run's new inputs into the committed
# corpus, minimized (only inputs that add coverage stay).
# Targets: links_toml values_toml sst_env_dts resource_json resources_json bundle
# pulumi_state secret_store dotenv (fuzz/fuzz_targets/). New inputs go to
# fuzz/work/TARGET (not committed), crashes to fuzz/artifacts/TARGET; the committed
# corpus (fuzz/corpus/TARGET) and regression inputs (fuzz/regressions/TARGET) seed it.
# Keep a crash: copy it to fuzz/regressions/TARGET/, fix it, and tests/fuzz_replay.rs
# replays it on stable.
# Nightly Rust is used here only: cargo-fuzz needs it (sanitizers); nothing else does.
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 TARGET SECONDS [libFuzzer args]" >&2
    exit 2
fi
target=$1
seconds=$2
shift 2

cd "$(dirname "$0")/../fuzz"
if [ ! -f "fuzz_targets/$target.rs" ]; then
    echo "error: no fuzz target \`$target\`; the targets: $(cd fuzz_targets && ls | sed 's/\.rs$//' | tr '\n' ' ')" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz
fi
mkdir -p "work/$target" "corpus/$target" "regressions/$target"
if [ "$seconds" = cmin ]; then
    merged=$(mktemp -d)
    cp "corpus/$target/." "work/$target/." -r "$merged/"
    # Edges only (no hit counts), inputs cut to 300 bytes: a corpus small enough to
    # commit (tens of KB a target) and replay in CI. Later arguments override these.
    nice -n 19 cargo +nightly fuzz cmin "$target" "$merged" -- \
        -timeout=5 -rss_limit_mb=2048 -use_counters=0 -max_len=300 "$@"
    rm -rf "corpus/$target"
    mv "$merged" "corpus/$target"
    chmod 755 "corpus/$target"
    echo "corpus/$target: $(ls "corpus/$target" | wc -l) inputs, $(du -sh "corpus/$target" | cut -f1)"
    exit
fi
# A parse of a few KB takes milliseconds: five seconds is a hang or a blow-up.
exec nice -n 19 cargo +nightly fuzz run "$target" "work/$target" "corpus/$target" "regressions/$target" -- \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 "$@"
