"""Grouping citations into references: one :class:`Reference` per cited document,
each citation a mention with provenance."""
from __future__ import annotations

from typing import Optional

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.text import Text
from vanban.extractor.review import add_reason
from vanban.models import Mention, Reference, Review

from vanban.extractor.parsers.references.codes import code_key
from vanban.extractor.parsers.references.find import Citation, _is_upper, find_citations

def _as_written(s: str, c: Citation) -> str:
    return " ".join(s[c.start:c.end].split())


def _group_key(c: Citation) -> tuple:
    if c.info is not None:  # a number and symbol name one document whatever the type word
        return ("code", None, c.info.number.lstrip("0") or "0", code_key(c.info.symbol))
    if c.number:
        return ("number", c.doc_type, c.number.lstrip("0") or "0")
    return ("law", fold(c.law_name), c.date)


def parse_references(text: Text, ctx: ParseContext) -> list[Reference]:
    """One :class:`Reference` per cited document, in order of first citation."""
    s = text.text
    wrapped = any(p.source in ("text_layer", "ocr") for p in text.pages)
    ocr = any(p.source == "ocr" for p in text.pages)
    cits = find_citations(s, ctx, wrapped=wrapped, ocr=ocr)
    groups: dict[tuple, list[Citation]] = {}
    for c in cits:
        groups.setdefault(_group_key(c), []).append(c)
    # a bare "Nghị quyết 29" joins "Nghị quyết số 29-NQ/TW" cited elsewhere in the text;
    # "Đề án 1373" joins "Quyết định số 1373/QĐ-TTg … phê duyệt Đề án …" (the decision
    # that approved it, by whose number the plan is known)
    for key in [k for k in groups if k[0] == "number"]:
        full = [k for k in groups if k[0] == "code" and k[2] == key[2]
                and groups[k][0].doc_type in (key[1], "quyet_dinh")]
        if len(full) == 1:
            groups[full[0]].extend(groups.pop(key))
            groups[full[0]].sort(key=lambda c: c.start)
    if ocr:
        _join_lost_figures(groups)
    refs = []
    for key, items in sorted(groups.items(), key=lambda kv: kv[1][0].start):
        refs.append(_reference(text, s, items))
    return refs


def _join_lost_figures(groups: dict[tuple, list[Citation]]) -> None:
    """OCR loses a number's narrow leading figure ("2/2021/QĐ-TTg" for "12/2021/QĐ-TTg"):
    a citation whose number ends another cited number, with the same symbol and the same
    written date, is that document. A symbol alone is too weak: both dates must be there."""
    coded = [k for k in groups if k[0] == "code"]
    for short in coded:
        for c in [c for c in groups[short] if c.date is not None]:
            longer = [k for k in coded if k[3] == short[3] and k[2] != short[2]
                      and k[2].endswith(short[2]) and any(o.date == c.date for o in groups[k])]
            if len(longer) != 1:
                continue
            whole = groups[longer[0]][0]
            c.repairs.append(f"{c.info.number} -> {whole.info.number} "
                             "(số cùng ký hiệu và ngày, OCR mất chữ số đầu)")
            c.info, c.number = whole.info, whole.number  # the mention keeps its text
            groups[short].remove(c)
            groups[longer[0]].append(c)
            groups[longer[0]].sort(key=lambda x: x.start)
    for key in [k for k in coded if not groups[k]]:
        del groups[key]


def _first(values, prefer=lambda v: True):
    values = [v for v in values if v]
    good = [v for v in values if prefer(v)]
    return (good or values or [None])[0]


def _reference(text: Text, s: str, items: list[Citation]) -> Reference:
    coded = [c for c in items if c.info is not None]
    main = coded[0] if coded else items[0]
    info = main.info
    year = _first(c.info.year for c in coded) if coded else None
    number = info.number if info else main.number
    symbol = info.symbol if info else None
    code = None
    if info:
        code = f"{number}/{year}/{symbol}" if year and not info.party else info.code
    mentions = []
    for c in items:
        prov = text.provenance(c.start, c.end, rule=c.rule, score=1.0 if not c.repairs else 0.9,
                               repairs=c.repairs)
        mentions.append(Mention(as_written=_as_written(s, c), role=c.role, provenance=prov))
    title = _first((c.title for c in items), lambda v: not _is_upper(v))
    if main.kind == "law" and not title:
        title = main.law_name
    date = _first((c.date for c in items if not c.date_invalid))
    review = None
    unreadable = _first(c.date_unreadable for c in items)
    if unreadable and date is None:
        review = Review()
        add_reason(review, "garbled", f"ngày ban hành ghi “{unreadable}” không đọc được thành "
                   "một ngày", confidence=0.4)
    return Reference(
        doc_type=main.doc_type or (info.type_slug if info else None) or "other",
        number=number, year=year, symbol=symbol, code=code, date=date,
        issuer=_first((c.issuer for c in items), lambda v: not _is_upper(v)),
        title=title, mentions=mentions, review=review)

