"""``vanban review``: the offline HTML report (no browser here; see test_browser.py)."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from vanban.extractor import extract
from vanban.extractor.cli import main
from vanban.extractor.report import report_html
from vanban.extractor.report.verify import Boxes, missing_boxes
from vanban.models import ExtractOptions
from pg_cluster import pg_server, pg_url  # noqa: F401  (fixtures)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PDF = SAMPLES / "000_f68a9bf2efd8d56f.pdf"  # text layer
TXT = SAMPLES / "001_5534bf7f03225f13.txt"
SCAN = SAMPLES / "003_dcb338039ec5c25a.scan300.pdf"


def _offline(report: str) -> None:
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", report)
    assert "<link" not in report and "@import" not in report


@pytest.fixture(scope="module")
def pdf_result():
    return extract(PDF)


def test_pdf_report_boxes_every_item_on_its_page(pdf_result):
    report = report_html(pdf_result, PDF)
    n, problems = missing_boxes(pdf_result, report)
    assert n > 10 and problems == []
    parsed = Boxes()
    parsed.feed(report)
    assert parsed.pages == set(range(1, pdf_result.source.pages + 1))
    assert report.count("data:image/jpeg;base64,") == pdf_result.source.pages
    _offline(report)


def test_flagged_fields_come_first(pdf_result):
    pdf_result.document.review["title"].needs_review = True
    report = report_html(pdf_result, PDF)
    rows = re.findall(r'<tr id="row-([^"]+)"', report)
    assert rows[0] == "document.title"


def test_labels_in_vietnamese_and_english(pdf_result):
    assert "Độ tin cậy" in report_html(pdf_result, PDF)
    en = report_html(pdf_result, PDF, lang="en")
    assert "Confidence" in en and "Độ tin cậy" not in en and 'lang="en"' in en


def test_text_input_shows_the_text_with_items_highlighted():
    result = extract(TXT, options=ExtractOptions(include_text=True))
    report = report_html(result, TXT)
    assert "<img" not in report
    marks = re.findall(r'<mark id="box-([^"]+)"', report)
    assert "document.number" in marks and len(marks) > 5
    pre = re.search(r'<pre class="text">(.*)</pre>', report, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", pre)) == result.text.replace("\f", "\n\n")
    assert pre.count("<mark") == pre.count("</mark>")
    _offline(report)


def test_findings_link_to_their_evidence(pdf_result):
    report = report_html(pdf_result, PDF)
    for n, f in enumerate(pdf_result.findings):
        if f.provenance and f.provenance.page:
            assert f'href="#box-findings.{n}"' in report
            assert f'id="box-findings.{n}"' in report


def test_cli_writes_one_file(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["review", str(TXT), "-o", str(out), "--lang", "en"]) == 0
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_cli_bad_input_is_one_line(tmp_path, capsys):
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    assert main(["review", str(bad), "-o", str(tmp_path / "r.html")]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "x.pdf" in err and not (tmp_path / "r.html").exists()


def test_cli_over_a_batch_database(tmp_path):
    from vanban.extractor.batch import run_batch

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(PDF, src / PDF.name)
    shutil.copy(TXT, src / TXT.name)
    run_batch([src], tmp_path / "db", workers=1, progress=False)
    assert main(["review", str(tmp_path / "db" / "vanban.sqlite"), "-o", str(tmp_path / "rep")]) == 0
    pages = sorted(p.name for p in (tmp_path / "rep").glob("*.html"))
    assert "index.html" in pages and len(pages) == 3
    index = (tmp_path / "rep" / "index.html").read_text("utf-8")
    assert PDF.name in index and TXT.name in index
    pdf_report = next((tmp_path / "rep").glob(PDF.stem + "-*.html")).read_text("utf-8")
    assert "data:image/jpeg;base64," in pdf_report


def test_cli_over_a_server_database_with_a_correction(tmp_path, pg_url):
    """``vanban review --db URL -o DIR`` on PostgreSQL: one report per document, the
    reviewer's correction shown (and marked) in it."""
    from vanban.extractor.batch import Store, run_batch

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(TXT, src / TXT.name)
    run_batch([src], db=pg_url, workers=1, progress=False)
    with Store(pg_url) as store:
        doc = store.list_documents()[0]["id"]
        store.add_correction(doc, "document.place", "Thành phố Kiểm Thử", author="A")
    assert main(["review", "--db", pg_url, "-o", str(tmp_path / "rep")]) == 0
    pages = sorted(p.name for p in (tmp_path / "rep").glob("*.html"))
    assert "index.html" in pages and len(pages) == 2
    report = next(p for p in (tmp_path / "rep").glob(TXT.stem + "-*.html")).read_text("utf-8")
    assert "Thành phố Kiểm Thử" in report and "đã sửa" in report


def test_cli_review_needs_file_or_db(tmp_path, capsys):
    assert main(["review"]) == 2
    assert main(["review", "--db", str(tmp_path / "none.sqlite")]) == 2  # no -o


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_scan_report_boxes_every_item_on_its_page():
    result = extract(SCAN)
    n, problems = missing_boxes(result, report_html(result, SCAN))
    assert n > 10 and problems == []


SEED_SCANS = sorted((Path(__file__).resolve().parents[2] / "shared" / "samples").glob("*.page1.png"))


@pytest.mark.corpus
@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.skipif(not SEED_SCANS, reason="../shared/samples (seed scans) not available")
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
@pytest.mark.parametrize("scan", SEED_SCANS, ids=lambda p: p.name)
def test_seed_scan_report_boxes_every_item_on_its_page(scan):
    """The automated check of the acceptance on the seed scans (the dev scans and the
    multi-page seeds: bench/review_report.py)."""
    result = extract(scan)
    n, problems = missing_boxes(result, report_html(result, scan))
    assert n > 3 and problems == []


def test_a_joint_documents_signers_are_all_shown(tmp_path):
    path = tmp_path / "joint.txt"
    path.write_text(
        "SỞ NỘI VỤ - SỞ TÀI CHÍNH\nTỈNH BÌNH MINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nSố: 4/HD-SNV-STC\nBình Minh, ngày 05 tháng 3 năm 2021\n"
        "HƯỚNG DẪN LIÊN TỊCH\nVề việc A\nNội dung hướng dẫn.\n"
        "KT. GIÁM ĐỐC SỞ TÀI CHÍNH KT. GIÁM ĐỐC SỞ NỘI VỤ\nPHÓ GIÁM ĐỐC PHÓ GIÁM ĐỐC\n"
        "Lê Văn Hòa Đặng Thị Mai Anh\nNơi nhận:\n- UBND tỉnh;\n- Lưu: VT.\n", encoding="utf-8")
    report = html.unescape(report_html(extract(path, options=ExtractOptions(include_text=True)), path))
    assert "Phó Giám đốc / Đặng Thị Mai Anh; KT. Giám đốc Sở Tài chính" in report
