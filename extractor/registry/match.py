"""Resolving a citation to registry rows: by what the citation writes, narrowed by the
citing document's context; one candidate is a match, several are ambiguous (none
picked); look-alikes and cut-short authority abbreviations are found, never a different
number, year or type (no fuzzy match of a written code)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from vanban.extractor.normalize import fold, strip_accents
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.references import (
    body_by_abbr, canonical_code, code_key, issuer_key, issuers_compatible,
)
from vanban.extractor.parsers.references.codes import lookalike_key
from vanban.extractor.vocab import doc_type_by_slug
from vanban.models import Reference

from vanban.extractor.registry.rows import Entry

if TYPE_CHECKING:
    from vanban.extractor.registry.store import Registry

FUZZY_MIN = 90.0  # rapidfuzz ratio of a law's name as cited to its registry title

@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one reference: one entry, or the candidates when several
    documents fit (none picked), or nothing."""

    entry: Optional[Entry] = None
    score: float = 0.0
    how: str = ""
    candidates: tuple[Entry, ...] = ()


def _narrow(ref: Reference, cands: list[Entry], ctx: ParseContext) -> list[Entry]:
    """Keep the candidates the citation and its context allow; a filter that would leave
    none is a fact for the findings (a wrong date), not a reason to drop the match."""
    if not cands:
        return cands

    def keep(pred) -> None:
        nonlocal cands
        kept = [e for e in cands if pred(e)]
        if kept:
            cands = kept

    if len(cands) > 1 and ref.date:
        keep(lambda e: e.day("issue_date") == ref.date)
    if len(cands) > 1 and ref.issuer:
        keep(lambda e: bool(e.issuer) and issuers_compatible(ref.issuer, [e.issuer]))
    # a local document needs its place confirmed: by the citation (issuer, date) or by the
    # citing document being of that place
    cands = [e for e in cands if _scope_confirmed(ref, e, ctx)]
    if len(cands) > 1 and ctx.year:
        keep(lambda e: not e.year or int(e.year) <= ctx.year)
        keep(lambda e: not e.issue_date or e.day("issue_date").year <= ctx.year)
    return cands


def _issuer_fits(written: str, e: Entry) -> bool:
    return issuers_compatible(written, [e.issuer or ""])


_PLACE_ALIASES = {"tp.hcm": "hồ chí minh", "tp hcm": "hồ chí minh", "tphcm": "hồ chí minh"}


def _scope_confirmed(ref: Reference, e: Entry, ctx: Optional[ParseContext] = None) -> bool:
    """Whether a citation can be the local document ``e``: the citation's issuer names its
    place, or its written date is the entry's, or — the citation naming no issuer, or
    its issuer in a short form of the citing body's name ("UBND tỉnh" cited by "Sở …
    tỉnh X" or by "UBND tỉnh X") — the citing document is of that place."""
    if not e.scope:
        return True
    place = fold(e.scope.split(",")[0])
    place = strip_accents(_PLACE_ALIASES.get(place, place))
    if ref.issuer:
        if place in strip_accents(fold(ref.issuer)):
            return True
    if ref.date and e.issue_date and ref.date == e.day("issue_date"):
        return True
    if ctx is not None and (not ref.issuer or _names_no_place(ref.issuer, ctx)):
        own = " ".join(x for x in (ctx.issuer, ctx.place) if x)
        return bool(own) and place in strip_accents(fold(own))
    return False


def _names_no_place(issuer: str, ctx: ParseContext) -> bool:
    """The citation's issuer is the citing body's kind of name without its place ("Ủy ban
    nhân dân tỉnh" for a document of "Ủy ban nhân dân tỉnh X")."""
    a = issuer_key(issuer)
    words = a.split()
    if not words or not ctx.issuer:
        return False
    own = issuer_key(ctx.issuer).split()
    # the cited name is the citing body's name cut before its place, or "tỉnh"/"thành phố"
    # alone after the body ("UBND tỉnh" cited by "Sở Giáo dục và Đào tạo tỉnh X")
    if own[:len(words)] == words and len(own) > len(words):
        return True
    tail = {"tinh", "thanh pho", "huyen", "quan", "xa", "phuong", "thi xa"}
    return any(a.endswith(" " + t) for t in tail) and any(t in " ".join(own) for t in tail)


