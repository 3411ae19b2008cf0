#!/usr/bin/env bash
# parliament (PyPI), the IAM policy linter, installed once under target/ at a pinned
# version for resource-cli/tests/iam.rs, which lints every policy `sst-resources policy`
# derives from the examples with it (offline: parliament ships its own copy of AWS's
# Service Authorization Reference). Prints the Python to run scripts/parliament_lint.py
# with, and the version:
#
#   python=<path>
#   version=<parliament's version>
#
# Fails (no silent skip) when it cannot be installed; needs python3 with venv.
#
#   bash scripts/parliament.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned: its findings are a snapshot (resource-cli/tests/golden/parliament.txt), and
# another release's copy of AWS's actions lists other actions in them.
PARLIAMENT_VERSION="${PARLIAMENT_VERSION:-1.6.4}"
VENV="${PARLIAMENT_VENV:-target/parliament-venv}"

if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('parliament') != '$PARLIAMENT_VERSION')" 2>/dev/null; then
    echo "parliament: installing parliament==$PARLIAMENT_VERSION into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "parliament==$PARLIAMENT_VERSION" >&2
fi

echo "python=$PWD/$VENV/bin/python"
echo "version=$PARLIAMENT_VERSION"
