"""The resolver: fills what a citation leaves out from the registry and records the
match (``Reference.registry``), with the citing document's context."""
from __future__ import annotations

from typing import Optional, Protocol

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.references import code_key, issuer_from_symbol
from vanban.extractor.review import add_reason
from vanban.models import Reference, RegistryMatch, Review

from vanban.extractor.registry.store import Registry, default_registry

class Resolver(Protocol):
    """Anything that resolves references: ``resolver(refs) -> refs``."""

    def __call__(self, refs: list[Reference]) -> list[Reference]: ...


class RegistryResolver:
    """The offline resolver: fills what the text omitted from the registry and records
    the match (``Reference.registry``); never invents a document and never rewrites what
    is written: on born-digital text a code written otherwise than the registry's keeps
    its writing (the findings report the expected form); on OCR'd text a look-alike is
    repaired and the repair recorded in the mentions' provenance. Several fitting
    documents leave the reference unmatched with an ``ambiguous`` review naming them."""

    def __init__(self, registry: Optional[Registry] = None) -> None:
        self._registry = registry

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = default_registry()
        return self._registry

    def __call__(self, refs: list[Reference], ctx: Optional[ParseContext] = None
                 ) -> list[Reference]:
        return [self.resolve(r, ctx) for r in refs]

    def resolve(self, ref: Reference, ctx: Optional[ParseContext] = None) -> Reference:
        ref = ref.model_copy(deep=True)
        res = self.registry.resolution(ref, ctx)
        if res.entry is None:
            if res.candidates:
                listed = "; ".join(f"{e.code} ngày {e.issue_date or '?'} của {e.clean_issuer or '?'}"
                                   for e in res.candidates[:5])
                more = f" (và {len(res.candidates) - 5} văn bản khác)" if len(res.candidates) > 5 else ""
                review = ref.review or Review()
                add_reason(review, "ambiguous",
                           f"{len(res.candidates)} văn bản trong cơ sở dữ liệu cùng số, ký hiệu "
                           f"này: {listed}{more}", confidence=0.5)
                ref.review = review
            if ref.number:
                ref.registry = RegistryMatch(matched=False)  # reported, never guessed
            ref.issuer = ref.issuer or issuer_from_symbol(ref)
            return ref
        e, score = res.entry, res.score
        ocr = any(m.provenance and m.provenance.source == "ocr" for m in ref.mentions)
        filled: list[str] = []
        if ref.number and e.symbol and not ref.symbol:
            ref.symbol = e.symbol  # absent from the text
            filled.append("symbol")
        elif ref.number and e.symbol and code_key(ref.symbol) != code_key(e.symbol) and ocr:
            # an OCR look-alike (TTq for TTg): repaired, and the repair kept
            for m in ref.mentions:
                if m.provenance is not None:
                    m.provenance.repairs = [*m.provenance.repairs, f"{ref.symbol} -> {e.symbol}"]
            ref.symbol = e.symbol
            filled.append("symbol")
        if e.year and not ref.year and ref.number and (ocr or res.how != "lookalike"):
            ref.year = e.year
            filled.append("year")
        if ref.number and e.code and ({"symbol", "year"} & set(filled) or not ref.code):
            ref.code = e.code
        if ref.date is None and e.issue_date:
            ref.date = e.day("issue_date")
            filled.append("date")
        if not ref.issuer and e.clean_issuer:
            ref.issuer = e.clean_issuer
            filled.append("issuer")
        ref.issuer = ref.issuer or issuer_from_symbol(ref)
        if not ref.title and e.title:
            ref.title = e.title
            filled.append("title")
        ref.registry = RegistryMatch(
            matched=True, status=e.status, code=e.code, score=round(score, 3),
            replaced_by=e.replaced_by, effective_date=e.day("effective_date"),
            expiry_date=e.day("expiry_date"), issue_date=e.day("issue_date"),
            issuer=e.clean_issuer, filled=filled)
        return ref


def resolve_references(refs: list[Reference], ctx: Optional[ParseContext] = None
                       ) -> list[Reference]:
    """The pipeline's default resolver: the offline registry, with the citing document's
    context."""
    return RegistryResolver()(refs, ctx)
