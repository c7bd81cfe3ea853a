"""Citations: table-driven rows (with negative rows), canonical codes, roles, issuers."""
from __future__ import annotations

from datetime import date

import pytest

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.references import (
    bodies, canonical_code, citation_facts, find_citations, issuers_compatible,
    normalise_issuer, parse_references, vocab,
)
from vanban.extractor.text import Text


def refs_of(s: str, ctx: ParseContext | None = None):
    return parse_references(Text.from_string(s), ctx or ParseContext())


# ---------------------------------------------------------------- canonical codes
# written, code, number, year, symbol, party, nonstandard?, repaired?
CODES = [
    ("11-CT/TW", "11-CT/TW", "11", None, "CT/TW", True, False, False),
    ("11/CT-TW", "11-CT/TW", "11", None, "CT/TW", True, True, False),
    ("35-CTr/TU", "35-CTr/TU", "35", None, "CTr/TU", True, False, False),
    ("03-HD/BTGTW", "03-HD/BTGTW", "03", None, "HD/BTGTW", True, False, False),
    ("36-HD/VPTW", "36-HD/VPTW", "36", None, "HD/VPTW", True, False, False),
    ("489/QĐ-TTg", "489/QĐ-TTg", "489", None, "QĐ-TTg", False, False, False),
    ("489-QĐ/TTg", "489/QĐ-TTg", "489", None, "QĐ-TTg", False, True, False),
    ("44/2014/TT-BGD&ĐT", "44/2014/TT-BGDĐT", "44", "2014", "TT-BGDĐT", False, True, False),
    ("44/TT-BGD&ĐT", "44/TT-BGDĐT", "44", None, "TT-BGDĐT", False, True, False),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "30", "2020", "NĐ-CP", False, False, False),
    ("43/2019/QH14", "43/2019/QH14", "43", "2019", "QH14", False, False, False),
    ("198/CTrHĐ-KHVN", "198/CTrHĐ-KHVN", "198", None, "CTrHĐ-KHVN", False, False, False),
    ("05/KHUB", "05/KH-UBND", "05", None, "KH-UBND", False, True, False),
    ("2088/SGDĐT-GDTrHTX", "2088/SGDĐT-GDTrHTX", "2088", None, "SGDĐT-GDTrHTX", False, False, False),
    # OCR damage: repaired, recorded, not blamed on the writer
    ("489/QD-TTg", "489/QĐ-TTg", "489", None, "QĐ-TTg", False, False, True),
    ("489/QĐ-TTG", "489/QĐ-TTg", "489", None, "QĐ-TTg", False, False, True),
    ("489/QĐ- TTg", "489/QĐ-TTg", "489", None, "QĐ-TTg", False, False, True),
    ("l1-CT/TW", "11-CT/TW", "11", None, "CT/TW", True, False, True),
    ("44/TT1-BGDĐT", "44/TT-BGDĐT", "44", None, "TT-BGDĐT", False, False, True),
    ("41/CTIrHĐ-HKH", "41/CTrHĐ-HKH", "41", None, "CTrHĐ-HKH", False, False, True),
    ("222/QĐĐ-KHVN", "222/QĐ-KHVN", "222", None, "QĐ-KHVN", False, False, True),
    ("15/2022NĐ-CP", "15/2022/NĐ-CP", "15", "2022", "NĐ-CP", False, False, True),
    ("43/2019/QHI4", "43/2019/QH14", "43", "2019", "QH14", False, False, True),
    ("43/2019QHI14", "43/2019/QH14", "43", "2019", "QH14", False, False, True),
    # "UB" on its own is any Ủy ban's: kept as written
    ("71/QĐ-UB", "71/QĐ-UB", "71", None, "QĐ-UB", False, False, False),
    # a body that merely contains a type abbreviation is left alone
    ("38/KH-HKH", "38/KH-HKH", "38", None, "KH-HKH", False, False, False),
]


