"""What is written around a citation's code: its date, issuer and title after it
("… ngày 19/01/2021 của UBND tỉnh về …"), an issuer named before it ("đề nghị của Giám
đốc Sở X tại Tờ trình số …", "các Quyết định của UBND tỉnh: số …"), a date a list shares
("… và số 407/QĐ-UBND cùng ngày …"), and an issuer that belongs to another document."""
from __future__ import annotations

import re

from vanban.extractor.normalize import fold
from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.vocab import body_word_compound

from vanban.extractor.parsers.references.citation import Citation, _is_upper
from vanban.extractor.parsers.references.codes import lookalike_digits
from vanban.extractor.parsers.references.issuers import issuers_compatible, normalise_issuer
from vanban.extractor.parsers.references.patterns import (
    CUA_RE, HEAD_RE, HEAD_UPPER_RE, ISSUER_BEFORE_RE, ISSUER_STOP_RE, ISSUER_STOP_WRAPPED_RE,
    LINE_BREAK_RE, NGAY_RE, TITLE_RE,
)
from vanban.extractor.parsers.references.patterns import (
    _BLANKS_RE, _QUOTED_RE, _TITLE_CUT_RE, _TITLE_TAIL_RE,
)
from vanban.extractor.parsers.references.vocab import V, body_by_abbr


def _read_date(s: str, pos: int, c: Citation) -> int:
    """Read ``ngày <date>`` at ``pos`` (also glued ``ngày22/5/2013`` and OCR's ``ngảy``);
    ``ngày`` followed by no date sets ``date_missing``. Returns the new position."""
    m = NGAY_RE.match(s, pos)
    if not m:
        return pos
    after = m.end("w")
    again = _NGAY_AGAIN_RE.match(s, after)  # "ngày ngày 08 tháng 6": the word doubled
    if again:
        after = again.end()
    window = "ngày" + s[after:after + 40]  # the word as the date parser knows it
    days = [d for d in find_dates(window) if d.span[0] == 0 and d.kind == "day"]
    if not days:
        # look-alikes in the figures ("O1/11/2022", "2O24", "l5/01/2014"), as in numbers:
        # read the date through them and record the repair (same length: spans hold)
        fixed = "ngày" + lookalike_digits(s[after:after + 40])
        days = [d for d in find_dates(fixed) if d.span[0] == 0 and d.kind == "day"]
        if days:
            raw, rep = window[:days[0].span[1]], fixed[:days[0].span[1]]
            c.repairs.append(f"{' '.join(raw[4:].split())} -> {' '.join(rep[4:].split())}")
    if days:
        c.date, c.date_invalid = days[0].start, days[0].invalid
        c.same_day = bool(m.group("same"))
        return after + days[0].span[1] - len("ngày")
    if m.group("w").lower() != "ngày":
        return pos  # an OCR-damaged word with no date after it: maybe not "ngày" at all
    figures = _FIGURES_AFTER_RE.match(s, after)
    if figures:
        # figures that are no date ("09/6/20205"): written, but not readable — not missing
        c.date_unreadable = " ".join(figures.group(1).split())
        return pos
    c.date_missing = True
    return m.end()


_NGAY_AGAIN_RE = re.compile(r"\s+ng[àa]y(?=\s)", re.IGNORECASE)
_FIGURES_AFTER_RE = re.compile(r"[ \t]*\n?[ \t*]*([\dlIO]{1,4}(?:\s?[/.-]\s?[\dlIO]{1,6}){1,2})(?!\w)")


def _read_issuer(s: str, pos: int, c: Citation, wrapped: bool = False) -> int:
    m = CUA_RE.match(s, pos)
    start = m.end() if m else pos
    if not m:
        gap = _BLANKS_RE.match(s[pos:]).end()
        start = pos + gap
        if gap == 0 and pos < len(s) and s[pos].isalnum():
            return pos
    head = HEAD_RE.match(s, start)
    if not head and _is_upper(s[start:start + 12]):
        head = HEAD_UPPER_RE.match(s, start)
    if not head or _common_word_at(s, head.end()):
        return pos
    stop = (ISSUER_STOP_WRAPPED_RE if wrapped else ISSUER_STOP_RE).search(s, head.end())
    end = stop.start() if stop else min(len(s), start + 120)
    if wrapped:
        for br in LINE_BREAK_RE.finditer(s, head.end(), end):
            if not br.group(1).islower():
                end = br.start()
                break
    words = s[start:end].split()
    if not words or len(words) > V.issuer_max_words:
        words = words[:V.issuer_max_words]
    while words and fold(words[-1]) in ("và", "của", "các"):
        words.pop()
    text = " ".join(words)
    if not text or _NEXT_CITATION_AT_RE.match(s, end):
        return pos  # "…, của Ban Bí thư tại văn bản số …": the next citation's issuer
    c.issuer = normalise_issuer(text)
    return start + len(s[start:end].rstrip())


_NEXT_WORD_RE = re.compile(r"\s*(\w+)")
_NEXT_CITATION_AT_RE = re.compile(r"\s*tại\s+(?:\w+\s+){1,3}?số\b", re.IGNORECASE)


def _common_word_at(s: str, head_end: int) -> bool:
    """Whether the body word ending at ``head_end`` opens a common word with the next one
    ("Ban hành Quy định …", "Phòng, chống …": vocab.body_word_compounds), so no issuer."""
    start = head_end
    while start > 0 and not s[start - 1].isspace():
        start -= 1
    nxt = _NEXT_WORD_RE.match(s, head_end)
    return bool(nxt) and body_word_compound(s[start:head_end], nxt.group(1))


