"""A joint document's signature (văn bản liên tịch): two blocks side by side, read across
into one line per row ("KT. BỘ TRƯỞNG BỘ NỘI VỤ KT. BỘ TRƯỞNG BỘ TÀI CHÍNH" /
"THỨ TRƯỞNG THỨ TRƯỞNG" / "Trần Anh Tuấn Nguyễn Thị Minh"). Each row is cut where both
halves read as what that row holds, and the block becomes two blocks of half-lines (with
their offsets, so spans stay right). A row that cuts no clean way leaves the block whole.
"""
from __future__ import annotations

from typing import Callable, Optional

from vanban.extractor.ocrfix import known_surnames, restore_surname
from vanban.extractor.parsers.header.endmatter import (_looks_like_name, authority_in,
                                                       authority_kind, is_body_line,
                                                       is_position_only)
from vanban.extractor.parsers.header.lines import _L, _is_upper_text, column_tab, skeleton
from vanban.extractor.parsers.header.patterns import AUTHORITY_PREFIX

# Rows of a joint block from its authority line to the names, at most.
JOINT_ROWS = 6
# A row of two positions (no authority line above them) is short, in capitals; the row of
# the two names under it has this many words.
POSITIONS_ROW_MAX = 80
NAMES_ROW_WORDS = (4, 12)


def half(ln: _L, a: int, b: int) -> _L:
    """The slice [a, b) of ``ln`` as a line of its own (offsets kept), its edges trimmed."""
    while a < b and ln.raw[a] in " \t|*":
        a += 1
    while b > a and ln.raw[b - 1] in " \t|*":
        b -= 1
    return _L(ln.index, ln.start + a, ln.raw[a:b], ln.text[a:b], skeleton(ln.text[a:b]))


def _authority_cut(ln: _L) -> Optional[tuple[int, int]]:
    """Where the first and the second authority start on a line that holds two of the same
    kind ("KT. … KT. …", "TM. … TM. …"). "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" is one
    signer's chain of authority, not two blocks: its prefixes differ."""
    first = authority_in(ln.text, ln.skel)
    if first is None:
        return None
    kind = authority_kind(ln.text, first)
    for m in AUTHORITY_PREFIX.finditer(ln.skel, first.end("prefix")):
        if authority_kind(ln.text, m) == kind:
            return first.start(), m.start()
    return None


def _cut(ln: _L, reads: Callable[[str], bool]) -> Optional[int]:
    """The one place (a tab, else a space) where both halves of the line read so."""
    tab = column_tab(ln)
    if tab >= 0:
        return tab if reads(ln.text[:tab].strip()) and reads(ln.text[tab + 1:].strip()) else None
    cuts = [i for i, ch in enumerate(ln.text) if ch == " " and ln.text[i - 1] != " "
            and reads(ln.text[:i].strip()) and reads(ln.text[i:].strip())]
    if len(cuts) > 1:
        # "Lê Văn | Hòa Đặng Thị Mai" or "Lê Văn Hòa | Đặng Thị Mai": most names have three
        # or four words, so the one cut that leaves at least three on each side
        cuts = [i for i in cuts if min(len(ln.text[:i].split()), len(ln.text[i:].split())) >= 3]
    return cuts[0] if len(cuts) == 1 else None


def _is_name(s: str) -> bool:
    """A personal name opening with a known family name, in mixed case or in capitals
    ("Lê Văn Hòa", "LÊ VĂN HÒA")."""
    if not s.split() or not _looks_like_name(s):
        return False
    cased = s.title() if s.isupper() else s
    return restore_surname(cased)[0].split()[0] in known_surnames()


def has_joint_row(block: list[_L]) -> bool:
    """Whether a row of the block holds two authorities of the same kind side by side."""
    return any(_authority_cut(ln) is not None for ln in block if not ln.blank)


def joint_halves(block: list[_L]) -> Optional[tuple[list[_L], list[_L]]]:
    """(left block, right block) of a joint signature read across, or None: the authority
    row (its bodies maybe wrapped onto the next rows), then rows of two positions, then the
    row of two names."""
    rows = [ln for ln in block if not ln.blank]
    found = next(((i, cut) for i, ln in enumerate(rows)
                  if (cut := _authority_cut(ln)) is not None), None)
    if found is None:
        return None
    at, (begin, cut) = found
    left, right = [half(rows[at], begin, cut)], [half(rows[at], cut, len(rows[at].raw))]
    positions = False
    for ln in rows[at + 1:at + JOINT_ROWS]:
        names = None
        cut = _cut(ln, is_position_only)
        positions = positions or cut is not None
        if cut is None and not positions:
            cut = _cut(ln, is_body_line)  # "SỞ TÀI CHÍNH SỞ NỘI VỤ": the authorities wrapped
        if cut is None:
            cut = names = _cut(ln, _is_name)
        if cut is None:
            return None
        left.append(half(ln, 0, cut))
        right.append(half(ln, cut, len(ln.raw)))
        if names is not None:
            return left, right
    return None


def unprefixed_halves(block: list[_L]) -> Optional[tuple[list[_L], list[_L]]]:
    """(left, right) of two blocks signed by two bodies' heads with no TM./KT. line (a joint
    plan of an association and a department: "TRƯỞNG PHÒNG CHỦ TỊCH" / "Lê Văn Hòa Đặng Thị
    Mai Anh"): a row of two positions right above a row of two names, or None."""
    rows = [ln for ln in block if not ln.blank]
    for ln, nxt in zip(rows, rows[1:]):
        s = ln.text.strip()
        if not (s and len(s) <= POSITIONS_ROW_MAX and _is_upper_text(s)) \
                or not NAMES_ROW_WORDS[0] <= len(nxt.text.split()) <= NAMES_ROW_WORDS[1]:
            continue
        cut = _cut(ln, is_position_only)
        names = _cut(nxt, _is_name) if cut is not None else None
        if names is not None:
            return ([half(ln, 0, cut), half(nxt, 0, names)],
                    [half(ln, cut, len(ln.raw)), half(nxt, names, len(nxt.raw))])
    return None
