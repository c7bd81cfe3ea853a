"""Dates and periods as Vietnamese administrative texts write them.

One door in: :func:`find_dates` returns every date or interval expression of a string, in
order, as :class:`DateSpan` objects (spans relative to the string). Helpers built on it:
:func:`parse_date` (the first single day), :func:`parse_due` (a timetable "Thời gian" cell to
``(start, end)`` following OUTPUT.md), :func:`quarter_bounds`, :func:`month_bounds`,
:func:`roman_to_int`.

How it works (match, then combine, then validate):

1. *Atoms.* Each pattern of :data:`_ATOMS` finds one kind of expression — a numeric day
   ``19/01/2021``, a worded day ``ngày 19 tháng 01 năm 2021``, a month ``tháng 11/2021``, a
   quarter ``Quý III/2021``, a half year ``6 tháng đầu năm 2023``, a school year
   ``năm học 2022-2023``, a year ``năm 2023`` … Some atoms are *partial* (``ngày 01``,
   ``tháng 8``, ``ngày 05/9``): they miss a month or a year. Overlaps are settled by taking
   the earliest, then the longest match.
2. *Ranges.* Two neighbouring atoms joined by ``đến``/``tới``/a dash (the first usually after
   ``từ``) form one ``range``; the first borrows what it lacks from the second
   (``từ ngày 01 đến 31/10/2020`` → 01/10/2020 … 31/10/2020).
3. *Resolve.* Missing years come from ``default_year`` (else the span has no dates);
   impossible days (``31/02/2021``) give ``invalid=True`` and no dates — never an exception.
4. *Qualifier.* The words just before the expression say how it bounds a task:
   ``before`` (trước, xong trước, chậm nhất, hạn, đến), ``from`` (từ, kể từ), ``during``
   (trong). The qualifier word itself is not part of ``text``/``span`` (except ``từ`` of a range).

Text is expected in NFC (as every string of :class:`extractor.text.Text`); matching is
case-insensitive and tolerates a few OCR slips (``nãm``, ``Quý II1``, ``ngày22/5/2013``).
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Optional

__all__ = [
    "DateSpan", "find_dates", "parse_date", "parse_due",
    "quarter_bounds", "month_bounds", "half_bounds", "year_bounds", "roman_to_int",
]

KINDS = ("day", "month", "quarter", "half", "year", "range", "school_year")


@dataclass(frozen=True)
class DateSpan:
    """One date or interval expression found in a string.

    ``start``/``end`` are the first and last day it covers (equal for a single day); both
    are None when the expression is ``invalid`` (an impossible day such as 31/02/2021) or
    when its year is unknown (no year written and no ``default_year``). ``span`` indexes the
    string given to :func:`find_dates`; ``text`` is ``s[span[0]:span[1]]``.
    ``cue`` is the qualifier word as written (``Xong trước``, ``chậm nhất``…), if any.
    """

    start: Optional[date]
    end: Optional[date]
    text: str
    span: tuple[int, int]
    kind: str  # 'day'|'month'|'quarter'|'half'|'year'|'range'|'school_year'
    qualifier: Optional[str] = None  # 'before' | 'from' | 'during' | None
    invalid: bool = False
    cue: Optional[str] = None


# ----------------------------------------------------------------------------- bounds
def month_bounds(month: int, year: int) -> tuple[date, date]:
    """First and last day of a month.

    >>> month_bounds(2, 2024)
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    """
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_bounds(q: int, year: int) -> tuple[date, date]:
    """First and last day of quarter ``q`` (1–4).

    >>> quarter_bounds(3, 2021)
    (datetime.date(2021, 7, 1), datetime.date(2021, 9, 30))
    """
    if not 1 <= q <= 4:
        raise ValueError(f"quarter {q} out of range 1-4")
    first = 3 * (q - 1) + 1
    return month_bounds(first, year)[0], month_bounds(first + 2, year)[1]


def half_bounds(half: int, year: int) -> tuple[date, date]:
    """``6 tháng đầu năm`` (half 1) = Jan–Jun, ``6 tháng cuối năm`` (half 2) = Jul–Dec."""
    return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def school_year_bounds(first_year: int) -> tuple[date, date]:
    """A school year ``năm học 2022-2023``: 1 September 2022 … 31 August 2023 (the
    ministry's school-year calendar starts in September; summer belongs to the year that ends)."""
    return date(first_year, 9, 1), date(first_year + 1, 8, 31)


# ----------------------------------------------------------------------------- roman numerals
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# What OCR makes of the letter I: the digit 1, a lower-case l, a bar, an accented i …
_ROMAN_OCR = str.maketrans({"1": "I", "l": "I", "|": "I", "i": "I", "í": "I", "ì": "I",
                            "ı": "I", "!": "I", "L": "I", "v": "V", "x": "X"})
_ROMAN_CANON = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8,
                "IX": 9, "X": 10, "XI": 11, "XII": 12}


