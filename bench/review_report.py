"""The review report on real and synthetic scans: every item with provenance has a box
on the right page, and the time the report adds per page.

    nice .venv/bin/python bench/review_report.py                 # seed scans + dev scans
    nice .venv/bin/python bench/review_report.py FILE...

The files' OCR is cached (``--cache``, shared with bench/review_flags.py). For each
file the result is extracted from the cached Text, the report written
(``extractor.report.report_html``), and its HTML read back: every field, mention,
target, timetable row and finding whose provenance names a page must have a box
(``.box[data-item]``) inside that page's section, with the provenance's box; the
report's own time (page images + HTML) is divided by the file's pages.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def default_files() -> list[Path]:
    seeds = sorted(p for p in (SHARED / "samples").glob("*")
                   if re.search(r"\.(scan\d+(-hard)?\.pdf|page\d+\.png)$", p.name))
    return seeds + sorted((SHARED / "dev" / "scans" / "docs").glob("*.pdf"))


def main(argv=None) -> int:
    from review_flags import load_cached, result_of

    from vanban.extractor.report import report_html
    from vanban.extractor.report.verify import missing_boxes

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--cache", type=Path, default=ROOT / "out" / "review_cache")
    ap.add_argument("--out", type=Path, help="also write the reports here")
    args = ap.parse_args(argv)
    files = args.files or default_files()
    total_items = total_pages = 0
    total_seconds = 0.0
    worst = 0.0
    failed = 0
    for path in files:
        # the dev scans share bench/review_flags.py's cache; other folders get their own
        sub = args.cache if path.parent.name == "docs" else args.cache / path.parent.name
        loaded = load_cached(path, sub)
        result = result_of(path, loaded)
        t0 = time.perf_counter()
        report = report_html(result, path, text=loaded.text.text)
        seconds = time.perf_counter() - t0
        n, problems = missing_boxes(result, report)
        pages = result.source.pages or 1
        total_items += n
        total_pages += pages
        total_seconds += seconds
        worst = max(worst, seconds / pages)
        failed += bool(problems)
        print(f"{path.name}: {n} items, {len(problems)} without a box on their page; "
              f"report {seconds:.2f}s for {pages} page(s) ({seconds / pages:.2f} s/page)")
        for p in problems[:10]:
            print("   ", p)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / (path.name + ".html")).write_text(report, "utf-8")
    print(f"files: {len(files)}, items with provenance: {total_items}, files with a "
          f"missing box: {failed}; report time {total_seconds:.1f}s for {total_pages} pages "
          f"= {total_seconds / max(total_pages, 1):.2f} s/page (worst file {worst:.2f} s/page)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
