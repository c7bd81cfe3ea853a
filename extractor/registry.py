"""The registry of legal documents, and resolving citations against it.

Two SQLite stores with the same table:

- the **base** catalogue, built at first use from ``extractor/data/legal_documents.csv``
  (the project's seed list) into a cache file — ``$VANBAN_HOME/cache/`` when
  ``VANBAN_HOME`` is set, else ``$XDG_CACHE_HOME/vanban`` (``~/.cache/vanban``); it is
  rebuilt whenever the CSV changes (the file name carries the CSV's hash), and kept in
  memory when no cache folder is writable;
- the **user** catalogue of additions (``vanban registry import``) at
  ``$VANBAN_HOME/registry.sqlite``, else ``~/.local/share/vanban/registry.sqlite``.
  A user row overrides the base row with the same code.

Resolution (:class:`RegistryResolver`, used by :func:`resolve_references`, the
pipeline's default resolver) never guesses: a citation is matched by its canonical code;
a code without its year by number + symbol; a bare number (``Chương trình 387``) only
when exactly one registry document has that number and fits the citation's type, issuer
and date; a law cited by name by its title and year; OCR damage in the symbol is
tolerated with rapidfuzz (the number must be exact) and the score is kept in
``RegistryMatch.score``. What is not found keeps ``registry.matched = False``.

Any callable ``list[Reference] -> list[Reference]`` can replace the resolver:
``extract(path, resolver=my_resolver)``.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Optional, Protocol

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from extractor.errors import InputError
from extractor.normalize import fold, strip_accents
from extractor.parsers.references import (
    body_by_abbr, canonical_code, code_key, issuer_from_symbol, issuer_key, issuers_compatible,
)
from extractor.vocab import doc_type_by_slug
from models import Reference, RegistryMatch
from models.result import DOC_TYPES

CSV_NAME = "legal_documents.csv"
STATUSES = ("in_force", "expired", "replaced", "unknown")
FUZZY_MIN = 90.0  # rapidfuzz ratio for an OCR-damaged symbol to count as the same


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


def read_rows(path: Path) -> list[Entry]:
    """Rows of a ``.csv`` (the seed's columns) or ``.jsonl`` file (one object a line)."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise RegistryError("no such file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(f"cannot read ({exc.__class__.__name__})", path=path) from None
    rows: list[Entry] = []
    suffix = path.suffix.lower()
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(raw))
        if not reader.fieldnames or "code" not in reader.fieldnames:
            raise RegistryError("CSV has no 'code' column", path=path)
        for i, row in enumerate(reader, start=2):
            rows.append(_clean_row(row, f"{path}: line {i}"))
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


# ---------------------------------------------------------------- storage
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
    from extractor.errors import InputError

    try:
        con = _connect(path)
        con.execute("SELECT 1 FROM documents LIMIT 1").fetchall()
        return con
    except sqlite3.DatabaseError as exc:
        raise InputError(f"the user registry {path} is not readable ({exc}); move it away "
                         "and import your registry CSV again") from None


def _insert(con: sqlite3.Connection, rows: Iterable[Entry]) -> int:
    n = 0
    with con:
        for e in rows:
            con.execute(f"INSERT OR REPLACE INTO documents (key, {', '.join(COLUMNS)}) "
                        f"VALUES (?, {', '.join('?' for _ in COLUMNS)})",
                        [e.key] + [getattr(e, c) for c in COLUMNS])
            n += 1
    return n


def _base_connection() -> sqlite3.Connection:
    """The base catalogue: built from the packaged CSV into the cache (once)."""
    raw = resources.files("extractor.data").joinpath(CSV_NAME).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()[:12]
    rows = lambda: read_rows_text(raw.decode("utf-8-sig"))  # noqa: E731
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


