"""The same header from text, DOCX and text-layer PDF (issue 9): documents laid out the way
real ones are made (bench/flat_doc.py: borderless two-column header and signature tables,
fpdf2 for the PDF), one failure class per test, each document written here."""
from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from vanban.extractor import extract

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("flat_doc", ROOT / "bench" / "flat_doc.py")
flat_doc = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("flat_doc", flat_doc)  # dataclasses look their module up
_spec.loader.exec_module(flat_doc)
Para, Layout = flat_doc.Para, flat_doc.Layout

pytest.importorskip("fpdf", reason="fpdf2 (the test extra) writes the PDFs")
needs_fonts = pytest.mark.skipif(
    not any((Path(folder) / f"{family}.ttf").is_file() for folder, family, _ in flat_doc.FONTS),
    reason="DejaVu Serif fonts not installed (fonts-dejavu-core)")


def paras(*lines: str, bold: bool = False, italic: bool = False) -> list[Para]:
    return [Para(x, bold=bold, italic=italic) for x in lines]


NATIONAL = (paras("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
            + paras("Độc lập - Tự do - Hạnh phúc"))
BODY = paras("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
             "Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị thực hiện nghiêm túc các nội "
             "dung sau đây và báo cáo kết quả trước ngày 30 tháng 12 năm 2025./.")
RECIPIENTS = paras("Nơi nhận:", bold=True, italic=True) + paras(
    *[f"- Cơ quan thứ {k} của tỉnh;" for k in range(1, 16)], "- Lưu: VT.")
SIGNATURE = (paras("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", bold=True)
             + paras("Nguyễn Văn Minh", bold=True))


def cong_van(addressee_row: bool = False) -> Layout:
    """A công văn: the V/v subject runs below the place-date beside it, "Kính gửi:" and its
    list start the body flush left (or as a two-cell row), the recipients list is longer
    than the signature."""
    addressees = paras("- Các sở, ban, ngành tỉnh;", "- Ủy ban nhân dân các xã, phường.")
    kinh_gui = paras("Kính gửi:", bold=True)
    return Layout(
        header=[(paras("ỦY BAN NHÂN DÂN", "TỈNH BÌNH MINH", bold=True), NATIONAL),
                (paras("Số: 4521/UBND-KT") + paras(
                    "V/v triển khai thực hiện kế hoạch chuyển đổi số và cải cách hành chính "
                    "năm 2026 trên địa bàn tỉnh", italic=True),
                 paras("Bình Minh, ngày 12 tháng 11 năm 2025", italic=True))],
        blocks=([(kinh_gui, addressees)] if addressee_row else kinh_gui + addressees)
        + BODY + [(RECIPIENTS, SIGNATURE)])


def decision(number_lines: tuple[str, ...] = ("Số: 1234/QĐ-UBND",),
             after: list[Para] = ()) -> Layout:
    return Layout(
        header=[(paras("ỦY BAN NHÂN DÂN", "TỈNH BÌNH MINH", bold=True), NATIONAL),
                (paras(*number_lines), paras("Bình Minh, ngày 05 tháng 3 năm 2025",
                                             italic=True))],
        blocks=paras("QUYẾT ĐỊNH", "Về việc công bố danh mục thủ tục hành chính", bold=True)
        + BODY + [(RECIPIENTS[:4], SIGNATURE)] + list(after))


def read(layout: Layout, fmt: str, tmp_path: Path):
    """``fmt``: pdf, docx, docx-tabs (the tables typed as tab-separated lines), pdf-tight
    (the header at 14 pt in a narrow left column)."""
    kind, _, variant = fmt.partition("-")
    path = tmp_path / f"doc.{kind}"
    if kind == "pdf":
        flat_doc.write_pdf(layout, path, tight=variant == "tight")
    else:
        flat_doc.write_docx(layout, path, tabs=variant == "tabs")
    return extract(path).document


FORMATS = ["pdf", "pdf-tight", "docx", "docx-tabs"]


@needs_fonts
@pytest.mark.parametrize("addressee_row", [False, True])
@pytest.mark.parametrize("fmt", FORMATS)
def test_cong_van_subject_below_the_date_and_recipients_by_cell(fmt, addressee_row, tmp_path):
    doc = read(cong_van(addressee_row), fmt, tmp_path)
    assert (doc.doc_type, doc.number, doc.symbol) == ("cong_van", "4521", "UBND-KT")
    assert doc.issue_date == date(2025, 11, 12)
    assert doc.title.startswith("triển khai thực hiện kế hoạch chuyển đổi số")
    assert doc.title.endswith("trên địa bàn tỉnh")
    assert doc.signer.name == "Nguyễn Văn Minh"


@needs_fonts
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_symbol_broken_after_its_hyphen(fmt, tmp_path):
    # a narrow column breaks a code after its hyphen; pdfium joins the two lines and
    # marks the hyphen U+FFFE
    doc = read(decision(("Số: 1234/QĐ-", "UBND")), fmt, tmp_path)
    assert (doc.number, doc.symbol) == ("1234", "QĐ-UBND")
    assert doc.issuer == "Ủy ban nhân dân tỉnh Bình Minh"


@needs_fonts
@pytest.mark.parametrize("fmt", FORMATS)
def test_annex_heading_right_under_the_signature(fmt, tmp_path):
    short = SIGNATURE[:-1] + paras("Lê Minh", bold=True)
    layout = decision()
    layout.blocks[-1] = (RECIPIENTS[:4], short)
    layout.blocks += paras("PHỤ LỤC", "DANH MỤC THỦ TỤC HÀNH CHÍNH", bold=True)
    doc = read(layout, fmt, tmp_path)
    assert doc.signer.name == "Lê Minh"


def test_flattened_web_text_is_read_back_as_tables():
    text = ("**ỦY BAN NHÂN\nDÂN**\nTỈNH BÌNH MINH\n-------\n|\n**CỘNG HÒA XÃ HỘI\n"
            "CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
            "Số:\n12/UBND-\nKT\n*V/v triển khai\nkế hoạch*\n|\n*Bình Minh, ngày 05\n"
            "tháng 3 năm 2025*\n|\n|\n**Kính gửi:**\n|\n- Các sở, ban,\nngành;\n- Các xã.\n|\n"
            "Thực hiện chỉ đạo của\ntỉnh, đề nghị các đơn vị\n"
            "Giám đốc các sở thực hiện./.\n|\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n|\n"
            "**KT. CHỦ TỊCH**\nPHÓ CHỦ TỊCH\nNguyễn Văn Minh\n")
    layout = flat_doc.read_layout(text)
    assert [[p.text for p in cell] for row in layout.header for cell in row] == [
        ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH MINH"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
        ["Số: 12/UBND-KT", "V/v triển khai kế hoạch"], ["Bình Minh, ngày 05 tháng 3 năm 2025"]]
    addressees = layout.blocks[0]
    assert flat_doc.is_addressee(addressees)
    assert [p.text for p in addressees[1]] == ["- Các sở, ban, ngành;", "- Các xã."]
    body = [b.text for b in layout.blocks if not isinstance(b, tuple)]
    # a wrapped sentence goes on in lower case; a capital after it starts a paragraph
    assert body == ["Thực hiện chỉ đạo của tỉnh, đề nghị các đơn vị",
                    "Giám đốc các sở thực hiện./."]
    left, right = layout.blocks[-1]
    assert [p.text for p in left] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert [p.text for p in right] == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Minh"]
