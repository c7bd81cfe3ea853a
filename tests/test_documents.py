"""Several documents in one file: the main document's header and signer come from its own
pages; later documents (opened by a national title and a number line) are attachments."""
from __future__ import annotations

from vanban.extractor.pipeline import document_starts, extract_text, part_of
from vanban.extractor.text import Text
from vanban.models import Source

MAIN = """ỦY BAN NHÂN DÂN
TỈNH BẮC KẠN
Số: 12/TTr-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Kạn, ngày 03 tháng 02 năm 2025
TỜ TRÌNH
Về việc ban hành Nghị quyết quy định mức chi
Căn cứ Luật Tổ chức chính quyền địa phương;
Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn An"""

DRAFT = """HỘI ĐỒNG NHÂN DÂN
TỈNH BẮC KẠN
Số: /NQ-HĐND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Bắc Kạn, ngày tháng năm 2025
NGHỊ QUYẾT
Quy định mức chi
Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ;
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Trần Thị Bình"""


def test_a_second_document_starts_where_title_and_number_line_open_a_page():
    text = Text.from_string(MAIN + "\f\f" + DRAFT)  # the Tờ trình, a blank back page, the draft
    assert document_starts(text) == [1, 3]
    assert document_starts(Text.from_string(MAIN + "\f" + "Điều 2. Tổ chức thực hiện")) == [1]


def test_the_main_document_keeps_its_own_signer_and_the_draft_is_an_attachment():
    text = Text.from_string(MAIN + "\f\f" + DRAFT)
    result = extract_text(text, source=Source(file="x.pdf"))
    assert result.document.doc_type == "to_trinh"
    assert result.document.signer.name == "Lê Văn An"
    assert [a.pages for a in result.attachments] == [[3]]
    assert result.attachments[0].document.doc_type == "nghi_quyet"
    # citations of the whole file, the attachment's included
    assert any(r.number == "30" for r in result.references)


def test_a_part_keeps_the_offsets_of_the_whole_text():
    text = Text.from_string(MAIN + "\f" + DRAFT)
    part = part_of(text, 2, 2)
    line = part.lines[0]
    assert part.line_text(line) == "HỘI ĐỒNG NHÂN DÂN" and line.start > len(MAIN)
    assert MAIN.split("\n")[0] not in part.text


def test_one_document_has_no_attachments():
    result = extract_text(Text.from_string(MAIN), source=Source(file="x.pdf"))
    assert result.attachments == [] and result.document.signer.name == "Lê Văn An"


def test_the_main_header_is_read_from_the_main_pages_only(monkeypatch):
    import vanban.extractor.pipeline as pipeline

    seen = []
    real = pipeline.parse_header

    def spy(text):
        seen.append(text)
        return real(text)

    monkeypatch.setattr(pipeline, "parse_header", spy)
    extract_text(Text.from_string(MAIN + "\f\f" + DRAFT), source=Source(file="x.pdf"))
    main, draft = seen
    assert "Lê Văn An" in main.text and "Trần Thị Bình" not in main.text
    assert [p.number for p in main.pages] == [1, 2] and [p.number for p in draft.pages] == [3]
