"""The timetable as iCalendar: one all-day ``VEVENT`` per dated row.

A row from ``start`` to ``end`` is an event over those days (DTEND is the day after the
last one, as RFC 5545 wants for all-day events); a row with only ``end`` ("Trước
20/01/2021") is an event on that day. Rows without any date are left out (a calendar
cannot place them); they stay in the CSV.

Events are titled with the document's code (``01/KH-HKH · 3. Tổ chức…``) so that a
clerk's calendar says which plan a task comes from. UIDs are ``<document id>-<row>``:
the document id is its identity (issuer + code + issue date), not its file, so the
same plan given as a PDF and as a scan yields one set of events — a second result of
the same document is skipped — and re-importing an updated export replaces events
instead of duplicating them.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Iterable, Optional

from vanban.extractor.exports.columns import SEP, document_id
from vanban.models import ExtractionResult


def row_dates(row) -> Optional[tuple[date, date]]:
    """The first and last day of a timetable row's event, or None when it has no date.

    >>> from vanban.models import TimetableRow
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


def event_summary(result: ExtractionResult, row) -> str:
    task = row.task if not row.seq else f"{row.seq}. {row.task}"
    code = result.document.code
    return f"{code} · {task}" if code else task


def calendar_for(results: Iterable[ExtractionResult], *, stamp: Optional[datetime] = None):
    """An :class:`icalendar.Calendar` with one all-day VEVENT per dated timetable row,
    each document once however many of its files are among ``results``."""
    from icalendar import Calendar, Event

    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//vanban//timetable export//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "vanban — tiến độ thực hiện")
    seen: set[str] = set()
    for result in results:
        doc_id = document_id(result)
        if doc_id in seen:  # another file of a document already in the calendar
            continue
        seen.add(doc_id)
        for i, row in enumerate(result.timetable):
            days = row_dates(row)
            if days is None:
                continue
            first, last = days
            ev = Event()
            ev.add("uid", f"{doc_id}-{i}@vanban")
            ev.add("dtstamp", stamp)
            ev.add("summary", event_summary(result, row))
            ev.add("dtstart", first)
            ev.add("dtend", last + timedelta(days=1))
            ev.add("description", _description(result, row))
            ev.add("transp", "TRANSPARENT")
            cal.add_component(ev)
    return cal


def ics_text(results: Iterable[ExtractionResult]) -> str:
    return calendar_for(results).to_ical().decode("utf-8")


def write_ics(path, results: Iterable[ExtractionResult]) -> Path:
    """Write the timetables of ``results`` as one iCalendar file (atomically)."""
    from vanban.extractor.writers import atomic_write_text

    path = Path(path)
    atomic_write_text(path, ics_text(results))
    return path
