"""The numbered headings of a text and the path of headings above an offset: a goal's
``section``, and whether it sits under a goal or a report heading."""
from __future__ import annotations

import bisect
import re

from vanban.extractor.text import Text
from vanban.extractor.parsers.targets.segment import _is_heading, _squash

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