def roman_to_int(s: str) -> Optional[int]:
    """A small Roman numeral (quarters, sections) as OCR may render it; None if it is not one.

    A lone Arabic digit other than 1 is read as itself (``quý 3``); strings of ``1``/``l``/``I``
    are read as Roman ones (``11`` → 2, ``II1`` → 3) because OCR turns ``I`` into ``1``.

    >>> [roman_to_int(x) for x in ["I", "II", "III", "IV", "1", "11", "II1", "Il", "3", "IIII", "abc"]]
    [1, 2, 3, 4, 1, 2, 3, 2, 3, None, None]
    """
    s = (s or "").strip()
    if not s:
        return None
    if s.isdigit() and set(s) != {"1"}:
        return int(s) if len(s) <= 2 else None
    canon = s.translate(_ROMAN_OCR).upper()
    return _ROMAN_CANON.get(canon)


# ----------------------------------------------------------------------------- patterns
# Named parts. Vietnamese words allow the OCR/typing variants seen in scans (a instead of ă/ã).
_NGAY = r"ng[àaả]y"
_THANG = r"th[áaà]ng"
_NAM = r"n[ăaãâ]m"
_QUY = r"qu[ýyỷ]"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)\d{2}"
_SEP = r"\s?[/.\-]\s?"
_DASH = r"[-–—]"
_ROMAN = r"(?:[IVXl1|]{1,4}|[2-4])"  # I … IV with OCR's 1/l/| for I; Arabic quarter digits
_NB = r"(?<![\w/.,])"  # not glued to a preceding word, number or separator
_NA = r"(?![\w/]|[.,]\d)"  # not followed by more of a number or word
# A pattern that opens with lookbehinds or an alternation is tried in full at every
# position of the text; a look-ahead for the characters a match can start with rejects
# most positions at once (the matches are the same: every match starts with one of them).
_STARTS_DIGIT_OR_N = r"(?=[0-9n])"  # a day in digits, or "ngày"

