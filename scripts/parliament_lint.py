"""Lints IAM policies with parliament (scripts/parliament.sh installs it) and prints
every finding in a stable text form, for resource-cli/tests/iam.rs's snapshot.

Reads a JSON object on stdin: a label (`examples/handler/links.toml, function Api`)
to the policy text exactly as `sst-resources policy` printed it. Prints, per label in
the order given, `<label>: no findings` or the label and one block per finding:
severity, issue and title, the statement it is in (1-based, with its actions and how
many resources), then its detail. A RESOURCE_MISMATCH's detail (the actions a
wildcard covers that match none of the statement's resources) is grouped by the ARN
format each of those actions needs, actions sorted, wrapped at 100 columns. A detail printed before is named, not repeated.
"""

import json
import sys
import textwrap

from parliament import analyze_policy_string, enhance_finding


def statement_at(text, line):
    """The 1-based statement whose `{` opens at or before `line` of `text` (serde's and
    Python's pretty JSON: a statement opens with `    {` inside `"Statement": [`)."""
    index = 0
    for number, content in enumerate(text.splitlines(), start=1):
        if number > line:
            break
        if content == "    {":
            index += 1
    return index


def wrap(words, indent):
    return textwrap.wrap(", ".join(words), width=100, initial_indent=indent,
                         subsequent_indent=indent, break_on_hyphens=False)


def report(label, text, seen):
    policy = analyze_policy_string(text)
    findings = [enhance_finding(f) for f in policy.findings]
    if not findings:
        return [f"{label}: no findings"]
    document = json.loads(text)
    out = [f"{label}: {len(findings)} finding{'s' if len(findings) != 1 else ''}"]
    for f in sorted(findings, key=lambda f: (f.location.get("line", 0), f.issue)):
        line = f.location.get("line")
        where, n = "", 0
        if line is not None:
            n = statement_at(text, line)
            if 1 <= n <= len(document["Statement"]):
                s = document["Statement"][n - 1]
                actions = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
                resources = s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]]
                where = f" in statement {n} ({', '.join(actions)} on {len(resources)} resource{'s' if len(resources) != 1 else ''})"
        out.append(f"  {f.severity} {f.issue} ({f.title}){where}")
        key = (f.issue, json.dumps(f.detail, sort_keys=True))
        if key in seen:
            out.append(f"    the same detail as {seen[key]}")
            continue
        seen[key] = f"{label}, statement {n}" if where else label
        if f.issue == "RESOURCE_MISMATCH" and isinstance(f.detail, list):
            by_format = {}
            for d in f.detail:
                by_format.setdefault(d["required_format"], []).append(d["action"])
            total = sum(len(v) for v in by_format.values())
            out.append(f"    {total} actions match none of its resources; each needs:")
            for fmt in sorted(by_format):
                out.append(f"    {fmt}")
                out.extend(wrap(sorted(by_format[fmt]), "      "))
        else:
            out.extend(wrap([json.dumps(f.detail, sort_keys=True)], "    "))
    return out


def main():
    policies = json.load(sys.stdin)
    lines, seen = [], {}
    for label, text in policies.items():
        lines.extend(report(label, text, seen))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
