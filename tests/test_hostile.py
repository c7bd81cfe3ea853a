"""Hostile and huge inputs, generated at test time, through the real CLI in a subprocess:
one line on stderr naming the file and the reason, the documented exit code, no output
file, and bounded time and memory (the child's peak RSS from ``wait4``; a 3 GB address
space cap keeps a failure from hurting the machine).

Bounds stated here: each case ends within CASE_SECONDS and under MAX_RSS_MB (the
acceptance's 1.5 GB).
"""
from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import hostile

ROOT = Path(__file__).resolve().parents[1]
MAX_RSS_MB = 1536
CASE_SECONDS = 60
AS_CAP = 3 << 30


def run_cli(args: list[str], *, timeout: float = CASE_SECONDS, stdin=None, env=None):
    """Run ``vanban`` in a child; returns (exit code, stdout, stderr, seconds, peak RSS MB)."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (AS_CAP, AS_CAP))

    full_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "vanban.extractor.cli", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=stdin,
                            env=full_env, preexec_fn=cap)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"vanban {' '.join(args)} ran past {timeout} s")
    seconds = time.monotonic() - t0
    # peak RSS of this child alone (RUSAGE_CHILDREN is the largest child so far)
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return proc.returncode, out.decode(), err.decode(), seconds, rss


def _write(tmp: Path, name: str, data: bytes) -> Path:
    p = tmp / name
    p.write_bytes(data)
    return p


LINE = b"0 0 m 100 100 l S"  # one drawn line: the page is not blank, so it would be rendered

CASES = {
    # name: (make(tmp) -> path, exit code, words the one line must hold)
    "pdf_page_tree_loop": (lambda t: _write(t, "loop.pdf", hostile.pdf_page_tree_loop()),
                           3, "cannot be loaded"),
    "pdf_huge_mediabox": (lambda t: _write(t, "huge.pdf", hostile.pdf_pages(
        1, media_box="0 0 14400 14400", content=LINE)), 3, "max_image_pixels"),
    "pdf_user_unit": (lambda t: _write(t, "unit.pdf", hostile.pdf_pages(
        1, user_unit=30, content=LINE)), 3, "--max-pixels"),
    "pdf_flate_bomb": (lambda t: _write(t, "flate.pdf", hostile.pdf_flate_bomb(300 << 20)),
                       3, "max_inflated_bytes"),
    "pdf_too_many_pages": (lambda t: _write(t, "many.pdf", hostile.pdf_pages(5000)),
                           3, "max_pages"),
    "pdf_450_blank_pages": (lambda t: _write(t, "blank.pdf", hostile.pdf_pages(450)),
                             3, "no readable text"),
    "docx_malformed": (lambda t: _write(t, "bad.docx", hostile.docx_malformed()),
                       3, "not a readable DOCX"),
    "docx_bad_encoding": (lambda t: _write(t, "enc.docx", hostile.docx_bad_encoding()),
                          3, "not a readable DOCX"),
    "docx_billion_laughs": (lambda t: _write(t, "lol.docx", hostile.docx_billion_laughs()),
                            3, "DTD"),
    "docx_external_entity": (lambda t: _write(t, "xxe.docx", hostile.docx_external_entity()),
                             3, "DTD"),
    "docx_300_nested_tables": (lambda t: _write(t, "nest.docx",
                                                hostile.docx_nested_tables(300)), 3, "DOCX"),
    "docx_zip_bomb": (lambda t: _write(t, "bomb.docx", hostile.docx_zip_bomb(400 << 20)),
                      3, "max_inflated_bytes"),
    "text_50mb_one_line": (lambda t: _write(t, "line.txt", hostile.text_one_line(
        50_000_000).encode()), 3, "max_chars"),
    "fifo": (lambda t: (os.mkfifo(t / "pipe.txt"), t / "pipe.txt")[1], 3, "FIFO"),
    "char_device": (lambda t: Path("/dev/zero"), 3, "character device"),
}


def _socket(tmp: Path) -> Path:
    path = tmp / "sock.txt"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    return path


CASES["socket"] = (_socket, 3, "socket")


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input_one_line_bounded(tmp_path, name):
    make, code, words = CASES[name]
    path = make(tmp_path)
    out = tmp_path / "out" / "result.json"
    out.parent.mkdir()
    status, stdout, stderr, seconds, rss = run_cli(["extract", str(path), "-o", str(out)])
    lines = stderr.strip().splitlines()
    assert status == code, stderr
    assert len(lines) == 1, stderr
    assert str(path) in lines[0] and words in lines[0], lines[0]
    assert "Traceback" not in stderr
    assert list(out.parent.iterdir()) == [], "no partial output"
    assert stdout == ""
    assert seconds < CASE_SECONDS
    assert rss < MAX_RSS_MB, f"peak RSS {rss:.0f} MB"


@pytest.mark.slow
def test_an_embedded_image_bomb_is_refused_before_decoding(tmp_path):
    """25,600×25,600 pixels (655 MP) behind a few KB; the stream check is lifted so that
    the image check is the one that fires."""
    path = _write(tmp_path, "img.pdf", hostile.pdf_huge_image(25_600, 25_600))
    status, _, err, seconds, rss = run_cli(["extract", str(path), "--max-inflated", "1e10"])
    assert status == 3 and len(err.strip().splitlines()) == 1, err
    assert "embedded image" in err and "max_image_pixels" in err
    assert rss < MAX_RSS_MB


@pytest.mark.slow
def test_limits_are_settable_by_flag_and_environment(tmp_path):
    path = _write(tmp_path, "three.txt", (hostile.HEADER + "\f" + hostile.HEADER
                                          + "\f" + hostile.HEADER).encode())
    status, _, err, _, _ = run_cli(["extract", str(path), "--max-pages", "2"])
    assert status == 3 and "max_pages=2" in err and "--max-pages" in err
    status, _, err, _, _ = run_cli(["extract", str(path)], env={"VANBAN_MAX_PAGES": "2"})
    assert status == 3 and "VANBAN_MAX_PAGES" in err
    status, _, err, _, _ = run_cli(["extract", str(path)], env={"VANBAN_MAX_PAGES": "lots"})
    assert status == 2 and len(err.strip().splitlines()) == 1 and "VANBAN_MAX_PAGES" in err
    status, out, err, _, _ = run_cli(["extract", str(path), "--max-pages", "3"])
    assert status == 0, err
    assert json.loads(out)["source"]["pages"] == 3


def test_a_stray_byte_keeps_utf8_and_warns():
    from vanban.extractor.loaders.plain import decode_text

    good = (hostile.HEADER + hostile.VIETNAMESE_LINE + "\n").encode()
    text, warnings = decode_text(good[:40] + b"\xff" + good[40:])
    assert "Kế hoạch".upper() in text.upper() and "\ufffd" in text
    assert len(warnings) == 1 and "replaced" in warnings[0]


def test_a_legacy_file_still_goes_to_the_legacy_decoders():
    from vanban.extractor.loaders.plain import decode_text
    from fixtures_loaders import tcvn3_bytes

    text, warnings = decode_text(tcvn3_bytes())
    assert warnings == [] and "\ufffd" not in text


def test_stray_byte_text_file_is_extracted_with_a_warning(tmp_path):
    from vanban.extractor import extract

    data = (hostile.HEADER + hostile.VIETNAMESE_LINE + "\n").encode()
    path = _write(tmp_path, "stray.txt", data[:60] + b"\x81" + data[60:])
    result = extract(path)
    assert result.document.doc_type == "ke_hoach"
    assert result.status == "partial_success"
    assert any("not valid UTF-8" in w for w in result.warnings)


@pytest.mark.parametrize("mode", ["I;16", "I", "F", "RGBA", "LA", "P", "CMYK", "1"])
def test_every_image_mode_keeps_dark_ink_dark(mode):
    import io

    import numpy as np
    from PIL import Image

    from vanban.extractor.loaders.preprocess import to_gray

    src = Image.open(io.BytesIO(hostile.png_gray16()))
    assert src.mode.startswith("I")
    deep = np.asarray(src).astype(np.float64)
    if mode in ("I;16", "I"):
        image = src if mode == src.mode else src.convert(mode) if mode != "I;16" else src
    elif mode == "F":
        image = Image.fromarray((deep / 65535).astype(np.float32), mode="F")
    else:
        gray8 = Image.fromarray((deep / 257).astype(np.uint8), mode="L")
        if mode == "RGBA":  # ink opaque, paper fully transparent (stored black)
            alpha = Image.fromarray(np.where(deep < 30000, 255, 0).astype(np.uint8))
            image = Image.merge("RGBA", [gray8.point(lambda v: 0)] * 3 + [alpha])
        elif mode == "LA":
            alpha = Image.fromarray(np.where(deep < 30000, 255, 0).astype(np.uint8))
            image = Image.merge("LA", [gray8.point(lambda v: 0), alpha])
        else:
            image = gray8.convert(mode)
    gray = np.asarray(to_gray(image))
    h, w = gray.shape
    ink = gray[h // 3 + 2, w // 2]
    paper = gray[2, 2]
    assert paper > 200 and ink < 60, (mode, int(paper), int(ink))


@pytest.mark.slow
def test_a_corrupt_user_registry_or_cache_is_one_line(tmp_path):
    home = tmp_path / "home"
    seed = _write(tmp_path, "plan.txt", (hostile.HEADER + hostile.VIETNAMESE_LINE).encode())
    # a good run fills the cache; then the cache and the user registry are damaged
    status, _, err, _, _ = run_cli(["extract", str(seed)], env={"VANBAN_HOME": str(home)})
    assert status == 0, err
    for cached in (home / "cache").glob("*.sqlite"):
        cached.write_bytes(os.urandom(4096))
    status, _, err, _, _ = run_cli(["extract", str(seed)], env={"VANBAN_HOME": str(home)})
    assert status == 0, "a damaged cache is rebuilt: " + err
    (home / "registry.sqlite").write_bytes(os.urandom(4096))
    for argv in (["extract", str(seed)], ["registry", "list"]):
        status, _, err, _, _ = run_cli(argv, env={"VANBAN_HOME": str(home)})
        assert status == 3 and len(err.strip().splitlines()) == 1, err
        assert "registry" in err and "Traceback" not in err


@pytest.mark.slow
def test_the_document_time_limit_stops_the_parsers(tmp_path):
    """20,000 citations take longer than 1 s to parse: the timer stops the work."""
    path = _write(tmp_path, "long.txt", hostile.text_citations(20_000).encode())
    out = tmp_path / "out" / "r.json"
    out.parent.mkdir()
    status, _, err, seconds, _ = run_cli(["extract", str(path), "--timeout", "1", "-o", str(out)])
    assert status == 3 and len(err.strip().splitlines()) == 1, err
    assert "timeout=1" in err and "--timeout" in err
    assert list(out.parent.iterdir()) == []
    assert seconds < 1 + 10  # the acceptance: time limit plus 10 s