def read_rows_text(text: str) -> list[Entry]:
    reader = csv.DictReader(io.StringIO(text))
    return [_clean_row(row, f"{CSV_NAME}: line {i}") for i, row in enumerate(reader, start=2)]


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
                        by_key[e.key] = e
                finally:
                    con.close()
            self._entries = list(by_key.values())
            self._by_key = by_key
        return self._entries

    def get(self, code: str) -> Optional[Entry]:
        """The entry with this code (any spelling: ``44/2014/TT-BGD&ĐT``, OCR ``QD``)."""
        self.entries()
        info = canonical_code(code)
        for key in (code_key(code), code_key(info.code) if info else None):
            if key and key in self._by_key:
                return self._by_key[key]
        return None

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

    # -- matching
    def match(self, ref: Reference) -> Optional[tuple[Entry, float]]:
        """The registry entry a reference cites, with a score in 0..1, or None.

        A local document (an entry with a ``scope``: every province has its own
        ``102/KH-UBND``) is only taken when the citation confirms the place (its issuer
        names it) or the date."""
        hit: Optional[tuple[Entry, float]] = None
        if ref.code:
            e = self.get(ref.code)
            if e:
                hit = (e, 1.0)
        if hit is None and ref.number and ref.symbol:
            hit = self._match_symbol(ref)
        elif hit is None and ref.number:
            hit = self._match_number(ref)
        elif hit is None and ref.doc_type == "luat" and ref.title:
            hit = self._match_law(ref)
        if hit is not None and not _scope_confirmed(ref, hit[0]):
            return None
        return hit

    def _match_symbol(self, ref: Reference) -> Optional[tuple[Entry, float]]:
        number = ref.number.lstrip("0")
        sym = code_key(ref.symbol)
        same_number = [e for e in self.entries() if (e.number or "").lstrip("0") == number]
        exact = [e for e in same_number if code_key(e.symbol) == sym
                 and (not ref.year or e.year == ref.year)]
        if len(exact) == 1:
            return exact[0], 0.95  # the text omitted the year
        # OCR damage in the symbol (TTq for TTg): a close symbol under the same number,
        # when exactly one entry is close
        scored = [(fuzz.ratio(sym, code_key(e.symbol)), e) for e in same_number
                  if e.symbol and (not ref.year or not e.year or e.year == ref.year)
                  and _close(sym, code_key(e.symbol))]
        if len(scored) == 1:
            return scored[0][1], scored[0][0] / 100.0
        return None

    def _match_number(self, ref: Reference) -> Optional[tuple[Entry, float]]:
        """A bare number: one entry of that number whose type fits — the same type, or a
        decision approving a document of the cited type (``Chương trình 387`` →
        ``387/QĐ-TTg`` "Phê duyệt Chương trình …")."""
        number = ref.number.lstrip("0")
        entry = doc_type_by_slug(ref.doc_type or "")
        label = entry.label if entry else None
        fits = []
        for e in self.entries():
            if (e.number or "").lstrip("0") != number:
                continue
            if e.doc_type == ref.doc_type:
                fits.append(e)
            elif label and e.title and fold(label) in fold(e.title):
                fits.append(e)
        if ref.issuer:
            fits = [e for e in fits if not e.issuer or _issuer_fits(ref.issuer, e)]
        if ref.date:
            fits = [e for e in fits if not e.issue_date or e.day("issue_date") == ref.date]
        if len(fits) == 1:
            return fits[0], 0.8
        return None

    def _match_law(self, ref: Reference) -> Optional[tuple[Entry, float]]:
        name = strip_accents(fold(re.sub(r"\s+năm\s+\d{4}$", "", ref.title or "")))
        best: list[tuple[float, Entry]] = []
        for e in self.entries():
            if e.doc_type != "luat" or not e.title:
                continue
            title = re.sub(r"\([^)]*\)", " ", e.title)  # "Luật Giáo dục (2005)"
            score = fuzz.ratio(name, strip_accents(fold(title)))
            if score < FUZZY_MIN:
                continue
            if ref.date and e.issue_date and e.day("issue_date").year != ref.date.year:
                continue
            best.append((score, e))
        if len(best) == 1:
            return best[0][1], best[0][0] / 100.0
        return None


def _close(a: str, b: str) -> bool:
    """Symbols (as code keys) that differ by OCR noise: rapidfuzz ratio at least
    FUZZY_MIN, or a single edit in a symbol of four characters or more."""
    return fuzz.ratio(a, b) >= FUZZY_MIN or (min(len(a), len(b)) >= 4
                                              and Levenshtein.distance(a, b) == 1)


def _issuer_fits(written: str, e: Entry) -> bool:
    return issuers_compatible(written, [e.issuer or ""])


_PLACE_ALIASES = {"tp.hcm": "hồ chí minh", "tp hcm": "hồ chí minh", "tphcm": "hồ chí minh"}


def _scope_confirmed(ref: Reference, e: Entry) -> bool:
    """Whether a citation is the local document ``e`` (see :meth:`Registry.match`)."""
    if not e.scope:
        return True
    place = fold(e.scope.split(",")[0])
    place = _PLACE_ALIASES.get(place, place)
    if ref.issuer and strip_accents(place) in strip_accents(fold(ref.issuer)):
        return True
    return bool(ref.date and e.issue_date and ref.date == e.day("issue_date"))


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return Registry()


# ---------------------------------------------------------------- resolving
class Resolver(Protocol):
    """Anything that resolves references: ``resolver(refs) -> refs``."""

    def __call__(self, refs: list[Reference]) -> list[Reference]: ...


class RegistryResolver:
    """The offline resolver: fills what the text omitted from the registry and records
    the match (``Reference.registry``); never invents a document."""

    def __init__(self, registry: Optional[Registry] = None) -> None:
        self._registry = registry

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = default_registry()
        return self._registry

    def __call__(self, refs: list[Reference]) -> list[Reference]:
        return [self.resolve(r) for r in refs]

    def resolve(self, ref: Reference) -> Reference:
        ref = ref.model_copy(deep=True)
        hit = self.registry.match(ref)
        if hit is None:
            if ref.number:
                ref.registry = RegistryMatch(matched=False)  # reported, never guessed
            ref.issuer = ref.issuer or issuer_from_symbol(ref)
            return ref
        e, score = hit
        filled: list[str] = []
        if ref.number and e.symbol and (
                not ref.symbol or code_key(ref.symbol) != code_key(e.symbol)):
            ref.symbol = e.symbol  # absent from the text, or OCR-damaged (TTq for TTg)
            filled.append("symbol")
        if e.year and not ref.year and ref.number:
            ref.year = e.year
            filled.append("year")
        if ref.number and e.code and ({"symbol", "year"} & set(filled) or not ref.code):
            ref.code = e.code
        if ref.date is None and e.issue_date:
            ref.date = e.day("issue_date")
            filled.append("date")
        if not ref.issuer and e.clean_issuer:
            ref.issuer = e.clean_issuer
            filled.append("issuer")
        ref.issuer = ref.issuer or issuer_from_symbol(ref)
        if not ref.title and e.title:
            ref.title = e.title
            filled.append("title")
        ref.registry = RegistryMatch(
            matched=True, status=e.status, code=e.code, score=round(score, 3),
            replaced_by=e.replaced_by, effective_date=e.day("effective_date"),
            expiry_date=e.day("expiry_date"), issue_date=e.day("issue_date"),
            issuer=e.clean_issuer, filled=filled)
        return ref


def resolve_references(refs: list[Reference]) -> list[Reference]:
    """The pipeline's default resolver: the offline registry."""
    return RegistryResolver()(refs)

