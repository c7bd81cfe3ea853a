"""``vanban extract FILE... [-o OUT] [--format json|jsonl] [--text] [--pages 1-3] [--dpi N]``."""
from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path

from extractor.errors import UsageError, VanbanError


def parse_pages(value: str) -> tuple[int, int]:
    """'3' -> (3, 3); '1-3' -> (1, 3).

    >>> parse_pages("1-3")
    (1, 3)
    """
    try:
        if "-" in value:
            a, b = value.split("-", 1)
            first, last = int(a), int(b)
        else:
            first = last = int(value)
    except ValueError:
        raise UsageError(f"--pages takes N or N-M, not {value!r}") from None
    if first < 1 or last < first:
        raise UsageError(f"--pages range {value!r} is empty or starts below 1")
    return first, last


def add_parser(sub) -> None:
    p = sub.add_parser("extract", help="extract one or more documents to JSON")
    p.add_argument("files", nargs="+", metavar="FILE", help="document(s) to read; - for stdin")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="output file (one input) or folder (several); default stdout")
    p.add_argument("--format", choices=("json", "jsonl"), default="json")
    p.add_argument("--text", action="store_true", help="include the full normalised text")
    p.add_argument("--pages", type=str, help="page range to read, e.g. 1-3")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation dpi for OCR (default 300)")
    p.add_argument("--force-ocr", action="store_true", help="OCR even pages with a text layer")
    p.add_argument("--no-registry", action="store_true", help="do not resolve citations")
    p.add_argument("--ics", metavar="FILE", help="also write the timetable as iCalendar")
    p.add_argument("--csv", metavar="DIR", help="also write one CSV per field family")
    from extractor.commands.limits import add_limit_arguments
    add_limit_arguments(p)
    p.set_defaults(run=run)


def _options(args):
    from models import ExtractOptions

    from extractor.commands.limits import limit_options

    kwargs = dict(include_text=args.text, force_ocr=args.force_ocr, resolve=not args.no_registry)
    kwargs.update(limit_options(args))
    if args.pages:
        kwargs["pages"] = parse_pages(args.pages)
    if not 72 <= args.dpi <= 600:
        raise UsageError("--dpi must be between 72 and 600")
    kwargs["dpi"] = args.dpi
    return ExtractOptions(**kwargs)


def _stdin_to_file() -> Path:
    data = sys.stdin.buffer.read()
    fd, name = tempfile.mkstemp(prefix="vanban-stdin-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return Path(name)


def _write_exports(args, result) -> None:
    if args.ics:
        from extractor.exports import write_ics
        write_ics(args.ics, [result])
    if args.csv:
        from extractor.exports import write_csv_dir
        write_csv_dir(args.csv, [result])


def run(args) -> int:
    from extractor import extract
    from extractor.pipeline import error_record
    from extractor.writers import atomic_write_text, to_json

    options = _options(args)
    many = len(args.files) > 1
    if args.output and many and args.format == "json":
        out_dir = Path(args.output)
        if out_dir.exists() and not out_dir.is_dir():
            raise UsageError(f"{out_dir}: with several inputs, -o must be a folder (or use --format jsonl)")
    if (args.ics or args.csv) and many:
        raise UsageError("--ics and --csv take one input file; use `vanban export` for many")
    status = 0
    lines: list[str] = []
    for name in args.files:
        tmp = None
        path = Path(name)
        try:
            if name == "-":
                tmp = path = _stdin_to_file()
            result = extract(path, options=options)
            if tmp is not None:
                result.source.file = "-"
        except VanbanError as exc:
            if args.debug:
                traceback.print_exc()
            shown = "-" if tmp is not None else name
            print(f"vanban: {shown}: {exc.message}", file=sys.stderr)
            status = max(status, exc.exit_code)
            if many and args.format == "jsonl":
                lines.append(to_json(error_record(name, exc), indent=None))
            continue
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
        _write_exports(args, result)
        if args.format == "jsonl":
            lines.append(to_json(result, indent=None))
        elif args.output and many:
            atomic_write_text(Path(args.output) / (Path(name).stem + ".json"), to_json(result) + "\n")
        else:
            lines.append(to_json(result))
    if lines:
        payload = "\n".join(lines) + "\n"
        if args.output and not (many and args.format == "json"):
            atomic_write_text(args.output, payload)
        else:
            sys.stdout.write(payload)
    return status
