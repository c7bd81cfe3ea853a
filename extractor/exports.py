"""Exports for spreadsheets, trackers and calendars: CSV, XLSX, JSONL and iCalendar.

One flattening serves every output: :func:`family_rows` turns an
:class:`~models.ExtractionResult` into flat rows, one list per field family
(``documents``, ``references``, ``targets``, ``timetable``, ``findings``), with the
columns declared once in :data:`FAMILIES`. The same rows fill the batch database's
tables (``extractor.batch.store``), the CSV files and the XLSX sheets, so
``vanban extract FILE --csv DIR`` and ``vanban export DB --format csv`` run the same
code on one result or on many.

Every row is keyed by the file's ``sha256`` (and ``idx``, the item's position in its
family); list values (owners, recipients…) are joined with ``"; "``, the separator the
timetable parser splits owners on.

Calendar: :func:`calendar_for` makes one all-day ``VEVENT`` per timetable row that has a
date (``start``..``end``; a row with only ``end`` — "Trước 20/01/2021" — becomes an event
on that day), with owners, lead and partners in the description. Rows without any date
are left out (a calendar cannot place them); they stay in the CSV.
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Union

from extractor.writers import new_file_mode
from models import ErrorRecord, ExtractionResult

PathLike = Union[str, os.PathLike]
SEP = "; "

# -- columns ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One output column: its name, SQLite type and how to read it from an item."""

    name: str
    sql: str  # TEXT | INTEGER | REAL
    get: Callable[[Any], Any]


def _page(item) -> Optional[int]:
    prov = getattr(item, "provenance", None)
    return prov.page if prov is not None else None


def _iso(value) -> Optional[str]:
    return value.isoformat() if isinstance(value, date) else value


def _join(values) -> Optional[str]:
    values = [v for v in values or () if v]
    return SEP.join(values) if values else None


def _c(name: str, get: Callable[[Any], Any], sql: str = "TEXT") -> Column:
    return Column(name, sql, get)


# The documents family reads from the whole result; the others from one item each.
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    _c("media_type", lambda r: r.source.media_type),
    _c("pages", lambda r: r.source.pages, "INTEGER"),
    _c("text_source", lambda r: r.source.text_source),
    _c("ocr_confidence", lambda r: r.source.ocr.mean_confidence if r.source.ocr else None, "REAL"),
    _c("status", lambda r: r.status),
    _c("doc_type", lambda r: r.document.doc_type),
    _c("doc_type_label", lambda r: r.document.doc_type_label),
    _c("number", lambda r: r.document.number),
    _c("symbol", lambda r: r.document.symbol),
    _c("code", lambda r: r.document.code),
    _c("issuer", lambda r: r.document.issuer),
    _c("issuer_parent", lambda r: r.document.issuer_parent),
    _c("place", lambda r: r.document.place),
    _c("issue_date", lambda r: _iso(r.document.issue_date)),
    _c("title", lambda r: r.document.title),
    _c("period_start", lambda r: _iso(r.document.period.start) if r.document.period else None),
    _c("period_end", lambda r: _iso(r.document.period.end) if r.document.period else None),
    _c("signer_name", lambda r: r.document.signer.name if r.document.signer else None),
    _c("signer_position", lambda r: r.document.signer.position if r.document.signer else None),
    _c("signer_authority", lambda r: r.document.signer.authority if r.document.signer else None),
    _c("recipients", lambda r: _join(r.document.recipients)),
    _c("emails", lambda r: _join(r.document.contacts.emails)),
    _c("phones", lambda r: _join(r.document.contacts.phones)),
    _c("n_references", lambda r: len(r.references), "INTEGER"),
    _c("n_targets", lambda r: len(r.targets), "INTEGER"),
    _c("n_timetable", lambda r: len(r.timetable), "INTEGER"),
    _c("n_findings", lambda r: len(r.findings), "INTEGER"),
    _c("warnings", lambda r: _join(r.warnings)),
)

