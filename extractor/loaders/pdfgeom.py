"""Geometry of a text-layer PDF page read with pdfium: drawn edges and character boxes.

Ruled tables are found with pdfplumber's own algorithm (:class:`pdfplumber.table.TableFinder`:
snap, join, intersections, cells), which only needs a page's straight edges and its
bounding box. pdfplumber gets those edges from pdfminer, which parses the whole content
stream of the page in Python (opening the file and reading the tables of one of the
samples' table pages: 30-70 ms); pdfium has already parsed it, so the edges are read here
from pdfium's path objects and the cell text from its characters (:func:`page_chars`):
edges, characters and tables of such a page take 3-8 ms.

Coordinates are PDF points with the origin at the TOP-left of the page (y grows down), the
convention of the loader's text boxes (:func:`extractor.loaders.pdf.text_layer_lines`) and
of pdfplumber: ``top = page_height - y``.

``/Rotate`` pages: pdfium's text boxes are in the unrotated page space (the loader does not
rotate them), and so are the edges here: both flip y with the same ``page_height`` (the
loader's, which pdfium swaps with the width on a page turned by 90°), so table boxes and
text lines stay in one frame and tables still line up with the text they replace (a
copy of a sample table page turned by 90, 180 or 270° gives the same table; pdfplumber,
which rotates its own geometry, read it transposed at 90° and mirrored at 180°). The
frame is not the displayed one: boxes may fall outside (0, 0, width, height). The text of
a page shown turned by ``/Rotate`` alone still runs across its unrotated frame and reads
in order; a page whose CONTENT is turned (landscape printed sideways, ``/Rotate``
turning it back) is detected by :func:`extractor.loaders.pdf.text_runs_sideways` and
read by OCR instead.
"""
from __future__ import annotations

import ctypes
from typing import NamedTuple

