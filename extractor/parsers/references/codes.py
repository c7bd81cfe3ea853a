"""Canonical codes: a written number/symbol read, put in canonical form, with the
reasons it is non-standard and the OCR repairs applied. Shared with the registry
(:func:`code_key` is the registry's key)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from vanban.extractor.normalize import strip_accents
from vanban.extractor.vocab import doc_type_by_abbr

from vanban.extractor.parsers.references.patterns import (
    _NOT_ALNUM_RE, _OCR_DIGITS, _QH_ANY_CASE_RE, _QH_RE, _SPACES_RE, _SUB_NUMBER_RE,
    _TRAILING_DIGITS_RE, _YEAR_RE,
)
from vanban.extractor.parsers.references.vocab import V, _key, bodies, body_by_abbr, body_glued
from vanban.extractor.normalize import fold

@dataclass(frozen=True)
class CodeInfo:
    """A written number/symbol read and put in canonical form.

    ``nonstandard`` lists what the writing does against the rules (not OCR damage);
    ``repairs`` lists OCR repairs as ``'from -> to'``.
    """

    number: str
    year: Optional[str]
    symbol: str
    code: str
    party: bool
    type_slug: Optional[str]  # the type the symbol names (QĐ → quyet_dinh), if any
    body: Optional[str]  # the issuing body part (TTg, BGDĐT, TW, UBND), canonical
    nonstandard: tuple[str, ...] = ()
    repairs: tuple[str, ...] = ()


PARTY_SUFFIX_RE = re.compile(r"(?:TW|TƯ|TU|HU|QU|ĐU)$")
_TOKEN_RE = re.compile(r"\s*([-/–])\s*|([^\s/–-]+)")


def _fix_part(part: str, repairs: list[str], nonstd: list[str], first: bool = False,
              body_slot: bool = False, ocr: bool = True) -> list[str]:
    """One symbol part in canonical spelling (may split a glued part in two)."""
    if "&" in part:
        nonstd.append(f"ký hiệu “{part}” không dùng dấu “&”")
        part = part.replace("&", "")
    if _QH_ANY_CASE_RE.fullmatch(part):
        return ["QH" + part[2:]]
    legislature = _ocr_legislature(part, ocr)
    if legislature:
        repairs.append(f"{part} -> {legislature}")
        return [legislature]
    entry = doc_type_by_abbr(part)
    if entry is not None and entry.abbr:
        if entry.abbr != part:
            repairs.append(f"{part} -> {entry.abbr}")
        return [entry.abbr]
    body = body_by_abbr(part)
    if body is not None:
        if body.abbr != part:
            if _key(part) in {_key(a) for a in body.aliases} and _key(part) != _key(body.abbr) \
                    and strip_accents(_key(part)) != strip_accents(_key(body.abbr)):
                nonstd.append(f"“{part}” không phải chữ viết tắt chuẩn (“{body.abbr}”)")
            else:
                repairs.append(f"{part} -> {body.abbr}")
        return [body.abbr]
    # only where the issuing body stands (right after the type: TT-BGD); in an official
    # letter the part after the body is the drafting unit (TTg-KTN), not an authority
    short = _cut_short_body(part) if body_slot else None
    if short is not None:
        nonstd.append(f"“{part}” không phải chữ viết tắt chuẩn của cơ quan ban hành (“{short.abbr}”)")
        return [short.abbr]
    if first and len(part) > 2 and ocr:
        # OCR inserts a stroke (TT1, CTIrHĐ) or doubles a letter (QĐĐ) in the type; a typed
        # "KHH" is a body's own abbreviation (Khánh Hòa), not a stuttered "KH"
        for i, ch in enumerate(part):
            if ch in "1lI|" or (i and part[i - 1] == ch):
                entry = doc_type_by_abbr(part[:i] + part[i + 1:])
                if entry is not None and entry.abbr:
                    repairs.append(f"{part} -> {entry.abbr}")
                    return [entry.abbr]
    for cut in range(len(part) - 1, 0, -1):  # glued type and body: KHUB → KH-UBND
        entry = doc_type_by_abbr(part[:cut])
        body = body_glued(part[cut:])
        if entry is not None and entry.abbr and body is not None:
            nonstd.append(f"“{part}” thiếu gạch nối giữa loại văn bản và cơ quan ban hành")
            return [entry.abbr, body.abbr]
    return [part]


_GLUED_YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d\d)(?P<part>[A-ZĐ][A-ZĐa-z\d]*)")
_OCR_QH_RE = re.compile(r"QH(?P<n>[\dlI|]{1,3})")


def _ocr_legislature(part: str, ocr: bool) -> Optional[str]:
    """A law's ``QH15`` whose figures OCR read as letters (``QHI5``) or with a stroke put
    before them (``QHI15``); there have been fewer than twenty legislatures.

    >>> _ocr_legislature("QHI5", True), _ocr_legislature("QHI15", True), _ocr_legislature("QHI5", False)
    ('QH15', 'QH15', None)
    """
    m = _OCR_QH_RE.fullmatch(part) if ocr else None
    if m is None:
        return None
    n = m["n"].translate(_OCR_DIGITS)
    if len(n) == 3 and m["n"][0] in "lI|":
        n = n[1:]
    return f"QH{int(n)}" if n.isdigit() and 0 < int(n) < 20 and len(n) <= 2 else None


@lru_cache(maxsize=1024)
def _cut_short_body(part: str):
    """The one known body whose abbreviation ``part`` starts but does not finish
    (``BGD`` → BGDĐT), when ``part`` is itself no known abbreviation of a body or type.

    >>> _cut_short_body("BGD").abbr, _cut_short_body("HĐ"), _cut_short_body("XYZ")
    ('BGDĐT', None, None)
    """
    key = _key(part)
    if len(key) < 3 or not part[:1].isupper() or doc_type_by_abbr(part) is not None:
        return None
    skel = strip_accents(key)
    hits = [b for b in bodies() if strip_accents(_key(b.abbr)).startswith(skel)
            and strip_accents(_key(b.abbr)) != skel]
    return hits[0] if len(hits) == 1 else None


@lru_cache(maxsize=4096)
def canonical_code(written: str, ocr: bool = True) -> Optional[CodeInfo]:
    """Read a written number/symbol (cached: the same code is read again by the self-check
    of every citation, by the findings and by the registry; CodeInfo is frozen). ``ocr``:
    the code was read by OCR, whose stutters in the type part are put right.

    >>> canonical_code("11/CT-TW").code, canonical_code("11/CT-TW").nonstandard[0][:14]
    ('11-CT/TW', 'văn bản của Đả')
    >>> canonical_code("44/TT-BGD&ĐT").code
    '44/TT-BGDĐT'
    >>> c = canonical_code("489/QD- TTG"); c.code, c.repairs
    ('489/QĐ-TTg', ('489/QD- TTG -> 489/QD-TTG', 'QD -> QĐ', 'TTG -> TTg'))
    >>> canonical_code("05/KHUB").code
    '05/KH-UBND'
    >>> canonical_code("l1-CT/TW").code
    '11-CT/TW'
    """
    tokens = [(m.group(1), m.group(2)) for m in _TOKEN_RE.finditer(written.strip())]
    if not tokens or tokens[0][1] is None:
        return None
    raw_number = tokens[0][1]
    repairs: list[str] = []
    nonstd: list[str] = []
    number = raw_number.translate(_OCR_DIGITS)
    if not number.isdigit():
        if not _SUB_NUMBER_RE.fullmatch(raw_number):
            return None
        number = raw_number  # a sub-number: 38a/TTr-UBND
    seps: list[str] = []
    parts: list[str] = []
    pending = None
    for sep, word in tokens[1:]:
        if sep is not None:
            pending = "-" if sep == "–" else sep
        elif word is not None:
            seps.append(pending or "")
            parts.append(word)
            pending = None
    if not parts:
        return None
    squeezed = _SPACES_RE.sub("", written.strip())
    if squeezed != written.strip():
        repairs.append(f"{written.strip()} -> {squeezed}")
    if number != raw_number:
        repairs.append(f"{raw_number} -> {number}")
    year = None
    glued = _GLUED_YEAR_RE.fullmatch(parts[0])
    if glued and (doc_type_by_abbr(glued["part"]) or _QH_ANY_CASE_RE.fullmatch(glued["part"])
                  or _ocr_legislature(glued["part"], ocr)):
        # the slash after the year lost (OCR) or left out: 101/2024NĐ-CP, 31/2024QH15
        parts[:1] = [glued["year"], glued["part"]]
        seps[:1] = [seps[0], "/"]
        if ocr:
            repairs.append(f"{glued[0]} -> {glued['year']}/{glued['part']}")
        else:
            nonstd.append(f"thiếu gạch chéo giữa năm và ký hiệu (“{glued[0]}”)")
    if len(parts) > 1 and _YEAR_RE.fullmatch(parts[0].translate(_OCR_DIGITS)):
        year = parts.pop(0)
        seps.pop(0)
        if year != year.translate(_OCR_DIGITS):
            repairs.append(f"{year} -> {year.translate(_OCR_DIGITS)}")
            year = year.translate(_OCR_DIGITS)
    fixed: list[str] = []
    typed = len(parts) > 1 and doc_type_by_abbr(parts[0]) is not None
    for i, part in enumerate(parts):
        fixed.extend(_fix_part(part, repairs, nonstd, first=i == 0 and len(parts) > 1,
                               body_slot=typed and i == 1, ocr=ocr))
    if not all(p[:1].isalpha() for p in fixed):
        return None
    type_entry = doc_type_by_abbr(fixed[0]) if fixed else None
    type_slug = type_entry.slug if type_entry and type_entry.abbr == fixed[0] else None
    if _QH_RE.fullmatch(fixed[0]):
        type_slug = "luat"
    last = body_by_abbr(fixed[-1])
    if type_slug == "luat":
        body: Optional[str] = "QH"
    elif type_slug is None:
        body = fixed[0]  # an official letter: 2088/SGDĐT-GDTrHTX, 122/TTg
    else:
        body = fixed[1] if len(fixed) > 1 else None
    # a Party body: TW, TU… or a Party committee's organ named after them (BTGTW, UBKTTU)
    party_body = bool(last and last.party) or bool(PARTY_SUFFIX_RE.search(fixed[-1]))
    # a Party official letter is numbered like its other documents: 9151-CV/BTCTW
    party = bool(party_body and len(fixed) == 2 and (type_slug or fixed[0] == "CV")
                 and year is None)
    if party:
        symbol = f"{fixed[0]}/{fixed[1]}"
        code = f"{number}-{symbol}"
        if seps[:2] != ["-", "/"] and len(seps) >= 2:
            nonstd.insert(0, "văn bản của Đảng ghi số và ký hiệu theo mẫu “số-loại/cơ quan”")
    else:
        symbol = "-".join(fixed)
        code = f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"
        # state form: number/[year/]TYPE-BODY — a hyphen after the number, or a slash
        # between symbol parts, is against NĐ 30/2020 Phụ lục I
        if "-" in seps[:1] or (len(parts) > 1 and "/" in seps[1:]):
            nonstd.insert(0, "văn bản nhà nước ghi “số/loại-cơ quan”: gạch chéo sau số, "
                             "gạch nối giữa các phần của ký hiệu")
    return CodeInfo(number=number, year=year, symbol=symbol, code=code, party=party,
                    type_slug=type_slug, body=body, nonstandard=tuple(nonstd),
                    repairs=tuple(repairs))


@lru_cache(maxsize=16384)  # registry keys and every comparison: pure, called often
def code_key(code: Optional[str]) -> str:
    """Comparison key of a code: letters and digits only, folded, Đ → D.

    >>> code_key("44/2014/TT-BGD&ĐT") == code_key("44/2014/tt-bgddt")
    True
    """
    return _NOT_ALNUM_RE.sub("", strip_accents(fold(code or "")).lower())


def is_normative(doc_type: Optional[str], body: Optional[str]) -> bool:
    """A legal normative document, whose number must carry its year."""
    if doc_type in V.normative_always:
        return True
    if doc_type == "nghi_quyet" and body:
        return _TRAILING_DIGITS_RE.sub("", _key(body)) in V.normative_nq_bodies
    return False



# letters read or typed for figures inside a figure group: O/o for 0, l/I/| for 1
_FIGURE_LOOKALIKE_RE = re.compile(r"(?<=[\d/.-])[OolI|]|[OolI|](?=[\d/.-])")
_FIGURE_OF = {"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"}


def lookalike_digits(s: str) -> str:
    """Letters standing for figures next to figures or date separators, as figures (the
    same length, so offsets hold).

    >>> lookalike_digits("O1/11/2022"), lookalike_digits("2O24"), lookalike_digits("l5/01/2014")
    ('01/11/2022', '2024', '15/01/2014')
    >>> lookalike_digits("tháng 6 năm 2O15 của Bộ")
    'tháng 6 năm 2015 của Bộ'
    """
    prev = None
    while prev != s:  # "2OO4": each pass extends the run by one letter
        prev = s
        s = _FIGURE_LOOKALIKE_RE.sub(lambda m: _FIGURE_OF[m.group(0)], s)
    return s


_LOOKALIKE_KEY = str.maketrans({"o": "0", "l": "1", "i": "1", "q": "g"})


def lookalike_key(code: Optional[str]) -> str:
    """:func:`code_key` with the characters OCR confuses made one (0/O, 1/l/I, g/q; Đ/D
    and case are already one in the code key): two codes with the same look-alike key
    differ by misreadings only.

    >>> lookalike_key("489/QĐ-TTq") == lookalike_key("489/QD-TTg")
    True
    >>> lookalike_key("08/2015/NĐ-CP") == lookalike_key("08/NQ-CP")
    False
    """
    return code_key(code).translate(_LOOKALIKE_KEY)
