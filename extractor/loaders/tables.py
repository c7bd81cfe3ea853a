"""Table reconstruction from every medium, for the loaders.

The loaders call one function per medium and attach the result to the Text they build
(:meth:`extractor.text.TextBuilder.add_table`); parsers read ``text.tables``.

- :func:`tables_from_pdf_geometry` — ruled tables of a text-layer PDF page: pdfplumber's
  table algorithm on the edges and characters pdfium read (the loader's path), multi-line
  cells joined with a space, cell boxes in PDF points; :func:`tables_from_pdf_page` does
  the same from a pdfplumber page (pdfminer's parse: the reference, 30-70 ms a page).
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
import subprocess
from bisect import bisect_left
from typing import Iterable, Optional, Sequence

from vanban.extractor.normalize import collapse_spaces, fold, nfc
from vanban.extractor.text import BBox, Cell, Table, Word, WordBox, union_bbox

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


_LIST_MARK = re.compile(r"^\s*[-–—+•]\s*\S")


def join_cell_lines(lines: Sequence[str]) -> str:
    r"""The text of a cell from its printed lines: a line wrapped by the cell's width goes
    on after a space, but a line that starts a list item (``- Phòng Văn hóa``) keeps its
    line break, which owners and partners are split on.

    >>> join_cell_lines(["Thường trực Hội", "Khuyến học Quận"])
    'Thường trực Hội Khuyến học Quận'
    >>> join_cell_lines(["- Phòng Văn hóa", "- Phòng Giáo", "dục"])
    '- Phòng Văn hóa\n- Phòng Giáo dục'
    """
    out = ""
    for line in lines:
        line = collapse_spaces(line)
        if not line:
            continue
        out = line if not out else out + ("\n" if _LIST_MARK.match(line) else " ") + line
    return out


def _is_grid(rows: Sequence[Sequence[Cell]]) -> bool:
    """A real table has at least two rows and two columns with text (a ruled frame around a
    paragraph or a one-column box is not one)."""
    if len(rows) < 2:
        return False
    return max(sum(1 for c in r if c.text.strip()) for r in rows) >= 2


# ----------------------------------------------------------------------------- PDF
# Cell text is grouped as pdfplumber's ``extract_text`` does (its defaults): characters
# whose tops are within this many points (chained) are one line; a gap wider than this
# between a character and the previous one starts a new word.
PDF_TEXT_TOLERANCE = 3.0


class _EdgePage:
    """What :class:`pdfplumber.table.TableFinder` reads of a page with the "lines"
    strategies: its edges and its box."""

    __slots__ = ("edges", "bbox")

    def __init__(self, edges: list, bbox: BBox) -> None:
        self.edges, self.bbox = edges, bbox


def _clusters(values: Iterable[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values, a new cluster where the
    step from the previous value exceeds ``tolerance``; value -> cluster number."""
    out: dict[float, int] = {}
    n, last = -1, None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            n += 1
        out[v] = n
        last = v
    return out


def _group_by(items: list, key, tolerance: float) -> list[list]:
    """Items clustered on ``key`` (pdfplumber's ``cluster_objects``): clusters in order,
    items of a cluster in their given order."""
    cluster = _clusters((key(x) for x in items), tolerance)
    groups: dict[int, list] = {}
    for x in items:
        groups.setdefault(cluster[key(x)], []).append(x)
    return [groups[k] for k in sorted(groups)]


def pdf_cell_text(chars: Sequence) -> str:
    r"""The text of a cell from its characters (``text x0 top x1 bottom``, PDF points, y
    down), as pdfplumber's ``extract_text`` gives it: lines by top (tolerance 3 pt), each
    left to right; a white-space character, a gap over 3 pt, a step back or a jump in top
    ends a word; words joined by a space, lines by ``\n``.

    >>> from collections import namedtuple
    >>> C = namedtuple("C", "text x0 top x1 bottom")
    >>> pdf_cell_text([C("b", 16, 20, 21, 30), C("a", 10, 10, 15, 20), C("c", 10, 21, 15, 31),
    ...                C("y", 25, 10, 30, 20)])
    'a y\ncb'
    """
    tol = PDF_TEXT_TOLERANCE
    words: list[tuple[float, str]] = []  # (top, text)
    for line in _group_by(list(chars), lambda c: c.top, tol):
        word: list = []
        for ch in sorted(line, key=lambda c: (c.x0, c.x1)):
            if ch.text.isspace():
                if word:
                    words.append((min(c.top for c in word), "".join(c.text for c in word)))
                word = []
                continue
            if word:
                prev = word[-1]
                if ch.x0 < prev.x0 or ch.x0 > prev.x1 + tol or abs(ch.top - prev.top) > tol:
                    words.append((min(c.top for c in word), "".join(c.text for c in word)))
                    word = []
            word.append(ch)
        if word:
            words.append((min(c.top for c in word), "".join(c.text for c in word)))
    return "\n".join(" ".join(w[1] for w in line)
                     for line in _group_by(words, lambda w: w[0], tol))


