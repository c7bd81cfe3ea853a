"""The title under a type heading: the lines that go on with it, and those that end it (a
blank band, a body opener, the deciding authority's line, a change of case)."""
from __future__ import annotations

from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.parsers.header.lines import (_L, _fold_word, _folded, _is_upper_text,
                                            _match_position, _starts_with_any, _starts_with_phrase,
                                            title_links)
from vanban.extractor.parsers.header.patterns import OUTLINE, TITLE_FIGURE
from vanban.extractor.text import Text

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
