"""Compliance and consistency findings (codes of OUTPUT.md).

Each family contributes one function below, in its own section; :func:`find_all`
runs them in order. A finding names the rule it applies (``Finding.rule``).
"""
from __future__ import annotations

from extractor.parsers import ParseContext
from extractor.parsers.header import HeaderInfo
from extractor.text import Text
from models import Finding, Reference, Target, TimetableRow


# ---------------------------------------------------------------- header (issue 2/3)
_HEADER_RULE = "NĐ 30/2020/NĐ-CP Phụ lục I"


def _same_symbol(a: str | None, b: str | None) -> bool:
    """Symbols compared without spaces, case, ``&`` or the bar of Đ (OCR/typing slips)."""
    from extractor.normalize import fold, strip_accents

    def key(s: str) -> str:
        return strip_accents(fold(s)).replace("&", "").replace(" ", "")

    return key(a or "") == key(b or "")


# Appended to a finding drawn from OCR'd text that a misreading alone could produce.
OCR_CAVEAT = " (đọc bằng OCR: đối chiếu với bản quét)"


def header_findings(header: HeaderInfo, text: Text, ctx: ParseContext) -> list[Finding]:
    """MISSING_* for header parts not written in the document (an inferred value does not
    count as written), NATIONAL_TITLE_MISSPELLED, and SELF_REFERENCE_MISMATCH when an
    appendix's "Kèm theo Kế hoạch số … ngày …" disagrees with the header's number, symbol
    or date."""
    doc = header.document
    out: list[Finding] = []

    def add(code: str, severity: str, message: str, span=None, ref=None) -> None:
        prov = text.provenance(*span) if span else None
        out.append(Finding(code=code, severity=severity, message=message, ref=ref,
                           rule=_HEADER_RULE, provenance=prov))

    if header.number_line is None or not doc.number:
        add("MISSING_NUMBER", "error", "Không có số, ký hiệu văn bản" if header.number_line is None
            else "Dòng “Số:” không ghi số văn bản", header.number_line)
    if doc.issue_date is None:
        add("MISSING_ISSUE_DATE", "error",
            "Không có dòng địa danh, ngày tháng năm ban hành" if header.date_line is None
            else "Dòng địa danh không ghi đủ ngày tháng năm ban hành", header.date_line)
    if not header.issuer_in_header:
        add("MISSING_ISSUER", "error", "Không có tên cơ quan ban hành ở phần đầu")
    signer = doc.signer
    # a text cut off mid-sentence (a first page alone) cannot show its end matter missing
    if not header.cut_off:
        if signer is None or not (signer.name or signer.position or signer.authority):
            add("MISSING_SIGNER", "error", "Không có khối chữ ký")
        if not doc.recipients:
            add("MISSING_RECIPIENTS", "warning", "Không có mục “Nơi nhận”",
                header.recipients_line)
    for check, what in ((header.national_title, "Quốc hiệu"), (header.motto, "Tiêu ngữ")):
        if check is not None and check.misspelled:
            # on a scan one missing tone mark may be the OCR's, not the drafter's: say so,
            # so that an inspector looks at the page before citing it
            read_by_ocr = bool(check.span) and text.source_at(check.span[0]) == "ocr"
            add("NATIONAL_TITLE_MISSPELLED", "warning",
                f"{what} viết “{check.found}” thay vì “{check.canonical}”"
                + (OCR_CAVEAT if read_by_ocr else ""), check.span)
    for ref in header.self_references:
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
    from extractor.parsers.reference_checks import check_references

    return check_references(refs, ctx)


