"""The pipeline: load -> Text -> parsers -> resolve -> findings -> ExtractionResult.

Each stage hands a typed value to the next and never reaches into another's internals.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from vanban.extractor.errors import InputError, VanbanError
from vanban.extractor.confidence import assess_result
from vanban.extractor.exitcodes import ExitCode
from vanban.extractor.loaders import Loaded, load
from vanban.extractor.normalize import strip_accents
from vanban.extractor.parsers import PLAN_IN_TITLE, PLAN_TYPES, ParseContext
from vanban.extractor.parsers.findings import find_all
from vanban.extractor.parsers.header import HeaderInfo, parse_header
from vanban.extractor.parsers.references import parse_references
from vanban.extractor.parsers.targets import parse_targets
from vanban.extractor.parsers.timetable import parse_timetable
from vanban.extractor.review import finish as finish_review
from vanban.extractor.text import Text
from vanban.models import Attachment, ErrorRecord, ExtractOptions, ExtractionResult, Source

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
    ends = [span[1] for span in (header.zone.span, header.date_line) if span]
    ends += [p.span[1] for key in ("title", "doc_type") if (p := doc.provenance.get(key))
             and p.span and not p.inferred]
    plan_like = doc.doc_type is None or doc.doc_type in PLAN_TYPES or bool(
        doc.title and PLAN_IN_TITLE.match(strip_accents(doc.title).lower()))
    return ParseContext(issue_date=doc.issue_date, year=year, number=doc.number,
                        symbol=doc.symbol, doc_type=doc.doc_type, issuer=doc.issuer,
                        place=doc.place, body_start=max(ends, default=0), plan_like=plan_like)


def default_resolver() -> Optional[Resolver]:
    from vanban.extractor.registry import resolve_references

    return resolve_references


def _resolve(resolver: Resolver, refs: list, ctx: ParseContext) -> list:
    """Call a resolver with the citing document's context when it takes one (the
    registry's does); a plain ``resolver(refs)`` still works."""
    import inspect

    try:
        params = inspect.signature(resolver).parameters
    except (TypeError, ValueError):
        return resolver(refs)
    if len(params) >= 2 or any(p.kind is p.VAR_POSITIONAL for p in params.values()):
        return resolver(refs, ctx)
    return resolver(refs)


# -- several documents in one file ---------------------------------------------------------

# A later document starts on a page whose first START_LINES lines hold the national title
# ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" / "Độc lập - Tự do - Hạnh phúc") and a number line
# ("Số: …" / "Số …/…"): the opening of every administrative document (NĐ 30/2020).
START_LINES = 14
_NATIONAL = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc",
             "doc lap tu do hanh phuc")
_NUMBER_LINE = re.compile(r"^so\s*[:.]?\s*[\w.]*\s*/")


def _skeleton(line: str) -> str:
    from vanban.extractor.normalize import strip_accents

    return " ".join(strip_accents(line).lower().split())


def document_starts(text: Text) -> list[int]:
    """Page numbers on which a document begins: the first page, and every later page
    that opens with a national title and a number line (a document bound after another
    in the same file)."""
    starts: list[int] = []
    by_page: dict[int, list] = {}
    for line in text.lines:
        by_page.setdefault(line.page, []).append(line)
    for page in text.pages:
        if not starts:
            starts.append(page.number)
            continue
        head = [_skeleton(text.line_text(ln)) for ln in by_page.get(page.number, [])[:START_LINES]]
        if any(any(t in h for t in _NATIONAL) for h in head) and \
                any(_NUMBER_LINE.match(h) for h in head):
            starts.append(page.number)
    return starts


def part_of(text: Text, first: int, last: int) -> Text:
    """The pages ``first``..``last`` of ``text`` as a Text whose offsets are those of the
    whole text (what lies outside the part is blanked out), so that spans and provenance
    found in the part hold for the file."""
    pages = [p for p in text.pages if first <= p.number <= last]
    if not pages:
        return text
    start, end = pages[0].start, pages[-1].end
    inside = lambda a, b: a >= start and b <= end  # noqa: E731
    return Text(text=" " * start + text.text[start:end], pages=pages,
                lines=[ln for ln in text.lines if first <= ln.page <= last],
                tables=[t for t in text.tables if first <= t.page <= last],
                repairs=[r for r in text.repairs if inside(r[0], r[1])])


