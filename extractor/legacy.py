"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII, VPS, Windows-1258) to Unicode.

Before Unicode, Vietnamese offices typed in 8-bit fonts: ``.VnTime`` (TCVN3), ``VNI-Times``
(VNI), VISCII. Such text shows up two ways:

* as bytes in an old ``.txt`` — :func:`decode_legacy` picks the encoding that reads best;
* as already-decoded mojibake ("Céng hoµ x· héi chñ nghÜa ViÖt Nam"), e.g. a PDF text
  layer whose font maps TCVN3 codes to Latin-1 glyphs — :func:`looks_legacy` spots it
  and :func:`repair_legacy_text` converts it, or, knowing the font, :func:`convert_in_font`.

The character tables and the content detector are the ``viparse`` package's
(``viparse.normalize``): evaluated for this project — its tables were validated against
real government documents, it converts TCVN3, VNI, VISCII and VPS, scores candidates
with a Vietnamese character model and declines ("assumed-unicode") when no conversion is
clearly better, so good Unicode text is left alone. It is pure Python and is imported
lazily, only when text looks legacy.

Known limit (of TCVN3 itself): TCVN3 has no upper-case accented letters — headings set in
``.VnTimeH`` come back lower-case from the text alone. So the DOCX loader converts each
run by its font, and the PDF loader each word of a text layer by its characters' font
(:func:`legacy_font`, :func:`convert_in_font`): a ``.VnTimeH`` word into capitals; a page
whose legacy text carries no font name to go by is read by OCR.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters a Unicode Vietnamese text uses from Latin-1 (à á â ã è é ê ì í ò ó ô õ ù ú ý and
# capitals); any other Latin-1 letter or sign in the text hints at legacy mojibake.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# Share of words carrying a suspicious character above which text is worth testing.
SUSPICIOUS_WORD_SHARE = 0.05
CANDIDATES = ("tcvn3", "vni", "viscii", "vps")


# Legacy 8-bit Vietnamese fonts by the start of their name (lower case): text set in one
# holds that encoding's bytes as Latin-1 letters ("Céng hoµ" for "Cộng hoà"). The
# ".VnTimeH" kind ends with "H": TCVN3 has no capitals with marks, those fonts draw the
# lower-case codes as capitals.
LEGACY_FONTS = ((".vn", "tcvn3"), ("vni-", "vni"), ("vni ", "vni"), ("vps", "vps"))
# A font embedded as a subset is named with a tag of six capitals: "ABCDEF+.VnTime".
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def legacy_font(name: str) -> tuple[str, bool] | None:
    """(encoding, drawn in capitals) of a legacy font's name, else None.

    >>> legacy_font(".VnTimeH"), legacy_font("VNI-Times"), legacy_font("Times New Roman")
    (('tcvn3', True), ('vni', False), None)
    >>> legacy_font("QWERTY+.VnArialH")
    ('tcvn3', True)
    """
    low = _SUBSET_TAG.sub("", name.strip()).lower()
    for start, encoding in LEGACY_FONTS:
        if low.startswith(start):
            return encoding, encoding == "tcvn3" and low.endswith("h")
    return None


def convert_in_font(text: str, font_name: str) -> str | None:
    """``text`` set in the font ``font_name`` as Unicode, when that is a legacy font
    (a ``.VnTimeH`` text in capitals); None for any other font.

    >>> convert_in_font("Céng hoµ", ".VnTime"), convert_in_font("Céng hoµ", "Arial")
    ('Cộng hoà', None)
    """
    font = legacy_font(font_name)
    if font is None or not text:
        return None
    converted = unicodedata.normalize("NFC", convert(text, font[0]))
    return converted.upper() if font[1] else converted


@lru_cache(maxsize=1)
def _charmaps() -> dict:
    from viparse.normalize.encodings import get_charmap

    return {name: get_charmap(name) for name in CANDIDATES}


@lru_cache(maxsize=1)
def _suspicious() -> frozenset[str]:
    """Characters that legacy tables produce but Vietnamese Unicode text rarely holds."""
    chars: set[str] = set()
    for charmap in _charmaps().values():
        for legacy_seq, _ in charmap.pairs:
            chars.update(legacy_seq)
    return frozenset(c for c in chars
                     if not c.isascii() and c not in _VIETNAMESE_LATIN1)


@lru_cache(maxsize=1)
def _suspicious_word() -> "re.Pattern[str]":
    """A word (run of non-space) holding at least one suspicious character."""
    chars = "".join(sorted(_suspicious()))
    return re.compile(rf"\S*[{re.escape(chars)}]\S*")


def _score(text: str) -> float:
    from viparse.normalize.frequency import vietnamese_score

    return vietnamese_score(text)


def any_suspicious(text: str) -> bool:
    """Whether some word of ``text`` holds a character typical of legacy mojibake.

    >>> any_suspicious("Kế hoạch năm 2012 KÕ HO¹CH"), any_suspicious("Kế hoạch năm 2012")
    (True, False)
    """
    return _suspicious_word().search(text) is not None


def suspicious_share(text: str) -> float:
    """Share of words holding a character typical of legacy mojibake.

    >>> suspicious_share("Céng hoµ x· héi chñ nghÜa ViÖt Nam") > 0.5
    True
    >>> suspicious_share("Cộng hòa xã hội chủ nghĩa Việt Nam")
    0.0
    """
    words = text.split()
    if not words:
        return 0.0
    return len(_suspicious_word().findall(text)) / len(words)


def detect_legacy(text: str) -> str | None:
    """The legacy encoding ``text`` (decoded as Latin-1/cp1252) is mojibake of, or None."""
    if suspicious_share(text) < SUSPICIOUS_WORD_SHARE:
        return None
    from viparse.normalize.detector import detect_encoding_by_content

    sample = text[:20000]
    return detect_encoding_by_content(sample, _charmaps()).encoding


def looks_legacy(text: str) -> bool:
    """True when ``text`` is legacy-font mojibake that a conversion would repair."""
    return detect_legacy(text) is not None


def convert(text: str, encoding: str) -> str:
    from viparse.normalize.tables import convert as _convert

    return _convert(text, _charmaps()[encoding])


def repair_legacy_text(text: str) -> str:
    """Convert legacy-font mojibake in already-decoded text to Unicode (NFC); text that
    is not clearly legacy comes back unchanged."""
    encoding = detect_legacy(text)
    if encoding is None:
        return text
    return convert(text, encoding)


def decode_legacy(data: bytes) -> str:
    """Decode bytes that are not UTF-8: try each legacy table over a Latin-1 and a
    cp1252 reading, and Windows-1258, and keep the reading that scores most Vietnamese."""
    readings: list[str] = [unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))]
    for codec in ("latin-1", "cp1252"):
        surface = data.decode(codec, errors="replace")
        encoding = detect_legacy(surface)
        if encoding is not None:
            readings.append(convert(surface, encoding))
    return max(readings, key=lambda r: _score(r[:20000]))
