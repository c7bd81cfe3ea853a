"""Where the registry lives: the packaged catalogue (built once into a cache file) and
the user's additions, and the :class:`Registry` that reads them (user rows win)."""
from __future__ import annotations

import hashlib
import os
import sqlite3
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Optional

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.references import canonical_code, code_key, issuer_key
from vanban.extractor.parsers.references.codes import lookalike_key
from vanban.models import Reference

from vanban.extractor.registry.rows import (
    COLUMNS, CSV_NAME, PUBLIC_CSV_NAME, Entry, merge_base, read_rows, read_rows_text,
)

if TYPE_CHECKING:
    from vanban.extractor.registry.match import Resolution

_SCHEMA = f"""CREATE TABLE IF NOT EXISTS documents (
    key TEXT PRIMARY KEY, {", ".join(f"{c} TEXT" for c in COLUMNS)})"""


def vanban_home() -> Path:
    home = os.environ.get("VANBAN_HOME")
    if home:
        return Path(home)
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "vanban"


def user_db_path() -> Path:
    return vanban_home() / "registry.sqlite"


def _cache_dir() -> Path:
    if os.environ.get("VANBAN_HOME"):
        return Path(os.environ["VANBAN_HOME"]) / "cache"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "vanban"


def _connect(path: Optional[Path]) -> sqlite3.Connection:
    con = sqlite3.connect(str(path) if path else ":memory:")
    con.row_factory = sqlite3.Row
    con.execute(_SCHEMA)
    return con


def _connect_user(path: Path) -> sqlite3.Connection:
    """The user's registry; a damaged file is a one-line input error (exit 3), not a
    traceback in every command."""
    from vanban.extractor.errors import InputError

    try:
        con = _connect(path)
        con.execute("SELECT 1 FROM documents LIMIT 1").fetchall()
        return con
    except sqlite3.DatabaseError as exc:
        raise InputError(f"the user registry {path} is not readable ({exc}); move it away "
                         "and import your registry CSV again") from None


def _insert(con: sqlite3.Connection, rows: Iterable[Entry]) -> int:
    values = [[e.key] + [getattr(e, c) for c in COLUMNS] for e in rows]
    with con:
        con.executemany(f"INSERT OR REPLACE INTO documents (key, {', '.join(COLUMNS)}) "
                        f"VALUES (?, {', '.join('?' for _ in COLUMNS)})", values)
    return len(values)


def _base_connection() -> sqlite3.Connection:
    """The base catalogue: built from the packaged CSV into the cache (once)."""
    data = resources.files("vanban.extractor.data")
    raw = data.joinpath(CSV_NAME).read_bytes()
    public = data.joinpath(PUBLIC_CSV_NAME)
    raw_public = public.read_bytes() if public.is_file() else b""
    digest = hashlib.sha256(raw + b"\0" + raw_public).hexdigest()[:12]
    rows = lambda: merge_base(read_rows_text(raw.decode("utf-8-sig")),  # noqa: E731
                              read_rows_text(raw_public.decode("utf-8-sig"), PUBLIC_CSV_NAME)
                              if raw_public else [])
    target = _cache_dir() / f"registry-base-{digest}.sqlite"
    if target.exists():
        try:
            con = _connect(target)
            con.execute("SELECT 1 FROM documents LIMIT 1").fetchall()
            return con
        except sqlite3.DatabaseError:  # a damaged cache is rebuilt: it is only a cache
            try:
                target.unlink()
            except OSError:
                con = _connect(None)
                _insert(con, rows())
                return con
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".tmp{os.getpid()}")
        con = _connect(tmp)
        _insert(con, rows())
        con.close()
        os.replace(tmp, target)
        return _connect(target)
    except OSError:
        con = _connect(None)
        _insert(con, rows())
        return con



