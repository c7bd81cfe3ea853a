"""Post-fixes for tesseract's habits on Vietnamese administrative text.

Applied to OCR'd lines only (a text layer or a DOCX says what it says). Each fix is a
small, local rewrite that cannot turn right text into wrong text:

* ``chars``: look-alike characters (``Ð`` U+00D0 → ``Đ``, ``⁄`` → ``/``);
* stray capital accented vowels inside a lower-case word (``thÁng`` → ``tháng``);
* Roman quarters misread as digits, only right after ``Quý`` (``Quý 11/2021`` →
  ``Quý II/2021``); Roman numerals misread in headings and after "thứ"/"khóa"
  (``IH.`` → ``III.``, ``lần thứ XIH`` → ``lần thứ XIII``);
* a number's first figure split off after "số" (``số 1 33/QĐ-TTg``, ``Số l 01/2024/NĐ-CP``
  → ``số 133/QĐ-TTg``, ``số 101/2024/NĐ-CP``): a narrow "1" is set apart and often read
  as ``l``, ``]`` or ``|``;
* a document symbol split at a line-end hyphen (``KH-`` ⏎ ``UBND`` → ``KH-UBND``);
* symbol parts missing the Đ stroke (``489/QD-TTg`` → ``489/QĐ-TTg``);
* a list dash misread at a line start (``~ Thường trực`` → ``- Thường trực``);
* the tone marks of a signer's family name (``Nguyên Văn An`` → ``Nguyễn Văn An``), by
  :func:`restore_surname`, which the header parser calls on OCR'd signatures only.

The vocabularies live in ``extractor/data/ocrfix.toml``. Every change is recorded as a
:class:`Repair` so a caller can list what was touched.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from vanban.extractor.text import WordBox, union_bbox

DATA = Path(__file__).parent / "data" / "ocrfix.toml"


@dataclass(frozen=True, slots=True)
class Repair:
    rule: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.before} -> {self.after}"


@dataclass(frozen=True)
class Vocabulary:
    chars: dict[str, str]
    quarter: dict[str, str]
    symbol_parts: dict[str, str]
    line_start: dict[str, str]
    # a surname's bare letters (no tone marks or hats; Đ kept) -> the surname, for the
    # bare spellings that only one surname has
    surnames: dict[str, str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The fix tables, read and validated once."""
    from vanban.extractor.vocab import load_toml  # the one loader of the data files

    raw = load_toml(DATA.name)
    by_letters: dict[str, set[str]] = {}
    for name in raw["surnames"]["names"]:
        if " " not in name:  # one word: the first word of a name is what gets restored
            by_letters.setdefault(_bare(name), set()).add(unicodedata.normalize("NFC", name))
    vocab = Vocabulary(chars=dict(raw["chars"]), quarter=dict(raw["quarter"]),
                       symbol_parts=dict(raw["symbol_parts"]), line_start=dict(raw["line_start"]),
                       surnames={k: next(iter(v)) for k, v in by_letters.items() if len(v) == 1})
    for key, value in vocab.quarter.items():
        if value not in {"I", "II", "III", "IV"}:
            raise ValueError(f"{DATA}: quarter {key!r} maps to {value!r}, not I..IV")
    return vocab


@lru_cache(maxsize=1)
def known_surnames() -> frozenset[str]:
    """The one-word Vietnamese family names of the fix tables (NFC, as written)."""
    from vanban.extractor.vocab import load_toml

    return frozenset(unicodedata.normalize("NFC", n)
                     for n in load_toml(DATA.name)["surnames"]["names"] if " " not in n)


# -- patterns, compiled once -------------------------------------------------------------

_UPPER_VOWEL_ACCENTED = "ÁÀẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÉÈẺẼẸÊẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÚÙỦŨỤƯỨỪỬỮỰÝỲỶỸỴ"
# A word of lower-case letters with one or more capital accented vowels after its first
# letter: "thÁng", "nĂm". The first letter may be a capital (a name: "ViỆt").
STRAY_CAPITAL = re.compile(
    rf"""^(?P<head>\w)                       # first letter keeps its case
         (?=[^\W\d_]*[a-zđ])                 # the rest holds a lower-case letter
         (?P<tail>[^\W\d_]*[{_UPPER_VOWEL_ACCENTED}][^\W\d_]*)$""",
    re.VERBOSE)
