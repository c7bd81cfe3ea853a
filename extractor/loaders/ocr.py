"""OCR of one page image with tesseract ``vie``: preprocessing, TSV words, timing.

Why the engine is called this way (measured on this project's scans):

* ``-l vie`` only — ``vie+eng`` drops tone marks on Vietnamese words.
* ``OMP_THREAD_LIMIT=1`` in the environment of every call: without it OpenMP threads
  spin and a page takes 16.7 s instead of 2.5 s on a shared 2-core machine.
  Parallelism comes from processes (``vanban batch``), never from threads here.
* The image goes to ``tesseract stdin stdout … tsv`` as an uncompressed PGM through a
  pipe: no temporary file, no PNG encoding (PNG of a 300 dpi page costs ~1.4 s,
  more than half of the recognition itself). This is what ``pytesseract.image_to_data``
  does, minus the temp file and the PNG; the TSV format is the same.
* A per-page timeout (``ExtractOptions.ocr_timeout``): a near-blank noisy page once ran
  124 s and invented 36 KB of text. A timed-out page becomes a warning.
* The page is prepared first (:mod:`extractor.loaders.preprocess`: grayscale with
  seals read through, photos straightened, lighting flattened, the page straightened —
  psm 4 on a page tilted 1.5° gave 16.6% CER, 0.34% after straightening —, blank pages
  left unread, small text enlarged).
* Pages are pipelined (:class:`OcrQueue`): tesseract reads page N in a background
  thread while the loader straightens page N+1 and lays out page N-1 (tables and their
  second tesseract run included). On a scanned PDF that hides nearly all the work done
  outside tesseract; every tesseract run of a file is timed on one
  :class:`EngineClock` (the union of the runs), which is the engine time reported.

Word boxes come back in the pixels of the image given to :func:`ocr_image` (top-left
origin, y down); the caller converts them (PDF loader: to points).
"""
from __future__ import annotations

import csv
import io
import re
import os
import shutil
import subprocess
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterator, Optional

from vanban.extractor.errors import EngineMissingError
from vanban.extractor.loaders.layout import split_segments
from vanban.extractor.loaders.preprocess import is_blank, prepare, upscale_factor
from vanban.extractor.text import WordBox

# psm 4 ("one column of text of variable sizes") read the seeds' scans best; psm 3
# gives the same text on these pages and psm 6 merges the header rows more often.
# The two-column header is rebuilt from word boxes afterwards (layout.order_page).
DEFAULT_PSM = 4
# Words below this confidence that hold no letter or digit are scanner dirt ("»", "`").
JUNK_CONF = 60.0
# A line whose mean word confidence is below this is a stamp, a signature or a logo read
# as letters ("«L0 x42 ¬s< 2x: 6 <1 Á©" at 14); real text lines of the hard scans are ≥ 85.
LINE_MIN_CONF = 45.0
# A word is "junk" when it holds at most one letter/digit or is read with less than this
# confidence; a trailing block of junk words, set apart by a column gap, is a stamp or a
# signature next to the text ("- Thường trực HĐND TP;   XS g2 Ì").
JUNK_WORD_CONF = 50.0
APT_HINT = "sudo apt-get install -y tesseract-ocr tesseract-ocr-vie"
# A page read with fewer words or a lower mean confidence than this may be upside down
# or sideways: tesseract's orientation detection (psm 0, ~0.9 s) is asked, only then.
# Upright seed pages: 300+ words at 93-97; a page turned 180°: confidence 48, at 90°: none.
ORIENTATION_MIN_WORDS = 30
ORIENTATION_MIN_CONF = 70.0
ORIENTATION_MIN_CONFIDENCE = 2.0  # tesseract's "Orientation confidence"
_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENT_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


