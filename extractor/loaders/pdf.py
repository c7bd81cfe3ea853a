"""PDF: the text layer with pypdfium2, OCR per page where the layer is missing or bad.

Per page (one at a time; only the page in hand is in memory):

1. read the text layer with pypdfium2 (~130 pages/s; pdfplumber ~3): characters with
   boxes, split into lines (pdfium's own line breaks) and words (spaces);
2. a layer set in legacy 8-bit fonts (``.VnTime``, ``VNI-Times``: TCVN3/VNI codes surface
   as Latin-1 garbage, see :mod:`extractor.legacy`) is converted word by word by the
   font each word is set in (:func:`legacy_layer_lines`);
   OCR the page instead when the layer is missing or thin (< ``THIN_LAYER_CHARS``
   letters: a scan, maybe with a stamp's few glyphs), is legacy mojibake in fonts not
   named as legacy ones, runs sideways (a
   landscape page printed as turned content under ``/Rotate``: pdfium reads its letters
   backwards), or ``force_ocr``;
3. put lines in reading order (:func:`extractor.loaders.layout.order_page`: the
   two-column header and signature blocks unfolded left column first);
4. ruled tables, only for text-layer pages whose pdfium page objects include enough
   drawn paths to be a grid: pdfplumber's table algorithm on the edges of pdfium's path
   objects, cell text from pdfium's characters (:mod:`extractor.loaders.pdfgeom`;
   pdfplumber does not open the file: pdfminer's parse cost 30-70 ms a table page);
   OCR'd pages go to ``tables_from_ocr_page`` with the page image.

OCR'd pages are pipelined: tesseract reads one page in a background thread while this
loader rasterises the next and finishes the previous (``_PdfReader.finish_ocr_page``).

Boxes are PDF points with the origin at the TOP-left of the page (y grows down, as in
pdfplumber), for text-layer and OCR'd pages alike; on a ``/Rotate`` page they are in the
unrotated page space (see :mod:`extractor.loaders.pdfgeom`). A document whose pages mix both
sources reports ``text_source: mixed``.
"""
from __future__ import annotations

import ctypes
import itertools
import logging
import re
from pathlib import Path
from typing import Callable, Optional

from vanban.extractor.errors import CorruptFileError, EncryptedPdfError, NoTextError, UsageError
from vanban.extractor.legacy import any_suspicious, convert_in_font, looks_legacy
from vanban.extractor.loaders import Loaded, OcrStats, add_ocr_page, finish_tables
from vanban.extractor.loaders.emit import drop_page_numbers, emit_with_tables
from vanban.extractor.loaders.layout import merge_rows, order_page, split_segments
from vanban.extractor.loaders.preprocess import to_gray
from vanban.extractor.loaders.pdfgeom import MAX_FORM_DEPTH
from vanban.extractor.progress import page_done
from vanban.extractor.text import TextBuilder, WordBox
from vanban.models import ExtractOptions

log = logging.getLogger(__name__)

# A page with fewer letters/digits than this in its text layer is treated as a scan.
THIN_LAYER_CHARS = 40
# Drawn paths at least this long (points) that make a page worth a table pass.
RULING_MIN_LENGTH = 10.0
RULINGS_FOR_TABLE = 4
# pdfium's page-object types for paths, images and form XObjects (FPDF_PAGEOBJ_*).
_PATH, _IMAGE, _FORM = 2, 3, 5
# A page that is one embedded scan is OCR'd at the scan's own resolution when that is at
# least NATIVE_MIN_DPI and at most NATIVE_MAX_SHARE × the requested dpi: rendering it at a
# higher dpi only interpolates pixels and blurs tone marks (hard 200 dpi scan of seed 003,
# page 2: native 200 dpi CER 0.18%, rendered at 300 dpi 1.1%, at 400 dpi 0.98%), and
# decoding the image is ~5x cheaper than rendering the page.
NATIVE_MIN_DPI = 190
NATIVE_MAX_SHARE = 2.2


