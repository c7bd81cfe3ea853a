"""Pen digits in a header slot, read by a small digit classifier instead of tesseract.

The number and the day of a signed document are written in by hand after signing
(``Số: 87 /QĐ-UBND``, ``ngày 16 tháng``). tesseract, trained on print, reads those strokes
badly (``87`` -> ``õ†``, ``05`` -> ``OB_``). Pen digits are written apart from each other,
so a slot crop is cut into its ink components, each group is normalised the way the
MNIST digits were (the ink's box scaled to 20 px, centred by its centre of mass in 28 x 28)
and classified by a small network trained on handwritten digits
(``tools/train_pen_digits.py``; weights in ``extractor/data/pen_digits.npz``).

The reading says how sure it is: the classifier's probability for each digit, and whether
the cut was clean (no group touching the crop's edge, where a digit may be cut or a printed
letter may begin). The caller decides what to keep; numpy only, a few milliseconds a slot.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

import numpy as np

WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "pen_digits.npz"
SIDE, BOX = 28, 20  # MNIST: the digit's box fits 20 x 20, centred in 28 x 28
# Specks and rules are not digits: a group lower than this share of the tallest group is
# dropped, and so is a flat run (a rule or an underline across the crop).
MIN_HEIGHT_SHARE = 0.45
RULE_ASPECT = 2.5
# Two components whose x ranges overlap by this share of the narrower one are one digit
# (the two strokes of a "4", the bar of a continental "7").
MERGE_OVERLAP = 0.35
# A group wider than this share of its height holds more than one digit: pen digits
# are taller than wide, slanted ones included.
SINGLE_ASPECT = 1.15
# Two touching digits are joined by a thin stroke: the column cut through holds at most
# this share of the group's median column ink.
THIN_CUT = 0.6


@dataclass(frozen=True, slots=True)
class PenReading:
    digits: str
    probabilities: tuple[float, ...]  # the classifier's probability of each digit read
    clean: bool  # no digit touches the crop's edge and every group looks like one digit

    @property
    def confidence(self) -> float:
        return min(self.probabilities, default=0.0)


def otsu(values: np.ndarray) -> int:
    """Otsu's threshold of 8-bit values (dark is <= the threshold).

    >>> otsu(np.array([10, 12, 200, 210], dtype=np.uint8)), otsu(np.full(4, 255, np.uint8))
    (12, 127)
    """
    hist = np.bincount(values.ravel(), minlength=256).astype(float)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (m0[-1] * w0 / total - m0) ** 2 / (w0 * w1)
    if np.isnan(between).all():
        return 127  # one level only: ink if dark, paper if light
    return int(np.nanargmax(between))


def components(mask: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """8-connected components of a boolean mask as (rows, cols) index arrays
    (union-find over the runs of each row: linear in the ink, no scipy)."""
    runs: list[tuple[int, int, int]] = []  # (row, start, end)
    parent: list[int] = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    previous: list[int] = []
    for r in range(mask.shape[0]):
        row = mask[r]
        if not row.any():
            previous = []
            continue
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.view(np.int8), [0]))))
        current = []
        for a, b in zip(edges[::2], edges[1::2]):
            k = len(runs)
            runs.append((r, int(a), int(b)))
            parent.append(k)
            for j in previous:
                _, pa, pb = runs[j]
                if pa <= b and a <= pb:  # touching or diagonal: 8-connected
                    ra, rb = find(j), find(k)
                    if ra != rb:
                        parent[rb] = ra
            current.append(k)
        previous = current
    groups: dict[int, list[int]] = {}
    for k in range(len(runs)):
        groups.setdefault(find(k), []).append(k)
    out = []
    for members in groups.values():
        rows = np.concatenate([np.full(runs[k][2] - runs[k][1], runs[k][0]) for k in members])
        cols = np.concatenate([np.arange(runs[k][1], runs[k][2]) for k in members])
        out.append((rows, cols))
    return out


def normalise(ink: np.ndarray) -> np.ndarray:
    """One digit's ink (float, 1 = ink) as a 28 x 28 MNIST-like image in [0, 1]."""
    from PIL import Image

    rows = np.flatnonzero(ink.any(axis=1))
    cols = np.flatnonzero(ink.any(axis=0))
    if not len(rows):
        return np.zeros((SIDE, SIDE), dtype=np.float32)
    ink = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = ink.shape
    scale = BOX / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    small = np.asarray(Image.fromarray((ink * 255).astype(np.uint8)).resize(
        (nw, nh), Image.Resampling.LANCZOS), dtype=np.float32) / 255.0
    small = np.clip(small, 0.0, 1.0)
    total = small.sum()
    if total <= 0:
        return np.zeros((SIDE, SIDE), dtype=np.float32)
    cy = (small.sum(axis=1) * np.arange(nh)).sum() / total
    cx = (small.sum(axis=0) * np.arange(nw)).sum() / total
    top = int(round(SIDE / 2 - cy))
    left = int(round(SIDE / 2 - cx))
    top = min(max(top, 0), SIDE - nh)
    left = min(max(left, 0), SIDE - nw)
    out = np.zeros((SIDE, SIDE), dtype=np.float32)
    out[top:top + nh, left:left + nw] = small
    return deskew(out)


