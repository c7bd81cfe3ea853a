"""The signature block: authority lines (TM., KT., TL., TUQ., Q.; Party T/M, K/T), each
possibly wrapped ("TM. ỦY BAN" / "NHÂN DÂN"), the position under them and the signer's name
(possibly broken over two lines) — the block of this document, not of an attachment."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from vanban.extractor import vocab
from vanban.extractor.normalize import collapse_spaces
from vanban.extractor.ocrfix import known_surnames, lookalike_surname, restore_surname
from vanban.extractor.parsers.header.columns import (cut_authority, position_wrapped, right_column,
                                                     signature_column)
from vanban.extractor.parsers.header.endmatter import (_extends_authority, _is_appendix_start,
                                                       _looks_like_name, _name_below, _name_suffix,
                                                       _position_suffix, _strip_junk,
                                                       _wrapped_name, authority_in, authority_kind,
                                                       names_its_body, position_with_unit,
                                                       strip_name_title)
from vanban.extractor.parsers.header.lines import (_L, _is_upper_text, _match_position,
                                                   _starts_with_phrase, column_tab, skeleton)
from vanban.extractor.parsers.header.joint import has_joint_row, joint_halves, unprefixed_halves
from vanban.extractor.parsers.header.model import SignerPart
from vanban.extractor.parsers.header.patterns import (AUTHORITY, AUTHORITY_PREFIX, DASH, ENTRY_END,
                                                      PREFIX_ALONE)
from vanban.extractor.parsers.header.recase import recase
from vanban.extractor.parsers.header.sign_lines import unwrap_block
from vanban.extractor.text import Text
from vanban.models import Signer

# Lines around "Nơi nhận" searched for the signature block.
SIGNATURE_BEFORE, SIGNATURE_AFTER = 14, 40
# ... and at least this many lines past the list's last entry.
SIGNATURE_AFTER_LIST = 20
# Non-blank lines from the first authority line to the signer's name, at most.
SIGNATURE_BLOCK_LINES = 16


def parse_signer(lines: list[_L], rec_idx: Optional[int], text: Text,
                 rec_last: Optional[int] = None, body_from: int = 0) -> Optional[SignerPart]:
    """Authority line(s), position and name of the signature block, which sits beside,
    before or after "Nơi nhận" (``rec_idx``; ``rec_last``: the line of its last entry) —
    or at the end of the body when there is no list (an appendix starts after the line
    ``body_from``: the title "QUY ĐỊNH VỀ …" under "NGHỊ QUYẾT" opens none)."""
    if rec_idx is not None:
        # a long list, or one wrapped line by line, may push the block far below its heading
        after = max(rec_idx + SIGNATURE_AFTER, (rec_last or 0) + SIGNATURE_AFTER_LIST)
        lo, hi = max(0, rec_idx - SIGNATURE_BEFORE), min(len(lines), after)
    else:
        body_end = len(lines)
        for ln in lines[max(len(lines) // 3, body_from):]:
            if _is_appendix_start(ln):
                body_end = ln.index
                break
        lo, hi = max(0, body_end - 25), body_end
    window = lines[lo:hi]
    start_i = None
    for i, ln in enumerate(window):
        if start_i is None and i > 0 and ln.index > (rec_idx or 0) and _is_appendix_start(ln):
            break
        nxt = window[i + 1].text if i + 1 < len(window) else ""
        if _authority_in(ln) or _authority_wrapped(ln, window[i + 1:i + 4]) or (
                PREFIX_ALONE.match(ln.skel) and _is_upper_text(nxt)) or (
                cut_authority(ln, window[i + 1] if i + 1 < len(window) else None)):
            start_i = i
            break
    stand_alone = start_i is None
    candidates = [ln for ln in (window[start_i:] if not stand_alone else window) if not ln.blank]
    if not stand_alone and rec_idx is not None and rec_last is not None \
            and window[start_i].index == rec_idx:
        # "Nơi nhận: TL. CHỦ TỊCH" read across, the list under it, the rest of the block
        # after the list: the list's own lines are passed over
        candidates = [ln for ln in candidates
                      if not rec_idx < ln.index <= rec_last or not _pure_entry(ln)]
    # the rows as written: unwrap_block would re-cut two blocks read across as one chain
    rows = candidates[:SIGNATURE_BLOCK_LINES]
    joint = not stand_alone and has_joint_row(rows)
    # laid out with spaces beside the recipients: the signature column read alone, its
    # wrapped lines re-cut as when the block stands by itself
    column = None if stand_alone or joint else signature_column(candidates)
    block = unwrap_block(candidates if stand_alone else rows if column is None
                         else column[:SIGNATURE_BLOCK_LINES], text)
    halves = unprefixed_halves(candidates) if stand_alone \
        else joint_halves(rows) if joint else None
    if halves is not None:
        # a joint document: the lead issuer's signer stands on the right by the usual layout
        left, right = (_read_block(unwrap_block(h, text), stand_alone) for h in halves)
        if all((r.authorities or stand_alone) and r.position and r.name for r in (left, right)):
            lead, other = _signer_of(right, text), _signer_of(left, text)
            return SignerPart(signer=lead.signer, name_provenance=lead.name_provenance,
                              co_signers=(other.signer,))
    read = _read_block(block, stand_alone)
    if not read.authorities and read.position is None and read.name is None \
            and rec_idx is not None:
        return _name_alone(window, rec_idx, text)
    if not read.authorities and (read.position is None or read.name is None):
        return None  # a lone capitalised position without a name is not a signature block
    part = _signer_of(read, text)
    return replace(part, joint_unread=True) if joint else part


@dataclass
class _BlockRead:
    """What one signature block says, with the spans it was read from."""

    authorities: list[tuple[str, int, int]]
    position: Optional[str]
    pos_span: Optional[tuple[int, int]]
    name: Optional[str]
    name_span: Optional[tuple[int, int]]


def _read_block(block: list[_L], stand_alone: bool) -> _BlockRead:
    """The authority lines, position and name of one block, top to bottom."""
    authorities: list[tuple[str, int, int]] = []
    position = None
    pos_span = None
    name = None
    name_span = None
    pos_k = -2
    skip: set[int] = set()
    continued = False  # the block's line above ended with a comma: this one goes on
    headed = ""  # the line of a position with the unit it heads, as written
    for k_, ln in enumerate(block):
        k = k_
        if k in skip:
            continue
        if _is_appendix_start(ln) and (authorities or position):
            break
        m = _authority_in(ln)
        if m and not name:
            # a chain of authority on one line ("TM. UBND XÃ KT. CHỦ TỊCH"): one each; the
            # inner one opens with a position ("… KHU KT DUNG QUẤT" is a body's name)
            inner = _inner_authority(ln, m)
            while inner is not None:
                outer = ln.text[m.start("body"):inner.start()].strip()
                authorities.append((f"{authority_kind(ln.text, m)}. {_authority_case(outer)}",
                                    ln.start + m.start(), ln.start + inner.start()))
                m, inner = inner, _inner_authority(ln, inner)
            prefix = authority_kind(ln.text, m)
            body = ln.text[m.start("body"):].strip()
            begin, end = ln.start + m.start(), ln.start + len(ln.text.rstrip())
        elif not name and (cut := cut_authority(ln, block[k + 1] if k + 1 < len(block)
                                                else None)) is not None:
            # "Nơi nhận:      TM. ỦY" / "- Như trên;      BAN NHÂN DÂN": an authority in the
            # right column wrapped beside the recipients
            (prefix, begin, body), k = cut, k + 1
            skip.add(k)
            body = f"{body} {right_column(block[k])}".strip()
            end = block[k].start + len(block[k].text.rstrip())
        else:
            prefix = None
        if prefix is not None:
            # "TM. ỦY BAN" / "NHÂN DÂN", "T/M BỘ CHÍNH" / "TRỊ": the body wrapped
            # "KT. GIÁM ĐỐC" / "SỞ TÀI CHÍNH": the body named on a line of its own
            while k + 1 < len(block) and (
                    _extends_authority(body, nxt := right_column(block[k + 1]))
                    or names_its_body(body, nxt)):
                k += 1
                body = f"{body} {right_column(block[k])}"
                end = block[k].start + len(block[k].text.rstrip())
                skip.add(k)
            authorities.append((f"{prefix}. {_authority_case(body)}", begin, end))
            continue
        seg = ln.text.strip()
        if column_tab(ln) >= 0:
            seg = right_column(ln)
            if not seg:
                continue
        elif DASH.match(seg):
            # the right column read across: keep the part after a recipient entry
            parts = ENTRY_END.split(seg, maxsplit=1)
            rest = DASH.sub("", seg, count=1).strip()
            if position is not None and k == pos_k + 1 and _is_full_name(rest):
                seg = rest  # the signature's stroke read as a dash before the name below
            elif len(parts) < 2 or not parts[1].strip():
                continue
            else:
                seg = parts[1].strip()
        seg = _strip_junk(seg)
        if not seg:
            continue
        if continued and _is_upper_text(seg):
            # "TRƯỞNG BAN BAN CHÍNH SÁCH," / "THUẾ QUỐC TẾ": a line in capitals after a
            # comma goes on with the position above it; it is not the signer's name
            continued = seg.endswith((",", "-", "–"))
            longer = position_with_unit(f"{headed} {seg}") if headed and pos_k == k - 1 else None
            if longer:
                headed, position, pos_k = f"{headed} {seg}", longer, k
                off = ln.text.find(seg)
                pos_span = (pos_span[0], ln.start + off + len(seg))
            continue
        # only a line of the block in capitals goes on below it: a body or recipient line
        # ending with a comma above a lone position does not
        continued = bool(authorities or position or stand_alone) and _is_upper_text(seg) \
            and seg.endswith((",", "-", "–"))
        if position is None and (authorities or stand_alone):
            wrapped = position_wrapped(seg, block[k + 1] if k + 1 < len(block) else None)
            if wrapped is not None:
                # "- Như trên;      PHÓ" / "- Lưu: VT.      CHỦ TỊCH": the position wrapped
                # in the right column, beside the recipients
                position, pos_k = wrapped, k + 1
                skip.add(k + 1)
                nxt_ln = block[k + 1]
                pos_span = (ln.start + ln.text.find(seg), nxt_ln.start + len(nxt_ln.text.rstrip()))
                continue
            pos_seg = _position_suffix(seg.rstrip(",-– "), whole=stand_alone)
            if pos_seg:
                position, pos_text = pos_seg
                pos_k = k
                off = ln.text.rfind(pos_text)
                pos_span = (ln.start + off, ln.start + off + len(pos_text))
                continue
            unit = position_with_unit(seg) if authorities or (
                stand_alone and k + 1 < len(block)
                and _looks_like_name(strip_name_title(block[k + 1].text.strip(" *")))) else None
            if stand_alone and not unit:
                continue  # alone, a title naming its unit must stand right above a name
            if unit:
                position, pos_k, headed = unit, k, seg
                off = ln.text.find(seg)
                pos_span = (ln.start + off, ln.start + off + len(seg))
                continue
        if authorities or position:
            seg = strip_name_title(seg)
            name_text = _name_suffix(seg)
            if name_text and name_text.isupper() and _name_below(block[k + 1:k + 3]):
                continue  # a position in capitals OCR damaged ("PHÔ GHỦ HỊCH"), the name below
            nxt_words = block[k + 1].text.split() if k + 1 < len(block) else []
            if name_text is None or len(name_text.split()) <= 2 or len(nxt_words) == 1:
                # "Trần" / "Chí Hùng", "Nguyễn Quỳnh" / "Thiện": a name wrapped
                joined = _wrapped_name(seg, block[k + 1:k + 5])
                if joined:
                    name_text, ln2 = joined
                    name = collapse_spaces(name_text)
                    if name.isupper():
                        name = " ".join(w[:1] + w[1:].lower() for w in name.split())
                    off = ln.text.rfind(seg.split()[0])
                    nxt = ln2.text.rstrip()
                    name_span = (ln.start + off, ln2.start + len(nxt))
                    break
            if name_text:
                name = collapse_spaces(name_text.strip(" .,;:"))
                if name.isupper():
                    name = " ".join(w[:1] + w[1:].lower() for w in name.split())
                off = ln.text.rfind(name_text)
                name_span = (ln.start + off, ln.start + off + len(name_text))
                break
    return _BlockRead(authorities, position, pos_span, name, name_span)


def _signer_of(read: _BlockRead, text: Text) -> SignerPart:
    authorities, position, name = read.authorities, read.position, read.name
    if position is None and authorities:
        # "TM. BAN CHẤP HÀNH" + "CHỦ TỊCH" is the usual case; with only "KT. CHỦ TỊCH" the
        # signer is a deputy whose title is not written: leave it null. "Q. GIÁM ĐỐC" alone
        # is the signer's own title (NĐ 30/2020: a deputy given the head's powers writes
        # "Q." before the head's position): acting director, "Quyền Giám đốc".
        last = authorities[-1][0]
        pos_in = _match_position(last.split(". ", 1)[-1])
        if pos_in and last.startswith("Q. "):
            position = f"Quyền {pos_in}"
        elif pos_in and not last.startswith(("KT", "Q", "TL", "TUQ")):
            position = pos_in
    spans = [(a, b) for _, a, b in authorities] + [s for s in (read.pos_span, read.name_span) if s]
    start, end = min(s[0] for s in spans), max(s[1] for s in spans)
    auth = "; ".join(a for a, _, _ in authorities) or None
    name_provenance = text.provenance(*read.name_span, rule="signature_block") \
        if read.name_span else None
    if name and name_provenance is not None:
        # "Iê" for "Lê" in any source (a transcribed text has OCR's confusions too); on
        # OCR, tesseract also loses the marks of bold surnames ("Nguyễn" read "Nguyên")
        name, fixes = lookalike_surname(name)
        if name_provenance.source == "ocr":
            name, more = restore_surname(name)
            fixes += more
        name_provenance.repairs.extend(f"{r.before} -> {r.after}" for r in fixes)
    signer = Signer(name=name, position=position, authority=auth,
                    provenance=text.provenance(start, end, rule="signature_block"))
    return SignerPart(signer=signer, name_provenance=name_provenance)


def _inner_authority(ln: _L, m: re.Match) -> Optional[re.Match]:
    """A second authority inside the body of ``m`` on the same line, opening with a
    position ("KT. CHỦ TỊCH" after "TM. UBND XÃ")."""
    for inner in AUTHORITY_PREFIX.finditer(ln.skel, m.start("body") + 1):
        found = AUTHORITY.match(ln.skel, inner.start())
        if found and _match_position(ln.text[found.start("body"):].strip()):
            return found
    return None


def _pure_entry(ln: _L) -> bool:
    """A recipient's line with nothing read across after it: it ends as an entry does
    (";", "." or a wrapped entry's ","; a name read across ends with a letter: "LƯU VT Lê
    Khắc Nam"), with no column gap, not in capitals (a position), not indented far (the
    block's own line laid out with spaces)."""
    s = ln.text.strip()
    return s.endswith((";", ".", ",")) and column_tab(ln) < 0 and not _is_upper_text(s) \
        and len(ln.raw) - len(ln.raw.lstrip()) < 8


def _authority_in(ln: _L) -> Optional[re.Match]:
    """The authority on a line of the block, right of a tab column when there is one."""
    return authority_in(ln.text, ln.skel, column_tab(ln) + 1)


def _authority_wrapped(ln: _L, following: list[_L]) -> bool:
    """An authority whose body is cut short at the line's end ("TM. ỦY" / "BAN NHÂN" /
    "DÂN"): the prefix opens the line and its body goes on in the lines below, in capitals.
    """
    m = AUTHORITY.match(ln.skel.lstrip(" |*"))
    if not m:
        return False
    body = ln.text.lstrip(" |*")[m.start("body"):]
    more = ""
    for nxt in following:
        if not _is_upper_text(nxt.text):
            break
        more = f"{more} {nxt.text.strip(' *')}".strip()
        if _extends_authority(body, more):
            return True
    return False


def _authority_case(body: str) -> str:
    """An authority's body in proper case: a position it opens with in the vocabulary's
    case ("BỘ TRƯỞNG, CHỦ NHIỆM" → "Bộ trưởng, Chủ nhiệm"; OCR's "CHỦ TICH" → "Chủ
    tịch"), a body's name re-cased."""
    as_position = _match_position(body)
    if as_position and len(body.split()) == len(as_position.split()):
        return as_position
    words = body.split()
    if body.isascii():
        # OCR lost every mark ("UY BAN NHAN DAN"): a known body is written as the
        # vocabulary writes it
        known = _unmarked_body(words)
        if known is not None:
            phrase, n = known
            return " ".join([phrase] + ([recase(" ".join(words[n:]))] if words[n:] else []))
    hit = _starts_with_phrase(words, vocab.positions())
    if hit is None or hit[1] == len(words):
        return recase(body)
    phrase, n = hit
    tail = words[n - 1][len(words[n - 1].rstrip(",;:-–")):]  # the comma after the position
    return f"{phrase}{tail} {recase(' '.join(words[n:]))}"


@lru_cache(maxsize=1)
def _unmarked_bodies() -> tuple[dict[tuple[str, ...], str], int]:
    """The issuing bodies by their words without marks, lower case ("uy", "ban", …), and
    the most words one has."""
    keys = {tuple(skeleton(b).lower().split()): b for b in vocab.issuer_bodies()}
    return keys, max(len(k) for k in keys)


def _unmarked_body(words: list[str]) -> Optional[tuple[str, int]]:
    """(body, words it takes) of the longest known body ``words`` open with, marks aside.

    >>> _unmarked_body("UY BAN NHAN DAN TINH".split())
    ('Ủy ban nhân dân', 4)
    """
    keys, longest = _unmarked_bodies()
    bare = tuple(skeleton(w).lower().strip(",") for w in words[:longest])
    for n in range(len(bare), 0, -1):
        hit = keys.get(bare[:n])
        if hit is not None:
            return hit, n
    return None


def _is_full_name(s: str) -> bool:
    """A personal name in mixed case whose first word is a known surname ("Trần Ngọc
    Căng"): strict enough to stand without a position above it."""
    words = s.split()
    return (bool(_name_suffix(s) == s) and not s.isupper() and len(words) >= 2
            and restore_surname(s)[0].split()[0] in known_surnames())


def _name_alone(window: list[_L], rec_idx: int, text: Text) -> Optional[SignerPart]:
    """The signer's name when the seal hid the authority and position lines: the last line
    of the signature side, after "Nơi nhận", that is a full personal name. Its position is
    left null (the assembler flags the block as incomplete)."""
    tail = [ln for ln in window if ln.index > rec_idx and not ln.blank]
    if not tail:
        return None
    last = tail[-1]
    seg = _strip_junk(last.text.strip())
    if not _is_full_name(seg):
        return None
    off = last.text.rfind(seg)
    span = (last.start + off, last.start + off + len(seg))
    provenance = text.provenance(*span, rule="signature_name_alone")
    name = collapse_spaces(seg)
    if provenance.source == "ocr":
        name, fixes = restore_surname(name)
        provenance.repairs.extend(f"{r.before} -> {r.after}" for r in fixes)
    signer = Signer(name=name, position=None, authority=None,
                    provenance=text.provenance(*span, rule="signature_name_alone"))
    return SignerPart(signer=signer, name_provenance=provenance)