def open_pdf(path: Path):
    """Open a PDF with pypdfium2, turning its failures into one-line input errors."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise EncryptedPdfError(
                "is an encrypted (password-protected) PDF; remove the password first, e.g. "
                "`qpdf --decrypt --password=PASSWORD in.pdf out.pdf`, or print it to a new PDF",
                path=path) from None
        raise CorruptFileError(f"is not a readable PDF (truncated or damaged: {message}); "
                               "re-export or re-download it", path=path) from None


def page_range(n_pages: int, options: ExtractOptions, path: Path) -> range:
    """0-based page indexes to read, from ``options.pages`` (1-based inclusive)."""
    if options.pages is None:
        return range(n_pages)
    first, last = options.pages
    if first < 1 or first > n_pages:
        raise UsageError(f"has {n_pages} page(s); --pages {first}-{last} is out of range",
                         path=path)
    return range(first - 1, min(last, n_pages))


# -- the text layer -----------------------------------------------------------------------

# A word of the text layer: a run of characters that are not white space or the
# placeholders pdfium puts out for unmapped glyphs.
_WORD = re.compile(r"[^\s\x00\x02\ufffe\uffff]+")
_HYPHEN_JOIN = "\ufffe"


def _char_boxes(textpage, page_height: float):
    """A reader of the text page's character boxes: ``i`` -> (x0, top, x1, bottom) in
    top-left-origin points, or None; one pdfium call per character, into reused doubles."""
    import pypdfium2.raw as raw

    get_box, handle = raw.FPDFText_GetCharBox, textpage.raw
    l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    refs = (ctypes.byref(l), ctypes.byref(r), ctypes.byref(b), ctypes.byref(t))

    def char_box(i: int) -> Optional[tuple[float, float, float, float]]:
        if get_box(handle, i, *refs):
            return l.value, page_height - t.value, r.value, page_height - b.value
        return None
    return char_box


def _legacy_letters(lines: list[list[WordBox]]) -> bool:
    """Whether a word of the layer holds a letter of legacy mojibake: one heading set in
    .VnTimeH on a page typed in Unicode is enough to ask the fonts."""
    return any_suspicious(" ".join(w.text for line in lines for w in line))


def legacy_layer_lines(textpage, page_height: float) -> Optional[list[list[WordBox]]]:
    """The lines of a text layer set in legacy 8-bit fonts (``.VnTime``, ``.VnTimeH``,
    ``VNI-Times``: TCVN3/VNI codes given as Latin-1 letters), each word converted by the
    font of its first character; None when no word is in a font known to be legacy (the
    page is then read by OCR)."""
    import pypdfium2.raw as raw

    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    found = False

    def convert(word: str, i: int) -> str:
        nonlocal found
        n = raw.FPDFText_GetFontInfo(textpage.raw, i, buf, len(buf), ctypes.byref(flags))
        name = buf.raw[:max(0, min(n, len(buf)) - 1)].decode("latin-1") if n else ""
        converted = convert_in_font(word, name)
        found = found or converted is not None
        return word if converted is None else converted

    lines = text_layer_lines(textpage, page_height, convert=convert)
    return lines if found else None


def text_layer_lines(textpage, page_height: float,
                     convert: Optional[Callable[[str, int], str]] = None
                     ) -> list[list[WordBox]]:
    """Lines of words from a pdfium text page, boxes in top-left-origin points.

    Lines are pdfium's own (it breaks at ``\r\n``); a word's box is the union of the
    boxes of its first and last characters (two calls per word instead of one per
    character: the text layer of a page is read in a few milliseconds). ``convert``: a
    word's text and its first character's index to the text to keep (legacy fonts)."""
    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    # get_text_range counts pdfium's generated \r\n as characters, so index i of the
    # string is character i of the page (outside the rare UTF-16 surrogate pairs).
    aligned = len(text) == n
    box_of = _char_boxes(textpage, page_height)

    def char_box(i: int) -> Optional[tuple[float, float, float, float]]:
        return box_of(i) if aligned else None

    lines: list[list[WordBox]] = []
    pos = 0
    for raw_line in text.split("\n"):
        # pdfium joins a line that ends with a hyphen to the next one and puts U+FFFE in
        # the hyphen's place ("3783/QĐ\ufffeUBND"): the printed text is two lines, the
        # first ending with "-" (in Vietnamese, a code's hyphen, not a word's hyphenation)
        start = 0
        for part in raw_line.split(_HYPHEN_JOIN):
            end = start + len(part)
            hyphen = end < len(raw_line)
            words = []
            for m in _WORD.finditer(part):
                first = char_box(pos + start + m.start())
                last_i = m.end() if hyphen and m.end() == len(part) else m.end() - 1
                last = char_box(pos + start + last_i)
                if first is None or last is None:
                    box = first or last or (0.0, 0.0, 0.0, 0.0)
                else:
                    box = (min(first[0], last[0]), min(first[1], last[1]),
                           max(first[2], last[2]), max(first[3], last[3]))
                word = m.group()
                if convert is not None and aligned:
                    word = convert(word, pos + start + m.start())
                words.append(WordBox(word, box))
            if hyphen and words and part.endswith(words[-1].text):
                words[-1] = WordBox(words[-1].text + "-", words[-1].bbox)
            elif hyphen:  # a dash standing alone at the end of the line ("kinh tế -")
                box = char_box(pos + end)
                if box is not None:
                    words.append(WordBox("-", box))
            if words:
                lines.append(words)
            start = end + 1
        pos += len(raw_line) + 1
    return lines


_ALNUM = re.compile(r"[^\W_]")


def _letters(lines: list[list[WordBox]]) -> int:
    return sum(len(_ALNUM.findall(w.text)) for line in lines for w in line)


def may_hold_table(lines: list[list[WordBox]]) -> bool:
    """Whether a text page may hold a table: some printed row has blocks set apart by a
    column gap (table cells always do). Pages of running text skip the page-object scan
    (~6 ms for a page whose every glyph is an object) and the table pass altogether."""
    return any(len(split_segments(row)) >= 2 for row in merge_rows(lines))


def _page_objects(page) -> tuple[int, list]:
    """(number of ruling-like paths, indexes of image objects) of a page, read through
    the raw pdfium API (no Python wrapper per object: a text page has thousands). Paths
    inside form XObjects count too (a table drawn in a form is read by the table pass,
    :func:`extractor.loaders.pdfgeom.page_edges`); images are the page's own."""
    import pypdfium2.raw as raw

    get_type = raw.FPDFPageObj_GetType
    l, b, r, t = (ctypes.c_float() for _ in range(4))

    def is_ruling(obj) -> bool:
        return bool(raw.FPDFPageObj_GetBounds(obj, l, b, r, t)) and \
            max(r.value - l.value, t.value - b.value) >= RULING_MIN_LENGTH

    def form_rulings(form, depth: int) -> int:
        count = 0
        for i in range(raw.FPDFFormObj_CountObjects(form)):
            obj = raw.FPDFFormObj_GetObject(form, i)
            kind = get_type(obj)
            if kind == _PATH:
                count += is_ruling(obj)
            elif kind == _FORM and depth < MAX_FORM_DEPTH:
                count += form_rulings(obj, depth + 1)
        return count

    handle = page.raw
    rulings = 0
    images = []
    for i in range(raw.FPDFPage_CountObjects(handle)):
        obj = raw.FPDFPage_GetObject(handle, i)
        kind = get_type(obj)
        if kind == _PATH:
            rulings += is_ruling(obj)
        elif kind == _IMAGE:
            images.append(i)
        elif kind == _FORM:
            rulings += form_rulings(obj, 1)
    return rulings, images


