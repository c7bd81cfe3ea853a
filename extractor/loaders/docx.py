"""DOCX with python-docx, in reading order.

The body is walked element by element so paragraphs and tables stay interleaved as
written. Two kinds of table:

* layout tables — the two-column header ("HỘI KHUYẾN HỌC / Số: …" | "CỘNG HÒA … / …,
  ngày …") and the signature block ("Nơi nhận:" | "TM. …") are tables of one or two
  rows and at most three columns: emitted cell by cell, left column first, one line per
  paragraph, as a reader (and the seeds' .txt) has them;
* data tables — everything else: one line per row, cells joined by TAB, line breaks
  inside a cell become spaces. ``extractor.loaders.tables.tables_from_docx`` builds the
  :class:`~extractor.text.Table` objects.

Text boxes (``w:txbxContent``, often used for headers) are read after their anchor
paragraph; the fallback copy Word stores for old readers is skipped. The section header
part is read only when the body lacks the document's header block (no "Số" line nor
national title near the top). DOCX has no geometry: lines carry no boxes.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from vanban.extractor.errors import CorruptFileError, NoTextError
from vanban.extractor.legacy import convert_in_font
from vanban.extractor.loaders import Loaded, finish_tables
from vanban.extractor.normalize import fold, strip_accents
from vanban.extractor.text import TextBuilder
from vanban.models import ExtractOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
LAYOUT_MAX_ROWS = 2
LAYOUT_MAX_COLS = 3
# How many body lines to look through for the header block.
HEADER_SCAN_LINES = 25
HEADER_BLOCK = re.compile(r"^\s*(?:so\s*:|cong hoa xa hoi)", re.IGNORECASE)
_PAGES = re.compile(rb"<Pages>(\d+)</Pages>")


def _run_text(t_el) -> str:
    """A ``w:t``'s text, converted to Unicode when its run is set in a legacy font."""
    text = t_el.text or ""
    run = t_el.getparent()
    fonts = run.find(f"{W}rPr/{W}rFonts") if run is not None else None
    if not text or fonts is None:
        return text
    converted = convert_in_font(text, fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi") or "")
    return text if converted is None else converted


def _own_runs_text(p_el) -> list[str]:
    """Paragraph lines excluding any text box content nested in its runs."""
    parts: list[str] = []
    stack = [p_el]
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag == f"{W}txbxContent" or tag == MC_FALLBACK:
            continue
        if tag == f"{W}t":
            parts.append(_run_text(node))
        elif tag == f"{W}tab" and node.getparent() is not None and \
                node.getparent().tag == f"{W}r":
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        stack.extend(reversed(list(node)))
    return "".join(parts).split("\n")


def _text_boxes(p_el) -> list:
    """``w:txbxContent`` elements inside a paragraph, the old-reader fallback skipped."""
    boxes = []
    for box in p_el.iter(f"{W}txbxContent"):
        ancestor = box.getparent()
        skip = False
        while ancestor is not None and ancestor is not p_el:
            if ancestor.tag == MC_FALLBACK:
                skip = True
                break
            ancestor = ancestor.getparent()
        if not skip:
            boxes.append(box)
    return boxes


def _cells(tbl_el) -> list[list]:
    """Rows of ``w:tc`` elements of a table (a cell merged across columns counts once)."""
    return [[tc for tc in tr.iterchildren(f"{W}tc")] for tr in tbl_el.iterchildren(f"{W}tr")]


def _block_lines(el) -> list[str]:
    """Lines of a body-level element (paragraph, table, content control)."""
    tag = el.tag
    if tag == f"{W}p":
        lines = _own_runs_text(el)
        for box in _text_boxes(el):
            for p in box.iter(f"{W}p"):
                lines.extend(_own_runs_text(p))
        return lines
    if tag == f"{W}tbl":
        return _table_lines(el)
    if tag == f"{W}sdt":
        content = el.find(f"{W}sdtContent")
        out: list[str] = []
        for child in (content if content is not None else []):
            out.extend(_block_lines(child))
        return out
    return []


def _cell_lines(tc) -> list[str]:
    out: list[str] = []
    for child in tc:
        out.extend(_block_lines(child))
    return out


def _table_lines(tbl_el) -> list[str]:
    rows = _cells(tbl_el)
    if not rows:
        return []
    n_cols = max(len(r) for r in rows)
    if len(rows) <= LAYOUT_MAX_ROWS and n_cols <= LAYOUT_MAX_COLS:
        out: list[str] = []
        for col in range(n_cols):
            for row in rows:
                if col < len(row):
                    out.extend(_cell_lines(row[col]))
        return out
    lines = []
    for row in rows:
        cells = [" ".join(x.strip() for x in _cell_lines(tc) if x.strip()) for tc in row]
        lines.append("\t".join(cells))
    return lines


def _page_count(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as zf:
            m = _PAGES.search(zf.read("docProps/app.xml"))
            return max(1, int(m.group(1))) if m else 1
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return 1


def load_docx(path: Path, options: ExtractOptions) -> Loaded:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    from vanban.extractor.loaders.limits import check_docx

    check_docx(path, options)  # part sizes and no DTD, before anything is inflated
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CorruptFileError(f"is not a readable DOCX ({detail})", path=path) from None
    body_lines: list[str] = []
    for el in document.element.body.iterchildren():
        body_lines.extend(_block_lines(el))
    warnings: list[str] = []
    head = [strip_accents(fold(x)) for x in body_lines[:HEADER_SCAN_LINES]]
    if not any(HEADER_BLOCK.match(x) for x in head):
        header_lines: list[str] = []
        for section in document.sections[:1]:
            for el in section.header._element.iterchildren():
                header_lines.extend(_block_lines(el))
        if any(x.strip() for x in header_lines):
            body_lines = header_lines + body_lines
    from vanban.extractor.legacy import repair_legacy_text

    # runs set in a legacy font by a style, not by their own properties: the lines that
    # read as legacy mojibake are converted (a Unicode line is left as it is)
    body_lines = [repair_legacy_text(line) for line in body_lines]
    builder = TextBuilder()
    builder.start_page(source="docx")
    for line in body_lines:
        builder.add_line(line.replace("\u00a0", " ").rstrip())
    from vanban.extractor.loaders.tables import tables_from_docx

    for table in tables_from_docx(document):
        builder.add_table(table)
    text = finish_tables(builder).build()
    if not text.text.strip():
        raise NoTextError("has no text in its body", path=path)
    if options.pages is not None:
        warnings.append("--pages is ignored for DOCX (it has no fixed pages)")
    return Loaded(text=text, media_type="application/vnd.openxmlformats-officedocument."
                  "wordprocessingml.document", pages=_page_count(path), warnings=warnings)
