"""``vanban schema``: print the JSON Schema of the result."""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the extraction result")
    p.set_defaults(run=run)


def run(args) -> int:
    from extractor.schema import schema_text

    sys.stdout.write(schema_text())
    return 0
