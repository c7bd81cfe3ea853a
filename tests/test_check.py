"""`vanban check` and `vanban registry`, run in-process: exit codes, JSON, messages."""
from __future__ import annotations

import json

import pytest

from vanban.extractor import registry as reg_mod
from vanban.extractor.cli import main

HEADER = """ỦY BAN NHÂN DÂN
PHƯỜNG PHÚC ĐỒNG
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phúc Đồng, ngày 10 tháng 3 năm 2021
KẾ HOẠCH
Tổ chức Tuần lễ học tập suốt đời năm 2021
"""
FOOTER = """
Nơi nhận:
- UBND quận;
- Lưu VP.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
    reg_mod.default_registry.cache_clear()
    yield tmp_path / "home"
    reg_mod.default_registry.cache_clear()


def doc(tmp_path, body: str):
    path = tmp_path / "plan.txt"
    path.write_text(HEADER + body + FOOTER, encoding="utf-8")
    return str(path)


def test_check_clean_document_exits_0(tmp_path, capsys):
    path = doc(tmp_path, "Căn cứ Quyết định số 489/QĐ-TTg ngày 08/4/2020 của Thủ tướng Chính phủ;\n")
    assert main(["check", path]) == 0
    out = capsys.readouterr().out
    assert "489/QĐ-TTg" in out and "Văn bản được dẫn" in out


def test_check_error_finding_exits_1_and_json(tmp_path, capsys):
    path = doc(tmp_path, "Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2017 của Bộ Chính trị;\n")
    assert main(["check", path, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = {(f["code"], f["severity"]) for f in report["findings"]}
    assert ("REF_DATE_MISMATCH", "error") in found
    assert report["summary"]["error"] >= 1
    assert report["references"][0]["registry"]["matched"] is True


def test_check_missing_file_exits_3_one_line(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.pdf")]) == 3
    err = capsys.readouterr().err.strip()
    assert "nope.pdf" in err and "\n" not in err and "Traceback" not in err


def test_check_no_registry_has_no_registry_findings(tmp_path, capsys):
    path = doc(tmp_path, "Căn cứ Chỉ thị số 11-CT/TW ngày 13/4/2017 của Bộ Chính trị;\n")
    assert main(["check", path, "--no-registry", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert not [f for f in report["findings"] if f["code"].startswith("REF_DATE_MISMATCH")]


def test_registry_show_list_import(tmp_path, capsys, home):
    assert main(["registry", "show", "11/CT-TW", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "11-CT/TW"
    assert main(["registry", "list", "--status", "replaced", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["status"] for r in rows} == {"replaced"}
    new = tmp_path / "new.jsonl"
    new.write_text('{"code": "7/KH-UBND", "doc_type": "ke_hoach", "number": "7", '
                   '"symbol": "KH-UBND", "issue_date": "2021-01-05"}\n', encoding="utf-8")
    assert main(["registry", "import", str(new)]) == 0
    assert (home / "registry.sqlite").exists()
    assert main(["registry", "show", "7/KH-UBND"]) == 0
    assert "2021-01-05" in capsys.readouterr().out


@pytest.mark.parametrize("argv,code,needle", [
    (["registry", "show", "999/XX-YY"], 1, "no document with code"),
    (["registry", "import", "missing.csv"], 3, "no such file"),
    (["registry"], 2, "needs an action"),
])
def test_registry_errors_are_one_line(argv, code, needle, capsys):
    assert main(argv) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert needle in err[-1] and not any("Traceback" in line for line in err)


@pytest.mark.parametrize("argv", [["check"], ["check", "x.txt", "--dpi", "10"],
                                  ["check", "x.txt", "--format", "xml"]])
def test_check_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    assert exc.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


LONG = ("Căn cứ Thông tư liên tịch số 123/2020/TTLT-BGDĐT-BLĐTBXH-BTC ngày 01/02/2020 "
        "của Bộ Giáo dục và Đào tạo;\nCăn cứ Chỉ thị số 11/CT-TW ngày 13/4/2017 của Bộ Chính trị;\n")


@pytest.mark.parametrize("width", ["20", "40", "200"])
def test_check_report_never_cuts_a_code(tmp_path, capsys, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    path = doc(tmp_path, LONG)
    main(["check", path])
    out = capsys.readouterr().out
    for code in ("123/2020/TTLT-BGDĐT-BLĐTBXH-BTC", "11-CT/TW", "REF_NONSTANDARD_FORMAT",
                 "REF_DATE_MISMATCH"):
        assert code in out, (width, code)
    assert "…" not in out.replace("đọc được: “", "")


def test_check_report_to_a_file_keeps_codes(tmp_path):
    import subprocess
    import sys

    path = doc(tmp_path, LONG)
    out = tmp_path / "report.txt"
    env = {"PYTHONPATH": str(__import__("pathlib").Path(__file__).resolve().parents[1]),
           "VANBAN_HOME": str(tmp_path / "home"), "COLUMNS": "30", "PATH": "/usr/bin:/bin"}
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run([sys.executable, "-m", "vanban.extractor.cli", "check", path], stdout=fh,
                       env=env, check=False)
    text = out.read_text(encoding="utf-8")
    assert "123/2020/TTLT-BGDĐT-BLĐTBXH-BTC" in text and "REF_DATE_MISMATCH" in text


def test_check_report_labels_are_vietnamese_json_keeps_slugs(tmp_path, capsys):
    path = doc(tmp_path, LONG)
    assert main(["check", path]) == 1
    out = capsys.readouterr().out
    assert "LỖI" in out and "CẢNH BÁO" in out and "căn cứ" in out
    for slug in ("error", "warning", "basis", "ERROR", "WARNING", "in_force", "Registry"):
        assert slug not in out, slug
    assert main(["check", path, "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {f["severity"] for f in report["findings"]} >= {"error", "warning"}
    assert report["references"][0]["mentions"][0]["role"] == "basis"


def test_check_internal_error_is_not_exit_1(tmp_path, capsys, monkeypatch):
    from vanban import extractor

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(extractor, "extract", boom)
    path = doc(tmp_path, "Nội dung.\n")
    code = main(["check", path])
    err = capsys.readouterr().err
    assert code == 70 and "internal error" in err and "Traceback" not in err


def test_check_json_carries_review_instead_of_a_false_error(tmp_path, capsys):
    # "Số:" and the figure on separate lines, the date wrapped: a header parser may not
    # read them, but the document has them — never a MISSING_* error
    text = ("ỦY BAN NHÂN DÂN\nPHƯỜNG PHÚC ĐỒNG\n|\nSố:\n12/KH-UBND\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA "
            "VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\n*Phúc Đồng, ngày 10\ntháng 3 năm 2021*\n"
            "KẾ HOẠCH\nTổ chức Tuần lễ học tập\nNội dung.\n" + FOOTER)
    path = tmp_path / "flat.txt"
    path.write_text(text, encoding="utf-8")
    code = main(["check", str(path), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert not [f for f in report["findings"] if f["code"].startswith("MISSING_")]
    assert not [r for r in report["references"] if r["number"] == "12"]
    assert code == 0 and isinstance(report["document"]["review"], dict)
