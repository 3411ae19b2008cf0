#!/usr/bin/env bash
# What sst-resources adds to a user's build, side by side in one run: the same small
# binary (serde derive, serde_json, reading one linked bucket) built cold three ways,
#   baseline       serde + serde_json only, the bucket read by hand
#   sst_sdk        + SST's official untyped crate (crates.io `sst_sdk`, 4.x)
#   sst-resources  + this workspace's facade, one `sst_resources!` on the demo's links.toml
#   one-bucket     the same, on a links.toml of one bucket (what the sst_sdk app reads)
# each as `cargo build` (debug), `cargo check` and `cargo build --release`, every build
# in an empty target directory. Prints wall seconds, the crates compiled, and any crate
# compiled twice (once for the proc-macro's host graph, once for the app); for release
# also the binary's size, stripped (`strip`, as a Lambda ships it).
#
#   bash scripts/build-cost.sh          # every mode
#   bash scripts/build-cost.sh debug    # one mode: debug, check or release
#   ROUNDS=3 bash scripts/build-cost.sh # each build 3 times, apps alternating; medians
#   BEFORE=f6c3a63 bash scripts/build-cost.sh  # also the sst-resources app on the tree
#                                       # of that revision (a git worktree), alternated
#   bash scripts/build-cost.sh handler  # the Lambda handler of examples/handler, and the
#                                       # same handler on sst_sdk: release, stripped
#                                       # sizes only (one shared target: the AWS SDK
#                                       # builds once; minutes)
#
# Seconds are wall time; "cpu s" is user + system time of the whole build (every
# rustc), steadier than wall time on a shared machine; "load" is the 1-minute load
# average when each build started (median), to read the seconds against. Each app's
# builds alternate with the others' round by round, so a load change hits every app
# alike. "KB" is the stripped release binary (1 KB = 1,000 bytes); "+KB" what the app
# adds to the baseline's.
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
load1() { cut -d' ' -f1 /proc/loadavg; }
if [[ -n "${BEFORE:-}" ]]; then
    BEFORE_TREE="$WORK/before-src"
    git worktree prune
    git worktree add --quiet --detach "$BEFORE_TREE" "$BEFORE"
    trap 'git worktree remove --force "$BEFORE_TREE" 2>/dev/null || true' EXIT
fi

