#!/usr/bin/env bash
# The JSON Schema validators (and Taplo's language server) that resource-manifest/tests/schema.rs holds
# links.schema.json to, installed once under target/ at pinned versions, their paths
# printed for the test:
#
#   taplo=<path>   Taplo 0.9.0 (npm @taplo/cli 0.7.0, a single package: Taplo compiled to
#                  WebAssembly), the TOML language server behind VS Code's "Even Better
#                  TOML", run as its CLI (`taplo lint`): what an editor marks is what it finds.
#   lsp=<path>     Taplo's language server as VS Code's extension embeds it (npm @taplo/lsp
#                  0.8.0), which scripts/taplo-lsp.cjs drives for completion, hover and
#                  diagnostics.
#   python=<path>  Python with jsonschema 4.26.0 (PyPI) for scripts/schema_validate.py: a
#                  second, independent draft-07 implementation, which also checks the schema
#                  itself against draft-07's meta-schema.
#
# Fails (no silent skip) when any cannot be installed; needs node, npm and python3.
#
#   bash scripts/schema-validators.sh
set -euo pipefail
cd "$(dirname "$0")/.."

TAPLO_CLI_VERSION="${TAPLO_CLI_VERSION:-0.7.0}"
TAPLO_LSP_VERSION="${TAPLO_LSP_VERSION:-0.8.0}"
JSONSCHEMA_VERSION="${JSONSCHEMA_VERSION:-4.26.0}"
TOOLS="target/schema-tools"
VENV="target/schema-venv"
TAPLO="$TOOLS/node_modules/.bin/taplo"

WANT="@taplo/cli@$TAPLO_CLI_VERSION @taplo/lsp@$TAPLO_LSP_VERSION"
if [[ ! -x "$TAPLO" || "$(cat "$TOOLS/installed" 2>/dev/null)" != "$WANT" ]]; then
    echo "schema-validators: installing $WANT into $TOOLS" >&2
    mkdir -p "$TOOLS"
    # shellcheck disable=SC2086 # two package specs
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error $WANT >&2
    echo "$WANT" >"$TOOLS/installed"
fi

if ! "$VENV/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('jsonschema') != '$JSONSCHEMA_VERSION')" 2>/dev/null; then
    echo "schema-validators: installing jsonschema==$JSONSCHEMA_VERSION into $VENV" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "jsonschema==$JSONSCHEMA_VERSION" >&2
fi

echo "taplo=$PWD/$TAPLO"
echo "lsp=$PWD/$TOOLS/node_modules/@taplo/lsp"
echo "python=$PWD/$VENV/bin/python"