class EngineClock:
    """Wall time during which at least one tesseract process of a file was running.

    Pages are pipelined (the next page is prepared, the previous one laid out, while
    tesseract reads the current one) and the tables stage may read cells while the next
    page is being recognised, so runs can overlap: the clock keeps their intervals and
    reports the length of their union. ``bench/pages.py`` calls everything else the
    time "outside tesseract"."""

    def __init__(self, parent: Optional["EngineClock"] = None) -> None:
        self._spans: list[tuple[float, float]] = []
        self._lock = threading.Lock()
        # a clock of some of the runs (the header slots' re-reads) also feeds the file's
        self.parent = parent

    def add(self, start: float, end: float) -> None:
        """Record one run (``time.perf_counter`` values)."""
        with self._lock:
            self._spans.append((start, end))
        if self.parent is not None:
            self.parent.add(start, end)

    @contextmanager
    def running(self) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(start, time.perf_counter())

    @property
    def seconds(self) -> float:
        with self._lock:
            spans = sorted(self._spans)
        total, end = 0.0, float("-inf")
        for a, b in spans:
            if b > end:
                total += b - max(a, end)
                end = b
        return total


@dataclass(frozen=True, slots=True)
class OcrSettings:
    """How tesseract is called, in one value that travels from the options to every
    engine call of a file (page reads, orientation checks, the tables' cell re-reads, the
    targeted header re-reads). ``dpi`` is the resolution of the image being read: the
    requested rasterisation dpi for rendered pages, the scan's own for embedded images
    (:meth:`at_dpi`)."""

    lang: str = "vie"
    dpi: int = 300
    timeout: float = 120.0
    psm: int = DEFAULT_PSM
    extra: tuple[str, ...] = ()  # further tesseract arguments ("-c", "name=value", …)

    @classmethod
    def from_options(cls, options) -> "OcrSettings":
        """The settings an :class:`models.ExtractOptions` asks for."""
        return cls(lang=options.lang, dpi=options.dpi, timeout=options.ocr_timeout)

    def at_dpi(self, dpi: float) -> "OcrSettings":
        return replace(self, dpi=max(1, round(dpi)))

    def with_psm(self, psm: int, *extra: str) -> "OcrSettings":
        return replace(self, psm=psm, extra=tuple(extra))


@dataclass(slots=True)
class OcrPage:
    """What tesseract read on one page image."""

    lines: list[list[WordBox]]
    width: int
    height: int
    mean_conf: Optional[float]
    skew: float = 0.0
    seconds_engine: float = 0.0  # time inside the tesseract process
    seconds_prep: float = 0.0  # deskew, denoise, encoding
    warnings: list[str] = field(default_factory=list)
    timed_out: bool = False
    image: object = None  # the straightened grayscale image the boxes refer to
    settings: Optional["OcrSettings"] = None  # how it was read (dpi: the image's own)
    blank: bool = False  # nothing printed on it (is_blank): not read at all


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


@lru_cache(maxsize=1)
def engine_version() -> str:
    """``tesseract X.Y.Z``; raises EngineMissingError when tesseract or ``vie`` is absent.

    Checked lazily on the first OCR'd page, once per process."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise EngineMissingError(f"tesseract is not installed; install it with: {APT_HINT}")
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, env=_env(),
                             timeout=30)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True,
                               env=_env(), timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise EngineMissingError(f"tesseract cannot be run ({exc}); reinstall it with: "
                                 f"{APT_HINT}") from None
    first = (out.stdout or out.stderr).strip().splitlines()
    version = first[0].split()[-1] if first else "unknown"
    available = set((langs.stdout or "").split())
    if "vie" not in available:
        raise EngineMissingError("tesseract has no Vietnamese model (vie); install it with: "
                                 f"{APT_HINT}")
    return f"tesseract {version.lstrip('v')}"


# -- recognition ----------------------------------------------------------------------

def encode_pgm(gray) -> bytes:
    """The image as binary PGM (what tesseract reads fastest from a pipe)."""
    if gray.mode != "L":
        gray = gray.convert("L")
    return b"P5\n%d %d\n255\n" % gray.size + gray.tobytes()


def run_tesseract_tsv(pgm: bytes, *, settings: OcrSettings,
                      clock: Optional[EngineClock] = None) -> str:
    """Run tesseract on a PGM image; return its TSV. Raises ``subprocess.TimeoutExpired``
    when the page takes longer than ``settings.timeout`` seconds (the process is killed).
    The run is timed on ``clock`` when given."""
    engine_version()
    cmd = ["tesseract", "stdin", "stdout", "-l", settings.lang, "--psm", str(settings.psm),
           "--dpi", str(settings.dpi), *settings.extra, "tsv"]
    with clock.running() if clock is not None else nullcontext():
        proc = subprocess.run(cmd, input=pgm, capture_output=True, env=_env(),
                              timeout=settings.timeout)
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineMissingError("tesseract failed: " + (message[-1] if message else
                                                          f"exit {proc.returncode}"))
    return proc.stdout.decode("utf-8", "replace")


def tsv_words(tsv: str) -> Iterator[tuple[tuple[int, int, int], WordBox]]:
    """Every non-empty word of tesseract's TSV (level 5) with its (block, paragraph,
    line) key; boxes in the image's pixels."""
    reader = csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if not header:
        return
    col = {name: i for i, name in enumerate(header)}
    level, text_col, conf_col = col["level"], col["text"], col["conf"]
    left_col, top_col, width_col, height_col = col["left"], col["top"], col["width"], col["height"]
    block, par, line_col = col["block_num"], col["par_num"], col["line_num"]
    for row in reader:
        if len(row) < len(header) or row[level] != "5":
            continue
        text = row[text_col].strip()
        if not text:
            continue
        left, top = int(row[left_col]), int(row[top_col])
        box = (left, top, left + int(row[width_col]), top + int(row[height_col]))
        yield ((int(row[block]), int(row[par]), int(row[line_col])),
               WordBox(text, box, float(row[conf_col])))


