"""Compliance checks of cited documents (the ``REF_*`` codes of OUTPUT.md).

A pure function of the resolved references and the citing document's context: one
finding per (code, reference) — a document cited five times the same wrong way is one
finding, pointing at the first offending mention. Facts about the writing of each
mention come from :func:`extractor.parsers.references.citation_facts`; facts about the
document itself from ``Reference.registry`` (filled by the resolver).

| code | severity | when |
| --- | --- | --- |
| REF_NONSTANDARD_FORMAT | warning | number/symbol against HD 36 (Party) / NĐ 30 (state) |
| REF_MISSING_YEAR | warning | a normative document (Luật, Nghị định, Thông tư…) without year |
| REF_MISSING_SYMBOL | warning | a bare number (``Chương trình 387``) |
| REF_DATE_MISSING | warning | ``ngày`` with no date after it |
| DATE_INVALID | error | the citation's date is impossible (31/02/2021) |
| REF_DATE_MISMATCH | error | the written date differs from the registry's |
| REF_ISSUER_MISMATCH | warning | the named issuer differs from the registry's / symbol's |
| REF_UNKNOWN | info | a numbered citation the registry does not know |
| REF_NOT_IN_FORCE | error | relied on (basis/implements) after it expired or was replaced |
| REF_CITES_FUTURE | error | the cited document is dated after the citing one |
"""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from extractor.parsers import ParseContext
from extractor.parsers.references import (
    CitationFacts, V, body_by_abbr, canonical_code, citation_facts, issuers_compatible,
)
from extractor.vocab import doc_type_by_slug
from models import Finding, Mention, Provenance, Reference


def _label(ref: Reference) -> str:
    entry = doc_type_by_slug(ref.doc_type or "")
    return entry.label if entry else "Văn bản"


def _name(ref: Reference) -> str:
    if ref.code or ref.number:
        return f"{_label(ref)} {ref.code or ref.number}"
    return ref.title or _label(ref)  # a law cited by name: "Luật Giáo dục"