@pytest.mark.parametrize("written,code,number,year,symbol,party,nonstd,repaired", CODES)
def test_canonical_code(written, code, number, year, symbol, party, nonstd, repaired):
    info = canonical_code(written)
    assert (info.code, info.number, info.year, info.symbol, info.party) == (
        code, number, year, symbol, party)
    assert bool(info.nonstandard) is nonstd, info.nonstandard
    assert bool(info.repairs) is repaired, info.repairs


def test_a_typed_code_missing_the_slash_after_its_year_is_non_standard():
    info = canonical_code("15/2022NĐ-CP", ocr=False)
    assert info.code == "15/2022/NĐ-CP" and info.nonstandard and not info.repairs
    # a typed "QHI4" is what the text says; OCR's look-alike figures are OCR's only
    assert canonical_code("43/2019/QHI4", ocr=False).code == "43/2019/QHI4"


@pytest.mark.parametrize("written", ["13/4/2007", "2020-2025", "3.8779199", "abc"])
def test_canonical_code_rejects_non_codes(written):
    assert canonical_code(written) is None


# ---------------------------------------------------------------- citations in text
# text, [(doc_type, number, code, date, issuer)] — an empty list is a negative row
ROWS = [
    ("Căn cứ Chỉ thị số 11/CT-TW ngày 13/4/2007 của Bộ Chính trị “Về tăng cường …”;",
     [("chi_thi", "11", "11-CT/TW", date(2007, 4, 13), "Bộ Chính trị")]),
    ("Thực hiện Quyết định số 489/QĐ-TTg ngày 08/4/2020 của Thủ tướng Chính phủ.",
     [("quyet_dinh", "489", "489/QĐ-TTg", date(2020, 4, 8), "Thủ tướng Chính phủ")]),
    ("theo Thông tư 44/2014/TT-BGD&ĐT của Bộ GD&ĐT",
     [("thong_tu", "44", "44/2014/TT-BGDĐT", None, "Bộ Giáo dục và Đào tạo")]),
    ("Căn cứ Chương trình hành động số 198/CTrHĐ-KHVN ngày 29 tháng 7 năm 2021 của Trung ương "
     "Hội Khuyến học Việt Nam về việc thực hiện", [
         ("chuong_trinh_hanh_dong", "198", "198/CTrHĐ-KHVN", date(2021, 7, 29),
          "Trung ương Hội Khuyến học Việt Nam")]),
    ("Thực hiện Kế hoạch số 05/KHUB của UBND TP.",
     [("ke_hoach", "05", "05/KH-UBND", None, "Ủy ban nhân dân thành phố")]),
    ("Thực hiện Chương trình số 35-CTr/TU ngày 15/01/2014 của Ban Thường vụ Tỉnh ủy",
     [("chuong_trinh", "35", "35-CTr/TU", date(2014, 1, 15), "Ban Thường vụ Tỉnh ủy")]),
    ("Thực hiện Công văn số 2088/SGDĐT-GDTrHTX ngày 12/9/2022 của Sở Giáo dục và Đào tạo",
     [("cong_van", "2088", "2088/SGDĐT-GDTrHTX", date(2022, 9, 12), "Sở Giáo dục và Đào tạo")]),
    # glued "ngày22/5/2013", citation introduced only by "Thực hiện"
    ("Thực hiện Công văn số 3428/BGDĐT-GDTX ngày22/5/2013 của Bộ Giáo dục và Đào tạo",
     [("cong_van", "3428", "3428/BGDĐT-GDTX", date(2013, 5, 22), "Bộ Giáo dục và Đào tạo")]),
    # issuer named before: "đề nghị của X tại Tờ trình số …"
    ("Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 10/3/2023.",
     [("to_trinh", "45", "45/TTr-SNV", date(2023, 3, 10), "Giám đốc Sở Nội vụ")]),
    ("Theo đề nghị của Trưởng phòng Nội vụ tại Tờ trình số 38a/TTr-PNV ngày 02/3/2023",
     [("to_trinh", "38a", "38a/TTr-PNV", date(2023, 3, 2), "Trưởng phòng Nội vụ")]),
    # "số" glued to the number
    ("Căn cứ Chỉ thị số11-CT/TW ngày 13/4/2007", [("chi_thi", "11", "11-CT/TW", date(2007, 4, 13), None)]),
    # a symbol wrapped onto the next line after its hyphen
    ("thực hiện Kế hoạch số 177/KH-\nUBND ngày 01/12/2013 của UBND phường",
     [("ke_hoach", "177", "177/KH-UBND", date(2013, 12, 1), "Ủy ban nhân dân phường")]),
    # OCR'd "số", "ngày", "của"
    ("Căn cứ Chỉ thị sổ 11-CT/TW ngảy 13/4/2007 cùa Bộ Chính trị;",
     [("chi_thi", "11", "11-CT/TW", date(2007, 4, 13), "Bộ Chính trị")]),
    # dates in other shapes
    ("theo Quyết định số 489/QĐ-TTg (ngày 08/4/2020) của Thủ tướng Chính phủ",
     [("quyet_dinh", "489", "489/QĐ-TTg", date(2020, 4, 8), "Thủ tướng Chính phủ")]),
    ("theo Quyết định số 489/QĐ-TTg, ngày 8-4-2020", [("quyet_dinh", "489", "489/QĐ-TTg", date(2020, 4, 8), None)]),
    # the symbol's type wins over a less specific word; a dotted unit in a symbol
    ("Thực hiện Thông báo kết luận số 123-TB/TU ngày 5/5/2021 của Ban Thường vụ Tỉnh ủy",
     [("thong_bao", "123", "123-TB/TU", date(2021, 5, 5), "Ban Thường vụ Tỉnh ủy")]),
    ("theo văn bản số 12/KH-UBND", [("ke_hoach", "12", "12/KH-UBND", None, None)]),
    ("Căn cứ Quy định số 105-QĐ/TW ngày 19/12/2017 của Ban Chấp hành Trung ương",
     [("quy_dinh", "105", "105-QĐ/TW", date(2017, 12, 19), "Ban Chấp hành Trung ương")]),
    ("Xét Tờ trình số 08/TTr-HKH.VP ngày 2/3/2023 của Hội Khuyến học.",
     [("to_trinh", "08", "08/TTr-HKH.VP", date(2023, 3, 2), "Hội Khuyến học")]),
    # a bare number after a type word
    ("tổ chức thực hiện tốt Chương trình 387 về “Đẩy mạnh phong trào học tập suốt đời”",
     [("chuong_trinh", "387", None, None, None)]),
    ("nội dung 02 Chương trình 387 và Chương trình 677.",
     [("chuong_trinh", "387", None, None, None), ("chuong_trinh", "677", None, None, None)]),
    ("theo tinh thần Nghị quyết 29 của BCH Trung ương Đảng về đổi mới",
     [("nghi_quyet", "29", None, None, "Ban Chấp hành Trung ương Đảng")]),
    # a law cited by name and date
    ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
     [("luat", None, None, date(2015, 6, 19), None)]),
    ("Căn cứ Luật Giáo dục số 43/2019/QH14;", [("luat", "43", "43/2019/QH14", None, None)]),
    # a code alone whose symbol names its type
    ("triển khai theo 489/QĐ-TTg và 11-CT/TW", [
        ("quyet_dinh", "489", "489/QĐ-TTg", None, None), ("chi_thi", "11", "11-CT/TW", None, None)]),
    # upper-case title line
    ("THỰC HIỆN CHỈ THỊ SỐ 11-CT/TW CỦA BỘ CHÍNH TRỊ",
     [("chi_thi", "11", "11-CT/TW", None, "BỘ CHÍNH TRỊ")]),
    # ---- negative rows: nothing here is a citation
    ("liên hệ qua điện thoại số: 3.8779199.", []),
    ("Long Biên, ngày 19 tháng 01 năm 2021", []),
    ("trước ngày 05/02/2021 và Quý I/2021", []),
    ("TT\tNội dung\n1\tXây dựng kế hoạch\n2\tTổ chức thực hiện", []),
    ("Điều 3. Quyết định này có hiệu lực", []),
    ("phấn đấu 70% hộ gia đình; 50.000 đồng/người/năm", []),
    ("Xây dựng Kế hoạch năm 2021; Kế hoạch 2021 của Hội", []),
    ("Thực hiện Kế hoạch 5 năm, Chương trình 2 lớp học", []),
    ("Chương trình 1.000 ngày đầu đời; Đề án 2,5 tỷ đồng", []),
    ("báo cáo Hội Khuyến học Quận theo quy định\n\n6. Các Tiểu ban", []),
    ("II. NỘI DUNG KẾ HOẠCH\n\n1. Mục tiêu", []),
    ("Số: 01/KH-HKH", []),
    ("Sô: 01/KH-HKH", []),  # OCR of the header's number line
    ("Địa chỉ: số 5/12A Trần Phú; lớp 12/A1", []),
    ("(Kèm theo Kế hoạch số 01/KH-HKH ngày 19 tháng 01 năm 2021)", []),
    ("KÈM THEO KẾ HOẠCH SỐ 01/KH-HKH", []),
    ("Quy chế thi ban hành kèm theo Thông tư số 15/2020/TT-BGDĐT",
     [("thong_tu", "15", "15/2020/TT-BGDĐT", None, None)]),
    ("Thực hiện Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", []),
]