def parse_tsv(tsv: str) -> tuple[list[list[WordBox]], Optional[float]]:
    """Lines of words (grouped by tesseract's block/paragraph/line numbers) and the
    mean confidence of the kept words.

    >>> tsv = ("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop"
    ...        "\\twidth\\theight\\tconf\\ttext\\n"
    ...        "5\\t1\\t1\\t1\\t1\\t1\\t10\\t20\\t30\\t10\\t96.5\\tSố:\\n"
    ...        "5\\t1\\t1\\t1\\t1\\t2\\t45\\t20\\t30\\t10\\t20.0\\t»\\n")
    >>> lines, conf = parse_tsv(tsv)
    >>> [[w.text for w in line] for line in lines], conf
    ([['Số:']], 96.5)
    """
    lines: dict[tuple[int, int, int], list[WordBox]] = {}
    for key, word in tsv_words(tsv):
        if word.conf < JUNK_CONF and not any(ch.isalnum() for ch in word.text):
            continue
        lines.setdefault(key, []).append(word)
    kept = [line for line in lines.values()
            if sum(w.conf or 0.0 for w in line) / len(line) >= LINE_MIN_CONF]
    confs = [w.conf for line in kept for w in line if w.conf is not None]
    mean = round(sum(confs) / len(confs), 2) if confs else None
    return kept, mean


def _junk(word: WordBox) -> bool:
    return (sum(ch.isalnum() for ch in word.text) <= 1
            or (word.conf is not None and word.conf < JUNK_WORD_CONF))


def drop_trailing_junk(lines: list[list[WordBox]]) -> list[list[WordBox]]:
    """Remove, from each line, trailing blocks (after a column gap) made only of junk
    words: stamps and signatures beside the text. Leading blocks are kept (the row
    number of a table row is a one-digit block on the left).

    >>> def w(t, x, c=95.0): return WordBox(t, (x, 0, x + 10 * len(t), 20), c)
    >>> line = [w("Thường", 0), w("trực", 70), w("XS", 400, 15.0), w("Ì", 430, 18.0)]
    >>> [x.text for x in drop_trailing_junk([line])[0]]
    ['Thường', 'trực']
    >>> row = [w("1", 0), w("Họp", 200), w("Quý", 400), w("I", 445)]
    >>> [x.text for x in drop_trailing_junk([row])[0]]
    ['1', 'Họp', 'Quý', 'I']
    """
    out = []
    for line in lines:
        segments = split_segments(sorted(line, key=lambda w: w.bbox[0]))
        while len(segments) > 1 and all(_junk(w) for w in segments[-1]):
            segments.pop()
        kept = {id(w) for seg in segments for w in seg}
        out.append([w for w in line if id(w) in kept])
    return out


