"""The typed values the header's parts hand to the assembler, and :class:`HeaderInfo`, what
the header stage hands to the rest of the pipeline (the findings stage reads it).

Every part returns a small frozen value or None (the part is not written); no part writes
into the document or into another part's state.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from vanban.extractor import vocab
from vanban.models import Contacts, Document, Period, Provenance, Signer

Span = tuple[int, int]


@dataclass(frozen=True)
class PhraseCheck:
    """A national title / motto found in the header, and whether it is misspelled."""

    canonical: str
    found: str
    span: Span
    misspelled: bool
    wrong_words: tuple[str, ...] = ()
    pieces: tuple[Span, ...] = ()  # the span's share on each line it covers


@dataclass(frozen=True)
class SelfReference:
    """An appendix's "Kèm theo Kế hoạch số 01/KH-HKH ngày 19 tháng 01 năm 2021"."""

    as_written: str
    number: Optional[str]
    symbol: Optional[str]
    date: Optional[date]
    span: Span


@dataclass(frozen=True)
class NumberPart:
    """The "Số: 01/KH-HKH" line: number (null when left blank), symbol, canonical code."""

    number: Optional[str]
    symbol: Optional[str]
    code: Optional[str]
    year: Optional[str]
    span: Span
    line_index: int
    number_provenance: Optional[Provenance] = None
    code_provenance: Optional[Provenance] = None
    symbol_provenance: Optional[Provenance] = None
    # the number as read when it could not be read cleanly (handwriting, a stamp)
    unreadable: Optional[str] = None
    # what the number line takes of each line when not its whole span: "Số:" beside the
    # place-date line, the code on the next line
    taken: tuple[Span, ...] = ()


@dataclass(frozen=True)
class PlaceDatePart:
    """The "Long Biên, ngày 19 tháng 01 năm 2021" line (its parts possibly wrapped)."""

    span: Span
    line_index: int
    place: Optional[str] = None
    place_provenance: Optional[Provenance] = None
    issue_date: Optional[date] = None
    date_provenance: Optional[Provenance] = None
    invalid_date: Optional[str] = None  # the date as written when it does not exist
    unreadable: Optional[str] = None  # a day or month read as marks ("ngày Z tháng 4")
    taken: tuple[Span, ...] = ()  # text spans of the line's parts (masked for the issuer)


@dataclass(frozen=True)
class IssuerPart:
    """The left block: the issuing body and, when written above it, its parent body."""

    issuer: str
    provenance: Provenance
    parent: Optional[str] = None
    parent_provenance: Optional[Provenance] = None
    # the "issuer" is really a piece of the national title or motto (a garbled header)
    garbled: bool = False


@dataclass(frozen=True)
class TypeHeading:
    """The document type written as its heading ("KẾ HOẠCH", "QUYẾT ĐỊNH")."""

    entry: vocab.DocTypeEntry
    line_index: int  # the heading's first line (the header zone ends there)
    end: int  # column where the type's words end on its last line
    provenance: Provenance
    # the heading's last line when its words wrap ("QUYẾT" / "ĐỊNH"); None: one line
    last_index: Optional[int] = None

    @property
    def title_from(self) -> int:
        """The line the title may start on (after the heading's last word)."""
        return self.line_index if self.last_index is None else self.last_index


@dataclass(frozen=True)
class TitlePart:
    """The title (trích yếu): after the type heading, or a công văn's "V/v" line."""

    title: str
    provenance: Provenance
    subject_line: bool = False  # read from a "V/v …" line (the mark of a công văn)
    marker_provenance: Optional[Provenance] = None


@dataclass(frozen=True)
class SignerPart:
    signer: Signer
    name_provenance: Optional[Provenance] = None
    co_signers: tuple[Signer, ...] = ()  # a joint document's other signers
    # two blocks side by side (a joint document) that could not be told apart: the signer
    # read may hold both blocks' words
    joint_unread: bool = False


@dataclass(frozen=True)
class RecipientsPart:
    """The "Nơi nhận:" heading and its entries (empty when the list could not be read)."""

    heading_span: Span
    line_index: int
    entries: tuple[str, ...] = ()
    provenance: Optional[Provenance] = None
    last_line_index: Optional[int] = None  # the line of the last entry


@dataclass(frozen=True)
class ContactsPart:
    contacts: Contacts
    provenance: Optional[Provenance] = None


@dataclass(frozen=True)
class HeaderZone:
    """Whether the document's header was read at all, and which of its parts were seen.

    ``read`` is False when the text shows no header part at all (a page cut from the
    middle of a document, a body without its first page): then a part's absence says
    nothing about the document. ``span`` is the text span of the header zone (from the
    first line to the type heading, or to the first body line when there is none).
    ``parts`` names the parts seen as written, among ``national_title``, ``motto``,
    ``party_title``, ``issuer``, ``number``, ``place_date``, ``type_heading``, ``title``,
    ``subject_line``; and, from the end matter, ``signer`` and ``recipients``.
    """

    read: bool
    span: Optional[Span]
    parts: frozenset[str] = frozenset()

    def seen(self, part: str) -> bool:
        return part in self.parts


@dataclass
class HeaderInfo:
    """The document header and what header findings need.

    Fields the findings stage reads (a MISSING_* finding accuses the document, never the
    parser, so it is raised only when ``zone.read`` and the part is absent from
    ``zone.parts``):

    - ``document``: the header fields (``Document``), with provenance and review flags;
    - ``zone``: :class:`HeaderZone` — whether a header was read, its span, the parts seen;
    - ``national_title`` / ``motto``: :class:`PhraseCheck` (spelling) when present;
    - ``issuer_in_header``: an issuer block was read in the header (not inferred);
    - ``number_line`` / ``date_line`` / ``recipients_line``: text spans of the "Số:" line,
      the place-date line and the "Nơi nhận" heading as written, else None;
    - ``self_references``: appendix captions naming this document;
    - ``cut_off``: the text stops mid-sentence with no end matter (a first page, a
      cut-off scan): whether a signature or recipients exist cannot be told;
    - ``unreadable``: header fields whose part is written but could not be read (a
      handwritten number or day read by OCR as marks): the field is null or flagged, and
      its absence is the reader's, not the document's;
    - ``warnings``: one Vietnamese line per header part not found (the pipeline appends
      them to ``result.warnings``);
    - ``extras``: ``year`` (the document's year for the other parsers), ``number_year``,
      ``invalid_issue_date`` (a date as written that does not exist).
    """

    document: Document
    extras: dict = field(default_factory=dict)
    zone: HeaderZone = field(default_factory=lambda: HeaderZone(read=False, span=None))
    national_title: Optional[PhraseCheck] = None
    motto: Optional[PhraseCheck] = None
    issuer_in_header: bool = False
    number_line: Optional[Span] = None
    date_line: Optional[Span] = None
    recipients_line: Optional[Span] = None
    self_references: list[SelfReference] = field(default_factory=list)
    cut_off: bool = False
    unreadable: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


__all__ = ["ContactsPart", "HeaderInfo", "HeaderZone", "IssuerPart", "NumberPart",
           "PhraseCheck", "PlaceDatePart", "RecipientsPart", "SelfReference", "SignerPart",
           "Span", "TitlePart", "TypeHeading", "Period"]
