"""Timetable rows from tables and from task lists under time headings.

One door in: :func:`parse_timetable` ``(Text, ParseContext) -> list[TimetableRow]``.
Rows come from three places, read in this order:

1. **Tables the loader found** (``text.tables``: ruled PDF tables, DOCX tables, grids
   rebuilt from OCR boxes). A table is a timetable when its header row maps, by meaning,
   to a task column and at least one of due / owners / lead / partners
   (:func:`map_header`: rapidfuzz against the wordings of ``data/timetable.toml``).
   A table continued on the next page (header repeated or absent) goes on, and a row cut
   by the page break is joined to the row it continues.
2. **Text tables in the lines**: a header line whose cells are separated by TABs (or runs
   of 2+ spaces) and maps to timetable columns, then one row per line starting with a row
   number; a row may run on over the next lines (a cell with line breaks in it). A row
   whose task was already read from (1) is not counted twice.
3. **Task lists under a time heading** (``2.1. Nhiệm vụ quý I``, ``Tháng 9:``,
   ``6 tháng cuối năm``): every bullet until the next heading is a row due in that period,
   ``source="section"``, no number, owners or lead. A deadline written inside the bullet
   (``trước ngày 15/11/2023``, ``từ ngày 10/8 đến 10/9/2023``, ``trong tháng 12``) beats the
   heading's period; dates of cited documents (``Kế hoạch số 186/KH-UBND ngày …``) and
   mentions of other periods (``kết quả quý I``) do not.

``start``/``end`` come from :func:`extractor.parsers.dates.parse_due` with the document's
year for dates written without one (:func:`due_bounds`: a month beside a quarter wins).
Owners are split on ``;`` and line breaks (never on commas: ``Đ/c Đông – VP,
Tiên-LĐTBXH`` is one entry). On scans, header cells are matched loosely (doubled or
half-read words), columns OCR could not name are inferred from their cells, and Roman
quarter numerals misread by OCR (``Quý IH/2021``) are repaired, each repair recorded in
the row's ``provenance.repairs``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rapidfuzz import fuzz, process

from vanban.extractor.normalize import collapse_spaces, fold
from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.dates import (find_dates, half_bounds, month_bounds, parse_due,
                                     quarter_bounds)
from vanban.extractor.text import BBox, Cell, Table, Text, union_bbox
from vanban.models import Provenance, TimetableRow

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "timetable.toml"
MEANINGS = ("seq", "task", "due", "owners", "lead", "partners", "ignore")


def header_key(cell: str) -> str:
    """The comparison key of a header cell: folded, no spaces around slashes, no end
    punctuation (``Đơn vị/ cá nhân thực hiện:`` == ``đơn vị/cá nhân thực hiện``)."""
    # fold works word by word (tone marks move to the word's end), so split at slashes
    # first: "vị/cá" and "vị/ cá" must give the same key
    return fold(re.sub(r"\s*/\s*", " / ", cell)).replace(" / ", "/").strip(" .:")


def load_vocabulary(path: Path = DATA_FILE) -> dict:
    """The timetable vocabulary (``data/timetable.toml``), checked: every meaning is known
    and every wording is a non-empty string listed once."""
    from vanban.extractor.vocab import load_toml, read_toml  # the one loader of the data files

    data = load_toml(DATA_FILE.name) if path == DATA_FILE else read_toml(path)
    columns = data["columns"]
    unknown = set(columns) - set(MEANINGS)
    if unknown:
        raise ValueError(f"{path.name}: unknown column meanings {sorted(unknown)}")
    seen: dict[str, str] = {}
    for meaning, names in columns.items():
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"{path.name}: empty wording under {meaning}")
            key = header_key(name)
            if key in seen:
                raise ValueError(f"{path.name}: {name!r} listed under {seen[key]} and {meaning}")
            seen[key] = meaning
    return data


VOCAB = load_vocabulary()
_MIN_SCORE = float(VOCAB["match"]["min_score"])
_MIN_OTHERS = int(VOCAB["match"]["min_other_columns"])
# folded wording -> meaning; the keys are what header cells are compared with
_WORDINGS: dict[str, str] = {
    _key: meaning
    for meaning, names in VOCAB["columns"].items()
    for _key in (header_key(n) for n in names)
}


# the wordings as rapidfuzz's choices, longest first (with their words) for the loose
# matches of column_meaning: built once here, not at every header cell
_WORDING_KEYS = tuple(_WORDINGS)
_WORDINGS_LONGEST = tuple((w, w.split()) for w in sorted(_WORDINGS, key=len, reverse=True))
_WORDING_WORDS = tuple((w.split(), m) for w, m in _WORDINGS.items())


# ----------------------------------------------------------------------------- patterns
def _alternation(words) -> str:
    """Regex alternation of folded vocabulary words, longest first (so ``nhiệm vụ trọng
    tâm`` is tried before ``nhiệm vụ``), spaces matching any run of spaces."""
    keys = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keys)


_H = VOCAB["headings"]
# Outline numbering before a heading or an item: "2.1.", "2.", "II.", "a)", "b."
# (a bare number is not numbering: "2023 gửi về …" is a wrapped line, not a heading)
_NUMBERING = r"(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[ivxlc]+\.|[a-zđ][.)])"
_YEAR = r"(?:\s*(?:/|-|năm)\s*(?P<{name}>\d{{4}}))?"
_PERIOD = rf"""
    (?:(?:{_alternation(_H['quarter'])})\s+(?P<quarter>[ivxht1l|]{{1,4}}|\d)\b{_YEAR.format(name='qyear')}
     | (?:{_alternation(_H['month'])})\s+(?P<month>\d{{1,2}})\b{_YEAR.format(name='myear')}
     | (?P<half>{_alternation(_H['half'])})(?:\s+(?P<hyear>\d{{4}}))?
    )"""
# A line that is only a time heading (matched on the folded line).
HEADING = re.compile(rf"""
    ^\s*(?P<num>{_NUMBERING})?\s*
    (?P<label>(?:(?:{_alternation(_H['prefixes'])})\s+)?{_PERIOD})
    \s*[:.]?\s*$""", re.X)
_NUMBERED = re.compile(rf"^\s*(?P<num>{_NUMBERING})\s+\S", re.I)


@lru_cache(maxsize=1)
def _bare_table() -> list:
    """For str.translate: a Latin letter with diacritics → its base letter, a combining
    mark (U+0300–U+036F) → deleted, anything else kept."""
    table: list = list(range(0x1F00))
    for cp in range(0xC0, 0x1F00):
        decomposed = unicodedata.normalize("NFD", chr(cp))
        if decomposed != chr(cp) and decomposed[0].isascii():
            table[cp] = decomposed[0]
    for cp in range(0x300, 0x370):
        table[cp] = None
    return table


def _bare(s: str) -> str:
    """Lower case, no diacritics: ``Quý`` → ``quy``."""
    return s.translate(_bare_table()).casefold()


# A heading names its period with one of these words (bare; of a half-year phrase, its
# longest word, which it cannot do without): a line without any cannot be one, and is not
# folded for HEADING (folding every line cost most of the section reader). Folding keeps
# a word's letters and their order, so a folded word is in the folded line only if its
# bare form is in the bare line.
_PERIOD_WORDS = tuple(sorted({max((_bare(w) for w in phrase.split()), key=len)
                              for phrase in (*_H["quarter"], *_H["month"], *_H["half"])}))
_BULLET = re.compile(r"^\s*(?:[-–—•+*·▪●○◦]|\d+[.)]|[a-zđ][.)])\s*", re.I)
_DASH_BULLET = re.compile(r"^\s*[-–—•+*·▪●○◦]\s*")
_STOP = re.compile(r"^\s*(?:nơi nhận|trên đây là|tm\.|kt\.|tl\.|q\.|tuq\.)", re.I)
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
# A line whose task follows its own time label: "- Tháng 9/2023: Tổ chức …" (the label is
# checked by parse_heading; the separator is a colon or a spaced dash)
_INLINE_SPLIT = re.compile(r"^(?P<label>[^:–—]{3,60}?)\s*(?::|\s[-–—]\s)\s*(?P<task>\S.*)$")
# A row number as written in a TT cell: 1, 1., 12), I, II., a)
SEQ = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,2})*|[IVXLC]{1,6}|[a-zđ])\s*[.)]?\s*$", re.I)
_ROMAN_SEQ = re.compile(r"^\s*[IVXLC]{1,6}\s*[.)]?\s*$")
# Separators of a text table: TAB, or (for space-aligned text) a run of 2+ spaces.
_TAB = re.compile(r"\t")
_SPACES = re.compile(r" {2,}")
# The date of a cited document ("… số 186/KH-UBND ngày"), not a deadline.
_CITATION_BEFORE = re.compile(r"\d+\s*/\s*[\w&Đđ.\-/]*[A-ZĐ][\w&Đđ.\-/]*\s*,?\s*(?:ngày\s*)?$")
# A quarter numeral as OCR may read it, before "/year" or " năm": "Quý IH/2021", "QuýII1"
_OCR_QUARTER = re.compile(r"(?P<word>\b[Qq]u[ýy])\s*(?P<num>[IVHTl1|!]{1,4})(?=\s*[/⁄-]|\s+năm)")
# A date glued to the next word by OCR ("02/10/2022đến"): a space goes back in.
_OCR_GLUED = re.compile(r"(?<=\d)(?=[^\W\d_])")
# Owners: split on ';' and line breaks, then trim list marks and end punctuation.
_OWNER_SPLIT = re.compile(r"\s*[;\n]\s*")
_OWNER_TRIM = " \t-–—•+*.,;:"


# ----------------------------------------------------------------------------- headers
def column_meaning(header: str) -> tuple[Optional[str], float]:
    """The meaning of one header cell and the match score (0..100).

    >>> column_meaning("Thời gian\\nhoàn thành")
    ('due', 100.0)
    >>> column_meaning("Xây dựng kế hoạch")[0] is None
    True
    """
    key = header_key(header)
    if not key:
        return None, 0.0
    best = process.extractOne(key, _WORDING_KEYS, scorer=fuzz.ratio)
    if best is not None and best[1] >= _MIN_SCORE:
        return _WORDINGS[best[0]], float(best[1])
    # OCR may double or garble a few words of a bold header ("Nội ội dung công ông việc"):
    # accept the longest wording whose words are all there, in a cell not much longer
    tokens = key.split()
    token_set = set(tokens)
    for wording, words in _WORDINGS_LONGEST:
        if len(words) >= 2 and set(words) <= token_set and len(tokens) <= 2 * len(words):
            return _WORDINGS[wording], float(_MIN_SCORE)
    # ... or lose the second line of a two-line header ("Đơn vị/ cá nhân" [thực hiện]):
    # accept the start of wordings that all mean the same
    if len(tokens) >= 2:
        meanings = {m for w, m in _WORDING_WORDS
                    if w[:len(tokens)] == tokens and len(tokens) * 2 >= len(w)}
        if len(meanings) == 1:
            return meanings.pop(), float(_MIN_SCORE)
    return None, float(best[1]) if best else 0.0


def map_header(cells: list[str]) -> Optional[dict[str, int]]:
    """Column index by meaning for a header row, or None when the row is not a timetable
    header (no task column, or fewer than ``min_other_columns`` of due/owners/lead/
    partners). Each meaning goes to its best-scoring cell."""
    best: dict[str, tuple[float, int]] = {}
    for i, cell in enumerate(cells):
        meaning, score = column_meaning(cell)
        if meaning and meaning != "ignore" and (meaning not in best or score > best[meaning][0]):
            best[meaning] = (score, i)
    columns = {meaning: i for meaning, (_, i) in best.items()}
    others = sum(1 for m in ("due", "owners", "lead", "partners") if m in columns)
    if "task" not in columns or others < _MIN_OTHERS:
        return None
    return columns


# ----------------------------------------------------------------------------- rows
@dataclass
class _RawRow:
    """One row before normalisation: cell texts by meaning (line breaks kept) and where
    the row is."""

    cells: dict[str, str]
    source: str  # "table" | "section"
    start: int = -1
    end: int = -1
    page: Optional[int] = None
    bbox: Optional[BBox] = None
    rule: str = ""
    # section rows: (due_text, dates) where dates(year) -> (start, end)
    due_override: Optional[tuple] = None
    extra: dict = field(default_factory=dict)


def split_owners(cell: str) -> list[str]:
    """Owners of a cell: split on ``;`` and line breaks, never on commas.

    >>> split_owners("Đ/c Đăng – VHTT, Thanh – ĐTT; Các nhà trường.")
    ['Đ/c Đăng – VHTT, Thanh – ĐTT', 'Các nhà trường']
    >>> split_owners("  ")
    []
    """
    out = []
    for part in _OWNER_SPLIT.split(cell or ""):
        part = collapse_spaces(part).strip(_OWNER_TRIM)
        if part:
            out.append(part)
    return out


def _clean(cell: Optional[str]) -> Optional[str]:
    value = collapse_spaces(cell or "").strip(" ;")
    return value or None


def _seq(cell: Optional[str]) -> Optional[str]:
    value = collapse_spaces(cell or "").rstrip(".)").strip()
    return value or None


def _provenance(text: Text, raw: _RawRow) -> Provenance:
    if raw.start >= 0:
        prov = text.provenance(raw.start, raw.end, rule=raw.rule)
        if raw.bbox is not None and prov.page == raw.page:
            prov.bbox = raw.bbox  # the row's box beats the box of the task words alone
        return prov
    return Provenance(page=raw.page, bbox=raw.bbox, rule=raw.rule,
                      source=(text.page_of(raw.page).source
                              if raw.page and text.page_of(raw.page) else None))


def _to_row(raw: _RawRow, text: Text, ctx: ParseContext) -> Optional[TimetableRow]:
    task = _clean(_DASH_BULLET.sub("", raw.cells.get("task") or ""))
    if not task:
        return None
    repairs: list[str] = list(raw.extra.get("repairs", []))
    if raw.due_override is not None:
        due_text, dates = raw.due_override
    else:
        due_text = _clean(raw.cells.get("due"))
        if due_text and raw.rule.endswith(".ocr"):
            due_text, repairs = repair_ocr_due(due_text)

        def dates(year, due_text=due_text):
            return due_bounds(due_text, year) if due_text else (None, None)
    start, end = plan_dates(due_text, dates, ctx)
    provenance = _provenance(text, raw)
    # the OCR post-fixes of every cell of the row (the span is the task's), then this
    # parser's own repairs of the due text
    covered = text.repairs_in(*raw.extra["cells"]) if "cells" in raw.extra else []
    provenance.repairs = list(dict.fromkeys(provenance.repairs + covered + repairs))
    return TimetableRow(
        seq=_seq(raw.cells.get("seq")), task=task, due_text=due_text, start=start, end=end,
        owners=split_owners(raw.cells.get("owners") or ""),
        lead=_clean(raw.cells.get("lead")),
        partners=split_owners(raw.cells.get("partners") or ""),
        source=raw.source, provenance=provenance)


_YEAR_WRITTEN = re.compile(r"\b(?:19|20)\d\d\b")
# how far before the issue date a yearless deadline may fall and still be read as written
_ROLLOVER_SLACK = timedelta(days=31)


def plan_dates(due_text: Optional[str], dates, ctx: ParseContext):
    """(start, end) of a due text through ``dates(year)``, in the document's year — or the
    next one when no year is written and the document's year would put the deadline well
    before the document itself: a school-year plan issued in August schedules ``Tháng 1``
    in January of the next year, not of the year gone by."""
    start, end = dates(ctx.year)
    if (end is not None and ctx.issue_date is not None and ctx.year is not None
            and due_text and not _YEAR_WRITTEN.search(due_text)
            and end < ctx.issue_date - _ROLLOVER_SLACK):
        later = dates(ctx.year + 1)
        if later[1] is not None:
            return later
    return start, end


def due_bounds(due_text: str, year: Optional[int]):
    """(start, end) of a due cell: :func:`parse_due`, except that a month written beside a
    quarter always wins (``Quý III/2021 (Tháng 9)``), even when OCR damaged the quarter's
    numeral so that the two disagree — the month's digits are the surer reading.

    >>> [str(d) for d in due_bounds("Quý II/2021 (Tháng 9)", None)]
    ['2021-09-01', '2021-09-30']
    """
    spans = [d for d in find_dates(due_text, default_year=year) if not d.invalid]
    kinds = [d.kind for d in spans]
    if "quarter" in kinds and "month" in kinds and "day" not in kinds and "range" not in kinds:
        month = next(d for d in spans if d.kind == "month")
        if month.start is not None:
            return month.start, month.end
    return parse_due(due_text, default_year=year)


_QUARTERS = ("I", "II", "III", "IV")


def ocr_quarter_numeral(read: str) -> Optional[str]:
    """The quarter numeral (I..IV) OCR read as ``read``, or None: ``l``/``1``/``|``/``!``/
    ``T`` are one stroke; ``H`` is two strokes joined (``IH`` → III), or one stroke with
    noise when two would give more than IV (``HII`` → III), or a smudge (``lIIH`` → III).

    >>> [ocr_quarter_numeral(x) for x in ("IH", "HII", "lIIH", "1I", "TV", "IV", "IIIII", "X")]
    ['III', 'III', 'III', 'II', 'IV', 'IV', None, None]
    """
    base = re.sub(r"[l1|!T]", "I", read.upper().replace("L", "I"))
    for h in ("II", "I", ""):  # H as two strokes, one, or a smudge
        numeral = base.replace("H", h)
        if numeral in _QUARTERS:
            return numeral
    return None


def repair_ocr_due(due_text: str) -> tuple[str, list[str]]:
    """OCR repairs of a due cell: a quarter's Roman numeral misread (``Quý IH/2021`` →
    ``Quý III/2021``, see :func:`ocr_quarter_numeral`; kept only when the result is a
    quarter 1..4) and a date glued to the next word (``02/10/2022đến`` → ``02/10/2022
    đến``). Returns the text and the repairs as ``from -> to``.

    >>> repair_ocr_due("QuýIH/2021")
    ('Quý III/2021', ['QuýIH -> Quý III'])
    >>> repair_ocr_due("Quý IV/2021")
    ('Quý IV/2021', [])
    """
    repairs: list[str] = []

    def fix(m: re.Match) -> str:
        numeral = ocr_quarter_numeral(m.group("num"))
        new = f"{m.group('word')} {numeral}"
        if numeral is None or new == m.group(0):
            return m.group(0)
        repairs.append(f"{m.group(0)} -> {new}")
        return new

    fixed = _OCR_QUARTER.sub(fix, due_text)
    unglued = _OCR_GLUED.sub(" ", fixed)
    if unglued != fixed:
        repairs.append(f"{fixed} -> {unglued}")
    return unglued, repairs


# ----------------------------------------------------------------------------- (1) tables
def _locate(text: Text, cell: str, after: int) -> tuple[int, int]:
    """Where a cell's text is in the full text (searching from ``after``), spaces and
    line breaks matched loosely; (-1, -1) when it is not there."""
    words = cell.split()
    # In a PDF text layer the cells of a row are interleaved line by line, so only the
    # first words of a cell are contiguous: try 8, then 4, then 2 of them.
    for n in (8, 4, 2):
        if len(words) < n and n != 2:
            continue
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words[:n]))
        m = pattern.search(text.text, max(0, after))
        if m:
            return m.start(), m.end()
    return -1, -1


def _is_group_row(cells: dict[str, str]) -> bool:
    """A heading row inside a table (``I | Công tác tuyên truyền`` with nothing else)."""
    filled = [k for k in ("due", "owners", "lead", "partners") if (cells.get(k) or "").strip()]
    return not filled and bool(_ROMAN_SEQ.match(cells.get("seq") or ""))


@dataclass
class _Columns:
    """The header of the timetable being read, carried over to its continuation pages."""

    columns: dict[str, int]
    header: list[str]  # folded header cells, to recognise a repeated header
    ncols: int
    page: int
    source: str


def _header_of(table: Table, previous: Optional[_Columns]) -> tuple[Optional[_Columns], int]:
    """The table's own header (and the index of its first body row), else the previous
    table's when this one continues it on the next page with as many columns."""
    grid = table.texts()
    for i, row in enumerate(grid[:3]):
        columns = map_header(row)
        if columns:
            _infer_columns(columns, grid[i + 1:])
            return _Columns(columns, [fold(c) for c in row], max(len(r) for r in grid),
                            table.page, table.source), i + 1
    if previous is not None and table.source == previous.source \
            and table.page == previous.page + 1 and grid and len(grid[0]) == previous.ncols:
        return previous, 0
    return None, 0


