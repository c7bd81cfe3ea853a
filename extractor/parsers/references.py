"""Citations of other documents: find, canonicalise, group into :class:`Reference`.

A citation is a type word (``Chỉ thị``, ``Quyết định``… from ``doc_types.toml``) with or
without ``số``, then a number and symbol (``11-CT/TW``, ``489/QĐ-TTg``,
``44/2014/TT-BGD&ĐT``), then optionally ``ngày <date>``, ``của <issuer>`` and a title
(``về “…”``). Also read: a bare number after a type word (``Chương trình 387``), a law
cited by name and date (``Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm
2015``), and a code standing alone whose symbol names a type (``theo 489/QĐ-TTg``).

Stages (all pure):

1. :func:`canonical_code` — a written number/symbol to its canonical form (Party
   ``11-CT/TW`` per HD 36-HD/VPTW; state ``489/QĐ-TTg`` and normative
   ``44/2014/TT-BGDĐT`` per NĐ 30/2020 and the law on normative documents), with the
   reasons it is non-standard and the OCR repairs applied.
2. :func:`find_citations` — every citation in the text with its tail (date, issuer,
   title) and role from the lead-in (Căn cứ → basis; Thực hiện, Triển khai, theo →
   implements; else mentioned). The document's own number and its self-references
   (``Kèm theo Kế hoạch số …``) are skipped.
3. :func:`parse_references` — one :class:`Reference` per cited document, each citation
   a mention with provenance (page, span, box, rule, repairs). Mentions group by type,
   number and symbol (the year aside, so ``44/TT-BGD&ĐT`` joins ``44/2014/TT-BGD&ĐT``);
   a bare number joins the full citation of that number (``Nghị quyết 29`` →
   ``29-NQ/TW``; ``Đề án 1373`` → the ``Quyết định số 1373/QĐ-TTg`` approving it).

The type is the type word's, unless the symbol names another, less vague type
(``Thông báo kết luận số 123-TB/TU`` is a Thông báo). The issuer is read after ``của``
(or right after the date) when it starts with a known head word (``issuers.toml``),
or before ``tại Tờ trình số …``; in PDF/OCR text it may go on over a wrapped line.

Facts a finding needs later (non-standard form, missing year, ``ngày`` with no date) are
re-derived from a mention's ``as_written`` by :func:`citation_facts`, so the output
carries nothing beyond the contract.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Optional

from rapidfuzz.distance import Levenshtein

from extractor.normalize import fold, strip_accents
from extractor.parsers import ParseContext, alternation_nocase
from extractor.parsers.dates import find_dates
from extractor.text import Text
from extractor.vocab import (
    VocabularyError, doc_type_by_abbr, doc_type_by_label, doc_type_by_slug, doc_types, load_toml,
)
from models import Mention, Reference

# ================================================================ vocabularies


@dataclass(frozen=True)
class Body:
    """An issuing body as written in a symbol (``TTg``, ``BGDĐT``, ``TW``)."""

    abbr: str
    name: str
    aliases: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    party: bool = False
    legislature: bool = False
    by_type: tuple[tuple[str, str], ...] = ()

    def name_for(self, doc_type: Optional[str]) -> str:
        return dict(self.by_type).get(doc_type or "", self.name)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.accepts)


def _key(s: str) -> str:
    """Symbol-part comparison key: folded, ``&`` dropped."""
    return fold(s).replace("&", "")


@lru_cache(maxsize=1)
def bodies() -> tuple[Body, ...]:
    """The bodies of ``issuers.toml`` (validated once)."""
    name = "issuers.toml"
    out = []
    seen: set[str] = set()
    for i, row in enumerate(load_toml(name).get("body", [])):
        abbr, full = row.get("abbr"), row.get("name")
        if not isinstance(abbr, str) or not abbr or "&" in abbr or not isinstance(full, str):
            raise VocabularyError(f"extractor/data/{name} body #{i + 1}: bad abbr/name")
        keys = {_key(abbr), *(_key(a) for a in row.get("aliases", []))}
        if keys & seen:
            raise VocabularyError(f"extractor/data/{name} body {abbr}: duplicate abbreviation")
        seen |= keys
        out.append(Body(abbr=abbr, name=full, aliases=tuple(row.get("aliases", [])),
                        accepts=tuple(row.get("accepts", [])), party=bool(row.get("party")),
                        legislature=bool(row.get("legislature")),
                        by_type=tuple(sorted(row.get("by_type", {}).items()))))
    if not out:
        raise VocabularyError(f"extractor/data/{name}: no [[body]] entries")
    return tuple(out)


@lru_cache(maxsize=None)
def body_by_abbr(part: str) -> Optional[Body]:
    """The body a symbol part names (``TTG`` → TTg, ``BGD&ĐT`` → BGDĐT, OCR ``BGDDT``).

    >>> body_by_abbr("BGD&ĐT").abbr, body_by_abbr("TTG").abbr, body_by_abbr("XYZ")
    ('BGDĐT', 'TTg', None)
    """
    key = _key(part)
    for b in bodies():
        if key == _key(b.abbr) or key in {_key(a) for a in b.aliases}:
            return b
    skel = strip_accents(key)
    hits = [b for b in bodies() if strip_accents(_key(b.abbr)) == skel]
    return hits[0] if len(hits) == 1 else None


@dataclass(frozen=True)
class CitationVocab:
    type_words: tuple[tuple[str, str], ...]  # (word, slug), longest first
    cues: tuple[tuple[str, str], ...]  # (cue, role), longest first
    number_followers: frozenset[str]
    min_year: int
    issuer_stops: tuple[str, ...]
    issuer_max_words: int
    issuer_heads: tuple[str, ...]
    expand: tuple[tuple[str, str], ...]
    normative_always: frozenset[str]
    normative_nq_bodies: frozenset[str]
    rules: dict
    word_over_symbol: frozenset[tuple[str, str]] = frozenset()


@lru_cache(maxsize=1)
def vocab() -> CitationVocab:
    data = load_toml("citations.toml")
    sb = load_toml("issuers.toml")
    words: dict[str, str] = {}
    for entry in doc_types():
        for name in entry.names:
            words[name] = entry.slug
    for name, slug in data.get("extra_type_words", {}).items():
        words[name] = slug
    cues = [(c, role) for role, items in data["roles"].items() for c in items]
    for role in ("basis", "implements", "mentioned"):
        if role not in data["roles"]:
            raise VocabularyError(f"extractor/data/citations.toml: roles.{role} missing")
    rules = data.get("rules", {})
    for k in ("party", "state", "normative", "citation", "registry", "validity"):
        if not isinstance(rules.get(k), str):
            raise VocabularyError(f"extractor/data/citations.toml: rules.{k} missing")
    longest = lambda items: tuple(sorted(items, key=lambda x: len(x[0]), reverse=True))  # noqa: E731
    return CitationVocab(
        type_words=longest(words.items()),
        cues=longest(cues),
        number_followers=frozenset(fold(w) for w in data["number_only"]["followers"]),
        min_year=int(data["number_only"]["min_year"]),
        issuer_stops=tuple(sorted(data["issuer"]["stop_words"], key=len, reverse=True)),
        issuer_max_words=int(data["issuer"]["max_words"]),
        issuer_heads=tuple(sorted(sb["heads"]["words"], key=len, reverse=True)),
        expand=tuple(sorted(sb["expand"].items(), key=lambda kv: len(kv[0]), reverse=True)),
        normative_always=frozenset(data["normative"]["always"]),
        normative_nq_bodies=frozenset(_key(b) for b in data["normative"]["nghi_quyet_bodies"]),
        rules=dict(rules),
        word_over_symbol=frozenset(tuple(p) for p in data.get("word_over_symbol", {}).get("pairs", [])),
    )


def _alt(words) -> str:
    """Regex alternation of phrases, spaces matching any run of white space."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)


