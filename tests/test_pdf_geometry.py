"""Ruled tables of text-layer PDFs from pdfium's geometry (extractor.loaders.pdfgeom and
extractor.loaders.tables.tables_from_pdf_geometry): the edges of drawn paths (lines, rectangles,
curves, form XObjects, /Rotate pages), cell text from pdfium's characters, and the same
tables as pdfplumber's own page parse on the sample PDFs and on small PDFs made here."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Optional

import pytest

from vanban.extractor.loaders.pdfgeom import Char, page_chars, page_edges
from vanban.extractor.loaders.tables import pdf_cell_text, tables_from_pdf_geometry, tables_from_pdf_page
from vanban.extractor.text import Word

pdfium = pytest.importorskip("pypdfium2")

SAMPLES = Path(__file__).resolve().parents[1] / "samples"  # the seed PDFs ship with the repository
HEIGHT = 842


# -- small PDFs -----------------------------------------------------------------------------

def drawn_pdf(content: str, *, forms: Optional[dict] = None, rotate: int = 0) -> bytes:
    """A one-page A4 PDF with ``content`` as its content stream, Helvetica as /F1 and
    ``forms`` (name -> (content, matrix)) as form XObjects any stream may draw."""
    forms = forms or {}
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    first_form = 6
    names = list(forms)
    xobjects = " ".join(f"/{n} {first_form + i} 0 R" for i, n in enumerate(names))
    resources = f"<< /Font << /F1 5 0 R >> /XObject << {xobjects} >> >>"
    objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 {HEIGHT}] "
                   f"/Rotate {rotate} /Resources {resources} /Contents 4 0 R >>")
    objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   "/Encoding /WinAnsiEncoding >>")
    for name in names:
        stream, matrix = forms[name]
        objects.append(f"<< /Type /XObject /Subtype /Form /BBox [-1000 -1000 2000 2000] "
                       f"/Matrix [{' '.join(str(v) for v in matrix)}] /Resources {resources} "
                       f"/Length {len(stream)} >>\nstream\n{stream}\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    return bytes(out)


def _text(x: float, y: float, s: str) -> str:
    return f"BT /F1 10 Tf {x} {y} Td ({s}) Tj ET"


# A ruled 3x3 table (stroked lines, not rectangles), one cell on two wrapped lines, one with
# two list items, and a line of prose above it with a column gap (so the loader's
# may_hold_table lets the page through).
_XS, _YS = (60, 120, 300, 450), (700, 670, 620, 580)
GRID_TEXTS = [["TT", "Noi dung", "Thoi gian"],
              ["1", "Kiem tra cong tac", "Quy II"],
              ["2", "- Phong A\n- Phong B", "Thang 12"]]


def grid_stream() -> str:
    ops = ["0.8 w"]
    ops += [f"{_XS[0]} {y} m {_XS[-1]} {y} l S" for y in _YS]
    ops += [f"{x} {_YS[-1]} m {x} {_YS[0]} l S" for x in _XS]
    cells = [[["TT"], ["Noi dung"], ["Thoi gian"]],
             [["1"], ["Kiem tra", "cong tac"], ["Quy II"]],
             [["2"], ["- Phong A", "- Phong B"], ["Thang 12"]]]
    for i, row in enumerate(cells):
        for j, lines in enumerate(row):
            for k, line in enumerate(lines):
                ops.append(_text(_XS[j] + 4, _YS[i] - 14 - 12 * k, line))
    return "\n".join(ops)


def prose() -> str:
    return "\n".join([_text(60, 760, "UY BAN NHAN DAN"), _text(330, 760, "CONG HOA XA HOI"),
                      _text(60, 740, "Ke hoach trien khai cong tac nam 2021")])


def _write(tmp_path: Path, data: bytes, name: str = "t.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _geometry_tables(path: Path, index: int = 0):
    """Tables of one page as the loader builds them (pdfium edges, chars and words)."""
    from vanban.extractor.loaders.pdf import text_layer_lines

    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        lines = text_layer_lines(textpage, height)
        words = [Word(w.text, -1, -1, w.bbox) for line in lines for w in line]
        return tables_from_pdf_geometry(page_edges(page, height), page_chars(textpage, height),
                                        words, index + 1, (0.0, 0.0, width, height))
    finally:
        doc.close()


def _plumber_tables(path: Path, index: int = 0):
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(path) as pdf:
        return tables_from_pdf_page(pdf.pages[index], index + 1)


def assert_same_tables(ref, new, box_tolerance: float = 1.0) -> None:
    assert len(ref) == len(new)
    for a, b in zip(ref, new):
        assert a.texts() == b.texts()
        for ra, rb in zip(a.rows, b.rows):
            for ca, cb in zip(ra, rb):
                assert (ca.bbox is None) == (cb.bbox is None)
                if ca.bbox is not None:
                    assert max(abs(x - y) for x, y in zip(ca.bbox, cb.bbox)) <= box_tolerance


def _edge_keys(edges) -> list[tuple]:
    return sorted((e["orientation"], round(e["x0"], 2), round(e["x1"], 2), round(e["top"], 2),
                   round(e["bottom"], 2)) for e in edges)


def _page_edges(path: Path) -> list[dict]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return page_edges(doc[0], doc[0].get_size()[1])
    finally:
        doc.close()


# -- edges ----------------------------------------------------------------------------------

@pytest.mark.parametrize("ops, expected", [
    # a stroked horizontal line
    ("100 700 m 300 700 l S", [("h", 100, 300, 142, 142)]),
    # a filled rectangle: its four sides
    ("50 500 200 100 re f", [("h", 50, 250, 242, 242), ("h", 50, 250, 342, 342),
                             ("v", 50, 50, 242, 342), ("v", 250, 250, 242, 342)]),
    # a thin filled rectangle drawn as a rule: two close parallel edges (snapping merges them)
    ("60 400 300 0.5 re f", [("h", 60, 360, 441.5, 441.5), ("h", 60, 360, 442, 442)]),
    # an open polyline and a closed triangle: only its straight axis-parallel sides
    ("10 10 m 10 90 l 90 90 l S", [("v", 10, 10, 752, 832), ("h", 10, 90, 752, 752)]),
    ("200 100 m 300 100 l 250 150 l h f", [("h", 200, 300, 742, 742)]),
    # diagonals and segments shorter than a point are not edges
    ("0 0 m 100 100 l S 10 10 m 10.5 10 l S", []),
    # a curve counts as its chord (as pdfminer flattens it): level ends make an edge, a
    # quarter arc does not; the line drawn after it is still read
    ("300 300 m 320 350 380 350 400 300 c S", [("h", 300, 400, 542, 542)]),
    ("400 400 m 400 450 420 470 450 470 c 450 520 l S", [("v", 450, 450, 322, 372)]),
    # a matrix set by cm applies to the path
    ("q 1 0 0 1 100 50 cm 0 0 m 0 40 l S Q", [("v", 100, 100, 752, 792)]),
])
def test_page_edges(tmp_path, ops, expected):
    path = _write(tmp_path, drawn_pdf(ops))
    assert _edge_keys(_page_edges(path)) == sorted(expected)


def test_page_edges_have_pdfplumbers_keys(tmp_path):
    edge = _page_edges(_write(tmp_path, drawn_pdf("100 700 m 300 700 l S")))[0]
    assert {"x0", "x1", "top", "bottom", "width", "height", "orientation",
            "object_type"} <= set(edge)
    assert edge["width"] == pytest.approx(200) and edge["height"] == 0


def test_page_edges_inside_nested_form_xobjects(tmp_path):
    # page cm (×2, +50) ∘ Fm1 /Matrix (+10, +20) ∘ Fm2 /Matrix (×0.5)
    forms = {"Fm1": ("0 0 m 100 0 l S /Fm2 Do", (1, 0, 0, 1, 10, 20)),
             "Fm2": ("0 0 m 0 100 l S", (0.5, 0, 0, 0.5, 0, 0))}
    path = _write(tmp_path, drawn_pdf("q 2 0 0 2 50 50 cm /Fm1 Do Q", forms=forms))
    assert _edge_keys(_page_edges(path)) == [("h", 70, 270, HEIGHT - 90, HEIGHT - 90),
                                             ("v", 70, 70, HEIGHT - 190, HEIGHT - 90)]
    from vanban.extractor.loaders.pdf import _page_objects

    doc = pdfium.PdfDocument(str(path))
    assert _page_objects(doc[0])[0] == 2  # rulings inside forms open the table pass
    doc.close()


# -- cell text ------------------------------------------------------------------------------

def _chars(*specs) -> list[Char]:
    """Characters of 5 pt advance and 10 pt height: (text, x0, top)."""
    return [Char(t, x, y, x + 5, y + 10) for t, x, y in specs]


@pytest.mark.parametrize("chars, text", [
    ([], ""),
    (_chars(("a", 10, 0), ("b", 15, 0)), "ab"),
    (_chars(("a", 10, 0), ("b", 18, 0)), "ab"),  # a 3 pt gap is still one word
    (_chars(("a", 10, 0), ("b", 18.5, 0)), "a b"),  # wider: two words
    (_chars(("a", 10, 0), (" ", 15, 0), ("b", 16, 0)), "a b"),  # pdfium's generated space
    (_chars(("b", 15, 1), ("a", 10, 0)), "ab"),  # order on the line is by x, tops within 3 pt
    (_chars(("a", 10, 0), ("c", 10, 12), ("b", 15, 0)), "ab\nc"),  # a line 12 pt lower
    (_chars(("x", 40, 12), ("a", 10, 0), ("y", 10, 12)), "a\ny x"),
])
def test_pdf_cell_text(chars, text):
    assert pdf_cell_text(chars) == text


def test_generated_spaces_stay_on_their_line(tmp_path):
    # two text objects with a gap: pdfium generates a space between them, with an empty box
    # on the baseline, within 3 pt of the next line's top; it must not split that line
    content = "\n".join([_text(100, 700, "Kiem"), _text(130, 700, "tra"),
                         _text(100, 689, "abcdefghijkl")])
    doc = pdfium.PdfDocument(str(_write(tmp_path, drawn_pdf(content))))
    chars = page_chars(doc[0].get_textpage(), HEIGHT)
    doc.close()
    spaces = [c for c in chars if c.text.isspace()]
    assert spaces and all(c.bottom - c.top > 5 for c in chars)
    assert pdf_cell_text(chars) == "Kiem tra\nabcdefghijkl"


# -- tables ---------------------------------------------------------------------------------

def test_ruled_table_from_stroked_lines(tmp_path):
    path = _write(tmp_path, drawn_pdf(prose() + "\n" + grid_stream()))
    tables = _geometry_tables(path)
    assert len(tables) == 1 and tables[0].source == "text_layer"
    assert tables[0].texts() == GRID_TEXTS
    x0, top, x1, bottom = tables[0].rows[1][1].bbox  # the grid's own lines, y down
    assert (x0, x1) == pytest.approx((120, 300)) and (top, bottom) == pytest.approx(
        (HEIGHT - 670, HEIGHT - 620))
    assert_same_tables(_plumber_tables(path), tables)


def test_ruled_table_in_a_form_xobject(tmp_path):
    forms = {"Tbl": (grid_stream(), (1, 0, 0, 1, 20, -300))}
    path = _write(tmp_path, drawn_pdf(prose() + "\n/Tbl Do", forms=forms))
    tables = _geometry_tables(path)
    assert [t.texts() for t in tables] == [GRID_TEXTS]
    assert tables[0].bbox == pytest.approx((80, HEIGHT - 400, 470, HEIGHT - 280))
    assert_same_tables(_plumber_tables(path), tables)


def test_loader_reads_tables_without_pdfplumber(tmp_path, monkeypatch):
    pdfplumber = pytest.importorskip("pdfplumber")

    def refuse(*args, **kwargs):
        raise AssertionError("pdfplumber opened the PDF on the hot path")

    monkeypatch.setattr(pdfplumber, "open", refuse)
    from vanban.extractor.loaders.pdf import load_pdf
    from vanban.models import ExtractOptions

    forms = {"Tbl": (grid_stream(), (1, 0, 0, 1, 0, 0))}
    loaded = load_pdf(_write(tmp_path, drawn_pdf(prose() + "\n/Tbl Do", forms=forms)),
                      ExtractOptions())
    assert [t.texts() for t in loaded.text.tables] == [GRID_TEXTS]
    assert "1\tKiem tra cong tac\tQuy II" in loaded.text.text.split("\n")


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_rotated_page_keeps_its_table(tmp_path, rotate):
    # boxes stay in the unrotated page space, for the text lines and the table alike, so
    # the rows still replace the lines they hold
    from vanban.extractor.loaders.pdf import load_pdf
    from vanban.models import ExtractOptions

    path = _write(tmp_path, drawn_pdf(prose() + "\n" + grid_stream(), rotate=rotate))
    loaded = load_pdf(path, ExtractOptions())
    assert [t.texts() for t in loaded.text.tables] == [GRID_TEXTS]
    lines = loaded.text.text.split("\n")
    assert "TT\tNoi dung\tThoi gian" in lines and "Noi dung" not in lines


# -- the sample PDFs ------------------------------------------------------------------------

SAMPLE_TABLE_PAGES = [("000_f68a9bf2efd8d56f", 4), ("000_f68a9bf2efd8d56f", 5),
                      ("001_5534bf7f03225f13", 7), ("001_5534bf7f03225f13", 8)]


@pytest.mark.parametrize("stem, index", SAMPLE_TABLE_PAGES)
def test_sample_tables_equal_pdfplumbers(stem, index):
    path = SAMPLES / f"{stem}.pdf"
    if not path.exists():
        pytest.skip("shared samples not available")
    ref = _plumber_tables(path, index)
    new = _geometry_tables(path, index)
    assert len(new) == 1 and len(new[0].rows) >= 3
    assert_same_tables(ref, new)


def test_sample_grid_rows_and_cells():
    path = SAMPLES / "000_f68a9bf2efd8d56f.pdf"
    if not path.exists():
        pytest.skip("shared samples not available")
    (table,) = _geometry_tables(path, 4)
    assert len(table.rows) == 12 and {len(r) for r in table.rows} == {5}
    assert table.rows[0][2].text == "Thời gian hoàn thành"
    assert table.rows[1][1].text == ("Xây dựng và triển khai Kế hoạch hoạt động Hội KH Quận "
                                     "năm 2021")
    assert [r[0].text for r in table.rows[1:]] == [str(n) for n in range(1, 12)]


def test_unruled_timetable_from_pdfium_words(tmp_path):
    # the sample's timetable page with its vertical rules taken out: no cells any more, so
    # the table comes from pdfium's words laid out under the header row
    path = SAMPLES / "000_f68a9bf2efd8d56f.pdf"
    if not path.exists():
        pytest.skip("shared samples not available")
    src = pdfium.PdfDocument(str(path))
    doc = pdfium.PdfDocument.new()
    doc.import_pages(src, [4])
    page = doc[0]
    for obj in list(page.get_objects(max_depth=1)):
        if obj.type == 2:  # a path
            left, bottom, right, top = obj.get_bounds()
            if top - bottom > right - left:
                page.remove_obj(obj)
    page.gen_content()
    buffer = io.BytesIO()
    doc.save(buffer)
    unruled = _write(tmp_path, buffer.getvalue(), "unruled.pdf")
    assert not any(e["orientation"] == "v" and e["height"] >= 10 for e in _page_edges(unruled))
    (ruled,) = _geometry_tables(path, 4)
    (table,) = _geometry_tables(unruled)
    assert table.source == "text_layer"
    assert table.texts() == ruled.texts()