def tables_from_pdf_geometry(edges: list, chars: Sequence, words: Sequence[Word],
                             page_number: int, page_box: BBox) -> list[Table]:
    """Ruled tables of a text-layer PDF page from its geometry: pdfplumber's table
    algorithm (:class:`pdfplumber.table.TableFinder` with ``PDF_TABLE_SETTINGS``) on the
    drawn ``edges`` (pdfplumber's edge dicts, read with pdfium by
    :func:`extractor.loaders.pdfgeom.page_edges`), cell text from ``chars`` (each to the
    cell holding its centre, half-open boxes, as pdfplumber's ``Table.extract``) by
    :func:`pdf_cell_text`. Same tables as :func:`tables_from_pdf_page` on a pdfplumber
    page, without pdfminer parsing the page.

    A page without ruled tables may hold an unruled timetable: ``words`` (PDF points) go
    to :func:`tables_from_word_columns`. ``page_box`` is (0, 0, width, height)."""
    from pdfplumber.table import TableFinder

    tables: list[Table] = []
    if edges:
        # characters by the height of their centre: a row takes a slice of them
        placed = sorted((((c.top + c.bottom) / 2, (c.x0 + c.x1) / 2, c) for c in chars),
                        key=lambda p: p[0])
        heights = [p[0] for p in placed]
        finder = TableFinder(_EdgePage(edges, page_box), PDF_TABLE_SETTINGS)
        for found in finder.tables:
            rows: list[list[Cell]] = []
            for row in found.rows:
                rx0, rtop, rx1, rbottom = row.bbox
                in_row = [p for p in placed[bisect_left(heights, rtop):
                                            bisect_left(heights, rbottom)]
                          if rx0 <= p[1] < rx1]
                cells = []
                for bbox in row.cells:
                    if bbox is None:  # spanned by its left or upper neighbour
                        cells.append(Cell(text="", bbox=None))
                        continue
                    x0, top, x1, bottom = bbox
                    value = pdf_cell_text([c for cy, cx, c in in_row
                                           if x0 <= cx < x1 and top <= cy < bottom])
                    cells.append(Cell(text=join_cell_lines(nfc(value).split("\n")),
                                      bbox=tuple(bbox)))
                rows.append(cells)
            if _is_grid(rows):
                tables.append(Table(page=page_number, rows=rows, bbox=tuple(found.bbox),
                                    source="text_layer"))
    if not tables:
        tables = _unruled_pdf_tables(words, page_number)
    return tables


def _unruled_pdf_tables(words: Sequence[Word], page_number: int) -> list[Table]:
    """An unruled timetable: columns from the words under its header row."""
    tables = tables_from_word_columns(words, page_number)
    for table in tables:
        table.source = "text_layer"
    return tables


def tables_from_pdf_page(page, page_number: int) -> list[Table]:
    """Ruled tables of one pdfplumber page (pdfminer's geometry and characters): the
    reference :func:`tables_from_pdf_geometry` is checked against, for callers holding a
    pdfplumber page. The loader does not open pdfplumber (pdfminer parses a table page in
    30-70 ms; pdfium has it already). Cell text lines are joined with a space; a cell
    spanned by its left/upper neighbour is an empty Cell (columns stay aligned). A page
    without ruled tables may still hold an unruled timetable: its words are laid out under
    a timetable header row by :func:`tables_from_word_columns`."""
    tables: list[Table] = []
    for found in page.find_tables(table_settings=PDF_TABLE_SETTINGS):
        texts = found.extract()
        rows: list[list[Cell]] = []
        for row, row_texts in zip(found.rows, texts):
            cells = []
            for bbox, value in zip(row.cells, row_texts):
                cells.append(Cell(text=join_cell_lines(nfc(value or "").split("\n")),
                                  bbox=tuple(bbox) if bbox else None))
            rows.append(cells)
        if _is_grid(rows):
            tables.append(Table(page=page_number, rows=rows, bbox=tuple(found.bbox),
                                source="text_layer"))
    if not tables:  # an unruled timetable: columns from the words under its header row
        words = [Word(nfc(w["text"]), -1, -1, (w["x0"], w["top"], w["x1"], w["bottom"]))
                 for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)]
        tables = _unruled_pdf_tables(words, page_number)
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