def _alt_nocase(words) -> str:
    """:func:`_alt` for a case-insensitive pattern, grouped by first letter (faster)."""
    return alternation_nocase(_alt([w]) for w in words)


# ================================================================ patterns
V = vocab()

# "số", "ngày", "của" as typed without accents or as OCR misreads their tone marks.
SO_W = r"s[ốôổỗộoóòỏõọ]"
NGAY_W = r"ng[àảáạã][yv]"  # not bare "ngay" (= right away)
CUA_W = r"c[ủuúùụũ]a"

# A document number; OCR may read 1 as l/I/| and 0 as O (repaired later).
NUMBER = r"(?P<num>[lI|]?\d[\dlIO|]{0,5}(?:[a-zđ](?=[ ]?[-/]))?)"  # 38a/TTr-…
# Separators inside a symbol; OCR and careless typing put spaces around them.
SEP = r"[ ]?[-/–](?:[ ]|\n(?=\S))?"  # a line may wrap right after the separator
# A symbol part: letters first (QĐ, TTg, BGD&ĐT, CTrHĐ, QH14, TT1 from OCR).
PART = r"[^\W\d_][\w&]*(?:\.(?=[A-ZĐ])[\w&]+)?"  # "HKH.VP": a dot only before a capital
CODE = rf"""
    (?:(?<![\w/.&-])|(?<=s[ốoỐO]))   # a boundary; "số11-CT/TW" glued is accepted
    {NUMBER}
    (?P<sym>(?:{SEP}(?:19|20)\d\d(?={SEP}))?   # the year of a normative document
            (?:{SEP}{PART}){{1,5}})
    (?![\w&])
"""
TYPE_WORD = rf"(?P<type>(?<!\w)(?:{_alt_nocase(w for w, _ in V.type_words)})(?!\w))"
SO = rf"(?:\s+{SO_W}(?:\s+hiệu)?\s*[:.]?)?\s*"  # "số", "số:", "Số hiệu", none

