"""Timetable parser: header mapping, owners, time headings, the three row sources and the
timetable findings. Texts here are written for the tests (general Vietnamese forms), not
copied answers of the seed files."""
from __future__ import annotations

from datetime import date

import pytest

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.plan_findings import timetable_findings
from vanban.extractor.parsers.timetable import (column_meaning, due_bounds, map_header, parse_heading,
                                         parse_timetable, repair_ocr_due, split_owners)
from vanban.extractor.text import Cell, Table, Text, TextBuilder
from vanban.models import TimetableRow

CTX = ParseContext(issue_date=date(2024, 2, 1), year=2024)


# ----------------------------------------------------------------------------- headers
@pytest.mark.parametrize("cell, meaning", [
    ("TT", "seq"),
    ("STT", "seq"),
    ("Nội dung", "task"),
    ("Nội dung công việc", "task"),
    ("NHIỆM VỤ", "task"),
    ("Thời gian\nhoàn thành", "due"),
    ("Thời gian thực hiện", "due"),
    ("Tiến độ", "due"),
    ("Thời gian hoàn thảnh", "due"),  # OCR slip
    ("Đơn vị/ cá nhân\nthực hiện", "owners"),
    ("Cá nhân/bộ phận thực hiện", "owners"),
    ("Đơn vị chủ trì", "owners"),
    ("Lãnh đạo phụ\ntrách", "lead"),
    ("Người phụ trách", "lead"),
    ("Phối hợp", "partners"),
    ("Đơn vị phối hợp", "partners"),
    ("Ghi chú", "ignore"),
    # OCR: words doubled in a bold header, or the second line of a header cell lost
    ("Nội ội dung công ông việc vi", "task"),
    ("Đơn vị/ cá nhân", "owners"),
    ("Lãnh đạo phụ", "lead"),
    # negative rows: body cells and unrelated headers have no meaning
    ("Xây dựng kế hoạch năm 2024", None),
    ("Quý I/2024", None),
    ("Họ và tên", None),
    ("", None),
    ("Đơn vị", None),  # the start of owners, partners and lead wordings alike
    ("Thời gian Thần g TT", None),
])
def test_column_meaning(cell, meaning):
    assert column_meaning(cell)[0] == meaning


@pytest.mark.parametrize("cells, expected", [
    (["TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện", "Lãnh đạo phụ trách"],
     {"seq": 0, "task": 1, "due": 2, "owners": 3, "lead": 4}),
    (["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Tiến độ"],
     {"seq": 0, "task": 1, "owners": 2, "partners": 3, "due": 4}),
    (["Nội dung", "Thời gian"], {"task": 0, "due": 1}),
    # negatives: no task column, or a task column alone, or body text
    (["TT", "Họ và tên", "Chức vụ"], None),
    (["TT", "Nội dung", "Ghi chú"], None),
    (["1", "Xây dựng kế hoạch", "Quý I/2024", "Văn phòng"], None),
])
def test_map_header(cells, expected):
    assert map_header(cells) == expected


@pytest.mark.parametrize("cell, owners", [
    ("Đ/c Đông – VP, Tiên-LĐTBXH", ["Đ/c Đông – VP, Tiên-LĐTBXH"]),
    ("Trung tâm HTCD, HKH phường; Các nhà trường.", ["Trung tâm HTCD, HKH phường", "Các nhà trường"]),
    ("Phòng Văn hóa\n- Phòng Giáo dục", ["Phòng Văn hóa", "Phòng Giáo dục"]),
    ("Văn phòng;", ["Văn phòng"]),
    ("", []),
])
def test_split_owners(cell, owners):
    assert split_owners(cell) == owners


