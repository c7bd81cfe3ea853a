"""The type heading ("KẾ HOẠCH", "QUYẾT ĐỊNH"), the title under it, and a công văn's "V/v"
subject line; where the header zone ends."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import collapse_spaces
from vanban.extractor.parsers.header.lines import (_L, _fold_word, _folded, _is_upper_text,
                                            _match_position, _starts_with_any, _starts_with_phrase,
                                            other_types, skeleton, title_links, type_by_label)
from vanban.extractor.parsers.header.model import TitlePart, TypeHeading
from vanban.extractor.parsers.header.patterns import OUTLINE, SUBJECT, TITLE_FIGURE, VV_MARK
from vanban.extractor.text import Text

# How far the header reaches: the document type line is looked for in the first lines.
HEADER_MAX_LINES = 60
# Lines after which no type line is looked for: the body has begun.
STOP_TYPE_SEARCH = ("Kính gửi", "Căn cứ")
# A title line is centred like the type line within this share of the page width.
CENTRE_TOLERANCE = 0.015
# A type heading's words may wrap over this many lines, and it has at most this many words.
WRAPPED_TYPE_LINES, WRAPPED_TYPE_MAX_WORDS = 3, 4
# Lines after the type line that may still be title.
TITLE_MAX_LINES = 6
# Lines a "V/v" subject may run on below its first (a narrow left column wraps it often)
SUBJECT_MAX_MORE_LINES = 5
# A title all in capitals is told from the body by its case, so it may run longer: long
# amending decisions name every act they amend over ten lines or more.
TITLE_MAX_UPPER_LINES = 16
# A title's lines are set close; a blank band taller than this many line heights under a
# title line ends it (the spacing before the body, or the rule drawn under the title).
TITLE_GAP = 1.0
# Without a type heading, the header zone ends after this many lines with text.
ZONE_WITHOUT_TYPE_LINES = 20


def find_type_heading(lines: list[_L], text: Text) -> Optional[TypeHeading]:
    """The type heading among the first lines, before the body begins. A heading's words may
    wrap over lines ("QUYẾT" / "ĐỊNH", "THÔNG TƯ" / "LIÊN TỊCH")."""
    body = [ln for ln in lines if not ln.blank]
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
    for j, ln in enumerate(run):
        line_words = ln.text.split()
        if not line_words or not _is_upper_text(ln.text):
            return None
        if j > 0:
            for n in range(min(WRAPPED_TYPE_MAX_WORDS, len(words) + len(line_words)),
                           len(words), -1):
                label = words + line_words[:n - len(words)]
                entry = type_by_label(" ".join(label), fuzzy=len(" ".join(label)) >= 7)
                if entry is None or len(entry.label.split()) != n or not _is_prefix(
                        words, entry.label):
                    continue
                if entry.slug == "other" and len(line_words) > n - len(words):
                    return None  # as in type_at: another type's heading stands alone
                m = re.match(r"\s*" + r"\s+".join(map(re.escape, line_words[:n - len(words)])),
                             ln.text)
                return entry, ln, m.end()
        words += line_words
        if len(words) >= WRAPPED_TYPE_MAX_WORDS or not any(
                _is_prefix(words, e.label) for e in _type_entries()):
            return None
    return None


def _is_prefix(words: list[str], label: str) -> bool:
    """Whether ``words`` are the first words of ``label`` and not all of them (accents
    ignored: OCR loses tone marks)."""
    want = skeleton(label).lower().split()
    return len(words) < len(want) and [skeleton(w).lower() for w in words] == want[:len(words)]


@lru_cache(maxsize=1)
def _type_entries() -> tuple[vocab.DocTypeEntry, ...]:
    """Every type with a name of several words (contract types and the others)."""
    return tuple(e for e in vocab.doc_types() + other_types() if len(e.label.split()) > 1)


def parse_title(lines: list[_L], heading: TypeHeading, text: Text) -> Optional[TitlePart]:
    """The title under the type heading (a "V/V" mark before it dropped)."""
    pieces = title_lines(lines, heading.title_from, heading.end, full_line_length(lines),
                         centred_under(text, heading.title_from), _gap_below(text))
    if not pieces:
        return None
    first, a0, b0 = pieces[0]
    sm = VV_MARK.match(first.skel[a0:b0])
    if sm and sm.end() < b0 - a0:  # "CÔNG ĐIỆN" / "V/V CHỦ ĐỘNG PHÒNG, …"
        pieces[0] = (first, a0 + sm.end(), b0)
    title = collapse_spaces(" ".join(p[0].text[p[1]:p[2]] for p in pieces))
    start = pieces[0][0].start + pieces[0][1]
    end = pieces[-1][0].start + pieces[-1][2]
    return TitlePart(title=title, provenance=text.provenance(start, end, rule="title_after_type"))


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
        m = SUBJECT.match(ln.skel)
        if not m:
            continue
        pieces = [(ln, m.end(), len(ln.text.rstrip()))]
        for nxt in head[i + 1:i + 1 + SUBJECT_MAX_MORE_LINES]:
            s = nxt.text.strip()
            marker_alone = len(pieces) == 1 and not ln.text[m.end():].strip()
            if not s or nxt.index in taken:
                break
            # a wrapped subject may go on with a number ("giai đoạn" / "2026-2030 …",
            # "Kỳ họp thứ" / "10, Quốc hội …"), never with an outline item or a dash
            if not s[0].isalpha() and not (s[0].isdigit() and not OUTLINE.match(s)
                                           and not pieces[-1][0].text.rstrip().endswith(
                                               (".", ";", ":"))):
                break
            if not (s[0].islower() or marker_alone) and (
                    _is_upper_text(s) or pieces[-1][0].text.rstrip().endswith((".", ";", ":"))
                    or _starts_with_any(s, cues.strong_openers + cues.weak_openers)):
                break
            pieces.append((nxt, len(nxt.text) - len(nxt.text.lstrip()), len(nxt.text.rstrip())))
        title = collapse_spaces(" ".join(p[0].text[p[1]:p[2]] for p in pieces))
        if not title:
            return None
        start, end = pieces[0][0].start + pieces[0][1], pieces[-1][0].start + pieces[-1][2]
        return TitlePart(title=title, provenance=text.provenance(start, end, rule="subject_line"),
                         subject_line=True,
                         marker_provenance=text.provenance(ln.start, ln.start + m.end(),
                                                           inferred=True, rule="subject_line"))
    return None


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


def _line_is_full(ln: _L, full_len: float) -> bool:
    return len(ln.text.strip()) >= full_len


def _gap_below(text: Text):
    """A measure "the blank band between these two lines, in heights of the upper one"
    from the line boxes (None without boxes or across pages)."""
    def gap(upper: _L, lower: _L) -> Optional[float]:
        a, b = text.lines[upper.index], text.lines[lower.index]
        if a.bbox is None or b.bbox is None or a.page != b.page:
            return None
        height = a.bbox[3] - a.bbox[1]
        return (b.bbox[1] - a.bbox[3]) / height if height > 0 else None
    return gap


def centred_under(text: Text, type_idx: int):
    """A test "is this line centred under the type line and short of the right margin?"
    from the line boxes (PDF, OCR); None when the loader gave no boxes. Titles are centred;
    a body paragraph's first line is indented and runs to the right margin."""
    tl = text.lines[type_idx]
    page = text.page_of(tl.page)
    if tl.bbox is None or page is None or not page.width:
        return None
    centre = (tl.bbox[0] + tl.bbox[2]) / 2
    right = max((ln.bbox[2] for ln in text.lines if ln.page == tl.page and ln.bbox), default=0)
    tolerance = CENTRE_TOLERANCE * page.width

    def centred(ln: _L, *, to_margin: bool = False) -> bool:
        """``to_margin``: a line as wide as the page counts if its middle is the title's."""
        box = text.lines[ln.index].bbox
        return (box is not None and abs((box[0] + box[2]) / 2 - centre) <= tolerance
                and (to_margin or box[2] < right - tolerance))
    return centred


