"""Options of one extraction, as a strict model (unknown keys are an error)."""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field


class ExtractOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pages: Optional[tuple[int, int]] = Field(
        None, description="1-based inclusive page range to read; None reads every page"
    )
    dpi: int = Field(300, ge=72, le=600, description="rasterisation resolution for OCR")
    lang: str = Field("vie", description="tesseract language (vie only: vie+eng drops tones)")
    include_text: bool = Field(False, description="put the full normalised text in the result")
    force_ocr: bool = Field(False, description="OCR every page even when a text layer exists")
    ocr_timeout: float = Field(120.0, gt=0, description="seconds allowed per OCR'd page")
    max_image_pixels: int = Field(
        120_000_000, gt=0, description="refuse images larger than this (decompression bombs)"
    )
    resolve: bool = Field(True, description="resolve citations against the registry")
