"""Header parser: every field of ``document`` (shared/spec/OUTPUT.md) and what the header
findings need.

A Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) opens with a
two-column header and closes with recipients and a signature::

    HỘI KHUYẾN HỌC              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM     <- issuer | national title
    QUẬN LONG BIÊN                  Độc lập - Tự do - Hạnh phúc        <- issuer | motto
    Số: 01/KH-HKH               Long Biên, ngày 19 tháng 01 năm 2021   <- number | place, date
                          KẾ HOẠCH                                     <- document type
       Hoạt động của Hội Khuyến học quận Long Biên năm 2021            <- title
    ... body ...
    Nơi nhận:                         TM. BAN CHẤP HÀNH                <- recipients | authority
    - Hội KH Thành phố Hà Nội;            CHỦ TỊCH                     <- position
    - Lưu VP Hội.                     Đinh Thị Thu Hương               <- name

Loaders give the columns one after the other, or read ACROSS both columns on one line
(OCR, some PDF layers). So every header line is searched for each known right-column
phrase (national title, motto, place-and-date) and the ``Số:`` number; what is left of
the line belongs to the left block (the issuer).

OCR tolerance: keyword patterns run on a *skeleton* of each line (accents stripped, case
kept, same length, so offsets map back 1:1); vocabulary phrases are matched with
rapidfuzz. Markdown bold markers (``**``) are masked with spaces, keeping offsets.

Every value carries provenance (:meth:`Text.provenance`) under
``Document.provenance[field]``. Parts that are absent stay null, never guessed.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from extractor import vocab
from extractor.normalize import collapse_spaces, fold
from extractor.ocrfix import restore_surname
from extractor.parsers.dates import find_dates
from extractor.text import Text
from models import Contacts, Document, Period, Signer

# How far the header reaches: the document type line is looked for in the first lines.
HEADER_MAX_LINES = 60
# The issuer block is among the first non-blank lines of the document.
ISSUER_MAX_LINES = 10
# Lines after which no type line is looked for: the body has begun.
STOP_TYPE_SEARCH = ("Kính gửi", "Căn cứ")
# Date kinds that state a period under a "Thời gian" heading (a single day does not).
PERIOD_KINDS = ("range", "month", "quarter", "half", "school_year", "year")
# A title line is centred like the type line within this share of the page width.
CENTRE_TOLERANCE = 0.015
# Lines after the type line that may still be title.
TITLE_MAX_LINES = 6
# Lines around "Nơi nhận" searched for the signature block.
SIGNATURE_BEFORE, SIGNATURE_AFTER = 14, 40
# Non-blank lines from the first authority line to the signer's name, at most.
SIGNATURE_BLOCK_LINES = 16
# A word read by OCR below this confidence cannot prove a misspelling.
MISSPELLING_MIN_CONF = 85.0


# ---------------------------------------------------------------- text helpers
def skeleton(s: str) -> str:
    """Accents stripped, case kept, ``đ``→``d``; exactly as long as ``s`` (NFC input), so
    a match in the skeleton is a match at the same offsets in ``s``.

    >>> skeleton("Số: 01/KH-HKH Long Biên, ngày")
    'So: 01/KH-HKH Long Bien, ngay'
    """
    if s.isascii():
        return s  # the table maps letters beyond ASCII only
    return s.translate(_skeleton_table())


@lru_cache(maxsize=1)
def _skeleton_table() -> str:
    """Latin letters with diacritics (U+00C0–U+024F, U+1E00–U+1EFF) → their base letter,
    as a string indexed by code point (every other character maps to itself; beyond the
    end of the string str.translate leaves a character alone): a lookup by index is twice
    as fast as one in a dict, and every line of every document goes through it."""
    table = list(map(chr, range(0x1F00)))
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp) and len(base) == 1:
            table[cp] = base
    return "".join(table)


_MASK = str.maketrans({"*": " ", "#": " ", "\t": " ", "\u00a0": " "})


def _mask(s: str) -> str:
    """Markdown emphasis and heading marks, tabs to spaces (same length)."""
    if "*" not in s and "\t" not in s and "\u00a0" not in s and "#" not in s:
        return s  # most lines: translate would look up every character for nothing
    return s.translate(_MASK)


_SYLLABLE = re.compile(r"""
    (?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?   # onset
    [aeiouy]{1,3}                                             # vowel nucleus
    (?:ng|nh|ch|[cmnpt])?                                     # coda
    """, re.X)


def is_syllable(word: str) -> bool:
    """Could ``word`` be one Vietnamese syllable? (``UBND``, ``HKH``, ``THCS`` cannot.)

    >>> [is_syllable(w) for w in ("QUẬN", "Nghiêng", "UBND", "HKH", "GD&ĐT")]
    [True, True, False, False, False]
    """
    return bool(_SYLLABLE.fullmatch(skeleton(word).lower()))


def _is_upper_text(s: str) -> bool:
    letters = list(filter(str.isalpha, s))
    return bool(letters) and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


@lru_cache(maxsize=64)
def _folded(phrases: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each phrase with its folded words (vocabularies are folded once)."""
    return tuple((p, tuple(_fold_word(w) for w in p.split())) for p in phrases)


def _fold_word(w: str) -> str:
    return fold(w.strip(",.;:"))


@lru_cache(maxsize=64)
def _by_first_word(phrases: tuple[str, ...]
                   ) -> Optional[dict[str, tuple[tuple[str, tuple[str, ...]], ...]]]:
    """:func:`_folded` grouped by the first folded word, each group in the given order;
    None when a phrase has no word at all (it would begin anything)."""
    groups: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for phrase, pw in _folded(phrases):
        if not pw:
            return None
        groups.setdefault(pw[0], []).append((phrase, pw))
    return {k: tuple(v) for k, v in groups.items()}


def _starts_with_phrase(words: list[str], phrases: tuple[str, ...]) -> Optional[tuple[str, int]]:
    """The first phrase (as given, longest first) whose words begin ``words`` (folded).
    Only the phrases sharing the first word are tried (vocabularies run to hundreds)."""
    index = _by_first_word(phrases)
    if index is not None:
        if not words:
            return None
        first = _fold_word(words[0])
        candidates = index.get(first, ())
        folded = [first]
    else:
        candidates = _folded(phrases)
        folded = []
    for phrase, pw in candidates:
        n = len(pw)
        if len(words) < n:
            continue
        while len(folded) < n:
            folded.append(_fold_word(words[len(folded)]))
        if tuple(folded[:n]) == pw:
            return phrase, n
    return None


def recase(name: str) -> str:
    """A name written in capitals, in proper Vietnamese case: known body phrases in their
    usual case, administrative-unit words lower and the proper name after them
    capitalised, abbreviations kept. Text already in mixed case is kept as written.

    >>> recase("ỦY BAN NHÂN DÂN PHƯỜNG PHÚC ĐỒNG")
    'Ủy ban nhân dân phường Phúc Đồng'
    >>> recase("HỘI KHUYẾN HỌC QUẬN LONG BIÊN")
    'Hội Khuyến học quận Long Biên'
    >>> recase("UBND TỈNH KHÁNH HÒA")
    'UBND tỉnh Khánh Hòa'
    >>> recase("Hội KH các phường")
    'Hội KH các phường'
    """
    name = collapse_spaces(name)
    if not _is_upper_text(name):
        return name
    words = name.split()
    out: list[str] = []
    proper = False
    i = 0
    bodies, units, abbrs = vocab.issuer_bodies(), vocab.admin_units(), vocab.abbreviations()
    named, levels = vocab.named_bodies(), vocab.school_levels()
    while i < len(words):
        rest = words[i:]
        hit = _starts_with_phrase(rest, bodies)
        if hit and not (len(hit[0].split()) == 1 and fold(hit[0]) in abbrs):
            phrase, n = hit
            if phrase.isupper():  # an abbreviation such as UBND
                out.extend(words[i:i + n])
            else:
                out.extend(phrase.split())
            proper = fold(phrase) in named  # "Huyện ủy Đông Hưng", "Trường Tiểu học Ngọc Thụy"
            i += n
            continue
        hit = _starts_with_phrase(rest, units)
        if hit:
            phrase, n = hit
            out.extend(phrase.split())
            proper = True
            i += n
            continue
        w = words[i]
        if fold(w) in abbrs or not is_syllable(w.strip(".,;:()")):
            out.append(w)
            proper = proper or (i > 0 and w.isupper() and fold(w) in levels)  # "THCS Ngọc Thụy"
        elif proper:
            out.append(w[:1].upper() + w[1:].lower())
        else:
            out.append(w.lower())
        i += 1
    if out:
        out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


# ---------------------------------------------------------------- patterns (on skeletons)
# "Số: 01/KH-HKH", OCR "S6:", "Sô", spaces "Số: 01 /KH-HKH", legal "Số: 30/2020/NĐ-CP",
# Party "Số 11-CT/TW"; the number may be left blank ("Số:      /KH-UBND").
_NUMBER_KEY = r"(?<![^\W\d_])S[o06](?:[ ]*+[:;.,][ ]*+|[ ]++(?=\d))"
# the number, with OCR's O/o/l/I for 0/1 accepted (repaired) next to a real digit
_NUMBER = r"(?P<num>(?=[0-9OoIl]*\d)[0-9OoIl]{1,6})?"
_YEAR = r"(?:[ ]*+/[ ]*+(?P<year>(?:19|20)\d\d)(?=[ ]*/))?"
# Parts of a symbol are joined by "-" or "/"; a code wrapped after its hyphen goes on on the
# next line ("177/KH-" / "UBND"), and a PDF text layer may give that hyphen as a soft
# hyphen (U+00AD) or as U+FFFE.
_SYMBOL_SEP = r"(?:[ ]?[-/\u00ad\ufffe][ ]?|[-\u00ad\ufffe][ ]*\n[ ]*)"
_SYMBOL = r"(?P<sym>[A-Z][A-Za-z0-9&]*+(?:" + _SYMBOL_SEP + r"[A-Z0-9][A-Za-z0-9&]*+)*+)"
# "Số:" may stand alone on its line with the code on the next ("Số:" / "79/2025/NQ-HĐND")
NUMBER_LINE = re.compile(
    _NUMBER_KEY + r"[ ]*+(?:\n[ ]*+)?" + _NUMBER + _YEAR
    + r"[ ]*+(?P<sep>[/-])(?:[ ]*+\n)?[ ]*+" + _SYMBOL)
NUMBER_BLANK = re.compile(_NUMBER_KEY + r"[ ._…]*$")

# "Long Biên, ngày 19 tháng 01 năm 2021" (OCR digits O/l/I repaired, OCR's "ngàv"), or
# "ngày 19/01/2021".
_DIGIT = r"[0-9OoIl]"
_PLACE = r"(?P<place>[A-Z][\w.\-]*(?:[ ]+[A-Za-z(][\w.\-)]*){0,6}?)[ ]*+,\s*+"
# the parts of the date may wrap onto the next lines ("ngày 03" / "tháng 12 năm 2025"), and
# their blanks may be dotted or slashed ("ngày 20 / tháng 11")
_GAP = r"[\s.…_/]*+"
_DMY_WORDS = (r"(?i:nga[yv])\s*+(?P<d>" + _DIGIT + r"{1,2})?" + _GAP + r"(?i:thang)\s*+(?P<m>"
              + _DIGIT + r"{1,2})?(?:" + _GAP + r"(?i:nam)\s*+(?P<y>" + _DIGIT + r"{4})?"
              + r"|(?=[ ]*(?:\n|$)))")  # "năm …" may be missing
_DMY_SLASH = (r"(?i:nga[yv])[ ]*+(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})")
WRAPPED_YEAR = re.compile(r"^[ ]*(?i:nam)[ ]*(?P<y>\d{4})")
DATE_LINE = re.compile(r"(?:" + _PLACE + r")?(?:" + _DMY_WORDS + r"|" + _DMY_SLASH + r")")

# Signature authority: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TUQ. GIÁM ĐỐC"; OCR "TM ",
# "T.M.", "K.T." tolerated.
AUTHORITY = re.compile(r"""
    (?<![\w.])
    (?P<prefix>T[ ]?[./]?[ ]?M|K[ ]?[./]?[ ]?T|T[ ]?[./]?[ ]?L|TUQ|Q)   # TM KT TL TUQ Q; Party T/M K/T
    [ ]?[.,:]?[ ]+
    (?P<body>[A-Z][^\n]*)
    """, re.X)

RECIPIENTS = re.compile(r"(?i)(?<!\w)N[oơô][i1l][ ]*nh[aâậ]n[ ]*:?")
LUU = re.compile(r"^\W{0,3}(?i:luu)\b(?![ ]*(?i:y)\b)")  # "Lưu: VT", not "Lưu ý"
LUU_ENTRY = re.compile(r"^[ ]*[-+•–—*·][ ]*(?i:luu)(?:[ ]*:|[ ]+[A-Z])")
BULLET = re.compile(r"^[ ]*(?:[-+•–—*·]|\d+[.)])[ ]*")
# The archive entry names the office's records clerk, "Lưu: VT" (Văn thư); tesseract reads
# the T of small print as I, l, L or T+junk ("Lưu: VI", "Lưu VL", "Lưu: VTF"). On OCR'd
# text only, the first token after "Lưu" is put back.
ARCHIVE_MISREAD = re.compile(
    r"^(?P<head>(?i:l[ưu]u)\b[ ]*[:.]?[ ]*)V(?:[IlL|!]|T[FIl1|]|L[ET])(?=[\W]|$)")
COPY_COUNT = re.compile(r"[ ,;]*\(?[ ]*\d{1,3}[ ]*(?:b(?:an|ản)?)?[ ]*\)[ ]*$|[ ,;]*\([ ]*\)[ ]*$")
SIDE_NOTE = re.compile(r"""
    [ ]*(?:\||\(|[-–][ ])[ ]*[dđ][eèéẻẽẹêềếểễệ][ ]*(?:b/c|biết|b[aá]o[ ]c[aá]o|t/h|th[ựu]c[ ]hi[ệe]n|
    ch[ỉi][ ]đ[ạa]o|p/h|ph[ốo]i[ ]h[ợo]p)\)?.*$
    """, re.X | re.I)

# emails: found with any letters (OCR reads g as ø: "pød@longbien.edu.vn"), then repaired
# with header_cues.toml's email_ocr_repairs and kept only when they are plain ASCII
SIDE_NOTE_PAREN = re.compile(
    r"[ ]*\((?i:b/c|t/h|p/h|đ/b|biết|báo cáo|thực hiện|chỉ đạo|phối hợp|ph/h)\)[ ;.,]*$")

EMAIL = re.compile(r"[\w.%+(-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
EMAIL_ASCII = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE_CUED = re.compile(r"""
    (?=(?i:[đstfdh]))   # the first letter of a cue: the alternation is not tried elsewhere
    (?i:đi[eệ]n[ ]tho[aạ]i|đthoại|\bđt\b|\bsđt\b|\btel\b|\bfax\b|di[ ]đ[ộo]ng|hotline|\bdđ\b)
    [ ]*(?i:s[ốo])?[ ]*[:.]?[ ]*(?:\n[ ]*)?   # the number may wrap to the next line
    (?P<phone>\(?\+?\d[\d .\-()]{5,16}\d)
    """, re.X)
# "not after a digit, / . -" is checked once the first character is read, so that the
# pattern opens with "+" or "0" and the regex engine jumps from one to the next
PHONE_MOBILE = re.compile(
    r"(?:\+(?<![\d/.\-]\+)84|0(?<![\d/.\-]0))[35789]\d(?:[ .]?\d){7}(?![\d/])")

SELF_REF = re.compile(r"""
    ^[ ]*\(?[ ]*(?:(?i:ban[ ]hanh)[ ]+)?      # a caption line: "(Kèm theo …", "(Ban hành kèm theo …"
    (?i:kem[ ]theo)[ ]+(?P<type>[^\W\d_][^\d\n]{1,40}?)[ ]+(?i:so)[ ]*:?[ ]*
    (?P<num>\d{1,6})?[ ]*(?:/[ ]*(?P<year>(?:19|20)\d\d)[ ]*(?=/))?(?P<sep>[/-])[ ]*
    (?P<sym>[A-Z][A-Za-z0-9&]*(?:[ ]?[-/][ ]?[A-Z0-9][A-Za-z0-9&]*)*)
    """, re.X)

# "V/v tổ chức Ngày hội…", "Về việc …" (a letter's subject line)
SUBJECT = re.compile(r"^[ ]*(?:[Vv][ ]?/[ ]?[vV]\b|(?i:ve[ ]viec))[ ]*[:.]?[ ]*")
VV_MARK = re.compile(r"^[ ]*[Vv][ ]?/[ ]?[vV]\b[ ]*[:.]?[ ]*")  # the "V/v" mark alone
DASH = re.compile(r"^[ ]*[-+•–—*·]")  # a list item's leading dash
ENTRY_END = re.compile(r"(?<=[;.])\s+")  # after a list entry's closing ; or .
COLUMN_PIECE = re.compile(r"[^\s].*?(?=\s{3,}|$)")  # text between wide gaps of a line
RULE_LINE = re.compile(r"[-_=.\s]+")  # "-------", "___"
SPACES = re.compile(r"\s+")
SYMBOL_PARTS = re.compile(r"[-/]")
DATE_AFTER = re.compile(r"[ ,]*(?i:ngay)")
OUTLINE = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)][ ]")
# "II. Thời gian triển khai…" — OCR reads the Roman numeral as "H.", "Il.", "11."
TIME_HEADING = re.compile(
    r"(?i)^[ ]*(?:(?:[IVXLHl1]{1,5}[.)]?|\d+(?:\.\d+)*[.)]|[a-z][.)])[ ]*)?(?:[-+][ ]*)?thoi[ ]gian")


