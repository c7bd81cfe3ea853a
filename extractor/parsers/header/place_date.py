"""The place-and-date line, "Long Biên, ngày 19 tháng 01 năm 2021" (or "ngày 19/01/2021"):
its parts may wrap onto the next lines ("ngày 03" / "tháng 12 năm 2025", "Thành phố Hồ
Chí" / "Minh, ngày …"), and its blanks may be dotted when the date was left to fill in."""
from __future__ import annotations

import re
from datetime import date
from typing import Optional

from vanban.extractor.normalize import collapse_spaces
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, _line_of, _mask,
                                            _zone_skeleton, column_only, column_pieces,
                                            skeleton)
from vanban.extractor.parsers.header.model import PlaceDatePart, Span
from vanban.extractor.parsers.header.patterns import (COLUMN_GAP, DATE_LINE, GAP_BETWEEN,
                                                      OCR_DIGITS, PLACE_START, WRAPPED_YEAR)
from vanban.extractor.text import Text

# At the end of a text, only a line this short can be a place-date line standing alone.
ALONE_MAX_CHARS = 70


def parse_place_date(head: list[_L], text: Text, taken: dict[int, list[Span]], *,
                     rule: str = "place_date_line", alone: bool = False
                     ) -> Optional[PlaceDatePart]:
    """The place-date line among ``head`` (spans in ``taken`` — per line — are already
    read as other parts); with ``alone`` only a line holding just that (at the end of a
    text, above the signature)."""
    groups = [[ln] for ln in head if len(ln.text.strip()) <= ALONE_MAX_CHARS] if alone else [head]
    partial = None  # a line read without its whole date: the right column may hold the rest
    for group, right_only in [(g, False) for g in groups] + ([(head, True)] if not alone else []):
        if right_only and not any(GAP_BETWEEN.search(ln.raw) for ln in head):
            break  # no line laid out in columns
        base, skel = _zone_skeleton(group, text, taken)
        if right_only:
            # laid out with spaces, the line may wrap in the right column beside the left
            # one's lines ("Số: 12/UBND-VP      Bình Minh," / "V/v …      ngày 05 …")
            skel = column_only(group, base, skel, "right")
        for m in DATE_LINE.finditer(skel):
            d = m.group("d") or m.group("d2")
            mo = m.group("m") or m.group("m2")
            y = m.group("y") or m.group("y2")
            if m.group("place") is None and not (d or mo or y):
                continue
            if alone and (m.group("place") is None or m.start() > 3):
                continue
            if (m.group("place") is None or m.group("comma") is None) \
                    and not _opens_line(skel, m.start()):
                continue  # "… họp ngày 05 tháng 01 năm 2021": a date inside a sentence
            if m.group("place") and m.group("comma") is None \
                    and not PLACE_START.match(m.group("place")):
                continue  # without its comma a place is a name ("Hà Nội ngày …"), not words
            found = _part(m, base, group, text, rule, (d, mo, y), right_only)
            if found.issue_date is None and found.unreadable is None and partial is None \
                    and not right_only and not alone:
                partial = found
                break
            return found if found.issue_date is not None or partial is None else partial
    return partial


def _opens_line(skel: str, at: int) -> bool:
    """Whether only spaces (or taken parts, blanked) precede ``at`` on its line."""
    return not skel[skel.rfind("\n", 0, at) + 1:at].strip(" |")


def _part(m: re.Match, base: int, group: list[_L], text: Text, rule: str,
          dmy: tuple[Optional[str], Optional[str], Optional[str]],
          right_only: bool = False) -> PlaceDatePart:
    d, mo, y = dmy
    ln = _line_of(group, base + m.start())
    end_offset = base + m.end()
    end_line = _line_of(group, end_offset - 1)
    if d and mo and not y and m.group("d") and end_line.index + 1 < len(text.lines):
        # "…, ngày 05 tháng 3" / "năm 2022" in a narrow column, past the zone's end
        nxt = text.lines[end_line.index + 1]
        # in its column: the left one's line may stand beside it ("V/v …      năm 2022")
        off, right = _right_part(_mask(text.text[nxt.start:nxt.end]))
        ym = WRAPPED_YEAR.match(skeleton(right))
        if ym:
            y = ym.group("y")
            lead = len(right) - len(right.lstrip())
            year_piece = (nxt.start + off + lead, nxt.start + off + ym.end())
            end_offset = year_piece[1]
    repairs = []
    parts: list[Optional[int]] = []
    for v in (d, mo, y):
        if v is None:
            parts.append(None)
            continue
        fixed = v.translate(OCR_DIGITS)
        if fixed != v:
            repairs.append(f"{v} -> {fixed}")
        parts.append(int(fixed))
    unread = m.group("dx") or m.group("mx")
    span = (base + m.start(), end_offset)
    taken = column_pieces(group, span[0], base + m.end(), "right") if right_only \
        else [(span[0], base + m.end())]
    if end_offset > base + m.end():
        taken.append(year_piece)
    place = place_prov = None
    above = None if m.group("place") or rule != "place_date_line" else _place_above(text, ln)
    if m.group("place") or above:
        p0, p1 = above or (base + m.start("place"), base + m.end("place"))
        p0 = _wrapped_place_start(text, ln, p0, p1) if not above else p0
        pieces = _place_pieces(text, p0, p1)
        place = collapse_spaces(" ".join(_mask(text.text[a:b]) for a, b in pieces)).strip(" ,.-")
        place_prov = text.provenance(p0, p1, rule=rule)
        if p0 < span[0]:
            span = (p0, span[1])
            taken.extend(pieces)
    issued = date_prov = invalid = None
    if all(p is not None for p in parts):
        try:
            issued = date(parts[2], parts[1], parts[0])
        except ValueError:
            invalid = collapse_spaces(text.text[span[0]:span[1]])
        else:
            ds = base + (m.start("d") if m.group("d") else m.start("d2"))
            date_prov = text.provenance(ds, span[1], rule=rule, repairs=repairs)
    return PlaceDatePart(span=span, line_index=ln.index, place=place or None,
                         place_provenance=place_prov, issue_date=issued,
                         date_provenance=date_prov, invalid_date=invalid, taken=tuple(taken),
                         unreadable=text.text[base + m.start():base + m.end()] if unread else None)


