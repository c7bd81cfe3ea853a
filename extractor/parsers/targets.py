"""Quantified goals (chỉ tiêu): ``parse_targets(text, ctx) -> list[Target]``.

A plan states its goals as clauses holding a figure: ``Trên 70% hộ gia đình đạt danh hiệu
“Gia đình học tập”``, ``Phấn đấu đạt chỉ tiêu 25.000đ/1 người dân``, ``Xây dựng từ 2 đến 4
trung tâm``, ``mỗi gia đình có ít nhất một người là hội viên``. The parser works on the
document's full text, so every offset is exact for provenance:

1. *Clauses* (:func:`clauses`). Lines are joined into blocks (a wrapped line continues its
   paragraph; a bullet, a numbered item, a heading, a table row or a line ending in
   ``.;:!?`` starts a new one), and blocks are cut at ``;``, ``:``, tabs, parentheses,
   sentence ends and before ``, trong đó`` / ``, mỗi``. A goal's ``text`` is its clause
   (from ``phấn đấu`` when that verb comes mid-clause).
2. *Quantities* (:func:`extractor.parsers.numbers.find_quantities`): percentages, money
   (``đồng/người/năm``), counts with a noun (``60 lớp học``), ranges, number words.
3. *Is it a goal?* A percentage in a plan is a goal unless it reports the past (``đã``, a
   year before the document's, a results heading such as ``I. KẾT QUẢ THỰC HIỆN``, unless
   ``phấn đấu`` looks forward) or is a label (``kỷ niệm``, ``số``, ``Điều``). Money and
   counts need a cue: a comparator (``trên``, ``ít nhất``, ``trở lên``, ``từ … đến …``), a
   goal word just before (``phấn đấu``, ``đạt``, ``chỉ tiêu``), a per-unit rate, or — for
   the clause's own figure — a ``chỉ tiêu``/``mục tiêu`` heading above it. Durations,
   documents and tasks (``27 năm``, ``02 Chương trình``, ``10 nhiệm vụ``), dates and citation
   numbers are never goals.
4. *Comparator*: a range → ``range``; a comparator word right before the figure
   (``trên`` → ``>``, ``từ``/``ít nhất``/``không dưới`` → ``>=``, ``dưới`` → ``<``,
   ``không quá``/``tối đa`` → ``<=``, signs ``≥ ≤``); else ``trở lên`` after it → ``>=``;
   else ``phấn đấu`` earlier in the clause or ``đạt`` right before → ``>=``; else ``=``.

Indicator tables (``Chỉ tiêu | Đơn vị tính | Kế hoạch năm …``) give one goal per row
(:func:`_table_targets`); their rows are not read again as prose.

Cue words are data (``extractor/data/target_cues.toml``), matched case-insensitively as
whole words on the original text. Units come from ``extractor/data/units.toml``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Optional

from vanban.extractor.parsers import ParseContext, alternation_nocase
from vanban.extractor.parsers.dates import DateSpan, find_dates
from vanban.extractor.parsers.numbers import Quantity, find_quantities, load_data, units
from vanban.extractor.normalize import fold
from vanban.extractor.text import Table, Text
from vanban.models import Target

__all__ = ["parse_targets", "clauses", "cues"]


# ----------------------------------------------------------------------------- vocabulary
def _phrase_rx(phrases, *, at_end: bool = False, at_start: bool = False) -> re.Pattern[str]:
    """Whole-word alternation of phrases (longest first), spaces matching any whitespace."""
    alt = alternation_nocase(re.escape(p).replace(r"\ ", r"\s+")
                             for p in sorted(set(phrases), key=len, reverse=True))
    core = rf"(?<!\w)(?:{alt})(?!\w)"
    if at_end:
        core += r"[\s,:]*$"
    if at_start:  # for .match(t, pos), which anchors at pos by itself ("^" would not)
        core = r"[\s,]*" + core
    return re.compile(core, re.I)


@dataclass(frozen=True)
class Cues:
    before: list[tuple[str, re.Pattern[str]]]  # (comparator, phrase right before the figure)
    after: list[tuple[str, re.Pattern[str]]]  # (comparator, phrase after the figure)
    goal: re.Pattern[str]  # goal verbs anywhere before the figure (phấn đấu)
    goal_near: re.Pattern[str]  # goal words right before the figure (đạt, chỉ tiêu)
    goal_words: re.Pattern[str]  # both, to strip them from a metric
    past: re.Pattern[str]
    label: re.Pattern[str]
    not_units: frozenset[str]
    count_stop: frozenset[str]
    count_nouns: re.Pattern[str]
    goal_section: re.Pattern[str]
    report_section: re.Pattern[str]  # results and funding headings: figures are not goals
    before_letters: int = 0  # the most non-space characters of a ``before`` phrase


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The cue vocabulary compiled once (lazily, on first use)."""
    data = load_data("target_cues.toml")
    # longest phrases first across comparators: "không dưới" (>=) before "dưới" (<)
    flat = sorted(((cmp, w) for cmp, ws in data["comparators"].items() for w in ws),
                  key=lambda t: -len(t[1]))
    before = [(cmp, _phrase_rx([w], at_end=True)) for cmp, w in flat]
    after = [(cmp, _phrase_rx(words)) for cmp, words in data["after"].items()]
    nouns = units()["count"]["nouns"]
    return Cues(
        before=before,
        after=after,
        goal=_phrase_rx(data["goal"]["verbs"]),
        goal_near=re.compile(_phrase_rx(data["goal"]["verbs"] + data["goal"]["near"]).pattern
                             + r"(?:\s+\S+){0,2}?[\s,:]*$", re.I),
        goal_words=_phrase_rx(data["goal"]["verbs"] + data["goal"]["near"]),
        past=_phrase_rx(data["not_goal"]["past"]),
        label=_phrase_rx(data["not_goal"]["labels"], at_end=True),
        not_units=frozenset(w.lower() for w in data["not_goal"]["units"]),
        count_stop=frozenset(w.lower() for w in data["count_stop"]["words"]),
        count_nouns=_phrase_rx(nouns, at_start=True),
        goal_section=_phrase_rx(data["sections"]["goal"]),
        report_section=_phrase_rx(data["sections"]["report"] + data["sections"]["funding"]),
        before_letters=max(len("".join(w.split())) for _, w in flat),
    )


