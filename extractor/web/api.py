"""The HTTP API of ``vanban serve`` (an :class:`fastapi.APIRouter` mounted at ``/api``).

    POST /api/documents                     upload a file → 202 and a job
    GET  /api/jobs/{job_id}                 the job: queued | running | done | failed
    GET  /api/documents                     list, filtered by issuer, date range, errors, review
    GET  /api/documents/{doc_id}            the document as the contract's JSON
    GET  /api/documents/{doc_id}/sources    the files it was read from
    GET  /api/documents/{doc_id}/timetable.ics   its timetable as iCalendar
    GET  /api/documents/{doc_id}/corrections     reviewers' corrections
    POST /api/documents/{doc_id}/corrections     add one
    GET  /api/sources/{sha256}              one file's own result, as ``vanban extract`` gives it

The app's state (``request.app.state``) holds the store, the job runner, the upload
folder and the size limit (see :mod:`extractor.web.app`).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any, Optional

from fastapi import APIRouter, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

router = APIRouter(prefix="/api", tags=["api"])
CHUNK = 1 << 20


class JobOut(BaseModel):
    id: str
    status: str = Field(description="queued | running | done | failed")
    name: Optional[str] = None
    sha256: Optional[str] = None
    document_id: Optional[str] = None
    document_url: Optional[str] = None
    error_kind: Optional[str] = None
    error_message: Optional[str] = None
    created_at: Optional[str] = None
    updated_at: Optional[str] = None


class DocumentSummary(BaseModel):
    id: str
    code: Optional[str] = None
    doc_type: Optional[str] = None
    doc_type_label: Optional[str] = None
    issuer: Optional[str] = None
    issue_date: Optional[str] = None
    title: Optional[str] = None
    needs_review: bool = False
    n_errors: Optional[int] = None
    n_findings: Optional[int] = None
    n_timetable: Optional[int] = None
    n_sources: int = 0
    n_corrections: int = 0
    path: Optional[str] = Field(None, description="the file its values are read from")


class CorrectionIn(BaseModel):
    field_path: str = Field(description="e.g. document.title, timetable.2.end")
    value: Any = Field(description="the new value, as the contract's JSON writes it")
    author: Optional[str] = None


def _job_out(job: dict) -> JobOut:
    out = JobOut(**{k: job.get(k) for k in JobOut.model_fields if k in job})
    if job.get("document_id"):
        out.document_url = f"/api/documents/{job['document_id']}"
    return out


_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_name(name: Optional[str]) -> str:
    """A file name that stays inside the upload folder (no path, no control chars)."""
    base = unicodedata.normalize("NFC", Path(name or "").name).strip()
    base = _UNSAFE.sub("_", base).strip(". ") or "upload"
    return base[:150]


@router.post("/documents", status_code=202, response_model=JobOut,
             summary="Upload a document; extraction runs as a job")
async def upload(request: Request, file: UploadFile) -> JobOut:
    state = request.app.state
    limit = state.max_upload_bytes
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise HTTPException(413, f"tệp quá lớn (giới hạn {limit // (1 << 20)} MB)")
    folder = Path(state.upload_dir)
    folder.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(prefix=".upload.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            while chunk := await file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise HTTPException(413, f"tệp quá lớn (giới hạn {limit // (1 << 20)} MB)")
                digest.update(chunk)
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if size == 0:
            raise HTTPException(400, "tệp rỗng")
        sha = digest.hexdigest()
        dest = folder / sha[:16] / safe_name(file.filename)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, dest)  # the file is whole before any job points at it
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    job_id = await run_in_threadpool(state.runner.submit, dest, sha, file.filename or dest.name)
    return _job_out(await run_in_threadpool(state.store.job, job_id))


@router.get("/jobs/{job_id}", response_model=JobOut, summary="A job's state")
def get_job(job_id: str, request: Request) -> JobOut:
    job = request.app.state.store.job(job_id)
    if job is None:
        raise HTTPException(404, "không có công việc này")
    return _job_out(job)


@router.get("/documents", response_model=list[DocumentSummary], summary="List documents")
def list_documents(request: Request,
                   issuer: Optional[str] = Query(None, description="part of the issuer's name"),
                   code: Optional[str] = Query(None, description="part of the code"),
                   date_from: Optional[date] = Query(None, description="issued on or after"),
                   date_to: Optional[date] = Query(None, description="issued on or before"),
                   has_errors: Optional[bool] = Query(None, description="error findings"),
                   needs_review: Optional[bool] = Query(None),
                   limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    rows = request.app.state.store.list_documents(
        issuer=issuer, code=code, date_from=date_from, date_to=date_to, has_errors=has_errors,
        needs_review=needs_review, limit=limit, offset=offset)
    return [DocumentSummary(**{k: r.get(k) for k in DocumentSummary.model_fields if k in r})
            for r in rows]


def _document(request: Request, doc_id: str) -> dict:
    data = request.app.state.store.document_json(doc_id)
    if data is None:
        raise HTTPException(404, "không có văn bản này")
    return data


@router.get("/documents/{doc_id}", summary="A document as the contract's JSON "
            "(corrections applied and listed under 'corrections')")
def get_document(doc_id: str, request: Request) -> JSONResponse:
    return JSONResponse(_document(request, doc_id))


@router.get("/documents/{doc_id}/sources", summary="The files a document was read from")
def get_sources(doc_id: str, request: Request) -> list[dict]:
    _document(request, doc_id)
    return request.app.state.store.sources(doc_id)


@router.get("/documents/{doc_id}/timetable.ics", summary="A document's timetable as iCalendar",
            response_class=Response, responses={200: {"content": {"text/calendar": {}}}})
def get_ics(doc_id: str, request: Request) -> Response:
    from vanban.extractor.exports import ics_text
    from vanban.models import ExtractionResult

    result = ExtractionResult.model_validate(_document(request, doc_id))
    return Response(ics_text([result]), media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{doc_id}.ics"'})


@router.get("/documents/{doc_id}/corrections", summary="Reviewers' corrections, oldest first")
def get_corrections(doc_id: str, request: Request) -> list[dict]:
    _document(request, doc_id)
    return request.app.state.store.corrections(doc_id)


@router.post("/documents/{doc_id}/corrections", status_code=201, summary="Correct one field")
def post_correction(doc_id: str, body: CorrectionIn, request: Request) -> dict:
    try:
        return request.app.state.store.add_correction(doc_id, body.field_path, body.value,
                                                      author=body.author)
    except KeyError:
        raise HTTPException(404, "không có văn bản này") from None
    except ValueError as exc:
        raise HTTPException(422, str(exc).splitlines()[0]) from None


@router.get("/sources/{sha256}", summary="One file's own result (as `vanban extract` gives it)")
def get_source(sha256: str, request: Request) -> JSONResponse:
    store = request.app.state.store
    if store.document_of(sha256) is None:
        raise HTTPException(404, "không có tệp này")
    return JSONResponse(json.loads(store.source_json(sha256)))