def extract_text(text: Text, *, source: Source, options: Optional[ExtractOptions] = None,
                 resolver: Optional[Resolver] = None) -> ExtractionResult:
    """Run the parsers over an already loaded :class:`Text`.

    A file holding several documents (see :func:`document_starts`) gives one result for
    its MAIN document — the first: its header, signer, targets and timetable come from
    its own pages; the later documents become ``attachments`` (pages and header); the
    citations of the whole file are the result's references."""
    options = options or ExtractOptions()
    starts = document_starts(text)
    last_page = text.pages[-1].number if text.pages else 1
    main = text if len(starts) == 1 else part_of(text, starts[0], starts[1] - 1)
    header = parse_header(main)
    ctx = context_from(header)
    references = parse_references(text, ctx)
    if options.resolve:
        resolver = resolver or default_resolver()
        if resolver is not None:
            references = _resolve(resolver, references, ctx)
    targets = parse_targets(main, ctx)
    rows = parse_timetable(main, ctx)
    findings = find_all(header, references, targets, rows, main, ctx)
    attachments = []
    for first, nxt in zip(starts[1:], starts[2:] + [last_page + 1]):
        part = part_of(text, first, nxt - 1)
        attachments.append(Attachment(pages=[p.number for p in part.pages],
                                      document=parse_header(part).document))
    result = ExtractionResult(source=source, document=header.document, references=references,
                              targets=targets, timetable=rows, findings=findings,
                              attachments=attachments,
                              text=text.text if options.include_text else None)
    result.warnings.extend(header.warnings)  # header parts not found
    assess_result(result, text)  # per-field confidence and reasons, settled by finish
    finish_review(result)
    return result


def extract(path: PathLike, *, options: Optional[ExtractOptions] = None,
            resolver: Optional[Resolver] = None) -> ExtractionResult:
    """Extract one document. Raises a :class:`~extractor.errors.VanbanError` subclass
    (with ``exit_code`` and a one-line message) when the file cannot be read."""
    from vanban.extractor.loaders.limits import Deadline, check_items

    options = options or ExtractOptions()
    path = Path(path)
    with Deadline(options, path).armed():  # the document's time limit, from here on
        loaded: Loaded = load(path, options)
        source = Source(file=path.name, sha256=sha256_file(path), media_type=loaded.media_type,
                        pages=loaded.pages, text_source=loaded.text_source, ocr=loaded.ocr)
        result = extract_text(loaded.text, source=source, options=options, resolver=resolver)
        flag_handwritten(result, loaded.repairs)
    for family in ("references", "targets", "timetable", "findings"):
        check_items(family, len(getattr(result, family)), options, path)
    if loaded.warnings:
        result.warnings.extend(loaded.warnings)
        result.status = "partial_success"
    return result


# The header fields a handwritten slot of the first page feeds (extractor.loaders.slots).
_SLOT_FIELDS = {"number": ("number", "số văn bản"), "day": ("issue_date", "ngày ban hành"),
                "month": ("issue_date", "ngày ban hành")}


def flag_handwritten(result: ExtractionResult, repairs: list[str]) -> None:
    """Flag for review the header fields whose slot on the first page was handwritten:
    read by the targeted second reading (low confidence) or left empty because the
    readings disagreed (a wrong number would be worse than an empty one)."""
    from vanban.extractor.review import flag

    for repair in repairs:
        page, _, rest = repair.partition(": ")
        kind, _, what = rest.partition(": ")
        if page != "page 1" or kind not in _SLOT_FIELDS or not what.startswith("handwritten"):
            continue
        field, label = _SLOT_FIELDS[kind]
        read = what.rsplit("-> ", 1)[-1]
        if read == "?":
            flag(result.document, field, "handwritten",
                 f"{label} viết tay, không đọc chắc chắn được: cần nhập tay", 0.0)
        else:
            flag(result.document, field, "handwritten",
                 f"{label} viết tay, đọc được {read}: cần kiểm tra", 0.4)
    finish_review(result)


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
                       message=f"internal error: {exc}", exit_code=ExitCode.internal)


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
