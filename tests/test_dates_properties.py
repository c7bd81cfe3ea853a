"""Property tests (hypothesis): a valid date written every supported way parses back."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings, strategies as st

from vanban.extractor.parsers.dates import find_dates, month_bounds, parse_date, parse_due, quarter_bounds

DATES = st.dates(min_value=date(1945, 1, 1), max_value=date(2099, 12, 31))

WRITERS = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    lambda d: f"ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d: f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}",
    lambda d: f"Ngày {d.day}/{d.month}/{d.year}",
    lambda d: f"ngày{d.day}/{d.month}/{d.year}",
    lambda d: f"NGÀY {d.day} THÁNG {d.month} NĂM {d.year}",
]


@settings(max_examples=150, deadline=None)
@given(DATES, st.sampled_from(range(len(WRITERS))), st.sampled_from(["", "Hà Nội, ", "hạn ", "(", "xong trước "]))
def test_day_round_trip(d, w, prefix):
    text = prefix + WRITERS[w](d) + ", tiếp theo"
    assert parse_date(text) == d
    spans = find_dates(text)
    assert len(spans) == 1 and spans[0].kind == "day"
    assert text[spans[0].span[0]:spans[0].span[1]] == spans[0].text


@settings(max_examples=80, deadline=None)
@given(DATES)
def test_day_without_year_takes_default(d):
    assert parse_date(f"ngày {d.day}/{d.month}", default_year=d.year) == d
    assert parse_date(f"ngày {d.day} tháng {d.month}", default_year=d.year) == d


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 12), st.integers(1945, 2099))
def test_month_round_trip(m, y):
    for text in (f"tháng {m}/{y}", f"Tháng {m:02d}/{y}", f"tháng {m} năm {y}", f"tháng {m}-{y}"):
        assert parse_due(text) == month_bounds(m, y), text


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1945, 2099))
def test_quarter_round_trip(q, y):
    for text in (f"Quý {ROMAN[q]}/{y}", f"quý {q} năm {y}", f"QUÝ {ROMAN[q]} NĂM {y}", f"quý {ROMAN[q]}-{y}"):
        assert parse_due(text) == quarter_bounds(q, y), text


@settings(max_examples=100, deadline=None)
@given(DATES, DATES)
def test_range_round_trip(a, b):
    a, b = min(a, b), max(a, b)
    for text in (f"từ ngày {a:%d/%m/%Y} đến ngày {b:%d/%m/%Y}",
                 f"Từ ngày {a.day} tháng {a.month} năm {a.year} đến ngày {b.day} tháng {b.month} năm {b.year}"):
        spans = find_dates(text)
        assert [(s.kind, s.start, s.end) for s in spans] == [("range", a, b)], text
    if a.year == b.year:
        text = f"từ ngày {a.day} tháng {a.month} đến ngày {b.day} tháng {b.month} năm {b.year}"
        assert parse_due(text) == (a, b)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_never_raises(s):
    for sp in find_dates(s, default_year=2021):
        assert s[sp.span[0]:sp.span[1]] == sp.text
        if sp.invalid:
            assert sp.start is None and sp.end is None
        if sp.start is not None:
            assert sp.start <= sp.end
    parse_due(s, default_year=2021)
