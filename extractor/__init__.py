"""vanban: structured data from Vietnamese official documents.

    >>> from vanban.extractor import extract
    >>> result = extract("plan.pdf")          # doctest: +SKIP
    >>> result.document.code                   # doctest: +SKIP
    '01/KH-HKH'

The public names are imported on first use (PEP 562), not with the package: ``vanban
--help`` and ``--version`` must not pay for the parsers, models and vocabularies.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "VanbanError": "vanban.extractor.errors",
    "extract": "vanban.extractor.pipeline",
    "extract_all": "vanban.extractor.pipeline",
    "extract_text": "vanban.extractor.pipeline",
    "ExtractOptions": "vanban.models",
    "ExtractionResult": "vanban.models",
}

__all__ = ["ExtractOptions", "ExtractionResult", "VanbanError", "__version__", "extract",
           "extract_all", "extract_text"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
