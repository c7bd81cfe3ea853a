import pytest

from vanban.extractor.normalize import fold, strip_accents, tone_normalize


@pytest.mark.parametrize("a, b", [
    ("CÔNG HOÀ", "công hòa"),
    ("Thuỷ lợi", "thủy lợi"),
    ("“Gia đình học tập”", '"gia đình học tập"'),
    ("Độc lập – Tự do", "độc lập - tự do"),
    ("  Hội   Khuyến học ", "hội khuyến học"),
])
def test_fold_equates_spellings_a_reader_calls_the_same(a, b):
    assert fold(a) == fold(b)


@pytest.mark.parametrize("a, b", [
    ("Cộng hòa", "Công hòa"),   # a different letter is a different word
    ("hòa", "hoa"),
])
def test_fold_keeps_real_differences(a, b):
    assert fold(a) != fold(b)


@pytest.mark.parametrize("raw, expected", [
    ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
    ("tỉnh Khánh Hoà", "tỉnh Khánh Hòa"),
    ("xoá mù chữ", "xóa mù chữ"),
    ("Quý III/2021", "Quý III/2021"),
    ("ASCII only", "ASCII only"),
])
def test_tone_normalize(raw, expected):
    assert tone_normalize(raw) == expected


def test_strip_accents():
    assert strip_accents("Đinh Thị Thu Hương") == "Dinh Thi Thu Huong"


def test_other_hyphens_are_the_hyphen_in_the_text_and_its_citations(tmp_path):
    """Word's non-breaking hyphen and its kin inside a code: the citation is read whole."""
    from vanban.extractor import extract

    line = "Căn cứ Nghị định số 30/2020/NĐ\u2011CP ngày 05/3/2020 và Thông tư số 01/2011/TT\u2010BNV;"
    path = tmp_path / "kh.txt"
    path.write_text("KẾ HOẠCH\nCông tác năm 2025\n" + line + "\n", encoding="utf-8")
    result = extract(path)
    assert {r.code for r in result.references} >= {"30/2020/NĐ-CP", "01/2011/TT-BNV"}


def test_the_eth_put_for_d_with_stroke_is_d_with_stroke(tmp_path):
    """Fonts and old keyboard tables type Đ as the Icelandic Ð (U+00D0): it looks the same,
    and no Vietnamese word holds it. The header and the citations read it as Đ."""
    from vanban.extractor import extract

    path = tmp_path / "qd.txt"
    path.write_text("ỦY BAN NHÂN DÂN\nHUYỆN AN LẠC\nSố: 12/Q\u00d0-UBND\nAn Lạc, ngày 05 tháng 3 "
                    "năm 2021\nQUYẾT \u00d0ỊNH\nVề việc A\nCăn cứ Quyết \u00f0ịnh số 5/Q\u00d0-TTg "
                    "ngày 02/01/2020;\n", encoding="utf-8")
    result = extract(path)
    assert (result.document.symbol, result.document.doc_type) == ("QĐ-UBND", "quyet_dinh")
    assert [r.code for r in result.references] == ["5/QĐ-TTg"]
    assert "\u00d0" not in result.document.model_dump_json()


def test_invisible_characters_full_width_forms_and_line_separators(tmp_path):
    """A web copy's zero-width spaces and mid-word soft hyphens have no glyph, an East
    Asian input method's full-width colon and slash are ":" and "/", and a Unicode line
    separator ends a line: the header reads as printed."""
    from vanban.extractor import extract

    head = ("ỦY BAN NHÂN DÂN\nHUYỆN AN LẠC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n{number}\nAn Lạc, ngày 05 tháng 3 năm 2021\n"
            "QUYẾT ĐỊNH\nVề việc phê duyệt kế hoạch\nCăn cứ Luật;\n")
    for i, number in enumerate(["Số: 1\u200b2/Q\u200bĐ-UB\u00adND", "Số\uff1a 12\uff0fQĐ-UBND"]):
        path = tmp_path / f"qd{i}.txt"
        path.write_text(head.format(number=number), encoding="utf-8")
        doc = extract(path).document
        assert (doc.number, doc.symbol, doc.issuer) == ("12", "QĐ-UBND",
                                                        "Ủy ban nhân dân huyện An Lạc")
    path = tmp_path / "ls.txt"
    path.write_text(head.format(number="Số: 12/QĐ-UBND").replace("\n", "\u2028"),
                    encoding="utf-8")
    doc = extract(path).document
    assert (doc.number, doc.title) == ("12", "Về việc phê duyệt kế hoạch")
