"""Seconds per page per input kind, and the share of scan time spent outside tesseract.

    .venv/bin/python bench/pages.py [--scan-pages 2] [--repeat 3] [--write docs/benchmarks.md]

Text kinds (txt, pdf text layer, docx) run every seed sample ``--repeat`` times through
the whole pipeline (loader + parsers + findings) and report the best run. Scanned kinds
(scan300.pdf, scan200-hard.pdf, page1.png) run ``--scan-pages`` pages of ONE sample each,
best of ``--scan-repeat`` runs (OCR is slow and the machine is shared).

For scans two shares are reported:

* wall: the share of the elapsed time during which no tesseract process of the file was
  running (``Loaded.ocr_engine_seconds`` is the union of the runs' intervals, see
  ``extractor.loaders.ocr.EngineClock``). The loader pipelines pages — the next page is
  prepared and the previous one laid out while tesseract reads — so this is what a user
  waits for beyond the engine.
* CPU: this process's CPU time over its own plus its tesseract children's CPU time.
  Pipelining hides work but does not remove it; with every core busy (``vanban batch``
  with one worker per core) this is the share that costs throughput.

Per-process start-up (imports, the registry, first-call caches) is paid once per process
or batch worker, not per page: one small file is run before the clock starts.

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
    """(seconds end to end, pages read, engine seconds, OCR prep seconds, own CPU
    seconds, children's CPU seconds) for one file."""
    import resource

    from vanban.extractor.loaders import load
    from vanban.extractor.pipeline import extract_text
    from vanban.models import Source

    children0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    loaded = load(path, options)
    source = Source(file=path.name, media_type=loaded.media_type, pages=loaded.pages,
                    text_source=loaded.text_source, ocr=loaded.ocr)
    extract_text(loaded.text, source=source, options=options)
    elapsed = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    children1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = ((children1.ru_utime + children1.ru_stime)
                 - (children0.ru_utime + children0.ru_stime))
    return (elapsed, len(loaded.text.pages), loaded.ocr_engine_seconds,
            loaded.ocr_prep_seconds, cpu, child_cpu)


def warm_up() -> None:
    """Imports and first-call caches, once per process (a batch worker pays them once)."""
    from vanban.extractor.loaders import ocr  # numpy, PIL come with the first page
    from vanban.extractor.loaders import tables  # noqa: F401
    from vanban.models import ExtractOptions

    import numpy  # noqa: F401
    from PIL import Image  # noqa: F401

    ocr.engine_version()  # `tesseract --version` and `--list-langs`, once per process
    seed = sorted(SEEDS.glob("*.txt"))[0]
    run_one(seed, ExtractOptions())


def bench_text(kind: str, repeat: int) -> dict:
    from vanban.models import ExtractOptions

    options = ExtractOptions()
    total = pages = 0.0
    for stem in sorted(p.stem for p in SEEDS.glob("*.txt")):
        path = (SEEDS if kind == "txt" else SAMPLES) / f"{stem}.{kind}"
        best = None
        for _ in range(repeat):
            elapsed, n, *_ = run_one(path, options)
            best = elapsed if best is None else min(best, elapsed)
        total += best
        pages += n
    return {"kind": kind, "files": 5, "pages": int(pages), "per_page": total / pages,
            "engine_share": None, "prep": None}


def bench_scan(kind: str, scan_pages: int, repeat: int) -> dict:
    from vanban.models import ExtractOptions

    path = SAMPLES / f"{SCAN_SAMPLE}.{kind}"
    options = ExtractOptions(pages=(1, scan_pages))
    runs = [run_one(path, options) for _ in range(repeat)]
    elapsed, n, engine, prep, cpu, child_cpu = min(runs, key=lambda r: r[0])
    return {"kind": kind, "files": 1, "pages": n, "per_page": elapsed / n,
            "engine_share": engine / elapsed, "prep": prep / n,
            "cpu_share": cpu / (cpu + child_cpu) if cpu + child_cpu else None}


def table(rows: list[dict]) -> str:
    out = ["| input | files | pages | s/page | outside tesseract (wall) | outside tesseract (CPU) "
           "| OCR prep + layout s/page |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        share = "—" if r["engine_share"] is None else f"{(1 - r['engine_share']) * 100:.1f}%"
        cpu = "—" if r.get("cpu_share") is None else f"{r['cpu_share'] * 100:.1f}%"
        prep = "—" if r["prep"] is None else f"{r['prep']:.3f}"
        out.append(f"| {r['kind']} | {r['files']} | {r['pages']} | {r['per_page']:.4f} | {share} "
                   f"| {cpu} | {prep} |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="seconds per page per input kind")
    ap.add_argument("--scan-pages", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scan-repeat", type=int, default=1)
    ap.add_argument("--kinds", nargs="*", default=TEXT_KINDS + SCAN_KINDS)
    ap.add_argument("--write", type=Path, help="also write the table into this Markdown file "
                    "between <!-- pages:begin --> and <!-- pages:end -->")
    args = ap.parse_args(argv)
    import os

    load_before = os.getloadavg()[0]
    warm_up()
    rows = []
    for kind in args.kinds:
        row = (bench_text(kind, args.repeat) if kind in TEXT_KINDS
               else bench_scan(kind, args.scan_pages, args.scan_repeat))
        rows.append(row)
        print(f"{kind:18} {row['per_page']:.4f} s/page", flush=True)
    md = table(rows)
    print(md)
    if args.write:
        stamp = (f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
                 f"{platform.machine()}, Python {platform.python_version()}, with "
                 f"`bench/pages.py --scan-pages {args.scan_pages} --repeat {args.repeat} "
                 f"--scan-repeat {args.scan_repeat}`, load average before the run "
                 f"{load_before:.1f}.")
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
