"""The recipients list, "Nơi nhận:": one entry per bulleted line (with or without dashes),
wrapped entries joined, the signature column read across between them cut off."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.vocab import dashed_names
from vanban.extractor.parsers.header.endmatter import (_is_appendix_start,
                                                       _is_signature_line, _known_person,
                                                       _looks_like_name,
                                                       _name_suffix, _plausible_share,
                                                       _position_suffix,
                                                       _recipients_without_heading,
                                                       _strip_junk, authority_in)
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, column_tab, is_syllable,
                                                   skeleton)
from vanban.extractor.parsers.header.model import RecipientsPart
from vanban.extractor.parsers.header.patterns import (ARCHIVE_MISREAD, BULLET, COPY_COUNT,
                                               DASH, ENTRY_END, LUU, PREFIX_ALONE, RECIPIENTS,
                                               SIDE_NOTE)
from vanban.extractor.text import Text

# A list runs to this many entries, over this many lines at most (its entries wrapped).
LIST_MAX_ENTRIES, LIST_MAX_LINES = 60, 150
# A list's bullet "- " and a hyphen glued to the word after it ("-UBND").
_SPACED_DASH = re.compile(r"[ ]*[-–][ ]")
_GLUED_DASH = re.compile(r"[ ]*[-–](?=\w)")
# Sources whose text was typed, never read off an image.
TYPED_SOURCES = frozenset({"plain_text", "docx"})
# Lines looked at below a line for the list's next bulleted entry.
NEXT_ENTRY_LOOKAHEAD = 12
LONE_DASH = re.compile(r"[-–—+•*·]")
RECIPIENTS_HEAD = re.compile(r"^[ ]*+(?i:n[oơô][i1l])[ ]*+$")
RECIPIENTS_TAIL = re.compile(r"^[ ]*+(?i:nh[aâậ]n)[ ]*+:?")
# A numbered entry ("1. Như Điều 3;"): a bullet when the list counts 1, 2, 3 …
NUMBERED = re.compile(r"^(\d{1,2})[.)][ ]+(?=\S)")
# Entries run on one line, each after its own dash ("- Như trên; - Lưu: VT."): a flattened
# list, split where an entry closes and the next one's dash follows.
INLINE_NEXT = re.compile(r";[ ]*[-–+•][ ]+(?=\S)")


def _clean_recipient(s: str) -> str:
    s = SIDE_NOTE.sub("", s)
    s = BULLET.sub("", s).lstrip("“”\"'`‘’,.:;_ ")
    s = collapse_spaces(s).rstrip(" ;.,:")
    s = COPY_COUNT.sub("", s).rstrip(" ;.,:")
    return s


def _closes(entry: str) -> bool:
    """Whether an entry's text is closed: it ends with ";" or with a full stop that is not
    an abbreviation's ("- TT." / "HĐND tỉnh;", "- PCT." / "Nguyễn Văn An;" go on; "- Lưu:
    VT." is closed)."""
    s = entry.rstrip()
    if s.endswith(";"):
        return True
    if not s.endswith("."):
        return False
    last = s.split()[-1].rstrip(".")
    # "TT.", "PCT.", "PCTrg.": a short abbreviation with capitals, no Vietnamese syllable
    abbreviation = (last.isalpha() and len(last) <= 6 and any(c.isupper() for c in last)
                    and not is_syllable(last))
    return not abbreviation or _is_archive(s)


def _is_archive(entry: str) -> bool:
    """Whether the entry is the archive's, "Lưu: VT …" (the list's last)."""
    return bool(LUU.match(skeleton(BULLET.sub("", entry))))


def _codes_only(s: str) -> bool:
    """Whether every word of ``s`` is a code or an abbreviation ("DTTG, NHNNVN,", "VT,
    TH.", "CN (2)."), none a syllable such as a wrapped signature's "NHÂN DÂN"."""
    words = [w.strip(".,;:()") for w in s.split()]
    # a letter alone is a typist's initial ("VT, CN(2). y"), not a word
    return bool(words) and all(w and not is_syllable(w) for w in words
                               if not w.isdigit() and len(w) > 1)


