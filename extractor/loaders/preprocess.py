"""Page images made ready for tesseract: grayscale, seals read through, photos
straightened, lighting flattened, skew removed; blank pages and small text told.

Each step was measured on real scans and kept only where it helps (figures in
``docs/benchmarks.md``). Every function takes and returns PIL images; numpy does the
pixel work. :mod:`extractor.loaders.ocr` calls :func:`prepare`, :func:`is_blank` and
:func:`upscale_factor` on each page before handing it to the engine.
"""
from __future__ import annotations

import math
from typing import Optional

MAX_SKEW_DEGREES = 3.0
SKEW_STEP = 0.1
# Width of the thumbnail used to estimate skew (projection profiles).
SKEW_SAMPLE_WIDTH = 900


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
# shaded toward one corner: 90 (its CER fell from 31% to 0.1% once flattened); a photo
# shadowed over one corner (bench/render_scans.py photo): 30-35, unread until flattened.
UNEVEN_BACKGROUND = 25


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
# quarter-size copy) is looked at for seals (:func:`to_gray`).
RED_INK_MARGIN = 60
RED_INK_MIN = 110
RED_INK_SHARE = 0.0005


# Red ink is grouped into blocks of SEAL_BLOCK pixels (of the quarter-size sample); a
# group of red blocks at least SEAL_MIN_BLOCKS across both ways and not much wider than
# tall (SEAL_MAX_ASPECT) is a seal or a stamp; a thin band of red is printed red text.
SEAL_BLOCK = 16
SEAL_MIN_BLOCKS = 3
SEAL_MAX_ASPECT = 2.5
# A block is red when this share of its sampled pixels is red ink.
SEAL_BLOCK_SHARE = 0.02


