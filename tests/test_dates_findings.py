"""DATE_INVALID and PERCENT_OUT_OF_RANGE (extractor.parsers.plan_findings.value_findings)."""
from __future__ import annotations

import pytest

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.plan_findings import value_findings
from vanban.extractor.parsers.targets import parse_targets
from vanban.extractor.text import Text
from vanban.models import Finding

CTX = ParseContext(year=2021)


def findings_for(s: str, ctx: ParseContext = CTX, known=()):
    text = Text.from_string(s)
    return text, value_findings(text, parse_targets(text, ctx), ctx, known=list(known))


@pytest.mark.parametrize("s,codes", [
    ("Báo cáo gửi trước ngày 31/02/2021.", ["DATE_INVALID"]),
    ("Hạn nộp: ngày 31 tháng 4 năm 2021.", ["DATE_INVALID"]),
    ("Tổ chức từ ngày 30/02/2021 đến 05/3/2021.", ["DATE_INVALID"]),
    ("Ngày 29/02/2021 và ngày 30/02/2021.", ["DATE_INVALID", "DATE_INVALID"]),
    ("- Phấn đấu 120% hộ gia đình đạt danh hiệu.", ["PERCENT_OUT_OF_RANGE"]),
    ("- Từ 90% đến 110% xã đạt chuẩn.", ["PERCENT_OUT_OF_RANGE"]),
    # a percentage of something else may be more than 100
    ("- Kinh phí được tính bằng 130% đơn giá.", []),
    ("- Phấn đấu thu ngân sách tăng 120% so với năm trước.", []),
    # negative rows
    ("Hà Nội, ngày 29 tháng 02 năm 2024.", []),
    ("Báo cáo trước ngày 28/02/2021.", []),
    ("- 100% xã có Trung tâm học tập cộng đồng.", []),
    ("Quyết định số 31/2021/QĐ-UBND.", []),
    ("", []),
])
def test_value_findings(s, codes):
    text, got = findings_for(s)
    assert [f.code for f in got] == codes
    for f in got:
        assert f.provenance is not None
        start, end = f.provenance.span
        assert text.text[start:end].strip()


def test_invalid_date_span_and_severity():
    text, got = findings_for("Nộp báo cáo trước ngày 31/02/2021.")
    (f,) = got
    assert f.severity == "error"
    assert text.text[f.provenance.span[0]:f.provenance.span[1]] == "ngày 31/02/2021"


def test_not_reported_twice_when_a_citation_check_already_did():
    s = "Căn cứ Quyết định số 12/QĐ-UBND ngày 31/02/2021 của UBND tỉnh."
    text = Text.from_string(s)
    start = s.index("Quyết định")
    end = s.index(" của")
    earlier = Finding(code="DATE_INVALID", severity="error", message="…",
                      provenance=text.provenance(start, end))
    _, got = findings_for(s, known=[earlier])
    assert got == []


def test_percent_over_100_only_in_documents_that_schedule_work():
    s = "- Phấn đấu 120% hộ gia đình đạt danh hiệu."
    plan = ParseContext(year=2021, doc_type="ke_hoach")
    decision = ParseContext(year=2021, doc_type="quyet_dinh")
    assert [f.code for f in findings_for(s, plan)[1]] == ["PERCENT_OUT_OF_RANGE"]
    assert findings_for(s, decision)[1] == []
