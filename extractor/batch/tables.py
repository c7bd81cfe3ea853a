"""The database schema (SQLAlchemy Core), the same on SQLite and PostgreSQL.

The Alembic migrations in ``extractor/batch/migrations`` create exactly this (a test
compares them); the store reads and writes through these objects. Documents and the
files they came from are apart:

- ``documents``: one row per document — identity (issuer + code + issue date) and the
  flat columns of :data:`extractor.exports.DOCUMENT_COLUMNS`, read from its best source
  with the reviewers' corrections applied;
- ``sources``: one row per distinct file content (sha256) with its full result; a
  document has one or more (its PDF, its scan, its DOCX…);
- ``doc_references``, ``targets``, ``timetable``, ``findings``: one row per item of
  the document, keyed by ``(document_id, idx)``;
- ``corrections``: what reviewers changed (field path, old and new value as JSON);
- ``files``: every input path seen and its sha256; ``errors``: files that failed;
  ``timings``: per-file run times; ``jobs``: uploads and watched files.

Every path column is named ``path`` and holds an absolute path (:func:`norm_path`).
No table or column is an SQL keyword (``references`` became ``doc_references``, the
timetable's ``start``/``end`` are ``due_start``/``due_end``).
"""
from __future__ import annotations

import os
from typing import Optional

import sqlalchemy as sa

from vanban.extractor.exports import FAMILIES

metadata = sa.MetaData()

#: family of the exports -> table name
FAMILY_TABLES = {"documents": "documents", "references": "doc_references",
                 "targets": "targets", "timetable": "timetable", "findings": "findings"}
ITEM_FAMILIES = [f for f in FAMILIES if f != "documents"]

_TYPES = {"text": sa.Text, "int": sa.Integer, "real": sa.Float, "date": sa.Date}


def norm_path(path) -> Optional[str]:
    """How every table stores a path: absolute, as the OS spells it (links kept)."""
    return None if path is None else os.path.abspath(os.fspath(path))


def _family_columns(family: str) -> list[sa.Column]:
    return [sa.Column(c.name, _TYPES[c.kind]()) for c in FAMILIES[family][1]]


documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("ident_code", sa.Text),  # identity as read (normalised), for matching
    sa.Column("ident_date", sa.Text),
    sa.Column("ident_issuer", sa.Text),
    sa.Column("sha256", sa.String(64)),  # the source the values are read from
    sa.Column("path", sa.Text),
    sa.Column("n_sources", sa.Integer, nullable=False, server_default="0"),
    sa.Column("search_issuer", sa.Text),  # the issuer shown (corrected), folded: filters
    *_family_columns("documents"),
    sa.Column("updated_at", sa.Text),
    sa.Index("documents_identity", "ident_code", "ident_date"),
)

sources = sa.Table(
    "sources", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("document_id", sa.String(16), sa.ForeignKey("documents.id"), nullable=False,
              index=True),
    sa.Column("path", sa.Text),
    sa.Column("size", sa.BigInteger),
    sa.Column("media_type", sa.Text),
    sa.Column("text_source", sa.Text),
    sa.Column("pages", sa.Integer),
    sa.Column("ocr_confidence", sa.Float),
    sa.Column("ident_code", sa.Text),
    sa.Column("ident_date", sa.Text),
    sa.Column("ident_issuer", sa.Text),
    sa.Column("result_json", sa.Text, nullable=False),
    sa.Column("added_at", sa.Text),
)

item_tables = {
    family: sa.Table(
        FAMILY_TABLES[family], metadata,
        sa.Column("document_id", sa.String(16), sa.ForeignKey("documents.id"),
                  primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True, autoincrement=False),
        *_family_columns(family),
    )
    for family in ITEM_FAMILIES
}

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("document_id", sa.String(16), sa.ForeignKey("documents.id"), nullable=False,
              index=True),
    sa.Column("field_path", sa.Text, nullable=False),
    sa.Column("old_value", sa.Text),  # JSON
    sa.Column("new_value", sa.Text),  # JSON
    sa.Column("created_at", sa.Text, nullable=False),
    sa.Column("author", sa.Text),
)

files = sa.Table(
    "files", metadata,
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("sha256", sa.String(64), index=True),
    sa.Column("size", sa.BigInteger),
)

errors = sa.Table(
    "errors", metadata,
    sa.Column("record_key", sa.Text, primary_key=True),  # sha256, or the path if unreadable
    sa.Column("sha256", sa.String(64)),
    sa.Column("path", sa.Text),
    sa.Column("kind", sa.Text),
    sa.Column("message", sa.Text),
    sa.Column("exit_code", sa.Integer),
    sa.Column("at", sa.Text),
)

timings = sa.Table(
    "timings", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("seconds", sa.Float),
    sa.Column("cpu_seconds", sa.Float),
    sa.Column("pages", sa.Integer),
    sa.Column("rss_mb", sa.Float),
    sa.Column("finished_at", sa.Float),
)

jobs = sa.Table(
    "jobs", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("origin", sa.Text, nullable=False),  # api | watch
    sa.Column("name", sa.Text),  # the file name as given
    sa.Column("path", sa.Text),
    sa.Column("sha256", sa.String(64)),
    sa.Column("status", sa.Text, nullable=False),  # queued | running | done | failed
    sa.Column("document_id", sa.String(16)),
    sa.Column("error_kind", sa.Text),
    sa.Column("error_message", sa.Text),
    sa.Column("created_at", sa.Text),
    sa.Column("updated_at", sa.Text),
    sa.Index("jobs_file", "origin", "name", "sha256"),
)

#: views for the common questions (plain SQL, the same on both engines)
VIEWS = {
    "timetable_view": """
        SELECT d.id AS document_id, d.code AS document_code, d.issuer AS issuer,
               d.title AS document_title, t.idx AS idx, t.seq AS seq, t.task AS task,
               t.lead AS lead, t.owners AS owners, t.partners AS partners,
               t.due_text AS due_text, t.due_start AS due_start, t.due_end AS due_end,
               t.page AS page
        FROM timetable t JOIN documents d ON d.id = t.document_id""",
    "findings_view": """
        SELECT d.id AS document_id, d.code AS document_code, d.issuer AS issuer,
               d.issue_date AS issue_date, f.idx AS idx, f.severity AS severity,
               f.code AS finding_code, f.message AS message, f.ref AS ref,
               f.rule AS rule, f.page AS page
        FROM findings f JOIN documents d ON d.id = f.document_id""",
    "targets_view": """
        SELECT d.id AS document_id, d.code AS document_code, d.issuer AS issuer,
               t.idx AS idx, t.text AS text, t.metric AS metric,
               t.comparator AS comparator, t.value AS value, t.value_max AS value_max,
               t.unit AS unit, t.due AS due, t.section AS section, t.page AS page
        FROM targets t JOIN documents d ON d.id = t.document_id""",
}

#: columns whose values differ between two runs of the same batch (clocks)
VOLATILE = {"updated_at", "added_at", "at", "created_at", "finished_at", "seconds",
            "cpu_seconds", "rss_mb"}
