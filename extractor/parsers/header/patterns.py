"""The header's patterns, compiled once, each built from named parts.

Keyword patterns run on a *skeleton* of the text (accents stripped, case kept, same
length: :func:`extractor.parsers.header.lines.skeleton`), so that OCR's lost tone marks do
not matter and a match maps back 1:1 to the text. Every pattern is linear in its input: no
two unbounded repeats over the same characters follow each other (possessive ``*+`` where
they would), so issue 15's doubling benchmark cannot make one explode.
"""
from __future__ import annotations

import re
# ---------------------------------------------------------------- patterns (on skeletons)
# "Số: 01/KH-HKH", OCR "S6:", "Sô", spaces "Số: 01 /KH-HKH", legal "Số: 30/2020/NĐ-CP",
# Party "Số 11-CT/TW" (its "Số" may end a line: "Số" / "11-CT/TW"); the number may be left blank ("Số:      /KH-UBND").
# A law's or an ordinance's number line reads "Luật số: 64/2025/QH15", "Lệnh số: 5/2025/L-CTN".
# "Số:", a Party "Số" ending its line; "Luật số:", "Lệnh số:", and an Assembly resolution's
# "Nghị quyết số:" (with its colon: a citation in a title has none)
_NUMBER_KEY = r"(?:(?<![^\W\d_])S|(?:(?<=Luat )|(?<=Lenh ))s|(?<=Nghi quyet )s(?=[o06][ ]*+:))[o06](?:[ ]*+[:;.,][ ]*+|[ ]++(?=\d)|[ ]*+\n[ ]*+(?=\d))"
# the number, with OCR's O/o/l/I for 0/1 accepted (repaired) next to a real digit
_NUMBER = r"(?P<num>(?=[0-9OoIl]*\d)[0-9OoIl]{1,6})?"
_YEAR = r"(?:[ ]*+/[ ]*+(?P<year>(?:19|20)\d\d)(?=[ ]*/))?"
# Parts of a symbol are joined by "-" or "/"; a code wrapped after its hyphen goes on on the
# next line ("177/KH-" / "UBND"), and a PDF text layer may give that hyphen as a soft
# hyphen (U+00AD) or as U+FFFE.
# a hyphen may come as a dash ("QĐ–UBND", U+2012, U+2013; the text has Word's other hyphens
# as "-" already, extractor/text.py), and a dot may join two parts when no space follows it
# ("UBND.VP", "CCTKV.XII-NV")
_DASHES = "\u2012\u2013"
_SYMBOL_SEP = (r"(?:[ ]?[-/\u00ad\ufffe" + _DASHES + r"][ ]?|\.(?=[A-Z0-9])"
               r"|[-\u00ad\ufffe" + _DASHES + r"][ ]*\n[ ]*)")
_SYMBOL = r"(?P<sym>[A-Z][A-Za-z0-9&]*+(?:" + _SYMBOL_SEP + r"[A-Z0-9][A-Za-z0-9&]*+)*+)"
# "Số:" may stand alone on its line with the code on the next ("Số:" / "79/2025/NQ-HĐND"),
# and a narrow column may wrap the code before its slash ("Số: 9476" / "/BNNMT-CNTY"), a
# text export even with blank lines between them (the number typed in a box of its own)
NUMBER_LINE = re.compile(
    _NUMBER_KEY + r"[ ]*+(?:\n[ ]*+)?" + _NUMBER + _YEAR
    + r"[ ]*+(?:(?:\n[ ]*+){1,6}(?=/))?(?P<sep>[/\-" + _DASHES + r"])(?:[ ]*+\n)?[ ]*+" + _SYMBOL)
NUMBER_BLANK = re.compile(_NUMBER_KEY + r"[ ._…]*$")
# A handwritten number read by OCR as marks ("Số: Ø2 /CT-UBND", "Sôz14 /CT", "Só:## /TTr"):
# "Số", up to eight characters without a line break or "/", then "/" and the symbol.
NUMBER_SMUDGED = re.compile(r"(?<![^\W\d_])S[o06](?P<smudge>[^\n/]{1,8}?)[ ]*+/[ ]*+" + _SYMBOL)

