"""The registry of legal documents, and resolving citations against it (docs/registry.md).

Modules, one job each:

- :mod:`.rows` — the columns (:class:`Entry`), reading and validating ``.csv`` /
  ``.jsonl`` files (:func:`read_rows`), merging the packaged files;
- :mod:`.store` — the packaged catalogue (``extractor/data/legal_documents.csv``, the
  hand-checked rows, over ``public_sources.csv``, built once into a cache file under
  ``$VANBAN_HOME/cache/`` or ``~/.cache/vanban``, in memory when no cache folder is
  writable) and the user's additions (``vanban registry import``:
  ``$VANBAN_HOME/registry.sqlite``); :class:`Registry` reads both, a user row replacing
  the packaged rows of its code and date. A row's identity is code + issuer + date (or
  year): local numbers restart every year in every body;
- :mod:`.match` — which rows a citation can be (:func:`~.match.resolve_entry`): by what it
  writes, narrowed by the citing document's context; several candidates are ambiguous,
  never picked; no fuzzy match of a written code;
- :mod:`.resolve` — :class:`RegistryResolver` / :func:`resolve_references`, the
  pipeline's default resolver: fills what the text omitted, never rewrites what is
  written (a born-digital deviation keeps its writing; an OCR look-alike is repaired in
  provenance).

Any callable ``resolver(refs)`` (or ``resolver(refs, ctx)``) can replace the resolver:
``extract(path, resolver=my_resolver)``.
"""
from __future__ import annotations

from vanban.extractor.registry.match import Resolution, resolve_entry
from vanban.extractor.registry.resolve import RegistryResolver, Resolver, resolve_references
from vanban.extractor.registry.rows import (
    COLUMNS, CSV_NAME, PUBLIC_CSV_NAME, STATUSES, Entry, RegistryError, merge_base, read_rows,
    read_rows_text,
)
from vanban.extractor.registry.store import Registry, default_registry, user_db_path, vanban_home

__all__ = [
    "COLUMNS", "CSV_NAME", "PUBLIC_CSV_NAME", "STATUSES", "Entry", "Registry", "RegistryError",
    "RegistryResolver", "Resolution", "Resolver", "default_registry", "merge_base", "read_rows",
    "read_rows_text", "resolve_entry", "resolve_references", "user_db_path", "vanban_home",
]
