"""The one function that reads every header part and assembles the ``Document``.

The parts are read in an order that lets each remove what it took from the lines the next
one reads (the issuer is what is left of the header lines once the national title, motto,
number and place-date are taken out): the taken spans are values handed along, not state
a part mutates. A part not found leaves its field null, says so in ``warnings`` and flags
the field ``not_found``; a doubtful value is flagged with its reason. No header field is
ever filled from the body.
"""
from __future__ import annotations

from vanban.extractor import vocab
from vanban.extractor.normalize import fold, initials_name
from vanban.extractor.parsers.header.endmatter import _ends_mid_sentence
from vanban.extractor.parsers.header.heading import (find_type_heading, parse_subject_line,
                                                     parse_title, salutation_line,
                                                     zone_without_type)
from vanban.extractor.parsers.header.issuer import parse_issuer
from vanban.extractor.parsers.header.lines import _L, _lines, type_by_abbr
from vanban.extractor.parsers.header.model import (HeaderInfo, HeaderZone, NumberPart, PlaceDatePart,
                                            Span)
from vanban.extractor.parsers.header.national_title import find_phrase
from vanban.extractor.parsers.header.number import parse_number
from vanban.extractor.parsers.header.passed_on import parse_passed_on
from vanban.extractor.parsers.header.patterns import SYMBOL_PARTS, WORDS
from vanban.extractor.parsers.header.period import parse_period
from vanban.extractor.parsers.header.place_date import parse_place_date
from vanban.extractor.parsers.header.recipients import parse_recipients
from vanban.extractor.parsers.header.self_refs import self_references
from vanban.extractor.parsers.header.signer import parse_signer
from vanban.extractor.parsers.header.contacts import parse_contacts
from vanban.extractor.review import flag
from vanban.extractor.text import Text
from vanban.models import Document

# Lines before "Nơi nhận" (or the end) searched for a place-date line standing alone
# above the signature, when the header has none.
END_DATE_BEFORE, END_DATE_AFTER = 20, 30

UNREADABLE = {
    "number": "Số văn bản có nhưng đọc không rõ (viết tay hoặc bị dấu che)",
    "issue_date": "Ngày ban hành có nhưng đọc không rõ (viết tay hoặc bị dấu che)",
}
# Vietnamese messages of the parts not found (warnings and review reasons).
NOT_FOUND = {
    "issuer": "Không tìm thấy tên cơ quan ban hành ở phần đầu văn bản",
    "number": "Không tìm thấy dòng số, ký hiệu (“Số: …/…”) ở phần đầu văn bản",
    "issue_date": "Không tìm thấy dòng địa danh, ngày tháng năm ban hành ở phần đầu văn bản",
    "doc_type": "Không tìm thấy tên loại văn bản (dòng tên loại hoặc dòng “V/v”)",
    "title": "Không tìm thấy trích yếu nội dung văn bản",
    "signer": "Không tìm thấy khối chữ ký",
    "recipients": "Không tìm thấy mục “Nơi nhận”",
}


class _Taken:
    """Spans of header lines already read as a part (per line index, columns)."""

    def __init__(self, lines: list[_L]) -> None:
        self._lines = lines
        self.spans: dict[int, list[Span]] = {}

    def add(self, start: int, end: int) -> None:
        for ln in self._lines:
            a, b = max(start, ln.start), min(end, ln.end)
            if a < b:
                self.spans.setdefault(ln.index, []).append((a - ln.start, b - ln.start))


