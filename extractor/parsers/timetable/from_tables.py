"""Rows of the timetables among the tables the loader found (ruled PDF tables, DOCX
tables, grids rebuilt from OCR boxes), continued across pages."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vanban.extractor.normalize import fold
from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.text import Cell, Table, Text, union_bbox
from vanban.extractor.parsers.timetable.headings import parse_heading
from vanban.extractor.parsers.timetable.rows import SEQ, _RawRow, _ROMAN_SEQ
from vanban.extractor.parsers.timetable.vocab import column_meaning, map_header


def _locate(text: Text, cell: str, after: int) -> tuple[int, int]:
    """Where a cell's text is in the full text (searching from ``after``), spaces and
    line breaks matched loosely; (-1, -1) when it is not there."""
    words = cell.split()
    # In a PDF text layer the cells of a row are interleaved line by line, so only the
    # first words of a cell are contiguous: try 8, then 4, then 2 of them.
    for n in (8, 4, 2):
        if len(words) < n and n != 2:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words[:n]))
        m = pattern.search(text.text, max(0, after))
        if m:
            return m.start(), m.end()
    return -1, -1


def _is_group_row(cells: dict[str, str]) -> bool:
    """A heading row inside a table (``I | Công tác tuyên truyền`` with nothing else)."""
    filled = [k for k in ("due", "owners", "lead", "partners") if (cells.get(k) or "").strip()]
    return not filled and bool(_ROMAN_SEQ.match(cells.get("seq") or ""))


@dataclass
class _Columns:
    """The header of the timetable being read, carried over to its continuation pages."""

    columns: dict[str, int]
    header: list[str]  # folded header cells, to recognise a repeated header
    ncols: int
    page: int
    source: str


def _header_of(table: Table, previous: Optional[_Columns]) -> tuple[Optional[_Columns], int]:
    """The table's own header (and the index of its first body row), else the previous
    table's when this one continues it on the next page with as many columns."""
    grid = table.texts()
    for i, row in enumerate(grid[:3]):
        columns = map_header(row)
        if columns:
            _infer_columns(columns, grid[i + 1:])
            return _Columns(columns, [fold(c) for c in row], max(len(r) for r in grid),
                            table.page, table.source), i + 1
    if previous is not None and table.source == previous.source \
            and table.page == previous.page + 1 and grid and len(grid[0]) == previous.ncols:
        return previous, 0
    return None, 0


def _infer_columns(columns: dict[str, int], body: list[list[str]]) -> None:
    """Give a meaning to header cells OCR could not read, from the body: a column left of
    the task whose cells are mostly row numbers is ``seq``; a column whose cells mostly
    hold a date is ``due``."""
    taken = set(columns.values())

    def share(j: int, test) -> float:
        values = [r[j] for r in body if j < len(r) and r[j].strip()]
        return sum(1 for v in values if test(v)) / len(values) if len(values) >= 2 else 0.0

    width = max((len(r) for r in body), default=0)
    if "seq" not in columns:
        for j in range(columns["task"]):
            if j not in taken and share(j, SEQ.match) >= 0.6:
                columns["seq"] = j
                taken.add(j)
                break
    if "due" not in columns:
        for j in range(width):
            if j not in taken and share(j, lambda v: bool(find_dates(v))) >= 0.6:
                columns["due"] = j
                break


def _repeats_header(texts: list[str], columns: dict[str, int]) -> bool:
    """A body row that is the header again, read differently (OCR): at least two of its
    cells name the meaning of their own column."""
    hits = sum(1 for meaning, i in columns.items()
               if i < len(texts) and column_meaning(texts[i])[0] == meaning)
    return hits >= 2


