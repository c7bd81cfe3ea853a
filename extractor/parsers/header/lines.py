"""Text helpers shared by the header's parts: the line view (masked text and accent-less
skeleton of every line), phrase matching against the vocabularies, re-casing of names in
capitals, and the page furniture that never becomes a field.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz

from vanban.extractor import vocab
from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.parsers.header.patterns import COLUMN_GAP, GAP_BETWEEN
from vanban.extractor.text import Text


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


_MASK = str.maketrans({"*": " ", "#": " ", "_": " ", "\t": " ", "\u00a0": " "})


def _mask(s: str) -> str:
    """Markdown emphasis (``**``, ``__``) and heading marks, blanks ``___``, tabs to spaces
    (same length)."""
    if "*" not in s and "\t" not in s and "\u00a0" not in s and "#" not in s and "_" not in s:
        return s  # most lines: translate would look up every character for nothing
    return s.translate(_MASK)


_SYLLABLE = re.compile(r"""
    (?:ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdghklmnprstvx])?   # onset
    [aeiouy]{1,3}                                             # vowel nucleus
    (?:ng|nh|ch|[cmnptk])?                                    # coda ("Đắk Lắk")
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


def ends_in_place_name(words: list[str], after: tuple[int, ...] = (1, 2)) -> bool:
    """Whether ``words`` end with an administrative unit and ``after`` words of its name
    (one or two: "… THÀNH PHỐ HẢI", "… quận Long"; none: "… quận"): the name may go on on
    the next line."""
    for k in after:
        head = words[:-k] if k else words
        for m in (1, 2, 3):
            hit = _starts_with_phrase(head[-m:], vocab.admin_units()) if len(head) >= m else None
            if hit is not None and hit[1] == m:
                return True
    return False


def _starts_with_any(s: str, phrases: tuple[str, ...]) -> bool:
    return _starts_with_phrase(s.split()[:8], phrases) is not None


# ---------------------------------------------------------------- vocabularies of the header
def _str_set(name: str, key: str) -> frozenset[str]:
    data = vocab.load_toml(name).get(key, [])
    if not isinstance(data, list) or not data or not all(isinstance(v, str) and v for v in data):
        raise vocab.VocabularyError(f"extractor/data/{name}: '{key}' must be a non-empty "
                                    "list of strings")
    return frozenset(fold(v) for v in data)


@lru_cache(maxsize=1)
def unit_kinds() -> frozenset[str]:
    """Units named only by their kind ("Văn phòng"), folded (header_bodies.toml)."""
    return _str_set("header_bodies.toml", "unit_kinds")


@lru_cache(maxsize=1)
def organs() -> frozenset[str]:
    """A body's own organs ("Ban Chấp hành"), folded (header_bodies.toml): the body named
    after one is the body it leads."""
    return _str_set("header_bodies.toml", "organs")


@lru_cache(maxsize=1)
def other_types() -> tuple[vocab.DocTypeEntry, ...]:
    """The types of header_types.toml, read as ``doc_type: "other"`` with their label."""
    rows = vocab.load_toml("header_types.toml").get("type", [])
    out = []
    for i, row in enumerate(rows):
        label, abbr = row.get("label"), row.get("abbr")
        if not isinstance(label, str) or not label or (abbr is not None and not isinstance(abbr, str)):
            raise vocab.VocabularyError(f"extractor/data/header_types.toml: bad type #{i + 1}")
        if vocab.doc_type_by_label(label) is not None or (abbr and vocab.doc_type_by_abbr(abbr)):
            raise vocab.VocabularyError(f"extractor/data/header_types.toml: {label!r} is a "
                                        "contract type (doc_types.toml)")
        out.append(vocab.DocTypeEntry(slug="other", label=label, abbr=abbr))
    if not out:
        raise vocab.VocabularyError("extractor/data/header_types.toml: no [[type]] entries")
    return tuple(out)


def type_by_label(label: str, *, fuzzy: bool = False) -> Optional[vocab.DocTypeEntry]:
    """A contract type (doc_types.toml) by its name, else one of :func:`other_types`."""
    hit = vocab.doc_type_by_label(label)
    if hit is not None:
        return hit
    other = _other_by_label().get(fold(label))
    if other is not None:  # exact names first: "THÔNG CÁO" is not an OCR'd "THÔNG BÁO"
        return other
    hit = vocab.doc_type_by_label(label, fuzzy=True) if fuzzy else None
    return hit if hit is not None and _same_initials(label, hit.label) else None


