"""Timetable rows from tables and from task lists under time headings."""
from __future__ import annotations

from extractor.parsers import ParseContext
from extractor.text import Text
from models import TimetableRow


def parse_timetable(text: Text, ctx: ParseContext) -> list[TimetableRow]:
    return []
