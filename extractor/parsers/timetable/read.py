"""The door: :func:`parse_timetable` runs the three readers in order (tables, text
tables, task lists) and keeps each task once."""
from __future__ import annotations

from rapidfuzz import fuzz, process

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.text import Text
from vanban.models import TimetableRow
from vanban.extractor.parsers.timetable.from_layout import _rows_from_layout
from vanban.extractor.parsers.timetable.from_lines import _rows_from_lines
from vanban.extractor.parsers.timetable.from_sections import _rows_from_sections
from vanban.extractor.parsers.timetable.from_tables import _rows_from_tables
from vanban.extractor.parsers.timetable.rows import _DASH_BULLET, Spans, _RawRow, _to_row


def _covered(raws: list[_RawRow]) -> list[tuple[int, int]]:
    """Character ranges already read as tables (a table's text is also in the lines)."""
    return sorted({r.extra["covers"] for r in raws if "covers" in r.extra})


def _task_key(raw: _RawRow) -> str:
    return fold(_DASH_BULLET.sub("", raw.cells.get("task") or ""))


def parse_timetable(text: Text, ctx: ParseContext) -> list[TimetableRow]:
    """Every scheduled task of the document, tables first, then text tables, then task
    lists under time headings; the same task read twice is kept once."""
    raws = _rows_from_tables(list(text.tables), text)
    # The same table may be both in text.tables and in the lines; a task list may repeat
    # a table's rows. Each later source only adds tasks the earlier ones do not have.
    for read in (_rows_from_layout, _rows_from_lines, _rows_from_sections):
        covered = _covered(raws)
        later = read(text, ctx, covered) if read is _rows_from_sections else read(text)
        if not later:
            continue
        tables = Spans(covered)
        known = [_task_key(r) for r in raws]
        raws.extend(r for r in later
                    if not tables.holds(r.start)
                    and process.extractOne(_task_key(r), known, scorer=fuzz.ratio,
                                           score_cutoff=90) is None)
    rows = [_to_row(r, text, ctx) for r in raws]
    return [r for r in rows if r is not None]