class Registry:
    """The base catalogue plus the user's additions (user rows win)."""

    def __init__(self, base: Optional[sqlite3.Connection] = None,
                 user_path: Optional[Path] = None) -> None:
        self._base = base if base is not None else _base_connection()
        self.user_path = user_path if user_path is not None else user_db_path()
        self._entries: Optional[list[Entry]] = None
        self._by_key: dict[str, Entry] = {}

    # -- reading
    def entries(self) -> list[Entry]:
        if self._entries is None:
            by_key: dict[str, Entry] = {}
            for row in self._base.execute("SELECT * FROM documents"):
                e = Entry(**{c: row[c] for c in COLUMNS}, source="base")
                by_key[e.key] = e
            if self.user_path.exists():
                con = _connect_user(self.user_path)
                try:
                    for row in con.execute("SELECT * FROM documents"):
                        e = Entry(**{c: row[c] for c in COLUMNS}, source="user")
                        # a user row replaces every base row of its code and date
                        for k in [k for k, b in by_key.items() if b.source == "base"
                                  and b.code_key == e.code_key
                                  and (b.issue_date or b.year) == (e.issue_date or e.year)]:
                            del by_key[k]
                        by_key[e.key] = e
                finally:
                    con.close()
            self._entries = list(by_key.values())
            self._by_code: dict[str, list[Entry]] = {}
            self._by_lookalike: dict[str, list[Entry]] = {}
            self._by_number: dict[str, list[Entry]] = {}
            for e in self._entries:
                self._by_code.setdefault(e.code_key, []).append(e)
                self._by_lookalike.setdefault(lookalike_key(e.code), []).append(e)
                self._by_number.setdefault((e.number or "").lstrip("0"), []).append(e)
        return self._entries

    def find(self, code: str) -> list[Entry]:
        """Every entry with this code (any spelling: ``44/2014/TT-BGD&ĐT``, ``QD``): local
        codes name several documents."""
        self.entries()
        info = canonical_code(code)
        for key in dict.fromkeys((code_key(code), code_key(info.code) if info else None)):
            if key and key in self._by_code:
                return list(self._by_code[key])
        return []

    def get(self, code: str) -> Optional[Entry]:
        """The entry with this code, when exactly one document has it (user rows first)."""
        hits = self.find(code)
        user = [e for e in hits if e.source == "user"]
        hits = user or hits
        return hits[0] if len(hits) == 1 else None

    def with_number(self, number: str) -> list[Entry]:
        self.entries()
        return list(self._by_number.get(number.lstrip("0"), []))

    def stats(self) -> dict:
        """Counts for ``vanban registry stats``."""
        from collections import Counter

        rows = self.entries()
        codes = Counter(e.code_key for e in rows)
        return {
            "documents": len(rows),
            "by_source": dict(Counter(e.source for e in rows)),
            "by_status": dict(Counter(e.status for e in rows).most_common()),
            "by_doc_type": dict(Counter(e.doc_type or "?" for e in rows).most_common()),
            "by_scope": dict(Counter(e.scope or "(toàn quốc)" for e in rows).most_common()),
            "codes": len(codes),
            "codes_naming_several_documents": sum(1 for n in codes.values() if n > 1),
            "replaced_or_expired_without_expiry_date": sum(
                1 for e in rows if e.status in ("replaced", "expired") and not e.expiry_date),
        }

    def list(self, *, issuer: Optional[str] = None, status: Optional[str] = None,
             doc_type: Optional[str] = None) -> list[Entry]:
        out = []
        for e in self.entries():
            if status and e.status != status:
                continue
            if doc_type and e.doc_type != doc_type:
                continue
            if issuer and issuer_key(issuer) not in issuer_key(e.issuer):
                continue
            out.append(e)
        return sorted(out, key=lambda e: (e.issue_date or "", e.code))

    # -- writing (user catalogue only)
    def import_file(self, path: Path) -> int:
        rows = read_rows(Path(path))
        for e in rows:
            e.source = "user"
        self.user_path.parent.mkdir(parents=True, exist_ok=True)
        con = _connect_user(self.user_path)
        try:
            n = _insert(con, rows)
        finally:
            con.close()
        self._entries = None
        return n

    # -- matching (extractor.registry.match)
    def match(self, ref: Reference, ctx: Optional[ParseContext] = None
              ) -> Optional[tuple[Entry, float]]:
        """The registry entry a reference cites, with a score in 0..1, or None (also when
        several documents fit: see :meth:`resolution`)."""
        res = self.resolution(ref, ctx)
        return (res.entry, res.score) if res.entry is not None else None

    def resolution(self, ref: Reference, ctx: Optional[ParseContext] = None) -> "Resolution":
        """Which document a reference cites: :func:`extractor.registry.match.resolve_entry`."""
        from vanban.extractor.registry.match import resolve_entry

        return resolve_entry(self, ref, ctx)

    def lookalikes(self, key: str) -> list[Entry]:
        """Entries whose code has this :func:`lookalike_key`."""
        self.entries()
        return list(self._by_lookalike.get(key, []))


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return Registry()
