"""A MISSING_* finding states a fact about the document: made only when the header was
read and shows no trace of the part (the finding quotes what was read); a part that is
written but not parsed, or blank on a scan, is a review flag instead."""
from __future__ import annotations

import pytest

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.findings import garbled_issuer, header_evidence, header_findings
from vanban.extractor.parsers.header import HeaderInfo, parse_header
from vanban.extractor.text import Text
from vanban.models import Document

BODY = """KẾ HOẠCH
Tổ chức Ngày hội khuyến học năm 2022
Căn cứ Quyết định số 281/QĐ-TTg ngày 20/02/2014 của Thủ tướng Chính phủ;
Nội dung.
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Khắc Nam
"""


def run(header_text: str, source: str = "plain_text", header: HeaderInfo | None = None):
    text = Text.from_string(header_text + BODY, source=source)
    info = header or parse_header(text)
    found = header_findings(info, text, ParseContext())
    return {f.code: f for f in found}, info.document.review


def blank_header() -> HeaderInfo:
    """What a header parser that read nothing returns."""
    return HeaderInfo(document=Document())


def test_number_under_so_line_is_not_missing():
    # a flattened two-column header: "Số:" and the figure on separate lines
    head = "ỦY BAN NHÂN DÂN\nTỈNH AN BÌNH\n|\nSố:\n79/2025/KH-UBND\n|\nAn Bình, ngày 3 tháng 12 năm 2025\n"
    found, review = run(head, header=blank_header())
    assert "MISSING_NUMBER" not in found and "MISSING_ISSUE_DATE" not in found
    assert "MISSING_ISSUER" not in found
    assert review["number"].reasons[0].code == "not_found"
    assert "79/2025/KH-UBND" in review["number"].reasons[0].message
    assert "ngày 3 tháng 12 năm 2025" in review["issue_date"].reasons[0].message


def test_date_wrapped_over_two_lines_is_evidence():
    head = "ỦY BAN NHÂN DÂN\nSố: 5/KH-UBND\n*Hà Nam, ngày 03\ntháng 12 năm 2025*\n"
    found, review = run(head, header=blank_header())
    assert "MISSING_ISSUE_DATE" not in found and "issue_date" in review


