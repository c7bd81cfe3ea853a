"""Stand-ins for ``extractor.extract`` that the batch tests inject into worker processes
(``extract_fn="batch_fakes:<name>"``): slow files, hanging files, crashing workers.
They decide by the file's name, and otherwise run the real extraction."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from extractor import extract
from extractor.errors import CorruptFileError


def slow(path, options=None):
    """The real extraction, 0.3 s slower: lets a test kill a batch part-way."""
    time.sleep(0.3)
    return extract(path, options=options)


def hangs_on_slow(path, options=None):
    """Files named ``slow*`` never finish (in test time); the rest are extracted."""
    if Path(path).name.startswith("slow"):
        time.sleep(120)
    return extract(path, options=options)


def crashes_on_crash(path, options=None):
    """Files named ``crash*`` kill their worker process outright (like a segfault)."""
    if Path(path).name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    return extract(path, options=options)


def fails_on_flaky(path, options=None):
    """Files named ``flaky*`` fail as corrupt; run again with the real extraction they
    succeed — to test that ``--resume`` retries failed files."""
    if Path(path).name.startswith("flaky"):
        raise CorruptFileError("flaky failure for the test", path=path)
    return extract(path, options=options)
