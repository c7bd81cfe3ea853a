"""``run_batch``: walk the inputs, hash them, run what is new, store every outcome.

Stages: walk (:mod:`extractor.batch.walk`) → hash and plan (identical content once;
with ``resume``, files already in the database are skipped and failed ones retried)
→ run on a pool (:mod:`extractor.batch.pool`) → store each outcome in its own
transaction (:mod:`extractor.batch.store`) → a :class:`BatchSummary`.

Ctrl-C (SIGINT) and SIGTERM stop the batch cleanly: no new file starts, files in flight
are abandoned, everything finished stays in the database, and the summary says
``interrupted``. The database is the checkpoint; ``--resume`` continues from it.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from vanban.extractor.batch.pool import DaskPool, LocalPool, Task
from vanban.extractor.batch.store import DB_NAME, Store
from vanban.extractor.batch.tables import norm_path
from vanban.extractor.batch.walk import iter_files
from vanban.extractor.batch.work import ExtractRef, resolve_extract, save_outcome
from vanban.extractor.errors import UsageError
from vanban.extractor.exitcodes import ExitCode
from vanban.extractor.pipeline import sha256_file
from vanban.models import ErrorRecord, ExtractOptions


@dataclass
class BatchSummary:
    db: Path
    found: int = 0  # input files walked
    duplicates: int = 0  # files whose content was already seen in this walk
    skipped: int = 0  # already in the database (resume)
    done: int = 0  # extracted and stored in this run
    failed: int = 0  # error records written in this run
    pages: int = 0
    seconds: float = 0.0  # wall time of the extraction stage
    peak_rss_mb: float = 0.0  # highest peak RSS reported by one worker
    store_seconds: float = 0.0  # parent time spent validating and storing outcomes
    interrupted: bool = False
    failed_files: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    removed: int = 0  # resume: documents of deleted or edited files removed

    @property
    def exit_code(self) -> int:
        """130 when interrupted, 1 when some file failed, else 0."""
        if self.interrupted:
            return ExitCode.interrupted
        return ExitCode.findings if self.failed else ExitCode.ok

    @property
    def files_per_s(self) -> float:
        return (self.done + self.failed) / self.seconds if self.seconds else 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        state = "interrupted: " if self.interrupted else ""
        return (f"{state}{self.done} extracted, {self.failed} failed, {self.duplicates} duplicate, "
                f"{self.skipped} already done; {self.files_per_s:.2f} files/s, "
                f"{self.pages_per_s:.2f} pages/s; database {self.db}")


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _StopFlag:
    """Set by SIGINT/SIGTERM while the batch runs (handlers restored afterwards)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._old: dict = {}

    def __call__(self) -> bool:
        return self.event.is_set()

    def _handler(self, signum, frame) -> None:
        self.event.set()

    def __enter__(self) -> "_StopFlag":
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handler)
        return self

    def __exit__(self, *exc) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)

    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[files_s]:.2f} files/s"),
        TextColumn("{task.fields[pages_s]:.1f} pages/s"),
        TextColumn("[red]errors {task.fields[errors]}"),
        TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=Console(stderr=True), disable=not enabled, transient=False)


def plan(paths: Iterable[Path], store: Store, summary: BatchSummary, advance=lambda: None,
         should_stop=lambda: False, prune: bool = False) -> list[Task]:
    """Hash every path; keep one task per new content. Unreadable files become error
    records at once. Paths and hashes are recorded in the ``files`` table. Stops early
    (with the tasks found so far) when ``should_stop()`` turns true. ``prune`` (resume):
    rows of files no longer there, or whose content changed, are removed."""
    done = store.done_shas()
    seen: set[str] = set()
    tasks: list[Task] = []
    rows = []
    for path in paths:
        if should_stop():
            break
        summary.found += 1
        advance()
        try:
            sha, size = sha256_file(path), path.stat().st_size
        except OSError as exc:
            rec = ErrorRecord(file=str(path), kind="MissingFileError",
                              message=f"cannot be read ({exc.strerror or exc})")
            store.save_error(rec, key=norm_path(path))
            summary.failed += 1
            summary.failed_files.append((str(path), rec.message))
            continue
        rows.append((str(path), sha, size))
        if sha in seen:
            summary.duplicates += 1
        elif sha in done:
            seen.add(sha)
            summary.skipped += 1
        else:
            seen.add(sha)
            tasks.append(Task(str(path), sha))
    store.note_files(rows)
    if prune and not should_stop():
        # files deleted since the last run, and the old content of edited files, go
        summary.removed = store.forget(store.stored_paths() - {norm_path(r[0]) for r in rows})
    return tasks