CITATION_RE = re.compile(TYPE_WORD + SO + CODE, re.IGNORECASE | re.VERBOSE)
NUMBER_ONLY_RE = re.compile(
    TYPE_WORD + rf"(?:[ \t]+{SO_W})?[ \t]+(?P<bare>\d{{1,5}})(?![\w/%-]|[.,]\d|\s?[-/]\s?\w)", re.IGNORECASE)
# Where a type word starts (every place, overlapping ones too): CITATION_RE and
# NUMBER_ONLY_RE both open with TYPE_WORD, so their matches can only start there; one scan
# for both, then each is tried at those places only (see _matches_at).
TYPE_START_RE = re.compile(rf"(?=(?<!\w)(?:{_alt_nocase(w for w, _ in V.type_words)})(?!\w))",
                           re.IGNORECASE)
STANDALONE_RE = re.compile(r"(?=[lI|\d])" + CODE, re.VERBOSE)  # (the number's first character)
LAW_RE = re.compile(r"(?<!\w)Luật\s+(?=[^\W\d_])", re.IGNORECASE)
LAW_END_RE = re.compile(
    r"""\s*,?\s*(?:
        (?P<so>s[ốoô]\s*:?\s*)(?=[lI|]?\d)          # Luật Giáo dục số 43/2019/QH14
      | (?P<ngay>(?:ban\s+hành\s+)?ngày\s*)(?=\d)  # … ngày 19 tháng 6 năm 2015
      | (?P<nam>năm\s+)(?=(?:19|20)\d\d\b)         # … năm 2019
    )""", re.IGNORECASE | re.VERBOSE)
NGAY_RE = re.compile(rf"\s*[,(]?\s*(?:ban\s+hành\s+)?(?P<w>{NGAY_W})(?!\s*(?:càng|nay|hội|thành\s+lập)\b)",
                     re.IGNORECASE)
CUA_RE = re.compile(rf"[\s,)]*{CUA_W}\s+", re.IGNORECASE)
HEAD_RE = re.compile(rf"(?:{_alt(V.issuer_heads)})(?!\w)")
HEAD_UPPER_RE = re.compile(HEAD_RE.pattern, re.IGNORECASE)  # for lines in capitals
_ISSUER_STOP = rf"""[,;:.()“”"]| -|-\s|(?<!\w)(?:{_alt(V.issuer_stops)})(?!\w)
         |(?<!\w)(?:{_alt(w for w, _ in V.type_words)})(?!\w)"""
# Text with one paragraph a line (plain text, DOCX): a line end ends the issuer.
ISSUER_STOP_RE = re.compile(_ISSUER_STOP + r"|[\n\f]", re.IGNORECASE | re.VERBOSE)
# Text whose lines wrap inside a paragraph (PDF text layer, OCR): the name goes on over a
# line end when the next line starts in lower case ("Ủy ban / nhân dân thành phố").
ISSUER_STOP_WRAPPED_RE = re.compile(_ISSUER_STOP, re.IGNORECASE | re.VERBOSE)
LINE_BREAK_RE = re.compile(r"[\n\f][ \t]*(.?)")
ISSUER_BEFORE_RE = re.compile(r"của\s+(?P<iss>[^.;:\n“”\"]{3,90}?)\s+tại\s*$", re.IGNORECASE)
TITLE_RE = re.compile(
    r"""\s*,?\s*(?:(?P<ve>về\s+việc|về|v/v:?)\s*
                 |(?P<verb>ban\s+hành|phê\s+duyệt|quy\s+định|hướng\s+dẫn)\s+(?=\S))?
        (?:[“"](?P<quoted>[^”"]{3,400})[”"]
          |(?P<plain>(?<=\s)[^\s“"][^.;\n]{2,250}))""",
    re.IGNORECASE | re.VERBOSE)
CUE_RE = re.compile(rf"(?<!\w)(?:(?:\d+\s+)?(?P<cue>{_alt_nocase(c for c, _ in V.cues)}))(?!\w)",
                    re.IGNORECASE)
TYPE_BEFORE_RE = re.compile(
    rf"(?:{_alt(w for w, _ in V.type_words)})(?:\s+(?:{_alt(['triển khai', 'tiếp tục'])}))?\s*$",
    re.IGNORECASE)