@pytest.mark.parametrize("text,expected", ROWS, ids=[r[0][:40] for r in ROWS])
def test_citations_table(text, expected):
    got = [(r.doc_type, r.number, r.code, r.date, r.issuer) for r in refs_of(text)]
    assert got == expected


def test_one_code_one_reference_whatever_the_type_word():
    refs = refs_of("Thực hiện Chương trình hành động số 35-CTr/TU; Chương trình số 35-CTr/TU.")
    assert [(r.doc_type, r.code, len(r.mentions)) for r in refs] == [
        ("chuong_trinh_hanh_dong", "35-CTr/TU", 2)]


def test_bare_number_joins_the_full_citation():
    refs = refs_of("Thực hiện Quyết định số 1373/QĐ-TTg ngày 30/7/2021 phê duyệt Đề án “Xây "
                   "dựng xã hội học tập” (gọi tắt là Đề án 1373); Nghị quyết 29 và Nghị quyết "
                   "số 29-NQ/TW.")
    assert [(r.code, len(r.mentions)) for r in refs] == [("1373/QĐ-TTg", 2), ("29-NQ/TW", 2)]


def test_own_number_is_not_a_reference():
    ctx = ParseContext(number="128", symbol="KH-UBND")
    assert refs_of("Tổ chức thực hiện Kế hoạch số 128/KH-UBND của UBND phường.", ctx) == []
    assert len(refs_of("Tổ chức thực hiện Kế hoạch số 127/KH-UBND của UBND phường.", ctx)) == 1


