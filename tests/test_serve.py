"""``vanban serve``: the real FastAPI app on a real uvicorn (127.0.0.1), called with httpx.
Uploads run on the batch's worker pool with the real extractor."""
from __future__ import annotations

import asyncio
import io
import json
import time
from pathlib import Path

import httpx
import pytest
from icalendar import Calendar

from vanban.extractor.cli import main
from vanban.extractor.web.app import create_app
from pg_cluster import pg_server, pg_url  # noqa: F401  (fixtures)
from web_server import LiveServer

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED0 = SAMPLES / "000_f68a9bf2efd8d56f.txt"
SEEDS = sorted(SAMPLES.glob("*.txt"))


def extract_json(path: Path, capsys) -> dict:
    """What `vanban extract FILE` prints."""
    capsys.readouterr()
    assert main(["extract", str(path)]) == 0
    return json.loads(capsys.readouterr().out)


def wait_job(client: httpx.Client, job_id: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").raise_for_status().json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def upload(client: httpx.Client, path: Path, name: str | None = None) -> dict:
    with path.open("rb") as fh:
        r = client.post("/api/documents", files={"file": (name or path.name, fh)})
    assert r.status_code == 202, r.text
    return r.json()


@pytest.fixture
def server(tmp_path):
    app = create_app(tmp_path / "vanban.sqlite", workers=2)
    with LiveServer(app) as live:
        yield live


def test_upload_poll_read_list_and_calendar(server, tmp_path, capsys):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.get("/health").json()["status"] == "ok"
        assert "/api/documents" in client.get("/openapi.json").json()["paths"]
        assert client.get("/docs").status_code == 200
        job = upload(client, SEED0)
        assert job["status"] in ("queued", "running")
        job = wait_job(client, job["id"])
        assert job["status"] == "done", job
        doc = client.get(job["document_url"]).json()
        assert doc == extract_json(SEED0, capsys)  # the contract's JSON, as `extract` gives it
        # the same plan as DOCX: one document with two sources, one calendar
        job2 = wait_job(client, upload(client, SEED0.with_suffix(".docx"))["id"])
        assert job2["document_id"] == job["document_id"]
        sources = client.get(f"/api/documents/{job['document_id']}/sources").json()
        assert len(sources) == 2
        ics = client.get(f"/api/documents/{job['document_id']}/timetable.ics")
        assert ics.headers["content-type"].startswith("text/calendar")
        events = list(Calendar.from_ical(ics.content).walk("VEVENT"))
        assert len(events) == 15 and all(str(e["summary"]).startswith("01/KH-HKH")
                                         for e in events)
        # a file already stored is not extracted again: its job is done at once
        again = upload(client, SEED0, name="copy.txt")
        assert again["status"] == "done" and again["document_id"] == job["document_id"]
        # list with filters
        other = wait_job(client, upload(client, SEEDS[1])["id"])
        listed = client.get("/api/documents").json()
        assert {d["id"] for d in listed} == {job["document_id"], other["document_id"]}
        seed = next(d for d in listed if d["id"] == job["document_id"])
        assert seed["code"] == "01/KH-HKH" and seed["n_sources"] == 2
        by_issuer = client.get("/api/documents", params={"issuer": seed["issuer"].upper()})
        assert [d["id"] for d in by_issuer.json()] == [seed["id"]]
        day = seed["issue_date"]
        ranged = client.get("/api/documents", params={"date_from": day, "date_to": day}).json()
        assert [d["id"] for d in ranged] == [seed["id"]]
        for flag in ("has_errors", "needs_review"):
            yes = client.get("/api/documents", params={flag: "true"}).json()
            no = client.get("/api/documents", params={flag: "false"}).json()
            assert len(yes) + len(no) == 2
        # a correction through the API shows in the document and its calendar
        r = client.post(f"/api/documents/{seed['id']}/corrections",
                        json={"field_path": "document.code", "value": "01/KH-HKHQ",
                              "author": "kiểm thử"})
        assert r.status_code == 201, r.text
        doc = client.get(f"/api/documents/{seed['id']}").json()
        assert doc["document"]["code"] == "01/KH-HKHQ" and doc["corrections"][0]["applied"]
        assert client.post(f"/api/documents/{seed['id']}/corrections",
                           json={"field_path": "document.nothing.here", "value": 1}
                           ).status_code == 422
        assert client.get("/api/documents/0000000000000000").status_code == 404
        assert client.get("/api/jobs/nope").status_code == 404


def test_a_bad_file_is_a_failed_job(server):
    with httpx.Client(base_url=server.url, timeout=60) as client:
        r = client.post("/api/documents", files={"file": ("noise.pdf", b"%PDF-1.7 broken")})
        job = wait_job(client, r.json()["id"])
        assert job["status"] == "failed" and job["error_kind"] and job["error_message"]
        empty = client.post("/api/documents", files={"file": ("empty.txt", b"")})
        assert empty.status_code == 400


@pytest.fixture(params=["sqlite", "postgresql"])
def any_server(request, tmp_path):
    db = tmp_path / "vanban.sqlite" if request.param == "sqlite" \
        else request.getfixturevalue("pg_url")
    app = create_app(db, upload_dir=tmp_path / "uploads", workers=2)
    with LiveServer(app) as live:
        yield live


def test_twenty_concurrent_uploads_nothing_lost_or_duplicated(any_server, tmp_path):
    server = any_server
    files = []
    for i in range(20):
        text = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8") + f"\nBản sao số {i}\n"
        files.append((f"doc{i:02d}.txt", text.encode("utf-8")))

    async def send_all():
        async with httpx.AsyncClient(base_url=server.url, timeout=120) as client:
            rs = await asyncio.gather(*(client.post("/api/documents", files={"file": f})
                                        for f in files))
            return [r.json() for r in rs if r.status_code == 202]

    jobs = asyncio.run(send_all())
    assert len(jobs) == 20 and len({j["id"] for j in jobs}) == 20
    with httpx.Client(base_url=server.url, timeout=60) as client:
        done = [wait_job(client, j["id"]) for j in jobs]
        assert all(j["status"] == "done" for j in done), [j for j in done if j["status"] != "done"]
        listed = client.get("/api/documents", params={"limit": 1000}).json()
        per_doc = {}
        for d in listed:
            per_doc[d["id"]] = client.get(f"/api/documents/{d['id']}/sources").json()
    import hashlib

    shas = {hashlib.sha256(data).hexdigest() for _, data in files}
    stored = [s["sha256"] for srcs in per_doc.values() for s in srcs]
    assert sorted(stored) == sorted(shas)  # every upload stored once, none twice
    for j in done:
        assert j["sha256"] in {s["sha256"] for s in per_doc[j["document_id"]]}
    store = server.server.config.app.state.store
    assert store.count("jobs") == 20 and store.count("sources") == 20


def test_size_limit_and_token(tmp_path):
    app = create_app(tmp_path / "vanban.sqlite", workers=1, max_upload_mb=0.01, token="s3cret")
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        assert client.get("/health").status_code == 200  # open: for monitors
        assert client.get("/api/documents").status_code == 401
        assert client.get("/api/documents", headers={"Authorization": "Bearer wrong"}
                          ).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        assert client.get("/api/documents", headers=auth).json() == []
        big = io.BytesIO(b"x" * 20000)
        r = client.post("/api/documents", files={"file": ("big.txt", big)}, headers=auth)
        assert r.status_code == 413
        r = client.post("/api/documents", files={"file": ("ok.txt", SEED0.read_bytes()[:5000])},
                        headers=auth)
        assert r.status_code == 202
    leftovers = [p for p in (tmp_path / "uploads").rglob("*") if p.name.startswith(".upload")]
    assert leftovers == []


def test_serve_refuses_a_public_address_without_token(capsys):
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert "--token" in err and len(err.strip().splitlines()) == 1


@pytest.mark.ocr
@pytest.mark.slow
def test_seed_scans_give_the_same_json_as_extract(server, capsys):
    scans = sorted(SAMPLES.glob("*.scan*.pdf"))
    assert scans
    with httpx.Client(base_url=server.url, timeout=60) as client:
        jobs = [upload(client, p) for p in scans]
        done = [wait_job(client, j["id"], timeout=900) for j in jobs]
        for path, job in zip(scans, done):
            assert job["status"] == "done", job
            want = extract_json(path, capsys)
            assert client.get(f"/api/sources/{job['sha256']}").json() == want
        # the scans of one plan are one document; its JSON is the best scan's result
        assert len({j["document_id"] for j in done}) == 1
        doc = client.get(done[0]["document_url"]).json()
        assert doc in [extract_json(p, capsys) for p in scans]


def test_upload_names_cannot_leave_the_upload_folder():
    from vanban.extractor.web.api import safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("..") == "upload" and safe_name("") == "upload"
    assert safe_name("Kế hoạch 01.pdf") == "Kế hoạch 01.pdf"
    assert "/" not in safe_name("a/b\\c:d\x00e.pdf")


def test_jobs_left_unfinished_by_a_stop_run_at_the_next_start(tmp_path):
    """The server was killed with a job queued: the upload and its row survived, the next
    start runs it."""
    import shutil

    from vanban.extractor.batch import Store
    from vanban.extractor.pipeline import sha256_file

    kept = tmp_path / "uploads" / "x" / SEED0.name
    kept.parent.mkdir(parents=True)
    shutil.copy(SEED0, kept)
    with Store(tmp_path / "vanban.sqlite") as store:
        job_id = store.create_job("api", SEED0.name, str(kept), sha256_file(kept),
                                  status="running")
    app = create_app(tmp_path / "vanban.sqlite", workers=1)
    with LiveServer(app) as live, httpx.Client(base_url=live.url, timeout=60) as client:
        job = wait_job(client, job_id)
        assert job["status"] == "done" and job["document_id"]
