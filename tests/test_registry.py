"""The registry: built from the packaged CSV into a temp home, user imports, matching,
and the replaceable resolver."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from vanban.extractor import registry as reg_mod
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.references import parse_references
from vanban.extractor.pipeline import extract_text
from vanban.extractor.registry import Registry, RegistryError, RegistryResolver
from vanban.extractor.text import Text
from vanban.models import Source


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_HOME", str(tmp_path / "home"))
    reg_mod.default_registry.cache_clear()
    yield tmp_path / "home"
    reg_mod.default_registry.cache_clear()


@pytest.fixture
def registry(home):
    return Registry()


def test_base_catalogue_is_built_into_the_cache_once(home):
    Registry().entries()
    built = list((home / "cache").glob("registry-base-*.sqlite"))
    assert len(built) == 1
    mtime = built[0].stat().st_mtime_ns
    assert len(Registry().entries()) >= 90
    assert built[0].stat().st_mtime_ns == mtime  # reused, not rebuilt


def test_packaged_csv_rows_are_valid():
    rows = reg_mod.read_rows_text(
        (Path(reg_mod.__file__).parents[1] / "data" / "legal_documents.csv").read_text("utf-8"))
    codes = [r.code for r in rows]
    assert len(codes) == len(set(codes))
    for r in rows:
        if r.replaced_by:
            assert r.status in ("replaced", "expired")


@pytest.mark.parametrize("spelling", ["11-CT/TW", "11/CT-TW", "44/2014/TT-BGD&ĐT",
                                      "489/QD-TTG", "30/2020/NĐ-CP"])
def test_get_accepts_any_spelling(registry, spelling):
    assert registry.get(spelling) is not None


def test_get_unknown(registry):
    assert registry.get("999/KH-XYZ") is None


def test_list_filters(registry):
    replaced = registry.list(status="replaced")
    assert {e.code for e in replaced} >= {"110/2004/NĐ-CP", "38/2005/QH11"}
    assert all(e.status == "replaced" for e in replaced)
    moet = registry.list(issuer="Bộ Giáo dục và Đào tạo", doc_type="thong_tu")
    assert moet and all(e.doc_type == "thong_tu" for e in moet)


def test_import_csv_and_jsonl_into_the_user_catalogue(home, tmp_path):
    csv_file = tmp_path / "more.csv"
    csv_file.write_text("code,doc_type,number,symbol,issuer,issue_date,status\n"
                        "12/KH-UBND,ke_hoach,12,KH-UBND,UBND tỉnh X,2021-03-01,unknown\n",
                        encoding="utf-8")
    jsonl = tmp_path / "more.jsonl"
    jsonl.write_text(json.dumps({"code": "11-CT/TW", "doc_type": "chi_thi", "number": "11",
                                 "symbol": "CT/TW", "issuer": "Bộ Chính trị",
                                 "issue_date": "2007-04-13", "status": "in_force"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    r = Registry()
    assert r.import_file(csv_file) == 1 and r.import_file(jsonl) == 1
    assert (home / "registry.sqlite").exists()
    fresh = Registry()
    assert fresh.get("12/KH-UBND").source == "user"
    assert fresh.get("11-CT/TW").status == "in_force"  # the user row overrides the base row


@pytest.mark.parametrize("name,content,reason", [
    ("a.csv", "number,doc_type\n1,ke_hoach\n", "no 'code' column"),
    ("b.csv", "code,issue_date\n1/KH-A,13/4/2007\n", "is not YYYY-MM-DD"),
    ("c.csv", "code,status\n1/KH-A,valid\n", "status must be one of"),
    ("d.csv", "code,doc_type\n1/KH-A,memo\n", "unknown doc_type"),
    ("e.jsonl", "{not json}\n", "invalid JSON"),
    ("f.txt", "code\n", ".csv or .jsonl"),
])
def test_import_rejects_bad_files(home, tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        Registry().import_file(path)
    assert reason in str(exc.value) and "\n" not in str(exc.value)


def resolve(s: str, registry: Registry):
    return RegistryResolver(registry)(parse_references(Text.from_string(s), ParseContext()))


def test_resolver_fills_the_year_and_says_so(registry):
    (ref,) = resolve("Thực hiện Thông tư 44/TT-BGD&ĐT về đánh giá", registry)
    assert ref.code == "44/2014/TT-BGDĐT" and ref.year == "2014"
    assert ref.registry.matched and "year" in ref.registry.filled
    assert ref.date == date(2014, 12, 12) and "date" in ref.registry.filled


def test_resolver_number_only_by_type_word(registry):
    (ref,) = resolve("thực hiện tốt Chương trình 387 về học tập suốt đời", registry)
    assert (ref.doc_type, ref.number, ref.code) == ("chuong_trinh", "387", "387/QĐ-TTg")
    assert ref.issuer == "Thủ tướng Chính phủ" and ref.registry.score < 1


def test_resolver_does_not_guess(registry):
    (ref,) = resolve("Thực hiện Kế hoạch số 999/KH-UBND ngày 01/02/2020", registry)
    assert ref.registry.matched is False and ref.code == "999/KH-UBND"
    (ref,) = resolve("theo Quyết định 1 về việc", registry)  # no entry numbered 1
    assert ref.registry.matched is False and ref.symbol is None
    # 25/2020 and 22/2020 are both real circulars: a number is never fuzzy-matched
    (ref,) = resolve("theo Thông tư số 23/2020/TT-BGDĐT", registry)
    assert ref.registry.matched is False


@pytest.mark.parametrize("text,issuer", [
    ("theo Quyết định số 999/QĐ-TTg", "Thủ tướng Chính phủ"),  # unknown: from the symbol
    ("theo Nghị quyết số 99-NQ/TW", "Ban Chấp hành Trung ương Đảng"),
    ("theo Kế hoạch số 999/KH-UBND", "Ủy ban nhân dân"),
    ("theo Kế hoạch số 999/KH-XYZ", None),  # an unknown body names nobody
    ("theo Quyết định số 489/QĐ-TTg", "Thủ tướng Chính phủ"),  # known: from the registry
])
def test_issuer_fallbacks(registry, text, issuer):
    (ref,) = resolve(text, registry)
    assert ref.issuer == issuer


@pytest.mark.parametrize("text,matched", [
    # a local plan: the place or the date must confirm it
    ("theo Kế hoạch số 102/KH-UBND ngày 09/5/2022 của UBND tỉnh Đắk Lắk", True),
    ("theo Kế hoạch số 102/KH-UBND của UBND tỉnh Đắk Lắk", True),
    ("theo Kế hoạch số 102/KH-UBND ngày 09/5/2022", True),
    ("theo Kế hoạch số 102/KH-UBND của UBND tỉnh Vĩnh Phúc", False),
    ("theo Kế hoạch số 102/KH-UBND", False),
    ("theo Chỉ thị số 04-CT/TU của Thành ủy thành phố Hồ Chí Minh", True),
])
def test_local_documents_need_their_place_or_date(registry, text, matched):
    (ref,) = resolve(text, registry)
    assert ref.registry.matched is matched


def test_a_fully_written_code_is_never_fuzzy_matched(registry):
    # one letter too many is another code, not this document
    (ref,) = resolve("theo Thông tư số 22/2020/TT-BGDĐTT ngày 06/8/2020", registry)
    assert not ref.registry.matched and ref.code == "22/2020/TT-BGDĐTT"
    # a decree of another type and year is not the resolution of the same number
    (ref,) = resolve("theo Nghị định số 08/2015/NĐ-CP ngày 22/01/2015", registry)
    assert not ref.registry.matched or ref.registry.code == "08/2015/NĐ-CP"


def resolve_ocr(s: str, registry: Registry):
    text = Text.from_string(s, source="ocr")
    return RegistryResolver(registry)(parse_references(text, ParseContext()))


def test_ocr_look_alike_is_a_repair_in_provenance(registry):
    (ref,) = resolve_ocr("theo Quyết định số 489/QĐ-TTq ngày 08/4/2020", registry)
    assert ref.registry.matched and ref.registry.code == "489/QĐ-TTg" and ref.registry.score < 0.9
    assert ref.code == "489/QĐ-TTg" and "symbol" in ref.registry.filled
    assert "QĐ-TTq -> QĐ-TTg" in ref.mentions[0].provenance.repairs


def test_born_digital_deviation_keeps_its_writing(registry):
    (ref,) = resolve("theo Quyết định số 489/QĐ-TTq ngày 08/4/2020", registry)
    assert ref.registry.matched and ref.registry.code == "489/QĐ-TTg"
    assert ref.code == "489/QĐ-TTq" and "symbol" not in ref.registry.filled
    # an issuer abbreviation cut short: read against the authority abbreviations
    # (issuers.toml), it is the registry's document, written non-standard
    (ref,) = resolve("theo Thông tư số 22/2020/TT-BGD ngày 06/8/2020", registry)
    assert ref.registry.matched and ref.registry.code == "22/2020/TT-BGDĐT"
    from vanban.extractor.parsers.reference_checks import check_references

    found = {f.code: f for f in check_references([ref], ParseContext())}
    assert set(found) == {"REF_NONSTANDARD_FORMAT"} and "“BGDĐT”" in found["REF_NONSTANDARD_FORMAT"].message


def test_several_documents_of_one_code_are_ambiguous(home, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "code,doc_type,number,symbol,scope,issuer,issue_date,status\n"
        "45/KH-UBND,ke_hoach,45,KH-UBND,Tỉnh A,UBND tỉnh A,2021-03-01,in_force\n"
        "45/KH-UBND,ke_hoach,45,KH-UBND,Tỉnh A,UBND tỉnh A,2022-04-02,in_force\n"
        "45/KH-UBND,ke_hoach,45,KH-UBND,Tỉnh B,UBND tỉnh B,2021-05-06,in_force\n",
        encoding="utf-8")
    r = Registry()
    r.import_file(rows)
    assert len(r.find("45/KH-UBND")) == 3 and r.get("45/KH-UBND") is None
    res = RegistryResolver(r)
    text = "Thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh A;"
    (ref,) = res(parse_references(Text.from_string(text), ParseContext()))
    assert not ref.registry.matched and ref.review.reasons[0].code == "ambiguous"
    assert "2021-03-01" in ref.review.reasons[0].message and "2022-04-02" in ref.review.reasons[0].message
    # the date written picks one
    (ref,) = res(parse_references(Text.from_string(
        "Thực hiện Kế hoạch số 45/KH-UBND ngày 02/4/2022 của UBND tỉnh A;"), ParseContext()))
    assert ref.registry.matched and ref.registry.issue_date == date(2022, 4, 2)
    # no issuer written: the citing document's place and year fill it in
    ctx = ParseContext(issuer="Sở Giáo dục và Đào tạo tỉnh B", year=2021)
    (ref,) = res(parse_references(Text.from_string("Thực hiện Kế hoạch số 45/KH-UBND;"), ctx), ctx)
    assert ref.registry.matched and ref.registry.issue_date == date(2021, 5, 6)
    ctx = ParseContext(issuer="Sở Giáo dục và Đào tạo tỉnh A", year=2021)
    (ref,) = res(parse_references(Text.from_string("Thực hiện Kế hoạch số 45/KH-UBND;"), ctx), ctx)
    assert ref.registry.matched and ref.registry.issue_date == date(2021, 3, 1)
    # "của UBND tỉnh": the citing body's province
    (ref,) = res(parse_references(Text.from_string(
        "Thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh;"), ctx), ctx)
    assert ref.registry.matched and ref.registry.issue_date == date(2021, 3, 1)
    # a province named in the citation is not overridden by the citing body's
    (ref,) = res(parse_references(Text.from_string(
        "Thực hiện Kế hoạch số 45/KH-UBND của UBND tỉnh B;"), ctx), ctx)
    assert ref.registry.matched and ref.registry.issue_date == date(2021, 5, 6)


def test_law_by_name_and_date(registry):
    (ref,) = resolve("Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
                     registry)
    assert ref.number is None and ref.registry.matched
    assert ref.registry.code == "Luật Tổ chức chính quyền địa phương 2015"


def test_resolver_is_replaceable(home):
    seen = []

    def fake(refs):
        seen.extend(r.code for r in refs)
        return refs

    text = Text.from_string("Căn cứ Quyết định số 489/QĐ-TTg ngày 08/4/2020;")
    result = extract_text(text, source=Source(file="x.txt"), resolver=fake)
    assert seen == ["489/QĐ-TTg"] and result.references[0].registry is None


def test_unwritable_cache_falls_back_to_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("VANBAN_HOME", str(blocker))  # cache and user paths cannot be made
    r = Registry()
    assert r.get("11-CT/TW") is not None


@pytest.mark.parametrize("name,content,reason", [
    ("semi.csv", "code;number\n1/KH-A;1\n", "columns found: code;number"),
    ("quote.csv", 'code,number\n"1/KH-A,1\n', "not CSV"),
    ("wide.csv", "code,number\n1/KH-A,1,extra\n", "3 fields, the header has 2"),
    ("latin.csv", None, "not UTF-8"),
])
def test_wrong_csv_is_one_clear_line(home, tmp_path, name, content, reason):
    path = tmp_path / name
    if content is None:  # bytes that are not UTF-8
        path.write_bytes(b"code\n1/KH-\xd0\xff\n")
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RegistryError) as exc:
        Registry().import_file(path)
    assert reason in str(exc.value) and "\n" not in str(exc.value) and name in str(exc.value)


def test_packaged_registry_has_the_public_rows_under_the_checked_ones(registry):
    stats = registry.stats()
    assert stats["documents"] > 4000 and stats["codes_naming_several_documents"] > 100
    # a hand-checked row wins over a public row of the same document
    assert registry.get("11-CT/TW").source == "base"
    assert len(registry.find("11-CT/TW")) == 1


def test_registry_stats_command(home, capsys):
    from vanban.extractor.cli import main

    assert main(["registry", "stats", "--format", "json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["documents"] == sum(stats["by_source"].values())
    assert main(["registry", "stats"]) == 0
    assert "Số văn bản" in capsys.readouterr().out


def test_pipeline_passes_the_citing_documents_context(home, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "code,doc_type,number,symbol,scope,issuer,issue_date,status\n"
        "45/KH-UBND,ke_hoach,45,KH-UBND,Tỉnh A,UBND tỉnh A,2021-03-01,in_force\n"
        "45/KH-UBND,ke_hoach,45,KH-UBND,Tỉnh B,UBND tỉnh B,2021-05-06,in_force\n",
        encoding="utf-8")
    r = Registry()
    r.import_file(rows)
    text = Text.from_string(
        "ỦY BAN NHÂN DÂN\nTỈNH B\nSố: 7/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nTỉnh B, ngày 10 tháng 8 năm 2021\nKẾ HOẠCH\nVề việc X\n"
        "Thực hiện Kế hoạch số 45/KH-UBND;\n")
    result = extract_text(text, source=Source(file="x.txt"), resolver=RegistryResolver(r))
    (ref,) = result.references
    assert ref.registry.matched and ref.registry.issue_date == date(2021, 5, 6)


def test_ocr_inserted_letter_in_the_issuer_part(registry):
    # scanners insert or drop a letter; on OCR'd text that is repaired, on born-digital
    # text it is another code (unknown)
    (ref,) = resolve_ocr("Thực hiện Thông tư 44/TT-BGDKĐT về đánh giá", registry)
    assert ref.registry.matched and ref.code == "44/2014/TT-BGDĐT"
    assert "TT-BGDKĐT -> TT-BGDĐT" in ref.mentions[0].provenance.repairs
    (ref,) = resolve("Thực hiện Thông tư 44/TT-BGDKĐT về đánh giá", registry)
    assert not ref.registry.matched and ref.code == "44/TT-BGDKĐT"
    # never another number or type, even on a scan
    (ref,) = resolve_ocr("Thực hiện Thông tư 45/TT-BGDKĐT về đánh giá", registry)
    assert not ref.registry.matched