# "Long Biên, ngày 19 tháng 01 năm 2021" (OCR digits O/l/I repaired, OCR's "ngàv"), or
# "ngày 19/01/2021".
_DIGIT = r"[0-9OoIl]"
# the comma after the place is sometimes forgotten ("Hà Nội ngày 01 …"): the code then
# wants the place to open its line
_PLACE = r"(?P<place>[A-Z][\w.\-]*(?:[ ]+[A-Za-z(][\w.\-)]*){0,6}?)[ ]*+(?P<comma>,\s*+)?"
# the parts of the date may wrap onto the next lines ("ngày 03" / "tháng 12 năm 2025"), and
# their blanks may be dotted or slashed ("ngày 20 / tháng 11")
_GAP = r"[\s.…_/]*+"
# A handwritten day or month read by OCR as marks ("ngày Z", "ngày/†", "ngày0B", "ngày {",
# "tháng Š"): up to six characters before "tháng" / "năm". The line is then the place-date
# line, its date unreadable (never guessed).
_UNREAD = r"(?:[^\n]{1,6}?(?=[ ]*+(?i:thang|nam)))"
_DMY_WORDS = (r"(?i:nga[yv])\s*+(?:(?P<d>" + _DIGIT + r"{1,2})|(?P<dx>" + _UNREAD + r"))?"
              + _GAP + r"(?i:thang)\s*+(?:(?P<m>" + _DIGIT + r"{1,2})|(?P<mx>" + _UNREAD
              + r"))?(?:" + _GAP + r"(?i:nam)\s*+(?P<y>" + _DIGIT + r"{4})?"
              + r"|(?=[ ]*(?:\n|$)))")  # "năm …" may be missing
_DMY_SLASH = (r"(?i:nga[yv])[ ]*+(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})")
WRAPPED_YEAR = re.compile(r"^[ ]*(?i:nam)[ ]*(?P<y>\d{4})")
DATE_LINE = re.compile(r"(?:" + _PLACE + r")?(?:" + _DMY_WORDS + r"|" + _DMY_SLASH + r")")

# Signature authority: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TUQ. GIÁM ĐỐC"; OCR "TM ",
# "T.M.", "K.T." tolerated; older documents spell them out ("THAY MẶT BAN THƯỜNG VỤ", "KÝ
# THAY CHỦ TỊCH", "THỪA LỆNH", "THỪA ỦY QUYỀN": matched on the skeleton, without marks).
_SPELLED_PREFIXES = r"THAY[ ]MAT|KY[ ]THAY|THUA[ ]LENH|THUA[ ]UY[ ]QUYEN"
_PREFIXES = (_SPELLED_PREFIXES
             + r"|T[ ]?[./]?[ ]?M|K[ ]?[./]?[ ]?T|T[ ]?[./]?[ ]?L|TUQ|Q")  # TM KT TL TUQ Q; T/M K/T
# The abbreviation of a spelled-out prefix (its skeleton without spaces).
SPELLED_PREFIX = {"THAYMAT": "TM", "KYTHAY": "KT", "THUALENH": "TL", "THUAUYQUYEN": "TUQ"}
_AUTHORITY_PREFIX = r"""
    (?<![\w.])
    (?P<prefix>""" + _PREFIXES + r""")
    (?:[ ]?[.,:][ ]*|[ ]+)   # "KT. BỘ TRƯỞNG", "KT BỘ TRƯỞNG"; after a dot also "KT.BỘ TRƯỞNG"
    """
AUTHORITY = re.compile(_AUTHORITY_PREFIX + r"""
    (?P<body>[A-Z][^\n]*)
    """, re.X)
# The prefix alone, before a word in capitals: where each authority begins in a signature
# block whose lines were re-joined ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH").
AUTHORITY_PREFIX = re.compile(_AUTHORITY_PREFIX + r"(?=[A-Z])", re.X)
# A prefix alone on its line ("**KT." / "BỘ TRƯỞNG, …"): its body wrapped onto the next.
PREFIX_ALONE = re.compile(r"^[ |]*(?:" + _PREFIXES + r")[ ]?[.,:]?[ ]*$")

RECIPIENTS = re.compile(r"(?i)(?<!\w)N[oơô][i1l][ ]*nh[aâậ]n[ ]*:?")
LUU = re.compile(r"^\W{0,3}(?i:luu)\b(?![ ]*(?i:y)\b)")  # "Lưu: VT", not "Lưu ý"
LUU_ENTRY = re.compile(r"^[ ]*[-+•–—*·][ ]*(?i:luu)(?:[ ]*:|[ ]+[A-Z])")
BULLET = re.compile(r"^[ ]*(?:[-+•–—*·]|\d+[.)])[ ]*")
# The archive entry names the office's records clerk, "Lưu: VT" (Văn thư); tesseract reads
# the T of small print as I, l, L or T+junk ("Lưu: VI", "Lưu VL", "Lưu: VTF"). On OCR'd
# text only, the first token after "Lưu" is put back.
ARCHIVE_MISREAD = re.compile(
    r"^(?P<head>(?i:l[ưu]u)\b[ ]*[:.]?[ ]*)V(?:[IlL|!]|T[FIl1|]|L[ET])(?=[\W]|$)")