# ----------------------------------------------------------------------------- OCR
# Ruling lines of a scanned page are found on the binarised image: a pixel belongs to a
# rule when it lies in a run of dark pixels at least RULE_RUN of the page's size long
# (letters never make runs that long); the rows (columns) holding such runs are grouped
# into bands, and a band whose runs cover enough of its length is one rule. Bands are
# several pixels thick when the page is slightly tilted, which the grouping absorbs.
RULE_RUN = 1 / 70  # shortest dark run, as a share of the page width (height)
RULE_MIN_H = 0.12  # shortest horizontal rule, share of the page width
RULE_MIN_V = 0.03  # shortest vertical rule, share of the page height
EDGE_MARGIN = 0.03  # rules this close to the page edge (share of its size) are shadows
RULE_FILL = 0.6  # share of a rule's extent that must be dark (dotted or broken scans)
# Characters tesseract makes of a vertical rule it reads as a glyph.
_RULE_GLYPHS = set("|!lI1[]()")
_EDGE_BARS = "|[]¦_"
# How far (pixels) a glyph's box may miss the rule it was read from (a tilted rule).
RULE_GLYPH_SLACK = 6.0
# A word below this confidence does not count as reading the ink under it.
REOCR_MIN_CONF = 50.0
# Re-read a cell when more than this share of its ink is not under a (confident) word.
REOCR_MISSING = 0.25
_REOCR_BORDER = 30


def _otsu(gray) -> int:
    """Otsu's threshold of an 8-bit grayscale array, kept within 100..200.

    The histogram comes from Pillow (one C pass, ~5 ms for a 300 dpi page) rather than
    ``np.bincount``, which first widens every pixel to 64 bits (~40–140 ms)."""
    import numpy as np
    from PIL import Image

    if gray.dtype == np.uint8 and gray.ndim == 2:
        hist = np.asarray(Image.fromarray(np.ascontiguousarray(gray)).histogram(), float)
    else:
        hist = np.bincount(np.asarray(gray, np.uint8).ravel(), minlength=256).astype(float)
    total = hist.sum()
    omega = np.cumsum(hist) / total
    mu = np.cumsum(hist * np.arange(256)) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega))
    if np.all(np.isnan(between)):  # a blank page: one grey level
        return 128
    t = int(np.nanargmax(between))
    return max(100, min(200, t))


def _run_mask(dark, k: int):
    """Pixels (row-wise) inside a horizontal run of at least ``k`` dark pixels."""
    import numpy as np

    h, w = dark.shape
    if w < k:
        return np.zeros_like(dark)
    c = np.zeros((h, w + 1), np.int32)
    np.cumsum(dark, axis=1, out=c[:, 1:])
    full = (c[:, k:] - c[:, :-k]) >= k  # a full window starts at column j
    s = np.zeros((h, w + 1), np.int32)
    np.cumsum(np.pad(full, ((0, 0), (0, k - 1))), axis=1, out=s[:, 1:])
    lo = np.maximum(np.arange(w) - k + 1, 0)
    return (s[:, np.arange(w) + 1] - s[:, lo]) > 0


