"""The type heading ("KẾ HOẠCH", "QUYẾT ĐỊNH"), the title under it, and a công văn's "V/v"
subject line; where the header zone ends."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, _starts_with_any,
                                            _starts_with_phrase, _zone_skeleton, column_tab,
                                            is_syllable, other_types, skeleton, type_by_label)
from vanban.extractor.parsers.header.model import TitlePart, TypeHeading
from vanban.extractor.parsers.header.patterns import OUTLINE, ROMAN_OR_NUMBER, SUBJECT, VV_MARK
from vanban.extractor.parsers.header.title import (centred_under, ends_with_cue, gap_below,
                                            full_line_length, title_lines, whole_line)
from vanban.extractor.text import Text

# How far the header reaches: the document type line is looked for in the first lines.
HEADER_MAX_LINES = 60
# Lines after which no type line is looked for: the body has begun.
STOP_TYPE_SEARCH = ("Kính gửi", "Căn cứ")
# A type heading's words may wrap over this many lines, and it has at most this many words.
WRAPPED_TYPE_LINES, WRAPPED_TYPE_MAX_WORDS = 3, 4
# Lines a "V/v" subject may run on below its first (a narrow left column wraps it often)
SUBJECT_MAX_MORE_LINES = 5
# Without a type heading, the header zone ends after this many lines with text, once they
# hold this many words: a narrow column or another copy's line breaks spread the same header
# over more, shorter lines (never past the hard limit).
ZONE_WITHOUT_TYPE_LINES, ZONE_WITHOUT_TYPE_WORDS, ZONE_WITHOUT_TYPE_MAX_LINES = 20, 120, 40


def find_type_heading(lines: list[_L], text: Text) -> Optional[TypeHeading]:
    """The type heading among the first lines, before the body begins. A heading's words may
    wrap over lines ("QUYẾT" / "ĐỊNH", "THÔNG TƯ" / "LIÊN TỊCH")."""
    body: list[_L] = []  # the first non-blank lines (a long text is not walked to its end)
    for ln in lines:
        if not ln.blank:
            body.append(ln)
            if len(body) >= HEADER_MAX_LINES + WRAPPED_TYPE_LINES:
                break
    for k, ln in enumerate(body[:HEADER_MAX_LINES]):
        s = ln.text.strip()
        if _opens_body(s, body[k + 1].text if k + 1 < len(body) else ""):
            return None  # the body has begun ("Kính gửi:", "Căn cứ …"): a later type word is not it
        hit = type_at(ln)
        wrapped = None
        if hit is None or not ln.text[hit[1]:].strip():
            wrapped = wrapped_type_at(body[k:k + WRAPPED_TYPE_LINES])
        a = len(ln.text) - len(ln.text.lstrip())
        if wrapped is not None and (hit is None or len(wrapped[0].label.split())
                                    > len(hit[0].label.split())):
            entry, last, end = wrapped
            return TypeHeading(entry=entry, line_index=ln.index, end=end,
                               provenance=text.provenance(ln.start + a, last.start + end,
                                                          rule="type_line"),
                               last_index=last.index)
        if hit:
            entry, end = hit
            return TypeHeading(entry=entry, line_index=ln.index, end=end,
                               provenance=text.provenance(ln.start + a, ln.start + end,
                                                          rule="type_line"))
    return None


def _opens_body(s: str, following: str) -> bool:
    """Whether a line opens the body ("Kính gửi:", "Căn cứ …"), its cue wrapped or not
    ("Kính" / "gửi:", "Căn" / "cứ Luật …")."""
    if _starts_with_any(s, STOP_TYPE_SEARCH):
        return True
    return len(s.split()) == 1 and _starts_with_any(f"{s} {following.strip()}", STOP_TYPE_SEARCH)


def wrapped_type_at(run: list[_L]) -> Optional[tuple[vocab.DocTypeEntry, _L, int]]:
    """A type heading in capitals whose words wrap over the lines of ``run`` (non-blank
    lines, the first holding nothing but the heading's first words): "NGHỊ" / "QUYẾT",
    "CÔNG" / "ĐIỆN", "VĂN BẢN" / "HỢP NHẤT" → (type, the line holding its last word, end
    column of that word), else None. The words after the heading's last one, on its line,
    are the title's and in capitals like a type line's."""
    words: list[str] = []
    best = None  # a shorter name found, kept while a longer one may go on below
    for j, ln in enumerate(run):
        line_words = ln.text.split()
        if not line_words or not _is_upper_text(ln.text):
            return best
        if j > 0:
            for n in range(min(WRAPPED_TYPE_MAX_WORDS, len(words) + len(line_words)),
                           len(words), -1):
                label = words + line_words[:n - len(words)]
                entry = type_by_label(" ".join(label), fuzzy=len(" ".join(label)) >= 7)
                if entry is None or len(entry.label.split()) != n or not _is_prefix(
                        words, entry.label):
                    continue
                if entry.slug == "other" and len(line_words) > n - len(words):
                    return best  # as in type_at: another type's heading stands alone
                m = re.match(r"\s*" + r"\s+".join(map(re.escape, line_words[:n - len(words)])),
                             ln.text)
                if len(line_words) > n - len(words) or not _longer_type(label):
                    return entry, ln, m.end()
                best = (entry, ln, m.end())  # "CHƯƠNG" / "TRÌNH" / "HÀNH ĐỘNG"
                break
        words += line_words
        if len(words) >= WRAPPED_TYPE_MAX_WORDS or not _longer_type(words):
            return best
    return best


def _longer_type(words: list[str]) -> bool:
    """Whether ``words`` are the first words, and not all the words, of a type's name
    (accents ignored: OCR loses tone marks)."""
    return tuple(skeleton(w).lower() for w in words) in _type_prefixes()


def _is_prefix(words: list[str], label: str) -> bool:
    """Whether ``words`` are the first words of ``label`` and not all of them (accents
    ignored: OCR loses tone marks)."""
    want = skeleton(label).lower().split()
    return len(words) < len(want) and [skeleton(w).lower() for w in words] == want[:len(words)]


@lru_cache(maxsize=1)
def _type_prefixes() -> frozenset[tuple[str, ...]]:
    """The proper beginnings of every type's name of several words (contract types and
    the others), as lower-case skeleton words: ("quyet",), ("thong", "tu") …"""
    out = set()
    for e in vocab.doc_types() + other_types():
        want = tuple(skeleton(e.label).lower().split())
        out.update(want[:k] for k in range(1, len(want)))
    return frozenset(out)


def parse_title(lines: list[_L], heading: TypeHeading, text: Text) -> Optional[TitlePart]:
    """The title under the type heading (a "V/V" mark before it dropped)."""
    pieces = title_lines(lines, heading.title_from, heading.end, full_line_length(lines),
                         centred_under(text, heading.title_from), gap_below(text))
    if not pieces:
        return None
    first, a0, b0 = pieces[0]
    sm = VV_MARK.match(first.skel[a0:b0])
    if sm and sm.end() < b0 - a0:  # "CÔNG ĐIỆN" / "V/V CHỦ ĐỘNG PHÒNG, …"
        pieces[0] = (first, a0 + sm.end(), b0)
    elif sm and len(pieces) > 1:  # the mark alone on its line: "V/V" / "CHỦ ĐỘNG …"
        pieces.pop(0)
    pieces = _after_organ(pieces)
    title = join_pieces(pieces)
    start = pieces[0][0].start + pieces[0][1]
    end = pieces[-1][0].start + pieces[-1][2]
    return TitlePart(title=title, provenance=text.provenance(start, end, rule="title_after_type"))


# The issuing organ written under the type heading, as Party documents and older decisions
# do: "NGHỊ QUYẾT" / "CỦA BỘ CHÍNH TRỊ" / "về …", "QUYẾT ĐỊNH" / "CỦA CHỦ TỊCH ỦY BAN NHÂN
# DÂN TỈNH" / "Về việc …", "NGHỊ QUYẾT" / "HỘI NGHỊ LẦN THỨ TÁM BAN CHẤP HÀNH TRUNG ƯƠNG
# KHÓA XIII" / "về …". It belongs to the heading; the title is the subject after it.
_OF, _CONFERENCE, _ABOUT = ("của",), ("hội", "nghị"), "về"
ORGAN_MAX_WORDS = 20
_WORD = re.compile(r"\S+")


def _after_organ(pieces: list[tuple[_L, int, int]]) -> list[tuple[_L, int, int]]:
    """``pieces`` from the subject's "về" on when they open with the issuing organ; else
    as they are."""
    words: list[tuple[int, int, str]] = []  # (piece, offset in its line, word as written)
    for i, (ln, a, b) in enumerate(pieces):
        words += [(i, m.start(), m.group(0)) for m in _WORD.finditer(ln.text, a, b)]
        if len(words) > ORGAN_MAX_WORDS + 1:
            break
    folded = [fold(w.strip(",;:")) for _, _, w in words[:ORGAN_MAX_WORDS + 2]]
    opener = next((o for o in (_OF, _CONFERENCE)
                   if tuple(folded[:len(o)]) == tuple(map(fold, o))), None)
    if opener is None:
        return pieces
    at = next((k for k in range(len(opener) + 1, min(len(words) - 1, ORGAN_MAX_WORDS + 1))
               if folded[k] == fold(_ABOUT)), None)
    if at is None:
        return pieces
    # "CỦA" + a body or a position: "CỦA BỘ CHÍNH TRỊ", "CỦA CHỦ TỊCH …"
    if opener == _OF and _starts_with_phrase([w for _, _, w in words[1:at]],
                                             vocab.issuer_bodies() + vocab.positions()) is None:
        return pieces
    i, off, _ = words[at]
    ln, _, b = pieces[i]
    return [(ln, off, b)] + pieces[i + 1:]


# The salutation of a letter ("Kính gửi: Sở Tài chính"), OCR-tolerant, opening its line.
SALUTATION = re.compile(r"^[ *|_]*(?i:k[il1][nm]h)[ ]*(?i:g[uư][il1])\b")
# Lines past the header zone a salutation is looked for in.
SALUTATION_AFTER_ZONE = 3


def salutation_line(lines: list[_L], zone_end: int) -> Optional[_L]:
    """The "Kính gửi" line in the header zone or just under it, else None."""
    for ln in lines[:zone_end + SALUTATION_AFTER_ZONE]:
        if SALUTATION.match(ln.skel):
            return ln
    return None


def parse_subject_line(head: list[_L], text: Text,
                       taken: Optional[dict] = None) -> Optional[TitlePart]:
    """A letter (công văn) has no type heading; its subject is the "V/v …" line under the
    number (its words may start on the next line: "V/v:" / "Chính sách thuế …"). It goes
    on over the next lines up to a separator (blank, table rule), a line holding another
    part (``taken``: number, place-date, national title), a line in capitals or one that
    opens the body."""
    taken = taken or {}
    cues = vocab.header_cues()
    for i, ln in enumerate(head):
        # the V/v line may follow the number on its line (a two-column header flattened:
        # "Số: 12/CT-CS V/v …"): what another part took is blanked before the mark
        skel = _zone_skeleton([ln], text, taken)[1]
        m = SUBJECT.match(skel)
        if not m:
            continue
        # the line's own text: another part may stand beside it ("V/v …      Hà Nội, ngày …")
        pieces = [(ln, m.end(), len(skel.rstrip()))]
        for nxt in head[i + 1:i + 1 + SUBJECT_MAX_MORE_LINES]:
            s = nxt.text.strip()
            marker_alone = len(pieces) == 1 and not skel[m.end():].strip()
            if nxt.index in taken:
                # the subject's next line may hold another part past a column gap only
                left = _zone_skeleton([nxt], text, taken)[1]
                cut = column_tab(nxt)
                if cut < 0 or left[cut:].strip() or not left[:cut].strip():
                    break
                s = left[:cut].strip()
                if not s[0].islower():
                    break
                pieces.append((nxt, len(left) - len(left.lstrip()), len(left[:cut].rstrip())))
                continue
            if not s:
                break
            # a wrapped subject may go on with a number ("giai đoạn" / "2026-2030 …",
            # "Kỳ họp thứ" / "10, Quốc hội …"), or with the spaced dash of a name's range
            # after a word ("… Biên Hòa" / "- Vũng Tàu"), never with an outline item or a
            # list's dash
            prev = pieces[-1][0].text[:pieces[-1][2]].rstrip()
            ranged = s[:2] in ("- ", "– ") and prev[-1:].isalnum() and not s.endswith(";")
            if not s[0].isalpha() and not ranged and not (
                    s[0].isdigit() and not OUTLINE.match(s) and not prev.endswith((".", ";", ":"))):
                break
            # a figure in capitals after the word announcing it ("Quốc hội khóa" / "XV")
            figure = ROMAN_OR_NUMBER.match(s) and ends_with_cue(
                pieces[-1][0].text[:pieces[-1][2]], cues.title_number_cues)
            # an abbreviation wrapped alone ("Chính sách thuế" / "TNCN")
            abbreviation = len(s.split()) <= 2 and not any(is_syllable(w) for w in s.split())
            if not (s[0].islower() or marker_alone or figure or abbreviation) and (
                    _is_upper_text(s) or pieces[-1][0].text.rstrip().endswith((".", ";", ":"))
                    or _starts_with_any(s, cues.strong_openers + cues.weak_openers)):
                break
            pieces.append(whole_line(nxt))
        title = join_pieces(pieces)
        if not title:
            return None
        start, end = pieces[0][0].start + pieces[0][1], pieces[-1][0].start + pieces[-1][2]
        return TitlePart(title=title, provenance=text.provenance(start, end, rule="subject_line"),
                         subject_line=True,
                         marker_provenance=text.provenance(ln.start, ln.start + m.end(),
                                                           inferred=True, rule="subject_line"))
    return None


def join_pieces(pieces: list[tuple[_L, int, int]]) -> str:
    """The pieces' text on one line. A piece ending with a hyphen fixed to its word ("QĐ-" /
    "UBND", "MÊ-" / "HI-CÔ") was wrapped after the hyphen and is joined without a space; a
    spaced dash ("2026 -" / "2031") keeps its spaces."""
    out = ""
    for ln, a, b in pieces:
        piece = ln.text[a:b].strip()
        glued = len(out) > 1 and out[-1] == "-" and out[-2].isalnum() and piece[:1].isalnum()
        out = f"{out}{piece}" if glued else f"{out} {piece}"
    return collapse_spaces(out)


def type_at(ln: _L) -> Optional[tuple[vocab.DocTypeEntry, int]]:
    """The document type written at the start of a line in capitals (``KẾ HOẠCH``, OCR's
    ``KÉ HOẠCH``) → (type, end offset of the label in the line), else None. A type word in
    sentence case only counts when it is alone on its line."""
    s = ln.text.strip()
    if not s:
        return None
    lead = len(ln.text) - len(ln.text.lstrip())
    words = s.split()
    for n in (4, 3, 2, 1):
        if len(words) < n:
            continue
        label = " ".join(words[:n])
        entry = type_by_label(label, fuzzy=len(label) >= 7)
        if entry is None or len(entry.label.split()) != n:
            continue
        if not (_is_upper_text(label) or (len(words) == n and label[0].isupper())):
            return None  # a heading in sentence case stands alone and opens with a capital
        if len(words) > n and not _is_upper_text(s):
            return None  # "Kế hoạch này được…" is a sentence, not a type line
        if entry.slug == "other" and len(words) > n:
            return None  # "DỰ ÁN ĐẦU TƯ …" may be a wrapped body name: the heading stands alone
        m = re.match(r"\s*" + r"\s+".join(re.escape(w) for w in words[:n]), ln.text)
        return entry, (m.end() if m else lead + len(label))
    return None


def zone_without_type(lines: list[_L]) -> int:
    """Without a type line the header ends at the first body opener, its cue wrapped or not
    ("Kính" / "gửi:"), or after ZONE_WITHOUT_TYPE_LINES lines with text holding
    ZONE_WITHOUT_TYPE_WORDS words."""
    cues = vocab.header_cues()
    openers = cues.strong_openers + cues.weak_openers
    nonblank = words = 0
    for i, ln in enumerate(lines):
        if not any(c.isalnum() for c in ln.text):
            continue  # blank, a rule or a table's cell separator: not a header line
        nonblank += 1
        s = ln.text.strip()
        if nonblank > ZONE_WITHOUT_TYPE_MAX_LINES or (nonblank > ZONE_WITHOUT_TYPE_LINES
                                                      and words > ZONE_WITHOUT_TYPE_WORDS):
            return ln.index
        words += len(s.split())
        # a body opener begins a sentence: in lower case it is a wrapped line going on
        if s[0].isupper() and (_starts_with_any(s, openers) or len(s.split()) == 1
                               and _starts_with_any(f"{s} {_next_text(lines, i)}", openers)):
            return ln.index
    return len(lines)


def _next_text(lines: list[_L], i: int) -> str:
    """The text of the first line with text after ``lines[i]``."""
    return next((x.text.strip() for x in lines[i + 1:i + 4] if not x.blank), "")
