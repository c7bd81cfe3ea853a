"""``vanban schema``: print the JSON Schema of the result."""
from __future__ import annotations


def add_parser(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the extraction result")
    p.add_argument("-o", "--output", metavar="FILE", help="write it to FILE (- for stdout)")
    p.set_defaults(run=run)


def run(args) -> int:
    from vanban.extractor.schema import schema_text
    from vanban.extractor.writers import atomic_write_text

    atomic_write_text(args.output or "-", schema_text())
    return 0
