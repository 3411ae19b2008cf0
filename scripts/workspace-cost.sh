#!/usr/bin/env bash
# What the workspace design costs a build, side by side in one run: the workspace
# example (examples/workspace/: a types crate, a shared crate, two function binaries)
# built cold, against the same workspace where each binary calls the macro itself
# (`sst_resources!("links.toml", function = "Api")`, no types crate, the shared crate
# taking plain names). Each is `cargo build` (debug) in an empty target directory,
# the two alternating round by round; prints wall and cpu seconds, medians, and the
# ratio shared / per-binary.
#
#   bash scripts/workspace-cost.sh           # 3 rounds
#   ROUNDS=5 bash scripts/workspace-cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="$ROOT/target/workspace-cost"
ROUNDS="${ROUNDS:-3}"
rm -rf "$WORK"
mkdir -p "$WORK"

# Variant 1: the example as it is, as a workspace of its own.
make_shared() {
    local dir="$WORK/shared"
    cp -r "$ROOT/examples/workspace" "$dir"
    sed -i "s|path = \"../..\"|path = \"$ROOT\"|; s|path = \"../../..\"|path = \"$ROOT\"|" \
        "$dir/Cargo.toml" "$dir"/links/Cargo.toml "$dir"/orders/Cargo.toml
    sed -i "s|path = \"../../..\"|path = \"$ROOT\"|" "$dir"/links/Cargo.toml "$dir"/orders/Cargo.toml
    printf '\n[workspace]\nmembers = ["links", "orders"]\n' >>"$dir/Cargo.toml"
}

# Variant 2: each binary calls the macro itself; the shared crate takes names.
make_per_binary() {
    local dir="$WORK/per-binary"
    cp -r "$ROOT/examples/workspace" "$dir"
    rm -rf "$dir/links"
    sed -i "s|path = \"../..\"|path = \"$ROOT\"|; /shop-links/d" "$dir/Cargo.toml"
    sed -i "/shop-links/d; s|path = \"../../..\"|path = \"$ROOT\"|" "$dir/orders/Cargo.toml"
    printf '\n[workspace]\nmembers = ["orders"]\n' >>"$dir/Cargo.toml"
    cat >"$dir/orders/src/lib.rs" <<'RS'
//! The shared crate without link types: callers pass the names.
pub fn order_key(table: &str, id: &str) -> (String, String) {
    (table.to_owned(), format!("ORDER#{id}"))
}
pub fn record_order(table: &str, bus: &str, id: &str) -> (String, String, String, String) {
    let (table, key) = order_key(table, id);
    (table, key, bus.to_owned(), "OrderRecorded".to_owned())
}
RS
    cat >"$dir/src/bin/api.rs" <<'RS'
sst_resources::sst_resources!("links.toml", function = "Api");
fn main() -> Result<(), sst_resources::LoadError> {
    let links = Resource::load()?;
    let (table, key, bus, detail) =
        shop_orders::record_order(&links.orders.name, &links.event_bus.name, "42");
    println!("Api: put {key} into {table}, then {detail} on {bus}");
    Ok(())
}
RS
    cat >"$dir/src/bin/reports.rs" <<'RS'
sst_resources::sst_resources!("links.toml", function = "Reports");
fn main() -> Result<(), sst_resources::LoadError> {
    let links = Resource::load()?;
    let (table, key) = shop_orders::order_key(&links.orders.name, "42");
    println!("Reports: read {key} from {table}, receipt to s3://{}/receipts/42.pdf", links.receipts.name);
    Ok(())
}
RS
}

make_shared
make_per_binary
for v in shared per-binary; do
    cp "$ROOT/Cargo.lock" "$WORK/$v/Cargo.lock"
    (cd "$WORK/$v" && cargo fetch --quiet)
done

declare -A WALL CPU
for round in $(seq 1 "$ROUNDS"); do
    for v in shared per-binary; do
        rm -rf "$WORK/$v/target"
        start=$(date +%s.%N)
        /usr/bin/time -f "%U %S" -o "$WORK/$v.time" \
            cargo build --quiet --offline --manifest-path "$WORK/$v/Cargo.toml" \
            --target-dir "$WORK/$v/target"
        end=$(date +%s.%N)
        wall=$(echo "$end - $start" | bc)
        cpu=$(awk '{print $1 + $2}' "$WORK/$v.time")
        WALL[$v]="${WALL[$v]:-} $wall"
        CPU[$v]="${CPU[$v]:-} $cpu"
        printf 'round %d %-10s wall %6.2f s  cpu %6.2f s\n' "$round" "$v" "$wall" "$cpu"
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ws=$(echo "${WALL[shared]}" | median); wp=$(echo "${WALL[per-binary]}" | median)
cs=$(echo "${CPU[shared]}" | median); cp_=$(echo "${CPU[per-binary]}" | median)
echo
printf '%-28s %8s %8s\n' "cold debug build, median" "wall s" "cpu s"
printf '%-28s %8.2f %8.2f\n' "shared types (the example)" "$ws" "$cs"
printf '%-28s %8.2f %8.2f\n' "macro per binary" "$wp" "$cp_"
printf '%-28s %8.3f %8.3f\n' "ratio shared / per binary" "$(echo "$ws / $wp" | bc -l)" "$(echo "$cs / $cp_" | bc -l)"
