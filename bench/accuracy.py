"""Score the seeds in one input format against the gold answers.

    .venv/bin/python bench/accuracy.py txt            # ../shared/seeds/*.txt
    .venv/bin/python bench/accuracy.py pdf docx       # ../shared/samples/<stem>.pdf / .docx
    .venv/bin/python bench/accuracy.py scan300.pdf page1.png scan200-hard.pdf -v
    .venv/bin/python bench/accuracy.py heldout        # tests/data/heldout (never tuned on)
    .venv/bin/python bench/accuracy.py heldout:scan300 seeds:hard200   # renders, see below

`heldout:<variant>` and `seeds:<variant>` score the synthetic scans written by
bench/render_scans.py (`--render DIR`, default out/render/<stem>.<variant>.pdf) against the
held-out gold and the seeds' gold.

Writes predictions to out/accuracy/<format>/ (renders: out/accuracy/<render dir>/<kind>-<variant>/)
and runs shared/eval/score.py on them.
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
    from vanban.extractor import extract
    from vanban.extractor.errors import VanbanError
    from vanban.extractor.writers import write_json

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
    ap.add_argument("--render", type=Path, default=ROOT / "out" / "render",
                    help="folder of bench/render_scans.py output, for heldout:/seeds: formats")
    args = ap.parse_args()
    for fmt in args.formats:
        kind, _, variant = fmt.partition(":")
        if variant and kind not in ("heldout", "seeds"):
            ap.error(f"{fmt}: rendered formats are heldout:<variant> or seeds:<variant>")
        heldout = kind == "heldout"
        gold = (ROOT / "tests" / "data" / "heldout") if heldout else SHARED / "gold" / "seeds"
        out = ROOT / "out" / "accuracy" / (f"{args.render.name}/{kind}-{variant}" if variant else fmt)
        out.mkdir(parents=True, exist_ok=True)
        jobs = []
        for g in sorted(gold.glob("*.json")):
            if variant:
                src = args.render / f"{g.stem}.{variant}.pdf"
            elif fmt == "heldout":
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