# an appendix's "(Kèm theo Kế hoạch số …)" names the document itself; "Quy chế ban hành
# kèm theo Thông tư số …" cites another
SELF_RE = re.compile(r"(?:^|[(\n\f])[ \t]*kèm\s+theo\s*$", re.IGNORECASE)
HEADER_NUMBER_RE = re.compile(r"^\W*s[ốôơo6]\W*$", re.IGNORECASE)
HEADER_PREFIX_MAX = 64  # a header's "Số:" prefix is a few characters, not a paragraph
_NEWLINE_RE = re.compile(r"\n")
SENTENCE_END_RE = re.compile(r"[\n\f]|\.(?=\s)|;(?=\s*\n)")
# Small patterns of the helpers below, compiled here once (not at every call).
_QH_RE = re.compile(r"QH\d{1,2}")
_QH_ANY_CASE_RE = re.compile(r"QH\d{1,2}", re.IGNORECASE)
_SUB_NUMBER_RE = re.compile(r"\d+[a-zđ]")
_SPACES_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_NOT_ALNUM_RE = re.compile(r"[^0-9a-z]")
_TRAILING_DIGITS_RE = re.compile(r"\d+$")
_OLD_UY_RE = re.compile(r"(?i)\bUỷ\b")
_PARENS_RE = re.compile(r"\([^)]*\)")
_TERM_RE = re.compile(r"(?i)\b(?:khóa|khoá|nhiệm kỳ)\s+[IVXLC\d]+\b")
_KEY_NOISE_RE = re.compile(r"\b(?:lan thu \w+|\d+|dang)\b")
_BLANKS_RE = re.compile(r"[ ]*")
_QUOTED_RE = re.compile(r"[“\"][^”\"]*[”\"]")
_TITLE_CUT_RE = re.compile(rf", |(?<!\w)và\s+(?:{_alt(w for w, _ in V.type_words)})\s+s[ốo]\b",
                           re.IGNORECASE)
_TITLE_TAIL_RE = re.compile(r"\s+(?:và|của|thực hiện|triển khai)$")
_LETTER_RE = re.compile(r"[^\W\d_]")
_NEXT_TOKEN_RE = re.compile(r"\s*([^\W\d_]+|\S)?")
_NAM_YEAR_RE = re.compile(r"\s*năm\s+(?:19|20)\d\d")
_LAW_STOP_RE = re.compile(r"[;\n\f“”\"()]|\.(?=\s)")
_COMMA_RE = re.compile(r",(?!\s*bổ sung)")
_AFTER_SO_RE = re.compile(rf"{SO_W}\s*:?\s*$", re.IGNORECASE)
_LIST_GAP_RE = re.compile(r"[;,]|(?<!\w)và(?!\w)|\(")
_CUE_ROLE = {fold(c): role for c, role in V.cues}
_TYPE_SLUG = {fold(w): slug for w, slug in V.type_words}
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0"})
_EXPAND_RE = re.compile("|".join(rf"(?<![\w&]){re.escape(k)}(?![\w&])" for k, _ in V.expand))
_EXPAND = {k: v for k, v in V.expand}
# issuer names that denote the same body ("Hội nghị Trung ương" is a plenum of the
# Central Committee), as accent-less folded keys
_SYNONYMS = tuple((strip_accents(fold(a)).lower(), strip_accents(fold(b)).lower())
                  for a, b in load_toml("issuers.toml").get("synonyms", {}).items())

# ================================================================ canonical codes


@dataclass(frozen=True)
class CodeInfo:
    """A written number/symbol read and put in canonical form.

    ``nonstandard`` lists what the writing does against the rules (not OCR damage);
    ``repairs`` lists OCR repairs as ``'from -> to'``.
    """

    number: str
    year: Optional[str]
    symbol: str
    code: str
    party: bool
    type_slug: Optional[str]  # the type the symbol names (QĐ → quyet_dinh), if any
    body: Optional[str]  # the issuing body part (TTg, BGDĐT, TW, UBND), canonical
    nonstandard: tuple[str, ...] = ()
    repairs: tuple[str, ...] = ()


PARTY_SUFFIX_RE = re.compile(r"(?:TW|TƯ|TU|HU|QU|ĐU)$")
_TOKEN_RE = re.compile(r"\s*([-/–])\s*|([^\s/–-]+)")