_ATOMS: list[tuple[str, re.Pattern[str]]] = [
    # 19/01/2021, 19-01-2021, 19.01.2021, "ngày22/5/2013" (the glued "ngày" is optional)
    ("dmy", re.compile(rf"""
        {_STARTS_DIGIT_OR_N}(?:{_NGAY}\s*|{_NB})(?P<d>{_DAY}){_SEP}(?P<m>{_MONTH}){_SEP}(?P<y>{_YEAR}){_NA}
    """, re.I | re.X)),
    # ngày 19 tháng 01 năm 2021 / ngày 19 tháng 01 (year from elsewhere)
    ("dmy_words", re.compile(rf"""
        {_NGAY}\s*(?P<d>{_DAY})\s*(?:,\s*)?{_THANG}\s*(?P<m>{_MONTH})
        (?:\s*(?:,\s*)?(?:{_NAM}\s*|[/.\-]\s?)(?P<y>{_YEAR}))?{_NA}
    """, re.I | re.X)),
    # ngày 05/9, trước 20/01 — a day and month without year, only after a cue word
    ("dm", re.compile(rf"""
        {_STARTS_DIGIT_OR_N}(?:(?<=trước\s)|(?<=đến\s)|(?<=từ\s)|(?<=hạn\s)|(?<=nhất\s)|(?:{_NGAY}\s*))
        (?P<d>{_DAY})\s?[/.\-]\s?(?P<m>{_MONTH}){_NA}
    """, re.I | re.X)),
    # "ngày 01" alone: only useful as the first end of a range (ngày 01 đến 31/10/2020)
    ("d", re.compile(rf"{_NGAY}\s*(?P<d>{_DAY}){_NA}", re.I)),
    # "06" in "06 - 07/10/2022": a bare day right before a dash and another day
    ("d_dash", re.compile(rf"(?=[0-9]){_NB}(?P<d>{_DAY})(?=\s*{_DASH}\s*{_DAY}\s?[/.\-]\s?{_MONTH})", re.I)),
    # tháng 11/2021, tháng 11 năm 2021, tháng 11-2021, tháng 7 (year from elsewhere)
    ("my", re.compile(rf"""
        {_THANG}\s*(?P<m>{_MONTH})(?:\s*(?:{_NAM}\s*|[/.\-]\s?)(?P<y>{_YEAR}))?{_NA}
    """, re.I | re.X)),
    # Quý III/2021, quý 3 năm 2021, Quý I (year from elsewhere), OCR's Quý II1/2021,
    # two quarters at once (Quý I, II/2023 → a range)
    ("quarter", re.compile(rf"""
        {_QUY}\s*(?P<q>{_ROMAN})(?![\w])
        (?:\s*(?:,|-|–|và|đến)\s*(?P<q2>{_ROMAN})(?![\w]))?      # Quý I, II/2023; quý II - III
        (?:\s*(?:{_NAM}\s*|[/.\-]\s?)(?P<y>{_YEAR}))?{_NA}
    """, re.I | re.X)),
    # 6 tháng đầu/cuối năm 2023, sáu tháng đầu năm
    ("half", re.compile(rf"""
        (?=[6s])(?:6|sáu)\s*{_THANG}\s*(?P<h>đầu|cuối)\s*{_NAM}(?:\s*(?:học\s*)?(?P<y>{_YEAR}))?{_NA}
    """, re.I | re.X)),
    # năm học 2022-2023, năm học 2022 - 2023
    ("school_year", re.compile(rf"""
        {_NAM}\s*học\s*(?P<y>{_YEAR})\s*{_DASH}\s*(?P<y2>{_YEAR}){_NA}
    """, re.I | re.X)),
    # giai đoạn 2021-2025, năm 2021 - 2025, "5 năm (2021 - 2025)": a range of whole years
    ("years", re.compile(rf"""
        (?=[ngt(])(?:(?:{_NAM}|giai\s*đoạn|thời\s*kỳ|nhiệm\s*kỳ)\s*|\(\s*(?=(?:19|20)\d\d\s*{_DASH}\s*{_YEAR}\s*\)))
        (?P<y>{_YEAR})\s*{_DASH}\s*(?P<y2>{_YEAR}){_NA}
    """, re.I | re.X)),
    # năm 2023
    ("year", re.compile(rf"{_NAM}\s*(?P<y>{_YEAR}){_NA}", re.I)),
]
# Atoms that can match a string without a digit ("Quý I", "sáu tháng đầu năm"); every other
# atom holds a day, month or year in digits, so a string without digits skips them.
_ALL_ATOMS = list(enumerate(_ATOMS))
_WORD_ONLY_ATOMS = [(prio, atom) for prio, atom in _ALL_ATOMS if atom[0] in ("quarter", "half")]
_HAS_DIGIT = re.compile(r"\d")
# Atoms that only make sense as the first end of a range.
_RANGE_ONLY = {"d", "d_dash"}

# Between the two ends of a range ("từ" before the first end is optional).
_RANGE_JOIN = re.compile(rf"\s*(?:,\s*)?(?:đến|tới|{_DASH})\s*(?:hết\s*)?$", re.I)
_FROM_BEFORE = re.compile(r"(?:kể\s+|bắt\s+đầu\s+)?từ\s*$", re.I)
# A match of _FROM_BEFORE holds at most 8 characters that are not white space (bắt đầu từ):
# a window before the range with more than that cannot lie inside one, so searching the
# window finds what searching from the start of the string would.
_FROM_WINDOW = 40

