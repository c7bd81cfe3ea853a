"""Render a plan's .txt as scan-like page images: synthetic scans of documents we never scanned.

    .venv/bin/python bench/render_scans.py tests/data/heldout/*.txt -o out/render
    .venv/bin/python bench/render_scans.py ../shared/seeds/*.txt -o out/render-seeds --variants scan300

Why: the project is scored on real scans, and our only scans are the five seeds' renders,
which the rules were developed on. Rendering the held-out plans (tests/data/heldout) the way
real plans are printed gives an estimate of OCR extraction on documents nobody tuned on.
Rendering the seeds with the same code and comparing with the official seed scans tells how
faithful these renders are (a render that scores far below the official scan of the same
seed blames the renderer, not the extractor).

For each input ``<stem>.txt`` and each variant this writes ``<stem>.<variant>.pdf`` (one
image per page, at the variant's resolution) and ``<stem>.<variant>.page1.png``:

* ``clean300`` — 300 dpi, straight, white paper, no noise: OCR and layout only.
* ``scan300``  — 300 dpi, tilt 0.3–0.8°, greyish paper, slight blur, light gaussian noise.
* ``hard200``  — 200 dpi, tilt 1–1.8°, lower contrast, stronger noise and speckle, JPEG ~60.

and one artefact of real signed documents each, on top of ``scan300``:

* ``handwritten300`` — the number and the day left blank in print and written in by hand
  (Debian's ``fonts-dkg-handwriting``; without it the line is printed);
* ``seal300`` — a red seal stamped over the signature block and the signer's name;
* ``showthrough300`` — the back's text faintly through each page, and a blank back page
  (showing its front through) after each page;
* ``fax200`` — fine-mode fax: 200×100 dpi, one bit per pixel;
* ``photo`` — a phone photo: perspective, a shadow, a dark table around the page,
  transparent corners (the PNG keeps the alpha; the PDF drops it).

Accuracy per artefact: ``bench/accuracy.py heldout:<variant> --render DIR``.

The page is laid out like a Vietnamese administrative plan (A4, ~2 cm margins, DejaVu Serif
13 pt body): the two-column header (issuer block and ``Số:`` on the left; national title,
motto and the italic place-date line on the right), the centred bold document type and
title, the body (tab- or ``|``-separated rows drawn as ruled grids), then ``Nơi nhận:`` on
the left beside the signature block on the right. The roles are worked out from the text
with a few general rules (:func:`parse_plan`), never from knowledge of a particular file.
Output is deterministic: the same text, variant and ``--seed`` give the same bytes.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
# "condensed" sets about as many words on a line as Times New Roman, the font of the real
# plans (DejaVu Serif is ~15 % wider): it changes where lines wrap, nothing else.
FAMILIES = {
    "serif": "DejaVuSerif",
    "condensed": "DejaVuSerifCondensed",
}
STYLES = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bolditalic": "-BoldItalic"}
A4_CM = (21.0, 29.7)
MARGIN_CM = {"top": 2.0, "bottom": 2.0, "left": 2.5, "right": 2.0}
BODY_PT = 13.0
HEADER_PT = 12.5
TITLE_PT = 14.0
TABLE_PT = 11.5
SMALL_PT = 11.0
MIN_FIT_PT = 9.0
# Table and header rules: the official seed scans show 3 px at 300 dpi, 2-3 px at 200 dpi
# (a 1 px rule at 200 dpi faded into the hard variant's noise).
RULE_PT = 0.75
LINE_SPACING = 1.3  # baseline-to-baseline, in font sizes
PARA_GAP_PT = 4.0
INDENT_CM = 1.0
# The header's left column (issuer, Số) takes this share of the text width; real plans
# print it in roughly the left 40 %.
LEFT_COLUMN_SHARE = 0.42
# Fixed PDF dates: Pillow otherwise stamps the current time and the bytes would change.
PDF_DATE = time.gmtime(0)


@dataclass(frozen=True)
class Variant:
    """How a clean page is turned into a scan. Angles in degrees, levels in 0-255 grey."""

    dpi: int
    tilt: tuple[float, float] = (0.0, 0.0)
    paper: tuple[float, float] = (255.0, 255.0)
    ink: float = 0.0
    blur: float = 0.0
    noise: float = 0.0
    speckle: float = 0.0  # share of pixels hit by a dark or light dot
    shading: float = 0.0  # depth of the uneven illumination across the page
    jpeg_quality: int = 92
    # artefacts of real signed documents (issue 10), each alone on top of scan300:
    handwritten: bool = False  # number and day written into the blanks by hand
    seal: bool = False  # a red seal stamped over the signature block (and its name)
    show_through: bool = False  # the back's text shows through; blank back pages added
    fax: bool = False  # 200×100 dpi fax: hard black/white, halved vertical resolution
    photo: bool = False  # a phone photo: perspective, shadow, transparent corners


# Levels calibrated on the official seed scans (../shared/samples), measured on the blank
# bottom margin of their last pages after JPEG: scan300 paper ~240, noise sd ~2, darkest
# ink ~21-25; scan200-hard paper 208-218, noise sd ~10, darkest ink 39-47, dark specks
# (< 100) on ~0.01 % of the margin. A first, noisier hard200 (noise 14, ink 75, speckle
# 0.12 %) made tesseract find no text at all on a near-blank page.
VARIANTS = {
    "clean300": Variant(dpi=300),
    "scan300": Variant(dpi=300, tilt=(0.3, 0.8), paper=(236.0, 244.0), ink=22.0,
                       blur=0.55, noise=2.2, shading=5.0, jpeg_quality=90),
    "hard200": Variant(dpi=200, tilt=(1.0, 1.8), paper=(206.0, 220.0), ink=45.0,
                       blur=0.8, noise=10.0, speckle=0.0003, shading=12.0, jpeg_quality=60),
}
_SCAN300 = dict(dpi=300, tilt=(0.3, 0.8), paper=(236.0, 244.0), ink=22.0, blur=0.55,
                noise=2.2, shading=5.0, jpeg_quality=90)
VARIANTS.update({
    "handwritten300": Variant(**_SCAN300, handwritten=True),
    "seal300": Variant(**_SCAN300, seal=True),
    "showthrough300": Variant(**_SCAN300, show_through=True),
    "fax200": Variant(dpi=200, tilt=(0.2, 0.6), ink=0.0, fax=True, jpeg_quality=85),
    "photo": Variant(**{**_SCAN300, "shading": 60.0}, photo=True),
})
# Handwriting font (Debian: fonts-dkg-handwriting) for the handwritten variant.
HAND_FONT = Path("/usr/share/fonts/truetype/fifthhorseman/dkgBd.ttf")
# "Số: 12/…" and "…, ngày 05 tháng": the parts written by hand after signing.
HAND_NUMBER = re.compile(r"^(Số\s*:\s*)(\d+)(\s*/.*)$")
HAND_DAY = re.compile(r"^(.*?ngày\s+)(\d{1,2})(\s+tháng.*)$")


class FontsMissing(RuntimeError):
    """DejaVu Serif is not installed (Debian: apt-get install fonts-dejavu-core)."""


def font_path(style: str, family: str = "serif") -> Path:
    return FONT_DIR / f"{FAMILIES[family]}{STYLES[style]}.ttf"


def fonts_available(family: str = "serif") -> bool:
    return all(font_path(style, family).is_file() for style in STYLES)


@lru_cache(maxsize=None)
def font(style: str, px: int, family: str = "serif") -> ImageFont.FreeTypeFont:
    path = font_path(style, family)
    if not path.is_file():
        raise FontsMissing(f"{path} not found; install fonts-dejavu-core")
    return ImageFont.truetype(str(path), px)


# ----------------------------------------------------------------------------- roles
# Roles come from the text alone. The document types are the headings a plan-like
# document starts its title with; only the types we render need to be here.
DOC_TYPE_HEADING = re.compile(
    r"^(KẾ\s+HOẠCH|QUYẾT\s+ĐỊNH|CHỈ\s+THỊ|BÁO\s+CÁO|HƯỚNG\s+DẪN|THÔNG\s+BÁO|TỜ\s+TRÌNH|"
    r"CHƯƠNG\s+TRÌNH|NGHỊ\s+QUYẾT|ĐỀ\s+ÁN|CÔNG\s+VĂN|QUY\s+CHẾ|QUY\s+ĐỊNH)\b")
# Only a short first stretch of the file may be header; a plan with no header (seed 004
# starts with its type) must not have its body pulled up into one.
HEADER_MAX_LINES = 15
NATIONAL_TITLE = re.compile(r"^C[ỘO]NG\s+H\S{2,3}\s+X[ÃA]\s+H[ỘO]I\b", re.IGNORECASE)
MOTTO = re.compile(r"^Độc\s+lập", re.IGNORECASE)
NUMBER_LINE = re.compile(r"^S[ốô]\s*:", re.IGNORECASE)
PLACE_DATE = re.compile(r",?\s*ngày\s*\d*\s*tháng\s*\d+\s*năm\s*\d{4}", re.IGNORECASE)
RECIPIENTS = re.compile(r"^N[ơo]i\s+nhận\s*:?", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\s*[-–+•]")
AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\s*\.", re.IGNORECASE)
HEADING = re.compile(r"^([IVXLC]+|[A-Z]|\d+(\.\d+)*)\s*[./)]\s+\S")
# A body paragraph is not a title line: titles are short and do not end a clause.
TITLE_MAX_CHARS = 170
BODY_OPENERS = re.compile(r"^(Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị)\b")
PARENTHESISED = re.compile(r"^\(.*\)$")
NAME_MAX_WORDS = 6


def is_upper(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def looks_like_name(line: str) -> bool:
    """A person's name: a few capitalised words, no digits, no punctuation of a sentence."""
    words = line.split()
    return (0 < len(words) <= NAME_MAX_WORDS and not re.search(r"[\d;:,/()]", line)
            and all(w[0].isupper() for w in words) and not is_upper(line))