def _read_title(s: str, pos: int, c: Citation) -> int:
    m = TITLE_RE.match(s, pos)
    if not m:
        return pos
    verb = " ".join(m.group("verb").split()) + " " if m.group("verb") else ""
    if m.group("quoted"):
        title = verb + " ".join(m.group("quoted").split()).strip(" ,.")
        c.title = title[:1].upper() + title[1:]
        return m.end()
    if m.group("plain") and (m.group("ve") or verb):
        plain = m.group("plain")
        # the subject ends at a comma or where the next listed citation begins ("… và
        # Thông tư số …"); a citation inside it stays ("về tiếp tục thực hiện Chỉ thị …")
        unquoted = _QUOTED_RE.sub(lambda q: "_" * len(q.group(0)), plain)
        cut = _TITLE_CUT_RE.search(unquoted)
        end = cut.start() if cut else len(plain)
        title = verb + " ".join(plain[:end].split()).strip(" ,.-")
        title = _TITLE_TAIL_RE.sub("", title)
        if title.strip():
            c.title = title[:1].upper() + title[1:]
            return m.start("plain") + end
    return pos


def _tail(s: str, c: Citation, wrapped: bool = False) -> None:
    """Read the date, issuer and title after a citation's core."""
    pos = _read_date(s, c.end, c)
    had_date = pos > c.end
    c.end = pos
    pos = _read_issuer(s, pos, c, wrapped)
    if c.issuer and not had_date:
        after = _read_date(s, pos, c)  # "… của Bộ Chính trị ngày 13/4/2007"
        pos = after
    pos = _read_title(s, pos, c)
    c.tail_end = max(pos, c.end)


# How far before a citation its issuer may be named ("của … tại"), and in how many words
# of a position before the body it heads ("Phó Chủ tịch Thường trực").
ISSUER_BEFORE_CHARS = 300
POSITION_WORDS = 4


def _issuer_before(s: str, c: Citation) -> None:
    """The issuer named before the citation: "(đề nghị) của Giám đốc Sở Tài chính tại Tờ
    trình số …", the name wrapped over a line end or not; a signer's position before the
    body is allowed."""
    window = s[max(0, c.start - ISSUER_BEFORE_CHARS):c.start].replace("\n", " ")
    m = ISSUER_BEFORE_RE.search(window)
    if not m:
        return
    words = m.group("iss").split()
    # "Giám đốc Sở Tài chính" (OCR: "Giảm đốc"): a body after its head's position, in at
    # most POSITION_WORDS words, counts as a body
    if any(HEAD_RE.match(" ".join(words[k:])) for k in range(min(len(words), POSITION_WORDS + 1))):
        c.issuer = normalise_issuer(" ".join(words))
        c.issuer_before = True


# A list's opening naming the issuer of every item ("Căn cứ các Quyết định của UBND tỉnh:
# Số 79/QĐ-UBND …, số 657/QĐ-UBND …"), and how far before an item it may stand; the list
# ends at a new "Căn cứ"/"Xét" or a sentence's end.
_LIST_INTRO_RE = re.compile(r"(?i:các)\s+\w+(?:\s+\w+)?\s+(?i:của)\s+(?P<iss>[^:;.()\n]{3,70}?)\s*:")
_LIST_BROKEN_RE = re.compile(r"(?i:căn\s+cứ|xét)\b|\.\s+[A-ZĐ]")
LIST_INTRO_CHARS = 400


def _issuer_of_the_list(s: str, c: Citation) -> None:
    window = s[max(0, c.start - LIST_INTRO_CHARS):c.start]
    intro = None
    for intro in _LIST_INTRO_RE.finditer(window):
        pass
    if intro is None or _LIST_BROKEN_RE.search(window, intro.end()):
        return
    written = " ".join(intro.group("iss").split())
    if HEAD_RE.match(written):
        c.issuer = normalise_issuer(written)
        c.issuer_before = True


_LIST_JOIN_RE = re.compile(r"\s*(?:,|;|và)\s*(?:(?i:số)\s*)?$")


def _share_same_day(s: str, cits: list[Citation]) -> None:
    """"Quyết định số 406/QĐ-UBND và số 407/QĐ-UBND cùng ngày 13/12/2024": the date after
    "cùng ngày" is every listed citation's, back over the list's joins (", ", "và số")."""
    for i, c in enumerate(cits):
        if not (c.same_day and c.date):
            continue
        j = i - 1
        while j >= 0 and cits[j].date is None and not cits[j].date_missing \
                and _LIST_JOIN_RE.match(s[cits[j].tail_end:cits[j + 1].start]):
            cits[j].date = c.date
            j -= 1


def _share_list_issuer(s: str, cits: list[Citation]) -> None:
    """"Tờ trình số 1420/TTr-BQL ngày … và số 1424/TTr-BQL ngày …": items that go on a list
    with a bare "số" (no type word of their own) are the same writer's, whichever item
    names it."""
    i = 0
    while i < len(cits):
        j = i
        while j + 1 < len(cits) and cits[j + 1].type_word is None \
                and _LIST_JOIN_RE.match(s[cits[j].tail_end:cits[j + 1].start]):
            j += 1
        chain = cits[i:j + 1]
        named = next((c for c in chain if c.issuer), None)
        if named is not None:
            for c in chain:
                if c.issuer is None:
                    c.issuer, c.issuer_before = named.issuer, True
        i = j + 1


def _drop_foreign_issuer(c: Citation) -> None:
    """An issuer that contradicts the symbol's body, read after a citation that names
    another document ("Chương trình hành động thực hiện Chỉ thị 11-CT/TW … của Thành ủy"),
    belongs to that other document."""
    if not c.issuer or not c.info or not c.info.body:
        return
    body = body_by_abbr(c.info.body)
    if body is None or issuers_compatible(c.issuer, body.names):
        return
    if c.role == "mentioned":
        c.issuer = None
