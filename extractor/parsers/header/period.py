"""The period a plan covers: a span of time under a "Thời gian" heading near the top,
else the dates written in the title, else none."""
from __future__ import annotations

from typing import Optional

from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.parsers.header.lines import _L, _mask
from vanban.extractor.parsers.header.model import TitlePart
from vanban.extractor.parsers.header.patterns import TIME_HEADING
from vanban.extractor.text import Text
from vanban.models import Period

# Types whose title states the time they cover ("Kế hoạch … năm 2021", "Chương trình …
# giai đoạn 2021-2025"). In a decision's, a proposal's or a notice's title a year belongs
# to what it cites or approves ("bãi bỏ Nghị quyết … Quy hoạch … đến năm 2020").
TITLE_PERIOD_TYPES = frozenset({"ke_hoach", "chuong_trinh", "chuong_trinh_hanh_dong", "de_an",
                                "bao_cao", "huong_dan"})
# A range between the same day and month this many years apart or more is an anniversary
# ("kỷ niệm 92 năm Ngày thành lập Đảng (03/02/1930 - 03/02/2022)"), not a span the
# document covers.
ANNIVERSARY_MIN_YEARS = 5
# Date kinds that state a period under a "Thời gian" heading (a single day does not).
PERIOD_KINDS = ("range", "month", "quarter", "half", "school_year", "year")


def parse_period(lines: list[_L], text: Text, type_idx: Optional[int], year: Optional[int],
                 title: Optional[TitlePart], doc_type: Optional[str] = None) -> Optional[Period]:
    """The time span the plan covers: a range under a "Thời gian" heading near the top,
    else the dates of the title of a plan-like document (``doc_type`` in
    :data:`TITLE_PERIOD_TYPES`, or unknown), else null."""
    start_idx = (type_idx or 0) + 1
    body = [ln for ln in lines[start_idx:start_idx + 80] if not ln.blank]
    for i, ln in enumerate(body):
        if not TIME_HEADING.match(ln.skel) and not (
                i + 1 < len(body) and ln.skel.rstrip(" *").lower().endswith("thoi")
                and TIME_HEADING.match(f"{ln.skel.rstrip(' *')} {body[i + 1].skel.lstrip(' *')}")):
            continue  # the heading may wrap inside its words too ("II. Thời" / "gian …")
        # a span of time under the heading; a bare year only when nothing finer is written
        # ("II. Thời gian triển khai … năm 2020" / "Từ ngày 01 đến 31/10/2020.")
        # the heading's line and the next two read as one text: a range may wrap ("Từ
        # ngày 01" / "đến 31/10/2020")
        block = body[i:i + 3]
        if len(body) > i + 3 and not block[-1].text.rstrip(" *").endswith((".", ";", ":")):
            block = body[i:i + 4]  # the last line read breaks off mid-sentence
        off = ln.skel.lower().find("thoi gian")
        base = ln.start + (off + len("thoi gian") if off >= 0 else 0)
        under = _mask(text.text[base:block[-1].end]).replace("\n", " ")
        found = []
        for span in find_dates(under, default_year=year):
            if span.invalid or span.start is None or span.end is None:
                continue
            if span.kind in PERIOD_KINDS:
                found.append((span.kind == "year", span.span[0], span))
        if found:
            _, _, span = min(found, key=lambda f: f[:2])
            a, b = base + span.span[0], base + span.span[1]
            return Period(start=span.start, end=span.end, text=span.text,
                          provenance=text.provenance(a, b, rule="time_heading"))
        break
    if title is not None and title.provenance.span and (doc_type is None
                                                         or doc_type in TITLE_PERIOD_TYPES):
        tprov = title.provenance
        t0, t1 = tprov.span
        raw = _mask(text.text[t0:t1]).replace("\n", " ")
        for span in find_dates(raw, default_year=year):
            if span.invalid or span.start is None or span.end is None or span.kind == "day" \
                    or _anniversary(span):
                continue
            a, b = t0 + span.span[0], t0 + span.span[1]
            # "… đến năm 2030" states where the span ends, not where it begins; "… từ năm
            # 2024" where it begins
            start = None if span.qualifier == "before" else span.start
            end = None if span.qualifier == "from" else span.end
            return Period(start=start, end=end, text=span.text,
                          provenance=text.provenance(a, b, rule="title_dates"))
    return None


def _anniversary(span) -> bool:
    """Whether a range runs from a day to the same day of the month years later, as an
    anniversary is written after the event it marks ("(19/5/1890 - 19/5/2020)")."""
    a, b = span.start, span.end
    return span.kind == "range" and (a.day, a.month) == (b.day, b.month) \
        and b.year - a.year >= ANNIVERSARY_MIN_YEARS