# ---------------------------------------------------------------- result types
@dataclass
class PhraseCheck:
    """A national title / motto found in the header, and whether it is misspelled."""

    canonical: str
    found: str
    span: tuple[int, int]
    misspelled: bool
    wrong_words: list[str] = field(default_factory=list)


@dataclass
class SelfReference:
    """An appendix's "Kèm theo Kế hoạch số 01/KH-HKH ngày 19 tháng 01 năm 2021"."""

    as_written: str
    number: Optional[str]
    symbol: Optional[str]
    date: Optional[date]
    span: tuple[int, int]


@dataclass
class HeaderInfo:
    """The document header and what header findings need.

    ``issuer_in_header`` / ``number_line`` / ``date_line`` record which header parts were
    present as written (an inferred value does not count as present).
    """

    document: Document
    extras: dict = field(default_factory=dict)
    national_title: Optional[PhraseCheck] = None
    motto: Optional[PhraseCheck] = None
    issuer_in_header: bool = False
    number_line: Optional[tuple[int, int]] = None
    date_line: Optional[tuple[int, int]] = None
    recipients_line: Optional[tuple[int, int]] = None
    self_references: list[SelfReference] = field(default_factory=list)
    # the text stops mid-sentence with no end matter (a first page, a cut-off scan):
    # whether a signature or recipients exist cannot be told
    cut_off: bool = False
    # fields whose value is a guess (not written where the norm puts it)
    guessed: list[str] = field(default_factory=list)
    # (field, review code, Vietnamese message) for values read but doubtful
    doubts: list[tuple[str, str, str]] = field(default_factory=list)