# ---------------------------------------------------------------- dates & numbers (issue 4)
def value_findings(text: Text, targets: list[Target], ctx: ParseContext, *,
                   known: tuple[Finding, ...] | list[Finding] = ()) -> list[Finding]:
    """DATE_INVALID for every impossible date written anywhere in the text (31/02/2021,
    ngày 31 tháng 4) and PERCENT_OUT_OF_RANGE for a goal above 100%.

    ``known`` are findings already made (the references' checks report DATE_INVALID for a
    citation's date): an impossible date inside one of their spans is not reported twice.
    """
    from extractor.parsers.dates import find_dates

    out: list[Finding] = []
    taken = [f.provenance.span for f in known
             if f.code == "DATE_INVALID" and f.provenance is not None and f.provenance.span]
    for d in find_dates(text.text, default_year=ctx.year):
        if not d.invalid or any(s <= d.span[0] and d.span[1] <= e for s, e in taken):
            continue
        out.append(Finding(
            code="DATE_INVALID", severity="error",
            message=f"Ngày không tồn tại: “{d.text}”",
            rule="lịch dương (ngày phải có trong tháng)",
            provenance=text.provenance(*d.span, rule="dates:invalid")))
    for t in targets:
        if t.unit != "%":
            continue
        top = max(v for v in (t.value, t.value_max) if v is not None)
        if top > 100:
            out.append(Finding(
                code="PERCENT_OUT_OF_RANGE", severity="warning",
                message=f"Chỉ tiêu {top:g}% vượt quá 100%: “{t.text}”",
                rule="tỷ lệ phần trăm không quá 100%", provenance=t.provenance))
    return out


# ---------------------------------------------------------------- timetable (issue 4)
def timetable_findings(rows: list[TimetableRow], ctx: ParseContext) -> list[Finding]:
    """TIMETABLE_SEQUENCE_GAP / _DUPLICATE for numbered table rows (a run of rows restarts
    at 1 for each new table), one finding per occurrence; DEADLINE_BEFORE_ISSUE for every
    row whose deadline falls before the document's own date. On OCR'd rows a number that
    breaks the run while the next one goes on from the previous (7, 68, 9) is taken as a
    misreading, not reported."""
    findings: list[Finding] = []
    seen: set[int] = set()
    last: int | None = None
    numbered = [(row, int(row.seq)) for row in rows
                if row.source == "table" and row.seq and row.seq.isdigit()]
    for k, (row, number) in enumerate(numbered):
        if number == 1 or last is None:
            seen, last = set(), None
        following = numbered[k + 1][1] if k + 1 < len(numbered) else None
        if last is not None and number != last + 1 and following == last + 2 \
                and row.provenance is not None and row.provenance.source == "ocr":
            seen.add(last + 1)
            last += 1
            continue
        if number in seen:
            findings.append(Finding(
                code="TIMETABLE_SEQUENCE_DUPLICATE", severity="warning",
                message=f"Số thứ tự {number} của bảng tiến độ bị lặp lại",
                rule="Số thứ tự các dòng của bảng liên tục, không trùng",
                provenance=row.provenance))
        elif last is not None and number > last + 1:
            missing = f"{last + 1}" if number == last + 2 else f"{last + 1}–{number - 1}"
            findings.append(Finding(
                code="TIMETABLE_SEQUENCE_GAP", severity="warning",
                message=f"Bảng tiến độ nhảy số thứ tự từ {last} sang {number} (thiếu {missing})",
                rule="Số thứ tự các dòng của bảng liên tục, không trùng",
                provenance=row.provenance))
        seen.add(number)
        last = number
    if ctx.issue_date is not None:
        for row in rows:
            if row.end is not None and row.end < ctx.issue_date:
                findings.append(Finding(
                    code="DEADLINE_BEFORE_ISSUE", severity="warning",
                    message=(f"Hạn “{row.due_text}” ({row.end.isoformat()}) trước ngày ban hành "
                             f"{ctx.issue_date.isoformat()}: {row.task[:60]}"),
                    rule="Thời hạn thực hiện không sớm hơn ngày ban hành văn bản",
                    provenance=row.provenance))
    return findings


def find_all(header: HeaderInfo, refs: list[Reference], targets: list[Target],
             rows: list[TimetableRow], text: Text, ctx: ParseContext) -> list[Finding]:
    findings: list[Finding] = []
    findings += header_findings(header, text, ctx)
    findings += reference_findings(refs, header, text, ctx)
    findings += value_findings(text, targets, ctx, known=findings)
    findings += timetable_findings(rows, ctx)
    return findings
