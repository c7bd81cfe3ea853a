"""vanban: structured data from Vietnamese official documents.

    >>> from vanban.extractor import extract
    >>> result = extract("plan.pdf")          # doctest: +SKIP
    >>> result.document.code                   # doctest: +SKIP
    '01/KH-HKH'

The public names are imported on first use (PEP 562), not with the package: ``vanban
--help`` and ``--version`` must not pay for the parsers, models and vocabularies.
"""
from __future__ import annotations

from vanban._lazy import lazy_names


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


__getattr__, __dir__ = lazy_names(__name__, _LAZY, globals())