# The number of copies filed, "(05)" or "(2b)" at the end of the archive entry (its "(" may
# be lost by OCR: "Lưu VT, 05)"), never the digits of a clerk's initials "NC(Tr212)".
COPY_COUNT = re.compile(r"(?:[ ,;]*\(|[ ,;]+)[ ]*\d{1,3}[ ]*(?:b(?:an|ản)?)?[ ]*\)[ ]*$"
                        r"|[ ,;]*\([ ]*\)[ ]*$")
# A note on what to do with the copy written in the next column or after a dash ("| đê
# b/c", "- để biết"): not part of the entry. A note in brackets ("UBND quận (b/c)", "(để
# thực hiện)") is written in the entry itself and kept as written.
SIDE_NOTE = re.compile(r"""
    [ ]*(?:\||[-–][ ])[ ]*[dđ][eèéẻẽẹêềếểễệ][ ]*(?:b/c|biết|b[aá]o[ ]c[aá]o|t/h|th[ựu]c[ ]hi[ệe]n|
    ch[ỉi][ ]đ[ạa]o|p/h|ph[ốo]i[ ]h[ợo]p)\)?.*$
    """, re.X | re.I)

# The gap between two columns laid out side by side in plain text (typed so, or
# `pdftotext -layout`): a tab, or three spaces or more. Words inside a column are one space
# apart; a justified line stretches its gaps to two at most.
COLUMN_GAP = re.compile(r"\t| {3,}")
# such a gap between two texts of a line
GAP_BETWEEN = re.compile(r"(?<=\S)(?:\t| {3,})(?=\S)")

# The time a digital signature was made, as its stamp prints it on the page
# ("09.01.2025 10:21:11 +07:00"), on a line of its own; a narrow stamp wraps the offset.
SIGNED_AT = re.compile(r"[ ]*\d{1,2}[./-]\d{1,2}[./-]\d{4}[ ]+\d{1,2}:\d{2}:\d{2}"
                       r"(?:[ ]*[+-]\d{2}:?\d{2})?[ ]*")

# emails: found with any letters (OCR reads g as ø: "pød@longbien.edu.vn"), then repaired
# with header_cues.toml's email_ocr_repairs and kept only when they are plain ASCII
EMAIL = re.compile(r"[\w.%+(-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}")
EMAIL_ASCII = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PHONE_CUED = re.compile(r"""
    (?=(?i:[đstfdh]))   # the first letter of a cue: the alternation is not tried elsewhere
    (?i:đi[eệ]n[ ]tho[aạ]i|đthoại|\bđt\b|\bsđt\b|\btel\b|\bfax\b|di[ ]đ[ộo]ng|hotline|\bdđ\b
       |đ[ưu][ờo]ng[ ]d[âa]y[ ]n[óo]ng)
    [ ]*(?i:s[ốo])?[ ]*[:.]?[ ]*(?:\n[ ]*)?   # the number may wrap to the next line
    (?P<phone>\(?\+?\d[\d .\-()]{5,16}\d)
    """, re.X)
# "not after a digit, / . -" is checked once the first character is read, so that the
# pattern opens with "+" or "0" and the regex engine jumps from one to the next
PHONE_MOBILE = re.compile(
    r"(?:\+(?<![\d/.\-]\+)84|0(?<![\d/.\-]0))[35789]\d(?:[ .]?\d){7}(?![\d/])")

SELF_REF = re.compile(r"""
    ^[ ]*\(?[ ]*(?:(?i:ban[ ]hanh)[ ]+)?      # a caption line: "(Kèm theo …", "(Ban hành kèm theo …"
    (?i:kem[ ]theo)[ ]+(?P<type>[^\W\d_][^\d\n]{1,40}?)[ ]+(?i:so)[ ]*:?[ ]*
    (?P<num>\d{1,6})?[ ]*(?:/[ ]*(?P<year>(?:19|20)\d\d)[ ]*(?=/))?(?P<sep>[/-])[ ]*
    (?P<sym>[A-Z][A-Za-z0-9&]*(?:[ ]?[-/][ ]?[A-Z0-9][A-Za-z0-9&]*)*)
    """, re.X)