# "Quý" in any tone placement / case, optionally followed by punctuation-free token.
QUARTER_WORD = re.compile(r"^qu[ýy]$", re.IGNORECASE)
QUARTER_TOKEN = re.compile(r"^(?P<num>[0-9Il|V]{1,3})(?P<rest>(?:/\d{2,4})?[.,;:)]*)$")
# The end of a line that is a symbol cut at its hyphen: "KH-", "128/KH-", "11-".
SYMBOL_HEAD = re.compile(r"^[0-9A-ZĐ&/.]*[A-ZĐ0-9]-$")
# The start of the next line that continues it: "UBND", "TTg", "CT/TW;" — at least two
# capitals, so an ordinary word ("Ban") is never glued to a number.
SYMBOL_TAIL = re.compile(r"""^(?=(?:[^A-ZĐ]*[A-ZĐ]){2})   # two capitals somewhere
                              [A-ZĐ][A-ZĐa-z&/-]*[.,;:)]*$""", re.VERBOSE)
# A token that is a document symbol: has "/" or "-" between upper-case parts.
SYMBOL_TOKEN = re.compile(r"^[0-9A-ZĐa-z&]+(?:[/-][0-9A-ZĐa-z&]+)+[.,;:)]*$")
SYMBOL_SPLIT = re.compile(r"([/-])")


# "số" (number), a lone figure or look-alike of 1, then the rest of a code: "1 33/QĐ-TTg"
NUMBER_CUE = re.compile(r"^số:?$")
SPLIT_FIGURE = re.compile(r"^[0-9lI|\]\[!]$")
CODE_START = re.compile(r"^\d{1,5}/[\dA-ZĐ]")
_ONE_LOOKALIKES = str.maketrans({"l": "1", "I": "1", "|": "1", "]": "1", "[": "1", "!": "1"})
# Roman numerals up to 39 (section headings, "lần thứ XIII", "khóa XI").
ROMAN = re.compile(r"^X{0,3}(?:IX|IV|V?I{0,3})$")
ANY_ROMAN = re.compile(r"^(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
# A token that may be a Roman numeral misread: I, V, X plus the look-alikes tesseract
# puts for I ("l", "1", "L") and for II ("H"), then optional punctuation.
ROMAN_LIKE = re.compile(r"^(?P<num>[IVXHLl1]{1,6})(?P<rest>[.,:;)]?)$")
# Words after which a Roman numeral is expected (folded: lower case, NFC).
ROMAN_CUES = frozenset({"thứ", "khóa", "khoá", "phần", "chương", "mục"})


def _roman_fix(token: str, heading: bool) -> str | None:
    """The Roman numeral a misread token stands for, or None.

    ``heading``: the token opens a line and ends with "." ("IH." → "III.") or follows a
    cue word ("lần thứ XIH" → "XIII"). A token that already is a numeral is left alone.

    >>> _roman_fix("IH.", True), _roman_fix("H.", True), _roman_fix("XIH", True)
    ('III.', 'II.', 'XIII')
    >>> _roman_fix("VH", False), _roman_fix("XL", True), _roman_fix("II.", True)
    (None, None, None)
    """
    m = ROMAN_LIKE.match(token)
    if not heading or not m or ANY_ROMAN.match(m["num"]):
        return None
    guess = (m["num"].replace("H", "II").replace("l", "I").replace("1", "I")
             .replace("L", "I"))
    if not guess or not ROMAN.match(guess) or guess == m["num"]:
        return None
    if not any(c in "IVX" for c in m["num"]) and m["num"] != "H":
        return None  # "1." or "l." is an Arabic list number, not a Roman one
    return guess + m["rest"]


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).casefold()