@pytest.mark.parametrize("due, repaired, repairs", [
    ("Quý IH/2021", "Quý III/2021", ["Quý IH -> Quý III"]),
    ("QuýIV/2021", "Quý IV/2021", ["QuýIV -> Quý IV"]),
    ("Quý 1/2021", "Quý I/2021", ["Quý 1 -> Quý I"]),
    # negatives: right already, not a quarter 1..4, no year after it
    ("Quý III/2021", "Quý III/2021", []),
    ("Quý IIH/2021", "Quý III/2021", ["Quý IIH -> Quý III"]),
    ("Quý VII/2021", "Quý VII/2021", []),
    ("Từ ngày 02/10/2022đến 08/10/2022", "Từ ngày 02/10/2022 đến 08/10/2022",
     ["Từ ngày 02/10/2022đến 08/10/2022 -> Từ ngày 02/10/2022 đến 08/10/2022"]),
    ("Quý I", "Quý I", []),
    ("Tháng 11/2021", "Tháng 11/2021", []),
])
def test_repair_ocr_due(due, repaired, repairs):
    assert repair_ocr_due(due) == (repaired, repairs)


@pytest.mark.parametrize("due, start, end", [
    ("Quý III/2021 (Tháng 7)", date(2021, 7, 1), date(2021, 7, 31)),
    ("Quý II/2021 (Tháng 9)", date(2021, 9, 1), date(2021, 9, 30)),  # numeral misread
    ("Quý II/2021", date(2021, 4, 1), date(2021, 6, 30)),
    ("Trước 20/01/2021", None, date(2021, 1, 20)),
    ("Theo Kế hoạch của quận", None, None),
])
def test_due_bounds(due, start, end):
    assert due_bounds(due, 2021) == (start, end)


# ----------------------------------------------------------------------------- headings
@pytest.mark.parametrize("line, label, start, end", [
    ("2.1. Nhiệm vụ quý I", "Nhiệm vụ quý I", date(2024, 1, 1), date(2024, 3, 31)),
    ("Quý II:", "Quý II", date(2024, 4, 1), date(2024, 6, 30)),
    ("b) Nhiệm vụ trọng tâm quý 3 năm 2025", "Nhiệm vụ trọng tâm quý 3 năm 2025",
     date(2025, 7, 1), date(2025, 9, 30)),
    ("Tháng 9", "Tháng 9", date(2024, 9, 1), date(2024, 9, 30)),
    ("III. NHIỆM VỤ 6 THÁNG CUỐI NĂM", "NHIỆM VỤ 6 THÁNG CUỐI NĂM", date(2024, 7, 1), date(2024, 12, 31)),
    ("Nhiệm vụ qúy IV", "Nhiệm vụ qúy IV", date(2024, 10, 1), date(2024, 12, 31)),  # old tone placement
    ("2.3. Nhiệm vụ quý HII", "Nhiệm vụ quý III", date(2024, 7, 1), date(2024, 9, 30)),  # OCR
    ("2.4. Nhiệm vụ quý TV", "Nhiệm vụ quý IV", date(2024, 10, 1), date(2024, 12, 31)),
])
def test_parse_heading(line, label, start, end):
    h = parse_heading(line, 2024)
    assert (h.label, h.start, h.end) == (label, start, end)


@pytest.mark.parametrize("line", [
    "- Sơ kết công tác quý I năm 2024.",
    "Tổng kết công tác khuyến học năm 2024",
    "Báo cáo kết quả thực hiện nhiệm vụ quý I, đề ra nhiệm vụ quý II và các tháng tiếp theo",
    "2. Nhiệm vụ trọng tâm từng quý",
    "Tháng 13",
    "Nhiệm vụ quý 5",
])
def test_not_a_heading(line):
    assert parse_heading(line, 2024) is None


# ----------------------------------------------------------------------------- text tables
TAB_TABLE = "\n".join([
    "III. TIẾN ĐỘ THỰC HIỆN",
    "TT\tNội dung công việc\tThời gian thực hiện\tĐơn vị chủ trì\tPhối hợp",
    "1\tRà soát, thống kê số liệu\tTrước 15/3/2024\tPhòng Giáo dục\tUBND các xã",
    "2\tTổ chức hội nghị triển khai\tQuý II\tVăn phòng;",
    "Phòng Nội vụ\tCác đơn vị",  # the owners cell has a line break
    "",
    "4\tSơ kết, đánh giá\tTháng 12/2024\tVăn phòng\t",
    "Nơi nhận:",
    "- Như trên;",
])


