"""The extraction result: one object per input document.

Field names, shapes and vocabularies follow ``shared/spec/OUTPUT.md``. Every extracted
item may carry :class:`Provenance` (page, character span in the full text, box, whether
the value was inferred, the rule that produced it and its score).
"""
from __future__ import annotations

import datetime as _dt
from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"

TextSource = Literal["text_layer", "ocr", "docx", "plain_text", "mixed"]
Severity = Literal["error", "warning", "info"]
Role = Literal["basis", "implements", "mentioned"]
Comparator = Literal[">", ">=", "<", "<=", "=", "range"]

DOC_TYPES = (
    "ke_hoach", "quyet_dinh", "chi_thi", "ket_luan", "nghi_quyet", "nghi_dinh", "thong_tu",
    "thong_tu_lien_tich", "luat", "phap_lenh", "huong_dan", "chuong_trinh",
    "chuong_trinh_hanh_dong", "de_an", "thong_bao", "bao_cao", "to_trinh", "quy_dinh",
    "quy_che", "cong_van", "cong_dien", "dieu_le", "other",
)
DocType = Literal[
    "ke_hoach", "quyet_dinh", "chi_thi", "ket_luan", "nghi_quyet", "nghi_dinh", "thong_tu",
    "thong_tu_lien_tich", "luat", "phap_lenh", "huong_dan", "chuong_trinh",
    "chuong_trinh_hanh_dong", "de_an", "thong_bao", "bao_cao", "to_trinh", "quy_dinh",
    "quy_che", "cong_van", "cong_dien", "dieu_le", "other",
]

FINDING_CODES = (
    "MISSING_NUMBER", "MISSING_ISSUE_DATE", "MISSING_ISSUER", "MISSING_SIGNER",
    "MISSING_RECIPIENTS", "NATIONAL_TITLE_MISSPELLED", "REF_NONSTANDARD_FORMAT",
    "REF_MISSING_YEAR", "REF_MISSING_SYMBOL", "REF_DATE_MISSING", "REF_DATE_MISMATCH",
    "REF_ISSUER_MISMATCH", "REF_UNKNOWN", "REF_NOT_IN_FORCE", "REF_CITES_FUTURE",
    "SELF_REFERENCE_MISMATCH", "TIMETABLE_SEQUENCE_GAP", "TIMETABLE_SEQUENCE_DUPLICATE",
    "DEADLINE_BEFORE_ISSUE", "DATE_INVALID", "PERCENT_OUT_OF_RANGE",
)
FindingCode = Literal[
    "MISSING_NUMBER", "MISSING_ISSUE_DATE", "MISSING_ISSUER", "MISSING_SIGNER",
    "MISSING_RECIPIENTS", "NATIONAL_TITLE_MISSPELLED", "REF_NONSTANDARD_FORMAT",
    "REF_MISSING_YEAR", "REF_MISSING_SYMBOL", "REF_DATE_MISSING", "REF_DATE_MISMATCH",
    "REF_ISSUER_MISMATCH", "REF_UNKNOWN", "REF_NOT_IN_FORCE", "REF_CITES_FUTURE",
    "SELF_REFERENCE_MISMATCH", "TIMETABLE_SEQUENCE_GAP", "TIMETABLE_SEQUENCE_DUPLICATE",
    "DEADLINE_BEFORE_ISSUE", "DATE_INVALID", "PERCENT_OUT_OF_RANGE",
]


