"""The review screens of ``vanban serve`` over a batch database, in the app with the
HTTP API, through FastAPI's test client (the same screens in a real browser:
test_browser.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from vanban.extractor.batch import run_batch
from vanban.extractor.web.app import create_app

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("web")
    src = tmp / "in"
    src.mkdir()
    for name in ("000_f68a9bf2efd8d56f.pdf", "001_5534bf7f03225f13.txt"):
        shutil.copy(SAMPLES / name, src / name)
    run_batch([src], tmp / "db", workers=1, progress=False)
    return TestClient(create_app(tmp / "db" / "vanban.sqlite", upload_dir=tmp / "up"))


def _doc(client, suffix):
    return next(d for d in client.get("/api/documents").json() if d["path"].endswith(suffix))


def test_queue_and_page_view(client):
    html = client.get("/review/").text
    assert "000_f68a9bf2efd8d56f.pdf" in html and "001_5534bf7f03225f13.txt" in html
    pdf = _doc(client, ".pdf")
    page = client.get(f"/review/doc/{pdf['id']}").text
    assert f'/review/doc/{pdf["id"]}/page/1.jpg' in page and 'data-path="document.number"' in page
    img = client.get(f"/review/doc/{pdf['id']}/page/1.jpg")
    assert img.status_code == 200 and img.content[:2] == b"\xff\xd8"
    assert client.get(f"/review/doc/{pdf['id']}/page/99.jpg").status_code == 404
    txt = _doc(client, ".txt")
    assert "<mark" in client.get(f"/review/doc/{txt['id']}").text  # text input: highlighted
    assert client.get("/review/doc/nope").status_code == 404


def test_form_correction_accept_and_api(client):
    txt = _doc(client, ".txt")
    url = f"/review/doc/{txt['id']}"
    r = client.post(url + "/correct", data={"v:document.place": "Hà Nội", "by": "B"},
                    follow_redirects=False)
    assert r.status_code == 303
    result = client.get(f"/api/documents/{txt['id']}").json()
    assert result["document"]["place"] == "Hà Nội"
    assert result["document"]["review"]["place"]["corrected"] is True
    # accept a flag: the value stays, the flag goes
    r = client.post(url + "/correct", data={"accept": "document.title", "by": "B"},
                    follow_redirects=False)
    assert r.status_code == 303
    after = client.get(f"/api/documents/{txt['id']}").json()
    assert after["document"]["title"] == result["document"]["title"]
    assert after["document"]["review"]["title"]["needs_review"] is False
    bad = client.post(url + "/correct", data={"v:document.issue_date": "32/13/2020"})
    assert bad.status_code == 422
    paths = [c["field_path"] for c in client.get(
        f"/api/documents/{txt['id']}/corrections").json()]
    assert paths == ["document.place", "document.title"]


def test_a_timetable_row_is_corrected_from_its_form(client):
    txt = _doc(client, ".txt")
    result = client.get(f"/api/documents/{txt['id']}").json()
    assert result["timetable"], "the sample has a timetable"
    page = client.get(f"/review/doc/{txt['id']}").text
    assert 'data-path="timetable.0.task"' in page and 'data-path="timetable.0.end"' in page
    r = client.post(f"/review/doc/{txt['id']}/correct",
                    data={"v:timetable.0.end": "30/06/2022", "v:timetable.0.lead": "Văn phòng",
                          "v:timetable.0.task": result["timetable"][0]["task"], "by": "C"},
                    follow_redirects=False)
    assert r.status_code == 303
    row = client.get(f"/api/documents/{txt['id']}").json()["timetable"][0]
    assert (row["end"], row["lead"]) == ("2022-06-30", "Văn phòng")
    assert row["review"]["corrected"] is True
    mine = [c["field_path"] for c in client.get(
        f"/api/documents/{txt['id']}/corrections").json()
            if c["author"] == "C"]
    assert sorted(mine) == ["timetable.0.end", "timetable.0.lead"]  # unchanged task: none


def test_a_reference_is_corrected_and_its_flag_accepted(client):
    pdf = _doc(client, ".pdf")
    result = client.get(f"/api/documents/{pdf['id']}").json()
    assert result["references"]
    page = client.get(f"/review/doc/{pdf['id']}").text
    assert 'data-path="references.0.code"' in page
    r = client.post(f"/review/doc/{pdf['id']}/correct",
                    data={"accept": "references.0.code", "by": "D"}, follow_redirects=False)
    assert r.status_code == 303
    ref = client.get(f"/api/documents/{pdf['id']}").json()["references"][0]
    assert ref["code"] == result["references"][0]["code"]
    assert ref["review"]["corrected"] is True and ref["review"]["needs_review"] is False


def test_serve_app_has_the_api_and_the_review_screens(tmp_path):
    """`vanban serve`'s app includes the review router over its own store: a correction
    made on a review screen is the API's too, and the reverse."""
    from vanban.extractor.web.app import create_app

    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "001_5534bf7f03225f13.txt", src)
    run_batch([src], tmp_path / "db", workers=1, progress=False)
    app = create_app(tmp_path / "db" / "vanban.sqlite", upload_dir=tmp_path / "up")
    c = TestClient(app)
    doc = c.get("/api/documents").json()[0]
    assert doc["id"] in c.get("/review/").text
    r = c.post(f"/review/doc/{doc['id']}/correct", data={"v:document.place": "Huế", "by": "E"},
               follow_redirects=False)
    assert r.status_code == 303
    assert c.get(f"/api/documents/{doc['id']}").json()["document"]["place"] == "Huế"
    r = c.post(f"/api/documents/{doc['id']}/corrections",
               json={"field_path": "document.place", "value": "Đà Nẵng", "author": "F"})
    assert r.status_code == 201, r.text
    assert c.get(f"/api/documents/{doc['id']}").json()["document"]["place"] == "Đà Nẵng"
    assert [m["author"] for m in c.get(f"/api/documents/{doc['id']}/corrections").json()] \
        == ["E", "F"]