def parse_header(text: Text) -> HeaderInfo:
    """Read the document header, end matter and contacts of ``text``."""
    lines = _lines(text)
    doc = Document()
    info = HeaderInfo(document=doc)
    prov = doc.provenance
    nt = vocab.national_title()
    seen: set[str] = set()

    # 1. the type heading bounds the header zone
    heading = find_type_heading(lines, text)
    zone_end = heading.line_index if heading is not None else zone_without_type(lines)
    head = lines[:zone_end]
    taken = _Taken(head)

    # 2. right-column phrases and the number line, taken out of each header line
    info.national_title = find_phrase(head, nt.title, nt.min_score, text)
    info.motto = find_phrase(head, nt.motto, nt.min_score, text)
    party = find_phrase(head, nt.party_title, 90, text)
    org = next((found for title in nt.org_titles
                if (found := find_phrase(head, title, nt.org_min_score, text))), None)
    for name, check in (("national_title", info.national_title), ("motto", info.motto),
                        ("party_title", party), ("org_title", org)):
        if check:
            seen.add(name)
            for piece in check.pieces or (check.span,):
                taken.add(*piece)

    number = parse_number(head, text, taken.spans)
    if number is not None:
        seen.add("number")
        for piece in number.taken or (number.span,):
            taken.add(*piece)
        _set_number(doc, info, number)
    place_date = parse_place_date(head, text, taken.spans)
    if place_date is not None:
        seen.add("place_date")
        for span in place_date.taken:
            taken.add(*span)
        _set_place_date(doc, info, place_date)

    # 3. the issuer: what is left of the header lines before the number/date lines
    marks = (number.line_index if number else None, place_date.line_index if place_date else None)
    stop = min([i for i in marks if i is not None] + [zone_end])
    national_words = frozenset(WORDS.findall(fold(f"{nt.title} {nt.motto} {nt.party_title}")))
    issuer = parse_issuer(head[:stop + 1] if stop < zone_end else head, taken.spans, text,
                          national_words)
    if issuer is not None:
        seen.add("issuer")
        info.issuer_in_header = True
        doc.issuer, prov["issuer"] = issuer.issuer, issuer.provenance
        if issuer.parent:
            doc.issuer_parent, prov["issuer_parent"] = issuer.parent, issuer.parent_provenance
        if issuer.garbled:
            flag(doc, "issuer", "garbled", "Tên cơ quan ban hành đọc được chỉ là một phần của "
                 "Quốc hiệu, Tiêu ngữ: phần đầu văn bản bị lẫn", 0.2)

    # 4. type and title
    if heading is not None:
        seen.add("type_heading")
        doc.doc_type, doc.doc_type_label = heading.entry.slug, heading.entry.label
        prov["doc_type"] = prov["doc_type_label"] = heading.provenance
        title = parse_title(lines, heading, text)
    else:
        # no type heading: a "V/v" subject line makes the document a công văn (whose
        # symbol has no type part: "CT" in "5253/CT-CS" names the issuer, not Chỉ thị);
        # without one the type is only a guess from the symbol, said to be one
        title = parse_subject_line(head, text, taken.spans)
        by_symbol = type_by_abbr(SYMBOL_PARTS.split(doc.symbol)[0]) if doc.symbol else None
        if title is not None:
            seen.add("subject_line")
            entry = vocab.doc_type_by_slug("cong_van")
            doc.doc_type, doc.doc_type_label = entry.slug, entry.label
            prov["doc_type"] = title.marker_provenance
            if by_symbol is not None and not initials_name(by_symbol.abbr, doc.issuer,
                                                           doc.issuer_parent):
                # "CT" in "5253/CT-CS" of Cục Thuế names the issuer: nothing to doubt
                flag(doc, "doc_type", "ambiguous",
                     f"Có dòng “V/v” nên là công văn, nhưng ký hiệu “{doc.symbol}” bắt đầu "
                     f"bằng “{by_symbol.abbr}” (chữ viết tắt của {by_symbol.label})", 0.8)
        elif by_symbol is None and doc.symbol and (
                salute := salutation_line(lines, zone_end)) is not None:
            # no heading, no "V/v", a symbol without a type part, and a letter's "Kính gửi":
            # a công văn whose subject line is missing (said to be inferred)
            entry = vocab.doc_type_by_slug("cong_van")
            doc.doc_type, doc.doc_type_label = entry.slug, entry.label
            prov["doc_type"] = text.provenance(salute.start, salute.end, inferred=True,
                                               rule="salutation_without_type")
            flag(doc, "doc_type", "ambiguous",
                 f"Không có dòng tên loại văn bản, không có dòng “V/v”; ký hiệu “{doc.symbol}” "
                 "không có phần tên loại và văn bản có “Kính gửi”: coi là công văn", 0.7)
        elif by_symbol is not None:
            doc.doc_type, doc.doc_type_label = by_symbol.slug, by_symbol.label
            prov["doc_type"] = prov["symbol"].model_copy(update={"inferred": True,
                                                                 "rule": "type_from_symbol"})
            flag(doc, "doc_type", "ambiguous",
                 f"Không có dòng tên loại văn bản; loại “{by_symbol.label}” chỉ suy ra từ ký "
                 f"hiệu “{doc.symbol}”", 0.5)
    if title is not None:
        seen.add("title")
        doc.title, prov["title"] = title.title, title.provenance
    if heading is not None:
        _repair_stutter(doc, heading.entry.abbr)

    # 5. period, end matter, contacts
    year = doc.issue_date.year if doc.issue_date else None
    doc.period = parse_period(lines, text, heading.line_index if heading else None, year, title,
                              doc.doc_type)
    if doc.period is not None:
        prov["period"] = doc.period.provenance
    recipients = parse_recipients(lines, text)
    rec_idx = recipients.line_index if recipients is not None else None
    if recipients is not None:
        seen.add("recipients")
        info.recipients_line = recipients.heading_span
        doc.recipients = list(recipients.entries)
        if recipients.provenance is not None:
            prov["recipients"] = recipients.provenance
    title_end = doc.provenance.get("title")
    body_from = (text.line_index_at(title_end.span[1] - 1) + 1 if title_end and title_end.span
                 else (heading.line_index + 1 if heading else 0))
    signer = parse_signer(lines, rec_idx, text,
                          recipients.last_line_index if recipients is not None else None,
                          body_from)
    if signer is not None:
        seen.add("signer")
        doc.signer = signer.signer
        doc.co_signers = list(signer.co_signers)
        prov["signer"] = signer.signer.provenance
        if signer.name_provenance is not None:
            prov["signer.name"] = signer.name_provenance
        if signer.signer.position is None and signer.signer.authority is None:
            flag(doc, "signer", "not_found", "Chỉ đọc được tên người ký; không thấy chức vụ "
                 "và thẩm quyền ký (có thể bị dấu che)", 0.5)
        if signer.joint_unread:
            flag(doc, "signer.name", "ambiguous", "Hai khối chữ ký đứng cạnh nhau (văn bản "
                 "liên tịch) không tách được: tên và chức vụ đọc được có thể gộp của hai "
                 "người ký", 0.4)
    if info.date_line is None:
        # some bodies (associations, Party committees, reports) date the document at its
        # end, just above the signature: taken only as a line standing alone there, and
        # said to be read away from the header
        end_lines = (lines[max(0, rec_idx - END_DATE_BEFORE):rec_idx + END_DATE_AFTER]
                     if rec_idx is not None else lines[-END_DATE_AFTER:])
        at_end = parse_place_date(end_lines, text, {}, rule="place_date_end", alone=True)
        if at_end is not None:
            _set_place_date(doc, info, at_end)
            if doc.issue_date is not None:
                flag(doc, "issue_date", "ambiguous", "Ngày ban hành đọc ở cuối văn bản, trên "
                     "khối chữ ký, không ở phần đầu", 0.7)
        passed = parse_passed_on(lines, text, doc.doc_type) if doc.issue_date is None else None
        if passed is not None:
            # a law has no place-date line: its date is the day it was passed
            doc.issue_date, prov["issue_date"] = passed
    contacts = parse_contacts(text)
    doc.contacts = contacts.contacts
    if contacts.provenance is not None:
        prov["contacts"] = contacts.provenance
    info.self_references = self_references(lines, text, doc.doc_type)
    info.cut_off = recipients is None and doc.signer is None and _ends_mid_sentence(lines)
    head_span = (head[0].start, head[-1].end) if head else None
    header_parts = seen - {"signer", "recipients"}
    info.zone = HeaderZone(read=bool(header_parts), span=head_span, parts=frozenset(seen))
    _report_missing(doc, info)
    if year is None and doc.period and doc.period.start:
        year = doc.period.start.year
    info.extras["year"] = year
    return info


