"""Registry rows: the CSV/JSONL columns, reading and validating a file (one clear error
line naming the file and line), and merging the packaged files."""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Optional

from vanban.extractor.errors import InputError
from vanban.extractor.parsers.references import code_key, issuer_key
from vanban.models.result import DOC_TYPES

CSV_NAME = "legal_documents.csv"  # hand-checked rows: they win over the public ones
PUBLIC_CSV_NAME = "public_sources.csv"  # rows assembled from public listings
STATUSES = ("in_force", "expired", "replaced", "unknown")


class RegistryError(InputError):
    """A registry file given by the user cannot be read or has bad rows."""


@dataclass
class Entry:
    """One registry row (the CSV's columns)."""

    code: str
    doc_type: Optional[str] = None
    number: Optional[str] = None
    year: Optional[str] = None
    symbol: Optional[str] = None
    scope: Optional[str] = None
    issuer: Optional[str] = None
    issue_date: Optional[str] = None
    title: Optional[str] = None
    status: str = "unknown"
    effective_date: Optional[str] = None
    expiry_date: Optional[str] = None
    replaced_by: Optional[str] = None
    note: Optional[str] = None
    source_url: Optional[str] = None
    source: str = "base"  # base | user

    @property
    def key(self) -> str:
        """The row's identity: code, issuer and date (or year). Numbers of local documents
        restart every year in every body, so a code alone names many documents."""
        when = self.issue_date or self.year or ""
        return f"{code_key(self.code)}|{issuer_key(self.clean_issuer)}|{when}"

    @property
    def code_key(self) -> str:
        return code_key(self.code)

    def day(self, name: str) -> Optional[date]:
        value = getattr(self, name)
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            return None

    @property
    def clean_issuer(self) -> Optional[str]:
        """The issuer without a signer note: ``Thủ tướng Chính phủ (Vũ Đức Đam ký)`` →
        ``Thủ tướng Chính phủ``."""
        if not self.issuer:
            return None
        return re.sub(r"\s*\([^)]*\bký\)", "", self.issuer).strip() or None


COLUMNS = [f.name for f in fields(Entry) if f.name != "source"]


def _clean_row(row: dict, where: str) -> Entry:
    values = {k: (str(row.get(k)).strip() if row.get(k) not in (None, "") else None)
              for k in COLUMNS}
    if not values["code"]:
        raise RegistryError(f"{where}: missing code")
    if values["doc_type"] and values["doc_type"] not in DOC_TYPES:
        raise RegistryError(f"{where}: unknown doc_type {values['doc_type']!r}")
    values["status"] = values["status"] or "unknown"
    if values["status"] not in STATUSES:
        raise RegistryError(f"{where}: status must be one of {', '.join(STATUSES)}")
    for k in ("issue_date", "effective_date", "expiry_date"):
        if values[k]:
            try:
                date.fromisoformat(values[k])
            except ValueError:
                raise RegistryError(f"{where}: {k} {values[k]!r} is not YYYY-MM-DD") from None
    return Entry(**values)


def _csv_rows(raw: str, where: str) -> list[Entry]:
    """Rows of CSV text with the columns of :data:`COLUMNS` (``code`` required); any
    defect is one :class:`RegistryError` naming the line."""
    reader = csv.DictReader(io.StringIO(raw), strict=True)
    try:
        names = reader.fieldnames
    except csv.Error as exc:
        raise RegistryError(f"{where}: line 1: not CSV ({exc})") from None
    if not names or "code" not in names:
        found = ", ".join(n for n in (names or []) if n)[:80] or "none"
        raise RegistryError(f"{where}: CSV has no 'code' column (columns found: {found}; "
                            f"expected comma-separated {', '.join(COLUMNS[:4])}, …)")
    rows: list[Entry] = []
    try:
        for row in reader:
            line = reader.line_num
            if None in row:
                raise RegistryError(f"{where}: line {line}: {len(names) + len(row[None])} fields, "
                                    f"the header has {len(names)}")
            rows.append(_clean_row(row, f"{where}: line {line}"))
    except csv.Error as exc:
        raise RegistryError(f"{where}: line {reader.line_num}: not CSV ({exc})") from None
    return rows


def read_rows(path: Path) -> list[Entry]:
    """Rows of a ``.csv`` (the seed's columns) or ``.jsonl`` file (one object a line)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RegistryError("no such file", path=path) from None
    except UnicodeDecodeError:
        raise RegistryError("not UTF-8 text (save the file as UTF-8)", path=path) from None
    except OSError as exc:
        raise RegistryError(f"cannot read ({exc.__class__.__name__})", path=path) from None
    rows: list[Entry] = []
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(raw, str(path))
    elif suffix in (".jsonl", ".ndjson"):
        for i, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RegistryError(f"line {i}: invalid JSON ({exc.msg})", path=path) from None
            if not isinstance(obj, dict):
                raise RegistryError(f"line {i}: expected a JSON object", path=path)
            rows.append(_clean_row(obj, f"{path}: line {i}"))
    else:
        raise RegistryError("registry files are .csv or .jsonl", path=path)
    return rows



def read_rows_text(text: str, name: str = CSV_NAME) -> list[Entry]:
    return _csv_rows(text, name)


def merge_base(checked: list[Entry], public: list[Entry]) -> list[Entry]:
    """The hand-checked rows, then the public rows that are not the same document as one
    of them (same code and the same date, or a checked row without a date)."""
    seen: dict[str, list[Optional[str]]] = {}
    for e in checked:
        seen.setdefault(e.code_key, []).append(e.issue_date)
    out = list(checked)
    for e in public:
        dates = seen.get(e.code_key)
        if dates is not None and (e.issue_date in dates or None in dates):
            continue
        out.append(e)
    return out
