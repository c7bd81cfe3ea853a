"""The second reading of the signer's name line (extractor.loaders.names): which lines
are names, and that marks lost in the page's reading come back, never the other way."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from vanban.extractor.loaders import names
from vanban.extractor.text import WordBox

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf")


def _w(text, x0, x1, conf=93.0, y0=500, y1=540):
    return WordBox(text, (x0, y0, x1, y1), conf)


@pytest.mark.parametrize("line, name", [
    ([_w("Trần", 100, 170), _w("Văn", 180, 240), _w("Bình", 250, 320)], "Trần Văn Bình"),
    # the recipients' column read on the same line, a gutter away
    ([_w("-", 10, 15), _w("Lưu:", 20, 60), _w("VT.", 65, 90), _w("Lê", 400, 440),
      _w("Thị", 450, 500), _w("Mai", 510, 560)], "Lê Thị Mai"),
    # a name inside a sentence is not the signature's
    ([_w("giao", 20, 60), _w("ông", 65, 90), _w("Lê", 95, 120), _w("Thị", 125, 150),
      _w("Mai", 155, 190)], None),
    # capitalised words without a family name first: a place, not a person
    ([_w("Bình", 100, 170), _w("Minh", 180, 240)], None),
    # a heading in capitals is no name
    ([_w("NGUYỄN", 100, 170), _w("VĂN", 180, 240)], None),
])
def test_name_lines(line, name):
    keep = names.name_words(line)
    assert (" ".join(line[i].text for i in keep) if keep else None) == name


def test_a_reading_with_fewer_marks_is_never_taken():
    first = [_w("Trần", 100, 170, 90.0), _w("Hiền", 180, 240, 90.0)]
    second = [_w("Trân", 100, 170, 99.0), _w("Hiên", 180, 240, 99.0)]
    line, fixes = names.merge_reading(first, [0, 1], second)
    assert [w.text for w in line] == ["Trần", "Hiền"] and fixes == []
    # other letters: a different word, not lost marks
    line, fixes = names.merge_reading([_w("Hiên", 0, 9)], [0], [_w("Hiển", 0, 9), ])
    assert fixes == ["name re-read: Hiên -> Hiển"]
    line, fixes = names.merge_reading([_w("Hiên", 0, 9)], [0], [_w("Hiếu", 0, 9)])
    assert fixes == []


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif Bold not installed")
def test_marks_lost_on_the_page_come_back_when_the_line_is_read_alone():
    from vanban.extractor.loaders.ocr import OcrSettings

    page = Image.new("L", (1400, 900), 255)
    draw = ImageDraw.Draw(page)
    draw.text((500, 500), "Trần Phước Hiền", fill=0, font=ImageFont.truetype(str(FONT), 44))
    # the page's reading as tesseract gave it under a seal: the grave of "Hiền" lost
    line = [_w("Trần", 500, 615, y0=503, y1=542), _w("Phước", 630, 785, y0=503, y1=542),
            _w("Hiên", 800, 915, y0=503, y1=542)]
    lines, fixes = names.reread_names([line], page, OcrSettings())
    assert [w.text for w in lines[0]] == ["Trần", "Phước", "Hiền"]
    assert fixes == ["name re-read: Hiên -> Hiền"]
    assert lines[0][2].repairs == ("name re-read: Hiên -> Hiền",)