def _place_above(text: Text, ln: _L) -> Optional[tuple[int, int]]:
    """The place alone on the line above a date that opens its line, its comma left out
    ("Hà Nội" / "ngày 01 tháng 12 …"): a short line of capitalised words in sentence case
    (a line in capitals is the issuer), without figures → its span."""
    if ln.index == 0 or _mask(text.text[ln.start:text.lines[ln.index].end]).strip()[:1] \
            not in ("n", "N"):
        return None
    prev = text.lines[ln.index - 1]
    raw = _mask(text.text[prev.start:prev.end])
    words = raw.split()
    if not words or len(words) > PLACE_ALONE_WORDS or _is_upper_text(raw) \
            or any(c.isdigit() for c in raw) or not PLACE_START.match(skeleton(raw).strip()):
        return None
    a = prev.start + len(raw) - len(raw.lstrip())
    return a, prev.start + len(raw.rstrip())


# A place alone on its line has at most this many words ("Thành phố Hồ Chí Minh").
PLACE_ALONE_WORDS = 6


def _wrapped_place_start(text: Text, ln: _L, p0: int, p1: int) -> int:
    """Where a place name that begins its line starts when the lines above hold its first
    words ("Thành phố Hồ Chí" / "Minh, ngày 28 …", "Thành" / "phố Hồ Chí" / "Minh, ngày …"):
    those lines must hold only such words (in sentence case: a line in capitals is the
    issuer), the first opening with a capital, and the place so joined stay short."""
    # what precedes the place in its own column (a left column's code is not part of it)
    lead = COLUMN_GAP.split(text.text[ln.start:p0])[-1]
    lead_words = skeleton(lead.strip(" *")).split()
    # "Thành" / "phố Tân An, ngày …": the line may open with the rest of a unit word
    if any(w not in _UNIT_TAILS for w in lead_words) or ln.index == 0:
        return p0
    words = len(text.text[p0:p1].split()) + len(lead_words)
    if words > 2 + len(lead_words):
        return p0
    start, index = p0, ln.index
    for _ in range(PLACE_LINES_ABOVE):
        if index == 0:
            break
        prev = text.lines[index - 1]
        off, raw = _right_part(_mask(text.text[prev.start:prev.end]))
        skel = skeleton(raw).strip()
        words += len(raw.split())
        first = skel.split()[0] if skel else ""
        if not skel or _is_upper_text(raw) or words > 7 or not (
                PLACE_START.match(skel) or first in _UNIT_TAILS
                and PLACE_START.match("X" + skel[len(first):])):
            break
        index -= 1
        if first not in _UNIT_TAILS:  # a line opening the name ("phố …" wants its "Thành")
            start = prev.start + off + len(raw) - len(raw.lstrip())
    return start


def _place_pieces(text: Text, p0: int, p1: int) -> list[tuple[int, int]]:
    """The place between ``p0`` and ``p1``, a span per line; of a line after the first only
    what follows its column gap (a left column read across: "Số:      Bình" / "12/QĐ-UBND
    Minh, ngày …", "V/v …      Minh, ngày …")."""
    out, a = [], p0
    for k, piece in enumerate(text.text[p0:p1].split("\n")):
        skip = len(piece) - len(COLUMN_GAP.split(piece)[-1]) if k else 0
        out.append((a + skip, a + len(piece)))
        a += len(piece) + 1
    return out


def _right_part(raw: str) -> tuple[int, str]:
    """(offset, text) of a line's last column when two are laid out on it with spaces or a
    tab ("Số: 1/QĐ-UBND      Thành phố" above "Tân An, ngày …"), else (0, the line)."""
    gaps = list(GAP_BETWEEN.finditer(raw))
    return (gaps[-1].end(), raw[gaps[-1].end():]) if gaps else (0, raw)


# Lines above the place-date line that may hold the first words of its place.
PLACE_LINES_ABOVE = 2
# lower-case words that may open a line continuing a place name wrapped inside a unit word
_UNIT_TAILS = frozenset({"pho", "xa", "tran", "tinh", "quan", "huyen"})
