"""Compliance and consistency findings (codes of OUTPUT.md).

Each family contributes one function below, in its own section; :func:`find_all`
runs them in order. A finding names the rule it applies (``Finding.rule``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.header import HeaderInfo
from vanban.extractor.parsers.plan_findings import timetable_findings, value_findings
from vanban.extractor.review import flag
from vanban.extractor.text import Text
from vanban.extractor.vocab import load_toml
from vanban.models import Finding, Reference, Target, TimetableRow


# ---------------------------------------------------------------- header (issue 2/3)
_HEADER_RULE = "NĐ 30/2020/NĐ-CP Phụ lục I"


# A law, an ordinance or a resolution of the National Assembly or its Standing Committee is
# promulgated by order, not sent: its form has no "Nơi nhận" (symbol "…/QH15", "…/UBTVQH15").
_ASSEMBLY_SYMBOL = re.compile(r"(?:^|[-/])(?:UBTV)?QH\d*$")


def _passed_by_the_assembly(doc) -> bool:
    return doc.doc_type in ("luat", "phap_lenh") or (
        doc.doc_type == "nghi_quyet" and bool(_ASSEMBLY_SYMBOL.search(doc.symbol or "")))


def _same_symbol(a: str | None, b: str | None) -> bool:
    """Symbols compared without spaces, case, ``&`` or the bar of Đ (OCR/typing slips)."""
    from vanban.extractor.normalize import fold, strip_accents

    def key(s: str) -> str:
        return strip_accents(fold(s)).replace("&", "").replace(" ", "")

    return key(a or "") == key(b or "")


# Appended to a finding drawn from OCR'd text that a misreading alone could produce.
OCR_CAVEAT = " (đọc bằng OCR: đối chiếu với bản quét)"


# ---------------------------------------------------------------- header evidence
@dataclass(frozen=True)
class HeaderEvidence:
    """What the header text shows, read independently of the header parser: a finding
    that a part is missing is only made when none of this is there."""

    read: bool  # the header zone has text at all
    zone: tuple[int, int]  # offsets of the header zone in the text
    quote: str  # the header text read, condensed (quoted in a finding as evidence)
    date: Optional[str]  # a place-date line with a figure in it, as written
    date_blank: Optional[str]  # a place-date line of blanks ("ngày   tháng   năm 2022")
    number: Optional[str]  # a "Số: …" line with a figure, as written
    issuer: Optional[str]  # a line starting with an issuing body's head word


@lru_cache(maxsize=1)
def _evidence_vocab() -> dict:
    data = load_toml("findings.toml")
    zone = data["header_zone"]
    openers = _phrases(zone["openers"])
    heads = _phrases(data["issuer_evidence"]["heads"])
    signer = data["signer_evidence"]
    return {
        "opener": re.compile(rf"^[ \t*_|#-]*(?:{openers})(?!\w)", re.IGNORECASE | re.MULTILINE),
        "max_lines": int(zone["max_lines"]),
        "issuer_lines": int(zone["issuer_lines"]),
        "quote_chars": int(zone["quote_chars"]),
        "head": re.compile(rf"^[ \t*_|#-]*(?:{heads})(?!\w)", re.IGNORECASE | re.MULTILINE),
        "garbled": tuple((fold(f), f) for f in data["garbled_issuer"]["fragments"]),
        "short_ok": frozenset(data["garbled_issuer"]["short_words_ok"]),
        # a line opening with TM./KT./…, or a line that is a position alone ("CHỦ TỊCH",
        # "(Đã ký)"): recipients ("- Chủ tịch UBND tỉnh;") and prose do not count
        "signer": re.compile(
            rf"^[ \t*_|]*(?:(?:{_phrases(signer['prefixes'])})|(?:{_phrases(signer['words'])})[ \t*_|]*$)",
            re.IGNORECASE),
        "tail_lines": int(signer["tail_lines"]),
    }


def _phrases(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in
                    sorted(words, key=len, reverse=True))


# "ngày 03 tháng 12 năm 2025", over line breaks and with the blanks of a form
# ("ngày   tháng   năm 2021", "ngày ... tháng ... năm"); or "ngày 03/12/2025"
_DATE_EVIDENCE_RE = re.compile(
    r"ng[àa]y[\s*_.…]{0,12}[\dlIO]{0,2}[\s*_.…]{0,12}th[áa]ng[\s*_.…]{0,12}[\dlIO]{0,2}"
    r"[\s*_.…]{0,12}n[ăa]m|ng[àa]y\s{0,3}[\dlIO]{1,2}\s?[/.-]\s?[\dlIO]{1,2}\s?[/.-]\s?\d{2,4}",
    re.IGNORECASE)
# "Số: 79/2025/NQ-HĐND" opening a line, also with the figure on the next line
_NUMBER_EVIDENCE_RE = re.compile(r"(?:^|\n)[ \t*_|]*s[ốôo]\s{0,3}(?:hiệu)?\s{0,3}[:.]?[\s*_|]{0,8}[\dlIO]{1,6}"
                                 r"\s{0,2}[/-]", re.IGNORECASE)
# a date whose day is written ("ngày 03 tháng …", "03/12/2025"); "ngày    tháng 3 năm 2012"
# leaves the day blank, as a form does before it is signed
_DAY_WRITTEN_RE = re.compile(r"ng[àa]y[\s*_.…]{0,12}[\dlIO]|\d\s?[/.-]", re.IGNORECASE)


def header_evidence(text: Text) -> HeaderEvidence:
    """The header zone of ``text`` (up to the first line opening the body) and what is
    written in it."""
    v = _evidence_vocab()
    s = text.text
    end, seen = 0, 0
    for line in s.splitlines(keepends=True):
        if line.strip():
            seen += 1
            if seen > v["max_lines"] or (seen > 1 and v["opener"].match(line)):
                break
        end += len(line)
    zone = s[:end]
    quote = " ".join(zone.replace("*", " ").replace("|", " ").split())
    if len(quote) > v["quote_chars"]:
        quote = quote[:v["quote_chars"]].rsplit(" ", 1)[0] + " …"
    date_ms = list(_DATE_EVIDENCE_RE.finditer(zone))
    date_m = next((m for m in date_ms if _DAY_WRITTEN_RE.search(m.group(0))), None)
    blank_m = next((m for m in date_ms if m is not date_m), None)
    number_m = _NUMBER_EVIDENCE_RE.search(zone)
    head_m = None
    for line in [ln for ln in zone.splitlines() if ln.strip()][:v["issuer_lines"]]:
        letters = [ch for ch in line if ch.isalpha()]
        if letters and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters):
            head_m = v["head"].search(line)
            if head_m:
                break

    def as_written(m, stop=60):
        if not m:
            return None
        a = zone.rfind("\n", 0, m.start()) + 1
        return " ".join(zone[a:m.end() + stop].split()[:14]).strip(" *|")

    return HeaderEvidence(read=bool(quote), zone=(0, end), quote=quote,
                          date=as_written(date_m, 20), date_blank=as_written(blank_m, 20),
                          number=as_written(number_m, 20),
                          issuer=" ".join(head_m.string.split()).strip(" *|") if head_m else None)


def _signer_evidence(text: Text) -> Optional[str]:
    v = _evidence_vocab()
    lines = [ln for ln in text.text.splitlines() if ln.strip()][-v["tail_lines"]:]
    for ln in lines:
        if v["signer"].search(ln):
            return " ".join(ln.split())
    return None


def garbled_issuer(issuer: Optional[str]) -> Optional[str]:
    """Why an issuer as read looks garbled (words of the national title in it, a name cut
    off mid-word), or None.

    >>> garbled_issuer("Hội chủ nghĩa Việt Nam")[:10]
    'chứa “hội '
    >>> garbled_issuer("Sở Giáo dục và Đào tạo tỉnh Khánh H")[:9]
    'kết thúc '
    >>> garbled_issuer("Ủy ban nhân dân tỉnh Khánh Hòa") is None
    True
    """
    if not issuer:
        return None
    v = _evidence_vocab()
    key = fold(issuer)
    for folded, frag in v["garbled"]:
        if folded in key:
            return f"chứa “{frag}” của Quốc hiệu, Tiêu ngữ"
    words = issuer.split()
    last = words[-1] if words else ""
    if len(words) > 1 and len(last) == 1 and last.isalpha() and last not in v["short_ok"]:
        return f"kết thúc bằng “{last}”: tên có thể bị cắt"
    return None


def _header_was_read(header: HeaderInfo, ev: HeaderEvidence) -> bool:
    """Whether the header is there. The header parser's zone confirms it; when the parser
    laid out no header part, its explicit record (``read`` / ``header_read``) if it keeps
    one, else the text's own evidence, decides part by part (a header the parser could
    not lay out is still a header)."""
    zone = getattr(header, "zone", None)
    if zone is not None and zone.read:
        return ev.read
    for name in ("header_read", "read"):
        value = getattr(header, name, None)
        if isinstance(value, bool):
            return value and ev.read
    return ev.read


def _goes_on(text: Text, check) -> bool:
    """A national title or motto read short because the rest is wrapped onto the next
    line ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA" / "VIỆT NAM**"): the rest follows it, so it is not
    misspelled."""
    if not check.span or not check.found:
        return False
    # exact letters (lower case only): "HOÀ" for "HÒA" is a misspelling, not a wrap
    found, canonical = " ".join(check.found.split()).lower(), check.canonical.lower()
    if not canonical.startswith(found) or found == canonical:
        return False
    rest = canonical[len(found):].split()
    after = " ".join(text.text[check.span[1]:check.span[1] + 4 * len(canonical)]
                     .replace("*", " ").replace("|", " ").split())
    return after.lower().split()[:len(rest)] == rest


def header_findings(header: HeaderInfo, text: Text, ctx: ParseContext,
                    refs: Optional[list[Reference]] = None) -> list[Finding]:
    """MISSING_* for header parts not written in the document (an inferred value does not
    count as written), NATIONAL_TITLE_MISSPELLED, and SELF_REFERENCE_MISMATCH when an
    appendix's "Kèm theo Kế hoạch số … ngày …" disagrees with the header's number, symbol
    or date.

    A MISSING_* finding is a fact about the document: it is made only when the header was
    read and :func:`header_evidence` finds nothing of that part either; the finding quotes
    the header text read. When the part is there but the parser could not read it (or the
    text is a scan, where a handwritten figure is not read), the field gets a review flag
    (:func:`extractor.review.flag`) instead. A garbled issuer is flagged too."""
    doc = header.document
    out: list[Finding] = []
    ev = header_evidence(text)
    read = _header_was_read(header, ev)
    ocr = bool(text.text) and text.source_at(0) == "ocr"
    seen = f" (phần đầu đọc được: “{ev.quote}”)" if ev.quote else ""

    def add(code: str, severity: str, message: str, span=None, ref=None) -> None:
        prov = text.provenance(*span) if span else None
        out.append(Finding(code=code, severity=severity, message=message, ref=ref,
                           rule=_HEADER_RULE, provenance=prov))

    def unsure(field: str, message: str) -> None:
        flag(doc, field, "not_found", message, confidence=0.3)

    unreadable = set(getattr(header, "unreadable", ()))  # written, flagged by the header parser
    if (header.number_line is None or not doc.number) and "number" not in unreadable:
        if not read:
            unsure("number", "không đọc được phần đầu văn bản: không rõ có số, ký hiệu hay không")
        elif ev.number:
            unsure("number", f"phần đầu có “{ev.number}” nhưng không đọc được số, ký hiệu")
        elif header.number_line is not None and ocr:
            unsure("number", "dòng “Số:” trên bản quét không đọc được số (có thể viết tay)")
        else:
            add("MISSING_NUMBER", "error", ("Không có số, ký hiệu văn bản"
                if header.number_line is None else "Dòng “Số:” không ghi số văn bản") + seen,
                header.number_line)
    if doc.issue_date is None and "issue_date" not in unreadable:
        if not read:
            unsure("issue_date", "không đọc được phần đầu văn bản: không rõ có ngày ban hành hay không")
        elif ev.date:
            unsure("issue_date", f"phần đầu có “{ev.date}” nhưng không đọc được ngày ban hành")
        elif ev.date_blank and ocr:
            unsure("issue_date", f"dòng “{ev.date_blank}” trên bản quét không đọc được ngày "
                   "(có thể viết tay)")
        else:
            add("MISSING_ISSUE_DATE", "error",
                ("Không có dòng địa danh, ngày tháng năm ban hành" if header.date_line is None
                 else "Dòng địa danh không ghi đủ ngày tháng năm ban hành") + seen,
                header.date_line)
    if not header.issuer_in_header:
        if not read:
            unsure("issuer", "không đọc được phần đầu văn bản: không rõ có cơ quan ban hành hay không")
        elif ev.issuer:
            unsure("issuer", f"phần đầu có “{ev.issuer}” nhưng không đọc được cơ quan ban hành")
        else:
            add("MISSING_ISSUER", "error", "Không có tên cơ quan ban hành ở phần đầu" + seen)
    why = garbled_issuer(doc.issuer)
    if why:
        flag(doc, "issuer", "garbled", f"cơ quan ban hành đọc được “{doc.issuer}” {why}",
             confidence=0.3)
    signer = doc.signer
    # a text cut off mid-sentence (a first page alone) cannot show its end matter missing
    if not header.cut_off:
        if signer is None or not (signer.name or signer.position or signer.authority):
            sign = _signer_evidence(text)
            if sign:
                unsure("signer", f"cuối văn bản có “{sign}” nhưng không đọc được khối chữ ký")
            else:
                add("MISSING_SIGNER", "error", "Không có khối chữ ký")
        if not doc.recipients and not _passed_by_the_assembly(doc):
            add("MISSING_RECIPIENTS", "warning", "Không có mục “Nơi nhận”",
                header.recipients_line)
    for check, what in ((header.national_title, "Quốc hiệu"), (header.motto, "Tiêu ngữ")):
        if check is not None and check.misspelled and not _goes_on(text, check):
            # on a scan one missing tone mark may be the OCR's, not the drafter's: say so,
            # so that an inspector looks at the page before citing it
            read_by_ocr = bool(check.span) and text.source_at(check.span[0]) == "ocr"
            add("NATIONAL_TITLE_MISSPELLED", "warning",
                f"{what} viết “{check.found}” thay vì “{check.canonical}”"
                + (OCR_CAVEAT if read_by_ocr else ""), check.span)
    cited = {(r.number or "").lstrip("0") for r in refs or () if r.number}
    seen_self: set[tuple] = set()
    for ref in header.self_references:
        # "… Phụ lục I kèm theo Quyết định số 1308/QĐ-UBND" in a table of a document that
        # cites that decision in its body names the other decision, not this one
        if ref.number and ref.number.lstrip("0") in cited:
            continue
        if (ref.number, ref.symbol, ref.date) in seen_self:
            continue  # the same caption on every page of an appendix: one finding
        seen_self.add((ref.number, ref.symbol, ref.date))
        problems = []
        if doc.number and ref.number and ref.number.lstrip("0") != doc.number.lstrip("0"):
            problems.append(f"số {doc.number}")
        if doc.symbol and ref.symbol and not _same_symbol(ref.symbol, doc.symbol):
            problems.append(f"ký hiệu {doc.symbol}")
        if doc.issue_date and ref.date and ref.date != doc.issue_date:
            problems.append(f"ngày {doc.issue_date.day}/{doc.issue_date.month}/{doc.issue_date.year}")
        if problems:
            add("SELF_REFERENCE_MISMATCH", "warning",
                f"Phụ lục ghi “{ref.as_written}” nhưng văn bản đề {', '.join(problems)}",
                ref.span, ref=doc.code)
    return out


# ---------------------------------------------------------------- references (issue 3)
def reference_findings(refs: list[Reference], header: HeaderInfo, text: Text,
                       ctx: ParseContext) -> list[Finding]:
    """REF_* findings (and DATE_INVALID of citation dates): see
    :mod:`extractor.parsers.reference_checks`."""
    from vanban.extractor.parsers.references.checks import (check_references,
                                                              flag_ocr_date_conflicts)

    flag_ocr_date_conflicts(refs, ctx, header.document)
    return check_references(refs, ctx)


def find_all(header: HeaderInfo, refs: list[Reference], targets: list[Target],
             rows: list[TimetableRow], text: Text, ctx: ParseContext) -> list[Finding]:
    findings: list[Finding] = []
    findings += header_findings(header, text, ctx, refs)
    findings += reference_findings(refs, header, text, ctx)
    findings += value_findings(text, targets, ctx, known=findings)
    findings += timetable_findings(rows, ctx)
    return findings
