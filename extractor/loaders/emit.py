"""Lines in reading order into a :class:`~extractor.text.TextBuilder`: words with their
boxes, tables' rows in place of the lines they cover, running page numbers dropped.

:mod:`extractor.loaders.layout` puts a page's lines in reading order; this module hands
them on.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from vanban.extractor.loaders.layout import _span
from vanban.extractor.text import WordBox

# A running page number: "3", "- 3 -", "Trang 3", "3/12".
PAGE_NUMBER = re.compile(r"""^\s*(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\s*$""",
                         re.IGNORECASE)
# Share of the page height at the top and bottom where a page number may sit.
PAGE_NUMBER_MARGIN = 0.1


def emit(builder, lines: Sequence[Sequence[WordBox]], scale: tuple[float, float] = (1.0, 1.0)):
    """Add ordered lines to a :class:`~extractor.text.TextBuilder`, boxes multiplied by
    ``scale`` (sx, sy) — e.g. pixels to PDF points. Returns the builder's new Lines."""
    sx, sy = scale
    added = []
    for line in lines:
        words = [(w.text, (w.bbox[0] * sx, w.bbox[1] * sy, w.bbox[2] * sx, w.bbox[3] * sy),
                  w.conf, w.repairs, w.handwritten) for w in line if w.text]
        if words:
            added.append(builder.add_line("", words=words))
    return added


def emit_with_tables(builder, lines: Sequence[Sequence[WordBox]], tables: Sequence,
                     scale: tuple[float, float] = (1.0, 1.0)) -> list:
    """Like :func:`emit`, but the lines inside a table's box are replaced by the table's
    rows, one line per row with cells joined by TAB (the shape of the seeds' ``.txt``),
    at the place of the table's first line. Cell offsets (``start``/``end``) are filled
    in; row lines carry the row's box but no word boxes. ``tables`` are
    :class:`extractor.text.Table` with boxes in the same units as ``lines`` × ``scale``;
    they are added to the builder."""
    sx, sy = scale
    pending = [t for t in tables if t.bbox is not None]
    done: set[int] = set()
    added = []

    def inside(line: Sequence[WordBox]) -> Optional[int]:
        box = _span(line)
        cx, cy = (box[0] + box[2]) / 2 * sx, (box[1] + box[3]) / 2 * sy
        for i, t in enumerate(pending):
            x0, y0, x1, y1 = t.bbox
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                return i
        return None

    where = [inside(line) if line else None for line in lines]
    # repaired words inside each table, by centre (scaled): their repairs go to their cell
    repaired: dict[int, list[tuple[float, float, tuple[str, ...]]]] = {}
    for line, which in zip(lines, where):
        if which is not None:
            repaired.setdefault(which, []).extend(
                ((w.bbox[0] + w.bbox[2]) / 2 * sx, (w.bbox[1] + w.bbox[3]) / 2 * sy, w.repairs)
                for w in line if w.repairs)
    for line, which in zip(lines, where):
        if not line:
            continue
        if which is None:
            added.extend(emit(builder, [line], scale))
            continue
        if which in done:
            continue
        done.add(which)
        for row in pending[which].rows:
            texts = [" ".join(c.text.split()) for c in row]
            row_box = None
            boxes = [c.bbox for c in row if c.bbox is not None]
            if boxes:
                row_box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
                           max(b[2] for b in boxes), max(b[3] for b in boxes))
            ln = builder.add_line("\t".join(texts), bbox=row_box)
            pos = ln.start
            for cell, text in zip(row, texts):
                cell.start, cell.end = pos, pos + len(text)
                pos += len(text) + 1
                if cell.bbox is not None and repaired.get(which):
                    x0, y0, x1, y1 = cell.bbox
                    builder.note_repairs(cell.start, cell.end, [
                        r for cx, cy, rs in repaired[which]
                        if x0 <= cx <= x1 and y0 <= cy <= y1 for r in rs])
            added.append(ln)
    for t in tables:
        builder.add_table(t)
    return added


def drop_page_numbers(lines: list[list[WordBox]], page_height: float) -> list[list[WordBox]]:
    """Drop a running page number ("3", "- 3 -", "Trang 3") that is the first or last
    line of a page and sits in its top or bottom margin: it is not part of the text
    (the seeds' ``.txt`` have none) and would glue onto the sentence it interrupts."""
    out = list(lines)
    for index in (0, -1):
        if not out:
            break
        line = out[index]
        text = " ".join(w.text for w in line)
        box = _span(line)
        in_margin = (box[3] <= PAGE_NUMBER_MARGIN * page_height
                     or box[1] >= (1 - PAGE_NUMBER_MARGIN) * page_height)
        if PAGE_NUMBER.match(text) and in_margin:
            del out[index]
    return out
