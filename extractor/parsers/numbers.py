"""Numbers as Vietnamese official texts write them.

- :func:`parse_number` — one number, written in digits (``50.000`` → 50000 with the
  Vietnamese thousands dot, ``2,5`` → 2.5 with the decimal comma, ``1.234,5``), in words
  (``hai mươi mốt`` → 21, ``một trăm linh năm`` → 105) or both (``14,2 tỷ`` → 14.2e9).
  OCR slips inside a figure are tolerated (``l00`` → 100, ``9O`` → 90).
- :func:`find_quantities` — every quantity of a string with its unit (``%``, money with
  scale words, per-unit rates ``25.000đ/1 người dân`` → 25000 ``đồng/người dân``), for the
  targets parser and the value findings.

Vocabularies live in ``extractor/data/number_words.toml`` and ``extractor/data/units.toml``,
loaded once (lazily) and checked by ``tests/test_numbers.py``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from vanban.extractor.parsers import alternation_nocase

__all__ = ["parse_number", "find_quantities", "Quantity", "number_words", "units", "NUMBER_TOKEN"]


DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def load_data(name: str) -> dict:
    """A TOML vocabulary of ``extractor/data`` (read once by the one loader,
    :func:`extractor.vocab.load_toml`; callers must not mutate it)."""
    from vanban.extractor.vocab import load_toml

    return load_toml(name)


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[str, float]]:
    """Every number word (lower case, NFC) → (role, value); role is one of
    ``digit``, ``tens``, ``hundreds``, ``connector``, ``scale``."""
    data = load_data("number_words.toml")
    words: dict[str, tuple[str, float]] = {}
    for role, table in (("digit", "digits"), ("tens", "tens"), ("hundreds", "hundreds"),
                        ("scale", "scales")):
        for w, v in data[table].items():
            words[w] = (role, v)
    for w in data["connectors"]["words"]:
        words[w] = ("connector", 0)
    return words


# A figure: digits with optional thousands groups and a decimal part. OCR may read 1 as
# l/I and 0 as O/o inside a figure; a figure must hold at least one real digit.
_OCR_DIGIT = r"[0-9lIOo]"
NUMBER_TOKEN = rf"""
    (?<![\w.,])
    (?=[lIOo]*\d)                       # at least one real digit ahead …
    (?:
        {_OCR_DIGIT}{{1,3}}(?:[.\s]\d{{3}})+(?:,\d+)?   # 50.000 / 1.234,5 / 50 000
      | {_OCR_DIGIT}{{1,3}}(?:,\d{{3}}){{2,}}(?:\.\d+)?   # 1,500,000 (English grouping)
      | {_OCR_DIGIT}+(?:[.,]\d+)?                     # 100 / 2,5 / 2.5
    )
    (?!(?![đĐ])\w|[.,]\d)                # not glued to a word (but 25.000đ is money)