# "V/v tổ chức Ngày hội…", "Về việc …" (a letter's subject line)
SUBJECT = re.compile(r"^[ ]*(?:[Vv][ ]?/[ ]?[vV]\b|(?i:ve[ ]viec))[ ]*[:.]?[ ]*")
VV_MARK = re.compile(r"^[ ]*[Vv][ ]?/[ ]?[vV]\b[ ]*[:.]?[ ]*")  # the "V/v" mark alone
DASH = re.compile(r"^[ ]*[-+•–—*·]")  # a list item's leading dash
ENTRY_END = re.compile(r"(?<=[;.])\s+")  # after a list entry's closing ; or .
COLUMN_PIECE = re.compile(r"[^\s].*?(?=\s{3,}|$)")  # text between wide gaps of a line
RULE_LINE = re.compile(r"[-_=.\s]+")  # "-------", "___"
SPACES = re.compile(r"\s+")
SYMBOL_PARTS = re.compile(r"[-/]")
DATE_AFTER = re.compile(r"[ ,]*(?i:ngay)")
OUTLINE = re.compile(r"^(?:[IVXLC]+|[A-Z]|\d+(?:\.\d+)*)[.)][ ]")
# "II. Thời gian triển khai…" — OCR reads the Roman numeral as "H.", "Il.", "11."
# The time a document's deadline or submission is due ("Thời gian dự kiến trình thông qua",
# "Thời gian gửi báo cáo") is no period the document covers.
# "Thời gian qua / tới / gần đây, …" opens a sentence ("in recent times"), not a heading.
_NOT_PERIOD = (r"(?![ ]+(?:du[ ]kien[ ]+)?(?:trinh|ban[ ]hanh|gui|nop|bao[ ]cao)\b)"
               r"(?![ ]+(?:vua[ ]+)?(?:qua|toi|gan[ ]day)\b)")
TIME_HEADING = re.compile(
    r"(?i)^[ ]*(?:(?:[IVXLHl1]{1,5}[.)]?|\d+(?:\.\d+)*[.)]|[a-z][.)])[ ]*)?(?:[-+][ ]*)?thoi[ ]gian"
    + _NOT_PERIOD)



OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})

# A line that may hold the first words of a wrapped place name ("Thành phố Hồ Chí" /
# "Minh, ngày …"): capitalised words or administrative-unit words, nothing else.
PLACE_START = re.compile(r"^[ ]*+(?:TP\.|[A-Z][\w.]*+)(?:[ ]++(?:[A-Z][\w.]*+|thanh|pho|tinh|"
                         r"quan|huyen|thi|xa|tran|phuong))*+[ ]*+$")

SYMBOL_JOINERS = str.maketrans({c: "-" for c in "\u00ad\ufffe" + _DASHES})

# A figure opening a wrapped line: a Roman numeral ("XV", "XIII") or a number.
ROMAN_OR_NUMBER = re.compile(r"^(?:[IVXLC]+|\d+)(?![\w/])")

# The figure a wrapped title may leave alone on its last line: a year, a range of years
# or a number ("2022", "2021 - 2025", "(2020-2025)", "3, 4", "2)"; "XIII" has letters and is
# not one), the range's dash maybe left at its end ("2026 -" / "2031").
TITLE_FIGURE = re.compile(
    r"^(?:[-–][ ]*)?[(]?\d{1,4}(?:[ ]*[-–/,][ ]*\d{1,4})*(?:[)]?[.]?|[ ]*[-–])$")

ABBR_TOKEN = re.compile(r"[A-ZĐ][A-ZĐ&0-9]{0,7}|[A-ZĐ][a-zđ]?[A-ZĐ][A-Za-zĐđ&]*|\d{1,3}|[a-zđ]/[a-zđ]")

EMAIL_CHAR = re.compile(r"[\w.%+(-]")  # what EMAIL reads before the "@"

# words of a folded string (fold moves tone marks after the word's letters, as combining
# characters, which ``\w`` alone would drop)
WORDS = re.compile(r"[\w\u0300-\u036f]+")

# Line breaks, page breaks and the cell rules of a flattened table read as spaces.
FLAT = str.maketrans({"\n": " ", "\f": " ", "|": " "})
