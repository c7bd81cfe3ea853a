"""The CLI's habits: ``-`` for stdin/stdout, ``-o FILE`` vs ``--output-dir DIR``, outputs
that never overwrite inputs or each other, one-line output errors with exit 5, the umask,
``-q``/``-v``, ``--version``, the page-progress line and a start-up that loads no parser."""
from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from vanban.extractor.cli import main
from vanban.extractor.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SEED = sorted((ROOT / "samples").glob("*.txt"))[0]


@pytest.fixture
def plan(tmp_path) -> Path:
    p = tmp_path / "plan.txt"
    shutil.copy(SEED, p)
    return p


def _err_lines(captured) -> list[str]:
    return [ln for ln in captured.err.splitlines() if ln.strip()]


# -- standard input and output -----------------------------------------------------------

def test_dash_output_prints_the_json(plan, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["extract", str(plan), "-o", "-", "--no-registry"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["doc_type"] == "ke_hoach"
    assert not (tmp_path / "-").exists(), "-o - must not create a file named '-'"


def test_check_reads_standard_input(plan, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(plan.read_bytes())))
    status = main(["check", "-", "--format", "json", "--no-registry"])
    report = json.loads(capsys.readouterr().out)
    assert status in (ExitCode.ok, ExitCode.findings)
    assert report["file"] == "-" and report["document"]["doc_type"] == "ke_hoach"


def test_stdin_given_twice_is_a_usage_error(capsys):
    assert main(["extract", "-", "-"]) == ExitCode.usage
    assert "only once" in capsys.readouterr().err


# -- one result, many results ------------------------------------------------------------

def test_o_with_two_inputs_is_an_error_not_a_folder(plan, tmp_path, capsys):
    other = tmp_path / "other.txt"
    shutil.copy(SEED, other)
    out = tmp_path / "two.json"
    assert main(["extract", str(plan), str(other), "-o", str(out)]) == ExitCode.usage
    assert not out.exists()
    err = _err_lines(capsys.readouterr())
    assert len(err) == 1 and "--output-dir" in err[0]


def test_o_and_output_dir_cannot_be_mixed(plan, tmp_path, capsys):
    assert main(["extract", str(plan), "-o", str(tmp_path / "a.json"),
                 "--output-dir", str(tmp_path / "d")]) == ExitCode.usage
    assert "cannot be mixed" in capsys.readouterr().err


def test_output_dir_writes_one_json_per_input(plan, tmp_path):
    other = tmp_path / "other.txt"
    shutil.copy(SEED, other)
    out = tmp_path / "out"
    assert main(["extract", str(plan), str(other), "--output-dir", str(out),
                 "--no-registry"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["other.json", "plan.json"]


def test_jsonl_stream_of_many_inputs_goes_to_one_file(plan, tmp_path):
    other = tmp_path / "other.txt"
    shutil.copy(SEED, other)
    out = tmp_path / "all.jsonl"
    assert main(["extract", str(plan), str(other), "--format", "jsonl", "-o", str(out),
                 "--no-registry"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2


def test_colliding_output_names_are_refused_naming_both(tmp_path, capsys):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SEED, tmp_path / folder / "plan.txt")
    out = tmp_path / "dir"
    status = main(["extract", str(tmp_path / "a" / "plan.txt"), str(tmp_path / "b" / "plan.txt"),
                   "--output-dir", str(out)])
    err = _err_lines(capsys.readouterr())
    assert status == ExitCode.usage and not out.exists()
    assert len(err) == 1 and "a/plan.txt" in err[0] and "b/plan.txt" in err[0]
    assert "plan.json" in err[0]


# -- never overwrite an input ------------------------------------------------------------

@pytest.mark.parametrize("option", ["-o", "--ics"])
def test_output_never_overwrites_the_input(plan, capsys, option):
    before = plan.read_bytes()
    status = main(["extract", str(plan), option, str(plan)])
    assert status == ExitCode.usage
    assert plan.read_bytes() == before
    err = _err_lines(capsys.readouterr())
    assert len(err) == 1 and "overwrite the input" in err[0]


def test_output_through_a_link_to_the_input_is_refused(plan, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(plan)
    before = plan.read_bytes()
    assert main(["extract", str(plan), "-o", str(link)]) == ExitCode.usage
    assert plan.read_bytes() == before and link.is_symlink()


# -- where the output goes: devices, FIFOs, permissions, errors -------------------------

def test_fifo_output_is_written_directly_not_replaced(plan, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    status = main(["extract", str(plan), "-o", str(fifo), "--no-registry"])
    reader.join(timeout=60)
    assert status == 0
    assert stat.S_ISFIFO(fifo.lstat().st_mode), "the FIFO must not be replaced by a file"
    assert json.loads(got[0])["document"]["doc_type"] == "ke_hoach"


def test_new_outputs_respect_the_umask(plan, tmp_path):
    old = os.umask(0o027)
    try:
        assert main(["extract", str(plan), "-o", str(tmp_path / "r.json"),
                     "--ics", str(tmp_path / "r.ics"), "--csv", str(tmp_path / "csv"),
                     "--no-registry"]) == 0
    finally:
        os.umask(old)
    for p in [tmp_path / "r.json", tmp_path / "r.ics", *(tmp_path / "csv").iterdir()]:
        assert stat.S_IMODE(p.stat().st_mode) == 0o640, p.name


def test_replaced_output_keeps_its_mode(plan, tmp_path):
    out = tmp_path / "r.json"
    out.write_text("old")
    out.chmod(0o604)
    assert main(["extract", str(plan), "-o", str(out), "--no-registry"]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o604 and out.read_text() != "old"


def _under_a_file(tmp_path: Path) -> Path:
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    return blocker


@pytest.mark.parametrize("make_args", [
    lambda t: ["-o", str(t)],                                   # onto a folder
    lambda t: ["-o", str(_under_a_file(t) / "r.json")],          # under a file
    lambda t: ["--ics", str(_under_a_file(t) / "r.ics")],
    lambda t: ["--csv", str(_under_a_file(t) / "csv")],
    lambda t: ["--output-dir", str(_under_a_file(t))],           # the folder is a file
], ids=["onto-folder", "under-file", "ics-under-file", "csv-under-file", "output-dir-is-file"])
def test_output_errors_are_one_line_with_path_and_exit_5(plan, tmp_path, capsys, make_args):
    extra = make_args(tmp_path)
    status = main(["extract", str(plan), "--no-registry", *extra])
    err = _err_lines(capsys.readouterr())
    assert status == ExitCode.output_file, err
    assert len(err) == 1 and str(tmp_path) in err[0] and "Traceback" not in err[0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_one_line(plan, tmp_path, capsys):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        status = main(["extract", str(plan), "-o", str(ro / "r.json")])
    finally:
        ro.chmod(0o755)
    err = _err_lines(capsys.readouterr())
    assert status == ExitCode.output_file and len(err) == 1 and "ro/r.json" in err[0]


# -- one crashing input keeps the others ------------------------------------------------

def _crash_on(monkeypatch, bad_name: str):
    from vanban import extractor
    from vanban.extractor.pipeline import extract as real

    def fake(path, options=None):
        if Path(path).name == bad_name:
            raise RuntimeError("boom")
        return real(path, options=options)

    monkeypatch.setattr(extractor, "extract", fake)


def test_a_crash_in_one_input_keeps_the_others_results(plan, tmp_path, capsys, monkeypatch):
    bad = tmp_path / "bad.txt"
    shutil.copy(SEED, bad)
    _crash_on(monkeypatch, "bad.txt")
    out = tmp_path / "out"
    status = main(["extract", str(bad), str(plan), "--output-dir", str(out), "--no-registry"])
    err = _err_lines(capsys.readouterr())
    assert status == ExitCode.internal
    assert [p.name for p in out.iterdir()] == ["plan.json"]
    assert len(err) == 1 and "bad.txt" in err[0] and "internal error" in err[0]


def test_internal_error_in_check_is_not_a_finding(plan, capsys, monkeypatch):
    _crash_on(monkeypatch, "plan.txt")
    assert main(["check", str(plan)]) == ExitCode.internal
    assert "internal error" in capsys.readouterr().err


# -- -q / -v -----------------------------------------------------------------------------

def test_verbose_tells_a_summary_and_quiet_says_nothing(plan, tmp_path, capsys):
    assert main(["extract", str(plan), "-v", "-o", str(tmp_path / "a.json"),
                 "--no-registry"]) == 0
    err = _err_lines(capsys.readouterr())
    assert len(err) == 1 and "plan.txt" in err[0] and "page" in err[0]
    assert main(["-q", "extract", str(plan), "-o", str(tmp_path / "b.json"),
                 "--no-registry"]) == 0
    assert capsys.readouterr().err == ""


def test_every_subcommand_takes_q_and_v():
    from vanban.extractor.cli import _all_parsers, build_parser

    for parser in _all_parsers(build_parser()):
        options = {s for a in parser._actions for s in a.option_strings}
        assert {"-q", "-v"} <= options, parser.prog


# -- --version, --help, start-up -------------------------------------------------------

def test_version_lists_vanban_tesseract_and_the_model(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    out = capsys.readouterr().out.splitlines()
    from vanban.extractor import __version__

    assert out[0] == f"vanban {__version__}"
    assert out[1].startswith("tesseract")
    assert out[2].startswith("Vietnamese model")
    if shutil.which("tesseract"):
        assert "not found" not in out[1]


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_parser_model_or_vocabulary(flag):
    code = ("import sys\n"
            "from extractor.cli import main\n"
            "try:\n"
            f"    main([{flag!r}])\n"
            "except SystemExit:\n"
            "    pass\n"
            "heavy = sorted(m for m in sys.modules if m.startswith(('vanban.extractor.parsers', "
            "'vanban.extractor.pipeline', 'vanban.extractor.vocab', 'vanban.models', 'pydantic', 'rich')) "
            "and m not in ('vanban.models', 'vanban.models.limits'))\n"
            "print('LOADED', heavy, file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=ROOT, timeout=60)
    assert "LOADED []" in out.stderr, out.stderr


# -- progress ----------------------------------------------------------------------------

def test_pdf_pages_are_reported_to_a_listener(tmp_path):
    from fixtures_loaders import minimal_pdf

    from vanban.extractor import extract
    from vanban.extractor.progress import listening
    from vanban.models import ExtractOptions

    pdf = tmp_path / "two.pdf"
    pdf.write_bytes(minimal_pdf([["KE HOACH so 1"], ["Trang hai"]]))
    seen: list[tuple[int, int]] = []
    with listening(lambda done, total: seen.append((done, total))):
        try:
            extract(pdf, options=ExtractOptions(resolve=False))
        except Exception:  # the text is not a plan: only the page reports matter here
            pass
    assert seen == [(1, 2), (2, 2)]


def test_progress_line_rewrites_itself_and_is_cleared():
    from vanban.extractor.commands.extract import PageProgress

    stream = io.StringIO()
    progress = PageProgress("scan.pdf", after=0.0, stream=stream)
    progress(1, 9)
    progress(2, 9)
    progress.clear()
    text = stream.getvalue()
    assert "scan.pdf: page 1/9" in text and "page 2/9" in text
    assert "\n" not in text and text.endswith("\r\033[K")


def test_export_into_a_path_under_a_file_is_one_line(tmp_path, capsys):
    from vanban.extractor.batch import run_batch

    archive = tmp_path / "in"
    archive.mkdir()
    shutil.copy(SEED, archive / "plan.txt")
    run_batch([archive], tmp_path / "db", workers=1, progress=False)
    blocker = _under_a_file(tmp_path)
    status = main(["export", str(tmp_path / "db"), "--format", "csv", "--out",
                   str(blocker / "exports")])
    err = _err_lines(capsys.readouterr())
    assert status == ExitCode.output_file, err
    assert len(err) == 1 and "afile" in err[0]


@pytest.mark.parametrize("body", [
    "code,doc_type,number,symbol,issuer,issue_date,status\n"
    "12/KH-UBND,ke_hoach,12,KH-UBND,UBND tỉnh X,2021-03-01,unknown\n",
    json.dumps({"code": "12/KH-UBND", "doc_type": "ke_hoach", "number": "12",
                "symbol": "KH-UBND", "issue_date": "2021-03-01", "status": "unknown"}) + "\n",
], ids=["csv", "jsonl"])
def test_registry_import_reads_standard_input(tmp_path, monkeypatch, capsys, body):
    import vanban.extractor.registry as reg_mod

    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
    reg_mod.default_registry.cache_clear()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body.encode("utf-8"))))
    try:
        assert main(["registry", "import", "-"]) == 0
        assert reg_mod.Registry().get("12/KH-UBND").source == "user"
    finally:
        reg_mod.default_registry.cache_clear()
    assert "imported 1" in capsys.readouterr().err