"""
_NUMBER_RX = re.compile(NUMBER_TOKEN, re.X)
_OCR_FIX = str.maketrans({"l": "1", "I": "1", "O": "0", "o": "0"})


def _parse_figure(tok: str) -> Optional[float]:
    """A figure in digits → float, reading Vietnamese grouping (``.`` thousands, ``,`` decimal).

    >>> [_parse_figure(x) for x in ["50.000", "2,5", "14,2", "1.234,5", "2.5", "1,500,000", "l00", "9O", "200.022"]]
    [50000.0, 2.5, 14.2, 1234.5, 2.5, 1500000.0, 100.0, 90.0, 200022.0]
    """
    tok = tok.strip().replace(" ", "")
    if not any(ch.isdigit() for ch in tok):
        return None
    tok = tok.translate(_OCR_FIX)
    if not _FIGURE_CHARS.fullmatch(tok) or not tok[0].isdigit() or not tok[-1].isdigit():
        return None
    dots, commas = tok.count("."), tok.count(",")
    if dots and commas:
        dec = "," if tok.rfind(",") > tok.rfind(".") else "."
        grp = "." if dec == "," else ","
        if tok.count(dec) > 1:
            return None
        tok = tok.replace(grp, "").replace(dec, ".")
    elif dots:
        parts = tok.split(".")
        if dots > 1 or len(parts[1]) == 3:  # 50.000, 1.000.000 → thousands
            if any(len(p) != 3 for p in parts[1:]):
                return None
            tok = tok.replace(".", "")
    elif commas:
        parts = tok.split(",")
        if commas > 1:  # 1,500,000 → English thousands
            if any(len(p) != 3 for p in parts[1:]):
                return None
            tok = tok.replace(",", "")
        else:  # 2,5 → Vietnamese decimal comma
            tok = tok.replace(",", ".")
    try:
        return float(tok)
    except ValueError:
        return None


_TOKEN_SPLIT = re.compile(r"\s+")
_SPACED_GROUP = re.compile(r"(?<=\d) (?=\d{3}\b)")  # "50 000": a space between thousands
_FIGURE_CHARS = re.compile(r"[\d.,]+")


def _parse_words(tokens: list[str]) -> Optional[float]:
    """Combine number words (and figures) read left to right.

    ``current`` holds the value below the last scale word, ``last`` the digit that a
    following ``mươi``/``trăm`` multiplies; a scale word larger than everything read so far
    multiplies it all (``một nghìn tỷ``), else it multiplies only the current group
    (``hai tỷ ba trăm triệu``).
    """
    words = number_words()
    total = 0.0
    current = 0.0
    last = 0.0
    seen = False
    prev_role = None
    for tok in tokens:
        fig = _parse_figure(tok)
        if fig is not None:
            current += fig
            last = fig
            seen = True
            prev_role = "digit"
            continue
        entry = words.get(tok.lower())
        if entry is None:
            return None
        role, value = entry
        if role == "digit":
            current += value
            last = value
        elif role == "tens":
            if tok.lower() == "mười":  # mười = 10 (+ units)
                current += 10
                last = 0
            else:  # mươi / chục multiply the digit before (một chục = 10)
                if prev_role != "digit":
                    return None
                current += last * 9
                last = 0
        elif role == "hundreds":
            if prev_role == "digit":
                current += last * 99
            else:
                current += 100
            last = 0
        elif role == "scale":
            group = current if current else (1 if not seen else 0)
            if total < value:
                total = (total + group) * value
            else:
                total += group * value
            current = 0
            last = 0
        seen = True
        prev_role = role
    if not seen:
        return None
    return total + current


def parse_number(s: str) -> Optional[float]:
    """One number written in digits, words or both; None if ``s`` is not a number.

    >>> [parse_number(x) for x in ["50.000", "2,5", "14,2", "một", "mười lăm", "hai mươi mốt",
    ...                            "một trăm linh năm", "hai nghìn", "14,2 tỷ", "ba", "chín mươi"]]
    [50000.0, 2.5, 14.2, 1.0, 15.0, 21.0, 105.0, 2000.0, 14200000000.0, 3.0, 90.0]
    >>> parse_number("hàng trăm") is None and parse_number("") is None
    True
    """
    s = (s or "").strip()
    if not s:
        return None
    fig = _parse_figure(s)
    if fig is not None:
        return fig
    # join a figure's space-separated thousands groups before splitting into words
    s = _SPACED_GROUP.sub("", s)
    return _parse_words([t for t in _TOKEN_SPLIT.split(s) if t])


# ----------------------------------------------------------------------------- quantities
@dataclass(frozen=True)
class Quantity:
    """A number with what it counts, as found in a string.

    ``value``/``value_max`` are the figures as written (a range ``từ 2 đến 4`` or ``1-2``
    has both); a scale word stays in the unit as written (``14,2 tỷ đồng`` → 14.2,
    ``tỷ đồng``) and ``amount`` holds the scaled value (14.2e9). ``kind`` is ``percent``
    (unit ``%``), ``money`` (unit ``đồng``, ``tỷ đồng``, ``đồng/người/năm``…) or ``number``
    (unit None: what it counts is for the caller to read from the words after it).
    ``words`` is True when the figure was written in words (``một``).
    """

    value: float
    value_max: Optional[float]
    unit: Optional[str]
    kind: str
    text: str
    span: tuple[int, int]
    amount: float
    words: bool = False


@lru_cache(maxsize=1)
def units() -> dict:
    """The unit vocabulary (``extractor/data/units.toml``)."""
    return load_data("units.toml")


def _alternatives(words) -> list[str]:
    """Regexes of words, longest first so that ``người dân`` beats ``người``."""
    return [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True)]


def _alternation(words) -> str:
    """A regex alternation of words, longest first so that ``người dân`` beats ``người``."""
    return "|".join(_alternatives(words))


# Words that only mean a number next to another number word ("năm" alone is "year",
# "tư" alone "private", "không" alone "not").
_AMBIGUOUS_ALONE = {"năm", "tư", "mốt", "lăm", "nhăm", "không", "linh", "lẻ", "mươi", "chục",
                    "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "trăm"}


@lru_cache(maxsize=1)
def _quantity_rx() -> re.Pattern[str]:
    """The quantity pattern, built once from the vocabularies (lazily: no work at import)."""
    u = units()
    word = alternation_nocase(_alternatives(number_words()))  # (the pattern ignores case)
    fig = NUMBER_TOKEN.replace(r"(?<![\w.,])", r"(?<![\w.,/])", 1)
    fig_inner = NUMBER_TOKEN.replace(r"(?<![\w.,])", "", 1)
    wordnum = rf"(?<!\w)(?:{word})(?:\s+(?:{word}))*(?!\w)"
    pct = _alternation(u["percent"]["words"])
    scale = _alternation(u["money"]["scales"])
    currency = _alternation(u["money"]["currency"])
    per = _alternation(u["per"]["words"])
    # a quantity starts a word with a digit (or OCR's l/I/O/o) or a number word's first
    # letter: tested first, so the two alternatives are not tried at every position
    first = re.escape("".join(sorted({w[0] for w in number_words()})))
    return re.compile(rf"""
        (?<!\w)(?=[0-9lIOo{first}])
        (?P<v1> {fig} | {wordnum} )
        (?: \s*(?P<pct1>{pct}) )?
        (?: \s*(?:-|–|—|đến|tới)\s*                      # a range: 1-2, từ 2 đến 4, 70% - 80%
            (?P<v2> {fig_inner} | {wordnum} ) )?
        (?: \s*(?P<pct>{pct}) )?
        (?: \s*(?P<scale>{scale}) (?=\s*(?:{currency})(?!\w)) )?   # a scale only before money
        (?: \s*(?P<cur>{currency})(?!\w)
            (?P<per> (?: \s*/\s*(?:1\s+|một\s+)?(?:{per})(?!\w) )* ) )?
    """, re.I | re.X)


@lru_cache(maxsize=1)
def _per_rx() -> re.Pattern[str]:
    """One "/ unit" step of a rate (``/1 người dân``, ``/năm``), built once from units.toml."""
    return re.compile(rf"/\s*(?:1\s+|một\s+)?({_alternation(units()['per']['words'])})", re.I)


def _is_words(tok: str) -> bool:
    return not any(ch.isdigit() for ch in tok)


def find_quantities(s: str) -> list[Quantity]:
    """Every quantity in ``s`` in order: percentages, money (with scale words and per-unit
    rates) and bare numbers, each with an optional range end.

    >>> [(q.value, q.value_max, q.unit, q.kind) for q in find_quantities(
    ...     "trên 70% hộ; 25.000đ/1 người dân; 50.000 đồng/người/năm; từ 2 đến 4 trung tâm")]
    [(70.0, None, '%', 'percent'), (25000.0, None, 'đồng/người dân', 'money'), (50000.0, None, 'đồng/người/năm', 'money'), (2.0, 4.0, None, 'number')]
    >>> [(q.value, q.unit, q.amount) for q in find_quantities("14,2 tỷ đồng và 200.022 triệu đồng")]
    [(14.2, 'tỷ đồng', 14200000000.0), (200022.0, 'triệu đồng', 200022000000.0)]
    """
    out: list[Quantity] = []
    words_table = number_words()
    for m in _quantity_rx().finditer(s):
        v1_text = m.group("v1")
        words = _is_words(v1_text)
        if words and v1_text.lower() in _AMBIGUOUS_ALONE and not m.group("v2"):
            continue
        v1 = parse_number(v1_text)
        if v1 is None:
            continue
        v2 = parse_number(m.group("v2")) if m.group("v2") else None
        if m.group("v2") and (v2 is None or v2 <= v1):
            # not a range after all (2021-2025 years are ranges; 5-3 is not): keep v1 alone
            end = m.end("pct1") if m.group("pct1") else m.end("v1")
            out.append(Quantity(v1, None, "%" if m.group("pct1") else None,
                                "percent" if m.group("pct1") else "number",
                                s[m.start():end], (m.start(), end), v1, words))
            continue
        if m.group("pct") or m.group("pct1"):
            kind, unit, amount = "percent", "%", v1
        elif m.group("cur"):
            kind = "money"
            scale = (m.group("scale") or "").lower()
            pers = [" ".join(p.group(1).lower().split()) for p in _per_rx().finditer(m.group("per") or "")]
            unit = " ".join(x for x in (scale, "đồng") if x)
            unit = "/".join([unit] + pers)
            amount = v1 * (words_table[scale][1] if scale in words_table else 1)
        else:
            kind, unit, amount = "number", None, v1
            after = s[m.end():m.end() + 2]
            if after[:1] == "/" or (after[:1] in "-–" and after[1:2].isalnum()):
                continue  # part of a citation number or a date (281/QĐ-TTg, 20/02/2014)
        out.append(Quantity(v1, v2, unit, kind, m.group(0), m.span(), amount, words))
    return out
