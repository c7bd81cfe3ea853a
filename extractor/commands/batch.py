"""``vanban batch INPUT... --out DIR [--workers N] [--resume] [--include GLOB]
[--exclude GLOB] [--timeout S] [--dask ADDR|local]``: a folder tree into one database."""
from __future__ import annotations

import sys

NO_LIMIT_SECONDS = 1e7  # "--timeout 0": a clock that never rings in practice (115 days)


def add_parser(sub) -> None:
    p = sub.add_parser("batch", help="extract every document under folders into DIR/vanban.sqlite",
                       description="Walk INPUT files and folders (links followed, loops refused), "
                       "extract each document in worker processes and store results and error "
                       "records in DIR/vanban.sqlite. Exit 1 when some file failed, 130 when "
                       "interrupted (rerun with --resume to continue).")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders")
    p.add_argument("--out", "--output-dir", dest="out", metavar="DIR",
                   help="folder for vanban.sqlite")
    p.add_argument("--db", metavar="URL", help="store into this database instead: a SQLite "
                   "file, or postgresql://user@host/dbname for a tracker shared by several "
                   "programs")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: all usable cores)")
    p.add_argument("--resume", action="store_true",
                   help="continue the batch in DIR: skip finished files, retry failed ones")
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="only files whose name or path matches (repeatable), e.g. '*.pdf'")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="skip files whose name or path matches (repeatable)")
    p.add_argument("--timeout", type=float, default=1800.0, metavar="S",
                   help="seconds allowed per file before its worker is killed (0: no limit; "
                   "default 1800)")
    p.add_argument("--dask", metavar="ADDR", help="run on a Dask cluster: tcp://HOST:8786, "
                   "or 'local' for a LocalCluster of --workers processes")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation dpi for OCR (default 300)")
    p.add_argument("--force-ocr", action="store_true", help="OCR even pages with a text layer")
    p.add_argument("--no-registry", action="store_true", help="do not resolve citations")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--extract-fn", metavar="MODULE:FUNC",
                   help="advanced: call this function instead of extractor.extract (a plug-in)")
    from vanban.extractor.commands.limits import add_limit_arguments
    add_limit_arguments(p, skip=("timeout",))  # --timeout above is the per-file limit
    p.set_defaults(run=run)


def run(args) -> int:
    from vanban.extractor.batch import run_batch
    from vanban.extractor.errors import UsageError
    from vanban.models import ExtractOptions

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.timeout < 0:
        raise UsageError("--timeout must be 0 (no limit) or more seconds")
    if not 72 <= args.dpi <= 600:
        raise UsageError("--dpi must be between 72 and 600")
    quiet = getattr(args, "verbosity", 0) < 0
    if not args.out and not args.db:
        raise UsageError("give --out DIR (for DIR/vanban.sqlite) or --db URL")
    from vanban.extractor.commands.limits import limit_options

    limits = limit_options(args)
    # --timeout is also each document's own clock; 0 (no limit) turns that off too
    limits["timeout"] = args.timeout if args.timeout else NO_LIMIT_SECONDS
    options = ExtractOptions(dpi=args.dpi, force_ocr=args.force_ocr, resolve=not args.no_registry,
                             **limits)
    summary = run_batch(args.inputs, args.out, db=args.db, workers=args.workers, resume=args.resume,
                        include=args.include, exclude=args.exclude, timeout=args.timeout,
                        dask=args.dask, options=options, extract_fn=args.extract_fn,
                        progress=False if args.no_progress or quiet else None)
    if not quiet:
        print(f"vanban batch: {summary.line()}", file=sys.stderr)
    for path, why in summary.failed_files[:20]:
        print(f"vanban: {path}: {why}", file=sys.stderr)
    if len(summary.failed_files) > 20:
        print(f"vanban: … and {len(summary.failed_files) - 20} more (see the errors table)",
              file=sys.stderr)
    if summary.interrupted:
        print("vanban: interrupted; finished files are kept — rerun with --resume to continue",
              file=sys.stderr)
    return summary.exit_code
