"""The OCR path's plumbing, without tesseract: pages pipelined through a background
engine thread (order, errors, engine time), the engine clock, and the fast image
statistics that must equal their slow definitions (percentiles, ruling-line rows)."""
from __future__ import annotations

import threading

import numpy as np
import pytest
from PIL import Image, ImageDraw

from vanban.extractor.errors import EngineMissingError
from vanban.extractor.loaders import load, ocr, preprocess
from vanban.extractor.loaders.tables import _rows_with_run, _run_mask
from vanban.models import ExtractOptions

TSV_HEADER = ("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth"
              "\theight\tconf\ttext\n")


def _tsv(words: list[str]) -> str:
    return TSV_HEADER + "".join(
        f"5\t1\t1\t1\t1\t{i + 1}\t{20 + 90 * i}\t20\t80\t30\t95\t{w}\n"
        for i, w in enumerate(words))


def _pgm_width(pgm: bytes) -> int:
    return int(pgm.split(b"\n")[1].split()[0])


@pytest.fixture
def fake_engine(monkeypatch):
    """tesseract replaced: a page's words say which page it was (by its pixel width),
    and every call records the thread it ran in."""
    calls = []

    def run(pgm, **kwargs):
        calls.append((_pgm_width(pgm), threading.current_thread().name))
        if _pgm_width(pgm) == 666:
            raise EngineMissingError("tesseract failed: test")
        # enough words that the orientation check is not asked for
        return _tsv([f"trang{_pgm_width(pgm)}"] + ["Kế", "hoạch", "số", "12"] * 8)

    monkeypatch.setattr(ocr, "run_tesseract_tsv", run)
    monkeypatch.setattr(ocr, "engine_version", lambda: "tesseract test")
    return calls


def _first_words(text) -> list[str]:
    return [text.text[page.start:page.end].split()[0] for page in text.pages]


