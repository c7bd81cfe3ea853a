"""Jobs: files handed to vanban by a program (an upload) or a folder (``vanban watch``),
run on the batch's worker pool (:class:`~extractor.batch.stream.StreamPool`) and
stored in the store like a batch's files.

A job is a row of the ``jobs`` table (``queued`` → ``running`` → ``done`` | ``failed``)
pointing at the stored file and, once done, at its document. The row is written
before the job is queued, so a job survives a restart: :meth:`JobRunner.start`
queues again every job that had not finished. A file whose content is already stored
is not extracted again: its job is done at once, with the same document.
"""
from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from vanban.extractor.batch.pool import Task
from vanban.extractor.batch.store import Store
from vanban.extractor.batch.stream import StreamPool
from vanban.extractor.batch.work import ExtractRef, save_outcome

log = logging.getLogger("vanban.jobs")


@dataclass(frozen=True)
class JobTask(Task):
    job_id: str = ""


class JobRunner:
    """Owns a :class:`StreamPool` running in a background thread."""

    def __init__(self, store: Store, *, workers: int = 1, timeout: Optional[float] = 1800.0,
                 options_json: Optional[str] = None, extract_ref: ExtractRef = None,
                 origin: str = "api",
                 on_finished: Optional[Callable[[JobTask, dict], None]] = None) -> None:
        self.store = store
        self.origin = origin
        self.on_finished = on_finished
        self.pool = StreamPool(workers, options_json=options_json, extract_ref=extract_ref,
                               timeout=timeout or None)
        self.queue: "queue.Queue[JobTask]" = queue.Queue()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self.error: Optional[BaseException] = None

    # -- life ---------------------------------------------------------------------------
    def start(self, *, resume: bool = True) -> None:
        if resume:
            for job in self.store.jobs(origin=self.origin):
                if job["status"] not in ("queued", "running"):
                    continue
                doc = self.store.document_of(job["sha256"]) if job["sha256"] else None
                if doc is not None:  # stored just before a stop: only the job row lagged
                    self.store.update_job(job["id"], status="done", document_id=doc)
                elif job["path"] and Path(job["path"]).is_file():
                    self._enqueue(JobTask(job["path"], job["sha256"], job["id"]))
        self._thread = threading.Thread(target=self._run, name="vanban-jobs", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self.pool.serve(self._next, self._done, self._stop.is_set)
        except BaseException as exc:  # noqa: BLE001 - reported by health()
            self.error = exc
            log.exception("the worker pool stopped")

    def stop(self) -> None:
        self._stop.set()
        self.pool.wake.set()
        if self._thread is not None:
            self._thread.join(30)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- jobs -----------------------------------------------------------------------------
    def submit(self, path: Path, sha256: str, name: str) -> str:
        """A job for a stored file; done at once when its content is already known."""
        job_id = self.store.create_job(self.origin, name, str(path), sha256)
        doc = self.store.document_of(sha256)
        if doc is not None:
            self.store.update_job(job_id, status="done", document_id=doc)
        else:
            self._enqueue(JobTask(str(path), sha256, job_id))
        return job_id

    def resubmit(self, task: JobTask) -> None:
        """Queue again a job whose row exists (a restart found it unfinished)."""
        self._enqueue(task)

    def _enqueue(self, task: JobTask) -> None:
        self.queue.put(task)
        self.pool.wake.set()

    def _next(self) -> Optional[JobTask]:
        try:
            task = self.queue.get_nowait()
        except queue.Empty:
            return None
        try:
            self.store.update_job(task.job_id, status="running")
        except Exception:  # noqa: BLE001 - the job still runs; its end is recorded
            log.exception("cannot mark job %s running", task.job_id)
        return task

    def _done(self, task: JobTask, outcome: dict) -> None:
        try:
            self.record(self.store, task, outcome)
        except Exception:  # noqa: BLE001 - one job's storage failure must not stop the pool
            log.exception("cannot store job %s", task.job_id)
        if self.on_finished is not None:
            self.on_finished(task, outcome)

    @staticmethod
    def record(store: Store, task: JobTask, outcome: dict) -> None:
        """Store a job's outcome: the result (its document) or the error record."""
        stored, doc = save_outcome(store, task.path, task.sha256, outcome)
        if doc is not None:
            store.update_job(task.job_id, status="done", document_id=doc)
        else:
            store.update_job(task.job_id, status="failed", error_kind=stored.kind,
                             error_message=stored.message)

    def health(self) -> dict:
        return {"workers": self.pool.workers, "running": self.alive,
                "queued": self.queue.qsize(),
                "error": None if self.error is None else str(self.error)}