# ---------------------------------------------------------------- line view
@dataclass
class _L:
    """One line of the text: its offsets, masked text and skeleton."""

    index: int
    start: int
    raw: str
    text: str  # masked (markdown → spaces), same length as raw
    skel: str
    # _is_appendix_start of this line, once known (the end-matter readers ask it of the
    # same lines again and again)
    appendix: Optional[bool] = field(default=None, repr=False, compare=False)

    @property
    def end(self) -> int:
        return self.start + len(self.raw)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: Text) -> list[_L]:
    out = []
    for i, ln in enumerate(text.lines):
        raw = text.text[ln.start:ln.end]
        masked = _mask(raw)
        out.append(_L(i, ln.start, raw, masked, skeleton(masked)))
    return out


def _strip_span(line: _L, a: int, b: int) -> tuple[int, int]:
    """Offsets (in the full text) of line.text[a:b] without surrounding spaces/punctuation."""
    seg = line.text[a:b]
    left = len(seg) - len(seg.lstrip(" -–—:;,.|"))
    right = len(seg.rstrip(" -–—:;,.|"))
    return line.start + a + left, line.start + a + max(left, right)


# ---------------------------------------------------------------- national title
def _find_phrase(lines: list[_L], canonical: str, min_score: float, text: Text
                 ) -> Optional[PhraseCheck]:
    """Best fuzzy occurrence of ``canonical`` in the text of ``lines`` read as one string:
    the phrase may be wrapped over several lines ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT
    NAM") or sit beside the other column's text."""
    lines = [ln for ln in lines if not ln.blank]
    if not lines:
        return None
    target = skeleton(canonical).upper()
    base, skel = _zone_skeleton(lines[:PHRASE_MAX_LINES], text)
    hay = skel.upper().translate(_FLAT)
    al = fuzz.partial_ratio_alignment(target, hay, score_cutoff=min_score)
    if al is None:
        return None
    raw = _mask(text.text[base:base + len(hay)]).translate(_FLAT)
    a, b = al.dest_start, al.dest_end
    # widen to whole words
    while a > 0 and raw[a - 1].isalnum():
        a -= 1
    while b < len(raw) and raw[b].isalnum():
        b += 1
    found = collapse_spaces(raw[a:b])
    if len(found.split()) < len(canonical.split()) - 2:
        return None
    want = _WORDS.findall(fold(canonical))
    got = _WORDS.findall(fold(found))
    wrong = [g for g, w in zip(got, want) if g != w] if len(got) == len(want) else got
    misspelled = bool(wrong)
    start, end = base + a, base + b
    if misspelled and not _confident_words(text, lines, start, end, wrong):
        misspelled = False
    return PhraseCheck(canonical=canonical, found=found, span=(start, end),
                       misspelled=misspelled, wrong_words=wrong)


# Lines of the header searched for a right-column phrase.
PHRASE_MAX_LINES = 40
# Line breaks, page breaks and the cell rules of a flattened table read as spaces.
_FLAT = str.maketrans({"\n": " ", "\f": " ", "|": " "})


# words of a folded string (fold moves tone marks after the word's letters, as combining
# characters, which ``\w`` alone would drop)
_WORDS = re.compile(r"[\w\u0300-\u036f]+")


def _confident_words(text: Text, lines: list[_L], start: int, end: int,
                     wrong: list[str]) -> bool:
    """True unless the misspelt words were read by OCR with low confidence."""
    wrong_set = set(wrong)
    for ln in lines:
        if ln.end <= start or ln.start >= end:
            continue
        for w in text.lines[ln.index].words:
            if w.start >= start and w.end <= end and fold(w.text) in wrong_set:
                if w.conf is not None and w.conf < MISSPELLING_MIN_CONF:
                    return False
    return True


# ---------------------------------------------------------------- type line and title
def _type_at(ln: _L) -> Optional[tuple[vocab.DocTypeEntry, int]]:
    """The document type written at the start of a line in capitals (``KẾ HOẠCH``, OCR's
    ``KÉ HOẠCH``) → (type, end offset of the label in the line), else None. A type word in
    sentence case only counts when it is alone on its line."""
    s = ln.text.strip()
    if not s:
        return None
    lead = len(ln.text) - len(ln.text.lstrip())
    words = s.split()
    for n in (4, 3, 2, 1):
        if len(words) < n:
            continue
        label = " ".join(words[:n])
        entry = vocab.doc_type_by_label(label, fuzzy=len(label) >= 7)
        if entry is None or len(entry.label.split()) != n:
            continue
        if not (_is_upper_text(label) or len(words) == n):
            return None
        if len(words) > n and not _is_upper_text(s):
            return None  # "Kế hoạch này được…" is a sentence, not a type line
        m = re.match(r"\s*" + r"\s+".join(re.escape(w) for w in words[:n]), ln.text)
        return entry, (m.end() if m else lead + len(label))
    return None


def _starts_with_any(s: str, phrases: tuple[str, ...]) -> bool:
    return _starts_with_phrase(s.split()[:8], phrases) is not None


def _line_is_full(ln: _L, full_len: float) -> bool:
    return len(ln.text.strip()) >= full_len


def _centred_under(text: Text, type_idx: int):
    """A test "is this line centred under the type line and short of the right margin?"
    from the line boxes (PDF, OCR); None when the loader gave no boxes. Titles are centred;
    a body paragraph's first line is indented and runs to the right margin."""
    tl = text.lines[type_idx]
    page = text.page_of(tl.page)
    if tl.bbox is None or page is None or not page.width:
        return None
    centre = (tl.bbox[0] + tl.bbox[2]) / 2
    right = max((ln.bbox[2] for ln in text.lines if ln.page == tl.page and ln.bbox), default=0)
    tolerance = CENTRE_TOLERANCE * page.width

    def centred(ln: _L) -> bool:
        box = text.lines[ln.index].bbox
        return (box is not None and abs((box[0] + box[2]) / 2 - centre) <= tolerance
                and box[2] < right - tolerance)
    return centred


def _title_lines(lines: list[_L], type_idx: int, type_end: int, full_len: float,
                 centred=None) -> list[tuple[_L, int, int]]:
    """The title's pieces (line, start col, end col) after the type line.

    A line continues the title when the line before it wrapped (it was full), when it
    starts in lower case, when both are in capitals, or — with line boxes — when it is
    centred like the type line."""
    cues = vocab.header_cues()
    pieces: list[tuple[_L, int, int]] = []
    first = lines[type_idx]
    rest = first.text[type_end:]
    if rest.strip(" :-–"):
        a = type_end + len(rest) - len(rest.lstrip(" :-–"))
        pieces.append((first, a, len(first.text.rstrip())))
    seen_blank = False
    for ln in lines[type_idx + 1: type_idx + 1 + TITLE_MAX_LINES + 4]:
        if ln.blank:
            if pieces:
                seen_blank = True
            continue
        s = ln.text.strip()
        if seen_blank and pieces:
            break
        if not any(c.isalpha() for c in s):
            if pieces and _figure_ends_title(pieces[-1], s, cues.title_number_cues):
                pieces.append((ln, len(ln.text) - len(ln.text.lstrip()), len(ln.text.rstrip())))
                continue
            if pieces:
                break  # a rule "-----" under the title
            continue
        if _starts_with_any(s, cues.strong_openers) or OUTLINE.match(s):
            break
        if not pieces:
            weak = _starts_with_any(s, cues.weak_openers) and not _is_upper_text(s)
            if weak and (len(s) > 250 or s.rstrip().endswith((";", ":", ","))):
                break
            pieces.append((ln, len(ln.text) - len(ln.text.lstrip()), len(ln.text.rstrip())))
            continue
        prev_ln, _, prev_end = pieces[-1]
        prev = prev_ln.text[:prev_end].rstrip()
        both_upper = _is_upper_text(prev) and _is_upper_text(s)
        # a full stop ends the title, unless it sits between two lines in capitals (a dot
        # OCR put after a capitals word: "… CHÍNH." / "TRỊ …")
        if prev.endswith(":") or (prev.endswith((".", ";")) and not both_upper) \
                or len(pieces) >= TITLE_MAX_LINES:
            break
        lower_start = s[0].islower() or (s[0] == "(" and len(s) <= 80)  # "(Giai đoạn 2021-2025)"
        is_centred = bool(centred and centred(ln))
        if not (both_upper or lower_start or is_centred or _line_is_full(prev_ln, full_len)):
            break
        if not both_upper and _starts_with_any(s, cues.weak_openers):
            break
        if _is_upper_text(prev) != _is_upper_text(s) and not lower_start:
            break  # "Về việc …" then "CHỦ TỊCH ỦY BAN NHÂN DÂN …" (the deciding authority)
        if _names_authority(s) and _fold_word(prev.split()[-1]) not in _title_links():
            break  # "… TRÊN ĐỊA BÀN TỈNH" then "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"
        pieces.append((ln, len(ln.text) - len(ln.text.lstrip()), len(ln.text.rstrip())))
    return pieces


