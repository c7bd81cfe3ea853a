"""Where goals are read: the full text cut into paragraph blocks (:func:`_blocks`, with the
page layout's wrapped lines from :func:`wrapped_lines`) and clauses (:func:`clauses`),
each clause trimmed of bullets and punctuation (:func:`_trim`)."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor.text import Text

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
# What a clause's end is trimmed of (white space and ". , ; : ( - –"), as a set: a
# ``[...]+$`` search retries at every position (quadratic on a long run of separators); a
# backward scan reads each character once.
_TRAIL_CHARS = frozenset(".,;:(-–\t\n\r\x0b\x0c \u00a0\u2000\u2001\u2002\u2003\u2004"
                         "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f"
                         "\u3000\x1c\x1d\x1e\x1f\x85\u1680")
_LINE = re.compile(r"[^\n\f]+")
_ALNUM = re.compile(r"[^\W_]")  # a character for which str.isalnum() is true


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
    while e > s and t[e - 1] in _TRAIL_CHARS:
        e -= 1
    return s, e


def _squash(s: str) -> str:
    return " ".join(s.split())
