"""Pydantic models of the extraction contract (``docs/output.md``, schema version 1).

These models are the source of truth: ``schemas/extraction.schema.json`` is generated
from :class:`ExtractionResult` (``vanban schema``) and a test fails when the two drift.
"""
from __future__ import annotations

import importlib
from typing import Any

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
