"""bench/render_scans.py: synthetic scans of a plan's text (roles, pages, determinism)."""
from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("render_scans", ROOT / "bench" / "render_scans.py")
render_scans = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("render_scans", render_scans)  # dataclasses look their module up
_spec.loader.exec_module(render_scans)

needs_fonts = pytest.mark.skipif(not render_scans.fonts_available(),
                                 reason="DejaVu Serif fonts not installed")

TINY = """UBND TỈNH KHÁNH HÒA
SỞ GIÁO DỤC VÀ ĐÀO TẠO
Số: 12/KH-SGDĐT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Nha Trang, ngày 05 tháng 9 năm 2022
KẾ HOẠCH
Thử nghiệm kết xuất

Căn cứ Luật Giáo dục số 43/2019/QH14 ngày 14/6/2019;
STT\tNội dung\tThời gian
1\tViệc một\tTháng 9/2022

Nơi nhận:
- Như trên;
- Lưu: VT.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC

Trần Văn An
"""


def test_roles_of_a_plan():
    blocks = render_scans.parse_plan(TINY)
    kinds = [b.kind for b in blocks]
    assert kinds == ["header", "title", "para", "table", "closing"]
    header, title, _, table, closing = blocks
    assert header.left == ["UBND TỈNH KHÁNH HÒA", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
    assert header.right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.number == "Số: 12/KH-SGDĐT"
    assert header.place_date.startswith("Nha Trang, ngày 05")
    assert title.lines == ["KẾ HOẠCH", "Thử nghiệm kết xuất"]
    assert table.rows == [["STT", "Nội dung", "Thời gian"], ["1", "Việc một", "Tháng 9/2022"]]
    assert closing.left == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert closing.right == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert closing.signer_name == "Trần Văn An"


@pytest.mark.parametrize("text, kinds", [
    # no header at all: the body is not pulled up into one
    ("KẾ HOẠCH\nViệc A\n\nCăn cứ điều lệ;\n", ["title", "para"]),
    # a long first paragraph after a one-line type+title is body, not title
    ("KẾ HOẠCH CÔNG TÁC NĂM 2023\n\n" + "Căn cứ " + "x " * 120 + "\n", ["title", "para"]),
    # Nơi nhận with no signature after it (seed 004): the list alone is the closing, and
    # what follows is an appendix on a new page, its short first line a centred heading
    ("Nơi nhận:\n- A;\n- B.\nPhụ lục\n", ["closing", "pagebreak", "centre"]),
    # capitals after the list with no name and no TM./KT. are an appendix heading
    ("Nơi nhận:\n- A;\n\nBIỂU TIẾN ĐỘ\n\nTT\tViệc\tHạn\n1\tA\tB\n",
     ["closing", "pagebreak", "centre", "table"]),
    # one tab is not a table, and a "|" inside a sentence is not a row
    ("a\tb\n- TT Quận uỷ; | đê b/c\n", ["para", "para"]),
])
def test_roles_negative_rows(text, kinds):
    assert [b.kind for b in render_scans.parse_plan(text)] == kinds


def test_markdown_emphasis_dropped():
    assert render_scans.clean_line("Số: **01** /KH-HKH") == "Số: 01 /KH-HKH"
    assert render_scans.clean_line("số: 3.8779199. *✓*") == "số: 3.8779199. ✓"
    assert render_scans.clean_line("a * b * c") == "a * b * c"


def _pdf(text: str, variant: str, seed: int) -> bytes:
    images = render_scans.render_pages(text, variant, stem="tiny", seed=seed)
    buf = io.BytesIO()
    v = render_scans.VARIANTS[variant]
    render_scans.save_pdf(images, buf, v.dpi, v.jpeg_quality)
    return buf.getvalue()


@needs_fonts
@pytest.mark.parametrize("variant, size", [("scan300", (2480, 3508)), ("hard200", (1654, 2339))])
def test_pdf_pages_size_and_determinism(variant, size):
    import pypdfium2 as pdfium

    long_text = TINY.replace("Căn cứ Luật", "\n".join(["Đoạn văn " + "chữ " * 60] * 12) + "\nCăn cứ Luật")
    data = _pdf(long_text, variant, seed=7)
    pdf = pdfium.PdfDocument(data)
    pages = len(render_scans.layout(render_scans.parse_plan(long_text),
                                    render_scans.VARIANTS[variant].dpi))
    assert len(pdf) == pages >= 2
    for page in pdf:
        images = [o for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
        assert len(images) == 1
        assert images[0].get_bitmap().to_pil().size == size
        # the page is A4 in points: the image was saved at its own resolution
        w, h = page.get_size()
        assert abs(w - 595.3) < 1.0 and abs(h - 841.9) < 1.0
    assert _pdf(long_text, variant, seed=7) == data
    assert _pdf(long_text, variant, seed=8) != data


@needs_fonts
def test_clean_variant_is_untouched_white_paper():
    import numpy as np

    page = render_scans.render_pages(TINY, "clean300", stem="tiny")[0]
    arr = np.asarray(page)
    assert page.size == (2480, 3508) and arr.max() == 255
    assert (arr == 255).mean() > 0.9  # mostly blank paper, no noise


@needs_fonts
def test_artefact_variants():
    import numpy as np

    plain = render_scans.render_pages(TINY, "scan300", stem="tiny")
    # show-through: a blank back page (with the front faintly through it) after each page
    shown = render_scans.render_pages(TINY, "showthrough300", stem="tiny")
    assert len(shown) == 2 * len(plain)
    back = np.asarray(shown[1])
    assert back.min() > 150 and back.std() > 0.5
    # fax: black and white only (then the scan's noise is gone)
    faxed = np.asarray(render_scans.render_pages(TINY, "fax200", stem="tiny")[0])
    assert set(np.unique(faxed)) <= {0, 255}
    # photo: transparent corner, opaque page
    shot = render_scans.render_pages(TINY, "photo", stem="tiny")[0]
    assert shot.mode == "RGBA" and shot.getpixel((2, 2))[3] == 0
    assert shot.getpixel((shot.width // 2, shot.height // 2))[3] == 255


@needs_fonts
@pytest.mark.skipif(not render_scans.HAND_FONT.exists(),
                    reason="handwriting font not installed (fonts-dkg-handwriting)")
def test_handwritten_variant_writes_the_number_by_hand():
    import numpy as np

    printed = np.asarray(render_scans.render_pages(TINY, "clean300", stem="tiny")[0])
    blocks = render_scans.parse_plan(TINY)
    pages = []
    hand = render_scans.layout(blocks, 300, hand=True, into=pages)[0]
    assert hand.size == (printed.shape[1], printed.shape[0])
    assert (np.asarray(hand) != printed).any()  # the slots differ from print
    # the pen's grey (25), not the printer's black, is in the header
    assert (np.asarray(hand)[: hand.height // 4] == 25).any()
