"""The title under a type heading: the lines that go on with it, and those that end it (a
blank band, a body opener, the deciding authority's line, a change of case)."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import fold
from vanban.extractor.parsers.header.lines import (_L, _fold_word, _folded, _is_upper_text,
                                            _match_position, _starts_with_any, _starts_with_phrase,
                                            ends_in_place_name, name_after_kind, title_links,
                                            unit_kinds)
from vanban.extractor.parsers.header.patterns import OUTLINE, TITLE_FIGURE
from vanban.extractor.text import Text

# A line's words (their spans) and the words a sentence after a title's tail runs to.
WORD_SPAN = re.compile(r"\S+")
SENTENCE_WORDS = 6
# The body's first words in any case ("CĂN CỨ" in capitals still opens the body).
BODY_CUES = ("Căn cứ", "Kính gửi")
# A sentence opening with its date ("Ngày 05/4/2018, Phó Chủ tịch … chủ trì cuộc họp",
# "Chiều ngày 12 tháng 3,"): a notice's or a report's body, never a title's next line.
DATED_OPENER = re.compile(
    r"(?:(?:Sáng|Chiều|Trưa|Tối)\s+ngày|Ngày)\s+\d{1,2}"
    r"(?:\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)\s*,")
# A title line is centred like the type line within this share of the page width.
CENTRE_TOLERANCE = 0.015
# Lines after the type line that may still be title.
TITLE_MAX_LINES = 6
# A title all in capitals is told from the body by its case, so it may run longer: long
# amending decisions name every act they amend over ten lines or more.
TITLE_MAX_UPPER_LINES = 16
# A title's lines are set close; a blank band taller than this many line heights under a
# title line ends it (the spacing before the body, or the rule drawn under the title).
TITLE_GAP = 1.0


def _line_is_full(ln: _L, full_len: float) -> bool:
    return len(ln.text.strip()) >= full_len


def gap_below(text: Text):
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
        return _centred_in_columns(text, type_idx)
    centre = (tl.bbox[0] + tl.bbox[2]) / 2
    right = max((ln.bbox[2] for ln in text.lines if ln.page == tl.page and ln.bbox), default=0)
    tolerance = CENTRE_TOLERANCE * page.width

    def centred(ln: _L, *, to_margin: bool = False) -> bool:
        """``to_margin``: a line as wide as the page counts if its middle is the title's."""
        box = text.lines[ln.index].bbox
        return (box is not None and abs((box[0] + box[2]) / 2 - centre) <= tolerance
                and (to_margin or box[2] < right - tolerance))
    return centred


def _centred_in_columns(text: Text, type_idx: int):
    """``centred_under`` for plain text laid out with spaces (``pdftotext -layout``), by
    character columns: the type line indented to the middle says the text keeps its layout.
    None when it does not (a line at the margin: no layout to read)."""
    raw = text.line_text(text.lines[type_idx])
    indent = len(raw) - len(raw.lstrip(" "))
    if indent < CENTRED_MIN_INDENT:
        return None
    centre = indent + len(raw.strip()) / 2
    page = text.lines[type_idx].page
    right = max(len(text.line_text(ln).rstrip()) for ln in text.lines if ln.page == page)

    def centred(ln: _L, *, to_margin: bool = False) -> bool:
        line = text.line_text(text.lines[ln.index])
        body = line.strip()
        if not body:
            return False
        lead = len(line) - len(line.lstrip(" "))
        return abs(lead + len(body) / 2 - centre) <= CENTRE_CHARS \
            and (to_margin or lead + len(body) < right - CENTRE_CHARS)
    return centred