# Qualifier words, read right before an expression. Longer alternatives first so that
# "xong trước" wins over "trước" and "kể từ" over "từ".
_QUALIFIER = re.compile(r"""
    (?P<cue>
        (?P<before>
            (?:hoàn\s+thành\s+|xong\s+|kết\s+thúc\s+)?trước
          | chậm\s+nhất(?:\s+(?:là|vào|đến))?
          | muộn\s+nhất(?:\s+(?:là|vào))?
          | hạn(?:\s+chót)?(?:\s+cuối)?
          | đến\s+hết | đến | tới
        )
      | (?P<from> (?:kể|bắt\s+đầu)\s+từ | từ | sau )
      | (?P<during> trong(?:\s+suốt)? | suốt )
    )
    \s*(?:ngày\s*)?[:,]?\s*$
""", re.I | re.X)
_QUALIFIER_WINDOW = 30
# "trước tháng 12" ends the day before December; "hạn/chậm nhất/đến tháng 12" at its end
_STRICT_BEFORE = re.compile(r"trước$", re.I)


@dataclass(frozen=True)
class _Atom:
    kind: str
    start: int
    end: int
    d: Optional[int] = None
    m: Optional[int] = None
    y: Optional[int] = None
    q: Optional[int] = None  # quarter, or half (1/2), or last year of a school year / years range
    y2: Optional[int] = None
    q2: Optional[int] = None  # the last quarter of "Quý I, II/2023"


def _int(groups: dict[str, Optional[str]], name: str) -> Optional[int]:
    v = groups.get(name)
    return int(v) if v else None


def _atoms(s: str) -> list[_Atom]:
    found: list[tuple[int, int, int, _Atom]] = []
    atoms = _ALL_ATOMS if _HAS_DIGIT.search(s) else _WORD_ONLY_ATOMS
    for prio, (kind, rx) in atoms:
        for m in rx.finditer(s):
            q = None
            q2 = None
            if kind == "quarter":
                q = roman_to_int(m.group("q"))
                if q is None or not 1 <= q <= 4:
                    continue
                if m.group("q2"):
                    q2 = roman_to_int(m.group("q2"))
                    if q2 is None or not q < q2 <= 4:
                        q2 = None
            elif kind == "half":
                q = 1 if m.group("h").lower() == "đầu" else 2
            g = m.groupdict()
            atom = _Atom(kind, m.start(), m.end(), d=_int(g, "d"), m=_int(g, "m"),
                         y=_int(g, "y"), q=q, y2=_int(g, "y2"), q2=q2)
            found.append((m.start(), -(m.end() - m.start()), prio, atom))
    found.sort(key=lambda t: t[:3])
    chosen: list[_Atom] = []
    last_end = -1
    for _, _, _, atom in found:
        if atom.start >= last_end:
            chosen.append(atom)
            last_end = atom.end
    return chosen


def _bounds(a: _Atom, year: Optional[int]) -> tuple[Optional[date], Optional[date], bool]:
    """(start, end, invalid) of an atom whose year is ``year``; invalid for impossible days."""
    if year is None:
        return None, None, False
    try:
        if a.kind in ("dmy", "dmy_words", "dm", "d", "d_dash"):
            if a.m is None:
                return None, None, False
            day = date(year, a.m, a.d)
            return day, day, False
        if a.kind == "my":
            return (*month_bounds(a.m, year), False)
        if a.kind == "quarter":
            return quarter_bounds(a.q, year)[0], quarter_bounds(a.q2 or a.q, year)[1], False
        if a.kind == "half":
            return (*half_bounds(a.q, year), False)
        if a.kind == "school_year":
            return (*school_year_bounds(year), False)
        if a.kind == "years":
            return date(year, 1, 1), date(a.y2 or year, 12, 31), False
        return (*year_bounds(year), False)
    except ValueError:
        return None, None, True


_KIND_OF = {"dmy": "day", "dmy_words": "day", "dm": "day", "d": "day", "d_dash": "day",
            "my": "month", "quarter": "quarter", "half": "half", "school_year": "school_year",
            "years": "range", "year": "year"}