def _rows_with_run(dark, k: int, blocks_in_run: int = 4):
    """Indexes of the rows that may hold a run of ``k`` dark pixels: those with
    ``blocks_in_run`` consecutive fully dark aligned blocks of ``b`` pixels, where
    ``(blocks_in_run + 1) * b - 1 <= k`` (so every run of ``k`` contains such blocks, and
    no row with a run is missed). A page of text has few such rows, so the exact run mask
    is computed on a handful of rows instead of the whole page: the same rules, several
    times faster."""
    import numpy as np

    m = blocks_in_run
    h, w = dark.shape
    b = max(1, (k + 1) // (m + 1))
    n = w // b
    if n < m:
        return np.zeros(0, np.intp)
    # b strided ANDs (one per pixel of a block) are much faster than .all() over a
    # short last axis, and work on a transposed view without copying it
    blocks = dark[:, 0:n * b:b].copy()
    for i in range(1, b):
        blocks &= dark[:, i:n * b:b]
    runs = blocks[:, :n - m + 1].copy()
    for j in range(1, m):
        runs &= blocks[:, j:n - m + 1 + j]
    return np.nonzero(runs.any(axis=1))[0]


def _rules(dark, min_len: float, k: int) -> list[tuple[float, int, int, int, int]]:
    """Horizontal rules of a boolean image: (centre, band top, band bottom, start, end);
    ``k`` is the shortest dark run that can belong to a rule."""
    import numpy as np

    mask = np.zeros(dark.shape, bool)
    candidates = _rows_with_run(dark, k)
    if candidates.size:
        mask[candidates] = _run_mask(dark[candidates], k)
    rows = np.nonzero(mask.sum(axis=1) >= k)[0]
    rules = []
    if rows.size == 0:
        return rules
    bands, start = [], rows[0]
    for prev, cur in zip(rows[:-1], rows[1:]):
        if cur - prev > 2:
            bands.append((start, prev))
            start = cur
    bands.append((start, rows[-1]))
    for top, bottom in bands:
        xs = np.nonzero(mask[top:bottom + 1].any(axis=0))[0]
        if xs.size == 0:
            continue
        # the longest stretch without a gap wider than a run: strokes of nearby letters
        # that touch the band must not lengthen the rule
        breaks = np.nonzero(np.diff(xs) > k)[0]
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [xs.size - 1]))
        best = int(np.argmax(xs[ends] - xs[starts]))
        seg = xs[starts[best]:ends[best] + 1]
        x0, x1 = int(seg[0]), int(seg[-1])
        if x1 - x0 >= min_len and seg.size >= RULE_FILL * (x1 - x0):
            rules.append(((top + bottom) / 2, int(top), int(bottom), x0, x1))
    return rules


