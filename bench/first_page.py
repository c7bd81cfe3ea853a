"""The ``document`` score restricted to the fields printed on a document's first page.

    .venv/bin/python bench/accuracy.py page1.png      # writes out/accuracy/page1.png/
    .venv/bin/python bench/first_page.py out/accuracy/page1.png [-v]

A ``.page1.png`` holds only page 1: the signer, recipients and contacts (last page) cannot
be in it, so issue 2 measures it on the first-page fields: every field of the scorer's
``DOC_FIELDS`` except the signer's. Uses ``../shared/eval/score.py``'s own comparison.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pred", type=Path, help="folder of <stem>.json predictions")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "seeds")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    sc = scorer()
    fields = [(f, k) for f, k in sc.DOC_FIELDS if not f.startswith("signer")]
    total = []
    for gold_path in sorted(args.gold.glob("*.json")):
        pred_path = args.pred / gold_path.name
        if not pred_path.exists():
            continue
        g = json.loads(gold_path.read_text(encoding="utf-8")).get("document") or {}
        p = json.loads(pred_path.read_text(encoding="utf-8")).get("document") or {}
        oks = []
        for field, kind in fields:
            ok = sc.same(sc.get(g, field), sc.get(p, field), kind,
                         0.85 if field == "title" else 0.9)
            oks.append(ok)
            if not ok and args.verbose:
                print(f"    {gold_path.stem} {field}: gold={sc.get(g, field)!r} "
                      f"pred={sc.get(p, field)!r}")
        total.append(sum(oks) / len(oks))
        print(f"{gold_path.stem:28} {total[-1]:.3f}")
    if total:
        print(f"{'MEAN (first-page fields)':28} {sum(total) / len(total):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
