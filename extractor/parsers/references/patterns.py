"""Patterns of citations, built once from named parts (as eyecite's ``regexes.py``).

A citation is ``TYPE_WORD`` + ``SO`` + ``CODE``; ``CODE`` is ``NUMBER`` then an optional
year and one to five symbol parts (``PART``) joined by ``SEP``. Every pattern is linear in the
length of the text: quantifiers are bounded or run over disjoint character classes, and
the type-word alternation is grouped by first letter (see
:func:`extractor.parsers.alternation_nocase`).
"""
from __future__ import annotations

import re

from vanban.extractor.normalize import fold, strip_accents
from vanban.extractor.vocab import load_toml

from vanban.extractor.parsers.references.vocab import V, _alt, _alt_nocase


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
# The year inside a normative code; OCR may read its figures as look-alikes (20l4, 2O19),
# repaired by canonical_code.
YEAR = r"(?:19|2[0O])[\dlIO]{2}"
CODE = rf"""
    (?:(?<![\w/.&-])|(?<=s[ốoỐO]))   # a boundary; "số11-CT/TW" glued is accepted
    {NUMBER}
    (?P<sym>(?:{SEP}{YEAR}(?={SEP}))?   # the year of a normative document
            (?:{SEP}{PART}){{1,5}}
          | {SEP}{YEAR}(?=[A-ZĐ]){PART}     # its slash lost: 101/2024NĐ-CP (canonical_code)
            (?:{SEP}{PART}){{0,4}})
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
# "Luật Đất đai …", not "Luật này" (the law itself, in its closing articles)
LAW_RE = re.compile(r"(?<!\w)Luật\s+(?!n[àa]y\b)(?=[^\W\d_])", re.IGNORECASE)
LAW_END_RE = re.compile(
    r"""\s*,?\s*(?:
        (?P<so>s[ốoô]\s*:?\s*)(?=[lI|]?\d)          # Luật Giáo dục số 43/2019/QH14
      | (?P<ngay>(?:ban\s+hành\s+)?ngày\s*)(?=\d)  # … ngày 19 tháng 6 năm 2015
      | (?P<nam>năm\s+)(?=(?:19|20)\d\d\b)         # … năm 2019
    )""", re.IGNORECASE | re.VERBOSE)
NGAY_RE = re.compile(rf"\s*[,(]?\s*(?:ban\s+hành\s+)?(?:(?P<same>cùng)\s+)?(?P<w>{NGAY_W})(?!\s*(?:càng|nay|hội|thành\s+lập)\b)",
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
# "của <issuer> tại" right before a citation: the last "của" (a list may name several:
# "của Bộ Chính trị tại …, của Ban Bí thư tại văn bản số …")
# "(đề nghị) của X tại [Đơn xin … ngày 13/12/2024, ]Tờ trình số …": unnumbered papers may
# come first in the list, but no other issuer, place or number
ISSUER_BEFORE_RE = re.compile(
    r"của\s+(?P<iss>(?:(?!của\s)[^.;:()\n“”\"]){3,90}?)\s+tại"
    r"(?:\s+(?:(?!của\s|tại\s|s[ốo]\s*\d|\d+/[^\W\d_])[^.;:()\n“”\"]){3,160}?,)?\s*$",
    re.IGNORECASE)
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