def _d(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _rule_for(ref: Reference) -> str:
    prov = next((m.provenance for m in ref.mentions if m.provenance and m.provenance.rule), None)
    return prov.rule if prov else V.rules["citation"]


def _finding(code: str, severity: str, message: str, ref: Reference, rule: str,
             mention: Optional[Mention]) -> Finding:
    prov: Optional[Provenance] = mention.provenance if mention else None
    reg_code = ref.registry.code if ref.registry and ref.registry.matched else None
    return Finding(code=code, severity=severity, message=message,
                   ref=ref.code or ref.number or reg_code, rule=rule, provenance=prov)


_WRITTEN_CODE_RE = re.compile(r"[lI|]?\d[\w&/ –-]*[\w&]")
_DATE_TAIL_RE = re.compile(r"\s+ngày.*$")
_IN_PARENS_RE = re.compile(r"\(([^)]*)\)")


def _written_code(as_written: str) -> str:
    m = _WRITTEN_CODE_RE.search(as_written)
    text = m.group(0) if m else as_written
    return _DATE_TAIL_RE.sub("", text)


def check_references(refs: list[Reference], ctx: ParseContext) -> list[Finding]:
    """Every REF_* finding (plus DATE_INVALID of citation dates) for these references."""
    out: list[Finding] = []
    for ref in refs:
        out += _check_one(ref, ctx)
    return out


def _check_one(ref: Reference, ctx: ParseContext) -> list[Finding]:
    out: list[Finding] = []
    facts: list[tuple[Mention, CitationFacts]] = []
    for m in ref.mentions:
        f = citation_facts(m.as_written, ocr=bool(m.provenance and m.provenance.source == "ocr"))
        if f is not None:
            facts.append((m, f))
    reg = ref.registry
    filled = set(reg.filled) if reg else set()
    name = _name(ref)

    bad = [(m, f) for m, f in facts if f.nonstandard]
    if bad:
        m, f = bad[0]
        reasons = "; ".join(dict.fromkeys(r for _, g in bad for r in g.nonstandard))
        out.append(_finding(
            "REF_NONSTANDARD_FORMAT", "warning",
            f"{_label(ref)} được viết “{_written_code(m.as_written)}” thay vì “{ref.code}” ({reasons})",
            ref, _rule_for(ref), m))

    no_year = [(m, f) for m, f in facts if f.missing_year]
    if no_year:
        m, _ = no_year[0]
        tail = (f"; năm {ref.year} lấy từ cơ sở dữ liệu văn bản" if "year" in filled
                else (f"; đúng là “{ref.code}”" if ref.year else ""))
        out.append(_finding(
            "REF_MISSING_YEAR", "warning",
            f"{_label(ref)} “{_written_code(m.as_written)}” là văn bản quy phạm pháp luật "
            f"nhưng số, ký hiệu không ghi năm ban hành{tail}",
            ref, V.rules["normative"], m))

    bare = [(m, f) for m, f in facts if f.missing_symbol]
    if bare and not any(f.written_symbol for _, f in facts):  # a back-reference is fine
        m, _ = bare[0]
        if reg and reg.matched and reg.code:
            info = canonical_code(reg.code)
            entry = doc_type_by_slug(info.type_slug) if info and info.type_slug else None
            what = f"{entry.label if entry else 'văn bản'} {reg.code}"
            tail = f" ({what}, theo cơ sở dữ liệu văn bản)"
        else:
            tail = " (không xác định được văn bản)"
        out.append(_finding(
            "REF_MISSING_SYMBOL", "warning",
            f"“{m.as_written}” chỉ ghi số, không có ký hiệu{tail}",
            ref, V.rules["citation"], m))

    missing_date = [(m, f) for m, f in facts if f.date_missing]
    if missing_date:
        m, _ = missing_date[0]
        out.append(_finding(
            "REF_DATE_MISSING", "warning",
            f"{name} được dẫn với chữ “ngày” nhưng không có ngày", ref, V.rules["citation"], m))

    invalid = [(m, f) for m, f in facts if f.date_invalid]
    if invalid:
        m, _ = invalid[0]
        out.append(_finding(
            "DATE_INVALID", "error", f"{name}: ngày ban hành ghi trong trích dẫn không tồn tại "
            f"(“{m.as_written}”)", ref, V.rules["citation"], m))

    if reg and reg.matched and reg.issue_date:
        wrong = [(m, f) for m, f in facts if f.written_date and f.written_date != reg.issue_date]
        if wrong:
            m, f = wrong[0]
            out.append(_finding(
                "REF_DATE_MISMATCH", "error",
                f"{name} được ghi ngày {_d(f.written_date)} nhưng cơ sở dữ liệu ghi ngày "
                f"{_d(reg.issue_date)}", ref, V.rules["registry"], m))

    if ref.issuer and "issuer" not in filled:
        names: list[str] = []
        source = None
        if reg and reg.matched and reg.issuer:
            names = [reg.issuer, *_IN_PARENS_RE.findall(reg.issuer)]
            source = "cơ sở dữ liệu"
        elif ref.code:
            info = canonical_code(ref.code)
            body = body_by_abbr(info.body) if info and info.body else None
            if body is not None:
                names = list(body.names)
                source = f"ký hiệu “{body.abbr}”"
        if names and not issuers_compatible(ref.issuer, names):
            m = ref.mentions[0] if ref.mentions else None
            out.append(_finding(
                "REF_ISSUER_MISMATCH", "warning",
                f"{name} được ghi là của “{ref.issuer}” nhưng theo {source} cơ quan ban hành "
                f"là “{names[0]}”", ref, V.rules["registry"], m))

    if reg is not None and not reg.matched and ref.number:
        out.append(_finding(
            "REF_UNKNOWN", "info", f"{name} không có trong cơ sở dữ liệu văn bản",
            ref, V.rules["registry"], ref.mentions[0] if ref.mentions else None))

    relied = [m for m in ref.mentions if m.role in ("basis", "implements")]
    if reg and reg.matched and relied and reg.status in ("expired", "replaced"):
        when = ctx.issue_date
        expired = False
        if reg.expiry_date and when:
            expired = reg.expiry_date <= when
        elif reg.expiry_date and ctx.year:
            expired = reg.expiry_date.year < ctx.year
        # no expiry date in the registry: when it lapsed is unknown, so nothing is claimed
        if expired:
            by = f", được thay thế bởi {reg.replaced_by}" if reg.replaced_by else ""
            since = f" từ ngày {_d(reg.expiry_date)}" if reg.expiry_date else ""
            out.append(_finding(
                "REF_NOT_IN_FORCE", "error",
                f"{name} đã hết hiệu lực{since}{by} nhưng vẫn được dẫn làm căn cứ/để thực hiện",
                ref, V.rules["validity"], relied[0]))

    # only against a written issue date: a year read from the plan's period is too loose
    if ref.date and ctx.issue_date and ref.date > ctx.issue_date:
        out.append(_finding(
            "REF_CITES_FUTURE", "error",
            f"{name} ngày {_d(ref.date)} lại sau ngày của văn bản dẫn chiếu "
            f"({_d(ctx.issue_date)})", ref, V.rules["citation"],
            ref.mentions[0] if ref.mentions else None))
    return out
