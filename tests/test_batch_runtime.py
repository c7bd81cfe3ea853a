"""The batch runtime under faults: --resume after edits and deletions, the atomic lock,
workers that die with their parent and stop their own files, and a REAL Dask cluster
(``dask scheduler`` + two ``dask worker`` processes on localhost)."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vanban.extractor.batch import DB_NAME, run_batch
from vanban.extractor.batch import pool as pool_module
from vanban.extractor.batch.runner import BatchLock
from vanban.extractor.errors import UsageError
from test_batch import ROOT, SYNTHETIC, TESTS, db_tables, write_corrupt, write_good

psutil = pytest.importorskip("psutil")


def _env() -> dict:
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(ROOT)]))


def test_resume_after_edits_and_deletions_equals_a_fresh_run(tmp_path):
    archive = tmp_path / "in"
    files = write_good(archive, 5)
    out = tmp_path / "out"
    run_batch([archive], out, workers=2, extract_fn=SYNTHETIC, progress=False)
    files[0].unlink()  # deleted
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nSửa đổi\n",
                        encoding="utf-8")  # edited: new content
    summary = run_batch([archive], out, workers=2, resume=True, extract_fn=SYNTHETIC,
                        progress=False)
    assert (summary.done, summary.skipped, summary.removed) == (1, 3, 2)
    run_batch([archive], tmp_path / "fresh", workers=2, extract_fn=SYNTHETIC, progress=False)
    assert db_tables(out / DB_NAME) == db_tables(tmp_path / "fresh" / DB_NAME)
    con = sqlite3.connect(out / DB_NAME)
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4


def test_a_second_batch_on_the_same_out_is_refused_by_the_lock(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 2)
    held = BatchLock(tmp_path / "out")
    try:
        with pytest.raises(UsageError, match="another batch is writing"):
            run_batch([archive], tmp_path / "out", workers=1, extract_fn=SYNTHETIC,
                      progress=False)
    finally:
        held.release()
    # released: the same batch now runs
    assert run_batch([archive], tmp_path / "out", workers=1, extract_fn=SYNTHETIC,
                     progress=False).done == 2


@pytest.mark.slow
def test_two_batches_started_together_one_runs_one_is_refused(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 4)
    cmd = [sys.executable, "-m", "vanban.extractor.cli", "batch", str(archive), "--out",
           str(tmp_path / "out"), "--workers", "1", "--no-progress", "--extract-fn",
           "batch_fakes:slow"]
    procs = [subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    results = [(p.wait(120), p.stderr.read().decode()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results
    refused = next(err for code, err in results if code == 2)
    assert len(refused.strip().splitlines()) == 1 and "another batch" in refused


def _descendants(pid: int) -> list:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 2, prefix="slow")  # each hangs for 120 s in its worker
    proc = subprocess.Popen(
        [sys.executable, "-m", "vanban.extractor.cli", "batch", str(archive), "--out",
         str(tmp_path / "out"), "--workers", "2", "--no-progress", "--extract-fn",
         "batch_fakes:hangs_on_slow"], env=_env(), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    workers: list = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [p for p in _descendants(proc.pid) if "spawn_main" in " ".join(p.cmdline())]
        time.sleep(0.2)
    assert len(workers) == 2, "the workers did not start"
    time.sleep(1.0)  # they now hold a file each
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"workers outlived their parent: {alive}"


@pytest.mark.slow
def test_a_worker_stops_its_own_file_without_the_parent(tmp_path, monkeypatch):
    """The parent's backstop is pushed out of reach: the timeout record can only come
    from the worker itself."""
    monkeypatch.setattr(pool_module, "BACKSTOP", 10_000.0)
    archive = tmp_path / "in"
    write_good(archive, 2)
    write_good(archive, 1, prefix="slow")
    summary = run_batch([archive], tmp_path / "out", workers=2, timeout=3,
                        extract_fn="batch_fakes:hangs_on_slow", progress=False)
    assert (summary.done, summary.failed) == (2, 1)
    con = sqlite3.connect(tmp_path / "out" / DB_NAME)
    assert con.execute("SELECT kind FROM errors").fetchall() == [("Timeout",)]


def test_failure_lines_say_why(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 1)
    write_corrupt(archive / "bad")
    proc = subprocess.run(
        [sys.executable, "-m", "vanban.extractor.cli", "batch", str(archive), "--out",
         str(tmp_path / "out"), "--workers", "1", "--no-progress", "--extract-fn", SYNTHETIC],
        env=_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    lines = [ln for ln in proc.stderr.splitlines() if "/bad/" in ln]
    assert len(lines) == 5
    empty = next(ln for ln in lines if "empty.txt" in ln)
    assert "empty" in empty.split("empty.txt", 1)[1], empty  # the reason, not just the path


# -- Dask ---------------------------------------------------------------------------------

DASK = shutil.which("dask") or str(Path(sys.executable).with_name("dask"))


def test_an_unreachable_scheduler_is_one_line_exit_3_and_blocks_nothing(tmp_path):
    pytest.importorskip("distributed")
    archive = tmp_path / "in"
    write_good(archive, 2)
    with socket_port() as port:  # a port nobody listens on
        pass
    cmd = [sys.executable, "-m", "vanban.extractor.cli", "batch", str(archive), "--out",
           str(tmp_path / "out"), "--no-progress", "--extract-fn", SYNTHETIC]
    proc = subprocess.run(cmd + ["--dask", f"tcp://127.0.0.1:{port}"], env=_env(),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "cannot be reached" in proc.stderr and "Traceback" not in proc.stderr
    rerun = subprocess.run(cmd + ["--workers", "1"], env=_env(), capture_output=True,
                           text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr


class socket_port:
    def __enter__(self) -> int:
        import socket

        self.s = socket.socket()
        self.s.bind(("127.0.0.1", 0))
        return self.s.getsockname()[1]

    def __exit__(self, *exc) -> None:
        self.s.close()


@pytest.fixture
def dask_cluster(tmp_path):
    """A real ``dask scheduler`` and two ``dask worker`` processes on localhost."""
    pytest.importorskip("distributed")
    if not Path(DASK).exists():
        pytest.skip("the dask command is not installed")
    sched_file = tmp_path / "scheduler.json"
    env = _env()
    env["OMP_THREAD_LIMIT"] = "1"
    procs = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", "0",
                               "--no-dashboard", "--scheduler-file", str(sched_file)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    try:
        deadline = time.monotonic() + 60
        while not sched_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sched_file.exists(), "dask scheduler did not start"
        for _ in range(2):
            procs.append(subprocess.Popen(
                [DASK, "worker", "--scheduler-file", str(sched_file), "--nthreads", "1",
                 "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1"],
                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True))
        import json

        from distributed import Client

        address = json.loads(sched_file.read_text())["address"]
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=90)
        yield address, procs
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except OSError:
                pass
        for p in procs:
            try:
                p.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


@pytest.mark.slow
def test_real_dask_cluster_same_database_and_timeout_stops_the_work(tmp_path, dask_cluster):
    address, procs = dask_cluster
    archive = tmp_path / "in"
    write_good(archive, 4)
    write_corrupt(archive / "bad")
    summary = run_batch([archive], tmp_path / "dask", dask=address, extract_fn=SYNTHETIC,
                        progress=False)
    assert (summary.done, summary.failed) == (4, 5)
    run_batch([archive], tmp_path / "local", workers=2, extract_fn=SYNTHETIC, progress=False)
    assert db_tables(tmp_path / "dask" / DB_NAME) == db_tables(tmp_path / "local" / DB_NAME)

    # a file past its timeout is recorded as an error AND its process is gone
    slow = tmp_path / "slow_in"
    write_good(slow, 1)
    write_good(slow, 1, prefix="slow")
    summary = run_batch([slow], tmp_path / "timeout", dask=address, timeout=4,
                        extract_fn="batch_fakes:hangs_on_slow", progress=False)
    assert (summary.done, summary.failed) == (1, 1)
    con = sqlite3.connect(tmp_path / "timeout" / DB_NAME)
    assert con.execute("SELECT kind FROM errors").fetchall() == [("Timeout",)]
    deadline = time.monotonic() + 10
    left: list = []
    while time.monotonic() < deadline:
        left = [c for p in procs[1:] for c in _descendants(p.pid)
                if "vanban.extractor.batch.work" in " ".join(c.cmdline())]
        if not left:
            break
        time.sleep(0.2)
    assert not left, "the timed-out file's process still runs on the Dask worker"
