"""Parsers: one module per field family, each a pure function of the text (+ context).

header -> Document; references -> [Reference]; dates/numbers -> helpers;
targets -> [Target]; timetable -> [TimetableRow]; findings -> [Finding].
Patterns are compiled at import; vocabularies live in ``extractor/data``.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional


@dataclass(frozen=True)
class ParseContext:
    """What later parsers need to know about the document being read."""

    issue_date: Optional[date] = None
    year: Optional[int] = None  # the document's year (issue date, else its title/period)
    number: Optional[str] = None  # the document's own number and symbol (not a reference)
    symbol: Optional[str] = None
    doc_type: Optional[str] = None