def _infer_columns(columns: dict[str, int], body: list[list[str]]) -> None:
    """Give a meaning to header cells OCR could not read, from the body: a column left of
    the task whose cells are mostly row numbers is ``seq``; a column whose cells mostly
    hold a date is ``due``."""
    taken = set(columns.values())

    def share(j: int, test) -> float:
        values = [r[j] for r in body if j < len(r) and r[j].strip()]
        return sum(1 for v in values if test(v)) / len(values) if len(values) >= 2 else 0.0

    width = max((len(r) for r in body), default=0)
    if "seq" not in columns:
        for j in range(columns["task"]):
            if j not in taken and share(j, SEQ.match) >= 0.6:
                columns["seq"] = j
                taken.add(j)
                break
    if "due" not in columns:
        for j in range(width):
            if j not in taken and share(j, lambda v: bool(find_dates(v))) >= 0.6:
                columns["due"] = j
                break


def _repeats_header(texts: list[str], columns: dict[str, int]) -> bool:
    """A body row that is the header again, read differently (OCR): at least two of its
    cells name the meaning of their own column."""
    hits = sum(1 for meaning, i in columns.items()
               if i < len(texts) and column_meaning(texts[i])[0] == meaning)
    return hits >= 2


def _rows_from_tables(tables: list[Table], text: Text) -> list[_RawRow]:
    """Rows of every timetable among the loader's tables, in order. A table continued on
    the next page (header repeated, or none) goes on; a row cut by the page break (its
    second half has no number) is joined to the row it continues. A row holding only a
    time heading (``Quý I``, ``Tháng 9``) gives its period to the following rows that have
    no time of their own."""
    rows: list[_RawRow] = []
    current: Optional[_Columns] = None
    cursor = 0
    group_due: Optional[str] = None  # a row holding only a time heading dates the next rows
    for table in tables:
        current, body_from = _header_of(table, current)
        if current is None:
            continue
        current.page = table.page
        columns = current.columns
        if body_from:  # a new timetable (not a continuation): no time group yet
            group_due = None
        first_of_table = len(rows)
        for cells_row, texts in zip(table.rows[body_from:], table.texts()[body_from:]):
            texts = texts + [""] * (current.ncols - len(texts))
            if [fold(c) for c in texts[:len(current.header)]] == current.header \
                    or _repeats_header(texts, columns):
                continue  # header repeated on a continued page
            if all(re.fullmatch(r"\s*\(?\d{1,2}\)?\s*", c or "") for c in texts):
                continue  # column numbering row "(1) (2) (3)"
            cells = {m: texts[i] for m, i in columns.items() if i < len(texts)}
            filled = [t for k, t in enumerate(texts)  # (a Roman group number aside)
                      if t.strip() and not (k == columns.get("seq") and _ROMAN_SEQ.match(t))]
            if len(filled) == 1 and parse_heading(filled[0], None) is not None:
                group_due = parse_heading(filled[0], None).label  # "Quý I" over its rows
                continue
            if _is_group_row(cells):
                continue
            if group_due and not (cells.get("due") or "").strip():
                cells["due"] = group_due
            row_box = union_bbox([c.bbox for c in cells_row])
            if rows and "seq" in columns and not (cells.get("seq") or "").strip() \
                    and (cells.get("task") or "").strip() and rows[-1].cells.get("seq"):
                prev = rows[-1]  # the second half of a row cut by a page break
                for m, v in cells.items():
                    if v.strip():
                        prev.cells[m] = (prev.cells.get(m, "") + "\n" + v).strip()
                if prev.page == table.page:
                    prev.bbox = union_bbox([prev.bbox, row_box])
                continue
            start, end = _locate_row(text, texts, columns, cells_row, cursor)
            if start >= 0:
                cursor = end
            placed = [c for c in cells_row if c.start >= 0]
            cells_span = ({"cells": (min(c.start for c in placed), max(c.end for c in placed))}
                          if placed else {})
            rows.append(_RawRow(cells=cells, source="table", start=start, end=end,
                                page=table.page, bbox=row_box,
                                rule=f"timetable.table.{table.source}", extra=cells_span))
        _mark_covered(rows[first_of_table:], text)
    return rows


