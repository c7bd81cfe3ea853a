"""The store: every result, document, correction and error, in SQLite or PostgreSQL.

    Store("out/vanban.sqlite")                        # embedded default
    Store("postgresql://clerk@db.example/vanban")     # a tracker several programs share

The schema (:mod:`extractor.batch.tables`) is created and upgraded by Alembic
migrations (``extractor/batch/migrations``), the same on both engines. A document is
identified by issuer + code + issue date (:mod:`extractor.identity`), apart from the
files it came from: storing the result of a second file of the same document (its
scan, its DOCX) adds a source to that document instead of a second document. The
document's values and rows are read from its best source (text layer before OCR) with
the reviewers' corrections applied (:mod:`extractor.batch.corrections`).

Durability: one transaction per file — a result, its document's rows and the removal of
an earlier error record are committed together or not at all (SQLite: WAL journal,
``synchronous=FULL``, ``BEGIN IMMEDIATE``). A kill -9 at any moment leaves each file
either complete or absent.

Functions for other programs (the review screens, the HTTP API): :meth:`Store.list_documents`,
:meth:`Store.document_json`, :meth:`Store.sources`, :meth:`Store.corrections`,
:meth:`Store.add_correction`; jobs: :meth:`Store.create_job`, :meth:`Store.update_job`,
:meth:`Store.job`.
"""
from __future__ import annotations

import json
import os
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from vanban.extractor.batch import corrections as corr
from vanban.extractor.batch import tables as T
from vanban.extractor.batch.engine import (DB_NAME, db_path, engine_url, migrate, now_iso,  # noqa: F401
                                    sqlite_engine)
from vanban.extractor.errors import InputError
from vanban.extractor.exports import item_values
from vanban.extractor.identity import Identity, compatible
from vanban.models import ErrorRecord, ExtractionResult

#: tables two equal batches share row for row (volatile clock columns left out)
DATA_TABLES = ("documents", "sources", *(T.FAMILY_TABLES[f] for f in T.ITEM_FAMILIES),
               "errors", "files")
#: which source a document's values are read from: text before OCR
_TEXT_RANK = {"text_layer": 0, "docx": 0, "plain_text": 1, "mixed": 2, "ocr": 3}


def _rank(src) -> tuple:
    return (_TEXT_RANK.get(src.text_source, 9), -(src.ocr_confidence or 0.0),
            src.path or "", src.sha256)


