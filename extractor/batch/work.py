"""The per-file work of a batch — the one function that runs in a worker process, or
on a Dask worker — and what it sends back.

:func:`process_file` never raises for a bad document: it returns a plain dict (cheap
to pickle, the same over a pipe or over Dask) that is either

    {"ok": True,  "result": <ExtractionResult as JSON>, "seconds": …, "rss_mb": …}
    {"ok": False, "error":  <ErrorRecord as JSON>,      "seconds": …, "rss_mb": …}

plus ``cpu_seconds`` (CPU time of the worker and its tesseract children for this file:
with wall ``seconds`` it tells a slow file from a starved one).

``rss_mb`` is the worker process's peak resident memory so far (``ru_maxrss``).
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
    """Peak resident set size of this process in MiB (Linux reports KiB, macOS bytes).
    Not its children's: a forked child's ``ru_maxrss`` counts the parent's pages it
    shared before ``exec``, so tesseract's own peak is measured from outside (bench)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (tesseract)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def warm_up(extract_ref: ExtractRef = None) -> bool:
    """Import the extractor (and a plug-in) in a fresh worker before its first file, so
    that a file's timeout does not pay for start-up. Failures are left for
    :func:`process_file` to report per file."""
    limit_threads()
    try:
        import extractor.pipeline  # noqa: F401

        resolve_extract(extract_ref)
    except Exception:  # noqa: BLE001
        return False
    return True


def process_file(path: str, options_json: Optional[str] = None,
                 extract_ref: ExtractRef = None) -> dict:
    """Extract one file; return the result or the error record as a dict (see module doc)."""
    from extractor.pipeline import error_record
    from models import ExtractOptions

    limit_threads()
    t0, cpu0 = time.perf_counter(), cpu_seconds()
    try:
        options = ExtractOptions.model_validate_json(options_json) if options_json else None
        fn = resolve_extract(extract_ref)
        result = fn(path, options=options)
        out = {"ok": True, "result": result.model_dump(mode="json")}
    except Exception as exc:  # noqa: BLE001 - any failure of one file is that file's record
        out = {"ok": False, "error": error_record(path, exc).model_dump(mode="json")}
    out["seconds"] = time.perf_counter() - t0
    out["cpu_seconds"] = cpu_seconds() - cpu0
    out["rss_mb"] = peak_rss_mb()
    return out