# Laid out with spaces, a type heading indented this far is centred: the layout is kept;
# a title line is centred like it within this many characters.
CENTRED_MIN_INDENT = 8
CENTRE_CHARS = 4


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
    tentative = False  # the last piece is a figure kept only if the title goes on after it
    for ln in lines[type_idx + 1: type_idx + 1 + TITLE_MAX_UPPER_LINES + 4]:
        if ln.blank:
            if pieces:
                seen_blank = True
            continue
        s = ln.text.strip()
        if seen_blank and pieces:
            break
        following = [x.text.strip() for x in lines[ln.index + 1:ln.index + 5] if not x.blank][:2]
        nxt = following[0] if following else ""
        prev = _piece_text(pieces) if pieces else ""  # the title so far (its last piece)
        if not any(c.isalpha() for c in s):
            if pieces and _figure_ends_title(prev, s, nxt, cues.title_number_cues):
                pieces.append(whole_line(ln))
                tentative = False
                continue
            if pieces and not tentative and _figure_inside_title(prev, s, nxt):
                pieces.append(whole_line(ln))
                tentative = True
                continue
            if pieces:
                break  # a rule "-----" under the title
            continue
        # a body opener, its cue wrapped or not ("Căn" / "cứ Luật …"); in capitals under a
        # title in capitals, "BAN HÀNH KÈM THEO QUYẾT ĐỊNH …" goes on with the title
        opener = _starts_with_any(s, cues.strong_openers) or (
            len(s.split()) == 1 and _starts_with_any(f"{s} {nxt}", cues.strong_openers))
        if opener and pieces and _is_upper_text(s) and _is_upper_text(prev) \
                and not _starts_with_any(s if len(s.split()) > 1 else f"{s} {nxt}", BODY_CUES):
            opener = False
        if opener or OUTLINE.match(s) or _enacting_formula(s, nxt):
            break
        if not pieces:
            weak = _starts_with_any(s, cues.weak_openers) and not _is_upper_text(s)
            if weak and (len(s) > 250 or s.rstrip().endswith((";", ":", ","))):
                break
            pieces.append(whole_line(ln))
            continue
        prev_ln = pieces[-1][0]
        if gap is not None and (g := gap(prev_ln, ln)) is not None and g > TITLE_GAP:
            break  # a blank band under the title: the body begins, whatever the words say
        both_upper = _is_upper_text(prev) and _is_upper_text(s)
        # a full stop ends the title, unless it sits between two lines in capitals (a dot
        # OCR put after a capitals word: "… CHÍNH." / "TRỊ …")
        # so does a colon, unless a list in capitals follows it ("… CÁC KHU VỰC:" / "A, B …")
        if (prev.endswith((".", ";", ":")) and not both_upper) \
                or len(pieces) >= (TITLE_MAX_UPPER_LINES if both_upper else TITLE_MAX_LINES):
            break
        lower_start = s[0].islower() or (s[0] == "(" and len(s) <= 80)  # "(Giai đoạn 2021-2025)"
        if _is_upper_text(prev) and not _is_upper_text(s) and not lower_start:
            # the title's last words and the body's first on one line ("… TỈNH PHÚ" /
            # "THỌ Căn cứ Luật …", two paragraphs joined): the words in capitals end it
            cut = _capitals_before_body(ln, cues.strong_openers + cues.weak_openers)
            if cut is not None and not _names_authority(ln.text[:cut]):
                pieces.append((ln, len(ln.text) - len(ln.text.lstrip()), cut))
                tentative = False
            break
        is_centred = bool(centred and centred(ln))
        # a line ending with a linking word ("… áp dụng tại" / "Bệnh viện …") goes on
        linked = _fold_word(prev.split()[-1]) in title_links()
        # a place's name wrapped ("… quận Long" / "Biên năm 2021", "… quận" / "Long Biên …")
        linked = linked or (s[0].isupper() and ends_in_place_name(prev.split())) \
            or (ends_in_place_name(prev.split(), after=(0,)) and _opens_with_name(s)) \
            or _ends_with_count(prev)
        if not (both_upper or lower_start or is_centred or linked
                or _line_is_full(prev_ln, full_len)):
            break
        if centred is not None and not (both_upper or lower_start or linked) \
                and centred(prev_ln, to_margin=True) and not centred(ln, to_margin=True):
            break  # off the title's middle, in capitals: a paragraph's indented first line
        if not both_upper and not lower_start and (_starts_with_any(s, cues.weak_openers)
                                                   or DATED_OPENER.match(s)):
            break
        if _is_upper_text(prev) != _is_upper_text(s) and not lower_start:
            break  # "Về việc …" then "CHỦ TỊCH ỦY BAN NHÂN DÂN …" (the deciding authority)
        # the authority's line may wrap too ("**CHỦ" / "TỊCH ỦY BAN NHÂN DÂN TỈNH X**",
        # "ỦY BAN" / "NHÂN DÂN TỈNH X"): a short line is read with the one under it
        after = following[1] if len(following) > 1 else ""
        alone = _names_authority(s, nxt)
        wrapped = not alone and _wrapped_authority(s, nxt, following[1:2])
        dien = _authority_core(f"{s} {nxt}" if wrapped else s)[1] or (
            alone and _authority_core(nxt)[1] and _names_authority(f"{s} {nxt}", after))
        if (alone or wrapped) and dien:
            break  # "THỦ TƯỚNG CHÍNH PHỦ điện:" is a công điện's authority, after any word
        names = alone or wrapped
        if names and not prev.endswith((",", "-", "–")) \
                and _fold_word(prev.split()[-1]) not in title_links() \
                and not _place_of_body(prev, s) and not _name_across(prev.split(), s.split()):
            break  # "… TRÊN ĐỊA BÀN TỈNH" then "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …"
        pieces.append(whole_line(ln))
        tentative = False
    if tentative:
        pieces.pop()  # a figure after which the title did not go on
    return pieces


