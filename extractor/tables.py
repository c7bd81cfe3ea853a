"""Table reconstruction from every medium, for the loaders.

The loaders call one function per medium and attach the result to the Text they build
(:meth:`extractor.text.TextBuilder.add_table`); parsers read ``text.tables``.

- :func:`tables_from_pdf_page` — ruled tables of a text-layer PDF page (pdfplumber),
  multi-line cells joined with a space, cell boxes in PDF points.
- :func:`tables_from_docx` — tables of a python-docx Document; a merged cell's text is
  kept once (its other grid positions are empty cells), paragraphs joined by ``\\n``.
- :func:`tables_from_ocr_page` — grids rebuilt from a scanned page: ruling lines found in
  the binarised image (runs of dark pixels), tesseract words put into the grid cells; with
  no ruling lines, columns clustered from word x-positions under a header row.
- :func:`merge_continued_tables` — a table continued over a page break becomes one.

Every function returns :class:`extractor.text.Table` objects whose cells have ``start ==
-1`` (the loader, which knows the text offsets, may fill them in).
"""
from __future__ import annotations

import re
from typing import Iterable, Optional, Sequence

from extractor.normalize import collapse_spaces, fold, nfc
from extractor.text import BBox, Cell, Table, Word, union_bbox

# pdfplumber: only ruled tables (both directions from drawn lines); small tolerances so
# that double rules and slightly broken joints still close cells.
PDF_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 10,
}
_ROW_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[IVXLC]{1,6}|[a-zđ])\s*[.)]?\s*$", re.I)


def _is_grid(rows: Sequence[Sequence[Cell]]) -> bool:
    """A real table has at least two rows and two columns with text (a ruled frame around a
    paragraph or a one-column box is not one)."""
    if len(rows) < 2:
        return False
    return max(sum(1 for c in r if c.text.strip()) for r in rows) >= 2


# ----------------------------------------------------------------------------- PDF
def tables_from_pdf_page(page, page_number: int) -> list[Table]:
    """Ruled tables of one pdfplumber page. Cell text lines are joined with a space; a
    cell spanned by its left/upper neighbour is an empty Cell (columns stay aligned)."""
    tables: list[Table] = []
    for found in page.find_tables(table_settings=PDF_TABLE_SETTINGS):
        texts = found.extract()
        rows: list[list[Cell]] = []
        for row, row_texts in zip(found.rows, texts):
            cells = []
            for bbox, value in zip(row.cells, row_texts):
                cells.append(Cell(text=collapse_spaces(nfc(value or "")),
                                  bbox=tuple(bbox) if bbox else None))
            rows.append(cells)
        if _is_grid(rows):
            tables.append(Table(page=page_number, rows=rows, bbox=tuple(found.bbox),
                                source="text_layer"))
    return tables


# ----------------------------------------------------------------------------- DOCX
def tables_from_docx(document) -> list[Table]:
    """Tables of a python-docx Document, in body order (nested tables are not read). A
    merged cell appears in several grid positions in python-docx; its text is kept at the
    first one only. Paragraphs of a cell are joined by ``\\n`` (real line breaks)."""
    tables: list[Table] = []
    for table in document.tables:
        seen: dict[int, object] = {}  # id -> the <w:tc> itself, kept alive so ids stay unique
        rows: list[list[Cell]] = []
        for row in table.rows:
            cells = []
            for cell in row.cells:
                key = id(cell._tc)
                if key in seen:
                    cells.append(Cell(text=""))
                    continue
                seen[key] = cell._tc
                paragraphs = [collapse_spaces(nfc(p.text)) for p in cell.paragraphs]
                cells.append(Cell(text="\n".join(p for p in paragraphs if p)))
            rows.append(cells)
        if _is_grid(rows):
            tables.append(Table(page=1, rows=rows, source="docx"))
    return tables


# ----------------------------------------------------------------------------- merge
def _row_key(row: Sequence[Cell]) -> list[str]:
    return [fold(c.text) for c in row]


def merge_continued_tables(tables: Iterable[Table]) -> list[Table]:
    """Join a table with the one on the next page when that one continues it: same number
    of columns, and its first row either repeats the header or is not a header at all (it
    starts with a row number or an empty number cell). Idempotent.

    >>> a = Table(page=1, rows=[[Cell("TT"), Cell("Nội dung")], [Cell("1"), Cell("x")]])
    >>> b = Table(page=2, rows=[[Cell("2"), Cell("y")]])
    >>> [len(t.rows) for t in merge_continued_tables([a, b])]
    [3]
    """
    out: list[Table] = []
    for table in tables:
        prev = out[-1] if out else None
        if prev is not None and table.rows and prev.rows and table.page == prev.page + 1 \
                and table.source == prev.source \
                and len(table.rows[0]) == len(prev.rows[0]):
            first = table.rows[0]
            if _row_key(first) == _row_key(prev.rows[0]):
                body = table.rows[1:]
            elif not first[0].text.strip() or _ROW_NUMBER.match(first[0].text):
                body = table.rows
            else:
                body = None
            if body is not None:
                out[-1] = Table(page=prev.page, rows=prev.rows + list(body),
                                bbox=prev.bbox, source=prev.source)
                continue
        out.append(table)
    return out