def _qualifier(s: str, start: int) -> tuple[Optional[str], Optional[str]]:
    m = _QUALIFIER.search(s[max(0, start - _QUALIFIER_WINDOW):start])
    if not m:
        return None, None
    # the cue must start a word
    cue_start = max(0, start - _QUALIFIER_WINDOW) + m.start("cue")
    if cue_start > 0 and s[cue_start - 1].isalnum():
        return None, None
    kind = "before" if m.group("before") else "from" if m.group("from") else "during"
    return kind, m.group("cue")


def find_dates(s: str, *, default_year: Optional[int] = None) -> list[DateSpan]:
    """Every date or interval expression in ``s``, in order (a new list at every call).

    >>> [(d.kind, str(d.start), str(d.end)) for d in find_dates("Quý III/2021 (Tháng 7)")]
    [('quarter', '2021-07-01', '2021-09-30'), ('month', '2021-07-01', '2021-07-31')]
    >>> d = find_dates("từ ngày 01 đến 31/10/2020")[0]
    >>> d.kind, d.start, d.end
    ('range', datetime.date(2020, 10, 1), datetime.date(2020, 10, 31))
    >>> find_dates("ngày 31/02/2021")[0].invalid
    True
    """
    if len(s) <= _CACHED_MAX_LEN:
        return list(_find_dates_cached(s, default_year))
    return _find_dates(s, default_year)


# Short strings (timetable cells, clauses, windows after "ngày") are read more than once
# per document (a due cell for its dates and again for its bounds; a bullet once without
# and once with a year); full texts are read once, and are not kept.
_CACHED_MAX_LEN = 500


@lru_cache(maxsize=4096)
def _find_dates_cached(s: str, default_year: Optional[int]) -> tuple[DateSpan, ...]:
    return tuple(_find_dates(s, default_year))


def _find_dates(s: str, default_year: Optional[int]) -> list[DateSpan]:
    atoms = _atoms(s)
    out: list[DateSpan] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        if b is not None and a.kind != "year" and b.kind not in ("d", "d_dash") \
                and _RANGE_JOIN.match(s, a.end, b.start):
            span = _make_range(s, a, b, default_year)
            if span is not None:
                out.append(span)
                i += 2
                continue
        if a.kind in _RANGE_ONLY:
            i += 1
            continue
        year = a.y if a.y is not None else default_year
        start, end, invalid = _bounds(a, year)
        qual, cue = _qualifier(s, a.start)
        kind = "range" if a.q2 else _KIND_OF[a.kind]
        out.append(DateSpan(start, end, s[a.start:a.end], (a.start, a.end), kind,
                            qual, invalid, cue))
        i += 1
    return _fill_context_years(out, s, default_year)


def _fill_context_years(spans: list[DateSpan], s: str, default_year: Optional[int]) -> list[DateSpan]:
    """Partial dates with no year and no default take the year of the nearest preceding
    explicit date within the same string (``Quý III/2021 (Tháng 7)``)."""
    result: list[DateSpan] = []
    last_year: Optional[int] = None
    for sp in spans:
        if sp.start is None and not sp.invalid and last_year is not None and default_year is None:
            redone = find_dates(sp.text, default_year=last_year)
            if redone and redone[0].start is not None:
                sp = replace(sp, start=redone[0].start, end=redone[0].end, invalid=redone[0].invalid)
        if sp.end is not None:
            last_year = sp.end.year
        result.append(sp)
    return result


def _from_window_start(s: str, end: int) -> int:
    """Where to start looking for ``từ`` before ``end`` (see _FROM_WINDOW): the whole text
    before it would be searched otherwise, once per range.

    >>> s = "x" * 100 + " bắt đầu từ "
    >>> _from_window_start(s, len(s)), _from_window_start("   từ ", 6)
    (72, 0)
    """
    start = end - _FROM_WINDOW
    if start <= 0 or len("".join(s[start:end].split())) <= 8:
        return 0
    return start


