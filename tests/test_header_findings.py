"""Header findings (MISSING_*, NATIONAL_TITLE_MISSPELLED, SELF_REFERENCE_MISMATCH): each
code raised on a document that has the problem and not on one that does not."""
from __future__ import annotations

import pytest

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.findings import header_findings
from vanban.extractor.parsers.header import parse_header
from vanban.extractor.text import Text

GOOD = """ỦY BAN NHÂN DÂN
PHƯỜNG PHÚC ĐỒNG
Số: 128/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phúc Đồng, ngày 15 tháng 8 năm 2022
KẾ HOẠCH
Tổ chức Ngày hội khuyến học năm 2022
Căn cứ Quyết định số 281/QĐ-TTg ngày 20/02/2014 của Thủ tướng Chính phủ;
Nội dung.
Nơi nhận:
- Hội Khuyến học Quận;
- Lưu: VT, HKH(25).
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Khắc Nam
"""


def codes(s: str) -> list[str]:
    text = Text.from_string(s)
    return sorted(f.code for f in header_findings(parse_header(text), text, ParseContext()))


def test_a_complete_header_has_no_finding():
    assert codes(GOOD) == []


@pytest.mark.parametrize("old, new, code", [
    ("Số: 128/KH-UBND\n", "", "MISSING_NUMBER"),
    ("Số: 128/KH-UBND", "Số:      /KH-UBND", "MISSING_NUMBER"),
    ("Phúc Đồng, ngày 15 tháng 8 năm 2022\n", "", "MISSING_ISSUE_DATE"),
    ("Phúc Đồng, ngày 15 tháng 8 năm 2022", "Phúc Đồng, ngày    tháng    năm 2022",
     "MISSING_ISSUE_DATE"),
    ("ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚC ĐỒNG\n", "", "MISSING_ISSUER"),
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Khắc Nam\n", "", "MISSING_SIGNER"),
    ("Nơi nhận:\n- Hội Khuyến học Quận;\n- Lưu: VT, HKH(25).\n", "", "MISSING_RECIPIENTS"),
    ("CỘNG HÒA XÃ HỘI", "CÔNG HÒA XÃ HỘI", "NATIONAL_TITLE_MISSPELLED"),
    ("Độc lập - Tự do - Hạnh phúc", "Độc lập - Tư do - Hạnh phúc", "NATIONAL_TITLE_MISSPELLED"),
])
def test_each_code_fires_on_its_problem(old, new, code):
    assert old in GOOD
    assert codes(GOOD.replace(old, new)) == [code]


@pytest.mark.parametrize("old, new", [
    ("CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI"),  # old tone placement is not a misspelling
    ("Độc lập - Tự do - Hạnh phúc", "Độc lập – Tự do – Hạnh phúc"),  # en dashes
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n", ""),  # absent
    ("Nơi nhận:", "Noi nhận:"),  # OCR-damaged heading still found
])
def test_no_finding_for_accepted_variants(old, new):
    assert codes(GOOD.replace(old, new)) == []


APPENDIX = "\nBIỂU TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH\n({})\nTT\tNội dung\n1\tViệc\n"


@pytest.mark.parametrize("caption, expected", [
    ("Kèm theo Kế hoạch số 128/KH-UBND ngày 15 tháng 8 năm 2022 của UBND phường", []),
    ("Kèm theo Kế hoạch số: 128/KH-UBND ngày 15/8/2022", []),
    ("Kèm theo Kế hoạch số 128/KH-UBND", []),  # no date written: nothing to compare
    ("Kèm theo Kế hoạch số 128/KH-UBND ngày 15 tháng 8 năm 2020 của UBND phường",
     ["SELF_REFERENCE_MISMATCH"]),
    ("Kèm theo Kế hoạch số 182/KH-UBND ngày 15/8/2022", ["SELF_REFERENCE_MISMATCH"]),
    ("Kèm theo Kế hoạch số 128/KH-HKH ngày 15/8/2022", ["SELF_REFERENCE_MISMATCH"]),
])
def test_self_reference(caption, expected):
    assert codes(GOOD + APPENDIX.format(caption)) == expected


def test_self_reference_message_names_both_dates():
    text = Text.from_string(GOOD + APPENDIX.format(
        "Kèm theo Kế hoạch số 128/KH-UBND ngày 15 tháng 8 năm 2020 của UBND phường"))
    (finding,) = header_findings(parse_header(text), text, ParseContext())
    assert "15 tháng 8 năm 2020" in finding.message and "15/8/2022" in finding.message
    assert finding.severity == "warning"
    a, b = finding.provenance.span
    assert text.text[a:b].startswith("Kèm theo Kế hoạch số 128/KH-UBND")


@pytest.mark.parametrize("tail, expected", [
    # the text stops mid-sentence (a first page alone): end matter cannot be judged
    ("Các đơn vị tổ chức thực hiện và những", []),
    # a complete text without end matter
    ("Các đơn vị tổ chức thực hiện./.", ["MISSING_RECIPIENTS", "MISSING_SIGNER"]),
])
def test_cut_off_text_has_no_end_matter_findings(tail, expected):
    head = GOOD.split("Nơi nhận:")[0]
    assert codes(head + tail + "\n") == expected


@pytest.mark.parametrize("source, caveat", [("ocr", True), ("plain_text", False)])
def test_misspelling_read_by_ocr_says_so(source, caveat):
    from vanban.extractor.parsers.findings import OCR_CAVEAT

    text = Text.from_string(GOOD.replace("Tự do", "Tư do"), source=source)
    [finding] = header_findings(parse_header(text), text, ParseContext())
    assert finding.code == "NATIONAL_TITLE_MISSPELLED"
    assert finding.message.endswith(OCR_CAVEAT) == caveat
