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
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Optional

__all__ = ["parse_number", "number_words", "NUMBER_TOKEN"]


DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def _load(name: str) -> dict:
    """A TOML vocabulary of ``extractor/data``, read once."""
    with (DATA_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


@lru_cache(maxsize=1)
def number_words() -> dict[str, tuple[str, float]]:
    """Every number word (lower case, NFC) → (role, value); role is one of
    ``digit``, ``tens``, ``hundreds``, ``connector``, ``scale``."""
    data = _load("number_words.toml")
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
    (?![\w]|[.,]\d)
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
    if not re.fullmatch(r"[\d.,]+", tok) or not tok[0].isdigit() or not tok[-1].isdigit():
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
    s = re.sub(r"(?<=\d) (?=\d{3}\b)", "", s)
    return _parse_words([t for t in _TOKEN_SPLIT.split(s) if t])