def title_lines(lines: list[_L], type_idx: int, type_end: int, full_len: float,
                 centred=None, gap=None) -> list[tuple[_L, int, int]]:
    """The title's pieces (line, start col, end col) after the type line.

    A line continues the title when the line before it wrapped (it was full), when it
    starts in lower case, when both are in capitals, or — with line boxes — when it is
    centred like the type line."""
    cues = vocab.header_cues()
    pieces: list[tuple[_L, int, int]] = []
    first = lines[type_idx]
    rest = first.text[type_end:]
    if rest.strip(" :-–"):
        a = type_end + len(rest) - len(rest.lstrip(" :-–"))
        pieces.append((first, a, len(first.text.rstrip())))
    seen_blank = False
    for ln in lines[type_idx + 1: type_idx + 1 + TITLE_MAX_UPPER_LINES + 4]:
        if ln.blank:
            if pieces:
                seen_blank = True
            continue
        s = ln.text.strip()
        if seen_blank and pieces:
            break
        if not any(c.isalpha() for c in s):
            if pieces and _figure_ends_title(pieces[-1], s, cues.title_number_cues):
                pieces.append((ln, len(ln.text) - len(ln.text.lstrip()), len(ln.text.rstrip())))
                continue
            if pieces:
                break  # a rule "-----" under the title
            continue
        if _starts_with_any(s, cues.strong_openers) or OUTLINE.match(s):
            break
        if not pieces:
            weak = _starts_with_any(s, cues.weak_openers) and not _is_upper_text(s)
            if weak and (len(s) > 250 or s.rstrip().endswith((";", ":", ","))):
                break
            pieces.append((ln, len(ln.text) - len(ln.text.lstrip()), len(ln.text.rstrip())))
            continue
        prev_ln, _, prev_end = pieces[-1]
        prev = prev_ln.text[:prev_end].rstrip()
        if gap is not None and (g := gap(prev_ln, ln)) is not None and g > TITLE_GAP:
            break  # a blank band under the title: the body begins, whatever the words say
        both_upper = _is_upper_text(prev) and _is_upper_text(s)
        # a full stop ends the title, unless it sits between two lines in capitals (a dot
        # OCR put after a capitals word: "… CHÍNH." / "TRỊ …")
        if prev.endswith(":") or (prev.endswith((".", ";")) and not both_upper) \
                or len(pieces) >= (TITLE_MAX_UPPER_LINES if both_upper else TITLE_MAX_LINES):
            break
        lower_start = s[0].islower() or (s[0] == "(" and len(s) <= 80)  # "(Giai đoạn 2021-2025)"
        is_centred = bool(centred and centred(ln))
        # a line ending with a linking word ("… áp dụng tại" / "Bệnh viện …") goes on
        linked = _fold_word(prev.split()[-1]) in title_links()
        if not (both_upper or lower_start or is_centred or linked
                or _line_is_full(prev_ln, full_len)):
            break
        if centred is not None and not (both_upper or lower_start or linked) \
                and centred(prev_ln, to_margin=True) and not centred(ln, to_margin=True):
            break  # off the title's middle, in capitals: a paragraph's indented first line
        if not both_upper and not lower_start and _starts_with_any(s, cues.weak_openers):
            break
        if _is_upper_text(prev) != _is_upper_text(s) and not lower_start:
            break  # "Về việc …" then "CHỦ TỊCH ỦY BAN NHÂN DÂN …" (the deciding authority)
        nxt = next((x.text.strip() for x in lines[ln.index + 1:ln.index + 4] if not x.blank), "")
        if _names_authority(s, nxt) and not prev.endswith((",", "-", "–")) \
                and _fold_word(prev.split()[-1]) not in title_links() \
                and not _place_of_body(prev, s):
            break  # "… TRÊN ĐỊA BÀN TỈNH" then "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"
        pieces.append((ln, len(ln.text) - len(ln.text.lstrip()), len(ln.text.rstrip())))
    return pieces