def _set_number(doc: Document, info: HeaderInfo, number: NumberPart) -> None:
    doc.number, doc.symbol, doc.code = number.number, number.symbol, number.code
    info.number_line = number.span
    if number.unreadable is not None:
        info.unreadable.append("number")
        flag(doc, "number", "handwritten", f"Số văn bản đọc không rõ (viết tay?): "
             f"“{number.unreadable}”", 0.3 if number.number else None)
    for key, value in (("number", number.number_provenance), ("code", number.code_provenance),
                       ("symbol", number.symbol_provenance)):
        if value is not None:
            doc.provenance[key] = value
    if number.year:
        info.extras["number_year"] = number.year


def _set_place_date(doc: Document, info: HeaderInfo, part: PlaceDatePart) -> None:
    info.date_line = part.span
    if part.place:
        doc.place, doc.provenance["place"] = part.place, part.place_provenance
    if part.issue_date is not None:
        doc.issue_date, doc.provenance["issue_date"] = part.issue_date, part.date_provenance
    if part.invalid_date:
        info.extras["invalid_issue_date"] = part.invalid_date
    if part.unreadable is not None:
        info.unreadable.append("issue_date")
        flag(doc, "issue_date", "handwritten", "Ngày ban hành đọc không rõ (viết tay?): "
             f"“{' '.join(part.unreadable.split())}”")