def _names_authority(s: str) -> bool:
    """A line in capitals naming the deciding authority: a position or a body, alone
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X", "BỘ TRƯỞNG BỘ NỘI VỤ", "CHÍNH PHỦ",
    "THỦ TƯỚNG CHÍNH PHỦ điện:")."""
    core = s.strip(" *:")
    if core.endswith(("điện", "ĐIỆN")):
        core = core[:-4].strip()
    words = core.split()
    if not words or len(words) > 14 or not _is_upper_text(core):
        return False
    return bool(_match_position(core) or _starts_with_phrase(words, vocab.issuer_bodies()))


@lru_cache(maxsize=1)
def _title_links() -> frozenset[str]:
    data = vocab.load_toml("header_cues.toml").get("title_link_words", [])
    if not isinstance(data, list) or not all(isinstance(v, str) and v for v in data):
        raise vocab.VocabularyError("extractor/data/header_cues.toml: 'title_link_words' "
                                    "must be a list of strings")
    return frozenset(fold(v) for v in data)


# The figure a wrapped title may leave alone on its last line: a year, a range of years
# or a number ("2022", "2021 - 2025", "(2020-2025)", "XIII" has letters and is not one).
TITLE_FIGURE = re.compile(r"^[(]?\d{1,4}(?:[ ]*[-–/][ ]*\d{1,4})*[)]?[.]?$")


def _figure_ends_title(previous: tuple[_L, int, int], s: str, cues: tuple[str, ...]) -> bool:
    """Whether a line holding only a figure ends the title above it: the title's last
    piece ends with a word announcing a figure ("… năm" / "2022")."""
    if not TITLE_FIGURE.match(s):
        return False
    prev_ln, _, prev_end = previous
    words = tuple(_fold_word(w) for w in prev_ln.text[:prev_end].split())
    return any(len(words) >= len(cue) and words[-len(cue):] == cue
               for _, cue in _folded(cues))


def _full_line_length(lines: list[_L]) -> float:
    """Length of a "full" line (a wrapped paragraph line) on this document's first page."""
    lengths = sorted(len(ln.text.strip()) for ln in lines[:120] if len(ln.text.strip()) > 20)
    if not lengths:
        return 10_000.0
    p80 = lengths[int(0.8 * (len(lengths) - 1))]
    return 0.8 * p80


# ---------------------------------------------------------------- the parser
def parse_header(text: Text) -> HeaderInfo:
    """Read the document header, end matter and contacts of ``text``."""
    lines = _lines(text)
    doc = Document()
    info = HeaderInfo(document=doc)
    prov = doc.provenance
    nt = vocab.national_title()

    # 1. the type line bounds the header zone
    type_idx = None
    type_hit = None
    nonblank = 0
    for ln in lines:
        if ln.blank:
            continue
        nonblank += 1
        if nonblank > HEADER_MAX_LINES or _starts_with_any(ln.text.strip(), STOP_TYPE_SEARCH):
            break  # the body has begun ("Kính gửi:", "Căn cứ …"): a later type word is not it
        hit = _type_at(ln)
        if hit:
            type_idx, type_hit = ln.index, hit
            break
    zone_end = type_idx if type_idx is not None else _zone_without_type(lines)
    head = lines[:zone_end]

    # 2. right-column phrases and the number line, masked out of each header line
    info.national_title = _find_phrase(head, nt.title, nt.min_score, text)
    info.motto = _find_phrase(head, nt.motto, nt.min_score, text)
    party = _find_phrase(head, nt.party_title, 90, text)
    taken: dict[int, list[tuple[int, int]]] = {}

    def take(span: tuple[int, int]) -> None:
        ln = lines[text.line_index_at(span[0])]
        taken.setdefault(ln.index, []).append((span[0] - ln.start, span[1] - ln.start))

    for check in (info.national_title, info.motto, party):
        if check:
            _take_lines(head, *check.span, take)

    number_idx = _parse_number(head, doc, info, text, take)
    date_idx = _parse_place_date(head, doc, info, text, take, taken)

    # 3. the issuer: what is left of the header lines before the number/date lines
    stop = min(i for i in (number_idx, date_idx, zone_end) if i is not None)
    _parse_issuer(head[:stop + 1] if stop < zone_end else head, taken, doc, info, text)

    # 4. type and title
    if type_hit is not None:
        entry, type_end = type_hit
        tl = lines[type_idx]
        doc.doc_type, doc.doc_type_label = entry.slug, entry.label
        a = len(tl.text) - len(tl.text.lstrip())
        prov["doc_type"] = text.provenance(tl.start + a, tl.start + type_end, rule="type_line")
        prov["doc_type_label"] = prov["doc_type"]
        pieces = _title_lines(lines, type_idx, type_end, _full_line_length(lines),
                              _centred_under(text, type_idx))
        if pieces:
            first, a0, b0 = pieces[0]
            sm = VV_MARK.match(first.skel[a0:b0])
            if sm and sm.end() < b0 - a0:  # "CÔNG ĐIỆN" / "V/V CHỦ ĐỘNG PHÒNG, …"
                pieces[0] = (first, a0 + sm.end(), b0)
            doc.title = collapse_spaces(" ".join(p[0].text[p[1]:p[2]] for p in pieces))
            start = pieces[0][0].start + pieces[0][1]
            end = pieces[-1][0].start + pieces[-1][2]
            prov["title"] = text.provenance(start, end, rule="title_after_type")
    else:
        # no type heading: a "V/v" subject line makes the document a công văn (whose
        # symbol has no type part: "CT" in "5253/CT-CS" names the issuer, not Chỉ thị);
        # without one the type is only a guess from the symbol, said to be one
        if _parse_subject_line(head, doc, text):
            entry = vocab.doc_type_by_abbr(SYMBOL_PARTS.split(doc.symbol)[0]) if doc.symbol else None
            if entry is not None:
                info.doubts.append(("doc_type", "ambiguous",
                                    f"Có dòng “V/v” nên là công văn, nhưng ký hiệu “{doc.symbol}” "
                                    f"bắt đầu bằng “{entry.abbr}” (chữ viết tắt của {entry.label})"))
        else:
            entry = vocab.doc_type_by_abbr(SYMBOL_PARTS.split(doc.symbol)[0]) if doc.symbol else None
            if entry:
                doc.doc_type, doc.doc_type_label = entry.slug, entry.label
                prov["doc_type"] = prov["symbol"].model_copy(update={"inferred": True,
                                                                     "rule": "type_from_symbol"})
                info.guessed.append("doc_type")

    # 5. period, end matter, contacts
    _parse_period(lines, doc, text, type_idx)
    rec_idx = _parse_recipients(lines, doc, info, text)
    _parse_signer(lines, rec_idx, doc, text)
    if info.date_line is None:
        # some bodies (associations, Party committees, reports) date the document at its
        # end, just above the signature
        end_lines = lines[max(0, rec_idx - 20):rec_idx + 30] if rec_idx is not None else lines[-30:]
        _parse_place_date(end_lines, doc, info, text, lambda span: None, {},
                          rule="place_date_end", alone=True)
    _parse_contacts(text, doc)
    info.self_references = _self_references(lines, text, doc.doc_type)
    info.cut_off = rec_idx is None and doc.signer is None and _ends_mid_sentence(lines)
    year = doc.issue_date.year if doc.issue_date else None
    if year is None and doc.period and doc.period.start:
        year = doc.period.start.year
    info.extras["year"] = year
    return info


def _parse_subject_line(head: list[_L], doc: Document, text: Text) -> bool:
    """A letter (công văn) has no type line; its subject is the "V/v …" line under the
    number: that line is the title, and the document a công văn unless its symbol said
    otherwise."""
    for i, ln in enumerate(head):
        m = SUBJECT.match(ln.skel)
        if not m:
            continue
        pieces = [(ln, m.end(), len(ln.text.rstrip()))]
        for nxt in head[i + 1:i + 4]:
            s = nxt.text.strip()
            marker_alone = len(pieces) == 1 and not ln.text[m.end():].strip()
            if not s or not (s[0].islower() or (marker_alone and s[0].isalpha())):
                break
            pieces.append((nxt, len(nxt.text) - len(nxt.text.lstrip()), len(nxt.text.rstrip())))
        title = collapse_spaces(" ".join(p[0].text[p[1]:p[2]] for p in pieces))
        if not title:
            return False
        doc.title = title
        start, end = pieces[0][0].start + pieces[0][1], pieces[-1][0].start + pieces[-1][2]
        doc.provenance["title"] = text.provenance(start, end, rule="subject_line")
        entry = vocab.doc_type_by_slug("cong_van")
        doc.doc_type, doc.doc_type_label = entry.slug, entry.label
        doc.provenance["doc_type"] = text.provenance(ln.start, ln.start + m.end(),
                                                     inferred=True, rule="subject_line")
        return True
    return False


def _ends_mid_sentence(lines: list[_L]) -> bool:
    """Does the last non-blank line stop without closing punctuation ("… và những")?"""
    for ln in reversed(lines):
        s = ln.text.strip()
        if s:
            return not s.endswith((".", ";", ":", "!", "?", ")", "”", '"', "/"))
    return False


def _zone_without_type(lines: list[_L]) -> int:
    """Without a type line the header ends at the first body opener (or after 12 lines)."""
    cues = vocab.header_cues()
    nonblank = 0
    for ln in lines:
        if not any(c.isalnum() for c in ln.text):
            continue  # blank, a rule or a table's cell separator: not a header line
        nonblank += 1
        s = ln.text.strip()
        if nonblank > 12 or _starts_with_any(s, cues.strong_openers + cues.weak_openers):
            return ln.index
    return len(lines)


