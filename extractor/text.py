"""The normalised text model every loader produces and every parser reads.

A :class:`Text` is the document's full text (Unicode NFC, one ``\\n`` between lines, a
``\\f`` between pages) with its pages, lines and words, each carrying character offsets
into that full text and, where the loader knows it, a box on the page. Tables that a
loader found (ruled PDF tables, DOCX tables, grids rebuilt from OCR boxes) ride along
as :class:`Table` objects whose cells also point back into the text.

Loaders build a Text with :class:`TextBuilder`; parsers only read it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence

from vanban.extractor.normalize import nfc

# Look-alikes by another code point, one character for one (offsets and word boxes stay
# right): hyphens (Word's non-breaking hyphen U+2011, U+2010, the minus sign U+2212) are
# the hyphen, so "30/2020/NĐ‑CP" is "30/2020/NĐ-CP" to every parser; the Icelandic eth
# (Ð U+00D0, ð U+00F0) and the African D (Ɖ U+0189, ɖ U+0256), which fonts and old keyboard
# tables put for the Vietnamese Đ, are Đ/đ: no Vietnamese word holds them, and "QÐ-UBND"
# is "QĐ-UBND".
# Full-width forms (Số：12／QĐ, typed with an East Asian input method) are their ASCII.
_LOOKALIKES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-",
                             "\u00d0": "\u0110", "\u00f0": "\u0111",
                             "\u0189": "\u0110", "\u0256": "\u0111",
                             **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}})

# Characters with no glyph that a web copy or a word processor leaves inside words (zero
# width space and joiners, word joiner, a BOM inside the text, a soft hyphen mid-line):
# "1\u200b2/QĐ" is "12/QĐ". A soft hyphen ending a line is a PDF text layer's break hyphen
# and is kept for the parsers.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]|\u00ad(?!\\s|$)")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029]")


def line_breaks_to_newlines(text: str) -> str:
    return _LINE_BREAKS.sub("\n", text)


def _clean(s: str) -> str:
    return _INVISIBLE.sub("", nfc(s)).translate(_LOOKALIKES)


BBox = tuple[float, float, float, float]


def union_bbox(boxes: Sequence[Optional[BBox]]) -> Optional[BBox]:
    """The smallest box holding every given box (None when there is none).

    >>> union_bbox([(0, 0, 1, 1), None, (2, 3, 4, 5)])
    (0, 0, 4, 5)
    """
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (min(b[0] for b in real), min(b[1] for b in real),
            max(b[2] for b in real), max(b[3] for b in real))


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int
    bbox: Optional[BBox] = None
    conf: Optional[float] = None  # OCR confidence 0..100
    # read from handwriting (a number or day written into a printed blank), or the cue
    # word of such a blank left unread: a field over it is to be reviewed
    handwritten: bool = False


@dataclass(slots=True)
class WordBox:
    """A word as a loader sees it before the Text exists: text, box on the page, OCR
    confidence. Loaders (text layer, OCR, tables) and the layout stage pass lists of
    lines of these; :class:`TextBuilder` turns them into :class:`Word` with offsets."""

    text: str
    bbox: BBox
    conf: Optional[float] = None
    # OCR post-fixes applied to this word ("rule: before -> after", extractor.ocrfix): they
    # end up in the provenance of every item whose span covers the word
    repairs: tuple[str, ...] = ()
    handwritten: bool = False  # see Word.handwritten


@dataclass(slots=True)
class Line:
    start: int
    end: int
    page: int  # 1-based
    bbox: Optional[BBox] = None
    words: list[Word] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    start: int
    end: int
    source: str  # text_layer | ocr | docx | plain_text
    width: Optional[float] = None
    height: Optional[float] = None
    mean_conf: Optional[float] = None
    blank: bool = False  # found blank before OCR (a back page) and not read


@dataclass(slots=True)
class Cell:
    text: str
    start: int = -1  # offsets into Text.text when the cell text is found there, else -1
    end: int = -1
    bbox: Optional[BBox] = None


@dataclass(slots=True)
class Table:
    page: int
    rows: list[list[Cell]]
    bbox: Optional[BBox] = None
    source: str = "text_layer"  # text_layer | docx | ocr | plain_text

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass(slots=True)
class Text:
    text: str
    pages: list[Page]
    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    # OCR post-fixes as (start, end, "rule: before -> after"): the provenance of a span
    # lists those it covers
    repairs: list[tuple[int, int, str]] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list, repr=False)
    _page_starts: list[int] = field(default_factory=list, repr=False)
    _repairs_cache: Optional[tuple] = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._line_starts = [ln.start for ln in self.lines]
        self._page_starts = [page.start for page in self.pages]

    @classmethod
    def from_string(cls, text: str, source: str = "plain_text") -> "Text":
        """A one-page Text from a string; form feeds split pages, and every line break
        (``\\r\\n``, ``\\r``, U+2028, U+2029) ends a line."""
        builder = TextBuilder()
        text = line_breaks_to_newlines(nfc(text))
        for i, page_text in enumerate(text.split("\f")):
            builder.start_page(source=source)
            for line in page_text.split("\n"):
                builder.add_line(line)
        return builder.build()

    # -- lookups --------------------------------------------------------------
    def line_index_at(self, offset: int) -> int:
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return max(0, min(i, len(self.lines) - 1))

    def line_at(self, offset: int) -> Optional[Line]:
        return self.lines[self.line_index_at(offset)] if self.lines else None

    def line_text(self, line: Line) -> str:
        return self.text[line.start:line.end]

    def page_at(self, offset: int) -> int:
        """The number of the first page whose span holds ``offset`` (by bisection: a scan
        of the pages for every item was quadratic in a long document), else the last."""
        if len(self._page_starts) != len(self.pages):  # pages added after construction
            self._page_starts = [page.start for page in self.pages]
        k = bisect.bisect_right(self._page_starts, offset) - 1
        for page in self.pages[max(0, k - 1):k + 1]:  # the page before may end at offset
            if page.start <= offset <= page.end:
                return page.number
        return self.pages[-1].number if self.pages else 1

    def page_of(self, number: int) -> Optional[Page]:
        if 0 < number <= len(self.pages) and self.pages[number - 1].number == number:
            return self.pages[number - 1]  # pages are numbered 1, 2, … in order
        for page in self.pages:
            if page.number == number:
                return page
        return None

    def bbox_for(self, start: int, end: int) -> Optional[BBox]:
        """Union of the boxes of the words (else lines) overlapping [start, end)."""
        if not self.lines:
            return None
        boxes: list[Optional[BBox]] = []
        first, last = self.line_index_at(start), self.line_index_at(max(start, end - 1))
        for line in self.lines[first:last + 1]:
            if line.words:
                boxes.extend(w.bbox for w in line.words if w.start < end and w.end > start)
            elif line.bbox is not None and line.start < end and line.end >= start:
                boxes.append(line.bbox)
        return union_bbox(boxes)

    def source_at(self, offset: int) -> Optional[str]:
        page = self.page_of(self.page_at(offset))
        return page.source if page else None

    def provenance(self, start: int, end: int, *, inferred: bool = False,
                   rule: Optional[str] = None, score: Optional[float] = None,
                   repairs: Optional[list[str]] = None):
        """A :class:`models.Provenance` for the span [start, end); its repairs are
        ``repairs`` and the OCR post-fixes of the text it covers."""
        from vanban.models import Provenance

        found = list(repairs or [])
        found += [r for r in self.repairs_in(start, end) if r not in found]
        return Provenance(page=self.page_at(start), span=(start, end),
                          bbox=self.bbox_for(start, end), inferred=inferred,
                          source=self.source_at(start), rule=rule, score=score,
                          repairs=found)

    def repairs_in(self, start: int, end: int) -> list[str]:
        """The OCR post-fixes of the text in [start, end), each once, in text order.

        Repairs are kept in text order: only those starting before ``end`` and at most
        the longest repair's length before ``start`` are looked at (by bisection; a scan
        of every repair for every item was quadratic in a long OCR'd document)."""
        index = self._repair_index()
        if index is None:
            return list(dict.fromkeys(r for a, b, r in self.repairs if a < end and b > start))
        starts, longest = index
        hi = bisect.bisect_left(starts, end)
        lo = bisect.bisect_left(starts, start - longest, 0, hi)
        return list(dict.fromkeys(r for a, b, r in self.repairs[lo:hi] if b > start))

    def _repair_index(self):
        """(starts, longest span) when the repairs are in text order, else None."""
        cached = self._repairs_cache
        if cached is not None and cached[0] == len(self.repairs):
            return cached[1]
        starts = [a for a, _, _ in self.repairs]
        ordered = all(x <= y for x, y in zip(starts, starts[1:]))
        index = (starts, max((b - a for a, b, _ in self.repairs), default=0)) if ordered else None
        self._repairs_cache = (len(self.repairs), index)
        return index

    @property
    def source(self) -> str:
        kinds = {p.source for p in self.pages}
        if len(kinds) == 1:
            return kinds.pop()
        return "mixed" if kinds else "plain_text"


