#!/usr/bin/env bash
# What sst-resources adds to a user's build, side by side in one run: the same small
# binary (serde derive, serde_json, reading one linked bucket) built cold three ways,
#   baseline       serde + serde_json only, the bucket read by hand
#   sst_sdk        + SST's official untyped crate (crates.io `sst_sdk`, 4.x)
#   sst-resources  + this workspace's facade, one `sst_resources!` on the demo's links.toml
# each as `cargo build` (debug), `cargo check` and `cargo build --release`, every build
# in an empty target directory. Prints wall seconds, the crates compiled, and any crate
# compiled twice (once for the proc-macro's host graph, once for the app).
#
#   bash scripts/build-cost.sh          # every mode
#   bash scripts/build-cost.sh debug    # one mode: debug, check or release
#   ROUNDS=3 bash scripts/build-cost.sh # each build 3 times, apps alternating; medians
#   BEFORE=f6c3a63 bash scripts/build-cost.sh  # also the sst-resources app on the tree
#                                       # of that revision (a git worktree), alternated
#
# Seconds are wall time; "cpu s" is user + system time of the whole build (every
# rustc), steadier than wall time on a shared machine. Each app's builds alternate with
# the others' round by round, so a load change hits every app alike.
#
# Run it on a quiet machine: these are wall-clock times. Crates are fetched once from
# crates.io into cargo's own cache (not timed: `cargo fetch` runs first).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="$ROOT/target/build-cost"
MODES=("${@:-debug check release}")
read -r -a MODES <<<"${MODES[*]}"
rm -rf "$WORK"
mkdir -p "$WORK"

write_app() { # name, extra dependency lines, main.rs
    local dir="$WORK/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "cost-$1"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
$2
TOML
    printf '%s\n' "$3" >"$dir/src/main.rs"
}

write_app baseline "" '#[derive(serde::Deserialize, Debug)]
struct Bucket {
    name: String,
}

fn main() {
    let json = std::env::var("SST_RESOURCE_MyBucket").unwrap_or_else(|_| r#"{"name":"b"}"#.into());
    let bucket: Bucket = serde_json::from_str(&json).expect("a bucket");
    println!("{}", bucket.name);
}'

write_app sst_sdk 'sst_sdk = "4"' '#[derive(serde::Deserialize, Debug)]
struct Bucket {
    name: String,
}

fn main() {
    let resource = sst_sdk::Resource::init().expect("links");
    let bucket: Bucket = resource.get("MyBucket").expect("a bucket");
    println!("{}", bucket.name);
}'

APPS=(baseline sst_sdk sst-resources)
if [[ -n "${BEFORE:-}" ]]; then
    BEFORE_TREE="$WORK/before-src"
    git worktree remove --force "$BEFORE_TREE" 2>/dev/null || rm -rf "$BEFORE_TREE"
    git worktree add --quiet --detach "$BEFORE_TREE" "$BEFORE"
    trap 'git worktree remove --force "$BEFORE_TREE" 2>/dev/null || true' EXIT
    APPS+=(before)
fi
ROUNDS="${ROUNDS:-1}"

cp examples/demo/links.toml "$WORK/links.toml"
mkdir -p "$WORK/sst-resources"
cp examples/demo/links.toml "$WORK/sst-resources/links.toml"
write_app sst-resources "sst-resources = { path = \"$ROOT\" }" 'sst_resources::sst_resources!("links.toml");

#[derive(serde::Deserialize, Debug)]
struct Unused {
    name: String,
}

fn main() {
    let _ = serde_json::from_str::<Unused>(r#"{"name":"x"}"#).map(|u| u.name);
    let resource = Resource::load().expect("links");
    println!("{}", resource.my_bucket.name);
}'

if [[ -n "${BEFORE:-}" ]]; then
    # The same app, depending on the tree of $BEFORE.
    mkdir -p "$WORK/before"
    cp -r "$WORK/sst-resources/src" "$WORK/sst-resources/links.toml" "$WORK/before/"
    sed -e 's/^name = "cost-sst-resources"/name = "cost-before"/' \
        -e "s|path = \"$ROOT\"|path = \"$BEFORE_TREE\"|" \
        "$WORK/sst-resources/Cargo.toml" >"$WORK/before/Cargo.toml"
fi

for app in "${APPS[@]}"; do
    (cd "$WORK/$app" && cargo generate-lockfile --quiet && cargo fetch --quiet)
done

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version); rounds: $ROUNDS${BEFORE:+; before = $BEFORE}"
printf '%-8s %-14s %9s %7s %7s  %s\n' mode app seconds "cpu s" crates "compiled twice"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for mode in "${MODES[@]}"; do
    case "$mode" in
        debug) args=(build) ;;
        check) args=(check) ;;
        release) args=(build --release) ;;
        *) echo "unknown mode $mode (debug, check or release)" >&2; exit 2 ;;
    esac
    declare -A walls=() cpus=()
    for round in $(seq "$ROUNDS"); do
        for app in "${APPS[@]}"; do
            target="$WORK/target-$app-$mode"
            rm -rf "$target"
            log="$WORK/$app-$mode.log"
            times="$WORK/$app-$mode.time"
            (cd "$WORK/$app" && CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=0 \
                /usr/bin/time -f '%e %U %S' -o "$times" cargo "${args[@]}" --offline >"$log" 2>&1) || {
                cat "$log"
                echo "build-cost: $app failed to build ($mode)" >&2
                exit 1
            }
            read -r wall user sys <"$times"
            walls[$app]+="$wall "
            cpus[$app]+="$(echo "$user + $sys" | bc) "
        done
    done
    for app in "${APPS[@]}"; do
        log="$WORK/$app-$mode.log"
        crates=$(grep -c '^ *\(Compiling\|Checking\)' "$log" || true)
        twice=$(grep -o '^ *\(Compiling\|Checking\) [^ ]* v[^ ]*' "$log" | awk '{print $2"@"$3}' | sort | uniq -d | tr '\n' ' ')
        wall=$(tr ' ' '\n' <<<"${walls[$app]}" | grep . | median)
        cpu=$(tr ' ' '\n' <<<"${cpus[$app]}" | grep . | median)
        printf '%-8s %-14s %9.1f %7.1f %7s  %s\n' "$mode" "$app" "$wall" "$cpu" "$crates" "${twice:--}"
    done
    unset walls cpus
done
