"""Plain text: UTF-8 (with or without BOM), UTF-16, and legacy Vietnamese 8-bit text."""
from __future__ import annotations

import re
from pathlib import Path

from vanban.extractor.errors import NoTextError
from vanban.extractor.loaders import Loaded
from vanban.extractor.text import TextBuilder, line_breaks_to_newlines, nfc
from vanban.models import ExtractOptions

# Markdown emphasis some converters leave in text exports (**bold**, *italic*).
_EMPHASIS = re.compile(r"\*{1,3}(?=\S)|(?<=\S)\*{1,3}")


# A file stays UTF-8 when its valid non-ASCII characters outnumber its invalid byte
# sequences this many times: a stray byte in a Vietnamese UTF-8 text (every line has
# accented letters) is replaced, while a legacy 8-bit file (almost no valid multi-byte
# sequence) goes to the legacy decoders.
UTF8_MAJORITY = 20


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Decode text bytes, deciding the codec on the WHOLE file: BOMs first, then UTF-8
    (a few bad bytes replaced by U+FFFD and reported in the warnings), then legacy
    Vietnamese encodings.

    >>> decode_text("Kế hoạch".encode() * 30 + b"\xff")[1]
    ['1 byte sequence(s) not valid UTF-8 replaced by U+FFFD (first at byte 300)']
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = sum(1 for ch in text if ch > "\x7f") - bad
    if good >= UTF8_MAJORITY * bad:
        return text, [f"{bad} byte sequence(s) not valid UTF-8 replaced by U+FFFD "
                      f"(first at byte {first})"]
    from vanban.extractor.legacy import decode_legacy  # legacy TCVN3 / VNI / VISCII / cp1258

    return decode_legacy(data), []


def decode_bytes(data: bytes) -> str:
    """Decode text bytes (see :func:`decode_text`), without the warnings."""
    return decode_text(data)[0]


def clean_line(line: str) -> str:
    line = line.replace("\u00a0", " ")
    return _EMPHASIS.sub("", line).rstrip()


def load_plain(path: Path, options: ExtractOptions) -> Loaded:
    from vanban.extractor.loaders.limits import check_chars, check_pages, file_size

    # refused before reading: even UTF-8 at 4 bytes a character would be too long
    if file_size(path) > 4 * options.max_chars:
        check_chars(file_size(path) // 4, options, path)
    decoded, warnings = decode_text(path.read_bytes())
    check_chars(len(decoded), options, path)
    text = nfc(decoded)
    from vanban.extractor.legacy import repair_legacy_text

    text = repair_legacy_text(text)
    if not text.strip():
        raise NoTextError("contains only white space", path=path)
    builder = TextBuilder()
    # every line break ends a line: CR LF, CR, and Unicode's line and paragraph separators
    pages = line_breaks_to_newlines(text).split("\f")
    check_pages(len(pages), options, path)
    for page_text in pages:
        builder.start_page(source="plain_text")
        for line in page_text.split("\n"):
            builder.add_line(clean_line(line))
    return Loaded(text=builder.build(), media_type="text/plain", pages=len(pages),
                  warnings=warnings)
