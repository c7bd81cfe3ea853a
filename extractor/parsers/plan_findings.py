"""Findings about what a document sets out (issue 4): impossible dates written anywhere,
shares above 100% among its goals, and its timetable's numbering and deadlines."""
from __future__ import annotations

import re

from vanban.extractor.parsers import PLAN_TYPES, ParseContext
from vanban.extractor.text import Text
from vanban.models import Finding, Target, TimetableRow


# ---------------------------------------------------------------- dates & numbers (issue 4)
# Types that schedule work: a date before their own in a task's row is a slip of the pen.
# In a decision's, a resolution's or a letter's lists (procedures, amended texts, cited
# laws) a date is what the text refers to, not a deadline it sets.
SCHEDULING_TYPES = PLAN_TYPES
# A percentage of something else may exceed 100: "bằng 130% …", "vượt quá 150% so với …",
# "tăng 120%", "gấp", "hoàn thành 110% kế hoạch". Only a share or a rate reached cannot.
_RELATIVE_PERCENT = re.compile(r"\b(?:bằng|vượt|tăng|gấp|so với|cao hơn|kế hoạch|dự toán|"
                               r"được tính|tính bằng)\b", re.I)


def value_findings(text: Text, targets: list[Target], ctx: ParseContext, *,
                   known: tuple[Finding, ...] | list[Finding] = ()) -> list[Finding]:
    """DATE_INVALID for every impossible date written anywhere in the text (31/02/2021,
    ngày 31 tháng 4) and PERCENT_OUT_OF_RANGE for a share or rate above 100% among the
    goals of a document that schedules work (a percentage of something else may be more).

    ``known`` are findings already made (the references' checks report DATE_INVALID for a
    citation's date): an impossible date inside one of their spans is not reported twice.
    """
    from vanban.extractor.parsers.dates import find_dates

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
    scheduling = ctx.doc_type is None or ctx.doc_type in SCHEDULING_TYPES
    for t in targets:
        if t.unit != "%" or not scheduling or _RELATIVE_PERCENT.search(t.text):
            continue
        top = max(v for v in (t.value, t.value_max) if v is not None)
        if top > 100:
            out.append(Finding(
                code="PERCENT_OUT_OF_RANGE", severity="warning",
                message=f"Chỉ tiêu {top:g}% vượt quá 100%: “{t.text}”",
                rule="tỷ lệ phần trăm không quá 100%", provenance=t.provenance))
    return out


# ---------------------------------------------------------------- timetable (issue 4)
# "từ ngày 01/7/2025", "kể từ …": when something starts, no deadline.
_STARTS_ONLY = re.compile(r"\s*(?:kể\s+)?từ\b(?!.*\bđến\b)", re.I)


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
    if ctx.issue_date is not None and (ctx.doc_type is None or ctx.doc_type in SCHEDULING_TYPES):
        for row in rows:
            if row.end is not None and row.end < ctx.issue_date \
                    and not _STARTS_ONLY.match(row.due_text or ""):
                findings.append(Finding(
                    code="DEADLINE_BEFORE_ISSUE", severity="warning",
                    message=(f"Hạn “{row.due_text}” ({row.end.isoformat()}) trước ngày ban hành "
                             f"{ctx.issue_date.isoformat()}: {row.task[:60]}"),
                    rule="Thời hạn thực hiện không sớm hơn ngày ban hành văn bản",
                    provenance=row.provenance))
    return findings
