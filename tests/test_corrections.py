"""Corrections (:mod:`extractor.batch.corrections`): stored apart from results in the
store's ``corrections`` table, applied and marked on every read, kept across
``batch --resume``, re-extraction and every export format."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from vanban.extractor.batch import Store, run_batch
from vanban.extractor.batch.corrections import FieldPathError, apply, from_text
from vanban.extractor.exports import export
from vanban.extractor.web.store import CorrectionError, ReviewStore
from vanban.models import Document, ExtractionResult, Review, Source, TimetableRow

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _data() -> dict:
    return ExtractionResult(
        source=Source(file="a.pdf"),
        document=Document(number="12", symbol="QĐ-UBND", recipients=["A", "B"],
                          review={"number": Review(confidence=0.3, needs_review=True)}),
        timetable=[TimetableRow(task="Họp", end=None)], needs_review=True,
    ).model_dump(mode="json")


def _row(i, path, new, old=None, author=None) -> dict:
    """A correction as the store keeps it (values as JSON text)."""
    return {"id": i, "field_path": path, "old_value": json.dumps(old),
            "new_value": json.dumps(new, ensure_ascii=False), "author": author,
            "created_at": "2024-01-01T00:00:00Z"}


def test_apply_sets_values_settles_reviews_and_marks():
    fixed = apply(_data(), [
        _row(1, "document.number", "13", "12", author="Lan"),
        _row(2, "document.issue_date", from_text("document.issue_date", "05/02/2024")),
        _row(3, "document.recipients", from_text("document.recipients", "A; C")),
        _row(4, "document.signer.name", "Nguyễn Văn An"),  # no signer was read
        _row(5, "timetable.0.end", "2024-03-31"),
        _row(6, "timetable.4.end", "2024-03-31"),  # no such row (any more)
    ])
    r = ExtractionResult.model_validate(fixed)
    d = r.document
    assert (d.number, d.issue_date.isoformat(), d.recipients) == ("13", "2024-02-05", ["A", "C"])
    assert d.signer.name == "Nguyễn Văn An"
    assert r.timetable[0].end.isoformat() == "2024-03-31"
    assert d.review["number"].corrected and not d.review["number"].needs_review
    assert r.timetable[0].review.corrected
    assert not r.needs_review  # the only flag was settled by the correction
    assert [m["field_path"] for m in fixed["corrections"]][0] == "document.number"
    assert fixed["corrections"][0]["author"] == "Lan"
    assert [m["applied"] for m in fixed["corrections"]] == [True] * 5 + [False]


def test_a_corrected_number_or_symbol_makes_the_code_again():
    data = _data()
    data["document"]["code"] = "12/QĐ-UBND"
    fixed = apply(data, [_row(1, "document.number", "13", "12")])
    assert fixed["document"]["code"] == "13/QĐ-UBND"
    fixed = apply(data, [_row(1, "document.symbol", "QĐ-STC", "QĐ-UBND")])
    assert fixed["document"]["code"] == "12/QĐ-STC"
    fixed = apply(data, [_row(1, "document.number", None, "12")])  # a number struck out
    assert fixed["document"]["code"] is None


@pytest.mark.parametrize("path,text", [
    ("document.issue_date", "31/02/2024"),  # no such day
    ("document..number", "x"),
])
def test_bad_text_is_refused(path, text):
    with pytest.raises(FieldPathError):
        from_text(path, text)


def test_a_number_that_looks_like_a_date_stays_text():
    assert from_text("document.number", "05/02/2024") == "05/02/2024"
    assert from_text("document.recipients", " ") == []


@pytest.fixture()
def batch_db(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("000_f68a9bf2efd8d56f.txt", "001_5534bf7f03225f13.txt"):
        shutil.copy(SAMPLES / name, src / name)
    out = tmp_path / "out"
    run_batch([src], out, workers=1, progress=False)
    return src, out


@pytest.mark.parametrize("path,text", [
    ("document.issue_date", "31/02/2024"),  # no such day
    ("timetable.50.task", "x"),  # no such row
    ("source.file", "x"),  # not a correctable part
    ("findings.0.message", "x"),
])
def test_bad_corrections_are_refused_by_the_store(batch_db, path, text):
    _src, out = batch_db
    with ReviewStore(out) as store:
        doc = store.list_documents()[0].id
        with pytest.raises(CorrectionError):
            store.add_correction(doc, path, text)
        with pytest.raises(CorrectionError):
            store.add_correction("0" * 16, "document.number", "1")
        assert store.list_corrections() == []


def test_correction_survives_resume_reextraction_and_every_export(batch_db, tmp_path):
    src, out = batch_db
    name = "000_f68a9bf2efd8d56f.txt"
    with ReviewStore(out) as store:
        doc = next(d.id for d in store.list_documents() if d.file.endswith(name))
        before = store.get_result(doc)
        c = store.add_correction(doc, "document.number", "4242", by="kiểm tra")
        assert c["old_value"] == before.document.number and c["new_value"] == "4242"
        # a timetable row of a document that has one, for the calendar
        other = next(d.id for d in store.list_documents() if store.get_result(d.id).timetable)
        store.add_correction(other, "timetable.0.task", "Việc đã sửa bởi người", by="kiểm tra")

    # --resume (skips the file) and a re-extraction that rewrites the stored result
    run_batch([src], out, workers=1, resume=True, progress=False)
    from vanban.extractor import extract
    with Store(out / "vanban.sqlite", create=False) as st:
        sha = st.sources(doc)[0]["sha256"]
        assert st.save_result(sha, extract(src / name)) == doc
        raw = json.loads(st.source_json(sha))
    assert raw["document"]["number"] == before.document.number  # the result is the program's
    with ReviewStore(out) as store:
        assert store.get_result(doc).document.number == "4242"  # the read applies it
        assert [x["new_value"] for x in store.list_corrections(doc)] == ["4242"]

    with Store(out / "vanban.sqlite", create=False) as st:
        for fmt in ("csv", "jsonl", "xlsx", "ics"):
            export(fmt, tmp_path / fmt, st.iter_results(), st.iter_errors())
    rows = list(csv.DictReader((tmp_path / "csv" / "documents.csv").open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["file"].endswith(name))
    assert row["number"] == "4242" and row["corrections"] == "document.number"
    lines = [json.loads(x) for x in (tmp_path / "jsonl" / "results.jsonl").open(encoding="utf-8")]
    res = next(x for x in lines if x["source"]["file"].endswith(name))
    assert res["document"]["number"] == "4242" and res["corrections"][0]["author"] == "kiểm tra"
    assert res["document"]["review"]["number"]["corrected"] is True
    from openpyxl import load_workbook

    from vanban.extractor.exports import header
    wb = load_workbook(tmp_path / "xlsx" / "vanban.xlsx")
    ws = wb[wb.sheetnames[0]]
    col = header("documents").index("number")
    values = [r[col].value for r in ws.iter_rows(min_row=2)]
    assert "4242" in values
    ics = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "ics").glob("*.ics"))
    assert "Việc đã sửa bởi người" in ics.replace("\r\n ", "")  # unfolded lines


def test_list_documents_puts_flagged_first(batch_db):
    _src, out = batch_db
    with ReviewStore(out) as store:
        flags = [d.needs_review for d in store.list_documents()]
    assert flags == sorted(flags, reverse=True)
