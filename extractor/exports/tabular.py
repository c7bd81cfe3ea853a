"""CSV, XLSX and JSONL writers over the shared columns (:mod:`.columns`).

Document text goes into spreadsheets, so two things are guarded here:

- **formula injection**: a value starting with ``=``, ``+``, ``-`` or ``@`` (or a tab
  or carriage return, which some programs skip before reading a formula) would be run
  as a formula by a spreadsheet. In CSV it gets a leading apostrophe (what
  spreadsheet programs show as "text"); in XLSX the cell is written as a string cell,
  which no program evaluates, and keeps its exact text.
- **control characters**: XML 1.0 cannot hold most C0 characters, and openpyxl refuses
  them; they are dropped from XLSX cells (a PDF text layer sometimes carries them).

XLSX: one sheet per family with Vietnamese headers, the header row frozen, an
autofilter over the data, widths by column kind, dates as real date cells
(``dd/mm/yyyy``), the cells a reviewer corrected filled yellow (the documents'
``corrections`` column lists their field paths, in CSV too). Every output is written
atomically.
"""
from __future__ import annotations

import csv
import json
import os
import re
import tempfile
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Iterable, Optional, Union

from vanban.extractor.exports.columns import (ERROR_COLUMNS, FAMILIES, SHEET_LABELS, columns,
                                       corrected_cells, error_row, family_rows, header)
from vanban.extractor.writers import new_file_mode
from vanban.models import ErrorRecord, ExtractionResult

PathLike = Union[str, os.PathLike]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_safe(value):
    """A CSV cell a spreadsheet will not run as a formula.

    >>> csv_safe("=HYPERLINK(\\"http://x\\")"), csv_safe("- Phòng GD"), csv_safe(-3)
    ('\\'=HYPERLINK("http://x")', "'- Phòng GD", -3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def xml_safe(value):
    """A text without the control characters XML 1.0 cannot hold."""
    if isinstance(value, str):
        return _ILLEGAL_XML.sub("", value)
    return value


# -- atomic multi-file output ----------------------------------------------------------


class _AtomicFiles:
    """Open several text files in a folder; all are renamed into place on success,
    none is left behind (not even a temporary) on failure."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pending: list[tuple[str, Path]] = []
        self._stack = ExitStack()

    def open(self, name: str, *, encoding: str = "utf-8", newline: Optional[str] = None):
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.folder)
        os.fchmod(fd, new_file_mode())  # mkstemp's 0600 would ignore the umask
        self._pending.append((tmp, self.folder / name))
        return self._stack.enter_context(os.fdopen(fd, "w", encoding=encoding, newline=newline))

    def __enter__(self) -> "_AtomicFiles":
        self.folder.mkdir(parents=True, exist_ok=True)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._stack.close()
        finally:
            for tmp, dest in self._pending:
                if exc_type is None:
                    os.replace(tmp, dest)
                else:
                    try:
                        os.unlink(tmp)
                    except OSError:
                        pass