def test_tab_table_rows_fields_and_provenance():
    text = Text.from_string(TAB_TABLE)
    rows = parse_timetable(text, CTX)
    assert [r.seq for r in rows] == ["1", "2", "4"]
    first, second, third = rows
    assert first.task == "Rà soát, thống kê số liệu"
    assert (first.start, first.end) == (None, date(2024, 3, 15))
    assert first.owners == ["Phòng Giáo dục"] and first.partners == ["UBND các xã"]
    assert (second.start, second.end) == (date(2024, 4, 1), date(2024, 6, 30))
    assert second.owners == ["Văn phòng", "Phòng Nội vụ"] and second.partners == ["Các đơn vị"]
    assert (third.start, third.end) == (date(2024, 12, 1), date(2024, 12, 31))
    assert all(r.source == "table" for r in rows)
    span = first.provenance.span
    assert text.text[span[0]:span[1]] == "Rà soát, thống kê số liệu"
    assert first.provenance.page == 1


def test_prose_with_tabs_is_not_a_table():
    text = Text.from_string("Căn cứ\tKế hoạch số 12/KH-UBND\tngày 01/02/2024\n1\tThực hiện\tQuý I")
    assert parse_timetable(text, CTX) == []


# ----------------------------------------------------------------------------- sections
SECTIONS = "\n".join([
    "II. NHIỆM VỤ CỤ THỂ",
    "1. Nhiệm vụ quý I",
    "- Tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024.",
    "- Triển khai Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh về xây dựng",
    "xã hội học tập.",
    "- Sơ kết công tác quý I năm 2024.",
    "2. Nhiệm vụ quý II",
    "- Báo cáo kết quả quý I gửi về Hội cấp trên.",
    "- Tổ chức Tuần lễ học tập suốt đời từ ngày 01/10 đến ngày 07/10/2024.",
    "- Gửi báo cáo thống kê (chậm nhất ngày 20/6/2024).",
    "III. TỔ CHỨC THỰC HIỆN",
    "- Văn phòng theo dõi, đôn đốc thực hiện kế hoạch.",
])


def test_section_rows_take_the_heading_period():
    rows = parse_timetable(Text.from_string(SECTIONS), CTX)
    got = [(r.task[:30], r.due_text, r.start, r.end) for r in rows]
    assert got == [
        ("Tổng kết công tác năm 2023, tr", "Nhiệm vụ quý I", date(2024, 1, 1), date(2024, 3, 31)),
        # a cited document's date is not a deadline; the wrapped line is part of the bullet
        ("Triển khai Kế hoạch số 12/KH-U", "Nhiệm vụ quý I", date(2024, 1, 1), date(2024, 3, 31)),
        ("Sơ kết công tác quý I năm 2024", "Nhiệm vụ quý I", date(2024, 1, 1), date(2024, 3, 31)),
        # another period mentioned in the task does not move it
        ("Báo cáo kết quả quý I gửi về H", "Nhiệm vụ quý II", date(2024, 4, 1), date(2024, 6, 30)),
        # an explicit deadline beats the heading
        ("Tổ chức Tuần lễ học tập suốt đ", "từ ngày 01/10 đến ngày 07/10/2024",
         date(2024, 10, 1), date(2024, 10, 7)),
        ("Gửi báo cáo thống kê (chậm nhấ", "chậm nhất ngày 20/6/2024", None, date(2024, 6, 20)),
    ]
    assert rows[1].task.endswith("về xây dựng xã hội học tập.")
    assert all(r.source == "section" and r.seq is None and r.owners == [] and r.lead is None
               for r in rows)


def test_no_heading_no_section_rows():
    text = Text.from_string("I. MỤC ĐÍCH\n- Nâng cao nhận thức.\n- Triển khai đồng bộ.")
    assert parse_timetable(text, CTX) == []


# ----------------------------------------------------------------------------- text.tables
def _table_text(lines_by_page, tables):
    b = TextBuilder()
    for lines in lines_by_page:
        b.start_page(source="text_layer")
        for ln in lines:
            b.add_line(ln)
    for t in tables:
        b.add_table(t)
    return b.build()


