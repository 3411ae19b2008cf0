#!/usr/bin/env python3
"""Writes benches/manifests/links-N.toml for the benchmarks: N linked resources of
realistic shapes (buckets, tables, secrets, and Linkables with a handful of
properties), cycling through the kinds so every N has the same mix.

usage: python3 scripts/gen-bench-manifests.py   (rewrites the files; they are committed)
"""
import pathlib

KINDS = [
    ('type = "sst.aws.Bucket"\n'),
    ('type = "sst.aws.Dynamo"\n'),
    ('type = "sst.Secret"\n'),
    ('type = "sst.Linkable"\n'
     'properties = { endpoint = "string", region = "string", version = "string", '
     'timeout = "integer", retries = "integer", ratio = "number", enabled = "boolean", '
     'tags = "string[]", owner = "string", notes = "string" }\n'),
]

def main():
    out = pathlib.Path(__file__).resolve().parent.parent / "benches" / "manifests"
    out.mkdir(parents=True, exist_ok=True)
    for n in (10, 100, 1000):
        parts = [f"# {n} linked resources for the benchmarks (scripts/gen-bench-manifests.py).\n[app]\nname = \"bench\"\n"]
        for i in range(n):
            parts.append(f"\n[resources.Res{i:04}]\n{KINDS[i % len(KINDS)]}")
        (out / f"links-{n}.toml").write_text("".join(parts))

if __name__ == "__main__":
    main()