def _rows_from_tables(tables: list[Table], text: Text) -> list[_RawRow]:
    """Rows of every timetable among the loader's tables, in order. A table continued on
    the next page (header repeated, or none) goes on; a row cut by the page break (its
    second half has no number) is joined to the row it continues. A row holding only a
    time heading (``Quý I``, ``Tháng 9``) gives its period to the following rows that have
    no time of their own."""
    rows: list[_RawRow] = []
    current: Optional[_Columns] = None
    cursor = 0
    group_due: Optional[str] = None  # a row holding only a time heading dates the next rows
    for table in tables:
        current, body_from = _header_of(table, current)
        if current is None:
            continue
        current.page = table.page
        columns = current.columns
        if body_from:  # a new timetable (not a continuation): no time group yet
            group_due = None
        first_of_table = len(rows)
        for cells_row, texts in zip(table.rows[body_from:], table.texts()[body_from:]):
            texts = texts + [""] * (current.ncols - len(texts))
            if [fold(c) for c in texts[:len(current.header)]] == current.header \
                    or _repeats_header(texts, columns):
                continue  # header repeated on a continued page
            if all(re.fullmatch(r"\s*\(?\d{1,2}\)?\s*", c or "") for c in texts):
                continue  # column numbering row "(1) (2) (3)"
            cells = {m: texts[i] for m, i in columns.items() if i < len(texts)}
            filled = [t for k, t in enumerate(texts)  # (a Roman group number aside)
                      if t.strip() and not (k == columns.get("seq") and _ROMAN_SEQ.match(t))]
            if len(filled) == 1 and parse_heading(filled[0], None) is not None:
                group_due = parse_heading(filled[0], None).label  # "Quý I" over its rows
                continue
            if _is_group_row(cells):
                continue
            if group_due and not (cells.get("due") or "").strip():
                cells["due"] = group_due
            row_box = union_bbox([c.bbox for c in cells_row])
            if rows and "seq" in columns and not (cells.get("seq") or "").strip() \
                    and (cells.get("task") or "").strip() and rows[-1].cells.get("seq"):
                prev = rows[-1]  # the second half of a row cut by a page break
                for m, v in cells.items():
                    if v.strip():
                        prev.cells[m] = (prev.cells.get(m, "") + "\n" + v).strip()
                if prev.page == table.page:
                    prev.bbox = union_bbox([prev.bbox, row_box])
                continue
            start, end = _locate_row(text, texts, columns, cells_row, cursor)
            if start >= 0:
                cursor = end
            placed = [c for c in cells_row if c.start >= 0]
            cells_span = ({"cells": (min(c.start for c in placed), max(c.end for c in placed))}
                          if placed else {})
            rows.append(_RawRow(cells=cells, source="table", start=start, end=end,
                                page=table.page, bbox=row_box,
                                rule=f"timetable.table.{table.source}", extra=cells_span))
        _mark_covered(rows[first_of_table:], text)
    return rows


def _locate_row(text: Text, texts: list[str], columns: dict[str, int], cells_row: list[Cell],
                cursor: int) -> tuple[int, int]:
    """The task cell's span in the full text (the loader's offsets when it set them)."""
    i = columns["task"]
    cell = cells_row[i] if i < len(cells_row) else None
    if cell is not None and cell.start >= 0:
        return cell.start, cell.end
    return _locate(text, texts[i], cursor) if texts[i].strip() else (-1, -1)


def _mark_covered(rows: list[_RawRow], text: Text) -> None:
    """Record on each row the character range its table spans in the lines (from the first
    task to the line holding the last row's last cell), so that the text-table and
    task-list readers skip it."""
    located = [r for r in rows if r.start >= 0]
    if not located:
        return
    last = located[-1]
    row_end = last.end
    for value in last.cells.values():  # the last row's other cells follow its task
        a, b = _locate(text, value, last.end) if value.strip() else (-1, -1)
        if 0 <= a - last.end < 1000:
            row_end = max(row_end, b)
    end_line = text.lines[text.line_index_at(row_end)]
    covers = (located[0].start, end_line.end)
    for r in rows:
        r.extra["covers"] = covers
