"""``vanban watch DIR``: extract the files dropped into a folder, into a store.

A file is taken only once it is complete: names that writers use while writing are
ignored (hidden ``.name``, ``*.tmp``, ``*.part``, ``*.partial``, ``*.crdownload``,
``*.download``, ``~$name``, ``name~``) — a writer renames the file into place when it
is done — and a file must keep the same size and modification time for ``settle``
seconds before it is taken.

The life of a file, each step one atomic rename or one transaction:

1. ``DIR/name`` is **claimed**: renamed into ``DIR/.vanban-processing/``;
2. a job row is written (``jobs``, origin ``watch``), then the file runs on the
   batch's worker pool;
3. its result (or error record) is committed to the store;
4. it is renamed into ``DIR/done/`` — or ``DIR/failed/`` beside ``name.error.json``.

A kill -9 at any moment loses nothing and repeats nothing: at start, every file left
in ``.vanban-processing`` is finished from where it stopped — moved on when its
result or error is already stored, queued again (under its existing job) when not.
"""
from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Optional

from vanban.extractor.batch.jobs import JobRunner, JobTask
from vanban.extractor.batch.store import Store
from vanban.extractor.batch.work import ExtractRef
from vanban.extractor.pipeline import sha256_file

log = logging.getLogger("vanban.watch")

PROCESSING = ".vanban-processing"
PARTIAL_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download",
                    ".filepart", ".swp")


def is_partial(name: str) -> bool:
    """A name writers use while a file is still being written.

    >>> [is_partial(n) for n in ("plan.pdf", ".plan.pdf", "plan.pdf.part", "~$plan.docx", "x~")]
    [False, True, True, True, True]
    """
    low = name.lower()
    return (name.startswith((".", "~$")) or name.endswith("~")
            or low.endswith(PARTIAL_SUFFIXES))


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem (2).ext`` … when taken."""
    dest = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while dest.exists():
        dest = folder / f"{stem} ({n}){suffix}"
        n += 1
    return dest


class Watcher:
    def __init__(self, folder, store: Store, *, workers: int = 1, settle: float = 2.0,
                 interval: float = 0.5, timeout: Optional[float] = 1800.0,
                 options_json: Optional[str] = None, extract_ref: ExtractRef = None) -> None:
        self.inbox = Path(os.path.abspath(folder))
        self.done = self.inbox / "done"
        self.failed = self.inbox / "failed"
        self.work = self.inbox / PROCESSING
        for d in (self.done, self.failed, self.work):
            d.mkdir(parents=True, exist_ok=True)
        self.store = store
        # the store's own files, when it lives in the folder, are not documents
        db = str(store.path) if store.is_sqlite else None
        self._ignore = {os.path.abspath(db + x) for x in ("", "-wal", "-shm", "-journal")} \
            if db else set()
        self.settle = settle
        self.interval = interval
        self.runner = JobRunner(store, workers=workers, timeout=timeout,
                                options_json=options_json, extract_ref=extract_ref,
                                origin="watch", on_finished=self._finished)
        self._seen: dict[str, tuple[tuple[int, int], float]] = {}
        self._inflight = 0
        self._lock = threading.Lock()
        self.processed = 0

    # -- the loop -----------------------------------------------------------------------
    def run(self, stop: threading.Event, *, once: bool = False) -> None:
        """Watch until ``stop`` is set; with ``once``, until the folder is empty and
        every taken file is finished."""
        self.recover()
        self.runner.start(resume=False)
        try:
            while not stop.is_set():
                waiting = self.scan()
                if self.runner.error is not None:
                    raise self.runner.error
                if once and not waiting and self.idle():
                    break
                stop.wait(self.interval)
        finally:
            self.runner.stop()

    def idle(self) -> bool:
        with self._lock:
            return self._inflight == 0

    def scan(self) -> int:
        """Claim the files that are complete; return how many are still settling."""
        now = time.monotonic()
        waiting = 0
        names = set()
        for entry in sorted(os.scandir(self.inbox), key=lambda e: e.name):
            if (not entry.is_file(follow_symlinks=False) or is_partial(entry.name)
                    or os.path.abspath(entry.path) in self._ignore):
                continue
            names.add(entry.name)
            try:
                st = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            key = (st.st_size, st.st_mtime_ns)
            prev = self._seen.get(entry.name)
            if prev is None or prev[0] != key:
                self._seen[entry.name] = (key, now)
                waiting += 1
                continue
            if now - prev[1] < self.settle:
                waiting += 1
                continue
            del self._seen[entry.name]
            self._claim(Path(entry.path))
        for gone in set(self._seen) - names:
            del self._seen[gone]
        return waiting

    # -- one file -------------------------------------------------------------------------
    def _claim(self, path: Path) -> None:
        dest = _free_name(self.work, path.name)
        try:
            os.rename(path, dest)
        except FileNotFoundError:  # taken away meanwhile
            return
        self._start(dest)

    def recover(self) -> None:
        """Finish the files a previous run had claimed (it was stopped or killed)."""
        for path in sorted(self.work.iterdir()):
            if path.is_file():
                self._start(path)

    def _start(self, path: Path) -> None:
        try:
            sha = sha256_file(path)
        except OSError as exc:
            log.error("%s: cannot be read (%s)", path, exc)
            return
        jobs = self.store.jobs(origin="watch", name=path.name, sha256=sha)
        job = next((j for j in reversed(jobs) if j["path"] == str(path)), None)
        if job is None:
            job_id = self.store.create_job("watch", path.name, str(path), sha)
            job = self.store.job(job_id)
        doc = self.store.document_of(sha)
        if doc is not None:  # stored already (this file before a kill, or a twin)
            if job["status"] != "done":
                self.store.update_job(job["id"], status="done", document_id=doc)
            self._move(path, ok=True, job=job)
            return
        if job["status"] == "failed":
            self._move(path, ok=False, job=self.store.job(job["id"]))
            return
        with self._lock:
            self._inflight += 1
        self.runner.resubmit(JobTask(str(path), sha, job["id"]))

    def _finished(self, task: JobTask, outcome: dict) -> None:
        try:
            job = self.store.job(task.job_id)
            self._move(Path(task.path), ok=job is not None and job["status"] == "done", job=job)
        finally:
            with self._lock:
                self._inflight -= 1

    def _move(self, path: Path, *, ok: bool, job: Optional[dict]) -> None:
        folder = self.done if ok else self.failed
        dest = _free_name(folder, path.name)
        if not ok:
            record = {"file": path.name, "sha256": job and job.get("sha256"),
                      "kind": job and job.get("error_kind"),
                      "message": job and job.get("error_message"), "job": job and job.get("id")}
            from vanban.extractor.writers import atomic_write_text

            atomic_write_text(folder / f"{dest.name}.error.json",
                              json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        os.rename(path, dest)
        if job is not None:
            self.store.update_job(job["id"], path=str(dest))
        self.processed += 1
        log.info("%s -> %s", path.name, dest)