def test_one_reference_per_document_every_place_a_mention():
    s = ("Căn cứ Chỉ thị số 11/CT-TW ngày 13/4/2007 của Bộ Chính trị;\n"
         "Tiếp tục thực hiện Chỉ thị 11-CT/TW ngày của Bộ Chính trị.\n"
         "Thông tư 44/TT-BGD&ĐT và Thông tư 44/2014/TT-BGD&ĐT.")
    refs = refs_of(s)
    assert [r.code for r in refs] == ["11-CT/TW", "44/2014/TT-BGDĐT"]
    ct = refs[0]
    assert [m.role for m in ct.mentions] == ["basis", "implements"]
    first = ct.mentions[0].provenance
    assert first.page == 1 and s[first.span[0]:first.span[1]] == "Chỉ thị số 11/CT-TW ngày 13/4/2007"
    assert first.rule.startswith("HD 36-HD/VPTW")
    assert ct.date == date(2007, 4, 13)


def test_ocr_repairs_are_recorded_in_provenance():
    (ref,) = refs_of("Thực hiện Quyết định số 489/QD- TTG ngày 08/4/2020")
    assert ref.code == "489/QĐ-TTg"
    assert "QD -> QĐ" in ref.mentions[0].provenance.repairs
    (ref,) = refs_of("Căn cứ Chỉ thị số l1-CT/TW ngày 13/4/2007")
    assert ref.code == "11-CT/TW" and ref.mentions[0].provenance.repairs == ["l1 -> 11"]


