"""Quantified goals (chỉ tiêu)."""
from __future__ import annotations

from extractor.parsers import ParseContext
from extractor.text import Text
from models import Target


def parse_targets(text: Text, ctx: ParseContext) -> list[Target]:
    return []
