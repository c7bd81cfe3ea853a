"""Helpers of the end matter (signature block, recipients): what a position, a personal
name, an authority line, OCR debris and the start of an appendix look like."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.ocrfix import known_surnames
from vanban.extractor.parsers.header.heading import type_at
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, _match_position,
                                            _starts_with_any, _starts_with_phrase, is_syllable,
                                            name_titles, skeleton)
from vanban.extractor.parsers.header.patterns import (ABBR_TOKEN, AUTHORITY, DASH, LUU_ENTRY,
                                                      SPELLED_PREFIX)
from vanban.extractor.parsers.header.recase import recase

def _is_appendix_start(ln: _L) -> bool:
    if ln.appendix is None:
        ln.appendix = _opens_appendix(ln)
    return ln.appendix


def _opens_appendix(ln: _L) -> bool:
    s = ln.text.strip()
    if _starts_with_any(s, ("(Kèm theo", "Kèm theo", "(Ban hành kèm theo", "PHỤ LỤC", "Phụ lục")):
        return True
    return bool(_is_upper_text(s) and len(s.split()) >= 3 and type_at(ln)) or \
        bool(_starts_with_any(s, vocab.header_cues().appendix_heads) and _is_upper_text(s))


def _plausible_share(s: str) -> float:
    """Share of the words of ``s`` that are Vietnamese syllables or abbreviations: OCR
    debris ("3 1ÿ111HUỆ 3EIEIn E]Nj") scores low."""
    words = [w.strip(".,;:()“”\"'-–&") for w in s.split()]
    words = [w for w in words if w]
    if not words:
        return 0.0
    good = sum(is_syllable(w) or bool(ABBR_TOKEN.fullmatch(w)) or "&" in w or "/" in w
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
    if body.endswith(";"):
        return False  # "- VP UBND tỉnh: LĐVP, KT, TTPVHCC;": units in a recipient entry
    # one word in capitals may be the start of a wrapped body ("K/T CHÁNH" / "VĂN PHÒNG")
    return bool(_starts_with_phrase(words, vocab.issuer_bodies())
                or _match_position(body) or len(words) >= 2
                or (len(words[0]) >= 4 and words[0].isupper()))


def authority_kind(text: str, m: re.Match) -> str:
    """The prefix of an authority match as an abbreviation, without dots, slash and spaces
    ("T/M", "TM." and "THAY MẶT" are TM)."""
    kind = text[m.start("prefix"):m.end("prefix")].replace(" ", "").replace(".", "") \
        .replace("/", "").upper()
    return SPELLED_PREFIX.get(skeleton(kind), kind)


def authority_in(text: str, skel: str, start: int = 0) -> Optional[re.Match]:
    """The authority ("KT. CHỦ TỊCH") in ``text`` (``skel`` its skeleton) from ``start``:
    at its start, after a recipient entry's end ("- Như trên; KT. CHỦ TỊCH") or a wide gap
    (two columns read across). Inside an entry ("- Lưu: VT, KT, KT1.") only a known body
    or position makes it one."""
    m = AUTHORITY.search(skel, start)
    if not m or not _authority_ok(text[m.start():]):
        return None
    before = skel[start:m.start()]
    if not before.strip(" |*") or before.rstrip().endswith((";", ".", "|")) \
            or before.endswith("  "):
        return m
    body = text[m.start("body"):]
    known = _match_position(body) or _starts_with_phrase(body.split(), vocab.issuer_bodies())
    return m if known else None


def _looks_like_name(s: str) -> bool:
    """A Vietnamese personal name: 2–6 capitalised syllables, no vocabulary word."""
    s = collapse_spaces(s.strip(" .,;:"))
    words = s.split()
    if not 2 <= len(words) <= 6:
        return False
    # the cheap tests first: the vocabulary's, fuzzy ones among them, are asked last
    if not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    if s.isupper() and len(words) > 4:
        return False  # a heading in capitals, not a name
    if not all(is_syllable(w) for w in words):
        return False
    if _starts_with_any(s, vocab.header_cues().not_name_starts):
        return False
    return not (_match_position(s) or _starts_with_phrase(words, vocab.issuer_bodies()))


def _known_person(s: str) -> bool:
    """A personal name whose first word is a known surname ("Nguyễn Văn An", "NGUYỄN VĂN
    AN"): strict enough to tell the signer's name from the words around it."""
    return _looks_like_name(s) and s.split()[0].title() in known_surnames()


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
    starts = [0] if whole else range(max(0, len(words) - 7), len(words))
    for k in starts:
        tail = " ".join(words[k:])
        if not _is_upper_text(tail):
            continue
        pos = _match_position(tail)
        if pos and len(tail.split()) <= len(pos.split()) + 1:
            return pos, tail
        extra = tail.split()[len(pos.split()):] if pos else []
        qualifier = _QUALIFIERS.get(skeleton(" ".join(extra)).lower()) if pos else None
        if qualifier:
            # "PHÓ CHÁNH VĂN PHÒNG THƯỜNG TRỰC": a position and its qualifier
            return f"{pos} {qualifier}", tail
    if not whole and len(words) == 1 and len(words[0]) >= 3 and words[0].isupper():
        # OCR kept only the last word ("TỊCH"): the shortest position ending with it
        ends = [p for p in vocab.positions() if fold(p.split()[-1]) == fold(words[0])]
        if ends:
            return min(ends, key=len), words[0]
    return None


# Words of the unit a position heads, at most ("TRƯỞNG PHÒNG TỔ CHỨC - HÀNH CHÍNH").
UNIT_MAX_WORDS = 10


def position_with_unit(seg: str) -> Optional[str]:
    """A position followed by the unit it heads, in capitals, as the head of a unit signs
    under TL./TUQ. ("VỤ TRƯỞNG VỤ PHÁP CHẾ" → "Vụ trưởng Vụ Pháp chế", "TRƯỞNG BAN BAN
    CHÍNH SÁCH, THUẾ QUỐC TẾ"); None when the words after the position are a person's name
    ("PHÓ CHỦ TỊCH NGUYỄN VĂN AN").

    >>> position_with_unit("GIÁM ĐỐC SỞ NỘI VỤ")
    'Giám đốc Sở Nội vụ'
    >>> position_with_unit("PHÓ CHỦ TỊCH NGUYỄN VĂN AN") is None
    True
    """
    s = seg.strip(" ,.;:*")
    if not _is_upper_text(s):
        return None
    pos = _match_position(s)
    if pos is None:
        return None
    rest = s.split()[len(pos.split()):]
    if not 1 <= len(rest) <= UNIT_MAX_WORDS:
        return None
    unit = " ".join(rest)
    if _starts_with_phrase(rest, vocab.issuer_bodies()) is None and (
            _known_person(unit) or _match_position(unit)):
        return None
    return f"{pos} {recase(unit)}"


# words qualifying a position after it ("Phó Chánh Văn phòng thường trực")
# (without marks: a typist's "THUỜNG TRỰC" is the same word)
_QUALIFIERS = {"thuong truc": "thường trực"}


def strip_name_title(seg: str) -> str:
    """``seg`` without the ranks and titles before a name ("Thượng tướng Vũ Văn A",
    "PGS. TS. Lê Thị B" → the name); a title alone is kept as it is."""
    words = seg.split()
    while True:
        # "PGS. TS." and "PGS.TS." are the same title: dots and the space after them fold
        hit = _starts_with_phrase([w.rstrip(".") for w in words], name_titles())
        if hit is None or hit[1] >= len(words):
            return " ".join(words)
        words = words[hit[1]:]


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
    if body.rstrip().endswith((",", "-", "–")) and not _match_position(nxt):
        return True  # "KT. TRƯỞNG BAN BAN CHÍNH SÁCH," / "THUẾ QUỐC TẾ"
    for k in range(max(0, len(words) - 3), len(words)):
        tail = words[k:]
        for phrases in (vocab.issuer_bodies(), vocab.positions()):
            hit = _starts_with_phrase(tail + more, phrases)
            if hit and hit[1] > len(tail):
                return True
    return False


# Words of a body's name wrapped under its authority, at most.
WRAPPED_BODY_WORDS = 8


def is_position_only(s: str) -> bool:
    """A position and nothing more ("PHÓ GIÁM ĐỐC", not "PHÓ GIÁM ĐỐC PHÓ")."""
    found = _position_suffix(s.strip(" ,"), whole=True) if s else None
    return found is not None and len(found[1].split()) == len(found[0].split())


def is_body_line(s: str) -> bool:
    """A body's name in capitals and nothing more ("SỞ TÀI CHÍNH")."""
    words = s.split()
    return 2 <= len(words) <= WRAPPED_BODY_WORDS and _is_upper_text(s) \
        and _starts_with_phrase(words, vocab.issuer_bodies()) is not None


def names_its_body(authority_body: str, nxt: str) -> bool:
    """Whether the line ``nxt`` names the body of an authority line that holds only the
    head's position ("KT. GIÁM ĐỐC" / "SỞ TÀI CHÍNH", as joint blocks set it): a body's
    name that is not itself a position ("THỨ TRƯỞNG", "VỤ TRƯỞNG VỤ PHÁP CHẾ" are the
    signer's own)."""
    nxt = nxt.strip(" *")
    return is_position_only(authority_body) and is_body_line(nxt) \
        and _match_position(nxt) is None


def _wrapped_name(seg: str, following: list[_L]) -> Optional[tuple[str, _L]]:
    """A personal name broken over several lines: ``seg`` and the next line(s) together
    read as a name ("Nguyễn" / "Quỳnh" / "Thiện"), the lines after the first holding one or
    two words each, five words at most → (the name, its last line)."""
    seg = seg.strip(" *.,;:")
    joined, last = seg, None
    for ln in following[:4]:
        nxt = ln.text.strip(" *")
        more = nxt.split()
        # one or two words carried over; a surname alone may carry the rest of the name
        if not more or (len(more) > 2 and len(joined.split()) > 1) \
                or len(joined.split()) + len(more) > 5:
            break
        # a name keeps its case across the break: "Mai Sơn" then "PHỤ LỤC" (an annex
        # heading right under the signature, with no table line between) is not one name
        if nxt.isupper() != seg.isupper() or not _looks_like_name(f"{joined} {nxt}"):
            break
        joined, last = f"{joined} {nxt}", ln
    return (joined, last) if last is not None else None


def _ends_mid_sentence(lines: list[_L]) -> bool:
    """Does the last non-blank line stop without closing punctuation ("… và những")?"""
    for ln in reversed(lines):
        s = ln.text.strip()
        if s:
            return not s.endswith((".", ";", ":", "!", "?", ")", "”", '"', "/"))
    return False