ROLES = [
    # a sentence "Căn cứ A; B và C" gives all three the basis role
    ("Căn cứ Quyết định số 489/QĐ-TTg; Quyết định số 281/QĐ-TTg và Thông tư số "
     "22/2020/TT-BGDĐT;", ["basis", "basis", "basis"]),
    ("Thực hiện Hướng dẫn số 19/HD-HKH ngày 05/8/2022.", ["implements"]),
    ("Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.", ["basis"]),
    ("Phối hợp triển khai Kế hoạch số 211/KH-UBND.", ["implements"]),
    ("Đẩy mạnh phong trào theo Quyết định số 281/QĐ-TTg.", ["implements"]),
    ("Tổng kết, đánh giá kết quả thực hiện Quyết định số 89/QĐ-TTg.", ["mentioned"]),
    # a citation inside another's description is only mentioned
    ("Thực hiện Quyết định số 489/QĐ-TTg ngày 08/4/2020 của Thủ tướng Chính phủ ban hành Kế "
     "hoạch thực hiện Kết luận số 49-KL/TW ngày 10/5/2019 của Ban Bí thư.",
     ["implements", "mentioned"]),
    # "Kế hoạch thực hiện Chỉ thị …" names another document
    ("Xây dựng kế hoạch thực hiện Chỉ thị 11-CT/TW.", ["mentioned"]),
    ("Tuyên truyền về Chỉ thị số 11-CT/TW.", ["mentioned"]),
]


@pytest.mark.parametrize("text,roles", ROLES, ids=[r[0][:40] for r in ROLES])
def test_roles(text, roles):
    assert [c.role for c in find_citations(text)] == roles


def test_issuer_of_an_outer_document_is_not_taken():
    s = ("Thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007 Bộ Chính trị, Chương trình hành động "
         "thực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007 của Thành ủy Hà Nội.")
    cits = find_citations(s)
    assert [c.issuer for c in cits] == ["Bộ Chính trị", None]


