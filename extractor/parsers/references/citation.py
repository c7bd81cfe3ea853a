"""One place a document is cited, as the finder reads it: the value passed between the
finder (:mod:`.find`), the reader of what is written around it (:mod:`.tail`) and the
grouping into references (:mod:`.group`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from vanban.extractor.parsers.references.codes import CodeInfo, is_normative
from vanban.extractor.parsers.references.vocab import V


def _is_upper(s: Optional[str]) -> bool:
    """Every letter a capital (and one at least); stops at the first small letter."""
    seen = False
    for ch in s or "":
        if ch.isalpha():
            if not ch.isupper():
                return False
            seen = True
    return seen


@dataclass
class Citation:
    """One place a document is cited (becomes a :class:`Mention`)."""

    start: int
    end: int  # end of type word + code + date (the mention's span)
    tail_end: int  # end of issuer and title too
    kind: str  # 'code' | 'number_only' | 'law' | 'standalone'
    doc_type: Optional[str]
    type_word: Optional[str]
    number: Optional[str]
    info: Optional[CodeInfo]
    date: Optional[date] = None
    date_missing: bool = False
    date_invalid: bool = False
    date_unreadable: Optional[str] = None  # figures after "ngày" that are no date
    same_day: bool = False  # "… và số 407/QĐ-UBND cùng ngày 13/12/2024": the list's date
    issuer: Optional[str] = None
    issuer_before: bool = False
    title: Optional[str] = None
    law_name: Optional[str] = None
    role: str = "mentioned"
    nested: bool = False
    repairs: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str:
        if self.info is None:
            return V.rules["citation"]
        if self.info.party:
            return V.rules["party"]
        if self.info.year or is_normative(self.doc_type, self.info.body):
            return V.rules["normative"]
        return V.rules["state"]