# ----------------------------------------------------------------------------- clauses
_BULLET = re.compile(r"""
    ^\s*(?:
        [-+•*–—▪●○◦]                       # dash and dot bullets
      | [a-zđ][.)]                          # a) b) …
      | \d{1,2}(?:\.\d{1,2})*[.)]           # 1.  1.2.  2)
      | [IVXL]{1,5}[.)]                     # I. II.
      | [A-ZĐ][.)]                          # A. B.
    )\s
""", re.X)
# a numbered heading "2.", "2.1 ", "II.", "a)" — not a figure with a thousands dot that a
# wrapped line starts with ("25.000đ/1 người dân")
_HEADING_NUM = re.compile(r"^\s*(?:[IVXL]{1,5}|[A-ZĐ]|\d{1,2}(?:\.\d{1,2})*)[.)](?!\d{3})\s*\S")
_TERMINAL = re.compile(r"[.;:!?][\s”\"')*]*$")
_SENTENCE_END = re.compile(r"[.!?]+[”\"']?\s+")
# ", trong đó …" and ", mỗi …" open a new goal in a list of goals
_CLAUSE_SEP = re.compile(  # (the look-ahead: what a separator starts with, tested first)
    r"(?=[;:(),\s])(?:[;:\t()]|,\s*(?=(?:trong\s+đó|mỗi)(?!\w))|\s[-–]\s(?=[A-ZĐ]))", re.I)