# -- form fields filled in at signing -------------------------------------------------------

# A word of a form field's appearance fills a blank of a printed line when it overlaps
# the line vertically by this share of the smaller height.
FIELD_LINE_OVERLAP = 0.5


def _widget_rects(page, page_height: float) -> list[tuple[float, float, float, float]]:
    """Boxes (top-left-origin points) of the page's form-field (widget) annotations."""
    import pypdfium2.raw as raw

    rects = []
    rect = raw.FS_RECTF()
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET and \
                    raw.FPDFAnnot_GetRect(annot, rect):
                rects.append((min(rect.left, rect.right), page_height - max(rect.top, rect.bottom),
                              max(rect.left, rect.right), page_height - min(rect.top, rect.bottom)))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return rects


def form_field_words(doc, index: int, page) -> tuple[object, list[WordBox]]:
    """The page with its form fields flattened into its content, and the words those
    fields show.

    Vietnamese e-government signing systems write the number and the day of a signed
    document into the blanks of ``Số:      /UBND-…`` and ``ngày    tháng 01`` as form
    fields (widget annotations) when the document is signed; the signature stamps
    ("Ký bởi: … Thời gian ký: …") are fields too. Their text is in the fields'
    appearance streams, not in the page's text layer: without them a born-digital
    document has no number and no day. Returns ``(page, [])`` when the page has no
    field."""
    import pypdfium2.raw as raw

    width, height = page.get_size()
    rects = _widget_rects(page, height)
    if not rects:
        return page, []
    raw.FPDFPage_Flatten(page.raw, raw.FLAT_NORMALDISPLAY)
    page.close()
    page = doc[index]  # the page reloaded with the fields in its content
    textpage = page.get_textpage()
    try:
        lines = text_layer_lines(textpage, height)
    finally:
        textpage.close()

    def in_field(box) -> bool:
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return any(r[0] <= cx <= r[2] and r[1] <= cy <= r[3] for r in rects)
    return page, [w for line in lines for w in line if in_field(w.bbox)]


