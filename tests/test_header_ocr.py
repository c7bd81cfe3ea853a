"""The header read from a scan, end to end through the OCR loader (one small crop)."""
from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "000_f68a9bf2efd8d56f.page1.png"
# (a corpus test: the full-page scan ships only in ../shared)

pytestmark = [
    pytest.mark.ocr,
    pytest.mark.corpus,
    pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed"),
    pytest.mark.skipif(not SAMPLE.exists(), reason="corpus test: ../shared/samples is not beside the repository"),
]


def test_header_of_a_scanned_first_page(tmp_path):
    from PIL import Image

    from vanban.extractor.loaders import load
    from vanban.extractor.parsers.header import parse_header
    from vanban.models import ExtractOptions

    with Image.open(SAMPLE) as im:  # the top quarter: the two-column header and the title
        im.crop((0, 0, im.width, im.height // 4)).save(tmp_path / "head.png")
    info = parse_header(load(tmp_path / "head.png", ExtractOptions()).text)
    doc = info.document
    assert (doc.number, doc.symbol) == ("01", "KH-HKH")
    assert doc.issuer == "Hội Khuyến học quận Long Biên"
    assert (doc.place, doc.issue_date) == ("Long Biên", date(2021, 1, 19))
    assert doc.doc_type == "ke_hoach"
    assert doc.title == "Hoạt động của Hội Khuyến học quận Long Biên năm 2021"
    assert info.national_title is not None and info.national_title.misspelled  # CÔNG HOÀ
    assert doc.provenance["number"].source == "ocr" and doc.provenance["number"].bbox