def _cells(*values, y=0.0):
    return [Cell(v, bbox=(10.0 * i, y, 10.0 * i + 9, y + 5)) for i, v in enumerate(values)]


def test_loader_tables_continued_and_not_double_counted():
    header = ["TT", "Nội dung", "Thời gian", "Đơn vị thực hiện", "Lãnh đạo phụ trách"]
    page1 = Table(page=1, rows=[_cells(*header),
                                _cells("1", "Xây dựng kế hoạch năm", "Quý I/2024", "Văn phòng", "Chủ tịch", y=10)])
    page2 = Table(page=2, rows=[_cells(*header),  # header repeated on the next page
                                _cells("", "(tiếp) của Hội", "", "", "", y=0),  # second half of row 1
                                _cells("2", "Tổng kết năm", "Tháng 12", "Văn phòng", "Chủ tịch", y=10)])
    # the loader also put the table's words in the lines, here as TAB lines
    text = _table_text([["TT\tNội dung\tThời gian\tĐơn vị thực hiện\tLãnh đạo phụ trách",
                         "1\tXây dựng kế hoạch năm\tQuý I/2024\tVăn phòng\tChủ tịch"],
                        ["(tiếp) của Hội", "2\tTổng kết năm\tTháng 12\tVăn phòng\tChủ tịch"]],
                       [page1, page2])
    rows = parse_timetable(text, CTX)
    assert [(r.seq, r.task) for r in rows] == [("1", "Xây dựng kế hoạch năm (tiếp) của Hội"),
                                               ("2", "Tổng kết năm")]
    assert rows[0].provenance.page == 1 and rows[1].provenance.page == 2
    assert rows[0].provenance.rule == "timetable.table.text_layer"
    assert rows[1].end == date(2024, 12, 31)


def test_table_without_timetable_header_is_ignored():
    t = Table(page=1, rows=[_cells("TT", "Họ và tên", "Chức vụ"), _cells("1", "Nguyễn Văn A", "Chủ tịch")])
    assert parse_timetable(_table_text([["x"]], [t]), CTX) == []


# ----------------------------------------------------------------------------- findings
def _row(seq, end=None, source="table"):
    return TimetableRow(seq=seq, task=f"việc {seq}", end=end, source=source)


@pytest.mark.parametrize("seqs, codes", [
    (["1", "2", "3"], []),
    (["1", "2", "4", "5"], ["TIMETABLE_SEQUENCE_GAP"]),
    (["1", "2", "2", "3"], ["TIMETABLE_SEQUENCE_DUPLICATE"]),
    (["1", "2", "1", "2"], []),  # a second table starts again at 1
    (["1", "3", "5"], ["TIMETABLE_SEQUENCE_GAP", "TIMETABLE_SEQUENCE_GAP"]),
    ([None, None], []),
    (["I", "1", "2"], []),
])
def test_sequence_findings(seqs, codes):
    found = timetable_findings([_row(s) for s in seqs], ParseContext())
    assert [f.code for f in found] == codes
    assert all(f.rule for f in found)


def test_deadline_before_issue():
    rows = [_row("1", date(2024, 1, 15)), _row("2", date(2024, 2, 1)), _row("3", None)]
    found = timetable_findings(rows, CTX)
    assert [f.code for f in found] == ["DEADLINE_BEFORE_ISSUE"]
    assert "2024-01-15" in found[0].message
    assert timetable_findings(rows, ParseContext()) == []  # no issue date, no check


def test_deadline_before_issue_only_where_work_is_scheduled():
    """A plan's row dated before the plan is a slip; a decision's list of procedures or
    amended texts, or a "from" date, sets no deadline."""
    late = TimetableRow(seq="1", task="Tổng kết", end=date(2024, 1, 15), due_text="Tháng 01/2024")
    plan = ParseContext(issue_date=date(2024, 2, 1), doc_type="ke_hoach")
    decision = ParseContext(issue_date=date(2024, 2, 1), doc_type="quyet_dinh")
    assert [f.code for f in timetable_findings([late], plan)] == ["DEADLINE_BEFORE_ISSUE"]
    assert timetable_findings([late], decision) == []
    start = late.model_copy(update={"due_text": "từ ngày 15/01/2024"})
    assert timetable_findings([start], plan) == []
    span = late.model_copy(update={"due_text": "từ ngày 02/01 đến ngày 15/01/2024"})
    assert [f.code for f in timetable_findings([span], plan)] == ["DEADLINE_BEFORE_ISSUE"]