def _stray_marks(line: list[WordBox]) -> bool:
    """A line that is one or two punctuation marks and nothing else: a quote or a dot
    tesseract set apart from the line it belongs to (``”`` between "“Tháng thi đua" and
    "Khuyến học”"). Kept, it splits the sentence around it in two. Rules drawn as text
    ("-----", three marks or more) stay.

    >>> _stray_marks([WordBox("”", (0, 0, 5, 9), 90.0)]), _stray_marks([WordBox("-----", (0, 0, 50, 4))])
    (True, False)
    """
    text = "".join(w.text for w in line)
    return len(text) <= 2 and not any(ch.isalnum() for ch in text)


def detect_rotation(pgm: bytes, *, settings: OcrSettings,
                    clock: Optional[EngineClock] = None) -> int:
    """Degrees (0, 90, 180, 270) to turn a page clockwise to make it upright, from
    tesseract's orientation detection; 0 when unsure or when detection fails (a blank
    page, no ``osd`` model)."""
    try:
        with clock.running() if clock is not None else nullcontext():
            proc = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0", "--dpi",
                                   str(settings.dpi)], input=pgm, capture_output=True,
                                  env=_env(), timeout=settings.timeout)
    except subprocess.TimeoutExpired:
        return 0
    out = proc.stdout.decode("utf-8", "replace")
    rotate, confidence = _ROTATE.search(out), _ORIENT_CONF.search(out)
    if proc.returncode != 0 or not rotate or not confidence:
        return 0
    if float(confidence.group(1)) < ORIENTATION_MIN_CONFIDENCE:
        return 0
    return int(rotate.group(1)) % 360


def _looks_unread(lines: list[list[WordBox]], mean: Optional[float]) -> bool:
    words = sum(len(line) for line in lines)
    return words < ORIENTATION_MIN_WORDS or (mean or 0.0) < ORIENTATION_MIN_CONF


class PendingPage:
    """A page handed to tesseract: straightened and encoded in the caller's thread,
    recognised in the background (:class:`OcrQueue`) or at once; :meth:`result` waits for
    it and finishes the page (TSV words, orientation check, stamp removal)."""

    def __init__(self, gray, angle: float, pgm: bytes, future: Optional[Future], *,
                 settings: OcrSettings, clock: Optional[EngineClock],
                 prep_seconds: float) -> None:
        self.gray, self.angle, self.pgm, self.future = gray, angle, pgm, future
        self.settings, self.clock, self.prep_seconds = settings, clock, prep_seconds

    def result(self) -> OcrPage:
        """The page as read; a page that exceeded the timeout comes back empty with
        ``timed_out`` set (the caller turns it into a warning)."""
        gray, angle, settings = self.gray, self.angle, self.settings
        if self.future is None:  # a blank page: nothing to read
            return OcrPage([], gray.width, gray.height, None, angle, 0.0, self.prep_seconds,
                           image=gray, settings=settings, blank=True)
        try:
            tsv, engine = self.future.result()
        except subprocess.TimeoutExpired:
            return OcrPage([], gray.width, gray.height, None, angle, settings.timeout,
                           self.prep_seconds, [f"OCR timed out after {settings.timeout:g} s"],
                           timed_out=True, image=gray, settings=settings)
        t0 = time.perf_counter()
        lines, mean = parse_tsv(tsv)
        if _looks_unread(lines, mean):
            # maybe upside down or sideways: ask for the orientation, read again if turned
            t4 = time.perf_counter()
            turn = detect_rotation(self.pgm, settings=settings, clock=self.clock)
            if turn:
                turned, angle2 = prepare(gray.rotate(-turn, expand=True, fillcolor=255))
                try:
                    tsv2 = run_tesseract_tsv(encode_pgm(turned), settings=settings,
                                             clock=self.clock)
                    lines2, mean2 = parse_tsv(tsv2)
                    if sum(map(len, lines2)) * (mean2 or 0) > \
                            sum(map(len, lines)) * (mean or 0):
                        gray, angle, lines, mean = turned, angle2, lines2, mean2
                except subprocess.TimeoutExpired:
                    pass
            engine += time.perf_counter() - t4
            t0 += time.perf_counter() - t4
        lines = [line for line in drop_trailing_junk(lines) if not _stray_marks(line)]
        self.pgm = b""  # the encoded page is no longer needed
        return OcrPage(lines, gray.width, gray.height, mean, angle, engine,
                       self.prep_seconds + (time.perf_counter() - t0), image=gray,
                       settings=settings)


