"""Citations of other documents."""
from __future__ import annotations

from extractor.parsers import ParseContext
from extractor.text import Text
from models import Reference


def parse_references(text: Text, ctx: ParseContext) -> list[Reference]:
    return []