def seal_boxes(red) -> list[tuple[int, int, int, int]]:
    """Boxes (in blocks of ``SEAL_BLOCK`` of the boolean mask ``red``) of the seal-shaped
    groups of red blocks."""
    import numpy as np

    h, w = red.shape
    bh, bw = max(1, h // SEAL_BLOCK), max(1, w // SEAL_BLOCK)
    cells = red[:bh * SEAL_BLOCK, :bw * SEAL_BLOCK].reshape(
        bh, SEAL_BLOCK, bw, SEAL_BLOCK).mean(axis=(1, 3)) > SEAL_BLOCK_SHARE
    seen = np.zeros_like(cells)
    boxes = []
    for y, x in zip(*np.nonzero(cells)):
        if seen[y, x]:
            continue
        stack, group = [(y, x)], []
        seen[y, x] = True
        while stack:  # flood fill over 8 neighbours (a ring's blocks touch diagonally)
            cy, cx = stack.pop()
            group.append((cy, cx))
            for ny in range(max(0, cy - 1), min(bh, cy + 2)):
                for nx in range(max(0, cx - 1), min(bw, cx + 2)):
                    if cells[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        ys = [g[0] for g in group]
        xs = [g[1] for g in group]
        gh, gw = max(ys) - min(ys) + 1, max(xs) - min(xs) + 1
        if min(gh, gw) >= SEAL_MIN_BLOCKS and max(gh, gw) <= SEAL_MAX_ASPECT * min(gh, gw):
            boxes.append((min(xs), min(ys), max(xs) + 1, max(ys) + 1))
    return boxes


def to_gray(image):
    """The grayscale image OCR reads. Seals and stamps in red ink — stamped over the
    signature block, as on every signed Vietnamese document, or over the title — are
    read through: inside each seal-shaped patch of red the page is taken from its RED
    channel, where red ink is as light as the paper and black (or blue) text stays dark
    (luminance would turn the seal into a grey ring that hides the position and
    authority lines under it). Elsewhere the page is converted by luminance, so printed
    red text (a red heading, "DỰ THẢO") stays dark and is read."""
    import numpy as np

    from vanban.extractor.loaders.modes import to_8bit

    # 16-bit, float, alpha (a photo's cut-out corners are white paper), palette, CMYK:
    # scaled to 8 bits on white paper
    image = to_8bit(image)
    if image.mode == "L":
        return image
    rgb = image.convert("RGB")
    factor = 4 if min(rgb.size) >= 64 else 1
    small = np.asarray(rgb.reduce(factor) if factor > 1 else rgb, dtype=np.int16)
    r, g, b = small[..., 0], small[..., 1], small[..., 2]
    red = (r - np.maximum(g, b) > RED_INK_MARGIN) & (r >= RED_INK_MIN)
    gray = rgb.convert("L")
    if red.mean() <= RED_INK_SHARE:
        return gray
    boxes = seal_boxes(red)
    if not boxes:
        return gray
    channel = rgb.getchannel("R")
    scale = SEAL_BLOCK * factor
    for x0, y0, x1, y1 in boxes:
        # one block of margin: the ring's outer edge
        box = (max(0, (x0 - 1) * scale), max(0, (y0 - 1) * scale),
               min(gray.width, (x1 + 1) * scale), min(gray.height, (y1 + 1) * scale))
        gray.paste(channel.crop(box), box[:2])
    gray.info["red_patches"] = len(boxes)  # not the plain luminance a reader would make
    return gray


# A page is blank (a back page, maybe with the other side's text or seal showing
# through) when fewer than BLANK_MAX_INK of its pixels are darker than the paper by
# BLANK_INK_DEPTH (0..255). Measured on real scans at 300 dpi: blank back pages with
# show-through 0.000-0.035%, one printed line alone ~0.15%, the emptiest real page
# (a signature page) 2%. Pages whose paper is darker than BLANK_MIN_PAPER are not judged.
BLANK_INK_DEPTH = 100
BLANK_MAX_INK = 0.0005
BLANK_MIN_PAPER = 160


def is_blank(gray) -> bool:
    """Whether a (flattened) grayscale page holds nothing printed or written."""
    import numpy as np

    paper = _percentile_u8(gray.histogram(), 90)
    if paper < BLANK_MIN_PAPER:
        return False
    dark = np.count_nonzero(np.asarray(gray) < paper - BLANK_INK_DEPTH)
    return dark < BLANK_MAX_INK * gray.width * gray.height


# tesseract's LSTM reads best at the text size of a 300 dpi scan of body text (12-14 pt):
# an inked line (ascender to descender) about TARGET_LINE_HEIGHT pixels tall. A page whose
# lines are under MIN_LINE_SHARE of that (a phone photo or a small crop: tesseract gave
# no text on a 400×300 px crop) is enlarged to it, by at most MAX_UPSCALE; pages at or
# above it are read as they are (300 dpi scans already are).
TARGET_LINE_HEIGHT = 50.0
MIN_LINE_SHARE = 0.6
MAX_UPSCALE = 4.0


def line_height(gray) -> Optional[float]:
    """Median height (pixels) of the page's inked text lines from the row profile of its
    dark pixels, None when the page has too few lines to tell."""
    import numpy as np

    paper = _percentile_u8(gray.histogram(), 90)
    # every 4th column: the row profile keeps its shape at a quarter of the cost
    dark = np.asarray(gray)[:, ::4] < paper - BLANK_INK_DEPTH
    rows = dark.sum(axis=1) > max(1, gray.width // 2000)
    edges = np.flatnonzero(np.diff(np.concatenate(([0], rows.view(np.int8), [0]))))
    runs = edges[1::2] - edges[::2]
    if len(runs) < 3:
        return None
    # rules, underlines and dotted leaders are thin runs of their own: not text lines
    runs = runs[runs >= max(3.0, 0.4 * float(np.percentile(runs, 90)))]
    if len(runs) < 3:
        return None
    return float(np.median(runs))


def upscale_factor(gray) -> float:
    """How much to enlarge a page so that its text lands at tesseract's best size (1.0:
    as it is)."""
    height = line_height(gray)
    if height is None or height >= MIN_LINE_SHARE * TARGET_LINE_HEIGHT:
        return 1.0
    # a whole factor: every source pixel becomes the same block (measured on a 150 dpi
    # page: ×2 0.18% CER, ×1.85 0.40%, as it is 0.31%)
    return float(min(MAX_UPSCALE, math.ceil(TARGET_LINE_HEIGHT / height - 0.25)))


# A photo: the page is the bright region and what lies around it (a table, a hand) is at
# least PHOTO_BORDER_DEPTH darker than the paper along most of the image's border.
PHOTO_BORDER_DEPTH = 60
PHOTO_SAMPLE = 200  # width of the thumbnail the outline is looked for on
# The outline is used when the page covers between these shares of the photo.
PHOTO_PAGE_SHARE = (0.3, 0.97)
# The sheet is a photo's only when a corner of it lies further than this share of the
# image's diagonal from the image's corner.
SCAN_CORNER_INSET = 0.05


def page_outline(gray) -> Optional[list[tuple[float, float]]]:
    """Corners (top-left, top-right, bottom-right, bottom-left; in pixels) of the sheet of
    paper in a photo, or None when the image is not a photo of a page on a darker
    ground (a scan: paper right to the edges)."""
    import numpy as np

    factor = max(1, gray.width // PHOTO_SAMPLE)
    small = np.asarray(gray.reduce(factor) if factor > 1 else gray, dtype=np.int16)
    h, w = small.shape
    if h < 20 or w < 20:
        return None
    paper = float(np.percentile(small, 90))
    border = np.concatenate([small[0], small[-1], small[:, 0], small[:, -1]])
    if np.mean(border < paper - PHOTO_BORDER_DEPTH) < 0.5:
        return None
    # nearer the ground than the paper: a shadow across the sheet stays paper
    ground = float(np.median(border))
    bright = small >= ground + 0.35 * (paper - ground)
    bright = _region_of_centre(bright)
    share = float(bright.mean())
    if not PHOTO_PAGE_SHARE[0] <= share <= PHOTO_PAGE_SHARE[1]:
        return None
    ys, xs = np.nonzero(bright)
    s, d = xs + ys, xs - ys
    corners = [(xs[np.argmin(s)], ys[np.argmin(s)]), (xs[np.argmax(d)], ys[np.argmax(d)]),
               (xs[np.argmax(s)], ys[np.argmax(s)]), (xs[np.argmin(d)], ys[np.argmin(d)])]
    # a sheet whose corners all lie near the image's corners fills the image: a scan with
    # a dark edge or shading, not a photo; warping it only blurs the text
    inset = max(float(np.hypot(x - cx, y - cy)) for (x, y), (cx, cy) in
                zip(corners, ((0, 0), (w - 1, 0), (w - 1, h - 1), (0, h - 1))))
    if inset < SCAN_CORNER_INSET * float(np.hypot(w, h)):
        return None
    return [((x + 0.5) * factor, (y + 0.5) * factor) for x, y in corners]


def _region_of_centre(mask):
    """The part of a boolean mask connected to its centre (grown 4-wise from the centre's
    bright pixels): the sheet, without bright things that do not touch it."""
    import numpy as np

    h, w = mask.shape
    region = np.zeros_like(mask)
    cy, cx = h // 2, w // 2
    region[cy - h // 8:cy + h // 8, cx - w // 8:cx + w // 8] = True
    region &= mask
    for _ in range(2 * (h + w)):
        grown = region.copy()
        grown[1:] |= region[:-1]
        grown[:-1] |= region[1:]
        grown[:, 1:] |= region[:, :-1]
        grown[:, :-1] |= region[:, 1:]
        grown &= mask
        if (grown == region).all():
            break
        region = grown
    return region


def correct_perspective(gray):
    """A photo of a page turned into a straight, front-on page (the paper's four corners
    mapped to a rectangle); any other image unchanged."""
    import numpy as np
    from PIL import Image

    corners = page_outline(gray)
    if corners is None:
        return gray
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    width = round((np.hypot(x1 - x0, y1 - y0) + np.hypot(x2 - x3, y2 - y3)) / 2)
    height = round((np.hypot(x3 - x0, y3 - y0) + np.hypot(x2 - x1, y2 - y1)) / 2)
    if width < 50 or height < 50:
        return gray
    dst = [(0, 0), (width, 0), (width, height), (0, height)]
    rows = []
    rhs = []
    for (u, v), (x, y) in zip(corners, dst):  # output (x, y) -> input (u, v)
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rhs.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.append(v)
    try:
        coeffs = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs))
    except np.linalg.LinAlgError:
        return gray
    return gray.transform((width, height), Image.Transform.PERSPECTIVE, tuple(coeffs),
                          Image.Resampling.BILINEAR, fillcolor=255)


def prepare(image):
    """Grayscale, evenly lit, straightened copy of a page image and its skew angle.

    Denoising is left to tesseract's own Otsu binarisation, which copes with the
    speckle of the hard scans; a median filter cost 0.6 s per 300 dpi page (a quarter
    of recognition time) for no measured gain."""
    gray = to_gray(image)
    gray = correct_perspective(gray)  # before flattening: that would whiten the table
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


