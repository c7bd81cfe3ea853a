"""Small documents made on the fly for the loader tests (no network, no big files).

* :func:`minimal_pdf` — a text PDF (Helvetica, WinAnsi: Latin-1 text only) with one
  page per list of lines; optional Standard-security encryption (RC4 40-bit, revision 2)
  with a user password, so a reader without the password must refuse it.
* :func:`png_header` — a PNG that declares a size in its IHDR but holds no pixels.
* :func:`tcvn3_bytes` / :func:`vni_bytes` — Vietnamese typed in legacy 8-bit fonts.
"""
from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path
from typing import Optional, Sequence

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# the seed plans as text ship in the repository's samples/ (the same files as shared/seeds)
SEEDS = ROOT / "samples"


class _Samples:
    """``SAMPLES / name``: the sample in the repository's ``samples/`` when it ships there,
    else in ``../shared/samples``; when neither holds it the calling test is skipped with
    the reason (such tests also carry ``@pytest.mark.corpus``)."""

    def __truediv__(self, name: str) -> Path:
        for folder in (ROOT / "samples", SHARED / "samples"):
            if (folder / name).exists():
                return folder / name
        import pytest

        pytest.skip(f"corpus sample {name} is neither in samples/ nor in ../shared/samples")


SAMPLES = _Samples()

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PAD)[:32]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def minimal_pdf(pages: Sequence, *, user_password: Optional[str] = None,
                fonts: Sequence[str] = ("Helvetica",)) -> bytes:
    """A valid PDF (PDF spec 1.4, §3.4, §3.5): each page is a list of text lines, or a PIL
    image that fills the page (a scan: no text layer). A line is set in the first of
    ``fonts`` (base font names, WinAnsi encoding), or in ``fonts[k]`` when given as
    ``(k, text)``."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3
    first_page = font_id + len(fonts)
    page_ids = [first_page + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for name in fonts:
        objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} "
                       "/Encoding /WinAnsiEncoding >>".encode())
    images: list[bytes] = []  # image XObjects, appended after the pages
    first_image_id = first_page + 2 * n_pages
    for pid, content in zip(page_ids, pages):
        if hasattr(content, "tobytes"):  # a grayscale PIL image filling the page
            gray = content.convert("L")
            image_id = first_image_id + len(images)
            data = zlib.compress(gray.tobytes())
            images.append(f"<< /Type /XObject /Subtype /Image /Width {gray.width} "
                          f"/Height {gray.height} /ColorSpace /DeviceGray "
                          f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(data)} >>"
                          "\nstream\n".encode() + data + b"\nendstream")
            stream = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
            resources = f"/XObject << /Im1 {image_id} 0 R >>"
        else:
            ops = ["BT", "/F1 12 Tf", "14 TL", "72 770 Td"]
            for line in content:
                k, line = line if isinstance(line, tuple) else (0, line)
                ops.append(f"/F{k + 1} 12 Tf ({_escape(line)}) Tj T*")
            ops.append("ET")
            stream = "\n".join(ops).encode("latin-1")
            used = " ".join(f"/F{k + 1} {font_id + k} 0 R" for k in range(len(fonts)))
            resources = f"/Font << {used} >>"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                       f"/Resources << {resources} >> /Contents {pid + 1} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.extend(images)
    file_id = hashlib.md5(b"vanban-test").digest()
    trailer_extra = ""
    if user_password is not None:
        owner = user_password + "-owner"
        o_key = hashlib.md5(_padded(owner)).digest()[:5]
        o_entry = _rc4(o_key, _padded(user_password))
        perms = -4
        key = hashlib.md5(_padded(user_password) + o_entry + struct.pack("<i", perms)
                          + file_id).digest()[:5]
        u_entry = _rc4(key, _PAD)
        objects.append(f"<< /Filter /Standard /V 1 /R 2 /O <{o_entry.hex()}> "
                       f"/U <{u_entry.hex()}> /P {perms} >>".encode())
        trailer_extra = f" /Encrypt {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /ID [<{file_id.hex()}> "
            f"<{file_id.hex()}>]{trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """A PNG whose IHDR says ``width``×``height`` (8-bit gray) and that has no pixel data:
    enough for any reader of the header, and a decompression bomb for a decoder."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IEND", b"")


# "Cộng hoà xã hội chủ nghĩa Việt Nam" / "Độc lập - Tự do - Hạnh phúc" as typed with the
# .VnTime (TCVN3) and VNI-Times fonts: the bytes such a .txt holds.
VIETNAMESE = "Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"
TCVN3_SURFACE = "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc"
VNI_SURFACE = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc"


def tcvn3_bytes() -> bytes:
    return TCVN3_SURFACE.encode("latin-1")


def vni_bytes() -> bytes:
    return VNI_SURFACE.encode("cp1252")
