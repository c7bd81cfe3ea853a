"""Two columns laid out side by side (plain text typed so, or ``pdftotext -layout``; a
PDF's or DOCX's rows joined by tabs): the recipients on the left, the signature block on
the right, each wrapping on its own. What the signature column says, read past the list
beside it."""
from __future__ import annotations

from typing import Optional

from vanban.extractor.parsers.header.endmatter import (_extends_authority, _position_suffix,
                                                       _strip_junk, authority_kind,
                                                       is_position_only)
from vanban.extractor.parsers.header.joint import half
from vanban.extractor.parsers.header.lines import _L, _is_upper_text, column_tab
from vanban.extractor.parsers.header.patterns import AUTHORITY, AUTHORITY_PREFIX, PREFIX_ALONE

# A line indented to within this many characters of the right column's start is that
# column's (a name, a stamp's "(Đã ký)" on a row whose left cell is empty).
INDENT_SLACK = 4


def signature_column(block: list[_L]) -> Optional[list[_L]]:
    """The right column of a block laid out with spaces, the recipients on the left: each
    row's part past its gap, and the rows indented to that column, as lines of their own
    (with their offsets); rows of the left column alone are left out. None when fewer than
    two rows have a gap, or when the rows are joined by tabs (a PDF's or DOCX's cells:
    ``right_column`` reads those)."""
    if any("\t" in ln.raw for ln in block):
        return None
    starts = []
    for ln in block:
        gap = column_tab(ln)
        if gap >= 0:
            starts.append(len(ln.raw) - len(ln.raw[gap:].lstrip()))
    if len(starts) < 2:
        return None
    edge = min(starts)
    out = []
    for ln in block:
        gap = column_tab(ln)
        if gap < 0 and len(ln.raw) - len(ln.raw.lstrip()) < edge - INDENT_SLACK:
            continue  # the left column alone: a recipient, or its wrapped end
        out.append(half(ln, max(gap, 0), len(ln.raw)))
    return out


def right_column(ln: _L) -> str:
    """The line's right column when two columns are typed with tabs ("Nơi nhận:<tab>
    CHỦ TỊCH", "- Như trên;<tab>Name"): the signature block is there. The whole line
    otherwise (the masked text has spaces where the raw line has tabs)."""
    return ln.text[column_tab(ln) + 1:].strip()


def position_wrapped(seg: str, nxt: Optional[_L]) -> Optional[str]:
    """The position that ``seg`` (in capitals) begins and the next line's right column ends
    ("PHÓ" / "CHỦ TỊCH", "CHÁNH VĂN" / "PHÒNG"), longer than any ``seg`` reads as alone;
    else None."""
    if nxt is None or not _is_upper_text(seg):
        return None
    rest = _strip_junk(right_column(nxt))
    joined = f"{seg} {rest}"
    if not rest or not _is_upper_text(rest) or not is_position_only(joined):
        return None
    whole = _position_suffix(joined, whole=True)[0]
    alone = _position_suffix(seg, whole=True)
    return None if alone and len(alone[0].split()) >= len(whole.split()) else whole


def cut_authority(ln: _L, nxt: Optional[_L]) -> Optional[tuple[str, int, str]]:
    """(kind, where it starts, its body so far) of an authority in the line's right column
    cut short at the line's end, the next line's right column going on with it ("Nơi
    nhận:      TM. ỦY" / "- Như trên;      BAN NHÂN DÂN", or the prefix alone: "KT." /
    "CHỦ TỊCH"); else None."""
    gap = column_tab(ln)
    if gap < 0 or nxt is None:
        return None
    right = ln.skel[gap + 1:]
    off = gap + 1 + len(right) - len(right.lstrip(" |"))
    right = right.strip(" |")
    more = right_column(nxt)
    if not _is_upper_text(more):
        return None
    if PREFIX_ALONE.match(right):
        m = AUTHORITY_PREFIX.match(f"{right} X")
        return (authority_kind(m.string, m), ln.start + off, "") if m else None
    m = AUTHORITY.match(right)
    if m is None:
        return None
    body = ln.text[off + m.start("body"):].strip()
    return (authority_kind(right, m), ln.start + off, body) if _extends_authority(body, more) \
        else None
