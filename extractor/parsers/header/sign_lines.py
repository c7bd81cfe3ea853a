"""The signature block's lines as they were written, whatever the line breaks: a block in
capitals wrapped at other places ("KT. CHỦ" / "TỊCH", "PHÓ CHỦ" / "TỊCH", "THỦ" / "TƯỚNG",
"… THUẾ QUỐC" / "TẾ PHÓ TRƯỞNG BAN") is joined again and cut where each authority
(TM., KT., TL., TUQ., Q.) begins and where the position begins, one line each, as the
signer reader expects them. Lines that already read that way are left as they are."""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.parsers.header.endmatter import (_extends_authority, _is_appendix_start,
                                                       _known_person, _position_suffix)
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, _match_position,
                                                   _starts_with_phrase, column_tab, skeleton)
from vanban.extractor.parsers.header.patterns import AUTHORITY_PREFIX, DASH
from vanban.extractor.text import Text

# A line of a signature block in capitals is short; a longer one is body text.
BLOCK_LINE_MAX_CHARS = 90


def unwrap_block(block: list[_L], text: Text) -> list[_L]:
    """``block`` with every wrapped run of capitals lines re-cut into one line per
    authority and one for the position (lines standing for a slice of the text, with its
    offsets, so spans stay right). A run that does not parse cleanly is left alone."""
    out: list[_L] = []
    i = 0
    while i < len(block):
        j = _run_end(block, i, text)
        if j - i >= 2 and _wrapped(block[i:j]):
            pieces = _recut(block[i:j])
            if pieces:
                out.extend(pieces)
                i = j
                continue
        out.append(block[i])
        i += 1
    return out


def _plain_capitals(ln: _L) -> bool:
    s = ln.text.strip()
    return (bool(s) and len(s) <= BLOCK_LINE_MAX_CHARS and _is_upper_text(s)
            and column_tab(ln) < 0 and not DASH.match(s) and ";" not in s
            and not any(c.isdigit() for c in s))


def _capitals_name(ln: _L) -> bool:
    """A signer's name written in capitals ("NGUYỄN VĂN AN"): it ends the run above it."""
    return _known_person(ln.text.strip(" *."))


def _run_end(block: list[_L], i: int, text: Text) -> int:
    """End (exclusive) of the run of adjacent plain capitals lines starting at ``i``."""
    j = i
    while j < len(block):
        ln = block[j]
        if not _plain_capitals(ln) or _capitals_name(ln) or _is_appendix_start(ln):
            break
        if j > i and not _adjacent(block[j - 1], ln, text):
            break
        j += 1
    return j


def _adjacent(prev: _L, ln: _L, text: Text) -> bool:
    """Whether ``ln`` follows ``prev`` with nothing between them: the next line (one line
    break, no blank or rule), or, for a column's slices, past lines that hold only the
    other column (none of them blank)."""
    if ln.index <= prev.index:
        return False
    lines = text.lines
    for i in range(prev.index, ln.index):
        a, b = lines[i].end, lines[i + 1].start
        if b != a + 1 or text.text[a] != "\n":
            return False  # a page break or a line break of its own
        if i > prev.index and not text.text[lines[i].start:a].strip():
            return False  # a blank line between
    return True


def _starts_position(s: str) -> bool:
    """Whether ``s`` opens with a position, OCR-tolerant ("CHỦ TICH", "PHÓ CHỦ TIC")."""
    return _match_position(s) is not None


def _may_start_position(s: str) -> bool:
    """:func:`_starts_position` where the first word, marks aside, opens a position: the
    cheap test asked of every word of a joined run."""
    first = s.split()[0] if s.split() else ""
    return skeleton(first).lower().strip(".,;:") in _position_heads() and _starts_position(s)


@lru_cache(maxsize=1)
def _position_heads() -> frozenset[str]:
    """The first words of the positions, without marks, lower case ("pho", "chu", "thu")."""
    return frozenset(skeleton(p.split()[0]).lower() for p in vocab.positions())


