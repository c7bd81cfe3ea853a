"""The review screens of ``vanban serve``, as a FastAPI router over the store
(:class:`~extractor.batch.store.Store`, seen through :class:`~extractor.web.store.ReviewStore`);
documents are keyed by their document id:

- ``GET  {prefix}/``                      the queue, flagged documents first;
- ``GET  {prefix}/doc/{id}``              the page view of ``vanban review`` with an edit
  form per field and timetable row, and an accept button per flag;
- ``POST {prefix}/doc/{id}/correct``      the form's target (one correction per changed
  value; ``accept`` stores the current value as the clerk's);
- ``GET  {prefix}/doc/{id}/page/{n}.jpg`` a page image;
- ``GET  {prefix}/export/{documents,references,targets,timetable,findings}.csv`` and
  ``{prefix}/export/vanban.xlsx``: the exports with corrections applied.

``vanban serve`` includes it (:data:`extractor.web.app.ROUTERS`) with its own store:
``app.include_router(router(store))``. The JSON of the same documents and their
corrections is the app's API (:mod:`extractor.web.api`, ``/api/documents/{id}``…), not
repeated here.
"""
import html
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Optional, Union
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from vanban.extractor.batch.corrections import FieldPathError, as_text, get_at
from vanban.extractor.report import collect, source_text
from vanban.extractor.report.html import columns_html, document_html
from vanban.extractor.report.labels import labels
from vanban.extractor.report.pages import page_images
from vanban.extractor.batch.store import Store
from vanban.extractor.web.store import CorrectionError, ReviewStore

#: header fields a clerk may edit (the rest are derived or compound)
EDITABLE = ("doc_type", "doc_type_label", "number", "symbol", "code", "issuer",
            "issuer_parent", "place", "issue_date", "title", "signer.name", "signer.position",
            "signer.authority", "recipients")
ROW_FIELDS = ("task", "start", "end", "lead", "owners")
REFERENCE_FIELDS = ("code", "date", "issuer")
TARGET_FIELDS = ("value", "unit", "due")

WEB_CSS = """
#panel{flex:3}
table.fields td:first-child{width:7em}
.edit form{display:flex;flex-direction:column;gap:2px;margin:0}
.edit input[type=text]{width:11em;font-size:12px}
.edit label{font-size:11px;color:#555}
.edit button{font-size:12px}
header.top .who{float:right;font-size:13px}
header.top a{color:#fff}
"""
WEB_SCRIPT = """
var who=document.getElementById('who');
if(who){who.value=localStorage.getItem('vanban-who')||'';
 who.addEventListener('change',function(){localStorage.setItem('vanban-who',who.value)});
 document.querySelectorAll('form.correct').forEach(function(f){f.addEventListener('submit',
  function(){f.querySelector('input[name=by]').value=who.value})})}
"""


def _esc(v) -> str:
    return html.escape("" if v is None else str(v), quote=True)


def item_paths(item) -> list[tuple[str, str]]:
    """(label, result path) of the values an item's edit form offers."""
    if item.family == "header":
        return [("", f"document.{item.field}")] if item.field in EDITABLE else []
    if item.family == "timetable":
        return [(f, f"{item.id}.{f}") for f in ROW_FIELDS]
    if item.family == "reference" and item.id.endswith(".0"):  # the first mention's row
        ref = item.id.rsplit(".", 1)[0]
        return [(f, f"{ref}.{f}") for f in REFERENCE_FIELDS]
    if item.family == "target":
        return [(f, f"{item.id}.{f}") for f in TARGET_FIELDS]
    return []


def get_path(data: dict, path: str):
    """The value at ``path``, None when the field (or its object) was not read."""
    try:
        return get_at(data, path)
    except FieldPathError:
        return None


