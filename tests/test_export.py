"""Exports: CSV / XLSX / JSONL / iCalendar, from one result (``extract --csv/--ics``) and
from a batch database (``vanban export``) — the same code, checked to give the same bytes."""
from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from vanban.extractor.batch import DB_NAME, run_batch
from vanban.extractor.cli import main
from openpyxl.utils import get_column_letter

from vanban.extractor.exports import (FAMILIES, calendar_for, columns, export, family_rows, header,
                               row_dates, write_csv_dir, write_ics, write_jsonl, write_xlsx)
from vanban.models import (Document, ErrorRecord, ExtractionResult, Finding, Provenance, Source,
                    Target, TimetableRow)

SEED0 = Path(__file__).resolve().parent.parent / "samples" / "000_f68a9bf2efd8d56f.txt"
GOLD0 = Path(__file__).resolve().parent / "data" / "gold" / "000_f68a9bf2efd8d56f.json"

# (row, expected first day, expected last day) — None: no event
ROWS = [
    (TimetableRow(seq="1", task="Quý I", due_text="Quý I/2021", start=date(2021, 1, 1),
                  end=date(2021, 3, 31), owners=["Thường trực Hội", "BCH Hội KH phường"],
                  lead="Đ/c Chủ tịch", partners=["Các trường học"]),
     date(2021, 1, 1), date(2021, 3, 31)),
    (TimetableRow(seq="2", task="Xong trước", due_text="Trước 20/01/2021", end=date(2021, 1, 20),
                  owners=["HKH phường, các trường học"], lead="Đ/c Phó Chủ tịch"),
     date(2021, 1, 20), date(2021, 1, 20)),
    (TimetableRow(seq="3", task="Một ngày", due_text="Ngày 05/10/2022", start=date(2022, 10, 5),
                  end=date(2022, 10, 5)),
     date(2022, 10, 5), date(2022, 10, 5)),
    (TimetableRow(seq="4", task="Chỉ có ngày bắt đầu", start=date(2022, 10, 8)),
     date(2022, 10, 8), date(2022, 10, 8)),
    (TimetableRow(seq="5", task="Theo Kế hoạch của quận", due_text="Theo Kế hoạch của quận"),
     None, None),  # negative row: no date, no event
]


def hand_result(name: str = "plan.pdf", sha: str = "ab" * 32, rows=None) -> ExtractionResult:
    return ExtractionResult(
        source=Source(file=name, sha256=sha, media_type="application/pdf", pages=3,
                      text_source="text_layer"),
        document=Document(doc_type="ke_hoach", doc_type_label="Kế hoạch", number="01",
                          symbol="KH-HKH", code="01/KH-HKH", issue_date=date(2021, 1, 19),
                          title="Hoạt động của Hội Khuyến học năm 2021",
                          recipients=["TT Quận uỷ, UBND Quận", "Lưu VP"]),
        targets=[Target(text="Trên 70% hộ gia đình", metric="hộ gia đình", comparator=">",
                        value=70, unit="%", provenance=Provenance(page=2, span=(10, 30)))],
        timetable=[r for r, _, _ in ROWS] if rows is None else rows,
        findings=[Finding(code="MISSING_SIGNER", severity="warning", message="không có chữ ký")],
    )


ERRORS = [ErrorRecord(file="/in/bad.pdf", sha256="cd" * 32, kind="CorruptFileError",
                      message="is damaged")]


# -- calendar -----------------------------------------------------------------------------


@pytest.mark.parametrize("row, first, last", ROWS)
def test_row_dates(row, first, last):
    assert row_dates(row) == (None if first is None else (first, last))


def test_ics_round_trip_one_all_day_event_per_dated_row(tmp_path):
    path = write_ics(tmp_path / "tasks.ics", [hand_result()])
    cal = Calendar.from_ical(path.read_bytes())
    events = list(cal.walk("VEVENT"))
    expected = [(r, a, b) for r, a, b in ROWS if a is not None]
    assert len(events) == len(expected)
    for ev, (row, first, last) in zip(events, expected):
        assert ev.decoded("dtstart") == first
        assert ev.decoded("dtend") == last + timedelta(days=1)  # exclusive end, all-day
        assert str(ev["summary"]).endswith(row.task)
        desc = str(ev["description"])
        for owner in row.owners:
            assert owner in desc
        if row.lead:
            assert f"Lãnh đạo phụ trách: {row.lead}" in desc
        assert "01/KH-HKH" in desc
    assert len({str(ev["uid"]) for ev in events}) == len(events)
    assert b"\r\n" in path.read_bytes()  # RFC 5545 line endings survive the atomic write


def test_ics_uids_are_stable_between_exports():
    a = calendar_for([hand_result()])
    b = calendar_for([hand_result()])
    assert [str(e["uid"]) for e in a.walk("VEVENT")] == [str(e["uid"]) for e in b.walk("VEVENT")]