EMPHASIS = re.compile(r"\*{1,2}([^*\s](?:[^*]*?[^*\s])?)\*{1,2}")


def clean_line(raw: str) -> str:
    """The line without markdown emphasis (``**bold**``, ``*✓*``) and outer spaces."""
    return EMPHASIS.sub(r"\1", raw.replace("\u00a0", " ")).replace("**", "").strip()


def table_cells(raw: str) -> list[str] | None:
    """The cells of a TAB- or ``|``-separated row, or None when the line is not a row."""
    text = raw.replace("**", "").rstrip("\r\n")
    if text.strip().startswith("|"):
        inner = text.strip().strip("|")
        cells = [c.strip() for c in inner.split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):  # |---|---| separator
            return []
    elif text.count("\t") >= 2:
        cells = [c.strip() for c in text.strip(" ").split("\t")]
    else:
        return None
    return cells if sum(1 for c in cells if c) >= 2 else None


@dataclass
class Block:
    kind: str  # header | title | para | heading | centre | note | table | closing | pagebreak
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    left: list[str] = field(default_factory=list)   # header: issuer lines; closing: Nơi nhận
    right: list[str] = field(default_factory=list)  # header: national title; closing: signer
    number: str = ""
    place_date: str = ""
    signer_name: str = ""


def _header_block(lines: list[str]) -> Block:
    block = Block("header")
    seen_number = False
    for line in lines:
        if NATIONAL_TITLE.match(line) or MOTTO.match(line):
            block.right.append(line)
        elif NUMBER_LINE.match(line):
            block.number, seen_number = line, True
        elif PLACE_DATE.search(line):
            block.place_date = line
        elif not seen_number:
            block.left.append(line)
        else:  # after Số: (a "V/v …" subject line of a letter) stays in the left column
            block.lines.append(line)
    return block