def _inked(width: int, height: int):
    """A white page with a dark bar on it (a blank page would not be read at all)."""
    page = Image.new("L", (width, height), 255)
    page.paste(0, (10, 10, width // 2, 40))
    return page


def test_blank_page_is_not_read(tmp_path, fake_engine):
    from vanban.extractor.loaders import load

    pdf = tmp_path / "scan.pdf"
    frames = [_inked(400, 300), Image.new("L", (450, 300), 255)]
    frames[1].paste(200, (10, 10, 12, 12))  # show-through: a faint speck, no ink
    frames[0].save(pdf, save_all=True, append_images=frames[1:], resolution=300)
    loaded = load(pdf, ExtractOptions())
    assert [width for width, _ in fake_engine] == [400]
    assert loaded.blank_pages == [2] and loaded.ocr.pages == [1]


def _scanned_pdf(path, widths):
    """An image-only PDF (no text layer: every page goes to OCR), one page per width."""
    frames = [_inked(w, 300) for w in widths]
    frames[0].save(path, save_all=True, append_images=frames[1:], resolution=300)
    return path


def test_pipelined_pages_come_out_in_order(tmp_path, fake_engine):
    path = _scanned_pdf(tmp_path / "scan.pdf", [500, 600, 700])
    loaded = load(path, ExtractOptions())
    assert _first_words(loaded.text) == ["trang500", "trang600", "trang700"]
    assert [w for w, _ in fake_engine] == [500, 600, 700]
    # the engine runs beside the loader, not in its thread
    assert all(name != threading.main_thread().name for _, name in fake_engine)
    assert loaded.text_source == "ocr" and loaded.ocr.pages == [1, 2, 3]


def test_engine_failure_in_the_pipeline_is_raised_not_hung(tmp_path, fake_engine):
    path = _scanned_pdf(tmp_path / "scan.pdf", [500, 666, 700])
    with pytest.raises(EngineMissingError, match="tesseract failed"):
        load(path, ExtractOptions())


def test_multipage_tiff_frames_are_their_own_pages(tmp_path, fake_engine):
    path = tmp_path / "scan.tif"
    frames = [_inked(w, 300) for w in (400, 450)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    loaded = load(path, ExtractOptions())
    assert _first_words(loaded.text) == ["trang400", "trang450"]


def test_engine_clock_counts_overlapping_runs_once():
    clock = ocr.EngineClock()
    for start, end in [(0.0, 2.0), (1.0, 3.0), (5.0, 6.0), (5.5, 5.7)]:
        clock.add(start, end)
    assert clock.seconds == pytest.approx(4.0)
    assert ocr.EngineClock().seconds == 0.0


@pytest.mark.parametrize("n", [1, 2, 3, 10, 11, 1000, 7777])
@pytest.mark.parametrize("q", [5, 50, 95])
def test_percentile_from_histogram_equals_numpy(n, q):
    values = np.random.default_rng(n).integers(0, 256, n).astype(np.uint8)
    histogram = np.bincount(values, minlength=256)
    assert preprocess._percentile_u8(histogram, q) == pytest.approx(np.percentile(values, q))


def test_pgm_encoding_is_what_pillow_writes():
    import io

    image = Image.radial_gradient("L").resize((37, 23))
    buf = io.BytesIO()
    image.save(buf, format="PPM")
    assert ocr.encode_pgm(image) == buf.getvalue()


@pytest.mark.parametrize("seed", range(6))
def test_rule_row_prefilter_never_misses_a_run(seed):
    """Ruling lines are searched only in rows the block prefilter keeps: every row with a
    run of k dark pixels must be kept, whatever the text around it."""
    rng = np.random.default_rng(seed)
    image = Image.fromarray((rng.random((120, 400)) * 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(8):  # strokes of every length, some just at k
        y, x = int(rng.integers(0, 120)), int(rng.integers(0, 300))
        draw.line([(x, y), (x + int(rng.integers(5, 100)), y)], fill=0)
    dark = np.asarray(image) < 40
    for k in (12, 13, 17, 23, 40):
        with_run = set(np.nonzero(_run_mask(dark, k).any(axis=1))[0])
        assert with_run <= set(_rows_with_run(dark, k))
        assert with_run <= set(_rows_with_run(np.ascontiguousarray(dark.T).T, k))


def _sealed(page: Image.Image, centre: tuple[int, int], radius: int) -> Image.Image:
    """A red seal stamped over a page: red ink multiplies the paper (black stays black)."""
    seal = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(seal)
    cx, cy = centre
    for r, width in ((radius, 10), (radius - 40, 5)):
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(205, 35, 45), width=width)
    draw.regular_polygon((cx, cy, radius // 3), 5, fill=(205, 35, 45))
    from PIL import ImageChops

    return ImageChops.multiply(page.convert("RGB"), seal)


def test_red_seal_is_read_through_from_the_red_channel():
    page = Image.new("L", (800, 400), 250)
    ImageDraw.Draw(page).rectangle([100, 180, 700, 200], fill=10)  # a black text stroke
    gray = preprocess.to_gray(_sealed(page, (400, 190), 150))
    arr = np.asarray(gray)
    assert arr[190 - 145, 400] > 180          # the seal's ring is light (luminance: 85)
    assert arr[190, 300] < 60                 # the black stroke under it stays dark
    plain = Image.merge("RGB", [page] * 3)   # a colour page without red ink: luminance
    assert np.array_equal(np.asarray(preprocess.to_gray(plain)), np.asarray(page))


@pytest.mark.ocr
def test_number_line_under_a_red_seal_is_read():
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "samples" / "003_dcb338039ec5c25a.page1.png"
    page = Image.open(sample)
    head = page.crop((0, 0, page.width, page.height // 5))
    sealed = _sealed(head, (int(page.width * 0.22), int(page.height * 0.06)), 200)
    lines = [" ".join(w.text for w in line) for line in ocr.ocr_image(sealed).lines]
    assert "Số: 228 /KH-UBND" in lines  # luminance turns the seal grey and loses this line


def test_ocr_repairs_reach_the_provenance_of_what_covers_them():
    from vanban.extractor.loaders.emit import emit
    from vanban.extractor.text import WordBox
    from vanban.extractor.ocrfix import fix_lines
    from vanban.extractor.text import TextBuilder

    def word(text, x):
        return WordBox(text, (x, 10, x + 50, 30), 95.0)

    lines, repairs = fix_lines([[word("Phường", 0), word("Ðồng", 60)],
                                [word("Quý", 0), word("11/2021", 60)]])
    assert [w.repairs for w in lines[0]] == [(), ("lookalike_char: Ðồng -> Đồng",)]
    assert [str(r) for r in repairs] == ["lookalike_char: Ðồng -> Đồng",
                                         "roman_quarter: 11/2021 -> II/2021"]
    builder = TextBuilder()
    builder.start_page(source="ocr")
    emit(builder, lines)
    text = builder.build()
    assert text.text == "Phường Đồng\nQuý II/2021"
    assert text.provenance(0, 6).repairs == []                       # "Phường"
    assert text.provenance(0, 11).repairs == ["lookalike_char: Ðồng -> Đồng"]
    assert text.provenance(12, 23, repairs=["x -> y"]).repairs == [
        "x -> y", "roman_quarter: 11/2021 -> II/2021"]


def test_a_numbers_first_figure_split_off_after_so_is_joined_back():
    from vanban.extractor.ocrfix import fix_lines
    from vanban.extractor.text import WordBox

    def line(*texts):
        return [WordBox(t, (60.0 * i, 10, 60.0 * i + 50, 30), 90.0) for i, t in enumerate(texts)]

    lines, repairs = fix_lines([line("Quyết", "định", "số", "1", "33/QĐ-TTg", "ngày"),
                                line("Số", "l", "01/2024/NĐ-CP"),
                                line("số", "]", "02/2024/NĐ-CP"),
                                # a figure not after "số", and "số 5" followed by no code
                                line("Điều", "1", "33/QĐ-TTg"), line("số", "5", "người")])
    assert [" ".join(w.text for w in ln) for ln in lines] == [
        "Quyết định số 133/QĐ-TTg ngày", "Số 101/2024/NĐ-CP", "số 102/2024/NĐ-CP",
        "Điều 1 33/QĐ-TTg", "số 5 người"]
    assert lines[0][3].bbox == (180.0, 10, 290.0, 30)
    assert "split_figure: l 01/2024/NĐ-CP -> 101/2024/NĐ-CP" in [str(r) for r in repairs]


def _lines_page(line_px: int, width: int = 1200, height: int = 1600):
    """A page of 'text lines': dark bars line_px tall, one line gap apart, with a thin
    rule (an underline) that must not count as a line."""
    page = Image.new("L", (width, height), 255)
    y = 50
    while y + line_px < height - 50:
        page.paste(0, (60, y, width - 60, y + line_px))
        y += 2 * line_px
    page.paste(0, (60, height - 30, 400, height - 28))
    return page


def test_small_text_is_enlarged_and_normal_text_is_not():
    assert preprocess.line_height(_lines_page(50)) == 50
    assert preprocess.upscale_factor(_lines_page(50)) == 1.0
    assert preprocess.upscale_factor(_lines_page(20)) == 3.0
    assert preprocess.upscale_factor(_lines_page(4, height=400)) == preprocess.MAX_UPSCALE
    assert preprocess.upscale_factor(Image.new("L", (400, 300), 255)) == 1.0  # nothing to measure


def test_enlarged_page_is_read_at_the_enlarged_dpi(monkeypatch):
    seen = []

    def run(pgm, settings, clock=None):
        seen.append((_pgm_width(pgm), settings.dpi))
        return _tsv(["Kế", "hoạch"] * 20)

    monkeypatch.setattr(ocr, "run_tesseract_tsv", run)
    monkeypatch.setattr(ocr, "engine_version", lambda: "tesseract test")
    page = ocr.ocr_image(_lines_page(20), ocr.OcrSettings(dpi=100))
    assert seen == [(3600, 300)] and page.width == 3600


def test_red_text_stays_dark_while_a_red_seal_is_read_through():
    page = Image.new("RGB", (1200, 1600), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.rectangle((100, 100, 900, 118), fill=(200, 20, 20))  # a line of red heading text
    draw.ellipse((600, 900, 1000, 1300), outline=(210, 30, 40), width=14)  # a seal's ring
    gray = np.asarray(preprocess.to_gray(page))
    assert gray[110, 500] < 128  # the red heading is read (luminance)
    assert gray[1100, 607] > 180  # the ring is as light as the paper (red channel)


def test_photo_page_outline_is_found_and_straightened():
    photo = Image.new("L", (1000, 1300), 50)  # a dark table
    sheet = [(120, 100), (880, 140), (920, 1220), (80, 1180)]
    ImageDraw.Draw(photo).polygon(sheet, fill=235)
    corners = preprocess.page_outline(photo)
    assert corners is not None
    for (x, y), (gx, gy) in zip(corners, sheet):
        assert abs(x - gx) < 15 and abs(y - gy) < 15
    flat = preprocess.correct_perspective(photo)
    assert abs(flat.width - 780) < 30 and abs(flat.height - 1080) < 30
    assert np.asarray(flat)[20:-20, 20:-20].min() > 200  # only paper left
    # a scan (paper to the edges) is left as it is
    scan = _lines_page(50)
    assert preprocess.page_outline(scan) is None and preprocess.correct_perspective(scan) is scan


def test_transparent_corners_are_paper_not_ink():
    rgba = Image.new("RGBA", (400, 300), (240, 240, 240, 255))
    rgba.putpixel((0, 0), (0, 0, 0, 0))
    rgba.paste((0, 0, 0, 0), (0, 0, 40, 40))
    assert preprocess.to_gray(rgba).getpixel((5, 5)) == 255