def _bare(word: str) -> str:
    """The letters of a word without tone marks or hats (ă â ê ô ơ ư → a a e o o u), Đ
    kept (tesseract rarely loses the stroke of a capital Đ), lower case."""
    decomposed = unicodedata.normalize("NFD", word.casefold().replace("đ", "\0"))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return letters.replace("\0", "đ")


def bare_letters(word: str) -> str:
    """A word's letters without tone marks or hats, lower case (Đ kept): what two OCR
    readings of one word share when only their marks differ."""
    return _bare(word)


# Letters read for a capital L at a name's start (OCR, and texts an OCR or a language model
# transcribed): no Vietnamese family name begins with them.
_L_LOOKALIKES = "Il1|"


def lookalike_surname(name: str) -> tuple[str, list[Repair]]:
    """A name whose first word opens with a look-alike of "L" that no family name opens
    with, and is a known family name with "L" ("Iê Đức Luận" → "Lê Đức Luận"). Any other
    name comes back as it is.

    >>> lookalike_surname("Iê Đức Luận")[0], lookalike_surname("Ích Văn An")[0]
    ('Lê Đức Luận', 'Ích Văn An')
    """
    words = name.split()
    if not words or words[0][:1] not in _L_LOOKALIKES:
        return name, []
    first = words[0]
    fixed = "L" + first[1:]
    known = {_fold(x) for x in known_surnames()}
    if _fold(first) in known or _fold(fixed) not in known:
        return name, []
    return " ".join([fixed] + words[1:]), [Repair("lookalike_surname", first, fixed)]


def restore_surname(name: str) -> tuple[str, list[Repair]]:
    """A signer's name read by OCR with its family name's marks put back: when the first
    word is not a known surname but its bare letters spell exactly one
    (``Nguyên Văn An`` → ``Nguyễn Văn An``, ``Đỉnh Thị Hoa`` → ``Đinh Thị Hoa``). Names
    whose first word is a surname already, or matches none or several, are returned as
    they are. For OCR'd text only: a text layer spells names as their owners do.

    >>> restore_surname("Nguyên Văn An")[0], restore_surname("Lê Khắc Nam")[0]
    ('Nguyễn Văn An', 'Lê Khắc Nam')
    """
    words = name.split()
    if not words:
        return name, []
    first = words[0]
    surname = vocabulary().surnames.get(_bare(first))
    if surname is None or surname.casefold() == unicodedata.normalize("NFC", first).casefold():
        return name, []  # no single surname spelled so, or already that surname
    if first.isupper():
        surname = surname.upper()
    return " ".join([surname] + words[1:]), [Repair("surname_marks", first, surname)]


# a W in a code's part that does not follow a T ("TW", Trung ương): Vietnamese has no W,
# so its bodies' initials have none; tesseract reads a bold V so ("SNW" for SNV, Sở Nội vụ)
_STRAY_W = re.compile(r"(?<!T)W")


def _symbol_part(part: str, in_code: bool) -> str:
    """One part of a symbol as tesseract read it, repaired: a known misreading
    (ocrfix.toml), else, in a code ("573/TTr-SNW"), a stray W read for V.

    >>> _symbol_part("QD", False), _symbol_part("SNW", True), _symbol_part("UBTW", True)
    ('QĐ', 'SNV', 'UBTW')
    >>> _symbol_part("WHO", False)
    'WHO'
    """
    fixed = vocabulary().symbol_parts.get(part)
    if fixed is not None:
        return fixed
    if in_code and part.isupper() and len(part) >= 2:
        return _STRAY_W.sub("V", part)
    return part


def fix_word(text: str, repairs: list[Repair]) -> str:
    """Character-level and word-level fixes of one OCR'd word."""
    vocab = vocabulary()
    fixed = "".join(vocab.chars.get(ch, ch) for ch in text)
    if fixed != text:
        repairs.append(Repair("lookalike_char", text, fixed))
    m = STRAY_CAPITAL.match(fixed)
    if m:
        lowered = m["head"] + m["tail"].lower()
        repairs.append(Repair("stray_capital", fixed, lowered))
        fixed = lowered
    if SYMBOL_TOKEN.match(fixed):
        parts = SYMBOL_SPLIT.split(fixed)
        trail = ""
        last = parts[-1]
        core = last.rstrip(".,;:)")
        trail = last[len(core):]
        parts[-1] = core
        code = fixed[:1].isdigit()
        new = "".join(_symbol_part(p, code) if i % 2 == 0 else p
                      for i, p in enumerate(parts)) + trail
        if new != fixed:
            repairs.append(Repair("symbol_part", fixed, new))
            fixed = new
    return fixed


