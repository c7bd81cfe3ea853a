"""Peak memory against page count: a worker's peak must not grow with the pages.

    PYTHONPATH=. .venv/bin/python bench/memory.py [--pages 25,50,100,200,400]

Each measurement is a fresh process (peak RSS from ``ru_maxrss``) reading a generated
document: a text-layer PDF of N full pages (the PDF loader keeps one page open at a time)
and the same N pages as a plain-text file through the whole pipeline (parsers included;
the Text of the whole document is kept, a few KB a page). Only ``import`` + the read is
measured, so the baseline (interpreter and libraries) shows in the 0-page row.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

PROSE = ["Can cu Nghi dinh so 30/2020/ND-CP ngay 05 thang 3 nam 2020 cua Chinh phu ve cong tac",
         "van thu; Uy ban nhan dan tinh ban hanh Ke hoach thuc hien nhiem vu nam 2021 nhu sau:",
         "- To chuc tap huan cho can bo, cong chuc cap xa ve nghiep vu van thu, luu tru;",
         "- Phan dau 100% co quan, don vi thuc hien gui, nhan van ban dien tu qua he thong."]


def _child(kind: str, pages: int, tmp: str) -> dict:
    import resource
    import time

    from vanban.models import ExtractOptions

    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    if kind == "pdf":
        from fixtures_loaders import minimal_pdf

        from vanban.extractor.loaders.pdf import load_pdf

        path = Path(tmp) / f"mem{pages}.pdf"
        path.write_bytes(minimal_pdf([PROSE * 13] * max(pages, 1)))
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        if pages:
            load_pdf(path, ExtractOptions())
    else:
        from hostile import HEADER, VIETNAMESE_LINE

        from vanban.extractor import extract

        path = Path(tmp) / f"mem{pages}.txt"
        page = "\n".join([VIETNAMESE_LINE, "- Phấn đấu 100% cơ quan thực hiện gửi, nhận văn bản "
                          "điện tử qua hệ thống."] * 26)
        path.write_text(HEADER + "\f".join([page] * max(pages, 1)), encoding="utf-8")
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t0 = time.perf_counter()
        if pages:
            extract(path, options=ExtractOptions(resolve=False))
    return {"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "base_mb": base, "seconds": time.perf_counter() - t0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", default="0,25,50,100,200,400")
    ap.add_argument("--child", nargs=3)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], int(args.child[1]), args.child[2])))
        return 0
    import tempfile

    print("| document | pages | peak RSS MB | growth over the import baseline MB | seconds |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("pdf", "txt"):
            for n in (int(x) for x in args.pages.split(",")):
                out = subprocess.run([sys.executable, __file__, "--child", kind, str(n), tmp],
                                     capture_output=True, text=True, timeout=1800)
                if out.returncode:
                    print(f"| {kind} | {n} | failed: {out.stderr.strip().splitlines()[-1]} |")
                    continue
                r = json.loads(out.stdout)
                print(f"| {kind} | {n} | {r['rss_mb']:.0f} | {r['rss_mb'] - r['base_mb']:.0f} "
                      f"| {r['seconds']:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