def _closing_block(raws: list[str], start: int) -> tuple[Block, int]:
    """``Nơi nhận:`` and its list, then the signature: authority/role lines and a name."""
    block = Block("closing", left=[clean_line(raws[start])])
    i = start + 1
    while i < len(raws):
        line = clean_line(raws[i])
        if line and not LIST_ITEM.match(line):
            break
        if line:
            block.left.append(line)
        i += 1
    j = i
    while j < len(raws):
        line = clean_line(raws[j])
        if not line:
            j += 1
        elif is_upper(line) or AUTHORITY.match(line):
            block.right.append(line)
            j += 1
        else:
            break
    if (j < len(raws) and block.right and table_cells(raws[j]) is None
            and looks_like_name(clean_line(raws[j]))):
        block.signer_name = clean_line(raws[j])
        j += 1
    if not block.signer_name and not any(AUTHORITY.match(x) for x in block.right):
        # capitals with neither a name under them nor TM./KT.: an appendix heading
        # ("BIỂU TIẾN ĐỘ …" after a list with no signature, seed 001), not a signer
        block.right, j = [], i
    return block, j


def parse_plan(text: str) -> list[Block]:
    """Split a plan's text into blocks with layout roles (pure; no knowledge of any file)."""
    raws = text.splitlines()
    blocks: list[Block] = []
    # 1. header: the lines before the document-type heading, when it comes early.
    type_at = None
    nonblank = 0
    for idx, raw in enumerate(raws):
        line = clean_line(raw)
        if not line:
            continue
        if DOC_TYPE_HEADING.match(line):
            type_at = idx
            break
        nonblank += 1
        if nonblank > HEADER_MAX_LINES:
            break
    i = 0
    if type_at is not None:
        header = [clean_line(r) for r in raws[:type_at] if clean_line(r)]
        if header:
            blocks.append(_header_block(header))
        # 2. title: the type line, then subject lines up to the first blank line after them.
        title = [clean_line(raws[type_at])]
        i = type_at + 1
        while i < len(raws):
            line = clean_line(raws[i])
            if not line:
                if len(title) > 1:
                    break
                i += 1
                continue
            if (not is_upper(line) and (len(line) > TITLE_MAX_CHARS or line.endswith((";", ":"))
                                        or BODY_OPENERS.match(line))):
                break
            title.append(line)
            i += 1
        blocks.append(Block("title", lines=title))
    # 3. body, tables, closing, and whatever follows the signature (appendices).
    after_closing = False
    while i < len(raws):
        raw = raws[i]
        line = clean_line(raw)
        cells = table_cells(raw)
        if cells is not None:
            rows = []
            while i < len(raws):
                cells = table_cells(raws[i])
                if cells is None and not clean_line(raws[i]):
                    # a blank line inside a table: keep going if a row follows
                    k = i
                    while k < len(raws) and not clean_line(raws[k]):
                        k += 1
                    if k < len(raws) and table_cells(raws[k]) is not None:
                        i = k
                        continue
                    break
                if cells is None:
                    break
                if cells:
                    rows.append(cells)
                i += 1
            if rows:
                blocks.append(Block("table", rows=rows))
            continue
        if not line:
            i += 1
            continue
        if RECIPIENTS.match(line) and not after_closing:
            block, i = _closing_block(raws, i)
            blocks.append(block)
            after_closing = True
            if i < len(raws) and any(clean_line(r) for r in raws[i:]):
                blocks.append(Block("pagebreak"))
            continue
        if after_closing and (is_upper(line) or not blocks or blocks[-1].kind in ("pagebreak", "centre")) \
                and len(line) <= TITLE_MAX_CHARS and not HEADING.match(line):
            kind = "note" if PARENTHESISED.match(line) else "centre"
            blocks.append(Block(kind, lines=[line]))
        elif PARENTHESISED.match(line) and after_closing:
            blocks.append(Block("note", lines=[line]))
        elif HEADING.match(line) and len(line) <= 110 and not line.endswith((";", ",")):
            blocks.append(Block("heading", lines=[line]))
        else:
            blocks.append(Block("para", lines=[line]))
        i += 1
    return blocks