def test_seed_000_ics_has_15_events_on_the_gold_dates(tmp_path, capsys):
    ics = tmp_path / "tasks.ics"
    assert main(["extract", str(SEED0), "--ics", str(ics)]) == 0
    capsys.readouterr()
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    gold = json.loads(GOLD0.read_text(encoding="utf-8"))["timetable"]
    assert len(events) == 15 == len(gold)
    got = sorted((ev.decoded("dtstart"), ev.decoded("dtend")) for ev in events)
    want = sorted((date.fromisoformat(g["start"] or g["end"]),
                   date.fromisoformat(g["end"] or g["start"]) + timedelta(days=1)) for g in gold)
    assert got == want


# -- tables ---------------------------------------------------------------------------------


def test_family_rows_follow_the_header():
    rows = family_rows(hand_result())
    assert set(rows) == set(FAMILIES)
    for family, fam_rows in rows.items():
        for row in fam_rows:
            assert len(row) == len(header(family))
    tt = dict(zip(header("timetable"), rows["timetable"][0]))
    assert tt["owners"] == "Thường trực Hội; BCH Hội KH phường"
    assert tt["due_start"] == date(2021, 1, 1) and tt["idx"] == 0
    doc = dict(zip(header("documents"), rows["documents"][0]))
    assert doc["n_timetable"] == len(ROWS) and doc["issue_date"] == date(2021, 1, 19)
    assert tt["document_id"] == doc["document_id"]
    tg = dict(zip(header("targets"), rows["targets"][0]))
    assert (tg["comparator"], tg["value"], tg["page"]) == (">", 70, 2)


def test_csv_dir(tmp_path):
    written = write_csv_dir(tmp_path, [hand_result(), hand_result("b.docx", "ef" * 32)], ERRORS)
    assert sorted(p.name for p in written) == sorted([*(f"{f}.csv" for f in FAMILIES), "errors.csv"])
    raw = (tmp_path / "timetable.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets then read UTF-8
    with (tmp_path / "timetable.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 * len(ROWS)
    assert rows[1]["owners"] == "HKH phường, các trường học"  # commas inside a name kept
    with (tmp_path / "errors.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.DictReader(fh))[0]["kind"] == "CorruptFileError"
    assert not list(tmp_path.glob(".*.tmp"))


def test_csv_without_errors_writes_no_errors_file(tmp_path):
    write_csv_dir(tmp_path, [hand_result()])
    assert not (tmp_path / "errors.csv").exists()


def test_xlsx_one_sheet_per_family(tmp_path):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "v.xlsx", [hand_result()], ERRORS)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Văn bản", "Văn bản dẫn chiếu", "Chỉ tiêu", "Tiến độ", "Phát hiện",
                             "Lỗi"]
    ws = wb["Tiến độ"]
    tt = list(ws.iter_rows(values_only=True))
    assert list(tt[0]) == [c.label for c in columns("timetable")]
    assert "Nhiệm vụ" in tt[0] and "Hạn hoàn thành" in tt[0] and len(tt) == 1 + len(ROWS)
    # real date cells, shown the Vietnamese way
    end = ws.cell(row=2, column=header("timetable").index("due_end") + 1)
    assert end.is_date and end.value.date() == date(2021, 3, 31)
    assert end.number_format == "DD/MM/YYYY"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{get_column_letter(len(header('timetable')))}{1 + len(ROWS)}"
    task_col = get_column_letter(header("timetable").index("task") + 1)
    assert ws.column_dimensions[task_col].width >= 40
    assert ws.column_dimensions["A"].width < ws.column_dimensions[task_col].width
    tg = list(wb["Chỉ tiêu"].iter_rows(values_only=True))
    assert tg[1][header("targets").index("value")] == 70


HOSTILE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-2+3", "@SUM(A1)",
           "\tx=1", "- Phòng Giáo dục"]


def test_formula_injection_and_control_characters_are_defused(tmp_path):
    from openpyxl import load_workbook

    rows = [TimetableRow(seq=str(i), task=t, lead="Đ/c\x00 Chủ\x07 tịch\x1f")
            for i, t in enumerate(HOSTILE, 1)]
    result = hand_result(rows=rows)
    write_csv_dir(tmp_path / "csv", [result])
    with (tmp_path / "csv" / "timetable.csv").open(encoding="utf-8-sig", newline="") as fh:
        got = [r["task"] for r in csv.DictReader(fh)]
    assert got == ["'" + t for t in HOSTILE]  # a leading apostrophe: shown as text
    path = write_xlsx(tmp_path / "v.xlsx", [result])
    ws = load_workbook(path)["Tiến độ"]
    col = header("timetable").index("task") + 1
    cells = [ws.cell(row=i + 2, column=col) for i in range(len(HOSTILE))]
    assert [c.value for c in cells] == HOSTILE  # the exact text…
    assert all(c.data_type == "s" for c in cells)  # …as string cells, never formulas
    lead = ws.cell(row=2, column=header("timetable").index("lead") + 1).value
    assert lead == "Đ/c Chủ tịch"  # control characters dropped, the workbook opens


