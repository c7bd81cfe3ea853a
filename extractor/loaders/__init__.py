"""Loaders: one file in, one normalised :class:`~extractor.text.Text` out.

The loader is picked by the file's content (magic bytes), never by its extension.
Each loader returns a :class:`Loaded`: the Text plus what the ``source`` block of the
result needs (media type, page count, text source, OCR engine and confidence).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from vanban.extractor.errors import (CorruptFileError, EmptyFileError, LimitError, MissingFileError,
                              NotVietnameseError, UnsupportedFormatError, VanbanError)
from vanban.extractor.text import Text, TextBuilder, Word
from vanban.models import ExtractOptions, OcrInfo


@dataclass
class Loaded:
    text: Text
    media_type: str
    pages: int
    ocr: Optional[OcrInfo] = None
    warnings: list[str] = field(default_factory=list)
    # seconds spent inside the OCR engine (tesseract processes) and in OCR preparation
    # (deskew, encoding, TSV parsing): bench/pages.py reports the share outside the engine
    ocr_engine_seconds: float = 0.0
    ocr_prep_seconds: float = 0.0
    # of the engine time, the targeted re-reads of handwritten header slots
    # (extractor.loaders.slots)
    ocr_slot_seconds: float = 0.0
    # OCR post-fixes applied (extractor.ocrfix), as "page N: rule: before -> after"
    repairs: list[str] = field(default_factory=list)

    @property
    def blank_pages(self) -> list[int]:
        """Pages found blank before OCR and not read (back pages, show-through)."""
        return [p.number for p in self.text.pages if p.blank]

    @property
    def text_source(self) -> str:
        return self.text.source


def _new_clock():
    from vanban.extractor.loaders.ocr import EngineClock

    return EngineClock()


@dataclass
class OcrStats:
    """Collects per-page OCR results of one file into the ``source.ocr`` block, and the
    file's engine time (``clock``: every tesseract run of the file, overlaps counted
    once)."""

    lang: str = "vie"
    pages: list[int] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)  # pages found blank, not read
    word_confs: list[float] = field(default_factory=list)
    seconds_prep: float = 0.0
    clock: object = field(default_factory=_new_clock)
    slot_clock: object = None  # the slots' re-reads, also counted on ``clock``

    def __post_init__(self) -> None:
        from vanban.extractor.loaders.ocr import EngineClock

        self.slot_clock = EngineClock(parent=self.clock)

    @property
    def seconds_slots(self) -> float:
        return self.slot_clock.seconds

    @property
    def seconds_engine(self) -> float:
        return self.clock.seconds

    def add(self, number: int, page) -> None:
        """Record one :class:`extractor.loaders.ocr.OcrPage`."""
        self.seconds_prep += page.seconds_prep
        if page.blank:
            self.blank.append(number)
            return
        self.pages.append(number)
        self.word_confs.extend(w.conf for line in page.lines for w in line
                               if w.conf is not None)

    def info(self) -> Optional[OcrInfo]:
        if not self.pages:
            return None
        from vanban.extractor.loaders.ocr import engine_version

        mean = (round(sum(self.word_confs) / len(self.word_confs), 2)
                if self.word_confs else None)
        return OcrInfo(engine=engine_version(), lang=self.lang, mean_confidence=mean,
                       pages=list(self.pages))


def ocr_tables(image, lines: list, page_number: int, scale: tuple[float, float],
               settings=None, clock=None) -> list:
    """Tables of an OCR'd page from ``extractor.loaders.tables.tables_from_ocr_page``.

    ``lines`` are the page's lines of :class:`~extractor.text.WordBox` in the
    PIXELS of ``image`` (the straightened page the OCR read). The tables module gets the
    image and :class:`~extractor.text.Word` objects in those pixels (offsets -1: the
    text is not built yet); the tables' boxes are then multiplied by ``scale`` (to PDF
    points for a scanned PDF; 1.0 for an image file) so that they match the Text. The
    tables stage's own tesseract run (cells read again, with the page's ``settings``:
    :class:`~extractor.loaders.ocr.OcrSettings`) is timed on ``clock``.
    """
    from vanban.extractor.loaders.tables import tables_from_ocr_page

    sx, sy = scale
    words = [Word(w.text, -1, -1, w.bbox, w.conf) for line in lines for w in line]

    def scaled(box):
        return None if box is None else (box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy)

    tables = tables_from_ocr_page(image, words, page_number, settings=settings, clock=clock)
    for table in tables:
        table.bbox = scaled(table.bbox)
        for row in table.rows:
            for cell in row:
                cell.bbox = scaled(cell.bbox)
    return tables


def add_ocr_page(builder: TextBuilder, stats: OcrStats, number: int, result, *,
                 warnings: list[str], repairs: list[str],
                 size: Optional[tuple[float, float]] = None) -> None:
    """Add one OCR'd page (an :class:`extractor.loaders.ocr.OcrPage`) to the text:
    statistics, warnings and post-fix repairs noted "page N: …", lines in reading order
    without the running page number, tables in place of their lines. ``size`` is the
    page's size in the Text's units (PDF points for a scanned PDF); by default the image's
    pixels."""
    from vanban.extractor.loaders.emit import drop_page_numbers, emit_with_tables
    from vanban.extractor.loaders.layout import order_page
    from vanban.extractor.loaders.names import reread_names
    from vanban.extractor.loaders.slots import reread_slots
    from vanban.extractor.ocrfix import fix_lines

    stats.add(number, result)
    warnings.extend(f"page {number}: {w}" for w in result.warnings)
    fixed, fixes = fix_lines(result.lines)
    repairs.extend(f"page {number}: {fix}" for fix in fixes)
    if result.lines and result.image is not None and result.settings is not None:
        fixed, slot_repairs = reread_slots(fixed, result.image, result.settings,
                                           stats.slot_clock)
        repairs.extend(f"page {number}: {fix}" for fix in slot_repairs)
        fixed, name_repairs = reread_names(fixed, result.image, result.settings,
                                           stats.slot_clock)
        repairs.extend(f"page {number}: {fix}" for fix in name_repairs)
    width, height = size or (result.width, result.height)
    scale = (width / result.width, height / result.height)  # pixels -> the Text's units
    page = builder.start_page(source="ocr", width=width, height=height, number=number)
    page.mean_conf = result.mean_conf
    page.blank = result.blank
    ordered = drop_page_numbers(order_page(fixed, result.width), result.height)
    emit_with_tables(builder, ordered,
                     ocr_tables(result.image, ordered, number, scale, result.settings,
                                stats.clock), scale)


def finish_tables(builder: TextBuilder) -> TextBuilder:
    """Join tables continued over a page break."""
    from vanban.extractor.loaders.tables import merge_continued_tables

    builder.tables = merge_continued_tables(builder.tables)
    return builder


def sniff(head: bytes) -> str:
    """The media type of a file from its first bytes.

    >>> sniff(b"%PDF-1.7 ...")
    'application/pdf'
    >>> sniff(b"\\x89PNG\\r\\n\\x1a\\n....")
    'image/png'
    >>> sniff("Kế hoạch".encode())
    'text/plain'
    """
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith(b"BM"):
        return "image/bmp"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in head or b"[Content_Types].xml" in head:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return "application/zip"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/x-ole-storage"  # legacy .doc
    if _looks_like_text(head):
        return "text/plain"
    return "application/octet-stream"


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 4:  # a multi-byte char cut by the sniff window
            return True
    # legacy 8-bit encodings (TCVN3, VNI, VISCII, cp1258): mostly printable bytes
    printable = sum(1 for b in head if b >= 0x20 or b in (9, 10, 13, 12))
    return printable / max(1, len(head)) > 0.97


def detect(path: Path) -> str:
    if not path.exists():
        raise MissingFileError("no such file", path=path)
    if path.is_dir():
        raise UnsupportedFormatError("is a directory, not a document (use `vanban batch` for folders)", path=path)
    from vanban.extractor.loaders.limits import check_regular

    check_regular(path)  # a FIFO would block the read below
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise MissingFileError(f"cannot be read ({exc.strerror or exc})", path=path) from None
    if not head:
        raise EmptyFileError("is empty (0 bytes)", path=path)
    return sniff(head)


# Vietnamese writes most words with a letter beyond Latin-1 (ă ơ ư đ ế ủ ạ …); other Latin
# languages almost never (French, Spanish, German stay within Latin-1). A text of at
# least MIN_WORDS_TO_JUDGE words with fewer such words than this share is not Vietnamese.
MIN_VIETNAMESE_SHARE = 0.05
MIN_WORDS_TO_JUDGE = 40
# Letters Vietnamese uses beyond Latin-1: ă Ă đ Đ ĩ Ĩ ũ Ũ ơ Ơ ư Ư and U+1EA0..U+1EF9 (ạ ả ấ …).
_VIETNAMESE_WORD = re.compile(r"\S*[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]\S*")
_WORD_WITH_LETTER = re.compile(r"\S*[^\W\d_]\S*")


def vietnamese_share(text: str) -> float:
    """Share of words holding a letter used by Vietnamese beyond Latin-1.

    >>> vietnamese_share("Kế hoạch hoạt động của Hội") > 0.5
    True
    >>> vietnamese_share("Annual report of the committee")
    0.0
    """
    words = len(_WORD_WITH_LETTER.findall(text))
    if not words:
        return 0.0
    return len(_VIETNAMESE_WORD.findall(text)) / words


def check_vietnamese(loaded: Loaded, path: Path) -> None:
    """Refuse a readable document that is not Vietnamese (e.g. an English PDF): the
    header rules would only produce empty fields. Short texts are not judged."""
    text = loaded.text.text
    if len(text.split()) >= MIN_WORDS_TO_JUDGE and vietnamese_share(text) < MIN_VIETNAMESE_SHARE:
        raise NotVietnameseError("is not a Vietnamese document (no Vietnamese letters found "
                                 "in its text)", path=path)


def load(path: Path, options: ExtractOptions) -> Loaded:
    """Read ``path`` into a :class:`Loaded`, choosing the loader by content, and check
    that the text is Vietnamese. A scanned PDF whose text layer does not read as
    Vietnamese is read again by OCR before it is refused: a scanner's garbled OCR layer
    is not the document's text, and OCR of its page images may well read it. A
    born-digital PDF in another language is refused at once."""
    loaded = _guarded_load(path, options)
    try:
        check_vietnamese(loaded, path)
    except NotVietnameseError:
        if loaded.media_type != "application/pdf" or options.force_ocr:
            raise
        from vanban.extractor.loaders.pdf import has_scanned_pages

        if not has_scanned_pages(path):
            raise
        loaded = _guarded_load(path, options.model_copy(update={"force_ocr": True}))
        loaded.warnings.insert(0, "the text layer is not Vietnamese; every page read by OCR")
        check_vietnamese(loaded, path)
    return loaded


def _guarded_load(path: Path, options: ExtractOptions) -> Loaded:
    """``_load`` with a library's failure on a damaged or hostile file as one line, and
    the text's length checked against its limit."""
    from vanban.extractor.loaders.limits import check_chars

    try:
        loaded = _load(path, options)
    except VanbanError:
        raise
    except MemoryError:
        raise LimitError("ran out of memory while reading it; lower --dpi or the limits "
                         "(--max-pixels, --max-inflated)", path=path) from None
    except RecursionError:
        raise CorruptFileError("is nested too deeply to be read (a damaged or hostile "
                               "file)", path=path) from None
    except Exception as exc:  # noqa: BLE001 - a library choking on a damaged file
        raise CorruptFileError(f"cannot be read ({type(exc).__name__}: "
                               f"{str(exc).splitlines()[0] if str(exc) else 'no detail'})",
                               path=path) from None
    check_chars(len(loaded.text.text), options, path)
    return loaded


def _load(path: Path, options: ExtractOptions) -> Loaded:
    media_type = detect(path)
    if media_type == "text/plain":
        from vanban.extractor.loaders.plain import load_plain
        return load_plain(path, options)
    if media_type == "application/pdf":
        from vanban.extractor.loaders.pdf import load_pdf
        return load_pdf(path, options)
    if media_type.startswith("image/"):
        from vanban.extractor.loaders.image import load_image
        return load_image(path, options, media_type)
    if media_type.endswith("wordprocessingml.document"):
        from vanban.extractor.loaders.docx import load_docx
        return load_docx(path, options)
    if media_type == "application/x-ole-storage":
        raise UnsupportedFormatError("is a legacy Word .doc; save it as .docx or PDF first", path=path)
    raise UnsupportedFormatError(f"is not a supported document ({media_type}); "
                                 "expected PDF, DOCX, text or an image", path=path)