def _ends_with_count(s: str) -> bool:
    """Whether ``s`` ends with a count after a word in lower case ("… thực hiện 02" /
    "Chương trình MTQG …", "… gồm 3" / "Đề án …"): a title does not end on a count, its
    noun follows.

    >>> _ends_with_count("triển khai thực hiện 02"), _ends_with_count("năm 2021")
    (True, False)
    """
    words = s.split()
    return len(words) >= 2 and words[-1].isdigit() and len(words[-1]) <= 3 \
        and words[-2][:1].islower()


def _opens_with_name(s: str) -> bool:
    """Whether ``s`` opens with a place's name: two capitalised words ("Long Biên …") or a
    number ("1 …" of "quận" / "1")."""
    words = s.split()
    return bool(words) and (words[0][:1].isdigit() or (
        len(words) >= 2 and words[0][:1].isupper() and words[1][:1].isupper()))


def _capitals_before_body(ln: _L, openers: tuple[str, ...]) -> Optional[int]:
    """The end column of the words in capitals that open ``ln`` when a sentence follows
    them on the line (a body opener, or six words and more opening with a capital), else
    None."""
    words = list(WORD_SPAN.finditer(ln.text))
    k = 0
    while k < len(words) and (_is_upper_text(words[k].group())
                              or not any(c.isalpha() for c in words[k].group())):
        k += 1
    if k == 0 or k == len(words):
        return None
    first = words[k].group()
    rest = ln.text[words[k].start():].strip()
    if not (first[:1].isupper() and first[1:2].islower()) or not (
            _starts_with_any(rest, openers) or len(rest.split()) >= SENTENCE_WORDS):
        return None
    return words[k - 1].end()


def _enacting_formula(s: str, nxt: str) -> bool:
    """Whether a line is the formula that opens the articles ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"):
    a few words in capitals before a colon, the body under it not in capitals (a title's
    piece ending with a colon goes on with a list in capitals: "KHU VỰC:" / "MỎ A, …")."""
    core = s.replace("*", " ").strip()
    return core.endswith(":") and len(core.split()) <= 3 and _is_upper_text(core) \
        and not _is_upper_text(nxt)


def whole_line(ln: _L) -> tuple[_L, int, int]:
    """A title piece holding the whole of ``ln``, its surrounding spaces left out."""
    return ln, len(ln.text) - len(ln.text.lstrip()), len(ln.text.rstrip())


def _piece_text(pieces: list[tuple[_L, int, int]]) -> str:
    """The last piece's text; pieces that are only a figure ("20", "-") are read with the
    pieces before them up to one with words, whose case and last word they do not have."""
    out: list[str] = []
    for ln, a, b in reversed(pieces):
        out.insert(0, ln.text[a:b].strip())
        if any(c.isalpha() for c in out[0]):
            break
    return " ".join(out)


def _figure_inside_title(prev: str, s: str, nxt: str) -> bool:
    """Whether a line holding only a figure sits inside a wrapped title: the line under it
    goes on in the title's case ("… CÓ DƯỚI" / "20" / "NĂM CÔNG TÁC …", "… dưới" / "20" /
    "năm công tác …")."""
    if not TITLE_FIGURE.match(s) or not nxt or not any(c.isalpha() for c in nxt):
        return False
    return nxt[0].islower() or (_is_upper_text(prev) and _is_upper_text(nxt))


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
    core = _authority_core(s)[0]
    words = core.split()
    if not words or len(words) > 14 or not _is_upper_text(core):
        return False
    position = _match_position(core)
    if position:
        return _position_names_authority(words, position, following)
    body = _starts_with_phrase(words, vocab.issuer_bodies())
    if len(words) < 2 or body is None:
        return False  # a body's kind alone ("BỘ", "TRƯỜNG") is the end of a wrapped name
    if fold(body[0]) in _headed_kinds():
        return False  # a ministry, department or school decides through its head's position
    if following and _is_upper_text(_authority_core(following)[0]) \
            and not _starts_with_any(following, _SESSION):
        return False  # a council's line may go on with its term ("KHÓA XVII, KỲ HỌP THỨ 5")
    return not _has_link(words) and ";" not in core