def _dedupe(values: list[float], tol: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            out[-1] = (out[-1] + v) / 2
        else:
            out.append(v)
    return out


def find_grids(gray, text_height: Optional[float] = None, *,
               threshold: Optional[int] = None) -> list[tuple[list[float], list[float]]]:
    """Ruled grids of a grayscale page array: (column boundaries x, row boundaries y) per
    table, top to bottom. A grid needs at least two columns and two rows.

    ``text_height`` (pixels; the OCR words' median height) sets how long an unbroken
    vertical run must be: longer than a letter, or the left edge of a left-aligned column
    of text (capitals' stems, one under the other) would pass for a rule. ``threshold``
    is the page's ink/paper threshold when the caller has it (else Otsu's)."""
    step = 2 if gray.shape[1] > 2000 else 1  # a 300 dpi page: every second pixel is plenty
    dark = gray[::step, ::step] < (_otsu(gray) if threshold is None else threshold)
    h, w = dark.shape
    # runs and rule lengths scale with the page width (the text size), not its height,
    # so that a crop of a page behaves like the page
    k = max(12, int(w * RULE_RUN))
    kv = max(k, int(1.6 * text_height / step)) if text_height else k
    horizontal = [(c * step, a * step, b * step, x0 * step, x1 * step)
                  for c, a, b, x0, x1 in _rules(dark, RULE_MIN_H * w, k)]
    vertical = [(c * step, a * step, b * step, y0 * step, y1 * step)  # (x, …, y0, y1)
                for c, a, b, y0, y1 in _rules(dark.T,
                                              max(3 * kv, RULE_MIN_V * h), kv)]
    h, w = gray.shape
    # scanner shadows along the page edges are long and dark too: not rules
    margin_x, margin_y = EDGE_MARGIN * w, EDGE_MARGIN * h
    horizontal = [r for r in horizontal if margin_y < r[0] < h - margin_y]
    vertical = [r for r in vertical if margin_x < r[0] < w - margin_x]
    tol = max(6.0, w / 150)
    # vertical rules that overlap in height belong to one table
    groups: list[list[tuple]] = []
    for rule in sorted(vertical, key=lambda r: r[3]):
        for g in groups:
            if rule[3] <= max(r[4] for r in g) + tol and rule[4] >= min(r[3] for r in g) - tol:
                g.append(rule)
                break
        else:
            groups.append([rule])
    grids = []
    for g in groups:
        xs = _dedupe([r[0] for r in g], tol)
        if len(xs) < 3:
            continue
        y0, y1 = min(r[3] for r in g), max(r[4] for r in g)
        width = xs[-1] - xs[0]
        ys = [r[0] for r in horizontal
              if y0 - tol <= r[0] <= y1 + tol
              and min(r[4], xs[-1]) - max(r[3], xs[0]) >= 0.5 * width]
        ys = _dedupe(ys + [y0, y1], tol)
        if len(ys) >= 3:
            grids.append((xs, ys))
    return sorted(grids, key=lambda g: g[1][0])


def _clean_word(word: Word, xs: list[float]) -> Optional[Word]:
    """A word without the rule glyphs tesseract reads at cell edges (``|20/01/2021``);
    None for a word that is only a rule."""
    text = word.text.strip(_EDGE_BARS)
    if not text:
        return None
    x0, _, x1, _ = word.bbox
    # a rule read as a glyph lies ON the rule; a row number "11" or "I" in a narrow TT
    # column only comes close to it (measuring "close" by the word's width lost row 11)
    on_rule = any(x0 - RULE_GLYPH_SLACK <= x <= x1 + RULE_GLYPH_SLACK for x in xs)
    if on_rule and len(text) <= 2 and set(text) <= _RULE_GLYPHS:
        return None
    return Word(text, word.start, word.end, word.bbox, word.conf)


def _reading_order(words: list[Word]) -> str:
    """Words of one cell as text: lines top to bottom (by centre), words left to right."""
    if not words:
        return ""
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    tol = 0.6 * heights[len(heights) // 2]
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        cy = (w.bbox[1] + w.bbox[3]) / 2
        if lines and abs(cy - sum((v.bbox[1] + v.bbox[3]) / 2 for v in lines[-1]) / len(lines[-1])) <= tol:
            lines[-1].append(w)
        else:
            lines.append([w])
    return join_cell_lines([" ".join(v.text for v in sorted(line, key=lambda v: v.bbox[0]))
                            for line in lines])


def _ink_outside(dark, box, words: list[Word], inset: int) -> tuple[float, Optional[tuple]]:
    """Share of the cell's ink (rules excluded by ``inset``) not under any word box, and
    the box of that ink (page pixels)."""
    import numpy as np

    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 <= x0 or y1 <= y0:
        return 0.0, None
    cell = dark[y0:y1, x0:x1].copy()
    ink = int(cell.sum())
    if ink < 30:
        return 0.0, None
    for w in words:
        if w.conf is not None and w.conf < REOCR_MIN_CONF:
            continue
        a, b, c, d = (int(round(v)) for v in w.bbox)
        cell[max(0, b - y0 - 2):max(0, d - y0 + 2), max(0, a - x0 - 2):max(0, c - x0 + 2)] = False
    rest = int(cell.sum())
    ys, xs = np.nonzero(dark[y0:y1, x0:x1])
    return rest / ink, (x0 + int(xs.min()), y0 + int(ys.min()), x0 + int(xs.max()) + 1,
                        y0 + int(ys.max()) + 1)


def _reocr(image, boxes: list[tuple], threshold: int, settings,
           clock=None) -> list[list[Word]]:
    """Read some cells again, on their own (tesseract's page layout skips small, isolated
    text such as the row numbers of a narrow TT column, and garbles bold header cells).

    Each crop is binarised and framed in white (measured on scans: that is what makes
    ``TT`` read as ``TT``); the crops are stacked one under the other in a single image
    read once as a block (psm 6) — one tesseract run per page instead of one per cell —
    through the loader's engine call (PGM through a pipe, ``OMP_THREAD_LIMIT=1``, timed
    on ``clock`` as engine time), with the page's ``settings`` (language, dpi, timeout) in
    block mode. Returns the words of each box, with boxes in page
    pixels and offsets -1 (the words are not in the page text)."""
    from PIL import Image

    from vanban.extractor.errors import EngineMissingError
    from vanban.extractor.loaders.ocr import encode_pgm, run_tesseract_tsv, tsv_words

    gray = image.convert("L") if image.mode != "L" else image
    pad = _REOCR_BORDER
    crops = [gray.crop((x0 - 2, y0 - 2, x1 + 2, y1 + 2)).point(
        lambda v: 0 if v < threshold else 255) for x0, y0, x1, y1 in boxes]
    width = max(c.width for c in crops) + 2 * pad
    height = sum(c.height + pad for c in crops) + pad
    sheet = Image.new("L", (width, height), 255)
    tops = []
    y = pad
    for crop in crops:
        sheet.paste(crop, (pad, y))
        tops.append(y)
        y += crop.height + pad
    try:
        tsv = run_tesseract_tsv(encode_pgm(sheet), settings=settings.with_psm(6),
                                clock=clock)
    except (subprocess.TimeoutExpired, EngineMissingError):
        return [[] for _ in boxes]
    out: list[list[Word]] = [[] for _ in boxes]
    for _, word in tsv_words(tsv):
        if word.conf < 0:
            continue
        left, top, right, bottom = word.bbox
        cy = (top + bottom) / 2
        k = max((n for n, y0 in enumerate(tops) if y0 - pad / 2 <= cy), default=0)
        x0, y0 = boxes[k][0] - 2 - pad, boxes[k][1] - 2 - tops[k]
        out[k].append(Word(nfc(word.text), -1, -1,
                           (left + x0, top + y0, right + x0, bottom + y0), word.conf))
    return [_ocr_fixes(words) for words in out]


def _ocr_fixes(words: list[Word]) -> list[Word]:
    """The loader's OCR post-fixes (``Ð`` → ``Đ``, ``Quý 11`` → ``Quý II`` …) applied to
    words read again here, which did not pass through the loader."""
    if not words:
        return words
    from vanban.extractor.ocrfix import fix_lines
    fixed, _ = fix_lines([[WordBox(w.text, w.bbox, w.conf) for w in words]])
    texts = [w.text for line in fixed for w in line]
    if len(texts) != len(words):
        return words
    return [Word(t, w.start, w.end, w.bbox, w.conf) for t, w in zip(texts, words)]


def _cell_box(xs, ys, key: tuple[int, int]) -> tuple:
    i, j = key
    return (xs[j], ys[i], xs[j + 1], ys[i + 1])


def _better(dark, box, inset: int, new: list[Word], old: list[Word]) -> bool:
    """Whether a second reading of a cell beats the first: it explains clearly more of
    the cell's ink, or as much with a higher confidence."""
    new_missing, _ = _ink_outside(dark, box, new, inset)
    old_missing, _ = _ink_outside(dark, box, old, inset)
    if abs(new_missing - old_missing) > 0.05:
        return new_missing < old_missing
    return _mean_conf(new) >= _mean_conf(old)


def _mean_conf(words: list[Word]) -> float:
    confs = [w.conf for w in words if w.conf is not None]
    return sum(confs) / len(confs) if confs else 0.0


def tables_from_ocr_page(image, words: Sequence[Word], page_number: int, *,
                         reocr: bool = True, settings=None, clock=None) -> list[Table]:
    """Tables of a scanned page rebuilt from its ruling lines and tesseract's words.

    ``image`` is the (deskewed) page as OCR saw it; ``words`` carry boxes in its pixels
    and offsets into the page text. Ruled grids are found with :func:`find_grids`; every
    word goes to the cell holding its centre; a cell whose ink is mostly not covered by
    words (tesseract skipped it: row numbers, header cells) is read again on its own when
    ``reocr`` is set (read with ``settings``, the page's
    :class:`~extractor.loaders.ocr.OcrSettings`; timed on ``clock``, an
    :class:`extractor.loaders.ocr.EngineClock`, when given). Without ruling lines the words are laid out in columns under a
    timetable header row (:func:`tables_from_word_columns`). Cell boxes are in pixels.
    """
    import numpy as np

    gray = np.asarray(image if image.mode == "L" else image.convert("L"))
    words = [w for w in words if w.bbox is not None]
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    threshold = _otsu(gray)
    grids = find_grids(gray, heights[len(heights) // 2] if heights else None,
                       threshold=threshold)
    if not grids:
        return tables_from_word_columns(words, page_number)
    dark = gray < threshold
    inset = max(3, int(gray.shape[1] / 400))
    tables = []
    for xs, ys in grids:
        cells: dict[tuple[int, int], list[Word]] = {}
        for w in words:
            cx, cy = (w.bbox[0] + w.bbox[2]) / 2, (w.bbox[1] + w.bbox[3]) / 2
            if not (xs[0] <= cx < xs[-1] and ys[0] <= cy < ys[-1]):
                continue
            cleaned = _clean_word(w, xs)
            if cleaned is None:
                continue
            j = max(i for i, x in enumerate(xs[:-1]) if x <= cx)
            i = max(i for i, y in enumerate(ys[:-1]) if y <= cy)
            cells.setdefault((i, j), []).append(cleaned)
        found: dict[tuple[int, int], list[Word]] = {}
        again: list[tuple[tuple[int, int], tuple]] = []  # cells to read once more
        for i in range(len(ys) - 1):
            for j in range(len(xs) - 1):
                box = (xs[j], ys[i], xs[j + 1], ys[i + 1])
                found[i, j] = cells.get((i, j), [])
                if reocr:
                    missing, ink_box = _ink_outside(dark, box, found[i, j], inset)
                    if ink_box is not None and missing > REOCR_MISSING:
                        again.append(((i, j), ink_box))
        if again:
            from vanban.extractor.loaders.ocr import OcrSettings

            reread = _reocr(image, [box for _, box in again], threshold,
                            settings or OcrSettings(), clock)
            for (key, _), words_again in zip(again, reread):
                words_again = [c for c in (_clean_word(w, xs) for w in words_again) if c]
                if words_again and _better(dark, _cell_box(xs, ys, key), inset,
                                           words_again, found[key]):
                    found[key] = words_again
        rows = []
        for i in range(len(ys) - 1):
            row = []
            for j in range(len(xs) - 1):
                placed = [w for w in found[i, j] if w.start >= 0]
                row.append(Cell(text=_reading_order(found[i, j]),
                                bbox=(xs[j], ys[i], xs[j + 1], ys[i + 1]),
                                start=min((w.start for w in placed), default=-1),
                                end=max((w.end for w in placed), default=-1)))
            rows.append(row)
        if _is_grid(rows):
            tables.append(Table(page=page_number, rows=rows, source="ocr",
                                bbox=(xs[0], ys[0], xs[-1], ys[-1])))
    return tables


def _lines_of(words: Sequence[Word]) -> list[list[Word]]:
    """Words grouped into text lines (by vertical centre), each line left to right."""
    if not words:
        return []
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words)
    tol = 0.5 * heights[len(heights) // 2]
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.bbox[1] + w.bbox[3]) / 2):
        cy = (w.bbox[1] + w.bbox[3]) / 2
        if lines and abs(cy - _centre_y(lines[-1])) <= tol:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.bbox[0]) for line in lines]


