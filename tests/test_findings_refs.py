"""Planted defects: each REF_* code appears where it should, and nothing spurious does."""
from __future__ import annotations

from datetime import date

import pytest

from vanban.extractor import registry as reg_mod
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.findings import reference_findings
from vanban.extractor.parsers.header import HeaderInfo
from vanban.extractor.parsers.reference_checks import check_references
from vanban.extractor.parsers.references import parse_references
from vanban.extractor.registry import Registry, RegistryResolver
from vanban.extractor.text import Text
from vanban.models import Document


@pytest.fixture(scope="module")
def resolver(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("VANBAN_HOME", str(tmp_path_factory.mktemp("home")))
    yield RegistryResolver(Registry())
    mp.undo()


def codes(s: str, resolver, issue_date=date(2021, 3, 10)):
    ctx = ParseContext(issue_date=issue_date, year=issue_date.year if issue_date else None)
    text = Text.from_string(s)
    refs = resolver(parse_references(text, ctx))
    return sorted((f.code, f.ref) for f in check_references(refs, ctx))


# text, expected findings (code, ref) — exactly these and nothing else
PLANTED = [
    # a clean citation: nothing
    ("Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị;", []),
    ("Thực hiện Quyết định số 489/QĐ-TTg ngày 08/4/2020 của Thủ tướng Chính phủ.", []),
    # a wrong date for a well-known directive
    ("Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2017 của Bộ Chính trị;",
     [("REF_DATE_MISMATCH", "11-CT/TW")]),
    # a replaced decree cited after its expiry
    ("Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08/4/2004 của Chính phủ về công tác văn thư;",
     [("REF_NOT_IN_FORCE", "110/2004/NĐ-CP")]),
    # a replaced law cited by name and date
    ("Căn cứ Luật Giáo dục ngày 14 tháng 6 năm 2005;", [("REF_NOT_IN_FORCE", "38/2005/QH11")]),
    # a citation dated after the plan
    ("Thực hiện Thông tư số 25/2023/TT-BGDĐT ngày 27/12/2023 của Bộ Giáo dục và Đào tạo.",
     [("REF_CITES_FUTURE", "25/2023/TT-BGDĐT")]),
    # "ngày" with no date
    ("Tiếp tục thực hiện Chỉ thị 11-CT/TW ngày của Bộ Chính trị.",
     [("REF_DATE_MISSING", "11-CT/TW")]),
    # Party number written the state way
    ("Căn cứ Chỉ thị số 11/CT-TW ngày 13/4/2007 của Bộ Chính trị;",
     [("REF_NONSTANDARD_FORMAT", "11-CT/TW")]),
    # & in a symbol: one finding per reference however often it is cited
    ("Thực hiện Thông tư số 22/2020/TT-BGD&ĐT ngày 06/8/2020; theo Thông tư số "
     "22/2020/TT-BGD&ĐT.", [("REF_NONSTANDARD_FORMAT", "22/2020/TT-BGDĐT")]),
    # glued type and body
    ("Thực hiện kế hoạch 05/KHUB của UBND thành phố.",
     [("REF_NONSTANDARD_FORMAT", "05/KH-UBND"), ("REF_UNKNOWN", "05/KH-UBND")]),
    # a normative document without its year (filled from the registry)
    ("Thực hiện Thông tư 44/TT-BGDĐT của Bộ Giáo dục và Đào tạo.",
     [("REF_MISSING_YEAR", "44/2014/TT-BGDĐT")]),
    # a bare number resolved through the registry
    ("theo tinh thần Nghị quyết 29 của Ban Chấp hành Trung ương Đảng.",
     [("REF_MISSING_SYMBOL", "29-NQ/TW")]),
    # the named issuer is not the registry's
    ("Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2007 của Ban Bí thư;",
     [("REF_ISSUER_MISMATCH", "11-CT/TW")]),
    # ... nor the symbol's, for a document the registry does not know
    ("Thực hiện Kế hoạch số 12/KH-UBND ngày 01/02/2021 của Hội Khuyến học tỉnh.",
     [("REF_ISSUER_MISMATCH", "12/KH-UBND"), ("REF_UNKNOWN", "12/KH-UBND")]),
    # unknown to the registry: info only
    ("Thực hiện Hướng dẫn số 19/HD-HKH ngày 05/8/2020 của Hội Khuyến học quận.",
     [("REF_UNKNOWN", "19/HD-HKH")]),
    # an impossible date in a citation
    ("Thực hiện Quyết định số 489/QĐ-TTg ngày 31/02/2020 của Thủ tướng Chính phủ.",
     [("DATE_INVALID", "489/QĐ-TTg")]),
]


@pytest.mark.parametrize("text,expected", PLANTED, ids=[p[0][:50] for p in PLANTED])
def test_planted_defects(text, expected, resolver):
    assert codes(text, resolver) == sorted(expected)


def test_expired_document_only_mentioned_is_not_flagged(resolver):
    s = "Nghị định số 30/2020/NĐ-CP đã thay thế Nghị định số 110/2004/NĐ-CP ngày 08/4/2004."
    assert codes(s, resolver) == []


def test_before_expiry_is_in_force(resolver):
    s = "Căn cứ Nghị định số 110/2004/NĐ-CP ngày 08/4/2004 của Chính phủ;"
    assert codes(s, resolver, issue_date=date(2019, 5, 1)) == []


def test_without_resolver_no_registry_findings():
    ctx = ParseContext(issue_date=date(2021, 3, 10), year=2021)
    refs = parse_references(Text.from_string("Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2017;"), ctx)
    assert check_references(refs, ctx) == []


def test_findings_name_rule_and_point_at_the_mention(resolver):
    s = "Căn cứ Chỉ thị số 11/CT-TW ngày 13/4/2007 của Bộ Chính trị;"
    ctx = ParseContext(issue_date=date(2021, 3, 10), year=2021)
    text = Text.from_string(s)
    refs = resolver(parse_references(text, ctx))
    (f,) = reference_findings(refs, HeaderInfo(document=Document()), text, ctx)
    assert f.severity == "warning" and f.rule.startswith("HD 36-HD/VPTW")
    assert "11/CT-TW" in f.message and "11-CT/TW" in f.message
    a, b = f.provenance.span
    assert s[a:b].startswith("Chỉ thị số 11/CT-TW")


def test_not_in_force_with_or_without_an_expiry(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
    rows = tmp_path / "rows.jsonl"
    rows.write_text(
        '{"code": "7/2010/NĐ-CP", "doc_type": "nghi_dinh", "number": "7", "year": "2010", '
        '"symbol": "NĐ-CP", "status": "replaced", "replaced_by": "8/2020/NĐ-CP"}\n'
        '{"code": "9/2010/NĐ-CP", "doc_type": "nghi_dinh", "number": "9", "year": "2010", '
        '"symbol": "NĐ-CP", "status": "expired", "expiry_date": "2015-01-01"}\n',
        encoding="utf-8")
    registry = Registry()
    registry.import_file(rows)
    res = RegistryResolver(registry)
    # replaced, the date unknown: still reported, saying the date is unknown
    refs = res(parse_references(Text.from_string("Căn cứ Nghị định số 7/2010/NĐ-CP;"),
                                ParseContext(issue_date=date(2021, 3, 10), year=2021)))
    (f,) = check_references(refs, ParseContext(issue_date=date(2021, 3, 10), year=2021))
    assert f.code == "REF_NOT_IN_FORCE" and "không ghi ngày" in f.message
    assert f.severity == "warning"  # when it lapsed is unknown
    # ... but not by a document older than its replacement (8/2020: not replaced in 2019)
    assert codes("Căn cứ Nghị định số 7/2010/NĐ-CP;", res, issue_date=date(2019, 5, 1)) == []
    # in force as of the citing date: cited before the expiry, nothing
    assert codes("Căn cứ Nghị định số 9/2010/NĐ-CP;", res, issue_date=date(2014, 5, 1)) == []
    assert codes("Căn cứ Nghị định số 9/2010/NĐ-CP;", res) == [("REF_NOT_IN_FORCE", "9/2010/NĐ-CP")]
    # only the citing document's year is known
    ctx = ParseContext(year=2016)
    refs = res(parse_references(Text.from_string("Căn cứ Nghị định số 9/2010/NĐ-CP;"), ctx))
    assert [f.code for f in check_references(refs, ctx)] == ["REF_NOT_IN_FORCE"]


def test_cites_future_needs_the_issue_date(resolver):
    s = "Thực hiện Thông tư số 25/2023/TT-BGDĐT ngày 27/12/2023 của Bộ Giáo dục và Đào tạo."
    ctx = ParseContext(year=2023)  # a year read from the plan's title only
    refs = resolver(parse_references(Text.from_string(s), ctx))
    assert check_references(refs, ctx) == []


def test_issuer_of_an_official_letter_is_its_first_symbol_part(resolver):
    ok = "Thực hiện Công văn số 852/SGDĐT-GDTrH ngày 08/3/2021 của Sở Giáo dục và Đào tạo."
    bad = "Thực hiện Công văn số 852/SGDĐT-GDTrH ngày 08/3/2021 của Bộ Tài chính."
    assert codes(ok, resolver) == [("REF_UNKNOWN", "852/SGDĐT-GDTrH")]
    assert ("REF_ISSUER_MISMATCH", "852/SGDĐT-GDTrH") in codes(bad, resolver)


def test_nickname_after_the_full_citation_is_no_finding(resolver):
    s = ("Thực hiện Quyết định số 1373/QĐ-TTg ngày 30/7/2021 của Thủ tướng Chính phủ phê duyệt "
         "Đề án “Xây dựng xã hội học tập giai đoạn 2021 - 2030” (gọi tắt là Đề án 1373).")
    assert codes(s, resolver, issue_date=date(2022, 1, 5)) == []


def test_ocr_misreading_is_not_a_nonstandard_form(resolver):
    from vanban.extractor.text import TextBuilder

    b = TextBuilder()
    b.start_page(source="ocr")
    b.add_line("Thực hiện Kết luận số 49-KI/TW ngày 10/5/2019 của Ban Bí thư.")
    text = b.build()
    ctx = ParseContext(issue_date=date(2021, 3, 10), year=2021)
    refs = resolver(parse_references(text, ctx))
    assert refs[0].code == "49-KL/TW" and refs[0].mentions[0].provenance.repairs == ["KI -> KL"]
    assert check_references(refs, ctx) == []


def test_a_company_letters_own_numbering_is_not_held_against_the_citing_document(resolver):
    # NĐ 30/2020 governs the numbering of state bodies: a company's "1025-CVHQ" is its own
    company = ("Trả lời công văn số 1025-CVHQ ngày 10/10/2025 của Công ty TNHH Hoàng Minh về "
               "thủ tục hải quan.")
    assert not any(c == "REF_NONSTANDARD_FORMAT" for c, _ in codes(company, resolver,
                                                                    date(2025, 11, 21)))
    # the same writing of a state body's letter is still a finding
    state = "Trả lời công văn số 1025-STC ngày 10/10/2025 của Sở Tài chính về thủ tục."
    assert any(c == "REF_NONSTANDARD_FORMAT" for c, _ in codes(state, resolver, date(2025, 11, 21)))


def test_a_later_cited_date_on_a_scan_is_flagged_for_review_not_held_against_the_document():
    # "2018" read "2016" in the header (or the citation's figure misread): on OCR'd text
    # the conflict is a review flag on both dates; typed, it is REF_CITES_FUTURE
    from vanban.extractor.pipeline import extract_text
    from vanban.extractor.text import TextBuilder
    from vanban.models import Source

    lines = ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH MINH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
             "Độc lập - Tự do - Hạnh phúc", "Số: 08/CT-UBND", "Bình Minh, ngày 03 tháng 4 năm 2016",
             "CHỈ THỊ", "Về việc tăng cường quản lý",
             "1. Thực hiện Chỉ thị số 04/CT-UBND ngày 22/02/2018 của UBND tỉnh.",
             "Nơi nhận:", "- Lưu: VT.", "CHỦ TỊCH", "Trần Văn An"]
    for source in ("ocr", "plain_text"):
        b = TextBuilder()
        b.start_page(source=source)
        for line in lines:
            b.add_line(line)
        result = extract_text(b.build(), source=Source(file="ct.pdf", text_source=source))
        future = [f for f in result.findings if f.code == "REF_CITES_FUTURE"]
        review = result.document.review.get("issue_date")
        if source == "ocr":
            assert future == [] and review.needs_review
            assert [r.code for r in review.reasons] == ["contradiction"]
            assert result.references[0].review.needs_review
        else:
            assert len(future) == 1 and not (review and review.needs_review)


def test_a_scans_citation_date_other_than_the_registrys_is_flagged_not_a_finding(resolver):
    from vanban.extractor.parsers.findings import reference_findings
    from vanban.extractor.parsers.header import parse_header
    from vanban.extractor.text import TextBuilder

    s = "Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2017 của Bộ Chính trị;"
    ctx = ParseContext(issue_date=date(2021, 3, 10), year=2021)
    b = TextBuilder()
    b.start_page(source="ocr")
    b.add_line(s)
    text = b.build()
    refs = resolver(parse_references(text, ctx))
    assert reference_findings(refs, parse_header(text), text, ctx) == []
    assert [r.code for r in refs[0].review.reasons] == ["registry"]
    # typed, the same line is the writer's: REF_DATE_MISMATCH
    assert codes(s, resolver) == [("REF_DATE_MISMATCH", "11-CT/TW")]
