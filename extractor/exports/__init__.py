"""Exports for spreadsheets, trackers and calendars: CSV, XLSX, JSONL and iCalendar.

One flattening serves every output (:mod:`.columns`): the same rows fill the batch
database's tables (:mod:`extractor.batch.store`), the CSV files and the XLSX sheets, so
``vanban extract FILE --csv DIR`` and ``vanban export DB --format csv`` run the same
code on one result or on many. :mod:`.tabular` writes CSV/XLSX/JSONL (safe against
formula injection and control characters), :mod:`.calendar` the timetable as
iCalendar (one set of events per document, however many files it came from).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from vanban.extractor.exports.calendar import calendar_for, event_summary, ics_text, row_dates, write_ics
from vanban.extractor.exports.columns import (DOCUMENT_COLUMNS, ERROR_COLUMNS, FAMILIES, SEP, Column,
                                       columns, document_id, error_row, family_rows, header,
                                       item_values, key_columns)
from vanban.extractor.exports.tabular import csv_safe, write_csv_dir, write_jsonl, write_xlsx, xml_safe
from vanban.models import ErrorRecord, ExtractionResult

#: ``vanban export --format`` values
FORMATS = ("csv", "jsonl", "xlsx", "ics")


def export(fmt: str, out_dir, results: Iterable[ExtractionResult],
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


__all__ = ["Column", "DOCUMENT_COLUMNS", "ERROR_COLUMNS", "FAMILIES", "FORMATS", "SEP",
           "calendar_for", "columns", "csv_safe", "document_id", "error_row", "event_summary",
           "export", "family_rows", "header", "ics_text", "item_values", "key_columns",
           "row_dates", "write_csv_dir", "write_ics", "write_jsonl", "write_xlsx", "xml_safe"]