def _centre_y(line: Sequence[Word]) -> float:
    return sum((w.bbox[1] + w.bbox[3]) / 2 for w in line) / len(line)


def _groups(line: Sequence[Word], gap: float) -> list[list[Word]]:
    """Runs of words separated by more than ``gap`` pixels (one run per column)."""
    out: list[list[Word]] = []
    for w in line:
        if out and w.bbox[0] - out[-1][-1].bbox[2] <= gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _header_columns(lines: list[list[Word]], gap: float):
    """The first line (or pair of lines, for headers written on two lines) whose column
    runs map to timetable columns: (index of its first and last line, x-ranges of the
    header cells left to right), else None."""
    from vanban.extractor.parsers.timetable import map_header

    for i, line in enumerate(lines):
        candidates = [[line]]
        if i + 1 < len(lines):
            candidates.append([line, lines[i + 1]])
        for take in candidates:
            cells: list[list[Word]] = []
            for run in sorted((g for ln in take for g in _groups(ln, gap)),
                              key=lambda g: g[0].bbox[0]):
                x0, x1 = run[0].bbox[0], run[-1].bbox[2]
                for cell in cells:  # a run under another one is the same header cell
                    if min(x1, cell[-1].bbox[2]) - max(x0, cell[0].bbox[0]) > 0:
                        cell.extend(run)
                        break
                else:
                    cells.append(list(run))
            texts = [_reading_order(c) for c in cells]
            if len(cells) >= 3 and map_header(texts):
                ranges = [(min(w.bbox[0] for w in c), max(w.bbox[2] for w in c)) for c in cells]
                return i, i + len(take) - 1, ranges
    return None


