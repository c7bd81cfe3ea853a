"""Page images for the report: rendered at a modest dpi and embedded as data URIs, with
the page's size in the unit of the provenance boxes (PDF points, or image pixels)."""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

#: report images: enough to read a header, small enough for a file of many pages
REPORT_DPI = 100
MAX_IMAGE_SIDE = 1400  # pixels of an image input's page in the report


@dataclass(frozen=True)
class PageImage:
    number: int  # 1-based
    jpeg: bytes
    width: float  # page size in the provenance unit (points or pixels)
    height: float

    @property
    def data_uri(self) -> str:
        return "data:image/jpeg;base64," + base64.b64encode(self.jpeg).decode("ascii")


def _jpeg(image) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, "JPEG", quality=70)
    return buf.getvalue()


def pdf_pages(path: Path, numbers: Optional[Iterable[int]] = None,
              dpi: int = REPORT_DPI) -> list[PageImage]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        wanted = set(numbers) if numbers is not None else None
        out = []
        for i in range(len(pdf)):
            if wanted is not None and i + 1 not in wanted:
                continue
            page = pdf[i]
            width, height = page.get_size()
            image = page.render(scale=dpi / 72).to_pil()
            out.append(PageImage(i + 1, _jpeg(image), width, height))
            page.close()
        return out
    finally:
        pdf.close()


def image_pages(path: Path, numbers: Optional[Iterable[int]] = None) -> list[PageImage]:
    from PIL import Image, ImageOps

    wanted = set(numbers) if numbers is not None else None
    out = []
    with Image.open(path) as image:
        for index in range(getattr(image, "n_frames", 1)):
            if wanted is not None and index + 1 not in wanted:
                continue
            image.seek(index)
            frame = ImageOps.exif_transpose(image)  # boxes are on the upright page
            width, height = frame.size
            frame.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), reducing_gap=2.0)
            out.append(PageImage(index + 1, _jpeg(frame), width, height))
    return out


def page_images(path: Optional[Path], media_type: Optional[str],
                numbers: Optional[Iterable[int]] = None,
                dpi: int = REPORT_DPI) -> list[PageImage]:
    """The pages of ``path`` as images, or [] when it has none (text, DOCX, a file no
    longer there)."""
    if path is None or not Path(path).is_file() or not media_type:
        return []
    if media_type == "application/pdf":
        return pdf_pages(Path(path), numbers, dpi)
    if media_type.startswith("image/"):
        return image_pages(Path(path), numbers)
    return []
