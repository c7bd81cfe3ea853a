"""Bad input through the real CLI, in process: one line on stderr naming the file and the
reason, the right non-zero exit code, no traceback, no output file left behind."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from vanban.extractor.cli import main
from fixtures_loaders import SEEDS, minimal_pdf, png_header

ENGLISH = ["Annual report of the Parks Committee for the year.",
           "The committee met four times and reviewed the budget of the city.",
           "Members agreed to plant more trees along the river and to repair",
           "the playground near the school before the summer holidays begin."] * 4


def _zero(tmp: Path) -> Path:
    p = tmp / "empty.pdf"
    p.write_bytes(b"")
    return p


def _random(tmp: Path) -> Path:
    p = tmp / "random.pdf"
    p.write_bytes(bytes((i * 73 + 41) % 256 for i in range(5000)))
    return p


def _truncated(tmp: Path) -> Path:
    p = tmp / "truncated.pdf"
    p.write_bytes(minimal_pdf([["Ke hoach"] * 40])[:400])
    return p


def _encrypted(tmp: Path) -> Path:
    p = tmp / "locked.pdf"
    p.write_bytes(minimal_pdf([["Ke hoach so 01"]], user_password="secret"))
    return p


def _bomb(tmp: Path) -> Path:
    p = tmp / "huge.png"
    p.write_bytes(png_header(20000, 20000))
    return p


def _english(tmp: Path) -> Path:
    p = tmp / "english.pdf"
    p.write_bytes(minimal_pdf([ENGLISH]))
    return p


def _directory(tmp: Path) -> Path:
    p = tmp / "folder.pdf"
    p.mkdir()
    return p


def _missing(tmp: Path) -> Path:
    return tmp / "no such file.pdf"


CASES = [
    # (make the input, exit code, words the message must hold)
    (_zero, 3, "empty"),
    (_random, 3, "not a supported document"),
    (_truncated, 3, "not a readable PDF"),
    (_encrypted, 3, "password"),
    (_bomb, 3, "400 MP, above the 120 MP limit"),
    (_english, 3, "not a Vietnamese document"),
    (_directory, 3, "directory"),
    (_missing, 3, "no such file"),
]


@pytest.mark.parametrize("make, code, words", CASES, ids=[c[0].__name__.strip("_") for c in CASES])
def test_bad_input_one_line_error(tmp_path, capsys, make, code, words):
    path = make(tmp_path)
    out = tmp_path / "out.json"
    started = time.perf_counter()
    status = main(["extract", str(path), "-o", str(out)])
    elapsed = time.perf_counter() - started
    captured = capsys.readouterr()
    err_lines = captured.err.strip().splitlines()
    assert status == code
    assert len(err_lines) == 1, captured.err
    assert str(path) in err_lines[0] and words in err_lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()
    assert captured.out == ""
    assert elapsed < 5, "bad input must be refused quickly (no decoding, no OCR)"


def test_encrypted_message_tells_the_fix(tmp_path, capsys):
    main(["extract", str(_encrypted(tmp_path))])
    assert "qpdf --decrypt" in capsys.readouterr().err


def test_file_name_with_spaces_and_shell_characters_succeeds(tmp_path, capsys):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    odd = tmp_path / "kế hoạch $(rm -rf x) & 'a' \"b\"; `c` *.txt"
    shutil.copy(seed, odd)
    out = tmp_path / "out dir" / "result file.json"
    out.parent.mkdir()
    status = main(["extract", str(odd), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["file"] == odd.name
    assert data["document"]["doc_type"] == "ke_hoach"


def test_one_bad_file_among_good_ones_keeps_the_others(tmp_path, capsys):
    good = tmp_path / "good.txt"
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], good)
    status = main(["extract", str(good), str(_zero(tmp_path)), "--format", "jsonl"])
    captured = capsys.readouterr()
    assert status == 3
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert len(records) == 2 and "document" in records[0]
    assert len(captured.err.strip().splitlines()) == 1
