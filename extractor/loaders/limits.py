"""Guards run BEFORE the work: the resource limits of :class:`models.ExtractOptions`.

Every check costs little next to what it prevents: the file's type from ``stat`` (a FIFO
would block the first read), a PDF's streams inflated through a bounded decompressor
(a Flate bomb is refused before pdfium inflates it in memory), a page's pixels from its
MediaBox × UserUnit × dpi before it is rendered, a DOCX's part sizes from the zip
directory before anything is inflated, and no DTD in its XML (entity expansion,
external entities). A limit exceeded raises :class:`~extractor.errors.LimitError`: one
line naming the limit and the flag / environment variable that raises it.
"""
from __future__ import annotations

import mmap
import os
import re
import signal
import stat
import threading
import time
import zipfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from vanban.extractor.errors import CorruptFileError, LimitError, NotRegularFileError, TimeLimitError
from vanban.models import ExtractOptions
from vanban.models.options import LIMIT_BY_FIELD


def how_to_raise(field: str) -> str:
    limit = LIMIT_BY_FIELD[field]
    return f"raise it with {limit.flag} N or {limit.env}=N"


def limit_error(field: str, what: str, value, options: ExtractOptions, path=None,
                cls=LimitError) -> LimitError:
    """``has 5,000 pages, above the limit max_pages=2,000 (pages per document); raise
    it with --max-pages N or VANBAN_MAX_PAGES=N``."""
    limit = LIMIT_BY_FIELD[field]
    allowed = getattr(options, field)
    shown = f"{allowed:g}" if isinstance(allowed, float) else f"{allowed:,}"
    return cls(f"{what} {value}, above the limit {field}={shown} ({limit.help}); "
               f"{how_to_raise(field)}", path=path)


