"""Compliance checks of cited documents (the ``REF_*`` codes of OUTPUT.md).

A pure function of the resolved references and the citing document's context: one
finding per (code, reference) — a document cited five times the same wrong way is one
finding, pointing at the first offending mention. Facts about the writing of each
mention come from :func:`extractor.parsers.references.citation_facts`; facts about the
document itself from ``Reference.registry`` (filled by the resolver).

Each code is one small rule function in :data:`RULES` (in this order):

| code | severity | rule function | when |
| --- | --- | --- | --- |
| REF_NONSTANDARD_FORMAT | warning | :func:`nonstandard_format` | number/symbol against HD 36 (Party) / NĐ 30 (state), an authority abbreviation not the standard one, or written otherwise than the registry's form (born-digital text) |
| REF_MISSING_YEAR | warning | :func:`missing_year` | a normative document (Luật, Nghị định, Thông tư…) without year; a HĐND resolution only when the registry knows it with its year |
| REF_MISSING_SYMBOL | warning | :func:`missing_symbol` | a bare number (``Chương trình 387``) |
| REF_DATE_MISSING | warning | :func:`date_missing` | ``ngày`` with no date after it |
| DATE_INVALID | error | :func:`date_invalid` | the citation's date is impossible (31/02/2021) |
| REF_DATE_MISMATCH | error | :func:`date_mismatch` | the written date differs from the registry's (typed text; OCR'd: a review flag) |
| REF_ISSUER_MISMATCH | warning | :func:`issuer_mismatch` | the named issuer differs from the registry's / symbol's |
| REF_UNKNOWN | info | :func:`unknown` | a numbered citation the registry does not know (not an ambiguous one) |
| REF_NOT_IN_FORCE | error (warning when the registry gives no expiry date) | :func:`not_in_force` | relied on (basis/implements) when the registry says expired/replaced as of the citing document's date; with no expiry date, unless the replacement's year is after the citing document's |
| REF_CITES_FUTURE | error | :func:`cites_future` | the cited document is dated after the citing one (typed text; on OCR'd text both dates are flagged for review instead, see :func:`flag_ocr_date_conflicts`) |
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Optional

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.references.codes import canonical_code, code_key
from vanban.extractor.parsers.references.facts import CitationFacts, citation_facts
from vanban.extractor.parsers.references.issuers import issuers_compatible
from vanban.extractor.parsers.references.vocab import V, _key, body_by_abbr
from vanban.extractor.review import add_reason, flag
from vanban.extractor.vocab import doc_type_by_slug
from vanban.models import Document, Finding, Mention, Provenance, Reference, Review


@dataclass(frozen=True)
class Cited:
    """What every rule reads: the reference, its mentions' facts, the citing context."""

    ref: Reference
    facts: tuple[tuple[Mention, CitationFacts], ...]
    ctx: ParseContext

    @property
    def reg(self):
        return self.ref.registry

    @property
    def matched(self) -> bool:
        return bool(self.reg and self.reg.matched)

    @property
    def filled(self) -> set[str]:
        return set(self.reg.filled) if self.reg else set()

    @property
    def label(self) -> str:
        entry = doc_type_by_slug(self.ref.doc_type or "")
        return entry.label if entry else "Văn bản"

    @property
    def name(self) -> str:
        if self.ref.code or self.ref.number:
            return f"{self.label} {self.ref.code or self.ref.number}"
        return self.ref.title or self.label  # a law cited by name: "Luật Giáo dục"

    def first(self, pred: Callable[[CitationFacts], bool]) -> Optional[tuple[Mention, CitationFacts]]:
        return next(((m, f) for m, f in self.facts if pred(f)), None)

    def finding(self, code: str, severity: str, message: str, rule: str,
                mention: Optional[Mention]) -> Finding:
        prov: Optional[Provenance] = mention.provenance if mention else None
        reg_code = self.reg.code if self.matched else None
        return Finding(code=code, severity=severity, message=message,
                       ref=self.ref.code or self.ref.number or reg_code, rule=rule,
                       provenance=prov)