def _fix_part(part: str, repairs: list[str], nonstd: list[str], first: bool = False) -> list[str]:
    """One symbol part in canonical spelling (may split a glued part in two)."""
    if "&" in part:
        nonstd.append(f"ký hiệu “{part}” không dùng dấu “&”")
        part = part.replace("&", "")
    if _QH_ANY_CASE_RE.fullmatch(part):
        return ["QH" + part[2:]]
    entry = doc_type_by_abbr(part)
    if entry is not None and entry.abbr:
        if entry.abbr != part:
            repairs.append(f"{part} -> {entry.abbr}")
        return [entry.abbr]
    body = body_by_abbr(part)
    if body is not None:
        if body.abbr != part:
            if _key(part) in {_key(a) for a in body.aliases} and _key(part) != _key(body.abbr) \
                    and strip_accents(_key(part)) != strip_accents(_key(body.abbr)):
                nonstd.append(f"“{part}” không phải chữ viết tắt chuẩn (“{body.abbr}”)")
            else:
                repairs.append(f"{part} -> {body.abbr}")
        return [body.abbr]
    if first and len(part) > 2:
        # OCR inserts a stroke (TT1, CTIrHĐ) or doubles a letter (QĐĐ) in the type
        for i, ch in enumerate(part):
            if ch in "1lI|" or (i and part[i - 1] == ch):
                entry = doc_type_by_abbr(part[:i] + part[i + 1:])
                if entry is not None and entry.abbr:
                    repairs.append(f"{part} -> {entry.abbr}")
                    return [entry.abbr]
    for cut in range(len(part) - 1, 0, -1):  # glued type and body: KHUB → KH-UBND
        entry = doc_type_by_abbr(part[:cut])
        body = body_by_abbr(part[cut:])
        if entry is not None and entry.abbr and body is not None:
            nonstd.append(f"“{part}” thiếu gạch nối giữa loại văn bản và cơ quan ban hành")
            return [entry.abbr, body.abbr]
    return [part]


@lru_cache(maxsize=4096)
def canonical_code(written: str) -> Optional[CodeInfo]:
    """Read a written number/symbol (cached: the same code is read again by the self-check
    of every citation, by the findings and by the registry; CodeInfo is frozen).

    >>> canonical_code("11/CT-TW").code, canonical_code("11/CT-TW").nonstandard[0][:14]
    ('11-CT/TW', 'văn bản của Đả')
    >>> canonical_code("44/TT-BGD&ĐT").code
    '44/TT-BGDĐT'
    >>> c = canonical_code("489/QD- TTG"); c.code, c.repairs
    ('489/QĐ-TTg', ('489/QD- TTG -> 489/QD-TTG', 'QD -> QĐ', 'TTG -> TTg'))
    >>> canonical_code("05/KHUB").code
    '05/KH-UBND'
    >>> canonical_code("l1-CT/TW").code
    '11-CT/TW'
    """
    tokens = [(m.group(1), m.group(2)) for m in _TOKEN_RE.finditer(written.strip())]
    if not tokens or tokens[0][1] is None:
        return None
    raw_number = tokens[0][1]
    repairs: list[str] = []
    nonstd: list[str] = []
    number = raw_number.translate(_OCR_DIGITS)
    if not number.isdigit():
        if not _SUB_NUMBER_RE.fullmatch(raw_number):
            return None
        number = raw_number  # a sub-number: 38a/TTr-UBND
    seps: list[str] = []
    parts: list[str] = []
    pending = None
    for sep, word in tokens[1:]:
        if sep is not None:
            pending = "-" if sep == "–" else sep
        elif word is not None:
            seps.append(pending or "")
            parts.append(word)
            pending = None
    if not parts:
        return None
    squeezed = _SPACES_RE.sub("", written.strip())
    if squeezed != written.strip():
        repairs.append(f"{written.strip()} -> {squeezed}")
    if number != raw_number:
        repairs.append(f"{raw_number} -> {number}")
    year = None
    if _YEAR_RE.fullmatch(parts[0]) and len(parts) > 1:
        year = parts.pop(0)
        seps.pop(0)
    fixed: list[str] = []
    for i, part in enumerate(parts):
        fixed.extend(_fix_part(part, repairs, nonstd, first=i == 0 and len(parts) > 1))
    if not all(p[:1].isalpha() for p in fixed):
        return None
    type_entry = doc_type_by_abbr(fixed[0]) if fixed else None
    type_slug = type_entry.slug if type_entry and type_entry.abbr == fixed[0] else None
    if _QH_RE.fullmatch(fixed[0]):
        type_slug = "luat"
    last = body_by_abbr(fixed[-1])
    if type_slug == "luat":
        body: Optional[str] = "QH"
    elif type_slug is None:
        body = fixed[0]  # an official letter: 2088/SGDĐT-GDTrHTX, 122/TTg
    else:
        body = fixed[1] if len(fixed) > 1 else None
    # a Party body: TW, TU… or a Party committee's organ named after them (BTGTW, UBKTTU)
    party_body = bool(last and last.party) or bool(PARTY_SUFFIX_RE.search(fixed[-1]))
    party = bool(party_body and len(fixed) == 2 and type_slug and year is None)
    if party:
        symbol = f"{fixed[0]}/{fixed[1]}"
        code = f"{number}-{symbol}"
        if seps[:2] != ["-", "/"] and len(seps) >= 2:
            nonstd.insert(0, "văn bản của Đảng ghi số và ký hiệu theo mẫu “số-loại/cơ quan”")
    else:
        symbol = "-".join(fixed)
        code = f"{number}/{year}/{symbol}" if year else f"{number}/{symbol}"
        # state form: number/[year/]TYPE-BODY — a hyphen after the number, or a slash
        # between symbol parts, is against NĐ 30/2020 Phụ lục I
        if "-" in seps[:1] or (len(parts) > 1 and "/" in seps[1:]):
            nonstd.insert(0, "văn bản nhà nước ghi “số/loại-cơ quan”: gạch chéo sau số, "
                             "gạch nối giữa các phần của ký hiệu")
    return CodeInfo(number=number, year=year, symbol=symbol, code=code, party=party,
                    type_slug=type_slug, body=body, nonstandard=tuple(nonstd),
                    repairs=tuple(repairs))


