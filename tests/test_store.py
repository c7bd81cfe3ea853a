"""The store on both engines: SQLite (embedded) and a real PostgreSQL server started by
the test (``pg_cluster``): the same schema from the same migrations, the same rows from
the same batch, documents by identity with several sources, corrections that survive
re-extraction, and the views."""
from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from vanban.extractor.batch import Store, run_batch
from vanban.extractor.batch import tables as T
from vanban.extractor.batch.store import DATA_TABLES, engine_url
from vanban.extractor.cli import main
from vanban.extractor.errors import InputError
from vanban.extractor.exports import calendar_for
from vanban.models import (Document, ExtractionResult, Finding, Source, TimetableRow)
from pg_cluster import pg_server, pg_url  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED0 = "000_f68a9bf2efd8d56f"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "vanban.sqlite")
    return request.getfixturevalue("pg_url")


def plan(sha: str, *, code="05/KH-UBND", issuer="Ủy ban nhân dân xã Tân Lập",
         day=date(2023, 3, 2), text_source="text_layer", file="plan.pdf", title="Kế hoạch A",
         rows=3, error=False) -> ExtractionResult:
    return ExtractionResult(
        source=Source(file=file, sha256=sha, media_type="application/pdf", pages=2,
                      text_source=text_source),
        document=Document(doc_type="ke_hoach", doc_type_label="Kế hoạch", code=code,
                          issuer=issuer, issue_date=day, title=title),
        timetable=[TimetableRow(seq=str(i), task=f"Việc {i}", end=date(2023, 4, i))
                   for i in range(1, rows + 1)],
        findings=[Finding(code="MISSING_SIGNER", severity="error" if error else "warning",
                          message="không có chữ ký")],
        needs_review=not error,
    )


# -- schema ---------------------------------------------------------------------------------


def test_no_table_view_or_column_is_an_sql_keyword():
    from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS as PG
    from sqlalchemy.dialects.sqlite.base import SQLiteIdentifierPreparer
    from sqlalchemy.sql.compiler import RESERVED_WORDS as ANSI

    reserved = set(PG) | set(ANSI) | set(SQLiteIdentifierPreparer.reserved_words)
    assert "references" in reserved and "end" in reserved  # the two the old schema used
    names = set(T.metadata.tables) | set(T.VIEWS)
    names |= {c.name for t in T.metadata.tables.values() for c in t.columns}
    assert not names & reserved


def test_migrations_build_exactly_the_declared_schema(store_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    Store(store_url).close()
    engine = sa.create_engine(engine_url(store_url))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), T.metadata)
        views = set(sa.inspect(conn).get_view_names())
    engine.dispose()
    assert diff == []
    assert views == set(T.VIEWS)


