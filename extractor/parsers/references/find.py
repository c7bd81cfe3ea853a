"""Finding citations in a text: candidates by pattern, then each one's tail (date,
issuer, title) and role; the document's own number and its self-references left out."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Optional

from rapidfuzz.distance import Levenshtein

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.vocab import (body_word_compounds, doc_type_by_abbr, doc_type_by_label,
                                   doc_type_by_slug)

from vanban.extractor.parsers.references.codes import (
    CodeInfo, canonical_code, code_key, is_normative, lookalike_digits,
)
from vanban.extractor.parsers.references.issuers import issuers_compatible, normalise_issuer
from vanban.extractor.parsers.references.patterns import (
    CITATION_RE, CUA_RE, CUE_RE, HEADER_NUMBER_RE, HEAD_RE, HEAD_UPPER_RE, ISSUER_BEFORE_RE,
    ISSUER_STOP_RE, ISSUER_STOP_WRAPPED_RE, LAW_END_RE, LAW_RE, LINE_BREAK_RE, NGAY_RE, NUMBER_ONLY_RE,
    SELF_RE, SENTENCE_END_RE, STANDALONE_RE, TITLE_RE, TYPE_BEFORE_RE, TYPE_START_RE,
)
from vanban.extractor.parsers.references.patterns import (
    _AFTER_SO_RE, _BLANKS_RE, _COMMA_RE, _CUE_ROLE, _LAW_STOP_RE, _LETTER_RE, _LIST_GAP_RE,
    _NAM_YEAR_RE, _NEXT_TOKEN_RE, _QUOTED_RE, _TITLE_CUT_RE, _TITLE_TAIL_RE, _TYPE_SLUG,
)
from vanban.extractor.parsers.references.vocab import V, _alt_nocase, body_by_abbr

def _is_upper(s: Optional[str]) -> bool:
    """Every letter a capital (and one at least); stops at the first small letter."""
    seen = False
    for ch in s or "":
        if ch.isalpha():
            if not ch.isupper():
                return False
            seen = True
    return seen


@dataclass
class Citation:
    """One place a document is cited (becomes a :class:`Mention`)."""

    start: int
    end: int  # end of type word + code + date (the mention's span)
    tail_end: int  # end of issuer and title too
    kind: str  # 'code' | 'number_only' | 'law' | 'standalone'
    doc_type: Optional[str]
    type_word: Optional[str]
    number: Optional[str]
    info: Optional[CodeInfo]
    date: Optional[date] = None
    date_missing: bool = False
    date_invalid: bool = False
    date_unreadable: Optional[str] = None  # figures after "ngày" that are no date
    same_day: bool = False  # "… và số 407/QĐ-UBND cùng ngày 13/12/2024": the list's date
    issuer: Optional[str] = None
    issuer_before: bool = False
    title: Optional[str] = None
    law_name: Optional[str] = None
    role: str = "mentioned"
    nested: bool = False
    repairs: list[str] = field(default_factory=list)

    @property
    def rule(self) -> str:
        if self.info is None:
            return V.rules["citation"]
        if self.info.party:
            return V.rules["party"]
        if self.info.year or is_normative(self.doc_type, self.info.body):
            return V.rules["normative"]
        return V.rules["state"]


def _slug_of(type_word: Optional[str]) -> Optional[str]:
    if not type_word:
        return None
    slug = _TYPE_SLUG.get(fold(" ".join(type_word.split())))
    if slug is None:
        entry = doc_type_by_label(" ".join(type_word.split()))
        slug = entry.slug if entry else None
    return slug


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
    return bool(nxt) and fold(f"{s[start:head_end].rstrip(',')} {nxt.group(1)}") \
        in body_word_compounds()


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


def _is_self(s: str, start: int, info: Optional[CodeInfo], ctx: ParseContext) -> bool:
    before = s[max(0, start - 40):start]
    if SELF_RE.search(before if start >= 40 else "\n" + before):
        return True
    if info and ctx.number and ctx.symbol:
        own = canonical_code(f"{ctx.number}/{ctx.symbol}")
        if own and code_key(own.number.lstrip("0")) == code_key(info.number.lstrip("0")) and \
                code_key(own.symbol) == code_key(info.symbol):
            return True
    return False


def _type_of(word_slug: Optional[str], info: CodeInfo) -> Optional[str]:
    """The cited document's type: the type word's, unless the symbol names another type
    ("Thông báo kết luận số 123-TB/TU" is a Thông báo; "văn bản số 12/KH-UBND" a Kế
    hoạch). A more specific word is kept ("Chương trình hành động số 35-CTr/TU")."""
    if not info.type_slug or word_slug == info.type_slug:
        return word_slug or info.type_slug
    if word_slug in (None, "cong_van"):
        return info.type_slug
    if (word_slug, info.type_slug) in V.word_over_symbol:
        return word_slug
    word_entry, sym_entry = doc_type_by_slug(word_slug), doc_type_by_slug(info.type_slug)
    wa = fold(word_entry.abbr) if word_entry and word_entry.abbr else ""
    sa = fold(sym_entry.abbr) if sym_entry and sym_entry.abbr else ""
    if wa and sa and (wa.startswith(sa) or sa.startswith(wa)):
        return word_slug
    if word_slug == "luat":
        return word_slug
    return info.type_slug


_LEADING_YEAR_RE = re.compile(r"[ /–-]*(?:(?:19|2[0O])[\dlIO]{2}(?=[ ]?[-/–]))?")


def _symbol_starts_upper(sym: str) -> bool:
    """The first letter part of a symbol starts with a capital (QĐ, not "lớp"); a year
    with look-alike figures before it ("/20l4/TT-…") is not a letter part."""
    m = _LETTER_RE.search(sym, _LEADING_YEAR_RE.match(sym).end())
    return bool(m and m.group(0).isupper())


def _repair_type_by_word(written: str, info: CodeInfo, word_slug: Optional[str]
                         ) -> CodeInfo:
    """OCR text only: a symbol's type part that is no known abbreviation but is one or two
    misread letters away from the type word's (``Thông tư 44/2014/ET1-BGDĐT``,
    ``Chương trình hành động số 41/CIrHĐ-HKH``) is read as the type word's."""
    entry = doc_type_by_slug(word_slug or "")
    if not entry or not entry.abbr or info.type_slug or info.party:
        return info
    first = info.symbol.split("-")[0]
    if body_by_abbr(first) is not None or doc_type_by_abbr(first) is not None:
        return info
    stripped = first.rstrip("1lI|")
    if Levenshtein.distance(stripped, entry.abbr) > max(1, len(entry.abbr) // 2):
        return info
    fixed = canonical_code(written.replace(first, entry.abbr, 1))
    if fixed is None:
        return info
    return replace(fixed, repairs=(*info.repairs, f"{first} -> {entry.abbr}"))


def _matches_at(rx: re.Pattern[str], s: str, starts: list[int]):
    """``rx.finditer(s)`` for a pattern whose matches can only start at ``starts``
    (ascending): the leftmost match from a position is the first start, from there on,
    where ``rx.match`` succeeds (a lookbehind still sees the text before it)."""
    pos = 0
    for p in starts:
        if p < pos:
            continue
        m = rx.match(s, p)
        if m:
            yield m
            pos = m.end()


def _candidates(s: str, ocr: bool = False) -> list[Citation]:
    found: list[Citation] = []
    type_starts = [m.start() for m in TYPE_START_RE.finditer(s)]
    for m in _matches_at(CITATION_RE, s, type_starts):
        info = canonical_code(m.group("num") + m.group("sym"))
        if info is None or not _symbol_starts_upper(m.group("sym")):
            continue
        if ocr:
            info = _repair_type_by_word(m.group("num") + m.group("sym"), info,
                                        _slug_of(m.group("type")))
        word = m.group("type")
        slug = _type_of(_slug_of(word), info)
        found.append(Citation(m.start(), m.end(), m.end(), "code", slug, word,
                              info.number, info, repairs=list(info.repairs)))
    for m in _matches_at(NUMBER_ONLY_RE, s, type_starts):
        bare = m.group("bare")
        if not m.group("type")[:1].isupper():
            continue  # "theo quy định 6": a bare number needs the type word as a name
        if int(bare) >= V.min_year and len(bare) == 4:
            continue
        rest = s[m.end():m.end() + 30]
        nxt = _NEXT_TOKEN_RE.match(rest)
        token = fold(nxt.group(1) or "") if nxt else ""
        if token and token.isalpha() and token not in V.number_followers:
            continue
        if token == "năm" and not _NAM_YEAR_RE.match(rest):
            continue
        found.append(Citation(m.start(), m.end(), m.end(), "number_only", _slug_of(m.group("type")),
                              m.group("type"), bare, None))
    for m in LAW_RE.finditer(s):
        window = s[m.end():m.end() + 220]
        stop = _LAW_STOP_RE.search(window)
        if stop:
            window = window[:stop.start()]
        for e in LAW_END_RE.finditer(window):
            name = window[:e.start()]
            if not name.strip() or len(name.split()) > 25:
                break
            if _COMMA_RE.search(name):
                break
            # "Luật X và Quyết định số N": the number after "số" is the other document's
            if _AND_TYPE_RE.search(name):
                break
            full = " ".join(("Luật " + name).split())
            pos = m.end() + e.end()
            c = Citation(m.start(), m.end() + e.start(), m.end() + e.start(), "law", "luat",
                         "Luật", None, None, law_name=full)
            if e.group("so"):
                cm = STANDALONE_RE.match(s, pos)
                if cm:
                    info = canonical_code(cm.group("num") + cm.group("sym"))
                    if info:
                        c.info, c.number, c.kind = info, info.number, "code"
                        c.repairs = list(info.repairs)
                        c.end = c.tail_end = cm.end()
            elif e.group("ngay"):
                c.end = m.end() + e.start()
            elif e.group("nam"):
                c.date = None
                c.end = c.tail_end = pos + 4
                c.law_name = f"{full} năm {s[pos:pos + 4]}"
            if c.kind == "law" and e.group("nam"):
                c.title = full
            found.append(c)
            break
    for m in STANDALONE_RE.finditer(s):
        info = canonical_code(m.group("num") + m.group("sym"))
        if info is None or not _symbol_starts_upper(m.group("sym")):
            continue
        if _is_header_number(s, m.start()):
            continue
        after_so = _AFTER_SO_RE.search(s[max(0, m.start() - 6):m.start()])
        if info.type_slug is None and not after_so:
            continue
        if m.group("num") != info.number and not after_so:
            continue  # OCR-looking numbers only after a type word or "số"
        slug = info.type_slug or "cong_van"
        found.append(Citation(m.start(), m.end(), m.end(), "standalone", slug, None,
                              info.number, info, repairs=list(info.repairs)))
    found.sort(key=lambda c: (c.start, -(c.end - c.start)))
    chosen: list[Citation] = []
    for c in found:
        if chosen and c.start < chosen[-1].end:
            continue
        chosen.append(c)
    return chosen


# "… và Quyết định": a law's name never goes on into another type word after "và"
_AND_TYPE_RE = re.compile(rf"(?<!\w)(?:và|hoặc)\s+(?:{_alt_nocase(w for w, _ in V.type_words)})(?!\w)",
                          re.IGNORECASE)


def _is_header_number(s: str, start: int) -> bool:
    """The code is the document's own number: "Số:" alone before it on its line, or — when
    a flattened header puts the figure on a line of its own — on the line(s) above
    (blank lines and table bars between them)."""
    # only a short stretch back is searched: the line start of every code searched back
    # over one long line was quadratic; a header's "Số:" prefix is a few characters
    line_start = s.rfind("\n", max(0, start - HEADER_PREFIX_MAX), start) + 1
    if line_start == 0 and start > HEADER_PREFIX_MAX:
        return False  # the line began further back: too long to be a "Số:" prefix
    if HEADER_NUMBER_RE.match(s[line_start:start]):
        return True
    if s[line_start:start].strip(" \t*_|"):
        return False
    above = s[max(0, line_start - 40):line_start]
    return bool(_SO_LINE_ABOVE_RE.search(above))


HEADER_PREFIX_MAX = 64  # a header's "Số:" prefix is a few characters, not a paragraph
_SO_LINE_ABOVE_RE = re.compile(r"(?:^|\n)[ \t*_|]*s[ốôơo6][ \t*_]*(?:hiệu)?[ \t*_]*[:.]?[ \t*_|]*\n"
                               r"(?:[ \t*_|]*\n){0,2}$", re.IGNORECASE)


def _roles(s: str, cits: list[Citation]) -> None:
    """Role from the closest lead-in cue in the citation's sentence, citations' own text
    and quotations left out; a citation inside another's tail ("Quyết định … ban hành Kế
    hoạch thực hiện Kết luận …") is mentioned.

    One pass: the text between citations is searched once, and the last cue seen in the
    sentence is carried to the next citation ("Căn cứ A; B; C": all three are bases), so
    ten thousand citations in one sentence cost ten thousand short searches."""
    ends = [m.end() for m in SENTENCE_END_RE.finditer(s)]
    cue_role: Optional[str] = None  # role of the last cue seen in the current sentence
    covered = 0  # end of the text already searched (citations and their tails included)
    for i, c in enumerate(cits):
        k = bisect.bisect_right(ends, c.start)
        seg = ends[k - 1] if k else 0  # start of the citation's sentence
        prev = cits[i - 1] if i else None
        if prev is None or prev.start < seg:
            cue_role, covered = None, seg  # a new sentence
        elif prev and prev.start >= seg:
            gap = s[prev.end:c.start]
            gap_wo_quotes = _QUOTED_RE.sub(" ", gap)
            if not _LIST_GAP_RE.search(gap_wo_quotes):
                c.nested = True
                c.role = "mentioned"
                covered = max(covered, c.tail_end)
                continue
        start = max(covered, seg)
        window = _QUOTED_RE.sub(lambda q: " " * len(q.group(0)), s[start:c.start]) \
            if start < c.start else ""
        best = None
        for m in CUE_RE.finditer(window):
            best = m
        if best is not None:
            cue = fold(" ".join(best.group("cue").split()))
            role = _CUE_ROLE.get(cue, "mentioned")
            if role != "basis" and TYPE_BEFORE_RE.search(window[:best.start()]):
                role = "mentioned"  # "Kế hoạch thực hiện Chỉ thị …" names another document
            cue_role = role
        c.role = cue_role or "mentioned"
        covered = max(covered, c.tail_end, c.start)


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


# Words of a position before the body it heads ("Phó Chủ tịch Thường trực").
POSITION_WORDS = 4


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


# How far before a citation its issuer may be named ("của … tại").
ISSUER_BEFORE_CHARS = 150


def find_citations(s: str, ctx: Optional[ParseContext] = None, *,
                   wrapped: bool = False, ocr: bool = False) -> list[Citation]:
    """Every citation in ``s`` in order (self-references left out). ``wrapped``: the
    text's lines wrap inside paragraphs (PDF text layer, OCR), so an issuer may go on
    over a line end; ``ocr``: misread symbols may be repaired from their type word."""
    ctx = ctx or ParseContext()
    cits = [c for c in _candidates(s, ocr) if not _is_self(s, c.start, c.info, ctx)]
    for c in cits:
        _tail(s, c, wrapped)
        if c.issuer is None:
            _issuer_before(s, c)
        if c.issuer is None:
            _issuer_of_the_list(s, c)
    _share_same_day(s, cits)
    _roles(s, cits)
    for c in cits:
        _drop_foreign_issuer(c)
    return [c for c in cits if c.number or c.date or c.kind == "law" and c.law_name]


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

