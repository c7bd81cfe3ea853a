"""``vanban extract FILE... [-o FILE | --output-dir DIR] [--format json|jsonl] [--text]
[--pages 1-3] [--dpi N] [--ics FILE] [--csv DIR]``.

Output habits: ``-`` is standard input (as a FILE) or output (as ``-o -``); ``-o FILE`` is
for one result (one input, or every input as one ``--format jsonl`` stream) and
``--output-dir DIR`` for one ``<stem>.json`` per input — mixing them is a usage error, not
a guess. Before any work the outputs are checked: none may overwrite an input, and two
inputs may not write the same file. One failing or crashing input is reported on its own
line; the other inputs' results are still written.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from vanban.extractor.errors import InternalError, OutputError, UsageError, VanbanError


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
    p = sub.add_parser("extract", help="extract one or more documents to JSON",
                       description="Extract each FILE (- for standard input) to the JSON of "
                       "the output contract. Without -o or --output-dir the result goes to "
                       "standard output.")
    p.add_argument("files", nargs="+", metavar="FILE", help="document(s) to read; - for stdin")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the one result to FILE (- for stdout); with several inputs "
                   "only together with --format jsonl")
    p.add_argument("--output-dir", metavar="DIR",
                   help="write one DIR/<name>.json per input (created if missing)")
    p.add_argument("--format", choices=("json", "jsonl"), default="json",
                   help="json: one indented document (default); jsonl: one result a line")
    p.add_argument("--text", action="store_true", help="include the full normalised text")
    p.add_argument("--pages", type=str, help="page range to read, e.g. 1-3")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation dpi for OCR (default 300)")
    p.add_argument("--force-ocr", action="store_true", help="OCR even pages with a text layer")
    p.add_argument("--no-registry", action="store_true", help="do not resolve citations")
    p.add_argument("--ics", metavar="FILE", help="also write the timetable as iCalendar")
    p.add_argument("--csv", metavar="DIR", help="also write one CSV per field family")
    from vanban.extractor.commands.limits import add_limit_arguments
    add_limit_arguments(p)
    p.set_defaults(run=run)


def _options(args):
    from vanban.models import ExtractOptions

    from vanban.extractor.commands.limits import limit_options

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


@contextmanager
def input_path(name: str) -> Iterator[Path]:
    """The path to read for ``name``: ``-`` is standard input, copied to a temporary file
    (the loaders detect the type from the bytes and may need to seek) removed afterwards."""
    if name != "-":
        yield Path(name)
        return
    tmp = _stdin_to_file()
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


class PageProgress:
    """``vanban: FILE: page 3/9`` rewritten in place on a terminal's standard error, once
    a document has taken more than ``after`` seconds (short runs stay silent)."""

    def __init__(self, name: str, *, after: float = 1.0, stream=None) -> None:
        self.name, self.after = name, after
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if time.monotonic() - self.start < self.after:
            return
        self.stream.write(f"\r\033[Kvanban: {self.name}: page {done}/{total}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()


def progress_for(name: str, args) -> Optional[PageProgress]:
    """A progress line when standard error is a terminal and -q was not given."""
    if getattr(args, "verbosity", 0) < 0:
        return None
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return PageProgress(name) if tty else None


def extract_one(name: str, options, args):
    """The result of one input; the page-progress line while it runs."""
    from vanban.extractor import extract
    from vanban.extractor.progress import listening

    progress = progress_for(name, args)
    try:
        with input_path(name) as path, listening(progress):
            result = extract(path, options=options)
    finally:
        if progress is not None:
            progress.clear()
    if name == "-":
        result.source.file = "-"
    return result


def report_failure(name: str, exc: BaseException, args) -> VanbanError:
    """One line on stderr for an input that failed; a bug becomes an InternalError."""
    if args.debug:
        traceback.print_exception(exc)
    if not isinstance(exc, VanbanError):
        exc = InternalError(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug "
                            "for the traceback and report it)")
    print(f"vanban: {name}: {exc.message}", file=sys.stderr)
    return exc


def summary_line(name: str, result, seconds: float) -> str:
    src = result.source
    return (f"vanban: {name}: {src.pages or 0} page(s), {src.text_source or '?'}, "
            f"{len(result.references)} reference(s), {len(result.targets)} target(s), "
            f"{len(result.timetable)} timetable row(s), {len(result.findings)} finding(s), "
            f"{seconds:.1f} s")


def tell(args, name: str, result, seconds: float) -> None:
    """-v: a summary and the warnings of each input."""
    if getattr(args, "verbosity", 0) < 1:
        return
    print(summary_line(name, result, seconds), file=sys.stderr)
    for w in result.warnings:
        print(f"vanban: {name}: warning: {w}", file=sys.stderr)


def _csv_outputs(folder: str) -> list[Path]:
    from vanban.extractor.exports import FAMILIES

    return [Path(folder) / f"{f}.csv" for f in (*FAMILIES, "errors")]


def plan_outputs(args) -> list[Path]:
    """Check the output options together and return the per-input files of
    ``--output-dir`` (empty otherwise); nothing is read or written yet."""
    from vanban.extractor.writers import outputs_per_input, refuse_overwriting_inputs

    files = args.files
    many = len(files) > 1
    if files.count("-") > 1:
        raise UsageError("- (standard input) can be given only once")
    if args.output and args.output_dir:
        raise UsageError("-o FILE (one result) and --output-dir DIR (one file per input) "
                         "cannot be mixed; choose one")
    if args.output and many and args.format == "json":
        raise UsageError(f"-o {args.output} takes one result but {len(files)} inputs were given; "
                         "use --output-dir DIR for one JSON per input, or --format jsonl for "
                         "one stream")
    if args.output_dir and args.format == "jsonl":
        raise UsageError("--output-dir writes one JSON per input; for one JSONL stream use "
                         "-o FILE --format jsonl")
    if (args.ics or args.csv) and many:
        raise UsageError("--ics and --csv take one input file; use `vanban export` for many")
    per_input: list[Path] = []
    if args.output_dir:
        out_dir = Path(args.output_dir)
        if out_dir.exists() and not out_dir.is_dir():
            raise OutputError("--output-dir is not a folder", path=out_dir)
        per_input = outputs_per_input(files, out_dir)
    outputs = [*per_input, *([args.output] if args.output else []),
               *([args.ics] if args.ics else []),
               *(_csv_outputs(args.csv) if args.csv else [])]
    refuse_overwriting_inputs(files, outputs)
    return per_input


def _write_exports(args, result) -> None:
    if args.ics:
        from vanban.extractor.exports import write_ics
        write_ics(args.ics, [result])
    if args.csv:
        from vanban.extractor.exports import write_csv_dir
        try:
            write_csv_dir(args.csv, [result])
        except OSError as exc:
            raise OutputError(f"cannot write the CSV files ({exc.strerror or exc})",
                              path=args.csv) from None


def run(args) -> int:
    from vanban.extractor.pipeline import error_record
    from vanban.extractor.writers import atomic_write_text, to_json

    options = _options(args)
    per_input = plan_outputs(args)
    many = len(args.files) > 1
    status = 0
    lines: list[str] = []
    for i, name in enumerate(args.files):
        t0 = time.perf_counter()
        try:
            result = extract_one(name, options, args)
        except KeyboardInterrupt:
            raise
        except Exception as exc:
            err = report_failure(name, exc, args)
            status = max(status, int(err.exit_code))
            if many and args.format == "jsonl":
                lines.append(to_json(error_record(name, err), indent=None))
            continue
        tell(args, name, result, time.perf_counter() - t0)
        _write_exports(args, result)
        if args.format == "jsonl":
            lines.append(to_json(result, indent=None))
        elif per_input:
            atomic_write_text(per_input[i], to_json(result) + "\n")
        else:
            lines.append(to_json(result))
    if lines:
        payload = "\n".join(lines) + "\n"
        atomic_write_text(args.output or "-", payload)
    return status
