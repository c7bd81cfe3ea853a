"""Table reconstruction: ruled PDF tables, DOCX tables (merged cells), tables continued over
a page break. The PDF test reads one born-digital sample page (fast, no OCR)."""
from __future__ import annotations

from pathlib import Path

import pytest

from vanban.extractor.loaders.tables import merge_continued_tables, tables_from_docx, tables_from_pdf_page
from vanban.extractor.text import Cell, Table

SAMPLES = Path(__file__).resolve().parents[1] / "samples"  # the seed PDFs ship with the repository
PDF = SAMPLES / "000_f68a9bf2efd8d56f.pdf"


@pytest.fixture(scope="module")
def pdf_tables():
    pdfplumber = pytest.importorskip("pdfplumber")
    if not PDF.exists():
        pytest.skip("shared samples not available")
    with pdfplumber.open(PDF) as pdf:
        return [t for i, page in enumerate(pdf.pages) for t in tables_from_pdf_page(page, i + 1)]


def test_pdf_ruled_tables(pdf_tables):
    # the header block and the signature are not ruled: only the timetable is found,
    # split over two pages, five columns, its header first
    assert [t.page for t in pdf_tables] == [5, 6]
    assert {len(row) for t in pdf_tables for row in t.rows} == {5}
    assert pdf_tables[0].rows[0][0].text == "TT"
    assert pdf_tables[0].rows[0][2].text == "Thời gian hoàn thành"  # lines joined with a space
    assert not any("\n" in c.text for t in pdf_tables for row in t.rows for c in row)
    x0, top, x1, bottom = pdf_tables[0].rows[1][1].bbox
    assert 0 < x0 < x1 < 595 and 0 < top < bottom < 842  # PDF points on an A4 page


def test_pdf_table_continued_on_next_page(pdf_tables):
    merged = merge_continued_tables(pdf_tables)
    assert len(merged) == 1 and merged[0].page == 5
    body = merged[0].rows[1:]
    assert [r[0].text for r in body if r[0].text] == [str(n) for n in range(1, 13)] + ["14", "15", "16"]
    assert sum(1 for r in merged[0].rows if r[0].text == "TT") == 1  # repeated header dropped


def test_docx_merged_cells_not_duplicated(tmp_path):
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("Kế hoạch")
    t = doc.add_table(rows=3, cols=3)
    for r, values in enumerate([["TT", "Nội dung", "Thời gian"],
                                ["1", "Họp triển khai", "Quý I"],
                                ["2", "Tổng kết", "Quý IV"]]):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    t.cell(1, 2).merge(t.cell(2, 2))  # one "Thời gian" cell for rows 1 and 2
    t.cell(1, 1).add_paragraph("ở các đơn vị")
    path = tmp_path / "t.docx"
    doc.save(path)
    tables = tables_from_docx(docx.Document(path))
    assert len(tables) == 1 and tables[0].source == "docx"
    grid = tables[0].texts()
    assert grid[1] == ["1", "Họp triển khai\nở các đơn vị", "Quý I\nQuý IV"]
    assert grid[2] == ["2", "Tổng kết", ""]  # the merged cell's text is kept once


def test_docx_layout_frames_are_not_tables(tmp_path):
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    t = doc.add_table(rows=1, cols=2)  # header block: one row, two columns
    t.cell(0, 0).text, t.cell(0, 1).text = "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    path = tmp_path / "h.docx"
    doc.save(path)
    assert tables_from_docx(docx.Document(path)) == []


def _t(page, *rows):
    return Table(page=page, rows=[[Cell(v) for v in r] for r in rows])


@pytest.mark.parametrize("tables, sizes", [
    # continued: header repeated / first row numbered / first number cell empty
    ([_t(1, ["TT", "Nội dung"], ["1", "a"]), _t(2, ["TT", "Nội dung"], ["2", "b"])], [3]),
    ([_t(1, ["TT", "Nội dung"], ["1", "a"]), _t(2, ["2", "b"], ["3", "c"])], [4]),
    ([_t(1, ["TT", "Nội dung"], ["1", "a"]), _t(2, ["", "(tiếp)"], ["2", "b"])], [4]),
    # not continued: other column count, a page skipped, a new header, same page
    ([_t(1, ["TT", "Nội dung"], ["1", "a"]), _t(2, ["2", "b", "c"])], [2, 1]),
    ([_t(1, ["TT", "Nội dung"], ["1", "a"]), _t(3, ["2", "b"])], [2, 1]),
    ([_t(1, ["TT", "Nội dung"], ["1", "a"]), _t(2, ["Họ tên", "Chức vụ"], ["A", "B"])], [2, 2]),
    ([_t(1, ["TT", "Nội dung"], ["1", "a"]), _t(1, ["2", "b"])], [2, 1]),
])
def test_merge_continued_tables(tables, sizes):
    merged = merge_continued_tables(tables)
    assert [len(t.rows) for t in merged] == sizes
    assert [len(t.rows) for t in merge_continued_tables(merged)] == sizes  # idempotent


class _UnruledPage:
    """A pdfplumber-like page with no drawn rules, only words (PDF points)."""

    def __init__(self, words):
        self._words = words

    def find_tables(self, table_settings=None):
        return []

    def extract_words(self, **kwargs):
        return [{"text": t, "x0": x, "top": y, "x1": x + 6 * len(t), "bottom": y + 11}
                for t, x, y in self._words]


def test_pdf_unruled_timetable_by_columns():
    words = [("TT", 60, 100), ("Nội", 100, 100), ("dung", 122, 100), ("Tiến", 330, 100),
             ("độ", 358, 100), ("Chủ", 430, 100), ("trì", 455, 100),
             ("1", 62, 125), ("Kiểm", 100, 125), ("tra", 130, 125), ("Quý", 330, 125),
             ("II", 355, 125), ("Văn", 430, 125), ("phòng", 455, 125),
             ("2", 62, 145), ("Tổng", 100, 145), ("kết", 130, 145), ("Tháng", 330, 145),
             ("12", 368, 145), ("Văn", 430, 145), ("phòng", 455, 145)]
    tables = tables_from_pdf_page(_UnruledPage(words), 2)
    assert len(tables) == 1 and tables[0].source == "text_layer" and tables[0].page == 2
    assert tables[0].texts() == [["TT", "Nội dung", "Tiến độ", "Chủ trì"],
                                 ["1", "Kiểm tra", "Quý II", "Văn phòng"],
                                 ["2", "Tổng kết", "Tháng 12", "Văn phòng"]]


def test_pdf_prose_page_has_no_table():
    words = [(w, 60 + 40 * i, 100) for i, w in enumerate("Căn cứ Kế hoạch số 12 của UBND".split())]
    assert tables_from_pdf_page(_UnruledPage(words), 1) == []