def fill_blanks(lines: list[list[WordBox]], words: list[WordBox]) -> list[list[WordBox]]:
    """Put each form-field word into the printed line whose blank it fills (the line it
    overlaps vertically); a field word beside no printed line (a signature stamp in the
    margin) is left out: it is not part of the document's text.

    >>> line = [WordBox("Số:", (10, 100, 30, 112)), WordBox("/UBND-VX", (70, 100, 130, 112))]
    >>> stamp = WordBox("Ký", (400, 10, 420, 20))
    >>> [[w.text for w in l] for l in fill_blanks([line], [WordBox("507", (40, 99, 60, 113)), stamp])]
    [['Số:', '507', '/UBND-VX']]
    """
    out = [list(line) for line in lines]
    for word in words:
        best, best_overlap = None, 0.0
        for line in out:
            top = min(w.bbox[1] for w in line)
            bottom = max(w.bbox[3] for w in line)
            overlap = min(bottom, word.bbox[3]) - max(top, word.bbox[1])
            smaller = min(bottom - top, word.bbox[3] - word.bbox[1])
            if smaller > 0 and overlap >= FIELD_LINE_OVERLAP * smaller and overlap > best_overlap:
                best, best_overlap = line, overlap
        if best is not None and not any(w.bbox == word.bbox and w.text == word.text
                                        for w in best):
            best.append(word)
            best.sort(key=lambda w: w.bbox[0])
    return out


# -- OCR of one page ----------------------------------------------------------------------

def page_image(page, image_indexes: list, dpi: int):
    """A grayscale PIL image of the page and the dpi it is at.

    A scan page is usually one image covering the page: its own pixels are used when
    they are fine enough (see ``NATIVE_MIN_DPI``); otherwise the page is rendered at
    ``dpi``."""
    width, height = page.get_size()
    if len(image_indexes) == 1 and page.get_rotation() == 0:  # /Rotate: let pdfium render
        import pypdfium2 as pdfium

        try:
            # a scan page has a handful of objects: walking them is cheap here
            obj = next(itertools.islice(page.get_objects(max_depth=1), image_indexes[0], None))
            m = obj.get_matrix()
            covers = (abs(m.b) < 1e-6 and abs(m.c) < 1e-6 and m.a > 0.9 * width
                      and m.d > 0.9 * height)
            if covers:
                img = obj.get_bitmap(render=False).to_pil()
                native = img.width / (m.a / 72.0)
                if NATIVE_MIN_DPI <= native <= NATIVE_MAX_SHARE * dpi:
                    return to_gray(img), native
        except (pdfium.PdfiumError, StopIteration, ValueError, OSError):
            # an image filter Pillow/pdfium cannot hand over raw: render the page instead
            log.debug("embedded image not usable; rendering", exc_info=True)
    # a page holding images (a scan) is rendered in colour: a red seal is then read from
    # the red channel (preprocess.to_gray); text pages OCR'd for a legacy font render in gray
    bitmap = page.render(scale=dpi / 72.0, grayscale=not image_indexes)
    return to_gray(bitmap.to_pil()), float(dpi)


# Consecutive letters sampled to tell the direction of a page's text.
SIDEWAYS_SAMPLES = 200


