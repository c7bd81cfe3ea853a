"""Vocabularies of citations, loaded from ``extractor/data`` and validated once:
issuing bodies of symbols (``issuers.toml``), type words, role cues and the numbering
rules (``citations.toml``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from vanban.extractor.normalize import fold, strip_accents
from vanban.extractor.parsers import alternation_nocase
from vanban.extractor.vocab import VocabularyError, doc_types, load_toml

@dataclass(frozen=True)
class Body:
    """An issuing body as written in a symbol (``TTg``, ``BGDĐT``, ``TW``)."""

    abbr: str
    name: str
    aliases: tuple[str, ...] = ()
    glued: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    party: bool = False
    legislature: bool = False
    by_type: tuple[tuple[str, str], ...] = ()

    def name_for(self, doc_type: Optional[str]) -> str:
        return dict(self.by_type).get(doc_type or "", self.name)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.accepts)


def _key(s: str) -> str:
    """Symbol-part comparison key: folded, ``&`` dropped."""
    return fold(s).replace("&", "")


@lru_cache(maxsize=1)
def bodies() -> tuple[Body, ...]:
    """The bodies of ``issuers.toml`` (validated once)."""
    name = "issuers.toml"
    out = []
    seen: set[str] = set()
    for i, row in enumerate(load_toml(name).get("body", [])):
        abbr, full = row.get("abbr"), row.get("name")
        if not isinstance(abbr, str) or not abbr or "&" in abbr or not isinstance(full, str):
            raise VocabularyError(f"extractor/data/{name} body #{i + 1}: bad abbr/name")
        keys = {_key(abbr), *(_key(a) for a in row.get("aliases", []) + row.get("glued", []))}
        if keys & seen:
            raise VocabularyError(f"extractor/data/{name} body {abbr}: duplicate abbreviation")
        seen |= keys
        out.append(Body(abbr=abbr, name=full, aliases=tuple(row.get("aliases", [])),
                        glued=tuple(row.get("glued", [])),
                        accepts=tuple(row.get("accepts", [])), party=bool(row.get("party")),
                        legislature=bool(row.get("legislature")),
                        by_type=tuple(sorted(row.get("by_type", {}).items()))))
    if not out:
        raise VocabularyError(f"extractor/data/{name}: no [[body]] entries")
    return tuple(out)


@lru_cache(maxsize=None)
def body_by_abbr(part: str) -> Optional[Body]:
    """The body a symbol part names (``TTG`` → TTg, ``BGD&ĐT`` → BGDĐT, OCR ``BGDDT``).

    >>> body_by_abbr("BGD&ĐT").abbr, body_by_abbr("TTG").abbr, body_by_abbr("XYZ")
    ('BGDĐT', 'TTg', None)
    """
    key = _key(part)
    for b in bodies():
        if key == _key(b.abbr) or key in {_key(a) for a in b.aliases}:
            return b
    skel = strip_accents(key)
    hits = [b for b in bodies() if strip_accents(_key(b.abbr)) == skel]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=None)
def body_glued(part: str) -> Optional[Body]:
    """The body a symbol part names when it is glued to the type part (``UB`` of
    ``KHUB``): :func:`body_by_abbr`, and the short forms read so only there.

    >>> body_glued("UB").abbr, body_by_abbr("UB")
    ('UBND', None)
    """
    key = _key(part)
    return next((b for b in bodies() if key in {_key(a) for a in b.glued}), None) \
        or body_by_abbr(part)


@dataclass(frozen=True)
class CitationVocab:
    type_words: tuple[tuple[str, str], ...]  # (word, slug), longest first
    cues: tuple[tuple[str, str], ...]  # (cue, role), longest first
    number_followers: frozenset[str]
    min_year: int
    issuer_stops: tuple[str, ...]
    issuer_max_words: int
    issuer_positions: tuple[str, ...]
    issuer_heads: tuple[str, ...]
    expand: tuple[tuple[str, str], ...]
    normative_always: frozenset[str]
    normative_nq_bodies: frozenset[str]
    normative_nq_sometimes: frozenset[str]
    rules: dict
    word_over_symbol: frozenset[tuple[str, str]] = frozenset()
    issuer_not_state: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def vocab() -> CitationVocab:
    data = load_toml("citations.toml")
    sb = load_toml("issuers.toml")
    words: dict[str, str] = {}
    for entry in doc_types():
        for name in entry.names:
            words[name] = entry.slug
    for name, slug in data.get("extra_type_words", {}).items():
        words[name] = slug
    cues = [(c, role) for role, items in data["roles"].items() for c in items]
    for role in ("basis", "implements", "mentioned"):
        if role not in data["roles"]:
            raise VocabularyError(f"extractor/data/citations.toml: roles.{role} missing")
    rules = data.get("rules", {})
    for k in ("party", "state", "normative", "citation", "registry", "validity"):
        if not isinstance(rules.get(k), str):
            raise VocabularyError(f"extractor/data/citations.toml: rules.{k} missing")
    longest = lambda items: tuple(sorted(items, key=lambda x: len(x[0]), reverse=True))  # noqa: E731
    return CitationVocab(
        type_words=longest(words.items()),
        cues=longest(cues),
        number_followers=frozenset(fold(w) for w in data["number_only"]["followers"]),
        min_year=int(data["number_only"]["min_year"]),
        issuer_stops=tuple(sorted(data["issuer"]["stop_words"], key=len, reverse=True)),
        issuer_max_words=int(data["issuer"]["max_words"]),
        issuer_positions=tuple(sorted(data["issuer"].get("positions", []), key=len, reverse=True)),
        issuer_heads=tuple(sorted(sb["heads"]["words"], key=len, reverse=True)),
        expand=tuple(sorted(sb["expand"].items(), key=lambda kv: len(kv[0]), reverse=True)),
        normative_always=frozenset(data["normative"]["always"]),
        normative_nq_bodies=frozenset(_key(b) for b in data["normative"]["nghi_quyet_bodies"]),
        normative_nq_sometimes=frozenset(
            _key(b) for b in data["normative"].get("nghi_quyet_sometimes", [])),
        rules=dict(rules),
        word_over_symbol=frozenset(tuple(p) for p in data.get("word_over_symbol", {}).get("pairs", [])),
        issuer_not_state=tuple(data["issuer"].get("not_state", [])),
    )


def _alt(words) -> str:
    """Regex alternation of phrases, spaces matching any run of white space."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)


def _alt_nocase(words) -> str:
    """:func:`_alt` for a case-insensitive pattern, grouped by first letter (faster)."""
    return alternation_nocase(_alt([w]) for w in words)



V = vocab()  # the citation vocabulary, loaded once
