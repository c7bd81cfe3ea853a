"""Table-driven tests of extractor.parsers.numbers and its vocabulary."""
from __future__ import annotations

import unicodedata

import pytest

from extractor.parsers.numbers import number_words, parse_number

NUMBER_CASES = [
    ("50.000", 50000), ("2,5", 2.5), ("14,2", 14.2), ("200.022", 200022), ("1.234,5", 1234.5),
    ("1.000.000", 1_000_000), ("2.5", 2.5), ("1,500,000", 1_500_000), ("100", 100), ("07", 7),
    ("50 000", 50000), ("l00", 100), ("9O", 90),
    ("một", 1), ("hai", 2), ("mười", 10), ("mười lăm", 15), ("hai mươi", 20), ("hai mươi mốt", 21),
    ("hai mươi tư", 24), ("một trăm", 100), ("một trăm linh năm", 105), ("ba trăm lẻ hai", 302),
    ("hai nghìn", 2000), ("hai ngàn", 2000), ("một chục", 10), ("Năm mươi", 50),
    ("hai tỷ ba trăm triệu", 2_300_000_000), ("một nghìn tỷ", 10**12),
    ("14,2 tỷ", 14.2e9), ("2 triệu 500 nghìn", 2_500_000),
    # negative rows
    ("50.00", 50.0),
    ("", None), ("abc", None), ("hàng trăm", None), ("1.23.4", None),
    ("lO", None), ("1,2,3", None), ("mươi", None),
]


@pytest.mark.parametrize("text,expected", NUMBER_CASES)
def test_parse_number(text, expected):
    got = parse_number(text)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


def test_number_words_vocabulary_is_clean():
    words = number_words()
    assert len(words) >= 25
    roles = {"digit", "tens", "hundreds", "connector", "scale"}
    for w, (role, value) in words.items():
        assert w == unicodedata.normalize("NFC", w) == w.lower() == w.strip(), w
        assert role in roles
        assert value >= 0
    # the digits 1..9 are all spelt
    assert {v for r, v in words.values() if r == "digit"} == set(range(10))
    assert words["triệu"] == ("scale", 1_000_000)
