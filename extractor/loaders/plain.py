"""Plain text: UTF-8 (with or without BOM), UTF-16, and legacy Vietnamese 8-bit text."""
from __future__ import annotations

import re
from pathlib import Path

from extractor.errors import NoTextError
from extractor.loaders import Loaded
from extractor.text import TextBuilder, nfc
from models import ExtractOptions

# Markdown emphasis some converters leave in text exports (**bold**, *italic*).
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")


def decode_bytes(data: bytes) -> str:
    """Decode text bytes: BOMs first, then UTF-8, then legacy Vietnamese encodings."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from extractor.legacy import decode_legacy  # legacy TCVN3 / VNI / VISCII / cp1258

    return decode_legacy(data)


def clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ")
    return _EMPHASIS.sub("", line).rstrip()


def load_plain(path: Path, options: ExtractOptions) -> Loaded:
    text = nfc(decode_bytes(path.read_bytes()))
    from extractor.legacy import repair_legacy_text

    text = repair_legacy_text(text)
    if not text.strip():
        raise NoTextError("contains only white space", path=path)
    builder = TextBuilder()
    pages = text.replace("\r\n", "\n").replace("\r", "\n").split("\f")
    for page_text in pages:
        builder.start_page(source="plain_text")
        for line in page_text.split("\n"):
            builder.add_line(clean_line(line))
    return Loaded(text=builder.build(), media_type="text/plain", pages=len(pages))
