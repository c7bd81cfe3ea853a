"""Facts about a citation's own writing, re-read from a mention's ``as_written`` (so
the output carries nothing beyond the contract)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from vanban.extractor.parsers.references.codes import is_normative
from vanban.extractor.parsers.references.find import find_citations

@dataclass(frozen=True)
class CitationFacts:
    """What a mention's own writing says about citation form."""

    nonstandard: tuple[str, ...]
    missing_year: bool
    missing_symbol: bool
    date_missing: bool
    date_invalid: bool
    written_date: Optional[date]
    repairs: tuple[str, ...]
    written_symbol: bool = False  # the mention carries a symbol


@lru_cache(maxsize=4096)
def citation_facts(as_written: str, *, ocr: bool = False) -> Optional[CitationFacts]:
    """Re-read one mention as written (as :func:`parse_references` stored it; cached, the
    facts are frozen).

    >>> f = citation_facts("Chỉ thị 11/CT-TW ngày"); f.date_missing, bool(f.nonstandard)
    (True, True)
    >>> citation_facts("Thông tư 44/TT-BGD&ĐT").missing_year
    True
    >>> citation_facts("Chương trình 387").missing_symbol
    True
    """
    cits = find_citations(as_written, ocr=ocr)  # ocr: read it as the parser did
    if not cits:
        return None
    c = cits[0]
    info = c.info
    return CitationFacts(
        nonstandard=info.nonstandard if info else (),
        missing_year=bool(info and not info.year and not info.party
                          and is_normative(c.doc_type, info.body)),
        missing_symbol=c.kind == "number_only",
        date_missing=c.date_missing, date_invalid=c.date_invalid, written_date=c.date,
        repairs=tuple(c.repairs), written_symbol=info is not None)

