"""Seconds per page per input kind, and the share of scan time spent outside tesseract.

    .venv/bin/python bench/pages.py [--scan-pages 2] [--repeat 3] [--write docs/benchmarks.md]

Text kinds (txt, pdf text layer, docx) run every seed sample ``--repeat`` times through
the whole pipeline (:func:`extractor.extract`: loader + parsers + findings) and report
the best run. Scanned kinds (scan300.pdf, scan200-hard.pdf, page1.png) are OCR'd once,
``--scan-pages`` pages of ONE sample each (OCR is slow and the machine is shared): the
time inside the tesseract process is measured by the loader
(``Loaded.ocr_engine_seconds``); everything else (rasterising, deskew, encoding, TSV
parsing, layout, parsers) is "outside".

Targets (issue 2): a text-layer page ≤ 20 ms end to end; on scans everything but
tesseract ≤ 5% of the page time.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

TEXT_KINDS = ["txt", "pdf", "docx"]
SCAN_KINDS = ["scan300.pdf", "scan200-hard.pdf", "page1.png"]
SCAN_SAMPLE = "001_5534bf7f03225f13"  # the longest seed: pages of text and a table


def run_one(path: Path, options):
    """(seconds end to end, pages read, engine seconds, OCR prep seconds) for one file."""
    from extractor.loaders import load
    from extractor.pipeline import extract_text
    from models import Source

    t0 = time.perf_counter()
    loaded = load(path, options)
    source = Source(file=path.name, media_type=loaded.media_type, pages=loaded.pages,
                    text_source=loaded.text_source, ocr=loaded.ocr)
    extract_text(loaded.text, source=source, options=options)
    elapsed = time.perf_counter() - t0
    return elapsed, len(loaded.text.pages), loaded.ocr_engine_seconds, loaded.ocr_prep_seconds


def bench_text(kind: str, repeat: int) -> dict:
    from models import ExtractOptions

    options = ExtractOptions()
    total = pages = 0.0
    for stem in sorted(p.stem for p in SEEDS.glob("*.txt")):
        path = (SEEDS if kind == "txt" else SAMPLES) / f"{stem}.{kind}"
        best = None
        for _ in range(repeat):
            elapsed, n, _, _ = run_one(path, options)
            best = elapsed if best is None else min(best, elapsed)
        total += best
        pages += n
    return {"kind": kind, "files": 5, "pages": int(pages), "per_page": total / pages,
            "engine_share": None, "prep": None}


def bench_scan(kind: str, scan_pages: int) -> dict:
    from models import ExtractOptions

    path = SAMPLES / f"{SCAN_SAMPLE}.{kind}"
    options = ExtractOptions(pages=(1, scan_pages))
    elapsed, n, engine, prep = run_one(path, options)
    return {"kind": kind, "files": 1, "pages": n, "per_page": elapsed / n,
            "engine_share": engine / elapsed, "prep": prep / n}


def table(rows: list[dict]) -> str:
    out = ["| input | files | pages | s/page | share outside tesseract | of which OCR prep s/page |",
           "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        share = "—" if r["engine_share"] is None else f"{(1 - r['engine_share']) * 100:.1f}%"
        prep = "—" if r["prep"] is None else f"{r['prep']:.3f}"
        out.append(f"| {r['kind']} | {r['files']} | {r['pages']} | {r['per_page']:.4f} | {share} "
                   f"| {prep} |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="seconds per page per input kind")
    ap.add_argument("--scan-pages", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--kinds", nargs="*", default=TEXT_KINDS + SCAN_KINDS)
    ap.add_argument("--write", type=Path, help="also write the table into this Markdown file "
                    "between <!-- pages:begin --> and <!-- pages:end -->")
    args = ap.parse_args(argv)
    rows = []
    for kind in args.kinds:
        row = (bench_text(kind, args.repeat) if kind in TEXT_KINDS
               else bench_scan(kind, args.scan_pages))
        rows.append(row)
        print(f"{kind:18} {row['per_page']:.4f} s/page", flush=True)
    md = table(rows)
    print(md)
    if args.write:
        stamp = (f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
                 f"{platform.machine()}, Python {platform.python_version()}, with "
                 f"`bench/pages.py --scan-pages {args.scan_pages} --repeat {args.repeat}`.")
        block = f"<!-- pages:begin -->\n{stamp}\n\n{md}\n<!-- pages:end -->"
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        if "<!-- pages:begin -->" in text:
            head, rest = text.split("<!-- pages:begin -->", 1)
            text = head + block + rest.split("<!-- pages:end -->", 1)[1]
        else:
            text = text + ("\n" if text else "") + block + "\n"
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
