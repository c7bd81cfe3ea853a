"""The pipeline: load -> Text -> parsers -> resolve -> findings -> ExtractionResult.

Each stage hands a typed value to the next and never reaches into another's internals.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from extractor.errors import InputError, VanbanError
from extractor.loaders import Loaded, load
from extractor.parsers import ParseContext
from extractor.parsers.findings import find_all
from extractor.parsers.header import HeaderInfo, parse_header
from extractor.parsers.references import parse_references
from extractor.parsers.targets import parse_targets
from extractor.parsers.timetable import parse_timetable
from extractor.review import finish as finish_review
from extractor.text import Text
from models import ErrorRecord, ExtractOptions, ExtractionResult, Source

PathLike = Union[str, os.PathLike]
Resolver = Callable[[list], list]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def context_from(header: HeaderInfo) -> ParseContext:
    doc = header.document
    year = doc.issue_date.year if doc.issue_date else None
    if year is None and doc.period and (doc.period.start or doc.period.end):
        year = (doc.period.start or doc.period.end).year
    if year is None:
        year = header.extras.get("year")
    return ParseContext(issue_date=doc.issue_date, year=year, number=doc.number,
                        symbol=doc.symbol, doc_type=doc.doc_type)


def default_resolver() -> Optional[Resolver]:
    try:
        from extractor.registry import resolve_references
    except ImportError:
        return None
    return resolve_references


def extract_text(text: Text, *, source: Source, options: Optional[ExtractOptions] = None,
                 resolver: Optional[Resolver] = None) -> ExtractionResult:
    """Run the parsers over an already loaded :class:`Text`."""
    options = options or ExtractOptions()
    header = parse_header(text)
    ctx = context_from(header)
    references = parse_references(text, ctx)
    if options.resolve:
        resolver = resolver or default_resolver()
        if resolver is not None:
            references = resolver(references)
    targets = parse_targets(text, ctx)
    rows = parse_timetable(text, ctx)
    findings = find_all(header, references, targets, rows, text, ctx)
    result = ExtractionResult(source=source, document=header.document, references=references,
                              targets=targets, timetable=rows, findings=findings,
                              text=text.text if options.include_text else None)
    finish_review(result)
    return result


def extract(path: PathLike, *, options: Optional[ExtractOptions] = None,
            resolver: Optional[Resolver] = None) -> ExtractionResult:
    """Extract one document. Raises a :class:`~extractor.errors.VanbanError` subclass
    (with ``exit_code`` and a one-line message) when the file cannot be read."""
    from extractor.loaders.limits import Deadline, check_items

    options = options or ExtractOptions()
    path = Path(path)
    with Deadline(options, path).armed():  # the document's time limit, from here on
        loaded: Loaded = load(path, options)
        source = Source(file=path.name, sha256=sha256_file(path), media_type=loaded.media_type,
                        pages=loaded.pages, text_source=loaded.text_source, ocr=loaded.ocr)
        result = extract_text(loaded.text, source=source, options=options, resolver=resolver)
    for family in ("references", "targets", "timetable", "findings"):
        check_items(family, len(getattr(result, family)), options, path)
    if loaded.warnings:
        result.warnings.extend(loaded.warnings)
        result.status = "partial_success"
    return result


def error_record(path: PathLike, exc: BaseException) -> ErrorRecord:
    path = Path(path)
    digest = None
    try:
        if path.is_file():
            digest = sha256_file(path)
    except OSError:
        pass
    if isinstance(exc, VanbanError):
        return ErrorRecord(file=str(path), sha256=digest, kind=type(exc).__name__,
                           message=exc.message, exit_code=exc.exit_code)
    return ErrorRecord(file=str(path), sha256=digest, kind=type(exc).__name__,
                       message=f"internal error: {exc}", exit_code=70)


def extract_all(paths: Iterable[PathLike], *, options: Optional[ExtractOptions] = None,
                resolver: Optional[Resolver] = None
                ) -> Iterator[Union[ExtractionResult, ErrorRecord]]:
    """Extract many documents in turn; a file that fails yields an :class:`ErrorRecord`
    and the others go on."""
    for path in paths:
        try:
            yield extract(path, options=options, resolver=resolver)
        except InputError as exc:
            yield error_record(path, exc)
        except VanbanError as exc:
            yield error_record(path, exc)