def _make_range(s: str, a: _Atom, b: _Atom, default_year: Optional[int]) -> Optional[DateSpan]:
    """Join two atoms into one range; the first borrows month and year from the second."""
    if a.kind in ("d", "d_dash") and b.kind not in ("dmy", "dmy_words", "dm"):
        return None
    year_b = b.y if b.y is not None else default_year
    fill = {}
    if a.kind in ("d", "d_dash"):
        fill = {"m": b.m, "kind": "dm"}
    a2 = replace(a, **fill) if fill else a
    year_a = a.y if a.y is not None else year_b
    start_a, _, inv_a = _bounds(a2, year_a)
    _, end_b, inv_b = _bounds(b, year_b)
    if start_a and end_b and start_a > end_b and a.y is None and year_a is not None:
        start_a, _, inv_a = _bounds(a2, year_a - 1)  # 01/12 đến 31/01/2022 crosses a year
    begin = a.start
    m = _FROM_BEFORE.search(s, _from_window_start(s, a.start), a.start)
    if m and m.end() == a.start:
        begin = m.start()
    invalid = inv_a or inv_b
    if invalid:
        start_a = end_b = None
    qual, cue = _qualifier(s, begin)
    return DateSpan(start_a, end_b, s[begin:b.end], (begin, b.end), "range", qual, invalid, cue)


# ----------------------------------------------------------------------------- conveniences
def parse_date(s: str, *, default_year: Optional[int] = None) -> Optional[date]:
    """The first single day written in ``s`` (None if there is none or it is impossible).

    >>> parse_date("Long Biên, ngày 19 tháng 01 năm 2021")
    datetime.date(2021, 1, 19)
    """
    for sp in find_dates(s, default_year=default_year):
        if sp.kind == "day" and sp.start is not None:
            return sp.start
    return None


def _contains(outer: DateSpan, inner: DateSpan) -> bool:
    return (outer.start is not None and inner.start is not None and outer.start <= inner.start
            and inner.end <= outer.end and (inner.start, inner.end) != (outer.start, outer.end))


def parse_due(s: str, *, default_year: Optional[int] = None) -> tuple[Optional[date], Optional[date]]:
    """A timetable due text to ``(start, end)`` (OUTPUT.md, timetable).

    - ``Quý I/2021`` → the quarter; ``Tháng 11/2021`` → the month; a single day → (d, d);
    - ``Quý III/2021 (Tháng 7)`` → a finer period inside a coarser one wins (the month), and
      a month beside a quarter wins even if they disagree (``Quý II/2021 (Tháng 9)``: OCR);
    - ``Trước 20/01/2021`` / ``Xong trước ngày 05/9/2022`` → (None, end); for a coarser
      period, ``trước tháng 12`` ends the day before it starts, ``hạn/chậm nhất/đến tháng 12``
      at its end;
    - ``Từ ngày 02/10/2022`` alone → (start, None);
    - ``Ngày 05 - 06/10/2022`` and ranges → their bounds;
    - several separate days (``Ngày 02/10/2022 (…); 03/10/2022 (…)``) → first … last;
    - no date → (None, None).

    >>> parse_due("Xong trước ngày 05/9/2022")
    (None, datetime.date(2022, 9, 5))
    >>> parse_due("Theo Kế hoạch của quận")
    (None, None)
    """
    spans = [sp for sp in find_dates(s, default_year=default_year) if sp.start is not None]
    if not spans:
        return None, None
    first = spans[0]
    if len(spans) > 1 and all(sp.kind == "day" and sp.qualifier is None for sp in spans):
        return min(sp.start for sp in spans), max(sp.end for sp in spans)
    for sp in spans[1:]:
        # a finer period inside a coarser one wins; a month written beside a quarter wins
        # even when the two disagree (OCR damages Roman numerals more than month digits)
        if _contains(first, sp) or (first.kind == "quarter" and sp.kind == "month"
                                    and sp.start.year == first.start.year):
            first = sp
            break
    if first.qualifier == "before":
        if first.kind != "day" and first.cue and _STRICT_BEFORE.search(first.cue):
            return None, first.start - timedelta(days=1)
        return None, first.end
    if first.qualifier == "from" and first.kind == "day":
        return first.start, None
    return first.start, first.end
