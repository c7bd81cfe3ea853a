"""Time headings: a line that names a period (``2.1. Nhiệm vụ quý I``, ``Tháng 9:``,
``6 tháng cuối năm``) and the dates it covers (:func:`parse_heading`), a task written after
its own time label (:func:`inline_heading`), and the wrapped line that only looks like a
heading (:func:`_goes_on`)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.parsers.dates import half_bounds, month_bounds, quarter_bounds
from vanban.extractor.parsers.timetable.due import _QUARTERS, ocr_quarter_numeral
from vanban.extractor.parsers.timetable.vocab import VOCAB


def _alternation(words) -> str:
    """Regex alternation of folded vocabulary words, longest first (so ``nhiệm vụ trọng
    tâm`` is tried before ``nhiệm vụ``), spaces matching any run of spaces."""
    keys = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


_H = VOCAB["headings"]
# Outline numbering before a heading or an item: "2.1.", "2.", "II.", "a)", "b."
# (a bare number is not numbering: "2023 gửi về …" is a wrapped line, not a heading)
_NUMBERING = r"(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[ivxlc]+\.|[a-zđ][.)])"
_YEAR = r"(?:\s*(?:/|-|năm)\s*(?P<{name}>\d{{4}}))?"
_PERIOD = rf"""
    (?:(?:{_alternation(_H['quarter'])})\s+(?P<quarter>[ivxht1l|]{{1,4}}|\d)\b{_YEAR.format(name='qyear')}
     | (?:{_alternation(_H['month'])})\s+(?P<month>\d{{1,2}})\b{_YEAR.format(name='myear')}
     | (?P<half>{_alternation(_H['half'])})(?:\s+(?P<hyear>\d{{4}}))?
    )"""
# A line that is only a time heading (matched on the folded line).
HEADING = re.compile(rf"""
    ^\s*(?P<num>{_NUMBERING})?\s*
    (?P<label>(?:(?:{_alternation(_H['prefixes'])})\s+)?{_PERIOD})
    \s*[:.]?\s*$""", re.X)
_NUMBERED = re.compile(rf"^\s*(?P<num>{_NUMBERING})\s+\S", re.I)


@lru_cache(maxsize=1)
def _bare_table() -> list:
    """For str.translate: a Latin letter with diacritics → its base letter, a combining
    mark (U+0300–U+036F) → deleted, anything else kept."""
    table: list = list(range(0x1F00))
    for cp in range(0xC0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(cp))
        if decomposed != chr(cp) and decomposed[0].isascii():
            table[cp] = decomposed[0]
    for cp in range(0x300, 0x370):
        table[cp] = None
    return table


def _bare(s: str) -> str:
    """Lower case, no diacritics: ``Quý`` → ``quy``."""
    return s.translate(_bare_table()).casefold()


# A heading names its period with one of these words (bare; of a half-year phrase, its
# longest word, which it cannot do without): a line without any cannot be one, and is not
# folded for HEADING (folding every line cost most of the section reader). Folding keeps
# a word's letters and their order, so a folded word is in the folded line only if its
# bare form is in the bare line.
_PERIOD_WORDS = tuple(sorted({max((_bare(w) for w in phrase.split()), key=len)
                              for phrase in (*_H["quarter"], *_H["month"], *_H["half"])}))
_BULLET = re.compile(r"^\s*(?:[-–—•+*·▪●○◦]|\d+[.)]|[a-zđ][.)])\s*", re.I)
# A line whose task follows its own time label: "- Tháng 9/2023: Tổ chức …" (the label is
# checked by parse_heading; the separator is a colon or a spaced dash)
_INLINE_SPLIT = re.compile(r"^(?P<label>[^:–—]{3,60}?)\s*(?::|\s[-–—]\s)\s*(?P<task>\S.*)$")
_SENTENCE_END = re.compile(r"[.;:!?…”\")]\s*$")


@dataclass
class _Heading:
    label: str  # as written, numbering removed: "Nhiệm vụ quý I"
    depth: Optional[int]  # outline depth of its numbering ("2.1." -> 2), None if unnumbered
    start: Optional[object]
    end: Optional[object]
    repairs: list = field(default_factory=list)  # OCR numeral repairs, "from -> to"


def _goes_on(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of a sentence wrapped from the line above (it opens in
    lower case and the line above did not end): "… ký ngày 13" / "tháng 10 năm 2025." is
    no time heading.

    >>> _goes_on("Hiệp định ký ngày 13", "tháng 10 năm 2025."), _goes_on("II. NHIỆM VỤ:", "tháng 9")
    (True, False)
    """
    first = line.lstrip(" *_|")[:1]
    return bool(previous.strip()) and first.islower() \
        and not _SENTENCE_END.search(previous.rstrip(" *_|"))