def _same_initials(label: str, name: str) -> bool:
    """Whether an OCR-damaged ``label`` keeps the word count and each word's first letter
    of the type ``name`` ("KÉ HOACH" is "Kế hoạch"; "CÔNG AN", a body, is not "Công văn")."""
    a, b = skeleton(label).lower().split(), skeleton(name).lower().split()
    return len(a) == len(b) and all(x[:1] == y[:1] for x, y in zip(a, b))


def type_by_abbr(abbr: str) -> Optional[vocab.DocTypeEntry]:
    """A contract type by its symbol abbreviation, else one of :func:`other_types`."""
    hit = vocab.doc_type_by_abbr(abbr)
    if hit is not None:
        return hit
    return _other_by_abbr().get(fold(abbr.strip()))


@lru_cache(maxsize=1)
def _other_by_label() -> dict[str, vocab.DocTypeEntry]:
    return {fold(e.label): e for e in other_types()}


@lru_cache(maxsize=1)
def _other_by_abbr() -> dict[str, vocab.DocTypeEntry]:
    return {fold(e.abbr): e for e in other_types() if e.abbr}


@lru_cache(maxsize=1)
def name_after_kind() -> frozenset[str]:
    """Body kinds followed by a name opening with a capital ("Bộ Tài chính"), folded."""
    return _str_set("header_bodies.toml", "name_after_kind")


@lru_cache(maxsize=1)
def name_titles() -> tuple[str, ...]:
    """Ranks and titles written before a signer's name (header_cues.toml), longest first."""
    data = vocab.load_toml("header_cues.toml").get("name_titles", [])
    if not isinstance(data, list) or not data or not all(isinstance(v, str) and v for v in data):
        raise vocab.VocabularyError("extractor/data/header_cues.toml: 'name_titles' must be a "
                                    "non-empty list of strings")
    return tuple(sorted(data, key=lambda t: len(t.split()), reverse=True))


@lru_cache(maxsize=1)
def title_links() -> frozenset[str]:
    """Words a wrapped title line may end with (header_cues.toml), folded."""
    return _str_set("header_cues.toml", "title_link_words")