def test_csv_dates_stay_iso(tmp_path):
    write_csv_dir(tmp_path, [hand_result()])
    with (tmp_path / "timetable.csv").open(encoding="utf-8-sig", newline="") as fh:
        first = next(csv.DictReader(fh))
    assert (first["due_start"], first["due_end"]) == ("2021-01-01", "2021-03-31")


def test_events_carry_the_document_code_and_one_set_per_document():
    pdf = hand_result("plan.pdf", "ab" * 32)
    scan = hand_result("plan-scan.pdf", "cd" * 32)  # the same plan, another file
    scan.source.text_source = "ocr"
    events = list(calendar_for([pdf, scan]).walk("VEVENT"))
    dated = [r for r, a, _ in ROWS if a is not None]
    assert len(events) == len(dated)
    assert all(str(ev["summary"]).startswith("01/KH-HKH · ") for ev in events)
    assert len({str(ev["uid"]) for ev in events}) == len(events)
    other = hand_result("other.pdf", "ef" * 32)
    other.document.code = "02/KH-HKH"
    assert len(list(calendar_for([pdf, other]).walk("VEVENT"))) == 2 * len(dated)


def test_jsonl_round_trip(tmp_path):
    original = [hand_result(), hand_result("b.docx", "ef" * 32)]
    write_jsonl(tmp_path, original, ERRORS)
    lines = (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert [ExtractionResult.model_validate_json(x) for x in lines] == original
    err = json.loads((tmp_path / "errors.jsonl").read_text(encoding="utf-8"))
    assert err["status"] == "failure" and err["kind"] == "CorruptFileError"


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="csv, jsonl, xlsx, ics"):
        export("pdf", tmp_path, [hand_result()])


# -- from a batch database -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    archive = base / "in"
    archive.mkdir()
    (archive / SEED0.name).write_bytes(SEED0.read_bytes())
    (archive / "empty.txt").write_bytes(b"")
    summary = run_batch([archive], base / "out", workers=1, progress=False)
    assert (summary.done, summary.failed) == (1, 1)
    return base / "out"


@pytest.mark.parametrize("fmt, files", [
    ("csv", [*(f"{f}.csv" for f in FAMILIES), "errors.csv"]),
    ("jsonl", ["results.jsonl", "errors.jsonl"]),
    ("xlsx", ["vanban.xlsx"]),
    ("ics", ["timetable.ics"]),
])
def test_export_command(seed_db, tmp_path, capsys, fmt, files):
    assert main(["export", str(seed_db), "--format", fmt, "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == sorted(files)


def test_export_and_extract_csv_are_the_same_code(seed_db, tmp_path, capsys, monkeypatch):
    """``extract --csv`` on one result and ``export --format csv`` of a database holding
    that result give byte-identical family files. (``extract`` is made to return the
    stored result: the parsers may change between the batch and this call.)"""
    from vanban import extractor
    from vanban.extractor.batch import Store

    with Store(seed_db / DB_NAME, create=False) as store:
        stored = list(store.iter_results())
    assert len(stored) == 1
    monkeypatch.setattr(extractor, "extract", lambda path, options=None: stored[0])
    assert main(["extract", str(SEED0), "--csv", str(tmp_path / "one")]) == 0
    assert main(["export", str(seed_db / DB_NAME), "--format", "csv",
                 "--out", str(tmp_path / "db")]) == 0
    capsys.readouterr()
    for family in FAMILIES:
        one = (tmp_path / "one" / f"{family}.csv").read_bytes()
        assert one == (tmp_path / "db" / f"{family}.csv").read_bytes(), family
        assert one.count(b"\n") >= 1 + (family == "documents")


@pytest.mark.parametrize("make_db", [
    lambda p: p / "nothing-here",  # no database
    lambda p: (p / "x.sqlite").write_text("not a database") and p / "x.sqlite",
])
def test_export_bad_database_is_a_one_line_error(tmp_path, capsys, make_db):
    db = make_db(tmp_path)
    assert main(["export", str(db), "--format", "csv", "--out", str(tmp_path / "o")]) == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and str(db) in err


def test_extract_ics_and_csv_take_one_file(tmp_path, capsys):
    code = main(["extract", str(SEED0), str(SEED0), "--ics", str(tmp_path / "t.ics")])
    assert code == 2 and "vanban export" in capsys.readouterr().err
