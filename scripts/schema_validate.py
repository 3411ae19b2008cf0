"""Validates TOML files against a JSON Schema with jsonschema's Draft7Validator, for
resource-manifest/tests/schema.rs (scripts/schema-validators.sh installs jsonschema).

    python schema_validate.py SCHEMA FILE...

Checks SCHEMA against draft-07's meta-schema first (exit 2 if it is not a draft-07
schema). Reads each FILE with tomllib and hands dates and times to the validator as
strings, as Taplo does (JSON has no date). Prints one line a file, `ok FILE` or
`invalid FILE: <first error>`; a file that is not TOML is invalid.
"""

import datetime
import json
import sys
import tomllib

from jsonschema import Draft7Validator


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema)
    for path in sys.argv[2:]:
        try:
            with open(path, "rb") as f:
                document = plain(tomllib.load(f))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            print(f"invalid {path}: not TOML: {e}".replace("\n", " "))
            continue
        error = next(iter(validator.iter_errors(document)), None)
        if error is None:
            print(f"ok {path}")
        else:
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"invalid {path}: at /{where}: {error.message}".replace("\n", " "))


if __name__ == "__main__":
    main()