def code_key(code: Optional[str]) -> str:
    """Comparison key of a code: letters and digits only, folded, Đ → D.

    >>> code_key("44/2014/TT-BGD&ĐT") == code_key("44/2014/tt-bgddt")
    True
    """
    return _NOT_ALNUM_RE.sub("", strip_accents(fold(code or "")).lower())


def is_normative(doc_type: Optional[str], body: Optional[str]) -> bool:
    """A legal normative document, whose number must carry its year."""
    if doc_type in V.normative_always:
        return True
    if doc_type == "nghi_quyet" and body:
        return _TRAILING_DIGITS_RE.sub("", _key(body)) in V.normative_nq_bodies
    return False


# ================================================================ issuers


def normalise_issuer(s: str) -> str:
    """An issuer as written, cleaned: abbreviations expanded, spacing collapsed.

    >>> normalise_issuer("BCH Trung ương Đảng")
    'Ban Chấp hành Trung ương Đảng'
    >>> normalise_issuer("Bộ Giáo dục & Đào tạo")
    'Bộ Giáo dục và Đào tạo'
    >>> normalise_issuer("UBND phường Phúc Đồng-")
    'Ủy ban nhân dân phường Phúc Đồng'
    """
    s = " ".join(s.split()).strip(" ,;:.-–")
    s = _EXPAND_RE.sub(lambda m: _EXPAND[m.group(0)], s)
    s = _OLD_UY_RE.sub(lambda m: "Ủy" if m.group(0)[0].isupper() else "ủy", s)
    return s


def issuer_from_symbol(ref: Reference) -> Optional[str]:
    """The issuer a reference's symbol names, when the text and the registry name none
    (``489/QĐ-TTg`` → Thủ tướng Chính phủ; ``29-NQ/TW`` → Ban Chấp hành Trung ương Đảng).

    >>> issuer_from_symbol(Reference(doc_type="quyet_dinh", number="1", code="1/QĐ-TTg"))
    'Thủ tướng Chính phủ'
    """
    info = canonical_code(ref.code) if ref.code else None
    if info is None:
        return None
    body = body_by_abbr(info.body or "")
    if body is None and info.symbol.startswith("QH"):
        body = body_by_abbr("QH")
    return body.name_for(ref.doc_type) if body else None


def issuer_key(s: Optional[str]) -> str:
    """Fold used to compare issuers: expanded, no parentheses, no term (khóa X)."""
    if not s:
        return ""
    s = normalise_issuer(_PARENS_RE.sub(" ", s))
    s = _TERM_RE.sub(" ", s)
    key = strip_accents(fold(s)).lower()
    for a, b in _SYNONYMS:
        key = key.replace(a, b)
    key = _KEY_NOISE_RE.sub(" ", key)  # "Hội nghị Trung ương 8", "… Đảng"
    return " ".join(key.split())


def issuers_compatible(written: str, names) -> bool:
    """Whether an issuer as written can be the same body as one of ``names``
    (containment either way after folding: "Ban Bí thư Trung ương Đảng" ~ "Ban Bí thư")."""
    a = issuer_key(written)
    if not a:
        return True
    for name in names:
        b = issuer_key(name)
        if b and (a in b or b in a):
            return True
    return False