def _wrapped_authority(s: str, nxt: str, after: list[str]) -> bool:
    """Whether ``s`` and the line under it name the deciding authority together, its line
    wrapped ("**CHỦ" / "TỊCH ỦY BAN NHÂN DÂN TỈNH X**", "ỦY BAN NHÂN DÂN" / "THÀNH PHỐ X").
    When the line under it names an authority alone ("… CỦA BỘ NỘI" / "VỤ" / "BỘ TRƯỞNG BỘ
    NỘI VỤ"), ``s`` is the end of the title unless a name runs across the break ("ỦY" /
    "BAN NHÂN DÂN …")."""
    if not nxt or not _is_upper_text(_authority_core(nxt)[0]) \
            or not _names_authority(f"{s} {nxt}", after[0] if after else ""):
        return False
    return _name_across(s.split(), nxt.split()) or not _names_authority(
        nxt, after[0] if after else "")


def _name_across(upper: list[str], lower: list[str]) -> bool:
    """Whether a position, body or unit phrase begins in ``upper``'s last words and ends in
    ``lower`` (a name broken by the line's end)."""
    words = upper + lower
    for k in range(max(0, len(upper) - 4), len(upper)):
        for phrases in (vocab.positions(), vocab.issuer_bodies(), vocab.admin_units()):
            hit = _starts_with_phrase(words[k:], phrases)
            if hit is not None and k + hit[1] > len(upper):
                return True
    return False


def _authority_core(s: str) -> tuple[str, bool]:
    """The authority's words of a line, without markdown, a colon and the "điện" that a
    công điện puts after them ("THỦ TƯỚNG CHÍNH PHỦ điện:"), and whether that was there."""
    core = s.replace("*", " ").strip(" :")
    dien = core.endswith(("điện", "ĐIỆN")) and s.rstrip(" *").endswith(":")
    return (core[:-4].strip() if dien else core), dien


def _position_names_authority(words: list[str], position: str, following: str) -> bool:
    """A line opening with a position names the authority unless it reads as a piece of the
    title: a linking word in it or in the capitals line under it ("… CỦA ĐỒNG CHÍ TỔNG" /
    "BÍ THƯ" / "TẠI BUỔI LÀM VIỆC VỚI …"), or, when the position was read only fuzzily
    ("BỎ TRONG" is close to "BỘ TRƯỞNG"), words after it that name no body."""
    if _has_link(words) or (following and _is_upper_text(following)
                            and _has_link(following.split())):
        return False
    if _starts_with_phrase(words, vocab.positions()) is not None:
        return True
    rest = words[len(position.split()):]
    return not rest or any(_starts_with_phrase(rest, phrases) is not None
                           for phrases in (vocab.issuer_bodies(), vocab.admin_units()))


def _has_link(words: list[str]) -> bool:
    return any(_fold_word(w) in _TITLE_LINKS_IN_LINE for w in words)


def _headed_kinds() -> frozenset[str]:
    """Bodies led by one head ("BỘ TRƯỞNG BỘ X", "GIÁM ĐỐC SỞ X"), folded: the authority's
    line names the head, so a line opening with the bare kind ("BỘ XUYÊN …" / "BAN NHÂN DÂN
    …") is title."""
    return unit_kinds() | name_after_kind()


_SESSION = ("khóa", "kỳ họp", "nhiệm kỳ")
# Words that link a title's parts and are no part of a body's name.
_TITLE_LINKS_IN_LINE = frozenset(_fold_word(w) for w in (
    "về", "của", "cho", "tại", "trên", "đối", "với", "theo", "trong", "nhằm", "để"))


def _figure_ends_title(prev: str, s: str, nxt: str, cues: tuple[str, ...]) -> bool:
    """Whether a line holding only a figure goes on with the title above it: the title's
    last piece ends with a word announcing a figure ("… năm" / "2022"), or the figure is
    a piece of a range wrapped at its dash ("… 2026" / "– 2030", "… 2026" / "-" / "2031")."""
    if s in ("-", "–"):
        return prev[-1:].isdigit() and nxt[:1].isdigit()
    if not TITLE_FIGURE.match(s):
        return False
    return ends_with_cue(prev, cues) or (s[0] in "-–" and prev[-1:].isdigit()) or (
        prev.endswith(("-", "–")) and s[0].isdigit()) or (
        ")" in s and prev.count("(") > prev.count(")"))  # "… (ĐỢT" / "2)"


def ends_with_cue(s: str, cues: tuple[str, ...]) -> bool:
    """Whether ``s`` ends with one of the words announcing a figure ("năm", "khóa")."""
    words = tuple(_fold_word(w) for w in s.split())
    return any(len(words) >= len(cue) and words[-len(cue):] == cue
               for _, cue in _folded(cues))


def full_line_length(lines: list[_L]) -> float:
    """Length of a "full" line (a wrapped paragraph line) on this document's first page."""
    lengths = sorted(len(ln.text.strip()) for ln in lines[:120] if len(ln.text.strip()) > 20)
    if not lengths:
        return 10_000.0
    p80 = lengths[int(0.8 * (len(lengths) - 1))]
    return 0.8 * p80