def text_runs_sideways(textpage) -> bool:
    """Whether most of a text layer runs up or down the page rather than across it.

    Some producers print a landscape page as portrait content turned 90° inside the page
    and a ``/Rotate`` that turns it back for display. pdfium reads such a layer along the
    unrotated page: its lines come out as letters in reverse, tone marks apart
    (``822: HK/ ốS``). Two consecutive letters of a word then differ more in y than in
    x. Up to ``SIDEWAYS_SAMPLES`` pairs are looked at (~1 ms)."""
    n = textpage.count_chars()
    if n < 2:
        return False
    text = textpage.get_text_range(0, n)
    if len(text) != n:
        return False
    pairs = [i for i in range(n - 1) if text[i].isalpha() and text[i + 1].isalpha()]
    if not pairs:
        return False
    step = max(1, len(pairs) // SIDEWAYS_SAMPLES)
    box_of = _char_boxes(textpage, 0.0)  # only the direction between centres counts

    def centre(i: int) -> Optional[tuple[float, float]]:
        box = box_of(i)
        return None if box is None else ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)

    across = up = 0
    for i in pairs[::step]:
        a, c = centre(i), centre(i + 1)
        if a is None or c is None:
            continue
        if abs(c[1] - a[1]) > abs(c[0] - a[0]):
            up += 1
        else:
            across += 1
    return up > across


def ocr_reason(lines: list[list[WordBox]], options: ExtractOptions,
               textpage=None, page=None) -> Optional[str]:
    """Why a page's text layer is not used: 'forced', 'thin' (a scan), 'sideways' (text
    laid out turned 90°, see :func:`text_runs_sideways`; given ``textpage``), 'legacy'
    (TCVN3/VNI mojibake), 'garbled' (see :func:`garbled_layer`), or None when the layer
    is good."""
    if options.force_ocr:
        return "forced"
    if _letters(lines) < THIN_LAYER_CHARS:
        return "thin"
    if textpage is not None and text_runs_sideways(textpage):
        return "sideways"
    joined = " ".join(w.text for line in lines for w in line)
    if looks_legacy(joined):
        return "legacy"
    if garbled_layer(joined, scanned=lambda: page is not None and is_scan_page(page)):
        return "garbled"
    return None


# A layer of at least GARBLED_MIN_WORDS words is judged: fewer than LAYER_MIN_VIETNAMESE
# of its words carry a letter of Vietnamese beyond Latin-1 (Vietnamese prose: 40-60%;
# a scanner's OCR without the Vietnamese model: "Quyet dinh", "Ch¬ng tr×nh", near 0), or
# fewer than LAYER_MIN_WORDLIKE of its words are letters/digits with ordinary punctuation
# (encoding garbage: "ÿþ", "\x1a", glyph ids).
GARBLED_MIN_WORDS = 30
LAYER_MIN_VIETNAMESE = 0.12
LAYER_MIN_WORDLIKE = 0.7
_WORDLIKE = re.compile(r"[(\[\"“'‘]*[^\W_]+(?:[-/.,:'’][^\W_]+)*[)\]\"”'’.,;:!?]*")


def garbled_layer(text: str, scanned=lambda: True) -> bool:
    """Whether a page's text layer (one that has enough letters) is not readable
    Vietnamese, and so is read by OCR instead; a short layer is not judged.

    Encoding garbage is judged on any page. A layer without Vietnamese letters is
    judged garbled only on a scanned page (``scanned()``: the page is one image): there
    it is a scanner's own OCR, which OCR of the image does better; a born-digital page
    in another language keeps its layer (and is refused as not Vietnamese at once,
    without OCR of every page).

    >>> garbled_layer("Quyet dinh ve viec ban hanh ke hoach " * 5)
    True
    >>> garbled_layer("Quyet dinh ve viec ban hanh ke hoach " * 5, scanned=lambda: False)
    False
    >>> garbled_layer("Quyết định về việc ban hành kế hoạch thực hiện " * 5)
    False
    """
    from vanban.extractor.loaders import vietnamese_share

    words = text.split()
    if len(words) < GARBLED_MIN_WORDS:
        return False
    wordlike = sum(1 for w in words if _WORDLIKE.fullmatch(w))
    if wordlike / len(words) < LAYER_MIN_WORDLIKE:
        return True
    return vietnamese_share(text) < LAYER_MIN_VIETNAMESE and scanned()