class _Model(BaseModel):
    """Output models accept extra keys when read back (the contract allows them)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Provenance(_Model):
    page: Optional[int] = Field(None, ge=1, description="1-based page the text came from")
    span: Optional[tuple[int, int]] = Field(
        None, description="[start, end) character range in the document's full text"
    )
    bbox: Optional[tuple[float, float, float, float]] = Field(
        None, description="[x0, y0, x1, y1] in PDF points, or pixels for images"
    )
    inferred: bool = Field(False, description="value inferred from elsewhere in the document")
    source: Optional[str] = Field(
        None, description="text source of that span: text_layer, ocr, docx, plain_text"
    )
    rule: Optional[str] = Field(None, description="name of the rule that produced the item")
    score: Optional[float] = Field(None, description="confidence of the match, 0..1")
    repairs: list[str] = Field(
        default_factory=list, description="repairs applied to OCR-damaged text, as 'from -> to'"
    )


ReviewCode = Literal[
    "low_confidence", "handwritten", "ocr_repair", "contradiction", "not_found", "ambiguous",
    "garbled", "registry",
]


class ReviewReason(_Model):
    """Why an item needs a person's eye. ``code`` is stable; ``message`` is Vietnamese."""

    code: ReviewCode
    message: str = Field(..., description="the reason in Vietnamese, naming the evidence")


class Review(_Model):
    """How sure the program is of one field or item: the single way to say "unsure".

    ``confidence`` combines the OCR word confidences under the item with the parser's own
    certainty; ``needs_review`` is set, with ``reasons``, when a person should check it
    (below the threshold, read from handwriting, changed by an OCR repair, contradicted by
    other evidence, or expected but not found).
    """

    confidence: Optional[float] = Field(None, ge=0, le=1, description="0..1; null when unknown")
    needs_review: bool = False
    reasons: list[ReviewReason] = Field(default_factory=list)


class OcrInfo(_Model):
    engine: str = Field(..., description="OCR engine and version, e.g. 'tesseract 5.3.0'")
    lang: str = "vie"
    mean_confidence: Optional[float] = Field(None, description="mean word confidence, 0..100")
    pages: list[int] = Field(default_factory=list, description="pages read by OCR (1-based)")


class Source(_Model):
    file: str
    sha256: Optional[str] = None
    media_type: Optional[str] = None
    pages: Optional[int] = None
    text_source: Optional[TextSource] = None
    ocr: Optional[OcrInfo] = None


class Period(_Model):
    start: Optional[date] = None
    end: Optional[date] = None
    text: Optional[str] = Field(None, description="the words the period was read from")
    provenance: Optional[Provenance] = None


class Signer(_Model):
    name: Optional[str] = None
    position: Optional[str] = None
    authority: Optional[str] = Field(None, description="the TM./KT./Q./TL./TUQ. line(s)")
    provenance: Optional[Provenance] = None


class Contacts(_Model):
    emails: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)


class Document(_Model):
    doc_type: Optional[DocType] = None
    doc_type_label: Optional[str] = None
    number: Optional[str] = None
    symbol: Optional[str] = None
    code: Optional[str] = None
    issuer: Optional[str] = None
    issuer_parent: Optional[str] = None
    place: Optional[str] = None
    issue_date: Optional[date] = None
    title: Optional[str] = None
    period: Optional[Period] = None
    signer: Optional[Signer] = None
    co_signers: list[Signer] = Field(
        default_factory=list,
        description="a joint document's (văn bản liên tịch) other signature blocks; "
                    "`signer` is the right-hand one")
    recipients: list[str] = Field(default_factory=list)
    contacts: Contacts = Field(default_factory=Contacts)
    provenance: dict[str, Provenance] = Field(
        default_factory=dict, description="where each header field came from, by field name"
    )
    review: dict[str, Review] = Field(
        default_factory=dict,
        description="confidence and review flags per header field, keyed as `provenance`; "
                    "a field absent here was not assessed")


class Mention(_Model):
    as_written: str
    role: Role = "mentioned"
    provenance: Optional[Provenance] = None