def _wrapped(run: list[_L]) -> bool:
    """Whether a line of the run is a piece of a wrapped line: the first neither opens an
    authority nor is a whole position, or a later one opens neither."""
    first = run[0].skel.strip()
    if not (AUTHORITY_PREFIX.match(first) or _position_suffix(run[0].text.strip(), whole=True)):
        return True
    if any(ln.text.rstrip(" *").endswith((",", "-", "–")) for ln in run[:-1]):
        return True  # "KT. BỘ TRƯỞNG," / "CHỦ NHIỆM": a comma carries the body on
    return any(not (AUTHORITY_PREFIX.match(ln.skel.strip()) or _starts_position(ln.text.strip()))
               for ln in run[1:])


def _recut(run: list[_L]) -> Optional[list[_L]]:
    """The run joined and cut at each authority prefix and at the position, or None."""
    joined = " ".join(ln.text for ln in run)  # one character per line break, as in the text
    # the raw text keeps its line breaks: a wrapped line's indentation is no column gap
    raw = "\n".join(ln.raw for ln in run)
    skel = skeleton(joined)
    cuts: list[int] = []
    starts = [m.start() for m in AUTHORITY_PREFIX.finditer(skel)]
    lead = len(joined) - len(joined.lstrip())
    if starts:
        if joined[:starts[0]].strip():
            return None  # words before the first authority: not a block
        cuts.extend(starts)
        body_from = AUTHORITY_PREFIX.match(skel, starts[-1]).end()
        position_at = _position_start(joined, body_from)
        if position_at is not None:
            cuts.append(position_at)
        else:
            # no position: the lines under the last authority's must finish its body ("TM.
            # ỦY" / "BAN NHÂN DÂN"); a position OCR damaged ("PHÔ GHỦ HỊCH") stays apart
            line_end = next(ln.end - run[0].start for ln in run
                            if ln.end - run[0].start >= body_from)
            extra = joined[line_end:].strip()
            if extra and (any(_starts_position(ln.text) for ln in run[1:])
                          or not _extends_authority(joined[body_from:line_end].strip(), extra)):
                return None
    else:
        if not _position_suffix(joined.strip(), whole=True):
            return None  # "THỦ" / "TƯỚNG": without an authority the run is one position
        cuts.append(lead)
    cuts.append(len(joined.rstrip()))
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        seg = joined[a:b]
        a2 = a + len(seg) - len(seg.lstrip())
        b2 = a + len(seg.rstrip())
        if b2 <= a2:
            return None
        pieces.append(_slice(run, a2, b2, joined, raw))
    return pieces


def _position_start(joined: str, body_from: int) -> Optional[int]:
    """Offset in ``joined`` where the position begins after the last authority's body (a
    word at least): where the body before it is itself a whole position or body ("BỘ
    TRƯỞNG" / "VỤ TRƯỞNG …"), else at the first word that opens a position."""
    words: list[tuple[int, str]] = []
    pos = body_from
    for w in joined[body_from:].split():
        at = joined.index(w, pos)
        words.append((at, w))
        pos = at + len(w)
    texts = [w for _, w in words]
    first = None
    for k in range(1, len(words)):
        if texts[k - 1].endswith((",", "-", "–")):
            continue  # "BỘ TRƯỞNG," / "CHỦ NHIỆM": the body goes on after a comma
        if not _may_start_position(" ".join(texts[k:])):
            continue
        if first is None:
            first = k
        body = _starts_with_phrase(texts[:k], vocab.positions() + vocab.issuer_bodies())
        if body is not None and body[1] == k:
            return words[k][0]
    return words[first][0] if first is not None else None


def _slice(run: list[_L], a: int, b: int, joined: str, raw: str) -> _L:
    """A line standing for ``joined[a:b]`` of the run (its index that of the line the slice
    begins on)."""
    base = run[0].start
    owner = run[0]
    for ln in run:
        if ln.start - base <= a:
            owner = ln
    return _L(owner.index, base + a, raw[a:b], joined[a:b], skeleton(joined[a:b]))