def _zone_skeleton(lines: list[_L], text: Text, taken: Optional[dict] = None) -> tuple[int, str]:
    """(offset, masked skeleton) of the text of ``lines`` taken as one string, line breaks
    kept: a part of the header may wrap over several lines ("Số:" / "79/2025/NQ-HĐND",
    "ngày 03" / "tháng 12 năm 2025"). Spans in ``taken`` (per line) are blanked."""
    if not lines:
        return 0, ""
    base = lines[0].start
    skel = skeleton(_mask(text.text[base:lines[-1].end]))
    if taken:
        chars = list(skel)
        for ln in lines:
            for a, b in taken.get(ln.index, ()):
                lo, hi = ln.start - base + a, ln.start - base + b
                chars[lo:hi] = " " * (hi - lo)
        skel = "".join(chars)
    return base, skel


def _take_lines(lines: list[_L], start: int, end: int, take) -> None:
    """Mark [start, end) (text offsets) as taken on every line it covers."""
    for ln in lines:
        a, b = max(start, ln.start), min(end, ln.end)
        if a < b:
            take((a, b))


def _line_of(lines: list[_L], offset: int) -> _L:
    starts = [ln.start for ln in lines]
    return lines[max(0, bisect.bisect_right(starts, offset) - 1)]


SYMBOL_JOINERS = str.maketrans({"\u00ad": "-", "\ufffe": "-"})


def _clean_symbol(raw: str) -> str:
    """The symbol as written without spaces or line breaks; a soft hyphen is a hyphen
    ("KH\\u00ad" / "UBND" → "KH-UBND")."""
    s = SPACES.sub("", raw.translate(SYMBOL_JOINERS))
    return re.sub(r"-{2,}", "-", s)


def _parse_number(head: list[_L], doc: Document, info: HeaderInfo, text: Text, take
                  ) -> Optional[int]:
    base, skel = _zone_skeleton(head, text)
    m = NUMBER_LINE.search(skel)
    if m:
        g = lambda k: base + k  # noqa: E731 - zone offset -> text offset
        num = m.group("num")
        sym = _clean_symbol(text.text[g(m.start("sym")):g(m.end("sym"))])
        repairs = []
        if num:
            fixed = num.translate(_OCR_DIGITS)
            if fixed != num:
                repairs.append(f"{num} -> {fixed}")
            num = fixed
        doc.number = num
        doc.symbol = sym
        if num:
            year = m.group("year")
            sep = m.group("sep")
            doc.code = f"{doc.number}/{year}/{sym}" if year else f"{doc.number}{sep}{sym}"
        span = (g(m.start()), g(m.end()))
        info.number_line = span
        _take_lines(head, *span, take)
        if num:
            doc.provenance["number"] = text.provenance(g(m.start("num")), g(m.end("num")),
                                                       rule="so_line", repairs=repairs)
            doc.provenance["code"] = text.provenance(g(m.start("num")), span[1], rule="so_line")
        doc.provenance["symbol"] = text.provenance(g(m.start("sym")), span[1], rule="so_line")
        if m.group("year"):
            info.extras["number_year"] = m.group("year")
        return _line_of(head, span[0]).index
    for ln in head:
        m = NUMBER_BLANK.search(ln.skel)
        if m and len(ln.text.strip()) <= 40:
            span = (ln.start + m.start(), ln.start + m.end())
            info.number_line = span
            take(span)
            return ln.index
    return None


_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
# A line that may hold the first words of a wrapped place name ("Thành phố Hồ Chí" /
# "Minh, ngày …"): capitalised words or administrative-unit words, nothing else.
PLACE_START = re.compile(r"^[ ]*(?:TP\.|[A-Z][\w.]*)(?:[ ]+(?:[A-Z][\w.]*|thanh[ ]pho|tinh|"
                         r"quan|huyen|thi[ ]xa|xa|phuong))*[ ]*$")


def _parse_place_date(head: list[_L], doc: Document, info: HeaderInfo, text: Text, take,
                      taken: dict, *, rule: str = "place_date_line", alone: bool = False
                      ) -> Optional[int]:
    """The "Place, ngày … tháng … năm …" line among ``head`` (its parts may wrap onto the
    next lines); with ``alone`` only a line holding just that (used at the end of the
    text, above the signature)."""
    groups = [[ln] for ln in head if len(ln.text.strip()) <= 70] if alone else [head]
    for group in groups:
        base, skel = _zone_skeleton(group, text, taken)
        for m in DATE_LINE.finditer(skel):
            d = m.group("d") or m.group("d2")
            mo = m.group("m") or m.group("m2")
            y = m.group("y") or m.group("y2")
            if m.group("place") is None and not (d or mo or y):
                continue
            if alone and (m.group("place") is None or m.start() > 3):
                continue
            ln = _line_of(group, base + m.start())
            found = _found_date(m, base, ln, group, doc, info, text, take, rule, (d, mo, y))
            if found is not None:
                return found
    return None


def _found_date(m: re.Match, base: int, ln: _L, group: list[_L], doc: Document,
                info: HeaderInfo, text: Text, take, rule: str,
                dmy: tuple[Optional[str], Optional[str], Optional[str]]) -> Optional[int]:
    d, mo, y = dmy
    end_offset = base + m.end()
    end_line = _line_of(group, end_offset - 1)
    if d and mo and not y and m.group("d") and end_line.index + 1 < len(text.lines):
        # "…, ngày 05 tháng 3" / "năm 2022" in a narrow column, past the zone's end
        nxt = text.lines[end_line.index + 1]
        ym = WRAPPED_YEAR.match(skeleton(_mask(text.text[nxt.start:nxt.end])))
        if ym:
            y = ym.group("y")
            end_offset = nxt.start + ym.end()
    repairs = []
    parts = []
    for v in (d, mo, y):
        if v is None:
            parts.append(None)
            continue
        fixed = v.translate(_OCR_DIGITS)
        if fixed != v:
            repairs.append(f"{v} -> {fixed}")
        parts.append(int(fixed))
    span = (base + m.start(), end_offset)
    info.date_line = span
    _take_lines(group, span[0], base + m.end(), take)
    if m.group("place"):
        p0, p1 = base + m.start("place"), base + m.end("place")
        p0 = _wrapped_place_start(text, ln, p0)
        place = collapse_spaces(_mask(text.text[p0:p1]))
        doc.place = place.strip(" ,.-")
        doc.provenance["place"] = text.provenance(p0, p1, rule=rule)
        if p0 < span[0]:
            info.date_line = span = (p0, span[1])
            _take_lines(group, p0, p1, take)
    if all(p is not None for p in parts):
        try:
            doc.issue_date = date(parts[2], parts[1], parts[0])
        except ValueError:
            info.extras["invalid_issue_date"] = collapse_spaces(text.text[span[0]:span[1]])
        else:
            ds = base + (m.start("d") if m.group("d") else m.start("d2"))
            doc.provenance["issue_date"] = text.provenance(ds, span[1], rule=rule,
                                                           repairs=repairs)
    return ln.index


def _wrapped_place_start(text: Text, ln: _L, p0: int) -> int:
    """Where a place name that begins its line starts when the line above holds its first
    words ("Thành phố Hồ Chí" / "Minh, ngày 28 …"): that line must hold only such words
    and the place so joined stay short."""
    lead = text.text[ln.start:p0]
    if lead.strip(" *") or ln.index == 0:
        return p0
    prev = text.lines[ln.index - 1]
    raw = _mask(text.text[prev.start:prev.end])
    skel = skeleton(raw)
    words_here = len(text.text[p0:text.text.find(",", p0)].split())
    if not PLACE_START.match(skel) or _is_upper_text(raw) or words_here > 2 \
            or len(raw.split()) + words_here > 7:
        return p0
    return prev.start + len(raw) - len(raw.lstrip())


def _issuer_pieces(head: list[_L], taken: dict) -> list[tuple[_L, int, int]]:
    """What is left of the header lines once right-column phrases are removed: pieces of
    the left block, in reading order, that look like a body name (words in capitals)."""
    pieces = []
    nonblank = 0
    for ln in head:
        if ln.blank:
            continue
        nonblank += 1
        if nonblank > ISSUER_MAX_LINES:
            break
        chars = list(ln.text)
        spans = taken.get(ln.index, [])
        for a, b in spans:
            chars[a:b] = " " * (b - a)
        # nothing of the left column follows the number ("Số: 01/KH-HKH Long Biên, …")
        masked = "".join(chars)
        for m in COLUMN_PIECE.finditer(masked):
            seg = m.group(0).strip(" -–—_=.:;,|")
            words = [w for w in seg.split() if any(c.isalpha() for c in w)]
            alone = seg == ln.text.strip(" -–—_=.:;,|")  # a wrapped word on its own line
            if len(words) < 2 and not (words and words[0].isupper()
                                       and len(words[0]) >= (2 if alone else 3)):
                continue
            if not _is_upper_text(seg) or sum(len(w) >= 2 for w in words) < max(1, len(words) // 2):
                continue
            if RULE_LINE.fullmatch(seg) or _type_at(_L(0, 0, seg, seg, skeleton(seg))):
                continue
            if OUTLINE.match(seg):
                continue  # "II. TỔ CHỨC THỰC HIỆN" is a heading of the body
            a = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(" -–—_=.:;,|")))
            pieces.append((ln, a, a + len(seg)))
    return pieces


def _continues_phrase(prev: tuple[_L, int, int], words: list[str]) -> bool:
    """Whether a body phrase begun at the end of the previous piece runs on into
    ``words`` ("ỦY" + "BAN NHÂN DÂN", "VĂN" + "PHÒNG CHÍNH PHỦ")."""
    ln, a, b = prev
    before = ln.text[a:b].split()
    for k in range(max(0, len(before) - 3), len(before)):
        head = before[k:]
        hit = _starts_with_phrase(head + words[:6], vocab.issuer_bodies())
        if hit and hit[1] > len(head):
            return True
    return False


