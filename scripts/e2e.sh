#!/usr/bin/env bash
# End to end against a real AWS API, with no cloud account: examples/handler (Rust,
# lambda_runtime, the AWS SDK) writes into its linked bucket and table on a local moto
# server that enforces IAM, as a user whose only policy is what `sst-resources policy`
# prints for it. Under `sst-resources run` (variables, as on ECS), then as SST runs a
# Lambda (only SST_RESOURCE_App, SST_KEY, SST_KEY_FILE and resource.enc): once calling
# the core function directly, once under lambda_runtime against a one-event Runtime API.
# Then moto judges every operation a typed handle performs (scripts/e2e_operations.py):
# the policy `policy --binary` derives for it succeeds, and fails without each action.
# Ends with `N passed, M failed`; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$root/target/e2e"
# The venv and version scripts/test-aws.sh uses too, so CI installs moto once.
venv="${MOTO_VENV:-target/moto-venv}"
[[ "$venv" == /* ]] || venv="$root/$venv"
moto_version="5.2.5"
rm -rf "$work"
mkdir -p "$work"

passed=0
failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
# Runs a check (LABEL COMMAND...) and counts its PASS/FAIL lines.
counted() {
    local label="$1" out
    shift
    out="$("$@" 2>&1)" || true
    echo "$out"
    passed=$((passed + $(grep -c '^PASS: ' <<<"$out" || true)))
    failed=$((failed + $(grep -c '^FAIL: ' <<<"$out" || true)))
    grep -qE '^(PASS|FAIL): ' <<<"$out" || fail "$label gave no verdict"
}
# Runs a check of scripts/e2e_aws.py.
aws_check() { counted "e2e_aws.py $1" "$venv/bin/python" scripts/e2e_aws.py "$@"; }

# moto[server] in a venv of its own, installed once.
if ! "$venv/bin/python" -c "import moto, boto3; assert moto.__version__ == '$moto_version'" 2>/dev/null; then
    echo "installing moto[server]==$moto_version into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$moto_version"
fi

# SST_RESOURCES_CLI: an sst-resources binary to use instead of building this one.
if [[ -n "${SST_RESOURCES_CLI:-}" ]]; then
    cargo build --quiet -p handler-demo
    cli="$SST_RESOURCES_CLI"
else
    cargo build --quiet -p resource-cli -p handler-demo
    cli="$root/target/debug/sst-resources"
fi
handler="$root/target/debug/handler-demo"
# One ELF per operation of the typed handles, each recording only that call on the
# resource of its type that resource-cli/tests/fixtures/calls/links.toml links to Worker
# (resource-link's example call_fixtures; `listing` names them), for step 6.
calls="$work/calls"
mkdir -p "$calls"
cargo run --quiet -p resource-link --features fixture --example call_fixtures -- "$calls" \
    sst.aws.Bucket=Media sst.aws.Dynamo=Orders sst.aws.Queue=Jobs sst.aws.SnsTopic=Alerts \
    sst.aws.Bus=Events sst.aws.Function=Resize >"$calls/listing"
manifest="$root/examples/handler/links.toml"
values="$root/examples/handler/links.dev.toml"
value() { "$venv/bin/python" -c "import sys, tomllib; print(tomllib.load(open(sys.argv[1], 'rb'))[sys.argv[2]]['name'])" "$values" "$1"; }
bucket="$(value MyBucket)"
table="$(value MyTable)"
archive="$(value Archive)"
audit="$(value AuditLog)"

# The policy SST would attach to Api's role.
"$cli" policy --manifest "$manifest" --function Api --region us-east-1 --account 123456789012 >"$work/policy.json"

# moto on a free port; IAM enforced after the setup's own requests.
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
endpoint="http://127.0.0.1:$port"
setup_requests="$("$venv/bin/python" -c 'import sys; sys.path.insert(0, "scripts"); import e2e_aws; print(e2e_aws.SETUP_REQUESTS)')"
# scripts/e2e_moto_server.py is moto_server with IAM asked what AWS asks: DynamoDB, SNS,
# EventBridge and Lambda requests name their resource's ARN (moto checks them only
# against "*"), the batch operations and Invoke the actions AWS authorizes them as, and
# S3's DeleteObjects and CopyObject checked on the objects AWS checks; Lambda runs
# without Docker (see the file).
INITIAL_NO_AUTH_ACTION_COUNT="$setup_requests" "$venv/bin/python" scripts/e2e_moto_server.py -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto_pid=$!
# Whatever happens, nothing started here outlives the script.
cleanup() {
    for pid in "$moto_pid" "${handler_pid:-}" "${runtime_PID:-}"; do
        [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 100); do
    if "$venv/bin/python" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1] + '/moto-api/data.json', timeout=1)" "$endpoint" 2>/dev/null; then
        break
    fi
    kill -0 "$moto_pid" 2>/dev/null || { cat "$work/moto.log"; echo "moto_server died"; exit 1; }
    sleep 0.2
done
echo "moto_server $moto_version on $endpoint (IAM enforced after $setup_requests requests)"

"$venv/bin/python" scripts/e2e_aws.py setup "$endpoint" "$work/policy.json" "$values" "$work"
aws_check bad-key "$endpoint"
aws_check policy "$endpoint" "$work/admin.env" "$work/policy.json"

# What every run of the handler gets: the api user's keys, and moto as AWS; each run
# starts from an empty environment (env -i), so nothing of this shell's leaks in.
aws_env=(
    AWS_REGION=us-east-1
    AWS_ENDPOINT_URL="$endpoint"
    S3_FORCE_PATH_STYLE=true
    AWS_EC2_METADATA_DISABLED=true
)
while IFS= read -r line; do aws_env+=("$line"); done <"$work/api.env"
secret="e2e-signing-key-$RANDOM$RANDOM"
no_secret() {
    if grep -qF "$secret" <<<"$1"; then fail "the handler's output shows the secret"; else pass "the handler's output does not show the secret"; fi
}

# 1. Variables, as on ECS: sst-resources run sets SST_RESOURCE_<Name> for each link.
body="run 1: variables via sst-resources run"
if out="$(env -i PATH="$PATH" "${aws_env[@]}" SST_SECRET_SigningKey="$secret" \
    "$cli" run --manifest "$manifest" --function Api -- "$handler" "{\"body\":\"$body\"}" 2>&1)"; then
    pass "handler under sst-resources run: $out"
else
    fail "handler under sst-resources run: $out"
fi
no_secret "$out"
aws_check object "$endpoint" "$work/admin.env" "$bucket" file.txt "$body"
aws_check item "$endpoint" "$work/admin.env" "$table" file.txt "$body" "$secret" dev

# 2. As SST runs a Lambda: an empty environment but SST_RESOURCE_App, SST_KEY and
# SST_KEY_FILE, with resource.enc in the working directory.
lambda="$work/lambda"
mkdir -p "$lambda"
bundle_vars="$(SST_SECRET_SigningKey="$secret" "$cli" env --manifest "$manifest" --function Api --bundle "$lambda")"
lambda_env=()
while IFS= read -r line; do
    name="${line%%=*}" value="${line#*=}"
    value="${value#\'}" value="${value%\'}"
    lambda_env+=("$name=$value")
done <<<"$bundle_vars"
if [[ "$(printf '%s\n' "${lambda_env[@]%%=*}" | sort | tr '\n' ' ')" == "SST_KEY SST_KEY_FILE SST_RESOURCE_App " && -f "$lambda/resource.enc" ]]; then
    pass "env --bundle printed only SST_RESOURCE_App, SST_KEY, SST_KEY_FILE and wrote resource.enc"
else
    fail "env --bundle printed: $bundle_vars"
fi
body="run 2: SST's encrypted bundle, as on Lambda"
if out="$(cd "$lambda" && env -i PATH="$PATH" "${aws_env[@]}" "${lambda_env[@]}" "$handler" "{\"body\":\"$body\"}" 2>&1)"; then
    pass "handler with only SST_RESOURCE_App, SST_KEY, SST_KEY_FILE: $out"
else
    fail "handler with only SST_RESOURCE_App, SST_KEY, SST_KEY_FILE: $out"
fi
no_secret "$out"
aws_check object "$endpoint" "$work/admin.env" "$bucket" file.txt "$body"
aws_check item "$endpoint" "$work/admin.env" "$table" file.txt "$body" "$secret" dev

# 3. The same, under lambda_runtime: the binary polls a (one-event) Lambda Runtime API.
body="run 3: under lambda_runtime, SST's bundle"
answer="$work/runtime-answer"
coproc runtime { "$venv/bin/python" scripts/e2e_lambda_runtime.py "{\"body\":\"$body\"}" "$answer"; }
read -r runtime_port <&"${runtime[0]}"
(cd "$lambda" && exec env -i PATH="$PATH" "${aws_env[@]}" "${lambda_env[@]}" \
    AWS_LAMBDA_RUNTIME_API="127.0.0.1:$runtime_port" AWS_LAMBDA_FUNCTION_NAME=Api \
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE=128 AWS_LAMBDA_FUNCTION_VERSION='$LATEST' \
    "$handler" >"$work/lambda.log" 2>&1) &
handler_pid=$!
wait "$runtime_PID" || true
kill "$handler_pid" 2>/dev/null || true
wait "$handler_pid" 2>/dev/null || true
out="$(cat "$answer" 2>/dev/null || echo "no answer")"
if [[ "$out" == '{"object":"s3://'* ]]; then
    pass "handler under lambda_runtime answered the invocation: $out"
else
    fail "handler under lambda_runtime: $out $(cat "$work/lambda.log")"
fi
no_secret "$out $(cat "$work/lambda.log")"
aws_check object "$endpoint" "$work/admin.env" "$bucket" file.txt "$body"
aws_check item "$endpoint" "$work/admin.env" "$table" file.txt "$body" "$secret" dev

# 4. Least privilege: what Api does not link is refused, to boto3 and to the handler.
aws_check denied "$endpoint" "$work/api.env" "$archive" "$audit"
# The handler itself, its links pointed at the other function's bucket, then table.
# The handler with the keys of $1 (the user whose keys $work/$1.env holds), its links
# given as SST_RESOURCE_<Name> variables naming bucket $2 and table $3, on event $4.
handler_as() {
    local keys=()
    while IFS= read -r line; do keys+=("$line"); done <"$work/$1.env"
    env -i PATH="$PATH" AWS_REGION=us-east-1 AWS_ENDPOINT_URL="$endpoint" S3_FORCE_PATH_STYLE=true \
        AWS_EC2_METADATA_DISABLED=true "${keys[@]}" \
        SST_RESOURCE_App='{"name":"my-app","stage":"dev"}' \
        SST_RESOURCE_MyBucket="{\"name\":\"$2\",\"type\":\"sst.aws.Bucket\"}" \
        SST_RESOURCE_MyTable="{\"name\":\"$3\",\"type\":\"sst.aws.Dynamo\"}" \
        SST_RESOURCE_SigningKey="{\"value\":\"$secret\",\"type\":\"sst.sst.Secret\"}" \
        "$handler" "$4" 2>&1
}
denied_run() { # what, MyBucket's name, MyTable's name
    local out
    if out="$(handler_as api "$2" "$3" '{"key":"denied.txt","body":"must not land"}')"; then
        fail "the handler pointed at $1 (not linked to Api) was allowed: $out"
    elif grep -q "$4 failed.*AccessDenied" <<<"$out"; then
        pass "the handler pointed at $1 (not linked to Api) is denied: $4 AccessDenied"
    else
        fail "the handler pointed at $1 failed, but not with $4 AccessDenied: $out"
    fi
}
denied_run "$archive" "$archive" "$table" PutObject
denied_run "$audit" "$bucket" "$audit" PutItem

# 5. Least privilege from the code: the policy `policy --binary` derives from the
# handler's binary (the calls its typed handles record) is sufficient, and each of its
# actions is needed: the handler succeeds with exactly it, and without any one action
# the call that needs it fails with AccessDenied.
if "$cli" policy --manifest "$manifest" --function Api --binary "$handler" \
    --region us-east-1 --account 123456789012 >"$work/derived.json" 2>"$work/derived.err"; then
    pass "policy --binary derived Api's policy from its binary"
else
    fail "policy --binary: $(cat "$work/derived.err")"
fi
derived_actions="$("$venv/bin/python" -c 'import json, sys; print(" ".join(sorted({a for s in json.load(open(sys.argv[1]))["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])})))' "$work/derived.json" 2>&1 || true)"
if [[ "$derived_actions" == "dynamodb:PutItem s3:PutObject" ]]; then
    pass "the derived policy grants exactly what the handler calls: $derived_actions"
else
    fail "the derived policy grants $derived_actions, not dynamodb:PutItem s3:PutObject"
fi
aws_check derived "$endpoint" "$work/admin.env" "$work/derived.json" "$work"
# The handler as user $1, on the linked bucket and table, writing body $2.
as_user() {
    handler_as "$1" "$bucket" "$table" "{\"key\":\"derived.txt\",\"body\":\"$2\"}"
}
body="run 5: only the derived policy"
if out="$(as_user derived "$body")"; then
    pass "the handler with exactly the derived policy: $out"
else
    fail "the handler with exactly the derived policy failed: $out"
fi
aws_check object "$endpoint" "$work/admin.env" "$bucket" derived.txt "$body"
aws_check item "$endpoint" "$work/admin.env" "$table" derived.txt "$body" "$secret" dev
# Which of the handler's calls needs each action (its error names the call).
declare -A call_of=([s3:PutObject]=PutObject [dynamodb:PutItem]=PutItem)
while read -r user action; do
    call="${call_of[$action]:-}"
    if [[ -z "$call" ]]; then
        fail "the derived policy grants $action, which no call of the handler needs"
    elif out="$(as_user "$user" "must not land")"; then
        fail "the handler without $action was allowed: $out"
    elif grep -q "$call failed.*AccessDenied" <<<"$out"; then
        pass "the handler without $action fails at $call with AccessDenied"
    else
        fail "the handler without $action failed, but not at $call with AccessDenied: $out"
    fi
done <"$work/minus.txt"

# 6. moto as the judge of the whole operations table (resource_manifest::operations):
# for each operation, a user with exactly the policy `policy --binary` derives from a
# binary calling only it performs it on a real resource, and succeeds; without each
# action of that policy (every other action of the table kept), it is refused with
# AccessDenied. Made by admin, in $work/operations.
mkdir -p "$work/operations"
counted "e2e_operations.py" "$venv/bin/python" scripts/e2e_operations.py "$endpoint" "$work/admin.env" "$cli" \
    "$root/resource-cli/tests/fixtures/calls/links.toml" Worker "$calls" "$work/operations"

echo "$passed passed, $failed failed"
[[ "$failed" == 0 ]]
