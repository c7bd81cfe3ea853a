"""Text normalisation shared by every parser.

- :func:`nfc` — Unicode NFC (every string in the model is NFC).
- :func:`tone_normalize` — one tone placement (``hoà`` → ``hòa``, ``thuỷ`` → ``thủy``),
  the form the registry and vocabularies use (underthesea's normaliser).
- :func:`fold` — a comparison key: casefolded, tone placement normalised, quotes and
  dashes unified, whitespace collapsed. Two spellings that a reader would call the same
  word fold to the same key.
- :func:`strip_accents` — the ASCII skeleton (``Đồng`` → ``Dong``) for fuzzy matching.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Optional

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-",
                         "\u00a0": " ", "\u2010": "-", "\u2011": "-", "\u2212": "-"})
# any character _QUOTES maps: most lines have none, and translating a Vietnamese line
# looks every character up in the table
_QUOTE_CHARS = re.compile("[" + "".join(chr(c) for c in _QUOTES) + "]")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1)
def _token_normalizer():
    """underthesea's token normaliser (rule table of old→modern spellings), loaded once,
    lazily: importing it costs about a second."""
    from underthesea.pipeline.text_normalize import token_normalize

    return token_normalize


@lru_cache(maxsize=65536)
def _tone_word(word: str) -> str:
    return _token_normalizer()(word)


def tone_normalize(text: str) -> str:
    """The tone placement of the registry and of most official texts (``hoà`` → ``hòa``,
    ``thuỷ`` → ``thủy``, ``Uỷ ban`` → ``Ủy ban``), word by word; punctuation and spacing
    are kept as they are.

    >>> tone_normalize("Uỷ ban nhân dân tỉnh Khánh Hoà, thuỷ lợi")
    'Ủy ban nhân dân tỉnh Khánh Hòa, thủy lợi'
    """
    text = nfc(text)
    if text.isascii():
        return text
    return _WORD.sub(lambda m: _tone_word(m.group(0)) if not m.group(0).isascii() else m.group(0), text)


def fold(text: str | None) -> str:
    """Comparison key: casefold, tones on a canonical vowel, quotes/dashes unified.

    >>> fold("CÔNG HOÀ  Xã hội") == fold("Công hòa xã hội")
    True
    """
    if not text:
        return ""
    return _fold(str(text))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    # parsers fold the same lines and vocabulary entries many times: cached
    text = nfc(text)
    if _QUOTE_CHARS.search(text):
        text = text.translate(_QUOTES)
    text = text.casefold()
    return " ".join([w if w.isascii() else _fold_word(w) for w in _SPACES.split(text.strip())])


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """One casefolded word with its tone marks moved after its letters. Cached apart from
    whole strings: a new line is new, but its words (a few thousand syllables) are not."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(ch for ch in decomposed if ch in _TONES)
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base + tones)


def strip_accents(text: str) -> str:
    """ASCII skeleton: ``Đồng Tháp`` → ``Dong Thap``.

    >>> strip_accents("Đồng Tháp")
    'Dong Thap'
    """
    if text.isascii():
        return text
    return _strip_accents(text)


@lru_cache(maxsize=65536)
def _strip_accents(text: str) -> str:
    # vocabularies are compared by skeleton over and over (symbol parts, type names): cached
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text)
                   if unicodedata.category(ch) != "Mn")


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def initials_name(symbol_part: str, *names: Optional[str]) -> bool:
    """Whether a symbol's part is the initials of one of ``names`` (or their start): "CT"
    of "Cục Thuế", "CHQ" of "Cục Hải quan", "UBND" of "Ủy ban nhân dân tỉnh X". A công
    văn's symbol opens with its issuer's abbreviation, not a type's.

    >>> initials_name("CT", "Cục Thuế"), initials_name("CT", "Sở Tài chính")
    (True, False)
    """
    part = fold(symbol_part)
    if len(part) < 2:
        return False
    for name in names:
        letters = "".join(w[0] for w in (name or "").split() if w[:1].isalpha())
        if letters and fold(letters).startswith(part):
            return True
    return False
