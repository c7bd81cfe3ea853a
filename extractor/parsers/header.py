"""Header parser (issuer, number/symbol, place and date, type, title, signer, recipients)."""
from __future__ import annotations

from dataclasses import dataclass, field

from extractor.text import Text
from models import Document


@dataclass
class HeaderInfo:
    document: Document
    extras: dict = field(default_factory=dict)


def parse_header(text: Text) -> HeaderInfo:
    return HeaderInfo(document=Document())