def _report_missing(doc: Document, info: HeaderInfo) -> None:
    """A warning and a ``not_found`` flag for each header field left null. When no header
    was read at all, one warning says so instead (a text without its first page)."""
    if not info.zone.read:
        info.warnings.append("Không đọc được phần đầu văn bản (không thấy Quốc hiệu, cơ quan "
                             "ban hành, số ký hiệu hay ngày ban hành)")
    missing: list[str] = []
    if info.zone.read:
        if doc.issuer is None:
            missing.append("issuer")
        if doc.symbol is None and doc.number is None:
            missing.append("number")
        if doc.issue_date is None and info.date_line is None:
            missing.append("issue_date")
        for key in info.unreadable:
            info.warnings.append(UNREADABLE[key])
        if doc.doc_type is None:
            missing.append("doc_type")
        if doc.title is None:
            missing.append("title")
    if not info.cut_off:
        if doc.signer is None:
            missing.append("signer")
        if not doc.recipients:
            missing.append("recipients")
    for key in missing:
        info.warnings.append(NOT_FOUND[key])
        flag(doc, key, "not_found", NOT_FOUND[key])


def _repair_stutter(doc: Document, abbr) -> None:
    """An OCR'd symbol whose type part is the type heading's abbreviation with one letter
    read twice ("QĐĐ-UBND" under "QUYẾT ĐỊNH") is that abbreviation: the repair is kept in
    the symbol's provenance and flagged. A typed text keeps what it says."""
    prov = doc.provenance.get("symbol")
    if not abbr or not doc.symbol or prov is None or prov.source != "ocr":
        return
    head = SYMBOL_PARTS.split(doc.symbol)[0]
    if len(head) != len(abbr) + 1 or type_by_abbr(head) is not None:
        return
    if not any(head[k] == head[k + 1] and head[:k] + head[k + 1:] == abbr
               for k in range(len(head) - 1)):
        return
    fixed = abbr + doc.symbol[len(head):]
    repair = f"{doc.symbol} -> {fixed}"
    doc.provenance["symbol"] = prov.model_copy(update={"repairs": list(prov.repairs) + [repair]})
    if doc.code and doc.symbol in doc.code:
        doc.code = doc.code.replace(doc.symbol, fixed)
    doc.symbol = fixed
    flag(doc, "symbol", "ocr_repair",
         f"Ký hiệu đọc được “{repair.split(' -> ')[0]}”, sửa thành “{fixed}” theo tên loại "
         "văn bản", 0.7)