# at the start of a clause (used with .match(t, pos): no "^", which would not anchor at pos)
_LEAD_TRIM = re.compile(r"[\s\-+•*–—▪●○◦.,;:)]+|\s*(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)]|[IVXL]{1,5}\.|[A-ZĐ]\.)\s+")
_TRAIL_TRIM = re.compile(r"[\s.,;:(\-–]+$")
# The same class as a set: a ``[...]+$`` search retries at every position (quadratic on a
# long run of separators); a backward scan reads each character once.
_TRAIL_CHARS = frozenset(".,;:(-–\t\n\r\x0b\x0c \u00a0\u2000\u2001\u2002\u2003\u2004"
                         "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f"
                         "\u3000\x1c\x1d\x1e\x1f\x85\u1680")
_LINE = re.compile(r"[^\n\f]+")
_ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true
# "trở lên" among the first words of a metric ("TDP trở lên đạt …" → "TDP đạt …")
_METRIC_AFTER_CUE = re.compile(r"^((?:\S+\s+){0,3}?)(?:trở\s+lên|trở\s+xuống)\s*", re.I)


def _is_heading(line: str) -> bool:
    s = line.strip()
    if not s or "\t" in s:
        return False
    if len(s) < 160:
        letters = list(filter(str.isalpha, s))
        if letters and sum(map(str.isupper, letters)) / len(letters) > 0.8:
            return True
    return bool(_HEADING_NUM.match(s)) and len(s) <= 90 and not s.rstrip().endswith((".", ";"))


