"""Indicator tables (``Chỉ tiêu | Đơn vị tính | Kế hoạch năm …``): one goal per row with a
figure in the planned-value column."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.numbers import find_quantities, load_data
from vanban.extractor.text import Table, Text
from vanban.models import Target
from vanban.extractor.parsers.targets.rules import _comparator
from vanban.extractor.parsers.targets.sections import _section_path
from vanban.extractor.parsers.targets.segment import _squash
from vanban.extractor.parsers.targets.vocab import _phrase_rx


def _column(header: list[str], words: list[str], skip: set[int] = frozenset()) -> list[int]:
    """Indexes of header cells holding one of ``words`` (whole words, after fold)."""
    rx = _phrase_rx([fold(w) for w in words])
    return [i for i, h in enumerate(header) if i not in skip and rx.search(h)]


def _cell_span(text: Text, cell, search_from: int) -> Optional[tuple[int, int]]:
    """Offsets of a cell in the full text: its own, else where its text is found."""
    if cell.start >= 0 and cell.end > cell.start:
        return cell.start, cell.end
    words = cell.text.split()
    if not words:
        return None
    rx = re.compile(r"\s+".join(re.escape(w) for w in words))
    m = rx.search(text.text, search_from) or rx.search(text.text)
    return m.span() if m else None


def _table_targets(text: Text, table: Table, ctx: ParseContext,
                   headings) -> tuple[list[Target], list[tuple[int, int]]]:
    """Goals of an indicator table: one per row with a figure in the planned-value column.
    Returns the targets and the text spans of the rows read (their figures are not read
    again as prose)."""
    data = load_data("target_cues.toml")["table"]
    if len(table.rows) < 2:
        return [], []
    header = [fold(c.text) for c in table.rows[0]]
    unit_cols = _column(header, data["unit"])
    past_cols = set(_column(header, data["past"]))
    metric_cols = _column(header, data["metric"], set(unit_cols) | past_cols)
    if not metric_cols:
        return [], []
    metric_col = metric_cols[0]
    value_cols = _column(header, data["value"], {metric_col, *unit_cols} | past_cols)
    if not value_cols:
        return [], []
    value_col = value_cols[-1]  # the planned value of the latest period is rightmost
    unit_col = unit_cols[0] if unit_cols else None
    out: list[Target] = []
    covered: list[tuple[int, int]] = []
    pos = 0
    for row in table.rows[1:]:
        if len(row) <= max(value_col, metric_col):
            continue
        metric = _squash(row[metric_col].text)
        value_text = _squash(row[value_col].text)
        quantities = find_quantities(value_text)
        if not metric or not quantities:
            continue
        q = quantities[0]
        unit = q.unit
        if unit is None and unit_col is not None and unit_col < len(row):
            written = _squash(row[unit_col].text).lower()
            unit = "%" if written in ("%", "tỷ lệ %", "tỷ lệ (%)", "(%)") else (written or None)
        if unit is None:
            continue
        comparator, how = _comparator(q, value_text[:q.span[0]], value_text[q.span[1]:],
                                      in_range=q.value_max is not None)
        m_span = _cell_span(text, row[metric_col], pos)
        v_span = _cell_span(text, row[value_col], m_span[1] if m_span else pos)
        spans = [s for s in (m_span, v_span) if s]
        if not spans:
            continue
        start, end = min(s[0] for s in spans), max(s[1] for s in spans)
        pos = end
        line = text.line_at(start)
        covered.append((min(start, line.start) if line else start, max(end, line.end) if line else end))
        path = _section_path(headings, start)
        out.append(Target(
            text=metric, metric=metric, comparator=comparator, value=q.value,
            value_max=q.value_max, unit=unit, due=None,
            section=path[-1] if path else None,
            provenance=text.provenance(start, end, rule=f"target:table:{how}")))
    return out, covered