REFERENCE_COLUMNS: tuple[Column, ...] = (
    _c("doc_type", lambda x: x.doc_type),
    _c("number", lambda x: x.number),
    _c("year", lambda x: x.year),
    _c("symbol", lambda x: x.symbol),
    _c("code", lambda x: x.code),
    _c("date", lambda x: _iso(x.date)),
    _c("issuer", lambda x: x.issuer),
    _c("title", lambda x: x.title),
    _c("roles", lambda x: _join(dict.fromkeys(m.role for m in x.mentions))),
    _c("n_mentions", lambda x: len(x.mentions), "INTEGER"),
    _c("as_written", lambda x: x.mentions[0].as_written if x.mentions else None),
    _c("page", lambda x: _page(x.mentions[0]) if x.mentions else None, "INTEGER"),
    _c("registry_matched", lambda x: int(x.registry.matched) if x.registry else None, "INTEGER"),
    _c("registry_status", lambda x: x.registry.status if x.registry else None),
    _c("registry_code", lambda x: x.registry.code if x.registry else None),
)

TARGET_COLUMNS: tuple[Column, ...] = (
    _c("text", lambda x: x.text),
    _c("metric", lambda x: x.metric),
    _c("comparator", lambda x: x.comparator),
    _c("value", lambda x: x.value, "REAL"),
    _c("value_max", lambda x: x.value_max, "REAL"),
    _c("unit", lambda x: x.unit),
    _c("due", lambda x: _iso(x.due)),
    _c("section", lambda x: x.section),
    _c("page", _page, "INTEGER"),
)

TIMETABLE_COLUMNS: tuple[Column, ...] = (
    _c("seq", lambda x: x.seq),
    _c("task", lambda x: x.task),
    _c("due_text", lambda x: x.due_text),
    _c("start", lambda x: _iso(x.start)),
    _c("end", lambda x: _iso(x.end)),
    _c("owners", lambda x: _join(x.owners)),
    _c("lead", lambda x: x.lead),
    _c("partners", lambda x: _join(x.partners)),
    _c("source", lambda x: x.source),
    _c("page", _page, "INTEGER"),
)

FINDING_COLUMNS: tuple[Column, ...] = (
    _c("code", lambda x: x.code),
    _c("severity", lambda x: x.severity),
    _c("message", lambda x: x.message),
    _c("ref", lambda x: x.ref),
    _c("rule", lambda x: x.rule),
    _c("page", _page, "INTEGER"),
)

#: family name -> (attribute of ExtractionResult holding its items or None, columns)
FAMILIES: dict[str, tuple[Optional[str], tuple[Column, ...]]] = {
    "documents": (None, DOCUMENT_COLUMNS),
    "references": ("references", REFERENCE_COLUMNS),
    "targets": ("targets", TARGET_COLUMNS),
    "timetable": ("timetable", TIMETABLE_COLUMNS),
    "findings": ("findings", FINDING_COLUMNS),
}

ERROR_COLUMNS: tuple[Column, ...] = (
    _c("sha256", lambda e: e.sha256),
    _c("file", lambda e: e.file),
    _c("kind", lambda e: e.kind),
    _c("message", lambda e: e.message),
    _c("exit_code", lambda e: e.exit_code, "INTEGER"),
)


def key_columns(family: str) -> tuple[str, ...]:
    """The key columns every row of ``family`` starts with."""
    return ("sha256", "file") if family == "documents" else ("sha256", "file", "idx")


def header(family: str) -> list[str]:
    """Column names of ``family`` in output order (keys first)."""
    return [*key_columns(family), *(c.name for c in FAMILIES[family][1])]


def family_rows(result: ExtractionResult, sha256: Optional[str] = None) -> dict[str, list[list]]:
    """Flat rows of one result, by family, in :func:`header` order.

    ``sha256`` defaults to the one in ``result.source``; a batch passes the hash it
    computed so that rows stay keyed even if the extractor left it out.
    """
    sha = sha256 or result.source.sha256
    name = result.source.file
    out: dict[str, list[list]] = {}
    for family, (attr, columns) in FAMILIES.items():
        if attr is None:
            out[family] = [[sha, name, *(c.get(result) for c in columns)]]
        else:
            out[family] = [[sha, name, i, *(c.get(item) for c in columns)]
                           for i, item in enumerate(getattr(result, attr))]
    return out


