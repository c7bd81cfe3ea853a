"""Citations of other documents: find, canonicalise, group into :class:`Reference`.

A citation is a type word (``Chỉ thị``, ``Quyết định``… from ``doc_types.toml``) with or
without ``số``, then a number and symbol (``11-CT/TW``, ``489/QĐ-TTg``,
``44/2014/TT-BGD&ĐT``), then optionally ``ngày <date>``, ``của <issuer>`` and a title
(``về “…”``). Also read: a bare number after a type word (``Chương trình 387``), a law
cited by name and date (``Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm
2015``), and a code standing alone whose symbol names a type (``theo 489/QĐ-TTg``).

Modules, one job each (all pure):

- :mod:`.vocab` — bodies of symbols, type words, cues, rules (data files, validated once);
- :mod:`.patterns` — the regexes, built from named parts;
- :mod:`.codes` — :func:`canonical_code` / :func:`code_key` (shared with the registry),
  look-alike repairs of OCR'd numbers and dates;
- :mod:`.issuers` — cleaning and comparing issuers;
- :mod:`.find` — :func:`find_citations` with tails and roles;
- :mod:`.group` — :func:`parse_references`, one :class:`Reference` per document;
- :mod:`.facts` — :func:`citation_facts`, what a mention's writing says;
- :mod:`.checks` — the ``REF_*`` findings, one rule function per code.

Resolution against the registry lives in :mod:`extractor.registry`.
"""
from __future__ import annotations

from vanban.extractor.parsers.references.codes import CodeInfo, canonical_code, code_key, is_normative
from vanban.extractor.parsers.references.facts import CitationFacts, citation_facts
from vanban.extractor.parsers.references.find import Citation, _matches_at, find_citations
from vanban.extractor.parsers.references.group import parse_references
from vanban.extractor.parsers.references.issuers import (
    issuer_from_symbol, issuer_key, issuers_compatible, normalise_issuer,
)
# the named patterns, for benchmarks and tests that check them against pathological input
from vanban.extractor.parsers.references.patterns import (
    CITATION_RE, CODE, NUMBER_ONLY_RE, STANDALONE_RE, TYPE_START_RE, _alt, _alt_nocase,
)
from vanban.extractor.parsers.references.vocab import Body, CitationVocab, V, bodies, body_by_abbr, vocab

__all__ = [
    "Body", "Citation", "CitationFacts", "CitationVocab", "CodeInfo", "V", "bodies",
    "body_by_abbr", "canonical_code", "citation_facts", "code_key", "find_citations",
    "is_normative", "issuer_from_symbol", "issuer_key", "issuers_compatible",
    "normalise_issuer", "parse_references", "vocab",
]
