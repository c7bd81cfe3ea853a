"""Per-field confidence and review flags (extractor.confidence), on small built Texts and
through the whole pipeline."""
from __future__ import annotations

import doctest
from datetime import date

import vanban.extractor.confidence as confidence
from vanban.extractor.confidence import assess, assess_result, check_header, ocr_score
from vanban.extractor.pipeline import extract_text
from vanban.extractor.review import finish
from vanban.extractor.text import Text, TextBuilder
from vanban.models import Document, ExtractionResult, Provenance, RegistryMatch, Reference, Source

HEADER = [
    "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "TỈNH AN BÌNH Độc lập - Tự do - Hạnh phúc",
    "Số: 12/QĐ-UBND An Bình, ngày 05 tháng 02 năm 2024",
    "QUYẾT ĐỊNH",
    "Về việc ban hành quy chế làm việc",
    "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN BÌNH",
    "QUYẾT ĐỊNH:",
    "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.",
    "Nơi nhận: TM. ỦY BAN NHÂN DÂN",
    "- Như Điều 1; CHỦ TỊCH",
    "- Lưu: VT.",
    "Nguyễn Văn An",
]


def ocr_text(lines, low: dict[str, float] | None = None, repairs=None) -> Text:
    """A one-page OCR Text; every word 95 except those named in ``low``."""
    low = low or {}
    b = TextBuilder()
    b.start_page(source="ocr", width=600, height=800)
    for i, line in enumerate(lines):
        words = []
        x = 10.0
        for w in line.split(" "):
            box = (x, 20.0 * i, x + 8 * len(w), 20.0 * i + 15)
            x += 8 * len(w) + 6
            fix = (repairs or {}).get(w)
            words.append((w, box, low.get(w, 95.0), [fix] if fix else []))
        b.add_line(line, words=words)
    return b.build()


def _result(text: Text) -> ExtractionResult:
    return extract_text(text, source=Source(file="x.pdf"))


def test_doctests():
    assert doctest.testmod(confidence).failed == 0


def test_ocr_score_short_span_follows_its_worst_word():
    assert ocr_score([95, 95, 95]) > 0.9
    assert ocr_score([95, 30]) < 0.6
    # a long span: one poor word among twenty does not sink it
    assert ocr_score([95] * 19 + [20]) > 0.8


def test_clean_scan_fields_are_confident_and_not_flagged():
    result = _result(ocr_text(HEADER))
    review = result.document.review
    assert result.document.number == "12"
    for field in ("number", "symbol", "issue_date", "doc_type", "title"):
        assert review[field].confidence > 0.85, field
        assert not review[field].needs_review, field


def test_a_poorly_read_digit_flags_the_number_and_names_the_word():
    result = _result(ocr_text(HEADER, low={"12/QĐ-UBND": 31.0}))
    number = result.document.review["number"]
    assert number.needs_review and number.confidence < 0.6
    assert any(r.code == "low_confidence" and "12/QĐ-UBND" in r.message for r in number.reasons)
    assert result.needs_review
    # the title's words were read well: not flagged
    assert not result.document.review["title"].needs_review


def test_an_ocr_repair_under_a_field_flags_it():
    result = _result(ocr_text(HEADER, repairs={"chế": "diacritic: chê -> chế"}))
    title = result.document.review["title"]
    assert title.needs_review
    assert [r.code for r in title.reasons] == ["ocr_repair"]
    assert "chê -> chế" in title.reasons[0].message


def test_a_handwritten_repair_is_said_to_be_handwriting():
    result = _result(ocr_text(HEADER, repairs={"05": "handwritten: digit 05"}))
    assert "handwritten" in [r.code for r in result.document.review["issue_date"].reasons]


def test_handwritten_word_marker_is_read_when_present():
    text = ocr_text(HEADER)
    line = next(ln for ln in text.lines if "Số:" in text.line_text(ln))

    class HandWord:  # what i10's Word grows: a `handwritten` flag
        def __init__(self, w):
            self.text, self.start, self.end, self.bbox, self.conf = w.text, w.start, w.end, w.bbox, w.conf
            self.handwritten = w.text.startswith("12")

    line.words = [HandWord(w) for w in line.words]
    result = _result(text)
    reasons = result.document.review["number"].reasons
    assert [r.code for r in reasons] == ["handwritten"]


def test_text_layer_fields_take_the_parser_score_alone():
    text = Text.from_string("\n".join(HEADER))
    result = _result(text)
    assert result.document.review["number"].confidence == 1.0
    prov = Provenance(page=1, span=(0, 5), score=0.42)
    assert assess(prov, text).confidence == 0.42


def test_missing_expected_field_is_not_found():
    result = _result(Text.from_string("\n".join(HEADER[3:])))  # no Số line
    review = result.document.review["number"]
    assert review.needs_review and review.reasons[0].code == "not_found"


def test_symbol_type_contradiction():
    doc = Document(doc_type="chi_thi", symbol="QĐ-UBND", code="3/QĐ-UBND")
    check_header(doc, Text.from_string("x"))
    assert doc.review["doc_type"].reasons[0].code == "contradiction"
    doc = Document(doc_type="cong_van", symbol="UBND-KTTH")  # công văn: no type abbreviation
    check_header(doc, Text.from_string("x"))
    assert "doc_type" not in doc.review


def test_year_in_code_and_future_date_contradict_the_issue_date():
    doc = Document(issue_date=date(2024, 3, 1), code="15/2023/NĐ-CP", symbol="NĐ-CP",
                   doc_type="nghi_dinh")
    check_header(doc, Text.from_string("x"), today=date(2025, 1, 1))
    assert doc.review["issue_date"].reasons[0].code == "contradiction"
    doc = Document(issue_date=date(2030, 3, 1))
    check_header(doc, Text.from_string("x"), today=date(2025, 1, 1))
    assert doc.review["issue_date"].needs_review


