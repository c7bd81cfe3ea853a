"""Header parser: every field of ``document`` (shared/spec/OUTPUT.md) and what the header
findings need.

A Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I) opens with a
two-column header and closes with recipients and a signature::

    HỘI KHUYẾN HỌC              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM     <- issuer | national title
    QUẬN LONG BIÊN                  Độc lập - Tự do - Hạnh phúc        <- issuer | motto
    Số: 01/KH-HKH               Long Biên, ngày 19 tháng 01 năm 2021   <- number | place, date
                          KẾ HOẠCH                                     <- document type
       Hoạt động của Hội Khuyến học quận Long Biên năm 2021            <- title
    ... body ...
    Nơi nhận:                         TM. BAN CHẤP HÀNH                <- recipients | authority
    - Hội KH Thành phố Hà Nội;            CHỦ TỊCH                     <- position
    - Lưu VP Hội.                     Đinh Thị Thu Hương               <- name

Loaders give the columns one after the other, read ACROSS both columns on one line (OCR,
some PDF layers), or flatten them cell by cell with table rules (web copies); any line may
wrap. So the header is found by its parts, not by line positions: each part is looked for
in the header zone read as one string (line breaks kept where a part may not cross them),
and what is left of the header lines once the right column's parts are taken out is the
issuer. Page furniture (running heads, "ĐẾN" stamps, HỎA TỐC/KHẨN/MẬT marks) is masked.

One module per part, each a pure function returning a small frozen value
(:mod:`~extractor.parsers.header.model`); :func:`parse_header`
(:mod:`~extractor.parsers.header.assemble`) assembles the ``Document``:

=================  ==========================================================
``lines``          line view (masked text, accent-less skeleton), vocab helpers
``patterns``       the compiled patterns, built from named parts
``national_title`` Quốc hiệu, Tiêu ngữ, Party heading (and their spelling)
``number``         "Số: 01/KH-HKH"
``place_date``     "Long Biên, ngày 19 tháng 01 năm 2021"
``issuer``         the left block (issuing body and its parent)
``heading``        type heading (wrapped or not), a công văn's "V/v" line, zone end
``title``          the title lines under the type heading
``signer``         TM./KT./TL./TUQ./Q. block, position, name
``recipients``     "Nơi nhận:" list
``contacts``       e-mails and phones
``period``         the period a plan covers
``self_refs``      appendix captions naming this document
=================  ==========================================================

Every value carries provenance (:meth:`Text.provenance`) under
``Document.provenance[field]``. Parts that are absent stay null, never guessed; each is
reported in :attr:`HeaderInfo.warnings` and flagged ``not_found`` in ``Document.review``.
"""
from __future__ import annotations

from vanban.extractor.parsers.header.assemble import parse_header
from vanban.extractor.parsers.header.lines import is_syllable, skeleton
from vanban.extractor.parsers.header.recase import recase
from vanban.extractor.parsers.header.model import (HeaderInfo, HeaderZone, PhraseCheck,
                                            SelfReference)

__all__ = ["HeaderInfo", "HeaderZone", "PhraseCheck", "SelfReference", "parse_header",
           "recase", "skeleton", "is_syllable"]
