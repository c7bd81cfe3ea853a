"""Loaders: layout ordering, PDF text layer, DOCX reading order, plain/legacy text,
OCR preprocessing and post-fixes. OCR tests (tesseract runs) are marked ``ocr``."""
from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from vanban.extractor import legacy
from vanban.extractor.errors import EngineMissingError, UsageError
from vanban.extractor.loaders import load, sniff, vietnamese_share
from vanban.extractor.loaders.layout import order_page, split_segments
from vanban.extractor.normalize import fold
from vanban.extractor.ocrfix import fix_lines, vocabulary
from vanban.extractor.text import WordBox
from fixtures_loaders import (SAMPLES, TCVN3_SURFACE, VIETNAMESE, VNI_SURFACE, minimal_pdf,
                              tcvn3_bytes, vni_bytes)
from vanban.models import ExtractOptions

PAGE_WIDTH = 600.0


def row(y: float, *segments: tuple[float, str]) -> list[WordBox]:
    """Words of one printed row: each segment starts at x and its words are 10 pt apart
    per character (height 12)."""
    words = []
    for x, text in segments:
        for token in text.split():
            w = 7.0 * len(token)
            words.append(WordBox(token, (x, y, x + w, y + 12)))
            x += w + 4
    return words


def texts(lines) -> list[str]:
    return [" ".join(w.text for w in line) for line in lines]


# -- layout ------------------------------------------------------------------------------