def resolve_entry(reg: "Registry", ref: Reference, ctx: Optional[ParseContext] = None
                  ) -> "Resolution":
    """Which document a reference cites, from what the citation writes plus the citing
    document's context (``ctx``: its issuer, place, year) for what it leaves out.

    1. the written code (its year too when written); a code without its year by
       number + symbol; a bare number by type; a law by its name and year;
    2. narrowed by the written date, the written issuer, the place of a local
       document (the citation's issuer or the citing document's), then the citing
       year (a document does not cite one issued later);
    3. OCR look-alikes (0/O, 1/l/I, g/q, Đ/D, case) and an issuer abbreviation cut
       short (``TT-BGD``): matched, and reported as a repair (OCR) or a non-standard
       form (born-digital) by the caller — never a different number, year or type.
    One candidate is a match; several are ambiguous (returned, none picked)."""
    reg.entries()
    ctx = ctx or ParseContext()
    how = "code"
    cands: list[Entry] = []
    if ref.code:
        cands = reg.find(ref.code)
    if not cands and ref.number and ref.symbol:
        sym = code_key(ref.symbol)
        cands = [e for e in reg.with_number(ref.number) if code_key(e.symbol) == sym
                 and (not ref.year or e.year == ref.year)]
        how = "symbol" if cands else how
    if not cands and ref.number and ref.symbol:
        ocr = any(m.provenance and m.provenance.source == "ocr" for m in ref.mentions)
        cands, how = _lookalikes(reg, ref, ocr), "lookalike"
    if not cands and ref.number and not ref.symbol:
        cands, how = _by_type(reg, ref), "number"
    if not cands and not ref.number and ref.doc_type == "luat" and ref.title:
        cands, how = _laws(reg, ref), "law"
    cands = _narrow(ref, cands, ctx)
    if len(cands) == 1:
        score = {"code": 1.0, "symbol": 0.95, "lookalike": 0.85, "number": 0.8,
                 "law": 0.9}[how]
        return Resolution(entry=cands[0], score=score, how=how)
    return Resolution(candidates=tuple(cands), how=how)

def _lookalikes(reg: "Registry", ref: Reference, ocr: bool = False) -> list[Entry]:
    """Entries of the same number, type and year (when written) whose symbol differs from
    the written one only by look-alike characters, or whose issuer abbreviation extends a
    written one cut short (``TT-BGD``); on OCR'd text also by one letter inserted or
    dropped in the issuer part (``BGDKĐT``), which scanners do and drafters do not."""
    written = ref.code or f"{ref.number}/{ref.symbol}"
    hits = reg.lookalikes(lookalike_key(written))
    if hits:
        return hits
    info = canonical_code(written)
    if info is None:
        return []
    sep = "/" if info.party else "-"
    parts = info.symbol.split(sep)
    out = []
    for e in reg.with_number(ref.number):
        einfo = canonical_code(e.code) if e.code else None
        if einfo is None or einfo.party != info.party or (ref.year and einfo.year != ref.year):
            continue
        if lookalike_key(einfo.symbol) == lookalike_key(info.symbol):
            out.append(e)  # look-alikes, the year left out
            continue
        eparts = einfo.symbol.split(sep)
        if len(eparts) != len(parts) or code_key(eparts[0]) != code_key(parts[0]):
            continue
        a, b = code_key(parts[-1]), code_key(eparts[-1])
        if a == b:
            continue
        if len(parts) == 2 and len(a) >= 2 and b.startswith(a) and body_by_abbr(parts[-1]) is None:
            out.append(e)
        elif ocr and min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b) == 1:
            out.append(e)
    return out


def _by_type(reg: "Registry", ref: Reference) -> list[Entry]:
    """A bare number: entries of that number whose type fits — the same type, or a
    decision approving a document of the cited type (``Chương trình 387`` →
    ``387/QĐ-TTg`` "Phê duyệt Chương trình …")."""
    entry = doc_type_by_slug(ref.doc_type or "")
    label = entry.label if entry else None
    return [e for e in reg.with_number(ref.number)
            if e.doc_type == ref.doc_type
            or (label and e.title and fold(label) in fold(e.title))]

def _laws(reg: "Registry", ref: Reference) -> list[Entry]:
    name = strip_accents(fold(re.sub(r"\s+năm\s+\d{4}$", "", ref.title or "")))
    out = []
    for e in reg.entries():
        if e.doc_type != "luat" or not e.title:
            continue
        title = re.sub(r"\([^)]*\)|\s+\d{4}$", " ", e.title).strip()  # "Luật Giáo dục (2005)"
        if fuzz.ratio(name, strip_accents(fold(title))) < FUZZY_MIN:
            continue
        if ref.date and e.issue_date and e.day("issue_date").year != ref.date.year:
            continue
        out.append(e)
    return out
