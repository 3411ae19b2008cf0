#!/usr/bin/env python3
"""Regenerates the module list of tests/corpus.rs from ../shared/corpus (run by hand
when the corpus changes; the test asserts the count)."""
import os, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
corpus = root.parent / "shared" / "corpus"
files = sorted(f for f in os.listdir(corpus) if f.endswith(".d.ts"))
test = (root / "tests" / "corpus.rs").read_text()
# Files that only reference another are read in a fixture beside what they reference
# (REFERENCE_ONLY in tests/corpus.rs).
reference_only = dict(re.findall(r'\(\s*"(\d{3}\.d\.ts)",\s*"([^"]+)",?\s*\)', test))
path = lambda f: reference_only.get(f, f"../shared/corpus/{f}")
mods = "\n".join(f'mod c{f[:3]} {{\n    sst_resources::sst_resources!("{path(f)}");\n}}' for f in files)
table = ",\n".join(f'    ("{f}", |s| c{f[:3]}::Resource::from_source(s).map(|_| c{f[:3]}::Resource::LINKED))' for f in files)
test = re.sub(r"(?s)\nmod c\d{3} .*\n}\n\ntype Loader", "\n" + mods + "\n\ntype Loader", test)
test = re.sub(r"(?s)const CORPUS: &\[\(&str, Loader\)\] = &\[\n.*?,\n\];", "const CORPUS: &[(&str, Loader)] = &[\n" + table + ",\n];", test)
test = re.sub(r"assert_eq!\(CORPUS.len\(\), \d+\);", f"assert_eq!(CORPUS.len(), {len(files)});", test)
(root / "tests" / "corpus.rs").write_text(test)
