"""Where the handwritten slots of a header page are: the number between "Số:" and "/",
the day between "ngày" and "tháng", the month between "tháng" and "năm", found on the
OCR'd words of a page that carries the national title, each as a crop of the page image.

Word boxes only estimate where print ends when tesseract glued pen strokes to a printed
word ("ngày0ÿ"); the line's own letter widths and the blank columns of the page image
place the slot's left edge (see :func:`snap_left_edge`)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vanban.extractor.loaders.pen_digits import otsu
from vanban.extractor.normalize import strip_accents
from vanban.extractor.text import WordBox

# Slots are looked for in the top HEADER_SHARE of a page (the header block).
HEADER_SHARE = 0.45
# A first reading of only digits with at least this confidence is printed, not handwritten.
# The month is printed in most templates (it is known when the document is drafted; the
# day and number are not), so a lower confidence is enough to keep its printed reading.
PRINTED_CONF = {"number": 85.0, "day": 85.0, "month": 60.0}
# The crop reaches this many line heights above and below the printed line: pen digits
# are taller than print and rarely sit on its baseline.
REACH_UP, REACH_DOWN = 0.45, 0.35
# Print is measured from the line's letters; this slack keeps a wide letter of the cue
# (the "y" of "ngày") out of the slot.
PRINTED_SLACK = 1.0
# The slot's left edge moves to the nearest blank column within this many line heights.
SNAP_REACH = 0.4
# "Số:" on the folded key, maybe glued to what follows ("Số:04+", "Số 12"); tesseract
# sometimes reads the colon as "z" before pen digits ("Sôz14")
_CUE_NUMBER = re.compile(r"^so(?:[:.;]|z(?=\d)|(?=\d)|$)")


def cue_key(text: str) -> str:
    """Lower case without tone marks, one character per character: ``Số:`` -> ``so:``."""
    return strip_accents(text).lower()


@dataclass(slots=True)
class Slot:
    kind: str  # number | day | month
    line: int  # index of the line in the page's lines
    words: list[int]  # indexes (in the line) of the words the slot replaces
    cue: int  # index of the cue word ("Số:", "ngày", "tháng")
    box: tuple[int, int, int, int]  # the crop, in page pixels
    first: str  # what the first reading made of it
    prefix: str = ""  # printed text glued before the slot in the cue word ("Số:")
    suffix: str = ""  # printed text glued after it in the closing word ("/QĐ-UBND")


def _cut(word: WordBox, a: int, b: int) -> tuple[float, float]:
    """x range of characters [a, b) of a word, by their share of its width."""
    n = max(1, len(word.text))
    x0, x1 = word.bbox[0], word.bbox[2]
    return x0 + (x1 - x0) * a / n, x0 + (x1 - x0) * b / n


def find_slots(lines: list[list[WordBox]], page_height: int) -> list[Slot]:
    """The number, day and month slots of a page's header lines (pixels): only on a page
    that carries the national title (``CỘNG HÒA XÃ HỘI …`` / ``Độc lập - Tự do …``) in its
    top part, the first number line and the first date line from the top (a citation's
    ``số 15/…`` or ``ngày 5 tháng 3`` in the body is no blank)."""
    top = [line for line in lines if line and line[0].bbox[1] <= HEADER_SHARE * page_height]
    keys = [" ".join(cue_key(w.text) for w in line) for line in top]
    if not any("cong hoa" in k or "doc lap" in k for k in keys):
        return []
    slots: list[Slot] = []
    seen: set[str] = set()
    for li in sorted(range(len(lines)), key=lambda i: min((w.bbox[1] for w in lines[i]),
                                                          default=0)):
        line = lines[li]
        if not line or line[0].bbox[1] > HEADER_SHARE * page_height:
            continue
        words = sorted(range(len(line)), key=lambda i: line[i].bbox[0])
        folded = [cue_key(line[i].text) for i in words]
        height = max(1, sorted(w.bbox[3] - w.bbox[1] for w in line)[len(line) // 2])
        for k, f in enumerate(folded):
            # the header's "Số:" opens its line or column (a citation's "số" does not)
            opens = k == 0 or line[words[k]].bbox[0] - line[words[k - 1]].bbox[2] > 2 * height
            if opens and _CUE_NUMBER.match(f) and (f != "so" or k + 1 < len(folded)):
                slot = _number_slot(line, words, folded, k, li, height)
                if slot and "number" not in seen:
                    slots.append(slot)
                    seen.add("number")
                break
        for k, f in enumerate(folded):
            if f.startswith("ngay") and any(g.startswith("thang") for g in folded[k + 1:]):
                if "date" not in seen:
                    slots.extend(_date_slots(line, words, folded, k, li, height))
                    seen.add("date")
                break
    return slots


def _box(x0: float, x1: float, line: list[WordBox], height: int) -> tuple[int, int, int, int]:
    top = min(w.bbox[1] for w in line)
    bottom = max(w.bbox[3] for w in line)
    return (int(x0), int(top - REACH_UP * height), int(x1), int(bottom + REACH_DOWN * height))


def _number_slot(line, order, folded, k, li, height) -> Optional[Slot]:
    cue = line[order[k]]
    m = _CUE_NUMBER.match(cue_key(cue.text))
    head = m.end() if m else len(cue.text)  # "Số:" (the rest of the word is the slot's)
    if head == len(cue.text) or cue.text[head - 1:head].isalnum() is False:
        pass  # "Số:" (the rest of the word is the slot's)
    # the closing word: the first one (from the cue on) with a slash after the cue
    j = next((j for j in range(k, len(order))
              if "/" in (cue.text[head:] if j == k else line[order[j]].text)), None)
    if j is None:
        return None
    close = line[order[j]]
    slash = close.text.index("/", head if j == k else 0)
    x0 = _cut(cue, head, head)[0] if head < len(cue.text) else cue.bbox[2]
    x1 = _cut(close, slash, slash + 1)[0]
    if x1 - x0 < 0.5 * height:
        return None
    inner = [order[i] for i in range(k + 1, j)]
    if j == k:
        first = cue.text[head:slash]
    else:
        first = " ".join([cue.text[head:]] + [line[i].text for i in inner]
                         + [close.text[:slash]])
    tail = close.text[slash:] if (j == k or slash) else ""
    return Slot("number", li, inner + ([order[j]] if j != k and tail else []), order[k],
                _box(x0 + 2, x1 - 1, line, height), " ".join(first.split()),
                prefix=cue.text[:head] if head < len(cue.text) else "", suffix=tail)


def _date_slots(line, order, folded, k, li, height) -> list[Slot]:
    out = []
    for cue_word, end_word, kind in (("ngay", "thang", "day"), ("thang", "nam", "month")):
        start = next((i for i in range(k, len(order)) if folded[i].startswith(cue_word)), None)
        if start is None:
            continue
        end = next((i for i in range(start + 1, len(order))
                    if folded[i].startswith(end_word)), None)
        if end is None:
            continue
        cue = line[order[start]]
        glued = cue.text[len(cue_word):] if cue_key(cue.text) != cue_word else ""
        x0 = _cut(cue, len(cue_word), 0)[0] if glued else cue.bbox[2]
        # tesseract's box of the cue often swallows the first pen stroke ("ngày" boxed
        # over the "1" of "15"), and a glued word's share of characters puts the print's
        # end too far right (pen digits are wider than letters): the print ends where the
        # line's own letters say it does
        printed = _printed_end(line, cue, len(cue_word))
        if printed is not None:
            x0 = min(x0, printed)
        x1 = line[order[end]].bbox[0]
        if x1 - x0 < 0.5 * height:
            continue
        inner = [order[i] for i in range(start + 1, end)]
        first = (glued + " " + " ".join(line[i].text for i in inner)).strip()
        out.append(Slot(kind, li, inner, order[start], _box(x0 + 2, x1 - 2, line, height),
                        first, prefix=cue.text[:len(cue_word)] if glued else ""))
    return out


def _printed_end(line: list[WordBox], cue: WordBox, chars: int) -> Optional[float]:
    """Where the first ``chars`` printed letters of ``cue`` end, from the median width of
    a letter in the line's other words (None when the line has too few)."""
    widths = sorted((w.bbox[2] - w.bbox[0]) / len(w.text) for w in line
                    if w is not cue and len(w.text) >= 3 and w.text.rstrip(",.").isalpha())
    if len(widths) < 2:
        return None
    return cue.bbox[0] + chars * widths[len(widths) // 2] * PRINTED_SLACK


def snap_left_edge(slot: Slot, line: list[WordBox], gray) -> Slot:
    """The slot with its left edge on the nearest blank column at or before it, in the
    printed line's band: the edge was estimated from letter widths, the gap between the
    cue's last letter and the first pen digit is on the page."""
    import numpy as np

    top = int(min(w.bbox[1] for w in line))
    bottom = int(max(w.bbox[3] for w in line))
    height = max(1, bottom - top)
    x0, y0, x1, y1 = slot.box
    reach = int(SNAP_REACH * height)
    a, b = max(0, x0 - reach), min(gray.width, x0 + reach)
    if b - a < 3:
        return slot
    band = np.asarray(gray.crop((a, top, b, bottom)))
    inked = (band <= otsu(band)).sum(axis=0) > 0
    blank = np.flatnonzero(~inked)
    if not len(blank):
        return slot
    # the nearest gap at or before the estimate: taking a printed letter's tail in makes
    # the reading unsure (it touches the edge), leaving a pen stroke out makes it wrong
    left = blank[blank + a <= x0]
    if not len(left):
        return slot  # ink runs through: a pen stroke touching the print, left unsure
    x = a + int(left[-1])
    if x >= x1 - 4:
        return slot
    return Slot(slot.kind, slot.line, slot.words, slot.cue, (x, y0, x1, y1), slot.first,
                slot.prefix, slot.suffix)


def is_printed(slot: Slot, line: list[WordBox]) -> bool:
    """Digits read cleanly with a high confidence: typed into the blank, alone or glued
    to the printed symbol ("128/KH-UBND")."""
    words = [line[i] for i in slot.words]
    if not words or slot.prefix or any((w.conf or 0) < PRINTED_CONF[slot.kind] for w in words):
        return False
    if slot.suffix:
        return slot.first.isdigit() and bool(_SYMBOL_TAIL.match(slot.suffix))
    return all(w.text.isdigit() for w in words)


# The cue as print reads when a typed number follows it without a space ("Số:53").
_PRINTED_CUES = {"number": "so:", "day": "ngay", "month": "thang"}


def is_printed_glued(slot: Slot, line: list[WordBox]) -> bool:
    """Digits typed right after the cue in one word ("Số:53"): tesseract reads the cue
    exactly and the digits cleanly with a high confidence. Pen digits glued to the cue
    come out with a misread cue or stray marks ("Sôz14", "ngày0ÿ") and are not this."""
    cue = line[slot.cue]
    return (bool(slot.prefix) and (not slot.suffix or bool(_SYMBOL_TAIL.match(slot.suffix)))
            and not slot.words and cue_key(slot.prefix) == _PRINTED_CUES[slot.kind]
            and slot.first.isdigit() and (cue.conf or 0) >= PRINTED_CONF[slot.kind])


# The printed symbol after a typed number in the same word ("Số:01/KH-HKH").
_SYMBOL_TAIL = re.compile(r"^/[A-ZĐ]")


def split_printed(line: list[WordBox], slot: Slot) -> list[WordBox]:
    """The line with a typed "Số:53" (or "Số:01/KH-HKH") written as the cue, the number
    and the symbol, one word each."""
    cue = line[slot.cue]
    x = _cut(cue, len(slot.prefix), len(slot.prefix))[0]
    y = _cut(cue, len(slot.prefix) + len(slot.first), 0)[0] if slot.suffix else cue.bbox[2]
    parts = [WordBox(slot.prefix, (cue.bbox[0], cue.bbox[1], x, cue.bbox[3]), cue.conf,
                     cue.repairs),
             WordBox(slot.first, (x, cue.bbox[1], y, cue.bbox[3]), cue.conf)]
    if slot.suffix:
        parts.append(WordBox(slot.suffix, (y, cue.bbox[1], cue.bbox[2], cue.bbox[3]), cue.conf))
    return line[:slot.cue] + parts + line[slot.cue + 1:]