def _timed_run(pgm: bytes, settings: OcrSettings,
               clock: Optional[EngineClock]) -> tuple[str, float]:
    t0 = time.perf_counter()
    tsv = run_tesseract_tsv(pgm, settings=settings, clock=clock)
    return tsv, time.perf_counter() - t0


def start_ocr(image, settings: OcrSettings, *, clock: Optional[EngineClock] = None,
              executor: Optional[ThreadPoolExecutor] = None, early=None) -> PendingPage:
    """Straighten and encode one page image now, and have tesseract read it (at
    ``settings.dpi``, the image's resolution): in ``executor`` (a background thread: the
    call returns at once) or here. ``early``: a run already reading the image's file
    (:mod:`extractor.loaders.early`), taken as the reading when the preparation leaves
    the image as it is, killed otherwise."""
    t0 = time.perf_counter()
    gray, angle = prepare(image)
    if is_blank(gray):
        if early is not None:
            early.cancel()
        return PendingPage(gray, angle, b"", None, settings=settings, clock=clock,
                           prep_seconds=time.perf_counter() - t0)
    factor = upscale_factor(gray)
    if early is not None:
        if gray is image and factor <= 1.0:
            return PendingPage(gray, angle, early.data, early.adopt(), settings=settings,
                               clock=clock, prep_seconds=time.perf_counter() - t0)
        early.cancel()
    if factor > 1.0:  # small text: enlarged (boxes then come in the enlarged pixels)
        from PIL import Image

        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)),
                           Image.Resampling.BICUBIC)
        settings = settings.at_dpi(settings.dpi * factor)
    pgm = encode_pgm(gray)
    engine_version()  # checked before the clock starts: a missing engine is not a page
    prep = time.perf_counter() - t0
    args = (pgm, settings, clock)
    if executor is not None:
        future = executor.submit(_timed_run, *args)
    else:
        future = Future()
        try:
            future.set_result(_timed_run(*args))
        except Exception as exc:  # noqa: BLE001 - re-raised by PendingPage.result()
            future.set_exception(exc)
    return PendingPage(gray, angle, pgm, future, settings=settings, clock=clock,
                       prep_seconds=prep)


def ocr_image(image, settings: Optional[OcrSettings] = None, *,
              clock: Optional[EngineClock] = None) -> OcrPage:
    """Straighten and read one page image, here and now. A page that exceeds
    ``settings.timeout`` seconds comes back empty with ``timed_out`` set."""
    return start_ocr(image, settings or OcrSettings(), clock=clock).result()


class OcrQueue:
    """Pages of one file read one after the other by tesseract in a background thread,
    so that the loader prepares the next page and lays out (tables included) the
    previous one while tesseract reads the current one: on a scanned PDF nearly all the
    work outside tesseract is hidden behind it. One tesseract process at a time comes
    from the queue (each with ``OMP_THREAD_LIMIT=1``); processes, not threads, remain
    the way to use more cores (``vanban batch``)."""

    def __init__(self, settings: Optional[OcrSettings] = None, *,
                 clock: Optional[EngineClock] = None) -> None:
        self.settings = settings or OcrSettings()
        self.clock = clock if clock is not None else EngineClock()
        # the loaders lower this to what is left of the document's time before each page
        self.timeout: Optional[float] = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tesseract")

    def page_settings(self, dpi: int) -> OcrSettings:
        """The settings of the next page: its resolution, and its timeout cut to what is
        left of the document's time (``timeout``)."""
        settings = self.settings.at_dpi(dpi)
        if self.timeout is not None and self.timeout < settings.timeout:
            settings = replace(settings, timeout=self.timeout)
        return settings

    def submit(self, image, dpi: int, early=None) -> PendingPage:
        """Queue one page image whose resolution is ``dpi`` (``early``: see start_ocr)."""
        return start_ocr(image, self.page_settings(dpi), clock=self.clock,
                         executor=self._executor, early=early)

    def close(self) -> None:
        # pages still queued (an error elsewhere stopped the file) are not started
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "OcrQueue":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