def _place_of_body(prev: str, s: str) -> bool:
    """Whether ``s`` opens with the administrative unit of a body named at the end of the
    line above: "… ĐƯỢC ỦY BAN NHÂN DÂN" / "TỈNH ỦY QUYỀN …" is one title wrapped inside
    the body's name, not a line naming the deciding authority ("Tỉnh ủy")."""
    words = prev.split()
    ends_with_body = any(
        (hit := _starts_with_phrase(words[k:], vocab.issuer_bodies())) is not None
        and hit[1] == len(words) - k for k in range(max(0, len(words) - 5), len(words)))
    return ends_with_body and _starts_with_phrase(s.split(), vocab.admin_units()) is not None


def _names_authority(s: str, following: str = "") -> bool:
    """A line in capitals naming the deciding authority: a position or a body, alone
    ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X", "BỘ TRƯỞNG BỘ NỘI VỤ", "CHÍNH PHỦ",
    "THỦ TƯỚNG CHÍNH PHỦ điện:"). A line opening with a body word only names the
    authority when the body follows it (``following``, the next line, is not in capitals)
    and it reads as a name, without the linking words of a title: a title wraps where it
    may, and "DỊCH" / "VỤ TRÒ CHƠI … TRÊN ĐỊA BÀN TỈNH", "ĐẠI BIỂU" / "QUỐC HỘI TẠI TỔ …"
    open with a body word by chance."""
    core = s.strip(" *:")
    if core.endswith(("điện", "ĐIỆN")):
        core = core[:-4].strip()
    words = core.split()
    if not words or len(words) > 14 or not _is_upper_text(core):
        return False
    if _match_position(core):
        return True
    if _starts_with_phrase(words, vocab.issuer_bodies()) is None:
        return False
    if following and _is_upper_text(following) and not _starts_with_any(following, _SESSION):
        return False  # a council's line may go on with its term ("KHÓA XVII, KỲ HỌP THỨ 5")
    return not any(_fold_word(w) in _TITLE_LINKS_IN_LINE for w in words) and ";" not in core


