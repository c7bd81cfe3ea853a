"""Parsers: one module per field family, each a pure function of the text (+ context).

header -> Document; references -> [Reference]; dates/numbers -> helpers;
targets -> [Target]; timetable -> [TimetableRow]; findings -> [Finding].
Patterns are compiled at import; vocabularies live in ``extractor/data``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional


# Types that lay out work to do: goals, tasks and their times.
PLAN_TYPES = frozenset({"ke_hoach", "chuong_trinh", "chuong_trinh_hanh_dong", "de_an",
                        "huong_dan"})
# A title that issues, approves or carries out such a work (marks stripped, lower case):
# a decision "Ban hành Kế hoạch …" holds the plan it issues.
PLAN_IN_TITLE = re.compile(r"^\W*(?:ve\s+(?:viec\s+)?)?(?:ban\s+hanh|phe\s+duyet|trien\s+khai|"
                           r"thuc\s+hien|giao)?\s*(?:ke\s+hoach|chuong\s+trinh|de\s+an|chien\s+luoc|"
                           r"quy\s+hoach|phuong\s+an|chi\s+tieu|muc\s+tieu)\b")


@dataclass(frozen=True)
class ParseContext:
    """What later parsers need to know about the document being read."""

    issue_date: Optional[date] = None
    year: Optional[int] = None  # the document's year (issue date, else its title/period)
    number: Optional[str] = None  # the document's own number and symbol (not a reference)
    symbol: Optional[str] = None
    doc_type: Optional[str] = None
    # the citing document's issuer and place: what a citation leaves out (the place of a
    # local document) is taken from them when resolving it
    issuer: Optional[str] = None
    place: Optional[str] = None
    # where the body begins (a text offset): the header's lines above it (a place-date line
    # wrapped as "… ngày 21" / "tháng 11 năm 2025", the title) are no task or time heading
    body_start: int = 0
    # the document lays out work (a plan-like type, an unknown type, or a title issuing a
    # plan): its figures are goals by the plan's conventions; elsewhere only a figure the
    # text calls a goal is one
    plan_like: bool = True


def alternation_nocase(alternatives: Iterable[str]) -> str:
    """The regex alternation ``a1|a2|…`` of a CASE-INSENSITIVE pattern, the alternatives
    grouped under their first letter: ``c(?:hỉ\\s+thị|ông\\s+văn)|q(?:uyết\\s+định)``.
    At each position the engine then tries the alternatives of one letter instead of all
    of them (vocabularies of fifty phrases are matched at every word of a text). The
    matches are the plain alternation's: only alternatives beginning with the letter found
    can match there, and they keep their order. Plain ``|`` is returned when an
    alternative does not begin with a plain letter or two letters match alike (``s``/``ſ``).

    >>> alternation_nocase(["Chỉ thị", "quyết định", "Công văn"])
    'c(?:hỉ thị|ông văn)|q(?:uyết định)'
    >>> alternation_nocase(["(a)", "b"]), alternation_nocase(["ab", "a?c"])
    ('(a)|b', 'ab|a?c')
    """
    alternatives = list(alternatives)
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        first = alt[:1].lower()
        if len(first) != 1 or not first.isalpha() or alt[1:2] in ("*", "+", "?", "{"):
            return "|".join(alternatives)  # (a letter that a quantifier applies to)
        groups.setdefault(first, []).append(alt[1:])
    for a in groups:
        if any(b != a and re.fullmatch(a, b, re.IGNORECASE) for b in groups):
            return "|".join(alternatives)
    return "|".join(f"{k}(?:{'|'.join(rests)})" for k, rests in groups.items())
