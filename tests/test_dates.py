"""Table-driven tests of extractor.parsers.dates (the shared date API)."""
from __future__ import annotations

from datetime import date

import pytest

from vanban.extractor.parsers.dates import (
    find_dates, month_bounds, parse_date, parse_due, quarter_bounds, roman_to_int,
)

D = date

# (text, default_year, [(kind, start, end, qualifier, matched text), ...])
FIND_CASES = [
    ("19/01/2021", None, [("day", D(2021, 1, 19), D(2021, 1, 19), None, "19/01/2021")]),
    ("19-01-2021", None, [("day", D(2021, 1, 19), D(2021, 1, 19), None, "19-01-2021")]),
    ("19.01.2021", None, [("day", D(2021, 1, 19), D(2021, 1, 19), None, "19.01.2021")]),
    ("Long Biên, ngày 19 tháng 01 năm 2021", None,
     [("day", D(2021, 1, 19), D(2021, 1, 19), None, "ngày 19 tháng 01 năm 2021")]),
    ("NGÀY 5 THÁNG 9 NĂM 2022", None, [("day", D(2022, 9, 5), D(2022, 9, 5), None, "NGÀY 5 THÁNG 9 NĂM 2022")]),
    ("Quyết định ngày22/5/2013", None, [("day", D(2013, 5, 22), D(2013, 5, 22), None, "ngày22/5/2013")]),
    ("tháng 11/2021", None, [("month", D(2021, 11, 1), D(2021, 11, 30), None, "tháng 11/2021")]),
    ("tháng 11 năm 2021", None, [("month", D(2021, 11, 1), D(2021, 11, 30), None, "tháng 11 năm 2021")]),
    ("tháng 2 năm 2024", None, [("month", D(2024, 2, 1), D(2024, 2, 29), None, "tháng 2 năm 2024")]),
    ("Quý III/2021", None, [("quarter", D(2021, 7, 1), D(2021, 9, 30), None, "Quý III/2021")]),
    ("Quý 1/2021", None, [("quarter", D(2021, 1, 1), D(2021, 3, 31), None, "Quý 1/2021")]),
    ("Quý II1/2021", None, [("quarter", D(2021, 7, 1), D(2021, 9, 30), None, "Quý II1/2021")]),
    ("quý 3 năm 2021", None, [("quarter", D(2021, 7, 1), D(2021, 9, 30), None, "quý 3 năm 2021")]),
    ("Nhiệm vụ quý IV", 2023, [("quarter", D(2023, 10, 1), D(2023, 12, 31), None, "quý IV")]),
    ("Quý I, II/2023", None, [("range", D(2023, 1, 1), D(2023, 6, 30), None, "Quý I, II/2023")]),
    ("quý II - III năm 2023", None, [("range", D(2023, 4, 1), D(2023, 9, 30), None, "quý II - III năm 2023")]),
    ("năm 2023", None, [("year", D(2023, 1, 1), D(2023, 12, 31), None, "năm 2023")]),
    ("6 tháng đầu năm 2023", None, [("half", D(2023, 1, 1), D(2023, 6, 30), None, "6 tháng đầu năm 2023")]),
    ("6 tháng cuối năm 2023", None, [("half", D(2023, 7, 1), D(2023, 12, 31), None, "6 tháng cuối năm 2023")]),
    ("năm học 2022-2023", None,
     [("school_year", D(2022, 9, 1), D(2023, 8, 31), None, "năm học 2022-2023")]),
    ("giai đoạn 2021 - 2025", None, [("range", D(2021, 1, 1), D(2025, 12, 31), None, "giai đoạn 2021 - 2025")]),
    ("từ ngày 02/10/2022 đến ngày 08/10/2022", None,
     [("range", D(2022, 10, 2), D(2022, 10, 8), None, "từ ngày 02/10/2022 đến ngày 08/10/2022")]),
    ("Từ ngày 01 đến 31/10/2020", None,
     [("range", D(2020, 10, 1), D(2020, 10, 31), None, "Từ ngày 01 đến 31/10/2020")]),
    ("06 - 07/10/2022", None, [("range", D(2022, 10, 6), D(2022, 10, 7), None, "06 - 07/10/2022")]),
    ("từ ngày 10 tháng 8 đến ngày 10 tháng 9 năm 2023", None,
     [("range", D(2023, 8, 10), D(2023, 9, 10), None, "từ ngày 10 tháng 8 đến ngày 10 tháng 9 năm 2023")]),
    ("từ 15/12 đến 15/01/2022", None, [("range", D(2021, 12, 15), D(2022, 1, 15), None, "từ 15/12 đến 15/01/2022")]),
    ("Trước 20/01/2021", None, [("day", D(2021, 1, 20), D(2021, 1, 20), "before", "20/01/2021")]),
    ("Xong trước ngày 05/9/2022", None, [("day", D(2022, 9, 5), D(2022, 9, 5), "before", "ngày 05/9/2022")]),
    ("chậm nhất ngày 30/6/2021", None, [("day", D(2021, 6, 30), D(2021, 6, 30), "before", "ngày 30/6/2021")]),
    ("kể từ ngày 01/01/2021", None, [("day", D(2021, 1, 1), D(2021, 1, 1), "from", "ngày 01/01/2021")]),
    ("trong tháng 12/2023", None, [("month", D(2023, 12, 1), D(2023, 12, 31), "during", "tháng 12/2023")]),
    ("đến năm 2025", None, [("year", D(2025, 1, 1), D(2025, 12, 31), "before", "năm 2025")]),
    ("ngày 05/9", 2022, [("day", D(2022, 9, 5), D(2022, 9, 5), None, "ngày 05/9")]),
    ("ngày 05/9", None, [("day", None, None, None, "ngày 05/9")]),
    ("Quý III/2021 (Tháng 7)", None, [("quarter", D(2021, 7, 1), D(2021, 9, 30), None, "Quý III/2021"),
                                      ("month", D(2021, 7, 1), D(2021, 7, 31), None, "Tháng 7")]),
    ("Chỉ thị số 11/CT-TW ngày 13/4/2007 của Bộ Chính trị", None,
     [("day", D(2007, 4, 13), D(2007, 4, 13), None, "ngày 13/4/2007")]),
    # negative rows: numbers that are not dates
    ("Thông tư 44/2014/TT-BGDĐT", None, []),
    ("kỷ niệm 27 năm thành lập", None, []),
    ("đạt 2/3 số xã", None, []),
    ("Mục 1.2.3 và 100%", None, []),
    ("điện thoại 024.3877.9199", None, []),
    ("ngày 32/01/2021", None, []),
    ("quý V/2021", None, []),
]


