"""Where the per-file work runs: local worker processes that can be killed, or Dask.

Both executors have one method, ``run(tasks, on_done, should_stop)``: they feed
:class:`Task` s to :func:`~extractor.batch.work.process_file` and call ``on_done(task,
outcome)`` **in the calling (parent) process** for each finished file, so only the
parent ever writes the database. ``should_stop()`` is polled a few times a second;
when it turns true no new file is started and the files in flight are abandoned
(they were not recorded, so ``--resume`` will run them again).

:class:`LocalPool` keeps N long-lived ``spawn`` ed processes, each fed one file at a
time over its own pipe. A file that runs past the timeout gets its worker killed
(SIGKILL to its process group, so a tesseract it started dies with it) and
replaced; a worker that dies by itself (a segfault in a PDF library, the OOM
killer) becomes an error record for the file it held. ``spawn`` rather than ``fork``:
the parent runs a progress thread, and a spawned worker holds no copy of the parent's
pipe ends, so a worker whose parent was killed sees end-of-file and exits.
"""
from __future__ import annotations

import itertools
import multiprocessing as mp
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait as mp_wait
from typing import Callable, Iterable, Optional

from vanban.extractor.batch.work import (ExtractRef, Watchdog, die_with_parent, limit_threads,
                                  process_file, process_file_isolated, warm_up)
from vanban.extractor.errors import VanbanError
from vanban.extractor.exitcodes import ExitCode
from vanban.models import ErrorRecord

TICK = 0.25  # seconds between checks of the stop flag and the timeouts
READY = "ready"  # what a worker sends once it has started and imported the extractor
STARTUP_TIMEOUT = 300.0  # seconds a new worker may take to say READY
# The worker stops its own file at the timeout; the parent kills it only this much later
# (a worker stuck in C code whose watchdog thread cannot run).
BACKSTOP = 5.0

OnDone = Callable[["Task", dict], None]
ShouldStop = Callable[[], bool]


@dataclass(frozen=True)
class Task:
    path: str
    sha256: str


def failure(task: Task, kind: str, message: str,
            exit_code: int = ExitCode.input_file) -> dict:
    """An outcome dict for a file the pool itself gave up on (timeout, worker death)."""
    rec = ErrorRecord(file=task.path, sha256=task.sha256, kind=kind, message=message,
                      exit_code=exit_code)
    return {"ok": False, "error": rec.model_dump(mode="json"), "seconds": None, "rss_mb": None}


def timeout_outcome(task: Task, timeout: float) -> dict:
    return failure(task, "Timeout", f"took longer than {timeout:g} s and was stopped "
                   "(raise --timeout for very long scans)")


# -- local processes ---------------------------------------------------------------------


