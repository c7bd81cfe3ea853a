"""The pen-digit reader of header slots (extractor.loaders.pen_digits) and how the slot
re-reading uses it: digits are cut apart, read by the shipped networks, and kept only when
the cut is clean and every reading agrees."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from vanban.extractor.loaders import pen_digits, slots
from vanban.extractor.text import WordBox

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
needs_fonts = pytest.mark.skipif(not (FONT_DIR / "DejaVuSerif.ttf").exists(),
                                 reason="DejaVu fonts not installed")


def _digits(text: str, font: str = "DejaVuSerif.ttf", size: int = 64,
            gap: int = 60, width: int | None = None) -> np.ndarray:
    """``text`` drawn apart, one digit every ``gap`` pixels, dark on white."""
    im = Image.new("L", (width or 60 + gap * len(text), 110), 255)
    draw = ImageDraw.Draw(im)
    f = ImageFont.truetype(str(FONT_DIR / font), size)
    for k, ch in enumerate(text):
        draw.text((30 + gap * k, 15), ch, fill=0, font=f)
    return np.asarray(im)


def test_components_are_eight_connected_ink_blobs():
    mask = np.zeros((10, 12), dtype=bool)
    mask[1:4, 1:3] = True  # a blob
    mask[4, 3] = True  # touching it diagonally: the same blob
    mask[6:9, 8:11] = True  # another
    parts = pen_digits.components(mask)
    assert sorted(len(rows) for rows, _ in parts) == [7, 9]


def test_two_touching_digits_are_cut_at_their_thinnest_column():
    part = np.zeros((40, 70), dtype=np.float32)
    part[:, 5:25] = 1.0  # one digit-sized stroke mass
    part[:, 45:65] = 1.0  # another
    part[20:22, 25:45] = 1.0  # a thin bridge where the pen ran on
    pieces = pen_digits.split_touching(part)
    assert len(pieces) == 2 and all(p.shape[0] == 40 for p in pieces)
    assert len(pen_digits.split_touching(part[:, :30])) == 1  # one digit stays whole


@needs_fonts
@pytest.mark.parametrize("text", ["87", "15", "53", "04"])
def test_digits_written_apart_are_read(text):
    reading = pen_digits.read_pen_digits(_digits(text))
    assert reading is not None and reading.clean
    assert reading.digits == text and reading.confidence >= slots.PEN_SURE


@needs_fonts
def test_a_digit_cut_by_the_crop_makes_the_reading_unclean():
    crop = _digits("87")[:, :112]  # the 7 cut through
    reading = pen_digits.read_pen_digits(crop)
    assert reading is not None and not reading.clean


def test_an_empty_slot_has_no_reading():
    assert pen_digits.read_pen_digits(np.full((80, 160), 250, dtype=np.uint8)) is None


def _w(text, x0, x1, conf=95.0, y0=300, y1=360):
    return WordBox(text, (x0, y0, x1, y1), conf)


TITLE = [_w("CỘNG", 1200, 1300, y0=200, y1=230), _w("HÒA", 1310, 1380, y0=200, y1=230)]


def _page_with_number(text: str) -> tuple[Image.Image, list[WordBox]]:
    """A header page whose "Số:  /QĐ-UBND" blank holds ``text`` (drawn apart), with the
    number line as tesseract gave it: the pen digits read as garbage."""
    page = Image.new("L", (2400, 3400), 255)
    page.paste(Image.fromarray(_digits(text)), (170, 270))
    width = 60 + 60 * len(text)
    line = [_w("Số:", 100, 150), _w("ỗ†", 200, 150 + width, 30.0),
            _w("/QĐ-UBND", 190 + width, 400 + width)]
    return page, line


@needs_fonts
def test_the_pen_reader_fills_a_slot_that_tesseract_could_not_read(monkeypatch):
    monkeypatch.setattr(slots, "read_slots", lambda gray, crops, settings, clock:
                        [["", "7", "", "1"] for _ in crops])  # tesseract: no agreement
    page, line = _page_with_number("87")
    lines, repairs = slots.reread_slots([TITLE, line], page, settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "87", "/QĐ-UBND"]
    assert lines[1][1].handwritten and lines[1][1].conf < 50  # flagged for review
    assert "number: handwritten: ỗ† -> 87" in repairs


@needs_fonts
def test_when_tesseract_and_the_pen_reader_disagree_the_slot_stays_empty(monkeypatch):
    monkeypatch.setattr(slots, "read_slots", lambda gray, crops, settings, clock:
                        [["84"] * 4 for _ in crops])  # tesseract sure of something else
    page, line = _page_with_number("87")
    lines, repairs = slots.reread_slots([TITLE, line], page, settings=None)
    assert [w.text for w in lines[1]] == ["Số:", "/QĐ-UBND"]
    assert "number: handwritten: ỗ† -> ?" in repairs
