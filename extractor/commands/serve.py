"""``vanban serve [--db URL] [--host H] [--port P] [--workers N] [--token T]``: the HTTP
API (and review screens) over a vanban database; OpenAPI page at ``/docs``."""
from __future__ import annotations

import argparse
import ipaddress
import os
import sys


def add_parser(sub) -> None:
    p = sub.add_parser("serve", help="HTTP API: upload documents, poll jobs, read results",
                       description="Serve the vanban HTTP API over a database (SQLite file or "
                       "postgresql:// URL). Uploads run on a pool of worker processes, as in "
                       "`vanban batch`. The OpenAPI page is at /docs.")
    p.add_argument("--db", default="vanban.sqlite", metavar="URL",
                   help="SQLite file or postgresql://user@host/dbname (default vanban.sqlite)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1, help="extraction worker processes")
    p.add_argument("--token", default=os.environ.get("VANBAN_TOKEN"),
                   help="require 'Authorization: Bearer TOKEN' (needed for a non-local "
                   "--host; default $VANBAN_TOKEN)")
    p.add_argument("--max-upload-mb", type=float, default=50, metavar="MB",
                   help="largest upload accepted (default 50 MB)")
    p.add_argument("--uploads", metavar="DIR", help="where uploaded files are kept "
                   "(default: uploads/ beside the SQLite file, ./vanban-uploads otherwise)")
    p.add_argument("--timeout", type=float, default=1800.0, metavar="S",
                   help="seconds allowed per file (0: no limit)")
    p.add_argument("--extract-fn", metavar="MODULE:FUNC", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def is_local(host: str) -> bool:
    """A loopback address (only this machine can connect)."""
    if host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(args) -> int:
    from vanban.extractor.errors import UsageError

    if not is_local(args.host) and not args.token:
        raise UsageError(f"--host {args.host} can be reached from other machines: give "
                         "--token (or set VANBAN_TOKEN)")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.max_upload_mb <= 0:
        raise UsageError("--max-upload-mb must be positive")
    import uvicorn

    from vanban.extractor.web.app import create_app

    app = create_app(args.db, upload_dir=args.uploads, workers=args.workers,
                     max_upload_mb=args.max_upload_mb, token=args.token,
                     timeout=args.timeout or None, extract_ref=args.extract_fn)
    print(f"vanban serve: http://{args.host}:{args.port}/docs", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
