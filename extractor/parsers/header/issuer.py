"""The issuer: the left block of the header, once the right column's phrases, the number
line and the place-date line are taken out of each line. A parent body may stand above the
issuing unit ("UBND TỈNH KHÁNH HÒA" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO"); each may wrap word by word
("ỦY" / "BAN NHÂN DÂN", "BỘ" / "TÀI CHÍNH")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import fold
from vanban.extractor.parsers.header.heading import type_at
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, _starts_with_phrase,
                                                   ends_in_place_name, organs, skeleton,
                                                   unit_kinds)
from vanban.extractor.parsers.header.model import IssuerPart, Span
from vanban.extractor.parsers.header.patterns import COLUMN_PIECE, OUTLINE, RULE_LINE, WORDS
from vanban.extractor.parsers.header.recase import recase
from vanban.extractor.text import Text
from vanban.extractor.vocab import in_body_word_compound

# The issuer block is among the first non-blank lines of the document.
ISSUER_MAX_LINES = 10
_EDGE = " -–—_=.:;,|"

Piece = tuple[_L, int, int]
WORD_RUN = re.compile(r"\S+")
CODE_IN_PIECE = re.compile(r"\d\s*[-/]\s*[A-ZĐ]")


def issuer_pieces(head: list[_L], taken: dict[int, list[Span]],
                  national_words: frozenset[str] = frozenset()) -> list[Piece]:
    """What is left of the header lines once right-column phrases are removed: pieces of
    the left block, in reading order, that look like a body name (words in capitals). A
    piece right of a wide gap made only of national-title words is a remnant of the right
    column read across ("ỦY BAN NHÂN DÂN      CỘNG" / "TỈNH X      HÒA XÃ HỘI …")."""
    pieces = []
    nonblank = 0
    for ln in head:
        if ln.blank:
            continue
        nonblank += 1
        if nonblank > ISSUER_MAX_LINES:
            break
        chars = list(ln.text)
        for a, b in taken.get(ln.index, ()):
            chars[a:b] = " " * (b - a)
        masked = "".join(chars)
        first_col = len(ln.text) - len(ln.text.lstrip())
        found = [m for m in COLUMN_PIECE.finditer(masked) if m.group(0).strip(_EDGE) and not (
            m.start() > first_col and national_words
            and all(w in national_words for w in WORDS.findall(fold(m.group(0)))))]
        for m in found:
            seg = m.group(0).strip(_EDGE)
            words = [w for w in seg.split() if any(c.isalpha() for c in w)]
            alone = len(found) == 1  # a wrapped word alone in its column
            if len(words) < 2 and not (words and words[0].isupper()
                                       and len(words[0]) >= (2 if alone else 3)):
                continue
            if not _is_upper_text(seg) or sum(len(w) >= 2 for w in words) < max(1, len(words) // 2):
                continue
            if RULE_LINE.fullmatch(seg) or type_at(_L(0, 0, seg, seg, skeleton(seg))):
                continue
            if OUTLINE.match(seg):
                continue  # "II. TỔ CHỨC THỰC HIỆN" is a heading of the body
            if CODE_IN_PIECE.search(seg):
                continue  # "221-KL/TW": the number line's code, its "Số" on the line above
            a = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(_EDGE)))
            pieces.append((ln, a, a + len(seg)))
    return pieces


@dataclass(frozen=True)
class _Word:
    piece: Piece
    a: int  # offsets in the piece's line
    b: int
    text: str


def _words(pieces: list[Piece]) -> list[_Word]:
    """The pieces' words, in order; a comma the piece's edge cut off its last word is
    given back ("BỘ NÔNG NGHIỆP," / "LÂM NGHIỆP …")."""
    out = []
    for piece in pieces:
        ln, a, b = piece
        if ln.text[b:b + 1] == ",":
            b += 1
        for m in WORD_RUN.finditer(ln.text, a, b):
            out.append(_Word(piece, m.start(), m.end(), m.group(0)))
    return out


def _opens_body(body: list[_Word], kind_len: int, words: list[_Word], i: int, n: int) -> bool:
    """Whether the body phrase of ``n`` words at ``words[i]`` begins a new body after
    ``body`` (whose kind phrase is its first ``kind_len`` words), wherever the lines broke:
    "BỘ TÀI CHÍNH CỤC THUẾ" holds two bodies; "VĂN PHÒNG CHÍNH PHỦ", "BỘ CÔNG AN" (a kind
    and its name), "… VÀ MÔI TRƯỜNG", "… XÃ HỘI" (a word of the name that is a body kind
    by chance) and "THÀNH PHỐ HẢI" / "PHÒNG" (a place's name wrapped) hold one."""
    prev = body[-1].text
    if fold(prev.strip(",-–&")) in _LINKS or prev.endswith((",", "-", "–", "&")):
        return False
    if n == 1 and in_body_word_compound(prev, words[i].text,
                                        words[i + 1].text if i + 1 < len(words) else None):
        return False
    kind = fold(" ".join(w.text for w in body[:kind_len]))
    if len(body) <= kind_len and (kind_len < 2 or kind in unit_kinds() or kind in organs()):
        return False  # the kind has no name yet: this phrase is its name, or the body it leads
    if n == 1 and i == len(words) - 1 and ends_in_place_name([w.text for w in body]):
        return False
    return True


# Words that join two parts of one name: a body phrase after them is part of it.
_LINKS = frozenset(fold(w) for w in ("và", "của", "với", "&", "-", "–"))


def _bodies(words: list[_Word]) -> list[list[_Word]]:
    """The block's words grouped into bodies, parent(s) first, by the body phrases they
    open with."""
    bodies: list[list[_Word]] = []
    kind_len = 0
    i = 0
    while i < len(words):
        hit = _starts_with_phrase([w.text for w in words[i:i + 8]], vocab.issuer_bodies())
        if not bodies or (hit and _opens_body(bodies[-1], kind_len, words, i, hit[1])):
            n = hit[1] if hit else 1
            bodies.append(list(words[i:i + n]))
            kind_len = hit[1] if hit else 0
            i += n
            continue
        bodies[-1].append(words[i])
        i += 1
    return bodies


def _span(text: Text, words: list[_Word], rule: str):
    first, last = words[0], words[-1]
    return text.provenance(first.piece[0].start + first.a, last.piece[0].start + last.b, rule=rule)


def parse_issuer(head: list[_L], taken: dict[int, list[Span]], text: Text,
                 national_words: frozenset[str] = frozenset()) -> Optional[IssuerPart]:
    """The issuing body (and its parent) of the header zone ``head``; ``national_words``
    are the folded words of the national title and motto: an "issuer" made only of them
    is a piece of the title the parser failed to take out (flagged ``garbled``)."""
    pieces = issuer_pieces(head, taken, national_words)
    if not pieces:
        return None
    words = _words(pieces)
    if not words:
        return None
    bodies = _bodies(words)
    unit = bodies[-1]
    issuer = recase(" ".join(w.text for w in unit)).rstrip(" ,")
    parent = parent_prov = None
    if len(bodies) > 1:
        above = [w for body in bodies[:-1] for w in body]
        parent = recase(" ".join(w.text for w in above)).rstrip(" ,")
        parent_prov = _span(text, above, "header_left_block")
        if fold(issuer) in unit_kinds():
            # "BAN CHẤP HÀNH TRUNG ƯƠNG" / "VĂN PHÒNG": a unit named only by its kind is
            # known by its parent ("Văn phòng Ban Chấp hành Trung ương")
            issuer = f"{issuer} {parent}"
    folded = WORDS.findall(fold(issuer))
    garbled = bool(national_words) and bool(folded) and all(w in national_words for w in folded)
    return IssuerPart(issuer=issuer, provenance=_span(text, unit, "header_left_block"),
                      parent=parent, parent_provenance=parent_prov, garbled=garbled)
