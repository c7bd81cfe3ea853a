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
import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from typing import Any, Callable, Optional, Union

ExtractRef = Union[str, Callable[..., Any], None]


def resolve_extract(ref: ExtractRef) -> Callable[..., Any]:
    """The extraction function: ``None`` for :func:`extractor.extract`, a callable, or a
    ``"module:function"`` string (a plug-in, or a slow/faulty stand-in in tests)."""
    if ref is None:
        from vanban.extractor.pipeline import extract
        return extract
    if callable(ref):
        return ref
    from vanban.extractor.errors import UsageError

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
        import vanban.extractor.pipeline  # noqa: F401

        resolve_extract(extract_ref)
    except Exception:  # noqa: BLE001
        return False
    return True


def process_file(path: str, options_json: Optional[str] = None,
                 extract_ref: ExtractRef = None) -> dict:
    """Extract one file; return the result or the error record as a dict (see module doc)."""
    from vanban.extractor.pipeline import error_record
    from vanban.models import ExtractOptions

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


def save_outcome(store, path: str, sha256: str, outcome: dict) -> tuple[Any, Any]:
    """Store one file's outcome in ``store`` (a :class:`batch.store.Store`): its result, or
    its error record — a result that is not an ``ExtractionResult`` (a plug-in's) becomes an
    ``InvalidResult`` record. Returns ``(result, document id)`` or ``(error record, None)``."""
    from vanban.extractor.exitcodes import ExitCode
    from vanban.models import ErrorRecord, ExtractionResult

    if outcome.get("ok"):
        try:
            result = ExtractionResult.model_validate(outcome["result"])
        except Exception as exc:  # noqa: BLE001 - a plug-in returned something else
            outcome = {"ok": False, "error": ErrorRecord(
                file=path, sha256=sha256, kind="InvalidResult",
                message=f"the extractor returned an invalid result: {exc}",
                exit_code=int(ExitCode.internal)).model_dump(mode="json")}
        else:
            doc = store.save_result(sha256, result, path=path, seconds=outcome.get("seconds"),
                                    cpu_seconds=outcome.get("cpu_seconds"),
                                    rss_mb=outcome.get("rss_mb"))
            return result, doc
    rec = ErrorRecord.model_validate(outcome["error"])
    rec.sha256 = rec.sha256 or sha256
    store.save_error(rec, key=sha256)
    return rec, None


# -- a worker that dies with its parent and stops its own files -------------------------

WATCH_TICK = 0.5  # seconds between the watchdog's looks at the parent and the clock


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (``PR_SET_PDEATHSIG``); a
    no-op elsewhere. The watchdog below covers the children (tesseract) as well."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


class Watchdog:
    """A thread of a worker process that kills the worker's whole process group (the
    worker and the tesseract processes it started) when the parent is gone, and, past a
    file's ``timeout``, first calls ``on_timeout`` (to send the timeout record) then
    kills the group the same way: the timeout does not depend on the parent being
    alive or responsive."""

    def __init__(self, timeout: Optional[float], on_timeout: Callable[[], bool]) -> None:
        self.timeout = timeout
        self.on_timeout = on_timeout
        self.parent = os.getppid()
        self.deadline: Optional[float] = None
        self.lock = threading.Lock()
        threading.Thread(target=self._run, name="vanban-watchdog", daemon=True).start()

    def start_file(self) -> None:
        with self.lock:
            self.deadline = time.monotonic() + self.timeout if self.timeout else None

    def end_file(self) -> None:
        with self.lock:
            self.deadline = None

    def _run(self) -> None:
        while True:
            time.sleep(WATCH_TICK)
            if os.getppid() != self.parent:  # re-parented: our parent died
                _kill_group()
            with self.lock:
                late = self.deadline is not None and time.monotonic() > self.deadline
            if late and self.on_timeout():  # False: the file ended just in time
                _kill_group()


def _kill_group() -> None:
    try:
        os.killpg(os.getpgrp(), signal.SIGKILL)
    finally:
        os._exit(137)


# -- one file in its own process (Dask workers) ---------------------------------------------


def process_file_isolated(path: str, options_json: Optional[str] = None,
                          extract_ref: ExtractRef = None,
                          timeout: Optional[float] = None) -> dict:
    """:func:`process_file` in a child process of its own session, killed with all its
    children (tesseract) when it passes ``timeout``: a Dask worker cannot stop a running
    task, so the task runs the work where it can be stopped. Returns the same dict."""
    from vanban.extractor.pipeline import error_record

    t0 = time.perf_counter()
    payload = json.dumps({"path": path, "options_json": options_json,
                          "extract_ref": extract_ref if isinstance(extract_ref, str) else None})
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    proc = subprocess.Popen([sys.executable, "-m", "vanban.extractor.batch.work"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)
    try:
        out, _ = proc.communicate(payload.encode(), timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            proc.kill()
        proc.communicate()
        from vanban.extractor.errors import TimeLimitError

        exc = TimeLimitError(f"took longer than {timeout:g} s and was stopped (raise --timeout "
                             "for very long scans)", path=path)
        rec = error_record(path, exc).model_dump(mode="json")
        rec["kind"] = "Timeout"
        return {"ok": False, "error": rec, "seconds": time.perf_counter() - t0, "rss_mb": None}
    try:
        return json.loads(out)
    except ValueError:
        from vanban.extractor.errors import VanbanError
        from vanban.extractor.exitcodes import ExitCode

        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit code {proc.returncode}"
        exc = VanbanError(f"the extraction process died ({how}) while reading this file",
                          path=path)
        rec = error_record(path, exc).model_dump(mode="json")
        rec.update(kind="WorkerCrashed", exit_code=int(ExitCode.internal))
        return {"ok": False, "error": rec, "seconds": time.perf_counter() - t0, "rss_mb": None}


def _child_main() -> int:
    """``python -m vanban.extractor.batch.work``: one file from a JSON request on stdin, its
    outcome as JSON on stdout."""
    request = json.loads(sys.stdin.read())
    outcome = process_file(request["path"], request.get("options_json"),
                           request.get("extract_ref"))
    sys.stdout.write(json.dumps(outcome, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
