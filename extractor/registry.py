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

from extractor.errors import InputError
from extractor.normalize import fold, strip_accents
from extractor.parsers import ParseContext
from extractor.parsers.references import (
    body_by_abbr, canonical_code, code_key, issuer_from_symbol, issuer_key, issuers_compatible,
)
from extractor.parsers.references.codes import lookalike_key
from extractor.review import add_reason
from extractor.vocab import doc_type_by_slug
from models import Reference, RegistryMatch, Review
from models.result import DOC_TYPES

CSV_NAME = "legal_documents.csv"  # hand-checked rows: they win over the public ones
PUBLIC_CSV_NAME = "public_sources.csv"  # rows assembled from public listings
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


def _insert(con: sqlite3.Connection, rows: Iterable[Entry]) -> int:
    values = [[e.key] + [getattr(e, c) for c in COLUMNS] for e in rows]
    with con:
        con.executemany(f"INSERT OR REPLACE INTO documents (key, {', '.join(COLUMNS)}) "
                        f"VALUES (?, {', '.join('?' for _ in COLUMNS)})", values)
    return len(values)


def _base_connection() -> sqlite3.Connection:
    """The base catalogue: built from the packaged CSV into the cache (once)."""
    data = resources.files("extractor.data")
    raw = data.joinpath(CSV_NAME).read_bytes()
    public = data.joinpath(PUBLIC_CSV_NAME)
    raw_public = public.read_bytes() if public.is_file() else b""
    digest = hashlib.sha256(raw + b"\0" + raw_public).hexdigest()[:12]
    rows = lambda: merge_base(read_rows_text(raw.decode("utf-8-sig")),  # noqa: E731
                              read_rows_text(raw_public.decode("utf-8-sig"), PUBLIC_CSV_NAME)
                              if raw_public else [])
    target = _cache_dir() / f"registry-base-{digest}.sqlite"
    if target.exists():
        return _connect(target)
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
                con = _connect(self.user_path)
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
        con = _connect(self.user_path)
        try:
            n = _insert(con, rows)
        finally:
            con.close()
        self._entries = None
        return n

    # -- matching
    def match(self, ref: Reference, ctx: Optional[ParseContext] = None
              ) -> Optional[tuple[Entry, float]]:
        """The registry entry a reference cites, with a score in 0..1, or None (also when
        several documents fit: see :meth:`resolution`)."""
        res = self.resolution(ref, ctx)
        return (res.entry, res.score) if res.entry is not None else None

    def resolution(self, ref: Reference, ctx: Optional[ParseContext] = None) -> "Resolution":
        """Which document a reference cites, from what the citation writes plus the citing
        document's context (``ctx``: its issuer, place, year) for what it leaves out.

        1. the written code (its year too when written); a code without its year by
           number + symbol; a bare number by type; a law by its name and year;
        2. narrowed by the written date, the written issuer, the place of a local
           document (the citation's issuer or the citing document's), then the citing
           year (a document does not cite one issued later);
        3. OCR look-alikes (0/O, 1/l/I, g/q, Đ/D, case) and an issuer abbreviation cut
           short (``TT-BGD``): matched, and reported as a repair (OCR) or a non-standard
           form (born-digital) by the caller — never a different number, year or type.
        One candidate is a match; several are ambiguous (returned, none picked)."""
        self.entries()
        ctx = ctx or ParseContext()
        how = "code"
        cands: list[Entry] = []
        if ref.code:
            cands = self.find(ref.code)
        if not cands and ref.number and ref.symbol:
            sym = code_key(ref.symbol)
            cands = [e for e in self.with_number(ref.number) if code_key(e.symbol) == sym
                     and (not ref.year or e.year == ref.year)]
            how = "symbol" if cands else how
        if not cands and ref.number and ref.symbol:
            cands, how = self._lookalikes(ref), "lookalike"
        if not cands and ref.number and not ref.symbol:
            cands, how = self._by_type(ref), "number"
        if not cands and not ref.number and ref.doc_type == "luat" and ref.title:
            cands, how = self._laws(ref), "law"
        cands = _narrow(ref, cands, ctx)
        if len(cands) == 1:
            score = {"code": 1.0, "symbol": 0.95, "lookalike": 0.85, "number": 0.8,
                     "law": 0.9}[how]
            return Resolution(entry=cands[0], score=score, how=how)
        return Resolution(candidates=tuple(cands), how=how)

    def _lookalikes(self, ref: Reference) -> list[Entry]:
        """Entries whose code differs from the written one only by look-alike characters,
        or whose issuer abbreviation extends a written one cut short (same number, year
        and type part)."""
        written = ref.code or f"{ref.number}/{ref.symbol}"
        hits = [e for e in self._by_lookalike.get(lookalike_key(written), [])]
        if hits:
            return hits
        info = canonical_code(written)
        if info is None or info.party:
            return []
        parts = info.symbol.split("-")
        out = []
        for e in self.with_number(ref.number):
            einfo = canonical_code(e.code) if e.code else None
            if einfo is None or einfo.party or (ref.year and einfo.year != ref.year):
                continue
            eparts = einfo.symbol.split("-")
            if len(eparts) != len(parts) or code_key(eparts[0]) != code_key(parts[0]):
                continue
            a, b = code_key(parts[-1]), code_key(eparts[-1])
            if len(a) >= 2 and a != b and b.startswith(a) and body_by_abbr(parts[-1]) is None:
                out.append(e)
        return out

    def _by_type(self, ref: Reference) -> list[Entry]:
        """A bare number: entries of that number whose type fits — the same type, or a
        decision approving a document of the cited type (``Chương trình 387`` →
        ``387/QĐ-TTg`` "Phê duyệt Chương trình …")."""
        entry = doc_type_by_slug(ref.doc_type or "")
        label = entry.label if entry else None
        return [e for e in self.with_number(ref.number)
                if e.doc_type == ref.doc_type
                or (label and e.title and fold(label) in fold(e.title))]

    def _laws(self, ref: Reference) -> list[Entry]:
        name = strip_accents(fold(re.sub(r"\s+năm\s+\d{4}$", "", ref.title or "")))
        out = []
        for e in self.entries():
            if e.doc_type != "luat" or not e.title:
                continue
            title = re.sub(r"\([^)]*\)|\s+\d{4}$", " ", e.title).strip()  # "Luật Giáo dục (2005)"
            if fuzz.ratio(name, strip_accents(fold(title))) < FUZZY_MIN:
                continue
            if ref.date and e.issue_date and e.day("issue_date").year != ref.date.year:
                continue
            out.append(e)
        return out


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one reference: one entry, or the candidates when several
    documents fit (none picked), or nothing."""

    entry: Optional[Entry] = None
    score: float = 0.0
    how: str = ""
    candidates: tuple[Entry, ...] = ()


def _narrow(ref: Reference, cands: list[Entry], ctx: ParseContext) -> list[Entry]:
    """Keep the candidates the citation and its context allow; a filter that would leave
    none is a fact for the findings (a wrong date), not a reason to drop the match."""
    if not cands:
        return cands

    def keep(pred) -> None:
        nonlocal cands
        kept = [e for e in cands if pred(e)]
        if kept:
            cands = kept

    if len(cands) > 1 and ref.date:
        keep(lambda e: e.day("issue_date") == ref.date)
    if len(cands) > 1 and ref.issuer:
        keep(lambda e: bool(e.issuer) and issuers_compatible(ref.issuer, [e.issuer]))
    # a local document needs its place confirmed: by the citation (issuer, date) or by the
    # citing document being of that place
    cands = [e for e in cands if _scope_confirmed(ref, e, ctx)]
    if len(cands) > 1 and ctx.year:
        keep(lambda e: not e.year or int(e.year) <= ctx.year)
        keep(lambda e: not e.issue_date or e.day("issue_date").year <= ctx.year)
    return cands


def _issuer_fits(written: str, e: Entry) -> bool:
    return issuers_compatible(written, [e.issuer or ""])


_PLACE_ALIASES = {"tp.hcm": "hồ chí minh", "tp hcm": "hồ chí minh", "tphcm": "hồ chí minh"}


def _scope_confirmed(ref: Reference, e: Entry, ctx: Optional[ParseContext] = None) -> bool:
    """Whether a citation can be the local document ``e``: the citation's issuer names its
    place, or its written date is the entry's, or — the citation naming no other issuer —
    the citing document is of that place."""
    if not e.scope:
        return True
    place = fold(e.scope.split(",")[0])
    place = strip_accents(_PLACE_ALIASES.get(place, place))
    if ref.issuer:
        if place in strip_accents(fold(ref.issuer)):
            return True
    if ref.date and e.issue_date and ref.date == e.day("issue_date"):
        return True
    if ctx is not None and not ref.issuer:
        own = " ".join(x for x in (ctx.issuer, ctx.place) if x)
        return bool(own) and place in strip_accents(fold(own))
    return False


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return Registry()


# ---------------------------------------------------------------- resolving
class Resolver(Protocol):
    """Anything that resolves references: ``resolver(refs) -> refs``."""

    def __call__(self, refs: list[Reference]) -> list[Reference]: ...


class RegistryResolver:
    """The offline resolver: fills what the text omitted from the registry and records
    the match (``Reference.registry``); never invents a document and never rewrites what
    is written: on born-digital text a code written otherwise than the registry's keeps
    its writing (the findings report the expected form); on OCR'd text a look-alike is
    repaired and the repair recorded in the mentions' provenance. Several fitting
    documents leave the reference unmatched with an ``ambiguous`` review naming them."""

    def __init__(self, registry: Optional[Registry] = None) -> None:
        self._registry = registry

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = default_registry()
        return self._registry

    def __call__(self, refs: list[Reference], ctx: Optional[ParseContext] = None
                 ) -> list[Reference]:
        return [self.resolve(r, ctx) for r in refs]

    def resolve(self, ref: Reference, ctx: Optional[ParseContext] = None) -> Reference:
        ref = ref.model_copy(deep=True)
        res = self.registry.resolution(ref, ctx)
        if res.entry is None:
            if res.candidates:
                listed = "; ".join(f"{e.code} ngày {e.issue_date or '?'} của {e.clean_issuer or '?'}"
                                   for e in res.candidates[:5])
                more = f" (và {len(res.candidates) - 5} văn bản khác)" if len(res.candidates) > 5 else ""
                review = ref.review or Review()
                add_reason(review, "ambiguous",
                           f"{len(res.candidates)} văn bản trong cơ sở dữ liệu cùng số, ký hiệu "
                           f"này: {listed}{more}", confidence=0.5)
                ref.review = review
            if ref.number:
                ref.registry = RegistryMatch(matched=False)  # reported, never guessed
            ref.issuer = ref.issuer or issuer_from_symbol(ref)
            return ref
        e, score = res.entry, res.score
        ocr = any(m.provenance and m.provenance.source == "ocr" for m in ref.mentions)
        filled: list[str] = []
        if ref.number and e.symbol and not ref.symbol:
            ref.symbol = e.symbol  # absent from the text
            filled.append("symbol")
        elif ref.number and e.symbol and code_key(ref.symbol) != code_key(e.symbol) and ocr:
            # an OCR look-alike (TTq for TTg): repaired, and the repair kept
            for m in ref.mentions:
                if m.provenance is not None:
                    m.provenance.repairs = [*m.provenance.repairs, f"{ref.symbol} -> {e.symbol}"]
            ref.symbol = e.symbol
            filled.append("symbol")
        if e.year and not ref.year and ref.number and (ocr or res.how != "lookalike"):
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


def resolve_references(refs: list[Reference], ctx: Optional[ParseContext] = None
                       ) -> list[Reference]:
    """The pipeline's default resolver: the offline registry, with the citing document's
    context."""
    return RegistryResolver()(refs, ctx)
