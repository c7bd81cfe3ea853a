"""Rows of tables laid out with spaces (plain text made by ``pdftotext -layout``, or typed
so): each cell wraps inside its own column, so a row runs over several lines and the
columns are told apart by where their words start, not by a separator.

The header row (its cells wrapped over up to four lines, centred) is found right above
the first row line (a row number at the left edge); the columns' left edges are the
places where the table's lines start a run of words again and again. Each word goes to
the column whose edge is the last at or left of it; a row's cell is its words in that
column, line after line. The table goes on over a page break (blank lines, a page
number, the header repeated) and ends at a line that does not fit the columns: a
sentence running across them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vanban.extractor.text import Text
from vanban.extractor.parsers.timetable.rows import (CELL_GAP, PAGE_NUMBER, SEQ, _RawRow,
                                                    opens_with_number)
from vanban.extractor.parsers.timetable.vocab import map_header

_WORD = re.compile(r"\S+")
# A header row's cells wrap over this many lines at most.
HEADER_LINES = 4
# Run starts this close to each other are one column's left edge (a proportional font set
# in fixed columns drifts by a character or two).
EDGE_SLACK = 3
# A column edge is where runs start as often as this share of the table's rows, and twice
# at least.
EDGE_SUPPORT = 0.5
# Blank lines a table may hold at a page break (with the page number and the repeated
# header between them).
BREAK_LINES = 6


@dataclass(frozen=True)
class _Run:
    start: int  # offsets in the line
    end: int
    text: str


def _runs(s: str) -> list[_Run]:
    """The line's runs of words, parted by two spaces or more."""
    out, pos = [], 0
    for m in list(CELL_GAP.finditer(s)) + [None]:
        end = m.start() if m else len(s)
        piece = s[pos:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            out.append(_Run(pos + lead, pos + len(piece.rstrip()), piece.strip()))
        pos = m.end() if m else len(s)
    return out


def _header_groups(block: list[str]) -> list[tuple[int, int, str]]:
    """The header cells of a header row wrapped over ``block``: runs of the lines whose
    spans overlap are one cell (its text read top to bottom), left to right."""
    groups: list[list] = []  # [start, end, [texts]]
    for s in block:
        for run in _runs(s):
            for g in groups:
                if run.start <= g[1] + 1 and g[0] <= run.end + 1:
                    g[0], g[1] = min(g[0], run.start), max(g[1], run.end)
                    g[2].append(run.text)
                    break
            else:
                groups.append([run.start, run.end, [run.text]])
    groups.sort(key=lambda g: g[0])
    return [(a, b, " ".join(texts)) for a, b, texts in groups]


def _starts_row(s: str, left: int) -> bool:
    """A row's first line: a row number at the table's left edge, then more."""
    words = list(_WORD.finditer(s))
    return len(words) >= 2 and words[0].start() <= left + EDGE_SLACK \
        and bool(SEQ.match(words[0].group(0)))


def _find_header(lines: list[str], i: int) -> Optional[tuple[int, dict[str, int], list]]:
    """(lines the header takes, meaning -> header cell, header cells) when a header row
    starts at line ``i`` and a row follows it right under it."""
    if len(_runs(lines[i])) < 2:
        return None
    for k in range(1, HEADER_LINES + 1):
        if i + k >= len(lines) or not lines[i + k - 1].strip() \
                or opens_with_number(lines[i + k - 1]):
            return None  # a header's line opens with no row number (a table's rows do)
        if not opens_with_number(lines[i + k]):
            continue  # no row right under it (checked first: most lines are not headers)
        groups = _header_groups(lines[i:i + k])
        if not _starts_row(lines[i + k], groups[0][0]):
            continue
        columns = map_header([g[2] for g in groups])
        if columns:
            return k, columns, groups
    return None


def _edges(body: list[str], rows: int) -> list[int]:
    """The columns' left edges: run starts shared by enough of the table's ``rows`` (each
    row's first line opens most of its cells; a cell's wrapped lines open it again)."""
    starts = sorted(run.start for s in body for run in _runs(s))
    clusters: list[list[int]] = []
    for x in starts:
        if clusters and x - clusters[-1][-1] <= EDGE_SLACK:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    need = max(2, EDGE_SUPPORT * rows)
    return [c[0] for c in clusters if len(c) >= need]


def _header_edges(edges: list[int], groups: list, firsts: list[str]) -> list[int]:
    """``edges`` with an edge for each header cell no edge falls under (its cells join the
    column on their left by a single space in every row): where the first words at or right
    of the header cell start in the rows' first lines, the leftmost."""
    out = list(edges)
    for (prev_a, prev_b, _), (a, b, _) in zip(groups, groups[1:]):
        if any(prev_a < e <= b for e in out):
            continue  # (a column's edge may stand under the end of the header cell before)
        starts = [m.start() for s in firsts for m in _WORD.finditer(s)
                  if a - EDGE_SLACK <= m.start() < b]
        if starts:
            out.append(min(starts))
    return sorted(out)


def _column_of(x: int, edges: list[int]) -> int:
    col = 0
    for c, edge in enumerate(edges):
        if x >= edge:
            col = c
    return col


def _fits(s: str, edges: list[int]) -> bool:
    """Whether a line keeps to the columns: no word runs well across a column's left edge
    (a sentence after the table does; a cell's word may end a character or two past the
    next column's first start, as a proportional font drifts in fixed columns)."""
    return not any(m.start() < edge - EDGE_SLACK and m.end() > edge + EDGE_SLACK
                   for m in _WORD.finditer(s) for edge in edges)


def _table_lines(lines: list[str], first: int, header: list[str], left: int) -> list[int]:
    """The indexes of the table's lines from its first row on: contiguous lines, and over a
    page break the lines after the blank lines, a page number and the header repeated."""
    out: list[int] = []
    i = first
    head = [h.strip() for h in header]
    while i < len(lines):
        if lines[i].strip():
            out.append(i)
            i += 1
            continue
        j = i
        while j < len(lines) and j - i <= BREAK_LINES and (
                not lines[j].strip() or PAGE_NUMBER.match(lines[j])):
            j += 1
        if [s.strip() for s in lines[j:j + len(head)]] == head:
            j += len(head)
        if j < len(lines) and _starts_row(lines[j], left):
            i = j
            continue
        break
    return out


def _rows_from_layout(text: Text) -> list[_RawRow]:
    """Rows of every space-aligned timetable in the lines."""
    lines = [text.line_text(ln) for ln in text.lines]
    rows: list[_RawRow] = []
    i = 0
    while i < len(lines):
        if "  " not in lines[i].strip():
            i += 1
            continue
        found = _find_header(lines, i)
        if found is None:
            i += 1
            continue
        k, columns, groups = found
        left = groups[0][0]
        body_idx = _table_lines(lines, i + k, lines[i:i + k], left)
        firsts = [lines[n] for n in body_idx if _starts_row(lines[n], left)]
        edges = _header_edges(_edges([lines[n] for n in body_idx], len(firsts)), groups, firsts)
        if len(edges) < 2:
            i += k
            continue
        # each header cell names the column its middle falls in
        meaning_col: dict[str, int] = {}
        for meaning, g in columns.items():
            a, b, _ = groups[g]
            meaning_col.setdefault(meaning, _column_of((a + b) // 2, edges))
        kept: list[int] = []
        for n in body_idx:
            if not _fits(lines[n], edges) and not _starts_row(lines[n], edges[0]):
                break
            kept.append(n)
        rows.extend(_rows_of(text, kept, edges, meaning_col))
        i = (kept[-1] + 1) if kept else i + k
    return rows


def _joined(words: list[str]) -> str:
    """A cell's words in one line; a word broken after its hyphen at the column's edge
    ("2021-" / "2022") is one word again."""
    out = ""
    for w in words:
        glued = len(out) > 1 and out.endswith("-") and out[-2].isalnum()
        out = f"{out}{w}" if glued else f"{out} {w}" if out else w
    return out


def _rows_of(text: Text, body: list[int], edges: list[int],
             meaning_col: dict[str, int]) -> list[_RawRow]:
    out: list[_RawRow] = []
    current: list[int] = []

    def close() -> None:
        if not current:
            return
        cells: dict[int, list[str]] = {}
        spans: dict[int, list[tuple[int, int]]] = {}
        for n in current:
            ln = text.lines[n]
            line = text.line_text(ln)
            col = 0
            for m in _WORD.finditer(line):
                # a word one space after another opens the next cell only with a capital or
                # a figure, as a cell's text does ("… Thông tư số Quý I/2021": "số" stays
                # with the task, "Quý" opens the due date); a cell begun above goes on
                at = m.start()
                inside = at >= 2 and line[at - 1] == " " and line[at - 2] != " "
                there = _column_of(at, edges)
                if not inside or there in cells or m.group(0)[:1].isupper() \
                        or m.group(0)[:1].isdigit():
                    col = there
                cells.setdefault(col, []).append(m.group(0))
                spans.setdefault(col, []).append((ln.start + m.start(), ln.start + m.end()))
        named = {meaning: _joined(cells.get(col, [])) for meaning, col in meaning_col.items()}
        task = spans.get(meaning_col.get("task", -1))
        a, b = text.lines[current[0]].start, text.lines[current[-1]].end
        start, end = (task[0][0], task[-1][1]) if task else (a, b)
        out.append(_RawRow(cells=named, source="table", start=start, end=end,
                           page=text.lines[current[0]].page, rule="timetable.layout_table",
                           extra={"covers": (a, b)}))

    for n in body:
        if _starts_row(text.line_text(text.lines[n]), edges[0]):
            close()
            current = [n]
        elif current:
            current.append(n)
    close()
    return out