class TextBuilder:
    """Accumulates pages and lines, keeping offsets exact.

    Lines are joined by ``\\n``; pages by ``\\f`` (which also ends the last line of the
    previous page). Every string is NFC-normalised on the way in.
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self.pages: list[Page] = []
        self.lines: list[Line] = []
        self.tables: list[Table] = []
        self.repairs: list[tuple[int, int, str]] = []

    def _append(self, s: str) -> None:
        self._parts.append(s)
        self._len += len(s)

    @property
    def offset(self) -> int:
        return self._len

    def start_page(self, *, source: str, width: Optional[float] = None,
                   height: Optional[float] = None, number: Optional[int] = None) -> Page:
        if self.pages:
            self.pages[-1].end = self._len
            self._append("\f")
        page = Page(number=number or len(self.pages) + 1, start=self._len, end=self._len,
                    source=source, width=width, height=height)
        self.pages.append(page)
        self._page_has_line = False
        return page

    def add_line(self, text: str, *, bbox: Optional[BBox] = None,
                 words: Optional[Sequence[tuple]] = None) -> Line:
        """Add one line. ``words`` — (text, bbox, conf), (text, bbox, conf, repairs) or
        (text, bbox, conf, repairs, handwritten) — must spell the line with single spaces when given; their offsets are computed
        here, and their OCR repairs noted at them."""
        if not self.pages:
            self.start_page(source="plain_text")
        if self._page_has_line:
            self._append("\n")
        self._page_has_line = True
        start = self._len
        placed: list[Word] = []
        if words:
            pos = start
            pieces = []
            for wtext, wbox, wconf, *more in words:
                wtext = _clean(wtext)
                if not wtext:
                    continue  # nothing but invisible characters
                if pieces:
                    pieces.append(" ")
                    pos += 1
                placed.append(Word(wtext, pos, pos + len(wtext), wbox, wconf,
                                   bool(more[1]) if len(more) > 1 else False))
                if more and more[0]:
                    self.note_repairs(pos, pos + len(wtext), more[0])
                pieces.append(wtext)
                pos += len(wtext)
            text = "".join(pieces)
            if bbox is None:
                bbox = union_bbox([w[1] for w in words])
        else:
            text = _clean(text).replace("\n", " ").replace("\f", " ")
        self._append(text)
        line = Line(start=start, end=self._len, page=self.pages[-1].number, bbox=bbox,
                    words=placed)
        self.lines.append(line)
        self.pages[-1].end = self._len
        return line

    def add_table(self, table: Table) -> None:
        self.tables.append(table)

    def note_repairs(self, start: int, end: int, repairs: Sequence[str]) -> None:
        """Record OCR post-fixes applied to the text at [start, end)."""
        self.repairs.extend((start, end, r) for r in repairs)

    def build(self) -> Text:
        if self.pages:
            self.pages[-1].end = self._len
        return Text(text="".join(self._parts), pages=self.pages, lines=self.lines,
                    tables=self.tables, repairs=self.repairs)
