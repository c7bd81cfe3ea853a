"""A planted-defect set for the compliance checks, generated from the packaged registry.

Each case is a whole document (header, body with citations, end matter) built from a
template, with at most one planted defect, and the findings it must raise — exactly
those: a finding not expected is a false alarm. Kinds:

- ``clean``: controls citing registry documents correctly (nothing expected);
- ``replaced``: a replaced / expired document relied on after it lapsed;
- ``wrong_date``: the citation's date is not the registry's;
- ``future``: the citation is dated after the citing document;
- ``malformed``: the number/symbol against the rules (Party form, ``&``, a cut-short
  authority abbreviation);
- ``missing_date``: ``ngày`` with no date; ``missing_year``: a normative document
  without its year;
- ``unknown``: a fully written code the registry lacks, though it holds the same number
  under another type (never fuzzy-matched to it);
- ``self_reference``: an appendix's "Kèm theo …" disagreeing with the header;
- ``trap``: nothing is wrong, but a careless checker would say so — OCR look-alikes in
  codes and dates, a matching self-reference, the own number on the line under "Số:",
  "Luật X và Quyết định số N", a flattened header whose date wraps, the national title
  wrapped, the signer's position before the issuer ("của Bộ trưởng Bộ …"), "ngày ngày".

Used by ``tests/test_planted_defects.py`` (thresholds) and ``bench/planted.py``
(figures for docs/benchmarks.md). Nothing here comes from the dev documents.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from vanban.extractor.parsers.references import canonical_code
from vanban.extractor.pipeline import extract_text
from vanban.extractor.registry import Entry, Registry, RegistryResolver
from vanban.extractor.text import Text
from vanban.extractor.vocab import doc_type_by_slug
from vanban.models import Source

#: the codes scored (header, citation and registry checks)
SCORED_PREFIXES = ("REF_", "MISSING_", "SELF_REFERENCE", "DATE_INVALID")


@dataclass
class Case:
    kind: str
    text: str
    expected: set[tuple[str, Optional[str]]] = field(default_factory=set)
    source: str = "plain_text"

    @property
    def trap(self) -> bool:
        return not self.expected


def _d(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def _long(d: date) -> str:
    return f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def document(body: str, when: date, *, number: str = "15/KH-UBND",
             issuer: tuple[str, str] = ("ỦY BAN NHÂN DÂN", "TỈNH AN BÌNH"),
             place: str = "An Bình", appendix: str = "", number_line: Optional[str] = None,
             date_line: Optional[str] = None) -> str:
    """A plan laid out by NĐ 30/2020 Phụ lục I around ``body``."""
    head = (f"{issuer[0]}\n{issuer[1]}\n"
            + (number_line if number_line is not None else f"Số: {number}\n")
            + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            + (date_line if date_line is not None else f"{place}, {_long(when)}\n")
            + "KẾ HOẠCH\nTriển khai công tác năm học\n")
    foot = ("\nNơi nhận:\n- Các sở, ngành;\n- Lưu: VT.\n"
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Văn Bình\n")
    return head + body + foot + appendix


def _cite(e: Entry, *, code: Optional[str] = None, when: Optional[str] = None,
          issuer: bool = True) -> str:
    entry = doc_type_by_slug(e.doc_type or "")
    label = entry.label if entry else "Văn bản"
    written = code or e.code
    tail = f" {when}" if when is not None else f" ngày {_d(e.day('issue_date'))}"
    by = f" của {e.clean_issuer}" if issuer and e.clean_issuer else ""
    return f"{label} số {written}{tail}{by}"


def _checked_codes() -> set[str]:
    """Codes of the hand-checked registry file (the same on every version of the
    registry, so that figures before and after a change are on the same cases)."""
    import csv
    import io
    from importlib import resources

    raw = resources.files("vanban.extractor.data").joinpath("legal_documents.csv").read_text("utf-8-sig")
    return {row["code"] for row in csv.DictReader(io.StringIO(raw))}


def _usable(reg: Registry) -> list[Entry]:
    """National registry documents a plan cites, hand-checked, unambiguous, in force."""
    checked = _checked_codes()
    out = []
    per_code: dict[str, int] = {}
    for e in reg.entries():
        per_code[e.code] = per_code.get(e.code, 0) + 1
    for e in reg.entries():
        if e.code not in checked or e.scope or not e.issue_date \
                or e.status in ("expired", "replaced"):
            continue
        if e.doc_type not in ("chi_thi", "nghi_quyet", "quyet_dinh", "nghi_dinh", "thong_tu",
                              "ket_luan"):
            continue
        info = canonical_code(e.code)
        if info is None or info.code != e.code or not e.number.isdigit() or info.repairs:
            continue
        if per_code[e.code] != 1 or not e.clean_issuer:
            continue
        out.append(e)
    return sorted(out, key=lambda e: (e.issue_date, e.code))


def build_cases(reg: Registry) -> list[Case]:
    docs = _usable(reg)
    pick = docs[:: max(1, len(docs) // 12)][:12]
    cases: list[Case] = []
    for e in pick:
        day = e.day("issue_date")
        when = day + timedelta(days=400)
        cite = _cite(e)
        cases.append(Case("clean", document(f"Căn cứ {cite};\nNội dung kế hoạch.\n", when)))
        # a wrong date: the same day a year earlier
        wrong = day.replace(year=day.year - 1) if not (day.month == 2 and day.day == 29) \
            else day - timedelta(days=365)
        cases.append(Case("wrong_date", document(
            f"Căn cứ {_cite(e, when=f'ngày {_d(wrong)}')};\nNội dung.\n", when),
            {("REF_DATE_MISMATCH", e.code)}))
        # cited by a document older than it
        cases.append(Case("future", document(f"Căn cứ {cite};\nNội dung.\n",
                                             day - timedelta(days=30)),
                          {("REF_CITES_FUTURE", e.code)}))
        # "ngày" with no date
        cases.append(Case("missing_date", document(
            f"Thực hiện {_cite(e, when='ngày')};\nNội dung.\n", when),
            {("REF_DATE_MISSING", e.code)}))
        info = canonical_code(e.code)
        if info.party:  # Party number written the state way
            bad = f"{info.number}/{info.symbol.replace('/', '-')}"
            cases.append(Case("malformed", document(
                f"Căn cứ {_cite(e, code=bad)};\nNội dung.\n", when),
                {("REF_NONSTANDARD_FORMAT", e.code)}))
        elif info.year:  # a normative document: without its year, and with a slash mix-up
            no_year = f"{info.number}/{info.symbol}"
            cases.append(Case("missing_year", document(
                f"Căn cứ {_cite(e, code=no_year)};\nNội dung.\n", when),
                {("REF_MISSING_YEAR", e.code)}))
            bad = f"{info.number}-{info.year}-{info.symbol}"
            cases.append(Case("malformed", document(
                f"Căn cứ {_cite(e, code=bad)};\nNội dung.\n", when),
                {("REF_NONSTANDARD_FORMAT", e.code)}))
        else:
            bad = f"{info.number}-{info.symbol}"
            cases.append(Case("malformed", document(
                f"Căn cứ {_cite(e, code=bad)};\nNội dung.\n", when),
                {("REF_NONSTANDARD_FORMAT", e.code)}))
        # writing traps: the signer's position before the body, "ngày" doubled
        if e.clean_issuer.startswith("Bộ ") and not e.clean_issuer.startswith("Bộ Chính"):
            cases.append(Case("trap", document(
                f"Căn cứ {_cite(e, issuer=False)} của Bộ trưởng {e.clean_issuer};\nNội dung.\n",
                when)))
        if len(cases) % 3 == 0:
            cases.append(Case("trap", document(
                f"Căn cứ {_cite(e, when='ngày ' + _long(day))};\nNội dung.\n", when)))
        # OCR traps: look-alikes in the number and the date, on a scan
        if not info.party:
            damaged = e.code.replace("0", "O", 1) if "0" in e.number else e.code.replace("1", "l", 1)
            # and in the symbol: g read as q, Đ as D
            damaged = damaged.replace("TTg", "TTq").replace("Đ", "D", 1)
            ocr_date = _d(day).replace("0", "O", 1)
            cases.append(Case("trap", document(
                f"Căn cứ {_cite(e, code=damaged, when=f'ngày {ocr_date}')};\nNội dung.\n", when),
                source="ocr"))
    # replaced / expired documents relied on after they lapsed
    checked = _checked_codes()
    for e in reg.entries():
        if e.status in ("replaced", "expired") and not e.scope and e.issue_date \
                and e.code in checked:
            lapse = e.day("expiry_date") or e.day("issue_date") + timedelta(days=3650)
            when = lapse + timedelta(days=200)
            cases.append(Case("replaced", document(f"Căn cứ {_cite(e)};\nNội dung.\n", when),
                              {("REF_NOT_IN_FORCE", e.code)}))
            # ... and the same citation before it lapsed: nothing
            if e.expiry_date:
                cases.append(Case("clean", document(
                    f"Căn cứ {_cite(e)};\nNội dung.\n", lapse - timedelta(days=30))))
    # a fully written code the registry does not hold, whose number another document of
    # another type and year has: unknown, never resolved to that other document
    for e in docs:
        info = canonical_code(e.code)
        if not info.year and not info.party and e.symbol == "NQ-CP":
            other = f"{info.number}/{int(e.day('issue_date').year) - 3}/NĐ-CP"
            if not any(x.code == other for x in reg.entries()):
                cases.append(Case("unknown", document(
                    f"Căn cứ Nghị định số {other} của Chính phủ;\nNội dung.\n",
                    e.day("issue_date") + timedelta(days=400)), {("REF_UNKNOWN", other)}))
                break
    # the issuer part of a symbol cut short (an authority abbreviation, not a new document)
    for e in docs:
        if e.code.endswith("-BGDĐT"):
            cases.append(Case("malformed", document(
                f"Căn cứ {_cite(e, code=e.code[:-2])};\nNội dung.\n",
                e.day("issue_date") + timedelta(days=400)),
                {("REF_NONSTANDARD_FORMAT", e.code)}))
            break
    e0 = pick[0]
    when = e0.day("issue_date") + timedelta(days=400)
    # self-references: one disagreeing with the header, one agreeing (a trap)
    cases.append(Case("self_reference", document(
        "Nội dung.\n", when, appendix=f"\nPHỤ LỤC\n(Kèm theo Kế hoạch số 16/KH-UBND ngày "
        f"{_d(when)} của UBND tỉnh)\nBảng.\n"), {("SELF_REFERENCE_MISMATCH", "15/KH-UBND")}))
    cases.append(Case("trap", document(
        "Nội dung.\n", when, appendix=f"\nPHỤ LỤC\n(Kèm theo Kế hoạch số 15/KH-UBND ngày "
        f"{_d(when)} của UBND tỉnh)\nBảng.\n")))
    # the own number on the line under "Số:" and a date wrapped over two lines
    cases.append(Case("trap", document(
        f"Căn cứ {_cite(e0)};\nNội dung.\n", when, number_line="Số:\n15/KH-UBND\n",
        date_line=f"An Bình, ngày {when.day:02d}\ntháng {when.month:02d} năm {when.year}\n")))
    # the national title wrapped onto a second line
    cases.append(Case("trap", document(
        f"Căn cứ {_cite(e0)};\nNội dung.\n", when).replace(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA\nVIỆT NAM")))
    # "Luật X và Quyết định số N": the law does not take the decision's number
    dec = next((e for e in docs if e.doc_type == "quyet_dinh"), e0)
    cases.append(Case("trap", document(
        f"Căn cứ Luật Giáo dục và {_cite(dec)};\nNội dung.\n",
        dec.day("issue_date") + timedelta(days=400))))
    return cases


def findings_of(case: Case, resolver: RegistryResolver) -> set[tuple[str, Optional[str]]]:
    text = Text.from_string(case.text, source=case.source)
    result = extract_text(text, source=Source(file="planted.txt"), resolver=resolver)
    return {(f.code, f.ref) for f in result.findings if f.code.startswith(SCORED_PREFIXES)}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    traps: int = 0
    traps_hit: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0


def score(cases: list[Case], resolver: RegistryResolver) -> Score:
    s = Score()
    for case in cases:
        got = findings_of(case, resolver)
        s.tp += len(got & case.expected)
        s.fn += len(case.expected - got)
        s.fp += len(got - case.expected)
        s.misses += [(case.kind, x) for x in case.expected - got]
        s.extras += [(case.kind, x) for x in got - case.expected]
        if case.kind in ("trap", "clean"):
            s.traps += 1
            s.traps_hit += bool(got)
    return s
