#!/usr/bin/env python3
"""Validates a PACT ProductFootprint JSON file against the official OpenAPI document of its version.

Usage: validate_pact.py OPENAPI.yaml FOOTPRINT.json

Takes components/schemas/ProductFootprint from the OpenAPI document (3.1, whose schemas are JSON Schema
2020-12), resolves its $refs within that document, and validates the JSON file with formats checked
(uuid, date-time where a checker is installed). Prints every error with its JSON path; exit status 0 if
valid, 1 if invalid, 2 for a usage or read error. The OpenAPI files are read where they are
(../shared/reference/pact): their licence forbids copying them into the repository.
"""
import json
import sys

import jsonschema
import yaml


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            document = yaml.safe_load(f)
        with open(argv[2], encoding="utf-8") as f:
            instance = json.load(f)
    except (OSError, ValueError, yaml.YAMLError) as e:
        print(f"validate_pact: {e}", file=sys.stderr)
        return 2
    schemas = document.get("components", {}).get("schemas", {})
    if "ProductFootprint" not in schemas:
        print(f"validate_pact: {argv[1]} has no components/schemas/ProductFootprint", file=sys.stderr)
        return 2
    # The root references ProductFootprint; "#/components/…" references resolve against this root.
    schema = {"$ref": "#/components/schemas/ProductFootprint", "components": document["components"]}
    validator_class = jsonschema.Draft202012Validator
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
    version = document.get("info", {}).get("version", "?")
    for e in errors:
        path = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{argv[2]}: {path}: {e.message}")
    if errors:
        print(f"{argv[2]}: INVALID against ProductFootprint of PACT {version} ({len(errors)} errors)")
        return 1
    print(f"{argv[2]}: valid against ProductFootprint of PACT {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
