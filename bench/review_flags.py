"""How well ``needs_review`` separates wrong header fields from right ones on real scans.

    nice .venv/bin/python bench/review_flags.py                 # ../shared/dev/scans
    nice .venv/bin/python bench/review_flags.py --cache out/review_cache -v

The OCR of the scans is the slow part (minutes), so each file's loaded :class:`Text` is
pickled once under ``--cache`` and the parsers, the confidence step and the flags are run
again from it. For every header field the scorer compares (``shared/eval/score.py``'s
``DOC_FIELDS``) the field is *wrong* when the scorer says so against the gold, *right*
otherwise; a field absent from both sides is not counted (nothing to review). The figure
is the share of wrong fields that carry ``needs_review`` (target >= 90%) and the share of
right fields that carry it (target <= 30%).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def _scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cached(pdf: Path, cache: Path):
    """The file's :class:`Loaded`, from the cache or by running the loader once."""
    from vanban.extractor.loaders import load
    from vanban.models import ExtractOptions

    cache.mkdir(parents=True, exist_ok=True)
    pkl = cache / (pdf.stem + ".pkl")
    if pkl.exists() and pkl.stat().st_mtime >= pdf.stat().st_mtime:
        with pkl.open("rb") as fh:
            return pickle.load(fh)
    t0 = time.perf_counter()
    loaded = load(pdf, ExtractOptions())
    print(f"  loaded {pdf.name} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    with pkl.open("wb") as fh:
        pickle.dump(loaded, fh)
    return loaded


def result_of(pdf: Path, loaded):
    from vanban.extractor.pipeline import extract_text, sha256_file
    from vanban.models import Source

    source = Source(file=pdf.name, sha256=sha256_file(pdf), media_type=loaded.media_type,
                    pages=loaded.pages, text_source=loaded.text_source, ocr=loaded.ocr)
    return extract_text(loaded.text, source=source)


def review_key(field: str) -> list[str]:
    """The ``Document.review`` keys that speak for a scorer field (most specific first)."""
    if field.startswith("period."):
        return [field, "period"]
    if field.startswith("signer."):
        return [field, "signer"]
    return [field]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scans", type=Path, default=SHARED / "dev" / "scans")
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "review_cache")
    ap.add_argument("--load-only", action="store_true", help="only fill the OCR cache")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    pdfs = sorted((args.scans / "docs").glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.scans / 'docs'}", file=sys.stderr)
        return 2
    score = _scorer()
    counts = {"wrong": 0, "wrong_flagged": 0, "right": 0, "right_flagged": 0,
              "wrong_valued": 0, "wrong_valued_flagged": 0}
    per_field: dict[str, dict[str, int]] = {}
    for pdf in pdfs:
        loaded = load_cached(pdf, args.cache)
        if args.load_only:
            continue
        gold = json.loads((args.scans / "gold" / (pdf.stem + ".json")).read_text("utf-8"))
        result = result_of(pdf, loaded)
        pred = json.loads(result.model_dump_json())
        g, p = gold.get("document") or {}, pred["document"]
        for field, kind in score.DOC_FIELDS:
            gv, pv = score.get(g, field), score.get(p, field)
            if pv in (None, "", []) and all(o in (None, "", []) for o in score.options(gv)):
                continue  # absent on both sides
            ok = score.same(gv, pv, kind, 0.85 if field == "title" else 0.9)
            review = next((result.document.review[k] for k in review_key(field)
                           if k in result.document.review), None)
            flagged = bool(review and review.needs_review)
            kind_ = "right" if ok else "wrong"
            if not ok and pv not in (None, "", []):  # a wrong value shown (not a miss)
                counts["wrong_valued"] += 1
                counts["wrong_valued_flagged"] += flagged
            counts[kind_] += 1
            counts[kind_ + "_flagged"] += flagged
            pf = per_field.setdefault(field, {"wrong": 0, "wrong_flagged": 0, "right": 0,
                                              "right_flagged": 0})
            pf[kind_] += 1
            pf[kind_ + "_flagged"] += flagged
            if args.verbose and (ok == flagged):
                conf = review.confidence if review else None
                why = "; ".join(r.code for r in review.reasons) if review else ""
                print(f"{pdf.stem} {field}: {'RIGHT flagged' if ok else 'WRONG unflagged'} "
                      f"conf={conf} [{why}] gold={gv!r} pred={pv!r}")
    if args.load_only:
        return 0

    def share(a, b):
        return f"{100 * a / b:.0f}% ({a}/{b})" if b else "n/a"

    print(f"files: {len(pdfs)}")
    print(f"wrong header fields flagged: {share(counts['wrong_flagged'], counts['wrong'])}")
    print(f"  of which a wrong value (not a miss): "
          f"{share(counts['wrong_valued_flagged'], counts['wrong_valued'])}")
    print(f"right header fields flagged: {share(counts['right_flagged'], counts['right'])}")
    print("| field | wrong flagged | right flagged |")
    print("| --- | --- | --- |")
    for field, pf in per_field.items():
        print(f"| {field} | {share(pf['wrong_flagged'], pf['wrong'])} "
              f"| {share(pf['right_flagged'], pf['right'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