def _d(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _rule_for(ref: Reference) -> str:
    prov = next((m.provenance for m in ref.mentions if m.provenance and m.provenance.rule), None)
    return prov.rule if prov else V.rules["citation"]


_WRITTEN_CODE_RE = re.compile(r"[lI|]?\d[\w&/ –-]{0,60}[\w&]")
_DATE_TAIL_RE = re.compile(r"\s+ngày.*$")
_IN_PARENS_RE = re.compile(r"\(([^)]*)\)")


def _written_code(as_written: str) -> str:
    m = _WRITTEN_CODE_RE.search(as_written)
    text = m.group(0) if m else as_written
    return _DATE_TAIL_RE.sub("", text)


def _born_digital(m: Mention) -> bool:
    return not (m.provenance and m.provenance.source == "ocr")


# ---------------------------------------------------------------- the rules
Rule = Callable[[Cited], Optional[Finding]]


def _not_state(issuer: Optional[str]) -> bool:
    """Whether the cited document's issuer is outside the state system (a company, a
    person): its own numbering is not NĐ 30/2020's to judge."""
    key = fold(issuer or "")
    return any(key == fold(w) or key.startswith(fold(w) + " ") for w in V.issuer_not_state)


def nonstandard_format(c: Cited) -> Optional[Finding]:
    if _not_state(c.ref.issuer):
        return None
    bad = [(m, f) for m, f in c.facts if f.nonstandard]
    reasons = [r for _, f in bad for r in f.nonstandard]
    expected = c.ref.code
    # written otherwise than the registry's code (born-digital text: the resolver kept
    # the writing; on a scan a look-alike is the OCR's and was repaired in provenance)
    reg_code = c.reg.code if c.matched and c.ref.number else None
    if reg_code and c.ref.code and code_key(c.ref.code) != code_key(reg_code):
        written = [(m, f) for m, f in c.facts if f.written_symbol and _born_digital(m)]
        if written:
            bad = bad or written[:1]
            expected = reg_code
            reasons.append(f"cơ sở dữ liệu ghi “{reg_code}”")
    if not bad:
        return None
    m, _ = bad[0]
    return c.finding(
        "REF_NONSTANDARD_FORMAT", "warning",
        f"{c.label} được viết “{_written_code(m.as_written)}” thay vì “{expected}” "
        f"({'; '.join(dict.fromkeys(reasons))})", _rule_for(c.ref), m)


def _sometimes_normative(ref: Reference) -> bool:
    """A resolution of a body that also passes individual ones (HĐND): whether it is
    normative, and so needs a year, is not told by its writing."""
    info = canonical_code(ref.code) if ref.code else None
    body = _key(info.body) if info and info.body else ""
    return ref.doc_type == "nghi_quyet" and any(body.startswith(b) for b in V.normative_nq_sometimes)


def missing_year(c: Cited) -> Optional[Finding]:
    hit = c.first(lambda f: f.missing_year)
    if hit is None:
        return None
    if _sometimes_normative(c.ref) and not (c.matched and "year" in c.filled):
        return None  # the registry does not say it is a normative one
    m, _ = hit
    tail = (f"; năm {c.ref.year} lấy từ cơ sở dữ liệu văn bản" if "year" in c.filled
            else (f"; đúng là “{c.ref.code}”" if c.ref.year else ""))
    return c.finding(
        "REF_MISSING_YEAR", "warning",
        f"{c.label} “{_written_code(m.as_written)}” là văn bản quy phạm pháp luật "
        f"nhưng số, ký hiệu không ghi năm ban hành{tail}", V.rules["normative"], m)


def missing_symbol(c: Cited) -> Optional[Finding]:
    hit = c.first(lambda f: f.missing_symbol)
    if hit is None or any(f.written_symbol for _, f in c.facts):  # a back-reference is fine
        return None
    m, _ = hit
    if c.matched and c.reg.code:
        info = canonical_code(c.reg.code)
        entry = doc_type_by_slug(info.type_slug) if info and info.type_slug else None
        tail = f" ({entry.label if entry else 'văn bản'} {c.reg.code}, theo cơ sở dữ liệu văn bản)"
    else:
        tail = " (không xác định được văn bản)"
    return c.finding("REF_MISSING_SYMBOL", "warning",
                     f"“{m.as_written}” chỉ ghi số, không có ký hiệu{tail}",
                     V.rules["citation"], m)


def date_missing(c: Cited) -> Optional[Finding]:
    hit = c.first(lambda f: f.date_missing)
    if hit is None:
        return None
    return c.finding("REF_DATE_MISSING", "warning",
                     f"{c.name} được dẫn với chữ “ngày” nhưng không có ngày",
                     V.rules["citation"], hit[0])


def date_invalid(c: Cited) -> Optional[Finding]:
    hit = c.first(lambda f: f.date_invalid)
    if hit is None:
        return None
    return c.finding("DATE_INVALID", "error",
                     f"{c.name}: ngày ban hành ghi trong trích dẫn không tồn tại "
                     f"(“{hit[0].as_written}”)", V.rules["citation"], hit[0])


def _off_registry(c: Cited) -> list[tuple[Mention, CitationFacts]]:
    """The mentions whose written date is not the registry's date of the document."""
    if not (c.matched and c.reg.issue_date):
        return []
    return [(m, f) for m, f in c.facts if f.written_date and f.written_date != c.reg.issue_date]


def _cites_later(c: Cited) -> bool:
    """The cited document is dated after the citing one: only against a written issue
    date, a year read from the plan's period is too loose."""
    return bool(c.ref.date and c.ctx.issue_date and c.ref.date > c.ctx.issue_date)


def date_mismatch(c: Cited) -> Optional[Finding]:
    hit = next(((m, f) for m, f in _off_registry(c) if _born_digital(m)), None)
    if hit is None:
        return None  # on a scan a misread figure explains it: flagged for review instead
    m, f = hit
    return c.finding("REF_DATE_MISMATCH", "error",
                     f"{c.name} được ghi ngày {_d(f.written_date)} nhưng cơ sở dữ liệu ghi ngày "
                     f"{_d(c.reg.issue_date)}", V.rules["registry"], m)


def issuer_mismatch(c: Cited) -> Optional[Finding]:
    ref = c.ref
    if not ref.issuer or "issuer" in c.filled:
        return None
    names: list[str] = []
    source = None
    if c.matched and c.reg.issuer:
        names = [c.reg.issuer, *_IN_PARENS_RE.findall(c.reg.issuer)]
        source = "cơ sở dữ liệu"
    elif ref.code:
        info = canonical_code(ref.code)
        body = body_by_abbr(info.body) if info and info.body else None
        if body is not None:
            names = list(body.names)
            source = f"ký hiệu “{body.abbr}”"
    if not names or issuers_compatible(ref.issuer, names):
        return None
    return c.finding("REF_ISSUER_MISMATCH", "warning",
                     f"{c.name} được ghi là của “{ref.issuer}” nhưng theo {source} cơ quan ban "
                     f"hành là “{names[0]}”", V.rules["registry"],
                     ref.mentions[0] if ref.mentions else None)


def unknown(c: Cited) -> Optional[Finding]:
    reg = c.reg
    if reg is None or reg.matched or not c.ref.number:
        return None
    if c.ref.review and any(r.code == "ambiguous" for r in c.ref.review.reasons):
        return None  # known, but as several documents: a review, not "unknown"
    return c.finding("REF_UNKNOWN", "info", f"{c.name} không có trong cơ sở dữ liệu văn bản",
                     V.rules["registry"], c.ref.mentions[0] if c.ref.mentions else None)


def lapsed_on(reg, when: Optional[date], year: Optional[int]) -> Optional[bool]:
    """Whether a registry row had lapsed as of ``when`` (the citing document's date; its
    year when only that is known): True, False, or None when the registry says it lapsed
    but not when. With no expiry date, a replacement whose number carries a later year
    than the citing document's bounds it: it cannot have been replaced yet."""
    if reg.status not in ("expired", "replaced"):
        return False
    if reg.expiry_date is None:
        info = canonical_code(reg.replaced_by) if reg.replaced_by else None
        cited_year = (when.year if when else year)
        if info and info.year and cited_year and int(info.year) > cited_year:
            return False
        return None
    if when is not None:
        return reg.expiry_date <= when
    if year is not None:
        return reg.expiry_date.year < year
    return None


def not_in_force(c: Cited) -> Optional[Finding]:
    relied = [m for m in c.ref.mentions if m.role in ("basis", "implements")]
    if not (c.matched and relied and c.reg.status in ("expired", "replaced")):
        return None
    lapsed = lapsed_on(c.reg, c.ctx.issue_date, c.ctx.year)
    if lapsed is False:
        return None
    by = f", được thay thế bởi {c.reg.replaced_by}" if c.reg.replaced_by else ""
    since = (f" từ ngày {_d(c.reg.expiry_date)}" if c.reg.expiry_date
             else " (cơ sở dữ liệu không ghi ngày hết hiệu lực)")
    state = "đã bị thay thế" if c.reg.status == "replaced" else "đã hết hiệu lực"
    # with no date, whether it had lapsed by the citing date is not certain: a warning
    return c.finding("REF_NOT_IN_FORCE", "error" if lapsed else "warning",
                     f"{c.name} {state}{since}{by} nhưng vẫn được dẫn làm căn cứ/để thực hiện",
                     V.rules["validity"], relied[0])


def cites_future(c: Cited) -> Optional[Finding]:
    ref, when = c.ref, c.ctx.issue_date
    if not _cites_later(c) or not all(_born_digital(m) for m in ref.mentions):
        return None  # on a scan a misread figure explains it: a review flag, not a finding
    return c.finding("REF_CITES_FUTURE", "error",
                     f"{c.name} ngày {_d(ref.date)} lại sau ngày của văn bản dẫn chiếu "
                     f"({_d(when)})", V.rules["citation"],
                     ref.mentions[0] if ref.mentions else None)


#: the rules, in the order of the table above (and of the findings they make)
RULES: tuple[Rule, ...] = (
    nonstandard_format, missing_year, missing_symbol, date_missing, date_invalid,
    date_mismatch, issuer_mismatch, unknown, not_in_force, cites_future,
)


def cited(ref: Reference, ctx: ParseContext) -> Cited:
    facts = []
    for m in ref.mentions:
        f = citation_facts(m.as_written, ocr=not _born_digital(m))
        if f is not None:
            facts.append((m, f))
    return Cited(ref=ref, facts=tuple(facts), ctx=ctx)


def flag_ocr_date_conflicts(refs: list[Reference], ctx: ParseContext, doc: Document) -> None:
    """Dates that disagree, read by OCR: a misread figure ("2018" read "2016") explains
    them as well as the writer's slip, so they are flagged for review rather than the
    document accused (REF_DATE_MISMATCH and REF_CITES_FUTURE come from typed mentions
    only): a citation's date other than the registry's flags the reference; a cited
    document dated after the citing one flags both dates."""
    for ref in refs:
        c = cited(ref, ctx)
        for m, f in _off_registry(c):
            if not _born_digital(m):
                ref.review = ref.review or Review()
                add_reason(ref.review, "registry",
                           f"ngày ghi {_d(f.written_date)} khác ngày {_d(c.reg.issue_date)} "
                           "trong cơ sở dữ liệu: có thể OCR đọc sai, đối chiếu với bản quét",
                           confidence=0.5)
        if _cites_later(c) and not all(_born_digital(m) for m in ref.mentions):
            message = (f"văn bản được dẫn ({ref.code or ref.number or 'văn bản'} ngày "
                       f"{_d(ref.date)}) có ngày sau ngày ban hành {_d(ctx.issue_date)}: "
                       "một trong hai ngày có thể bị OCR đọc sai, đối chiếu với bản quét")
            flag(doc, "issue_date", "contradiction", message, confidence=0.5)
            ref.review = ref.review or Review()
            add_reason(ref.review, "contradiction", message, confidence=0.5)


def check_references(refs: list[Reference], ctx: ParseContext) -> list[Finding]:
    """Every REF_* finding (plus DATE_INVALID of citation dates) for these references."""
    out: list[Finding] = []
    for ref in refs:
        c = cited(ref, ctx)
        out += [f for f in (rule(c) for rule in RULES) if f is not None]
    return out