def parse_heading(line: str, year: Optional[int]) -> Optional[_Heading]:
    """A time heading and the period it covers (None when ``line`` is not one).

    >>> h = parse_heading("2.1. Nhiệm vụ quý I", 2023)
    >>> (h.label, str(h.start), str(h.end), h.depth)
    ('Nhiệm vụ quý I', '2023-01-01', '2023-03-31', 2)
    >>> parse_heading("Sơ kết công tác khuyến học quý I năm 2023.", 2023) is None
    True
    """
    line = line.strip()  # a heading indented in text laid out with spaces
    if len(line) > 80:
        return None
    bare = _bare(line)
    if not any(w in bare for w in _PERIOD_WORDS):
        return None
    m = HEADING.match(fold(line))
    if not m:
        return None
    num = _NUMBERED.match(line)
    label = line.strip()
    if m.group("num") and num:
        label = label[num.end("num"):].strip()
    label = label.rstrip(":. ").strip()
    depth = None
    if m.group("num"):
        n = m.group("num")
        depth = 1 if not n[0].isdigit() else len([p for p in n.split(".") if p])
    start = end = None
    repairs: list[str] = []
    if m.group("quarter"):
        numeral = m.group("quarter")
        read = numeral if numeral.isdigit() else ocr_quarter_numeral(numeral)
        q = int(read) if read and read.isdigit() else _QUARTERS.index(read) + 1 if read else 0
        if not 1 <= q <= 4:
            return None
        if not numeral.isdigit() and read != numeral.upper():  # "quý HII" -> "quý III"
            fixed = re.sub(rf"(?i)(qu\S*\s+){re.escape(numeral)}\b",
                           lambda mm: mm.group(1) + read, label, count=1)
            if fixed != label:
                repairs.append(f"{label} -> {fixed}")
                label = fixed
        y = int(m.group("qyear")) if m.group("qyear") else year
        if y:
            start, end = quarter_bounds(q, y)
    elif m.group("month"):
        mo = int(m.group("month"))
        if not 1 <= mo <= 12:
            return None
        y = int(m.group("myear")) if m.group("myear") else year
        if y:
            start, end = month_bounds(mo, y)
    elif m.group("half"):
        half = next(v for k, v in _H["half"].items() if fold(k) == collapse_spaces(m.group("half")))
        y = int(m.group("hyear")) if m.group("hyear") else year
        if y:
            start, end = half_bounds(half, y)
    return _Heading(label=label, depth=depth, start=start, end=end, repairs=repairs)


def _heading_dates(label: str, year: Optional[int]):
    h = parse_heading(label, year)
    return (h.start, h.end) if h else (None, None)



def inline_heading(line: str, year: Optional[int]) -> Optional[tuple[_Heading, str]]:
    """A task written after its own time label on one line (``- Tháng 9/2023: Tổ chức
    khai giảng…``, ``Quý I: …``): the label as a heading and the task text, else None.

    >>> h, task = inline_heading("- Tháng 10/2024: Tổ chức hội thi giáo viên giỏi.", None)
    >>> (h.label, str(h.start), task)
    ('Tháng 10/2024', '2024-10-01', 'Tổ chức hội thi giáo viên giỏi.')
    >>> inline_heading("Tháng 10 vừa qua, các trường đã tổ chức hội thi.", 2024) is None
    True
    """
    m = _INLINE_SPLIT.match(line)
    if not m or len(m.group("task").split()) < 3:
        return None
    h = parse_heading(_BULLET.sub("", m.group("label"), count=1), year)
    return (h, m.group("task").strip()) if h is not None else None
