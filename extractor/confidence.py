"""Per-field confidence: how sure the program is of each field and item, and why not.

Every header field with provenance, every reference (through its mentions), target and
timetable row gets a :class:`models.Review` whose ``confidence`` in [0, 1] is

- the OCR word confidences under its span (``Word.conf`` 0..100): half the mean, half a
  low quantile (the lowest word for a short span, the tenth percentile for a long one),
  because one misread digit spoils a number while one poor word rarely spoils a title;
- times the parser's own certainty (``Provenance.score``; an ``inferred`` value without a
  score counts 0.8, a plain rule match 1.0).

A span read from a text layer, a DOCX or plain text has no OCR evidence: its confidence
is the parser's alone. Reasons are added (see :mod:`extractor.review`) when the span was
written by hand (``Word.handwritten`` or a ``handwritten:`` repair), changed by an OCR
repair, contradicted by other evidence in the document (the symbol's type abbreviation,
the year in the code, the date in the signature block or the signing time), or disagrees
with the registry; an expected header field that was not found is flagged ``not_found``.
``extractor.review.finish`` then settles ``needs_review``.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from vanban.extractor.normalize import fold, initials_name
from vanban.extractor.review import REVIEW_THRESHOLD, add_reason
from vanban.extractor.text import Text, Word
from vanban.models import Document, ExtractionResult, Provenance, Review

#: an inferred value (taken from elsewhere in the document) without a score of its own
INFERRED_SCORE = 0.8
#: a word below this OCR confidence (0..100) is named in the low-confidence reason
POOR_WORD = 60.0
#: a field read from handwriting or changed by a repair is at most this sure
HANDWRITTEN_CAP = 0.5
REPAIR_CAP = 0.55
CONTRADICTION_CAP = 0.4

#: header fields every official document has (NĐ 30/2020 Điều 8); missing -> not_found
EXPECTED_FIELDS = ("doc_type", "number", "symbol", "issuer", "place", "issue_date", "title",
                   "signer.name", "signer.position")
_FIELD_LABELS = {
    "doc_type": "loại văn bản", "number": "số", "symbol": "ký hiệu", "issuer": "cơ quan ban hành",
    "place": "địa danh", "issue_date": "ngày ban hành", "title": "trích yếu",
    "signer.name": "người ký", "signer.position": "chức vụ người ký",
}


@dataclass(frozen=True)
class Evidence:
    """What the page says about one span."""

    ocr: Optional[float]  # 0..1 from the OCR words under the span; None when not OCR
    poor_words: tuple[str, ...]
    handwritten: tuple[str, ...]  # words or repairs read from handwriting
    repairs: tuple[str, ...]  # other OCR repairs


def words_in(text: Text, start: int, end: int) -> list[Word]:
    """The words overlapping [start, end)."""
    if not text.lines or end <= start:
        return []
    first, last = text.line_index_at(start), text.line_index_at(max(start, end - 1))
    return [w for line in text.lines[first:last + 1] for w in line.words
            if w.start < end and w.end > start]


def ocr_score(confs: list[float]) -> Optional[float]:
    """Half the mean, half a low quantile of word confidences (0..100) -> 0..1.

    >>> ocr_score([90.0, 90.0])
    0.9
    >>> ocr_score([95.0, 20.0])  # one poor word in a short span pulls hard
    0.3875
    >>> ocr_score([])
    """
    if not confs:
        return None
    ordered = sorted(max(0.0, min(100.0, c)) for c in confs)
    low = ordered[max(0, math.ceil(len(ordered) / 10) - 1)]
    return round((sum(ordered) / len(ordered) + low) / 200, 4)


def _spacing_only(repair: str) -> bool:
    """Whether a repair "X -> Y" only took white space out ("TT- BTC -> TT-BTC", a code
    wrapped at its hyphen): the reading itself was right, nothing to review.

    >>> _spacing_only("92/2009/TT- BTC -> 92/2009/TT-BTC"), _spacing_only("KI -> KL")
    (True, False)
    """
    before, arrow, after = repair.rpartition(" -> ")
    return bool(arrow) and "".join(before.split()).endswith("".join(after.split()))


def evidence(text: Text, prov: Provenance) -> Evidence:
    start, end = prov.span
    words = words_in(text, start, end)
    confs = [w.conf for w in words if w.conf is not None]
    hand_words = tuple(w.text for w in words if getattr(w, "handwritten", False))
    repairs = list(dict.fromkeys([*prov.repairs, *text.repairs_in(start, end)]))
    hand_repairs = tuple(r for r in repairs if r.lower().startswith("handwritten"))
    other = tuple(r for r in repairs if r not in hand_repairs and not _spacing_only(r))
    poor = tuple(w.text for w in words if w.conf is not None and w.conf < POOR_WORD)
    return Evidence(ocr=ocr_score(confs), poor_words=poor,
                    handwritten=hand_words + hand_repairs, repairs=other)


def parser_score(prov: Provenance) -> float:
    if prov.score is not None:
        return max(0.0, min(1.0, float(prov.score)))
    return INFERRED_SCORE if prov.inferred else 1.0


def assess(prov: Optional[Provenance], text: Text, review: Optional[Review] = None) -> Review:
    """The review of one span: confidence from OCR and parser, with its reasons (added to
    ``review`` when given, which keeps its own reasons and lowest confidence)."""
    review = review if review is not None else Review()
    if prov is None or prov.span is None:
        return review
    if prov.bbox is None and prov.page is not None:
        # the report boxes every item: fill a box the parser did not compute
        prov.bbox = text.bbox_for(*prov.span)
    ev = evidence(text, prov)
    conf = parser_score(prov) * (ev.ocr if ev.ocr is not None else 1.0)
    conf = round(conf, 4)
    review.confidence = conf if review.confidence is None else min(review.confidence, conf)
    if ev.handwritten:
        add_reason(review, "handwritten",
                   "viết tay: " + ", ".join(ev.handwritten[:5]), HANDWRITTEN_CAP)
    if ev.repairs:
        add_reason(review, "ocr_repair",
                   "chữ được sửa sau OCR: " + "; ".join(ev.repairs[:5]), REPAIR_CAP)
    if conf < REVIEW_THRESHOLD:  # the page's own evidence, before the caps above
        what = (f"chữ OCR đọc kém: {', '.join(ev.poor_words[:6])}" if ev.poor_words
                else "bộ phân tích không chắc chắn")
        add_reason(review, "low_confidence",
                   f"độ tin cậy thấp ({conf:.2f}); {what}")
    return review


# ------------------------------------------------------------------ contradictions
# the year of a normative code "30/2020/NĐ-CP": its second part ("2015/QĐ-UBND" is number 2015)
_YEAR_IN_CODE = re.compile(r"^[^/]+/((?:19|20)\d{2})/")
_SIGN_TIME = re.compile(r"(?i)th[ờo]i\s*gian\s*k[ýy]\s*:?\s*(\d{1,2})[./-](\d{1,2})[./-]((?:19|20)\d{2})")
_PLACE_DATE = re.compile(
    r"(?i)ng[àaả]y\s*(\d{1,2})\s*th[áaà]ng\s*(\d{1,2})\s*n[ăaãâ]m\s*((?:19|20)\d{2})")


def _date(d: str, m: str, y: str) -> Optional[date]:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _abbr_types() -> dict[str, str]:
    from vanban.extractor.vocab import doc_types

    return {fold(e.abbr): e.slug for e in doc_types() if e.abbr}


def _contradict(doc: Document, field: str, message: str) -> None:
    add_reason(doc.review.setdefault(field, Review()), "contradiction", message,
               CONTRADICTION_CAP)


# cue words that open another part of the header (NĐ 30/2020 Phụ lục I): a field value
# holding one has run into its neighbour
def _foreign_cues(date_lead: str) -> re.Pattern[str]:
    return re.compile(
        r"(?i)(?:\bs[ốo]\s*:|\bc[ộo]ng\s+h[òo]a\b|\bđ[ộo]c\s+l[ậa]p\b"
        + date_lead + r"ng[àa]y\s*\S{0,4}\s*th[áa]ng\b|\bn[ơo]i\s+nh[ậa]n\b)")


_FOREIGN_CUES = _foreign_cues(r"|\b")
# in a title, a date is the place-date line's only after a place and its comma ("… Hà Nội,
# ngày 5 tháng …"); "Quyết định số 42/2018/QĐ-UBND ngày 08 tháng 8 năm 2018" is a cited
# document's date, as amending titles write them
_TITLE_FOREIGN_CUES = _foreign_cues(r"|,\s*")
# a trích yếu never ends on a preposition or conjunction: it was cut at a line end
# ("số" only after a type word: "Chính phủ số", "chuyển đổi số", "mã số" end titles; nor
# "tiếp theo", "hằng năm")
_CUT_ENDING = re.compile(r"(?i)(?:\b(?:của|và|về|các|cho|với|tại|trong|đối|giai)"
                         r"|(?<!tiếp\s)\btheo|(?<!hằng\s)(?<!hàng\s)\bnăm"
                         r"|\b(?:định|quyết|thị|tư|văn|luận|hoạch|báo|trình)\s+số)\s*$")
# a full stop followed by a new sentence: the title ran into the body (a title in capitals
# lists its subjects with ";" and abbreviates with ".": no sentence there)
_SENTENCE_BREAK = re.compile(r"[.;]\s+(?=\w\w)")


def _sentence_break(title: str) -> bool:
    """A "." or ";" followed by a word in sentence case ("… quy định. Căn cứ …")."""
    for m in _SENTENCE_BREAK.finditer(title):
        word = title[m.end():m.end() + 2]
        if word[0].isupper() and word[1].islower():
            return True
    return False


# amending and repealing titles name each document with its number, date and issuer: they
# run to several hundred characters
TITLE_MAX = 600


def check_values(doc: Document) -> None:
    """Flag header values whose own shape shows they were cut or ran into a neighbour."""
    for field in ("issuer", "issuer_parent", "title", "place"):
        value = getattr(doc, field, None)
        cues = _TITLE_FOREIGN_CUES if field == "title" else _FOREIGN_CUES
        if value and cues.search(value):
            add_reason(doc.review.setdefault(field, Review()), "garbled",
                       f"lẫn chữ của phần khác trong phần đầu văn bản: {value[:60]}",
                       CONTRADICTION_CAP)
    if doc.signer and doc.signer.name and _FOREIGN_CUES.search(doc.signer.name):
        add_reason(doc.review.setdefault("signer.name", Review()), "garbled",
                   f"lẫn chữ của phần khác: {doc.signer.name[:60]}", CONTRADICTION_CAP)
    title = doc.title or ""
    if title and (len(title) > TITLE_MAX or _sentence_break(title)):
        add_reason(doc.review.setdefault("title", Review()), "ambiguous",
                   "trích yếu có thể lẫn nội dung văn bản", CONTRADICTION_CAP)
    elif title and _CUT_ENDING.search(title):
        add_reason(doc.review.setdefault("title", Review()), "ambiguous",
                   "trích yếu có thể bị cắt ở cuối dòng", CONTRADICTION_CAP)


def check_header(doc: Document, text: Text, today: Optional[date] = None) -> None:
    """Flag header fields that other evidence in the same document contradicts."""
    today = today or date.today()
    check_values(doc)
    if doc.symbol and doc.doc_type:
        head = fold(re.split(r"[-–/]", doc.symbol, maxsplit=1)[0])
        slug = _abbr_types().get(head)
        # a công văn's symbol opens with its issuer's initials ("CT-CS" of Cục Thuế)
        letter_of_issuer = doc.doc_type == "cong_van" and initials_name(
            head, doc.issuer, doc.issuer_parent)
        if slug and slug != doc.doc_type and not letter_of_issuer and not (
                {slug, doc.doc_type} <= {"thong_tu", "thong_tu_lien_tich"}):
            msg = f"ký hiệu {doc.symbol} không khớp loại văn bản {doc.doc_type_label or doc.doc_type}"
            _contradict(doc, "doc_type", msg)
            _contradict(doc, "symbol", msg)
    if doc.issue_date:
        d = doc.issue_date
        if d > today or d.year < 1945:
            _contradict(doc, "issue_date", f"ngày ban hành {d:%d/%m/%Y} không thể có")
        m = _YEAR_IN_CODE.search(doc.code or "")
        if m and int(m.group(1)) != d.year:
            _contradict(doc, "issue_date",
                        f"năm trong số hiệu {doc.code} khác năm ban hành {d.year}")
        for other, where in signature_dates(doc, text):
            if where == "signing" and d > other:
                _contradict(doc, "issue_date", f"ngày ban hành {d:%d/%m/%Y} sau thời gian ký "
                            f"{other:%d/%m/%Y}")
            elif where == "signature" and other != d:
                _contradict(doc, "issue_date", f"ngày ban hành {d:%d/%m/%Y} khác ngày ở khối "
                            f"chữ ký {other:%d/%m/%Y}")


def signature_dates(doc: Document, text: Text) -> Iterable[tuple[date, str]]:
    """Dates the signature evidence gives: a place-date line inside the signature block
    (``signature``), and digital-signature times ``Thời gian ký: dd.mm.yyyy`` (``signing``)."""
    for m in _SIGN_TIME.finditer(text.text):
        d = _date(*m.groups())
        if d:
            yield d, "signing"
    sig = doc.provenance.get("signer")
    date_prov = doc.provenance.get("issue_date")
    if sig is None or sig.span is None:
        return
    # the block: from a few lines above the signer's authority line to its end
    first = max(0, text.line_index_at(sig.span[0]) - 3)
    start = text.lines[first].start if text.lines else sig.span[0]
    block = text.text[start:sig.span[1]]
    for m in _PLACE_DATE.finditer(block):
        if date_prov and date_prov.span and date_prov.span[0] <= start + m.start() < date_prov.span[1]:
            continue  # the header's own line (a one-page letter can be short)
        d = _date(*m.groups())
        if d:
            yield d, "signature"


# ------------------------------------------------------------------ items
def check_registry(ref) -> None:
    reg = ref.registry
    if reg is None or not reg.matched:
        return
    review = ref.review if ref.review is not None else Review()
    if reg.issue_date and ref.date and reg.issue_date != ref.date and "date" not in reg.filled:
        add_reason(review, "registry", f"danh mục ghi ngày {reg.issue_date:%d/%m/%Y}, văn bản "
                   f"ghi {ref.date:%d/%m/%Y}", CONTRADICTION_CAP)
    if reg.score is not None and reg.score < REVIEW_THRESHOLD:
        add_reason(review, "registry", f"khớp danh mục không chắc ({reg.score:.2f})")
    if review.reasons or review.confidence is not None:
        ref.review = review


def assess_result(result: ExtractionResult, text: Text, today: Optional[date] = None) -> None:
    """Give every field and item of ``result`` its confidence and reasons (before
    ``extractor.review.finish`` settles the flags)."""
    doc = result.document
    for field, prov in doc.provenance.items():
        doc.review[field] = assess(prov, text, doc.review.get(field))
    sig = doc.provenance.get("signer")
    if sig is not None and doc.signer and doc.signer.position and "signer.position" not in doc.review:
        # the position is read from the signer block: it carries the block's evidence
        doc.review["signer.position"] = assess(sig, text, Review())
    for field in EXPECTED_FIELDS:
        obj = doc
        for part in field.split("."):
            obj = getattr(obj, part, None) if obj is not None else None
        if obj in (None, "", []):
            add_reason(doc.review.setdefault(field, Review()), "not_found",
                       f"không tìm thấy {_FIELD_LABELS[field]}", 0.0)
    check_header(doc, text, today)
    for ref in result.references:
        best: Optional[Review] = None
        for mention in ref.mentions:
            r = assess(mention.provenance, text, Review())
            if r.confidence is not None and (best is None or r.confidence > best.confidence):
                best = r
        if best is not None:
            if ref.review is not None:
                for reason in best.reasons:
                    add_reason(ref.review, reason.code, reason.message)
                ref.review.confidence = (best.confidence if ref.review.confidence is None
                                         else min(ref.review.confidence, best.confidence))
            else:
                ref.review = best
        check_registry(ref)
    for item in (*result.targets, *result.timetable):
        if item.provenance is not None:
            item.review = assess(item.provenance, text, item.review)
