"""The national title and motto (Quốc hiệu, Tiêu ngữ) and the Party heading: found in the
header zone read as one string, so that a title wrapped over two lines, or flattened beside
the issuer, is still one phrase; their spelling is checked word by word."""
from __future__ import annotations

from typing import Optional

from rapidfuzz import fuzz

from extractor.normalize import collapse_spaces, fold
from extractor.parsers.header.lines import _L, _mask, _zone_skeleton, skeleton
from extractor.parsers.header.model import PhraseCheck
from extractor.parsers.header.patterns import FLAT, WORDS
from extractor.text import Text

# Lines of the header searched for a right-column phrase.
PHRASE_MAX_LINES = 40
# A word read by OCR below this confidence cannot prove a misspelling.
MISSPELLING_MIN_CONF = 85.0


def find_phrase(lines: list[_L], canonical: str, min_score: float, text: Text
                ) -> Optional[PhraseCheck]:
    """Best fuzzy occurrence of ``canonical`` in the text of ``lines`` read as one string:
    the phrase may be wrapped over several lines ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT
    NAM") or sit beside the other column's text."""
    lines = [ln for ln in lines if not ln.blank]
    if not lines:
        return None
    target = skeleton(canonical).upper()
    base, skel = _zone_skeleton(lines[:PHRASE_MAX_LINES], text)
    hay = skel.upper().translate(FLAT)
    al = fuzz.partial_ratio_alignment(target, hay, score_cutoff=min_score)
    if al is None:
        return None
    raw = _mask(text.text[base:base + len(hay)]).translate(FLAT)
    a, b = al.dest_start, al.dest_end
    # widen to whole words
    while a > 0 and raw[a - 1].isalnum():
        a -= 1
    while b < len(raw) and raw[b].isalnum():
        b += 1
    found = collapse_spaces(raw[a:b])
    if len(found.split()) < len(canonical.split()) - 2:
        return None
    want = WORDS.findall(fold(canonical))
    got = WORDS.findall(fold(found))
    wrong = [g for g, w in zip(got, want) if g != w] if len(got) == len(want) else got
    misspelled = bool(wrong)
    start, end = base + a, base + b
    if misspelled and not _confident_words(text, lines, start, end, wrong):
        misspelled = False
    return PhraseCheck(canonical=canonical, found=found, span=(start, end),
                       misspelled=misspelled, wrong_words=tuple(wrong))


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
