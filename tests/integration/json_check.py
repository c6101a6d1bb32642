#!/usr/bin/env python3
"""Validates JSON read from stdin against one definition of
docs/cellink.schema.json: json_check.py SCHEMA_FILE DEFINITION.
Exits 0 when valid, 1 with the reasons otherwise, 77 when python3-jsonschema
is missing (the caller skips)."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed", file=sys.stderr)
    sys.exit(77)

schema_file, name = sys.argv[1], sys.argv[2]
with open(schema_file, encoding="utf-8") as f:
    schema = json.load(f)
raw = sys.stdin.buffer.read()
try:
    doc = json.loads(raw.decode("utf-8", errors="strict"))
except (UnicodeDecodeError, ValueError) as e:
    print(f"not valid UTF-8 JSON: {e}", file=sys.stderr)
    sys.exit(1)
sub = dict(schema)
sub["$ref"] = f"#/$defs/{name}"
validator = jsonschema.Draft202012Validator(sub)
errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
for e in errors:
    where = "/".join(str(p) for p in e.path) or "(top)"
    print(f"{name}: {where}: {e.message}", file=sys.stderr)
sys.exit(1 if errors else 0)