# ----------------------------------------------------------------------------- layout
class Pages:
    """A stack of white A4 pages at one resolution, with a cursor."""

    def __init__(self, dpi: int, family: str = "serif", hand: bool = False) -> None:
        self.dpi, self.family, self.hand = dpi, family, hand
        self.seal_at: Optional[tuple[int, int, int]] = None  # (page index, x, y)
        self.size = (round(A4_CM[0] / 2.54 * dpi), round(A4_CM[1] / 2.54 * dpi))
        self.left = self.cm(MARGIN_CM["left"])
        self.right = self.size[0] - self.cm(MARGIN_CM["right"])
        self.top = self.cm(MARGIN_CM["top"])
        self.bottom = self.size[1] - self.cm(MARGIN_CM["bottom"])
        self.images: list[Image.Image] = []
        self.new_page()

    def cm(self, value: float) -> int:
        return round(value / 2.54 * self.dpi)

    def pt(self, value: float) -> int:
        return round(value / 72.0 * self.dpi)

    def font(self, style: str, pt: float) -> ImageFont.FreeTypeFont:
        return font(style, self.pt(pt), self.family)

    def new_page(self) -> None:
        self.images.append(Image.new("L", self.size, 255))
        self.draw = ImageDraw.Draw(self.images[-1])
        self.y = self.top

    @property
    def width(self) -> int:
        return self.right - self.left

    def ensure(self, height: int) -> None:
        if self.y + height > self.bottom and self.y > self.top:
            self.new_page()

    def line_height(self, pt: float) -> int:
        return round(self.pt(pt) * LINE_SPACING)

    def text(self, x: float, y: float, text: str, fnt, align: str = "left", width: int = 0) -> float:
        """Draw one line; ``x`` is the left edge of a box ``width`` wide. Returns its length."""
        text = printable(text, fnt)
        length = fnt.getlength(text)
        if align == "centre":
            x += (width - length) / 2
        elif align == "right":
            x += width - length
        self.draw.text((round(x), round(y)), text, font=fnt, fill=0)
        return length


@lru_cache(maxsize=4096)
def _has_glyph(path: str, ch: str) -> bool:
    fnt = ImageFont.truetype(path, 40)
    return ch.isspace() or bytes(fnt.getmask(ch)) != bytes(fnt.getmask("\ue000"))


def printable(text: str, fnt) -> str:
    """``text`` without characters the font has no glyph for: a printed page shows no
    "tofu" boxes (seed 000 ends a line with "✓", which DejaVu Serif lacks)."""
    return "".join(ch for ch in text if _has_glyph(fnt.path, ch)).strip()


def wrap(text: str, fnt, width: float, first_indent: float = 0.0) -> list[str]:
    lines: list[str] = []
    current = ""
    limit = width - first_indent
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and fnt.getlength(trial) > limit:
            lines.append(current)
            current, limit = word, width
        else:
            current = trial
    if current:
        lines.append(current)
    return lines or [""]


def fit(text: str, style: str, pt: float, width: int, pages: Pages):
    """The largest size ≤ ``pt`` (down to MIN_FIT_PT) at which ``text`` fits ``width``."""
    size = pt
    while size > MIN_FIT_PT and pages.font(style, size).getlength(text) > width:
        size -= 0.5
    return pages.font(style, size), size


def draw_paragraph(pages: Pages, text: str, style: str = "regular", pt: float = BODY_PT,
                   indent: bool = True, align: str = "justify") -> None:
    fnt = pages.font(style, pt)
    first = pages.cm(INDENT_CM) if indent else 0
    lines = wrap(text, fnt, pages.width, first)
    step = pages.line_height(pt)
    for n, line in enumerate(lines):
        pages.ensure(step)
        x = pages.left + (first if n == 0 else 0)
        avail = pages.right - x
        words = line.split()
        if align == "justify" and n < len(lines) - 1 and len(words) > 1:
            gap = (avail - sum(fnt.getlength(w) for w in words)) / (len(words) - 1)
            for w in words:
                pages.draw.text((round(x), pages.y), printable(w, fnt), font=fnt, fill=0)
                x += fnt.getlength(w) + gap
        else:
            pages.text(x, pages.y, line, fnt, "centre" if align == "centre" else "left", avail)
        pages.y += step
    pages.y += pages.pt(PARA_GAP_PT)


