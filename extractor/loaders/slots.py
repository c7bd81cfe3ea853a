"""A second, targeted reading of the header's handwritten slots on an OCR'd page.

Signed Vietnamese administrative documents are printed with blanks that are filled in
by hand after signing (Nghị định 30/2020 layout): the number in ``Số:   /QĐ-UBND``
and the day (sometimes the month) in ``…, ngày   tháng   năm 2025``. tesseract reads the
printed parts of those lines well and the pen strokes badly (``Số: 0+ /QĐ-…``,
``ngày0ÿ tháng``), and its garbage glues the line together for the parsers.

Here each slot (found by :mod:`slot_finder`) is read twice more:

* by tesseract, with digits only, one text line per crop, under several binarisations;
  every crop of a page goes to tesseract in one sheet (one extra engine call per page,
  timed on the file's engine clock and counted apart). Its reading counts when the
  readings are unanimous and plausible (a day 1-31, a month 1-12, a number of 1-5
  digits) and the digits are not glued to the printed cue (there the crop's edge is only
  estimated);
* by the pen-digit classifier (:mod:`pen_digits`, numpy, a few milliseconds): it counts
  when the crop cuts no ink, the digits come apart cleanly and every digit is read the
  same, with a probability of at least ``PEN_SURE``, by both networks under small changes
  of slant and stroke.

Either reading alone, or both when they agree, replaces the slot's words with one word
marked ``handwritten`` with a low confidence (flagged for review), and a repair
``handwritten: <first reading> -> <digits>`` is recorded. When they disagree, or neither
counts, the slot's garbage is dropped (the printed parts of the line stay) and a repair
``handwritten: <first reading> -> ?`` is recorded on the cue word: an empty number
flagged for review is better than a wrong one.

A slot that tesseract already read as clean digits with a high confidence is printed
(typed into the blank) and left alone.
"""
from __future__ import annotations

import subprocess
from typing import Optional

from vanban.extractor.loaders.pen_digits import otsu
from vanban.extractor.loaders.slot_finder import (Slot, cue_key, find_slots, is_printed,
                                                  is_printed_glued, snap_left_edge,
                                                  split_printed)
from vanban.extractor.text import WordBox

# The pen reader's reading is kept when every digit's probability, under every small
# change of the crop, is at least this (see pen_digits.read_pen_digits).
PEN_SURE = 0.7
# Confidence given to a handwritten reading that passed the vote (0..100, as tesseract's).
HANDWRITTEN_CONF = 40.0
# A slot with less ink than this share of its crop holds nothing written.
MIN_INK = 0.01
# Binarisation thresholds of the votes (0..255), besides Otsu's.
THRESHOLDS = (110, 150, 190)
SHEET_PAD = 30
DIGITS = "0123456789"



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
    level = otsu(arr)  # dark is <= the threshold (Otsu's lower class)
    thresholds = sorted({level, *THRESHOLDS})
    if (arr <= level).mean() < MIN_INK or (arr <= THRESHOLDS[0]).mean() < MIN_INK / 4:
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
    glued = [s for s in found if is_printed_glued(s, lines[s.line])]
    if glued:  # typed digits glued to the cue: split, not read again
        lines = [list(line) for line in lines]
        for slot in sorted(glued, key=lambda s: -s.cue):
            lines[slot.line] = split_printed(lines[slot.line], slot)
        found = find_slots(lines, gray.height)
    slots = [s for s in found if not is_printed(s, lines[s.line])]
    if not slots:
        return lines, []
    slots = [snap_left_edge(s, lines[s.line], gray) for s in slots]
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
            if slot.kind == "number" and cue_key(prefix) != "so:":  # "Sôz14": the colon misread
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
