"""Reference checks that must not accuse a document of what is right in it (negative
rows) and that still catch what is wrong (positive rows); one row per rule of writing."""
from __future__ import annotations

from datetime import date

import pytest

from vanban.extractor import registry as reg_mod
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.reference_checks import RULES, check_references
from vanban.extractor.parsers.references import canonical_code, find_citations, parse_references
from vanban.extractor.registry import Registry, RegistryResolver
from vanban.extractor.text import Text


@pytest.fixture(scope="module")
def resolver(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("VANBAN_HOME", str(tmp_path_factory.mktemp("home")))
    reg_mod.default_registry.cache_clear()
    yield RegistryResolver(Registry())
    mp.undo()
    reg_mod.default_registry.cache_clear()


def codes(s: str, resolver) -> set[str]:
    ctx = ParseContext(issue_date=date(2026, 3, 10), year=2026)
    refs = resolver(parse_references(Text.from_string(s), ctx), ctx)
    return {f.code for f in check_references(refs, ctx)} - {"REF_UNKNOWN"}


@pytest.mark.parametrize("text,expected", [
    # a signer's position before the body is not another issuer
    ("Căn cứ Thông tư số 02/2027/TT-VPCP ngày 01/01/2026 của Bộ trưởng, Chủ nhiệm Văn "
     "phòng Chính phủ;", set()),
    ("Căn cứ Thông tư số 14/2027/TT-BTC ngày 01/01/2026 của Bộ trưởng Bộ Tài chính;", set()),
    ("Căn cứ Thông tư số 14/2027/TT-BTC ngày 01/01/2026 của Bộ trưởng Bộ Nội vụ;",
     {"REF_ISSUER_MISMATCH"}),
    # the drafting unit of an official letter is no authority abbreviation
    ("Thực hiện Công văn số 1604/TTg-KTN ngày 01/01/2026 của Thủ tướng Chính phủ;", set()),
    # a Party official letter in the Party form is standard; the state form is not
    ("Thực hiện Công văn số 9151-CV/BTCTW ngày 01/01/2026;", set()),
    ("Thực hiện Công văn số 9151/CV-BTCTW ngày 01/01/2026;", {"REF_NONSTANDARD_FORMAT"}),
    # a People's Council resolution without a year may be an individual one
    ("Căn cứ Nghị quyết số 913/NQ-HĐND ngày 01/01/2026 của HĐND tỉnh;", set()),
    ("Căn cứ Thông tư số 913/TT-BTC ngày 01/01/2026 của Bộ Tài chính;", {"REF_MISSING_YEAR"}),
    # "ngày" doubled before the date, figures that are no date: not "no date"
    ("Căn cứ Nghị định số 913/2025/NĐ-CP ngày ngày 08 tháng 6 năm 2025 của Chính phủ;", set()),
    ("Căn cứ Nghị định số 913/2025/NĐ-CP ngày\n09/6/20205 của Chính phủ;", set()),
    ("Căn cứ Nghị định số 913/2025/NĐ-CP ngày tháng 6 năm 2025 của Chính phủ;",
     {"REF_DATE_MISSING"}),
])
def test_rules_of_writing(resolver, text, expected):
    assert codes(text, resolver) == expected


def test_unreadable_date_is_a_review(resolver):
    (ref,) = parse_references(Text.from_string(
        "Căn cứ Nghị định số 913/2025/NĐ-CP ngày\n09/6/20205 của Chính phủ;"), ParseContext())
    assert ref.date is None and ref.review.reasons[0].code == "garbled"
    assert "09/6/20205" in ref.review.reasons[0].message


def test_every_rule_is_in_the_table():
    from vanban.extractor.parsers.references import checks

    for rule in RULES:
        assert f":func:`{rule.__name__}`" in checks.__doc__


@pytest.mark.parametrize("written,code,party", [
    ("9151-CV/BTCTW", "9151-CV/BTCTW", True),
    ("1604/TTg-KTN", "1604/TTg-KTN", False),
    ("44/2014/TT-BGD", "44/2014/TT-BGDĐT", False),
    ("44/20l4/TT-BGDĐT", "44/2014/TT-BGDĐT", False),
])
def test_codes(written, code, party):
    info = canonical_code(written)
    assert (info.code, info.party) == (code, party)


def test_own_number_under_so_is_not_cited():
    s = "UBND\n|\nSố:\n79/2025/KH-UBND\n|\nCăn cứ Kế hoạch số 12/KH-UBND;"
    assert [c.number for c in find_citations(s)] == ["12"]