def rule_px(pages: Pages) -> int:
    return max(1, round(RULE_PT / 72.0 * pages.dpi))


def rule(pages: Pages, x0: float, x1: float, y: float, thick: int = 0) -> None:
    thick = thick or rule_px(pages)
    pages.draw.rectangle([round(x0), round(y), round(x1), round(y) + thick - 1], fill=0)


def centred_bold(pages: Pages, lines: list[str], x: float, y: float, width: float,
                 pt: float, step: float) -> float:
    """Lines in bold, each centred in the column [x, x + width) and shrunk to fit it;
    returns the y under the last one."""
    for line in lines:
        fnt, _ = fit(line, "bold", pt, width, pages)
        pages.text(x, y, line, fnt, "centre", width)
        y += step
    return y


def draw_header(pages: Pages, block: Block) -> None:
    gap = pages.cm(0.3)
    left_w = round(pages.width * LEFT_COLUMN_SHARE)
    lx, rx = pages.left, pages.left + left_w + gap
    right_w = pages.right - rx
    step = pages.line_height(HEADER_PT)
    y0 = pages.y
    # left column: issuer lines, bold, centred, a short rule under them
    y = centred_bold(pages, block.left, lx, y0, left_w, HEADER_PT, step)
    if block.left:
        rule(pages, lx + left_w * 0.33, lx + left_w * 0.67, y + pages.pt(1))
    left_end = y
    # right column: national title and motto, bold, centred, motto underlined
    y = y0
    for line in block.right:
        fnt, _ = fit(line, "bold", HEADER_PT + (0.5 if MOTTO.match(line) else 0), right_w, pages)
        length = pages.text(rx, y, line, fnt, "centre", right_w)
        y += step
        if MOTTO.match(line):
            rule(pages, rx + (right_w - length) / 2, rx + (right_w + length) / 2, y - pages.pt(2.5))
    right_end = y
    # Số: on the left and the place-date line on the right share a row below both blocks
    y = max(left_end, right_end) + pages.pt(6)
    if block.number:
        fnt, _ = fit(block.number, "regular", BODY_PT, left_w, pages)
        hand_line(pages, lx, y, left_w, block.number, fnt, HAND_NUMBER)
    if block.place_date:
        fnt, _ = fit(block.place_date, "italic", BODY_PT, right_w, pages)
        hand_line(pages, rx, y, right_w, block.place_date, fnt, HAND_DAY)
    y += step if (block.number or block.place_date) else 0
    for line in block.lines:
        for part in wrap(line, pages.font("regular", SMALL_PT), left_w):
            pages.text(lx, y, part, pages.font("regular", SMALL_PT), "centre", left_w)
            y += pages.line_height(SMALL_PT)
    pages.y = y + pages.pt(14)


def hand_line(pages: Pages, x: float, y: float, width: int, text: str, fnt,
              slot: re.Pattern) -> None:
    """A centred header line; with ``pages.hand`` the digits ``slot`` captures (group 2)
    are left blank in print and written in by hand: a handwriting font, larger, a little
    off the baseline, as a clerk numbers and dates a signed document."""
    m = slot.match(text) if pages.hand else None
    if m is None or not HAND_FONT.exists():
        pages.text(x, y, text, fnt, "centre", width)
        return
    before, digits, after = m.groups()
    hand = ImageFont.truetype(str(HAND_FONT), round(fnt.size * 1.45))
    # en spaces: room for the pen's digits and a little air on both sides
    room = hand.getlength(digits) + fnt.size * 1.2
    blank = "\u2002" * max(3, int(np.ceil(room / fnt.getlength("\u2002"))))
    printed = printable(before + blank + after, fnt)
    start = x + (width - fnt.getlength(printed)) / 2
    pages.draw.text((round(start), round(y)), printed, font=fnt, fill=0)
    hx = start + fnt.getlength(before) + fnt.getlength("\u2002")
    pages.draw.text((round(hx), round(y - fnt.size * 0.35)), digits, font=hand, fill=25)


def draw_title(pages: Pages, block: Block) -> None:
    fnt = pages.font("bold", TITLE_PT)
    step = pages.line_height(TITLE_PT)
    last = 0.0
    for line in block.lines:
        for part in wrap(line, fnt, pages.width * 0.92):
            pages.ensure(step)
            last = pages.text(pages.left, pages.y, part, fnt, "centre", pages.width)
            pages.y += step
    if len(block.lines) > 1:
        half = min(last, pages.width * 0.4) / 2
        mid = pages.left + pages.width / 2
        rule(pages, mid - half, mid + half, pages.y - pages.pt(1))
    pages.y += pages.pt(12)


