"""tesseract started early on a one-page grayscale PNG (extractor.loaders.early): the
same text as the usual path when the page needs no preparation, the usual path when it
does, and no tesseract left running behind a cancelled or failed file."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from vanban.extractor.loaders import early, load, ocr
from vanban.models import ExtractOptions

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed"),
    pytest.mark.skipif(not FONT.exists(), reason="DejaVu Serif not installed"),
]

LINES = ["ỦY BAN NHÂN DÂN TỈNH BÌNH MINH", "Số: 12/KH-UBND",
         "Bình Minh, ngày 05 tháng 3 năm 2021", "KẾ HOẠCH", "Tổ chức ngày hội đọc sách"]


def _page(path: Path, mode: str = "L", size: int = 40, angle: float = 0.0) -> Path:
    page = Image.new("L", (1700, 1200), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), size)
    for k, line in enumerate(LINES):
        draw.text((150, 120 + k * 2 * size), line, fill=0, font=font)
    if angle:
        page = page.rotate(angle, fillcolor=255, expand=False)
    page.convert(mode).save(path, dpi=(300, 300))
    return path


def _texts(path: Path, monkeypatch, *, with_early: bool) -> str:
    if not with_early:
        monkeypatch.setattr(early, "early_read", lambda *a, **k: None)
    return load(path, ExtractOptions()).text.text


def test_an_unprepared_page_reads_the_same_early(tmp_path, monkeypatch):
    path = _page(tmp_path / "page.png")
    taken = []
    real = early.EarlyRead.adopt
    monkeypatch.setattr(early.EarlyRead, "adopt", lambda self: taken.append(1) or real(self))
    text = _texts(path, monkeypatch, with_early=True)
    assert taken == [1]  # the early run was the page's reading
    monkeypatch.undo()
    assert text == _texts(path, monkeypatch, with_early=False)
    assert "Số: 12/KH-UBND" in text


def test_a_page_the_preparation_changes_is_read_as_prepared(tmp_path, monkeypatch):
    # tilted 2 degrees: straightened before reading, so the early run is killed
    path = _page(tmp_path / "tilted.png", angle=2.0)
    killed = []
    real = early.EarlyRead.cancel
    monkeypatch.setattr(early.EarlyRead, "cancel", lambda self: killed.append(1) or real(self))
    text = _texts(path, monkeypatch, with_early=True)
    assert killed and "KẾ HOẠCH" in text


@pytest.mark.parametrize("name, mode, early_too", [
    ("rgb.png", "RGB", True), ("gray.jpg", "L", True), ("rgb.jpg", "RGB", True),
    ("palette.png", "P", False), ("page.tif", "L", False), ("page.bmp", "L", False),
])
def test_which_files_are_read_early(tmp_path, name, mode, early_too):
    path = _page(tmp_path / name, mode=mode)
    with Image.open(path) as image:
        run = early.early_read(image, path, ocr.OcrSettings())
    assert (run is not None) == early_too
    if run is not None:
        run.cancel()


def test_a_colour_page_reads_the_same_early_and_a_red_seal_cancels_it(tmp_path, monkeypatch):
    path = _page(tmp_path / "rgb.png", mode="RGB")
    assert _texts(path, monkeypatch, with_early=True) == \
        _texts(path, monkeypatch, with_early=False)
    monkeypatch.undo()
    # a red seal stamped over the page: read through by region, not the file's grey
    page = Image.open(path).convert("RGB")
    draw = ImageDraw.Draw(page)
    draw.ellipse((900, 600, 1300, 1000), outline=(220, 30, 30), width=18)
    draw.ellipse((1020, 720, 1180, 880), fill=(220, 30, 30))
    sealed = tmp_path / "sealed.png"
    page.save(sealed, dpi=(300, 300))
    killed = []
    real = early.EarlyRead.cancel
    monkeypatch.setattr(early.EarlyRead, "cancel", lambda self: killed.append(1) or real(self))
    assert "KẾ HOẠCH" in _texts(sealed, monkeypatch, with_early=True)
    assert killed


def test_a_cancelled_run_leaves_no_process(tmp_path):
    path = _page(tmp_path / "page.png")
    run = early.EarlyRead(path.read_bytes(), ocr.OcrSettings())
    run.cancel()
    assert run._proc.poll() is not None  # killed and reaped
    assert not run.adopted


def test_a_page_is_given_no_more_time_than_the_document_has_left():
    queue = ocr.OcrQueue(ocr.OcrSettings(timeout=120.0))
    try:
        assert queue.page_settings(300).timeout == 120.0
        queue.timeout = 4.0  # what the document's limit leaves
        assert (queue.page_settings(200).timeout, queue.page_settings(200).dpi) == (4.0, 200)
        queue.timeout = 500.0
        assert queue.page_settings(300).timeout == 120.0  # the page's own limit still holds
    finally:
        queue.close()