def run_batch(inputs: Sequence[str | os.PathLike], out: Optional[str | os.PathLike] = None, *,
              db: Optional[str] = None,
              workers: Optional[int] = None, resume: bool = False,
              include: Sequence[str] = (), exclude: Sequence[str] = (),
              timeout: Optional[float] = 1800.0, dask: Optional[str] = None,
              options: Optional[ExtractOptions] = None, extract_fn: ExtractRef = None,
              progress: Optional[bool] = None) -> BatchSummary:
    """Extract every document under ``inputs`` into ``out/vanban.sqlite``, or into the
    database ``db`` (a path or a ``postgresql://`` URL) when given.

    ``workers`` defaults to the usable cores; ``timeout`` is seconds per file (None or
    0: no limit); ``dask`` is a scheduler address or ``"local"``; ``extract_fn`` replaces
    :func:`extractor.extract` (a picklable function or ``"module:function"``);
    ``progress`` shows the rich bar (default: when stderr is a terminal).
    Raises :class:`UsageError` when ``out`` already holds a batch and ``resume`` is off.
    """
    import sys

    if out is None and db is None:
        raise UsageError("give --out DIR or --db URL")
    out = Path(out) if out is not None else None
    workers = workers or default_workers()
    if workers < 1:
        raise UsageError("--workers must be at least 1")
    if progress is None:
        progress = sys.stderr.isatty()
    resolve_extract(extract_fn)  # a bad plug-in name is a usage error, not N failures
    paths = list(iter_files(inputs, include=include, exclude=exclude, skip=out))
    options_json = options.model_dump_json() if options else None
    kwargs = dict(options_json=options_json, extract_ref=extract_fn, timeout=timeout or None)
    pool = DaskPool(dask, workers, **kwargs) if dask else LocalPool(workers, **kwargs)
    # held until the batch ends; a second batch into the same folder is refused at once
    # (a shared --db is kept consistent by the store's own transactions)
    lock = BatchLock(out) if out is not None else None
    store = None
    try:
        store = Store(db if db else out / DB_NAME)
        summary = BatchSummary(db=store.path)
        if not resume and not store.is_empty():
            raise UsageError(f"{store.path}: already holds a batch; add --resume to continue "
                             "it, or choose another --out")
        if dask:
            pool.connect()  # before anything is written: an unreachable one leaves nothing
        with _StopFlag() as stop, _progress(progress) as bar:
            bar_id = bar.add_task("hashing", total=len(paths), files_s=0.0, pages_s=0.0,
                                  errors=0)
            tasks = plan(paths, store, summary, advance=lambda: bar.advance(bar_id),
                         should_stop=stop, prune=resume)
            bar.reset(bar_id, total=len(tasks), description="extracting", files_s=0.0,
                      pages_s=0.0, errors=summary.failed)  # reset replaces all fields
            t0 = time.perf_counter()

            def on_done(task: Task, outcome: dict) -> None:
                t1 = time.perf_counter()
                _store_outcome(store, task, outcome, summary)
                summary.store_seconds += time.perf_counter() - t1
                summary.seconds = time.perf_counter() - t0
                bar.update(bar_id, advance=1, files_s=summary.files_per_s,
                           pages_s=summary.pages_per_s, errors=summary.failed)

            pool.run(tasks, on_done, stop)
            summary.seconds = time.perf_counter() - t0
            summary.interrupted = stop()
    finally:
        if dask:
            pool.close()
        if store is not None:
            store.close()
        if lock is not None:
            lock.release()
    return summary


class BatchLock:
    """An exclusive OS lock (``flock``) on ``DIR/vanban.lock``, taken before the database is
    opened and held until the batch ends. Atomic: two batches started together cannot
    both pass (a check-then-act on the database could); the kernel drops the lock when
    the process dies, so a killed batch never leaves a stale lock."""

    NAME = "vanban.lock"

    def __init__(self, out: Path) -> None:
        import fcntl

        out.mkdir(parents=True, exist_ok=True)
        self.path = out / self.NAME
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise UsageError(f"{out}: another batch is writing here (it holds {self.path}); "
                             "wait for it to end or choose another --out") from None

    def release(self) -> None:
        import fcntl

        try:
            fcntl.flock(self.fh.fileno(), fcntl.LOCK_UN)
        finally:
            self.fh.close()


def _store_outcome(store: Store, task: Task, outcome: dict, summary: BatchSummary) -> None:
    if outcome.get("rss_mb"):
        summary.peak_rss_mb = max(summary.peak_rss_mb, outcome["rss_mb"])
    stored, doc = save_outcome(store, task.path, task.sha256, outcome)
    if doc is not None:
        summary.done += 1
        summary.pages += stored.source.pages or 0
    else:
        summary.failed += 1
        summary.failed_files.append((task.path, stored.message))
