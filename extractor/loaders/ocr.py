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
* The page is straightened first (projection-profile search over ±3°): psm 4 on a
  page tilted 1.5° gave 16.6% CER, 0.34% after straightening.
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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator, Optional

from extractor.errors import EngineMissingError
from extractor.loaders.layout import WordBox, split_segments

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
MAX_SKEW_DEGREES = 3.0
SKEW_STEP = 0.1
# Width of the thumbnail used to estimate skew (projection profiles).
SKEW_SAMPLE_WIDTH = 900
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

    def __init__(self) -> None:
        self._spans: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def add(self, start: float, end: float) -> None:
        """Record one run (``time.perf_counter`` values)."""
        with self._lock:
            self._spans.append((start, end))

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


# -- preprocessing --------------------------------------------------------------------

def estimate_skew(gray) -> float:
    """The angle (degrees, counter-clockwise positive as in ``Image.rotate``) that
    straightens the text lines of a grayscale page, 0.0 when unsure.

    Projection profiles: the dark pixels of a thumbnail are sheared by each candidate
    angle and counted per row; text lines are sharpest (highest variance of the row
    counts) when level. Coarse search every 0.5° over ±3°, then every 0.1° around the
    best: ~20 profiles of ~50k points, a few tens of milliseconds.
    """
    import numpy as np

    factor = max(1, -(-gray.width // SKEW_SAMPLE_WIDTH))  # ceil: thumbnail ≤ sample width
    small = gray.reduce(factor) if factor > 1 else gray
    arr = np.asarray(small, dtype=np.uint8)
    # ignore a dark scanner border: keep the central 90%
    h, w = arr.shape
    box = (int(w * 0.05), int(h * 0.05), int(w * 0.95), int(h * 0.95))
    arr = arr[box[1]:box[3], box[0]:box[2]]
    threshold = min(128, int(_percentile_u8(small.crop(box).histogram(), 50)) - 40)
    ys, xs = np.nonzero(arr < threshold)
    if len(ys) < 200:
        return 0.0
    xs = xs.astype(np.float64) - w / 2

    def score(angle: float) -> float:
        shifted = np.round(ys + xs * np.tan(np.radians(angle))).astype(np.int64)
        return float(np.var(np.bincount(shifted - shifted.min())))

    coarse = {float(a): score(float(a)) for a in
              np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 1e-9, 0.5)}
    best = max(coarse, key=coarse.get)
    fine = {round(best + d, 2): score(best + d) for d in np.arange(-0.4, 0.41, SKEW_STEP)}
    best = max(fine, key=fine.get)
    # a flat profile (no text lines, a photo) gives no reliable angle
    if fine[best] <= 1.05 * float(np.median(list(coarse.values()))):
        return 0.0
    # shearing by +a levels lines that the scan tilted by -a; Image.rotate(+a) undoes it
    return round(-best, 2)


def _percentile_u8(histogram, q: float) -> float:
    """``np.percentile(a, q)`` of 8-bit values ``a`` from their histogram (256 counts),
    without sorting them: the same linear interpolation between the two values around
    the rank ``q / 100 * (n - 1)``."""
    import numpy as np

    cumulative = np.cumsum(histogram)
    rank = q / 100 * (int(cumulative[-1]) - 1)
    low_rank = int(np.floor(rank))
    low = int(np.searchsorted(cumulative, low_rank + 1))
    high = int(np.searchsorted(cumulative, int(np.ceil(rank)) + 1))
    return low + (high - low) * (rank - low_rank)


# Background estimate: the brightest pixel of each BLOCK×BLOCK block (text strokes are
# thinner than a block, so that is the paper), smoothed over 3×3 blocks.
BACKGROUND_BLOCK = 32
# Flatten the lighting when the paper's brightness varies by more than this (p95 - p5 of
# the block maxima, 0..255). Flat scans: 3-4; the grey hard scans: 12-14; a phone photo
# shaded toward one corner: 90 (its CER fell from 31% to 0.1% once flattened).
UNEVEN_BACKGROUND = 40


def flatten_background(gray):
    """Divide out uneven lighting (phone photos, curled pages): each pixel is scaled by
    the local paper brightness, so one global threshold (tesseract's Otsu) fits the whole
    page. Returns the image unchanged when its lighting is even (the usual scan)."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(gray)
    h, w = (arr.shape[0] // BACKGROUND_BLOCK) * BACKGROUND_BLOCK, \
        (arr.shape[1] // BACKGROUND_BLOCK) * BACKGROUND_BLOCK
    if h == 0 or w == 0:
        return gray
    # the maximum over the block's rows, then over its columns: the same blocks as one
    # .max(axis=(1, 3)), ~7x faster (numpy reduces a middle axis of whole rows quickly)
    rows = arr[:h, :w].reshape(h // BACKGROUND_BLOCK, BACKGROUND_BLOCK, w).max(axis=1)
    blocks = rows.reshape(h // BACKGROUND_BLOCK, w // BACKGROUND_BLOCK,
                          BACKGROUND_BLOCK).max(axis=2)
    padded = np.pad(blocks, 1, mode="edge")
    background = np.max([padded[dy:dy + blocks.shape[0], dx:dx + blocks.shape[1]]
                         for dy in range(3) for dx in range(3)], axis=0)
    bh, bw = background.shape
    inner = background[int(bh * 0.05):max(int(bh * 0.95), 1), int(bw * 0.05):max(int(bw * 0.95), 1)]
    if inner.size == 0:
        return gray
    histogram = np.bincount(inner.ravel(), minlength=256)
    if _percentile_u8(histogram, 95) - _percentile_u8(histogram, 5) <= UNEVEN_BACKGROUND:
        return gray
    full = np.asarray(Image.fromarray(background.astype(np.uint8)).resize(
        gray.size, Image.Resampling.BILINEAR), dtype=np.float32)
    flat = np.asarray(gray, dtype=np.float32) * 255.0 / np.maximum(full, 1.0)
    return Image.fromarray(np.clip(flat, 0, 255).astype(np.uint8))


# Red ink: a pixel whose red exceeds its green and blue by this much (0..255) and is at
# least this bright. A page with more than RED_INK_SHARE of such pixels (sampled on a
# quarter-size copy) is read from its red channel.
RED_INK_MARGIN = 60
RED_INK_MIN = 110
RED_INK_SHARE = 0.0005


def to_gray(image):
    """The grayscale image OCR reads. A colour page carrying red ink — the seal stamped
    over the signature block, as on every signed Vietnamese document, or red headings —
    is read from its RED channel, where red ink is as light as the paper and black (or
    blue) text stays dark; luminance would turn the seal into a grey ring that hides the
    position and authority lines under it (a stamped synthetic page: "KT. GIÁM ĐỐC /
    PHÓ GIÁM ĐỐC" lost with luminance, read with the red channel). Other pages are
    converted by luminance."""
    import numpy as np

    from extractor.loaders.modes import to_8bit

    image = to_8bit(image)  # 16-bit, float, alpha, palette, CMYK: scaled, on white paper
    if image.mode == "L":
        return image
    rgb = image
    small = np.asarray(rgb.reduce(4) if min(rgb.size) >= 64 else rgb, dtype=np.int16)
    r, g, b = small[..., 0], small[..., 1], small[..., 2]
    red = (r - np.maximum(g, b) > RED_INK_MARGIN) & (r >= RED_INK_MIN)
    if red.mean() > RED_INK_SHARE:
        return rgb.getchannel("R")
    return rgb.convert("L")


def prepare(image):
    """Grayscale, evenly lit, straightened copy of a page image and its skew angle.

    Denoising is left to tesseract's own Otsu binarisation, which copes with the
    speckle of the hard scans; a median filter cost 0.6 s per 300 dpi page (a quarter
    of recognition time) for no measured gain."""
    gray = to_gray(image)
    gray = flatten_background(gray)
    angle = estimate_skew(gray)
    if abs(angle) >= 0.15:
        from PIL import Image

        # nearest-neighbour: 5x faster than bilinear (0.03 s vs 0.13 s per 300 dpi page)
        # and read as well or better (CER 0.20/0.24/0.07% vs 0.20/0.40/0.14% on three
        # tilted seed pages) — tesseract binarises the page anyway
        gray = gray.rotate(angle, resample=Image.Resampling.NEAREST, expand=False,
                           fillcolor=255)
    return gray, angle


# -- recognition ----------------------------------------------------------------------

def encode_pgm(gray) -> bytes:
    """The image as binary PGM (what tesseract reads fastest from a pipe)."""
    if gray.mode != "L":
        gray = gray.convert("L")
    return b"P5\n%d %d\n255\n" % gray.size + gray.tobytes()


def run_tesseract_tsv(pgm: bytes, *, dpi: int, lang: str, psm: int, timeout: float,
                      clock: Optional[EngineClock] = None) -> str:
    """Run tesseract on a PGM image; return its TSV. Raises ``subprocess.TimeoutExpired``
    when the page takes longer than ``timeout`` seconds (the process is killed). The
    run is timed on ``clock`` when given."""
    engine_version()
    cmd = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi),
           "tsv"]
    with clock.running() if clock is not None else nullcontext():
        proc = subprocess.run(cmd, input=pgm, capture_output=True, env=_env(),
                              timeout=timeout)
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


def detect_rotation(pgm: bytes, *, dpi: int, timeout: float,
                    clock: Optional[EngineClock] = None) -> int:
    """Degrees (0, 90, 180, 270) to turn a page clockwise to make it upright, from
    tesseract's orientation detection; 0 when unsure or when detection fails (a blank
    page, no ``osd`` model)."""
    try:
        with clock.running() if clock is not None else nullcontext():
            proc = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0", "--dpi",
                                   str(dpi)], input=pgm, capture_output=True, env=_env(),
                                  timeout=timeout)
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

    def __init__(self, gray, angle: float, pgm: bytes, future: Future, *, dpi: int,
                 lang: str, psm: int, timeout: float, clock: Optional[EngineClock],
                 prep_seconds: float) -> None:
        self.gray, self.angle, self.pgm, self.future = gray, angle, pgm, future
        self.dpi, self.lang, self.psm, self.timeout = dpi, lang, psm, timeout
        self.clock, self.prep_seconds = clock, prep_seconds

    def result(self) -> OcrPage:
        """The page as read; a page that exceeded the timeout comes back empty with
        ``timed_out`` set (the caller turns it into a warning)."""
        gray, angle, dpi, lang, psm, timeout = (self.gray, self.angle, self.dpi, self.lang,
                                                self.psm, self.timeout)
        try:
            tsv, engine = self.future.result()
        except subprocess.TimeoutExpired:
            return OcrPage([], gray.width, gray.height, None, angle, timeout,
                           self.prep_seconds, [f"OCR timed out after {timeout:g} s"],
                           timed_out=True, image=gray)
        t0 = time.perf_counter()
        lines, mean = parse_tsv(tsv)
        if _looks_unread(lines, mean):
            # maybe upside down or sideways: ask for the orientation, read again if turned
            t4 = time.perf_counter()
            turn = detect_rotation(self.pgm, dpi=dpi, timeout=timeout, clock=self.clock)
            if turn:
                turned, angle2 = prepare(gray.rotate(-turn, expand=True, fillcolor=255))
                try:
                    tsv2 = run_tesseract_tsv(encode_pgm(turned), dpi=dpi, lang=lang, psm=psm,
                                             timeout=timeout, clock=self.clock)
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
                       self.prep_seconds + (time.perf_counter() - t0), image=gray)


def _timed_run(pgm: bytes, dpi: int, lang: str, psm: int, timeout: float,
               clock: Optional[EngineClock]) -> tuple[str, float]:
    t0 = time.perf_counter()
    tsv = run_tesseract_tsv(pgm, dpi=dpi, lang=lang, psm=psm, timeout=timeout, clock=clock)
    return tsv, time.perf_counter() - t0


def start_ocr(image, *, dpi: int, lang: str = "vie", timeout: float = 120.0,
              psm: int = DEFAULT_PSM, clock: Optional[EngineClock] = None,
              executor: Optional[ThreadPoolExecutor] = None) -> PendingPage:
    """Straighten and encode one page image now, and have tesseract read it: in
    ``executor`` (a background thread: the call returns at once) or here."""
    t0 = time.perf_counter()
    gray, angle = prepare(image)
    pgm = encode_pgm(gray)
    engine_version()  # checked before the clock starts: a missing engine is not a page
    prep = time.perf_counter() - t0
    args = (pgm, dpi, lang, psm, timeout, clock)
    if executor is not None:
        future = executor.submit(_timed_run, *args)
    else:
        future = Future()
        try:
            future.set_result(_timed_run(*args))
        except Exception as exc:  # noqa: BLE001 - re-raised by PendingPage.result()
            future.set_exception(exc)
    return PendingPage(gray, angle, pgm, future, dpi=dpi, lang=lang, psm=psm,
                       timeout=timeout, clock=clock, prep_seconds=prep)


def ocr_image(image, *, dpi: int, lang: str = "vie", timeout: float = 120.0,
              psm: int = DEFAULT_PSM, clock: Optional[EngineClock] = None) -> OcrPage:
    """Straighten and read one page image, here and now. A page that exceeds
    ``timeout`` seconds comes back empty with ``timed_out`` set."""
    return start_ocr(image, dpi=dpi, lang=lang, timeout=timeout, psm=psm,
                     clock=clock).result()


class OcrQueue:
    """Pages of one file read one after the other by tesseract in a background thread,
    so that the loader prepares the next page and lays out (tables included) the
    previous one while tesseract reads the current one: on a scanned PDF nearly all the
    work outside tesseract is hidden behind it. One tesseract process at a time comes
    from the queue (each with ``OMP_THREAD_LIMIT=1``); processes, not threads, remain
    the way to use more cores (``vanban batch``)."""

    def __init__(self, *, lang: str = "vie", timeout: float = 120.0,
                 psm: int = DEFAULT_PSM, clock: Optional[EngineClock] = None) -> None:
        self.lang, self.timeout, self.psm = lang, timeout, psm
        self.clock = clock if clock is not None else EngineClock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tesseract")

    def submit(self, image, dpi: int) -> PendingPage:
        return start_ocr(image, dpi=dpi, lang=self.lang, timeout=self.timeout, psm=self.psm,
                         clock=self.clock, executor=self._executor)

    def close(self) -> None:
        # pages still queued (an error elsewhere stopped the file) are not started
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "OcrQueue":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