@pytest.mark.parametrize("written,expected", [
    ("BCH Trung ương Đảng", "Ban Chấp hành Trung ương Đảng"),
    ("Bộ GD&ĐT", "Bộ Giáo dục và Đào tạo"),
    ("UBND phường Phúc Đồng-", "Ủy ban nhân dân phường Phúc Đồng"),
    ("Uỷ ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Hội KH quận Long Biên", "Hội Khuyến học quận Long Biên"),
    ("Sở KH&ĐT tỉnh", "Sở Kế hoạch và Đầu tư tỉnh"),
    ("UBND TP. Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
])
def test_normalise_issuer(written, expected):
    assert normalise_issuer(written) == expected


@pytest.mark.parametrize("written,names,ok", [
    ("Ban Bí thư Trung ương Đảng", ["Ban Bí thư (khóa XII)"], True),
    ("Bộ Chính trị khóa X", ["Bộ Chính trị (khóa X)"], True),
    ("Hội nghị Trung ương 8 khóa XI", ["Ban Chấp hành Trung ương Đảng"], True),
    ("UBND tỉnh Thái Bình", ["Ủy ban nhân dân"], True),
    ("Ban Bí thư", ["Bộ Chính trị (khóa X)"], False),
    ("Bộ Tài chính", ["Bộ Giáo dục và Đào tạo"], False),
])
def test_issuers_compatible(written, names, ok):
    assert issuers_compatible(written, names) is ok


@pytest.mark.parametrize("as_written,field,value", [
    ("Chỉ thị 11/CT-TW ngày", "date_missing", True),
    ("Chỉ thị số 11-CT/TW ngày 13/4/2007", "date_missing", False),
    ("Thông tư 44/TT-BGD&ĐT", "missing_year", True),
    ("Thông tư 44/2014/TT-BGDĐT", "missing_year", False),
    ("Nghị định 30/NĐ-CP", "missing_year", True),
    ("Quyết định số 489/QĐ-TTg", "missing_year", False),  # not a normative document
    ("Nghị quyết số 35/NQ-CP", "missing_year", False),  # a Government resolution
    ("Nghị quyết số 12/NQ-HĐND", "missing_year", True),  # a People's Council resolution
    ("Chương trình 387", "missing_symbol", True),
    ("Quyết định số 489/QĐ-TTg ngày 31/02/2020", "date_invalid", True),
    ("Quyết định số 489/QĐ-TTg ngay từ đầu năm", "date_missing", False),
    ("Chỉ thị sổ 11/CT-TW ngảy 13/4/2007", "date_missing", False),
])
def test_citation_facts(as_written, field, value):
    assert getattr(citation_facts(as_written), field) is value


def test_vocabularies_are_valid():
    v = vocab()
    assert {r for _, r in v.cues} == {"basis", "implements", "mentioned"}
    assert ("Thông tư liên tịch", "thong_tu_lien_tich") in v.type_words
    abbrs = [b.abbr for b in bodies()]
    assert len(abbrs) == len(set(abbrs)) and all("&" not in a for a in abbrs)
    assert {b.abbr for b in bodies() if b.party} >= {"TW", "TU", "HU", "QU", "ĐU"}
    assert all(b.name and b.name[0].isupper() for b in bodies())
    from vanban.models.result import DOC_TYPES

    assert v.normative_always <= set(DOC_TYPES)
    assert all(a in DOC_TYPES and b in DOC_TYPES for a, b in v.word_over_symbol)
    assert all(slug in DOC_TYPES for _, slug in v.type_words)
    assert v.issuer_heads and v.issuer_stops and v.number_followers


def test_doctests():
    import doctest

    import importlib

    for name in ("vocab", "patterns", "codes", "issuers", "citation", "find", "tail", "group",
                 "facts", "checks"):
        module = importlib.import_module(f"vanban.extractor.parsers.references.{name}")
        assert doctest.testmod(module).failed == 0, name


@pytest.mark.parametrize("wrapped,issuer", [(True, "Ủy ban nhân dân thành phố"), (False, "Ủy ban")])
def test_issuer_over_a_wrapped_line(wrapped, issuer):
    s = "triển khai Kế hoạch số 211/KH-UBND ngày 20/8/2020 của Ủy ban\nnhân dân thành phố thực hiện"
    assert [c.issuer for c in find_citations(s, wrapped=wrapped)] == [issuer]


def test_wrapped_issuer_stops_at_a_new_sentence():
    s = "Căn cứ Quyết định số 489/QĐ-TTg của Thủ tướng Chính phủ\nHội Khuyến học xây dựng"
    assert [c.issuer for c in find_citations(s, wrapped=True)] == ["Thủ tướng Chính phủ"]


@pytest.mark.parametrize("text,title", [
    ("Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2007 của Bộ Chính trị “Về tăng cường sự lãnh đạo”;",
     "Về tăng cường sự lãnh đạo"),
    ("Căn cứ Quyết định số 281/QĐ-TTg của Thủ tướng Chính phủ phê duyệt Đề án “Đẩy mạnh học "
     "tập trong gia đình, dòng họ”, gắn với", "Phê duyệt Đề án “Đẩy mạnh học tập trong gia đình, dòng họ”"),
    ("Thực hiện Hướng dẫn số 19/HD-HKH ngày 05/8/2022 của Hội Khuyến học quận về Tổ chức Ngày "
     "Hội khuyến học năm 2022.", "Tổ chức Ngày Hội khuyến học năm 2022"),
    ("theo Thông tư 44/2014/TT-BGDĐT của Bộ Giáo dục và Đào tạo (trong đó", None),
])
def test_titles(text, title):
    assert [c.title for c in find_citations(text)] == [title]


@pytest.mark.parametrize("text,code,repaired", [
    ("theo Thông tư 44/2014/ET1-BGD&ĐT của Bộ", "44/2014/TT-BGDĐT", True),
    ("Chương trình hành động số 41/CIrHĐ-HKH ngày 10/6/2022", "41/CTrHĐ-HKH", True),
    ("Kế hoạch số 5/KHPH-UBND", "5/KHPH-UBND", False),  # a real variant, not a misreading
    ("Kế hoạch số 12/QĐ-UBND", "12/QĐ-UBND", False),  # a known type is never replaced
])
def test_ocr_type_part_repaired_from_the_type_word(text, code, repaired):
    (c,) = find_citations(text, ocr=True)
    assert c.info.code == code and bool(c.repairs) is repaired
    (plain,) = find_citations(text)  # born-digital text is taken as written
    assert plain.repairs == [] or not repaired


def test_issuer_named_before_the_citation_over_a_line_end():
    # "xét đề nghị của <position> <body> tại Tờ trình số …": the body may wrap
    s = ("xét đề nghị của Giám đốc Sở Văn hóa, Thể thao và\nDu lịch tại Tờ trình số "
         "3298/TTr-SVHTTDL ngày 17/12/2024 về việc xin chủ trương")
    assert [c.issuer for c in find_citations(s, wrapped=True)] == [
        "Giám đốc Sở Văn hóa, Thể thao và Du lịch"]
    # a bracket is no part of it: "của Chính phủ (được sửa đổi, bổ" / "sung tại Nghị định …"
    s = ("Nghị định số 23/2024/NĐ-CP của Chính phủ (được sửa đổi, bổ\nsung tại Nghị định số "
         "115/2024/NĐ-CP ngày 16/9/2024)")
    assert [c.issuer for c in find_citations(s, wrapped=True)][1] != "Chính phủ (được sửa đổi, bổ sung"
    # of several "của … tại" the last is the citation's
    s = ("Căn cứ chỉ đạo của Bộ Chính trị tại thông báo số 99-TB/TW ngày 21/11/2025, của\n"
         "Ban Bí thư tại văn bản số 213-KL/TW ngày 21/11/2025")
    assert [c.issuer for c in find_citations(s, wrapped=True)] == ["Bộ Chính trị", "Ban Bí thư"]


def test_a_verb_after_the_date_is_no_issuer():
    # "… ngày 19/02/2021 Ban hành Quy định …": "Ban" opens "ban hành", not a body
    s = "Căn cứ Quyết định số 79/QĐ-UBND ngày\n19/02/2021 Ban hành Quy định về quản lý ngân sách"
    assert [c.issuer for c in find_citations(s, wrapped=True)] == [None]


def test_same_day_is_the_date_of_every_listed_citation():
    s = ("thu hồi đất tại Quyết định số 406/QĐ-UBND và số 407/QĐ-UBND cùng ngày 13/12/2024; "
         "Quyết định số 12/QĐ-UBND và Quyết định số 13/QĐ-UBND ngày 05/01/2025")
    got = [(c.number, c.date) for c in find_citations(s)]
    assert got == [("406", date(2024, 12, 13)), ("407", date(2024, 12, 13)), ("12", None),
                   ("13", date(2025, 1, 5))]


def test_a_lists_opening_names_the_issuer_of_its_items():
    s = ("Căn cứ các Quyết định của UBND tỉnh: Số 79/QĐ-UBND ngày 19/02/2021 về quản lý, số "
         "657/QĐ-UBND ngày 13/7/2023 về việc sửa đổi;\nCăn cứ Quyết định số 12/QĐ-UBND ngày "
         "01/01/2024;")
    assert [c.issuer for c in find_citations(s)] == ["Ủy ban nhân dân tỉnh"] * 2 + [None]


def test_a_typed_code_keeps_its_bodys_own_abbreviation():
    # "KHH" (Khánh Hòa) typed is no stuttered "KH": only OCR's stutters are put right
    s = "công văn số 2249/KHH-NVDTPC ngày 10/10/2025 của Thuế tỉnh Khánh Hòa"
    assert [c.info.code for c in find_citations(s)] == ["2249/KHH-NVDTPC"]
    assert [c.info.code for c in find_citations("Quyết định số 12/QĐĐ-UBND", ocr=True)] == [
        "12/QĐ-UBND"]


def test_an_ocr_letter_keeps_a_first_part_that_reads_like_a_stuttered_type():
    # an official letter has no type part: under "Công văn", "TTT" (a body's initials)
    # is no stuttered "TT" (Thông tư); a decision's "QĐĐ" still is one
    s = "tại Công văn số 315/TTT-VP ngày 02/3/2024 của Thanh tra tỉnh"
    (c,) = find_citations(s, ocr=True)
    assert (c.info.code, c.doc_type) == ("315/TTT-VP", "cong_van")
    (d,) = find_citations("theo Văn bản số 12/QĐĐ-UBND ngày 02/3/2024", ocr=True)
    assert d.info.code == "12/QĐ-UBND"


def test_a_symbols_own_ub_part_is_kept_as_written():
    # "UB" is any Ủy ban's: on its own it stays as written, glued to a type it is UBND's
    s = ("Căn cứ Quyết định số 71/QĐ-UB ngày 03/8/2011 của Ủy ban Quốc gia Phòng chống "
         "lụt bão; Công văn số 9/UB ngày 05/8/2011")
    assert [(c.info.code, c.info.body, c.info.nonstandard) for c in find_citations(s)] == [
        ("71/QĐ-UB", "UB", ()), ("9/UB", "UB", ())]
    assert find_citations("kế hoạch 07/KHUB của UBND huyện")[0].info.code == "07/KH-UBND"


def test_a_citation_whose_year_lost_its_slash_is_found():
    s = "Căn cứ Nghị định số 15/2022NĐ-CP ngày 28/01/2022 của Chính phủ; Luật Đất đai số 31/2024QHI15"
    assert [(c.info.code, c.date) for c in find_citations(s, ocr=True)] == [
        ("15/2022/NĐ-CP", date(2022, 1, 28)), ("31/2024/QH15", None)]


def test_ocr_losing_a_numbers_first_figure_joins_the_whole_number_of_the_same_day():
    s = ("Căn cứ Quyết định số 2/2021/QĐ-TTg ngày 24/3/2021 của Thủ tướng Chính phủ;\n"
         "Thực hiện Quyết định số 12/2021/QĐ-TTg ngày 24/3/2021; Quyết định số 2/2021/QĐ-TTg "
         "ngày 05/01/2021")
    text = Text.from_string(s)
    text.pages[0].source = "ocr"
    refs = parse_references(text, ParseContext())
    assert [(r.code, len(r.mentions)) for r in refs] == [
        ("12/2021/QĐ-TTg", 2), ("2/2021/QĐ-TTg", 1)]
    # typed text says what it says
    assert len(parse_references(Text.from_string(s), ParseContext())) == 2


def test_an_issuer_named_before_a_list_after_tai_reaches_its_numbered_items():
    s = ("Xét đề nghị của Giám đốc Sở Xây dựng tại Đơn xin giao đất\nngày 02/3/2024, Tờ trình "
         "số 51/TTr-SXD ngày 02/3/2024 và số\n57/TTr-SXD ngày 05/3/2024; theo đề nghị của Sở "
         "Tư pháp tại Tờ trình số 12/TTr-STP ngày 01/02/2024, Quyết định số 5/QĐ-UBND ngày "
         "03/02/2024")
    assert [(c.info.code, c.issuer) for c in find_citations(s, wrapped=True)] == [
        ("51/TTr-SXD", "Giám đốc Sở Xây dựng"), ("57/TTr-SXD", "Giám đốc Sở Xây dựng"),
        ("12/TTr-STP", "Sở Tư pháp"), ("5/QĐ-UBND", None)]