def _locate_row(text: Text, texts: list[str], columns: dict[str, int], cells_row: list[Cell],
                cursor: int) -> tuple[int, int]:
    """The task cell's span in the full text (the loader's offsets when it set them)."""
    i = columns["task"]
    cell = cells_row[i] if i < len(cells_row) else None
    if cell is not None and cell.start >= 0:
        return cell.start, cell.end
    return _locate(text, texts[i], cursor) if texts[i].strip() else (-1, -1)


def _mark_covered(rows: list[_RawRow], text: Text) -> None:
    """Record on each row the character range its table spans in the lines (from the first
    task to the line holding the last row's last cell), so that the text-table and
    task-list readers skip it."""
    located = [r for r in rows if r.start >= 0]
    if not located:
        return
    last = located[-1]
    row_end = last.end
    for value in last.cells.values():  # the last row's other cells follow its task
        a, b = _locate(text, value, last.end) if value.strip() else (-1, -1)
        if 0 <= a - last.end < 1000:
            row_end = max(row_end, b)
    end_line = text.lines[text.line_index_at(row_end)]
    covers = (located[0].start, end_line.end)
    for r in rows:
        r.extra["covers"] = covers


# ----------------------------------------------------------------------------- (2) text
def _split_cells(s: str, sep: re.Pattern, base: int) -> list[tuple[str, int, int]]:
    """Cells of a text row with their offsets (``base`` is the row's offset)."""
    out, pos = [], 0
    for m in sep.finditer(s):
        out.append((s[pos:m.start()], base + pos, base + m.start()))
        pos = m.end()
    out.append((s[pos:], base + pos, base + len(s)))
    return out