def tables_from_word_columns(words: Sequence[Word], page_number: int) -> list[Table]:
    """A timetable without ruling lines: find its header row (two lines at most) by the
    meaning of its cells, then cut the page below it into columns at the empty vertical
    gutters between header cells, and into rows at each row number of the first column
    (else where the line spacing opens up). The table ends at a blank gap of three lines or a line whose
    words cross a gutter. Cell boxes are the words' boxes (pixels)."""
    lines = _lines_of([w for w in words if w.bbox is not None])
    if not lines:
        return []
    heights = sorted(w.bbox[3] - w.bbox[1] for w in words if w.bbox)
    height = heights[len(heights) // 2]
    found = _header_columns(lines, 1.2 * height)
    if found is None:
        return []
    first_header, last_header, ranges = found
    body_lines = lines[last_header + 1:]
    # gutters: between two header cells, the x-range no body word overlaps (else the middle)
    cuts = []
    for (_, a1), (b0, _) in zip(ranges, ranges[1:]):
        busy = sorted((w.bbox[0], w.bbox[2]) for ln in body_lines[:40] for w in ln
                      if w.bbox[2] > a1 and w.bbox[0] < b0)
        free_from, best = a1, None
        for x0, x1 in busy + [(b0, b0)]:
            if x0 > free_from and (best is None or x0 - free_from > best[1] - best[0]):
                best = (free_from, x0)
            free_from = max(free_from, x1)
        cuts.append((best[0] + best[1]) / 2 if best else (a1 + b0) / 2)
    bounds = [float("-inf")] + cuts + [float("inf")]
    ncols = len(ranges)

    def column(w: Word) -> int:
        cx = (w.bbox[0] + w.bbox[2]) / 2
        return next(j for j in range(ncols) if bounds[j] <= cx < bounds[j + 1])

    rows: list[list[list[Word]]] = []
    numbered = any(_ROW_NUMBER.match(w.text) for ln in body_lines[:5] for w in ln
                   if column(w) == 0)
    header_words: list[list[Word]] = [[] for _ in range(ncols)]
    for ln in lines[first_header:last_header + 1]:
        for w in ln:
            header_words[column(w)].append(w)
    # without row numbers, a row starts where the line spacing opens up
    steps = sorted(_centre_y(b) - _centre_y(a) for a, b in zip(body_lines, body_lines[1:]))
    spacing = steps[len(steps) // 4] if steps else height  # the usual wrap, not a row gap
    previous_y = _centre_y(lines[last_header])
    for line in body_lines:
        y = _centre_y(line)
        crossing = any(w.bbox[0] < c < w.bbox[2] for w in line for c in cuts)
        if y - previous_y > 3 * height or crossing:
            break
        gap, previous_y = y - previous_y, y
        first = [w for w in line if column(w) == 0]
        starts = bool(first) and bool(_ROW_NUMBER.match(first[0].text))
        if numbered and not rows and not starts:
            target = header_words  # the header goes on over one more line
        else:
            if not rows or (starts if numbered else gap > 1.4 * spacing):
                rows.append([[] for _ in range(ncols)])
            target = rows[-1]
        for w in line:
            target[column(w)].append(w)
    header = [Cell(text=_reading_order(ws), bbox=union_bbox([w.bbox for w in ws]))
              for ws in header_words]
    table_rows = [header] + [[Cell(text=_reading_order(c), bbox=union_bbox([w.bbox for w in c]),
                                   start=min((w.start for w in c if w.start >= 0), default=-1),
                                   end=max((w.end for w in c if w.start >= 0), default=-1))
                              for c in row] for row in rows]
    if not _is_grid(table_rows):
        return []
    return [Table(page=page_number, rows=table_rows, source="ocr",
                  bbox=union_bbox([c.bbox for r in table_rows for c in r]))]
