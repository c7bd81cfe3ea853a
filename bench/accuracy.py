"""Score the seeds in one input format against the gold answers.

    .venv/bin/python bench/accuracy.py txt            # ../shared/seeds/*.txt
    .venv/bin/python bench/accuracy.py pdf docx       # ../shared/samples/<stem>.pdf / .docx
    .venv/bin/python bench/accuracy.py scan300.pdf page1.png scan200-hard.pdf -v
    .venv/bin/python bench/accuracy.py heldout        # tests/data/heldout (never tuned on)

Writes predictions to out/accuracy/<format>/ and runs shared/eval/score.py on them.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _one(args):
    src, dst = args
    from extractor import extract
    from extractor.errors import VanbanError
    from extractor.writers import write_json

    t0 = time.perf_counter()
    try:
        write_json(dst, extract(src))
        return src.name, time.perf_counter() - t0, None
    except VanbanError as exc:
        return src.name, time.perf_counter() - t0, str(exc)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("formats", nargs="+")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    for fmt in args.formats:
        gold = (ROOT / "tests" / "data" / "heldout") if fmt == "heldout" else SHARED / "gold" / "seeds"
        out = ROOT / "out" / "accuracy" / fmt
        out.mkdir(parents=True, exist_ok=True)
        jobs = []
        for g in sorted(gold.glob("*.json")):
            if fmt == "heldout":
                src = g.with_suffix(".txt")
            elif fmt == "txt":
                src = SHARED / "seeds" / f"{g.stem}.txt"
            else:
                src = SHARED / "samples" / f"{g.stem}.{fmt}"
            jobs.append((src, out / f"{g.stem}.json"))
        with ProcessPoolExecutor(args.jobs) as pool:
            for name, secs, err in pool.map(_one, jobs):
                print(f"  {name}: {secs:.1f}s" + (f"  ERROR {err}" if err else ""), file=sys.stderr)
        print(f"== {fmt}")
        cmd = [sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(out)]
        if args.verbose:
            cmd.append("-v")
        subprocess.run(cmd, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
