"""One timetable row: the cells a reader found (:class:`_RawRow`) made into a
:class:`TimetableRow` (owners split, due dates read, provenance with every repair)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional

from vanban.extractor.normalize import collapse_spaces
from vanban.extractor.parsers import ParseContext
from vanban.extractor.text import BBox, Text
from vanban.models import Provenance, TimetableRow
from vanban.extractor.parsers.timetable.due import due_bounds, plan_dates, repair_ocr_due

_DASH_BULLET = re.compile(r"^\s*[-–—•+*·▪●○◦]\s*")
# A row number as written in a TT cell: 1, 1., 12), I, II., a)
SEQ = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ])\s*[.)]?\s*$", re.I)
_ROMAN_SEQ = re.compile(r"^\s*[IVXLC]{1,6}\s*[.)]?\s*$")
# Two spaces or more: the gap between two cells of a text table laid out with spaces
# (one space parts two words of a cell).
CELL_GAP = re.compile(r" {2,}")


def opens_with_number(s: str) -> bool:
    """Whether the line opens with a row number (a table's row does; its header does not)."""
    words = s.split(maxsplit=1)
    return bool(words) and bool(SEQ.match(words[0]))


# A page number on a line of its own ("7", "- 7 -"), between a table's or a list's lines.
PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
# Owners: split on ';' and line breaks, then trim list marks and end punctuation.
_OWNER_SPLIT = re.compile(r"\s*[;\n]\s*")
_OWNER_TRIM = " \t-–—•+*.,;:"


class Spans:
    """Character ranges (a table's rows already read), merged and sorted once, asked in
    logarithmic time whether they hold an offset: a long table has thousands of rows, and
    a scan of them for every line of the text was quadratic."""

    def __init__(self, ranges) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(ranges):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def __bool__(self) -> bool:
        return bool(self._starts)

    def holds(self, pos: int) -> bool:
        """Whether a range holds ``pos``.

        >>> s = Spans([(10, 20), (15, 30), (40, 50)])
        >>> [s.holds(p) for p in (9, 10, 29, 30, 45)]
        [False, True, True, False, True]
        """
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]


@dataclass
class _RawRow:
    """One row before normalisation: cell texts by meaning (line breaks kept) and where
    the row is."""

    cells: dict[str, str]
    source: str  # "table" | "section"
    start: int = -1
    end: int = -1
    page: Optional[int] = None
    bbox: Optional[BBox] = None
    rule: str = ""
    # section rows: (due_text, dates) where dates(year) -> (start, end)
    due_override: Optional[tuple] = None
    extra: dict = field(default_factory=dict)


def split_owners(cell: str) -> list[str]:
    """Owners of a cell: split on ``;`` and line breaks, never on commas.

    >>> split_owners("Đ/c Đăng – VHTT, Thanh – ĐTT; Các nhà trường.")
    ['Đ/c Đăng – VHTT, Thanh – ĐTT', 'Các nhà trường']
    >>> split_owners("  ")
    []
    """
    out = []
    for part in _OWNER_SPLIT.split(cell or ""):
        part = collapse_spaces(part).strip(_OWNER_TRIM)
        if part:
            out.append(part)
    return out


def _clean(cell: Optional[str]) -> Optional[str]:
    value = collapse_spaces(cell or "").strip(" ;")
    return value or None


def _seq(cell: Optional[str]) -> Optional[str]:
    value = collapse_spaces(cell or "").rstrip(".)").strip()
    return value or None


def _provenance(text: Text, raw: _RawRow) -> Provenance:
    if raw.start >= 0:
        prov = text.provenance(raw.start, raw.end, rule=raw.rule)
        if raw.bbox is not None and prov.page == raw.page:
            prov.bbox = raw.bbox  # the row's box beats the box of the task words alone
        return prov
    return Provenance(page=raw.page, bbox=raw.bbox, rule=raw.rule,
                      source=(text.page_of(raw.page).source
                              if raw.page and text.page_of(raw.page) else None))


def _to_row(raw: _RawRow, text: Text, ctx: ParseContext) -> Optional[TimetableRow]:
    task = _clean(_DASH_BULLET.sub("", raw.cells.get("task") or ""))
    if not task:
        return None
    repairs: list[str] = list(raw.extra.get("repairs", []))
    if raw.due_override is not None:
        due_text, dates = raw.due_override
    else:
        due_text = _clean(raw.cells.get("due"))
        if due_text and raw.rule.endswith(".ocr"):
            due_text, repairs = repair_ocr_due(due_text)

        def dates(year, due_text=due_text):
            return due_bounds(due_text, year) if due_text else (None, None)
    start, end = plan_dates(due_text, dates, ctx)
    provenance = _provenance(text, raw)
    # the OCR post-fixes of every cell of the row (the span is the task's), then this
    # parser's own repairs of the due text
    covered = text.repairs_in(*raw.extra["cells"]) if "cells" in raw.extra else []
    provenance.repairs = list(dict.fromkeys(provenance.repairs + covered + repairs))
    return TimetableRow(
        seq=_seq(raw.cells.get("seq")), task=task, due_text=due_text, start=start, end=end,
        owners=split_owners(raw.cells.get("owners") or ""),
        lead=_clean(raw.cells.get("lead")),
        partners=split_owners(raw.cells.get("partners") or ""),
        source=raw.source, provenance=provenance)
