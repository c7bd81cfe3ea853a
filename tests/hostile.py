"""Generators of hostile and huge inputs, built at test (or bench) time: nothing large is
stored in the repository. Each returns the bytes of one file."""
from __future__ import annotations

import io
import zipfile
import zlib
from typing import Optional, Sequence

VIETNAMESE_LINE = "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ."


def pdf_from_objects(objects: Sequence[bytes], *, root: int = 1) -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]`` (the body between ``obj`` and
    ``endobj``), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, root, xref))
    return out.getvalue()


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def pdf_pages(n_pages: int, *, media_box: str = "0 0 595 842",
              user_unit: Optional[float] = None, content: bytes = b"") -> bytes:
    """``n_pages`` pages sharing one content stream (blank by default)."""
    unit = b" /UserUnit %g" % user_unit if user_unit else b""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(n_pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages),
               _stream(content)]
    for _ in range(n_pages):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [%s]%s /Contents 3 0 R >>"
                       % (media_box.encode(), unit))
    return pdf_from_objects(objects)


def pdf_page_tree_loop() -> bytes:
    """A page tree whose Pages node lists itself among its kids."""
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])


def pdf_flate_bomb(inflated: int) -> bytes:
    """One page whose content stream inflates to ``inflated`` bytes of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    parts = [comp.compress(chunk) for _ in range(inflated >> 20)]
    parts.append(comp.flush())
    data = b"".join(parts)
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        _stream(data, b"/Filter /FlateDecode"),
    ])


# -- DOCX -------------------------------------------------------------------------------

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.'
       'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
         '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_with_document_xml(document_xml: bytes) -> bytes:
    """A DOCX package around the given ``word/document.xml`` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def _body(inner: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W_NS}"><w:body>{inner}</w:body></w:document>').encode()


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{_para("&lol9;")}</w:body></w:document>')
    return docx_with_document_xml(xml.encode())


def docx_external_entity() -> bytes:
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{_para("&x;")}</w:body></w:document>')
    return docx_with_document_xml(xml.encode())


def docx_malformed() -> bytes:
    return docx_with_document_xml(_body(_para(VIETNAMESE_LINE))[:-30])


def docx_not_utf8() -> bytes:
    xml = _body(_para(VIETNAMESE_LINE)).decode().encode("utf-16-le")
    return docx_with_document_xml(xml)


def docx_nested_tables(depth: int) -> bytes:
    inner = _para(VIETNAMESE_LINE)
    for _ in range(depth):
        inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>" + _para("")
    return docx_with_document_xml(_body(inner))


def docx_zip_bomb(inflated: int) -> bytes:
    """A DOCX whose document.xml inflates to about ``inflated`` bytes (white space
    inside the body compresses ~1000:1), written in chunks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        head, tail = _body(_para(VIETNAMESE_LINE)).split(b"</w:body>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(inflated >> 20):
                fh.write(chunk)
            fh.write(b"</w:body>" + tail)
    return buf.getvalue()


# -- text ----------------------------------------------------------------------------------

HEADER = ("ỦY BAN NHÂN DÂN TỈNH X\nSố: 12/KH-UBND\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
          "Độc lập - Tự do - Hạnh phúc\nX, ngày 05 tháng 3 năm 2021\nKẾ HOẠCH\n")
CITATION = "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ"


def text_one_line(n_chars: int) -> str:
    """One line of Vietnamese prose with citations, ``n_chars`` long."""
    unit = f"{CITATION}; thực hiện đạt 95% kế hoạch năm. "
    return HEADER + (unit * (n_chars // len(unit) + 1))[:n_chars] + "\n"


def text_citations(n: int, *, one_line: bool = False) -> str:
    sep = "; " if one_line else "\n"
    return HEADER + sep.join(f"Căn cứ Quyết định số {i}/QĐ-UBND ngày {1 + i % 28:02d}/"
                             f"{1 + i % 12:02d}/2020 của UBND tỉnh" for i in range(n)) + "\n"


def docx_bad_encoding() -> bytes:
    """XML declared UTF-8 whose text is Windows-1258 bytes."""
    xml = _body(_para("Kế hoạch năm 2021")).decode()
    return docx_with_document_xml(xml.encode("cp1258", errors="replace").replace(
        b"K", b"K\xe0\xe8", 1))


def png_gray16(width: int = 64, height: int = 48) -> bytes:
    """A 16-bit grayscale PNG: light paper (60000) with a dark bar (1000)."""
    import numpy as np
    from PIL import Image

    a = np.full((height, width), 60000, dtype=np.uint16)
    a[height // 3: height // 2, width // 6: width - width // 6] = 1000
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, "PNG")
    return buf.getvalue()


def pdf_huge_image(width: int, height: int) -> bytes:
    """One A4 page filled by a ``width``×``height`` gray image (Flate, all black)."""
    comp = zlib.compressobj(9)
    row_block = b"\x00" * (width * 64)
    parts = [comp.compress(row_block) for _ in range(height // 64)]
    parts.append(comp.flush())
    data = b"".join(parts)
    return pdf_from_objects([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject "
        b"<< /Im1 5 0 R >> >> /Contents 4 0 R >>",
        _stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        _stream(data, b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                b"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode" % (width, height)),
    ])
