"""Start-up time of the ``vanban`` command: ``--version``, ``--help``, ``extract --help``.

    .venv/bin/python bench/startup.py [--repeat 15] [--write docs/startup.md]

Each command runs ``--repeat`` times as a fresh process (the console script beside this
Python, else ``python -m vanban.extractor.cli``); the best and the median wall time are reported,
next to a bare ``python -c pass`` (the floor no change in vanban can go below). The
target (issue 14) is ≤ 0.3 s for ``--help`` and ``--version``: they must load no parser,
model or vocabulary (``tests/test_cli.py`` checks that without timing anything).

The machine is shared: the best run is the fair figure, the median shows the noise.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- startup:begin -->", "<!-- startup:end -->"
PIPELINE = "vanban.extractor.pipeline"  # what `vanban extract` imports before reading a document


def command() -> list[str]:
    script = Path(sys.executable).parent / "vanban"
    return [str(script)] if script.exists() else [sys.executable, "-m", "vanban.extractor.cli"]


def timed(argv: list[str], repeat: int) -> tuple[float, float]:
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(ROOT))
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                       check=False)
        runs.append(time.perf_counter() - t0)
    return min(runs), statistics.median(runs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--write", type=Path, help="replace the marked section of this file")
    args = ap.parse_args()
    base = command()
    rows = [("python -c pass", [sys.executable, "-c", "pass"])]
    for extra in (["--version"], ["--help"], ["extract", "--help"]):
        rows.append(("vanban " + " ".join(extra), base + extra))
    rows.append((f"python -c 'import {PIPELINE}' (what extract loads)",
                 [sys.executable, "-c", f"import {PIPELINE}"]))
    lines = [f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, Python "
             f"{platform.python_version()}, {args.repeat} runs each, load average "
             f"{os.getloadavg()[0]:.1f}:", "",
             "| command | best | median |", "|---|---:|---:|"]
    for label, argv in rows:
        best, median = timed(argv, args.repeat)
        lines.append(f"| `{label}` | {best:.3f} s | {median:.3f} s |")
    table = "\n".join(lines)
    print(table)
    if args.write:
        text = args.write.read_text(encoding="utf-8") if args.write.exists() else ""
        block = f"{BEGIN}\n{table}\n{END}"
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
        else:
            text += ("\n" if text else "") + block + "\n"
        args.write.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
