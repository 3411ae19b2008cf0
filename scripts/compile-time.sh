#!/usr/bin/env bash
# Times whole builds of a crate whose only code is `sst_resources!` over N links
# (benches/manifests/links-N.toml), and of the same crate with the generated code
# pasted in (`sst-resources types`): release and debug, median of 3 builds each,
# after dependencies are built.
# usage: bash scripts/compile-time.sh [N...]   (default: 10 100 1000)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$root/target/compile-time"
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<TOML
[package]
name = "compile-time"
version = "0.0.0"
edition = "2024"
[dependencies]
sst-resources = { path = "$root" }
[workspace]
TOML
cp "$root/Cargo.lock" "$work/Cargo.lock"
main='fn main() { match Resource::load() { Ok(r) => println!("{:?}", r.app), Err(e) => println!("{}", e.problems().len()) } }'
echo "sst_resources::sst_resources!(\"links.toml\"); $main" > "$work/src/main.rs"
cargo build -q --release -p resource-cli --manifest-path "$root/Cargo.toml" --target-dir "$root/target"
cli="$root/target/release/sst-resources"
export CARGO_TARGET_DIR="$work/target"
# Whole builds, not incremental rebuilds of the previous run.
export CARGO_INCREMENTAL=0
cp "$root/benches/manifests/links-10.toml" "$work/links.toml"
(cd "$work" && cargo build -q --release && cargo build -q)   # dependencies, not timed
for n in "${@:-10 100 1000}"; do
  for n1 in $n; do
    cp "$root/benches/manifests/links-$n1.toml" "$work/links.toml"
    for variant in macro pasted; do
      if [ "$variant" = macro ]; then
        echo "sst_resources::sst_resources!(\"links.toml\"); $main" > "$work/src/main.rs"
      else
        { "$cli" types --manifest "$work/links.toml"; echo "$main"; } > "$work/src/main.rs"
      fi
      for profile in release debug; do
        flag=""; [ "$profile" = release ] && flag="--release"
        runs=()
        for _ in 1 2 3; do
          touch "$work/src/main.rs"
          runs+=("$( { /usr/bin/time -f "%e %M" cargo build -q $flag --manifest-path "$work/Cargo.toml"; } 2>&1 | tail -1 )")
        done
        median=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p)
        echo "links=$n1 $variant $profile: median of 3 ${median% *} s, peak ${median#* } KB"
      done
    done
  done
done