def _rows_from_lines(text: Text) -> list[_RawRow]:
    rows: list[_RawRow] = []
    lines = text.lines
    i = 0
    while i < len(lines):
        s = text.line_text(lines[i])
        sep = _TAB if "\t" in s else _SPACES if _SPACES.search(s.strip()) else None
        columns = map_header([c for c, _, _ in _split_cells(s.strip(), sep, 0)]) if sep else None
        if not columns:
            i += 1
            continue
        ncols = len(_split_cells(s.strip(), sep, 0))
        i += 1
        current: Optional[list[int]] = None  # [first line index, last line index]
        blank = False

        def close(span):
            if span is None:
                return
            a, b = lines[span[0]].start, lines[span[1]].end
            raw = text.text[a:b]
            parts = _split_cells(raw, sep, a)
            cells = {m: parts[k][0] for m, k in columns.items() if k < len(parts)}
            task = parts[columns["task"]] if columns["task"] < len(parts) else None
            start, end = (task[1], task[2]) if task and task[0].strip() else (a, b)
            rows.append(_RawRow(cells=cells, source="table", start=start, end=end,
                                page=lines[span[0]].page, rule="timetable.text_table",
                                extra={"covers": (a, b)}))

        while i < len(lines):
            s = text.line_text(lines[i])
            if not s.strip():
                blank = True
                i += 1
                continue
            first = sep.split(s, maxsplit=1)
            starts_row = (len(first) > 1 and (SEQ.match(first[0]) if "seq" in columns
                                              else len(sep.split(s)) >= ncols - 1))
            if starts_row:
                close(current)
                current, blank = [i, i], False
            elif current is not None and sep.search(s) and not blank:
                current[1] = i  # the row runs on: a cell with a line break
            elif current is not None and not blank and \
                    len(sep.split(text.text[lines[current[0]].start:lines[current[1]].end])) < ncols:
                current[1] = i  # an unfinished row continues without separators
            else:
                break
            i += 1
        close(current)
    return rows