def _is_bare_body(name: str) -> bool:
    """A name that is only a body word of the vocabulary ("Văn phòng", "Ban")."""
    return fold(name) in _unit_kinds()


@lru_cache(maxsize=1)
def _unit_kinds() -> frozenset[str]:
    data = vocab.load_toml("header_bodies.toml").get("unit_kinds", [])
    if not isinstance(data, list) or not all(isinstance(v, str) and v for v in data):
        raise vocab.VocabularyError("extractor/data/header_bodies.toml: 'unit_kinds' must be "
                                    "a list of strings")
    return frozenset(fold(v) for v in data)


def _parse_issuer(head: list[_L], taken: dict, doc: Document, info: HeaderInfo,
                  text: Text) -> None:
    pieces = _issuer_pieces(head, taken)
    if not pieces:
        return
    bodies: list[list[tuple[_L, int, int]]] = []
    for piece in pieces:
        ln, a, b = piece
        words = ln.text[a:b].split()
        starts_body = _starts_with_phrase(words, vocab.issuer_bodies()) is not None
        if starts_body and bodies and _continues_phrase(bodies[-1][-1], words):
            starts_body = False  # "VĂN" / "PHÒNG CHÍNH PHỦ": one name wrapped
        if not bodies or starts_body:
            bodies.append([piece])
        else:
            bodies[-1].append(piece)
    issuer = bodies[-1]
    info.issuer_in_header = True
    doc.issuer = recase(" ".join(p[0].text[p[1]:p[2]] for p in issuer))
    if len(bodies) > 1 and _is_bare_body(doc.issuer):
        # "BAN CHẤP HÀNH TRUNG ƯƠNG" / "VĂN PHÒNG": a unit named only by its kind is
        # known by its parent ("Văn phòng Ban Chấp hành Trung ương")
        parent_text = " ".join(p[0].text[p[1]:p[2]] for body in bodies[:-1] for p in body)
        doc.issuer = f"{doc.issuer} {recase(parent_text)}"
    doc.provenance["issuer"] = text.provenance(issuer[0][0].start + issuer[0][1],
                                               issuer[-1][0].start + issuer[-1][2],
                                               rule="header_left_block")
    if len(bodies) > 1:
        parent = [p for body in bodies[:-1] for p in body]
        doc.issuer_parent = recase(" ".join(p[0].text[p[1]:p[2]] for p in parent))
        doc.provenance["issuer_parent"] = text.provenance(
            parent[0][0].start + parent[0][1], parent[-1][0].start + parent[-1][2],
            rule="header_left_block")


def _parse_period(lines: list[_L], doc: Document, text: Text, type_idx: Optional[int]) -> None:
    """The time span the plan covers: a range under a "Thời gian" heading near the top,
    else the dates of the title, else null."""
    year = doc.issue_date.year if doc.issue_date else None
    start_idx = (type_idx or 0) + 1
    body = [ln for ln in lines[start_idx:start_idx + 80] if not ln.blank]
    for i, ln in enumerate(body):
        if not TIME_HEADING.match(ln.skel):
            continue
        # a span of time under the heading; a bare year only when nothing finer is written
        # ("II. Thời gian triển khai … năm 2020" / "Từ ngày 01 đến 31/10/2020.")
        found = []
        for cand in body[i:i + 3]:
            off = cand.skel.lower().find("thoi gian")
            seg_start = off + len("thoi gian") if cand is ln and off >= 0 else 0
            for span in find_dates(cand.text[seg_start:], default_year=year):
                if span.invalid or span.start is None or span.end is None:
                    continue
                if span.kind in PERIOD_KINDS:
                    found.append((span.kind == "year", cand.start + seg_start, span))
        if found:
            _, base, span = min(found, key=lambda f: f[0])
            a, b = base + span.span[0], base + span.span[1]
            doc.period = Period(start=span.start, end=span.end, text=span.text,
                                provenance=text.provenance(a, b, rule="time_heading"))
            doc.provenance["period"] = doc.period.provenance
            return
        break
    if doc.title and "title" in doc.provenance:
        tprov = doc.provenance["title"]
        t0, t1 = tprov.span
        raw = _mask(text.text[t0:t1]).replace("\n", " ")
        for span in find_dates(raw, default_year=year):
            if span.invalid or span.start is None or span.end is None or span.kind == "day":
                continue
            a, b = t0 + span.span[0], t0 + span.span[1]
            doc.period = Period(start=span.start, end=span.end, text=span.text,
                                provenance=text.provenance(a, b, rule="title_dates"))
            doc.provenance["period"] = doc.period.provenance
            return


# ---------------------------------------------------------------- end matter
def _is_appendix_start(ln: _L) -> bool:
    if ln.appendix is None:
        ln.appendix = _opens_appendix(ln)
    return ln.appendix


def _opens_appendix(ln: _L) -> bool:
    s = ln.text.strip()
    if _starts_with_any(s, ("(Kèm theo", "Kèm theo", "(Ban hành kèm theo", "PHỤ LỤC", "Phụ lục")):
        return True
    return bool(_is_upper_text(s) and len(s.split()) >= 3 and _type_at(ln)) or \
        bool(_starts_with_any(s, vocab.header_cues().appendix_heads) and _is_upper_text(s))


def _clean_recipient(s: str) -> str:
    s = SIDE_NOTE.sub("", s)
    s = SIDE_NOTE_PAREN.sub("", s)
    s = BULLET.sub("", s).lstrip("“”\"'`‘’,.:;_ ")
    s = collapse_spaces(s).rstrip(" ;.,:")
    s = COPY_COUNT.sub("", s).rstrip(" ;.,:")
    return s


def _parse_recipients(lines: list[_L], doc: Document, info: HeaderInfo, text: Text
                      ) -> Optional[int]:
    """The "Nơi nhận:" list, one entry per bulleted line; wrapped lines are joined."""
    heading = None
    for ln in lines:  # the first list: the main document's (an appendix may follow)
        m = RECIPIENTS.search(ln.skel)
        if m and (m.start() <= 3 or ln.text[:m.start()].strip() == ""):
            heading = (ln, m)
            break
    if heading is None:
        heading = _recipients_without_heading(lines)
    if heading is None:
        return None
    ln, m = heading
    info.recipients_line = (ln.start + m.start(), ln.start + m.end())
    entries: list[list] = []  # [text, start, end, closed]
    after = ln.text[m.end():]
    pending = [(ln, m.end(), len(ln.text))] if after.strip() else []
    blank_run = 0
    cands = pending + [(c, 0, len(c.text)) for c in lines[ln.index + 1: ln.index + 60]]

    def next_is_bulleted(k: int) -> bool:
        for cl2, a2, b2 in cands[k + 1:]:
            t = cl2.text[a2:b2].strip()
            if t:
                return bool(DASH.match(t) or LUU.match(skeleton(t)))
        return False

    for k, (cl, a, b) in enumerate(cands):
        seg = cl.text[a:b]
        if not seg.strip():
            blank_run += 1
            if entries and blank_run >= 2:
                break
            continue
        after_blank, blank_run = blank_run > 0, 0
        # the signature block may sit between entries (two columns read line by line):
        # its authority, position and name lines are skipped, not taken as the end
        am = AUTHORITY.search(skeleton(seg))
        if am and _authority_ok(seg[am.start():]):
            seg = seg[:am.start()]
            if not seg.strip():
                continue
        s = seg.strip()
        # "Lưu: VT" is always an entry, even when OCR lost or mangled its dash ("“LƯU VT")
        bulleted = bool(DASH.match(s) or LUU.match(skeleton(s)))
        if bulleted:
            # "LƯU VT Lê Khắc Nam": the signer's name read across after a capitalised entry
            words = s.split()
            for n in (5, 4, 3):
                head_words = words[:-n]
                if head_words and _is_upper_text(" ".join(head_words)) and \
                        _looks_like_name(" ".join(words[-n:])):
                    s = " ".join(head_words)
                    break
        if not bulleted and (_is_signature_line(_strip_junk(s)) or _plausible_share(s) < 0.5
                             or _position_suffix(_strip_junk(s))):
            continue
        # the end of an entry wrapped onto its own line ("- Thường trực Hội KH huyện,
        # thành" / "phố;"): short, but it starts in lower case and the entry is still open
        wrapped_end = (not bulleted and bool(entries) and not entries[-1][3]
                       and s[:1].islower() and _plausible_share(s) >= 0.5)
        if not bulleted and not wrapped_end and (sum(c.isalpha() for c in s) < 4 or (
                entries and _is_upper_text(s) and len(s.split()) <= 3)):
            continue  # a fragment of the signature column ("ĩ", "TỊCH", "CHU ƑC")
        if bulleted:
            # "- UVBCH Hội KH tỉnh; Vũ Mạnh Hiền": the right column read across after the
            # entry — a name, a position or OCR debris from the signature — is cut off
            parts = ENTRY_END.split(s, maxsplit=1)
            if len(parts) == 2:
                tail = _strip_junk(parts[1])
                if not tail or _is_signature_line(tail) or _name_suffix(tail) \
                        or _plausible_share(tail) < 0.75:
                    s = parts[0]
                    seg = seg[:seg.find(s) + len(s)]
            # "- CT; các PCT UBND TP; 3 TH": a last piece of two letters is debris
            pieces = s.split(";")
            while len(pieces) > 1 and sum(c.isalpha() for c in pieces[-1]) < 4:
                pieces.pop()
            if len(pieces) < len(s.split(";")):
                s = ";".join(pieces) + ";"
                seg = seg[:seg.find(pieces[0])] + s
        if _plausible_share(BULLET.sub("", s)) < 0.5:
            continue  # a stamp or a signature read as letters
        if entries and not bulleted and entries[-1][3] and next_is_bulleted(k):
            bulleted = True  # an entry whose dash OCR lost, inside the list
        if entries and not bulleted:
            prev = entries[-1]
            if after_blank or prev[3] or not (s[0].islower()
                                               or prev[0].rstrip().endswith((",", "&", "-"))):
                break
            prev[0] += " " + s
            prev[2] = cl.start + a + len(seg.rstrip())
            prev[3] = s.rstrip().endswith((";", "."))
            continue
        if not entries and not bulleted and _is_appendix_start(cl):
            break
        start = cl.start + a + (len(seg) - len(seg.lstrip()))
        entries.append([s, start, cl.start + a + len(seg.rstrip()), s.rstrip().endswith((";", "."))])
        if s.rstrip().endswith(".") and LUU.match(skeleton(s)):
            break  # "Lưu: VT." closes the list
        if len(entries) >= 40:
            break
    repairs: list[str] = []
    for e in entries:
        value = _clean_recipient(e[0])
        if value and text.source_at(e[1]) == "ocr":
            fixed = ARCHIVE_MISREAD.sub(r"\g<head>VT", value, count=1)
            if fixed != value:
                repairs.append(f"{value} -> {fixed}")
                value = fixed
        if value:
            doc.recipients.append(value)
    if entries:
        doc.provenance["recipients"] = text.provenance(entries[0][1], entries[-1][2],
                                                       rule="noi_nhan_list", repairs=repairs)
    return ln.index


