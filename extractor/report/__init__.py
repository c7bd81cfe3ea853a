"""``vanban review``: one self-contained HTML report of what was read where.

Each page image with a box around every extracted item (a colour per field family), the
fields with their confidence beside it (flagged first), and the findings linked to their
evidence on the page. Text-only inputs show the text with the items highlighted.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional

from vanban.extractor.report.html import document_html
from vanban.extractor.report.items import FAMILIES, Item, collect
from vanban.extractor.report.pages import REPORT_DPI, PageImage, page_images
from vanban.models import ExtractionResult

__all__ = ["FAMILIES", "Item", "PageImage", "collect", "page_images", "report_html",
           "REPORT_DPI"]


def report_html(result: ExtractionResult, source_path: Optional[Path] = None, *,
                lang: str = "vi", dpi: int = REPORT_DPI, text: Optional[str] = None,
                pages: Optional[Iterable[int]] = None) -> str:
    """The report of one result. ``source_path`` is the file the result was read from
    (for the page images, all or ``pages``); ``text`` the full text (defaults to
    ``result.text``)."""
    items = collect(result)
    pages = page_images(source_path, result.source.media_type, pages, dpi=dpi)
    text = text if text is not None else result.text
    if not pages and text is None:
        text = source_text(source_path)
    return document_html(result, items, pages, lang, text)


def source_text(path: Optional[Path]) -> Optional[str]:
    """The full text of a text-only input (plain text, DOCX) read again, for a result
    stored without its text: the loaders are deterministic, so the spans still fit."""
    if path is None or not Path(path).is_file():
        return None
    from vanban.extractor.errors import VanbanError
    from vanban.extractor.loaders import detect, load
    from vanban.models import ExtractOptions

    try:
        if detect(Path(path)).startswith(("image/", "application/pdf")):
            return None  # pages without images would need OCR again: not for a report
        return load(Path(path), ExtractOptions()).text.text
    except VanbanError:
        return None
