"""The number line, "Số: 01/KH-HKH": number, symbol and canonical code.

"Số:" may stand alone on its line with the code on the next, and a code may wrap after a
hyphen (given by a PDF text layer as a soft hyphen, U+00AD or U+FFFE)."""
from __future__ import annotations

import re
from typing import Optional

from vanban.extractor.parsers.header.lines import (_L, _line_of, _zone_skeleton, column_only,
                                                   column_pieces)
from vanban.extractor.parsers.header.model import NumberPart
from vanban.extractor.parsers.header.patterns import (NUMBER_BLANK, NUMBER_LINE, NUMBER_SMUDGED,
                                               OCR_DIGITS, SPACES, SYMBOL_JOINERS)
from vanban.extractor.text import Text


def clean_symbol(raw: str) -> str:
    """The symbol as written without spaces or line breaks; a soft hyphen is a hyphen.

    >>> clean_symbol("KH\\u00ad\\nUBND"), clean_symbol("KH-\\n UBND"), clean_symbol("NQ - HĐND")
    ('KH-UBND', 'KH-UBND', 'NQ-HĐND')
    """
    s = SPACES.sub("", raw.translate(SYMBOL_JOINERS))
    while "--" in s:
        s = s.replace("--", "-")
    return s


# A symbol too long for its narrow column is broken by the layout inside a part, with no
# hyphen ("5095/SGDĐT-CTTTHSS" / "V"): a line of one to three capitals or digits alone
# under a symbol that ends its line is the symbol's end. Only in typed text: on a scan such
# a line is as likely a stamp ("ĐẾN") or a mark read as letters.
_CHAR_WRAPPED = re.compile(r"\n[ ]*([A-Z0-9]{1,3})[ ]*(?=\n|$)")
_TYPED = frozenset({"text_layer", "plain_text", "docx"})


def _char_wrapped_end(skel: str, end: int, source: Optional[str]) -> int:
    """Where the symbol ending at ``end`` of the zone's skeleton really ends (a stamp's
    "ĐẾN" line is page furniture, blanked in the skeleton already)."""
    m = _CHAR_WRAPPED.match(skel, end) if source in _TYPED else None
    return m.end(1) if m else end


def parse_number(head: list[_L], text: Text, taken: Optional[dict] = None
                 ) -> Optional[NumberPart]:
    """The first number line of the header zone ``head``, else None; the spans in
    ``taken`` (the national title and motto) are read as blank: a text export may put
    them between "Số: 542" and "/TB-UBND"."""
    base, skel = _zone_skeleton(head, text, taken)
    m = NUMBER_LINE.search(skel)
    # the left column alone, when it reads on further: "Số:" or "Số: 1/QĐ-" beside the
    # place-date line, the rest on the next line
    left = NUMBER_LINE.search(column_only(head, base, skel, "left"))
    left_only = left is not None and (m is None or (left.start() == m.start()
                                                     and left.end("sym") > m.end("sym")))
    if left_only:
        m = left
    if m:
        def at(k: int) -> int:
            return base + k  # zone offset -> text offset
        num = m.group("num")
        sym_end = _char_wrapped_end(skel, m.end("sym"), text.source_at(at(m.end("sym"))))
        sym_span = (at(m.start("sym")), at(sym_end))
        pieces = column_pieces(head, *sym_span, "left") if left_only else [sym_span]
        sym = clean_symbol("".join(text.text[a:b] for a, b in pieces).replace("\n", ""))
        repairs = []
        if num:
            fixed = num.translate(OCR_DIGITS)
            if fixed != num:
                repairs.append(f"{num} -> {fixed}")
            num = fixed
        year = m.group("year")
        code = None
        if num:
            code = f"{num}/{year}/{sym}" if year else f"{num}{clean_symbol(m.group('sep'))}{sym}"
        span = (at(m.start()), at(sym_end))
        return NumberPart(
            number=num or None, symbol=sym, code=code, year=year, span=span,
            line_index=_line_of(head, span[0]).index,
            taken=tuple(column_pieces(head, *span, "left")) if left_only else (),
            number_provenance=text.provenance(at(m.start("num")), at(m.end("num")),
                                              rule="so_line", repairs=repairs) if num else None,
            code_provenance=text.provenance(at(m.start("num")), span[1],
                                            rule="so_line") if num else None,
            symbol_provenance=text.provenance(at(m.start("sym")), span[1], rule="so_line"))
    m = NUMBER_SMUDGED.search(skel)
    if m:
        # the number is there but unreadable (handwriting, a stamp): its digits are kept
        # only when nothing else but one mark is read with them, and flagged either way
        smudge = text.text[base + m.start("smudge"):base + m.end("smudge")]
        core = smudge.strip(" :;.,")
        digits = "".join(c for c in core if c.isdigit())
        # "04+": a mark after clean digits; a mark before them may hide a digit ("Ø2")
        number = core[:len(digits)] if core[:len(digits)].isdigit() and 0 < len(digits) <= 6 \
            and len(core) - len(digits) <= 1 else None
        sym = clean_symbol(text.text[base + m.start("sym"):base + m.end("sym")])
        span = (base + m.start(), base + m.end())
        return NumberPart(
            number=number, symbol=sym, code=f"{number}/{sym}" if number else None, year=None,
            span=span, line_index=_line_of(head, span[0]).index,
            number_provenance=text.provenance(base + m.start("smudge"), base + m.end("smudge"),
                                              rule="so_line_unreadable") if number else None,
            code_provenance=None,
            symbol_provenance=text.provenance(base + m.start("sym"), span[1], rule="so_line"),
            unreadable=core or "?")
    for ln in head:
        m = NUMBER_BLANK.search(ln.skel)
        if m and len(ln.text.strip()) <= 40:
            span = (ln.start + m.start(), ln.start + m.end())
            return NumberPart(number=None, symbol=None, code=None, year=None, span=span,
                              line_index=ln.index)
    return None
