"""Doubling benchmark: every parser on each pathological shape at 1×, 2×, 4×, 8×.

    PYTHONPATH=. .venv/bin/python bench/linear.py [--base 1.0] [--shapes a,b] [--md]

A parser linear in its input takes twice the time when the input doubles (ratio ~2 per
step, ~8 from 1× to 8×); a quadratic one four times (~64 from 1× to 8×). Each shape is
built here (nothing stored), each measurement runs in a fresh subprocess with a time
cap, so a runaway parser is reported as "> cap" instead of hanging the bench. The
parsers are called through their public entry points: ``parse_header``,
``parse_references``, ``parse_targets``, ``parse_timetable``, ``find_all``, and the
whole ``extract_text`` (which also runs the resolver-free result assembly).
"""
from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

CAP = 120.0  # seconds per measurement
STAGES = ("text", "header", "references", "targets", "timetable", "findings", "extract_text")


def _shapes() -> dict:
    from hostile import HEADER, VIETNAMESE_LINE, text_citations, text_one_line

    def runs(unit: str):
        return lambda n: HEADER + (unit * (n // len(unit) + 1))[:n] + "\n"

    return {
        # (builder, size at 1×, what the size counts)
        "one_line_citations": (text_one_line, 400_000, "chars on one line"),
        "citations_lines": (text_citations, 2_500, "citations, one a line"),
        "citations_one_line": (lambda n: text_citations(n, one_line=True), 1_250,
                               "citations on one line"),
        "code_run": (runs("NĐ-CP/QĐ-UBND-"), 10_000, "chars of codes and dashes"),
        "digit_run": (runs("1234567890"), 10_000, "chars of digits"),
        "slash_run": (runs("12/"), 10_000, "chars of digits and slashes"),
        "slash_only": (runs("/"), 10_000, "slashes"),
        "percents": (lambda n: HEADER + " ".join(f"{i % 100}%" for i in range(n)) + "\n",
                     5_000, "percent items on one line"),
        "percent_lines": (lambda n: HEADER + "\n".join(f"- Đạt {i % 100}% chỉ tiêu"
                                                       for i in range(n)) + "\n",
                          5_000, "percent items, one a line"),
        "dates_run": (runs("ngày 05/3/2020, "), 20_000, "chars of dates"),
        # tables laid out with spaces: a header row over two lines, then numbered rows
        # whose cells wrap, every one a candidate header for the reader of such tables
        "layout_rows": (lambda n: HEADER + "TT    Nội dung           Thời gian    Đơn vị\n"
                        "                         hoàn thành   thực hiện\n" + "\n".join(
                            f"{i % 99 + 1}     Tổ chức hội nghị   Quý I/2021   Văn phòng\n"
                            f"      tổng kết năm                    tỉnh" for i in range(n))
                        + "\n", 2_500, "rows of two lines"),
        # a long ordinary document: pages of cited, quantified lines (items on every page)
        "long_document": (lambda n: HEADER + "\f".join(
            ["\n".join([VIETNAMESE_LINE, "- Phấn đấu 100% cơ quan thực hiện gửi, nhận văn "
                        "bản điện tử qua hệ thống."] * 26)] * n), 50, "pages of 52 lines"),
    }


def measure(shape: str, size: int, only: tuple = STAGES) -> dict:
    """Seconds per stage for one input (run inside the subprocess); stages not in
    ``only`` are skipped (their time is None)."""
    from vanban.extractor.parsers.findings import find_all
    from vanban.extractor.parsers.header import parse_header
    from vanban.extractor.parsers.references import parse_references
    from vanban.extractor.parsers.targets import parse_targets
    from vanban.extractor.parsers.timetable import parse_timetable
    from vanban.extractor.pipeline import context_from, extract_text
    from vanban.extractor.text import Text
    from vanban.models import ExtractOptions, Source

    raw = _shapes()[shape][0](size)
    times = {}
    t = time.perf_counter()
    text = Text.from_string(raw)
    times["text"] = time.perf_counter() - t
    t = time.perf_counter()
    header = parse_header(text)
    times["header"] = time.perf_counter() - t
    ctx = context_from(header)
    outputs: dict = {}
    for name, fn in (("references", parse_references), ("targets", parse_targets),
                     ("timetable", parse_timetable)):
        if name not in only:
            continue
        t = time.perf_counter()
        out = fn(text, ctx)
        times[name] = time.perf_counter() - t
        times[f"n_{name}"] = len(out)
        outputs[name] = out
    if not {"findings", "extract_text"} <= set(only) or len(outputs) < 3:
        times["chars"] = len(raw)
        return times
    t = time.perf_counter()
    find_all(header, outputs["references"], outputs["targets"], outputs["timetable"], text, ctx)
    times["findings"] = time.perf_counter() - t
    t = time.perf_counter()
    extract_text(text, source=Source(file="bench.txt"),
                 options=ExtractOptions(resolve=False, max_items=10**9, max_chars=10**10))
    times["extract_text"] = time.perf_counter() - t
    times["chars"] = len(raw)
    return times


def run_one(shape: str, size: int, only: tuple = STAGES) -> dict:
    try:
        proc = subprocess.run([sys.executable, __file__, "--one", shape, str(size),
                               "--stages", ",".join(only)],
                              capture_output=True, text=True, timeout=CAP)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    return json.loads(proc.stdout)


NOISE = 0.05  # seconds: shorter times are mostly start-up noise on a shared machine


def exponent(times: list[float]) -> Optional[float]:
    """k in time ∝ size^k (1 linear, 2 quadratic): the least-squares slope of log time on
    log size over the points of at least NOISE seconds; None with fewer than two."""
    pts = [(math.log(2 ** i), math.log(t)) for i, t in enumerate(times) if t >= NOISE]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    return (sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", nargs=2, metavar=("SHAPE", "SIZE"))
    ap.add_argument("--base", type=float, default=1.0, help="multiply every 1× size")
    ap.add_argument("--shapes", default="", help="comma-separated subset")
    ap.add_argument("--md", action="store_true", help="print a markdown table")
    ap.add_argument("--stages", default=",".join(STAGES),
                    help="stages to time (default all: " + ",".join(STAGES) + ")")
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one[0], int(args.one[1]), tuple(args.stages.split(",")))))
        return 0
    shapes = _shapes()
    chosen = [s for s in args.shapes.split(",") if s] or list(shapes)
    rows = []
    for shape in chosen:
        base = int(shapes[shape][1] * args.base)
        results = []
        for k in (1, 2, 4, 8):
            r = run_one(shape, base * k, tuple(args.stages.split(",")))
            results.append(r)
            print(f"{shape} {k}x ({base * k:,} {shapes[shape][2]}): "
                  + (json.dumps({s: round(r[s], 3) for s in STAGES if s in r})
                     if "text" in r else str(r)), file=sys.stderr, flush=True)
            if "text" not in r:
                break
        rows.append((shape, base, results))
    if args.md:
        print("| shape (1× size) | stage | 1× s | 2× s | 4× s | 8× s | 8×/1× | exponent k |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for shape, base, results in rows:
            unit = shapes[shape][2]
            for stage in [s for s in STAGES if s in args.stages.split(",")]:
                ts = [r.get(stage) for r in results]
                cells = [f"{t:.3f}" if t is not None else "> cap" for t in ts]
                cells += [""] * (4 - len(cells))
                ok = len(ts) == 4 and all(t is not None for t in ts)
                ratio = f"{ts[3] / max(ts[0], 1e-4):.1f}" if ok else "—"
                k = exponent(ts) if ok else None
                exp = f"{k:.2f}" if k is not None else ("< noise" if ok else "—")
                print(f"| {shape} ({base:,} {unit}) | {stage} | " + " | ".join(cells)
                      + f" | {ratio} | {exp} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
