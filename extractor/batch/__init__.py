"""Batch conversion of archives: many files, worker processes (or Dask), one SQLite
database that is both the result and the checkpoint.

    >>> from vanban.extractor.batch import run_batch                       # doctest: +SKIP
    >>> summary = run_batch(["archive/"], "out/", workers=2)        # doctest: +SKIP
    >>> summary.done, summary.failed, summary.db                    # doctest: +SKIP
    (195, 5, PosixPath('out/vanban.sqlite'))

Modules: ``walk`` (find the files), ``work`` (the per-file function), ``pool`` (local
killable processes, Dask), ``store`` (the database), ``runner`` (``run_batch``).
"""
from __future__ import annotations

from vanban.extractor.batch.runner import BatchSummary, default_workers, run_batch
from vanban.extractor.batch.store import DB_NAME, Store, db_path

__all__ = ["BatchSummary", "DB_NAME", "Store", "db_path", "default_workers", "run_batch"]
