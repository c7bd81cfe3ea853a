"""Batch throughput and memory: files/s and pages/s for 1 and N workers, scaling
efficiency, peak RSS per worker.

    .venv/bin/python bench/batch.py                    # default: a few minutes on 2 cores
    .venv/bin/python bench/batch.py --files 1000 --scans 12 --big-scan 100   # the full run

Three measurements, each on an archive generated in a temporary folder from
``../shared/samples`` and ``../shared/seeds`` (every copy made distinct by a trailing
comment or byte run, so the batch's de-duplication does not skip it):

1. *mixed*: ``--files`` born-digital files (.txt, .pdf, .docx in turn) — no OCR;
2. *scans*: ``--scans`` one-page scans (the ``.page1.png`` samples at 300 dpi) — OCR-bound,
   where parallel workers should scale: 2 workers ≥ 1.85 × the throughput of 1;
3. *big scan* (``--big-scan PAGES``, off by default): one PDF of PAGES scanned pages built
   with pypdfium2 from a sample page, read by one worker — its peak RSS shows whether
   pages are streamed (the target is < 500 MB per worker).

Each measurement runs ``vanban batch`` (the library call) with 1 and with ``--workers``
workers. Peak RSS per worker: a sampler thread (psutil, every 0.1 s) sums the RSS of each
worker process and its children (tesseract) and keeps the largest sum seen; the
worker's own ``ru_maxrss`` from the ``timings`` table is printed beside it. CPU s/file
is the CPU time of worker + tesseract per file — unlike wall time, it does not depend
on what else runs on the machine. The load average is printed beside each result:
other processes on the machine lower the scaling.
Results go to ``out/bench/batch.json`` (``--report``) and, as a Markdown table, to stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def distinct_copy(src: Path, dst: Path, i: int) -> None:
    """Copy ``src`` to ``dst`` with bytes appended that readers ignore but the hash sees:
    a comment after ``%%EOF`` (PDF), bytes after the zip's end (DOCX), after ``IEND``
    (PNG), a blank-ish line (text)."""
    data = src.read_bytes()
    suffix = src.suffix.lower()
    if suffix == ".pdf":
        tail = f"\n%vanban-bench copy {i}\n".encode()
    elif suffix == ".txt":
        tail = f"\n(bản sao {i})\n".encode()
    else:
        tail = f"vanban-bench copy {i}".encode()
    dst.write_bytes(data + tail)


def make_mixed(folder: Path, n: int) -> None:
    kinds = sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "samples").glob("*.docx")) \
        + [p for p in sorted((SHARED / "samples").glob("*.pdf")) if ".scan" not in p.name]
    folder.mkdir(parents=True)
    for i in range(n):
        src = kinds[i % len(kinds)]
        distinct_copy(src, folder / f"{i:05d}{src.suffix}", i)


def make_scans(folder: Path, n: int) -> None:
    pngs = sorted((SHARED / "samples").glob("*.page1.png"))
    folder.mkdir(parents=True)
    for i in range(n):
        distinct_copy(pngs[i % len(pngs)], folder / f"{i:04d}.png", i)


def make_big_scan(path: Path, pages: int) -> None:
    """A PDF of ``pages`` scanned pages (a 300-dpi sample page as JPEG on an A4 page),
    written with pypdfium2 — the kind of file a copier produces."""
    import pypdfium2 as pdfium
    from PIL import Image

    png = sorted((SHARED / "samples").glob("*.page1.png"))[0]
    jpeg = path.with_suffix(".jpg")
    with Image.open(png) as im:
        w_px, h_px = im.size
        dpi = (im.info.get("dpi") or (300, 300))[0]
        im.convert("L").save(jpeg, quality=85)
    w_pt, h_pt = w_px * 72 / dpi, h_px * 72 / dpi
    pdf = pdfium.PdfDocument.new()
    for _ in range(pages):
        page = pdf.new_page(w_pt, h_pt)
        image = pdfium.PdfImage.new(pdf)
        image.load_jpeg(str(jpeg), inline=False)
        image.set_matrix(pdfium.PdfMatrix().scale(w_pt, h_pt))
        page.insert_obj(image)
        page.gen_content()
    pdf.save(str(path))
    jpeg.unlink()


class TreeRss:
    """Samples, every ``interval`` s, RSS of each child process of this one plus its own
    children (a batch worker and the tesseract it runs); keeps the largest sum."""

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(self.interval):
            for worker in me.children():
                try:
                    total = worker.memory_info().rss
                    for kid in worker.children(recursive=True):
                        total += kid.memory_info().rss
                except psutil.Error:
                    continue
                self.peak_mb = max(self.peak_mb, total / 2**20)

    def __enter__(self) -> "TreeRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run(folder: Path, out: Path, workers: int, timeout: float) -> dict:
    from vanban.extractor.batch import DB_NAME, run_batch

    if out.exists():
        shutil.rmtree(out)
    load0 = os.getloadavg()[0]
    with TreeRss() as tree:
        summary = run_batch([folder], out, workers=workers, timeout=timeout, progress=False)
    con = sqlite3.connect(out / DB_NAME)
    rss, cpu = con.execute("SELECT MAX(rss_mb), SUM(cpu_seconds) FROM timings").fetchone()
    errors = con.execute("SELECT kind, COUNT(*), MIN(message) FROM errors GROUP BY kind").fetchall()
    con.close()
    for kind, count, message in errors:
        print(f"  !! {count} failed with {kind}: {message}", file=sys.stderr)
    return {
        "workers": workers, "files": summary.done + summary.failed, "failed": summary.failed,
        "pages": summary.pages, "seconds": round(summary.seconds, 2),
        "files_per_s": round(summary.files_per_s, 3), "pages_per_s": round(summary.pages_per_s, 3),
        "cpu_s_per_file": round((cpu or 0) / max(1, summary.done), 3),
        "parent_store_s_per_file": round(summary.store_seconds / max(1, summary.done + summary.failed), 4),
        "peak_rss_worker_tree_mb": round(tree.peak_mb, 1), "peak_rss_worker_mb": round(rss or 0, 1),
        "errors": {kind: count for kind, count, _ in errors},
        "load_before": round(load0, 2), "load_after": round(os.getloadavg()[0], 2),
    }


def scaling(one: dict, many: dict) -> dict:
    speedup = many["files_per_s"] / one["files_per_s"] if one["files_per_s"] else 0.0
    return {"speedup": round(speedup, 2), "efficiency": round(speedup / many["workers"], 2)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=200, help="born-digital files (default 200)")
    ap.add_argument("--scans", type=int, default=6, help="one-page scans (default 6)")
    ap.add_argument("--big-scan", type=int, default=0, metavar="PAGES",
                    help="also read one PDF of PAGES scanned pages (e.g. 100); off by default")
    ap.add_argument("--workers", type=int, default=2, help="N for the N-worker runs")
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--keep", action="store_true", help="keep the generated archive")
    ap.add_argument("--report", type=Path, default=ROOT / "out" / "bench" / "batch.json",
                    help="where to write the JSON results (default out/bench/batch.json)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="vanban-bench-"))
    report: dict = {"machine": {"cpus": os.cpu_count()}, "runs": {}}
    try:
        todo = []
        if args.files:
            make_mixed(tmp / "mixed", args.files)
            todo.append(("mixed", tmp / "mixed", (1, args.workers)))
        if args.scans:
            make_scans(tmp / "scans", args.scans)
            todo.append(("scans", tmp / "scans", (1, args.workers)))
        if args.big_scan:
            (tmp / "big").mkdir()
            make_big_scan(tmp / "big" / f"scan{args.big_scan}.pdf", args.big_scan)
            todo.append(("big_scan", tmp / "big", (1,)))
        for name, folder, worker_counts in todo:
            runs = []
            for n in worker_counts:
                t0 = time.perf_counter()
                r = run(folder, tmp / f"out-{name}-{n}", n, args.timeout)
                runs.append(r)
                print(f"{name:9s} workers={n}: {r['files']} files {r['pages']} pages in "
                      f"{time.perf_counter() - t0:.1f} s — {r['files_per_s']} files/s, "
                      f"{r['pages_per_s']} pages/s, {r['cpu_s_per_file']} CPU s/file, parent "
                      f"{r['parent_store_s_per_file']} s/file, peak RSS worker+tesseract {r['peak_rss_worker_tree_mb']} MB "
                      f"(worker alone {r['peak_rss_worker_mb']} MB), load {r['load_before']}"
                      f"→{r['load_after']}", file=sys.stderr, flush=True)
            entry = {"runs": runs}
            if len(runs) == 2:
                entry["scaling"] = scaling(*runs)
            report["runs"][name] = entry
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    print("| archive | workers | files | pages | s | files/s | pages/s | speed-up | efficiency "
          "| CPU s/file | peak RSS per worker, with tesseract (MB) | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, entry in report["runs"].items():
        for r in entry["runs"]:
            sc = entry.get("scaling") if r["workers"] > 1 else None
            print(f"| {name} | {r['workers']} | {r['files']} | {r['pages']} | {r['seconds']} | "
                  f"{r['files_per_s']} | {r['pages_per_s']} | {sc['speedup'] if sc else ''} | "
                  f"{sc['efficiency'] if sc else ''} | {r['cpu_s_per_file']} | "
                  f"{r['peak_rss_worker_tree_mb']} | {r['load_before']}→{r['load_after']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
