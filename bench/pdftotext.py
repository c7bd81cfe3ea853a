"""Score the seeds as plain text made by poppler's ``pdftotext`` from their born-digital
PDFs, the text an archive pipeline often keeps instead of the PDF.

    PYTHONPATH=$PWD .venv/bin/python bench/pdftotext.py                 # -layout, -raw, default
    PYTHONPATH=$PWD .venv/bin/python bench/pdftotext.py --modes layout -v
    PYTHONPATH=$PWD .venv/bin/python bench/pdftotext.py --set dev-scans  # the real born-digital PDFs

``--set dev-scans`` takes the PDFs of ``../shared/dev/scans`` that have a text layer (the
born-digital ones; ``pdftotext`` gives a scan no text) and scores them against that gold.

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
# A PDF whose text layer gives fewer words is a scan.
MIN_WORDS = 50


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--modes", nargs="+", choices=sorted(FLAGS), default=["layout", "raw", "default"])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--set", choices=["seeds", "dev-scans"], default="seeds")
    args = ap.parse_args()
    if shutil.which("pdftotext") is None:
        print("pdftotext not found: apt install poppler-utils", file=sys.stderr)
        return 2
    from vanban.extractor import extract
    from vanban.extractor.writers import write_json

    if args.set == "seeds":
        gold, pdfs = SHARED / "gold" / "seeds", SHARED / "samples"
    else:
        gold, pdfs = SHARED / "dev" / "scans" / "gold", SHARED / "dev" / "scans" / "docs"
    for mode in args.modes:
        out = ROOT / "out" / "pdftotext" / args.set / mode
        golds = out / "gold"
        golds.mkdir(parents=True, exist_ok=True)
        for g in sorted(gold.glob("*.json")):
            txt = out / f"{g.stem}.txt"
            subprocess.run(["pdftotext", *FLAGS[mode], "-enc", "UTF-8", str(pdfs / f"{g.stem}.pdf"),
                            str(txt)], check=True)
            if len(txt.read_text(encoding="utf-8").split()) < MIN_WORDS:
                continue  # a scan: no text layer
            (golds / g.name).write_bytes(g.read_bytes())
            write_json(out / f"{g.stem}.json", extract(txt))
        print(f"== {args.set} {mode}", flush=True)
        subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(golds), str(out)]
                       + (["-v"] if args.verbose else []), check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
