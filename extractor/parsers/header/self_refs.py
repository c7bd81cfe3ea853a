"""Appendix captions naming this document: "(Kèm theo Kế hoạch số 01/KH-HKH ngày 19 tháng 01
năm 2021 …)" — the findings stage compares them with the header."""
from __future__ import annotations

from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import collapse_spaces
from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.parsers.header.lines import _L, skeleton
from vanban.extractor.parsers.header.model import SelfReference
from vanban.extractor.parsers.header.patterns import DATE_AFTER, SELF_REF, SPACES
from vanban.extractor.text import Text


def self_references(lines: list[_L], text: Text, doc_type: Optional[str]
                     ) -> list[SelfReference]:
    """Appendix captions "(Kèm theo Kế hoạch số 01/KH-HKH ngày 19 tháng 01 năm 2021 …)" —
    a line that begins with the caption and names the document's own type (a caption
    naming another type attaches that other document)."""
    out = []
    for ln in lines:
        m = SELF_REF.search(ln.skel)
        if not m:
            continue
        entry = vocab.doc_type_by_label(ln.text[m.start("type"):m.end("type")].strip(),
                                        fuzzy=True)
        if entry is None or (doc_type is not None and entry.slug != doc_type):
            continue
        sym = SPACES.sub("", ln.text[m.start("sym"):m.end("sym")])
        rest = ln.text[m.end():]
        when = None
        end = m.end()
        dm = DATE_AFTER.match(skeleton(rest))
        if dm:
            spans = find_dates(rest)
            if spans and spans[0].kind == "day" and not spans[0].invalid:
                when = spans[0].start
                end = m.end() + spans[0].span[1]
        start = ln.skel.lower().find("kem theo", m.start())
        out.append(SelfReference(as_written=collapse_spaces(ln.text[start:end]),
                                 number=m.group("num"), symbol=sym, date=when,
                                 span=(ln.start + start, ln.start + end)))
    return out
