"""spaCy as the annotation layer: the document's text as a ``Doc`` whose span groups hold
every extracted item at its character offsets.

The parsers work on :class:`~extractor.text.Text` with compiled patterns; this module
turns their result into a spaCy ``Doc`` for people who carry on with NLP tooling
(displaCy, custom components, training data). Span groups:

- ``doc.spans["header"]`` — one span per header field (label = field name)
- ``doc.spans["references"]`` — every mention of a cited document (label = its code)
- ``doc.spans["targets"]`` — every quantified goal (label = comparator + unit)
- ``doc.spans["timetable"]`` — every timetable row (label = its seq or "row")

A blank Vietnamese pipeline is used (whitespace/punctuation tokenizer, no pyvi, no
model download); it is built once per process.

    >>> from vanban.extractor import extract                     # doctest: +SKIP
    >>> result = extract("plan.pdf", options=ExtractOptions(include_text=True))
    >>> doc = annotate(result)
    >>> [(s.text, s.label_) for s in doc.spans["references"]][:1]
    [('Chỉ thị số 11/CT-TW ngày 13/4/2007', '11-CT/TW')]
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from vanban.models import ExtractionResult, Provenance


@lru_cache(maxsize=1)
def blank_vietnamese():
    import spacy

    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def _span(doc, prov: Optional[Provenance], label: str):
    if prov is None or prov.span is None:
        return None
    start, end = prov.span
    return doc.char_span(start, end, label=label, alignment_mode="expand")


def _add(doc, group: str, items: Iterable[tuple[Optional[Provenance], str]]) -> None:
    spans = [s for s in (_span(doc, prov, label) for prov, label in items) if s is not None]
    doc.spans[group] = spans


def annotate(result: ExtractionResult, text: Optional[str] = None):
    """A spaCy ``Doc`` of the result's full text with span groups per field family.

    ``text`` defaults to ``result.text`` (extract with ``include_text=True``)."""
    text = text if text is not None else result.text
    if text is None:
        raise ValueError("annotate() needs the document text: extract with include_text=True")
    doc = blank_vietnamese()(text)
    _add(doc, "header", ((prov, name) for name, prov in result.document.provenance.items()))
    _add(doc, "references", ((m.provenance, ref.code or ref.doc_type or "reference")
                             for ref in result.references for m in ref.mentions))
    _add(doc, "targets", ((t.provenance, f"{t.comparator}{t.unit or ''}") for t in result.targets))
    _add(doc, "timetable", ((r.provenance, r.seq or "row") for r in result.timetable))
    return doc
