"""The batch database: one SQLite file (``DIR/vanban.sqlite``) holding every result.

Tables (all keyed by the file's sha256, so identical files are stored once):

- ``documents``  one row per extracted file: the flat columns of
  :data:`extractor.exports.DOCUMENT_COLUMNS` plus ``result_json``, the full result;
- ``references``, ``targets``, ``timetable``, ``findings``: one row per item, keyed by
  ``(sha256, idx)``, columns from :data:`extractor.exports.FAMILIES`;
- ``errors``     one row per file that failed (``key`` = its sha256, or its path when
  it could not even be read), with ``kind`` and ``message``;
- ``files``      every input path seen and the sha256 of its content (duplicates too);
- ``timings``    wall and CPU seconds, pages and the worker's peak RSS, per file (varies run to run, so
  kept apart from the data tables).

Durability: WAL journal, ``synchronous=FULL``, and one transaction per file — a result
and all its rows (and the removal of an earlier error record for the same file) are
committed together or not at all. Only the batch's parent process writes; a kill -9 at
any moment leaves either the whole file or nothing of it.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from extractor.errors import InputError
from extractor.exports import ERROR_COLUMNS, FAMILIES, family_rows, header
from models import ErrorRecord, ExtractionResult

DB_NAME = "vanban.sqlite"
STORE_VERSION = 1
DATA_TABLES = (*FAMILIES, "errors", "files")


def _q(name: str) -> str:
    """Quote an identifier (``references`` is an SQL keyword)."""
    return '"' + name.replace('"', '""') + '"'


def _ddl() -> list[str]:
    stmts = []
    for family, (_attr, columns) in FAMILIES.items():
        cols = ["sha256 TEXT NOT NULL", "file TEXT"]
        if family != "documents":
            cols.append("idx INTEGER NOT NULL")
        cols += [f"{_q(c.name)} {c.sql}" for c in columns]
        if family == "documents":
            cols.append("result_json TEXT NOT NULL")
            cols.append("PRIMARY KEY (sha256)")
        else:
            cols.append("PRIMARY KEY (sha256, idx)")
        stmts.append(f"CREATE TABLE IF NOT EXISTS {_q(family)} ({', '.join(cols)})")
    err_cols = ", ".join(f"{_q(c.name)} {c.sql}" for c in ERROR_COLUMNS)
    stmts += [
        f"CREATE TABLE IF NOT EXISTS errors (key TEXT PRIMARY KEY, {err_cols})",
        "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER)",
        "CREATE INDEX IF NOT EXISTS files_sha ON files (sha256)",
        "CREATE TABLE IF NOT EXISTS timings (sha256 TEXT PRIMARY KEY, seconds REAL, "
        "cpu_seconds REAL, pages INTEGER, rss_mb REAL, finished_at REAL)",
        "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)",
    ]
    return stmts


def db_path(location: Union[str, Path]) -> Path:
    """``location`` itself when it is a file, else ``location/vanban.sqlite``."""
    p = Path(location)
    if p.is_file():
        return p
    if p.is_dir() or p.suffix.lower() not in (".sqlite", ".sqlite3", ".db"):
        return p / DB_NAME
    return p


class Store:
    """Reads and writes the batch database. Not shared between processes for writing:
    the batch parent owns the only writing connection."""

    def __init__(self, path: Union[str, Path], *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise InputError("no batch database here (run `vanban batch ... --out DIR` first)",
                             path=self.path)
        if create:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: no implicit transactions; we BEGIN/COMMIT ourselves.
            self.conn = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")
            if create:
                self._create()
            else:
                self._check()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"is not a vanban batch database ({exc})", path=self.path) from None

    def _create(self) -> None:
        with self.transaction():
            for stmt in _ddl():
                self.conn.execute(stmt)
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('store_version', ?)",
                              (str(STORE_VERSION),))

    def _check(self) -> None:
        row = self.conn.execute("SELECT value FROM meta WHERE name='store_version'").fetchone()
        if row is None:
            raise sqlite3.DatabaseError("no meta table")

    # -- transactions --------------------------------------------------------------
    def transaction(self):
        return _Txn(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- queries -------------------------------------------------------------------
    def is_empty(self) -> bool:
        for table in ("documents", "errors", "files"):
            if self.conn.execute(f"SELECT 1 FROM {_q(table)} LIMIT 1").fetchone():
                return False
        return True

    def done_shas(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT sha256 FROM documents")}

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM {_q(table)}").fetchone()[0]

    def iter_results(self) -> Iterator[ExtractionResult]:
        """Every stored result, in file-name order (then hash, for a stable order)."""
        cur = self.conn.execute("SELECT result_json FROM documents ORDER BY file, sha256")
        for (blob,) in cur:
            yield ExtractionResult.model_validate_json(blob)

    def iter_errors(self) -> Iterator[ErrorRecord]:
        cols = ", ".join(_q(c.name) for c in ERROR_COLUMNS)
        cur = self.conn.execute(f"SELECT {cols} FROM errors ORDER BY file, key")
        for row in cur:
            yield ErrorRecord(**dict(zip((c.name for c in ERROR_COLUMNS), row)))

    # -- writes (each one transaction) ---------------------------------------------
    def note_files(self, rows: Iterable[tuple[str, Optional[str], Optional[int]]]) -> None:
        """Record input paths and their hashes (path, sha256, size)."""
        with self.transaction():
            self.conn.executemany(
                "INSERT INTO files (path, sha256, size) VALUES (?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET sha256=excluded.sha256, size=excluded.size",
                list(rows))

    def stored_paths(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT path FROM files")}

    def forget(self, gone: Iterable[str]) -> int:
        """``--resume``: drop the input paths no longer walked (deleted files), then every
        row whose content no input path holds any more (deleted or edited files), in one
        transaction. Returns how many documents were removed."""
        gone = list(gone)
        with self.transaction():
            self.conn.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in gone])
            self.conn.executemany("DELETE FROM errors WHERE key = ?", [(p,) for p in gone])
            live = "SELECT sha256 FROM files WHERE sha256 IS NOT NULL"
            removed = self.conn.execute(
                f"SELECT COUNT(*) FROM documents WHERE sha256 NOT IN ({live})").fetchone()[0]
            for table in (*FAMILIES, "timings"):
                self.conn.execute(f"DELETE FROM {_q(table)} WHERE sha256 NOT IN ({live})")
            self.conn.execute(f"DELETE FROM errors WHERE sha256 IS NOT NULL AND key = sha256 "
                              f"AND sha256 NOT IN ({live})")
        return removed

    def save_result(self, sha256: str, result: ExtractionResult, *,
                    seconds: Optional[float] = None, cpu_seconds: Optional[float] = None,
                    rss_mb: Optional[float] = None) -> None:
        """Store one result and all its rows in one transaction (replacing any earlier
        result or error record of the same content)."""
        rows = family_rows(result, sha256)
        blob = json.dumps(result.model_dump(mode="json"), ensure_ascii=False)
        with self.transaction():
            for family in FAMILIES:
                self.conn.execute(f"DELETE FROM {_q(family)} WHERE sha256 = ?", (sha256,))
            for family, family_rows_ in rows.items():
                names = header(family) + (["result_json"] if family == "documents" else [])
                marks = ", ".join("?" * len(names))
                cols = ", ".join(_q(n) for n in names)
                values = [r + [blob] for r in family_rows_] if family == "documents" else family_rows_
                self.conn.executemany(f"INSERT INTO {_q(family)} ({cols}) VALUES ({marks})", values)
            self.conn.execute("DELETE FROM errors WHERE key = ?", (sha256,))
            self.conn.execute("INSERT OR REPLACE INTO timings VALUES (?, ?, ?, ?, ?, ?)",
                              (sha256, seconds, cpu_seconds, result.source.pages, rss_mb,
                               time.time()))

    def save_error(self, record: ErrorRecord, key: Optional[str] = None) -> None:
        """Store (or replace) the error record of one file, keyed by its sha256 or path."""
        key = key or record.sha256 or record.file
        names = [c.name for c in ERROR_COLUMNS]
        cols = ", ".join(_q(n) for n in names)
        with self.transaction():
            self.conn.execute(f"INSERT OR REPLACE INTO errors (key, {cols}) "
                              f"VALUES (?, {', '.join('?' * len(names))})",
                              [key, *(c.get(record) for c in ERROR_COLUMNS)])

    def table_rows(self, table: str, *, exclude: tuple[str, ...] = ()) -> list[tuple]:
        """All rows of a data table, sorted — to compare two databases."""
        cols = [r[1] for r in self.conn.execute(f"PRAGMA table_info({_q(table)})")
                if r[1] not in exclude]
        sel = ", ".join(_q(c) for c in cols)
        return sorted(self.conn.execute(f"SELECT {sel} FROM {_q(table)}").fetchall(),
                      key=repr)


class _Txn:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self):
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