# ----------------------------------------------------------------------------- (3) sections
@dataclass
class _Heading:
    label: str  # as written, numbering removed: "Nhiệm vụ quý I"
    depth: Optional[int]  # outline depth of its numbering ("2.1." -> 2), None if unnumbered
    start: Optional[object]
    end: Optional[object]
    repairs: list = field(default_factory=list)  # OCR numeral repairs, "from -> to"


def _goes_on(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of a sentence wrapped from the line above (it opens in
    lower case and the line above did not end): "… ký ngày 13" / "tháng 10 năm 2025." is
    no time heading.

    >>> _goes_on("Hiệp định ký ngày 13", "tháng 10 năm 2025."), _goes_on("II. NHIỆM VỤ:", "tháng 9")
    (True, False)
    """
    first = line.lstrip(" *_|")[:1]
    return bool(previous.strip()) and first.islower() \
        and not _SENTENCE_END.search(previous.rstrip(" *_|"))


def parse_heading(line: str, year: Optional[int]) -> Optional[_Heading]:
    """A time heading and the period it covers (None when ``line`` is not one).

    >>> h = parse_heading("2.1. Nhiệm vụ quý I", 2023)
    >>> (h.label, str(h.start), str(h.end), h.depth)
    ('Nhiệm vụ quý I', '2023-01-01', '2023-03-31', 2)
    >>> parse_heading("Sơ kết công tác khuyến học quý I năm 2023.", 2023) is None
    True
    """
    if len(line) > 80:
        return None
    bare = _bare(line)
    if not any(w in bare for w in _PERIOD_WORDS):
        return None
    m = HEADING.match(fold(line))
    if not m:
        return None
    num = _NUMBERED.match(line)
    label = line.strip()
    if m.group("num") and num:
        label = label[num.end("num"):].strip()
    label = label.rstrip(":. ").strip()
    depth = None
    if m.group("num"):
        n = m.group("num")
        depth = 1 if not n[0].isdigit() else len([p for p in n.split(".") if p])
    start = end = None
    repairs: list[str] = []
    if m.group("quarter"):
        numeral = m.group("quarter")
        read = numeral if numeral.isdigit() else ocr_quarter_numeral(numeral)
        q = int(read) if read and read.isdigit() else _QUARTERS.index(read) + 1 if read else 0
        if not 1 <= q <= 4:
            return None
        if not numeral.isdigit() and read != numeral.upper():  # "quý HII" -> "quý III"
            fixed = re.sub(rf"(?i)(qu\S*\s+){re.escape(numeral)}\b",
                           lambda mm: mm.group(1) + read, label, count=1)
            if fixed != label:
                repairs.append(f"{label} -> {fixed}")
                label = fixed
        y = int(m.group("qyear")) if m.group("qyear") else year
        if y:
            start, end = quarter_bounds(q, y)
    elif m.group("month"):
        mo = int(m.group("month"))
        if not 1 <= mo <= 12:
            return None
        y = int(m.group("myear")) if m.group("myear") else year
        if y:
            start, end = month_bounds(mo, y)
    elif m.group("half"):
        half = next(v for k, v in _H["half"].items() if fold(k) == collapse_spaces(m.group("half")))
        y = int(m.group("hyear")) if m.group("hyear") else year
        if y:
            start, end = half_bounds(half, y)
    return _Heading(label=label, depth=depth, start=start, end=end, repairs=repairs)


def _heading_dates(label: str, year: Optional[int]):
    h = parse_heading(label, year)
    return (h.start, h.end) if h else (None, None)


def _ends_section(line: str, heading: _Heading) -> bool:
    """True when ``line`` closes a task list: an outline heading at the same or a higher
    level, an all-capitals heading, or the closing formulas (Nơi nhận, Trên đây là, TM.)."""
    if _STOP.match(line):
        return True
    letters = [c for c in line if c.isalpha()]
    if len(letters) > 3 and all(c.isupper() for c in letters):
        return True
    num = _NUMBERED.match(line)
    if num is None or _DASH_BULLET.match(line):
        return False
    n = num.group("num")
    if heading.depth is None:
        return not re.fullmatch(r"\d+[.)]|[a-zđ][.)]", n, re.I)  # "1." items stay inside
    depth = 1 if not n[0].isdigit() else len([p for p in n.split(".") if p])
    return depth <= heading.depth


def _deadline_in(item: str, year: Optional[int]):
    """A deadline written inside a bullet: (due_text, start, end), or None. Only
    qualified days/months (trước, trong, chậm nhất, từ … đến) count, not citation dates."""
    found = []
    for span in find_dates(item, default_year=year):
        if span.invalid or span.kind not in ("day", "month", "range"):
            continue
        if span.kind != "range" and not span.qualifier:
            continue
        if span.kind == "range" and (span.start is None or span.end is None
                                     or (span.end - span.start).days > 366):
            continue  # "giai đoạn 2021-2030", "nhiệm kỳ 2021 - 2026" are not deadlines
        if _CITATION_BEFORE.search(item[:span.span[0]]):
            continue
        begin = span.span[0]
        if span.cue:
            k = item.lower().rfind(span.cue.lower(), max(0, begin - len(span.cue) - 12), begin)
            if k >= 0:
                begin = k
        found.append((span, item[begin:span.span[1]]))
    if not found:
        return None
    first = found[0][0]
    start = None if first.qualifier == "before" else first.start
    return "; ".join(t for _, t in found), start, first.end


_SENTENCE_END = re.compile(r"[.;:!?…”\")]\s*$")


def _new_paragraph(text: Text, prev, line) -> bool:
    """Whether ``line`` starts a new item though it has no bullet (OCR drops dashes). It
    starts with a capital, and either it is indented like a paragraph's first line (right
    of where most lines of the page start), or the line before ended a sentence and, when
    the lines have boxes, stopped well short of the right margin (a paragraph's end)."""
    s = text.line_text(line).lstrip()
    if not s or not s[0].isupper():
        return False
    if prev.bbox is None or line.bbox is None:
        return bool(_SENTENCE_END.search(text.line_text(prev)))
    page_lines = [ln for ln in text.lines if ln.page == line.page and ln.bbox is not None]
    right = max(ln.bbox[2] for ln in page_lines)
    left = min(ln.bbox[0] for ln in page_lines)
    starts = sorted(round(ln.bbox[0] / 3) for ln in page_lines)
    usual = 3 * max(set(starts), key=starts.count)  # where most lines start
    if line.bbox[0] > usual + 0.04 * (right - left):
        return True
    return bool(_SENTENCE_END.search(text.line_text(prev))) \
        and prev.bbox[2] < right - 0.12 * (right - left)


def _covered(raws: list[_RawRow]) -> list[tuple[int, int]]:
    """Character ranges already read as tables (a table's text is also in the lines)."""
    return sorted({r.extra["covers"] for r in raws if "covers" in r.extra})


def inline_heading(line: str, year: Optional[int]) -> Optional[tuple[_Heading, str]]:
    """A task written after its own time label on one line (``- Tháng 9/2023: Tổ chức
    khai giảng…``, ``Quý I: …``): the label as a heading and the task text, else None.

    >>> h, task = inline_heading("- Tháng 10/2024: Tổ chức hội thi giáo viên giỏi.", None)
    >>> (h.label, str(h.start), task)
    ('Tháng 10/2024', '2024-10-01', 'Tổ chức hội thi giáo viên giỏi.')
    >>> inline_heading("Tháng 10 vừa qua, các trường đã tổ chức hội thi.", 2024) is None
    True
    """
    m = _INLINE_SPLIT.match(line)
    if not m or len(m.group("task").split()) < 3:
        return None
    h = parse_heading(_BULLET.sub("", m.group("label"), count=1), year)
    return (h, m.group("task").strip()) if h is not None else None


def _rows_from_sections(text: Text, ctx: ParseContext,
                        covered: list[tuple[int, int]] = ()) -> list[_RawRow]:
    """Task lists under time headings, and tasks after their own time label; lines inside
    ``covered`` (tables) are skipped."""
    rows: list[_RawRow] = []
    heading: Optional[_Heading] = None
    items: list[list] = []  # [first line, last line, own label (_Heading) or None]

    def flush():
        for a, b, own in items:
            first, last = text.lines[a], text.lines[b]
            body = " ".join(text.line_text(ln) for ln in text.lines[a:b + 1]
                            if text.line_text(ln).strip() and not _PAGE_NUMBER.match(text.line_text(ln)))
            label = own or heading
            if own is not None:
                body = inline_heading(body, ctx.year)[1]
            body = _BULLET.sub("", body, count=1)
            deadline = _deadline_in(body, ctx.year)
            if deadline:
                due = (deadline[0], lambda y, body=body: (_deadline_in(body, y) or (0, None, None))[1:])
            else:
                due = (label.label, lambda y, text=label.label: _heading_dates(text, y))
            rows.append(_RawRow(cells={"task": body}, source="section", start=first.start,
                                end=last.end, page=first.page, rule="timetable.section",
                                due_override=due,
                                extra={"repairs": [] if deadline else label.repairs}))
        items.clear()

    previous = ""  # the last line with text above
    for idx, line in enumerate(text.lines):
        s = text.line_text(line)
        if not s.strip() or line.start < ctx.body_start \
                or (covered and any(a <= line.start < b for a, b in covered)):
            continue
        h = parse_heading(s, ctx.year) if not _goes_on(previous, s) else None
        previous = s
        if h is not None:
            flush()
            heading = h
            continue
        own = inline_heading(s, ctx.year)
        if heading is None:
            if own is not None:  # a labelled task on its own, outside any task list
                flush()
                items.append([idx, idx, own[0]])
            elif items and s.lstrip()[:1].islower() and not _BULLET.match(s):
                items[-1][1] = idx  # its sentence goes on over the next line
            else:
                flush()
            continue
        if _ends_section(s, heading):
            flush()
            heading = None
            continue
        if _PAGE_NUMBER.match(s):
            continue
        is_item = _DASH_BULLET.match(s) or (heading.depth is None and _BULLET.match(s))
        if own is not None or is_item or not items \
                or _new_paragraph(text, text.lines[items[-1][1]], line):
            items.append([idx, idx, own[0] if own else None])
        else:
            items[-1][1] = idx
    flush()
    return rows


# ----------------------------------------------------------------------------- door
def _task_key(raw: _RawRow) -> str:
    return fold(_DASH_BULLET.sub("", raw.cells.get("task") or ""))


def parse_timetable(text: Text, ctx: ParseContext) -> list[TimetableRow]:
    """Every scheduled task of the document, tables first, then text tables, then task
    lists under time headings; the same task read twice is kept once."""
    raws = _rows_from_tables(list(text.tables), text)
    # The same table may be both in text.tables and in the lines; a task list may repeat
    # a table's rows. Each later source only adds tasks the earlier ones do not have.
    for read in (_rows_from_lines, _rows_from_sections):
        covered = _covered(raws)
        later = read(text) if read is _rows_from_lines else read(text, ctx, covered)
        known = [_task_key(r) for r in raws]
        raws.extend(r for r in later
                    if not any(a <= r.start < b for a, b in covered)
                    and not any(fuzz.ratio(_task_key(r), k) >= 90 for k in known))
    rows = [_to_row(r, text, ctx) for r in raws]
    return [r for r in rows if r is not None]
