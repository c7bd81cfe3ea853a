"""Score the seeds as plain text made by poppler's ``pdftotext`` from their born-digital
PDFs, the text an archive pipeline often keeps instead of the PDF.

    PYTHONPATH=$PWD .venv/bin/python bench/pdftotext.py                 # -layout, -raw, default
    PYTHONPATH=$PWD .venv/bin/python bench/pdftotext.py --modes layout -v

Needs ``pdftotext`` (Debian's ``poppler-utils``); vanban itself does not use it. Each mode
writes ``out/pdftotext/<mode>/<stem>.txt``, extracts it to ``<stem>.json`` and runs
``../shared/eval/score.py`` on the predictions.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FLAGS = {"layout": ["-layout"], "raw": ["-raw"], "default": []}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--modes", nargs="+", choices=sorted(FLAGS), default=["layout", "raw", "default"])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext not found: apt install poppler-utils", file=sys.stderr)
        return 2
    from vanban.extractor import extract
    from vanban.extractor.writers import write_json

    gold = SHARED / "gold" / "seeds"
    for mode in args.modes:
        out = ROOT / "out" / "pdftotext" / mode
        out.mkdir(parents=True, exist_ok=True)
        for g in sorted(gold.glob("*.json")):
            pdf = SHARED / "samples" / f"{g.stem}.pdf"
            txt = out / f"{g.stem}.txt"
            subprocess.run(["pdftotext", *FLAGS[mode], "-enc", "UTF-8", str(pdf), str(txt)],
                           check=True)
            write_json(out / f"{g.stem}.json", extract(txt))
        print(f"== {mode}", flush=True)
        subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(out)]
                       + (["-v"] if args.verbose else []), check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