# pdfium page-object types (FPDF_PAGEOBJ_*) and path segment types (FPDF_SEGMENT_*).
_PATH, _FORM = 2, 5
_BEZIERTO, _MOVETO = 1, 2
# A segment whose ends differ by at most this much (points) across its direction is
# straight horizontal / vertical. pdfminer asks for exact equality; the matrices here are
# multiplied in floating point, so exact would lose rules that are axis-aligned in the file.
AXIS_TOLERANCE = 0.01
# Segments shorter than this are never an edge (pdfplumber's edge_min_length_prefilter).
MIN_SEGMENT = 1.0
# Form XObjects nest; deeper than this is a malformed or hostile file.
MAX_FORM_DEPTH = 8

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class Char(NamedTuple):
    """One character of the text layer: its text and loose box (top-left origin)."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def _compose(outer: tuple, inner: tuple) -> tuple:
    """The matrix applying ``inner`` then ``outer`` (PDF order: a b c d e f)."""
    a, b, c, d, e, f = outer
    a2, b2, c2, d2, e2, f2 = inner
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def _edge(x0: float, y0: float, x1: float, y1: float, page_height: float):
    """The edge dict (pdfplumber's keys) of a straight segment in PDF user space, or None
    for a diagonal or a segment too short to count."""
    if abs(y0 - y1) <= AXIS_TOLERANCE:
        left, right = min(x0, x1), max(x0, x1)
        if right - left < MIN_SEGMENT:
            return None
        top = page_height - (y0 + y1) / 2
        return {"x0": left, "x1": right, "top": top, "bottom": top, "doctop": top,
                "width": right - left, "height": 0.0, "orientation": "h",
                "object_type": "line"}
    if abs(x0 - x1) <= AXIS_TOLERANCE:
        top, bottom = page_height - max(y0, y1), page_height - min(y0, y1)
        if bottom - top < MIN_SEGMENT:
            return None
        x = (x0 + x1) / 2
        return {"x0": x, "x1": x, "top": top, "bottom": bottom, "doctop": top,
                "width": 0.0, "height": bottom - top, "orientation": "v",
                "object_type": "line"}
    return None


def page_edges(page, page_height: float) -> list[dict]:
    """Straight horizontal and vertical edges drawn on a pdfium page, as pdfplumber's
    edge dicts (``x0 x1 top bottom width height orientation object_type``).

    Every line segment of every path object is taken, closing segments included (a
    rectangle gives its four sides; a thin filled rectangle used as a rule gives two
    close parallel edges, which TableFinder's snapping merges), each transformed by its
    object's matrix; form XObjects are walked with their matrix composed. Diagonals are
    not edges. A Bézier segment counts as the chord between its ends, as pdfminer
    flattens it for pdfplumber (so a curve is an edge exactly when pdfplumber makes one
    of it: its ends line up; the usual arcs of rounded corners give none). Read through
    the raw API: a table page has hundreds of paths."""
    import pypdfium2.raw as raw

    count_segments, get_segment = raw.FPDFPath_CountSegments, raw.FPDFPath_GetPathSegment
    get_point, get_kind = raw.FPDFPathSegment_GetPoint, raw.FPDFPathSegment_GetType
    get_close, get_type = raw.FPDFPathSegment_GetClose, raw.FPDFPageObj_GetType
    get_matrix = raw.FPDFPageObj_GetMatrix
    matrix = raw.FS_MATRIX()
    px, py = ctypes.c_float(), ctypes.c_float()
    edges: list[dict] = []

    def object_matrix(obj) -> tuple:
        if not get_matrix(obj, matrix):
            return _IDENTITY
        return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)

    def add(p0: tuple, p1: tuple) -> None:
        edge = _edge(p0[0], p0[1], p1[0], p1[1], page_height)
        if edge is not None:
            edges.append(edge)

    def path(obj, m: tuple) -> None:
        a, b, c, d, e, f = m
        start = anchor = None  # the subpath's first point; the current point
        controls = 0  # Bézier points seen of the current curve (two controls, then its end)
        for k in range(count_segments(obj)):
            seg = get_segment(obj, k)
            if not get_point(seg, px, py):
                continue
            x, y = px.value, py.value
            point = (a * x + c * y + e, b * x + d * y + f)
            kind = get_kind(seg)
            if kind == _MOVETO:
                start = anchor = point
                controls = 0
                continue
            if kind == _BEZIERTO:
                controls += 1
                if controls < 3:
                    continue
                controls = 0
            if anchor is not None:
                add(anchor, point)
            anchor = point
            if get_close(seg) and start is not None:
                add(point, start)
                anchor = start

    def walk(objects, m: tuple, depth: int) -> None:
        for obj in objects:
            kind = get_type(obj)
            if kind == _PATH:
                path(obj, _compose(m, object_matrix(obj)))
            elif kind == _FORM and depth < MAX_FORM_DEPTH:
                inner = _compose(m, object_matrix(obj))
                walk((raw.FPDFFormObj_GetObject(obj, i)
                      for i in range(raw.FPDFFormObj_CountObjects(obj))), inner, depth + 1)

    handle = page.raw
    walk((raw.FPDFPage_GetObject(handle, i) for i in range(raw.FPDFPage_CountObjects(handle))),
         _IDENTITY, 0)
    return edges


def page_chars(textpage, page_height: float) -> list[Char]:
    """The characters of a pdfium text page with their loose boxes: the font's ascent to
    descent, the same height for every letter of a line, as pdfminer's boxes (within
    ~1.7 pt of them on the samples), so that lines and words group as in pdfplumber.
    Tight glyph boxes (``FPDFText_GetCharBox``) differ in height from letter to letter
    (``a`` against ``Ế``): with them, 55 cells of the samples' tables split words apart.

    Spaces pdfium generated between words are kept (they separate words). Such a space
    has an empty box on the baseline, which would group it with the NEXT line (its top is
    within 3 pt of that line's): it takes the height of the character before it. pdfium's
    generated line breaks, which have no place on the page, are left out."""
    import pypdfium2.raw as raw

    n = textpage.count_chars()
    if n <= 0:
        return []
    handle = textpage.raw
    text = textpage.get_text_range(0, n)
    aligned = len(text) == n  # see text_layer_lines: true outside surrogate pairs
    get_box, get_unicode = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetUnicode
    rect = raw.FS_RECTF()
    chars: list[Char] = []
    line = None  # (top, bottom) of the last character with a box of its own
    for i in range(n):
        ch = text[i] if aligned else chr(get_unicode(handle, i) or 0xFFFE)
        if ch in "\r\n" or not get_box(handle, i, rect):
            continue
        top, bottom = page_height - rect.top, page_height - rect.bottom
        if bottom - top > 0:
            line = (top, bottom)
        elif ch.isspace():
            if line is None:
                continue
            top, bottom = line
        chars.append(Char(ch, rect.left, top, rect.right, bottom))
    return chars
