"""Rows of text tables in the lines: a header line whose cells are separated by TABs (or
runs of 2+ spaces), then one row per line starting with a row number."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor.text import Text
from vanban.extractor.parsers.timetable.rows import CELL_GAP, SEQ, _RawRow, opens_with_number
from vanban.extractor.parsers.timetable.vocab import map_header

# Separators of a text table: TAB, or (for space-aligned text) a run of 2+ spaces.
_TAB = re.compile(r"\t")


def _split_cells(s: str, sep: re.Pattern, base: int) -> list[tuple[str, int, int]]:
    """Cells of a text row with their offsets (``base`` is the row's offset)."""
    out, pos = [], 0
    for m in sep.finditer(s):
        out.append((s[pos:m.start()], base + pos, base + m.start()))
        pos = m.end()
    out.append((s[pos:], base + pos, base + len(s)))
    return out


def _rows_from_lines(text: Text) -> list[_RawRow]:
    rows: list[_RawRow] = []
    lines = text.lines
    i = 0
    while i < len(lines):
        s = text.line_text(lines[i])
        sep = _TAB if "\t" in s else CELL_GAP if CELL_GAP.search(s.strip()) else None
        # a row's line opens with its number; a header's does not (asked first: cheap)
        columns = map_header([c for c, _, _ in _split_cells(s.strip(), sep, 0)]) \
            if sep and not opens_with_number(s) else None
        if not columns:
            i += 1
            continue
        ncols = len(_split_cells(s.strip(), sep, 0))
        i += 1
        current: Optional[list[int]] = None  # [first line index, last line index]
        blank = False

        def close(span):
            if span is None:
                return
            a, b = lines[span[0]].start, lines[span[1]].end
            raw = text.text[a:b]
            parts = _split_cells(raw, sep, a)
            cells = {m: parts[k][0] for m, k in columns.items() if k < len(parts)}
            task = parts[columns["task"]] if columns["task"] < len(parts) else None
            start, end = (task[1], task[2]) if task and task[0].strip() else (a, b)
            rows.append(_RawRow(cells=cells, source="table", start=start, end=end,
                                page=lines[span[0]].page, rule="timetable.text_table",
                                extra={"covers": (a, b)}))

        while i < len(lines):
            s = text.line_text(lines[i])
            if not s.strip():
                blank = True
                i += 1
                continue
            first = sep.split(s, maxsplit=1)
            starts_row = (len(first) > 1 and (SEQ.match(first[0]) if "seq" in columns
                                              else len(sep.split(s)) >= ncols - 1))
            if starts_row:
                close(current)
                current, blank = [i, i], False
            elif current is not None and sep.search(s) and not blank:
                current[1] = i  # the row runs on: a cell with a line break
            elif current is not None and not blank and \
                    len(sep.split(text.text[lines[current[0]].start:lines[current[1]].end])) < ncols:
                current[1] = i  # an unfinished row continues without separators
            else:
                break
            i += 1
        close(current)
    return rows