@pytest.mark.parametrize("head,code", [
    ("ỦY BAN NHÂN DÂN\nSố: 5/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "MISSING_ISSUE_DATE"),
    ("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nAn Bình, ngày 3 tháng 12 năm 2025\n",
     "MISSING_NUMBER"),
    ("Số: 5/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nAn Bình, ngày 3 tháng 12 năm 2025\n",
     "MISSING_ISSUER"),
])
def test_truly_absent_part_is_an_error_quoting_the_header(head, code):
    found, review = run(head)
    assert code in found and found[code].severity == "error"
    assert "phần đầu đọc được: “" in found[code].message
    # with the parser reading nothing, the same evidence decides
    found, _ = run(head, header=blank_header())
    assert code in found


@pytest.mark.parametrize("date_line", [
    "An Bình, ngày    tháng    năm 2022",
    # the day alone left blank, the month and year typed
    "An Bình, ngày     tháng 3 năm 2022",
])
def test_blank_date_on_a_scan_is_a_review_not_an_error(date_line):
    head = f"ỦY BAN NHÂN DÂN\nSố: 5/KH-UBND\n{date_line}\n"
    found, review = run(head, source="ocr")
    assert "MISSING_ISSUE_DATE" not in found and "viết tay" in review["issue_date"].reasons[0].message
    found, _ = run(head)  # born-digital: the date is not written
    assert "MISSING_ISSUE_DATE" in found


def test_header_not_read_is_never_an_error():
    info = blank_header()
    found = {f.code for f in header_findings(info, Text.from_string(""), ParseContext())}
    assert not {"MISSING_NUMBER", "MISSING_ISSUE_DATE", "MISSING_ISSUER"} & found
    assert {"number", "issue_date", "issuer"} <= set(info.document.review)


def test_parser_record_of_an_unread_header_is_honoured():
    info = blank_header()
    info.header_read = False  # what the rewritten header parser records
    found, review = run("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", header=info)
    assert not {"MISSING_NUMBER", "MISSING_ISSUE_DATE", "MISSING_ISSUER"} & set(found)
    assert {"number", "issue_date", "issuer"} <= set(review)


def test_signature_block_not_parsed_is_a_review():
    text = Text.from_string("ỦY BAN NHÂN DÂN\nSố: 5/KH-UBND\nAn Bình, ngày 3 tháng 12 năm 2025\n"
                            "KẾ HOẠCH\nNội dung.\nTM. ỦY BAN NHÂN DÂN\n")
    info = parse_header(text)
    info.document.signer = None
    found = {f.code for f in header_findings(info, text, ParseContext())}
    assert "MISSING_SIGNER" not in found and "signer" in info.document.review


@pytest.mark.parametrize("issuer,garbled", [
    ("Hội chủ nghĩa Việt Nam", True),
    ("Sở Giáo dục và Đào tạo cộng hòa xã hội chủ nghĩa Việt Nam", True),
    ("Sở Giáo dục và Đào tạo tỉnh Khánh H", True),
    ("Ủy ban nhân dân tỉnh Khánh Hòa", False),
    ("Hội Khuyến học tỉnh", False),
    ("Trường Tiểu học Lý Thường Kiệt", False),
])
def test_garbled_issuer(issuer, garbled):
    assert (garbled_issuer(issuer) is not None) is garbled


def test_garbled_issuer_is_flagged_not_accepted():
    text = Text.from_string("ỦY BAN NHÂN DÂN\nSố: 5/KH-UBND\nAn Bình, ngày 3 tháng 12 năm 2025\n" + BODY)
    info = parse_header(text)
    info.document.issuer = "Hội chủ nghĩa Việt Nam"
    header_findings(info, text, ParseContext())
    assert info.document.review["issuer"].reasons[-1].code == "garbled"


def test_evidence_zone_stops_at_the_body():
    ev = header_evidence(Text.from_string("Số: 1/KH-UB\nCăn cứ Luật Giáo dục ngày 14 tháng 6 năm 2019;\n"))
    assert ev.date is None and ev.number and ev.issuer is None


def test_national_title_wrapped_is_not_misspelled():
    from vanban.extractor.parsers.header import PhraseCheck

    s = "ỦY BAN NHÂN DÂN\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM**\nSố: 5/KH-UBND\n"
    text = Text.from_string(s + "An Bình, ngày 3 tháng 12 năm 2025\n" + BODY)
    info = parse_header(text)
    a = s.index("CỘNG")
    info.national_title = PhraseCheck("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", (a, a + 25), True)
    assert "NATIONAL_TITLE_MISSPELLED" not in {
        f.code for f in header_findings(info, text, ParseContext())}
    info.national_title = PhraseCheck("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                      "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA", (a, a + 25), True)
    assert "NATIONAL_TITLE_MISSPELLED" in {
        f.code for f in header_findings(info, text, ParseContext())}


def test_caption_naming_a_cited_decision_is_no_self_reference():
    from datetime import date as _date

    from vanban.extractor.parsers.header import SelfReference
    from vanban.models import Reference

    text = Text.from_string("ỦY BAN NHÂN DÂN\nSố: 5/QĐ-UBND\nAn Bình, ngày 3 tháng 12 năm 2025\n"
                            + BODY)
    info = parse_header(text)
    info.document.number, info.document.symbol = "5", "QĐ-UBND"
    caption = SelfReference.__dataclass_fields__
    kw = {"as_written": "kèm theo Quyết định số 13/QĐ-UBND ngày 18/6/2025", "number": "13",
          "symbol": "QĐ-UBND", "date": _date(2025, 6, 18), "span": (0, 5)}
    kw = {k: v for k, v in kw.items() if k in caption}
    info.self_references = [SelfReference(**kw), SelfReference(**kw)]
    found = [f.code for f in header_findings(info, text, ParseContext())]
    assert found.count("SELF_REFERENCE_MISMATCH") == 1  # one finding for a repeated caption
    cited = [Reference(doc_type="quyet_dinh", number="13", code="13/QĐ-UBND")]
    found = [f.code for f in header_findings(info, text, ParseContext(), cited)]
    assert "SELF_REFERENCE_MISMATCH" not in found
