"""Timetable rows from tables and from task lists under time headings.

One door in: :func:`parse_timetable` ``(Text, ParseContext) -> list[TimetableRow]``.
Rows come from three places, read in this order:

1. **Tables the loader found** (``text.tables``: ruled PDF tables, DOCX tables, grids
   rebuilt from OCR boxes). A table is a timetable when its header row maps, by meaning,
   to a task column and at least one of due / owners / lead / partners
   (:func:`map_header`: rapidfuzz against the wordings of ``data/timetable.toml``).
   A table continued on the next page (header repeated or absent) goes on, and a row cut
   by the page break is joined to the row it continues.
2. **Text tables in the lines**. Laid out with spaces (``pdftotext -layout``, or typed
   so): a header row wrapped over up to four lines right above the first numbered row,
   each cell wrapped inside its column; the columns' left edges are where the rows start
   runs of words again and again, and each word goes to the column it starts in; the table
   goes on over a page break (page number, header repeated). Separated by TABs: a header
   line whose cells map to timetable columns, then one row per line starting with a row
   number; a row may run on over the next lines (a cell with line breaks in it). A row
   whose task was already read is not counted twice.
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

Modules, one job each:

=================  ==========================================================
``vocab``          the vocabulary file; what a header cell / header row means
``due``            due text -> (start, end); OCR repairs of a due cell
``headings``       time headings and tasks after their own time label
``rows``           a reader's raw row -> :class:`TimetableRow`
``from_tables``    (1) rows of the loader's tables
``from_layout``    (2) rows of tables laid out with spaces, cells wrapped in columns
``from_lines``     (2) rows of text tables in the lines, one line a row
``from_sections``  (3) rows of task lists under time headings
``read``           :func:`parse_timetable`, the three readers in order
=================  ==========================================================
"""
from __future__ import annotations

from vanban.extractor.parsers.timetable.due import (due_bounds, ocr_quarter_numeral, plan_dates,
                                                    repair_ocr_due)
from vanban.extractor.parsers.timetable.headings import HEADING, inline_heading, parse_heading
from vanban.extractor.parsers.timetable.read import parse_timetable
from vanban.extractor.parsers.timetable.rows import SEQ, split_owners
from vanban.extractor.parsers.timetable.vocab import (DATA_FILE, MEANINGS, VOCAB, column_meaning,
                                                      header_key, load_vocabulary, map_header)

__all__ = [
    "DATA_FILE", "HEADING", "MEANINGS", "SEQ", "VOCAB", "column_meaning", "due_bounds",
    "header_key", "inline_heading", "load_vocabulary", "map_header", "ocr_quarter_numeral",
    "parse_heading", "parse_timetable", "plan_dates", "repair_ocr_due", "split_owners",
]
