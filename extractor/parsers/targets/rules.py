"""The rules asked of one figure in its clause: the noun a count counts, the comparator
(and which cue chose it), a deadline written in the clause; :class:`_ClauseFacts` finds
what they need once per clause."""
from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Optional

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.dates import DateSpan
from vanban.extractor.parsers.numbers import Quantity
from vanban.extractor.parsers.targets.segment import _squash
from vanban.extractor.parsers.targets.vocab import Cues, cues

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
        """Whether the figure overlaps a date of the clause (found by bisection)."""
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