# ================================================================ finding citations


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
    window = "ngày" + s[after:after + 40]  # the word as the date parser knows it
    days = [d for d in find_dates(window) if d.span[0] == 0 and d.kind == "day"]
    if days:
        c.date, c.date_invalid = days[0].start, days[0].invalid
        return after + days[0].span[1] - len("ngày")
    if m.group("w").lower() != "ngày":
        return pos  # an OCR-damaged word with no date after it: maybe not "ngày" at all
    c.date_missing = True
    return m.end()


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
    if not head:
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
    if not text:
        return pos
    c.issuer = normalise_issuer(text)
    return start + len(s[start:end].rstrip())


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


def _symbol_starts_upper(sym: str) -> bool:
    """The first letter part of a symbol starts with a capital (QĐ, not "lớp")."""
    m = _LETTER_RE.search(sym)
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
    line_starts: Optional[list[int]] = None
    for m in STANDALONE_RE.finditer(s):
        info = canonical_code(m.group("num") + m.group("sym"))
        if info is None or not _symbol_starts_upper(m.group("sym")):
            continue
        # the line's start by bisection and only a short prefix tested: searching back
        # and copying the whole line for every code was quadratic on one long line
        if line_starts is None:
            line_starts = [0] + [n.end() for n in _NEWLINE_RE.finditer(s)]
        line_start = line_starts[bisect.bisect_right(line_starts, m.start()) - 1]
        if m.start() - line_start <= HEADER_PREFIX_MAX and \
                HEADER_NUMBER_RE.match(s[line_start:m.start()]):
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


# How far before a citation (in characters, inside its sentence) its lead-in cue
# ("Căn cứ", "thực hiện", "theo") is looked for.
ROLE_WINDOW = 2000


