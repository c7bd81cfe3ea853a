"""``vanban watch``: files renamed into a folder are extracted once, partial files are
left alone, and a kill -9 mid-way followed by a restart ends with every file processed
exactly once."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from vanban.extractor.batch import Store
from vanban.extractor.watch import PROCESSING, Watcher, is_partial

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
SEEDS = sorted((ROOT / "samples").glob("*.txt"))


def drop(folder: Path, name: str, text: str) -> Path:
    """Write like a careful writer: a temporary name, then a rename into place."""
    tmp = folder / f".{name}.tmp"
    tmp.write_text(text, encoding="utf-8")
    dest = folder / name
    os.replace(tmp, dest)
    return dest


def seed_text(i: int) -> str:
    return SEEDS[i % len(SEEDS)].read_text(encoding="utf-8") + f"\nBản sao số {i}\n"


def _spawn(folder: Path, db: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(ROOT)]))
    return subprocess.Popen(
        [sys.executable, "-m", "vanban.extractor.cli", "watch", str(folder), "--db", str(db),
         "--workers", "2", "--settle", "0.2", "--interval", "0.1",
         "--extract-fn", "batch_fakes:slow", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_partial_names_are_ignored_and_growing_files_wait(tmp_path):
    assert is_partial("a.pdf.part") and is_partial(".a.pdf") and not is_partial("a.pdf")
    inbox = tmp_path / "in"
    inbox.mkdir()
    with Store(tmp_path / "db.sqlite") as store:
        w = Watcher(inbox, store, settle=0.3, interval=0.05)
        (inbox / "plan.pdf.part").write_text("half")
        growing = inbox / "growing.txt"
        growing.write_text("a")
        assert w.scan() == 1  # seen once: not yet stable
        time.sleep(0.1)
        growing.write_text("ab")  # still being written
        assert w.scan() == 1
        assert growing.exists() and not list((inbox / PROCESSING).iterdir())
        w.runner.stop()


def test_kill_9_mid_way_then_restart_processes_every_file_exactly_once(tmp_path):
    inbox, db = tmp_path / "in", tmp_path / "watch.sqlite"
    inbox.mkdir()
    names = [f"doc{i:02d}.txt" for i in range(50)]
    for i, name in enumerate(names[:30]):
        drop(inbox, name, seed_text(i))
    proc = _spawn(inbox, db)
    deadline = time.monotonic() + 120
    while len(list((inbox / "done").glob("*.txt"))) < 8:
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.05)
    for i, name in enumerate(names[30:40], 30):  # more arrive while it runs
        drop(inbox, name, seed_text(i))
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    done_at_kill = len(list((inbox / "done").glob("*.txt")))
    assert 8 <= done_at_kill < 50, "the kill must land mid-way"
    for i, name in enumerate(names[40:], 40):  # and while it is down
        drop(inbox, name, seed_text(i))
    again = _spawn(inbox, db, "--once")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert sorted(p.name for p in (inbox / "done").iterdir()) == names  # no "(2)" copies
    assert not list((inbox / "failed").iterdir())
    assert not list((inbox / PROCESSING).iterdir())
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == []
    for i, name in enumerate(names):
        assert (inbox / "done" / name).read_text(encoding="utf-8") == seed_text(i)
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 50
    jobs = con.execute("SELECT name, status FROM jobs WHERE origin='watch'").fetchall()
    assert sorted(jobs) == [(n, "done") for n in names]  # one job per file, none repeated
    done_paths = {p for (p,) in con.execute("SELECT path FROM jobs")}
    assert done_paths == {str(inbox / "done" / n) for n in names}


def test_a_bad_file_goes_to_failed_with_its_error(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    drop(inbox, "good.txt", seed_text(0))
    (inbox / "noise.bin").write_bytes(bytes(range(256)) * 4)
    with Store(tmp_path / "db.sqlite") as store:
        w = Watcher(inbox, store, settle=0.1, interval=0.05, extract_ref="batch_fakes:synthetic")
        stop = threading.Event()
        w.run(stop, once=True)
        assert [p.name for p in (inbox / "done").iterdir()] == ["good.txt"]
        failed = sorted(p.name for p in (inbox / "failed").iterdir())
        assert failed == ["noise.bin", "noise.bin.error.json"]
        assert "UnsupportedFormatError" in (inbox / "failed" / "noise.bin.error.json").read_text()
        assert store.count("errors") == 1 and store.count("sources") == 1


def test_watch_command_default_database_lives_hidden_in_the_folder(tmp_path, capsys):
    from vanban.extractor.cli import main

    inbox = tmp_path / "in"
    inbox.mkdir()
    drop(inbox, "a.txt", seed_text(1))
    assert main(["watch", str(inbox), "--once", "--settle", "0.1", "--interval", "0.05"]) == 0
    assert [p.name for p in (inbox / "done").iterdir()] == ["a.txt"]
    assert (inbox / ".vanban.sqlite").is_file()
    assert main(["watch", str(tmp_path / "missing")]) == 2