def _atomic_path(dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    os.fchmod(fd, new_file_mode())  # mkstemp's 0600 would ignore the umask
    os.close(fd)
    return Path(tmp)


# -- CSV -----------------------------------------------------------------------------------


def _csv_row(row: list) -> list:
    return [csv_safe(v.isoformat() if isinstance(v, date) else v) for v in row]


def write_csv_dir(folder: PathLike, results: Iterable[ExtractionResult],
                  errors: Iterable[ErrorRecord] = ()) -> list[Path]:
    """Write ``documents.csv``, ``references.csv``, ``targets.csv``, ``timetable.csv``,
    ``findings.csv`` (and ``errors.csv`` when there are errors) into ``folder``.

    UTF-8 with a byte-order mark so that spreadsheet programs read the Vietnamese
    letters right. Results are streamed: any number can be written.
    """
    folder = Path(folder)
    written = []
    with _AtomicFiles(folder) as files:
        writers = {}
        for family in FAMILIES:
            w = csv.writer(files.open(f"{family}.csv", encoding="utf-8-sig", newline=""))
            w.writerow(header(family))
            writers[family] = w
            written.append(folder / f"{family}.csv")
        for result in results:
            for family, rows in family_rows(result).items():
                writers[family].writerows(_csv_row(r) for r in rows)
        errors = list(errors)
        if errors:
            w = csv.writer(files.open("errors.csv", encoding="utf-8-sig", newline=""))
            w.writerow([c.name for c in ERROR_COLUMNS])
            w.writerows(_csv_row(error_row(e)) for e in errors)
            written.append(folder / "errors.csv")
    return written


# -- XLSX ----------------------------------------------------------------------------------


class _Sheet:
    """A write-only sheet with a bold, frozen header, widths and an autofilter."""

    def __init__(self, wb, name: str, cols) -> None:
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(SHEET_LABELS.get(name, name))
        self.cols = list(cols)
        self.n = 0
        for i, col in enumerate(self.cols, 1):  # widths must precede the rows
            self.ws.column_dimensions[get_column_letter(i)].width = col.xlsx_width
        self.ws.freeze_panes = "A2"
        self._last = get_column_letter(len(self.cols))
        bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        self.ws.append([self._cell(c.label, font=bold, alignment=wrap) for c in self.cols])

    def _cell(self, value, **style):
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.ws, value=None)
        if isinstance(value, str):
            cell.value = xml_safe(value)
            cell.data_type = "s"  # never a formula, whatever the text starts with
        else:
            cell.value = value
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
        for name, val in style.items():
            setattr(cell, name, val)
        return cell

    def append(self, row: list, marked: frozenset = frozenset()) -> None:
        """Append a row; cells whose column name is in ``marked`` (a reviewer corrected
        them) are filled yellow."""
        if not marked:
            self.ws.append([self._cell(v) for v in row])
        else:
            from openpyxl.styles import PatternFill

            fill = PatternFill("solid", fgColor="FFF2CC")
            self.ws.append([self._cell(v, fill=fill) if c.name in marked else self._cell(v)
                            for c, v in zip(self.cols, row)])
        self.n += 1

    def finish(self) -> None:
        self.ws.auto_filter.ref = f"A1:{self._last}{self.n + 1}"


def write_xlsx(path: PathLike, results: Iterable[ExtractionResult],
               errors: Iterable[ErrorRecord] = ()) -> Path:
    """One workbook, one sheet per family (plus ``Lỗi`` for errors)."""
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook(write_only=True)
    sheets = {family: _Sheet(wb, family, columns(family)) for family in FAMILIES}
    for result in results:
        marked = corrected_cells(result)
        for family, rows in family_rows(result).items():
            for i, row in enumerate(rows):
                sheets[family].append(row, frozenset(c for f, n, c in marked
                                                     if f == family and n == i))
    errors = list(errors)
    if errors:
        sheets["errors"] = _Sheet(wb, "errors", ERROR_COLUMNS)
        for e in errors:
            sheets["errors"].append(error_row(e))
    for sheet in sheets.values():
        sheet.finish()
    tmp = _atomic_path(path)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


# -- JSONL ---------------------------------------------------------------------------------


def write_jsonl(folder: PathLike, results: Iterable[ExtractionResult],
                errors: Iterable[ErrorRecord] = ()) -> list[Path]:
    """``results.jsonl`` (one full result a line) and ``errors.jsonl`` when any failed."""
    folder = Path(folder)
    written = [folder / "results.jsonl"]
    with _AtomicFiles(folder) as files:
        fh = files.open("results.jsonl", newline="\n")
        for result in results:
            fh.write(json.dumps(result.model_dump(mode="json"), ensure_ascii=False) + "\n")
        errors = list(errors)
        if errors:
            fe = files.open("errors.jsonl", newline="\n")
            for e in errors:
                fe.write(json.dumps(e.model_dump(mode="json"), ensure_ascii=False) + "\n")
            written.append(folder / "errors.jsonl")
    return written
