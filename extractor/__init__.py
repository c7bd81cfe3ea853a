"""vanban: structured data from Vietnamese official documents.

    >>> from extractor import extract
    >>> result = extract("plan.pdf")          # doctest: +SKIP
    >>> result.document.code                   # doctest: +SKIP
    '01/KH-HKH'
"""
from __future__ import annotations

from extractor.errors import VanbanError
from extractor.pipeline import extract, extract_all, extract_text
from models import ExtractOptions, ExtractionResult

__version__ = "0.1.0"

__all__ = ["ExtractOptions", "ExtractionResult", "VanbanError", "__version__", "extract",
           "extract_all", "extract_text"]
