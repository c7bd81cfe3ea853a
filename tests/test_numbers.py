"""Table-driven tests of extractor.parsers.numbers and its vocabulary."""
from __future__ import annotations

import unicodedata

import pytest

from vanban.extractor.parsers.numbers import number_words, parse_number

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


# (text, [(value, value_max, unit, kind, matched text), ...])
QUANTITY_CASES = [
    ("trên 70% hộ", [(70, None, "%", "percent", "70%")]),
    ("đạt 99,5 %", [(99.5, None, "%", "percent", "99,5 %")]),
    ("chín mươi phần trăm", [(90, None, "%", "percent", "chín mươi phần trăm")]),
    ("từ 70% đến 80%", [(70, 80, "%", "percent", "70% đến 80%")]),
    ("25.000đ/1 người dân", [(25000, None, "đồng/người dân", "money", "25.000đ/1 người dân")]),
    ("50.000 đồng/người/năm", [(50000, None, "đồng/người/năm", "money", "50.000 đồng/người/năm")]),
    ("14,2 tỷ đồng", [(14.2, None, "tỷ đồng", "money", "14,2 tỷ đồng")]),
    ("200.022 triệu đồng", [(200022, None, "triệu đồng", "money", "200.022 triệu đồng")]),
    ("1.500.000 VNĐ", [(1_500_000, None, "đồng", "money", "1.500.000 VNĐ")]),
    ("từ 2 đến 4 trung tâm", [(2, 4, None, "number", "2 đến 4")]),
    ("1-2 khẩu hiệu", [(1, 2, None, "number", "1-2")]),
    ("ít nhất một người", [(1, None, None, "number", "một")]),
    ("l00% xã", [(100, None, "%", "percent", "l00%")]),
    # negative rows: no quantity, or only the parts that are quantities
    ("năm 2023 và tư vấn", [(2023, None, None, "number", "2023")]),
    ("Quyết định số 281/QĐ-TTg", []),
    ("ngày 20/02/2014", []),
    ("mươi", []),
    ("", []),
]


@pytest.mark.parametrize("text,expected", QUANTITY_CASES)
def test_find_quantities(text, expected):
    from vanban.extractor.parsers.numbers import find_quantities

    got = find_quantities(text)
    assert [(q.value, q.value_max, q.unit, q.kind, q.text) for q in got] == [
        (pytest.approx(v), None if vm is None else pytest.approx(vm), u, k, tx) for v, vm, u, k, tx in expected]
    for q in got:
        assert text[q.span[0]:q.span[1]] == q.text


def test_money_amount_applies_the_scale():
    from vanban.extractor.parsers.numbers import find_quantities

    (q,) = find_quantities("14,2 tỷ đồng")
    assert q.amount == pytest.approx(14.2e9)


def test_units_vocabulary_is_clean():
    from vanban.extractor.parsers.numbers import units

    data = units()
    for table, key in (("percent", "words"), ("money", "currency"), ("money", "scales"),
                       ("per", "words"), ("count", "nouns")):
        words = data[table][key]
        assert words and len(words) == len(set(words)), (table, key)
        for w in words:
            assert w == unicodedata.normalize("NFC", w) == w.lower() == w.strip() and "  " not in w, repr(w)
    assert "%" in data["percent"]["words"] and "đồng" in data["money"]["currency"]