def column_widths(rows: list[list[str]], fnt, total: int, pad: int) -> list[int]:
    """Widths proportional to how much each column holds, never below its longest word."""
    ncol = max(len(r) for r in rows)
    need = []
    floor = []
    for c in range(ncol):
        cells = [r[c] for r in rows if c < len(r) and r[c]]
        chars = sum(len(x) for x in cells) / max(1, len(cells))
        need.append(min(max(chars, 3.0), 60.0))
        words = [w for x in cells for w in x.split()] or ["x"]
        floor.append(max(fnt.getlength(w) for w in words) + 2 * pad)
    scale = total / sum(need)
    widths = [max(floor[c], need[c] * scale) for c in range(ncol)]
    excess = sum(widths) - total
    if excess > 0:  # take it back from the columns that are above their floor
        slack = [w - f for w, f in zip(widths, floor)]
        total_slack = sum(slack) or 1.0
        widths = [w - excess * s / total_slack for w, s in zip(widths, slack)]
    return [round(w) for w in widths]


def draw_table(pages: Pages, block: Block) -> None:
    regular, bold = pages.font("regular", TABLE_PT), pages.font("bold", TABLE_PT)
    pad = pages.pt(3)
    step = pages.line_height(TABLE_PT)
    ncol = max(len(r) for r in block.rows)
    widths = column_widths(block.rows, bold, pages.width, pad)
    thick = rule_px(pages)
    for n, row in enumerate(block.rows):
        row = row + [""] * (ncol - len(row))
        fnt = bold if n == 0 else regular
        wrapped = [wrap(cell, fnt, w - 2 * pad) if cell else [] for cell, w in zip(row, widths)]
        height = max(len(c) for c in wrapped) * step + 2 * pad
        pages.ensure(height)
        y0 = pages.y
        x = pages.left
        for cell_lines, w in zip(wrapped, widths):
            for k, line in enumerate(cell_lines):
                align = "centre" if n == 0 or len(cell_lines) == 1 and len(line) <= 4 else "left"
                pages.text(x + pad, y0 + pad + k * step, line, fnt, align, w - 2 * pad)
            x += w
        # the grid: the row's top rule and the verticals
        rule(pages, pages.left, x, y0, thick)
        xs = [pages.left]
        for w in widths:
            xs.append(xs[-1] + w)
        for xv in xs:
            pages.draw.rectangle([xv, y0, xv + thick - 1, y0 + height], fill=0)
        pages.y = y0 + height
        # every row is closed (Word draws each row's borders), so a table broken across
        # pages ends each page with a rule
        rule(pages, pages.left, x + thick - 1, pages.y, thick)
    pages.y += pages.pt(8)


def draw_closing(pages: Pages, block: Block) -> None:
    """``Nơi nhận:`` list on the left, signature block on the right, side by side."""
    left_w = round(pages.width * 0.46)
    rx = pages.left + left_w + pages.cm(0.4)
    right_w = pages.right - rx
    small = pages.line_height(SMALL_PT)
    sig_step = pages.line_height(BODY_PT)
    left_h = small * (len(block.left) + 1)
    right_h = sig_step * (len(block.right) + 5)
    pages.ensure(max(left_h, right_h) + pages.pt(6))
    y0 = pages.y + pages.pt(6)
    y = y0
    for n, line in enumerate(block.left):
        style = "bolditalic" if n == 0 else "regular"
        pt = 12.0 if n == 0 else SMALL_PT
        for part in wrap(line, pages.font(style, pt), left_w):
            pages.text(pages.left, y, part, pages.font(style, pt))
            y += small
    left_end = y
    y = centred_bold(pages, block.right, rx, y0, right_w, BODY_PT, sig_step)
    if block.signer_name:
        # the seal is stamped over the left part of the signature and the name
        pages.seal_at = (len(pages.images) - 1, round(rx + right_w * 0.3), round(y + sig_step * 2.6))
        y += sig_step * 3  # room for the handwritten signature and the seal
        pages.text(rx, y, block.signer_name, pages.font("bold", BODY_PT), "centre", right_w)
        y += sig_step
    pages.y = max(left_end, y) + pages.pt(10)


def layout(blocks: list[Block], dpi: int, family: str = "serif", hand: bool = False,
           into: Optional[list] = None) -> list[Image.Image]:
    """Clean, straight, white pages (mode L) at ``dpi`` (``into``: receives the Pages)."""
    pages = Pages(dpi, family, hand)
    if into is not None:
        into.append(pages)
    for block in blocks:
        if block.kind == "header":
            draw_header(pages, block)
        elif block.kind == "title":
            draw_title(pages, block)
        elif block.kind == "heading":
            draw_paragraph(pages, block.lines[0], "bold", indent=True, align="left")
        elif block.kind == "centre":
            draw_paragraph(pages, block.lines[0], "bold", indent=False, align="centre")
        elif block.kind == "note":
            draw_paragraph(pages, block.lines[0], "italic", indent=False, align="centre")
        elif block.kind == "para":
            draw_paragraph(pages, block.lines[0])
        elif block.kind == "table":
            draw_table(pages, block)
        elif block.kind == "closing":
            draw_closing(pages, block)
        elif block.kind == "pagebreak":
            pages.new_page()
    return pages.images