def deskew(image: np.ndarray) -> np.ndarray:
    """The digit sheared upright by its second moments (pen digits lean; the classifier
    should see the shape, not the slant)."""
    from PIL import Image

    total = image.sum()
    if total <= 0:
        return image
    ys, xs = np.mgrid[:SIDE, :SIDE]
    cy = (ys * image).sum() / total
    mu02 = (((ys - cy) ** 2) * image).sum() / total
    cx = (xs * image).sum() / total
    mu11 = (((ys - cy) * (xs - cx)) * image).sum() / total
    if mu02 < 1e-2:
        return image
    skew = mu11 / mu02
    # output (x, y) takes input (x + skew * (y - c), y): the lean removed about the centre
    matrix = (1, skew, -skew * cy, 0, 1, 0)
    img = Image.fromarray((image * 255).astype(np.uint8))
    img = img.transform(img.size, Image.Transform.AFFINE, matrix,
                        resample=Image.Resampling.BILINEAR)
    return np.asarray(img, dtype=np.float32) / 255.0


def features(images: list[np.ndarray]) -> np.ndarray:
    """Pixels and a histogram of gradient directions per 7 x 7 cell (HOG, 8 bins): the
    directions tell strokes apart whatever their width."""
    x = np.stack(images).astype(np.float32)
    gy = np.zeros_like(x)
    gx = np.zeros_like(x)
    gy[:, 1:-1] = x[:, 2:] - x[:, :-2]
    gx[:, :, 1:-1] = x[:, :, 2:] - x[:, :, :-2]
    mag = np.hypot(gx, gy)
    ang = (np.arctan2(gy, gx) % np.pi) / np.pi * 8  # unsigned, 8 bins
    bins = np.minimum(ang.astype(int), 7)
    n = len(images)
    hog = np.zeros((n, 4, 4, 8), dtype=np.float32)
    for b in range(8):
        m = np.where(bins == b, mag, 0.0).reshape(n, 4, 7, 4, 7)
        hog[..., b] = m.sum(axis=(2, 4))
    hog = hog.reshape(n, -1)
    hog /= np.linalg.norm(hog, axis=1, keepdims=True) + 1e-6
    return np.concatenate([x.reshape(n, -1), 4.0 * hog], axis=1)


@dataclass(frozen=True, slots=True)
class _Group:
    x0: int
    x1: int
    y0: int
    y1: int
    members: tuple[int, ...]


def digit_images(gray: np.ndarray) -> tuple[list[np.ndarray], bool]:
    """The digits of a slot crop (8-bit gray, dark ink) left to right, each as its own
    ink (float, 1 = ink) at the crop's resolution, and whether the cut was clean."""
    threshold = otsu(gray)
    mask = gray <= threshold
    if mask.mean() < 0.005:
        return [], True
    parts = components(mask)
    boxes = [(int(c.min()), int(c.max()) + 1, int(r.min()), int(r.max()) + 1) for r, c in parts]
    height_all = gray.shape[0]
    width = gray.shape[1]
    keep = []
    clean = True
    for i, (x0, x1, y0, y1) in enumerate(boxes):
        w, h = x1 - x0, y1 - y0
        if w > RULE_ASPECT * h and h < 0.15 * height_all:
            continue  # a rule or an underline
        if len(parts[i][0]) < 4:
            continue
        if x0 <= 0 or x1 >= width:
            clean = False  # ink cut by the crop: a digit may be cut, or print begins there
        keep.append(i)
    groups: list[_Group] = []
    for i in sorted(keep, key=lambda i: boxes[i][0]):
        x0, x1, y0, y1 = boxes[i]
        if groups:
            g = groups[-1]
            overlap = min(g.x1, x1) - max(g.x0, x0)
            if overlap > MERGE_OVERLAP * min(g.x1 - g.x0, x1 - x0):
                groups[-1] = _Group(min(g.x0, x0), max(g.x1, x1), min(g.y0, y0),
                                    max(g.y1, y1), g.members + (i,))
                continue
        groups.append(_Group(x0, x1, y0, y1, (i,)))
    if not groups:
        return [], True
    tallest = max(g.y1 - g.y0 for g in groups)
    groups = [g for g in groups if g.y1 - g.y0 >= MIN_HEIGHT_SHARE * tallest]
    images = []
    ink = (255.0 - gray.astype(np.float32)) / 255.0
    for g in groups:
        part = np.zeros((g.y1 - g.y0, g.x1 - g.x0), dtype=np.float32)
        for i in g.members:
            rows, cols = parts[i]
            part[rows - g.y0, cols - g.x0] = ink[rows, cols]
        pieces = split_touching(part)
        if len(pieces) > 3:
            clean = False  # a word or a scribble, not digits
        images.extend(pieces)
    return images, clean