def test_ocr_table_infers_columns_and_repairs_quarters():
    t = Table(page=1, source="ocr", rows=[
        _cells("n", "Nội dung", "Thời gian Thần g", "Đơn vị/ cá nhân", "Lãnh đạo phụ"),
        _cells("1", "Họp triển khai", "Quý IH/2024", "Văn phòng", "Chủ tịch", y=10),
        _cells("2", "Tổng kết năm", "Tháng 12/2024", "Văn phòng", "Chủ tịch", y=20),
    ])
    rows = parse_timetable(_table_text([["Kế hoạch"]], [t]), CTX)
    assert [(r.seq, r.due_text, r.start, r.end) for r in rows] == [
        ("1", "Quý III/2024", date(2024, 7, 1), date(2024, 9, 30)),
        ("2", "Tháng 12/2024", date(2024, 12, 1), date(2024, 12, 31)),
    ]
    assert rows[0].provenance.repairs == ["Quý IH -> Quý III"]
    assert rows[0].provenance.rule == "timetable.table.ocr"
    assert rows[0].owners == ["Văn phòng"] and rows[0].lead == "Chủ tịch"


def test_ocr_misread_row_number_is_not_a_gap():
    from vanban.models import Provenance

    def ocr_row(seq):
        return TimetableRow(seq=seq, task=f"việc {seq}", source="table",
                            provenance=Provenance(source="ocr"))

    assert timetable_findings([ocr_row(s) for s in ["6", "7", "68", "9"]], ParseContext()) == []
    # a real gap in OCR'd rows is still reported; typed rows keep every finding
    assert [f.code for f in timetable_findings([ocr_row(s) for s in ["1", "2", "4", "5"]],
                                               ParseContext())] == ["TIMETABLE_SEQUENCE_GAP"]
    assert [f.code for f in timetable_findings([_row(s) for s in ["6", "7", "68", "9"]],
                                               ParseContext())] == ["TIMETABLE_SEQUENCE_GAP"]


def _boxed_text(lines):
    """A Text whose lines have boxes: (text, x1) pairs, the left edge at 80."""
    b = TextBuilder()
    b.start_page(source="ocr")
    for i, (s, x1) in enumerate(lines):
        b.add_line(s, bbox=(80.0, 100.0 + 20 * i, float(x1), 115.0 + 20 * i))
    return b.build()


def test_bullet_without_dash_starts_a_new_item():
    text = _boxed_text([
        ("Nhiệm vụ quý IV", 200),
        ("- Tổng kết phong trào khuyến học, khuyến tài năm 2024 ở từng địa phương,", 510),
        ("đơn vị.", 140),  # a paragraph's last line: short, ends a sentence
        ("Hoàn thiện cuốn sách cẩm nang công tác khuyến học.", 400),  # OCR lost the dash
        ("- Rà soát hồ sơ của các đơn vị trên địa bàn, báo cáo Thường trực Hội.", 510),
        ("Ban Thường vụ duyệt kết quả thi đua của các đơn vị trong tháng 12/2024.", 505),
    ])
    rows = parse_timetable(text, CTX)
    assert [r.task[:20] for r in rows] == ["Tổng kết phong trào ", "Hoàn thiện cuốn sách",
                                          "Rà soát hồ sơ của cá"]
    # the last line went on a full-width line that ended a sentence: same item
    assert rows[2].task.endswith("trong tháng 12/2024.")


