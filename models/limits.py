"""The resource limits of one extraction: each option field with its CLI flag, its
environment variable and its default. Plain data (no pydantic), so that the CLI can
build its flags without loading the models."""
from __future__ import annotations

import os
from dataclasses import dataclass


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
