"""``vanban watch DIR [--db URL] [--workers N] [--settle S] [--once]``: extract every
file dropped into DIR into a database; finished files go to DIR/done or DIR/failed."""
from __future__ import annotations

import argparse
import signal
import sys
import threading

from vanban.extractor.exitcodes import ExitCode


def add_parser(sub) -> None:
    p = sub.add_parser("watch", help="extract files dropped into a folder into a database",
                       description="Watch DIR: each file written into it (renamed into place "
                       "when complete; names like *.part, *.tmp and hidden ones are ignored) "
                       "is extracted into the database, then moved to DIR/done or DIR/failed "
                       "(with NAME.error.json). Safe to kill at any moment: a restart finishes "
                       "what was in progress.")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--db", default=None, metavar="URL",
                   help="SQLite file or postgresql://user@host/dbname "
                   "(default DIR/.vanban.sqlite)")
    p.add_argument("--workers", type=int, default=1, help="extraction worker processes")
    p.add_argument("--settle", type=float, default=2.0, metavar="S",
                   help="seconds a file must stay unchanged before it is taken (default 2)")
    p.add_argument("--interval", type=float, default=0.5, metavar="S",
                   help="seconds between looks at the folder (default 0.5)")
    p.add_argument("--timeout", type=float, default=1800.0, metavar="S",
                   help="seconds allowed per file (0: no limit)")
    p.add_argument("--once", action="store_true",
                   help="stop when the folder is empty and every file is finished")
    p.add_argument("--extract-fn", metavar="MODULE:FUNC", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args) -> int:
    from pathlib import Path

    from vanban.extractor.batch.store import DB_NAME, Store
    from vanban.extractor.errors import UsageError
    from vanban.extractor.watch import Watcher

    folder = Path(args.folder)
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.settle < 0 or args.interval <= 0:
        raise UsageError("--settle must be 0 or more and --interval positive")
    store = Store(args.db or folder / f".{DB_NAME}")
    stop = threading.Event()
    handlers = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        handlers[sig] = signal.signal(sig, lambda *_: stop.set())
    try:
        watcher = Watcher(folder, store, workers=args.workers, settle=args.settle,
                          interval=args.interval, timeout=args.timeout or None,
                          extract_ref=args.extract_fn)
        if not args.once:
            print(f"vanban watch: watching {folder.resolve()} (Ctrl-C to stop)", file=sys.stderr)
        watcher.run(stop, once=args.once)
    finally:
        for sig, old in handlers.items():
            signal.signal(sig, old)
        store.close()
    print(f"vanban watch: {watcher.processed} files processed", file=sys.stderr)
    return ExitCode.interrupted if stop.is_set() and not args.once else ExitCode.ok