_SESSION = ("khóa", "kỳ họp", "nhiệm kỳ")
# Words that link a title's parts and are no part of a body's name.
_TITLE_LINKS_IN_LINE = frozenset(_fold_word(w) for w in (
    "về", "của", "cho", "tại", "trên", "đối", "với", "theo", "trong", "nhằm", "để"))


def _figure_ends_title(previous: tuple[_L, int, int], s: str, cues: tuple[str, ...]) -> bool:
    """Whether a line holding only a figure ends the title above it: the title's last
    piece ends with a word announcing a figure ("… năm" / "2022")."""
    if not TITLE_FIGURE.match(s):
        return False
    prev_ln, _, prev_end = previous
    words = tuple(_fold_word(w) for w in prev_ln.text[:prev_end].split())
    return any(len(words) >= len(cue) and words[-len(cue):] == cue
               for _, cue in _folded(cues))


def full_line_length(lines: list[_L]) -> float:
    """Length of a "full" line (a wrapped paragraph line) on this document's first page."""
    lengths = sorted(len(ln.text.strip()) for ln in lines[:120] if len(ln.text.strip()) > 20)
    if not lengths:
        return 10_000.0
    p80 = lengths[int(0.8 * (len(lengths) - 1))]
    return 0.8 * p80


def zone_without_type(lines: list[_L]) -> int:
    """Without a type line the header ends at the first body opener (or after 12 lines)."""
    cues = vocab.header_cues()
    nonblank = 0
    for ln in lines:
        if not any(c.isalnum() for c in ln.text):
            continue  # blank, a rule or a table's cell separator: not a header line
        nonblank += 1
        s = ln.text.strip()
        # a body opener begins a sentence: in lower case it is a wrapped line going on
        if nonblank > ZONE_WITHOUT_TYPE_LINES or (s[0].isupper() and _starts_with_any(
                s, cues.strong_openers + cues.weak_openers)):
            return ln.index
    return len(lines)