def has_scanned_pages(path: Path) -> bool:
    """Whether some page of the PDF is one scanned image (see :func:`is_scan_page`)."""
    doc = open_pdf(path)
    try:
        for index in range(len(doc)):
            page = doc[index]
            try:
                if is_scan_page(page):
                    return True
            finally:
                page.close()
        return False
    finally:
        doc.close()


def is_scan_page(page) -> bool:
    """Whether the page shows one image that covers it (a scanned page)."""
    width, height = page.get_size()
    images = _page_objects(page)[1]
    if len(images) != 1:
        return False
    try:
        obj = next(itertools.islice(page.get_objects(max_depth=1), images[0], None))
        m = obj.get_matrix()
    except (StopIteration, ValueError):
        return False
    return abs(m.a) > 0.8 * width and abs(m.d) > 0.8 * height


class _PdfReader:
    """Reads the pages of one open PDF into a TextBuilder, page by page."""

    def __init__(self, path: Path, options: ExtractOptions) -> None:
        self.path, self.options = path, options
        self.builder = TextBuilder()
        self.warnings: list[str] = []
        self.repairs: list[str] = []
        self.stats = OcrStats(lang=options.lang)
        self.queue = None  # OcrQueue, started on the first page that needs OCR
        self.pending = None  # (number, width, height, PendingPage) being read now
        self.user_unit = 1.0  # the largest /UserUnit of the file (pdfium ignores it)
        self.deadline = None  # the document's time limit (limits.Deadline)

    def text_page(self, page, textpage, index: int, lines: list[list[WordBox]],
                  rulings: int) -> None:
        self.finish_ocr_page()  # pages go into the text in order
        width, height = page.get_size()
        tables = []
        if rulings >= RULINGS_FOR_TABLE:
            tables = _pdf_tables(page, textpage, lines, index + 1)
        self.builder.start_page(source="text_layer", width=width, height=height,
                                number=index + 1)
        emit_with_tables(self.builder, drop_page_numbers(order_page(lines, width), height),
                         tables)

    def ocr_page(self, page, index: int, images: list) -> None:
        """Hand a page to tesseract (a background thread) and finish the previous OCR'd
        page while it reads this one: rasterising and straightening this page, and the
        layout and tables of the previous one, happen while tesseract works."""
        from vanban.extractor.loaders.ocr import OcrQueue, OcrSettings

        if self.queue is None:
            self.queue = OcrQueue(OcrSettings.from_options(self.options),
                                  clock=self.stats.clock)
        from vanban.extractor.loaders.limits import check_pdf_images, check_pdf_page

        width, height = page.get_size()  # refused before rendering, not after
        check_pdf_page(width, height, self.user_unit, self.options.dpi, self.options,
                       self.path, index + 1)
        check_pdf_images(page, images, self.options, self.path, index + 1)
        image, dpi = page_image(page, images, self.options.dpi)
        width, height = page.get_size()
        if self.deadline is not None:  # tesseract killed at the document's time limit
            self.queue.timeout = self.deadline.page_seconds()
        pending = self.queue.submit(image, round(dpi))
        self.finish_ocr_page()
        self.pending = (index + 1, width, height, pending)

    def finish_ocr_page(self) -> None:
        """Wait for the page tesseract is reading (if any) and add it to the text."""
        if self.pending is None:
            return
        number, width, height, pending = self.pending
        self.pending = None
        add_ocr_page(self.builder, self.stats, number, pending.result(),
                     warnings=self.warnings, repairs=self.repairs, size=(width, height))

    def close(self) -> None:
        if self.queue is not None:
            self.queue.close()


