"""Options of one extraction, as a strict model (unknown keys are an error).

The resource limits (``max_*``, ``timeout``, ``ocr_timeout``) have defaults suited to real
archives (a 500-page register, an A3 plan scanned at 600 dpi, a 50 MB DOCX) and are
settable three ways: here, by a CLI flag, or by an environment variable
(``VANBAN_MAX_PAGES=5000``; see :data:`LIMITS`). A document past one is refused before
the work is done, with a one-line error naming the limit and how to raise it.
"""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


from vanban.models.limits import LIMIT_BY_FIELD, LIMITS, Limit, env_limit  # noqa: F401  (re-exported)


def _from_env(field: str):
    return lambda: env_limit(field)


class ExtractOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pages: Optional[tuple[int, int]] = Field(
        None, description="1-based inclusive page range to read; None reads every page"
    )
    dpi: int = Field(300, ge=72, le=600, description="rasterisation resolution for OCR")
    lang: str = Field("vie", description="tesseract language (vie only: vie+eng drops tones)")
    include_text: bool = Field(False, description="put the full normalised text in the result")
    force_ocr: bool = Field(False, description="OCR every page even when a text layer exists")
    ocr_timeout: float = Field(default_factory=_from_env("ocr_timeout"), gt=0,
                               description="seconds allowed per OCR'd page")
    max_image_pixels: int = Field(
        default_factory=_from_env("max_image_pixels"), gt=0,
        description="refuse page images larger than this (decompression bombs, huge pages)")
    max_pages: int = Field(default_factory=_from_env("max_pages"), gt=0,
                           description="refuse documents with more pages")
    max_inflated_bytes: int = Field(
        default_factory=_from_env("max_inflated_bytes"), gt=0,
        description="refuse a PDF stream or DOCX part that inflates past this many bytes")
    max_chars: int = Field(default_factory=_from_env("max_chars"), gt=0,
                           description="refuse texts longer than this many characters")
    max_items: int = Field(default_factory=_from_env("max_items"), gt=0,
                           description="refuse a document with more items in one family")
    timeout: float = Field(default_factory=_from_env("timeout"), gt=0,
                           description="seconds allowed per document")
    resolve: bool = Field(True, description="resolve citations against the registry")
