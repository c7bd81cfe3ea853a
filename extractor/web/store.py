"""What the review screens need from a batch database, and that interface over the
SQLite batch store (:class:`extractor.batch.store.Store`).

The app of ``vanban serve`` may keep its documents elsewhere (PostgreSQL through
SQLAlchemy): it then passes its own object with these methods to
:func:`extractor.web.review.router`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Protocol, Union

from extractor.corrections import Correction, CorrectionError, check
from models import ExtractionResult


@dataclass(frozen=True)
class DocSummary:
    id: str  # the file's sha256
    file: str
    doc_type: Optional[str]
    code: Optional[str]
    issue_date: Optional[str]
    needs_review: bool
    flagged: int  # fields and items still needing review
    corrections: int


class ReviewStore(Protocol):
    def list_documents(self) -> list[DocSummary]: ...
    def get_result(self, doc_id: str) -> Optional[ExtractionResult]: ...
    def source_path(self, doc_id: str) -> Optional[Path]: ...
    def add_correction(self, doc_id: str, path: str, new_value: Optional[str],
                       by: Optional[str] = None) -> Correction: ...
    def list_corrections(self, doc_id: Optional[str] = None) -> list[Correction]: ...


def count_flagged(result: ExtractionResult) -> int:
    n = sum(1 for r in result.document.review.values() if r.needs_review)
    for family in (result.references, result.targets, result.timetable):
        n += sum(1 for i in family if i.review and i.review.needs_review)
    return n


class SqliteReviewStore:
    """:class:`ReviewStore` over the batch's SQLite database. Each call opens its own
    connection: a web server answers from several threads."""

    def __init__(self, location: Union[str, Path]) -> None:
        from extractor.batch.store import db_path

        self.path = db_path(location)
        self._open().close()  # fail now, with the file's name, when it is no database

    def _open(self):
        from extractor.batch.store import Store

        return Store(self.path, create=False)

    def close(self) -> None:
        pass

    def _results(self, doc_id: Optional[str] = None):
        from extractor.corrections import apply

        sql = "SELECT sha256, result_json FROM documents"
        with self._open() as st:
            rows = (st.conn.execute(sql + " WHERE sha256 = ?", (doc_id,)) if doc_id
                    else st.conn.execute(sql + " ORDER BY file, sha256")).fetchall()
            stored = st.corrections(doc_id)
        fixes: dict[str, list[Correction]] = {}
        for c in stored:
            fixes.setdefault(c.sha256, []).append(c.correction)
        for sha, blob in rows:
            yield sha, apply(ExtractionResult.model_validate_json(blob), fixes.get(sha, ()))

    def list_documents(self) -> list[DocSummary]:
        """Flagged documents first (most flags first), then by file name."""
        out = []
        for sha, r in self._results():
            d = r.document
            out.append(DocSummary(sha, r.source.file, d.doc_type_label or d.doc_type, d.code,
                                  d.issue_date.isoformat() if d.issue_date else None,
                                  r.needs_review, count_flagged(r),
                                  len(getattr(r, "corrections", None) or [])))
        out.sort(key=lambda s: (not s.needs_review, -s.flagged, s.file))
        return out

    def get_result(self, doc_id: str) -> Optional[ExtractionResult]:
        return next((r for _sha, r in self._results(doc_id)), None)

    def source_path(self, doc_id: str) -> Optional[Path]:
        """The first input path recorded for the document that still exists (relative
        paths are tried from the current folder, then from the database's folder)."""
        with self._open() as st:
            paths = st.conn.execute("SELECT path FROM files WHERE sha256 = ? ORDER BY path",
                                    (doc_id,)).fetchall()
        for (p,) in paths:
            for cand in (Path(p), self.path.parent / p):
                if cand.is_file():
                    return cand
        return None

    def add_correction(self, doc_id: str, path: str, new_value: Optional[str],
                       by: Optional[str] = None) -> Correction:
        result = self.get_result(doc_id)
        if result is None:
            raise CorrectionError(f"no document {doc_id}")
        old = check(result, path, new_value)
        with self._open() as st:
            cid = st.add_correction(doc_id, path, old, new_value, by)
            return next(c.correction for c in st.corrections(doc_id) if c.correction.id == cid)

    def list_corrections(self, doc_id: Optional[str] = None) -> list[Correction]:
        with self._open() as st:
            return [c.correction for c in st.corrections(doc_id)]
