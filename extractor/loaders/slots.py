"""A second, targeted reading of the header's handwritten slots on an OCR'd page.

Signed Vietnamese administrative documents are printed with blanks that are filled in
by hand after signing (Nghị định 30/2020 layout): the number in ``Số:   /QĐ-UBND``
and the day (sometimes the month) in ``…, ngày   tháng   năm 2025``. tesseract reads the
printed parts of those lines well and the pen strokes badly (``Số: 0+ /QĐ-…``,
``ngày0ÿ tháng``), and its garbage glues the line together for the parsers.

Here each slot — the space between ``Số:`` and ``/``, between ``ngày`` and ``tháng``,
between ``tháng`` and ``năm`` — is cropped from the page image and read again with
digits only, one text line per crop, under several binarisations; every crop of a page
goes to tesseract in one sheet (one extra engine call per page, timed on the file's
engine clock and counted apart). The readings vote:

* unanimous and plausible (a day 1-31, a month 1-12, a number of 1-5 digits), and the
  digits not glued to the printed cue (there the crop's edge is only estimated): the
  slot's words are replaced by one word marked ``handwritten`` with a low confidence,
  and a repair ``handwritten: <first reading> -> <digits>`` is recorded;
* otherwise the slot's garbage is dropped (the printed parts of the line stay) and a
  repair ``handwritten: <first reading> -> ?`` is recorded on the cue word: an empty
  number flagged for review is better than a wrong one.

A slot that tesseract already read as clean digits with a high confidence is printed
(typed into the blank) and left alone.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from typing import Optional

from vanban.extractor.normalize import strip_accents
from vanban.extractor.text import WordBox

# Slots are looked for in the top HEADER_SHARE of a page (the header block).
HEADER_SHARE = 0.45
# A first reading of only digits with at least this confidence is printed, not handwritten.
# The month is printed in most templates (it is known when the document is drafted; the
# day and number are not), so a lower confidence is enough to keep its printed reading.
PRINTED_CONF = {"number": 85.0, "day": 85.0, "month": 60.0}
# The pen reader's reading is kept when every digit's probability, under every small
# change of the crop, is at least this (see pen_digits.read_pen_digits).
PEN_SURE = 0.7
# Confidence given to a handwritten reading that passed the vote (0..100, as tesseract's).
HANDWRITTEN_CONF = 40.0
# The crop reaches this many line heights above and below the printed line: pen digits
# are taller than print and rarely sit on its baseline.
REACH_UP, REACH_DOWN = 0.45, 0.35
# A slot with less ink than this share of its crop holds nothing written.
MIN_INK = 0.01
# Binarisation thresholds of the votes (0..255), besides Otsu's.
THRESHOLDS = (110, 150, 190)
SHEET_PAD = 30
# Print is measured from the line's letters; this slack keeps a wide letter of the cue
# (the "y" of "ngày") out of the slot.
PRINTED_SLACK = 1.0
# The slot's left edge moves to the nearest blank column within this many line heights.
SNAP_REACH = 0.4
DIGITS = "0123456789"

# "Số:" on the folded key, maybe glued to what follows ("Số:04+", "Số 12"); tesseract
# sometimes reads the colon as "z" before pen digits ("Sôz14")
_CUE_NUMBER = re.compile(r"^so(?:[:.;]|z(?=\d)|(?=\d)|$)")


def _key(text: str) -> str:
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
    keys = [" ".join(_key(w.text) for w in line) for line in top]
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
        folded = [_key(line[i].text) for i in words]
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
    m = _CUE_NUMBER.match(_key(cue.text))
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
        glued = cue.text[len(cue_word):] if _key(cue.text) != cue_word else ""
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


def _snapped(slot: Slot, line: list[WordBox], gray) -> Slot:
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
    inked = (band <= _otsu(band)).sum(axis=0) > 0
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


def _printed(slot: Slot, line: list[WordBox]) -> bool:
    words = [line[i] for i in slot.words]
    return (bool(words) and not slot.prefix and not slot.suffix
            and all(w.text.isdigit() and (w.conf or 0) >= PRINTED_CONF[slot.kind]
                    for w in words))


# The cue as print reads when a typed number follows it without a space ("Số:53").
_PRINTED_CUES = {"number": "so:", "day": "ngay", "month": "thang"}


def _printed_glued(slot: Slot, line: list[WordBox]) -> bool:
    """Digits typed right after the cue in one word ("Số:53"): tesseract reads the cue
    exactly and the digits cleanly with a high confidence. Pen digits glued to the cue
    come out with a misread cue or stray marks ("Sôz14", "ngày0ÿ") and are not this."""
    cue = line[slot.cue]
    return (bool(slot.prefix) and not slot.suffix and not slot.words
            and _key(slot.prefix) == _PRINTED_CUES[slot.kind]
            and slot.first.isdigit() and (cue.conf or 0) >= PRINTED_CONF[slot.kind])


def _split_printed(line: list[WordBox], slot: Slot) -> list[WordBox]:
    """The line with a typed "Số:53" written as the cue and the number, two words."""
    cue = line[slot.cue]
    x = _cut(cue, len(slot.prefix), len(slot.prefix))[0]
    parts = [WordBox(slot.prefix, (cue.bbox[0], cue.bbox[1], x, cue.bbox[3]), cue.conf,
                     cue.repairs),
             WordBox(slot.first, (x, cue.bbox[1], cue.bbox[2], cue.bbox[3]), cue.conf)]
    return line[:slot.cue] + parts + line[slot.cue + 1:]


def _otsu(values) -> int:
    from vanban.extractor.loaders.pen_digits import otsu

    return otsu(values)


def ink_runs(image) -> int:
    """Runs of inked columns of a binarised crop, separated by blank columns: pen digits
    are written apart, so a reading with fewer digits than runs lost a digit (two bare
    strokes "11" read as "4")."""
    import numpy as np

    arr = np.asarray(image) < 128
    columns = arr.sum(axis=0) >= 2
    runs = 0
    width = 0
    for inked in columns:
        if inked:
            width += 1
        elif width:
            runs += width >= 3
            width = 0
    return runs + (width >= 3)


def _variants(gray, box) -> list:
    """Binarised copies of one slot crop (Otsu and fixed thresholds), or [] when the
    slot holds no ink."""
    import numpy as np
    from PIL import Image

    x0, y0, x1, y1 = box
    crop = gray.crop((max(0, x0), max(0, y0), min(gray.width, x1), min(gray.height, y1)))
    arr = np.asarray(crop)
    if arr.size == 0:
        return []
    otsu = _otsu(arr)  # dark is <= the threshold (Otsu's lower class)
    thresholds = sorted({otsu, *THRESHOLDS})
    if (arr <= otsu).mean() < MIN_INK or (arr <= THRESHOLDS[0]).mean() < MIN_INK / 4:
        return []
    # (whitening rules drawn across the crop was tried: on real scans it turned a right
    # reading into a wrong one and another into none; not kept)
    return [Image.fromarray(np.where(arr <= t, 0, 255).astype(np.uint8)) for t in thresholds]


def read_slots(gray, crops: list[list], settings, clock) -> list[list[str]]:
    """Digits read on each variant of each slot: the crops stacked into one sheet,
    read by tesseract as single lines with a digit whitelist."""
    from PIL import Image

    from vanban.extractor.errors import EngineMissingError
    from vanban.extractor.loaders.ocr import encode_pgm, run_tesseract_tsv, tsv_words

    flat = [(s, v) for s, variants in enumerate(crops) for v in variants]
    if not flat:
        return [[] for _ in crops]
    width = max(v.width for _, v in flat) + 2 * SHEET_PAD
    height = sum(v.height + SHEET_PAD for _, v in flat) + SHEET_PAD
    sheet = Image.new("L", (width, height), 255)
    spans = []
    y = SHEET_PAD
    for _, v in flat:
        sheet.paste(v, (SHEET_PAD, y))
        spans.append((y, y + v.height))
        y += v.height + SHEET_PAD
    try:
        tsv = run_tesseract_tsv(encode_pgm(sheet), settings=settings.with_psm(
            6, "-c", f"tessedit_char_whitelist={DIGITS}"), clock=clock)
    except (subprocess.TimeoutExpired, EngineMissingError):
        return [[] for _ in crops]
    texts = ["" for _ in flat]
    for _, word in tsv_words(tsv):
        cy = (word.bbox[1] + word.bbox[3]) / 2
        for n, (a, b) in enumerate(spans):
            if a - SHEET_PAD / 2 <= cy <= b + SHEET_PAD / 2:
                texts[n] += "".join(ch for ch in word.text if ch.isdigit())
                break
    out: list[list[str]] = [[] for _ in crops]
    for (s, _), text in zip(flat, texts):
        out[s].append(text)
    return out


def _plausible(kind: str, digits: str) -> bool:
    if not digits:
        return False
    if kind == "day":
        return len(digits) <= 2 and 1 <= int(digits) <= 31
    if kind == "month":
        return len(digits) <= 2 and 1 <= int(digits) <= 12
    return len(digits) <= 5 and int(digits) > 0


def vote(kind: str, readings: list[str], runs: int = 0) -> Optional[str]:
    """The slot's digits when every reading agrees, is plausible and has no fewer digits
    than the crop has separate ink runs (``runs``), else None.

    >>> vote("day", ["05", "05", "05", "05"]), vote("day", ["05", "06", "05", "05"])
    ('05', None)
    >>> vote("month", ["13", "13", "13"]), vote("number", ["", "", ""])
    (None, None)
    >>> vote("number", ["4", "4", "4", "4"], runs=2)
    """
    if len(readings) < 2 or len(set(readings)) != 1:
        return None
    digits = readings[0]
    if len(digits) < runs:
        return None
    return digits if _plausible(kind, digits) else None


def pen_reading(gray, slot: Slot) -> Optional[str]:
    """The pen-digit classifier's reading of the slot when it is sure: the crop cut
    cleanly into digit-shaped groups, every digit read the same under small changes of
    stroke and slant with a probability of at least PEN_SURE, and plausible for the slot."""
    import numpy as np

    from vanban.extractor.loaders.pen_digits import read_pen_digits

    x0, y0, x1, y1 = slot.box
    crop = np.asarray(gray.crop((max(0, x0), max(0, y0), min(gray.width, x1),
                                 min(gray.height, y1))))
    if crop.size == 0:
        return None
    reading = read_pen_digits(crop)
    if reading is None or not reading.clean or reading.confidence < PEN_SURE:
        return None
    return reading.digits if _plausible(slot.kind, reading.digits) else None


def decide(printed_vote: Optional[str], pen: Optional[str]) -> Optional[str]:
    """One slot's digits from tesseract's unanimous vote and the pen reader: either alone,
    or both when they agree; when they disagree, nothing (the field is left for review).

    >>> decide("87", None), decide(None, "87"), decide("87", "87"), decide("84", "87")
    ('87', '87', '87', None)
    """
    if printed_vote and pen:
        return printed_vote if int(printed_vote) == int(pen) else None
    return printed_vote or pen


def reread_slots(lines: list[list[WordBox]], gray, settings, clock=None
                 ) -> tuple[list[list[WordBox]], list[str]]:
    """The page's lines with the handwritten slots read again (see the module doc), and
    the repairs made. ``lines`` and ``gray`` in the same pixels; the lines are not
    changed in place. The extra tesseract run is timed on ``clock``."""
    found = find_slots(lines, gray.height)
    glued = [s for s in found if _printed_glued(s, lines[s.line])]
    if glued:  # typed digits glued to the cue: split, not read again
        lines = [list(line) for line in lines]
        for slot in sorted(glued, key=lambda s: -s.cue):
            lines[slot.line] = _split_printed(lines[slot.line], slot)
        found = find_slots(lines, gray.height)
    slots = [s for s in found if not _printed(s, lines[s.line])]
    if not slots:
        return lines, []
    slots = [_snapped(s, lines[s.line], gray) for s in slots]
    crops = [_variants(gray, s.box) for s in slots]
    readings = read_slots(gray, crops, settings, clock) if any(crops) else [[] for _ in slots]
    made: list[str] = []
    out = [list(line) for line in lines]
    for slot, variants, read in sorted(zip(slots, crops, readings),
                                       key=lambda t: (t[0].line, -t[0].cue)):
        if not variants and not slot.first:
            continue  # an empty blank: nothing written, nothing to repair
        # pen digits glued to the printed cue ("Số:11", "ngày05"): where the print ends
        # is only estimated, so the crop may hold a piece of it; tesseract's reading of
        # such a crop is not sure (the pen reader checks the crop's edges itself)
        printed_vote = vote(slot.kind, read, ink_runs(variants[0])) \
            if variants and not slot.prefix else None
        pen = pen_reading(gray, slot) if variants else None
        digits = decide(printed_vote, pen)
        line = out[slot.line]
        cue = line[slot.cue]
        x0, y0, x1, y1 = slot.box
        top = min(w.bbox[1] for w in line)
        bottom = max(w.bbox[3] for w in line)
        repair = f"handwritten: {slot.first or '∅'} -> {digits or '?'}"
        made.append(f"{slot.kind}: {repair}")
        new: list[WordBox] = []
        if slot.prefix:  # "Số:04+" -> "Số:" and the slot
            prefix, fixes = slot.prefix, cue.repairs
            if slot.kind == "number" and _key(prefix) != "so:":  # "Sôz14": the colon misread
                prefix, fixes = "Số:", fixes + (f"number cue: {slot.prefix} -> Số:",)
            cue = WordBox(prefix, (cue.bbox[0], cue.bbox[1], x0, cue.bbox[3]), cue.conf, fixes)
        if digits:
            new.append(WordBox(digits, (x0, top, x1, bottom), HANDWRITTEN_CONF, (repair,),
                               handwritten=True))
        else:
            cue = WordBox(cue.text, cue.bbox, cue.conf, cue.repairs + (repair,),
                          handwritten=True)
        if slot.suffix:  # "04/CT-UBND" -> the digits and "/CT-UBND"
            src = line[slot.words[-1]] if slot.words and "/" in line[slot.words[-1]].text \
                else line[slot.cue]
            new.append(WordBox(slot.suffix, (x1, src.bbox[1], max(src.bbox[2], x1 + 1),
                                             src.bbox[3]), src.conf, src.repairs))
        drop = set(slot.words)
        kept = []
        for i, w in enumerate(line):
            if i == slot.cue:
                kept.append(cue)
                kept.extend(new)
            elif i not in drop:
                kept.append(w)
        out[slot.line] = kept
    return out, made
