"""The issuer: the left block of the header, once the right column's phrases, the number
line and the place-date line are taken out of each line. A parent body may stand above the
issuing unit ("UBND TỈNH KHÁNH HÒA" / "SỞ GIÁO DỤC VÀ ĐÀO TẠO"); each may wrap word by word
("ỦY" / "BAN NHÂN DÂN", "BỘ" / "TÀI CHÍNH")."""
from __future__ import annotations

from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import fold
from vanban.extractor.parsers.header.heading import type_at
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, _starts_with_phrase, recase,
                                            skeleton, unit_kinds)
from vanban.extractor.parsers.header.model import IssuerPart, Span
from vanban.extractor.parsers.header.patterns import COLUMN_PIECE, OUTLINE, RULE_LINE, WORDS
from vanban.extractor.text import Text

# The issuer block is among the first non-blank lines of the document.
ISSUER_MAX_LINES = 10
_EDGE = " -–—_=.:;,|"

Piece = tuple[_L, int, int]


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
            a = m.start() + (len(m.group(0)) - len(m.group(0).lstrip(_EDGE)))
            # a comma in a name wrapped after it ("BỘ VĂN HÓA," / "THỂ THAO …") is kept
            comma = masked[a + len(seg):a + len(seg) + 1] == ","
            pieces.append((ln, a, a + len(seg) + comma))
    return pieces


def _continues_phrase(before: list[str], words: list[str]) -> bool:
    """Whether a body phrase begun in the last words ``before`` (those of the pieces above,
    a name may wrap word by word) runs on into ``words`` ("ỦY" + "BAN NHÂN DÂN", "VĂN" +
    "PHÒNG CHÍNH PHỦ", "THỦ" / "TƯỚNG" + "CHÍNH PHỦ")."""
    for k in range(max(0, len(before) - 3), len(before)):
        head = before[k:]
        hit = _starts_with_phrase(head + words[:6], vocab.issuer_bodies())
        if hit and hit[1] > len(head):
            return True
    return False


def _joined(pieces: list[Piece]) -> str:
    return " ".join(p[0].text[p[1]:p[2]] for p in pieces).rstrip(",")


def parse_issuer(head: list[_L], taken: dict[int, list[Span]], text: Text,
                 national_words: frozenset[str] = frozenset()) -> Optional[IssuerPart]:
    """The issuing body (and its parent) of the header zone ``head``; ``national_words``
    are the folded words of the national title and motto: an "issuer" made only of them
    is a piece of the title the parser failed to take out (flagged ``garbled``)."""
    pieces = issuer_pieces(head, taken, national_words)
    if not pieces:
        return None
    bodies: list[list[Piece]] = []
    texts = [p[0].text[p[1]:p[2]].split() for p in pieces]
    for n, piece in enumerate(pieces):
        words = texts[n]
        # a body's name may wrap inside its phrase: "ỦY" / "BAN NHÂN" / "DÂN", "VĂN" / "PHÒNG"
        ahead = words + [w for t in texts[n + 1:n + 3] for w in t]
        above = [w for t in texts[max(0, n - 3):n] for w in t]
        starts_body = _starts_with_phrase(ahead, vocab.issuer_bodies()) is not None
        # a kind's word alone closing the block ends a name ("BỘ QUỐC" / "PHÒNG", "MÔI" /
        # "TRƯỜNG", "THÀNH PHỐ HẢI" / "PHÒNG"): no unit is named by its kind alone
        last_word = len(words) == 1 and n == len(pieces) - 1 and bodies
        # a unit's kind alone above ("VĂN PHÒNG" / "CHÍNH PHỦ") is the start of its name
        kind_above = bodies and fold(_joined(bodies[-1])) in unit_kinds()
        if starts_body and bodies and (_continues_phrase(above, ahead) or last_word
                                       or kind_above):
            # one name wrapped ("… TỈNH X" / "SỞ" / "TÀI CHÍNH" is a unit below its parent)
            starts_body = False
        if not bodies or starts_body:
            bodies.append([piece])
        else:
            bodies[-1].append(piece)
    unit = bodies[-1]
    issuer = recase(_joined(unit))
    parent = parent_prov = None
    if len(bodies) > 1:
        above = [p for body in bodies[:-1] for p in body]
        parent = recase(_joined(above))
        parent_prov = text.provenance(above[0][0].start + above[0][1],
                                      above[-1][0].start + above[-1][2], rule="header_left_block")
        if fold(issuer) in unit_kinds():
            # "BAN CHẤP HÀNH TRUNG ƯƠNG" / "VĂN PHÒNG": a unit named only by its kind is
            # known by its parent ("Văn phòng Ban Chấp hành Trung ương")
            issuer = f"{issuer} {parent}"
    folded = WORDS.findall(fold(issuer))
    garbled = bool(national_words) and bool(folded) and all(w in national_words for w in folded)
    return IssuerPart(issuer=issuer,
                      provenance=text.provenance(unit[0][0].start + unit[0][1],
                                                 unit[-1][0].start + unit[-1][2],
                                                 rule="header_left_block"),
                      parent=parent, parent_provenance=parent_prov, garbled=garbled)
