"""Header parser: table-driven cases with negative rows, on small synthetic documents
written the way Vietnamese administrative documents are (and the way loaders hand them
over: columns one after the other, or read across one line)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil
from datetime import date

import pytest

import vanban.extractor.parsers.header as header_mod
from vanban.extractor.parsers.header import parse_header, recase
from vanban.extractor.text import Text

HEADER_MODULES = [header_mod.__name__] + [
    f"{header_mod.__name__}.{m.name}" for m in pkgutil.iter_modules(header_mod.__path__)]

HEAD = """ỦY BAN NHÂN DÂN
PHƯỜNG PHÚC ĐỒNG
Số: 128/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phúc Đồng, ngày 15 tháng 8 năm 2022
KẾ HOẠCH
Tổ chức Ngày hội khuyến học năm 2022
Căn cứ Quyết định số 281/QĐ-TTg ngày 20/02/2014 của Thủ tướng Chính phủ;
I. MỤC ĐÍCH
Nội dung.
"""

TAIL = """
Nơi nhận:
- Hội Khuyến học Quận;
- Phòng GD&ĐT Quận;
- Lưu: VT, HKH(25).
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Khắc Nam
"""


def doc_of(s: str, source: str = "plain_text"):
    return parse_header(Text.from_string(s, source=source)).document


def info_of(s: str):
    return parse_header(Text.from_string(s))


def test_doctests():
    for name in HEADER_MODULES:
        result = doctest.testmod(importlib.import_module(name))
        assert result.failed == 0, name
    # the helpers with examples (skeleton, is_syllable, recase, clean_symbol, _emails) ran
    assert sum(doctest.testmod(importlib.import_module(n)).attempted
               for n in HEADER_MODULES) >= 8


def test_full_header():
    doc = doc_of(HEAD + TAIL)
    assert (doc.doc_type, doc.doc_type_label) == ("ke_hoach", "Kế hoạch")
    assert (doc.number, doc.symbol, doc.code) == ("128", "KH-UBND", "128/KH-UBND")
    assert doc.issuer == "Ủy ban nhân dân phường Phúc Đồng"
    assert doc.issuer_parent is None
    assert (doc.place, doc.issue_date) == ("Phúc Đồng", date(2022, 8, 15))
    assert doc.title == "Tổ chức Ngày hội khuyến học năm 2022"
    assert (doc.period.start, doc.period.end) == (date(2022, 1, 1), date(2022, 12, 31))
    assert doc.signer.name == "Lê Khắc Nam"
    assert doc.signer.position == "Phó Chủ tịch"
    assert doc.signer.authority == "TM. Ủy ban nhân dân; KT. Chủ tịch"
    assert doc.recipients == ["Hội Khuyến học Quận", "Phòng GD&ĐT Quận", "Lưu: VT, HKH"]


def test_every_field_has_provenance_pointing_at_its_text():
    text = Text.from_string(HEAD + TAIL)
    doc = parse_header(text).document
    for name in ("doc_type", "number", "symbol", "issuer", "place", "issue_date", "title",
                 "period", "signer", "recipients"):
        prov = doc.provenance[name]
        assert prov.page == 1 and prov.span[0] < prov.span[1], name
        assert not prov.inferred
    a, b = doc.provenance["number"].span
    assert text.text[a:b] == "128"
    a, b = doc.provenance["issuer"].span
    assert text.text[a:b] == "ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚC ĐỒNG"
    a, b = doc.provenance["place"].span
    assert text.text[a:b] == "Phúc Đồng"


@pytest.mark.parametrize("line, number, symbol, code", [
    ("Số: 01/KH-HKH", "01", "KH-HKH", "01/KH-HKH"),
    ("Số: **01** /KH-HKH", "01", "KH-HKH", "01/KH-HKH"),
    ("S6: 12/QĐ-UBND", "12", "QĐ-UBND", "12/QĐ-UBND"),
    ("Sô: 05 /KH- UBND", "05", "KH-UBND", "05/KH-UBND"),
    ("Số: 30/2020/NĐ-CP", "30", "NĐ-CP", "30/2020/NĐ-CP"),
    ("Số 11-CT/TW", "11", "CT/TW", "11-CT/TW"),
    ("Số: 198/CTrHĐ-KHVN", "198", "CTrHĐ-KHVN", "198/CTrHĐ-KHVN"),
    ("Số:      /KH-UBND", None, "KH-UBND", None),
    ("Số: 0l/KH-HKH", "01", "KH-HKH", "01/KH-HKH"),  # OCR: l for 1
    ("Số: 1O5 /QĐ-UBND", "105", "QĐ-UBND", "105/QĐ-UBND"),
    # a typographic dash or hyphen is a hyphen; a dot may join two parts
    ("Số: 123/QĐ–UBND", "123", "QĐ-UBND", "123/QĐ-UBND"),
    ("Số 12–NQ/TU", "12", "NQ/TU", "12-NQ/TU"),
    ("Số: 45/UBND\u2010VP", "45", "UBND-VP", "45/UBND-VP"),
    ("Số: 838/CCTKV.XII-NV", "838", "CCTKV.XII-NV", "838/CCTKV.XII-NV"),
    # negative rows
    ("Số điện thoại: 0912 345 678", None, None, None),
    ("Số lượng: 50/100 người", None, None, None),
    ("Sở Giáo dục và Đào tạo", None, None, None),
])
def test_number_line(line, number, symbol, code):
    doc = doc_of(f"HỘI KHUYẾN HỌC TỈNH\n{line}\nKẾ HOẠCH\nCông tác năm 2023\n")
    assert (doc.number, doc.symbol, doc.code) == (number, symbol, code)


@pytest.mark.parametrize("line, place, issued", [
    ("Long Biên, ngày 19 tháng 01 năm 2021", "Long Biên", date(2021, 1, 19)),
    ("Hải Phòng, ngày **23** tháng 9 năm 2020", "Hải Phòng", date(2020, 9, 23)),
    ("Số: 01 /KH-HKH Long Biên, ngày 19 tháng 01 năm 2021", "Long Biên", date(2021, 1, 19)),
    ("TP. Hồ Chí Minh, ngày 05 tháng 3 năm 2022", "TP. Hồ Chí Minh", date(2022, 3, 5)),
    ("Khánh Hoà, ngày l9 tháng O1 năm 2021", "Khánh Hoà", date(2021, 1, 19)),  # OCR digits
    ("Hà Nội, ngày 05/9/2022", "Hà Nội", date(2022, 9, 5)),
    ("Thái Bình, ngàv 10 thảng 01 nãm 2023", "Thái Bình", date(2023, 1, 10)),  # OCR
    ("Hà Nội, ngày      tháng     năm 2021", "Hà Nội", None),  # left blank to fill by hand
    ("Thành phố Hồ Chí Minh, ngày 05 tháng 3\nnăm 2022", "Thành phố Hồ Chí Minh", date(2022, 3, 5)),
    # negative rows
    ("Điện thoại: 024.3876 5432", None, None),
    ("Số: 01/KH-HKH", None, None),
    ("Hà Nội, 2021", None, None),
])
def test_place_and_date(line, place, issued):
    doc = doc_of(f"HỘI KHUYẾN HỌC\n{line}\nKẾ HOẠCH\nCông tác năm 2021\n")
    assert (doc.place, doc.issue_date) == (place, issued)


@pytest.mark.parametrize("head, issuer, parent", [
    ("ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚC ĐỒNG", "Ủy ban nhân dân phường Phúc Đồng", None),
    ("**HỘI KHUYẾN HỌC\nQUẬN LONG BIÊN**", "Hội Khuyến học quận Long Biên", None),
    ("UBND TỈNH KHÁNH HÒA\nSỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo",
     "UBND tỉnh Khánh Hòa"),
    # the two columns read across
    ("HỘI KHUYẾN HỌC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
     "QUẬN LONG BIÊN Độc lập - Tự do - Hạnh phúc", "Hội Khuyến học quận Long Biên", None),
    # negative rows: no left block
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc", None, None),
    ("", None, None),
])
def test_issuer(head, issuer, parent):
    doc = doc_of(f"{head}\nSố: 01/KH-HKH\nLong Biên, ngày 19 tháng 01 năm 2021\n"
                 "KẾ HOẠCH\nHoạt động năm 2021\nCăn cứ Điều lệ Hội;\n")
    assert (doc.issuer, doc.issuer_parent) == (issuer, parent)


@pytest.mark.parametrize("after_head, doc_type, title", [
    ("KẾ HOẠCH\nHoạt động của Hội năm 2021\n\nCăn cứ Điều lệ Hội;", "ke_hoach",
     "Hoạt động của Hội năm 2021"),
    ("KẾ HOẠCH\n\nTổ chức Tuần lễ học tập suốt đời năm 2022\n\nThực hiện Hướng dẫn số 19/HD-HKH;",
     "ke_hoach", "Tổ chức Tuần lễ học tập suốt đời năm 2022"),
    ("KẾ HOẠCH CÔNG TÁC KHUYẾN HỌC NĂM 2023\nCăn cứ Chương trình hành động;", "ke_hoach",
     "CÔNG TÁC KHUYẾN HỌC NĂM 2023"),
    # a title wrapped over lines (PDF text layer): a full line, then its end
    ("KẾ HOẠCH\nTổ chức “Tuần lễ hưởng ứng học tập suốt đời” và Ngày Hội khuyến học trên\n"
     "địa bàn phường Phúc Đồng năm 2022\nThực hiện Hướng dẫn số 19/HD-HKH ngày 05/8/2022 của Hội",
     "ke_hoach", "Tổ chức “Tuần lễ hưởng ứng học tập suốt đời” và Ngày Hội khuyến học trên "
     "địa bàn phường Phúc Đồng năm 2022"),
    ("KẾ HOẠCH\nTHỰC HIỆN CHỈ THỊ SỐ 11-CT/TW CỦA BỘ CHÍNH TRỊ “VỀ TĂNG\n"
     "CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG”\nThực hiện Chỉ thị số 11-CT/TW ngày 13/4/2007,", "ke_hoach",
     "THỰC HIỆN CHỈ THỊ SỐ 11-CT/TW CỦA BỘ CHÍNH TRỊ “VỀ TĂNG CƯỜNG SỰ LÃNH ĐẠO CỦA ĐẢNG”"),
    ("QUYẾT ĐỊNH\nVề việc ban hành Quy chế hoạt động\nCHỦ TỊCH ỦY BAN NHÂN DÂN", "quyet_dinh",
     "Về việc ban hành Quy chế hoạt động"),
    ("KÉ HOẠCH\nTháng khuyến học năm 2020\n\nThiết thực lập thành tích", "ke_hoach",
     "Tháng khuyến học năm 2020"),  # OCR: KÉ for KẾ
    ("KẾ HOẠCH\nThực hiện Đề án xây dựng xã hội học tập\n(Giai đoạn 2021 - 2025)\n"
     "Căn cứ Quyết định số 1373/QĐ-TTg;", "ke_hoach",
     "Thực hiện Đề án xây dựng xã hội học tập (Giai đoạn 2021 - 2025)"),
    ("KẾ HOẠCH\nTổ chức Tuần lễ học tập suốt đời trên địa bàn phường Phúc Đồng năm 2022 và\n"
     "--------------\nThực hiện Hướng dẫn số 19/HD-HKH ngày 05/8/2022 của Hội Khuyến học quận", "ke_hoach",
     "Tổ chức Tuần lễ học tập suốt đời trên địa bàn phường Phúc Đồng năm 2022 và"),
    # negative rows: the body is not the title
    ("KẾ HOẠCH\nCăn cứ Luật Giáo dục năm 2019;", "ke_hoach", None),
    ("KẾ HOẠCH\n(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2021)", "ke_hoach", None),
    ("Kế hoạch này được xây dựng để thực hiện Chỉ thị.", None, None),
])
def test_type_and_title(after_head, doc_type, title):
    doc = doc_of("HỘI KHUYẾN HỌC TỈNH\nSố: 01/HKH\n" + after_head + "\n")
    assert (doc.doc_type, doc.title) == (doc_type, title)


def test_doc_type_inferred_from_symbol_when_no_type_line():
    doc = doc_of("ỦY BAN NHÂN DÂN\nSố: 05/QĐ-UBND\nCăn cứ Luật Tổ chức chính quyền;\n")
    assert doc.doc_type == "quyet_dinh"
    assert doc.provenance["doc_type"].inferred


@pytest.mark.parametrize("head, doc_type, title", [
    ("UBND QUẬN LONG BIÊN\nPHÒNG GIÁO DỤC VÀ ĐÀO TẠO\nSố: 215/PGDĐT\nV/v tổ chức Ngày hội\n"
     "khuyến học năm 2022\nLong Biên, ngày 05 tháng 9 năm 2022\nKính gửi: Các trường\n",
     "cong_van", "tổ chức Ngày hội khuyến học năm 2022"),
    # a "V/v" subject line is the mark of a công văn (NĐ 30/2020 Phụ lục I), whatever the
    # first part of the symbol looks like ("CT" in "CT-CS" is Cục Thuế, not Chỉ thị)
    ("ỦY BAN NHÂN DÂN\nSố: 12/TB-UBND\nV/v lịch tiếp công dân\nKính gửi: Các phòng\n",
     "cong_van", "lịch tiếp công dân"),
    ("BỘ TÀI CHÍNH\nCỤC THUẾ\nSố: 5/CT-CS\nV/v chính sách thuế\nKính gửi: Công ty A\n",
     "cong_van", "chính sách thuế"),
    # a type word in the body of a letter is not its type line
    ("UBND QUẬN LONG BIÊN\nSố: 215/UBND\nV/v triển khai kế hoạch\nKính gửi: Các phường\n"
     "KẾ HOẠCH TỔ CHỨC NGÀY HỘI\nđược gửi kèm công văn này.\n", "cong_van", "triển khai kế hoạch"),
    # no type line and no subject line: a letter's salutation under a symbol without a
    # type part still makes a công văn (flagged as inferred, see the test below)
    ("ỦY BAN NHÂN DÂN\nSố: 12/UBND\nKính gửi: Các phòng\n", "cong_van", None),
    # negative rows: the symbol names a type, or there is no salutation
    ("ỦY BAN NHÂN DÂN\nSố: 12/UBND\nCác phòng thực hiện.\n", None, None),
])
def test_letter_subject_line(head, doc_type, title):
    doc = doc_of(head)
    assert (doc.doc_type, doc.title) == (doc_type, title)


def test_a_letter_without_its_subject_line_is_an_inferred_cong_van():
    doc = doc_of("ỦY BAN NHÂN DÂN\nSố: 12/UBND-KT\nKính gửi: Các phòng\n")
    assert doc.doc_type == "cong_van"
    review = doc.review["doc_type"]
    assert review.needs_review and review.confidence <= 0.7
    # a symbol that names a type gives that type as a guess instead, never "công văn"
    doc = doc_of("ỦY BAN NHÂN DÂN\nSố: 12/KH-UBND\nKính gửi: Các phòng\n")
    assert doc.doc_type == "ke_hoach" and doc.review["doc_type"].needs_review


@pytest.mark.parametrize("body, start, end", [
    ("KẾ HOẠCH\nTháng khuyến học năm 2020\n\nI. Chủ đề\nThi đua.\n"
     "II. Thời gian triển khai thực hiện\nTừ ngày 01 đến 31/10/2020.\n",
     date(2020, 10, 1), date(2020, 10, 31)),
    # OCR: "II." read as "H.", the heading wrapped, blank lines between
    ("KẾ HOẠCH\nTháng khuyến học năm 2020\n\nH. Thời gian triển khai thực hiện Tháng khuyến học năm\n"
     "2020\n\nTừ ngày 01 đến 31/10/2020.\n", date(2020, 10, 1), date(2020, 10, 31)),
    ("KẾ HOẠCH\nHoạt động của Hội năm 2021\nCăn cứ Điều lệ;\n", date(2021, 1, 1), date(2021, 12, 31)),
    ("KẾ HOẠCH\nTuyên dương học sinh giỏi năm học 2022-2023\nCăn cứ Điều lệ;\n",
     date(2022, 9, 1), date(2023, 8, 31)),
    ("KẾ HOẠCH\nTháng khuyến học năm 2020\nII. Thời gian triển khai Tháng khuyến học năm 2020\n"
     "Từ ngày 01 đến 31/10/2020.\n", date(2020, 10, 1), date(2020, 10, 31)),  # the range wins
    ("KẾ HOẠCH\nTổ chức các hoạt động khuyến học\nII. Thời gian thực hiện: Năm 2023.\n",
     date(2023, 1, 1), date(2023, 12, 31)),
    # negative rows: no period written in the title or under a time heading
    ("KẾ HOẠCH\nThực hiện Chỉ thị số 11-CT/TW\nCăn cứ Chỉ thị số 11-CT/TW ngày 13/4/2007;\n",
     None, None),
    ("KẾ HOẠCH\nHoạt động của Hội\nII. Thời gian\nTheo kế hoạch của quận.\n", None, None),
    # the heading wrapped inside its words
    ("KẾ HOẠCH\nTháng khuyến học\nII. Thời\ngian triển khai thực hiện năm 2020\n"
     "Từ ngày 01 đến 31/10/2020.\n", date(2020, 10, 1), date(2020, 10, 31)),
    # a range wrapped under the heading
    ("KẾ HOẠCH\nTháng khuyến học\nII. Thời gian triển khai\nTháng khuyến học năm 2020\n"
     "Từ ngày 01\nđến 31/10/2020.\n", date(2020, 10, 1), date(2020, 10, 31)),
    # a submission's or a report's due time is no period the document covers
    ("TỜ TRÌNH\nĐề nghị xây dựng Nghị quyết\nIV. THỜI GIAN DỰ KIẾN TRÌNH THÔNG QUA\n"
     "Tại kỳ họp thứ 9 (dự kiến tháng 3/2025).\n", None, None),
    ("KẾ HOẠCH\nHoạt động của Hội\n3. Thời gian gửi báo cáo: trước tháng 12/2023.\n", None, None),
    ("KẾ HOẠCH\nHoạt động của Hội\nThời gian qua, Hội đã triển khai kế hoạch\n"
     "đến năm 2025, đạt nhiều kết quả.\n", None, None),
    # a title that says where the span ends or begins gives that end only
    ("KẾ HOẠCH\nPhát triển du lịch đến năm 2030\nCăn cứ Luật;\n", None, date(2030, 12, 31)),
    ("KẾ HOẠCH\nTuyển sinh từ năm học 2024-2025\nCăn cứ Luật;\n", date(2024, 9, 1), None),
    # the years of a range in brackets
    ("KẾ HOẠCH\nThi đua khen thưởng 5 năm (2021 - 2025)\nCăn cứ Luật;\n",
     date(2021, 1, 1), date(2025, 12, 31)),
])
def test_period(body, start, end):
    doc = doc_of("HỘI KHUYẾN HỌC\nSố: 01/KH-HKH\n" + body)
    got = (doc.period.start, doc.period.end) if doc.period else (None, None)
    assert got == (start, end)


@pytest.mark.parametrize("heading, title, start", [
    ("KẾ HOẠCH", "Hoạt động của Hội năm 2021", date(2021, 1, 1)),
    ("CHƯƠNG TRÌNH", "Công tác giai đoạn 2021-2025", date(2021, 1, 1)),
    # a year in a proposal's or a decision's title belongs to what it cites
    ("TỜ TRÌNH", "Về việc bãi bỏ Nghị quyết thông qua Quy hoạch đến năm 2020", None),
    ("QUYẾT ĐỊNH", "Về việc bãi bỏ Quyết định số 5/2018/QĐ-UBND năm 2018", None),
    # an anniversary's two dates mark the event, not the span the plan covers
    ("KẾ HOẠCH", "Kỷ niệm 100 năm Ngày sinh của Nhà giáo A (15/4/1921 - 15/4/2021)", None),
    ("KẾ HOẠCH", "Kỷ niệm 30 năm thành lập Hội (15/4/1991 - 15/4/2021) năm 2021",
     date(2021, 1, 1)),
    ("KẾ HOẠCH", "Kiểm tra từ 15/4/2021 - 15/5/2021", date(2021, 4, 15)),
])
def test_period_from_the_title_of_a_plan_only(heading, title, start):
    doc = doc_of(f"HỘI KHUYẾN HỌC\nSố: 01/KH-HKH\n{heading}\n{title}\nCăn cứ Luật;\n")
    assert (doc.period.start if doc.period else None) == start


@pytest.mark.parametrize("tail, name, position, authority", [
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. BAN CHẤP HÀNH\n\nCHỦ TỊCH\n\n\n\nĐinh Thị Thu Hương\n",
     "Đinh Thị Thu Hương", "Chủ tịch", "TM. Ban Chấp hành"),
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\n**KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH**\n\nLê Khắc Nam\n",
     "Lê Khắc Nam", "Phó Chủ tịch", "TM. Ủy ban nhân dân; KT. Chủ tịch"),
    # two columns read line by line: the block interleaved with the recipients
    ("Nơi nhận:\n- TW Hội KHVN;\nTM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n- Tỉnh ủy, UBND tỉnh;\n"
     "- UVBCH Hội KH tỉnh; Vũ Mạnh Hiền\n- Lưu VT, TT, VP.\n",
     "Vũ Mạnh Hiền", "Chủ tịch", "TM. Ban Thường vụ"),
    # OCR read across both columns, with stamp debris and lost accents
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n3 1ÿ111HUỆ 3EIEIn E]Nj BÍ) tỊ 1z KT CHỦ TICH\n"
     "- CT, các PCT UBND TP; 1 ..\n\năn thể PHO CHU TỊCH\n\n- Công TTĐT TP;\n\n"
     "“LƯU VT Lê Khắc Nam\n",
     "Lê Khắc Nam", "Phó Chủ tịch", "TM. Ủy ban nhân dân; KT. Chủ tịch"),
    ("Nơi nhận: TM. BAN THƯỜNG VỤ\n- TW Hội KHVN;\n\n- Tỉnh ủy, UBND tỉnh; CHỦ TỊCH\n\n"
     "- Thường trực Hội KH huyện; Đế Nc\n-UVBCH Hội KH tỉnh; _ ï Vũ Mạnh Hiền\n- Lưu VT, VP.\n",
     "Vũ Mạnh Hiền", "Chủ tịch", "TM. Ban Thường vụ"),
    # OCR kept only the last word of the position
    ("Nơi nhận:\n- TW Hội KHVN;\nTM. BAN THƯỜNG VỤ\nĩ\nTỊCH\n- Lưu VT.\nVũ Mạnh Hiền\n",
     "Vũ Mạnh Hiền", "Chủ tịch", "TM. Ban Thường vụ"),
    # the head signs in person: no TM./KT. line
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\n\nNguyễn Văn An\n",
     "Nguyễn Văn An", "Giám đốc", None),
    # negative rows: no signature block (an appendix follows the recipients)
    ("Nơi nhận:\n- Hội Khuyến học Quận;\n- Lưu: VT, HKH(25)\n\nBIỂU TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH\n"
     "TT\tNội dung\tLãnh đạo phụ trách\n1\tXây dựng kế hoạch\tĐ/c Phạm Thị Bích Hằng Phó Chủ tịch UBND\n",
     None, None, None),
    ("Nơi nhận:\n- VP TW Đảng;\n- Lưu VT.\n", None, None, None),
])
def test_signer(tail, name, position, authority):
    doc = doc_of(HEAD + tail)
    got = (doc.signer.name, doc.signer.position, doc.signer.authority) if doc.signer else (None,) * 3
    assert got == (name, position, authority)


@pytest.mark.parametrize("tail, recipients", [
    ("Noi nhận:\n\n- TT Quận uỷ, UBND Quận; | đê b/c\n- Hội KH Thành phố Hà Nội;\n- Lưu VP Hội, (**05**)\n",
     ["TT Quận uỷ, UBND Quận", "Hội KH Thành phố Hà Nội", "Lưu VP Hội"]),
    ("Nơi nhận:\n- Các Sở: GD & ĐT HN, Sở Tài chính, Sở Nội\nvụ, Sở KH - ĐT;\n- Lưu VT.\n",
     ["Các Sở: GD & ĐT HN, Sở Tài chính, Sở Nội vụ, Sở KH - ĐT", "Lưu VT"]),
    # a note in brackets is part of the entry as written; a copy count is not
    ("Nơi nhận:\n+ Như trên (để thực hiện);\n+ Lưu: VT, HKH(25).\n",
     ["Như trên (để thực hiện)", "Lưu: VT, HKH"]),
    ("Nơi nhận:\n- UBND quận (b/c);\n- Lưu: VT.\n", ["UBND quận (b/c)", "Lưu: VT"]),
    # entries wrapped wherever the line broke: an open entry goes on while the list goes
    # on below it or closes its entries with ";"
    ("Nơi nhận:\n- Như trên;\n- Cục Đầu tư nước ngoài và Trung tâm XTĐT miền\n"
     "Trung (Bộ KH-ĐT);\n- Lưu: VT.\n",
     ["Như trên", "Cục Đầu tư nước ngoài và Trung tâm XTĐT miền Trung (Bộ KH-ĐT)", "Lưu: VT"]),
    ("Nơi nhận:\n-\nChính phủ;\n- Ủy ban TW MTTQ\nViệt Nam;\n- TT.\nHĐND tỉnh;\n- Lưu: VT.\n",
     ["Chính phủ", "Ủy ban TW MTTQ Việt Nam", "TT. HĐND tỉnh", "Lưu: VT"]),
    ("Nơi nhận:\n- CVP, PCVP\nTr.H.Nam;\n- Lưu: VT.\n", ["CVP, PCVP Tr.H.Nam", "Lưu: VT"]),
    # typed text: a name or a brand wrapped inside an entry stays in it; "Công báo;" alone
    # on its line is an entry, not the Official Gazette's running head
    ("Nơi nhận:\n- Như trên;\n- PCT\nNguyễn Văn An (để b/c);\n- Công ty TNHH Công nghệ\n"
     "Zentaro Việt Nam;\n-\nCông báo;\n- PCTrg.\nLê Thị Hoa;\n- Website\nCT;\n- Các VP: HĐND TP;\n"
     "UBND TP;\n- Lưu: VT.\n",
     ["Như trên", "PCT Nguyễn Văn An (để b/c)", "Công ty TNHH Công nghệ Zentaro Việt Nam",
      "Công báo", "PCTrg. Lê Thị Hoa", "Website CT", "Các VP: HĐND TP", "UBND TP", "Lưu: VT"]),
    # a person named in an entry of typed text is part of it; "KT" in the archive entry is
    # a unit's code, not the signature's "KT." (and the table's "|" below is nothing)
    ("Nơi nhận:\n- VPCP: BTCN, PCN Phạm Văn Cường,\ncác Vụ: KTTH, TH;\n- Lưu: VT, KT, KT1.\n|\n"
     "**TM. ỦY BAN NHÂN\nDÂN **\nKT. CHỦ TỊCH\n",
     ["VPCP: BTCN, PCN Phạm Văn Cường, các Vụ: KTTH, TH", "Lưu: VT, KT, KT1"]),
    # a hyphen glued to the word after it, wrapped to the start of a line, is no bullet
    ("Nơi nhận:\n- Như trên;\n- Đảng ủy\n-UBND phường;\n- Lưu: VT.\n",
     ["Như trên", "Đảng ủy -UBND phường", "Lưu: VT"]),
    # the archive entry wrapped after "Lưu" takes its codes, and no more: an annex's
    # caption below the signature, in lower case, is no part of it
    ("Nơi nhận:\n- Như trên;\n- Lưu\nVT, CN(2). y\n|\n**KT. CHỦ TỊCH**\nPHÓ CHỦ TỊCH\nLê Văn Tư\n",
     ["Như trên", "Lưu VT, CN(2). y"]),
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT, PKT\n|\nCHỦ TỊCH\nLê Văn Tư\n|\nQUY ĐỊNH\n(Ban hành kèm\n"
     "theo Quyết định số 5/2025/QĐ-UBND)\n", ["Như trên", "Lưu: VT, PKT"]),
    # "cơ quan:" in lower case goes on with an entry: a signature stamp's label is
    # written with a capital ("Cơ quan: …")
    ("Nơi nhận:\n- Các Bộ,\ncơ quan: TC, QP;\n- Lưu: VT.\n", ["Các Bộ, cơ quan: TC, QP", "Lưu: VT"]),
    # a clerk's initials with digits are no copy count
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT, NC(Tr212).\n", ["Như trên", "Lưu: VT, NC(Tr212)"]),
    ("Nơi nhận:\n- Như trên;\n- Các Bộ: TC, QP,\nDTTG, NHNNVN,\nTTCP;\n- Lưu:\nVT, TH.\n",
     ["Như trên", "Các Bộ: TC, QP, DTTG, NHNNVN, TTCP", "Lưu: VT, TH"]),
    # the signature column read between the entries (OCR of two columns)
    ("Nơi nhận:\n- Các Sở: Tài chính, Kế hoạch và\nĐầu tư, Xây dựng\n- Ban Quản lý Khu kinh tế\n"
     "Và các Khu công nghiệp;\nTỉnh đoàn;\nTL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nNguyễn Văn Việt\n"
     "- Huyện ủy;\n- Lưu: VT.\n",
     ["Các Sở: Tài chính, Kế hoạch và Đầu tư, Xây dựng",
      "Ban Quản lý Khu kinh tế Và các Khu công nghiệp", "Tỉnh đoàn", "Huyện ủy", "Lưu: VT"]),
    # the signature's stroke read as a dash before the signer's name, under the position
    ("Nơi nhận:\n- Văn phòng Chính phủ (b/c);\n- Các Sở, ban, ngành tỉnh;\nCHỦ TỊCH\n"
     "- Nguyễn Hoàng Long\n- Các tổ chức chính trị - xã hội tỉnh;\n- Lưu: VT, KTN.\n",
     ["Văn phòng Chính phủ (b/c)", "Các Sở, ban, ngành tỉnh", "Các tổ chức chính trị - xã hội tỉnh",
      "Lưu: VT, KTN"]),
    # the archive entry takes no piece of the signature block under it
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT,\nTM. ỦY BAN NHÂN\nDÂN\nCHỦ TỊCH\nNguyễn Văn An\n",
     ["Như trên", "Lưu: VT"]),
    ("Nơi nhận:\n- Như trên\n- Lưu VT\n**KT.\nCHỦ TỊCH\n", ["Như trên", "Lưu VT"]),
    # entries numbered 1, 2, 3 …; entries run on one line, each after its dash
    ("Nơi nhận:\n1. Như Điều 3;\n2. Thường trực Tỉnh ủy;\n3. Lưu: VT.\nCHỦ TỊCH\nLê Văn Tư\n",
     ["Như Điều 3", "Thường trực Tỉnh ủy", "Lưu: VT"]),
    ("Nơi nhận: - Như Điều 3; - Thường trực Tỉnh ủy; - Lưu: VT.\nCHỦ TỊCH\nLê Văn Tư\n",
     ["Như Điều 3", "Thường trực Tỉnh ủy", "Lưu: VT"]),
    ("Nơi nhận:\n- Như trên; - Sở Nội vụ;\n- Lưu: VT.\n", ["Như trên", "Sở Nội vụ", "Lưu: VT"]),
    # a unit's name with a spaced dash, wrapped at the dash: its second half is no entry
    ("Nơi nhận:\n- Như trên;\n- Phòng Tài chính\n- Kế hoạch huyện;\n- Lưu: VT.\n",
     ["Như trên", "Phòng Tài chính - Kế hoạch huyện", "Lưu: VT"]),
    ("Nơi nhận:\n- Sở Tài chính\n- Sở Kế hoạch và Đầu tư\n- Lưu: VT.\n",
     ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Lưu: VT"]),
    # negative: a number that does not count on is no bullet
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\n2. Nội dung khác\n", ["Như trên", "Lưu: VT"]),
    # negative rows
    ("Yêu cầu:\n- Các đơn vị báo cáo đúng hạn;\n- Lưu ý thực hiện đúng quy định.\n", []),
    ("Trên đây là kế hoạch của phường./.\n", []),
    ("Nơi nhận:\n\nBIỂU TIẾN ĐỘ THỰC HIỆN\n", []),
])
def test_recipients(tail, recipients):
    assert doc_of(HEAD + tail).recipients == recipients


# OCR output: stamp and signature debris, the signature column read between the entries
@pytest.mark.parametrize("tail, recipients", [
    # OCR read across: the signature column and stamp debris are not entries
    ("Nơi nhận: TM. ỦY BAN NHÂN DÂN\n3 1ÿ111HUỆ 3EIEIn E]Nj BÍ) tỊ 1z KT CHỦ TICH\n"
     "- CT, các PCT UBND TP; 1 ..\n\năn thể PHO CHU TỊCH\n\n- Công TTĐT TP;\n\n"
     "“LƯU VT Lê Khắc Nam\n", ["CT, các PCT UBND TP", "Công TTĐT TP", "LƯU VT"]),
    ("Nơi nhận: TM. BAN THƯỜNG VỤ\n- TW Hội KHVN;\n\n- Tỉnh ủy, UBND tỉnh; CHỦ TỊCH\n\n"
     "- Sở: GDĐT; Nội vụ;\n- Thường trực Hội KH huyện; Đế Nc\n-UVBCH Hội KH tỉnh; _ ï Vũ Mạnh Hiền\n",
     ["TW Hội KHVN", "Tỉnh ủy, UBND tỉnh", "Sở: GDĐT; Nội vụ", "Thường trực Hội KH huyện",
      "UVBCH Hội KH tỉnh"]),
    # OCR column split: signature fragments between entries, an entry whose dash was lost
    ("Nơi nhận:\n\"ốc\n- TW Hội KHVN;\n:\nTM. BAN THƯỜNG VỤ\nĩ\nTỊCH\n- CT; các PCT UBND TP; 3 TH\n"
     "CHU ƑC\nVI, V2. VO, 0V, E1:\n- Lưu VT.\n",
     ["TW Hội KHVN", "CT; các PCT UBND TP", "VI, V2. VO, 0V, E1", "Lưu VT"]),
    # the heading destroyed by OCR: the list is found by its last entry "- Lưu …"
    ("S0 nh TM. BAN THƯỜNG VỤ\n- TW Hội KHVN; ÔN, È\n- Tỉnh ủy, UBND tỉnh;\nCHU TỊCH\n"
     "- UVBCH Hội KH tỉnh; Vũ Mạnh Hiền\n- Lưu VT, TT, VP.\n",
     ["TW Hội KHVN", "Tỉnh ủy, UBND tỉnh", "UVBCH Hội KH tỉnh", "Lưu VT, TT, VP"]),
])
def test_recipients_of_ocr_text(tail, recipients):
    assert doc_of(HEAD + tail, "ocr").recipients == recipients


@pytest.mark.parametrize("body, emails, phones", [
    ("liên hệ qua điện thoại số: 3.8779199.", [], ["3.8779199"]),
    ("gửi qua thư điện tử: pgd@longbien.edu.vn; nguyenvansan_longbien@hanoi.gov.vn và",
     ["pgd@longbien.edu.vn", "nguyenvansan_longbien@hanoi.gov.vn"], []),
    ("ĐT: 024.38765432, di động 0912 345 678", [], ["024.38765432", "0912 345 678"]),
    ("Điện thoại: (024) 3876 5432.", [], ["(024) 3876 5432"]),
    # OCR reads g as ø inside addresses; an address that stays non-ASCII is dropped
    ("thư điện tử: pød@longbien.edu.vn; nguyenvansan_longbien@hanoi.gov.vn và",
     ["pgd@longbien.edu.vn", "nguyenvansan_longbien@hanoi.gov.vn"], []),
    ("thư: trườngthcs@gmail.com", [], []),
    ("gửi về nguyenvansan_longbien(@hanoi.gov.vn và", ["nguyenvansan_longbien@hanoi.gov.vn"], []),
    # negative rows: dates and codes are not phones
    ("trước ngày 05/02/2021, Quyết định số 489/QĐ-TTg ngày 08/4/2020", [], []),
    ("đạt 100% chỉ tiêu năm 2021", [], []),
    # a tax code or an account has a mobile number's shape: its label says it is none
    ("Công ty TNHH An Phú, mã số thuế: 0303123456; di động 0912 345 678", [], ["0912 345 678"]),
    ("của Công ty Bình Minh (MST:\n0314123456) và hồ sơ kèm theo", [], []),
    ("chuyển vào số tài khoản 0371234567 tại ngân hàng", [], []),
    # a number the line break cut short goes on below, when the two make a whole number
    ("Cơ sở 2: ĐT: 0211 3616\n618; Cơ sở 3", [], ["0211 3616 618"]),
    ("ĐT: 3868098\n2. Nhiệm vụ", [], ["3868098"]),
    ("Đường dây nóng: 1900.9095", [], ["1900.9095"]),
    # a digital signature's stamp printed on the page (its body, its address, the time it
    # was signed, the offset maybe wrapped) is the signing system's, not the document's
    ("                    VĂN PHÒNG TỈNH\n                    vp@binhminh.gov.vn\n"
     "                    09.01.2025 10:21:11 +07:00", [], []),
    ("      vp@binhminh.gov.vn\n      24.01.2025 20:01:14\n      +07:00", [], []),
    ("Email: vp@binhminh.gov.vn\nĐiện thoại: 0912 345 678",
     ["vp@binhminh.gov.vn"], ["0912 345 678"]),
])
def test_contacts(body, emails, phones):
    doc = doc_of(HEAD + body + "\n")
    assert (doc.contacts.emails, doc.contacts.phones) == (emails, phones)


@pytest.mark.parametrize("title_line, misspelled", [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),
    ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", False),  # old tone placement is not a misspelling
    ("**CÔNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHỈA VIỆT NAM", True),
])
def test_national_title_spelling(title_line, misspelled):
    info = info_of(f"HỘI KHUYẾN HỌC\n{title_line}\nĐộc lập - Tự do - Hạnh phúc\nKẾ HOẠCH\nX\n")
    assert info.national_title is not None
    assert info.national_title.misspelled is misspelled


def test_no_national_title():
    assert info_of("KẾ HOẠCH\nCông tác năm 2023\nCăn cứ Điều lệ;\n").national_title is None


@pytest.mark.parametrize("caption, number, symbol, when", [
    ("(Kèm theo Kế hoạch số: 01/KH-HKH ngày 19 tháng 01 năm 2021 của Hội Khuyến học)",
     "01", "KH-HKH", date(2021, 1, 19)),
    ("(Kèm theo Kế hoạch số 128/KH-UBND ngày 15/8/2020 của UBND phường)",
     "128", "KH-UBND", date(2020, 8, 15)),
])
def test_self_references(caption, number, symbol, when):
    refs = info_of(HEAD + TAIL + "\nBIỂU TIẾN ĐỘ\n" + caption + "\n").self_references
    assert [(r.number, r.symbol, r.date) for r in refs] == [(number, symbol, when)]


@pytest.mark.parametrize("line", [
    "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2021;",
    # a citation inside a sentence, not a caption
    "Thực hiện Quy chế ban hành kèm theo Kế hoạch số 12/KH-UBND ngày 05/01/2021;",
    # a caption naming another type attaches that other document
    "(Kèm theo Quyết định số 12/QĐ-UBND ngày 05/01/2021 của UBND phường)",
])
def test_no_self_reference(line):
    assert info_of(HEAD + line + "\n").self_references == []


@pytest.mark.parametrize("name, expected", [
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "Ủy ban nhân dân thành phố Hải Phòng"),
    ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Sở Giáo dục và Đào tạo"),
    ("PHÒNG GD&ĐT HUYỆN ĐÔNG ANH", "Phòng GD&ĐT huyện Đông Anh"),
    ("BAN CHẤP HÀNH", "Ban Chấp hành"),
    ("Hội Khuyến học quận Long Biên", "Hội Khuyến học quận Long Biên"),  # already cased
    ("TRƯỜNG THCS NGỌC THỤY", "Trường THCS Ngọc Thụy"),
    ("HUYỆN ỦY ĐÔNG HƯNG", "Huyện ủy Đông Hưng"),
    ("TRƯỜNG TIỂU HỌC GIA THỤY", "Trường Tiểu học Gia Thụy"),
    # a place after the city's abbreviation or after a body named by its abbreviation
    ("UBND TP QUẢNG NGÃI", "UBND TP Quảng Ngãi"),
    ("SỞ GD&ĐT QUẢNG NGÃI", "Sở GD&ĐT Quảng Ngãi"),
    # negatives: an abbreviated kind is followed by its name, not a place; "đường bộ" is
    # no ministry
    ("BQL DỰ ÁN ĐẦU TƯ XÂY DỰNG", "BQL dự án đầu tư xây dựng"),
    ("PHÒNG CẢNH SÁT GIAO THÔNG ĐƯỜNG BỘ", "Phòng Cảnh sát giao thông đường bộ"),
])
def test_recase(name, expected):
    assert recase(name) == expected


@pytest.mark.parametrize("tail, place, issued", [
    # dated at the end, above the signature
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nLong Biên, ngày 19 tháng 01 năm 2021\nTM. BAN CHẤP HÀNH\n"
     "CHỦ TỊCH\nĐinh Thị Thu Hương\n", "Long Biên", date(2021, 1, 19)),
    # negative row: a date inside a closing sentence is not the document's date
    ("Báo cáo gửi về Hội trước ngày 15 tháng 11 năm 2023, tại Hà Nội, ngày 20 tháng 11 năm 2023 "
     "sẽ tổ chức hội nghị tổng kết toàn tỉnh.\nNơi nhận:\n- Lưu: VT.\n", None, None),
])
def test_place_and_date_at_the_end(tail, place, issued):
    doc = doc_of("HỘI KHUYẾN HỌC\nKẾ HOẠCH\nCông tác năm 2023\nCăn cứ Điều lệ Hội;\nNội dung.\n" + tail)
    assert (doc.place, doc.issue_date) == (place, issued)
    if issued:
        assert doc.provenance["issue_date"].rule == "place_date_end"


def _boxed(rows):
    """A one-page Text from (text, (x0, y0, x1, y1)) rows, as a PDF loader gives it."""
    from vanban.extractor.text import TextBuilder

    b = TextBuilder()
    b.start_page(source="text_layer", width=595.0, height=842.0)
    for i, (line, box) in enumerate(rows):
        b.add_line(line, bbox=box)
    return b.build()


@pytest.mark.parametrize("second, title", [
    # centred under the type line: the title goes on, even after a short line
    (("Phúc Đồng năm 2022", (270, 173, 368, 186)),
     "Tổ chức Ngày hội khuyến học phường Phúc Đồng năm 2022"),
    # negative row: a body line (indented, running to the right margin) is not title
    (("Thiết thực lập thành tích chào mừng ngày Khuyến học Việt Nam (02 tháng",
      (113, 173, 552, 186)), "Tổ chức Ngày hội khuyến học phường"),
])
def test_title_lines_centred_like_the_type_line(second, title):
    text = _boxed([
        ("HỘI KHUYẾN HỌC", (100, 58, 240, 69)),
        ("Số: 01/KH-HKH", (120, 80, 230, 90)),
        ("KẾ HOẠCH", (281, 135, 357, 148)),
        ("Tổ chức Ngày hội khuyến học phường", (215, 155, 423, 169)),
        second,
        ("10), ngày thành lập Hội Khuyến học Hải Phòng (14 tháng 10), chào mừng",
         (85, 191, 553, 204)),
    ])
    assert parse_header(text).document.title == title
    assert parse_header(text).document.provenance["title"].bbox is not None


@pytest.mark.parametrize("after_head, title", [
    # a wrapped title leaves its year alone on the last line (seen on rendered scans)
    ("KẾ HOẠCH\nTổ chức Tháng khuyến học, khuyến tài năm\n2022\n\nCăn cứ Luật Giáo dục;",
     "Tổ chức Tháng khuyến học, khuyến tài năm 2022"),
    ("KẾ HOẠCH\nXây dựng xã hội học tập giai đoạn\n2021 - 2025\nCăn cứ Luật Giáo dục;",
     "Xây dựng xã hội học tập giai đoạn 2021 - 2025"),
    # a dot OCR put after a word in capitals does not end a title in capitals
    ("KẾ HOẠCH\nHỌC TẬP VÀ LÀM THEO TƯ TƯỞNG CHÍNH.\nTRỊ HỒ CHÍ MINH NĂM 2023\n\nCăn cứ Luật;",
     "HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG CHÍNH. TRỊ HỒ CHÍ MINH NĂM 2023"),
    # negative rows: a figure after a title that announces none, a rule under the title,
    # and a sentence-case title that ends with a full stop
    ("KẾ HOẠCH\nTổ chức Ngày hội khuyến học\n2022\nCăn cứ Luật Giáo dục;",
     "Tổ chức Ngày hội khuyến học"),
    ("KẾ HOẠCH\nTổ chức Tháng khuyến học năm\n-----\nCăn cứ Luật Giáo dục;",
     "Tổ chức Tháng khuyến học năm"),
    ("KẾ HOẠCH\nTổ chức Ngày hội khuyến học.\nĐơn vị thực hiện các nội dung sau",
     "Tổ chức Ngày hội khuyến học."),
])
def test_title_wrapped_by_a_scan(after_head, title):
    assert doc_of("HỘI KHUYẾN HỌC TỈNH\nSố: 01/HKH\n" + after_head + "\n").title == title


def test_phone_number_wrapped_after_its_cue():
    doc = doc_of(HEAD + "Mọi chi tiết xin liên hệ đồng chí Nguyễn Văn A, điện thoại số:\n"
                 "0912 345 678.\n")
    assert doc.contacts.phones == ["0912 345 678"]


@pytest.mark.parametrize("source, name", [
    ("ocr", "Nguyễn Văn An"),         # the surname's marks are restored on a scan
    ("plain_text", "Nguyên Văn An"),  # a typed text says what it says
])
def test_ocr_signer_surname_marks(source, name):
    tail = "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nGIÁM ĐỐC\n\nNguyên Văn An\n"
    doc = parse_header(Text.from_string(HEAD + tail, source=source)).document
    assert doc.signer.name == name
    repairs = doc.provenance["signer.name"].repairs
    assert repairs == (["Nguyên -> Nguyễn"] if source == "ocr" else [])


@pytest.mark.parametrize("tail, name", [
    # OCR damaged the position beyond recognition: the mixed-case name below is the name
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÔ GHỦ HỊCH\n\n"
     "Lê Khắc Nam\n", "Lê Khắc Nam"),
    # negative row: a name printed in capitals, nothing below it
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nVŨ MẠNH HIỀN\n",
     "Vũ Mạnh Hiền"),
])
def test_signer_name_below_a_damaged_position(tail, name):
    assert doc_of(HEAD + tail).signer.name == name


@pytest.mark.parametrize("source, recipients", [
    ("ocr", ["TW Hội KHVN", "Thường trực Hội KH huyện, thành phố", "Lưu: VT, TT"]),
    # a typed text says what it says
    ("plain_text", ["TW Hội KHVN", "Thường trực Hội KH huyện, thành phố", "Lưu: VI, TT"]),
])
def test_recipients_wrapped_end_and_archive_misread(source, recipients):
    tail = ("Nơi nhận:\n- TW Hội KHVN;\n- Thường trực Hội KH huyện, thành\nphố;\n"
            "- Lưu: VI, TT.\nTM. BAN THƯỜNG VỤ\nCHỦ TỊCH\n\nVũ Mạnh Hiền\n")
    doc = parse_header(Text.from_string(HEAD + tail, source=source)).document
    assert doc.recipients == recipients
    assert doc.provenance["recipients"].repairs == (
        ["Lưu: VI, TT -> Lưu: VT, TT"] if source == "ocr" else [])


@pytest.mark.parametrize("body_top, title", [
    # a blank band under the title: the body's first line is not title, even after a
    # title line ending with a linking word ("… trong thời gian đến")
    (259, "Kết luận tại cuộc họp về nhiệm vụ trọng tâm trong thời gian đến"),
    # negative row: set as close as the title's own lines, the line goes on (full line)
    (234, "Kết luận tại cuộc họp về nhiệm vụ trọng tâm trong thời gian đến Phó Chủ tịch Hội "
          "chủ trì họp nghe báo cáo"),
])
def test_a_blank_band_under_the_title_ends_it(body_top, title):
    text = _boxed([
        ("HỘI KHUYẾN HỌC", (100, 58, 240, 69)),
        ("Số: 01/TB-HKH", (120, 80, 230, 90)),
        ("THÔNG BÁO", (276, 155, 362, 165)),
        ("Kết luận tại cuộc họp về nhiệm vụ trọng tâm", (181, 203, 457, 216)),
        ("trong thời gian đến", (259, 219, 379, 232)),
        ("Phó Chủ tịch Hội chủ trì họp nghe báo cáo", (128, body_top, 539, body_top + 13)),
    ])
    assert parse_header(text).document.title == title