def _archive_goes_on(entry: str, s: str) -> bool:
    """Whether ``s`` finishes the archive entry above it: "Lưu:" / "VT, TH.", or a short
    last piece closing it with a full stop ("- Lưu: VT, KT" / "(pvT).")."""
    head = BULLET.sub("", entry).rstrip()
    if not any(c.isalnum() for c in s):
        return False  # a table's cell separator "|"
    if not _is_archive(entry) or PREFIX_ALONE.match(skeleton(s)) \
            or (_is_upper_text(s) and not _codes_only(s)):
        return False  # "KT." / "DÂN" / "PHÓ CHỦ TỊCH": the signature column, not the archive
    if head.endswith((":", ",", "-", "&")) or LUU.fullmatch(skeleton(head)):
        return len(s.split()) <= 6 and not _looks_like_name(s.rstrip("."))
    return s.endswith(".") and len(s.split()) <= 3 and not _looks_like_name(s.rstrip("."))


def _dashed_name_goes_on(entry: str, line: str) -> bool:
    """Whether ``line``'s dash joins the two halves of a unit's name the open ``entry``
    began ("- Phòng Tài chính" / "- Kế hoạch huyện;": Phòng Tài chính - Kế hoạch).

    >>> _dashed_name_goes_on("- Phòng Tài chính", "- Kế hoạch huyện;")
    True
    >>> _dashed_name_goes_on("- Sở Tài chính", "- Sở Kế hoạch và Đầu tư;")
    False
    """
    head = fold(BULLET.sub("", entry).rstrip(" ,"))
    rest = fold(DASH.sub("", line, count=1).strip())
    return any(head.endswith(left) and rest.startswith(right) for left, right in dashed_names())


_GAP_AFTER = re.compile(r"[ ]*(?:\t| {3,})(?=\S)")


def _left_end(ln: _L, start: int) -> int:
    """Where the list's column ends on a line: at the tab that separates two columns
    typed with tabs ("- Như trên;<tab>KT. CHỦ TỊCH"), else at the line's end."""
    tab = column_tab(ln, start)
    return tab if tab >= 0 else len(ln.text)


