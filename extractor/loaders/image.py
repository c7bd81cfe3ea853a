"""Images (PNG, JPEG, TIFF incl. multi-page, GIF, BMP, WebP): OCR page by page.

The pixel count is read from the file header BEFORE any pixel is decoded and checked
against ``options.max_image_pixels`` (decompression bombs: a 20000×20000 PNG is a few
KB on disk and 400 MB in memory). Frames of a multi-page TIFF are decoded one at a time.
Word boxes are in the image's pixels (top-left origin).
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

from vanban.extractor.errors import CorruptFileError, ImageTooLargeError, NoTextError, UsageError
from vanban.extractor.loaders import Loaded, OcrStats, add_ocr_page, finish_tables
from vanban.extractor.loaders.limits import Deadline, check_pages, check_pixels, how_to_raise
from vanban.extractor.text import TextBuilder
from vanban.models import ExtractOptions

# EXIF tag of the camera's orientation (1 = upright).
_ORIENTATION = 0x0112
# Resolution assumed when the file does not say (phone photos, screenshots).
DEFAULT_IMAGE_DPI = 300


def _dpi_of(image) -> int:
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    return int(round(value)) if 72 <= value <= 1200 else DEFAULT_IMAGE_DPI


def _too_large(path: Path, pixels: int, options: ExtractOptions, size: str = "") -> ImageTooLargeError:
    return ImageTooLargeError(
        f"is {size}{pixels / 1e6:.0f} MP, above the {options.max_image_pixels / 1e6:.0f} MP "
        "limit (a decompression bomb?); scan at 300 dpi or " + how_to_raise("max_image_pixels"),
        path=path)


def open_image(path: Path, options: ExtractOptions):
    """Open an image lazily (header only) and refuse it when it is too large.

    Pillow's own guard (warning above 89 MP, error above 179 MP) also fires on open;
    its error is turned into the same one-line refusal, its warning is silenced because
    our limit (``options.max_image_pixels``) is the one that decides."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)  # reads the header; pixels are decoded on .load()
    except Image.DecompressionBombError as exc:
        m = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_large(path, int(m.group(1)) if m else 0, options) from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CorruptFileError(f"is not a readable image ({exc})", path=path) from None
    width, height = image.size
    if width * height > options.max_image_pixels:
        image.close()
        raise _too_large(path, width * height, options, f"{width}×{height} pixels, ")
    return image


def load_image(path: Path, options: ExtractOptions, media_type: str) -> Loaded:
    from PIL import Image, ImageOps

    from vanban.extractor.loaders.early import early_read
    from vanban.extractor.loaders.ocr import OcrQueue, OcrSettings
    from vanban.extractor.loaders.preprocess import to_gray

    image = open_image(path, options)
    deadline = Deadline(options, path)
    builder = TextBuilder()
    notes: list[str] = []
    repairs: list[str] = []
    stats = OcrStats(lang=options.lang)
    pending = None  # (page number, PendingPage): the frame tesseract is reading

    def finish() -> None:
        """Wait for the frame being read and add it to the text (while tesseract reads
        the next frame of a multi-page TIFF)."""
        number, page_ocr = pending
        add_ocr_page(builder, stats, number, page_ocr.result(), warnings=notes,
                     repairs=repairs)

    queue = OcrQueue(OcrSettings.from_options(options), clock=stats.clock)
    early = None
    try:
        n_frames = getattr(image, "n_frames", 1)
        check_pages(n_frames, options, path)
        if options.pages is None or options.pages[0] <= 1:
            # a one-page grayscale PNG: tesseract starts on the file while it is decoded
            queue.timeout = deadline.page_seconds()
            early = early_read(image, path, queue.page_settings(_dpi_of(image)),
                               stats.clock)
        indexes = range(n_frames)
        if options.pages is not None:
            first, last = options.pages
            if first > n_frames:
                raise UsageError(f"has {n_frames} page(s); --pages {first}-{last} is out "
                                 "of range", path=path)
            indexes = range(first - 1, min(last, n_frames))
        for index in indexes:
            number = index + 1
            try:
                image.seek(index)
                check_pixels(*image.size, options, path, f"page {number}")  # frames differ
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                    # phone photos are stored sideways with an EXIF Orientation tag;
                    # an upright grayscale frame is used as it is (no 2 copies of a page)
                    upright = image.getexif().get(_ORIENTATION, 1) in (0, 1)
                    frame = image if upright else ImageOps.exif_transpose(image)
                    if frame.mode != "L":
                        frame = to_gray(frame)  # a red seal read from the red channel
                    elif frame is image:
                        frame.load()
                        if n_frames > 1:  # the next seek() reuses the image object
                            frame = image.copy()
            except (OSError, ValueError, EOFError) as exc:
                raise CorruptFileError(f"page {number} cannot be decoded ({exc})",
                                       path=path) from None
            queue.timeout = deadline.page_seconds()  # killed at the document's limit
            if early is not None and (not upright or frame.info.get("red_patches")):
                early.cancel()  # turned upright, or a seal read through: another page
                early = None
            reading = (number, queue.submit(frame, _dpi_of(image), early=early))
            early = None
            del frame
            if pending is not None:
                finish()
            pending = reading
        if pending is not None:
            finish()
    finally:
        if early is not None:
            early.cancel()
        queue.close()
        image.close()
    text = finish_tables(builder).build()
    if not text.text.strip():
        raise NoTextError("has no readable text (OCR found nothing)", path=path)
    return Loaded(text=text, media_type=media_type, pages=n_frames, ocr=stats.info(),
                  ocr_engine_seconds=stats.seconds_engine, ocr_prep_seconds=stats.seconds_prep,
                  ocr_slot_seconds=stats.seconds_slots,
                  repairs=repairs,
                  warnings=notes)