# The handler of examples/handler (lambda_runtime, the AWS SDK, three links) as it is,
# the same handler reading its links through sst_sdk into hand-written serde structs,
# and with BEFORE the handler on that tree. Each is a workspace of its own, as a
# user's would be (in one workspace cargo unifies features: a feature one enables on
# serde_json, say, would be in the others' binaries too), all with the same lock file
# and one target directory, kept between runs (a size does not depend on a cold
# build, and the AWS SDK takes many minutes to build here).
handler_size() {
    local dir="$ROOT/target/build-cost-handler"
    local apps=(sst-resources sst_sdk ${BEFORE:+before})
    mkdir -p "$dir"
    rm -rf "${apps[@]/#/$dir/}"
    for app in "${apps[@]}"; do
        local root="$ROOT"
        [[ $app == before ]] && root="$BEFORE_TREE"
        mkdir -p "$dir/$app"
        # The handler as it is in that tree (BEFORE's may predate the typed handles).
        cp -r "$root/examples/handler/src" "$root/examples/handler/links.toml" "$dir/$app/"
        sed -e "s|path = \"../..\"|path = \"$root\"|" -e '/^\[dev-dependencies\]/,$d' \
            "$root/examples/handler/Cargo.toml" >"$dir/$app/Cargo.toml"
        printf '\n[workspace]\nresolver = "3"\n' >>"$dir/$app/Cargo.toml"
    done
    if [[ -n "${BEFORE:-}" ]]; then
        sed -i -e 's/^name = "handler-demo"/name = "handler-before"/' "$dir/before/Cargo.toml"
        sed -i 's/handler_demo::/handler_before::/' "$dir/before/src/main.rs"
    fi
    sed -i -e 's/^name = "handler-demo"/name = "handler-sst-sdk"/' \
        -e 's/^sst-resources = .*/sst_sdk = "4"/' "$dir/sst_sdk/Cargo.toml"
    sed -i 's/handler_demo::/handler_sst_sdk::/' "$dir/sst_sdk/src/main.rs"
    # The macro call becomes what a user of sst_sdk writes for the same links.
    python3 - "$dir/sst_sdk/src/lib.rs" <<'PY'
import sys
path = sys.argv[1]
src = open(path).read()
call = 'sst_resources::sst_resources!("links.toml", function = "Api");'
assert call in src, "examples/handler/src/lib.rs no longer calls the macro this way"
src = src.replace(call, """/// Api's links, read through SST's own crate into hand-written structs.
pub struct Resource {
    pub app: App,
    pub my_bucket: Named,
    pub my_table: Named,
    pub signing_key: SecretLink,
}

#[derive(Debug, Deserialize)]
pub struct App {
    pub name: String,
    pub stage: String,
}

#[derive(Debug, Deserialize)]
pub struct Named {
    pub name: String,
}

#[derive(Deserialize)]
pub struct SecretLink {
    pub value: String,
}

impl Resource {
    pub fn load() -> Result<Self, sst_sdk::ResourceError> {
        let links = sst_sdk::Resource::init()?;
        Ok(Resource {
            app: links.get("App")?,
            my_bucket: links.get("MyBucket")?,
            my_table: links.get("MyTable")?,
            signing_key: links.get("SigningKey")?,
        })
    }
}""")
src = src.replace("links.signing_key.value.expose()", "&links.signing_key.value")
# The typed handles' calls, as the SDK is called with a name by hand.
for handle, call, setter in (
    (".my_bucket\n        .s3(&aws.s3)", ".put_object()", ".bucket(bucket)"),
    (".my_table\n        .dynamodb(&aws.dynamo)", ".put_item()", ".table_name(table)"),
):
    typed = f"links\n        {handle}\n        {call}"
    assert typed in src, f"examples/handler/src/lib.rs no longer calls {call} through its handle"
    src = src.replace(typed, f"aws.{'s3' if 's3' in handle else 'dynamo'}\n        {call}\n        {setter}")
src = src[: src.index("#[cfg(test)]")]
open(path, "w").write(src)
PY
    # One lock file for all: the first resolution, then each workspace's own members.
    [[ -f "$dir/Cargo.lock" ]] || (cd "$dir/sst-resources" && cargo generate-lockfile --quiet && cp Cargo.lock ..)
    for app in "${apps[@]}"; do
        cp "$dir/Cargo.lock" "$dir/$app/"
        (cd "$dir/$app" && cargo update --workspace --quiet && cargo fetch --quiet)
    done
    echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(rustc --version)"
    local load
    load=$(load1)
    : >"$dir/build.log"
    local start=$SECONDS
    local failed=""
    for app in "${apps[@]}"; do
        (cd "$dir/$app" && CARGO_TARGET_DIR="$dir/target" \
            cargo build --release --offline >>"$dir/build.log" 2>&1) || { failed=$app; break; }
    done
    [[ -z $failed ]] || {
        cat "$dir/build.log"
        echo "build-cost: the handlers failed to build" >&2
        exit 1
    }
    printf '%-8s %-16s %9s %7s\n' mode app KB load
    for bin in handler-demo handler-sst-sdk ${BEFORE:+handler-before}; do
        strip -o "$dir/$bin.stripped" "$dir/target/release/$bin"
        printf '%-8s %-16s %9.1f %7s\n' handler "$bin" "$(echo "$(stat -c %s "$dir/$bin.stripped") / 1000" | bc -l)" "$load"
    done
    echo "(built in $((SECONDS - start)) s wall; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
}
if [[ " ${MODES[*]} " == *" handler "* ]]; then
    handler_size
    read -r -a MODES <<<"$(tr ' ' '\n' <<<"${MODES[*]}" | grep -vx handler | tr '\n' ' ')"
    [[ ${#MODES[@]} -gt 0 ]] || exit 0
fi

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

APPS=(baseline sst_sdk sst-resources one-bucket)
if [[ -n "${BEFORE:-}" ]]; then
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

# The app the issue describes, as sst_sdk's reads it: a links.toml of one bucket.
mkdir -p "$WORK/one-bucket"
printf '[resources.MyBucket]\ntype = "sst.aws.Bucket"\n' >"$WORK/one-bucket/links.toml"
write_app one-bucket "sst-resources = { path = \"$ROOT\" }" "$(cat "$WORK/sst-resources/src/main.rs")"

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
printf '%-8s %-14s %9s %7s %7s %6s %8s %7s  %s\n' mode app seconds "cpu s" crates load KB +KB "compiled twice"
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
for mode in "${MODES[@]}"; do
    case "$mode" in
        debug) args=(build) ;;
        check) args=(check) ;;
        release) args=(build --release) ;;
        *) echo "unknown mode $mode (debug, check or release)" >&2; exit 2 ;;
    esac
    declare -A walls=() cpus=() loads=() sizes=()
    for round in $(seq "$ROUNDS"); do
        for app in "${APPS[@]}"; do
            target="$WORK/target-$app-$mode"
            rm -rf "$target"
            log="$WORK/$app-$mode.log"
            times="$WORK/$app-$mode.time"
            loads[$app]+="$(load1) "
            (cd "$WORK/$app" && CARGO_TARGET_DIR="$target" CARGO_INCREMENTAL=0 \
                /usr/bin/time -f '%e %U %S' -o "$times" cargo "${args[@]}" --offline >"$log" 2>&1) || {
                cat "$log"
                echo "build-cost: $app failed to build ($mode)" >&2
                exit 1
            }
            read -r wall user sys <"$times"
            if [[ $mode == release ]]; then
                strip -o "$WORK/$app.stripped" "$target/release/cost-$app"
                sizes[$app]="$(stat -c %s "$WORK/$app.stripped")"
            fi
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
        load=$(tr ' ' '\n' <<<"${loads[$app]}" | grep . | median)
        kb=- plus=-
        if [[ -n "${sizes[$app]:-}" ]]; then
            kb=$(printf '%.1f' "$(echo "${sizes[$app]} / 1000" | bc -l)")
            plus=$(printf '%+.1f' "$(echo "(${sizes[$app]} - ${sizes[baseline]}) / 1000" | bc -l)")
        fi
        printf '%-8s %-14s %9.1f %7.1f %7s %6s %8s %7s  %s\n' "$mode" "$app" "$wall" "$cpu" "$crates" "$load" "$kb" "$plus" "${twice:--}"
    done
    unset walls cpus loads sizes
done