@lru_cache(maxsize=1)
def furniture() -> re.Pattern:
    """Page furniture (header_cues.toml ``[furniture]``) as one pattern over a line's
    skeleton: urgency and secrecy marks alone on their line, the "ĐẾN" stamp of incoming
    mail, running heads (Công báo), site banners and the lines of a digital signature's
    stamp ("Người ký: …"). Built from the data once. A running head is in capitals
    ("CÔNG BÁO/Số …"): "Công báo;" is a recipient wrapped onto its own line."""
    data = vocab.load_toml("header_cues.toml").get("furniture", {})
    try:
        marks = [skeleton(m).upper() for m in data["marks"]]
        heads = [skeleton(h).upper() for h in data["running_heads"]]
        stamps = [skeleton(s).upper() for s in data["stamps"]]
        sites = [s.lower() for s in data["sites"]]
        pages = [skeleton(p).upper() for p in data["page_marks"]]
        signing = [skeleton(p) for p in data["signing"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise vocab.VocabularyError(f"extractor/data/header_cues.toml: bad [furniture] ({exc})")

    def alt(words: list[str]) -> str:
        return "|".join(r"[ ]+".join(map(re.escape, w.split())) for w in
                        sorted(words, key=len, reverse=True))
    return re.compile(
        r"^[ |]*+(?:"
        r"(?:" + alt(marks) + r")(?:[ ]*+[,;/-][ ]*+(?:" + alt(marks) + r"))*+[ .!|]*+$"
        r"|(?-i:" + alt(heads) + r")\b[^\n]*+"
        r"|(?:" + alt(stamps) + r")(?:[ ]*+[:.]?[ ]*+$|[ ]++(?i:so|ngay|gio|chuyen)\b[^\n]*+)"
        r"|[^\n]*?(?i:" + alt(sites) + r")[^\n]*+"
        r"|(?:" + alt(pages) + r")[ ]*+\d{1,4}[ ]*+$"
        # a stamp's label opens with a capital: "cơ quan: TC, QP;" is a wrapped entry
        r"|(?-i:" + alt(signing + [w.upper() for w in signing]) + r")[ ]*+:[^\n]*+"
        r")", re.I)


# Page furniture (marks, stamps, running heads, page markers, banners) is a short line.
FURNITURE_MAX_CHARS = 100


# ---------------------------------------------------------------- line view
@dataclass
class _L:
    """One line of the text: its offsets, masked text and skeleton."""

    index: int
    start: int
    raw: str
    text: str  # masked (markdown, page furniture -> spaces), same length as raw
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


_BULLET_ONLY = re.compile(r"[\s\-–+•*.)(\d]*")


def column_tab(ln: "_L", start: int = 0) -> int:
    """Where the gap that separates two columns starts ("- Như trên;<tab>KT. CHỦ TỊCH",
    "Nơi nhận:      CHỦ TỊCH"), or -1. A gap after nothing but a bullet ("-<tab>Như trên;")
    indents its line; it separates nothing, and spaces before nothing are trailing."""
    for m in COLUMN_GAP.finditer(ln.raw, start):
        if _BULLET_ONLY.fullmatch(ln.raw[start:m.start()]) or ln.raw[m.start() - 1] == "\n":
            continue  # (a line re-cut from wrapped lines keeps their breaks: indentation)
        if m.group() != "\t" and not ln.raw[m.end():].strip():
            return -1
        return m.start()
    return -1


def column_span(ln: "_L", side: str) -> tuple[int, int]:
    """The bounds in ``ln`` of its ``side`` ("left" or "right") column when two are laid out
    on it: left of its first column gap (``column_tab``), right of its last; the whole line
    when it has none."""
    if side == "left":
        gap = column_tab(ln)
        return 0, gap if gap >= 0 else len(ln.raw)
    gaps = list(GAP_BETWEEN.finditer(ln.raw))
    return gaps[-1].end() if gaps else 0, len(ln.raw)


def column_only(lines: list["_L"], base: int, skel: str, side: str) -> str:
    """The skeleton ``skel`` of ``lines`` (its offset ``base``) with each line's text outside
    its ``side`` column blanked ("Số:      Bình Minh, ngày …" / "12/QĐ-UBND": the number
    read from the left column, the place-date line from the right)."""
    chars = list(skel)
    for ln in lines:
        lo, hi = column_span(ln, side)
        at = ln.start - base
        chars[at:at + lo] = " " * lo
        chars[at + hi:at + len(ln.raw)] = " " * (len(ln.raw) - hi)
    return "".join(chars)


def column_pieces(lines: list["_L"], a: int, b: int, side: str) -> list[tuple[int, int]]:
    """Each line's share of the text span [a, b) within its ``side`` column."""
    out = []
    for ln in lines:
        lo, hi = column_span(ln, side)
        lo, hi = max(a, ln.start + lo), min(b, ln.start + hi)
        if lo < hi:
            out.append((lo, hi))
    return out


def _lines(text: Text) -> list[_L]:
    """Every line of ``text``, markdown masked; a line of page furniture (a "HỎA TỐC" mark,
    an incoming-mail stamp, a running head) is masked whole: it is never a field."""
    out = []
    furn = furniture()
    for i, ln in enumerate(text.lines):
        raw = text.text[ln.start:ln.end]
        masked = _mask(raw)
        skel = skeleton(masked)
        if len(raw) <= FURNITURE_MAX_CHARS and furn.match(skel):
            masked = skel = " " * len(raw)
        out.append(_L(i, ln.start, raw, masked, skel))
    return out


def _strip_span(line: _L, a: int, b: int) -> tuple[int, int]:
    """Offsets (in the full text) of line.text[a:b] without surrounding spaces/punctuation."""
    seg = line.text[a:b]
    left = len(seg) - len(seg.lstrip(" -–—:;,.|"))
    right = len(seg.rstrip(" -–—:;,.|"))
    return line.start + a + left, line.start + a + max(left, right)


def _zone_skeleton(lines: list[_L], text: Text, taken: Optional[dict] = None, *,
                   masked: bool = False) -> tuple[int, str]:
    """(offset, masked skeleton) of the text of ``lines`` taken as one string, line breaks
    kept: a part of the header may wrap over several lines ("Số:" / "79/2025/NQ-HĐND",
    "ngày 03" / "tháng 12 năm 2025"). Spans in ``taken`` (per line) are blanked; with
    ``masked`` the lines' masked text instead of their skeleton."""
    if not lines:
        return 0, ""
    base = lines[0].start
    # each line's own skeleton (page furniture already masked), the breaks between them
    parts = []
    for k, ln in enumerate(lines):
        parts.append(ln.text if masked else ln.skel)
        if k + 1 < len(lines):
            parts.append(text.text[ln.end:lines[k + 1].start])
    skel = "".join(parts)
    if taken:
        chars = list(skel)
        for ln in lines:
            for a, b in taken.get(ln.index, ()):
                lo, hi = ln.start - base + a, ln.start - base + b
                chars[lo:hi] = " " * (hi - lo)
        skel = "".join(chars)
    return base, skel


def _line_of(lines: list[_L], offset: int) -> _L:
    starts = [ln.start for ln in lines]
    return lines[max(0, bisect.bisect_right(starts, offset) - 1)]




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
