"""The date a law is passed on. A law, an ordinance and a resolution of the National
Assembly carry no place-date line: their date is the one they were passed on, written in
the closing sentence ("Luật này được Quốc hội … thông qua ngày 19 tháng 02 năm 2025.")."""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.parsers.header.lines import _L
from vanban.extractor.text import Text
from vanban.models import Provenance

# Types passed by a vote (Luật Ban hành VBQPPL): their date is the day of the vote.
PASSED_TYPES = frozenset({"luat", "phap_lenh", "nghi_quyet"})
# The closing sentence's last lines are read: the vote is stated above the signature.
PASSED_LAST_LINES = 40
PASSED = re.compile(r"(?i:thông\s+qua)\s+(?=(?i:ngày))")


def parse_passed_on(lines: list[_L], text: Text, doc_type: Optional[str]
                    ) -> Optional[tuple[date, Provenance]]:
    """(date, provenance) of "… thông qua ngày D tháng M năm Y" near the end, for a type
    passed by a vote; else None."""
    if doc_type not in PASSED_TYPES:
        return None
    tail = [ln for ln in lines[-PASSED_LAST_LINES:] if not ln.blank]
    if not tail:
        return None
    base = tail[0].start
    chunk = text.text[base:tail[-1].end]
    found = None
    for m in PASSED.finditer(chunk):
        found = m  # the last vote stated is the document's own
    if found is None:
        return None
    window = chunk[found.end():found.end() + 40].replace("\n", " ")
    days = [d for d in find_dates(window) if d.span[0] == 0 and d.kind == "day"]
    if not days or days[0].invalid or days[0].start is None:
        return None
    a = base + found.end()
    return days[0].start, text.provenance(a, a + days[0].span[1], rule="passed_on")