def _blocks(t: str, wrapped: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Paragraph blocks as (start, end) offsets: lines joined while a sentence runs on.

    A line continues the previous one when that one has no final punctuation, neither is a
    bullet, heading or table row, and the line starts in lower case or with a digit
    (``Huy động trên`` / ``95% trẻ …``) — or starts in upper case but the page layout says
    the previous line was wrapped (``wrapped``: start offsets of such lines).
    """
    blocks: list[list[int]] = []
    prev: Optional[tuple[int, int]] = None
    heading: dict[int, bool] = {}  # by line start: each line is judged once, not twice

    def is_heading(s: int, e: int) -> bool:
        if s not in heading:
            heading[s] = _is_heading(t[s:e])
        return heading[s]

    for m in _LINE.finditer(t):
        s, e = m.span()
        line = t[s:e]
        if not line.strip():
            continue
        new = True
        if prev is not None:
            p = t[prev[0]:prev[1]]
            first = line.lstrip()[:1]
            new = (bool(_TERMINAL.search(p)) or bool(_BULLET.match(line)) or is_heading(*prev)
                   or is_heading(s, e) or "\t" in p or "\t" in line
                   or not (first.islower() or first.isdigit() or s in wrapped))
        if new:
            blocks.append([s, e])
        else:
            blocks[-1][1] = e
        prev = (s, e)
    return [(s, e) for s, e in blocks]


def clauses(t: str, wrapped: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Clause spans of a full text: blocks cut at ``; : ( )``, tabs, sentence ends and
    before ``, trong đó``.

    >>> t = "- Trên 70% hộ; 50% dòng họ. Có từ 60% TDP (trong đó 10% tốt)"
    >>> [t[s:e].strip() for s, e in clauses(t)]
    ['- Trên 70% hộ', '50% dòng họ.', 'Có từ 60% TDP', 'trong đó 10% tốt']
    """
    out: list[tuple[int, int]] = []
    for bs, be in _blocks(t, wrapped):
        cuts = [bs]
        for m in _CLAUSE_SEP.finditer(t, bs, be):
            cuts += [m.start(), m.end()]
        for m in _SENTENCE_END.finditer(t, bs, be):
            nxt = t[m.end():m.end() + 2].lstrip("“\"'(")
            if nxt[:1].isupper() or nxt[:1] in "-+•":
                cuts += [m.end(), m.end()]
        cuts.append(be)
        cuts.sort()
        for i in range(0, len(cuts) - 1):
            s, e = cuts[i], cuts[i + 1]
            if t[s:e].strip():
                out.append((s, e))
    # merge the pieces that are only separators
    return [(s, e) for s, e in out if _ALNUM.search(t, s, e)]


def wrapped_lines(text: Text) -> frozenset[int]:
    """Start offsets of lines that continue a wrapped line, judged from the page layout: the
    line before reaches the right margin of the text and this line is not indented (a new
    paragraph starts indented or after a short line). Lines without boxes (DOCX paragraphs,
    plain text) are never judged wrapped."""
    out: set[int] = set()
    by_page: dict[int, list] = {}
    for ln in text.lines:
        if ln.bbox is not None and text.text[ln.start:ln.end].strip():
            by_page.setdefault(ln.page, []).append(ln)
    for lines in by_page.values():
        if len(lines) < 3:
            continue
        left = min(ln.bbox[0] for ln in lines)
        right = max(ln.bbox[2] for ln in lines)
        width = max(right - left, 1.0)
        for prev, cur in zip(lines, lines[1:]):
            full = prev.bbox[2] >= right - 0.08 * width
            indented = cur.bbox[0] > left + 0.03 * width
            if full and not indented:
                out.add(cur.start)
    return frozenset(out)


def _trim(t: str, s: int, e: int) -> tuple[int, int]:
    """Offsets of the clause without bullets, leading/trailing spaces and punctuation."""
    while True:
        m = _LEAD_TRIM.match(t, s, e)
        if not m or m.end() == s:
            break
        s = m.end()
    while e > s and t[e - 1] in _TRAIL_CHARS:  # = _TRAIL_TRIM, in one backward pass
        e -= 1
    return s, e


def _squash(s: str) -> str:
    return " ".join(s.split())


# ----------------------------------------------------------------------------- sections
_LEVEL = re.compile(r"^\s*(?:(?P<roman>[IVXL]{1,5})|(?P<letter>[A-ZĐ])|(?P<num>\d{1,2}(?:\.\d{1,2})*))[.)]")


def _headings(text: Text) -> list[tuple[int, int, str]]:
    """(offset, level, title) of the numbered headings: ``I.``/``A.`` level 0, ``1.`` level 1,
    ``1.1.`` level 2 …"""
    out = []
    for line in text.lines:
        s = text.text[line.start:line.end]
        m = _LEVEL.match(s)
        if m and _is_heading(s):
            level = 0 if (m.group("roman") or m.group("letter")) else m.group("num").rstrip(".").count(".") + 1
            out.append((line.start, level, _squash(s).rstrip(":").strip()))
    return out


def _section_path(headings: list[tuple[int, int, str]], offset: int) -> list[str]:
    """The headings above ``offset``, outermost first; the last is the goal's ``section``."""
    path: list[tuple[int, str]] = []
    for start, level, title in headings:
        if start > offset:
            break
        path = [(lv, ti) for lv, ti in path if lv < level] + [(level, title)]
    return [title for _, title in path]


class _Sections:
    """:func:`_section_path` for many offsets of one text: the path after each heading is
    worked out once, and an offset finds its heading by bisection."""

    def __init__(self, headings: list[tuple[int, int, str]]) -> None:
        self.starts = [start for start, _, _ in headings]
        self.paths: list[list[str]] = []
        path: list[tuple[int, str]] = []
        for _, level, title in headings:
            path = [(lv, ti) for lv, ti in path if lv < level] + [(level, title)]
            self.paths.append([ti for _, ti in path])

    def path(self, offset: int) -> list[str]:
        k = bisect.bisect_right(self.starts, offset)
        return list(self.paths[k - 1]) if k else []


# ----------------------------------------------------------------------------- the rules
_WORD = re.compile(r"[^\s,.;:()“”\"'/]+")


def _count_noun(t: str, start: int, end: int) -> Optional[tuple[str, int]]:
    """The noun counted after a figure (``lớp học``, ``trung tâm``, ``người``) and where it
    ends: a listed noun (longest first) else up to two syllables before a stop word."""
    c = cues()
    m = c.count_nouns.match(t, start, end)
    if m:
        return _squash(m.group(0)).strip(" ,").lower(), m.end()
    words = []
    pos = start
    for w in _WORD.finditer(t, start, min(end, start + 40)):
        gap = t[pos:w.start()]
        if words and gap.strip() or (not words and gap.strip()):
            break
        if w.group(0).lower() in c.count_stop or any(ch.isdigit() for ch in w.group(0)):
            break
        words.append(w)
        pos = w.end()
        if len(words) == 2:
            break
    if not words:
        return None
    return _squash(t[words[0].start():words[-1].end()]).lower(), words[-1].end()


def _has_goal(before: str) -> bool:
    """A goal verb in the clause before the figure (or a goal word right before it)."""
    c = cues()
    return bool(c.goal.search(before) or c.goal_near.search(before))


def _end_window(s: str, letters: int) -> int:
    """Where to search ``s`` for a phrase that must end it (an ``at_end`` pattern: the phrase,
    then only spaces, commas and colons). The phrase ends where that tail begins and holds
    at most ``letters`` characters that are not spaces, so when the stretch before the tail
    holds more, the phrase lies inside it; 0 (the whole string) otherwise. Each of the
    forty comparator phrases was tried at every position of the clause.

    >>> s = "Phấn đấu đến năm 2025 có trên "
    >>> _end_window(s, 5), _end_window("trên  ,", 5)
    (8, 0)
    """
    end = len(s)
    while end and (s[end - 1].isspace() or s[end - 1] in ",:"):
        end -= 1
    start = end - letters - 16
    if start <= 0 or len("".join(s[start:end].split())) <= letters:
        return 0
    return start


def _comparator(q: Quantity, before: str, after: str, *, in_range: bool,
                goal_before: Optional[bool] = None) -> tuple[str, str]:
    """(comparator, which rule chose it). ``goal_before``: whether a goal verb comes
    earlier in the clause, when the caller knows it (``before`` then need only hold the
    text right before the figure)."""
    c = cues()
    if in_range:
        return "range", "range"
    pos = _end_window(before, c.before_letters)
    for cmp, rx in c.before:
        if rx.search(before, pos):
            return cmp, "before"
    for cmp, rx in c.after:
        m = rx.search(after)
        if m and len(after[:m.start()].split()) <= 8:
            return cmp, "after"
    if goal_before if goal_before is not None else _has_goal(before):
        return ">=", "goal"
    return "=", "bare"


_AT = re.compile(r"(?<!\w)vào\s*(?:cuối\s*)?$", re.I)


def _due(dates: list[DateSpan], base: int, start: int, end: int, t: str) -> Optional[date]:
    """A deadline written in the goal's clause — ``đến năm 2025``, ``trước 30/6/2024``,
    ``trong năm 2024``, ``vào (cuối) năm 2010`` — as the last day of that period. A period
    named without such a word (``Tuần lễ học tập năm 2021``) is not a deadline."""
    for d in dates:
        s = base + d.span[0]
        if not (start <= s < end) or d.end is None:
            continue
        if d.qualifier in ("before", "during") or _AT.search(t, max(0, s - 12), s):
            return d.end
    return None


def _in_dates(q: Quantity, date_spans: list[tuple[int, int]]) -> bool:
    return any(ds < q.span[1] and q.span[0] < de for ds, de in date_spans)


def _past_years(dates: list[DateSpan], ctx: ParseContext) -> bool:
    return bool(ctx.year) and any(d.end is not None and d.end.year < ctx.year for d in dates)


# ----------------------------------------------------------------------------- one clause
# Context read around a figure for its comparator and label phrases (they sit right before
# it, or within eight words after it).
CONTEXT_CHARS = 400
# A goal's text is its clause; a clause longer than this (figures run on with no
# punctuation) is cut to GOAL_WINDOW characters each side of the figure, at spaces, so
# the text of N goals of one clause is not N copies of the whole clause.
MAX_GOAL_CHARS = 600
GOAL_WINDOW = 300


def _window(t: str, ts: int, te: int, qs: int, qe: int) -> tuple[int, int]:
    if te - ts <= MAX_GOAL_CHARS:
        return ts, te
    s = max(ts, qs - GOAL_WINDOW)
    if s > ts:
        space = t.find(" ", s, qs)
        s = space + 1 if space >= 0 else s
    e = min(te, qe + GOAL_WINDOW)
    if e < te:
        space = t.rfind(" ", qe, e)
        e = space if space > qe else e
    return s, e


class _ClauseFacts:
    """What the goal rules ask about one clause, found once per clause (each cue regex
    runs over the clause once) and answered per figure by comparing offsets: asking
    the regexes again for every figure of a clause with thousands of figures was
    quadratic (5,000 percentages on one line: 65 s)."""

    def __init__(self, t: str, cs: int, ce: int, quantities: list[Quantity],
                 dates: list[DateSpan], ctx: ParseContext, c: Cues) -> None:
        self.cs = cs
        inf = float("inf")
        goals = list(c.goal.finditer(t, cs, ce))
        self.goal_starts = [m.start() for m in goals]
        self.goal_ends = [m.end() for m in goals]
        past = c.past.search(t, cs, ce)
        self.past_end = past.end() if past else inf
        spans = sorted(d.span for d in dates)
        self.date_starts = [a for a, _ in spans]
        self.date_max_end: list[int] = []
        top = -1
        for _, b in spans:
            top = max(top, b)
            self.date_max_end.append(top)
        self.past_date_end = min((d.span[1] for d in dates
                                  if ctx.year and d.end is not None and d.end.year < ctx.year),
                                 default=inf)
        self.first_figure_end = min((q.span[1] for q in quantities if not self.in_dates(q)),
                                    default=inf)
        due = [(cs + d.span[0], d.end) for d in dates if d.end is not None and
               (d.qualifier in ("before", "during") or
                _AT.search(t, max(0, cs + d.span[0] - 12), cs + d.span[0]))]
        self.due_list = due if all(a[0] <= b[0] for a, b in zip(due, due[1:])) else None
        self.due_starts = [a for a, _ in due]
        self._dates, self._t = dates, t

    def in_dates(self, q: Quantity) -> bool:
        """Whether the figure overlaps a date (``_in_dates``, by bisection)."""
        k = bisect.bisect_left(self.date_starts, q.span[1]) - 1
        return k >= 0 and self.date_max_end[k] > q.span[0]

    def goal_before(self, qs: int) -> bool:
        return bool(self.goal_ends) and self.goal_ends[0] <= qs

    def past_before(self, qs: int) -> bool:
        return self.past_end <= qs

    def past_date_before(self, q: Quantity) -> bool:
        return self.past_date_end <= q.span[0]

    def figure_before(self, q: Quantity) -> bool:
        return self.first_figure_end <= q.span[0]

    def last_goal(self, ts: int, qs: int) -> Optional[int]:
        """Start of the last goal verb between ``ts`` and the figure."""
        k = bisect.bisect_right(self.goal_ends, qs) - 1
        return self.goal_starts[k] if k >= 0 and self.goal_starts[k] >= ts else None

    def due(self, ts: int, te: int) -> Optional[date]:
        if self.due_list is None:  # dates out of order: ask each (rare)
            return _due(self._dates, self.cs, ts, te, self._t)
        k = bisect.bisect_left(self.due_starts, ts)
        if k < len(self.due_list) and self.due_list[k][0] < te:
            return self.due_list[k][1]
        return None


# ----------------------------------------------------------------------------- tables
def _column(header: list[str], words: list[str], skip: set[int] = frozenset()) -> list[int]:
    """Indexes of header cells holding one of ``words`` (whole words, after fold)."""
    rx = _phrase_rx([fold(w) for w in words])
    return [i for i, h in enumerate(header) if i not in skip and rx.search(h)]


def _cell_span(text: Text, cell, search_from: int) -> Optional[tuple[int, int]]:
    """Offsets of a cell in the full text: its own, else where its text is found."""
    if cell.start >= 0 and cell.end > cell.start:
        return cell.start, cell.end
    words = cell.text.split()
    if not words:
        return None
    rx = re.compile(r"\s+".join(re.escape(w) for w in words))
    m = rx.search(text.text, search_from) or rx.search(text.text)
    return m.span() if m else None


def _table_targets(text: Text, table: Table, ctx: ParseContext,
                   headings) -> tuple[list[Target], list[tuple[int, int]]]:
    """Goals of an indicator table: one per row with a figure in the planned-value column.
    Returns the targets and the text spans of the rows read (their figures are not read
    again as prose)."""
    data = load_data("target_cues.toml")["table"]
    if len(table.rows) < 2:
        return [], []
    header = [fold(c.text) for c in table.rows[0]]
    unit_cols = _column(header, data["unit"])
    past_cols = set(_column(header, data["past"]))
    metric_cols = _column(header, data["metric"], set(unit_cols) | past_cols)
    if not metric_cols:
        return [], []
    metric_col = metric_cols[0]
    value_cols = _column(header, data["value"], {metric_col, *unit_cols} | past_cols)
    if not value_cols:
        return [], []
    value_col = value_cols[-1]  # the planned value of the latest period is rightmost
    unit_col = unit_cols[0] if unit_cols else None
    out: list[Target] = []
    covered: list[tuple[int, int]] = []
    pos = 0
    for row in table.rows[1:]:
        if len(row) <= max(value_col, metric_col):
            continue
        metric = _squash(row[metric_col].text)
        value_text = _squash(row[value_col].text)
        quantities = find_quantities(value_text)
        if not metric or not quantities:
            continue
        q = quantities[0]
        unit = q.unit
        if unit is None and unit_col is not None and unit_col < len(row):
            written = _squash(row[unit_col].text).lower()
            unit = "%" if written in ("%", "tỷ lệ %", "tỷ lệ (%)", "(%)") else (written or None)
        if unit is None:
            continue
        comparator, how = _comparator(q, value_text[:q.span[0]], value_text[q.span[1]:],
                                      in_range=q.value_max is not None)
        m_span = _cell_span(text, row[metric_col], pos)
        v_span = _cell_span(text, row[value_col], m_span[1] if m_span else pos)
        spans = [s for s in (m_span, v_span) if s]
        if not spans:
            continue
        start, end = min(s[0] for s in spans), max(s[1] for s in spans)
        pos = end
        line = text.line_at(start)
        covered.append((min(start, line.start) if line else start, max(end, line.end) if line else end))
        path = _section_path(headings, start)
        out.append(Target(
            text=metric, metric=metric, comparator=comparator, value=q.value,
            value_max=q.value_max, unit=unit, due=None,
            section=path[-1] if path else None,
            provenance=text.provenance(start, end, rule=f"target:table:{how}")))
    return out, covered


def parse_targets(text: Text, ctx: ParseContext) -> list[Target]:
    """Every quantified goal of the document, in reading order."""
    c = cues()
    t = text.text
    headings = _headings(text)
    sections = _Sections(headings)
    # each heading is judged once, not once per clause under it
    goal_headings = {h for _, _, h in headings if c.goal_section.search(h)}
    report_headings = {h for _, _, h in headings if c.report_section.search(h)}
    targets: list[Target] = []
    covered: list[tuple[int, int]] = []
    for table in text.tables:
        found, rows = _table_targets(text, table, ctx, headings)
        targets += found
        covered += rows
    for cs, ce in clauses(t, wrapped_lines(text)):
        if covered and any(s <= cs and ce <= e for s, e in covered):
            continue
        clause = t[cs:ce]
        quantities = find_quantities(clause)
        if not quantities:
            continue
        dates = find_dates(clause, default_year=ctx.year)
        path = sections.path(cs)
        in_goal_section = any(h in goal_headings for h in path)
        in_report_section = any(h in report_headings for h in path)
        cl = _ClauseFacts(t, cs, ce, quantities, dates, ctx, c)
        ts0, te = _trim(t, cs, ce)
        for q in quantities:
            qs, qe = cs + q.span[0], cs + q.span[1]
            if cl.in_dates(q):
                continue
            # the comparator and label phrases sit right before the figure or a few words
            # after it: bounded context keeps each figure's work independent of the clause
            before = t[max(cs, qs - CONTEXT_CHARS):qs]
            after = t[qe:min(ce, qe + CONTEXT_CHARS)]
            goal_before = cl.goal_before(qs)
            if c.label.search(before) or cl.past_before(qs):
                continue
            if (in_report_section or cl.past_date_before(q)) and not goal_before:
                continue  # only "phấn đấu" looks forward
            if not ctx.plan_like and not (goal_before or in_goal_section
                                          or c.goal_near.search(before)):
                continue  # outside a plan a figure is a goal only where the text says so
            unit, metric_from, rule = q.unit, qe, q.kind
            comparator, how = _comparator(q, before, after, in_range=q.value_max is not None,
                                          goal_before=goal_before or
                                          bool(c.goal_near.search(before)))
            if q.kind == "percent":
                if q.value < 0:
                    continue
            elif q.kind == "money":
                if "/" not in (unit or "") and how == "bare" and not in_goal_section:
                    continue
            else:
                if q.value_max is not None and 1900 <= q.value <= 2100:
                    continue  # a span of years
                noun = _count_noun(t, qe, ce)
                if noun is None or noun[0] in c.not_units or noun[0].split()[0] in c.not_units:
                    continue
                near_goal = c.goal_near.search(before)
                if how == "bare":
                    # under a goal heading a bare count is a goal if it is its clause's own
                    # figure ("Tổ chức 24 lớp …"), not a detail of another ("học 2 buổi/ngày")
                    first = not cl.figure_before(q)
                    if not (in_goal_section and first and not q.words) or t[noun[1]:noun[1] + 1] == "/":
                        continue
                if how == "goal" and not near_goal and not in_goal_section:
                    continue
                if how == "after" and q.words:
                    continue
                unit = noun[0]
                metric_from = qe
            # the goal's text: its clause, from a goal verb met mid-clause ("…, phấn đấu …")
            ts, te_q = _window(t, ts0, te, qs, qe)
            clause_start = ts
            op = cl.last_goal(ts, qs)
            if op is not None and op > ts:
                ts = op
            metric = _squash(t[metric_from:te_q]) if metric_from < te_q else ""
            metric = _METRIC_AFTER_CUE.sub(r"\1", metric, count=1).strip(" ,")
            if not metric:  # "phấn đấu đạt 50.000 đồng/người/năm": what comes before
                metric = _squash(c.goal_words.sub("", t[clause_start:qs])).strip(" ,:") or None
            targets.append(Target(
                text=_squash(t[ts:te_q]),
                metric=metric or None,
                comparator=comparator,
                value=q.value,
                value_max=q.value_max,
                unit=unit,
                due=cl.due(ts, te_q),
                section=path[-1] if path else None,
                provenance=text.provenance(ts, te_q, rule=f"target:{rule}:{how}"),
            ))
    targets.sort(key=lambda g: g.provenance.span[0] if g.provenance else 0)
    return targets
