"""The per-file work of a batch — the one function that runs in a worker process, or
on a Dask worker — and what it sends back.

:func:`process_file` never raises for a bad document: it returns a plain dict (cheap
to pickle, the same over a pipe or over Dask) that is either

    {"ok": True,  "result": <ExtractionResult as JSON>, "seconds": s, "rss_mb": m}
    {"ok": False, "error":  <ErrorRecord as JSON>,      "seconds": s, "rss_mb": m}

``rss_mb`` is the worker process's peak resident memory so far (``ru_maxrss``), which
the bench reports as peak RSS per worker.
"""
from __future__ import annotations

import importlib
import os
import resource
import sys
import time
from typing import Any, Callable, Optional, Union

ExtractRef = Union[str, Callable[..., Any], None]


def resolve_extract(ref: ExtractRef) -> Callable[..., Any]:
    """The extraction function: ``None`` for :func:`extractor.extract`, a callable, or a
    ``"module:function"`` string (a plug-in, or a slow/faulty stand-in in tests)."""
    if ref is None:
        from extractor.pipeline import extract
        return extract
    if callable(ref):
        return ref
    from extractor.errors import UsageError

    module, _, name = str(ref).partition(":")
    if not module or not name:
        raise UsageError(f"--extract-fn takes module:function, not {ref!r}")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise UsageError(f"--extract-fn {ref}: cannot be imported ({exc})") from None


def limit_threads() -> None:
    """One thread per worker for tesseract (OpenMP) and numeric libraries: parallelism
    comes from the worker processes; nested threads would fight over the cores."""
    for var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"


def peak_rss_mb() -> float:
    """This process's peak resident set size in MiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def process_file(path: str, options_json: Optional[str] = None,
                 extract_ref: ExtractRef = None) -> dict:
    """Extract one file; return the result or the error record as a dict (see module doc)."""
    from extractor.pipeline import error_record
    from models import ExtractOptions

    limit_threads()
    t0 = time.perf_counter()
    try:
        options = ExtractOptions.model_validate_json(options_json) if options_json else None
        fn = resolve_extract(extract_ref)
        result = fn(path, options=options)
        out = {"ok": True, "result": result.model_dump(mode="json")}
    except Exception as exc:  # noqa: BLE001 - any failure of one file is that file's record
        out = {"ok": False, "error": error_record(path, exc).model_dump(mode="json")}
    out["seconds"] = time.perf_counter() - t0
    out["rss_mb"] = peak_rss_mb()
    return out
