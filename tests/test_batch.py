"""``vanban batch``: walking, error records, dedup, resume, timeouts, crashes, kill -9,
Ctrl-C and Dask — on fast inputs (.txt seeds; .pdf/.docx when their loaders exist)."""
from __future__ import annotations

import importlib.util
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from vanban.extractor.batch import DB_NAME, Store, run_batch
from vanban.extractor.batch.store import DATA_TABLES
from vanban.extractor.batch.walk import iter_files
from vanban.extractor.cli import main
from vanban.extractor.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
# the seed plans (as text, PDF, DOCX, one page image) ship in samples/
SAMPLES = ROOT / "samples"
SEEDS = sorted(SAMPLES.glob("*.txt"))
TESTS = Path(__file__).resolve().parent
# database comparisons go through an extraction that does not use the parsers (see
# batch_fakes); real extraction is exercised by the mixed-archive test
SYNTHETIC = "batch_fakes:synthetic"


def _has_loader(name: str) -> bool:
    return importlib.util.find_spec(f"vanban.extractor.loaders.{name}") is not None


def write_good(folder: Path, n: int, prefix: str = "doc") -> list[Path]:
    """``n`` distinct plain-text plans: the seeds, each with a copy number appended."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        seed = SEEDS[i % len(SEEDS)]
        p = folder / f"{prefix}{i:03d}.txt"
        p.write_text(seed.read_text(encoding="utf-8") + f"\nBản lưu số {i} ({prefix})\n", encoding="utf-8")
        paths.append(p)
    return paths


def write_corrupt(folder: Path) -> list[Path]:
    """Five distinct files that cannot be read as documents."""
    folder.mkdir(parents=True, exist_ok=True)
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w") as zf:
        zf.writestr("hello.txt", "not a word document")
    files = {
        "empty.txt": b"",
        "noise.bin": bytes(range(256)) * 8,
        "truncated.pdf": b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
        "fake.docx": zbuf.getvalue(),
        "legacy.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
    }
    out = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        out.append(folder / name)
    return out


def db_tables(db: Path) -> dict[str, list[tuple]]:
    """Every data table, rows sorted — what two equal batches must share."""
    with Store(db, create=False) as store:
        return {t: store.table_rows(t) for t in DATA_TABLES}


# -- walking ---------------------------------------------------------------------------


def test_walk_follows_links_without_loops_and_filters(tmp_path):
    root = tmp_path / "in"
    write_good(root / "a", 2)
    write_good(root / "b", 1, prefix="other")
    (root / "b" / "notes.md").write_text("x")
    (root / ".hidden.txt").write_text("x")
    (root / "a" / "up").symlink_to(root)  # a loop back to the top
    (root / "b" / "same").symlink_to(root / "a")  # a second way into a/
    (root / "dangling.txt").symlink_to(root / "missing.txt")
    found = [p.relative_to(root).as_posix() for p in iter_files([root])]
    assert found == ["a/doc000.txt", "a/doc001.txt", "b/notes.md", "b/other000.txt"]


@pytest.mark.parametrize("include, exclude, expected", [
    ((), (), ["a/doc000.txt", "a/doc001.txt", "b/notes.md", "b/other000.txt"]),
    (("*.txt",), (), ["a/doc000.txt", "a/doc001.txt", "b/other000.txt"]),
    (("*.TXT",), ("*/b/*",), ["a/doc000.txt", "a/doc001.txt"]),
    ((), ("doc*",), ["b/notes.md", "b/other000.txt"]),
    (("*.pdf",), (), []),  # negative row: nothing matches
])
def test_walk_include_exclude(tmp_path, include, exclude, expected):
    root = tmp_path / "in"
    write_good(root / "a", 2)
    write_good(root / "b", 1, prefix="other")
    (root / "b" / "notes.md").write_text("x")
    found = [p.relative_to(root).as_posix()
             for p in iter_files([root], include=include, exclude=exclude)]
    assert found == expected


def test_walk_missing_input_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file or folder"):
        list(iter_files([tmp_path / "nope"]))


# -- the acceptance archive -------------------------------------------------------------


def test_mixed_archive_with_corrupt_files(tmp_path, capsys):
    archive = tmp_path / "archive"
    good = write_good(archive / "txt", 20)
    for name in ("pdf", "docx"):
        if _has_loader(name):
            src = SAMPLES / f"{SEEDS[0].stem}.{name}"
            (archive / name).mkdir()
            target = archive / name / src.name
            target.write_bytes(src.read_bytes())
            good.append(target)
    bad = write_corrupt(archive / "bad")
    out = tmp_path / "out"
    code = main(["batch", str(archive), "--out", str(out), "--workers", "2", "--no-progress"])
    assert code == 1, "some files failed: the exit status must say so"
    err = capsys.readouterr().err
    assert "failed" in err and "Traceback" not in err
    db = out / DB_NAME
    with Store(db, create=False) as store:
        assert store.count("sources") == len(good)  # one source per distinct file
        errors = list(store.iter_errors())
    assert len(errors) == len(bad) == 5
    assert sorted(Path(e.file).name for e in errors) == sorted(p.name for p in bad)
    for e in errors:
        assert e.sha256 and len(e.sha256) == 64 and e.kind and e.message
    con = sqlite3.connect(db)
    kinds = dict(con.execute("SELECT path, kind FROM errors"))
    assert kinds[str(archive / "bad" / "empty.txt")] == "EmptyFileError"
    assert kinds[str(archive / "bad" / "legacy.doc")] == "UnsupportedFormatError"
    # every source row carries its full JSON
    for (blob,) in con.execute("SELECT result_json FROM sources"):
        assert blob.startswith("{")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_all_good_exits_zero_and_identical_files_run_once(tmp_path):
    archive = tmp_path / "in"
    paths = write_good(archive, 3)
    (archive / "copy.txt").write_bytes(paths[0].read_bytes())
    summary = run_batch([archive], tmp_path / "out", workers=1, progress=False)
    assert (summary.done, summary.failed, summary.duplicates, summary.exit_code) == (3, 0, 1, 0)
    con = sqlite3.connect(tmp_path / "out" / DB_NAME)
    assert con.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 3
    assert con.execute("SELECT COUNT(*) FROM files").fetchone()[0] == 4
    shas = dict(con.execute("SELECT path, sha256 FROM files"))
    assert shas[str(archive / "copy.txt")] == shas[str(paths[0])]


def test_existing_database_needs_resume(tmp_path, capsys):
    archive = tmp_path / "in"
    write_good(archive, 1)
    out = tmp_path / "out"
    assert main(["batch", str(archive), "--out", str(out), "--no-progress"]) == 0
    assert main(["batch", str(archive), "--out", str(out), "--no-progress"]) == 2
    assert "--resume" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--workers", "0"], "--workers"),
    (["--timeout", "-1"], "--timeout"),
    (["--extract-fn", "nocolon"], "module:function"),
    (["--extract-fn", "batch_fakes:nothing_here"], "cannot be imported"),
])
def test_bad_arguments_are_one_line_usage_errors(tmp_path, capsys, argv, message):
    archive = tmp_path / "in"
    write_good(archive, 1)
    code = main(["batch", str(archive), "--out", str(tmp_path / "out"), "--no-progress", *argv])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


# -- resume, timeouts, crashes ---------------------------------------------------------


def test_resume_skips_finished_and_retries_failed(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 3, prefix="ok")
    write_good(archive, 2, prefix="flaky")
    out = tmp_path / "out"
    first = run_batch([archive], out, workers=2, extract_fn="batch_fakes:fails_on_flaky",
                      progress=False)
    assert (first.done, first.failed, first.exit_code) == (3, 2, 1)
    second = run_batch([archive], out, workers=2, resume=True, extract_fn=SYNTHETIC,
                       progress=False)
    assert (second.skipped, second.done, second.failed, second.exit_code) == (3, 2, 0, 0)
    with Store(out / DB_NAME, create=False) as store:
        assert store.count("sources") == 5
        assert store.count("errors") == 0
    fresh = tmp_path / "fresh"
    run_batch([archive], fresh, workers=2, extract_fn=SYNTHETIC, progress=False)
    assert db_tables(out / DB_NAME) == db_tables(fresh / DB_NAME)


def test_timeout_kills_the_worker_and_the_rest_go_on(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 4)
    write_good(archive, 1, prefix="slow")
    t0 = time.monotonic()
    summary = run_batch([archive], tmp_path / "out", workers=2, timeout=2,
                        extract_fn="batch_fakes:hangs_on_slow", progress=False)
    assert time.monotonic() - t0 < 60
    assert (summary.done, summary.failed) == (4, 1)
    con = sqlite3.connect(tmp_path / "out" / DB_NAME)
    kind, message = con.execute("SELECT kind, message FROM errors").fetchone()
    assert kind == "Timeout" and "--timeout" in message


def test_a_crashing_worker_becomes_an_error_record(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 4)
    write_good(archive, 1, prefix="crash")
    summary = run_batch([archive], tmp_path / "out", workers=2,
                        extract_fn="batch_fakes:crashes_on_crash", progress=False)
    assert (summary.done, summary.failed) == (4, 1)
    con = sqlite3.connect(tmp_path / "out" / DB_NAME)
    kind, message = con.execute("SELECT kind, message FROM errors").fetchone()
    assert kind == "WorkerCrashed" and "signal 9" in message


# -- kill -9 and Ctrl-C ------------------------------------------------------------------


def _spawn_batch(archive: Path, out: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(TESTS), str(ROOT)]))
    return subprocess.Popen(
        [sys.executable, "-m", "vanban.extractor.cli", "batch", str(archive), "--out", str(out),
         "--workers", "2", "--no-progress", "--extract-fn", "batch_fakes:slow", *extra],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_documents(db: Path, proc: subprocess.Popen, at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the batch ended before the test could stop it"
        if db.exists():
            try:
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
                n = con.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
                con.close()
                if n >= at_least:
                    return n
            except sqlite3.OperationalError:
                pass  # tables not created yet
        time.sleep(0.05)
    raise AssertionError("no progress within 60 s")


def _consistent(db: Path) -> None:
    """Every stored document has exactly the family rows its JSON says (no half record)."""
    con = sqlite3.connect(db)
    tables = ("doc_references", "targets", "timetable", "findings")
    for doc, n_ref, n_tgt, n_tt, n_fd, n_src in con.execute(
            "SELECT id, n_references, n_targets, n_timetable, n_findings, n_sources "
            "FROM documents"):
        for table, n in zip(tables, (n_ref, n_tgt, n_tt, n_fd)):
            got = con.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id=?",
                              (doc,)).fetchone()[0]
            assert got == n, (table, doc)
        assert n_src == con.execute("SELECT COUNT(*) FROM sources WHERE document_id=?",
                                    (doc,)).fetchone()[0]
    for table in (*tables, "sources"):
        orphans = con.execute(f"SELECT COUNT(*) FROM {table} WHERE document_id NOT IN "
                              "(SELECT id FROM documents)").fetchone()[0]
        assert orphans == 0, table


def test_kill_9_then_resume_equals_an_uninterrupted_run(tmp_path):
    psutil = pytest.importorskip("psutil")
    archive = tmp_path / "in"
    write_good(archive, 24)
    write_corrupt(archive / "bad")
    out = tmp_path / "out"
    proc = _spawn_batch(archive, out)
    _wait_for_documents(out / DB_NAME, proc, at_least=4)
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    with Store(out / DB_NAME, create=False) as store:
        done_at_kill = store.count("sources")
    assert 4 <= done_at_kill < 24, "the kill must land part-way"
    _consistent(out / DB_NAME)
    # the orphaned workers see the pipe close and exit by themselves
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive
    resumed = _spawn_batch(archive, out, "--resume")
    assert resumed.wait(120) == 1  # the corrupt files still fail
    reference = tmp_path / "reference"
    run_batch([archive], reference, workers=2, extract_fn=SYNTHETIC, progress=False)
    assert db_tables(out / DB_NAME) == db_tables(reference / DB_NAME)


def test_ctrl_c_stops_cleanly_keeping_finished_files(tmp_path):
    archive = tmp_path / "in"
    write_good(archive, 24)
    out = tmp_path / "out"
    proc = _spawn_batch(archive, out)
    _wait_for_documents(out / DB_NAME, proc, at_least=3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    err = err.decode()
    assert proc.returncode == 130, err
    assert "--resume" in err and "Traceback" not in err
    with Store(out / DB_NAME, create=False) as store:
        kept = store.count("sources")
        assert store.count("errors") == 0  # abandoned files are not failures
    assert 3 <= kept < 24
    _consistent(out / DB_NAME)
    assert main(["batch", str(archive), "--out", str(out), "--resume", "--no-progress",
                 "--extract-fn", SYNTHETIC]) == 0
    with Store(out / DB_NAME, create=False) as store:
        assert store.count("sources") == 24


# -- Dask ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_database(tmp_path):
    pytest.importorskip("distributed")
    archive = tmp_path / "in"
    write_good(archive, 6)
    write_corrupt(archive / "bad")
    summary = run_batch([archive], tmp_path / "dask", workers=2, dask="local",
                        extract_fn=SYNTHETIC, progress=False)
    assert (summary.done, summary.failed, summary.exit_code) == (6, 5, 1)
    run_batch([archive], tmp_path / "local", workers=2, extract_fn=SYNTHETIC, progress=False)
    assert db_tables(tmp_path / "dask" / DB_NAME) == db_tables(tmp_path / "local" / DB_NAME)


@pytest.mark.slow
def test_dask_scheduler_address_and_timeout(tmp_path):
    distributed = pytest.importorskip("distributed")
    import logging

    archive = tmp_path / "in"
    write_good(archive, 3)
    write_good(archive, 1, prefix="slow")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        assert cluster.scheduler_address.startswith("tcp://")
        summary = run_batch([archive], tmp_path / "out", dask=cluster.scheduler_address,
                            timeout=5, extract_fn="batch_fakes:hangs_on_slow", progress=False)
    assert (summary.done, summary.failed) == (3, 1)
    con = sqlite3.connect(tmp_path / "out" / DB_NAME)
    assert con.execute("SELECT path, kind FROM errors").fetchall() == [
        (str(archive / "slow000.txt"), "Timeout")]


def test_progress_bar_shows_rates_and_errors(tmp_path, capsys):
    archive = tmp_path / "in"
    write_good(archive, 2)
    write_corrupt(archive / "bad")
    summary = run_batch([archive], tmp_path / "out", workers=1, extract_fn=SYNTHETIC,
                        progress=True)
    err = capsys.readouterr().err
    assert summary.done == 2
    for shown in ("extracting", "7/7", "files/s", "pages/s", "errors 5", "ETA"):
        assert shown in err, shown


@pytest.mark.ocr
def test_a_scanned_page_in_a_batch(tmp_path):
    """One OCR'd page among text files: read by a worker with tesseract single-threaded."""
    archive = tmp_path / "in"
    write_good(archive, 2)
    png = sorted(SAMPLES.glob("*.page1.png"))[0]
    (archive / png.name).write_bytes(png.read_bytes())
    summary = run_batch([archive], tmp_path / "out", workers=2, progress=False)
    assert (summary.done, summary.failed) == (3, 0)
    con = sqlite3.connect(tmp_path / "out" / DB_NAME)
    source, pages, conf = con.execute("SELECT text_source, pages, ocr_confidence FROM sources "
                                      "WHERE path = ?", (str(archive / png.name),)).fetchone()
    assert (source, pages) == ("ocr", 1) and conf > 50
