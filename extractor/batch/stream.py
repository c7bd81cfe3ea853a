"""The batch's local worker pool fed without end: for ``vanban serve`` (uploads) and
``vanban watch`` (dropped files).

:class:`StreamPool` is :class:`~extractor.batch.pool.LocalPool` — the same spawned,
killable workers, per-file timeout and crash records — with a feeding loop that asks
``next_task()`` for work whenever a worker is idle and waits (without spinning) when
there is none, until ``should_stop()``. Outcomes come back to ``on_done`` in the
pool's thread, as in a batch.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional

from vanban.extractor.batch.pool import TICK, LocalPool, OnDone, ShouldStop, Task


class StreamPool(LocalPool):
    def __init__(self, workers: int, **kwargs) -> None:
        super().__init__(workers, **kwargs)
        self.wake = threading.Event()  # set by producers: new work is waiting
        self.ready = threading.Event()  # set once the workers have started

    def serve(self, next_task: Callable[[], Optional[Task]], on_done: OnDone,
              should_stop: ShouldStop) -> None:
        idle = self._spawn(self.workers)
        busy = []
        self.ready.set()
        try:
            while not should_stop():
                self._fill(idle, busy, next_task)
                if not busy:
                    self.wake.wait(TICK)
                    self.wake.clear()
                    continue
                self._collect(busy, idle, on_done)
        finally:
            self._release(busy, idle)
