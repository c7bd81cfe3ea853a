"""Browser tests in a real headless Chromium: the report's boxes lie over the words they
name, and a correction made in the app of ``vanban serve`` reaches the exports.
Screenshots are written only when asked: ``VANBAN_SCREENSHOTS=docs pytest tests/test_browser.py``
regenerates the pictures of docs/review.md."""
from __future__ import annotations

import csv
import io
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from browser import chromium, needs_chromium, shot

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SCAN = SAMPLES / "003_dcb338039ec5c25a.scan300.pdf"

pytestmark = [needs_chromium, pytest.mark.browser]


def _overlap(a, b) -> float:
    """Area of a∩b."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(0.0, w) * max(0.0, h)


def _area(a) -> float:
    return max(0.0, a[2] - a[0]) * max(0.0, a[3] - a[1])


def _code_words(text, code: str, page: int):
    """The OCR words that spell the document code on ``page``, found by their text alone
    (not through the parser's span): pieces of the code of 2+ characters on one line."""
    key = re.sub(r"\s", "", code)
    for line in text.lines:
        if line.page != page:
            continue
        words = [w for w in line.words
                 if len(re.sub(r"^Số:?", "", w.text).strip(".,;:")) >= 2
                 and re.sub(r"^Số:?", "", w.text).strip(".,;:") in key]
        if words and "".join(re.sub(r"^Số:?", "", w.text).strip(".,;:")
                             for w in words).replace(" ", "") == key:
            return words
    return []


@pytest.mark.ocr
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_report_box_of_the_code_lies_over_its_ocr_words(tmp_path):
    from vanban.extractor.loaders import load
    from vanban.extractor.pipeline import extract_text
    from vanban.extractor.report import report_html
    from vanban.extractor.text import union_bbox
    from vanban.models import ExtractOptions, Source

    loaded = load(SCAN, ExtractOptions())
    result = extract_text(loaded.text, source=Source(
        file=SCAN.name, media_type=loaded.media_type, pages=loaded.pages,
        text_source=loaded.text_source))
    code, prov = result.document.code, result.document.provenance["code"]
    assert code and prov.page == 1
    words = _code_words(loaded.text, code, prov.page)
    assert words, f"no OCR words spell {code!r}"
    truth = union_bbox([w.bbox for w in words])
    report = tmp_path / "report.html"
    report.write_text(report_html(result, SCAN), "utf-8")

    with chromium() as driver:
        driver.get(report.as_uri())
        geometry = driver.execute_script("""
            const box = document.querySelector('.box[data-item="document.code"]');
            const sec = box.closest('section.page');
            const img = sec.querySelector('img');
            const b = box.getBoundingClientRect(), i = img.getBoundingClientRect();
            return {page: +sec.dataset.page, w: +sec.dataset.width, h: +sec.dataset.height,
                    box: [b.left - i.left, b.top - i.top, b.right - i.left, b.bottom - i.top],
                    img: [i.width, i.height], loaded: img.complete && img.naturalWidth > 0};
        """)
        assert geometry["loaded"]
        assert geometry["page"] == prov.page
        sx, sy = geometry["w"] / geometry["img"][0], geometry["h"] / geometry["img"][1]
        b = geometry["box"]
        drawn = (b[0] * sx, b[1] * sy, b[2] * sx, b[3] * sy)  # back in PDF points
        inter = _overlap(drawn, truth)
        # the drawn box covers the code's words and is not much bigger (2px borders)
        assert inter >= 0.9 * _area(truth), (drawn, truth)
        assert inter >= 0.6 * _area(drawn), (drawn, truth)
        driver.execute_script("document.querySelector('.box[data-item=\"document.code\"]')"
                              ".scrollIntoView({block:'start'}); window.scrollBy(0,-80);")
        shot(driver, "review-report.png")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def app_server(tmp_path):
    import uvicorn

    from vanban.extractor.batch import run_batch
    from vanban.extractor.web.app import create_app

    src = tmp_path / "in"
    src.mkdir()
    for name in ("000_f68a9bf2efd8d56f.pdf", "001_5534bf7f03225f13.txt"):
        shutil.copy(SAMPLES / name, src / name)
    run_batch([src], tmp_path / "db", workers=1, progress=False)
    port = _free_port()
    # the whole app of `vanban serve`: the HTTP API and the review screens on one store
    app = create_app(tmp_path / "db" / "vanban.sqlite", upload_dir=tmp_path / "uploads")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", tmp_path / "db"
    server.should_exit = True
    thread.join(10)


def test_app_edit_reaches_csv_and_xlsx(app_server):
    import httpx
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    from selenium.webdriver.support.expected_conditions import staleness_of
    from selenium.webdriver.support.ui import WebDriverWait

    base, db = app_server
    with chromium() as driver:
        driver.get(base + "/review/")
        links = driver.find_elements(By.CSS_SELECTOR, "#queue a")
        assert len(links) == 2
        shot(driver, "review-app-queue.png")
        next(a for a in links if a.text.endswith(".pdf")).click()
        who = WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, "who"))
        who.send_keys("Chuyên viên A")
        field = driver.find_element(By.CSS_SELECTOR, 'input[data-path="document.number"]')
        old = field.get_attribute("value")
        field.clear()
        field.send_keys("777")
        form = field.find_element(By.XPATH, "./ancestor::form")
        form.find_element(By.CSS_SELECTOR, "button[name=save]").click()
        # back on the page view (the same kind of page: the old form must be gone first, or
        # its input is found and goes stale under the reload): the value is the clerk's and
        # marked corrected
        WebDriverWait(driver, 30).until(staleness_of(form))
        field = driver.find_element(By.CSS_SELECTOR, 'input[data-path="document.number"]')
        assert field.get_attribute("value") == "777"
        row = driver.find_element(By.ID, "row-document.number")
        assert "777" in row.text and ("đã sửa" in row.text)
        driver.execute_script("document.getElementById('row-document.number')"
                              ".scrollIntoView({block:'center'})")
        shot(driver, "review-app-edit.png")

    csv_text = httpx.get(base + "/review/export/documents.csv").text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    row = next(r for r in rows if r["file"].endswith(".pdf"))
    assert row["number"] == "777" and "document.number" in row["corrections"]
    xlsx = httpx.get(base + "/review/export/vanban.xlsx").content
    from vanban.extractor.exports import header
    ws = load_workbook(io.BytesIO(xlsx)).worksheets[0]  # the documents sheet
    col = header("documents").index("number")
    numbers = [r[col].value for r in ws.iter_rows(min_row=2)]
    assert "777" in numbers and old not in numbers
    assert ws.cell(row=numbers.index("777") + 2, column=col + 1).fill.fgColor.rgb.endswith(
        "FFF2CC")  # marked as a reviewer's value
    # the correction as the HTTP API of the same app gives it
    doc_id = next(d["id"] for d in httpx.get(base + "/api/documents").json()
                  if d["path"].endswith(".pdf"))
    corrections = httpx.get(f"{base}/api/documents/{doc_id}/corrections").json()
    assert corrections[0]["author"] == "Chuyên viên A" and corrections[0]["old_value"] == old
    doc = httpx.get(f"{base}/api/documents/{doc_id}").json()
    assert doc["document"]["number"] == "777"
    assert doc["corrections"][0]["field_path"] == "document.number"
    assert doc["document"]["review"]["number"]["corrected"]