def router(store: Union[Store, ReviewStore], *, prefix: str = "/review", lang: str = "vi",
           image_dpi: int = 100):
    if not isinstance(store, ReviewStore):
        store = ReviewStore(store)
    api = APIRouter(prefix=prefix, tags=["review"])
    lab = labels(lang)

    @lru_cache(maxsize=64)
    def _render(path: Optional[Path], media_type: Optional[str], _mtime: float):
        return page_images(path, media_type, dpi=image_dpi)

    def _pages(doc_id: str, media_type: Optional[str]):
        # keyed by the file (and its time): a better source may come, a file may change
        path = store.source_path(doc_id)
        return _render(path, media_type, path.stat().st_mtime if path else 0.0)

    def _result(doc_id: str):
        result = store.get_result(doc_id)
        if result is None:
            raise HTTPException(404, f"no document {doc_id}")
        return result

    @api.get("/", response_class=HTMLResponse)
    def queue() -> str:
        rows = "".join(
            f'<tr class="{"flagged" if d.needs_review else ""}" data-doc="{_esc(d.id)}">'
            f'<td><a href="{prefix}/doc/{_esc(d.id)}" title="{_esc(d.file)}">'
            f'{_esc(Path(d.file).name)}</a></td>'
            f'<td>{_esc(d.doc_type)}</td><td>{_esc(d.code)}</td><td>{_esc(d.issue_date)}</td>'
            f'<td>{d.flagged}</td><td>{d.corrections or ""}</td></tr>'
            for d in store.list_documents())
        return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>'
                f'{lab["documents"]}</title><style>body{{font-family:system-ui,sans-serif;'
                f'margin:16px}}tr.flagged{{background:#fff4e5}}td,th{{padding:4px 10px;'
                f'text-align:left;border-bottom:1px solid #ddd}}</style></head><body>'
                f'<h1>{lab["documents"]}</h1><p><a href="{prefix}/export/documents.csv">CSV</a>'
                f' · <a href="{prefix}/export/vanban.xlsx">XLSX</a></p><table id="queue"><tr>'
                f'<th>{lab["file"]}</th>{columns_html(lab)}<th>{lab["needs_review"]}</th>'
                f'<th>{lab["corrected"]}</th></tr>{rows}</table></body></html>')

    @api.get("/doc/{doc_id}", response_class=HTMLResponse)
    def page_view(doc_id: str) -> str:
        result = _result(doc_id)
        data = result.model_dump(mode="json")
        items = collect(result)
        action = f"{prefix}/doc/{quote(doc_id)}/correct"

        def edit_cell(item) -> str:
            paths = item_paths(item)
            if not paths:
                return "<td></td>"
            inputs = "".join(
                (f'<label>{_esc(name)}</label>' if name else "") +
                f'<input type="text" name="v:{_esc(path)}" data-path="{_esc(path)}" '
                f'value="{_esc(as_text(get_path(data, path)))}">'
                for name, path in paths)
            accept = (f'<button name="accept" value="{_esc(paths[0][1])}">✓ '
                      f'{"Chấp nhận" if lang == "vi" else "Accept"}</button>'
                      if item.flagged else "")
            return (f'<td class="edit"><form class="correct" method="post" action="{action}">'
                    f'{inputs}<input type="hidden" name="by" value="">'
                    f'<button type="submit" name="save" value="1">'
                    f'{"Lưu" if lang == "vi" else "Save"}</button>{accept}</form></td>')

        top = (f'<span class="who"><a href="{prefix}/">{lab["documents"]}</a> · '
               f'{"Người sửa" if lang == "vi" else "Your name"}: <input id="who" size="12"></span>')
        pages = _pages(doc_id, result.source.media_type)
        text = result.text
        if not pages and text is None:
            text = source_text(store.source_path(doc_id))
        return document_html(
            result, items, pages, lang, text,
            edit_cell=edit_cell, top=top, extra_css=WEB_CSS, extra_script=WEB_SCRIPT,
            image_src=lambda p: f"{prefix}/doc/{quote(doc_id)}/page/{p.number}.jpg")

    @api.post("/doc/{doc_id}/correct")
    async def correct_form(doc_id: str, request: Request):
        form = await request.form()
        result = _result(doc_id)
        data = result.model_dump(mode="json")
        by = (form.get("by") or "").strip() or None
        try:
            if form.get("accept"):
                path = str(form["accept"])
                store.add_correction(doc_id, path, get_path(data, path), by, typed=True)
            else:
                for key, value in form.items():
                    if not key.startswith("v:"):
                        continue
                    path, value = key[2:], str(value)
                    if (as_text(get_path(data, path)) or "") != value:
                        store.add_correction(doc_id, path, value or None, by)
        except CorrectionError as exc:
            raise HTTPException(422, str(exc))
        return RedirectResponse(f"{prefix}/doc/{quote(doc_id)}", status_code=303)

    @api.get("/doc/{doc_id}/page/{number}.jpg")
    def page_image(doc_id: str, number: int):
        result = _result(doc_id)
        for page in _pages(doc_id, result.source.media_type):
            if page.number == number:
                return Response(page.jpeg, media_type="image/jpeg")
        raise HTTPException(404, f"no page {number}")

    def _all_results():
        return list(store.store.iter_results())  # every document, corrections applied

    @api.get("/export/{name}")
    def export(name: str):
        from vanban.extractor.exports import FAMILIES, write_csv_dir, write_xlsx

        from starlette.background import BackgroundTask

        family = name.removesuffix(".csv")
        if name != "vanban.xlsx" and not (name.endswith(".csv") and family in FAMILIES):
            raise HTTPException(404, f"no export {name}")
        tmp = Path(tempfile.mkdtemp(prefix="vanban-export-"))
        cleanup = BackgroundTask(shutil.rmtree, tmp, ignore_errors=True)
        if name == "vanban.xlsx":
            path = write_xlsx(tmp / name, _all_results())
            return FileResponse(path, filename=name, background=cleanup,
                                media_type="application/vnd."
                                "openxmlformats-officedocument.spreadsheetml.sheet")
        write_csv_dir(tmp, _all_results())
        return FileResponse(tmp / name, filename=name, background=cleanup,
                            media_type="text/csv; charset=utf-8")

    return api

