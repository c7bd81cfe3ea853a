"""Timetables in plain text laid out with spaces (``pdftotext -layout``, or typed so):
cells wrapped inside their columns, told apart by where their words start. Synthetic
tables written here."""
from __future__ import annotations

from datetime import date

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.timetable import parse_timetable
from vanban.extractor.text import Text

CTX = ParseContext(year=2024)
COLS = (0, 5, 34, 49, 66)  # TT, task, due, owners, lead


def row(*cells: str) -> str:
    """One line with each cell's text at its column ("" leaves the column empty)."""
    line = ""
    for x, cell in zip(COLS, cells):
        if cell:
            line = line.ljust(x) + cell
    return line


HEADER = [row("", "", "Thời gian", "Đơn vị", "Lãnh đạo"),
          row("TT", "        Nội dung"),
          row("", "", "hoàn thành", "thực hiện", "phụ trách")]

LAYOUT = "\n".join([
    "III. TIẾN ĐỘ THỰC HIỆN",
    *HEADER,
    row("1", "Tổ chức hội nghị tổng kết", "Quý I/2024", "Văn phòng Hội", "Đ/c Chủ tịch"),
    row("", "công tác năm 2023, triển khai", "", "tỉnh", "Hội"),
    row("", "nhiệm vụ năm 2024"),
    # a cell that ends right before the next column: one space between the two
    row("2", "Lập kế hoạch kiểm tra các cơ", "Tháng 5/2024"),
    row("", "sở hội", "", "Ban Kiểm tra", "Đ/c Phó Chủ tịch"),
    # a lowercase word right at the next column's edge, one space on: still the task's
    "4    Rà soát các kế hoạch năm học số Quý III/2024 Văn phòng Hội    Đ/c Chủ tịch",
    row("", "2024-", "", "tỉnh", "Hội"),
    row("", "2025"),
    "",
    "                                        7",
    "",
    *HEADER,  # the header repeated on the next page
    row("3", "Sơ kết công tác 6 tháng đầu", "Trước", "Văn phòng Hội", "Đ/c Chủ tịch"),
    row("", "năm", "30/6/2024", "tỉnh", "Hội"),
    "",
    "     Các đơn vị căn cứ kế hoạch này để triển khai thực hiện, báo cáo kết quả về Văn",
    "phòng Hội trước ngày 15/12/2024.",
])


def test_wrapped_cells_are_read_by_column():
    rows = [r for r in parse_timetable(Text.from_string(LAYOUT), CTX) if r.source == "table"]
    got = [(r.seq, r.task, r.due_text, r.start, r.end, r.owners, r.lead) for r in rows]
    assert got == [
        ("1", "Tổ chức hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024",
         "Quý I/2024", date(2024, 1, 1), date(2024, 3, 31), ["Văn phòng Hội tỉnh"],
         "Đ/c Chủ tịch Hội"),
        ("2", "Lập kế hoạch kiểm tra các cơ sở hội", "Tháng 5/2024", date(2024, 5, 1),
         date(2024, 5, 31), ["Ban Kiểm tra"], "Đ/c Phó Chủ tịch"),
        ("4", "Rà soát các kế hoạch năm học số 2024-2025", "Quý III/2024", date(2024, 7, 1),
         date(2024, 9, 30), ["Văn phòng Hội tỉnh"], "Đ/c Chủ tịch Hội"),
        # over the page break: the page number and the repeated header are no rows; the
        # sentence after the table is no part of the last row
        ("3", "Sơ kết công tác 6 tháng đầu năm", "Trước 30/6/2024", None, date(2024, 6, 30),
         ["Văn phòng Hội tỉnh"], "Đ/c Chủ tịch Hội"),
    ]


def test_a_row_points_at_its_task():
    text = Text.from_string(LAYOUT)
    first = parse_timetable(text, CTX)[0]
    a, b = first.provenance.span
    assert text.text[a:b].startswith("Tổ chức hội nghị") and text.text[a:b].endswith("năm 2024")


def test_columns_without_a_timetable_header_are_no_timetable():
    text = Text.from_string("\n".join([
        row("", "Họ và tên", "Chức vụ", "Đơn vị"),
        row("1", "Nguyễn Văn An", "Trưởng ban", "Văn phòng"),
        row("2", "Lê Thị Bình", "Thành viên", "Phòng Nội vụ"),
    ]))
    assert parse_timetable(text, CTX) == []


def test_a_task_list_laid_out_with_spaces():
    # the heading indented; a bullet's first line indented, its wrapped lines at the margin
    # (one opening with a capital after a colon is still the bullet's)
    text = Text.from_string("\n".join([
        "     2.1. Nhiệm vụ quý I",
        "     - Tuyên truyền trên trang thông tin điện tử của Hội các nội dung sau:",
        "Kết quả công tác năm 2023; kết quả thi đua.",
        "     - Sơ kết công tác quý I năm 2024.",
    ]))
    rows = parse_timetable(text, CTX)
    assert [(r.task, r.due_text, r.start, r.end) for r in rows] == [
        ("Tuyên truyền trên trang thông tin điện tử của Hội các nội dung sau: Kết quả công "
         "tác năm 2023; kết quả thi đua.", "Nhiệm vụ quý I", date(2024, 1, 1), date(2024, 3, 31)),
        ("Sơ kết công tác quý I năm 2024.", "Nhiệm vụ quý I", date(2024, 1, 1), date(2024, 3, 31)),
    ]