def parse_recipients(lines: list[_L], text: Text) -> Optional[RecipientsPart]:
    """The "Nơi nhận:" list, one entry per bulleted line; wrapped lines are joined."""
    heading = None
    for ln in lines:  # the first list: the main document's (an appendix may follow)
        m = RECIPIENTS.search(ln.skel)
        if m and (m.start() <= 3 or ln.text[:m.start()].strip() == ""):
            heading = (ln, m)
            break
        if RECIPIENTS_HEAD.match(ln.skel) and ln.index + 1 < len(lines):
            # "Nơi" / "nhận:": the heading wrapped; the list starts after its second half
            tail = RECIPIENTS_TAIL.match(lines[ln.index + 1].skel)
            if tail:
                heading = (lines[ln.index + 1], tail)
                break
    if heading is None:
        heading = _recipients_without_heading(lines)
    if heading is None:
        return None
    ln, m = heading
    heading_span = (ln.start + m.start(), ln.start + m.end())
    entries: list[list] = []  # [text, start, end, closed]
    # "Nơi nhận:      KT. CHỦ TỊCH": what stands past a column gap is the signature's
    after = "" if _GAP_AFTER.match(ln.text, m.end()) else ln.text[m.end():_left_end(ln, m.end())]
    pending = [(ln, m.end(), _left_end(ln, m.end()))] if after.strip() else []
    blank_run = 0
    dash_alone = False
    counted = 0  # the number of the list's last numbered entry
    under_position = False  # the line above was the signature's position, read between entries
    cands = pending + [(c, 0, _left_end(c, 0))
                       for c in lines[ln.index + 1: ln.index + 1 + LIST_MAX_LINES]]

    def next_is_bulleted(k: int) -> bool:
        """Whether the list goes on with a bulleted entry after line ``k``: the signature
        block read between the entries is passed over, and so are the wrapped lines of an
        entry still open (no ";" or "." yet)."""
        piece_open = not _closes(cands[k][0].text[cands[k][1]:cands[k][2]])
        for cl2, a2, b2 in cands[k + 1:k + 1 + NEXT_ENTRY_LOOKAHEAD]:
            t = cl2.text[a2:b2].strip()
            if not t:
                continue
            if DASH.match(t) or LUU.match(skeleton(t)):
                return True
            if authority_in(t, skeleton(t)) or _is_signature_line(_strip_junk(t)) \
                    or _position_suffix(_strip_junk(t)):
                continue
            if not piece_open:
                return False
            piece_open = not _closes(t)
        return False

    for k, (cl, a, b) in enumerate(cands):
        seg = cl.text[a:b]
        if not seg.strip():
            blank_run += 1
            if entries and blank_run >= 2:
                break
            continue
        after_blank, blank_run = blank_run > 0, 0
        # the signature block may sit between entries (two columns read line by line):
        # its authority, position and name lines are skipped, not taken as the end
        am = authority_in(seg, skeleton(seg))
        if am:
            seg = seg[:am.start()]
            if not seg.strip():
                continue
        s = seg.strip()
        # OCR debris (stamps, signatures read as letters) is told by its implausible
        # words; typed text has none, and its codes and brands ("Website", "KTTH") stay.
        # A PDF's text layer may be a scanner's OCR: it is read as OCR is.
        ocr = text.source_at(cl.start) not in TYPED_SOURCES

        def plausible(t: str) -> float:
            return _plausible_share(t) if ocr else 1.0
        if LONE_DASH.fullmatch(s):
            dash_alone = True  # "-" / "Chính phủ;": the entry is on the next line
            continue
        # "Lưu: VT" is always an entry, even when OCR lost or mangled its dash ("“LƯU VT")
        bulleted = bool(DASH.match(s) or LUU.match(skeleton(s))) or dash_alone
        dash_alone = False
        numbered = NUMBERED.match(s)
        if numbered and int(numbered.group(1)) == counted + 1 and (counted or not entries):
            bulleted, counted = True, counted + 1
        # the list closes its entries with ";" (an open entry above it is then wrapped)
        semicolons = any(e[0].rstrip().endswith(";") for e in entries[:-1])
        if bulleted and not ocr and _GLUED_DASH.match(s) and entries and not entries[-1][3] \
                and any(_SPACED_DASH.match(e[0]) for e in entries) and semicolons:
            # "- Đảng ủy" / "-UBND phường;": a hyphen glued to the word inside an open entry
            # of a list whose bullets are followed by a space and whose entries end with ";"
            bulleted = False
        if bulleted and ocr:
            # "LƯU VT Lê Khắc Nam": the signer's name read across after a capitalised entry
            words = s.split()
            for n in (5, 4, 3):
                head_words = words[:-n]
                if head_words and _is_upper_text(" ".join(head_words)) and \
                        _looks_like_name(" ".join(words[-n:])):
                    s = " ".join(head_words)
                    break
        # the end of an entry wrapped onto its own line ("- Thường trực Hội KH huyện,
        # thành" / "phố;", "- Ủy ban TW MTTQ" / "Việt Nam;"): short, but the entry above is
        # still open and this piece starts in lower case or closes it
        open_above = bool(entries) and not entries[-1][3] and not _is_archive(entries[-1][0])
        wrapped_end = not bulleted and open_above and (
            (plausible(s) >= 0.5
             and (s[:1].islower() or s.endswith((";", "."))
                  or (entries[-1][0].rstrip().endswith((",", "&", "-")) and _codes_only(s))))
            # a closing piece of initials ("Tr.H.Kiên;") reads as no syllable
            or (s.endswith(";") and sum(c.isalpha() for c in s) >= 3))
        if not bulleted and entries and _archive_goes_on(entries[-1][0], s):
            wrapped_end = open_above = True  # "- Lưu: VT," / "KHTC." or "- Lưu:" / "VT, TH."
        if not bulleted and open_above and not wrapped_end and not ocr \
                and (semicolons or next_is_bulleted(k)) \
                and (not _is_upper_text(s) or _codes_only(s)):
            # typed text has no stamp debris: in a list that goes on, an open entry's next
            # line (not a position in capitals) is its next line, a name or a brand in it
            # included ("- PCT" / "Nguyễn Văn An (để b/c);", "Công ty …" / "Huawei")
            wrapped_end = True
        if not bulleted and not wrapped_end and (
                _is_signature_line(_strip_junk(s)) or plausible(s) < 0.5
                or _position_suffix(_strip_junk(s))):
            under_position = bool(_position_suffix(_strip_junk(s)))
            continue
        name = BULLET.sub("", s).strip()
        if bulleted and under_position and not name.endswith((";", ".")) and _known_person(name):
            continue  # "CHỦ TỊCH" / "- Nguyễn Văn An": the signature's stroke read as a dash
        under_position = False
        if not bulleted and not wrapped_end and (sum(c.isalpha() for c in s) < 4 or (
                entries and _is_upper_text(s) and len(s.split()) <= 3
                and (ocr or not _codes_only(s)))):
            continue  # a fragment of the signature column ("ĩ", "TỊCH", "CHU ƑC")
        if bulleted:
            # "- UVBCH Hội KH tỉnh; Vũ Mạnh Hiền": the right column read across after the
            # entry — a name, a position or OCR debris from the signature — is cut off
            parts = ENTRY_END.split(s, maxsplit=1)
            if len(parts) == 2:
                tail = _strip_junk(parts[1])
                if not tail or (ocr and (_is_signature_line(tail) or _name_suffix(tail))) \
                        or plausible(tail) < 0.75:
                    s = parts[0]
                    seg = seg[:seg.find(s) + len(s)]
            # "- CT; các PCT UBND TP; 3 TH": a last piece of two letters is debris
            pieces = s.split(";")
            while len(pieces) > 1 and sum(c.isalpha() for c in pieces[-1]) < 4:
                pieces.pop()
            if len(pieces) < len(s.split(";")):
                s = ";".join(pieces) + ";"
                seg = seg[:seg.find(pieces[0])] + s
        if plausible(BULLET.sub("", s)) < 0.5 and not wrapped_end:
            continue  # a stamp or a signature read as letters
        if bulleted and entries and not entries[-1][3] and _dashed_name_goes_on(entries[-1][0], s):
            bulleted, wrapped_end = False, True  # "- Phòng Tài chính" / "- Kế hoạch huyện;"
        if entries and not bulleted and entries[-1][3] and next_is_bulleted(k):
            bulleted = True  # an entry whose dash OCR lost, inside the list
        if entries and not bulleted:
            prev = entries[-1]
            # an open entry goes on over a line break wherever it fell ("- Cục Đầu tư …
            # miền" / "Trung (Bộ KH-ĐT);") when the list closes its entries with ";" or
            # goes on with a bulleted entry below
            goes_on = (s[0].islower() or prev[0].rstrip().endswith((",", "&", "-")) or wrapped_end
                       or (open_above and (semicolons or next_is_bulleted(k))))
            if _is_archive(prev[0]):
                goes_on = wrapped_end  # the archive entry ends the list: only its own codes
            if after_blank or prev[3] or not goes_on:
                break
            prev[0] += " " + s
            prev[2] = cl.start + a + len(seg.rstrip())
            prev[3] = _closes(prev[0])
            continue
        if not entries and not bulleted and _is_appendix_start(cl):
            break
        start = cl.start + a + (len(seg) - len(seg.lstrip()))
        end = cl.start + a + len(seg.rstrip())
        cut = 0
        for m_next in INLINE_NEXT.finditer(s) if DASH.match(s) or not entries else ():
            entries.append([s[cut:m_next.start() + 1], start + cut, start + m_next.start() + 1,
                            True])
            cut = m_next.end()
        entries.append([s[cut:], start + cut, end, _closes(s)])
        if s.rstrip().endswith(".") and _is_archive(s[cut:]):
            break  # "Lưu: VT." closes the list
        if len(entries) >= LIST_MAX_ENTRIES:
            break
    repairs: list[str] = []
    values: list[str] = []
    for e in entries:
        value = _clean_recipient(e[0])
        if value and text.source_at(e[1]) == "ocr":
            fixed = ARCHIVE_MISREAD.sub(r"\g<head>VT", value, count=1)
            if fixed != value:
                repairs.append(f"{value} -> {fixed}")
                value = fixed
        if value:
            values.append(value)
    prov = (text.provenance(entries[0][1], entries[-1][2], rule="noi_nhan_list", repairs=repairs)
            if entries else None)
    return RecipientsPart(heading_span=heading_span, line_index=ln.index,
                          entries=tuple(values), provenance=prov,
                          last_line_index=text.line_index_at(entries[-1][2] - 1) if entries
                          else None)