def _mask(s: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    chars = list(s[start:end])
    for a, b in spans:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return "".join(chars)


def _roles(s: str, cits: list[Citation]) -> None:
    """Role from the closest lead-in cue in the citation's sentence; a citation inside
    another's tail ("Quyết định … ban hành Kế hoạch thực hiện Kết luận …") is mentioned."""
    ends = [m.end() for m in SENTENCE_END_RE.finditer(s)]
    starts = [c.start for c in cits]
    reach = [0]  # reach[j]: the furthest tail end of cits[:j]
    for c in cits:
        reach.append(max(reach[-1], c.tail_end))
    for i, c in enumerate(cits):
        k = bisect.bisect_right(ends, c.start)
        seg = ends[k - 1] if k else 0  # start of the citation's sentence
        prev = cits[i - 1] if i else None
        if prev and prev.start >= seg:
            gap = s[prev.end:c.start]
            gap_wo_quotes = _QUOTED_RE.sub(" ", gap)
            if not _LIST_GAP_RE.search(gap_wo_quotes):
                c.nested = True
                c.role = "mentioned"
                continue
        # the lead-in cue is looked for at most ROLE_WINDOW characters back (within the
        # sentence), and only the citations reaching into that stretch are masked: the
        # whole sentence and every earlier citation, per citation, was quadratic (10,000
        # citations on one line, or lines with no sentence end)
        seg = max(seg, c.start - ROLE_WINDOW)
        j = bisect.bisect_left(starts, seg, 0, i)
        # the citations starting before the stretch each cover it from its start to their
        # tail end: together, one span up to the furthest of those ends
        spans = [(seg, reach[j])] if reach[j] > seg else []
        spans += [(p.start, p.tail_end) for p in cits[j:i]]
        quoted = [(seg + q.start(), seg + q.end())
                  for q in _QUOTED_RE.finditer(s[seg:c.start])]
        window = _mask(s, seg, c.start, spans + quoted)
        best = None
        for m in CUE_RE.finditer(window):
            best = m
        if best is None:
            c.role = "mentioned"
            continue
        cue = fold(" ".join(best.group("cue").split()))
        role = _CUE_ROLE.get(cue, "mentioned")
        if role != "basis" and TYPE_BEFORE_RE.search(window[:best.start()]):
            role = "mentioned"  # "Kế hoạch thực hiện Chỉ thị …" names another document
        c.role = role


def _issuer_before(s: str, c: Citation) -> None:
    m = ISSUER_BEFORE_RE.search(s[max(0, c.start - 120):c.start])
    if m and HEAD_RE.match(m.group("iss")):
        c.issuer = normalise_issuer(m.group("iss"))
        c.issuer_before = True


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
    _roles(s, cits)
    for c in cits:
        _drop_foreign_issuer(c)
    return [c for c in cits if c.number or c.date or c.kind == "law" and c.law_name]


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


# ================================================================ grouping


def _as_written(s: str, c: Citation) -> str:
    return " ".join(s[c.start:c.end].split())


def _is_upper(s: Optional[str]) -> bool:
    """Every letter a capital (and one at least); stops at the first small letter."""
    seen = False
    for ch in s or "":
        if ch.isalpha():
            if not ch.isupper():
                return False
            seen = True
    return seen


def _group_key(c: Citation) -> tuple:
    if c.info is not None:  # a number and symbol name one document whatever the type word
        return ("code", None, c.info.number.lstrip("0") or "0", code_key(c.info.symbol))
    if c.number:
        return ("number", c.doc_type, c.number.lstrip("0") or "0")
    return ("law", fold(c.law_name), c.date)


def parse_references(text: Text, ctx: ParseContext) -> list[Reference]:
    """One :class:`Reference` per cited document, in order of first citation."""
    s = text.text
    wrapped = any(p.source in ("text_layer", "ocr") for p in text.pages)
    ocr = any(p.source == "ocr" for p in text.pages)
    cits = find_citations(s, ctx, wrapped=wrapped, ocr=ocr)
    groups: dict[tuple, list[Citation]] = {}
    for c in cits:
        groups.setdefault(_group_key(c), []).append(c)
    # a bare "Nghị quyết 29" joins "Nghị quyết số 29-NQ/TW" cited elsewhere in the text;
    # "Đề án 1373" joins "Quyết định số 1373/QĐ-TTg … phê duyệt Đề án …" (the decision
    # that approved it, by whose number the plan is known)
    for key in [k for k in groups if k[0] == "number"]:
        full = [k for k in groups if k[0] == "code" and k[2] == key[2]
                and groups[k][0].doc_type in (key[1], "quyet_dinh")]
        if len(full) == 1:
            groups[full[0]].extend(groups.pop(key))
            groups[full[0]].sort(key=lambda c: c.start)
    refs = []
    for key, items in sorted(groups.items(), key=lambda kv: kv[1][0].start):
        refs.append(_reference(text, s, items))
    return refs


def _first(values, prefer=lambda v: True):
    values = [v for v in values if v]
    good = [v for v in values if prefer(v)]
    return (good or values or [None])[0]


def _reference(text: Text, s: str, items: list[Citation]) -> Reference:
    coded = [c for c in items if c.info is not None]
    main = coded[0] if coded else items[0]
    info = main.info
    year = _first(c.info.year for c in coded) if coded else None
    number = info.number if info else main.number
    symbol = info.symbol if info else None
    code = None
    if info:
        code = f"{number}/{year}/{symbol}" if year and not info.party else info.code
    mentions = []
    for c in items:
        prov = text.provenance(c.start, c.end, rule=c.rule, score=1.0 if not c.repairs else 0.9,
                               repairs=c.repairs)
        mentions.append(Mention(as_written=_as_written(s, c), role=c.role, provenance=prov))
    title = _first((c.title for c in items), lambda v: not _is_upper(v))
    if main.kind == "law" and not title:
        title = main.law_name
    return Reference(
        doc_type=main.doc_type or (info.type_slug if info else None) or "other",
        number=number, year=year, symbol=symbol, code=code,
        date=_first((c.date for c in items if not c.date_invalid)),
        issuer=_first((c.issuer for c in items), lambda v: not _is_upper(v)),
        title=title, mentions=mentions)


# ================================================================ facts for findings


@dataclass(frozen=True)
class CitationFacts:
    """What a mention's own writing says about citation form."""

    nonstandard: tuple[str, ...]
    missing_year: bool
    missing_symbol: bool
    date_missing: bool
    date_invalid: bool
    written_date: Optional[date]
    repairs: tuple[str, ...]
    written_symbol: bool = False  # the mention carries a symbol


@lru_cache(maxsize=4096)
def citation_facts(as_written: str, *, ocr: bool = False) -> Optional[CitationFacts]:
    """Re-read one mention as written (as :func:`parse_references` stored it; cached, the
    facts are frozen).

    >>> f = citation_facts("Chỉ thị 11/CT-TW ngày"); f.date_missing, bool(f.nonstandard)
    (True, True)
    >>> citation_facts("Thông tư 44/TT-BGD&ĐT").missing_year
    True
    >>> citation_facts("Chương trình 387").missing_symbol
    True
    """
    cits = find_citations(as_written, ocr=ocr)  # ocr: read it as the parser did
    if not cits:
        return None
    c = cits[0]
    info = c.info
    return CitationFacts(
        nonstandard=info.nonstandard if info else (),
        missing_year=bool(info and not info.year and not info.party
                          and is_normative(c.doc_type, info.body)),
        missing_symbol=c.kind == "number_only",
        date_missing=c.date_missing, date_invalid=c.date_invalid, written_date=c.date,
        repairs=tuple(c.repairs), written_symbol=info is not None)
