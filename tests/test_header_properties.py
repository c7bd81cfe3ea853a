"""Property test (hypothesis): a well-formed header, built here from invented parts, reads
the same whatever happens to its layout on the way in — the two columns given one after
the other, read across one line or laid out side by side with spaces, flattened cell by
cell with table pipes, rules and
markdown (web copies), lines wrapped at random word boundaries or at a code's hyphen
(or soft hyphen) — the parent body and its unit on one line, the type heading, the
signature block's authorities, position and name, the recipients' entries — page furniture added (HỎA TỐC / KHẨN / MẬT marks, an incoming "ĐẾN"
stamp, a Công báo running head). The parsed fields must equal the ones built.

Nothing here comes from a data set: the names, places and bodies are made up.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import given, settings, strategies as st

from vanban.extractor.parsers.header import parse_header
from vanban.extractor.text import Text

# (parent line or None, issuer lines, issuer as read, parent as read, symbol's issuer part)
BODIES = [
    (None, ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH MINH"], "Ủy ban nhân dân tỉnh Bình Minh", None, "UBND"),
    (None, ["HỘI ĐỒNG NHÂN DÂN", "HUYỆN SƠN KHÊ"], "Hội đồng nhân dân huyện Sơn Khê", None,
     "HĐND"),
    (["ỦY BAN NHÂN DÂN", "TỈNH LAM ĐIỀN"], ["SỞ TÀI CHÍNH"], "Sở Tài chính",
     "Ủy ban nhân dân tỉnh Lam Điền", "STC"),
    (["BỘ TÀI CHÍNH"], ["CỤC THUẾ"], "Cục Thuế", "Bộ Tài chính", "CT"),
]
# (type heading, slug, symbol's type part); None: a công văn (no heading, a "V/v" line)
TYPES = [("QUYẾT ĐỊNH", "quyet_dinh", "QĐ"), ("KẾ HOẠCH", "ke_hoach", "KH"),
         ("THÔNG BÁO", "thong_bao", "TB"), ("NGHỊ QUYẾT", "nghi_quyet", "NQ"),
         (None, "cong_van", None)]
PLACES = ["Bình Minh", "Sơn Khê", "Lam Điền", "Thành phố Tân An"]
# title words: none of them opens a body paragraph ("Theo", "Để", …) at a wrap
TITLE_WORDS = ["tổ chức", "triển khai", "công tác", "phòng chống", "thiên tai", "chuyển đổi",
               "số", "giáo dục", "hướng nghiệp", "môi trường", "nông thôn", "mới", "xây dựng",
               "quy chế", "hoạt động", "năm học", "khuyến học"]
NAMES = ["Nguyễn Văn An", "Trần Thị Minh Hòa", "Lê Quốc Bảo", "Phạm Thu Hà"]
# (authority lines, position, authority as read): the signer's block
BLOCKS = [(["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "TM. Ủy ban nhân dân"),
          (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "KT. Chủ tịch"),
          (["TL. GIÁM ĐỐC"], "CHÁNH VĂN PHÒNG", "TL. Giám đốc"),
          (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH",
           "TM. Ủy ban nhân dân; KT. Chủ tịch"),
          (["KT. BỘ TRƯỞNG"], "THỨ TRƯỞNG", "KT. Bộ trưởng")]
# recipients as written (each closed with ";", the archive last)
RECIPIENTS = ["Như Điều 2", "Thường trực Hội đồng nhân dân tỉnh", "Các sở, ban, ngành tỉnh",
              "Cổng thông tin điện tử tỉnh", "Văn phòng Đoàn đại biểu Quốc hội",
              "Chủ tịch, các Phó Chủ tịch UBND tỉnh"]
FURNITURE = ["HỎA TỐC", "KHẨN", "THƯỢNG KHẨN", "MẬT", "ĐẾN  Số: 345  Ngày: 06/01/2021",
             "CÔNG BÁO/Số 123 + 124/Ngày 05-01-2021",
             # a digital signature's stamp printed above the header
             "NGƯỜI KÝ: SỞ TÀI CHÍNH TỈNH BÌNH MINH", "Thời gian ký: 05.01.2021 10:12:13 +07:00"]


@dataclass
class Built:
    text: str
    doc_type: str
    number: str
    symbol: str
    issuer: str
    parent: str | None
    place: str
    issued: date
    title: str
    name: str
    position_words: str
    authority: str
    recipients: list[str]


def _wrap(draw, line: str, *, min_first: int = 1) -> list[str]:
    """``line`` as written, or broken at a random word boundary (the first piece keeping at
    least ``min_first`` words)."""
    words = line.split()
    if len(words) <= min_first or not draw(st.booleans()):
        return [line]
    k = draw(st.integers(min_first, len(words) - 1))
    return [" ".join(words[:k]), " ".join(words[k:])]


def _side_by_side(draw, left: list[str], right: list[str]) -> list[str]:
    """Two columns on the same rows, the right one after a gap of three spaces or more."""
    width = max(map(len, left)) + draw(st.integers(3, 12))
    rows = max(len(left), len(right))
    left, right = left + [""] * (rows - len(left)), right + [""] * (rows - len(right))
    return [f"{a.ljust(width)}{c}".rstrip() for a, c in zip(left, right)]


@st.composite
def headers(draw) -> Built:
    parent, unit, issuer, issuer_parent, issuer_abbr = draw(st.sampled_from(BODIES))
    heading, slug, type_abbr = draw(st.sampled_from(TYPES))
    number = str(draw(st.integers(1, 9999)))
    symbol = f"{type_abbr}-{issuer_abbr}" if type_abbr else f"{issuer_abbr}-VP"
    place = draw(st.sampled_from(PLACES))
    issued = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
    title_words = draw(st.lists(st.sampled_from(TITLE_WORDS), min_size=3, max_size=9))
    title = " ".join(title_words)
    title = title[0].upper() + title[1:]
    name = draw(st.sampled_from(NAMES))
    authorities, position, authority = draw(st.sampled_from(BLOCKS))
    recipients = draw(st.lists(st.sampled_from(RECIPIENTS), min_size=1, max_size=4, unique=True))
    layout = draw(st.sampled_from(["columns", "across", "pipes", "spaced"]))
    markdown = layout == "pipes" and draw(st.booleans())

    def b(s: str) -> str:  # bold, as web copies keep it
        return f"**{s}**" if markdown else s

    left = []
    # the parent and its unit on one line (a flattened layout), or each on its own
    body_lines = [" ".join(parent + unit)] if parent and draw(st.booleans()) else (parent or []) + unit
    for ln in body_lines:
        left += _wrap(draw, ln)
    national = _wrap(draw, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") + \
        _wrap(draw, "Độc lập - Tự do - Hạnh phúc")
    split = draw(st.sampled_from(["none", "after_so", "hyphen", "soft_hyphen"]))
    first, second = symbol.split("-", 1)
    number_lines = {
        "none": [f"Số: {number}/{symbol}"],
        "after_so": ["Số:", f"{number}/{symbol}"],
        "hyphen": [f"Số: {number}/{first}-", second],
        "soft_hyphen": [f"Số: {number}/{first}\u00ad", second],
    }[split]
    date_line = f"{place}, ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"
    date_lines = _wrap(draw, date_line)
    subject = _wrap(draw, f"V/v {title[0].lower() + title[1:]}", min_first=2) if not heading else []
    title_lines = _wrap(draw, title) if heading else []
    furniture = draw(st.lists(st.sampled_from(FURNITURE), max_size=2, unique=True))

    out: list[str] = list(furniture)
    if layout == "columns":
        out += left + national + number_lines + subject + date_lines
    elif layout == "across":
        # the first lines of both columns side by side, the rest one after the other
        n = min(len(left), len(national))
        out += [f"{a}          {c}" for a, c in zip(left[:n], national[:n])]
        out += left[n:] + national[n:] + number_lines + subject + date_lines
    elif layout == "spaced":
        # both columns side by side, laid out with spaces (typed so, or pdftotext -layout)
        out += _side_by_side(draw, left, national)
        out += _side_by_side(draw, number_lines + subject, date_lines)
    else:
        out += [b(x) for x in left] + ["-------", "|"] + [b(x) for x in national[:-1]] + \
            [national[-1], "---------------", "|", "|"] + number_lines + \
            [f"*{x}*" if markdown else x for x in subject] + ["|"] + \
            [f"*{x}*" if markdown else x for x in date_lines] + ["|"]
    if heading:
        out += [b(x) for x in _wrap(draw, heading)] + title_lines  # "QUYẾT" / "ĐỊNH"
    out += ["Căn cứ Luật Tổ chức chính quyền địa phương;", "Điều 1. Nội dung thực hiện.",
            "Điều 2. Tổ chức thực hiện.", ""]
    end = ["Nơi nhận:"]
    for r in recipients:
        end += _wrap(draw, f"- {r};", min_first=2)  # "- Thường trực" / "Hội đồng …;"
    end += ["- Lưu: VT."]
    signature = []
    for a in authorities:
        signature += _wrap(draw, a)  # "TM. ỦY BAN" / "NHÂN DÂN", "KT." / "CHỦ TỊCH"
    signature += _wrap(draw, position)  # "PHÓ CHỦ" / "TỊCH"
    if layout == "spaced":  # the list beside the block, the name under both
        out += _side_by_side(draw, end, signature) + ["", " " * 50 + name]
    else:
        for piece in _wrap(draw, name):  # "Trần" / "Thị Minh" / "Hòa"
            signature += _wrap(draw, piece)
        out += end + (["|"] + [b(x) for x in signature] if layout == "pipes" else signature)
    return Built(text="\n".join(out) + "\n", doc_type=slug, number=number, symbol=symbol,
                 issuer=issuer, parent=issuer_parent, place=place, issued=issued,
                 title=title if heading else title[0].lower() + title[1:], name=name,
                 position_words=position, authority=authority,
                 recipients=recipients + ["Lưu: VT"])


# derandomized: the suite gives the same answer at every run (a wider random search was run
# while developing: 1,500 examples)
@settings(max_examples=150, deadline=None, derandomize=True)
@given(headers())
def test_header_fields_survive_layout(built: Built):
    info = parse_header(Text.from_string(built.text))
    doc = info.document
    got = (doc.doc_type, doc.number, doc.symbol, doc.issuer, doc.issuer_parent, doc.place,
           doc.issue_date, doc.title, doc.signer.name if doc.signer else None)
    want = (built.doc_type, built.number, built.symbol, built.issuer, built.parent, built.place,
            built.issued, built.title, built.name)
    assert got == want, built.text
    assert doc.signer.position and doc.signer.position.upper() == built.position_words
    assert doc.signer.authority == built.authority
    assert doc.recipients == built.recipients
    assert info.zone.read and {"number", "place_date", "issuer"} <= info.zone.parts
    # nothing was missing, so nothing is reported missing
    assert not [w for w in info.warnings if w.startswith("Không tìm thấy")], info.warnings


def test_furniture_never_becomes_a_field():
    text = ("Ký bởi: SỞ TÀI CHÍNH\nCơ quan: TỈNH BÌNH MINH\n"
            "HỎA TỐC\nCÔNG BÁO/Số 123 + 124/Ngày 05-01-2021\nỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\n"
            "ĐẾN  Số: 345  Ngày: 06/01/2021\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\nSố: 12/QĐ-UBND\nBình Minh, ngày 05 tháng 01 năm 2021\n"
            "QUYẾT ĐỊNH\nVề việc thành lập tổ công tác\nCăn cứ Luật;\n")
    doc = parse_header(Text.from_string(text)).document
    assert (doc.issuer, doc.issuer_parent, doc.number, doc.symbol, doc.issue_date) == (
        "Ủy ban nhân dân tỉnh Bình Minh", None, "12", "QĐ-UBND", date(2021, 1, 5))


def test_parts_not_found_are_warned_and_flagged():
    # a header with no number line and no date line: both null, warned, flagged not_found
    info = parse_header(Text.from_string(
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nKẾ HOẠCH\nTổ chức ngày hội\nCăn cứ Luật;\n"
        "Ngày 05 tháng 01 năm 2021, Ủy ban đã họp.\n"))
    doc = info.document
    assert doc.number is None and doc.issue_date is None  # never the body's date
    assert info.zone.read and "number" not in info.zone.parts
    assert any("số, ký hiệu" in w for w in info.warnings)
    assert any("ngày tháng năm ban hành" in w for w in info.warnings)
    for key in ("number", "issue_date"):
        assert [r.code for r in doc.review[key].reasons] == ["not_found"]


def test_no_header_read_is_said_once():
    # a page from the middle of a document: no header part at all
    info = parse_header(Text.from_string("Điều 5. Tổ chức thực hiện\nCác sở, ngành thực hiện.\n"))
    assert not info.zone.read
    assert info.document.issuer is None and "issuer" not in info.document.review
    assert any("Không đọc được phần đầu" in w for w in info.warnings)


def test_type_from_symbol_is_a_flagged_guess():
    doc = parse_header(Text.from_string(
        "ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nSố: 12/KH-UBND\nBình Minh, ngày 05 tháng 01 năm 2021\n"
        "Căn cứ Luật;\n")).document
    assert doc.doc_type == "ke_hoach" and doc.provenance["doc_type"].inferred
    assert doc.review["doc_type"].needs_review
    assert doc.review["doc_type"].reasons[0].code == "ambiguous"
