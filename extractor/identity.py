"""Which document a result is: issuer + code + issue date, apart from the file it came from.

A plan converted to PDF, printed, signed and scanned is one document with several
files. Its identity is read from its header, normalised so that the forms the loaders
produce agree: the code without spaces and in capitals (OCR reads ``228/KH-UBND`` and
``228 / KH-UBND`` alike), the issuer case-folded with its spaces collapsed.

A header without a code or a date cannot be told apart from another one, so such a
result is its own document (keyed by its content hash). The issuer is part of the
identity when it was read; a result whose issuer was not read still joins the one
document with the same code and date (see :func:`compatible`).

    >>> from datetime import date
    >>> a = Identity.of_fields("01 / kh-hkh", date(2021, 1, 19), "Hội Khuyến học  quận")
    >>> a.code, a.issue_date, a.issuer
    ('01/KH-HKH', '2021-01-19', 'hội khuyến học quận')
    >>> compatible(a, Identity.of_fields("01/KH-HKH", date(2021, 1, 19), None))
    True
    >>> compatible(a, Identity.of_fields("01/KH-HKH", date(2021, 1, 19), "UBND phường"))
    False
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Optional

_SPACES = re.compile(r"\s+")
_CODE_SPACES = re.compile(r"\s*([/\-–])\s*")


def norm_code(code: Optional[str]) -> Optional[str]:
    if not code:
        return None
    text = unicodedata.normalize("NFC", code).strip().replace("–", "-")
    text = _CODE_SPACES.sub(lambda m: "-" if m.group(1) == "–" else m.group(1), text)
    text = _SPACES.sub("", text).upper()
    return text or None


def norm_issuer(issuer: Optional[str]) -> Optional[str]:
    if not issuer:
        return None
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", issuer)).strip().casefold()
    return text or None


def short_hash(text: str) -> str:
    """16 hex digits of sha256: document ids and calendar UIDs."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Identity:
    code: Optional[str]
    issue_date: Optional[str]  # ISO
    issuer: Optional[str]

    @classmethod
    def of_fields(cls, code, issue_date, issuer) -> "Identity":
        day = issue_date.isoformat() if isinstance(issue_date, date) else issue_date
        return cls(norm_code(code), day or None, norm_issuer(issuer))

    @classmethod
    def of(cls, result) -> "Identity":
        doc = result.document
        return cls.of_fields(doc.code, doc.issue_date, doc.issuer)

    @property
    def known(self) -> bool:
        """Code and date were both read: the result can be matched with others."""
        return bool(self.code and self.issue_date)

    def key(self, sha256: Optional[str] = None) -> str:
        """A stable text key; a result without a known identity is keyed by its content."""
        if not self.known:
            return f"sha256:{sha256}"
        return f"{self.code}|{self.issue_date}|{self.issuer or ''}"

    def doc_id(self, sha256: Optional[str] = None) -> str:
        return short_hash(self.key(sha256))


def compatible(a: Identity, b: Identity) -> bool:
    """Same code and date, and issuers equal or one of them unread."""
    if not (a.known and b.known) or (a.code, a.issue_date) != (b.code, b.issue_date):
        return False
    return a.issuer is None or b.issuer is None or a.issuer == b.issuer


def result_key(result) -> str:
    """The identity key of a result (its content hash when the header is not enough)."""
    return Identity.of(result).key(result.source.sha256 or result.source.file)
