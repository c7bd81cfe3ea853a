"""Stand-ins for ``extractor.extract`` that the batch tests inject into worker processes
(``extract_fn="batch_fakes:<name>"``): slow files, hanging files, crashing workers.

They build on :func:`synthetic`, a small extraction that does not go through the
parsers: the batch tests compare whole databases between runs made seconds apart, and
the parsers are being edited by others while the suite runs, so a comparison through
them could differ for reasons that are not the batch's. Real extraction is covered by
the mixed-archive test.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from vanban.extractor.errors import CorruptFileError, UnsupportedFormatError
from vanban.extractor.loaders import detect
from vanban.extractor.pipeline import sha256_file
from vanban.models import Document, ExtractionResult, Finding, Source, TimetableRow


def synthetic(path, options=None) -> ExtractionResult:
    """Text files only (others fail like the real loaders do): the first line is the
    title, each of the next lines (up to five) a timetable row."""
    path = Path(path)
    media = detect(path)  # the real sniffing: empty files, binary noise, .doc … fail here
    if media != "text/plain":
        raise UnsupportedFormatError(f"is not a text file ({media})", path=path)
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return ExtractionResult(
        source=Source(file=path.name, sha256=sha256_file(path), media_type=media, pages=1,
                      text_source="plain_text"),
        document=Document(title=lines[0][:120]),
        timetable=[TimetableRow(seq=str(i), task=ln[:120]) for i, ln in enumerate(lines[1:6], 1)],
        findings=[Finding(code="MISSING_SIGNER", severity="warning", message=lines[-1][:80])],
    )


def slow(path, options=None):
    """:func:`synthetic`, 0.3 s slower: lets a test kill a batch part-way."""
    time.sleep(0.3)
    return synthetic(path, options)


def hangs_on_slow(path, options=None):
    """Files named ``slow*`` never finish (in test time); the rest are extracted."""
    if Path(path).name.startswith("slow"):
        time.sleep(120)
    return synthetic(path, options)


def crashes_on_crash(path, options=None):
    """Files named ``crash*`` kill their worker process outright (like a segfault)."""
    if Path(path).name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    return synthetic(path, options)


def fails_on_flaky(path, options=None):
    """Files named ``flaky*`` fail as corrupt; run again with :func:`synthetic` they
    succeed — to test that ``--resume`` retries failed files."""
    if Path(path).name.startswith("flaky"):
        raise CorruptFileError("flaky failure for the test", path=path)
    return synthetic(path, options)
