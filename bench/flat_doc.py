"""Rebuild a real document's layout from its flattened web text, and write it as DOCX and PDF.

The public legal-database pages of ``../shared/dev/text`` keep the document's HTML tables
as cells, one after another, each ended by a line holding only ``|``; ``**bold**`` and
``*italic*`` markdown stay, and lines are wrapped where the site's HTML source wrapped.
This module reads that structure back, with general rules only (nothing about a file):

* cells: the text between ``|`` lines;
* the header table: the non-empty cells up to the first one holding the place-date
  (``…, ngày … tháng …``) within the first ``HEADER_MAX_CELLS`` cells, read row by row as
  a two-column table (issuer | national title and motto; number, V/v | place-date);
* the signature table: a ``Nơi nhận:`` cell and the next non-empty cell, or a lone cell
  shaped like a signature block (an authority line first, a name last);
* the addressee row: a cell holding only ``Kính gửi:`` and the next non-empty cell;
* paragraphs: a cell's wrapped lines are joined back into paragraphs: a line goes on
  while a markdown span is open, or while it has no closing punctuation and the next line
  opens no span nor a list item, and goes on in lower case (or in capitals after a line
  in capitals); in the header and signature cells, whose lines are the printed lines,
  only an open span joins lines.

:func:`write_docx` sets the layout as Word does (borderless two-column tables, one
paragraph per paragraph); :func:`write_pdf` sets it as a born-digital PDF with a text
layer (fpdf2, DejaVu Serif Condensed): the header columns and the signature
block side by side, every paragraph wrapped at its column's width.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

HEADER_MAX_CELLS = 10
SIGNATURE_GAP_MM = 22
_PIPE = re.compile(r"^\s*\|\s*$")
_RULE = re.compile(r"^[\s*_]*[-_=]{3,}[\s*_]*$")
_MD = re.compile(r"\*\*|\*")
_HEADING_MARK = re.compile(r"^\s*#+\s*")
_PLACE_DATE = re.compile(r"ngày\s*[\d.…_ ]*\s*tháng", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:[-+•–]\s|[a-zđ]\)|\d+[.)]\s|[IVX]+\.\s|Điều\s+\d|Chương\s)")
_CLOSES = re.compile(r"[.;:!?]$")
_LABEL = re.compile(r"\w+\s?:")
_ADDRESSEE = re.compile(r"k[íi]nh\s+g[ửu]i\s*:", re.IGNORECASE)
_RECIPIENTS = re.compile(r"^\s*n[ơo]i\s+nh[ậa]n", re.IGNORECASE)
_AUTHORITY = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\s*\.", re.IGNORECASE)
_NAME = re.compile(r"^(?:[A-ZĐ\u00c0-\u1ef9][a-zđ\u00e0-\u1ef9]+\s+){1,5}[A-ZĐ\u00c0-\u1ef9][a-zđ\u00e0-\u1ef9]+$")


@dataclass
class Para:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Layout:
    """A document as laid out: header rows of (left, right) cells, then blocks, each a
    paragraph or a two-column row (the signature table)."""
    header: list[tuple[list[Para], list[Para]]] = field(default_factory=list)
    blocks: list = field(default_factory=list)  # Para | tuple[list[Para], list[Para]]


def cells(text: str) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in text.splitlines():
        if _PIPE.match(line):
            out.append([])
        else:
            out[-1].append(line)
    return out


def plain(line: str) -> str:
    return re.sub(r"\s+", " ", _MD.sub("", _HEADING_MARK.sub("", line))).strip()


def _empty(cell: list[str]) -> bool:
    return not any(plain(x) and not _RULE.match(x) for x in cell)


def paragraphs(cell: list[str], keep_lines: bool = False) -> list[Para]:
    """A cell's lines joined back into paragraphs (see the module's rules)."""
    out: list[Para] = []
    bold = italic = False
    joining = False
    for i, raw in enumerate(cell):
        line = _HEADING_MARK.sub("", raw).rstrip()
        if _RULE.match(line) or not plain(line):
            joining = False
            continue
        start_bold, start_italic = bold, italic
        opens_span = bool(re.match(r"\s*\*", line)) and not (bold or italic)
        for tok in _MD.findall(line):
            if tok == "**":
                bold = not bold
            else:
                italic = not italic
        text = plain(line)
        if joining and out and not opens_span:
            glue = "" if out[-1].text.endswith("-") and keep_lines else " "
            out[-1].text += glue + text
        else:
            first = re.match(r"\s*(\*\*|\*)?", line).group(1)
            out.append(Para(text, bold=start_bold or first == "**",
                            italic=start_italic or first == "*"))
        span_open = bold or italic
        closes_span = line.endswith("*") and not span_open
        nxt = cell[i + 1] if i + 1 < len(cell) else ""
        if span_open or (keep_lines and i + 1 < len(cell) and (
                _LABEL.fullmatch(text) or re.search(r"\w-$", text))):
            joining = True  # a label alone ("Số:"), a code cut after its hyphen ("QĐ-"):
            # the site's wraps, not lines of the document
        elif keep_lines or closes_span or _CLOSES.search(text):
            joining = False
        else:
            after = plain(nxt)
            # a wrapped sentence goes on in lower case; a title in capitals goes on in
            # capitals; a capital after a line of mixed case starts a paragraph
            goes_on = bool(after) and (not after[0].isupper() or
                                       (text.isupper() and after.isupper()))
            joining = goes_on and not _LIST_ITEM.match(after) and not nxt.lstrip().startswith("*")
    return out


def _looks_signature(cell: list[str]) -> bool:
    lines = [plain(x) for x in cell if plain(x) and not _RULE.match(x)]
    if not lines or len(lines) > 10:
        return False
    if _AUTHORITY.match(lines[0]):
        return True
    return len(lines) >= 2 and lines[0].isupper() and bool(_NAME.match(lines[-1]))


def read_layout(text: str) -> Layout:
    cs = cells(text)
    layout = Layout()
    end = -1
    for i, c in enumerate(cs[:HEADER_MAX_CELLS]):
        if _PLACE_DATE.search(" ".join(plain(x) for x in c)):
            end = i
            break
    if len(cs) > 1 and end >= 0:
        head = [c for c in cs[:end + 1] if not _empty(c)]
        for k in range(0, len(head), 2):
            left = paragraphs(head[k], keep_lines=True)
            right = paragraphs(head[k + 1], keep_lines=True) if k + 1 < len(head) else []
            if k + 1 >= len(head):  # an odd last cell is the right column's (the date)
                left, right = [], left
            layout.header.append((left, right))
    rest = cs[end + 1:]
    i = 0
    while i < len(rest):
        c = rest[i]
        if _empty(c):
            i += 1
            continue
        first = next(plain(x) for x in c if plain(x) and not _RULE.match(x))
        if _RECIPIENTS.match(first):
            j = i + 1
            while j < len(rest) and _empty(rest[j]):
                j += 1
            if j < len(rest) and _looks_signature(rest[j]):
                layout.blocks.append((paragraphs(c, keep_lines=True),
                                      paragraphs(rest[j], keep_lines=True)))
                i = j + 1
                continue
        if _looks_signature(c):
            layout.blocks.append(([], paragraphs(c, keep_lines=True)))
            i += 1
            continue
        if _ADDRESSEE.fullmatch(first) and len([x for x in c if plain(x)]) == 1:
            # "Kính gửi:" alone in its cell, the addressees in the next: a two-cell row
            j = i + 1
            while j < len(rest) and _empty(rest[j]):
                j += 1
            if j < len(rest):
                layout.blocks.append((paragraphs(c), paragraphs(rest[j])))
                i = j + 1
                continue
        layout.blocks.extend(paragraphs(c))
        i += 1
    return layout


# -- DOCX -----------------------------------------------------------------------------------

def _docx_cell(cell, paras: list[Para], size: float, left: bool = False,
               gap_before: Optional[int] = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    first = True
    for n, para in enumerate(paras):
        if n == gap_before:  # the space left for the signature: empty paragraphs, as typed
            for _ in range(3):
                cell.add_paragraph()
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(para.text)
        run.bold, run.italic, run.font.size = para.bold, para.italic, Pt(size)


def _docx_signature(doc, left: list[Para], right: list[Para], widths, size: float):
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    row = table.rows[0]
    row.cells[0].width, row.cells[1].width = widths
    _docx_cell(row.cells[0], left, size - 1, left=True)
    _docx_cell(row.cells[1], right, size, gap_before=len(right) - 1 if len(right) > 1 else None)
    return table


def is_addressee(block: tuple) -> bool:
    """Whether a two-cell row is "Kính gửi:" beside its addressees (else a signature)."""
    return bool(block[0]) and bool(_ADDRESSEE.fullmatch(block[0][0].text))


def _docx_addressee(doc, block: tuple, widths) -> None:
    """"Kính gửi:" flush right in a narrow cell, the addressees flush left beside it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    row = table.rows[0]
    for n, (cell, paras, width) in enumerate(zip(row.cells, block, widths)):
        cell.width = width
        for k, para in enumerate(paras):
            p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if n == 0 else WD_ALIGN_PARAGRAPH.LEFT
            run = p.add_run(para.text)
            run.bold, run.italic, run.font.size = para.bold, para.italic, Pt(13)


