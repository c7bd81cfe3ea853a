"""Pydantic models of the extraction contract (``docs/output.md``, schema version 1).

These models are the source of truth: ``schemas/extraction.schema.json`` is generated
from :class:`ExtractionResult` (``vanban schema``) and a test fails when the two drift.
"""
from __future__ import annotations

from vanban._lazy import lazy_names

# Names are loaded when first used: ``vanban --help`` imports the options' limits
# (``models.limits``, no pydantic) without building every model.
_LAZY = {name: "vanban.models.result" for name in (
    "SCHEMA_VERSION",
    "Attachment",
    "Contacts",
    "Document",
    "ErrorRecord",
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
)}
_LAZY["ExtractOptions"] = "vanban.models.options"

__all__ = sorted(_LAZY)


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
