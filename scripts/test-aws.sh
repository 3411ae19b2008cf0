#!/usr/bin/env bash
# The AWS home's tests (feature `aws`) against moto in server mode: S3 and SSM for real
# over HTTP, on this machine, with fake credentials. Installs moto in a venv under
# target/ (once), starts it on a free port, runs the tests, and stops it whatever
# happens. Fails when moto cannot be installed or started: no silent skip.
#
#   bash scripts/test-aws.sh            # every crate that has an `aws` feature
#   bash scripts/test-aws.sh -- --nocapture   # extra arguments go to the test binaries
set -euo pipefail
cd "$(dirname "$0")/.."

# moto 5.0.15 added `If-None-Match: *` on PutObject, 5.1.5 `If-Match`; the AWS home's
# conditional writes need both. Pinned: the version these tests were checked with.
MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
VENV="${MOTO_VENV:-target/moto-venv}"

# The crates whose `aws` feature is tested here, in this order; a crate is included
# when its Cargo.toml declares the feature (resource-cli's tests join once it does).
AWS_CRATES=(resource-home resource-cli)

if ! "$VENV/bin/python" -c "import moto, sys; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
    echo "test-aws: installing moto[server]==$MOTO_VERSION into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "moto[server]==$MOTO_VERSION"
fi

LOG="$(mktemp -t moto-server.XXXXXX.log)"
MOTO_PID=""
stop_moto() {
    if [[ -n "$MOTO_PID" ]]; then
        kill "$MOTO_PID" 2>/dev/null || true
        wait "$MOTO_PID" 2>/dev/null || true
    fi
    rm -f "$LOG"
}
trap stop_moto EXIT
trap 'exit 130' INT TERM

PORT="$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

# moto_server's own app and request handler, with one change: requests are handled one
# at a time. moto checks a PutObject's If-Match and then stores the object with no lock
# between, so two threaded requests could both pass the check; S3 itself cannot.
"$VENV/bin/python" - "$PORT" >"$LOG" 2>&1 <<'PY' &
import sys, threading
from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple

app = DomainDispatcherApplication(create_backend_app)
one_at_a_time = threading.Lock()

def serialized(environ, start_response):
    with one_at_a_time:
        return list(app(environ, start_response))

run_simple("127.0.0.1", int(sys.argv[1]), serialized, threaded=True,
           request_handler=MotoRequestHandler)
PY
MOTO_PID=$!

# Whether moto answers yet (Python's urllib: no curl needed on the machine).
answers() {
    "$VENV/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
        "http://127.0.0.1:$PORT/moto-api/" >/dev/null 2>&1
}
for _ in $(seq 1 150); do
    if answers; then
        break
    fi
    if ! kill -0 "$MOTO_PID" 2>/dev/null; then
        echo "test-aws: moto exited before answering:" >&2
        cat "$LOG" >&2
        exit 1
    fi
    sleep 0.2
done
if ! answers; then
    echo "test-aws: moto did not answer on port $PORT within 30 s:" >&2
    cat "$LOG" >&2
    exit 1
fi
echo "test-aws: moto $MOTO_VERSION on http://127.0.0.1:$PORT" >&2

export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_DEFAULT_REGION AWS_ENDPOINT_URL_S3 AWS_ENDPOINT_URL_SSM
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true

# SST's bootstrap, as `sst deploy` makes it the first time: a state bucket, and the
# `/sst/bootstrap` parameter naming it (tests may bootstrap their own buckets too).
"$VENV/bin/python" - <<'PY'
import json, os, boto3
aws = dict(region_name=os.environ["AWS_REGION"], endpoint_url=os.environ["AWS_ENDPOINT_URL"])
boto3.client("s3", **aws).create_bucket(Bucket="sst-state-scripttest")
boto3.client("ssm", **aws).put_parameter(
    Name="/sst/bootstrap", Type="String", Overwrite=True,
    Value=json.dumps({"version": 2, "asset": "sst-asset-scripttest", "state": "sst-state-scripttest"}))
PY

extra=()
if [[ "${1:-}" == "--" ]]; then
    shift
    extra=(-- "$@")
fi
for crate in "${AWS_CRATES[@]}"; do
    if grep -q '^aws *=' "$crate/Cargo.toml" 2>/dev/null; then
        # Only the tests that need the AWS home: the rest ran in scripts/test.sh.
        targets=()
        [[ -f "$crate/src/lib.rs" ]] && targets+=(--lib)
        [[ -f "$crate/tests/aws.rs" ]] && targets+=(--test aws)
        features=aws
        # The tests write checkpoints with resource-home's test-only `fixture`.
        grep -q '^fixture *=' "$crate/Cargo.toml" && features+=",fixture"
        cargo test -p "$crate" --features "$features" "${targets[@]}" "${extra[@]}"
    else
        echo "test-aws: $crate has no \`aws\` feature yet; skipped" >&2
    fi
done