def test_time_group_rows_date_the_rows_under_them():
    t = Table(page=1, rows=[
        _cells("TT", "Nội dung", "Đơn vị thực hiện", "Thời gian"),
        _cells("Quý I", "", "", ""),  # a merged row naming the period
        _cells("1", "Họp triển khai", "Văn phòng", ""),
        _cells("2", "Rà soát hồ sơ", "Văn phòng", "Trước 15/02/2024"),
        _cells("II", "Tháng 9", "", ""),  # a numbered group row
        _cells("3", "Khai giảng năm học", "Các trường", ""),
    ])
    rows = parse_timetable(_table_text([["Kế hoạch"]], [t]), CTX)
    assert [(r.seq, r.due_text, r.start, r.end) for r in rows] == [
        ("1", "Quý I", date(2024, 1, 1), date(2024, 3, 31)),
        ("2", "Trước 15/02/2024", None, date(2024, 2, 15)),
        ("3", "Tháng 9", date(2024, 9, 1), date(2024, 9, 30)),
    ]


def test_owner_list_marks_in_a_pdf_cell_split_owners():
    from vanban.extractor.loaders.tables import join_cell_lines

    assert split_owners(join_cell_lines(["- Phòng Văn hóa", "- Phòng Giáo", "dục"])) == [
        "Phòng Văn hóa", "Phòng Giáo dục"]


@pytest.mark.parametrize("due, issued, start, end", [
    # a school-year plan issued in August: January is next January
    ("Tháng 1", date(2023, 8, 20), date(2024, 1, 1), date(2024, 1, 31)),
    ("Tháng 9", date(2023, 8, 20), date(2023, 9, 1), date(2023, 9, 30)),
    # a written year is kept, and so is a deadline just before the issue date
    ("Tháng 1/2023", date(2023, 8, 20), date(2023, 1, 1), date(2023, 1, 31)),
    ("Trước 15/8", date(2023, 8, 20), None, date(2023, 8, 15)),
])
def test_yearless_deadline_in_the_plan_year(due, issued, start, end):
    text = Text.from_string(f"TT\tNội dung\tThời gian\n1\tHọp\t{due}")
    rows = parse_timetable(text, ParseContext(issue_date=issued, year=issued.year))
    assert (rows[0].start, rows[0].end) == (start, end)


def test_yearless_section_heading_in_the_plan_year():
    text = Text.from_string("Tháng 1\n- Sơ kết học kỳ I.\n- Họp hội đồng trước ngày 20/1.")
    rows = parse_timetable(text, ParseContext(issue_date=date(2023, 8, 20), year=2023))
    assert [(r.start, r.end) for r in rows] == [(date(2024, 1, 1), date(2024, 1, 31)),
                                                (None, date(2024, 1, 20))]


def test_tasks_after_their_own_time_label():
    text = Text.from_string("\n".join([
        "IV. LỊCH THỰC HIỆN",
        "- Tháng 9/2024: Tổ chức khai giảng năm học mới, phát động",
        "tháng khuyến học.",
        "- Tháng 10 - Tổ chức hội thi giáo viên dạy giỏi cấp huyện.",
        "Tháng 10 vừa qua, các trường đã tổ chức hội thi.",  # prose, no label separator
        "Thời gian: Quý I/2024 các đơn vị báo cáo.",  # "Thời gian" is not a period
        "Quý IV",
        "- Tổng kết năm học.",
        "- Tháng 12: Khen thưởng các tập thể, cá nhân.",  # its own label beats the heading
    ]))
    rows = parse_timetable(text, CTX)
    assert [(r.task, r.due_text, r.start, r.end) for r in rows] == [
        ("Tổ chức khai giảng năm học mới, phát động tháng khuyến học.", "Tháng 9/2024",
         date(2024, 9, 1), date(2024, 9, 30)),
        ("Tổ chức hội thi giáo viên dạy giỏi cấp huyện.", "Tháng 10",
         date(2024, 10, 1), date(2024, 10, 31)),
        ("Tổng kết năm học.", "Quý IV", date(2024, 10, 1), date(2024, 12, 31)),
        ("Khen thưởng các tập thể, cá nhân.", "Tháng 12", date(2024, 12, 1), date(2024, 12, 31)),
    ]