def _docx_tab_rows(doc, rows: list[tuple[list[Para], list[Para]]], size: float) -> None:
    """Two columns typed without a table: one paragraph per printed line, the left
    column's line, a tab, the right column's line (a right-column line alone starts with
    the tab)."""
    from docx.shared import Pt

    for left, right in rows:
        for n in range(max(len(left), len(right))):
            p = doc.add_paragraph()
            if n < len(left):
                run = p.add_run(left[n].text)
                run.bold, run.italic, run.font.size = left[n].bold, left[n].italic, Pt(size)
            if n < len(right) and right[n].text:
                p.add_run().add_tab()
                run = p.add_run(right[n].text)
                run.bold, run.italic, run.font.size = right[n].bold, right[n].italic, Pt(size)


def write_docx(layout: Layout, path: Path, tabs: bool = False) -> None:
    """``tabs``: the header and the signature block typed as tab-separated lines instead
    of tables (the other common way such documents are typed)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = docx.Document()
    widths = (Cm(6.5), Cm(9.5))
    if tabs:
        _docx_tab_rows(doc, layout.header, 13)
    elif layout.header:
        table = doc.add_table(rows=len(layout.header), cols=2)
        table.autofit = False
        for row, (left, right) in zip(table.rows, layout.header):
            for cell, paras, width in zip(row.cells, (left, right), widths):
                cell.width = width
                _docx_cell(cell, paras, 13)
    for block in layout.blocks:
        if isinstance(block, tuple) and is_addressee(block):
            if tabs:
                _docx_tab_rows(doc, [block], 13)
            else:
                _docx_addressee(doc, block, (Cm(3), Cm(13)))
            continue
        if isinstance(block, tuple):
            if tabs:  # the signer's name a few lines below the position, as typed
                right = block[1][:-1] + [Para("")] * 3 + block[1][-1:] if block[1] else []
                _docx_tab_rows(doc, [(block[0], right)], 12)
            else:
                _docx_signature(doc, block[0], block[1], (Cm(8), Cm(8)), 12)
            continue
        p = doc.add_paragraph()
        if block.bold and block.text.isupper():
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        run = p.add_run(block.text)
        run.bold, run.italic, run.font.size = block.bold, block.italic, Pt(13)
    doc.save(str(path))


# -- PDF ------------------------------------------------------------------------------------

# DejaVu Serif Condensed sets about as many words on a line as Times New Roman, the font of
# real documents (Liberation Serif, Times' metric twin, lacks Vietnamese letters in the
# versions Debian ships).
FONTS = [("/usr/share/fonts/truetype/dejavu", family,
          {"": "", "B": "-Bold", "I": "-Italic", "BI": "-BoldItalic"})
         for family in ("DejaVuSerifCondensed", "DejaVuSerif")]


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    for folder, family, styles in FONTS:
        if all((Path(folder) / f"{family}{suffix}.ttf").is_file() for suffix in styles.values()):
            for style, suffix in styles.items():
                pdf.add_font("body", style, f"{folder}/{family}{suffix}.ttf")
            return pdf
    raise RuntimeError("DejaVu Serif is not installed (Debian: fonts-dejavu-core)")


def _style(para: Para) -> str:
    return ("B" if para.bold else "") + ("I" if para.italic else "")


def _column(pdf, paras: list[Para], x: float, y: float, width: float, size: float,
            rule_after: Optional[int] = None, dry: bool = False, align: str = "C",
            gap_before: Optional[int] = None) -> float:
    """Set paragraphs in a column from ``y``; returns the y below them. ``gap_before``:
    the paragraph (the signer's name) that follows the space left for the signature."""
    for n, para in enumerate(paras):
        pdf.set_font("body", _style(para), size)
        if n == gap_before:
            y += SIGNATURE_GAP_MM
        if dry:
            y += pdf.multi_cell(width, size * 0.45, para.text, align=align, dry_run=True,
                                output="HEIGHT")
        else:
            pdf.set_xy(x, y)
            pdf.multi_cell(width, size * 0.45, para.text, align=align)
            y = pdf.get_y()
            if rule_after == n:
                pdf.line(x + width * 0.35, y + 0.8, x + width * 0.65, y + 0.8)
                y += 1.5
    return y


def _pdf_row(pdf, left: list[Para], right: list[Para], widths: tuple[float, float],
             size: float, rules: bool = False, signature: bool = False,
             addressee: bool = False) -> None:
    x0 = pdf.l_margin
    # the recipients are set small and flush left; the signer's name after a gap;
    # "Kính gửi:" flush right beside its addressees flush left
    left_kw = {"align": "L", "size": size - 1.5} if signature else {"size": size}
    right_kw = {"gap_before": len(right) - 1} if signature and len(right) > 1 else {}
    if addressee:
        left_kw, right_kw = {"align": "R", "size": size}, {"align": "L"}
    need = max(_column(pdf, left, x0, 0, widths[0], dry=True, **left_kw),
               _column(pdf, right, x0, 0, widths[1], size, dry=True, **right_kw))
    if pdf.get_y() + need > pdf.h - pdf.b_margin and need < pdf.h / 2:
        pdf.add_page()
    top = pdf.get_y()
    auto = pdf.auto_page_break
    pdf.set_auto_page_break(False)
    y1 = _column(pdf, left, x0, top, widths[0],
                 rule_after=(len(left) - 1) if rules else None, **left_kw)
    y2 = _column(pdf, right, x0 + widths[0], top, widths[1], size,
                 rule_after=(min(1, len(right) - 1)) if rules else None, **right_kw)
    pdf.set_auto_page_break(auto, margin=20)
    pdf.set_xy(x0, max(y1, y2) + 2)


def _signature_stamp(pdf, layout: Layout) -> None:
    """The text of an e-government digital signature's stamp in the page's top margin,
    above the national title, as signing systems print it on born-digital documents."""
    body = " ".join(p.text for p in layout.header[0][0]) if layout.header else "CƠ QUAN"
    body = body.capitalize()  # the stamp names the body in running text, not capitals
    lines = [f"Người ký: {body}", "Email: vanthu@example.gov.vn", f"Cơ quan: {body}",
             "Thời gian ký: 20.11.2025 10:12:13 +07:00"]
    pdf.set_font("body", "", 7)
    for n, line in enumerate(lines):
        pdf.set_xy(pdf.w - pdf.r_margin - 75, 4 + 3.2 * n)
        pdf.cell(75, 3.2, line)
    pdf.set_xy(pdf.l_margin, pdf.t_margin)


def write_pdf(layout: Layout, path: Path, tight: bool = False, signed: bool = False) -> None:
    """``tight``: the header set at 14 pt in a 35 % left column, so that both columns
    wrap (the national title over two lines, the issuer word by word). ``signed``: a
    digital signature's stamp text above the header."""
    pdf = _pdf()
    pdf.add_page()
    if signed:
        _signature_stamp(pdf, layout)
    text_width = pdf.w - pdf.l_margin - pdf.r_margin
    share, size = (0.35, 14) if tight else (0.4, 12)
    header_widths = (text_width * share, text_width * (1 - share))
    for n, (left, right) in enumerate(layout.header):
        _pdf_row(pdf, left, right, header_widths, size, rules=(n == 0))
    for block in layout.blocks:
        if isinstance(block, tuple) and is_addressee(block):
            _pdf_row(pdf, block[0], block[1], (text_width * 0.2, text_width * 0.8), 13,
                     addressee=True)
            continue
        if isinstance(block, tuple):
            _pdf_row(pdf, block[0], block[1], (text_width * 0.45, text_width * 0.55), 12,
                     signature=True)
            continue
        pdf.set_font("body", _style(block), 13)
        pdf.set_x(pdf.l_margin)
        centred = block.bold and block.text.isupper()
        pdf.multi_cell(text_width, 6.2, block.text, align="C" if centred else "J")
        pdf.ln(1)
    pdf.output(str(path))
