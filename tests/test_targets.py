"""Table-driven tests of extractor.parsers.targets (quantified goals).

These sentences are written for the tests in the style of Vietnamese plans; none is copied
from the seed documents, so they also check that the rules are general.
"""
from __future__ import annotations

import tomllib
import unicodedata
from datetime import date

import pytest

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.numbers import DATA_DIR
from vanban.extractor.parsers.targets import clauses, parse_targets
from vanban.extractor.text import Text

CTX = ParseContext(year=2023)


def run(s: str, ctx: ParseContext = CTX):
    return parse_targets(Text.from_string(s), ctx)


# (text, [(comparator, value, value_max, unit), ...])
CASES = [
    ("- Trên 85% hộ gia đình đạt danh hiệu “Gia đình học tập”.", [(">", 85, None, "%")]),
    ("- Phấn đấu 100% xã, thị trấn có Trung tâm học tập cộng đồng hoạt động hiệu quả.", [(">=", 100, None, "%")]),
    ("- 100% cán bộ hội được bồi dưỡng nghiệp vụ.", [("=", 100, None, "%")]),
    ("- Có từ 65% thôn trở lên đạt danh hiệu “Cộng đồng học tập”.", [(">=", 65, None, "%")]),
    ("- 75% trở lên chi hội xếp loại tốt.", [(">=", 75, None, "%")]),
    ("Giảm tỷ lệ học sinh bỏ học xuống dưới 2%.", [("<", 2, None, "%")]),
    ("Tỷ lệ học sinh lưu ban không quá 1,5%.", [("<=", 1.5, None, "%")]),
    ("Không dưới 90% học sinh được tham gia câu lạc bộ.", [(">=", 90, None, "%")]),
    ("Tổ chức tối thiểu 20 lớp tập huấn cho hội viên.", [(">=", 20, None, "lớp")]),
    ("Xây dựng thêm 3 thư viện trở lên ở các xã vùng cao.", [(">=", 3, None, "thư viện")]),
    ("Phát triển ít nhất 2.000 hội viên mới.", [(">=", 2000, None, "hội viên")]),
    ("Mỗi xã mở 12 lớp học trở lên về chuyên đề nông nghiệp.", [(">=", 12, None, "lớp học")]),
    ("Thành lập từ 3 đến 5 câu lạc bộ đọc sách.", [("range", 3, 5, "câu lạc bộ")]),
    ("Phấn đấu đạt 30.000 đồng/hội viên/năm.", [(">=", 30000, None, "đồng/hội viên/năm")]),
    ("Phấn đấu đạt chỉ tiêu 40.000đ/1 học sinh.", [(">=", 40000, None, "đồng/học sinh")]),
    ("Huy động quỹ khuyến học đạt 14,2 tỷ đồng.", [(">=", 14.2, None, "tỷ đồng")]),
    ("phấn đấu mỗi chi hội có ít nhất hai người là cộng tác viên.", [(">=", 2, None, "người")]),
    ("Đạt trên 98% trẻ 5 tuổi được đến trường.", [(">", 98, None, "%")]),
    ("- 100% trường học có tủ sách, trong đó 40% đạt chuẩn.", [("=", 100, None, "%"), ("=", 40, None, "%")]),
    ("Từ 70% đến 80% gia đình đạt danh hiệu.", [("range", 70, 80, "%")]),
    ("Tăng ít nhất 5% số hội viên so với năm 2022.", [(">=", 5, None, "%")]),
    ("Tỷ lệ trẻ 5 tuổi ra lớp đạt 99,5%.", [(">=", 99.5, None, "%")]),
    ("Các xã đạt chuẩn phổ cập và 100% thôn có nhà văn hóa.", [("=", 100, None, "%")]),
    # OCR noise in figures
    ("- l00% xã có Trung tâm học tập cộng đồng.", [("=", 100, None, "%")]),
    ("- Trên 9O% hộ gia đình đạt danh hiệu.", [(">", 90, None, "%")]),
    ("- 100 % trường học tổ chức Tuần lễ.", [("=", 100, None, "%")]),
    # negative rows: figures that are not goals
    ("Kỷ niệm 27 năm ngày thành lập Hội Khuyến học Việt Nam.", []),
    ("Tiếp tục thực hiện 02 Chương trình phối hợp.", []),
    ("Triển khai 10 nhiệm vụ trọng tâm giai đoạn 2021-2026.", []),
    ("Điện thoại: 0243.8779199; email: abc@xyz.vn", []),
    ("Căn cứ Quyết định số 489/QĐ-TTg ngày 08/4/2020 của Thủ tướng Chính phủ.", []),
    ("Năm 2022 toàn huyện đã có 95% hộ gia đình đạt danh hiệu.", []),
    ("Năm 2022, toàn huyện có 95% hộ gia đình đạt danh hiệu.", []),
    ("1. Mục đích", []),
    ("- Lưu: VT, HKH(25).", []),
    ("Kinh phí thực hiện: 5.000.000 đồng.", []),
    ("Chọn 5 cá nhân tiêu biểu để biểu dương.", []),
    ("Tổ chức tại một số xã trên địa bàn.", []),
    ("Ông có trên 10 năm công tác khuyến học.", []),
    ("Hội nghị Trung ương 8 khóa XI.", []),
    ("Sơ kết hoạt động 6 tháng đầu năm 2023.", []),
    ("Thời gian: từ ngày 01 đến 31/10/2023.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_targets(text, expected):
    got = run(text)
    assert [(t.comparator, t.value, t.value_max, t.unit) for t in got] == [
        (c, pytest.approx(v), None if vm is None else pytest.approx(vm), u) for c, v, vm, u in expected]


def test_text_metric_provenance():
    s = "B. CÁC CHỈ TIÊU CƠ BẢN:\n- Trên 85% hộ gia đình đạt danh hiệu “Gia đình học tập”;\n- 60% dòng họ đạt danh hiệu."
    text = Text.from_string(s)
    got = parse_targets(text, CTX)
    assert [t.text for t in got] == ["Trên 85% hộ gia đình đạt danh hiệu “Gia đình học tập”",
                                    "60% dòng họ đạt danh hiệu"]
    assert got[0].metric == "hộ gia đình đạt danh hiệu “Gia đình học tập”"
    assert {t.section for t in got} == {"B. CÁC CHỈ TIÊU CƠ BẢN"}
    for t in got:
        start, end = t.provenance.span
        assert " ".join(text.text[start:end].split()) == t.text
        assert t.provenance.page == 1


def test_clause_runs_over_a_line_break():
    got = run("Duy trì kết quả phổ cập. Huy động trên\n\n90% trẻ khuyết tật đi học.")
    assert len(got) == 1
    assert got[0].text == "Huy động trên 90% trẻ khuyết tật đi học"
    assert got[0].comparator == ">"


def test_goal_text_starts_at_goal_verb_mid_clause():
    got = run("Vận động nhân dân ủng hộ quỹ, phấn đấu đạt 30.000 đồng/người/năm (kể cả quỹ dòng họ).")
    assert [t.text for t in got] == ["phấn đấu đạt 30.000 đồng/người/năm"]


def test_due_date_of_goal():
    got = run("Đến năm 2025, 100% xã có Trung tâm học tập cộng đồng.")
    assert got[0].due == date(2025, 12, 31)
    assert run("- 100% các trường tổ chức Tuần lễ học tập năm 2023.")[0].due is None
    assert run("Phấn đấu trong năm 2024 có 100% xã đạt chuẩn.")[0].due == date(2024, 12, 31)
    assert run("Phấn đấu đạt chuẩn phổ cập cho 95% người lao động vào năm 2010.")[0].due == date(2010, 12, 31)
    assert run("Trước 30/6/2024, 100% trường có kế hoạch.")[0].due == date(2024, 6, 30)


def test_list_intro_verb_does_not_reach_the_bullets():
    got = run("Phấn đấu:\n- 100% xã đạt chuẩn.\n- 50% thôn xếp loại tốt.")
    assert [t.comparator for t in got] == ["=", "="]


def test_clauses_cut_points():
    t = "- Trên 70% hộ; 50% dòng họ. Có từ 60% TDP (trong đó 10% tốt)"
    assert [t[s:e].strip() for s, e in clauses(t)] == [
        "- Trên 70% hộ", "50% dòng họ.", "Có từ 60% TDP", "trong đó 10% tốt"]


def test_cue_vocabulary_is_clean():
    with (DATA_DIR / "target_cues.toml").open("rb") as fh:
        data = tomllib.load(fh)
    assert set(data["comparators"]) == {">", ">=", "<", "<="}
    assert set(data["after"]) <= {">=", "<="}
    assert set(data) == {"comparators", "after", "goal", "not_goal", "count_stop", "sections", "table"}
    words = [w for table in data.values() for ws in table.values() for w in ws]
    assert len(words) > 150
    for w in words:
        assert w == unicodedata.normalize("NFC", w) == w.lower() == w.strip() and w, repr(w)
    assert not set(data["goal"]["verbs"]) & set(data["goal"]["near"])
    # a word cannot both start a comparator and be a stop word of units
    flat = {w: cmp for cmp, ws in data["comparators"].items() for w in ws}
    assert len(flat) == sum(len(ws) for ws in data["comparators"].values()), "duplicate comparator cue"


@pytest.mark.parametrize("s,expected", [
    # under a goal heading a bare count is a goal …
    ("2. Chỉ tiêu cụ thể\n- Tổ chức 24 lớp bồi dưỡng kỹ năng số.", [("=", 24, "lớp")]),
    ("II. MỤC TIÊU\n1. Mục tiêu cụ thể\n- Xây dựng 15 tủ sách cộng đồng.", [("=", 15, "tủ sách")]),
    # … but not a detail of another figure, nor a count of documents or durations
    ("2. Chỉ tiêu\n- Trên 95% trẻ mẫu giáo được học 2 buổi/ngày.", [(">", 95, "%")]),
    ("2. Chỉ tiêu\n- Triển khai 02 Chương trình phối hợp.", []),
    # elsewhere a bare count is not a goal
    ("III. NHIỆM VỤ\n- Tổ chức 24 lớp bồi dưỡng kỹ năng số.", []),
    # under a reporting heading figures report the past …
    ("I. KẾT QUẢ THỰC HIỆN NĂM 2023\n- Toàn huyện có 92% hộ đạt danh hiệu.", []),
    ("I. ĐÁNH GIÁ KẾT QUẢ NĂM HỌC 2022-2023\nTỷ lệ học sinh lên lớp đạt 99,2%.", []),
    ("Năm 2023, tỷ lệ học sinh lên lớp đạt 99,2%.", []),
    ("5. Kinh phí thực hiện\n- Ngân sách hỗ trợ 70%, xã hội hóa 30%.", []),
    # … unless a goal verb says otherwise
    ("I. KẾT QUẢ THỰC HIỆN NĂM 2023\n- Năm 2024 phấn đấu 95% hộ đạt danh hiệu.", [(">=", 95, "%")]),
])
def test_section_rules(s, expected):
    got = run(s, ParseContext(year=2024))
    assert [(t.comparator, t.value, t.unit) for t in got] == expected


def test_section_is_the_nearest_heading():
    got = run("II. MỤC TIÊU\n1. Mục tiêu cụ thể\n- 100% xã đạt chuẩn.\n2. Nhiệm vụ\n- 90% thôn có nhà văn hóa.")
    assert [t.section for t in got] == ["1. Mục tiêu cụ thể", "2. Nhiệm vụ"]


def _table_text(rows, heading="2. Chỉ tiêu cụ thể"):
    from vanban.extractor.text import Cell, Table, TextBuilder

    b = TextBuilder()
    b.start_page(source="docx")
    b.add_line(heading)
    for r in rows:
        b.add_line("\t".join(r))
    b.add_table(Table(page=1, rows=[[Cell(x) for x in r] for r in rows], source="docx"))
    return b.build()


def test_indicator_table():
    text = _table_text([
        ["TT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện năm 2023", "Kế hoạch năm 2024"],
        ["1", "Tỷ lệ trẻ 5 tuổi ra lớp", "%", "98,5", "≥ 99"],
        ["2", "Số lớp bồi dưỡng kỹ năng số", "lớp", "20", "24"],
        ["3", "Quỹ khuyến học", "triệu đồng", "300", "350"],
        ["4", "Ghi chú", "", "", ""],
    ])
    got = parse_targets(text, CTX)
    assert [(t.text, t.comparator, t.value, t.unit) for t in got] == [
        ("Tỷ lệ trẻ 5 tuổi ra lớp", ">=", 99, "%"),
        ("Số lớp bồi dưỡng kỹ năng số", "=", 24, "lớp"),
        ("Quỹ khuyến học", "=", 350, "triệu đồng"),
    ]
    for t in got:  # provenance covers the row's metric and value cells
        s, e = t.provenance.span
        assert text.text[s:e].startswith(t.text)


def test_timetable_is_not_an_indicator_table():
    text = _table_text([
        ["TT", "Nội dung", "Thời gian dự kiến", "Đơn vị thực hiện"],
        ["1", "Tổ chức 3 lớp tập huấn", "Quý I/2024", "Phòng GD&ĐT"],
        ["2", "Sơ kết 6 tháng", "Tháng 7/2024", "Hội Khuyến học"],
    ], heading="IV. TỔ CHỨC THỰC HIỆN")
    assert parse_targets(text, CTX) == []


def test_goal_cue_on_the_line_before_a_wrapped_figure():
    """A wrapped line may start with a figure written with a thousands dot: it goes on
    the sentence above (it is not a numbered heading "25.")."""
    from vanban.extractor.parsers.targets import clauses

    t = ("Tiếp tục huy động các nhà hảo tâm đóng góp quỹ khuyến học. Phấn đấu đạt chỉ tiêu\n"
         "25.000đ/1 người dân\n2.1 Nội dung khác\n")
    assert [t[s:e].strip() for s, e in clauses(t)][1:] == [
        "Phấn đấu đạt chỉ tiêu\n25.000đ/1 người dân", "2.1 Nội dung khác"]


@pytest.mark.parametrize("title, doc_type, body, values", [
    # a price list, a product's composition, damage figures: not goals
    ("Giá dịch vụ khám bệnh tại Bệnh viện tỉnh", "quyet_dinh",
     "Bỏng độ 3 trên 70% diện tích cơ thể: 440.400 đồng/lần.\n", []),
    ("Về kết quả xác định trước mã số", "thong_bao", "Thành phần: thiếc 97,8%, bạc 2,2%.\n", []),
    ("Về ứng phó bão số 3", "cong_dien", "Bão làm trên 80.000 ha lúa bị thiệt hại.\n", []),
    ("Về cải cách thủ tục hành chính", "cong_dien", "Tỷ lệ hồ sơ trực tuyến đạt 62,8%.\n", []),
    # what the text calls a goal is one in any document
    ("Về thúc đẩy tăng trưởng", "cong_dien", "Phấn đấu tăng trưởng năm 2025 trên 8%.\n", [8.0]),
    # ... but not an intention stated in passing, outside a plan
    ("Kết luận của Chủ tịch tại cuộc họp", "thong_bao",
     "Các đơn vị quyết tâm hoàn thành mục tiêu giải ngân 100% kế hoạch vốn được giao.\n", []),
    # a decision issuing a plan holds the plan's goals
    ("Ban hành Kế hoạch phát triển du lịch năm 2025", "quyet_dinh",
     "Trên 70% cơ sở lưu trú đạt chuẩn.\n", [70.0]),
    ("Phát triển du lịch năm 2025", "ke_hoach", "Trên 70% cơ sở lưu trú đạt chuẩn.\n", [70.0]),
    ("Về việc giao chỉ tiêu phát triển du lịch năm 2025", "quyet_dinh",
     "Trên 70% cơ sở lưu trú đạt chuẩn.\n", [70.0]),
])
def test_outside_a_plan_only_what_the_text_calls_a_goal_is_a_target(tmp_path, title, doc_type,
                                                                   body, values):
    from vanban.extractor import extract

    heading = {"quyet_dinh": "QUYẾT ĐỊNH", "thong_bao": "THÔNG BÁO", "cong_dien": "CÔNG ĐIỆN",
               "ke_hoach": "KẾ HOẠCH"}[doc_type]
    path = tmp_path / "doc.txt"
    path.write_text(f"ỦY BAN NHÂN DÂN\nTỈNH BÌNH MINH\nSố: 5/XX-UBND\n"
                    f"Bình Minh, ngày 05 tháng 3 năm 2025\n{heading}\n{title}\n{body}",
                    encoding="utf-8")
    result = extract(path)
    assert result.document.doc_type == doc_type
    assert [t.value for t in result.targets] == values
