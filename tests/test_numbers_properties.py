"""Property tests (hypothesis): numbers written the Vietnamese way parse back."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from vanban.extractor.parsers.numbers import parse_number


def vn_thousands(n: int) -> str:
    """1234567 → '1.234.567' (Vietnamese thousands dot)."""
    return f"{n:,}".replace(",", ".")


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**12))
def test_integer_with_thousands_dots(n):
    assert parse_number(vn_thousands(n)) == n
    assert parse_number(str(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.integers(1, 99))
def test_decimal_comma(i, frac):
    text = f"{vn_thousands(i)},{frac:02d}"
    assert abs(parse_number(text) - (i + frac / 100)) < 1e-6


UNITS = ["", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def words_below_1000(n: int) -> str:
    """Spell 1..999 in Vietnamese (mốt/lăm/tư after mươi, linh for an empty tens place)."""
    h, rest = divmod(n, 100)
    t, u = divmod(rest, 10)
    parts = []
    if h:
        parts += [UNITS[h], "trăm"]
    if t == 0 and u:
        parts += (["linh"] if h else []) + [UNITS[u]]
    elif t == 1:
        parts += ["mười"] + (["lăm" if u == 5 else UNITS[u]] if u else [])
    elif t > 1:
        parts += [UNITS[t], "mươi"]
        if u:
            parts.append({1: "mốt", 4: "tư", 5: "lăm"}.get(u, UNITS[u]))
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 999))
def test_number_words_round_trip(n):
    assert parse_number(words_below_1000(n)) == n


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 999), st.integers(0, 999))
def test_scale_words(a, b):
    text = f"{words_below_1000(a)} nghìn" + (f" {words_below_1000(b)}" if b else "")
    assert parse_number(text) == a * 1000 + b
    assert parse_number(f"{words_below_1000(a)} triệu") == a * 1_000_000


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from(["đồng", "đ", "VNĐ"]), st.sampled_from(["", "/người/năm", "/1 học sinh"]))
def test_money_round_trip(n, currency, per):
    from vanban.extractor.parsers.numbers import find_quantities

    text = f"mức {vn_thousands(n)}{'' if currency == 'đ' else ' '}{currency}{per} cho quỹ"
    (q,) = find_quantities(text)
    assert q.value == n and q.kind == "money"
    assert q.unit == "đồng" + per.replace("1 ", "")


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 100), st.integers(0, 9), st.booleans())
def test_percent_round_trip(i, frac, spaced):
    from vanban.extractor.parsers.numbers import find_quantities

    figure = f"{i},{frac}" if frac else str(i)
    (q,) = find_quantities(f"có {figure}{' ' if spaced else ''}% hộ gia đình")
    assert abs(q.value - (i + frac / 10)) < 1e-9 and q.unit == "%"
