"""Rows of task lists under time headings: every item until the list ends is due in the
heading's period, unless it writes a deadline of its own."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.text import Text
from vanban.extractor.parsers.timetable.headings import (_BULLET, _NUMBERED, _SENTENCE_END,
                                                         _goes_on, _Heading, _heading_dates,
                                                         inline_heading, parse_heading)
from vanban.extractor.parsers.timetable.rows import _DASH_BULLET, PAGE_NUMBER, Spans, _RawRow

_STOP = re.compile(r"^\s*(?:nơi nhận|trên đây là|tm\.|kt\.|tl\.|q\.|tuq\.)", re.I)
# The date of a cited document ("… số 186/KH-UBND ngày"), not a deadline.
_CITATION_BEFORE = re.compile(r"\d+\s*/\s*[\w&Đđ.\-/]*[A-ZĐ][\w&Đđ.\-/]*\s*,?\s*(?:ngày\s*)?$")


def _ends_section(line: str, heading: _Heading) -> bool:
    """True when ``line`` closes a task list: an outline heading at the same or a higher
    level, an all-capitals heading, or the closing formulas (Nơi nhận, Trên đây là, TM.)."""
    if _STOP.match(line):
        return True
    letters = [c for c in line if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return True
    num = _NUMBERED.match(line)
    if num is None or _DASH_BULLET.match(line):
        return False
    n = num.group("num")
    if heading.depth is None:
        return not re.fullmatch(r"\d+[.)]|[a-zđ][.)]", n, re.I)  # "1." items stay inside
    depth = 1 if not n[0].isdigit() else len([p for p in n.split(".") if p])
    return depth <= heading.depth


def _deadline_in(item: str, year: Optional[int]):
    """A deadline written inside a bullet: (due_text, start, end), or None. Only
    qualified days/months (trước, trong, chậm nhất, từ … đến) count, not citation dates."""
    found = []
    for span in find_dates(item, default_year=year):
        if span.invalid or span.kind not in ("day", "month", "range"):
            continue
        if span.kind != "range" and not span.qualifier:
            continue
        if span.kind == "range" and (span.start is None or span.end is None
                                     or (span.end - span.start).days > 366):
            continue  # "giai đoạn 2021-2030", "nhiệm kỳ 2021 - 2026" are not deadlines
        if _CITATION_BEFORE.search(item[:span.span[0]]):
            continue
        begin = span.span[0]
        if span.cue:
            k = item.lower().rfind(span.cue.lower(), max(0, begin - len(span.cue) - 12), begin)
            if k >= 0:
                begin = k
        found.append((span, item[begin:span.span[1]]))
    if not found:
        return None
    first = found[0][0]
    start = None if first.qualifier == "before" else first.start
    return "; ".join(t for _, t in found), start, first.end



def _new_paragraph(text: Text, prev, line) -> bool:
    """Whether ``line`` starts a new item though it has no bullet (OCR drops dashes). It
    starts with a capital, and either it is indented like a paragraph's first line (right
    of where most lines of the page start), or the line before ended a sentence and, when
    the lines have boxes, stopped well short of the right margin (a paragraph's end)."""
    s = text.line_text(line).lstrip()
    if not s or not s[0].isupper():
        return False
    if prev.bbox is None or line.bbox is None:
        raw, above = text.line_text(line), text.line_text(prev)
        if not raw[:1].isspace() and above[:2].isspace():
            return False  # text laid out with spaces: an indented first line, wrapped at the margin
        return bool(_SENTENCE_END.search(above))
    page_lines = [ln for ln in text.lines if ln.page == line.page and ln.bbox is not None]
    right = max(ln.bbox[2] for ln in page_lines)
    left = min(ln.bbox[0] for ln in page_lines)
    starts = sorted(round(ln.bbox[0] / 3) for ln in page_lines)
    usual = 3 * max(set(starts), key=starts.count)  # where most lines start
    if line.bbox[0] > usual + 0.04 * (right - left):
        return True
    return bool(_SENTENCE_END.search(text.line_text(prev))) \
        and prev.bbox[2] < right - 0.12 * (right - left)



def _rows_from_sections(text: Text, ctx: ParseContext,
                        covered: list[tuple[int, int]] = ()) -> list[_RawRow]:
    """Task lists under time headings, and tasks after their own time label; lines inside
    ``covered`` (tables) are skipped."""
    rows: list[_RawRow] = []
    heading: Optional[_Heading] = None
    items: list[list] = []  # [first line, last line, own label (_Heading) or None]

    def flush():
        for a, b, own in items:
            first, last = text.lines[a], text.lines[b]
            body = " ".join(text.line_text(ln) for ln in text.lines[a:b + 1]
                            if text.line_text(ln).strip() and not PAGE_NUMBER.match(text.line_text(ln)))
            label = own or heading
            if own is not None:
                body = inline_heading(body, ctx.year)[1]
            body = _BULLET.sub("", body, count=1)
            deadline = _deadline_in(body, ctx.year)
            if deadline:
                due = (deadline[0], lambda y, body=body: (_deadline_in(body, y) or (0, None, None))[1:])
            else:
                due = (label.label, lambda y, text=label.label: _heading_dates(text, y))
            rows.append(_RawRow(cells={"task": body}, source="section", start=first.start,
                                end=last.end, page=first.page, rule="timetable.section",
                                due_override=due,
                                extra={"repairs": [] if deadline else label.repairs}))
        items.clear()

    tables = Spans(covered)
    previous = ""  # the last line with text above
    for idx, line in enumerate(text.lines):
        s = text.line_text(line)
        if not s.strip() or line.start < ctx.body_start or tables.holds(line.start):
            continue
        h = parse_heading(s, ctx.year)
        if h is not None and _goes_on(previous, s):
            h = None  # "… ký ngày 13" / "tháng 10 năm 2025.": a sentence's rest
        previous = s
        if h is not None:
            flush()
            heading = h
            continue
        own = inline_heading(s, ctx.year)
        if heading is None:
            if own is not None:  # a labelled task on its own, outside any task list
                flush()
                items.append([idx, idx, own[0]])
            elif items and s.lstrip()[:1].islower() and not _BULLET.match(s):
                items[-1][1] = idx  # its sentence goes on over the next line
            else:
                flush()
            continue
        if _ends_section(s, heading):
            flush()
            heading = None
            continue
        if PAGE_NUMBER.match(s):
            continue
        is_item = _DASH_BULLET.match(s) or (heading.depth is None and _BULLET.match(s))
        if own is not None or is_item or not items \
                or _new_paragraph(text, text.lines[items[-1][1]], line):
            items.append([idx, idx, own[0] if own else None])
        else:
            items[-1][1] = idx
    flush()
    return rows
