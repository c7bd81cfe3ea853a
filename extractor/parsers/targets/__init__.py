"""Quantified goals (chỉ tiêu): ``parse_targets(text, ctx) -> list[Target]``.

A plan states its goals as clauses holding a figure: ``Trên 70% hộ gia đình đạt danh hiệu
“Gia đình học tập”``, ``Phấn đấu đạt chỉ tiêu 25.000đ/1 người dân``, ``Xây dựng từ 2 đến 4
trung tâm``, ``mỗi gia đình có ít nhất một người là hội viên``. The parser works on the
document's full text, so every offset is exact for provenance:

1. *Clauses* (:func:`clauses`). Lines are joined into blocks (a wrapped line continues its
   paragraph; a bullet, a numbered item, a heading, a table row or a line ending in
   ``.;:!?`` starts a new one), and blocks are cut at ``;``, ``:``, tabs, parentheses,
   sentence ends and before ``, trong đó`` / ``, mỗi``. A goal's ``text`` is its clause
   (from ``phấn đấu`` when that verb comes mid-clause).
2. *Quantities* (:func:`extractor.parsers.numbers.find_quantities`): percentages, money
   (``đồng/người/năm``), counts with a noun (``60 lớp học``), ranges, number words.
3. *Is it a goal?* A percentage in a plan is a goal unless it reports the past (``đã``, a
   year before the document's, a results heading such as ``I. KẾT QUẢ THỰC HIỆN``, unless
   ``phấn đấu`` looks forward) or is a label (``kỷ niệm``, ``số``, ``Điều``). Money and
   counts need a cue: a comparator (``trên``, ``ít nhất``, ``trở lên``, ``từ … đến …``), a
   goal word just before (``phấn đấu``, ``đạt``, ``chỉ tiêu``), a per-unit rate, or — for
   the clause's own figure — a ``chỉ tiêu``/``mục tiêu`` heading above it. Durations,
   documents and tasks (``27 năm``, ``02 Chương trình``, ``10 nhiệm vụ``), dates and citation
   numbers are never goals.
4. *Comparator*: a range → ``range``; a comparator word right before the figure
   (``trên`` → ``>``, ``từ``/``ít nhất``/``không dưới`` → ``>=``, ``dưới`` → ``<``,
   ``không quá``/``tối đa`` → ``<=``, signs ``≥ ≤``); else ``trở lên`` after it → ``>=``;
   else ``phấn đấu`` earlier in the clause or ``đạt`` right before → ``>=``; else ``=``.

Indicator tables (``Chỉ tiêu | Đơn vị tính | Kế hoạch năm …``) give one goal per row
(:func:`_table_targets`); their rows are not read again as prose.

Cue words are data (``extractor/data/target_cues.toml``), matched case-insensitively as
whole words on the original text. Units come from ``extractor/data/units.toml``.

Modules, one job each:

=============  ==============================================================
``vocab``      the cue words (:func:`cues`), compiled once
``segment``    blocks and clauses of the full text (:func:`clauses`)
``sections``   the numbered headings above an offset
``rules``      per figure: count noun, comparator, deadline; facts of a clause
``tables``     indicator tables, one goal per row
``read``       :func:`parse_targets`, tables then prose
=============  ==============================================================
"""
from __future__ import annotations

from vanban.extractor.parsers.targets.read import parse_targets
from vanban.extractor.parsers.targets.segment import clauses, wrapped_lines
from vanban.extractor.parsers.targets.vocab import Cues, cues

__all__ = ["parse_targets", "clauses", "cues", "Cues", "wrapped_lines"]
