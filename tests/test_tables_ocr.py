"""Tables of scanned pages: ruling lines from pixels, words into cells, column clustering
without rules. Synthetic pages (drawn with PIL) keep these fast; one test marked ``ocr``
runs tesseract on a crop of a sample scan."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from vanban.extractor.parsers.timetable import map_header
from vanban.extractor.loaders.tables import find_grids, tables_from_ocr_page, tables_from_word_columns
from vanban.extractor.text import Word

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"  # full-size scans: corpus only
XS = [100, 180, 700, 900]  # column rules
YS = [200, 260, 400, 520]  # row rules


def _page(xs=XS, ys=YS, shadow=False, width=1200, height=1600):
    img = Image.new("L", (width, height), 235)  # a grey scan background
    d = ImageDraw.Draw(img)
    for x in xs:
        d.line([(x, ys[0]), (x + 2, ys[-1])], fill=20, width=3)  # slightly tilted
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y + 2)], fill=20, width=3)
    if shadow:  # scanner shadow along the left and top edges
        d.rectangle([0, 0, 12, height], fill=40)
        d.rectangle([0, 0, width, 10], fill=40)
    return img


def _word(text, x, y, n=[0]):
    n[0] += len(text) + 1
    return Word(text, n[0], n[0] + len(text), (x, y, x + 12 * len(text), y + 24), 95.0)


def test_find_grids_on_a_ruled_page():
    grids = find_grids(np.asarray(_page()))
    assert len(grids) == 1
    xs, ys = grids[0]
    assert [round(x / 10) for x in xs] == [10, 18, 70, 90]
    assert [round(y / 10) for y in ys] == [20, 26, 40, 52]


@pytest.mark.parametrize("page", [
    Image.new("L", (1200, 1600), 235),  # blank
    _page(xs=[100, 900], ys=[200, 520]),  # a frame, one column: not a grid
])
def test_no_grid(page):
    assert find_grids(np.asarray(page)) == []


def test_edge_shadow_is_not_a_rule():
    grids = find_grids(np.asarray(_page(shadow=True)))
    assert len(grids) == 1 and len(grids[0][0]) == 4 and len(grids[0][1]) == 4


def test_words_go_to_their_cells():
    words = [_word("TT", 120, 215), _word("Nội", 300, 215), _word("dung", 350, 215),
             _word("Thời", 720, 215), _word("gian", 775, 215),
             _word("1", 130, 300), _word("Họp", 200, 290), _word("triển", 250, 290),
             _word("khai", 200, 330),  # second line of the task cell
             _word("|Quý", 710, 300), _word("I/2024", 770, 300), _word("|", 698, 300),
             _word("2", 130, 440), _word("Tổng", 200, 440), _word("kết", 260, 440),
             _word("Tháng", 720, 440), _word("12", 800, 440),
             _word("Nơi", 120, 700), _word("nhận:", 160, 700)]  # below the table
    tables = tables_from_ocr_page(_page(), words, 3, reocr=False)
    assert len(tables) == 1
    t = tables[0]
    assert (t.page, t.source) == (3, "ocr")
    assert t.texts() == [["TT", "Nội dung", "Thời gian"],
                         ["1", "Họp triển khai", "Quý I/2024"],
                         ["2", "Tổng kết", "Tháng 12"]]
    cell = t.rows[1][1]
    assert cell.bbox[0] == pytest.approx(180, abs=4) and cell.start >= 0 and cell.end > cell.start
    assert map_header(t.texts()[0]) == {"seq": 0, "task": 1, "due": 2}


def test_unruled_table_by_columns():
    words = [_word("TT", 100, 100), _word("Nội", 200, 100), _word("dung", 250, 100),
             _word("Thời", 600, 100), _word("gian", 655, 100),
             _word("Đơn", 800, 100), _word("vị", 850, 100), _word("thực", 880, 100),
             _word("hiện", 940, 100),
             _word("1", 105, 150), _word("Rà", 200, 150), _word("soát", 235, 150),
             _word("Quý", 600, 150), _word("I", 650, 150), _word("Văn", 800, 150),
             _word("phòng", 850, 150),
             _word("số", 200, 180), _word("liệu", 230, 180),  # the task goes on
             _word("2", 105, 220), _word("Tổng", 200, 220), _word("kết", 260, 220),
             _word("Tháng", 600, 220), _word("12", 680, 220), _word("Văn", 800, 220),
             _word("phòng", 850, 220),
             _word("Nơi", 100, 500), _word("nhận:", 150, 500)]  # far below: not the table
    tables = tables_from_word_columns(words, 1)
    assert len(tables) == 1
    assert tables[0].texts() == [["TT", "Nội dung", "Thời gian", "Đơn vị thực hiện"],
                                 ["1", "Rà soát số liệu", "Quý I", "Văn phòng"],
                                 ["2", "Tổng kết", "Tháng 12", "Văn phòng"]]


def test_prose_has_no_column_table():
    words = [_word(t, 100 + 60 * i, 100) for i, t in enumerate("Căn cứ Kế hoạch số 12".split())]
    assert tables_from_word_columns(words, 1) == []


@pytest.mark.ocr
@pytest.mark.corpus
def test_scan_crop_rebuilds_header_and_row_numbers():
    """Tesseract on the top of a scanned timetable drops the TT numbers and garbles the
    bold header; the rebuilt grid has them (cells read again on their own)."""
    pdfium = pytest.importorskip("pypdfium2")
    pytesseract = pytest.importorskip("pytesseract")
    path = SAMPLES / "000_f68a9bf2efd8d56f.scan300.pdf"
    if not path.exists():
        pytest.skip("shared samples not available")
    page = pdfium.PdfDocument(path)[4].render(scale=300 / 72).to_pil().convert("L")
    crop = page.crop((0, 300, page.width, 1450))  # title, header and the first rows
    data = pytesseract.image_to_data(crop, lang="vie", config="--psm 4",
                                     output_type=pytesseract.Output.DICT)
    words = [Word(t, -1, -1, (data["left"][i], data["top"][i],
                              data["left"][i] + data["width"][i], data["top"][i] + data["height"][i]),
                  float(data["conf"][i]))
             for i, t in enumerate(data["text"]) if t.strip()]
    tables = tables_from_ocr_page(crop, words, 5)
    assert len(tables) == 1
    grid = tables[0].texts()
    columns = map_header(grid[0])
    assert columns is not None and {"seq", "task", "due", "owners", "lead"} <= set(columns)
    assert [row[columns["seq"]] for row in grid[1:4]] == ["1", "2", "3"]
    assert "20/01/2021" in grid[1][columns["due"]]


def test_unruled_table_without_numbers_rows_by_spacing():
    words = [_word("Nội", 100, 100), _word("dung", 150, 100), _word("Thời", 600, 100),
             _word("gian", 655, 100), _word("Chủ", 800, 100), _word("trì", 850, 100),
             _word("Rà", 100, 150), _word("soát", 135, 150), _word("Quý", 600, 150),
             _word("I", 650, 150), _word("Văn", 800, 150), _word("phòng", 850, 150),
             _word("số", 100, 180), _word("liệu", 130, 180),  # same row: lines 30 apart
             _word("Tổng", 100, 230), _word("kết", 160, 230),  # new row: a wider gap
             _word("Tháng", 600, 230), _word("12", 680, 230), _word("Văn", 800, 230),
             _word("phòng", 850, 230)]
    tables = tables_from_word_columns(words, 1)
    assert len(tables) == 1
    assert tables[0].texts() == [["Nội dung", "Thời gian", "Chủ trì"],
                                 ["Rà soát số liệu", "Quý I", "Văn phòng"],
                                 ["Tổng kết", "Tháng 12", "Văn phòng"]]


def test_wide_row_number_in_a_narrow_column_is_not_a_rule():
    """"11" fills most of a narrow TT column: close to its rules, but not on them (a rule
    read as a glyph, "|" or "1", sits on the rule and is dropped)."""
    def word(text, x0, x1, y):
        return Word(text, 0, len(text), (x0, y, x1, y + 30), 93.0)

    words = [word("TT", 120, 160, 215), word("Nội", 300, 340, 215), word("dung", 350, 400, 215),
             word("Thời", 720, 770, 215), word("gian", 775, 830, 215),
             word("11", 115, 165, 300), word("Họp", 200, 250, 290), word("1", 178, 183, 300),
             word("Quý", 710, 760, 300), word("I/2024", 770, 840, 300),
             word("12", 116, 166, 440), word("Tổng", 200, 260, 440),
             word("Tháng", 720, 790, 440), word("|", 697, 703, 440)]
    rows = tables_from_ocr_page(_page(), words, 1, reocr=False)[0].texts()
    assert [r[0] for r in rows] == ["TT", "11", "12"]
    assert rows[1][1] == "Họp" and rows[2][2] == "Tháng"  # the glyphs on the rules are gone