def error_row(record: ErrorRecord) -> list:
    return [c.get(record) for c in ERROR_COLUMNS]


# -- atomic multi-file output ----------------------------------------------------------


class _AtomicFiles:
    """Open several text files in a folder; all are renamed into place on success,
    none is left behind (not even a temporary) on failure."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pending: list[tuple[str, Path]] = []
        self._stack = ExitStack()

    def open(self, name: str, *, encoding: str = "utf-8", newline: Optional[str] = None):
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        os.fchmod(fd, new_file_mode())  # mkstemp's 0600 would ignore the umask
        self._pending.append((tmp, self.folder / name))
        return self._stack.enter_context(os.fdopen(fd, "w", encoding=encoding, newline=newline))

    def __enter__(self) -> "_AtomicFiles":
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._stack.close()
        finally:
            for tmp, dest in self._pending:
                if exc_type is None:
                    os.replace(tmp, dest)
                else:
                    try:
                        os.unlink(tmp)
                    except OSError:
                        pass


def _atomic_path(dest: Path):
    """A temporary path beside ``dest`` and a function that moves it into place."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.fchmod(fd, new_file_mode())  # mkstemp's 0600 would ignore the umask
    os.close(fd)
    return Path(tmp)


# -- writers -----------------------------------------------------------------------------


def write_csv_dir(folder: PathLike, results: Iterable[ExtractionResult],
                  errors: Iterable[ErrorRecord] = ()) -> list[Path]:
    """Write ``documents.csv``, ``references.csv``, ``targets.csv``, ``timetable.csv``,
    ``findings.csv`` (and ``errors.csv`` when there are errors) into ``folder``.

    UTF-8 with a byte-order mark so that spreadsheet programs read the Vietnamese
    letters right. Results are streamed: any number can be written.
    """
    folder = Path(folder)
    written = []
    with _AtomicFiles(folder) as files:
        writers = {}
        for family in FAMILIES:
            w = csv.writer(files.open(f"{family}.csv", encoding="utf-8-sig", newline=""))
            w.writerow(header(family))
            writers[family] = w
            written.append(folder / f"{family}.csv")
        for result in results:
            for family, rows in family_rows(result).items():
                writers[family].writerows(rows)
        errors = list(errors)
        if errors:
            w = csv.writer(files.open("errors.csv", encoding="utf-8-sig", newline=""))
            w.writerow([c.name for c in ERROR_COLUMNS])
            w.writerows(error_row(e) for e in errors)
            written.append(folder / "errors.csv")
    return written


