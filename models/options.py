"""Options of one extraction, as a strict model (unknown keys are an error).

The resource limits (``max_*``, ``timeout``, ``ocr_timeout``) have defaults suited to real
archives (a 500-page register, an A3 plan scanned at 600 dpi, a 50 MB DOCX) and are
settable three ways: here, by a CLI flag, or by an environment variable
(``VANBAN_MAX_PAGES=5000``; see :data:`LIMITS`). A document past one is refused before
the work is done, with a one-line error naming the limit and how to raise it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class Limit:
    """One resource limit: the option field, its CLI flag and environment variable."""

    field: str
    flag: str
    env: str
    kind: type  # int or float
    default: float
    help: str


LIMITS: tuple[Limit, ...] = (
    Limit("max_pages", "--max-pages", "VANBAN_MAX_PAGES", int, 500,
          "pages per document"),
    Limit("max_image_pixels", "--max-pixels", "VANBAN_MAX_PIXELS", int, 120_000_000,
          "pixels per page image"),
    Limit("max_inflated_bytes", "--max-inflated", "VANBAN_MAX_INFLATED", int, 64_000_000,
          "bytes of one inflated PDF stream or DOCX part"),
    Limit("max_chars", "--max-chars", "VANBAN_MAX_CHARS", int, 20_000_000,
          "characters of text in a document"),
    Limit("max_items", "--max-items", "VANBAN_MAX_ITEMS", int, 50_000,
          "items per family (references, targets, timetable rows, findings)"),
    Limit("timeout", "--timeout", "VANBAN_TIMEOUT", float, 1800.0,
          "seconds per document"),
    Limit("ocr_timeout", "--page-timeout", "VANBAN_PAGE_TIMEOUT", float, 120.0,
          "seconds per OCR'd page"),
)
LIMIT_BY_FIELD = {limit.field: limit for limit in LIMITS}


def env_limit(field: str):
    """The limit's value from its environment variable, else its default. A value that
    is not a positive number raises ValueError naming the variable."""
    limit = LIMIT_BY_FIELD[field]
    raw = os.environ.get(limit.env, "").strip()
    if not raw:
        return limit.kind(limit.default)
    try:
        value = limit.kind(float(raw)) if limit.kind is int else float(raw)
    except ValueError:
        raise ValueError(f"{limit.env}={raw!r} is not a number") from None
    if value <= 0:
        raise ValueError(f"{limit.env}={raw!r} must be more than 0")
    return value


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
