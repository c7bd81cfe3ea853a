"""``vanban registry import FILE.csv|jsonl`` · ``registry show CODE`` ·
``registry list [--issuer ..] [--status ..] [--type ..]`` · ``registry stats``.

The registry is the offline catalogue citations are resolved against
(:mod:`extractor.registry`); imports go to the user catalogue
(``$VANBAN_HOME/registry.sqlite`` or ``~/.local/share/vanban/registry.sqlite``).
"""
from __future__ import annotations

import json
import sys

from vanban.extractor.errors import UsageError, VanbanError
from vanban.extractor.exitcodes import ExitCode


class NotInRegistryError(VanbanError):
    """``registry show`` of a code the registry does not hold."""

    exit_code = ExitCode.findings


def add_parser(sub) -> None:
    p = sub.add_parser("registry", help="the catalogue of legal documents citations resolve to")
    rsub = p.add_subparsers(dest="registry_command", metavar="ACTION")
    imp = rsub.add_parser("import", help="add or update documents from a .csv or .jsonl file")
    imp.add_argument("file", metavar="FILE", help=".csv or .jsonl; - reads standard input "
                     "(JSONL when it starts with '{', else CSV)")
    imp.set_defaults(run=run_import)
    show = rsub.add_parser("show", help="one document by its code (any spelling)")
    show.add_argument("code", metavar="CODE")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(run=run_show)
    lst = rsub.add_parser("list", help="list documents")
    lst.add_argument("--issuer", help="issuer contains this (UBND, Bộ Chính trị …)")
    lst.add_argument("--status", choices=("in_force", "expired", "replaced", "unknown"))
    lst.add_argument("--type", dest="doc_type", help="doc_type slug, e.g. nghi_dinh")
    lst.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    lst.set_defaults(run=run_list)
    stats = rsub.add_parser("stats", help="how many documents, by source, status, type, place")
    stats.add_argument("--format", choices=("text", "json"), default="text")
    stats.set_defaults(run=run_stats)
    p.set_defaults(run=_usage, registry_parser=p)


def _usage(args) -> int:
    raise UsageError("registry needs an action: import, show, list or stats")


def run_import(args) -> int:
    from pathlib import Path

    from vanban.extractor.registry import Registry

    reg = Registry()
    if args.file == "-":
        n = _import_stdin(reg)
    else:
        n = reg.import_file(Path(args.file))
    if getattr(args, "verbosity", 0) >= 0:
        print(f"vanban registry: imported {n} document(s) into {reg.user_path}", file=sys.stderr)
    return 0


def _import_stdin(reg) -> int:
    """``registry import -``: standard input into a temporary file named for its format
    (the importer tells CSV from JSONL by the suffix)."""
    import os
    import tempfile
    from pathlib import Path

    data = sys.stdin.buffer.read()
    suffix = ".jsonl" if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else ".csv"
    fd, name = tempfile.mkstemp(prefix="vanban-registry-", suffix=suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return reg.import_file(Path(name))
    finally:
        os.unlink(name)


def run_show(args) -> int:
    from dataclasses import asdict

    from vanban.extractor.registry import Registry

    hits = Registry().find(args.code)
    if not hits:
        raise NotInRegistryError(f"registry: no document with code {args.code!r}")
    if args.format == "json":
        # one document: the object; a code naming several documents: all of them
        payload = asdict(hits[0]) if len(hits) == 1 else [asdict(e) for e in hits]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return 0
    if len(hits) > 1:
        print(f"{len(hits)} văn bản cùng số, ký hiệu {args.code}:")
    for n, e in enumerate(hits):
        if n:
            print()
        width = max(len(k) for k in asdict(e))
        for k, v in asdict(e).items():
            if v not in (None, ""):
                print(f"{k:<{width}}  {v}")
    return 0


def run_list(args) -> int:
    from dataclasses import asdict

    from vanban.extractor.registry import Registry

    rows = Registry().list(issuer=args.issuer, status=args.status, doc_type=args.doc_type)
    if args.format == "json":
        sys.stdout.write(json.dumps([asdict(e) for e in rows], ensure_ascii=False, indent=2) + "\n")
    elif args.format == "jsonl":
        for e in rows:
            sys.stdout.write(json.dumps(asdict(e), ensure_ascii=False) + "\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(rows)} văn bản", title_justify="left")
        for col in ("code", "doc_type", "issue_date", "status", "issuer", "title"):
            table.add_column(col, overflow="fold")
        for e in rows:
            table.add_row(e.code, e.doc_type or "", e.issue_date or "", e.status, e.issuer or "",
                          (e.title or "")[:60])
        Console().print(table)
    return 0


STATS_LABELS = {
    "documents": "Số văn bản", "codes": "Số, ký hiệu khác nhau",
    "codes_naming_several_documents": "Số, ký hiệu dùng cho nhiều văn bản",
    "replaced_or_expired_without_expiry_date": "Hết hiệu lực/bị thay thế, không rõ ngày",
    "by_source": "Theo nguồn", "by_status": "Theo hiệu lực", "by_doc_type": "Theo loại",
    "by_scope": "Theo phạm vi",
}


def run_stats(args) -> int:
    from vanban.extractor.registry import Registry

    stats = Registry().stats()
    if args.format == "json":
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
        return 0
    for key, value in stats.items():
        label = STATS_LABELS.get(key, key)
        if isinstance(value, dict):
            print(f"{label}:")
            for k, n in value.items():
                print(f"  {k:<24} {n}")
        else:
            print(f"{label}: {value}")
    return 0