class Store:
    """Reads and writes one vanban database. Thread-safe: each call takes a pooled
    connection and its own transaction."""

    def __init__(self, location: Union[str, Path], *, create: bool = True) -> None:
        self.url = engine_url(location)
        self.is_sqlite = self.url.startswith("sqlite")
        # a server URL is shown (in messages, summaries) without its password
        self.path = sa.make_url(self.url).render_as_string(hide_password=True) \
            if not self.is_sqlite else Path(str(location))
        if self.is_sqlite:
            if not create and not self.path.is_file():
                raise InputError("no batch database here (run `vanban batch ... --out DIR` "
                                 "first)", path=self.path)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.engine = sqlite_engine(self.url, immediate=True)
            self.reader = sqlite_engine(self.url, immediate=False)
        else:
            self.engine = self.reader = sa.create_engine(self.url, pool_pre_ping=True)
        try:
            self._open(create)
        except DBAPIError as exc:
            self.close()
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()
            raise InputError(f"cannot be opened as a vanban database "
                             f"({reason[0] if reason else type(exc).__name__})",
                             path=self.path) from None
        except BaseException:
            self.close()
            raise

    def _open(self, create: bool) -> None:
        names = set(sa.inspect(self.reader).get_table_names())
        if "meta" in names and "alembic_version" not in names:
            raise InputError("was made by an earlier vanban (one row per file); run the "
                             "batch again into a new --out", path=self.path)
        if not create and "alembic_version" not in names:
            raise InputError("is not a vanban database (no schema version)", path=self.path)
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()
        if self.reader is not self.engine:
            self.reader.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self, fn, *args, **kwargs):
        """Run ``fn(conn, …)`` in one write transaction; retried when another writer
        created the same document at the same moment (PostgreSQL)."""
        for attempt in range(5):
            try:
                with self.engine.begin() as conn:
                    return fn(conn, *args, **kwargs)
            except (IntegrityError, OperationalError):
                if attempt == 4:
                    raise
                time.sleep(0.05 * (attempt + 1))

    # -- batch queries (the runner's interface) ------------------------------------
    def is_empty(self) -> bool:
        with self.reader.connect() as conn:
            for table in (T.sources, T.errors, T.files):
                if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                    return False
        return True

    def done_shas(self) -> set[str]:
        with self.reader.connect() as conn:
            return set(conn.execute(sa.select(T.sources.c.sha256)).scalars())

    def count(self, table: str) -> int:
        with self.reader.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(
                T.metadata.tables[table])).scalar_one()

    def iter_results(self) -> Iterator[ExtractionResult]:
        """Every document's result (best source, corrections applied), in path order."""
        with self.reader.connect() as conn:
            ids = conn.execute(sa.select(T.documents.c.id).where(T.documents.c.n_sources > 0)
                               .order_by(T.documents.c.path, T.documents.c.id)).scalars().all()
        for doc_id in ids:
            data = self.document_json(doc_id)
            if data is not None:
                yield ExtractionResult.model_validate(data)

    def iter_errors(self) -> Iterator[ErrorRecord]:
        with self.reader.connect() as conn:
            rows = conn.execute(sa.select(T.errors).order_by(T.errors.c.path, T.errors.c.record_key))
            for r in rows.mappings():
                yield ErrorRecord(file=r["path"], sha256=r["sha256"], kind=r["kind"],
                                  message=r["message"], exit_code=r["exit_code"])

    def table_rows(self, table: str, *, exclude: tuple[str, ...] = ()) -> list[tuple]:
        """All rows of a table or view, sorted, clock columns left out — to compare two
        databases (SQLite and PostgreSQL give the same Python values)."""
        tbl = T.metadata.tables.get(table)
        if tbl is None:
            tbl = sa.Table(table, sa.MetaData(), autoload_with=self.reader)
        cols = [c for c in tbl.columns if c.name not in T.VOLATILE and c.name not in exclude]
        with self.reader.connect() as conn:
            return sorted((tuple(r) for r in conn.execute(sa.select(*cols))), key=repr)

    # -- batch writes (each one transaction) ---------------------------------------
    def note_files(self, rows: Iterable[tuple[str, Optional[str], Optional[int]]]) -> None:
        """Record input paths and their hashes (path, sha256, size)."""
        rows = {T.norm_path(p): (sha, size) for p, sha, size in rows}
        if not rows:
            return

        def run(conn):
            have = set()
            paths = list(rows)
            for i in range(0, len(paths), 500):
                have |= set(conn.execute(sa.select(T.files.c.path).where(
                    T.files.c.path.in_(paths[i:i + 500]))).scalars())
            for path in have:
                sha, size = rows[path]
                conn.execute(T.files.update().where(T.files.c.path == path)
                             .values(sha256=sha, size=size))
            new = [{"path": p, "sha256": s, "size": z} for p, (s, z) in rows.items()
                   if p not in have]
            if new:
                conn.execute(T.files.insert(), new)
        self._write(run)

    def stored_paths(self) -> set[str]:
        """The input paths the batch has recorded (absolute, as ``files`` keeps them)."""
        with self.reader.connect() as conn:
            return set(conn.execute(sa.select(T.files.c.path)).scalars())

    def forget(self, gone: Iterable[str]) -> int:
        """``--resume``: drop the input paths no longer walked (deleted files), then every
        source that was read from a batch input path and whose content no input path holds
        any more (deleted or edited files), in one transaction; documents left with no
        source and no correction go with them. Sources that came by another way (uploads,
        the watch folder) are kept. Returns how many sources were removed."""
        gone = sorted({T.norm_path(p) for p in gone})
        return self._write(self._forget, gone)

    def _forget(self, conn, gone: list[str]) -> int:
        for i in range(0, len(gone), 500):
            chunk = gone[i:i + 500]
            conn.execute(T.files.delete().where(T.files.c.path.in_(chunk)))
            conn.execute(T.errors.delete().where(T.errors.c.record_key.in_(chunk)))
        live = set(conn.execute(sa.select(T.files.c.sha256)
                                .where(T.files.c.sha256.is_not(None))).scalars())
        batch_paths = set(conn.execute(sa.select(T.files.c.path)).scalars()) | set(gone)
        stale = [r for r in conn.execute(sa.select(T.sources.c.sha256, T.sources.c.path,
                                                   T.sources.c.document_id)).all()
                 if r.path in batch_paths and r.sha256 not in live]
        for r in stale:
            conn.execute(T.sources.delete().where(T.sources.c.sha256 == r.sha256))
            conn.execute(T.timings.delete().where(T.timings.c.sha256 == r.sha256))
            conn.execute(T.errors.delete().where(T.errors.c.record_key == r.sha256))
        for doc_id in sorted({r.document_id for r in stale}):
            self._refresh(conn, doc_id)
        return len(stale)

    def save_result(self, sha256: str, result: ExtractionResult, *, path: Optional[str] = None,
                    seconds: Optional[float] = None, cpu_seconds: Optional[float] = None,
                    rss_mb: Optional[float] = None) -> str:
        """Store one file's result in one transaction: the source, its document (found by
        identity, or new) and the document's rows; an earlier error record of the same
        content goes. Returns the document id."""
        blob = json.dumps(result.model_dump(mode="json"), ensure_ascii=False)
        return self._write(self._save_result, sha256, result, blob, path,
                           (seconds, cpu_seconds, rss_mb))

    def _save_result(self, conn, sha, result, blob, path, timing) -> str:
        ident = Identity.of(result)
        if path is None:
            path = conn.execute(sa.select(sa.func.min(T.files.c.path))
                                .where(T.files.c.sha256 == sha)).scalar()
        path = T.norm_path(path) if path else None  # absolute or unknown, never a bare name
        size = conn.execute(sa.select(T.files.c.size).where(T.files.c.path == path)).scalar()
        if size is None and path and os.path.isfile(path):  # an upload, a watched file
            size = os.path.getsize(path)
        old_doc = conn.execute(sa.select(T.sources.c.document_id)
                               .where(T.sources.c.sha256 == sha)).scalar()
        doc_id = self._match(conn, ident, sha)
        conn.execute(T.sources.delete().where(T.sources.c.sha256 == sha))
        conn.execute(T.sources.insert().values(
            sha256=sha, document_id=doc_id, path=path, size=size,
            media_type=result.source.media_type, text_source=result.source.text_source,
            pages=result.source.pages,
            ocr_confidence=result.source.ocr.mean_confidence if result.source.ocr else None,
            ident_code=ident.code, ident_date=ident.issue_date, ident_issuer=ident.issuer,
            result_json=blob, added_at=now_iso()))
        conn.execute(T.errors.delete().where(T.errors.c.record_key == sha))
        conn.execute(T.timings.delete().where(T.timings.c.sha256 == sha))
        seconds, cpu, rss = timing
        conn.execute(T.timings.insert().values(sha256=sha, seconds=seconds, cpu_seconds=cpu,
                                               pages=result.source.pages, rss_mb=rss,
                                               finished_at=time.time()))
        self._refresh(conn, doc_id)
        if old_doc and old_doc != doc_id:
            self._refresh(conn, old_doc)
        return doc_id

    def _match(self, conn, ident: Identity, sha: str) -> str:
        """The document a result with ``ident`` belongs to (created when new)."""
        fallback = Identity(None, None, None).doc_id(sha)
        doc_id = fallback
        if ident.known:
            d = T.documents.c
            cands = conn.execute(sa.select(d.id, d.ident_issuer).where(
                d.ident_code == ident.code, d.ident_date == ident.issue_date)
                .order_by(d.id)).all()
            same = [c.id for c in cands if c.ident_issuer == ident.issuer]
            fits = [c.id for c in cands if compatible(ident, Identity(ident.code,
                                                                      ident.issue_date,
                                                                      c.ident_issuer))]
            if same:
                doc_id = same[0]
            elif len(fits) == 1:
                doc_id = fits[0]
            elif not fits:
                doc_id = ident.doc_id()
                if any(c.id == doc_id for c in cands):
                    doc_id = fallback
            # several documents fit an issuer-less header: ambiguous, kept apart
        exists = conn.execute(sa.select(T.documents.c.id).where(T.documents.c.id == doc_id)).first()
        if not exists:
            conn.execute(T.documents.insert().values(
                id=doc_id, n_sources=0,
                **({"ident_code": ident.code, "ident_date": ident.issue_date,
                    "ident_issuer": ident.issuer} if doc_id != fallback else {})))
        elif ident.issuer:  # an issuer read from a better file completes the identity
            conn.execute(T.documents.update().where(T.documents.c.id == doc_id,
                                                    T.documents.c.ident_issuer.is_(None))
                         .values(ident_issuer=ident.issuer))
        return doc_id

    def _refresh(self, conn, doc_id: str) -> None:
        """Recompute a document's values and rows from its best source and its
        corrections (deleted when it has neither)."""
        # lock the document row first: a concurrent writer adding a source to the same
        # document waits, then sees that source (PostgreSQL; SQLite writers are serial)
        conn.execute(sa.select(T.documents.c.id).where(T.documents.c.id == doc_id)
                     .with_for_update())
        srcs = conn.execute(sa.select(T.sources.c.sha256, T.sources.c.path,
                                      T.sources.c.text_source, T.sources.c.ocr_confidence)
                            .where(T.sources.c.document_id == doc_id)).all()
        for table in T.item_tables.values():
            conn.execute(table.delete().where(table.c.document_id == doc_id))
        n_corr = conn.execute(sa.select(sa.func.count()).select_from(T.corrections)
                              .where(T.corrections.c.document_id == doc_id)).scalar_one()
        if not srcs:
            if n_corr:  # keep the reviewers' work; the document waits for a source
                conn.execute(T.documents.update().where(T.documents.c.id == doc_id)
                             .values(n_sources=0, sha256=None, updated_at=now_iso()))
            else:
                conn.execute(T.documents.delete().where(T.documents.c.id == doc_id))
            return
        best = min(srcs, key=_rank)
        data = self._corrected(conn, doc_id, best.sha256)
        result = ExtractionResult.model_validate(data)
        values = item_values(result)
        conn.execute(T.documents.update().where(T.documents.c.id == doc_id).values(
            sha256=best.sha256, path=best.path, n_sources=len(srcs), updated_at=now_iso(),
            search_issuer=Identity.of(result).issuer, **values["documents"][0]))
        for family, table in T.item_tables.items():
            rows = [{"document_id": doc_id, "idx": i, **v} for i, v in enumerate(values[family])]
            if rows:
                conn.execute(table.insert(), rows)

    def _corrected(self, conn, doc_id: str, sha: str) -> dict:
        blob = conn.execute(sa.select(T.sources.c.result_json)
                            .where(T.sources.c.sha256 == sha)).scalar_one()
        rows = conn.execute(sa.select(T.corrections).where(T.corrections.c.document_id == doc_id)
                            .order_by(T.corrections.c.id)).mappings().all()
        return corr.apply(json.loads(blob), rows)

    def save_error(self, record: ErrorRecord, key: Optional[str] = None) -> None:
        """Store (or replace) the error record of one file, keyed by its sha256 or path."""
        key = key or record.sha256 or T.norm_path(record.file)

        def run(conn):
            conn.execute(T.errors.delete().where(T.errors.c.record_key == key))
            conn.execute(T.errors.insert().values(
                record_key=key, sha256=record.sha256, path=T.norm_path(record.file), kind=record.kind,
                message=record.message, exit_code=record.exit_code, at=now_iso()))
        self._write(run)

    # -- documents (for the API and the review screens) ----------------------------
    def document_json(self, doc_id: str) -> Optional[dict]:
        """The contract JSON of a document: its best source's result with the
        corrections applied and listed under ``corrections``; None when unknown."""
        with self.reader.connect() as conn:
            sha = conn.execute(sa.select(T.documents.c.sha256)
                               .where(T.documents.c.id == doc_id)).scalar()
            if sha is None:
                return None
            return self._corrected(conn, doc_id, sha)

    def source_json(self, sha256: str) -> Optional[str]:
        """One file's own result as stored (no corrections): what ``vanban extract`` gave."""
        with self.reader.connect() as conn:
            return conn.execute(sa.select(T.sources.c.result_json)
                                .where(T.sources.c.sha256 == sha256)).scalar()

    def document_of(self, sha256: str) -> Optional[str]:
        """The id of the document a file content belongs to."""
        with self.reader.connect() as conn:
            return conn.execute(sa.select(T.sources.c.document_id)
                                .where(T.sources.c.sha256 == sha256)).scalar()

    def sources(self, doc_id: str) -> list[dict]:
        """The files a document was read from, the one its values come from first."""
        s = T.sources.c
        with self.reader.connect() as conn:
            rows = conn.execute(sa.select(s.sha256, s.path, s.size, s.media_type, s.text_source,
                                          s.pages, s.ocr_confidence, s.added_at)
                                .where(s.document_id == doc_id)).all()
        return [dict(r._mapping) for r in sorted(rows, key=_rank)]

    def list_documents(self, *, issuer: Optional[str] = None, code: Optional[str] = None,
                       date_from: Optional[date] = None, date_to: Optional[date] = None,
                       has_errors: Optional[bool] = None, needs_review: Optional[bool] = None,
                       limit: int = 100, offset: int = 0) -> list[dict]:
        """Documents matching every filter given: ``issuer`` (part of its name, any
        case), ``code`` (part of it), issue date within ``date_from``..``date_to``,
        ``has_errors`` (error-severity findings), ``needs_review``."""
        d = T.documents.c
        q = sa.select(d.id, d.code, d.doc_type, d.doc_type_label, d.issuer, d.issue_date,
                      d.title, d.needs_review, d.n_errors, d.n_findings, d.n_timetable,
                      d.n_sources, d.path).where(d.n_sources > 0)
        if issuer:
            q = q.where(d.search_issuer.contains(Identity.of_fields(None, None, issuer).issuer,
                                                 autoescape=True))
        if code:
            q = q.where(sa.func.upper(d.code).contains(code.upper(), autoescape=True))
        if date_from:
            q = q.where(d.issue_date >= date_from)
        if date_to:
            q = q.where(d.issue_date <= date_to)
        if has_errors is not None:
            q = q.where(d.n_errors > 0 if has_errors else sa.func.coalesce(d.n_errors, 0) == 0)
        if needs_review is not None:
            q = q.where(d.needs_review == int(needs_review))
        q = q.order_by(d.issue_date, d.code, d.id).limit(limit).offset(offset)
        with self.reader.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
            ncorr = dict(conn.execute(sa.select(T.corrections.c.document_id, sa.func.count())
                                      .group_by(T.corrections.c.document_id)).all())
        for row in rows:
            row["issue_date"] = row["issue_date"].isoformat() if row["issue_date"] else None
            row["needs_review"] = bool(row["needs_review"])
            row["n_corrections"] = ncorr.get(row["id"], 0)
        return rows

    def corrections(self, doc_id: Optional[str] = None) -> list[dict]:
        """A document's corrections (every document's without ``doc_id``), oldest first
        (values decoded from JSON)."""
        q = sa.select(T.corrections).order_by(T.corrections.c.id)
        if doc_id is not None:
            q = q.where(T.corrections.c.document_id == doc_id)
        with self.reader.connect() as conn:
            rows = conn.execute(q).mappings()
            return [{**r, "old_value": json.loads(r["old_value"]) if r["old_value"] else None,
                     "new_value": json.loads(r["new_value"]) if r["new_value"] else None}
                    for r in rows]

    def add_correction(self, doc_id: str, field_path: str, new_value: Any, *,
                       author: Optional[str] = None) -> dict:
        """Record a reviewer's value for ``field_path`` (e.g. ``document.title``,
        ``timetable.2.end``) and apply it to the document's rows at once. The old value
        is the one shown before (corrections included). Raises ``KeyError`` for an
        unknown document and ``ValueError`` when the path names no field or the value
        does not fit the contract (a date as ``YYYY-MM-DD``, lists as lists)."""
        def run(conn):
            sha = conn.execute(sa.select(T.documents.c.sha256)
                               .where(T.documents.c.id == doc_id)).scalar()
            if sha is None:
                raise KeyError(doc_id)
            current = self._corrected(conn, doc_id, sha)
            corr.check(corr.set_at(json.loads(json.dumps(current)), field_path, new_value))
            try:
                old = corr.get_at(current, field_path)
            except corr.FieldPathError:  # a field of an object not read (set_at makes it)
                old = None
            row = {"document_id": doc_id, "field_path": field_path,
                   "old_value": json.dumps(old, ensure_ascii=False),
                   "new_value": json.dumps(new_value, ensure_ascii=False),
                   "created_at": now_iso(), "author": author}
            new_id = conn.execute(T.corrections.insert().values(**row)).inserted_primary_key[0]
            self._refresh(conn, doc_id)
            return {"id": new_id, **row, "old_value": old, "new_value": new_value}
        return self._write(run)

    # -- jobs (uploads, watched files) ----------------------------------------------
    def create_job(self, origin: str, name: str, path: Optional[str] = None,
                   sha256: Optional[str] = None, status: str = "queued") -> str:
        job_id = uuid.uuid4().hex
        stamp = now_iso()
        self._write(lambda conn: conn.execute(T.jobs.insert().values(
            id=job_id, origin=origin, name=name, path=T.norm_path(path), sha256=sha256,
            status=status, created_at=stamp, updated_at=stamp)))
        return job_id

    def update_job(self, job_id: str, **values) -> None:
        values["updated_at"] = now_iso()
        self._write(lambda conn: conn.execute(T.jobs.update().where(T.jobs.c.id == job_id)
                                              .values(**values)))

    def job(self, job_id: str) -> Optional[dict]:
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(T.jobs).where(T.jobs.c.id == job_id)).mappings().first()
        return dict(row) if row else None

    def jobs(self, *, origin: Optional[str] = None, name: Optional[str] = None,
             sha256: Optional[str] = None) -> list[dict]:
        q = sa.select(T.jobs).order_by(T.jobs.c.created_at, T.jobs.c.id)
        for col, val in (("origin", origin), ("name", name), ("sha256", sha256)):
            if val is not None:
                q = q.where(T.jobs.c[col] == val)
        with self.reader.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]

    def error_for(self, key: str) -> Optional[dict]:
        with self.reader.connect() as conn:
            row = conn.execute(sa.select(T.errors).where(T.errors.c.record_key == key)).mappings().first()
        return dict(row) if row else None