@pytest.mark.parametrize("text,default_year,expected", FIND_CASES)
def test_find_dates(text, default_year, expected):
    got = find_dates(text, default_year=default_year)
    assert [(d.kind, d.start, d.end, d.qualifier, d.text) for d in got] == expected
    for d in got:
        assert text[d.span[0]:d.span[1]] == d.text
        assert d.invalid is False


@pytest.mark.parametrize("text", ["ngày 31/02/2021", "30/02/2020", "ngày 31 tháng 4 năm 2021",
                                  "từ ngày 30/02/2021 đến 05/3/2021", "29/02/2023"])
def test_impossible_dates_are_flagged_not_raised(text):
    got = find_dates(text)
    assert len(got) == 1
    assert got[0].invalid is True
    assert got[0].start is None and got[0].end is None


def test_leap_day_is_valid():
    assert find_dates("29/02/2024")[0].start == D(2024, 2, 29)


# (due text, default_year, expected (start, end))
DUE_CASES = [
    ("Trước 20/01/2021", None, (None, D(2021, 1, 20))),
    ("Quý I/2021", None, (D(2021, 1, 1), D(2021, 3, 31))),
    ("Quý III/2021 (Tháng 7)", None, (D(2021, 7, 1), D(2021, 7, 31))),
    ("Quý III/2021 (Tháng 9)", None, (D(2021, 9, 1), D(2021, 9, 30))),
    ("Quý II/2021 (Tháng 9)", None, (D(2021, 9, 1), D(2021, 9, 30))),
    ("Quý IV/2021; Tháng 12/2022", None, (D(2021, 10, 1), D(2021, 12, 31))),
    ("Tháng 11/2021", None, (D(2021, 11, 1), D(2021, 11, 30))),
    ("Xong trước ngày 05/9/2022", None, (None, D(2022, 9, 5))),
    ("Theo Kế hoạch của quận", 2022, (None, None)),
    ("", 2022, (None, None)),
    ("Ngày 02/10/2022 (tại phường); 03/10/2022 (tại các trường)", None, (D(2022, 10, 2), D(2022, 10, 3))),
    ("Từ ngày 02/10/2022 đến 08/10/2022", None, (D(2022, 10, 2), D(2022, 10, 8))),
    ("Ngày 05 - 06/10/2022", None, (D(2022, 10, 5), D(2022, 10, 6))),
    ("Nhiệm vụ quý I", 2023, (D(2023, 1, 1), D(2023, 3, 31))),
    ("trước ngày 15 tháng 11 năm 2023; trong tháng 12/2023", None, (None, D(2023, 11, 15))),
    ("ngày 20/11", 2022, (D(2022, 11, 20), D(2022, 11, 20))),
    ("Trước tháng 12/2021", None, (None, D(2021, 11, 30))),
    ("Hạn tháng 12/2021", None, (None, D(2021, 12, 31))),
    ("Từ ngày 01/3/2021", None, (D(2021, 3, 1), None)),
    ("ngày 31/02/2021", None, (None, None)),
]


@pytest.mark.parametrize("text,default_year,expected", DUE_CASES)
def test_parse_due(text, default_year, expected):
    assert parse_due(text, default_year=default_year) == expected


@pytest.mark.parametrize("text,expected", [
    ("Hà Nội, ngày 15 tháng 8 năm 2022", D(2022, 8, 15)),
    ("Quý I/2021 và ngày 05/3/2021", D(2021, 3, 5)),
    ("tháng 11/2021", None),
    ("ngày 31/02/2021", None),
    ("không có ngày", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("s,expected", [
    ("I", 1), ("II", 2), ("III", 3), ("IV", 4), ("1", 1), ("11", 2), ("II1", 3), ("Il", 2),
    ("l", 1), ("1V", 4), ("3", 3), ("iv", 4),
    ("", None), ("IIII", None), ("abc", None), ("VV", None), ("123", None),
])
def test_roman_to_int(s, expected):
    assert roman_to_int(s) == expected


def test_bounds():
    assert quarter_bounds(1, 2021) == (D(2021, 1, 1), D(2021, 3, 31))
    assert quarter_bounds(4, 2021) == (D(2021, 10, 1), D(2021, 12, 31))
    assert month_bounds(2, 2023) == (D(2023, 2, 1), D(2023, 2, 28))
    with pytest.raises(ValueError):
        quarter_bounds(5, 2021)