_ABBR_TOKEN = re.compile(r"[A-ZĐ][A-ZĐ&0-9]{0,7}|[A-ZĐ][a-zđ]?[A-ZĐ][A-Za-zĐđ&]*|\d{1,3}|[a-zđ]/[a-zđ]")


def _plausible_share(s: str) -> float:
    """Share of the words of ``s`` that are Vietnamese syllables or abbreviations: OCR
    debris ("3 1ÿ111HUỆ 3EIEIn E]Nj") scores low."""
    words = [w.strip(".,;:()“”\"'-–&") for w in s.split()]
    words = [w for w in words if w]
    if not words:
        return 0.0
    good = sum(is_syllable(w) or bool(_ABBR_TOKEN.fullmatch(w)) or "&" in w or "/" in w
               for w in words)
    return good / len(words)


class _Cut:
    """A zero-width stand-in for a heading match (start = end = the given column)."""

    def __init__(self, col: int) -> None:
        self._col = col

    def start(self) -> int:
        return self._col

    def end(self) -> int:
        return self._col


def _recipients_without_heading(lines: list[_L]) -> Optional[tuple[_L, _Cut]]:
    """When OCR destroyed the "Nơi nhận:" heading ("S0 nh"), the list is still known by
    its last entry "- Lưu: VT…": walk back over the bulleted lines above it; the line
    before them is taken as the heading (its text is not an entry)."""
    last = None
    for ln in reversed(lines):
        if LUU_ENTRY.match(ln.skel):
            last = ln
            break
    if last is None:
        return None
    bullets = 0
    j = last.index - 1
    while j >= 0 and last.index - j <= 40:
        t = lines[j].text.strip()
        if not t:
            j -= 1
            continue
        if DASH.match(t):
            bullets += 1
            j -= 1
            continue
        if _is_signature_line(_strip_junk(t)) or _position_suffix(_strip_junk(t)) or \
                sum(c.isalpha() for c in t) < 4:
            j -= 1
            continue
        break
    if j < 0 or bullets < 2:
        return None
    return lines[j], _Cut(len(lines[j].text))


def _is_signature_line(s: str) -> bool:
    """A position in capitals ("PHÓ CHỦ TỊCH") or a personal name, as met in the
    signature block."""
    s = s.strip()
    if _is_upper_text(s):
        pos = _match_position(s)
        if pos and len(s.split()) <= len(pos.split()) + 1:
            return True
    return _looks_like_name(s)


def _authority_ok(seg: str) -> bool:
    """The words after TM./KT./… name a body or a position (not any capital word)."""
    m = AUTHORITY.match(skeleton(seg))
    if not m:
        return False
    body = seg[m.start("body"):].strip()
    words = body.split()
    if not words or not _is_upper_text(" ".join(words[:3])):
        return False
    # one word in capitals may be the start of a wrapped body ("K/T CHÁNH" / "VĂN PHÒNG")
    return bool(_starts_with_phrase(words, vocab.issuer_bodies())
                or _match_position(body) or len(words) >= 2
                or (len(words[0]) >= 4 and words[0].isupper()))


def _match_position(s: str) -> Optional[str]:
    """The position (vocabulary case) a line starts with, OCR-tolerant."""
    s = collapse_spaces(s.strip(" .,:;"))
    if not s:
        return None
    words = s.split()
    hit = _starts_with_phrase(words, vocab.positions())
    if hit:
        return hit[0]
    heads: dict[int, str] = {}
    for pos, n, pos_key in _position_keys(vocab.positions()):
        if n not in heads:
            head = " ".join(words[:n])
            heads[n] = skeleton(head).lower() if len(head) >= 6 else ""
        if heads[n] and fuzz.ratio(heads[n], pos_key, score_cutoff=90) >= 90:
            return pos
    return None


@lru_cache(maxsize=4)
def _position_keys(positions: tuple[str, ...]) -> tuple[tuple[str, int, str], ...]:
    """(position, its word count, its lower-case skeleton) for the fuzzy match."""
    return tuple((p, len(p.split()), skeleton(p).lower()) for p in positions)


def _looks_like_name(s: str) -> bool:
    """A Vietnamese personal name: 2–6 capitalised syllables, no vocabulary word."""
    s = collapse_spaces(s.strip(" .,;:"))
    words = s.split()
    if not 2 <= len(words) <= 6:
        return False
    if _starts_with_any(s, vocab.header_cues().not_name_starts):
        return False
    if _match_position(s) or _starts_with_phrase(words, vocab.issuer_bodies()):
        return False
    if not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    if s.isupper() and len(words) > 4:
        return False  # a heading in capitals, not a name
    return all(is_syllable(w) for w in words)


def _strip_junk(s: str) -> str:
    """Drop leading OCR debris (stamp and signature strokes read as ``_ ï``, ``3 1ÿ``)."""
    words = s.split()
    while words and not (sum(c.isalpha() for c in words[0]) >= 2 or words[0] in ("Đ", "Q.")):
        words.pop(0)
    return " ".join(words)


def _position_suffix(seg: str, *, whole: bool = False) -> Optional[tuple[str, str]]:
    """A capitalised position ending the segment ("ăn thể PHÓ CHỦ TỊCH" → "Phó Chủ tịch");
    with ``whole`` the position must be the whole segment."""
    words = seg.split()
    starts = [0] if whole else range(max(0, len(words) - 5), len(words))
    for k in starts:
        tail = " ".join(words[k:])
        if not _is_upper_text(tail):
            continue
        pos = _match_position(tail)
        if pos and len(tail.split()) <= len(pos.split()) + 1:
            return pos, tail
    if not whole and len(words) == 1 and len(words[0]) >= 3 and words[0].isupper():
        # OCR kept only the last word ("TỊCH"): the shortest position ending with it
        ends = [p for p in vocab.positions() if fold(p.split()[-1]) == fold(words[0])]
        if ends:
            return min(ends, key=len), words[0]
    return None


def _name_suffix(seg: str) -> Optional[str]:
    """The segment, or its last 3–5 words, when they read as a personal name."""
    if _looks_like_name(seg):
        return seg
    words = seg.split()
    for n in (5, 4, 3):
        if len(words) > n:
            tail = " ".join(words[-n:])
            if _looks_like_name(tail) and not tail.isupper():
                return tail
    return None


def _name_below(lines: list[_L]) -> bool:
    """Whether one of these lines is a name written in mixed case ("Lê Khắc Nam"): a line in
    capitals above it is then not the name but a damaged position."""
    return any((name := _name_suffix(_strip_junk(ln.text.strip()))) and not name.isupper()
               for ln in lines if not ln.blank)


def _extends_authority(body: str, nxt: str) -> bool:
    """Whether the line ``nxt`` (in capitals) finishes the body or position begun at the
    end of an authority line ("TM. ỦY BAN" + "NHÂN DÂN", "K/T CHÁNH" + "VĂN PHÒNG")."""
    nxt = nxt.strip(" *")
    words, more = body.split(), nxt.split()
    if not more or len(more) > 4 or not _is_upper_text(nxt):
        return False
    for k in range(max(0, len(words) - 3), len(words)):
        tail = words[k:]
        for phrases in (vocab.issuer_bodies(), vocab.positions()):
            hit = _starts_with_phrase(tail + more, phrases)
            if hit and hit[1] > len(tail):
                return True
    return False


def _wrapped_name(seg: str, following: list[_L]) -> Optional[tuple[str, _L]]:
    """A personal name broken over two lines: ``seg`` and the next line together read as
    a name, the next line holding one or two words."""
    if not following:
        return None
    nxt = following[0].text.strip(" *")
    seg = seg.strip(" *.,;:")
    more = nxt.split()
    if not more or len(more) > 2 or len(seg.split()) + len(more) > 5:
        return None
    joined = f"{seg} {nxt}"
    if not _looks_like_name(joined) or joined.isupper() != seg.isupper():
        return None
    return joined, following[0]