def _worker_main(conn, options_json: Optional[str], extract_ref: ExtractRef,
                 timeout: Optional[float] = None) -> None:
    """Loop of one worker process: receive a path, send back the outcome; stop on
    ``None`` or when the parent's end of the pipe is gone. The worker dies with its
    parent (``PR_SET_PDEATHSIG`` and a watchdog thread that kills its process group, so
    tesseract goes too) and stops a file past ``timeout`` by itself: it sends the
    timeout record and kills its group; the parent's own clock is only a backstop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl-C does
    os.setpgrp()  # own process group: a kill reaches the tesseract processes it starts
    die_with_parent()
    current: dict = {}
    send_lock = threading.Lock()

    def send_timeout() -> bool:
        with send_lock:  # either this record or the file's own outcome is sent, not both
            task = current.get("task")
            if task is None:
                return False
            out = timeout_outcome(task, timeout)
            out["_replace"] = True
            try:
                conn.send(out)
            except (OSError, ValueError):
                pass
            return True

    watchdog = Watchdog(timeout, send_timeout)
    warm_up(extract_ref)
    try:
        conn.send(READY)
    except OSError:
        return
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        path, sha = message
        current["task"] = Task(path, sha)
        watchdog.start_file()
        outcome = process_file(path, options_json, extract_ref)
        with send_lock:
            watchdog.end_file()
            current.clear()
            try:
                conn.send(outcome)
            except (OSError, ValueError):
                return


class _Worker:
    def __init__(self, ctx, options_json, extract_ref, timeout=None) -> None:
        self.conn, child = ctx.Pipe(duplex=True)
        self.proc = ctx.Process(target=_worker_main,
                                args=(child, options_json, extract_ref, timeout),
                                daemon=True, name="vanban-worker")
        self.proc.start()
        child.close()
        self.task: Optional[Task] = None
        self.started = 0.0

    def wait_ready(self) -> None:
        """Block until the worker has imported the extractor (or died trying)."""
        if self.conn.poll(STARTUP_TIMEOUT):
            try:
                if self.conn.recv() == READY:
                    return
            except (EOFError, OSError):
                pass
        self.kill()
        raise VanbanError(f"a batch worker process failed to start (exit code "
                          f"{self.proc.exitcode}); run `vanban extract` on one file to see why")

    def give(self, task: Task) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send((task.path, task.sha256))

    def kill(self) -> None:
        if self.proc.is_alive():
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:  # not yet its own group leader, or already gone
                self.proc.kill()
        self.proc.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.proc.join(2)
        self.kill()


class LocalPool:
    """``workers`` processes on this machine; per-file ``timeout`` in seconds (None: none)."""

    def __init__(self, workers: int, *, options_json: Optional[str] = None,
                 extract_ref: ExtractRef = None, timeout: Optional[float] = None) -> None:
        self.workers = max(1, workers)
        self.options_json = options_json
        self.extract_ref = extract_ref
        self.timeout = timeout
        self.ctx = mp.get_context("spawn")

    def _spawn(self, n: int = 1) -> list[_Worker]:
        """Start ``n`` workers together and wait until each is ready."""
        workers = [_Worker(self.ctx, self.options_json, self.extract_ref, self.timeout)
                   for _ in range(n)]
        try:
            for worker in workers:
                worker.wait_ready()
        except BaseException:
            for worker in workers:
                worker.kill()
            raise
        return workers

    def run(self, tasks: Iterable[Task], on_done: OnDone, should_stop: ShouldStop) -> None:
        pending = iter(tasks)
        first = next(pending, None)
        if first is None:
            return
        pending = itertools.chain([first], pending)
        exhausted = False
        idle: list[_Worker] = []
        busy: list[_Worker] = []
        try:
            idle = self._spawn(self.workers)
            while True:
                if not exhausted:
                    exhausted = not self._fill(
                        idle, busy, lambda: None if should_stop() else next(pending, None))
                if not busy or should_stop():
                    return
                self._collect(busy, idle, on_done)
        finally:
            self._release(busy, idle)

    @staticmethod
    def _fill(idle: list[_Worker], busy: list[_Worker], next_task) -> bool:
        """Give each idle worker a task while ``next_task()`` has one; False once it had
        none."""
        while idle:
            task = next_task()
            if task is None:
                return False
            worker = idle.pop()
            worker.give(task)
            busy.append(worker)
        return True

    @staticmethod
    def _release(busy: list[_Worker], idle: list[_Worker]) -> None:
        """Kill the workers still on a file, stop the idle ones."""
        for worker in busy:
            worker.kill()
        for worker in idle:
            worker.stop()

    def _collect(self, busy: list[_Worker], idle: list[_Worker], on_done) -> None:
        """Wait for the busy workers, hand each finished outcome to ``on_done`` and put its
        worker back to ``idle``; a worker that timed out or died is replaced by a fresh
        process, even when ``on_done`` fails."""
        mp_wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                timeout=self._wait_time(busy))
        for worker in list(busy):
            outcome = self._check(worker)
            if outcome is None:
                continue
            busy.remove(worker)
            replace = outcome.pop("_replace", False)
            try:
                on_done(worker.task, outcome)
            finally:
                if replace:  # timed out or died: a fresh process takes its place
                    worker.kill()
                    idle.extend(self._spawn())
                else:
                    idle.append(worker)

    def _wait_time(self, busy: list[_Worker]) -> float:
        if not self.timeout:
            return TICK
        now = time.monotonic()
        left = min(w.started + self.timeout + BACKSTOP - now for w in busy)
        return max(0.0, min(TICK, left))

    def _check(self, worker: _Worker) -> Optional[dict]:
        """The outcome of a busy worker's file if it is over (done, died, timed out)."""
        task = worker.task
        if worker.conn.poll():
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                pass  # died: fall through
        elif worker.proc.is_alive():
            if self.timeout and time.monotonic() - worker.started > self.timeout + BACKSTOP:
                out = timeout_outcome(task, self.timeout)
                out["_replace"] = True
                return out
            return None
        worker.proc.join(1)
        code = worker.proc.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        out = failure(task, "WorkerCrashed", f"the worker process died ({how}) while reading "
                      "this file", exit_code=ExitCode.internal)
        out["_replace"] = True
        return out


