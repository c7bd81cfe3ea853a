"""Pydantic models of the extraction contract (``shared/spec/OUTPUT.md``, schema version 1).

These models are the source of truth: ``schemas/extraction.schema.json`` is generated
from :class:`ExtractionResult` (``vanban schema``) and a test fails when the two drift.
"""
from __future__ import annotations

from models.result import (
    SCHEMA_VERSION,
    Attachment,
    Contacts,
    Document,
    ErrorRecord,
    ExtractionResult,
    Finding,
    Mention,
    OcrInfo,
    Period,
    Provenance,
    Reference,
    RegistryMatch,
    Review,
    ReviewReason,
    Signer,
    Source,
    Target,
    TimetableRow,
)
from models.options import ExtractOptions

__all__ = [
    "SCHEMA_VERSION",
    "Attachment",
    "Contacts",
    "Document",
    "ErrorRecord",
    "ExtractOptions",
    "ExtractionResult",
    "Finding",
    "Mention",
    "OcrInfo",
    "Period",
    "Provenance",
    "Reference",
    "RegistryMatch",
    "Review",
    "ReviewReason",
    "Signer",
    "Source",
    "Target",
    "TimetableRow",
]
