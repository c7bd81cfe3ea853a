"""A second reading of personal-name lines on an OCR'd page: the signer's name.

The signer's name is printed in bold under the signature, often under the red seal's
edge; read with the rest of the page, tesseract drops the upper of two stacked marks
(``Hiền`` read ``Hiên``, ``Tuấn`` read ``Tuân``). Read again alone, as one text line
(psm 7), the same crop keeps them. A line is a candidate when it is nothing but a
personal name: two to five capitalised words whose first, tone marks set aside, spells
a known Vietnamese family name (``ocrfix.known_surnames``).

Each candidate (at most three a page; usually the one signature) is one extra engine
call with psm 7, timed on the file's engine clock and counted with the slot re-reads. A word of the second reading
replaces the first when both spell the same letters once tone marks and hats are set
aside, the second carries more marks (the failure is marks lost, so a reading with fewer
is never taken) and is read about as surely; a repair ``name re-read: <before> ->
<after>`` is recorded on it. Anything else is left as read.
"""
from __future__ import annotations

import subprocess
from functools import lru_cache
from typing import Optional

from vanban.extractor.ocrfix import bare_letters as _bare
from vanban.extractor.text import WordBox

# A name line's words: between these counts, each capitalised and alphabetic.
NAME_WORDS = (2, 5)
# The crop reaches this share of the line's height around its words.
PAD = 0.35
# White border (pixels) around a crop handed to tesseract alone.
BORDER = 30
# A word of the second reading may be read this much less surely (0..100) and still win.
CONF_SLACK = 5.0
# At most this many name lines a page are read again (a list of members is no signature).
MAX_LINES = 3


def name_words(line: list[WordBox]) -> Optional[list[int]]:
    """The indexes of the words that end a line with a personal name, left to right
    (the two columns of the end matter are often read as one line: "- Lưu: VT. Trần Văn
    An"), else None."""
    surnames = _bare_surnames()
    order = sorted(range(len(line)), key=lambda i: line[i].bbox[0])
    tail: list[int] = []
    for i in reversed(order):
        w = line[i].text
        if not (w.isalpha() and w[:1].isupper() and not w.isupper()):
            break
        tail.insert(0, i)
    for k in range(len(tail)):  # the longest name the tail holds, opening with a surname
        n = len(tail) - k
        if NAME_WORDS[0] <= n <= NAME_WORDS[1] and _bare(line[tail[k]].text) in surnames:
            first = line[tail[k]]
            before = [line[i] for i in order if line[i].bbox[2] <= first.bbox[0]]
            height = first.bbox[3] - first.bbox[1]
            # alone on its line (stray marks aside), or a column's width away from the text
            # before it: the signature's column, not a name inside a sentence
            if all(not any(c.isalpha() for c in w.text) for w in before) or (
                    before and first.bbox[0] - max(w.bbox[2] for w in before) > 2 * height):
                return tail[k:]
            return None
    return None


@lru_cache(maxsize=1)
def _bare_surnames() -> frozenset[str]:
    from vanban.extractor.ocrfix import known_surnames

    return frozenset(_bare(s) for s in known_surnames())


def _marks(word: str) -> int:
    import unicodedata

    return sum(unicodedata.combining(c) > 0 for c in unicodedata.normalize("NFD", word))


def _read_lines(gray, boxes: list[tuple[int, int, int, int]], settings, clock
                ) -> list[list[WordBox]]:
    """The words tesseract reads on each crop as one text line (psm 7: a sheet of crops
    read with psm 6 loses the marks again), left to right."""
    from PIL import Image

    from vanban.extractor.errors import EngineMissingError
    from vanban.extractor.loaders.ocr import encode_pgm, run_tesseract_tsv, tsv_words

    out: list[list[WordBox]] = []
    for box in boxes:
        crop = gray.crop(box)
        padded = Image.new("L", (crop.width + 2 * BORDER, crop.height + 2 * BORDER), 255)
        padded.paste(crop, (BORDER, BORDER))
        try:
            tsv = run_tesseract_tsv(encode_pgm(padded), settings=settings.with_psm(7),
                                    clock=clock)
        except (subprocess.TimeoutExpired, EngineMissingError):
            out.append([])
            continue
        out.append(sorted((w for _, w in tsv_words(tsv)), key=lambda w: w.bbox[0]))
    return out


def merge_reading(line: list[WordBox], keep: list[int], again: list[WordBox]
                  ) -> tuple[list[WordBox], list[str]]:
    """The line with each name word replaced by the second reading's word when both spell
    the same bare letters and the second is clearly surer; the repairs made.

    >>> a = [WordBox("Trần", (0, 0, 9, 9), 93.0), WordBox("Hiên", (10, 0, 19, 9), 71.0)]
    >>> b = [WordBox("Trân", (0, 0, 9, 9), 95.0), WordBox("Hiền", (10, 0, 19, 9), 94.0)]
    >>> line, fixes = merge_reading(a, [0, 1], b)
    >>> [w.text for w in line], fixes
    (['Trần', 'Hiền'], ['name re-read: Hiên -> Hiền'])
    """
    again = [w for w in again if any(c.isalpha() for c in w.text)]
    if len(again) != len(keep):
        return line, []
    out = list(line)
    fixes = []
    for i, second in zip(keep, again):
        first = line[i]
        if first.text == second.text or _bare(first.text) != _bare(second.text):
            continue
        if _marks(second.text) <= _marks(first.text) \
                or (second.conf or 0) < (first.conf or 0) - CONF_SLACK:
            continue  # only marks the first reading lost are taken, never marks dropped
        fix = f"name re-read: {first.text} -> {second.text}"
        out[i] = WordBox(second.text, first.bbox, second.conf, first.repairs + (fix,),
                         first.handwritten)
        fixes.append(fix)
    return out, fixes


def reread_names(lines: list[list[WordBox]], gray, settings, clock=None
                 ) -> tuple[list[list[WordBox]], list[str]]:
    """The page's lines with their personal-name lines read again (see the module doc),
    and the repairs made. ``lines`` and ``gray`` in the same pixels; the lines are not
    changed in place."""
    found = [(li, keep) for li, line in enumerate(lines) if line
             and (keep := name_words(line)) is not None]
    if not found or len(found) > MAX_LINES:
        return lines, []
    boxes = []
    for li, keep in found:
        words = [lines[li][i] for i in keep]
        x0, y0 = min(w.bbox[0] for w in words), min(w.bbox[1] for w in words)
        x1, y1 = max(w.bbox[2] for w in words), max(w.bbox[3] for w in words)
        pad = int(PAD * (y1 - y0)) + 2
        boxes.append((max(0, int(x0) - pad), max(0, int(y0) - pad),
                      min(gray.width, int(x1) + pad), min(gray.height, int(y1) + pad)))
    readings = _read_lines(gray, boxes, settings, clock)
    out = list(lines)
    made: list[str] = []
    for (li, keep), again in zip(found, readings):
        out[li], fixes = merge_reading(lines[li], keep, again)
        made.extend(fixes)
    return out, made