# -- Dask --------------------------------------------------------------------------------


class DaskPool:
    """The same per-file function on a Dask distributed cluster.

    ``address`` is a scheduler (``tcp://host:8786``) or ``"local"`` for a LocalCluster of
    ``workers`` processes with one thread each. The input paths must be readable on the
    workers (a shared folder). Each file runs in a process of its own on the Dask worker
    (:func:`~extractor.batch.work.process_file_isolated`), killed with its tesseract
    children at the timeout: a Dask task itself cannot be stopped once running. The
    parent's clock is a backstop. An unreachable or failing scheduler is a one-line
    :class:`~extractor.errors.VanbanError` (exit 3); :meth:`connect` is called before
    anything is written to the database, so an unreachable one leaves nothing behind.
    """

    CONNECT_TIMEOUT = "10s"

    def __init__(self, address: str, workers: int, *, options_json: Optional[str] = None,
                 extract_ref: ExtractRef = None, timeout: Optional[float] = None) -> None:
        self.address = address
        self.workers = max(1, workers)
        self.options_json = options_json
        self.extract_ref = extract_ref
        self.timeout = timeout
        self.client = self.cluster = None

    def _error(self, what: str, exc: BaseException) -> VanbanError:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return VanbanError(f"the Dask scheduler {self.address} {what} ({detail}); check "
                           "`--dask ADDR` and that `dask scheduler` is running")

    def connect(self) -> None:
        import logging

        from distributed import Client, LocalCluster

        try:
            if self.address == "local":
                limit_threads()  # inherited by the cluster's worker processes
                self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                            processes=True, dashboard_address=None,
                                            silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
            else:
                logging.getLogger("distributed").setLevel(logging.CRITICAL)
                self.client = Client(self.address, timeout=self.CONNECT_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - OSError, TimeoutError, a bad address …
            self.close()
            raise self._error("cannot be reached", exc) from None

    def close(self) -> None:
        for thing in (self.client, self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # noqa: BLE001 - already gone
                    pass
        self.client = self.cluster = None

    def run(self, tasks: Iterable[Task], on_done: OnDone, should_stop: ShouldStop) -> None:
        from distributed import wait as dask_wait

        if self.client is None:
            self.connect()
        client = self.client
        isolated = self.extract_ref is None or isinstance(self.extract_ref, str)
        pending = iter(tasks)
        inflight: dict = {}  # future -> (task, submitted at)
        backstop = self.timeout + 30.0 if self.timeout else None
        try:
            try:
                client.run(warm_up, self.extract_ref)  # imports before the clocks start
                slots = max(1, sum(client.nthreads().values()))
            except Exception as exc:  # noqa: BLE001
                raise self._error("failed", exc) from None
            exhausted = False
            while True:
                while not exhausted and not should_stop() and len(inflight) < slots:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    if isolated:
                        fut = client.submit(process_file_isolated, task.path, self.options_json,
                                            self.extract_ref, self.timeout, pure=False)
                    else:  # a function object cannot cross into a new process by name
                        fut = client.submit(process_file, task.path, self.options_json,
                                            self.extract_ref, pure=False)
                    inflight[fut] = (task, time.monotonic())
                if not inflight or should_stop():
                    return
                try:
                    done, _ = dask_wait(list(inflight), timeout=TICK, return_when="FIRST_COMPLETED")
                except TimeoutError:
                    done = set()
                except Exception as exc:  # noqa: BLE001 - the scheduler went away
                    raise self._error("failed", exc) from None
                for fut in done:
                    task, _t = inflight.pop(fut)
                    try:
                        outcome = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a lost worker, a pickling error…
                        outcome = failure(task, type(exc).__name__,
                                          f"the Dask task failed: {exc}", exit_code=ExitCode.internal)
                    on_done(task, outcome)
                limit = backstop if isolated else self.timeout
                if limit:
                    now = time.monotonic()
                    for fut, (task, t0) in list(inflight.items()):
                        if now - t0 > limit:
                            inflight.pop(fut)
                            fut.cancel()
                            on_done(task, timeout_outcome(task, self.timeout))
        finally:
            for fut in inflight:
                fut.cancel()
            self.close()
