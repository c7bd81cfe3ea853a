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