def test_an_old_store_is_refused_in_one_line(tmp_path, capsys):
    db = tmp_path / "vanban.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
    con.commit()
    con.close()
    assert main(["export", str(db), "--format", "csv", "--out", str(tmp_path / "o")]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "earlier vanban" in err and str(db) in err


# -- identity and sources ---------------------------------------------------------------------


def test_the_same_document_from_two_files_is_one_document(store_url):
    with Store(store_url) as store:
        pdf = store.save_result("a" * 64, plan("a" * 64), path="/in/plan.pdf")
        scan = store.save_result("b" * 64, plan("b" * 64, text_source="ocr", file="scan.pdf",
                                                 title="Ke hoach A"), path="/in/scan.pdf")
        assert pdf == scan
        # the OCR'd file reads no issuer: still the same document
        photo = store.save_result("c" * 64, plan("c" * 64, issuer=None, text_source="ocr",
                                                  code="05 / KH-UBND"), path="/in/photo.png")
        assert photo == pdf
        other = store.save_result("d" * 64, plan("d" * 64, issuer="UBND xã Khác"), path="/x.pdf")
        assert other != pdf  # same code and date, another issuer: another document
        assert store.count("documents") == 2 and store.count("sources") == 4
        assert [s["path"] for s in store.sources(pdf)][0] == "/in/plan.pdf"  # text layer first
        assert {s["path"] for s in store.sources(pdf)} == {"/in/plan.pdf", "/in/scan.pdf",
                                                           "/in/photo.png"}
        assert store.document_json(pdf)["document"]["title"] == "Kế hoạch A"  # from the PDF
        assert store.count("timetable") == 6  # 3 rows per document, not per file
        events = list(calendar_for(store.iter_results()).walk("VEVENT"))
        assert len(events) == 6 and len({str(e["uid"]) for e in events}) == 6


def test_a_header_without_code_or_date_is_its_own_document(store_url):
    with Store(store_url) as store:
        a = store.save_result("a" * 64, plan("a" * 64, code=None))
        b = store.save_result("b" * 64, plan("b" * 64, code=None))
        assert a != b and store.count("documents") == 2


def test_re_extraction_moves_a_source_and_drops_an_empty_document(store_url):
    with Store(store_url) as store:
        first = store.save_result("a" * 64, plan("a" * 64, code="1/KH"))
        second = store.save_result("a" * 64, plan("a" * 64, code="2/KH"))
        assert first != second
        assert store.count("documents") == 1 and store.document_json(first) is None


# -- corrections ---------------------------------------------------------------------------------


def test_corrections_apply_everywhere_and_survive_re_extraction(store_url, tmp_path):
    with Store(store_url) as store:
        doc = store.save_result("a" * 64, plan("a" * 64))
        c1 = store.add_correction(doc, "document.title", "Kế hoạch tổ chức Ngày hội",
                                  author="chuyên viên A")
        assert c1["old_value"] == "Kế hoạch A"
        store.add_correction(doc, "timetable.1.end", "2023-05-15", author="chuyên viên A")
        with pytest.raises(ValueError):
            store.add_correction(doc, "timetable.1.end", "15/05/2023")  # not a date
        with pytest.raises(ValueError):
            store.add_correction(doc, "timetable.9.end", "2023-05-15")  # no such row
        with pytest.raises(KeyError):
            store.add_correction("0" * 16, "document.title", "x")
        data = store.document_json(doc)
        assert data["document"]["title"] == "Kế hoạch tổ chức Ngày hội"
        assert data["timetable"][1]["end"] == "2023-05-15"
        assert [m["field_path"] for m in data["corrections"]] == ["document.title",
                                                                   "timetable.1.end"]
        assert all(m["applied"] for m in data["corrections"])
        # the rows, the views and the exports read the corrected values
        assert ("Kế hoạch tổ chức Ngày hội",) in store.table_rows("documents") or any(
            "Kế hoạch tổ chức Ngày hội" in r for r in store.table_rows("documents"))
        assert any(date(2023, 5, 15) in r for r in store.table_rows("timetable_view"))
        main(["export", store_url, "--format", "csv", "--out", str(tmp_path / "csv")])
        text = (tmp_path / "csv" / "documents.csv").read_text(encoding="utf-8-sig")
        assert "Kế hoạch tổ chức Ngày hội" in text and "document.title; timetable.1.end" in text
        main(["export", store_url, "--format", "xlsx", "--out", str(tmp_path / "x")])
        from openpyxl import load_workbook

        from vanban.extractor.exports import header

        wb = load_workbook(tmp_path / "x" / "vanban.xlsx")
        yellow = lambda c: c.fill.fgColor.rgb.endswith("FFF2CC")  # noqa: E731
        docs, tt = wb["Văn bản"], wb["Tiến độ"]
        title = docs.cell(row=2, column=header("documents").index("title") + 1)
        code = docs.cell(row=2, column=header("documents").index("code") + 1)
        assert title.value == "Kế hoạch tổ chức Ngày hội" and yellow(title) and not yellow(code)
        end_col = header("timetable").index("due_end") + 1
        assert yellow(tt.cell(row=3, column=end_col))  # row idx 1 = sheet row 3
        assert not yellow(tt.cell(row=2, column=end_col))
        assert not yellow(tt.cell(row=3, column=end_col - 1))
        # a re-extraction (or --resume) replaces the machine's values, never a correction
        store.save_result("a" * 64, plan("a" * 64, title="Kế hoạch A (đọc lại)", rows=1))
        data = store.document_json(doc)
        assert data["document"]["title"] == "Kế hoạch tổ chức Ngày hội"
        marks = {m["field_path"]: m["applied"] for m in data["corrections"]}
        assert marks == {"document.title": True, "timetable.1.end": False}  # row 2 is gone
        assert len(store.corrections(doc)) == 2
        assert store.corrections(doc)[0]["author"] == "chuyên viên A"


def test_list_documents_filters(store_url):
    with Store(store_url) as store:
        store.save_result("a" * 64, plan("a" * 64, code="1/KH", day=date(2023, 1, 5)))
        store.save_result("b" * 64, plan("b" * 64, code="2/KH", day=date(2023, 6, 5), error=True,
                                         issuer="Sở Giáo dục và Đào tạo"))
        store.save_result("c" * 64, plan("c" * 64, code="3/KH", day=date(2024, 1, 5)))
        codes = lambda **kw: [d["code"] for d in store.list_documents(**kw)]  # noqa: E731
        assert codes() == ["1/KH", "2/KH", "3/KH"]
        assert codes(issuer="sở giáo DỤC") == ["2/KH"]
        assert codes(issuer="tân lập") == ["1/KH", "3/KH"]
        assert codes(date_from=date(2023, 2, 1), date_to=date(2023, 12, 31)) == ["2/KH"]
        assert codes(has_errors=True) == ["2/KH"]
        assert codes(has_errors=False) == ["1/KH", "3/KH"]
        assert codes(needs_review=True) == ["1/KH", "3/KH"]
        assert codes(code="3/") == ["3/KH"]
        assert codes(issuer="%") == []  # a wildcard is a letter here
        first = store.list_documents()[0]
        assert first["issue_date"] == "2023-01-05" and first["n_sources"] == 1
        # a corrected issuer is the one filters see
        store.add_correction(first["id"], "document.issuer", "UBND xã Tân Lập Mới")
        assert codes(issuer="tân lập mới") == ["1/KH"]


# -- the acceptance: one batch, two engines --------------------------------------------------


def _tables(url: str) -> dict:
    with Store(url, create=False) as store:
        return {t: store.table_rows(t) for t in (*DATA_TABLES, *T.VIEWS, "corrections")}


@pytest.mark.ocr
@pytest.mark.slow
def test_a_batch_of_the_samples_gives_the_same_rows_in_sqlite_and_postgresql(tmp_path, pg_url):
    sqlite_db = tmp_path / "vanban.sqlite"
    a = run_batch([SAMPLES], db=str(sqlite_db), workers=2, progress=False)
    b = run_batch([SAMPLES], db=pg_url, workers=2, progress=False)
    assert (a.done, a.failed) == (b.done, b.failed) == (len(list(SAMPLES.iterdir())), 0)
    left, right = _tables(str(sqlite_db)), _tables(pg_url)
    for table in left:
        assert left[table] == right[table], table
    assert left["timetable_view"] and left["findings_view"]
    with Store(sqlite_db, create=False) as store:
        # the seed plan's PDF and its scans are one document with every file as a source
        docs = store.list_documents(code="228/KH-UBND")
        assert len(docs) == 1
        paths = {Path(s["path"]).name for s in store.sources(docs[0]["id"])}
        assert {"003_dcb338039ec5c25a.pdf", "003_dcb338039ec5c25a.scan300.pdf"} <= paths
        # the text plan's PDF, DOCX and text are one document too: its 15 events once
        events = list(calendar_for(store.iter_results()).walk("VEVENT"))
        seed = store.list_documents(code="01/KH-HKH")
        assert len(seed) == 1 and seed[0]["n_sources"] == 3
        uids = [str(e["uid"]) for e in events]
        assert len(uids) == len(set(uids))
        assert sum(u.startswith(seed[0]["id"]) for u in uids) == 15


@pytest.mark.parametrize("module", ["vanban.extractor.identity", "vanban.extractor.batch.corrections",
                                    "vanban.extractor.exports.tabular", "vanban.extractor.exports.calendar",
                                    "vanban.extractor.watch"])
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_two_writers_adding_sources_to_one_document_at_once(store_url):
    """Two programs (say ``serve`` and ``watch``) store files of the same plan at the same
    moment: one document, every source counted, no row lost."""
    import threading

    Store(store_url).close()  # schema first
    errors = []

    def writer(prefix: str) -> None:
        try:
            with Store(store_url) as store:
                for i in range(8):
                    sha = f"{prefix}{i:063d}"
                    store.save_result(sha, plan(sha, text_source="ocr"), path=f"/in/{prefix}{i}")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    with Store(store_url) as store:
        docs = store.list_documents()
        assert len(docs) == 1 and docs[0]["n_sources"] == 16
        assert store.count("sources") == 16 and store.count("timetable") == 3


def test_an_unreachable_server_is_a_one_line_error_without_the_password(tmp_path, capsys):
    url = "postgresql://clerk:hunter2@127.0.0.1:1/vanban"
    assert main(["export", url, "--format", "csv", "--out", str(tmp_path)]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "hunter2" not in err and "127.0.0.1" in err
