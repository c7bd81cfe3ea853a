"""Character error rate of the loaders' text against the seeds' text.

    .venv/bin/python bench/cer.py pdf docx scan300.pdf page1.png scan200-hard.pdf [-v]
        [--lang vie|Vietnamese|vie+Vietnamese]

For each sample ``../shared/samples/<stem>.<kind>`` the loader's :class:`Text` is
compared with ``../shared/seeds/<stem>.txt``: both sides are NFC, with ``**`` emphasis
dropped and every run of white space (line breaks, tabs) collapsed to one space, so the
CER measures characters and reading order, not line wrapping. ``page1.png`` holds only
the first page: it is compared with the born-digital PDF's page-1 text layer instead.

CER = Levenshtein distance / reference length. OCR is slow: texts are cached in
``--cache`` (default /tmp/vanban-cer-cache) keyed by file and size; ``--refresh`` redoes.
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
import unicodedata
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
SEEDS = SHARED / "seeds"
sys.path.insert(0, str(ROOT))


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("**", "")
    return re.sub(r"\s+", " ", text).strip()


def loaded_text(path: Path, cache: Path, refresh: bool, pages=None, lang: str = "vie") -> str:
    from vanban.extractor.loaders import load
    from vanban.models import ExtractOptions

    key = hashlib.sha1(f"{path}:{path.stat().st_size}:{pages}:{lang}".encode()).hexdigest()[:16]
    cached = cache / f"{path.name}.{key}.txt"
    if cached.exists() and not refresh:
        return cached.read_text(encoding="utf-8")
    text = load(path, ExtractOptions(pages=pages, lang=lang)).text.text
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


def cer(hyp: str, ref: str) -> float:
    return Levenshtein.distance(hyp, ref) / max(1, len(ref))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kinds", nargs="+", help="sample suffixes: txt pdf docx scan300.pdf ...")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/vanban-cer-cache"))
    ap.add_argument("--refresh", action="store_true", help="ignore cached texts")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--lang", default="vie", help="tesseract model(s) for the OCR'd kinds "
                    "(vie, Vietnamese = Debian's tesseract-ocr-script-viet, vie+Vietnamese)")
    args = ap.parse_args(argv)
    stems = sorted(p.stem for p in SEEDS.glob("*.txt"))
    print(f"{'kind':18} {'CER':>7}  per file")
    for kind in args.kinds:
        rates = []
        for stem in stems:
            base = SEEDS if kind == "txt" else SAMPLES
            path = base / f"{stem}.{kind}"
            if not path.exists():
                continue
            if kind == "page1.png":
                ref = norm(loaded_text(SAMPLES / f"{stem}.pdf", args.cache, args.refresh,
                                       pages=(1, 1)))
            else:
                ref = norm((SEEDS / f"{stem}.txt").read_text(encoding="utf-8"))
            hyp = norm(loaded_text(path, args.cache, args.refresh, lang=args.lang))
            rates.append(cer(hyp, ref))
            if args.verbose:
                print(f"  {stem}.{kind}: {rates[-1]:.4f} ({len(hyp)} vs {len(ref)} chars)")
        if rates:
            mean = sum(rates) / len(rates)
            print(f"{kind:18} {mean:7.4f}  " + " ".join(f"{r:.3f}" for r in rates))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
