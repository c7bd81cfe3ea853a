"""The shortcuts taken for speed (bench/parsers.py) give the answers of the plain forms.

Each shortcut is checked against the straightforward version it replaced — kept here as
the reference — on strings made of the pieces that matter (hypothesis), and the caches
are checked not to carry one document's answers into another's.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import alternation_nocase, dates, references
from vanban.extractor.parsers.header import contacts as header_contacts, lines as header_lines
from vanban.extractor.parsers.header import patterns as header_patterns
from vanban.extractor.parsers.timetable import headings as time_headings
from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.pipeline import extract_text
from vanban.extractor.text import Text
from vanban.extractor.writers import to_json
from vanban.models import Source

DATA = Path(__file__).parent / "data"


def pieces(*words: str, size: int = 14):
    """Strings glued from ``words`` (the parts a pattern reacts to)."""
    return st.lists(st.sampled_from(words), max_size=size).map("".join)


# ---------------------------------------------------------------- caches
def _result(text: str) -> str:
    src = Source(file="x.txt", sha256="0" * 64, media_type="text/plain", pages=1,
                 text_source="plain_text")
    return to_json(extract_text(Text.from_string(text), source=src, resolver=lambda refs: refs))


def _clear_caches() -> None:
    for name, mod in list(sys.modules.items()):
        if name.startswith("vanban.extractor") and mod is not None:
            for obj in vars(mod).values():
                if callable(getattr(obj, "cache_clear", None)):
                    obj.cache_clear()


def test_caches_do_not_carry_answers_between_documents():
    a = (DATA / "heldout" / "h01_sgd_khanhhoa.txt").read_text(encoding="utf-8")
    b = (DATA / "heldout" / "h02_pgd_hoaivang.txt").read_text(encoding="utf-8")
    first_a = _result(a)
    after_a = _result(b)
    assert _result(a) == first_a
    _clear_caches()
    assert _result(b) == after_a
    assert first_a != after_a


def test_find_dates_gives_a_new_list_every_time():
    spans = find_dates("trước ngày 05/9/2022")
    spans.clear()
    assert [s.text for s in find_dates("trước ngày 05/9/2022")] == ["ngày 05/9/2022"]
    assert find_dates("Quý I/2023") != find_dates("Quý II/2023")


# ---------------------------------------------------------------- dates
def _atoms_reference(s: str) -> list:
    """dates._atoms without its shortcuts: every atom over the whole string."""
    found = []
    for prio, (kind, rx) in enumerate(dates._ATOMS):
        for m in rx.finditer(s):
            q = q2 = None
            if kind == "quarter":
                q = dates.roman_to_int(m.group("q"))
                if q is None or not 1 <= q <= 4:
                    continue
                if m.group("q2"):
                    q2 = dates.roman_to_int(m.group("q2"))
                    if q2 is None or not q < q2 <= 4:
                        q2 = None
            elif kind == "half":
                q = 1 if m.group("h").lower() == "đầu" else 2
            g = m.groupdict()
            found.append((m.start(), -(m.end() - m.start()), prio, dates._Atom(
                kind, m.start(), m.end(), d=dates._int(g, "d"), m=dates._int(g, "m"),
                y=dates._int(g, "y"), q=q, y2=dates._int(g, "y2"), q2=q2)))
    found.sort(key=lambda t: t[:3])
    chosen, last_end = [], -1
    for *_, atom in found:
        if atom.start >= last_end:
            chosen.append(atom)
            last_end = atom.end
    return chosen


DATE_PIECES = ("ngày", "NGÀY", "Ngày ", " ", "19", "/", "01", "2021", "5", "tháng ", "Tháng",
               "năm ", "NĂM", "trước ", "đến ", "từ ", "hạn ", "nhất ", "-", "–", " - ",
               "giai đoạn ", "nhiệm kỳ", "3", "31", ".", ",", "6 ", "sáu ", "đầu ", "cuối ",
               "học ", "Quý ", "II", "IV", "\n", "x", "kể ", "bắt đầu ")


@settings(max_examples=400, deadline=None)
@given(pieces(*DATE_PIECES))
def test_atoms_shortcuts_find_what_every_atom_finds(s):
    assert dates._atoms(s) == _atoms_reference(s)


@settings(max_examples=500, deadline=None)
@given(pieces("x", "y ", " ", "      ", "\n", "từ", "TỪ", "kể ", "bắt đầu ", "bắt ", "đầu "),
       st.sampled_from(["từ ", "kể từ", "bắt đầu từ  ", "kể          từ", "", "x"]), st.data())
def test_from_window_finds_what_a_search_from_the_start_finds(head, tail, data):
    s = head + tail
    for end in (len(s), data.draw(st.integers(0, len(s)))):
        whole = dates._FROM_BEFORE.search(s, 0, end)
        window = dates._FROM_BEFORE.search(s, dates._from_window_start(s, end), end)
        assert (whole and whole.span()) == (window and window.span())


# ---------------------------------------------------------------- header
@settings(max_examples=300, deadline=None)
@given(pieces("a", "b.", "@", "-", "_", "(", "%", "+", " ", "é", "1", "\n", "pgd", ".vn", "x@y.com"))
def test_emails_are_those_of_the_pattern(s):
    assert [m.span() for m in header_contacts._emails(s)] == [m.span() for m in header_patterns.EMAIL.finditer(s)]


PHONE_REFERENCE = re.compile(r"(?<![\d/.\-])(?:\+84|0)[35789]\d(?:[ .]?\d){7}(?![\d/])")


@settings(max_examples=300, deadline=None)
@given(pieces("0", "+84", "9", "12", "345", " ", ".", "/", "-", "a", "0912", "678", "3"))
def test_mobile_numbers_are_those_of_the_plain_pattern(s):
    assert [m.span() for m in header_patterns.PHONE_MOBILE.finditer(s)] == \
        [m.span() for m in PHONE_REFERENCE.finditer(s)]


def _starts_with_phrase_reference(words, phrases):
    folded = []
    for phrase, pw in header_lines._folded(phrases):
        n = len(pw)
        if len(words) < n:
            continue
        while len(folded) < n:
            folded.append(header_lines._fold_word(words[len(folded)]))
        if tuple(folded[:n]) == pw:
            return phrase, n
    return None


def _vocab_phrases():
    from vanban.extractor import vocab

    return (vocab.issuer_bodies(), vocab.positions(), ("Kèm theo", "PHỤ LỤC"))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([p for ps in _vocab_phrases() for p in ps] + [""]),
       st.sampled_from([str.upper, str.lower, str]), st.integers(0, 4),
       st.lists(st.sampled_from(["ỦY", "BAN", "ban", "nhân", "Sở", "PHÓ", "tịch", "dục,", "x"]),
                max_size=3))
def test_phrases_looked_up_by_first_word(phrase, case, cut, extra):
    words = case(phrase).split()[:len(phrase.split()) - cut or None] + extra
    for phrases in _vocab_phrases():
        assert header_lines._starts_with_phrase(words, phrases) == \
            _starts_with_phrase_reference(words, phrases)


def test_skeleton_table_maps_as_the_dict_did():
    old = {ord("đ"): "d", ord("Đ"): "D"}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp):
            old[cp] = base
    every = "".join(map(chr, range(0x20, 0x2100)))
    assert header_lines.skeleton(every) == every.translate(old)


# ---------------------------------------------------------------- references, numbers
@settings(max_examples=200, deadline=None)
@given(pieces("Chỉ thị", "CHỈ THỊ", "chỉ  thị", "Quyết định", "quy định", "Kế hoạch", "kế",
              "Công văn", "công", " ", "số ", "11-CT/TW", "x", "\n"))
def test_type_words_grouped_by_letter_match_as_the_plain_alternation(s):
    words = [w for w, _ in references.V.type_words]
    plain = re.compile(rf"(?<!\w)(?:{references._alt(words)})(?!\w)", re.I)
    grouped = re.compile(rf"(?<!\w)(?:{references._alt_nocase(words)})(?!\w)", re.I)
    assert [m.span() for m in grouped.finditer(s)] == [m.span() for m in plain.finditer(s)]


@pytest.mark.parametrize("alternatives, expected", [
    (["ab", "Ac", "b"], "a(?:b|c)|b(?:)"),
    (["s", "ſ"], "s|ſ"),  # the same letter to the regex engine: left as written
    (["1a", "b"], "1a|b"),
])
def test_alternation_nocase(alternatives, expected):
    assert alternation_nocase(alternatives) == expected


# ---------------------------------------------------------------- timetable
@settings(max_examples=400, deadline=None)
@given(pieces("Quý", "QUÝ", "quy", "Tháng", "THÁNG", "tha\u0301ng", "thańg", " ", "I", "II", "9",
              "2.1.", "Nhiệm vụ ", "6 tháng đầu năm", "sáu", ":", "/2023", "x"))
def test_a_heading_line_always_passes_the_period_word_test(line):
    if time_headings.HEADING.match(fold(line)):
        bare = time_headings._bare(line)
        assert any(w in bare for w in time_headings._PERIOD_WORDS)


@settings(max_examples=300, deadline=None)
@given(pieces("Chỉ thị", "chỉ thị ", "Quyết định ", "Kế hoạch", "Nghị quyết", "Thông báo kết luận",
              "kết luận ", " ", "số ", "số11-CT/TW", "11-CT/TW", "29", " 387", "/QĐ-TTg", "x",
              "\n", "Luật ", "Chương trình hành động "))
def test_citations_tried_at_type_words_are_those_of_the_patterns(s):
    starts = [m.start() for m in references.TYPE_START_RE.finditer(s)]
    for rx in (references.CITATION_RE, references.NUMBER_ONLY_RE):
        assert [m.span() for m in references._matches_at(rx, s, starts)] == \
            [m.span() for m in rx.finditer(s)]


# ---------------------------------------------------------------- targets
@settings(max_examples=400, deadline=None)
@given(pieces("x", "Phấn đấu ", "đạt ", " ", "        ", ",", ":", "\n", "trên", "TRÊN", "ít nhất ",
              "không dưới", "không  dưới ", "dưới", "≥", ">=", "tối đa", "từ ", "số "))
def test_comparator_phrases_found_in_the_end_window_as_in_the_whole_clause(before):
    from vanban.extractor.parsers.targets import cues
    from vanban.extractor.parsers.targets.rules import _end_window

    c = cues()
    pos = _end_window(before, c.before_letters)
    for _, rx in c.before:
        whole = rx.search(before)
        assert (whole and whole.span()) == ((m := rx.search(before, pos)) and m.span())
