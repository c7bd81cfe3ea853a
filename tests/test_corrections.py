"""Corrections: stored apart from results, applied and marked on every read, kept across
``batch --resume``, re-extraction and every export format."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from extractor.batch import Store, run_batch
from extractor.corrections import Correction, CorrectionError, apply, check
from extractor.exports import export
from extractor.web.store import SqliteReviewStore
from models import Document, ExtractionResult, Source, TimetableRow

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _result() -> ExtractionResult:
    return ExtractionResult(
        source=Source(file="a.pdf"),
        document=Document(number="12", symbol="QĐ-UBND", recipients=["A", "B"]),
        timetable=[TimetableRow(task="Họp", end=None)])


def test_apply_sets_types_and_marks():
    fixed = apply(_result(), [
        Correction(path="document.number", new_value="13", old_value="12", by="Lan"),
        Correction(path="document.issue_date", new_value="05/02/2024"),
        Correction(path="document.recipients", new_value="A; C"),
        Correction(path="document.signer.name", new_value="Nguyễn Văn An"),
        Correction(path="timetable.0.end", new_value="2024-03-31"),
    ])
    d = fixed.document
    assert (d.number, d.issue_date.isoformat(), d.recipients) == ("13", "2024-02-05", ["A", "C"])
    assert d.signer.name == "Nguyễn Văn An"
    assert fixed.timetable[0].end.isoformat() == "2024-03-31"
    assert d.review["number"].corrected and not d.review["number"].needs_review
    assert fixed.timetable[0].review.corrected
    assert [c["path"] for c in fixed.corrections][0] == "document.number"
    assert any("document.number" in w and "Lan" in w for w in fixed.warnings)


@pytest.mark.parametrize("path,value", [
    ("document.issue_date", "31/02/2024"),  # no such day
    ("timetable.5.task", "x"),  # no such row
    ("source.file", "x"),  # not a correctable part
    ("document..number", "x"),
])
def test_bad_corrections_are_refused(path, value):
    with pytest.raises(CorrectionError):
        check(_result(), path, value)


def test_check_returns_the_current_value():
    assert check(_result(), "document.recipients", "A") == "A; B"


@pytest.fixture()
def batch_db(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("000_f68a9bf2efd8d56f.txt", "001_5534bf7f03225f13.txt"):
        shutil.copy(SAMPLES / name, src / name)
    out = tmp_path / "out"
    run_batch([src], out, workers=1, progress=False)
    return src, out


def _sha_of(out: Path, name: str) -> str:
    with Store(out / "vanban.sqlite", create=False) as st:
        return st.conn.execute("SELECT sha256 FROM documents WHERE file LIKE ?",
                               (f"%{name}",)).fetchone()[0]


def test_correction_survives_resume_reextraction_and_every_export(batch_db, tmp_path):
    src, out = batch_db
    sha = _sha_of(out, "000_f68a9bf2efd8d56f.txt")
    store = SqliteReviewStore(out)
    before = store.get_result(sha)
    c = store.add_correction(sha, "document.number", "4242", by="kiểm tra")
    assert c.old_value == before.document.number and c.new_value == "4242"

    # --resume (skips the file) and a re-extraction that rewrites the stored result
    run_batch([src], out, workers=1, resume=True, progress=False)
    from extractor import extract
    with Store(out / "vanban.sqlite", create=False) as st:
        st.save_result(sha, extract(src / "000_f68a9bf2efd8d56f.txt"))
        raw = json.loads(st.conn.execute("SELECT result_json FROM documents WHERE sha256=?",
                                         (sha,)).fetchone()[0])
    assert raw["document"]["number"] == before.document.number  # the result is the program's
    assert store.get_result(sha).document.number == "4242"  # the read applies the correction
    assert [x.new_value for x in store.list_corrections(sha)] == ["4242"]

    with Store(out / "vanban.sqlite", create=False) as st:
        for fmt in ("csv", "jsonl", "xlsx", "ics"):
            export(fmt, tmp_path / fmt, st.iter_results(), st.iter_errors())
    rows = list(csv.DictReader((tmp_path / "csv" / "documents.csv").open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["file"].endswith("000_f68a9bf2efd8d56f.txt"))
    assert row["number"] == "4242" and "document.number" in row["warnings"]
    lines = [json.loads(x) for x in (tmp_path / "jsonl" / "results.jsonl").open(encoding="utf-8")]
    res = next(x for x in lines if x["source"]["file"].endswith("000_f68a9bf2efd8d56f.txt"))
    assert res["document"]["number"] == "4242" and res["corrections"][0]["by"] == "kiểm tra"
    from openpyxl import load_workbook
    ws = load_workbook(tmp_path / "xlsx" / "vanban.xlsx")["documents"]
    head = [c.value for c in next(ws.iter_rows(max_row=1))]
    values = [dict(zip(head, [c.value for c in r])) for r in ws.iter_rows(min_row=2)]
    assert any(v["number"] == "4242" for v in values)
    assert (tmp_path / "ics" / "timetable.ics").exists()


def test_list_documents_puts_flagged_first(batch_db):
    _src, out = batch_db
    docs = SqliteReviewStore(out).list_documents()
    flags = [d.needs_review for d in docs]
    assert flags == sorted(flags, reverse=True)
