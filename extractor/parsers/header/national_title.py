"""The national title and motto (Quốc hiệu, Tiêu ngữ) and the Party heading: found in the
header zone read as one string, so that a title wrapped over two lines, or flattened beside
the issuer, is still one phrase; their spelling is checked word by word."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.parsers.header.lines import _L, _zone_skeleton, skeleton
from vanban.extractor.parsers.header.model import PhraseCheck
from vanban.extractor.parsers.header.patterns import FLAT, WORDS
from vanban.extractor.text import Text

# Lines of the header searched for a right-column phrase.
PHRASE_MAX_LINES = 40
# A word read by OCR below this confidence cannot prove a misspelling.
MISSPELLING_MIN_CONF = 85.0


def find_phrase(lines: list[_L], canonical: str, min_score: float, text: Text
                ) -> Optional[PhraseCheck]:
    """Best fuzzy occurrence of ``canonical`` in the text of ``lines`` read as one string:
    the phrase may be wrapped over several lines ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT
    NAM") or sit beside the other column's text."""
    if not any(not ln.blank for ln in lines):
        return None
    target = skeleton(canonical).upper()
    base, skel = _zone_skeleton(lines[:PHRASE_MAX_LINES], text)
    hay, where = _squeezed(skel.upper().translate(FLAT))
    al = fuzz.partial_ratio_alignment(target, hay, score_cutoff=min_score)
    if al is None:
        return None
    raw = _zone_skeleton(lines[:PHRASE_MAX_LINES], text, masked=True)[1].translate(FLAT)
    a, b = where[al.dest_start], where[max(al.dest_start, al.dest_end - 1)] + 1
    # widen to whole words
    while a > 0 and raw[a - 1].isalnum():
        a -= 1
    while b < len(raw) and raw[b].isalnum():
        b += 1
    a, b = _trim_foreign_edges(raw, a, b, canonical)
    pieces, right_column = _pieces(lines, base, raw, a, b, canonical)
    # a phrase in the right column is its pieces alone ("… VIỆT" / "NAM", not the left
    # column's "CÔNG NGHỆ" between them)
    found = collapse_spaces(" ".join(raw[p - base:q - base] for p, q in pieces)) \
        if right_column else collapse_spaces(raw[a:b])
    if len(found.split()) < len(canonical.split()) - 2:
        return None
    wrong = _misspelt(WORDS.findall(fold(found)), WORDS.findall(fold(canonical)))
    misspelled = bool(wrong)
    start, end = base + a, base + b
    if misspelled and not _confident_words(text, lines, start, end, wrong):
        misspelled = False
    return PhraseCheck(canonical=canonical, found=found, span=(start, end),
                       misspelled=misspelled, wrong_words=tuple(wrong), pieces=tuple(pieces))


def _pieces(lines: list[_L], base: int, raw: str, a: int, b: int, canonical: str
            ) -> tuple[list[tuple[int, int]], bool]:
    """Each line's share of the phrase at [a, b) of the zone, trimmed of the other column's
    words (a title wrapped beside a wrapped issuer read across: "TỈNH      XÃ HỘI CHỦ
    NGHĨA …"), and whether the phrase began past a column gap. A phrase begun in the
    right column goes on past the gap of the lines below, whatever the left column holds
    ("BỘ KHOA HỌC VÀ      CỘNG HÒA … VIỆT" / "CÔNG NGHỆ      NAM")."""
    pieces: list[tuple[int, int]] = []
    right_column = False
    for ln in lines[:PHRASE_MAX_LINES]:
        lo, hi = max(a, ln.start - base), min(b, ln.end - base)
        if lo >= hi or not raw[lo:hi].strip():
            continue
        if right_column:
            gaps = list(_COLUMN_GAP.finditer(raw, ln.start - base, ln.end - base))
            if gaps:
                lo, hi = max(lo, gaps[-1].end()), ln.end - base
                if not all(_near(w, canonical) for w in raw[lo:hi].split()):
                    continue
        else:
            gaps = list(_COLUMN_GAP.finditer(raw, lo, hi))
            left = raw[lo:gaps[-1].start()].split() if gaps else []
            if left and not all(_near(w, canonical) for w in left):
                lo = gaps[-1].end()  # "HỘI      CỘNG HÒA XÃ": the left column's word stays
            if not pieces:
                right_column = bool(raw[ln.start - base:lo].strip())
        lo, hi = _trim_foreign_edges(raw, lo, hi, canonical)
        pieces.append((base + lo, base + hi))
    return pieces, right_column


def _squeezed(s: str) -> tuple[str, list[int]]:
    """``s`` with each run of spaces cut to one (markdown marks, line breaks and table rules
    read as spaces would widen a wrapped phrase), and the offset in ``s`` of each kept
    character."""
    out, where = [], []
    prev_space = True
    for i, c in enumerate(s):
        if c == " ":
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        out.append(c)
        where.append(i)
    where.append(len(s))
    return "".join(out), where


def _trim_foreign_edges(raw: str, a: int, b: int, canonical: str) -> tuple[int, int]:
    """Drop words at either end of raw[a:b] that are not near any word of the phrase (the
    match, widened to whole words, may take in a word of the next cell: "… VIỆT NAM SỞ")."""
    def near(word: str) -> bool:
        return _near(word, canonical)
    words = [(m.start(), m.end()) for m in _TOKEN.finditer(raw, a, b)]
    while words and not near(raw[words[0][0]:words[0][1]]):
        words.pop(0)
    while words and not near(raw[words[-1][0]:words[-1][1]]):
        words.pop()
    return (words[0][0], words[-1][1]) if words else (a, b)


def _near(word: str, canonical: str) -> bool:
    """Whether ``word`` is (close to) a word of the phrase ``canonical``."""
    key = skeleton(word).upper().strip(",.;:-–")
    want = _phrase_words(canonical)
    return not key or key in want or any(
        fuzz.ratio(key, w) >= 80 for w in want if abs(len(w) - len(key)) <= 2)


@lru_cache(maxsize=8)
def _phrase_words(canonical: str) -> frozenset[str]:
    return frozenset(skeleton(w).upper() for w in canonical.split())


def _misspelt(got: list[str], want: list[str]) -> list[str]:
    """The words written differently from the phrase's, word aligned: a word missing at
    an edge (the phrase cut by a line break or the other column) is not a misspelling."""
    out = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, got, want, autojunk=False).get_opcodes():
        if op == "replace":
            out.extend(got[i1:i2])
        elif op == "insert" and 0 < i1 < len(got):
            out.extend(want[j1:j2])  # a word left out inside the phrase
        elif op == "delete" and 0 < i1 and i2 < len(got):
            out.extend(got[i1:i2])  # a word added inside the phrase
    return out


_TOKEN = re.compile(r"\S+")
_COLUMN_GAP = re.compile(r"[ ]{3,}")  # the gap between two columns read across


def _confident_words(text: Text, lines: list[_L], start: int, end: int,
                     wrong: list[str]) -> bool:
    """True unless the misspelt words were read by OCR with low confidence."""
    wrong_set = set(wrong)
    for ln in lines:
        if ln.end <= start or ln.start >= end:
            continue
        for w in text.lines[ln.index].words:
            if w.start >= start and w.end <= end and fold(w.text) in wrong_set:
                if w.conf is not None and w.conf < MISSPELLING_MIN_CONF:
                    return False
    return True
