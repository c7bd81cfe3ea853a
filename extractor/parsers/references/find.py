"""Finding citations in a text: candidates by pattern, then what is written around each
(:mod:`.tail`: date, issuer, title) and its role; the document's own number and its
self-references left out."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Optional

from rapidfuzz.distance import Levenshtein

from vanban.extractor.normalize import fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.vocab import doc_type_by_abbr, doc_type_by_label, doc_type_by_slug

from vanban.extractor.parsers.references.citation import Citation, _is_upper
from vanban.extractor.parsers.references.codes import CodeInfo, canonical_code, code_key
from vanban.extractor.parsers.references.patterns import (
    CITATION_RE, CUE_RE, HEADER_NUMBER_RE, LAW_END_RE, LAW_RE, NUMBER_ONLY_RE, SELF_RE,
    SENTENCE_END_RE, STANDALONE_RE, TYPE_BEFORE_RE, TYPE_START_RE,
)
from vanban.extractor.parsers.references.patterns import (
    _AFTER_SO_RE, _COMMA_RE, _CUE_ROLE, _LAW_STOP_RE, _LETTER_RE, _LIST_GAP_RE, _NAM_YEAR_RE,
    _NEXT_TOKEN_RE, _QUOTED_RE, _TYPE_SLUG,
)
from vanban.extractor.parsers.references.tail import (
    _drop_foreign_issuer, _issuer_before, _issuer_of_the_list, _share_list_issuer, _share_same_day,
    _tail,
)
from vanban.extractor.parsers.references.vocab import V, _alt_nocase, body_by_abbr

__all__ = ["Citation", "_is_upper", "find_citations"]


def _slug_of(type_word: Optional[str]) -> Optional[str]:
    if not type_word:
        return None
    slug = _TYPE_SLUG.get(fold(" ".join(type_word.split())))
    if slug is None:
        entry = doc_type_by_label(" ".join(type_word.split()))
        slug = entry.slug if entry else None
    return slug


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


def _keep_letter_body(written: str, info: CodeInfo, type_word: str) -> CodeInfo:
    """An official letter's symbol has no type part, so under the word "Công văn" an OCR
    repair that turns the first part into a type ("TTT" of Thanh tra tỉnh read as a
    stuttered "TT", Thông tư) is no repair: the part is kept as written."""
    if not info.type_slug or fold(" ".join(type_word.split())) != fold("Công văn"):
        return info
    typed = canonical_code(written, ocr=False)
    return typed if typed is not None and typed.type_slug is None else info


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
        info = canonical_code(m.group("num") + m.group("sym"), ocr)
        if info is None or not _symbol_starts_upper(m.group("sym")):
            continue
        if ocr:
            info = _keep_letter_body(m.group("num") + m.group("sym"), info, m.group("type"))
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
                    info = canonical_code(cm.group("num") + cm.group("sym"), ocr)
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
        info = canonical_code(m.group("num") + m.group("sym"), ocr)
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
    _share_list_issuer(s, cits)
    _roles(s, cits)
    for c in cits:
        _drop_foreign_issuer(c)
    return [c for c in cits if c.number or c.date or c.kind == "law" and c.law_name]