def write_xlsx(path: PathLike, results: Iterable[ExtractionResult],
               errors: Iterable[ErrorRecord] = ()) -> Path:
    """One workbook, one sheet per family (plus ``errors``), header row frozen."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook(write_only=True)
    sheets = {}
    for family in FAMILIES:
        ws = wb.create_sheet(family)
        ws.freeze_panes = "A2"
        ws.append(header(family))
        sheets[family] = ws
    for result in results:
        for family, rows in family_rows(result).items():
            for row in rows:
                sheets[family].append(row)
    errors = list(errors)
    if errors:
        ws = wb.create_sheet("errors")
        ws.append([c.name for c in ERROR_COLUMNS])
        for e in errors:
            ws.append(error_row(e))
    tmp = _atomic_path(path)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_jsonl(folder: PathLike, results: Iterable[ExtractionResult],
                errors: Iterable[ErrorRecord] = ()) -> list[Path]:
    """``results.jsonl`` (one full result a line) and ``errors.jsonl`` when any failed."""
    folder = Path(folder)
    written = [folder / "results.jsonl"]
    with _AtomicFiles(folder) as files:
        fh = files.open("results.jsonl", newline="\n")
        for result in results:
            fh.write(json.dumps(result.model_dump(mode="json"), ensure_ascii=False) + "\n")
        errors = list(errors)
        if errors:
            fe = files.open("errors.jsonl", newline="\n")
            for e in errors:
                fe.write(json.dumps(e.model_dump(mode="json"), ensure_ascii=False) + "\n")
            written.append(folder / "errors.jsonl")
    return written


# -- calendar ----------------------------------------------------------------------------


def row_dates(row) -> Optional[tuple[date, date]]:
    """The first and last day of a timetable row's event, or None when it has no date.

    >>> from models import TimetableRow
    >>> row_dates(TimetableRow(task="x", end=date(2021, 1, 20)))
    (datetime.date(2021, 1, 20), datetime.date(2021, 1, 20))
    >>> row_dates(TimetableRow(task="x")) is None
    True
    """
    first, last = row.start or row.end, row.end or row.start
    if first is None:
        return None
    if last < first:  # a reversed range is kept as written but placed forwards
        first, last = last, first
    return first, last


def _description(result: ExtractionResult, row) -> str:
    doc = result.document
    lines = []
    if row.due_text:
        lines.append(f"Thời gian: {row.due_text}")
    if row.owners:
        lines.append(f"Đơn vị thực hiện: {SEP.join(row.owners)}")
    if row.lead:
        lines.append(f"Lãnh đạo phụ trách: {row.lead}")
    if row.partners:
        lines.append(f"Phối hợp: {SEP.join(row.partners)}")
    origin = " ".join(x for x in (doc.doc_type_label, doc.code) if x) or result.source.file
    if doc.title:
        origin = f"{origin} — {doc.title}"
    lines.append(f"Nguồn: {origin}")
    return "\n".join(lines)


def calendar_for(results: Iterable[ExtractionResult], *, stamp: Optional[datetime] = None):
    """An :class:`icalendar.Calendar` with one all-day VEVENT per dated timetable row.

    ``UID`` is ``<sha256[:16]>-<row index>@vanban``, stable across runs, so re-importing
    an updated export replaces events instead of duplicating them. DTEND is exclusive
    (the day after the last day), as RFC 5545 wants for all-day events.
    """
    from icalendar import Calendar, Event

    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//vanban//timetable export//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "vanban — tiến độ thực hiện")
    for result in results:
        key = (result.source.sha256 or result.source.file)[:16]
        for i, row in enumerate(result.timetable):
            days = row_dates(row)
            if days is None:
                continue
            first, last = days
            ev = Event()
            ev.add("uid", f"{key}-{i}@vanban")
            ev.add("dtstamp", stamp)
            summary = row.task if not row.seq else f"{row.seq}. {row.task}"
            ev.add("summary", summary)
            ev.add("dtstart", first)
            ev.add("dtend", last + timedelta(days=1))
            ev.add("description", _description(result, row))
            ev.add("transp", "TRANSPARENT")
            cal.add_component(ev)
    return cal


def write_ics(path: PathLike, results: Iterable[ExtractionResult]) -> Path:
    """Write the timetables of ``results`` as one iCalendar file (atomically)."""
    from extractor.writers import atomic_write_text

    path = Path(path)
    data = calendar_for(results).to_ical().decode("utf-8")
    atomic_write_text(path, data)
    return path


#: ``vanban export --format`` -> writer taking (out_dir, results, errors)
FORMATS = ("csv", "jsonl", "xlsx", "ics")


def export(fmt: str, out_dir: PathLike, results: Iterable[ExtractionResult],
           errors: Iterable[ErrorRecord] = ()) -> list[Path]:
    """Write ``results`` (and ``errors``) in one of :data:`FORMATS` into ``out_dir``."""
    out_dir = Path(out_dir)
    if fmt == "csv":
        return write_csv_dir(out_dir, results, errors)
    if fmt == "jsonl":
        return write_jsonl(out_dir, results, errors)
    if fmt == "xlsx":
        return [write_xlsx(out_dir / "vanban.xlsx", results, errors)]
    if fmt == "ics":
        return [write_ics(out_dir / "timetable.ics", results)]
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
