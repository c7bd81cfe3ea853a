"""The boxed items of a result: every header field, citation mention, target, timetable
row and finding that has provenance, with its family, label, value and review."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from vanban.models import ExtractionResult, Provenance, Review

#: field families and their box colours (header, citations, goals, timetable, findings)
FAMILIES = {
    "header": "#1f77b4",
    "reference": "#9467bd",
    "target": "#2ca02c",
    "timetable": "#ff7f0e",
    "finding": "#d62728",
}


@dataclass(frozen=True)
class Item:
    id: str  # stable within one report: "document.number", "references.2.0", "findings.1"
    family: str
    field: str  # what it is: "number", "reference", "target", …
    value: str
    provenance: Optional[Provenance]
    review: Optional[Review]

    @property
    def flagged(self) -> bool:
        return bool(self.review and self.review.needs_review)

    @property
    def confidence(self) -> Optional[float]:
        return self.review.confidence if self.review else None

    @property
    def page(self) -> Optional[int]:
        return self.provenance.page if self.provenance else None

    @property
    def bbox(self):
        return self.provenance.bbox if self.provenance else None


def _header_value(doc, field: str) -> str:
    if field == "period" and doc.period:
        return doc.period.text or f"{doc.period.start} – {doc.period.end}"
    if field == "contacts":
        return ", ".join(doc.contacts.emails + doc.contacts.phones)
    if field == "signer" and doc.signer:
        # a joint document's other signers follow the lead's
        return "; ".join(" / ".join(x for x in (s.authority, s.position, s.name) if x)
                         for s in [doc.signer, *doc.co_signers])
    obj = doc
    for part in field.split("."):
        obj = getattr(obj, part, None) if obj is not None else None
    if isinstance(obj, list):
        return "; ".join(map(str, obj))
    return "" if obj is None else str(obj)


def collect(result: ExtractionResult) -> list[Item]:
    """Every item of ``result``: header fields (also reviewed ones without provenance),
    then citations, targets, timetable rows and findings."""
    doc = result.document
    items: list[Item] = []
    for field in dict.fromkeys([*doc.provenance, *doc.review]):
        # a part without a span of its own (signer.position) is shown on its whole's
        prov = doc.provenance.get(field) or doc.provenance.get(field.split(".")[0])
        items.append(Item(f"document.{field}", "header", field, _header_value(doc, field),
                          prov, doc.review.get(field)))
    for i, ref in enumerate(result.references):
        label = ref.code or (ref.mentions[0].as_written if ref.mentions else "")
        for j, m in enumerate(ref.mentions or [None]):
            items.append(Item(f"references.{i}.{j}", "reference", "reference",
                              m.as_written if m else label,
                              m.provenance if m else None, ref.review))
    for i, t in enumerate(result.targets):
        items.append(Item(f"targets.{i}", "target", "target", t.text, t.provenance, t.review))
    for i, row in enumerate(result.timetable):
        value = " — ".join(x for x in (row.seq, row.task, row.due_text) if x)
        items.append(Item(f"timetable.{i}", "timetable", "timetable", value, row.provenance,
                          row.review))
    for i, f in enumerate(result.findings):
        items.append(Item(f"findings.{i}", "finding", f.code, f.message, f.provenance, None))
    return items