HEADER = [
    row(50, (60, "HỘI KHUYẾN HỌC"), (300, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
    row(66, (60, "QUẬN LONG BIÊN"), (330, "Độc lập - Tự do - Hạnh phúc")),
    row(90, (70, "Số: 01/KH-HKH")),
    row(92, (320, "Long Biên, ngày 19 tháng 01 năm 2021")),
    row(130, (250, "KẾ HOẠCH")),
    row(150, (60, "Căn cứ Chỉ thị số 11/CT-TW ngày 13/4/2007 của Bộ Chính trị về tăng cường")),
]

def centred(centre: float, text: str) -> tuple[float, str]:
    """The segment of ``text`` centred on ``centre`` (widths as :func:`row` sets them)."""
    width = sum(7.0 * len(t) + 4 for t in text.split()) - 4
    return centre - width / 2, text


# A công văn whose "V/v" runs two lines below the place-date beside it; the body starts
# flush with the left margin ("Kính gửi:"), on the left side of the page too.
CONG_VAN_HEADER = [
    row(50, centred(150, "BỘ NỘI VỤ"), centred(420, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA")),
    row(66, centred(420, "Độc lập - Tự do - Hạnh phúc")),
    row(90, centred(150, "Số: 12/BNV-TCBC"), centred(420, "Hà Nội, ngày 21 tháng 11")),
    row(106, centred(150, "V/v đề xuất biên chế giai")),
    row(122, centred(150, "đoạn 2026-2030 theo vị")),  # starts 8 pt right of "Kính gửi"
    row(150, (66, "Kính gửi:")),
    row(166, (66, "- Các bộ, cơ quan ngang bộ;")),
    row(182, (60, "Thực hiện ý kiến của Ban Tổ chức Trung ương về triển khai các kết luận")),
]

# "Kính gửi: …" flush left whose centre happens to fall on the left column's centre: it
# reaches into the right column, where no left-column line goes.
KINH_GUI_ACROSS = [
    row(50, centred(150, "BỘ TÀI CHÍNH"), centred(330, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA")),
    row(66, centred(150, "CỤC THUẾ"), centred(330, "Độc lập - Tự do")),
    row(90, centred(150, "Số: 56/CT-CS"), centred(330, "Hà Nội, ngày 01 tháng 12")),
    row(106, centred(150, "V/v tiền thuê đất")),
    row(126, (40, "Kính gửi: Cục Thuế tỉnh Bình Minh.")),
    row(146, (40, "Cục Thuế nhận được công văn số 545 của Chi cục thuế về tiền thuê đất")),
]

# Two cells that nearly touch: a long recipient entry beside a wide position line, the
# gap between them (14) wider than a space but narrower than a column gap (30).
NEAR_CELLS = [
    row(300, (60, "Nơi nhận:"), centred(416, "TL. CỤC TRƯỞNG")),
    row(313, (60, "- Công ty TNHH Công nghệ Bình Minh Việt"),
        (322, "KT. TRƯỞNG BAN NGHIỆP VỤ THUẾ")),
    row(326, (60, "Nam;"), centred(416, "PHÓ TRƯỞNG BAN")),
    row(339, (60, "- Lưu: VT.")),
    row(380, centred(416, "Nguyễn Thị Hương")),
]

# The header's first row read as one segment: the issuer and the national title nearly
# touch (a gap of 16, a column gap being 30); the block opens on the row below.
MERGED_TOP = [
    row(50, centred(157.5, "ỦY BAN NHÂN DÂN"),
        centred(330, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
    row(66, centred(157.5, "TỈNH BÌNH MINH"), centred(330, "Độc lập - Tự do - Hạnh phúc")),
    row(90, centred(157.5, "Số: 12/QĐ-UBND"), centred(330, "Bình Minh, ngày 05 tháng 3")),
    row(120, centred(300, "QUYẾT ĐỊNH")),
]


def justified(y: float, x: float, text: str, gap: float) -> list[WordBox]:
    """A justified line: every space stretched to ``gap`` (the last one point more)."""
    words = []
    tokens = text.split()
    for k, token in enumerate(tokens):
        words.append(WordBox(token, (x, y, x + 7.0 * len(token), y + 12)))
        x += 7.0 * len(token) + gap + (k == len(tokens) - 2)
    return words


# negative: a justified body line (all its spaces stretched alike, wider than a height)
# above a signature block is no merged row of the block
JUSTIFIED_ABOVE = [
    # its last word starts where the signature column starts
    justified(280, 60, "thực hiện các nhiệm vụ được giao", 28),
    row(296, (60, "này./.")),
    row(320, (60, "Nơi nhận:"), centred(420, "KT. CHỦ TỊCH")),
    row(336, (60, "- Như trên;"), centred(420, "PHÓ CHỦ TỊCH")),
    row(352, (60, "- Lưu: VT.")),
    row(380, centred(420, "Trần Văn An")),
]

# "Kính gửi: …" short enough to sit centred on the left column by chance, but set after
# the header table's end: further below the column's last line than its line spacing.
KINH_GUI_CENTRED = [
    row(50, centred(150, "BỘ TÀI CHÍNH"), centred(420, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA")),
    row(66, centred(150, "CỤC HẢI QUAN"), centred(420, "Độc lập - Tự do")),
    row(90, centred(150, "Số: 56/CHQ-GSQL"), centred(420, "Hà Nội, ngày 25 tháng 11")),
    row(106, centred(150, "V/v khai bổ sung")),
    row(122, centred(150, "hồ sơ hải quan")),
    row(146, centred(150, "Kính gửi: Công ty A")),
    row(166, (60, "Trả lời công văn số 25 của Công ty A về việc khai bổ sung hồ sơ")),
]

# A signature table written cell by cell, as word processors export it: the whole
# "Nơi nhận" list first, then the signature block beside its top.
RECIPIENTS = ["Nơi nhận:"] + [f"- Đơn vị số {k};" for k in range(1, 15)]
SIGNATURE_BY_CELL = ([row(300 + 13 * k, (60, text)) for k, text in enumerate(RECIPIENTS)]
                     + [row(300, (380, "KT. CHỦ TỊCH")), row(313, (380, "PHÓ CHỦ TỊCH")),
                        row(400, (380, "Nguyễn Văn An"))])

LAYOUT_CASES = [
    ("a V/v wrapped below the date stays in the left column; Kính gửi starts the body",
     CONG_VAN_HEADER,
     ["BỘ NỘI VỤ", "Số: 12/BNV-TCBC", "V/v đề xuất biên chế giai", "đoạn 2026-2030 theo vị",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do - Hạnh phúc", "Hà Nội, ngày 21 tháng 11",
      "Kính gửi:", "- Các bộ, cơ quan ngang bộ;",
      "Thực hiện ý kiến của Ban Tổ chức Trung ương về triển khai các kết luận"]),
    ("a body line centred by chance on the left column but reaching the right one",
     KINH_GUI_ACROSS,
     ["BỘ TÀI CHÍNH", "CỤC THUẾ", "Số: 56/CT-CS", "V/v tiền thuê đất",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Hà Nội, ngày 01 tháng 12",
      "Kính gửi: Cục Thuế tỉnh Bình Minh.",
      "Cục Thuế nhận được công văn số 545 của Chi cục thuế về tiền thuê đất"]),
    ("a body line centred by chance on the left column, after the table's end",
     KINH_GUI_CENTRED,
     ["BỘ TÀI CHÍNH", "CỤC HẢI QUAN", "Số: 56/CHQ-GSQL", "V/v khai bổ sung", "hồ sơ hải quan",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "Độc lập - Tự do", "Hà Nội, ngày 25 tháng 11",
      "Kính gửi: Công ty A",
      "Trả lời công văn số 25 của Công ty A về việc khai bổ sung hồ sơ"]),
    ("cells that nearly touch are split between the columns", NEAR_CELLS,
     ["Nơi nhận:", "- Công ty TNHH Công nghệ Bình Minh Việt", "Nam;", "- Lưu: VT.",
      "TL. CỤC TRƯỞNG", "KT. TRƯỞNG BAN NGHIỆP VỤ THUẾ", "PHÓ TRƯỞNG BAN", "Nguyễn Thị Hương"]),
    ("a first row whose cells nearly touch joins the block opening below it", MERGED_TOP,
     ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH MINH", "Số: 12/QĐ-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Bình Minh, ngày 05 tháng 3", "QUYẾT ĐỊNH"]),
    ("a justified line above a signature block stays whole", JUSTIFIED_ABOVE,
     ["thực hiện các nhiệm vụ được giao", "này./.", "Nơi nhận:", "- Như trên;",
      "- Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn An"]),
    ("a table's cells written one after the other are still read as two columns",
     SIGNATURE_BY_CELL,
     RECIPIENTS + ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]),
    ("header read across is unfolded, left column first", HEADER,
     ["HỘI KHUYẾN HỌC", "QUẬN LONG BIÊN", "Số: 01/KH-HKH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "Long Biên, ngày 19 tháng 01 năm 2021", "KẾ HOẠCH",
      "Căn cứ Chỉ thị số 11/CT-TW ngày 13/4/2007 của Bộ Chính trị về tăng cường"]),
    ("right half emitted first by the extractor still comes after the left",
     [row(50, (300, "CỘNG HÒA XÃ HỘI")), row(50, (60, "ỦY BAN NHÂN DÂN")),
      row(66, (330, "Độc lập")), row(66, (60, "TỈNH AN GIANG")), row(100, (200, "KẾ HOẠCH"))],
     ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "CỘNG HÒA XÃ HỘI", "Độc lập", "KẾ HOẠCH"]),
    ("signature block: recipients list left, TM./title/name right",
     [row(284, (85, "Nơi nhận:")), row(286, (354, "TM. BAN THƯỜNG VỤ")),
      row(299, (85, "- TW Hội KHVN;")), row(301, (394, "CHỦ TỊCH")),
      row(312, (85, "- Bí thư Tỉnh ủy-Chủ tịch danh dự Hội;")),
      row(377, (85, "- BCĐ XD XHHT huyện, Thành phố;")),
      row(397, (384, "Vũ Mạnh Hiền")), row(416, (85, "- Lưu VT."))],
     ["Nơi nhận:", "- TW Hội KHVN;", "- Bí thư Tỉnh ủy-Chủ tịch danh dự Hội;",
      "- BCĐ XD XHHT huyện, Thành phố;", "- Lưu VT.", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH",
      "Vũ Mạnh Hiền"]),
    # negative rows: nothing to unfold
    ("a centred title after a header block is not pulled into a column",
     [row(50, (60, "ỦY BAN NHÂN DÂN"), (330, "CỘNG HÒA XÃ HỘI")),
      row(66, (70, "TỈNH AN GIANG"), (340, "Độc lập - Tự do")),
      row(90, (270, "KẾ HOẠCH")), row(110, (60, "Căn cứ Luật Tổ chức chính quyền địa phương"))],
     ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "CỘNG HÒA XÃ HỘI", "Độc lập - Tự do", "KẾ HOẠCH",
      "Căn cứ Luật Tổ chức chính quyền địa phương"]),
    ("body text keeps its order", [row(50, (60, "một hai ba")), row(66, (60, "bốn năm sáu"))],
     ["một hai ba", "bốn năm sáu"]),
    ("a single row with a gap is not a two-column block",
     [row(50, (60, "Trang")), row(50, (400, "12")), row(70, (60, "dòng sau"))],
     ["Trang 12", "dòng sau"]),
    ("table rows of many columns are left alone",
     [row(50, (40, "TT"), (120, "Nội dung"), (300, "Thời gian"), (450, "Chủ trì")),
      row(66, (40, "1"), (120, "Họp"), (300, "Quý I"), (450, "Hội"))],
     ["TT Nội dung Thời gian Chủ trì", "1 Họp Quý I Hội"]),
]


@pytest.mark.parametrize("name, lines, expected", LAYOUT_CASES, ids=[c[0] for c in LAYOUT_CASES])
def test_order_page(name, lines, expected):
    assert texts(order_page(lines, PAGE_WIDTH)) == expected


def test_split_segments_uses_gap_relative_to_height():
    segs = split_segments(row(0, (10, "a b"), (200, "c")))
    assert [[w.text for w in s] for s in segs] == [["a", "b"], ["c"]]
    assert len(split_segments(row(0, (10, "một câu bình thường")))) == 1


# -- sniffing and language -----------------------------------------------------------------

@pytest.mark.parametrize("head, media", [
    (b"%PDF-1.7\n", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n\x00", "image/png"),
    (b"\xff\xd8\xff\xe0", "image/jpeg"),
    (b"II*\x00", "image/tiff"),
    ("Kế hoạch số 01".encode(), "text/plain"),
    (tcvn3_bytes(), "text/plain"),
    (bytes(range(256)) * 4, "application/octet-stream"),  # negative: binary noise
])
def test_sniff(head, media):
    assert sniff(head) == media


@pytest.mark.parametrize("text, vietnamese", [
    ("Kế hoạch hoạt động của Hội Khuyến học quận Long Biên năm 2021", True),
    ("Annual report of the committee on the budget", False),
    ("Le comité a étudié le budget de l'année prochaine à Paris", False),
])
def test_vietnamese_share(text, vietnamese):
    assert (vietnamese_share(text) > 0.05) is vietnamese


# -- legacy encodings ----------------------------------------------------------------------

@pytest.mark.parametrize("data", [tcvn3_bytes(), vni_bytes()], ids=["tcvn3", "vni"])
def test_decode_legacy_bytes(data):
    assert fold(legacy.decode_legacy(data)) == fold(VIETNAMESE)


@pytest.mark.parametrize("surface", [TCVN3_SURFACE, VNI_SURFACE], ids=["tcvn3", "vni"])
def test_repair_mojibake(surface):
    assert legacy.looks_legacy(surface)
    assert fold(legacy.repair_legacy_text(surface)) == fold(VIETNAMESE)


@pytest.mark.parametrize("text", [
    VIETNAMESE,
    "Annual report, café résumé, § 3 ¶ 2",
    "Số: 01/KH-HKH ngày 19/01/2021 (50% kinh phí) © 2021",
])
def test_repair_leaves_good_text_alone(text):
    assert not legacy.looks_legacy(text)
    assert legacy.repair_legacy_text(text) == text


def test_plain_loader_reads_legacy_file(tmp_path):
    p = tmp_path / "old.txt"
    p.write_bytes(tcvn3_bytes() + b"\n" + "KÕ ho¹ch sè 01".encode("latin-1") * 20)
    loaded = load(p, ExtractOptions())
    assert fold(loaded.text.text.splitlines()[0]) == fold("Cộng hoà xã hội chủ nghĩa Việt Nam")
    assert "Kế hoạch số 01" in loaded.text.text


def _tcvn3(text: str) -> str:
    """``text`` as a .VnTime run holds it (capitals with marks have no TCVN3 code: the
    ".VnTimeH" fonts draw the lower-case codes as capitals)."""
    import unicodedata

    codes = {u: seq for seq, u in legacy._charmaps()["tcvn3"].pairs}
    return "".join(codes.get(c, c) for c in unicodedata.normalize("NFC", text))


def test_docx_runs_in_legacy_fonts_are_read_as_unicode(tmp_path):
    """An old DOCX typed in .VnTime / .VnTimeH (TCVN3): each run is converted by its font,
    the capitals font's runs in capitals; a line set in a legacy font by its style (no
    font on the run) is converted as mojibake; Unicode runs stay as they are."""
    import docx

    d = docx.Document()
    for text, font in [("ủy ban nhân dân tỉnh bình minh", ".VnTimeH"),
                       ("cộng hoà xã hội chủ nghĩa việt nam", ".VnTimeH"),
                       ("Độc lập - Tự do - Hạnh phúc", ".VnTime"),
                       ("Số: 12/KH-UBND", None),
                       ("Bình Minh, ngày 05 tháng 3 năm 2012", "Times New Roman"),
                       ("kế hoạch", ".VnTimeH"),
                       ("Triển khai công tác năm 2012", ".VnTime")]:
        run = d.add_paragraph().add_run(_tcvn3(text) if font and font.startswith(".Vn")
                                        else text)
        if font:
            run.font.name = font
    d.add_paragraph(_tcvn3("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"))
    path = tmp_path / "old.docx"
    d.save(str(path))
    lines = load(path, ExtractOptions()).text.text.splitlines()
    assert lines[:3] == ["ỦY BAN NHÂN DÂN TỈNH BÌNH MINH", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc"]
    assert lines[5:] == ["KẾ HOẠCH", "Triển khai công tác năm 2012",
                         "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;"]
    assert lines[4] == "Bình Minh, ngày 05 tháng 3 năm 2012"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_plain_loader_unicode_forms(tmp_path, encoding):
    p = tmp_path / "u.txt"
    p.write_bytes((VIETNAMESE + "\n") .encode(encoding))
    assert load(p, ExtractOptions()).text.text.startswith("Cộng hoà xã hội")


# -- PDF text layer --------------------------------------------------------------------------

def test_pdf_text_layer_lines_boxes_and_order():
    loaded = load(SAMPLES / "000_f68a9bf2efd8d56f.pdf", ExtractOptions(pages=(1, 1)))
    text = loaded.text
    assert loaded.text_source == "text_layer" and loaded.ocr is None and loaded.pages == 6
    first = [text.line_text(ln) for ln in text.lines[:6]]
    assert first[0] == "HỘI KHUYẾN HỌC" and first[3].startswith("CÔNG HOÀ XÃ HỘI")
    box = text.lines[0].words[0].bbox
    # PDF points, origin top-left: the first word sits near the top of an A4 page
    assert 0 < box[0] < box[2] < 595 and 0 < box[1] < box[3] < 120
    assert len(text.pages) == 1


def test_pdf_pages_option_out_of_range():
    with pytest.raises(UsageError, match="out of range"):
        load(SAMPLES / "003_dcb338039ec5c25a.pdf", ExtractOptions(pages=(9, 9)))


def test_pdf_ruled_table_rows_become_tab_lines():
    loaded = load(SAMPLES / "000_f68a9bf2efd8d56f.pdf", ExtractOptions())
    tab_lines = [loaded.text.line_text(ln) for ln in loaded.text.lines
                 if "\t" in loaded.text.line_text(ln)]
    assert loaded.text.tables and tab_lines
    assert tab_lines[0].split("\t")[0] == "TT"
    cell = loaded.text.tables[0].rows[0][1]
    assert loaded.text.text[cell.start:cell.end] == cell.text


def test_pdf_generated_text_layer(tmp_path):
    p = tmp_path / "kh.pdf"
    lines = ["Ke hoach so 01/KH-UBND ngay 19 thang 01 nam 2021 cua Uy ban nhan dan"] * 3
    p.write_bytes(minimal_pdf([lines, lines]))
    from vanban.extractor.loaders.pdf import load_pdf

    loaded = load_pdf(p, ExtractOptions(pages=(2, 2)))
    assert [pg.number for pg in loaded.text.pages] == [2]
    assert loaded.text.text.count("Ke hoach") == 3


# -- DOCX ---------------------------------------------------------------------------------

def _docx(tmp_path: Path) -> Path:
    import docx

    d = docx.Document()
    header = d.add_table(rows=1, cols=2)
    header.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ AN BÌNH"
    header.cell(0, 0).add_paragraph("Số: 12/KH-UBND")
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(0, 1).add_paragraph("An Bình, ngày 02 tháng 3 năm 2023")
    d.add_paragraph("KẾ HOẠCH")
    grid = d.add_table(rows=3, cols=3)
    for r, values in enumerate([("TT", "Nội dung", "Thời gian"), ("1", "Họp", "Quý I"),
                                ("2", "Tổng kết", "Quý IV")]):
        for c, v in enumerate(values):
            grid.cell(r, c).text = v
    d.add_paragraph("Nơi nhận:")
    p = tmp_path / "kh.docx"
    d.save(p)
    return p


def test_docx_reading_order_and_tables(tmp_path):
    loaded = load(_docx(tmp_path), ExtractOptions())
    lines = loaded.text.text.split("\n")
    assert lines[:5] == ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "Số: 12/KH-UBND",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "An Bình, ngày 02 tháng 3 năm 2023"]
    assert lines[5] == "KẾ HOẠCH"
    assert lines[6:9] == ["TT\tNội dung\tThời gian", "1\tHọp\tQuý I", "2\tTổng kết\tQuý IV"]
    assert lines[9] == "Nơi nhận:"
    assert loaded.text_source == "docx"
    assert [t.texts()[1] for t in loaded.text.tables] == [["1", "Họp", "Quý I"]]


def test_docx_seed_header_table_read_by_column():
    loaded = load(SAMPLES / "001_5534bf7f03225f13.docx", ExtractOptions())
    lines = [x for x in loaded.text.text.split("\n") if x.strip()]
    assert lines[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG PHÚC ĐỒNG"]
    assert lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") > lines.index("Số: 128/KH-UBND")


# -- OCR post-fixes ------------------------------------------------------------------------

def words(*lines: str) -> list[list[WordBox]]:
    return [[WordBox(t, (0, 0, 1, 1), 90.0) for t in line.split()] for line in lines]


OCRFIX_CASES = [
    (["Ðảng ủy 1⁄2"], ["Đảng ủy 1/2"]),
    (["ngày 15 thÁng 8 nĂm 2022"], ["ngày 15 tháng 8 năm 2022"]),
    (["Quý 11/2021", "Quý II1", "Quý 1V."], ["Quý II/2021", "Quý III", "Quý IV."]),
    (["hoàn thành trong Quý", "11/2021"], ["hoàn thành trong Quý", "II/2021"]),
    (["Số: 128/KH-", "UBND ngày 15"], ["Số: 128/KH-UBND", "ngày 15"]),
    (["Quyết định 489/QD-TTg"], ["Quyết định 489/QĐ-TTg"]),
    (["Quyết định 33/QĐ-T1g"], ["Quyết định 33/QĐ-TTg"]),
    (["Quyết định số 304/0Đ-UB ngày"], ["Quyết định số 304/QĐ-UB ngày"]),
    # a W in a code's part is a V read so (Vietnamese initials have no W), but not TW
    (["Tờ trình số 573/TTr-SNW ngày", "và 12-CT/TW"], ["Tờ trình số 573/TTr-SNV ngày", "và 12-CT/TW"]),
    (["~ Thường trực HĐND TP;", "~- UBND các quận;"], ["- Thường trực HĐND TP;", "- UBND các quận;"]),
    (["IH. Nội dung", "H. Thời gian", "Đại hội lần thứ XIH của Đảng"],
     ["III. Nội dung", "II. Thời gian", "Đại hội lần thứ XIII của Đảng"]),
    # negative rows: nothing to change
    (["có 11 trường, 1 lớp"], ["có 11 trường, 1 lớp"]),
    (["1. Mục đích", "II. Yêu cầu", "Sở VH. thông tin", "XL. khác"],
     ["1. Mục đích", "II. Yêu cầu", "Sở VH. thông tin", "XL. khác"]),
    (["Hướng dẫn 19/HD-HKH", "ĐẢNG ỦY VIỆT NAM"], ["Hướng dẫn 19/HD-HKH", "ĐẢNG ỦY VIỆT NAM"]),
    (["theo khuyến cáo WHO-UNICEF"], ["theo khuyến cáo WHO-UNICEF"]),  # no code: no repair
    (["giai đoạn 2020-", "2025 và số 11-", "Ban Bí thư"],
     ["giai đoạn 2020-", "2025 và số 11-", "Ban Bí thư"]),
]


@pytest.mark.parametrize("before, after", OCRFIX_CASES)
def test_fix_lines(before, after):
    fixed, repairs = fix_lines(words(*before))
    assert texts(fixed) == after
    assert bool(repairs) is (before != after)


def test_ocrfix_vocabulary_is_valid():
    vocab = vocabulary()
    assert vocab.chars["Ð"] == "Đ"
    assert set(vocab.quarter.values()) <= {"I", "II", "III", "IV"}
    # a symbol part is only put back from what OCR does to it: Đ read as D, a letter read as
    # a digit ("T1g" for "TTg"), the Q of QĐ read as 0 or O; never another word
    assert all(len(k) == len(v) and k != v and all(
        a == b or (a == "D" and b == "Đ") or (a in "01" and b in "OITl") or (a in "0O" and b == "Q")
        for a, b in zip(k, v)) for k, v in vocab.symbol_parts.items())
    assert "HD" not in vocab.symbol_parts  # Hướng dẫn is HD, never HĐ
    assert set(vocab.line_start.values()) == {"-"}


# -- OCR engine handling ---------------------------------------------------------------------

def test_engine_missing_tells_the_apt_command(monkeypatch):
    from vanban.extractor.loaders import ocr

    ocr.engine_version.cache_clear()
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    try:
        with pytest.raises(EngineMissingError, match="apt-get install -y tesseract-ocr"):
            ocr.engine_version()
    finally:
        ocr.engine_version.cache_clear()


def test_tesseract_env_limits_openmp():
    from vanban.extractor.loaders.ocr import _env

    assert _env()["OMP_THREAD_LIMIT"] == "1"


@pytest.mark.parametrize("angle", [1.5, -2.0, 0.0])
def test_estimate_skew_recovers_rotation(angle):
    from PIL import Image

    from vanban.extractor.loaders.preprocess import estimate_skew

    page = Image.open(SAMPLES / "003_dcb338039ec5c25a.page1.png").convert("L")
    page = page.resize((page.width // 2, page.height // 2))
    base = estimate_skew(page)
    tilted = page.rotate(angle, fillcolor=255, resample=Image.Resampling.BILINEAR)
    assert estimate_skew(tilted) == pytest.approx(base - angle, abs=0.25)


@pytest.mark.ocr
@pytest.mark.corpus
def test_ocr_header_crop_two_columns():
    from PIL import Image

    from vanban.extractor.loaders.image import load_image

    crop = Image.open(SAMPLES / "001_5534bf7f03225f13.page1.png").crop((0, 0, 2480, 800))
    buf = io.BytesIO()
    crop.save(buf, format="PNG", dpi=(300, 300))
    path = Path(__import__("tempfile").mkdtemp()) / "header.png"
    path.write_bytes(buf.getvalue())
    loaded = load_image(path, ExtractOptions(), "image/png")
    lines = [loaded.text.line_text(ln) for ln in loaded.text.lines]
    assert fold(lines[0]) == fold("ỦY BAN NHÂN DÂN")
    assert any(fold(x) == fold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") for x in lines)
    assert lines.index("Số: 128/KH-UBND") < next(
        i for i, x in enumerate(lines) if x.startswith("CỘNG"))
    assert loaded.ocr.engine.startswith("tesseract ") and loaded.ocr.mean_confidence > 80
    assert loaded.text.lines[0].words[0].conf is not None


@pytest.mark.ocr
def test_ocr_timeout_is_a_warning_not_a_crash():
    from PIL import Image

    from vanban.extractor.loaders.ocr import OcrSettings, ocr_image

    page = Image.open(SAMPLES / "003_dcb338039ec5c25a.page1.png")
    result = ocr_image(page, OcrSettings(dpi=300, timeout=0.05))
    assert result.timed_out and result.lines == [] and "timed out" in result.warnings[0]


@pytest.mark.parametrize("lines, expected", [
    ([row(20, (290, "3")), row(100, (60, "thực hiện Kết luận"))], ["thực hiện Kết luận"]),
    ([row(100, (60, "nội dung")), row(800, (280, "- 12 -"))], ["nội dung"]),
    ([row(20, (280, "Trang 2")), row(100, (60, "nội dung"))], ["nội dung"]),
    # negative rows: a number inside the page, or words in the margin, stay
    ([row(400, (60, "2025")), row(420, (60, "nội dung"))], ["2025", "nội dung"]),
    ([row(20, (60, "Số: 12")), row(100, (60, "nội dung"))], ["Số: 12", "nội dung"]),
])
def test_drop_page_numbers(lines, expected):
    from vanban.extractor.loaders.emit import drop_page_numbers

    assert texts(drop_page_numbers(lines, 842)) == expected


# -- images (no OCR: refused or out of range before any recognition) ---------------------

def test_image_size_limit_is_read_from_the_header(tmp_path):
    from vanban.extractor.errors import ImageTooLargeError
    from vanban.extractor.loaders.image import load_image
    from fixtures_loaders import png_header

    p = tmp_path / "big.png"
    p.write_bytes(png_header(3000, 3000))  # 9 MP: under Pillow's limit, over ours here
    with pytest.raises(ImageTooLargeError, match="3000×3000"):
        load_image(p, ExtractOptions(max_image_pixels=5_000_000), "image/png")


def test_tiff_pages_out_of_range(tmp_path):
    from PIL import Image

    from vanban.extractor.loaders.image import load_image

    p = tmp_path / "two.tif"
    frames = [Image.new("L", (40, 30), 255), Image.new("L", (40, 30), 0)]
    frames[0].save(p, save_all=True, append_images=frames[1:])
    with pytest.raises(UsageError, match="has 2 page"):
        load_image(p, ExtractOptions(pages=(3, 3)), "image/tiff")


def test_scanned_page_is_read_at_its_native_resolution():
    import pypdfium2 as pdfium

    from vanban.extractor.loaders.pdf import _page_objects, page_image

    doc = pdfium.PdfDocument(str(SAMPLES / "003_dcb338039ec5c25a.scan200-hard.pdf"))
    page = doc[0]
    rulings, images = _page_objects(page)
    image, dpi = page_image(page, images, 300)
    assert len(images) == 1 and rulings == 0
    assert image.mode == "L" and round(dpi) == 200 and image.width < 1700
    text_page = pdfium.PdfDocument(str(SAMPLES / "003_dcb338039ec5c25a.pdf"))[0]
    image, dpi = page_image(text_page, _page_objects(text_page)[1], 150)
    assert dpi == 150 and abs(image.width - text_page.get_size()[0] * 150 / 72) <= 1


@pytest.mark.ocr
def test_pdf_scanned_page_falls_back_to_ocr_mixed(tmp_path):
    from PIL import Image

    # page 2: the top of a real scan (A4 at 150 dpi: 1240 px wide), no text layer
    scan = Image.open(SAMPLES / "003_dcb338039ec5c25a.page1.png").convert("L")
    scan = scan.resize((1240, 1754)).crop((0, 0, 1240, 1754))
    blank_below = Image.new("L", (1240, 1754), 255)
    blank_below.paste(scan.crop((0, 0, 1240, 500)), (0, 0))
    p = tmp_path / "mixed.pdf"
    p.write_bytes(minimal_pdf([["Ke hoach so 228/KH-UBND ngay 23 thang 9 nam 2020"] * 5,
                               blank_below]))
    loaded = load(p, ExtractOptions(dpi=150))
    assert [pg.source for pg in loaded.text.pages] == ["text_layer", "ocr"]
    assert loaded.text_source == "mixed" and loaded.ocr.pages == [2]
    page2 = loaded.text.text.split("\f")[1]
    assert page2.startswith("Số: 228 /KH-UBND\nHải Phòng, ngày 23 tháng 9 năm 2020")
    ocr_line = next(ln for ln in loaded.text.lines if ln.page == 2)
    assert ocr_line.bbox[2] <= 595.5  # OCR boxes converted to PDF points


@pytest.mark.parametrize("body_has_header, expected_first", [
    (False, "ỦY BAN NHÂN DÂN TỈNH X"),  # header block only in the page header part: used
    (True, "Số: 5/KH-UBND"),            # negative: the body has it; the header part is not read
])
def test_docx_page_header_part_only_when_body_lacks_header(tmp_path, body_has_header,
                                                          expected_first):
    import docx

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "ỦY BAN NHÂN DÂN TỈNH X"
    if body_has_header:
        d.add_paragraph("Số: 5/KH-UBND")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Tổ chức Tuần lễ học tập suốt đời")
    p = tmp_path / "h.docx"
    d.save(p)
    lines = load(p, ExtractOptions()).text.text.split("\n")
    assert lines[0] == expected_first
    assert ("ỦY BAN NHÂN DÂN TỈNH X" in lines) is (not body_has_header)


@pytest.mark.parametrize("text, force, reason", [
    ("\n".join([VIETNAMESE] * 3), False, None),
    ("\n".join([TCVN3_SURFACE] * 3), False, "legacy"),  # .VnTime text layer: Latin-1 garbage
    ("Trang 2", False, "thin"),                          # a scan with a stamp's few glyphs
    ("\n".join([VIETNAMESE] * 3), True, "forced"),
])
def test_ocr_reason(text, force, reason):
    from vanban.extractor.loaders.pdf import ocr_reason

    lines = words(*text.split("\n"))
    assert ocr_reason(lines, ExtractOptions(force_ocr=force)) == reason


def test_pdf_text_layer_in_legacy_fonts_is_converted_by_each_words_font(tmp_path):
    """An old PDF typed in .VnTime / .VnTimeH / VNI-Times: its text layer holds the 8-bit
    codes as Latin-1 letters. Each word is converted by its font (the capitals font's into
    capitals), a word in another font is left as it is, and no page goes to OCR."""
    vni = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"  # VNI-Times: "Cộng hòa xã hội …"
    page = [(1, _tcvn3("ủy ban nhân dân tỉnh bình minh")), (2, vni),
            (0, _tcvn3("Độc lập - Tự do - Hạnh phúc")), (3, "So: 12/KH-UBND"),
            (0, _tcvn3("Bình Minh, ngày 05 tháng 3 năm 2012")), (1, _tcvn3("kế hoạch")),
            (0, _tcvn3("Triển khai công tác khuyến học năm 2012 trên địa bàn tỉnh"))]
    path = tmp_path / "old.pdf"
    path.write_bytes(minimal_pdf([page * 3],
                                 fonts=(".VnTime", "ABCDEF+.VnTimeH", "VNI-Times", "Helvetica")))
    loaded = load(path, ExtractOptions())
    lines = loaded.text.text.split("\n")
    assert lines[:7] == ["ỦY BAN NHÂN DÂN TỈNH BÌNH MINH", "Cộng hòa xã hội chủ nghĩa Việt Nam",
                         "Độc lập - Tự do - Hạnh phúc", "So: 12/KH-UBND",
                         "Bình Minh, ngày 05 tháng 3 năm 2012", "KẾ HOẠCH",
                         "Triển khai công tác khuyến học năm 2012 trên địa bàn tỉnh"]
    assert loaded.ocr is None and loaded.text_source == "text_layer"
    assert any("legacy-font text layer converted" in w for w in loaded.warnings)


def test_one_legacy_heading_on_a_page_typed_otherwise_is_converted(tmp_path):
    body = ["Can cu Luat To chuc chinh quyen dia phuong ngay 19 thang 6 nam 2015 va cac "
            "van ban huong dan thi hanh"] * 12
    path = tmp_path / "mixed.pdf"
    path.write_bytes(minimal_pdf([[(1, _tcvn3("kế hoạch"))] + body],
                                 fonts=("Helvetica", ".VnTimeH")))
    import pypdfium2 as pdfium

    from vanban.extractor.loaders.pdf import _legacy_letters, legacy_layer_lines, text_layer_lines

    doc = pdfium.PdfDocument(str(path))
    textpage = doc[0].get_textpage()
    try:
        lines = text_layer_lines(textpage, 842)
        joined = " ".join(w.text for line in lines for w in line)
        # far below the share that makes a whole page look legacy, yet its fonts are asked
        assert legacy.suspicious_share(joined) < legacy.SUSPICIOUS_WORD_SHARE
        assert _legacy_letters(lines)
        converted = legacy_layer_lines(textpage, 842)
        assert [w.text for w in converted[0]] == ["KẾ", "HOẠCH"]
        assert [w.text for w in converted[1]] == [w.text for w in lines[1]]
    finally:
        textpage.close()
        doc.close()


def test_legacy_mojibake_in_a_font_not_named_legacy_is_not_converted(tmp_path):
    # with no font to go by, which words are legacy is a guess: the page goes to OCR
    import pypdfium2 as pdfium

    from vanban.extractor.loaders.pdf import legacy_layer_lines

    path = tmp_path / "renamed.pdf"
    path.write_bytes(minimal_pdf([[_tcvn3("Triển khai công tác khuyến học năm 2012")] * 3]))
    doc = pdfium.PdfDocument(str(path))
    textpage = doc[0].get_textpage()
    try:
        assert legacy_layer_lines(textpage, 842) is None
    finally:
        textpage.close()
        doc.close()


@pytest.mark.ocr
def test_ocr_upside_down_page_is_turned():
    from PIL import Image

    from vanban.extractor.loaders.ocr import ocr_image

    page = Image.open(SAMPLES / "003_dcb338039ec5c25a.page1.png").convert("L")
    upside_down = page.crop((0, 0, page.width, page.height // 2)).rotate(180)
    result = ocr_image(upside_down)
    first = " ".join(w.text for w in result.lines[0])
    assert first == "Số: 228 /KH-UBND" and result.mean_conf > 85


def test_photo_exif_orientation_is_applied_before_ocr(tmp_path, monkeypatch):
    from PIL import Image

    from vanban.extractor.loaders import ocr
    from vanban.extractor.loaders.image import load_image

    seen = []

    def fake_tesseract(pgm, **kwargs):  # what tesseract is handed, and a one-line TSV
        seen.append(tuple(int(v) for v in pgm.split(b"\n")[1].split()))
        return ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop"
                "\twidth\theight\tconf\ttext\n"
                + "".join(f"5\t1\t1\t1\t1\t{i + 1}\t{10 + 60 * i}\t10\t50\t30\t95\t{w}\n"
                          for i, w in enumerate("Kế hoạch số 12".split())))

    monkeypatch.setattr(ocr, "run_tesseract_tsv", fake_tesseract)
    monkeypatch.setattr(ocr, "detect_rotation", lambda pgm, **kwargs: 0)
    monkeypatch.setattr(ocr, "engine_version", lambda: "tesseract test")
    upright = Image.new("L", (400, 100), 255)
    upright.paste(0, (10, 10, 200, 40))  # ink: a blank page would not be read
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: viewers turn it 90° clockwise
    p = tmp_path / "photo.jpg"
    upright.rotate(90, expand=True).save(p, exif=exif)
    loaded = load_image(p, ExtractOptions(), "image/jpeg")
    assert seen == [(400, 100)]
    assert loaded.text.text == "Kế hoạch số 12" and loaded.ocr.engine == "tesseract test"


@pytest.mark.parametrize("shaded", [True, False])
def test_flatten_background(shaded):
    import numpy as np
    from PIL import Image

    from vanban.extractor.loaders.preprocess import flatten_background

    yy, xx = np.mgrid[0:640, 0:960]
    paper = 240 - (130 * xx / 960 if shaded else 0 * xx)  # lit from the left, or evenly
    page = paper.copy()
    for top in range(40, 600, 40):                         # "text lines": dark strokes
        page[top:top + 6, 40:900] = paper[top:top + 6, 40:900] * 0.2
    image = Image.fromarray(page.astype(np.uint8))
    flat = np.asarray(flatten_background(image), dtype=float)
    if not shaded:
        assert flatten_background(image) is image
        return
    blank = flat[20:30, 40:900]                            # paper between lines
    assert blank.max() - blank.min() < 20 and blank.mean() > 230
    assert flat[40:46, 40:900].mean() < 70                 # strokes stay dark


def _turned_content_pdf(src: Path, dst: Path, pages: int = 1) -> Path:
    """A copy of ``src`` as some printers make landscape pages: each page's content
    turned 90° inside a landscape page, and ``/Rotate 270`` turning it back on screen."""
    import pypdfium2 as pdfium

    original = pdfium.PdfDocument(str(src))
    out = pdfium.PdfDocument.new()
    for index in range(pages):
        width, height = original[index].get_size()
        content = original.page_as_xobject(index, out).as_pageobject()
        content.transform(pdfium.PdfMatrix().rotate(90).translate(0, width))
        page = out.new_page(height, width)
        page.insert_obj(content)
        page.gen_content()
        page.set_rotation(270)
    out.save(str(dst))
    return dst


def test_sideways_text_layer_is_detected(tmp_path):
    import pypdfium2 as pdfium

    from vanban.extractor.loaders.pdf import text_runs_sideways

    src = SAMPLES / "003_dcb338039ec5c25a.pdf"
    if not src.exists():
        pytest.skip("shared samples not available")
    turned = _turned_content_pdf(src, tmp_path / "turned.pdf")
    rotate_only = pdfium.PdfDocument(str(src))
    rotate_only[0].set_rotation(90)  # the page is shown turned; its text runs across
    rotate_only.save(str(tmp_path / "rotate-only.pdf"))

    def sideways(path):
        return text_runs_sideways(pdfium.PdfDocument(str(path))[0].get_textpage())

    assert sideways(turned)
    assert not sideways(src) and not sideways(tmp_path / "rotate-only.pdf")


@pytest.mark.ocr
def test_sideways_page_is_read_by_ocr(tmp_path):
    src = SAMPLES / "003_dcb338039ec5c25a.pdf"
    if not src.exists():
        pytest.skip("shared samples not available")
    loaded = load(_turned_content_pdf(src, tmp_path / "turned.pdf"), ExtractOptions())
    assert loaded.text_source == "ocr" and "sideways" in loaded.warnings[0]
    assert loaded.text.text.startswith("Số: 228 /KH-UBND")