def _parse_signer(lines: list[_L], rec_idx: Optional[int], doc: Document, text: Text) -> None:
    """Authority line(s), position and name of the signature block, which sits beside,
    before or after "Nơi nhận" — or at the end of the body when there is no list."""
    if rec_idx is not None:
        lo, hi = max(0, rec_idx - SIGNATURE_BEFORE), min(len(lines), rec_idx + SIGNATURE_AFTER)
    else:
        body_end = len(lines)
        for ln in lines[len(lines) // 3:]:
            if _is_appendix_start(ln):
                body_end = ln.index
                break
        lo, hi = max(0, body_end - 25), body_end
    window = lines[lo:hi]
    authorities: list[tuple[str, int, int]] = []
    position = None
    pos_span = None
    name = None
    name_span = None
    start_i = None
    for i, ln in enumerate(window):
        if start_i is None and i > 0 and ln.index > (rec_idx or 0) and _is_appendix_start(ln):
            break
        m = AUTHORITY.search(ln.skel)
        if m and _authority_ok(ln.text[m.start():]):
            start_i = i
            break
    stand_alone = start_i is None
    candidates = [ln for ln in (window[start_i:] if not stand_alone else window) if not ln.blank]
    block = candidates[:SIGNATURE_BLOCK_LINES] if not stand_alone else candidates
    skip: set[int] = set()
    for k_, ln in enumerate(block):
        k = k_
        if k in skip:
            continue
        if _is_appendix_start(ln) and (authorities or position):
            break
        m = AUTHORITY.search(ln.skel)
        if m and _authority_ok(ln.text[m.start():]) and not name:
            prefix = ln.text[m.start("prefix"):m.end("prefix")].replace(" ", "").replace(".", "")
            prefix = prefix.replace("/", "").upper()
            body = ln.text[m.start("body"):].strip()
            end = ln.start + len(ln.text.rstrip())
            # "TM. ỦY BAN" / "NHÂN DÂN", "T/M BỘ CHÍNH" / "TRỊ": the body wrapped
            while k + 1 < len(block) and _extends_authority(body, block[k + 1].text.strip()):
                k += 1
                body = f"{body} {block[k].text.strip()}"
                end = block[k].start + len(block[k].text.rstrip())
                skip.add(k)
            as_position = _match_position(body)
            if as_position and len(body.split()) == len(as_position.split()):
                body = as_position  # "KT. CHỦ TICH" (OCR) → "KT. Chủ tịch"
            authorities.append((f"{prefix}. {recase(body)}", ln.start + m.start(), end))
            continue
        seg = ln.text.strip()
        # the right column read across: keep the part after a recipient entry
        if DASH.match(seg):
            parts = ENTRY_END.split(seg, maxsplit=1)
            if len(parts) < 2 or not parts[1].strip():
                continue
            seg = parts[1].strip()
        seg = _strip_junk(seg)
        if not seg:
            continue
        if position is None and (authorities or stand_alone):
            pos_seg = _position_suffix(seg, whole=stand_alone)
            if pos_seg:
                position, pos_text = pos_seg
                off = ln.text.rfind(pos_text)
                pos_span = (ln.start + off, ln.start + off + len(pos_text))
                continue
            if stand_alone:
                continue
        if authorities or position:
            name_text = _name_suffix(seg)
            if name_text and name_text.isupper() and _name_below(block[k + 1:k + 3]):
                continue  # a position in capitals OCR damaged ("PHÔ GHỦ HỊCH"), the name below
            if name_text is None or len(name_text.split()) <= 2:
                # "Trần" / "Chí Hùng", "Nguyễn Quỳnh" / "Thiện": a name wrapped
                joined = _wrapped_name(seg, block[k + 1:k + 2])
                if joined:
                    name_text, ln2 = joined
                    name = collapse_spaces(name_text)
                    if name.isupper():
                        name = " ".join(w[:1] + w[1:].lower() for w in name.split())
                    off = ln.text.rfind(seg.split()[0])
                    nxt = ln2.text.rstrip()
                    name_span = (ln.start + off, ln2.start + len(nxt))
                    break
            if name_text:
                name = collapse_spaces(name_text.strip(" .,;:"))
                if name.isupper():
                    name = " ".join(w[:1] + w[1:].lower() for w in name.split())
                off = ln.text.rfind(name_text)
                name_span = (ln.start + off, ln.start + off + len(name_text))
                break
    if not authorities and (position is None or name is None):
        return  # a lone capitalised position without a name is not a signature block
    if position is None and authorities:
        # "TM. BAN CHẤP HÀNH" + "CHỦ TỊCH" is the usual case; with only "KT. CHỦ TỊCH" the
        # signer is a deputy whose title is not written: leave it null.
        last = authorities[-1][0]
        pos_in = _match_position(last.split(". ", 1)[-1])
        if pos_in and not last.startswith(("KT", "Q", "TL", "TUQ")):
            position = pos_in
    spans = [(a, b) for _, a, b in authorities] + [s for s in (pos_span, name_span) if s]
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    auth = "; ".join(a for a, _, _ in authorities) or None
    name_provenance = text.provenance(*name_span, rule="signature_block") if name_span else None
    if name and name_provenance is not None and name_provenance.source == "ocr":
        # tesseract loses the marks of bold surnames ("Nguyễn" read "Nguyên")
        name, fixes = restore_surname(name)
        name_provenance.repairs.extend(f"{r.before} -> {r.after}" for r in fixes)
    doc.signer = Signer(name=name, position=position, authority=auth,
                        provenance=text.provenance(start, end, rule="signature_block"))
    doc.provenance["signer"] = doc.signer.provenance
    if name_provenance is not None:
        doc.provenance["signer.name"] = name_provenance


_EMAIL_CHAR = re.compile(r"[\w.%+(-]")  # what EMAIL reads before the "@"


def _emails(s: str):
    """``EMAIL.finditer(s)``, tried only just before each ``@``: a match is a run of
    _EMAIL_CHAR ending at an "@" (which the run cannot hold), so it can only start in the
    run right before an "@". The pattern tried at every word of the text cost more than
    the rest of the contacts.

    >>> [m.group(0) for m in _emails("Email: pgd@longbien.edu.vn; a@b, c.d@x.vn")]
    ['pgd@longbien.edu.vn', 'c.d@x.vn']
    """
    pos = 0
    while True:
        at = s.find("@", pos)
        if at < 0:
            return
        start = at
        while start > pos and _EMAIL_CHAR.match(s, start - 1):
            start -= 1
        m = None
        for p in range(start, at):
            m = EMAIL.match(s, p)
            if m:
                break
        if m:
            yield m
            pos = m.end()
        else:
            pos = at + 1


def _parse_contacts(text: Text, doc: Document) -> None:
    emails, phones = [], []
    first_email = first_phone = None
    repairs = str.maketrans(vocab.header_cues().email_ocr_repairs)
    for m in _emails(text.text):
        value = m.group(0).rstrip(".").translate(repairs)
        if not value.isascii() or not EMAIL_ASCII.fullmatch(value):
            continue
        if value not in emails:
            emails.append(value)
            first_email = first_email or (m.start(), m.start() + len(value))
    spans = []
    for m in PHONE_CUED.finditer(text.text):
        spans.append((m.start("phone"), m.end("phone")))
    for m in PHONE_MOBILE.finditer(text.text):
        if not any(a <= m.start() < b for a, b in spans):
            spans.append((m.start(), m.end()))
    for a, b in sorted(spans):
        value = text.text[a:b].strip(" .-")
        if value.endswith(")") and "(" not in value:
            value = value[:-1]
        if sum(c.isdigit() for c in value) < 6:
            continue
        if value not in phones:
            phones.append(value)
            first_phone = first_phone or (a, b)
    doc.contacts = Contacts(emails=emails, phones=phones)
    if first_email or first_phone:
        a, b = first_email or first_phone
        doc.provenance["contacts"] = text.provenance(a, b, rule="contacts")


def _self_references(lines: list[_L], text: Text, doc_type: Optional[str]
                     ) -> list[SelfReference]:
    """Appendix captions "(Kèm theo Kế hoạch số 01/KH-HKH ngày 19 tháng 01 năm 2021 …)" —
    a line that begins with the caption and names the document's own type (a caption
    naming another type attaches that other document)."""
    out = []
    for ln in lines:
        m = SELF_REF.search(ln.skel)
        if not m:
            continue
        entry = vocab.doc_type_by_label(ln.text[m.start("type"):m.end("type")].strip(),
                                        fuzzy=True)
        if entry is None or (doc_type is not None and entry.slug != doc_type):
            continue
        sym = SPACES.sub("", ln.text[m.start("sym"):m.end("sym")])
        rest = ln.text[m.end():]
        when = None
        end = m.end()
        dm = DATE_AFTER.match(skeleton(rest))
        if dm:
            spans = find_dates(rest)
            if spans and spans[0].kind == "day" and not spans[0].invalid:
                when = spans[0].start
                end = m.end() + spans[0].span[1]
        start = ln.skel.lower().find("kem theo", m.start())
        out.append(SelfReference(as_written=collapse_spaces(ln.text[start:end]),
                                 number=m.group("num"), symbol=sym, date=when,
                                 span=(ln.start + start, ln.start + end)))
    return out


__all__ = ["HeaderInfo", "PhraseCheck", "SelfReference", "parse_header", "recase",
           "skeleton", "is_syllable"]