def fix_lines(lines: Sequence[Sequence[WordBox]]) -> tuple[list[list[WordBox]], list[Repair]]:
    """Apply every fix to OCR'd lines (reading order); return new lines and the repairs."""
    repairs: list[Repair] = []

    def fixed(word: WordBox) -> WordBox:
        mine: list[Repair] = []
        text = fix_word(word.text, mine)
        if not mine:
            return word
        repairs.extend(mine)
        return replace(word, text=text, repairs=word.repairs + tuple(map(str, mine)))

    def noted(word: WordBox, repair: Repair) -> WordBox:
        repairs.append(repair)
        return replace(word, text=repair.after, repairs=word.repairs + (str(repair),))

    out: list[list[WordBox]] = [[fixed(w) for w in line] for line in lines if line]
    vocab = vocabulary()
    # A list dash misread at the start of a line.
    for line in out:
        if line and line[0].text in vocab.line_start:
            line[0] = noted(line[0], Repair("list_dash", line[0].text,
                                            vocab.line_start[line[0].text]))
    # Roman quarters after "Quý" (may sit at the start of the next line).
    flat = [(li, wi) for li, line in enumerate(out) for wi in range(len(line))]
    for (li, wi), (lj, wj) in zip(flat, flat[1:]):
        if QUARTER_WORD.match(_fold(out[li][wi].text)):
            word = out[lj][wj]
            m = QUARTER_TOKEN.match(word.text)
            if m and m["num"] in vocab.quarter:
                new = vocab.quarter[m["num"]] + m["rest"]
                if new != word.text:
                    out[lj][wj] = noted(word, Repair("roman_quarter", word.text, new))
    # Roman numerals misread in headings ("IH." at a line start) and after cue words.
    for li, line in enumerate(out):
        for wi, word in enumerate(line):
            heading = (wi == 0 and word.text.endswith(".")) or (
                wi > 0 and _fold(line[wi - 1].text) in ROMAN_CUES)
            new = _roman_fix(word.text, heading)
            if new is not None:
                line[wi] = noted(word, Repair("roman_numeral", word.text, new))
    # A number's first figure set apart from the rest after "số".
    for line in out:
        wi = 1
        while wi + 1 < len(line):
            first, rest = line[wi], line[wi + 1]
            if NUMBER_CUE.match(_fold(line[wi - 1].text)) and SPLIT_FIGURE.match(first.text) \
                    and CODE_START.match(rest.text):
                figure = first.text.translate(_ONE_LOOKALIKES)
                confs = [c for c in (first.conf, rest.conf) if c is not None]
                joined = WordBox(figure + rest.text, union_bbox([first.bbox, rest.bbox]),
                                 min(confs) if confs else None,
                                 first.repairs + rest.repairs,
                                 first.handwritten or rest.handwritten)
                line[wi:wi + 2] = [noted(joined, Repair(
                    "split_figure", f"{first.text} {rest.text}", figure + rest.text))]
            wi += 1
    # Symbols cut at a line-end hyphen: move the continuation up.
    for li in range(len(out) - 1):
        line, nxt = out[li], out[li + 1]
        if line and nxt and SYMBOL_HEAD.match(line[-1].text) and SYMBOL_TAIL.match(nxt[0].text):
            head, tail = line[-1], nxt[0]
            mine: list[Repair] = []
            joined = fix_word(head.text + tail.text, mine)
            repairs.extend(mine)
            head = replace(head, repairs=head.repairs + tail.repairs + tuple(map(str, mine)))
            line[-1] = noted(head, Repair("symbol_rejoin", f"{head.text} | {tail.text}", joined))
            del nxt[0]
    return [line for line in out if line], repairs