class RegistryMatch(_Model):
    matched: bool = False
    status: Optional[str] = Field(None, description="in_force | expired | replaced | unknown")
    code: Optional[str] = Field(None, description="registry code the citation resolved to")
    score: Optional[float] = Field(None, description="match score, 0..1")
    replaced_by: Optional[str] = None
    effective_date: Optional[date] = None
    expiry_date: Optional[date] = None
    issue_date: Optional[date] = Field(None, description="the registry's date of the document")
    issuer: Optional[str] = Field(None, description="the registry's issuing body")
    filled: list[str] = Field(
        default_factory=list,
        description="reference fields filled from the registry (the text omitted them)")


class Reference(_Model):
    doc_type: Optional[DocType] = None
    number: Optional[str] = None
    year: Optional[str] = None
    symbol: Optional[str] = None
    code: Optional[str] = None
    # `_dt.date`: a field named `date` would shadow the type in its own annotation
    date: Optional[_dt.date] = None
    issuer: Optional[str] = None
    title: Optional[str] = None
    mentions: list[Mention] = Field(default_factory=list)
    registry: Optional[RegistryMatch] = None
    review: Optional[Review] = None


class Target(_Model):
    text: str
    metric: Optional[str] = None
    comparator: Comparator = "="
    value: float
    value_max: Optional[float] = None
    unit: Optional[str] = None
    due: Optional[date] = None
    section: Optional[str] = Field(None, description="heading of the section the goal is in")
    provenance: Optional[Provenance] = None
    review: Optional[Review] = None


class TimetableRow(_Model):
    seq: Optional[str] = None
    task: str
    due_text: Optional[str] = None
    start: Optional[date] = None
    end: Optional[date] = None
    owners: list[str] = Field(default_factory=list)
    lead: Optional[str] = None
    partners: list[str] = Field(default_factory=list, description="the 'Phối hợp' column")
    source: Literal["table", "section"] = "table"
    provenance: Optional[Provenance] = None
    review: Optional[Review] = None


class Finding(_Model):
    code: FindingCode
    severity: Severity
    message: str
    ref: Optional[str] = None
    rule: Optional[str] = Field(None, description="the rule applied, e.g. 'NĐ 30/2020 Điều 8'")
    provenance: Optional[Provenance] = None


class Attachment(_Model):
    """A further document bound into the same file after the main one — a draft
    resolution after its Tờ trình, the decision a dossier carries, an enclosed report.
    It starts on a page of its own with the national title and its own number line
    (``Số: …``). Only its header is read; its citations are in the result's
    ``references`` with those of the main document."""

    pages: list[int] = Field(..., description="the attachment's pages (1-based)")
    document: Document = Field(default_factory=Document,
                               description="the attachment's own header fields")


class ExtractionResult(_Model):
    """One file's extraction.

    A file that holds several documents (a Tờ trình followed by its draft resolution, a
    decision with its dossier) gives ONE result: ``document`` is the MAIN document — the
    first one, whose header opens the file — read from its own pages only (its signer
    is its own signature block, not the last one of the file); every later document is
    an entry of ``attachments`` with its pages and header. ``references`` hold the
    citations of the whole file, attachments included; ``targets`` and ``timetable``
    those of the main document."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    source: Source
    document: Document = Field(default_factory=Document)
    references: list[Reference] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    timetable: list[TimetableRow] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    attachments: list[Attachment] = Field(
        default_factory=list, description="further documents bound in the same file after "
        "the main one (see the class docstring)")
    text: Optional[str] = Field(None, description="the full normalised text, when requested")
    status: Literal["success", "partial_success"] = "success"
    needs_review: bool = Field(
        False, description="true when any field or item of this result needs review")
    warnings: list[str] = Field(default_factory=list, description="non-fatal problems met")


class ErrorRecord(_Model):
    """A file that could not be extracted, as a batch records it."""

    schema_version: Literal["1"] = SCHEMA_VERSION
    status: Literal["failure"] = "failure"
    file: str
    sha256: Optional[str] = None
    kind: str = Field(..., description="error class, e.g. 'EncryptedPdfError'")
    message: str
    exit_code: int = 3