def test_header_date_after_the_digital_signing_time_is_a_contradiction():
    lines = HEADER + ["Ký bởi: Ủy ban nhân dân tỉnh Thời gian ký: 01.02.2024 08:10:00 +07:00"]
    result = _result(Text.from_string("\n".join(lines)))
    codes = [r.code for r in result.document.review["issue_date"].reasons]
    assert codes == ["contradiction"]
    # signed the same day: no contradiction
    lines[-1] = "Ký bởi: Ủy ban nhân dân tỉnh Thời gian ký: 05.02.2024 08:10:00 +07:00"
    result = _result(Text.from_string("\n".join(lines)))
    assert not result.document.review["issue_date"].needs_review


def test_registry_disagreement_flags_the_reference():
    ref = Reference(doc_type="nghi_dinh", number="30", date=date(2020, 3, 5),
                    registry=RegistryMatch(matched=True, issue_date=date(2020, 3, 6), score=1.0))
    result = ExtractionResult(source=Source(file="x"), references=[ref])
    assess_result(result, Text.from_string("x"))
    finish(result)
    assert ref.review.needs_review and ref.review.reasons[0].code == "registry"


def test_every_item_with_provenance_gets_a_confidence():
    text = Text.from_string("\n".join(HEADER))
    result = _result(text)
    for field, prov in result.document.provenance.items():
        assert result.document.review[field].confidence is not None, field
    for item in (*result.targets, *result.timetable):
        assert item.review is not None and item.review.confidence is not None


def test_a_different_date_in_the_signature_block_contradicts_the_header():
    lines = HEADER[:8] + ["An Bình, ngày 07 tháng 02 năm 2024"] + HEADER[8:]
    review = _result(Text.from_string("\n".join(lines))).document.review["issue_date"]
    assert review.needs_review and review.reasons[0].code == "contradiction"
    assert "07/02/2024" in review.reasons[0].message
    lines[8] = "An Bình, ngày 05 tháng 02 năm 2024"  # the same day: no contradiction
    assert not _result(Text.from_string("\n".join(lines))).document.review["issue_date"].needs_review


def test_clean_headers_raise_no_flag():
    """Shapes of real, right headers that once raised flags: a number that looks like a
    year, a công văn's symbol opening with its issuer's initials, long amending titles
    citing dated documents, subjects listed with ";" in capitals, titles ending "số"
    (digital) or "tiếp theo"."""
    doc = Document(issue_date=date(2025, 3, 1), number="2015", code="2015/QĐ-UBND",
                   symbol="QĐ-UBND", doc_type="quyet_dinh")
    check_header(doc, Text.from_string("x"), today=date(2026, 1, 1))
    assert "issue_date" not in doc.review
    doc = Document(doc_type="cong_van", symbol="CT-CS", issuer="Cục Thuế")
    check_header(doc, Text.from_string("x"))
    assert "doc_type" not in doc.review and "symbol" not in doc.review
    for title in ["BÃI BỎ QUYẾT ĐỊNH SỐ 42/2018/QĐ-UBND NGÀY 08 THÁNG 8 NĂM 2018 CỦA ỦY BAN NHÂN "
                  "DÂN TỈNH BÌNH MINH VÀ QUYẾT ĐỊNH SỐ 07/2022/QĐ-UBND NGÀY 17 THÁNG 02 NĂM 2022 "
                  "CỦA ỦY BAN NHÂN DÂN TỈNH BÌNH MINH SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA QUY ĐỊNH "
                  "BAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ 42/2018/QĐ-UBND NGÀY 08 THÁNG 8 NĂM 2018 VỀ "
                  "PHÂN CẤP QUẢN LÝ TÀI SẢN CÔNG",
                  "QUY ĐỊNH ĐƠN GIÁ NƯỚC SẠCH; XỬ LÝ TÀI SẢN KẾT CẤU HẠ TẦNG CẤP NƯỚC",
                  "VỀ VIỆC PHÊ DUYỆT CHƯƠNG TRÌNH PHÁT TRIỂN CHÍNH PHỦ SỐ",
                  "Về tạo đà cho những năm tiếp theo"]:
        doc = Document(title=title)
        check_header(doc, Text.from_string("x"))
        assert "title" not in doc.review, title
    # negatives: these still are flagged
    doc = Document(doc_type="cong_van", symbol="KH-UBND", issuer="Ủy ban nhân dân tỉnh X")
    check_header(doc, Text.from_string("x"))
    assert doc.review["doc_type"].reasons[0].code == "contradiction"
    for title in ["Về việc thực hiện Quyết định số", "Về việc A. Căn cứ Luật Tổ chức chính quyền",
                  "Kế hoạch năm 2025 Hà Nội, ngày 05 tháng 3 năm 2025"]:
        doc = Document(title=title)
        check_header(doc, Text.from_string("x"))
        assert doc.review["title"].needs_review, title


def test_a_code_wrapped_at_its_hyphen_is_no_ocr_repair():
    b = TextBuilder()
    b.start_page(source="plain_text")
    b.add_line("Căn cứ Thông tư số 92/2009/TT-")
    b.add_line("BTC ngày 20/5/2009 của Bộ Tài chính;")
    result = _result(b.build())
    ref = next(r for r in result.references if r.code == "92/2009/TT-BTC")
    assert ref.review is None or not ref.review.needs_review