# ----------------------------------------------------------------------------- scanning
def page_rng(seed: int, stem: str, variant: str, page: int) -> np.random.Generator:
    """One generator per page, keyed by content, so pages do not depend on each other."""
    key = zlib.crc32(f"{stem}|{variant}|{page}".encode())
    return np.random.default_rng([seed, key])


def degrade(image: Image.Image, v: Variant, rng: np.random.Generator) -> Image.Image:
    """Turn a clean page into a scan: paper and ink levels, shading, tilt, blur, noise."""
    if v.tilt == (0.0, 0.0) and v.noise == 0 and v.blur == 0 and v.paper == (255.0, 255.0):
        return image
    paper = float(rng.uniform(*v.paper))
    a = np.asarray(image, dtype=np.float32) / 255.0  # 1 = paper, 0 = ink
    h, w = a.shape
    if v.shading:
        yy = np.linspace(-1.0, 1.0, h, dtype=np.float32)[:, None]
        xx = np.linspace(-1.0, 1.0, w, dtype=np.float32)[None, :]
        gx, gy = rng.uniform(-1.0, 1.0, 2)
        shade = v.shading * (0.5 * (gx * xx + gy * yy) - 0.5 * (xx ** 2 + yy ** 2) / 2)
    else:
        shade = 0.0
    grey = v.ink + (paper - v.ink) * a + shade
    img = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8), "L")
    if v.tilt != (0.0, 0.0):
        angle = float(rng.uniform(*v.tilt)) * (1 if rng.random() < 0.5 else -1)
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False,
                         fillcolor=round(paper))
    if v.blur:
        img = img.filter(ImageFilter.GaussianBlur(v.blur))
    grey = np.asarray(img, dtype=np.float32)
    if v.noise:
        grey = grey + rng.normal(0.0, v.noise, grey.shape).astype(np.float32)
    if v.speckle:
        hits = rng.random(grey.shape, dtype=np.float32) < v.speckle
        dark = rng.random(grey.shape, dtype=np.float32) < 0.7
        grey[hits & dark] = v.ink
        grey[hits & ~dark] = paper
    return Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8), "L")


def render_pages(text: str, variant: str, *, stem: str = "doc", seed: int = 0,
                 family: str = "serif") -> list[Image.Image]:
    v = VARIANTS[variant]
    held: list = []
    clean = layout(parse_plan(text), v.dpi, family, hand=v.handwritten, into=held)
    if v.show_through:
        clean = with_show_through(clean)
    out = [degrade(img, v, page_rng(seed, stem, variant, n)) for n, img in enumerate(clean, 1)]
    if v.seal and held and held[0].seal_at is not None:
        index, x, y = held[0].seal_at
        out[index] = stamp_seal(out[index], x, y, v.dpi)
    if v.fax:
        out = [fax(img, v.dpi) for img in out]
    if v.photo:
        out = [photo(img, page_rng(seed, stem, variant, n)) for n, img in enumerate(out, 1)]
    return out


