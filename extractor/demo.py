"""``python -m vanban.extractor.demo SAMPLES OUT``: extract every file in a folder and print a
summary table (what ``make demo`` runs)."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table as RichTable

from vanban.extractor import extract
from vanban.extractor.errors import VanbanError
from vanban.extractor.writers import write_json


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    samples = Path(argv[0] if argv else "samples")
    out = Path(argv[1] if len(argv) > 1 else "out/demo")
    files = sorted(p for p in samples.iterdir() if p.is_file() and not p.name.startswith("."))
    table = RichTable(title=f"vanban extract {samples}/ -> {out}/")
    for col in ("file", "source", "pages", "code", "date", "refs", "targets", "rows",
                "findings", "s"):
        table.add_column(col, justify="right" if col in {"pages", "refs", "targets", "rows", "findings", "s"} else "left")
    failures = 0
    for path in files:
        t0 = time.perf_counter()
        try:
            result = extract(path)
        except VanbanError as exc:
            failures += 1
            table.add_row(path.name, "error", "", exc.message[:40], "", "", "", "", "",
                          f"{time.perf_counter() - t0:.1f}")
            continue
        write_json(out / f"{path.name}.json", result)
        doc = result.document
        table.add_row(path.name, result.source.text_source or "", str(result.source.pages or ""),
                      doc.code or "-", str(doc.issue_date or "-"), str(len(result.references)),
                      str(len(result.targets)), str(len(result.timetable)),
                      str(len(result.findings)), f"{time.perf_counter() - t0:.1f}")
    console = Console()
    if not console.is_terminal:  # make's output is a pipe: do not squeeze the table to 80 columns
        console = Console(width=160)
    console.print(table)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