def test_header_repeated_on_next_page_read_differently_is_not_a_row():
    header = ["TT", "Nội dung", "Thời gian hoàn thành", "Đơn vị thực hiện"]
    page1 = Table(page=1, source="ocr", rows=[_cells(*header),
                                              _cells("1", "Họp triển khai", "Quý I/2024", "Văn phòng")])
    page2 = Table(page=2, source="ocr", rows=[_cells("TT", '"- vã', "Thời gian hoàn thành", "Đơn vị thực hiện"),
                                              _cells("2", "Tổng kết", "Tháng 12/2024", "Văn phòng")])
    rows = parse_timetable(_table_text([["x"], ["y"]], [page1, page2]), CTX)
    assert [r.seq for r in rows] == ["1", "2"]


def test_indented_line_without_dash_starts_a_new_item():
    b = TextBuilder()
    b.start_page(source="ocr")
    for i, (s, x0, x1) in enumerate([
        ("Nhiệm vụ quý IV", 110, 200),
        ("- Hoàn thiện các nội dung của đề tài khoa học, báo cáo kết quả với", 110, 549),
        ("Thường trực Hội, chuẩn bị hồ sơ và các điều kiện để nghiệm thu đề", 82, 549),
        ("tài trong năm 2024.", 82, 530),
        ("Các cấp Hội tổng kết phong trào khuyến học, khuyến tài, xây", 120, 549),  # indented
        ("dựng xã hội học tập năm 2024.", 82, 300),
        ("- Tổ chức hội nghị giao ban cụm thi đua các tỉnh đồng bằng", 110, 549),
        ("Sông Hồng tại thành phố Hà Nội.", 82, 250),  # at the margin: goes on
    ]):
        b.add_line(s, bbox=(float(x0), 100.0 + 20 * i, float(x1), 115.0 + 20 * i))
    rows = parse_timetable(b.build(), CTX)
    assert [r.task[:12] for r in rows] == ["Hoàn thiện c", "Các cấp Hội ", "Tổ chức hội "]
    assert rows[2].task.endswith("tại thành phố Hà Nội.")


def _extract_text(tmp_path, body: str):
    from vanban.extractor import extract

    path = tmp_path / "doc.txt"
    path.write_text(body, encoding="utf-8")
    return extract(path)


def test_a_wrapped_date_line_of_the_header_is_no_time_heading(tmp_path):
    """A web copy wraps the place-date line ("Hà Nội, ngày 21" / "tháng 11 năm 2025"): its
    second half is the header's, not a time heading over the letter's paragraphs."""
    result = _extract_text(tmp_path, (
        "BỘ TÀI CHÍNH\nCỤC THUẾ\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n|\nSố: 5/CT-CS\nV/v chính sách thuế\n|\n"
        "*Hà Nội, ngày 21\ntháng 11 năm 2025*\n|\nKính gửi: Thuế tỉnh Bình Minh.\n"
        "Cục Thuế nhận được công văn của Thuế tỉnh Bình Minh về chính sách thuế.\n"
        "Căn cứ quy định tại Luật Quản lý thuế;\nCục Thuế trả lời để đơn vị được biết./.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, CS.\nKT. CỤC TRƯỞNG\nPHÓ CỤC TRƯỞNG\nLê Văn An\n"))
    assert result.document.issue_date == date(2025, 11, 21)
    assert result.timetable == []


def test_a_sentence_wrapped_before_its_month_is_no_time_heading(tmp_path):
    result = _extract_text(tmp_path, (
        "KẾ HOẠCH\nCông tác năm 2025\nI. NỘI DUNG\nTriển khai Hiệp định ký ngày 13\n"
        "tháng 10 năm 2025.\n- Sở Tài chính hướng dẫn các đơn vị thực hiện;\n"
        "- Sở Nội vụ tổng hợp kết quả.\nII. TIẾN ĐỘ\nTháng 12 năm 2025\n"
        "- Sơ kết việc thực hiện kế hoạch.\n"))
    assert [r.task for r in result.timetable] == ["Sơ kết việc thực hiện kế hoạch."]
    assert result.timetable[0].end == date(2025, 12, 31)