# -- the file itself ------------------------------------------------------------------------

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def check_regular(path: Path) -> None:
    """Refuse FIFOs, devices and sockets at once (``stat`` follows links; nothing is
    opened, so a FIFO cannot block us)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or unreadable: the caller's own message
    for test, name in _KINDS:
        if test(mode):
            raise NotRegularFileError(f"is {name}, not a regular file; copy it to a file first",
                                      path=path)


# -- counts ---------------------------------------------------------------------------------

def check_pages(n_pages: int, options: ExtractOptions, path: Path) -> None:
    if n_pages > options.max_pages:
        raise limit_error("max_pages", "has", f"{n_pages:,} pages", options, path)


def check_pixels(width: float, height: float, options: ExtractOptions, path: Path,
                 where: str = "a page") -> None:
    pixels = int(width) * int(height)
    if pixels > options.max_image_pixels:
        raise limit_error("max_image_pixels", f"{where} would be",
                          f"{int(width)}×{int(height)} = {pixels / 1e6:,.0f} MP", options, path)


def check_chars(n_chars: int, options: ExtractOptions, path: Optional[Path]) -> None:
    if n_chars > options.max_chars:
        raise limit_error("max_chars", "has", f"{n_chars:,} characters of text", options, path)


def check_items(family: str, n_items: int, options: ExtractOptions, path: Optional[Path]) -> None:
    if n_items > options.max_items:
        raise limit_error("max_items", "has", f"{n_items:,} {family}", options, path)


# -- time ------------------------------------------------------------------------------------

class Deadline:
    """The document's time limit, checked between pages and stages (``check``) and, in
    the main thread, enforced by a timer signal that interrupts Python code (a regex
    or a loop) when it is not checked in time (``armed``)."""

    def __init__(self, options: ExtractOptions, path: Optional[Path] = None) -> None:
        self.options, self.path = options, path
        self.seconds = options.timeout
        self.end = time.monotonic() + self.seconds

    def error(self) -> TimeLimitError:
        return limit_error("timeout", "took more than", f"{self.seconds:g} s", self.options,
                           self.path, cls=TimeLimitError)

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise self.error()

    def page_seconds(self) -> float:
        """The OCR timeout of the next page: its own limit, or less when the document's
        time is running out (tesseract is then killed at the document's limit)."""
        self.check()
        return max(1.0, min(self.options.ocr_timeout, self.end - time.monotonic()))

    @contextmanager
    def armed(self) -> Iterator["Deadline"]:
        if threading.current_thread() is not threading.main_thread() or \
                signal.getitimer(signal.ITIMER_REAL)[0] > 0:  # someone else's timer: leave it
            yield self
            return

        def ring(signum, frame):
            raise self.error()

        old = signal.signal(signal.SIGALRM, ring)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield self
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


# -- PDF ---------------------------------------------------------------------------------------

_STREAM = re.compile(rb"stream\r?\n")
_USER_UNIT = re.compile(rb"/UserUnit\s{0,8}([0-9]{1,6}(?:\.[0-9]{0,6})?)")
_CHUNK = 1 << 16


def _zlib_header(head: bytes) -> bool:
    return len(head) >= 2 and head[0] & 0x0F == 8 and (head[0] * 256 + head[1]) % 31 == 0


def _inflated_size(data, start: int, limit: int) -> int:
    """Bytes the zlib stream at ``data[start:]`` inflates to, counted in bounded
    steps; stops (returning more than ``limit``) as soon as the limit is passed."""
    d = zlib.decompressobj()
    total, pos, end = 0, start, len(data)
    try:
        while pos < end and not d.eof:
            chunk = data[pos:pos + _CHUNK]
            pos += len(chunk)
            out = d.decompress(chunk, _CHUNK)
            total += len(out)
            while d.unconsumed_tail and not d.eof and total <= limit:
                tail = d.unconsumed_tail
                out = d.decompress(tail, _CHUNK)
                total += len(out)
                if not out and len(d.unconsumed_tail) >= len(tail):
                    return total  # no progress: nothing more will come out
            if total > limit:
                return total
    except zlib.error:
        pass  # damaged data: pdfium will judge it; it cannot inflate further either
    return total


def scan_pdf(path: Path, options: ExtractOptions) -> float:
    """Inflate every zlib stream of the file in bounded steps and refuse one past
    ``max_inflated_bytes``; return the largest ``/UserUnit`` (1.0 when none): pdfium
    ignores it, so a page's true size is its MediaBox times that."""
    limit = options.max_inflated_bytes
    unit = 1.0
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            return unit
        try:
            for m in _STREAM.finditer(data):
                start = m.end()
                if not _zlib_header(data[start:start + 2]):
                    continue
                size = _inflated_size(data, start, limit)
                if size > limit:
                    raise limit_error("max_inflated_bytes", "has a stream that inflates to",
                                      f"more than {limit:,} bytes", options, path)
            for m in _USER_UNIT.finditer(data):
                try:
                    unit = max(unit, float(m.group(1)))
                except ValueError:
                    continue
        finally:
            data.close()
    return unit


def check_pdf_page(width_pt: float, height_pt: float, user_unit: float, dpi: float,
                   options: ExtractOptions, path: Path, number: int) -> None:
    """Refuse a page whose raster at ``dpi`` would pass ``max_image_pixels``."""
    scale = user_unit * dpi / 72.0
    check_pixels(width_pt * scale, height_pt * scale, options, path, f"page {number} at {dpi:g} dpi")


def check_pdf_images(page, image_indexes: list, options: ExtractOptions, path: Path,
                     number: int) -> None:
    """Refuse a page holding an embedded image past ``max_image_pixels`` before it is
    decoded (a JPEG is not inflated by :func:`scan_pdf`; pdfium would decode it whole to
    render the page or hand it over)."""
    import ctypes

    import pypdfium2.raw as raw

    w, h = ctypes.c_uint(), ctypes.c_uint()
    for i in image_indexes:
        obj = raw.FPDFPage_GetObject(page.raw, i)
        if obj and raw.FPDFImageObj_GetImagePixelSize(obj, ctypes.byref(w), ctypes.byref(h)):
            check_pixels(w.value, h.value, options, path, f"page {number}: an embedded image is")


# -- DOCX --------------------------------------------------------------------------------------

# A DTD is how entity expansion ("billion laughs") and external entities get in; Word
# never writes one, so a part holding one is refused (UTF-8 and both UTF-16 orders).
_DTD_MARKS = tuple(m for word in ("<!DOCTYPE", "<!ENTITY")
                   for m in (word.encode(), word.encode("utf-16-le"), word.encode("utf-16-be")))
_XML_PART = re.compile(r"\.(?:xml|rels)$", re.IGNORECASE)


def check_docx(path: Path, options: ExtractOptions) -> None:
    """Part sizes from the zip directory (before inflating: the declared size bounds
    what zipfile will inflate), total and per part; then no DTD in any XML part."""
    limit = options.max_inflated_bytes
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            total = 0
            for info in infos:
                total += info.file_size
                if info.file_size > limit:
                    raise limit_error("max_inflated_bytes", f"has a part ({info.filename}) of",
                                      f"{info.file_size:,} bytes", options, path)
            if total > 4 * limit:
                raise limit_error("max_inflated_bytes", "inflates to", f"{total:,} bytes in "
                                  f"all (4× the per-part limit)", options, path)
            for info in infos:
                if _XML_PART.search(info.filename):
                    _refuse_dtd(zf, info, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError) as exc:
        raise CorruptFileError(f"is not a readable DOCX ({exc})", path=path) from None


def _refuse_dtd(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> None:
    tail = b""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                return
            window = tail + chunk
            if any(mark in window for mark in _DTD_MARKS):
                raise CorruptFileError(f"holds a DTD in {info.filename} (entity expansion or "
                                       "external entities; Word never writes one): refused",
                                       path=path)
            tail = window[-32:]


def file_size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
