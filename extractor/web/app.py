"""The web app of ``vanban serve``: the HTTP API (:mod:`extractor.web.api`) and the
review screens, one FastAPI application with its OpenAPI page at ``/docs``.

:func:`create_app` builds it around a store and a job runner (the batch's worker
pool). Routers are listed in :data:`ROUTERS` (``"module:attribute"``) and included
with ``app.include_router``; an attribute that is no router but a factory (the review
screens' :func:`extractor.web.review.router`) is called with the app's store first. A module that
is not installed is skipped, so each piece can ship on its own.

With a ``token``, every request except ``/health`` and the OpenAPI pages needs ``Authorization: Bearer
<token>`` (or ``?token=``); ``vanban serve`` requires one for a non-local address.
"""
from __future__ import annotations

import hmac
import importlib
import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Optional

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from vanban.extractor import __version__
from vanban.extractor.batch.store import Store
from vanban.extractor.batch.work import ExtractRef
from vanban.extractor.batch.jobs import JobRunner

log = logging.getLogger("vanban.web")

#: routers included in the app, in order; a missing module is skipped
ROUTERS = [
    "vanban.extractor.web.api:router",
    "vanban.extractor.web.review:router",  # the review screens (issue 12)
]
OPEN_PATHS = ("/health", "/docs", "/docs/oauth2-redirect", "/openapi.json", "/redoc")


def include_routers(app: FastAPI, names=None) -> list[str]:
    """Include every router of ``names`` (default :data:`ROUTERS`) that can be imported."""
    included = []
    for name in names or ROUTERS:
        module, _, attr = name.partition(":")
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        router = getattr(mod, attr or "router")
        if not isinstance(router, APIRouter):  # a factory over the store (review screens)
            router = router(app.state.store)
        app.include_router(router)
        included.append(name)
    return included


def create_app(db: str | Path, *, upload_dir: Optional[str | Path] = None, workers: int = 1,
               max_upload_mb: float = 50, token: Optional[str] = None,
               timeout: Optional[float] = 1800.0, options_json: Optional[str] = None,
               extract_ref: ExtractRef = None) -> FastAPI:
    """The app over the database ``db`` (a SQLite path or a ``postgresql://`` URL).
    Uploads are kept in ``upload_dir`` (default: ``uploads/`` beside a SQLite file,
    ``./vanban-uploads`` for a server database)."""
    store = Store(db)
    if upload_dir is None:
        upload_dir = (Path(store.path).parent / "uploads") if store.is_sqlite \
            else Path("vanban-uploads")
    runner = JobRunner(store, workers=workers, timeout=timeout, options_json=options_json,
                       extract_ref=extract_ref)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        runner.start()
        try:
            yield
        finally:
            runner.stop()
            store.close()

    app = FastAPI(title="vanban", version=__version__, lifespan=lifespan,
                  description="Văn bản hành chính → dữ liệu có cấu trúc: tải lên, theo dõi "
                  "công việc, đọc văn bản (JSON theo hợp đồng), lịch (iCalendar).")
    app.state.store = store
    app.state.runner = runner
    app.state.upload_dir = Path(upload_dir)
    app.state.max_upload_bytes = int(max_upload_mb * (1 << 20))
    app.state.token = token

    @app.middleware("http")
    async def check_token(request: Request, call_next):
        if token and request.url.path not in OPEN_PATHS:
            given = request.headers.get("authorization", "")
            given = given[7:] if given.lower().startswith("bearer ") else \
                request.query_params.get("token", "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse({"detail": "cần mã truy cập (Authorization: Bearer …)"},
                                    status_code=401,
                                    headers={"WWW-Authenticate": "Bearer"})
        return await call_next(request)

    @app.get("/health", tags=["health"], summary="Health check")
    def health() -> JSONResponse:
        jobs = runner.health()
        try:
            store.is_empty()
            db_ok = True
        except Exception:  # noqa: BLE001 - reported, not raised
            db_ok = False
        ok = db_ok and jobs["running"]
        return JSONResponse({"status": "ok" if ok else "error", "version": __version__,
                             "database": db_ok, "jobs": jobs}, status_code=200 if ok else 503)

    include_routers(app)
    return app