# ----------------------------------------------------------------------------- artefacts
def stamp_seal(page: Image.Image, x: int, y: int, dpi: int) -> Image.Image:
    """A round red seal (two rings, a star, letters round the edge) centred at (x, y):
    red ink multiplies the page, so the text under it stays dark."""
    r = round(1.8 / 2.54 * dpi)  # a 3.6 cm seal
    seal = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(seal)
    red = (205, 35, 45)
    w = max(2, dpi // 60)
    draw.ellipse((x - r, y - r, x + r, y + r), outline=red, width=w)
    draw.ellipse((x - r * 0.7, y - r * 0.7, x + r * 0.7, y + r * 0.7), outline=red, width=w // 2 + 1)
    star = [(x + r * 0.25 * np.cos(a), y - r * 0.25 * np.sin(a)) for a in
            np.linspace(np.pi / 2, np.pi / 2 + 4 * np.pi, 6)[:5]]
    draw.polygon(star, fill=red)
    fnt = font("bold", max(8, r // 6))
    for n, ch in enumerate("ỦY BAN NHÂN DÂN TỈNH"):
        a = np.pi * (0.85 - n * 0.085)
        draw.text((x + r * 0.85 * np.cos(a) - 6, y - r * 0.85 * np.sin(a) - 8), ch, font=fnt, fill=red)
    from PIL import ImageChops

    return ImageChops.multiply(page.convert("RGB"), seal)


def with_show_through(pages: list[Image.Image]) -> list[Image.Image]:
    """Each page with its back's text faintly through it (the next page, mirrored), and a
    blank back page after each, showing its front through the paper."""
    out = []
    for n, page in enumerate(pages):
        back = pages[n + 1] if n + 1 < len(pages) else pages[n]
        ghost = np.asarray(back.transpose(Image.Transpose.FLIP_LEFT_RIGHT).filter(
            ImageFilter.GaussianBlur(2.0)), dtype=np.float32)
        front = np.asarray(page, dtype=np.float32)
        out.append(Image.fromarray(np.minimum(front, 255 - (255 - ghost) * 0.12).astype(np.uint8)))
        mirrored = np.asarray(page.transpose(Image.Transpose.FLIP_LEFT_RIGHT).filter(
            ImageFilter.GaussianBlur(2.0)), dtype=np.float32)
        out.append(Image.fromarray((255 - (255 - mirrored) * 0.15).astype(np.uint8)))
    return out


def fax(page: Image.Image, dpi: int) -> Image.Image:
    """Fine fax mode: 200 dpi across, 100 dpi down, one bit per pixel, then back to the
    page's pixels (each scan line doubled)."""
    small = page.resize((page.width, page.height // 2), Image.Resampling.BOX)
    bw = small.point(lambda v: 0 if v < 150 else 255)
    return bw.resize(page.size, Image.Resampling.NEAREST)


def photo(page: Image.Image, rng: np.random.Generator) -> Image.Image:
    """A phone photo of the page: seen a little from the side (perspective), a shadow
    across one corner, on a dark table, with the corners outside the page transparent."""
    w, h = page.size
    pad = round(w * 0.06)
    canvas = Image.new("L", (w + 2 * pad, h + 2 * pad), 60)
    canvas.paste(page.convert("L"), (pad, pad))
    dx, dy = rng.uniform(0.02, 0.05) * w, rng.uniform(0.01, 0.03) * h
    # where the output's corners come from in the canvas (PIL's PERSPECTIVE wants the
    # inverse map): the top edge seen narrower than the bottom
    src = [(dx, dy), (w + 2 * pad - dx, dy), (w + 2 * pad, h + 2 * pad), (0, h + 2 * pad)]
    dst = [(0, 0), (w, 0), (w, h), (0, h)]
    matrix = np.linalg.solve(
        np.array([[x, y, 1, 0, 0, 0, -u * x, -u * y] for (x, y), (u, v) in zip(dst, src)]
                 + [[0, 0, 0, x, y, 1, -v * x, -v * y] for (x, y), (u, v) in zip(dst, src)],
                 dtype=np.float64),
        np.array([u for u, _ in src] + [v for _, v in src], dtype=np.float64))
    warped = canvas.transform((w, h), Image.Transform.PERSPECTIVE, tuple(matrix),
                              Image.Resampling.BICUBIC, fillcolor=60)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    shadow = 1.0 - 0.35 * np.clip(1.0 - (xx / w + yy / h), 0, 1)
    grey = np.asarray(warped, dtype=np.float32) * shadow
    rgba = Image.merge("RGBA", [Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8))] * 3
                       + [Image.new("L", (w, h), 255)])
    corner = round(w * 0.04)
    alpha = rgba.getchannel("A")
    ImageDraw.Draw(alpha).polygon([(0, 0), (corner, 0), (0, corner)], fill=0)
    rgba.putalpha(alpha)
    return rgba


def save_pdf(images: list[Image.Image], path: Path, dpi: int, quality: int) -> None:
    """One JPEG image per page; ``resolution`` makes each page exactly A4 in points (a
    photo's transparency is flattened: a PDF page carries no alpha here)."""
    images = [img.convert("RGB") if img.mode == "RGBA" else img for img in images]
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=float(dpi),
                   quality=quality, creationDate=PDF_DATE, modDate=PDF_DATE)


def render_file(src: Path, out_dir: Path, variants: list[str], seed: int = 0,
                family: str = "serif") -> list[Path]:
    text = src.read_text(encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in variants:
        images = render_pages(text, name, stem=src.stem, seed=seed, family=family)
        pdf = out_dir / f"{src.stem}.{name}.pdf"
        png = out_dir / f"{src.stem}.{name}.page1.png"
        save_pdf(images, pdf, VARIANTS[name].dpi, VARIANTS[name].jpeg_quality)
        images[0].save(png, dpi=(VARIANTS[name].dpi,) * 2)
        written += [pdf, png]
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("texts", nargs="+", type=Path)
    ap.add_argument("-o", "--out", type=Path, default=Path("out/render"))
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help=f"comma-separated, of {', '.join(VARIANTS)}")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--family", choices=sorted(FAMILIES), default="serif",
                    help="DejaVu Serif, or its condensed cut (wraps lines like Times)")
    args = ap.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        ap.error(f"unknown variant(s): {', '.join(unknown)}")
    if not fonts_available(args.family):
        print(f"render_scans: DejaVu Serif not found in {FONT_DIR}; nothing rendered "
              "(Debian: apt-get install fonts-dejavu-core)", file=sys.stderr)
        return 3
    for src in args.texts:
        paths = render_file(src, args.out, variants, args.seed, args.family)
        print(f"{src.name}: " + ", ".join(p.name for p in paths if p.suffix == ".pdf"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
