"""What the review screens and ``vanban review DB`` need from the store, over
:class:`extractor.batch.store.Store` (SQLite or PostgreSQL).

Documents are keyed by their document id (issuer + code + date, apart from the files
they came from); their values are the best source's result with the reviewers'
corrections applied (:mod:`extractor.batch.corrections`); page images come from the
source file the values were read from (the best source), when it is still on disk. Corrections are the
store's: :meth:`ReviewStore.add_correction` turns the clerk's typed text into the
field's value and records it with :meth:`Store.add_correction`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Union

from vanban.extractor.batch import corrections as corr
from vanban.extractor.batch.store import Store, db_path
from vanban.models import ExtractionResult


class CorrectionError(ValueError):
    """A correction that cannot apply: no such document or field, or a value of the
    wrong kind."""


@dataclass(frozen=True)
class DocSummary:
    id: str  # the document id
    file: str  # its best source's path
    doc_type: Optional[str]
    code: Optional[str]
    issue_date: Optional[str]
    needs_review: bool
    flagged: int  # fields and items still needing review
    corrections: int
    sources: int


def count_flagged(result: ExtractionResult) -> int:
    n = sum(1 for r in result.document.review.values() if r.needs_review)
    for family in (result.references, result.targets, result.timetable):
        n += sum(1 for i in family if i.review and i.review.needs_review)
    return n


class ReviewStore:
    """The review screens' view of a :class:`Store`. Built over an open store (the app
    of ``vanban serve`` shares its own) or a location (a SQLite file, a batch's ``--out``
    folder, a ``postgresql://`` URL), which it then opens and closes."""

    #: documents read per query when listing them all
    PAGE = 500

    def __init__(self, store: Union[Store, str, Path]) -> None:
        if isinstance(store, Store):
            self.store, self._owned = store, False
        else:
            self.store, self._owned = Store(db_path(store), create=False), True

    def close(self) -> None:
        if self._owned:
            self.store.close()

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def list_documents(self) -> list[DocSummary]:
        """Flagged documents first (most flags first), then by file name."""
        out, offset = [], 0
        while True:
            rows = self.store.list_documents(limit=self.PAGE, offset=offset)
            for row in rows:
                result = self.get_result(row["id"])
                if result is None:  # removed meanwhile
                    continue
                out.append(DocSummary(
                    row["id"], row["path"] or result.source.file,
                    row["doc_type_label"] or row["doc_type"], row["code"], row["issue_date"],
                    result.needs_review, count_flagged(result), row["n_corrections"],
                    row["n_sources"]))
            if len(rows) < self.PAGE:
                break
            offset += self.PAGE
        out.sort(key=lambda s: (not s.needs_review, -s.flagged, s.file, s.id))
        return out

    def get_result(self, doc_id: str) -> Optional[ExtractionResult]:
        data = self.store.document_json(doc_id)
        return ExtractionResult.model_validate(data) if data is not None else None

    def source_path(self, doc_id: str) -> Optional[Path]:
        """The file the document's values were read from (its best source), when it
        is still on disk: the boxes of the result are on its pages, not another
        source's."""
        srcs = self.store.sources(doc_id)  # best first
        if srcs and srcs[0]["path"] and Path(srcs[0]["path"]).is_file():
            return Path(srcs[0]["path"])
        return None

    def add_correction(self, doc_id: str, path: str, value: Any, by: Optional[str] = None,
                       *, typed: bool = False) -> dict:
        """Record a correction; ``value`` is the clerk's text (``typed``: already the
        field's JSON value, as for an accepted flag)."""
        try:
            new = value if typed else corr.from_text(path, value)
            return self.store.add_correction(doc_id, path, new, author=by)
        except KeyError:
            raise CorrectionError(f"no document {doc_id}") from None
        except ValueError as exc:
            raise CorrectionError(str(exc).splitlines()[0]) from None

    def list_corrections(self, doc_id: Optional[str] = None) -> list[dict]:
        return self.store.corrections(doc_id)