def load_pdf(path: Path, options: ExtractOptions) -> Loaded:
    import pypdfium2 as pdfium

    from vanban.extractor.loaders.limits import Deadline, check_pages, scan_pdf

    user_unit = scan_pdf(path, options)  # Flate bombs refused before pdfium inflates them
    deadline = Deadline(options, path)
    doc = open_pdf(path)
    reader = _PdfReader(path, options)
    reader.user_unit = user_unit
    reader.deadline = deadline
    try:
        n_pages = len(doc)
        if n_pages == 0:
            raise CorruptFileError("is a PDF with no pages", path=path)
        check_pages(len(page_range(n_pages, options, path)), options, path)
        for index in page_range(n_pages, options, path):
            deadline.check()
            try:
                page = doc[index]
            except pdfium.PdfiumError as exc:  # a page tree that loops, a missing page
                raise CorruptFileError(f"page {index + 1} cannot be loaded ({exc}; a damaged "
                                       "page tree?)", path=path) from None
            try:
                if pdfium.raw.FPDFPage_CountObjects(page.raw) == 0:  # blank: nothing to OCR
                    width, height = page.get_size()
                    reader.finish_ocr_page()
                    reader.builder.start_page(source="text_layer", width=width, height=height,
                                              number=index + 1)
                    continue
                textpage = page.get_textpage()
                try:
                    lines = text_layer_lines(textpage, page.get_size()[1])
                finally:
                    textpage.close()
                if lines:  # numbers and days written into the blanks at signing
                    page, fields = form_field_words(doc, index, page)
                    lines = fill_blanks(lines, fields)
                textpage = page.get_textpage()
                try:
                    # Latin-1 letters of legacy mojibake in a layer whose fonts are legacy by
                    # name: converted word by word by the fonts, not read by OCR
                    converted = legacy_layer_lines(textpage, page.get_size()[1]) \
                        if not options.force_ocr and _legacy_letters(lines) else None
                    if converted is not None:
                        # a table's cells would be read from the raw characters: the page's
                        # lines are kept as lines
                        reader.warnings.append(f"page {index + 1}: legacy-font text layer "
                                               "converted to Unicode by its fonts")
                        reader.text_page(page, textpage, index, converted, 0)
                        continue
                    reason = ocr_reason(lines, options, textpage, page)
                    if reason is None:  # the text page stays open for table cells
                        rulings = _page_objects(page)[0] if may_hold_table(lines) else 0
                        reader.text_page(page, textpage, index, lines, rulings)
                        continue
                finally:
                    textpage.close()
                if reason == "legacy":
                    reader.warnings.append(f"page {index + 1}: legacy-font text layer; "
                                           "read by OCR")
                elif reason == "sideways":
                    reader.warnings.append(f"page {index + 1}: the text layer runs "
                                           "sideways (turned page); read by OCR")
                elif reason == "garbled":
                    reader.warnings.append(f"page {index + 1}: the text layer is not "
                                           "readable Vietnamese (a scanner's OCR?); read by OCR")
                reader.ocr_page(page, index, _page_objects(page)[1])
            finally:
                page.close()
                page_done(index + 1, n_pages)  # the CLI's progress line, when it listens
        reader.finish_ocr_page()
    finally:
        reader.close()
        doc.close()
    text = finish_tables(reader.builder).build()
    if not text.text.strip():
        raise NoTextError("has no readable text (blank pages, or OCR found nothing)", path=path)
    return Loaded(text=text, media_type="application/pdf", pages=n_pages,
                  ocr=reader.stats.info(), warnings=reader.warnings, repairs=reader.repairs,
                  ocr_engine_seconds=reader.stats.seconds_engine,
                  ocr_slot_seconds=reader.stats.seconds_slots,
                  ocr_prep_seconds=reader.stats.seconds_prep)


def _pdf_tables(page, textpage, lines: list[list[WordBox]], number: int) -> list:
    """Ruled tables of one text-layer page: pdfplumber's table algorithm on pdfium's
    edges and characters. Everything it needs comes from pdfium, so pdfplumber never
    opens the file (no fallback is needed)."""
    from vanban.extractor.loaders.pdfgeom import page_chars, page_edges
    from vanban.extractor.loaders.tables import tables_from_pdf_geometry
    from vanban.extractor.normalize import nfc
    from vanban.extractor.text import Word

    width, height = page.get_size()
    edges = page_edges(page, height)
    chars = page_chars(textpage, height) if edges else []
    words = [Word(nfc(w.text), -1, -1, w.bbox) for line in lines for w in line]
    return tables_from_pdf_geometry(edges, chars, words, number, (0.0, 0.0, width, height))
