"""Issuers of cited documents: cleaning, comparing, and the issuer a symbol names."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from vanban.extractor.normalize import fold, strip_accents
from vanban.models import Reference

from vanban.extractor.parsers.references.codes import canonical_code
from vanban.extractor.parsers.references.patterns import (
    _EXPAND, _EXPAND_RE, _KEY_NOISE_RE, _OLD_UY_RE, _PARENS_RE, _SYNONYMS, _TERM_RE,
)
from vanban.extractor.parsers.references.vocab import V, _alt, body_by_abbr

_POSITION_RE = re.compile(rf"(?:{_alt(V.issuer_positions)})(?!\w)", re.IGNORECASE)

def normalise_issuer(s: str) -> str:
    """An issuer as written, cleaned: abbreviations expanded, spacing collapsed.

    >>> normalise_issuer("BCH Trung ương Đảng")
    'Ban Chấp hành Trung ương Đảng'
    >>> normalise_issuer("Bộ Giáo dục & Đào tạo")
    'Bộ Giáo dục và Đào tạo'
    >>> normalise_issuer("UBND phường Phúc Đồng-")
    'Ủy ban nhân dân phường Phúc Đồng'
    """
    s = " ".join(s.split()).strip(" ,;:.-–")
    s = _EXPAND_RE.sub(lambda m: _EXPAND[m.group(0)], s)
    s = _OLD_UY_RE.sub(lambda m: "Ủy" if m.group(0)[0].isupper() else "ủy", s)
    return s


def issuer_from_symbol(ref: Reference) -> Optional[str]:
    """The issuer a reference's symbol names, when the text and the registry name none
    (``489/QĐ-TTg`` → Thủ tướng Chính phủ; ``29-NQ/TW`` → Ban Chấp hành Trung ương Đảng).

    >>> issuer_from_symbol(Reference(doc_type="quyet_dinh", number="1", code="1/QĐ-TTg"))
    'Thủ tướng Chính phủ'
    """
    info = canonical_code(ref.code) if ref.code else None
    if info is None:
        return None
    body = body_by_abbr(info.body or "")
    if body is None and info.symbol.startswith("QH"):
        body = body_by_abbr("QH")
    return body.name_for(ref.doc_type) if body else None


@lru_cache(maxsize=16384)  # pure; the registry keys every row by it
def issuer_key(s: Optional[str]) -> str:
    """Fold used to compare issuers: expanded, no parentheses, no term (khóa X)."""
    if not s:
        return ""
    s = normalise_issuer(_PARENS_RE.sub(" ", s))
    s = _TERM_RE.sub(" ", s)
    key = strip_accents(fold(s)).lower()
    for a, b in _SYNONYMS:
        key = key.replace(a, b)
    key = _KEY_NOISE_RE.sub(" ", key)  # "Hội nghị Trung ương 8", "… Đảng"
    return " ".join(key.split())


def _without_positions(s: str) -> str:
    """An issuer as written without the signer's positions before the body ("Bộ trưởng,
    Chủ nhiệm Văn phòng Chính phủ" → "Văn phòng Chính phủ"; "Bộ trưởng" → "").

    >>> _without_positions("Bộ trưởng Bộ Tài chính"), _without_positions("Bộ trưởng")
    ('Bộ Tài chính', '')
    >>> _without_positions("Thủ tướng Chính phủ"), _without_positions("Bộ Chính trị")
    ('Thủ tướng Chính phủ', 'Bộ Chính trị')
    """
    s = s.strip()
    while True:
        m = _POSITION_RE.match(s)
        if not m:
            return s
        s = s[m.end():].lstrip(" ,;")


def issuers_compatible(written: str, names) -> bool:
    """Whether an issuer as written can be the same body as one of ``names``
    (containment either way after folding: "Ban Bí thư Trung ương Đảng" ~ "Ban Bí thư");
    a signer's position before the body is left out, and a position alone names no body
    (compatible with any)."""
    a = issuer_key(_without_positions(written))
    if not a:
        return True
    for name in names:
        b = issuer_key(name)
        if b and (a in b or b in a):
            return True
    return False

