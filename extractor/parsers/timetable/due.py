"""When a timetable row is due: (start, end) of its due text in the document's year
(:func:`plan_dates`, :func:`due_bounds`), and the OCR repairs of a due cell (a quarter's
Roman numeral misread, a date glued to the next word)."""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Optional

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.dates import find_dates, parse_due

# A quarter numeral as OCR may read it, before "/year" or " năm": "Quý IH/2021", "QuýII1"
_OCR_QUARTER = re.compile(r"(?P<word>\b[Qq]u[ýy])\s*(?P<num>[IVHTl1|!]{1,4})(?=\s*[/⁄-]|\s+năm)")
# A date glued to the next word by OCR ("02/10/2022đến"): a space goes back in.
_OCR_GLUED = re.compile(r"(?<=\d)(?=[^\W\d_])")
_YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d\d\b")
# how far before the issue date a yearless deadline may fall and still be read as written
_ROLLOVER_SLACK = timedelta(days=31)


def plan_dates(due_text: Optional[str], dates, ctx: ParseContext):
    """(start, end) of a due text through ``dates(year)``, in the document's year — or the
    next one when no year is written and the document's year would put the deadline well
    before the document itself: a school-year plan issued in August schedules ``Tháng 1``
    in January of the next year, not of the year gone by."""
    start, end = dates(ctx.year)
    if (end is not None and ctx.issue_date is not None and ctx.year is not None
            and due_text and not _YEAR_WRITTEN.search(due_text)
            and end < ctx.issue_date - _ROLLOVER_SLACK):
        later = dates(ctx.year + 1)
        if later[1] is not None:
            return later
    return start, end


def due_bounds(due_text: str, year: Optional[int]):
    """(start, end) of a due cell: :func:`parse_due`, except that a month written beside a
    quarter always wins (``Quý III/2021 (Tháng 9)``), even when OCR damaged the quarter's
    numeral so that the two disagree — the month's digits are the surer reading.

    >>> [str(d) for d in due_bounds("Quý II/2021 (Tháng 9)", None)]
    ['2021-09-01', '2021-09-30']
    """
    spans = [d for d in find_dates(due_text, default_year=year) if not d.invalid]
    kinds = [d.kind for d in spans]
    if "quarter" in kinds and "month" in kinds and "day" not in kinds and "range" not in kinds:
        month = next(d for d in spans if d.kind == "month")
        if month.start is not None:
            return month.start, month.end
    return parse_due(due_text, default_year=year)


_QUARTERS = ("I", "II", "III", "IV")


def ocr_quarter_numeral(read: str) -> Optional[str]:
    """The quarter numeral (I..IV) OCR read as ``read``, or None: ``l``/``1``/``|``/``!``/
    ``T`` are one stroke; ``H`` is two strokes joined (``IH`` → III), or one stroke with
    noise when two would give more than IV (``HII`` → III), or a smudge (``lIIH`` → III).

    >>> [ocr_quarter_numeral(x) for x in ("IH", "HII", "lIIH", "1I", "TV", "IV", "IIIII", "X")]
    ['III', 'III', 'III', 'II', 'IV', 'IV', None, None]
    """
    base = re.sub(r"[l1|!T]", "I", read.upper().replace("L", "I"))
    for h in ("II", "I", ""):  # H as two strokes, one, or a smudge
        numeral = base.replace("H", h)
        if numeral in _QUARTERS:
            return numeral
    return None


def repair_ocr_due(due_text: str) -> tuple[str, list[str]]:
    """OCR repairs of a due cell: a quarter's Roman numeral misread (``Quý IH/2021`` →
    ``Quý III/2021``, see :func:`ocr_quarter_numeral`; kept only when the result is a
    quarter 1..4) and a date glued to the next word (``02/10/2022đến`` → ``02/10/2022
    đến``). Returns the text and the repairs as ``from -> to``.

    >>> repair_ocr_due("QuýIH/2021")
    ('Quý III/2021', ['QuýIH -> Quý III'])
    >>> repair_ocr_due("Quý IV/2021")
    ('Quý IV/2021', [])
    """
    repairs: list[str] = []

    def fix(m: re.Match) -> str:
        numeral = ocr_quarter_numeral(m.group("num"))
        new = f"{m.group('word')} {numeral}"
        if numeral is None or new == m.group(0):
            return m.group(0)
        repairs.append(f"{m.group(0)} -> {new}")
        return new

    fixed = _OCR_QUARTER.sub(fix, due_text)
    unglued = _OCR_GLUED.sub(" ", fixed)
    if unglued != fixed:
        repairs.append(f"{fixed} -> {unglued}")
    return unglued, repairs