def split_touching(part: np.ndarray) -> list[np.ndarray]:
    """One ink group cut into digits: a group wider than one digit (two pen digits that
    touch, "04") is cut at its thinnest column near the middle, again while a piece is
    still too wide."""
    h, w = part.shape
    if w <= SINGLE_ASPECT * h or w < 6:
        return [part]
    profile = (part > 0.5).sum(axis=0)
    n = max(2, int(round(w / (0.75 * h))))
    lo, hi = int(w / n * 0.6), int(w - w / n * 0.6)
    if hi <= lo:
        return [part]
    cut = lo + int(np.argmin(profile[lo:hi]))
    inked = profile[profile > 0]
    if profile[cut] > THIN_CUT * float(np.median(inked)):
        return [part]  # no thin join: one wide digit (a slanted "0"), not two touching
    return split_touching(part[:, :cut]) + split_touching(part[:, cut:])


@lru_cache(maxsize=1)
def _weights() -> tuple[tuple[np.ndarray, ...], ...]:
    """Each network's layers (weights, bias, weights, bias ...); () without the file."""
    if not WEIGHTS.is_file():
        return ()
    with np.load(WEIGHTS) as data:
        nets = sorted({name.split("_")[0] for name in data.files})
        out = []
        for net in nets:
            layers = []
            k = 0
            while f"{net}_w{k}" in data.files:
                layers += [data[f"{net}_w{k}"].astype(np.float32),
                           data[f"{net}_b{k}"].astype(np.float32)]
                k += 1
            out.append(tuple(layers))
        return tuple(out)


def classify(images: list[np.ndarray]) -> list[np.ndarray]:
    """Each network's probabilities (n x 10) of each 28 x 28 image's digit."""
    nets = _weights()
    if not images:
        return [np.zeros((0, 10), dtype=np.float32) for _ in nets]
    feats = features(images)
    out = []
    for layers in nets:
        x = feats
        for k in range(0, len(layers), 2):
            # einsum, not BLAS: for a few rows BLAS's threads cost more than the product
            x = np.einsum("ij,jk->ik", x, layers[k]) + layers[k + 1]
            if k + 2 < len(layers):
                x = np.maximum(x, 0.0)
        x = x - x.max(axis=1, keepdims=True)
        e = np.exp(x)
        out.append(e / e.sum(axis=1, keepdims=True))
    return out


def _variants(part: np.ndarray) -> list[np.ndarray]:
    """The digit as written, turned a little either way and with a thicker stroke, each
    normalised: a reading that changes under such small changes is not sure."""
    from PIL import Image, ImageFilter

    pad = max(2, part.shape[0] // 4)
    img = Image.fromarray((np.pad(part, pad) * 255).astype(np.uint8))
    out = [img, img.rotate(5, resample=Image.Resampling.BILINEAR),
           img.rotate(-5, resample=Image.Resampling.BILINEAR),
           img.filter(ImageFilter.MaxFilter(3))]
    return [normalise(np.asarray(v, dtype=np.float32) / 255.0) for v in out]


def read_pen_digits(gray: np.ndarray, max_digits: int = 5) -> Optional[PenReading]:
    """The digits written in a slot crop, or None when it holds no digit-like ink or more
    groups than a slot can hold. Each digit is classified by every network, as found and
    under small changes of stroke and slant; its probability is the lowest over them all,
    and 0 when any disagrees."""
    images, clean = digit_images(np.asarray(gray, dtype=np.uint8))
    if not images or len(images) > max_digits:
        return None
    variants = [_variants(im) for im in images]
    k = len(variants[0])
    per_net = classify([v for vs in variants for v in vs])
    if not per_net:
        return None  # no weights shipped: no reading
    probs = np.concatenate(per_net, axis=0).reshape(len(per_net), len(images), k, 10)
    digits, sure = [], []
    for i in range(len(images)):
        block = probs[:, i].reshape(-1, 10)  # every net on every variant of digit i
        best = block.argmax(axis=1)
        d = int(np.bincount(best, minlength=10).argmax())
        digits.append(str(d))
        sure.append(float(block[:, d].min()) if (best == d).all() else 0.0)
    return PenReading(digits="".join(digits), probabilities=tuple(sure), clean=clean)
