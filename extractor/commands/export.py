"""``vanban export DB --format csv|jsonl|xlsx|ics --out DIR``: a batch database in the
formats spreadsheets, trackers and calendars import (see :mod:`extractor.exports`)."""
from __future__ import annotations

import sys


def add_parser(sub) -> None:
    p = sub.add_parser("export", help="export a batch database as CSV, JSONL, XLSX or iCalendar")
    p.add_argument("db", metavar="DB", help="vanban.sqlite, the batch's --out folder, or a postgresql:// URL")
    p.add_argument("--format", required=True, choices=("csv", "jsonl", "xlsx", "ics"),
                   help="csv: one file per family; jsonl: one result a line; xlsx: one sheet "
                   "per family; ics: the timetables as all-day events")
    p.add_argument("--out", "--output-dir", dest="out", required=True, metavar="DIR",
                   help="folder to write into")
    p.set_defaults(run=run)


def run(args) -> int:
    from vanban.extractor.batch import Store, db_path
    from vanban.extractor.errors import OutputError
    from vanban.extractor.exports import export

    with Store(db_path(args.db), create=False) as store:
        try:
            written = export(args.format, args.out, store.iter_results(), store.iter_errors())
        except OSError as exc:  # the output folder: one line with the path and exit 5
            raise OutputError(f"cannot write ({exc.strerror or exc})",
                              path=exc.filename or args.out) from None
    if getattr(args, "verbosity", 0) >= 0:
        for path in written:
            print(path)
    return 0
