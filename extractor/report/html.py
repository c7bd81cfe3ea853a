"""The report as one self-contained HTML file: no network, images inline, a little CSS
and script of its own. The page view and the field list are also used by the review
screens of ``vanban serve`` (``extractor.web``)."""
from __future__ import annotations

import html
import json
from typing import Optional, Sequence

from vanban.extractor.report.items import FAMILIES, Item
from vanban.extractor.report.labels import labels
from vanban.extractor.report.pages import PageImage
from vanban.models import ExtractionResult

CSS = """
body{font-family:system-ui,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#222;background:#f4f4f4}
header.top{background:#243b53;color:#fff;padding:10px 16px}
header.top h1{font-size:18px;margin:0}
header.top .meta{font-size:13px;opacity:.85}
main{display:flex;gap:16px;padding:16px;align-items:flex-start}
#pages{flex:3;min-width:0}
#panel{flex:2;position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto;background:#fff;
 border:1px solid #ccc;border-radius:4px;padding:8px 12px}
.page{position:relative;margin:0 0 16px;background:#fff;box-shadow:0 1px 4px #0003}
.page img{display:block;width:100%;height:auto}
.page .pno{position:absolute;left:4px;top:4px;background:#243b53;color:#fff;font-size:12px;padding:1px 6px}
.box{position:absolute;border:2px solid var(--c);background:color-mix(in srgb,var(--c) 12%,transparent);
 box-sizing:border-box;cursor:pointer}
.box.flagged{border-style:dashed}
.box.hot,.box:target{outline:3px solid #000;background:color-mix(in srgb,var(--c) 35%,transparent);z-index:5}
table.fields{border-collapse:collapse;width:100%;font-size:13px}
table.fields td:first-child{width:8em}
table.fields td,table.fields th{border-bottom:1px solid #e3e3e3;padding:4px;vertical-align:top;text-align:left}
tr.flagged{background:#fff4e5}
tr.hot{background:#dbeafe}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;background:var(--c)}
.conf{font-variant-numeric:tabular-nums;white-space:nowrap}
.bar{display:inline-block;height:6px;background:#ddd;width:40px;vertical-align:middle;margin-left:4px}
.bar i{display:block;height:6px;background:var(--b)}
.reason{color:#b45309;font-size:12px}
.corr{color:#047857;font-size:12px}
.finding{margin:4px 0;font-size:13px}
.sev-error{color:#b91c1c}.sev-warning{color:#b45309}.sev-info{color:#1d4ed8}
pre.text{white-space:pre-wrap;background:#fff;padding:12px;border:1px solid #ccc;font:14px/1.6 system-ui,"Segoe UI",Roboto,Arial,sans-serif}
pre.text mark{background:color-mix(in srgb,var(--c) 25%,transparent);border-bottom:2px solid var(--c)}
.legend span{margin-right:10px;font-size:12px}
a{color:#1d4ed8}
"""

SCRIPT = """
function hot(id,on){document.querySelectorAll('[data-item="'+id+'"]').forEach(function(e){e.classList.toggle('hot',on)})}
document.addEventListener('mouseover',function(e){var t=e.target.closest('[data-item]');if(t)hot(t.dataset.item,true)});
document.addEventListener('mouseout',function(e){var t=e.target.closest('[data-item]');if(t)hot(t.dataset.item,false)});
function show(id){var b=document.querySelector('.box[data-item="'+id+'"],mark[data-item="'+id+'"]');
 if(b){b.scrollIntoView({block:'center'});hot(id,true);setTimeout(function(){hot(id,false)},1500)}return false}
"""


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _pct(a: float, total: float) -> str:
    return f"{100 * a / total:.3f}%" if total else "0%"


def box_html(item: Item, page: PageImage) -> str:
    x0, y0, x1, y1 = item.bbox
    colour = FAMILIES[item.family]
    style = (f"--c:{colour};left:{_pct(x0, page.width)};top:{_pct(y0, page.height)};"
             f"width:{_pct(x1 - x0, page.width)};height:{_pct(y1 - y0, page.height)}")
    cls = "box flagged" if item.flagged else "box"
    return (f'<a class="{cls}" id="box-{esc(item.id)}" data-item="{esc(item.id)}" '
            f'data-family="{item.family}" data-field="{esc(item.field)}" '
            f'data-page="{page.number}" data-bbox="{esc(json.dumps(list(item.bbox)))}" '
            f'href="#row-{esc(item.id)}" title="{esc(item.field)}: {esc(item.value[:120])}" '
            f'style="{style}"></a>')


def pages_html(items: Sequence[Item], pages: Sequence[PageImage], lang: str,
               image_src=None) -> str:
    """The pages with their boxes. ``image_src`` (page -> URL) serves the images from
    elsewhere; by default they are embedded."""
    lab = labels(lang)
    image_src = image_src or (lambda page: page.data_uri)
    out = []
    for page in pages:
        boxes = "".join(box_html(i, page) for i in items
                        if i.bbox is not None and i.page == page.number)
        out.append(f'<section class="page" id="page-{page.number}" data-page="{page.number}" '
                   f'data-width="{page.width}" data-height="{page.height}">'
                   f'<img src="{esc(image_src(page))}" alt="{lab["page"]} {page.number}">'
                   f'<span class="pno">{lab["page"]} {page.number}</span>{boxes}</section>')
    return "".join(out)


def text_html(items: Sequence[Item], text: str) -> str:
    """The text with every item's span highlighted (text-only inputs). Spans inside
    another (the number inside the code) are nested marks; a span crossing another's
    end is cut there."""
    spans = sorted(((i.provenance.span[0], i.provenance.span[1], i) for i in items
                    if i.provenance and i.provenance.span), key=lambda s: (s[0], -s[1]))
    out: list[str] = []
    stack: list[int] = []  # ends of the open marks
    pos = 0

    def close_until(offset: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= offset:
            end = stack.pop()
            out.append(esc(text[pos:end]) + "</mark>")
            pos = end

    for start, end, item in spans:
        close_until(start)
        if stack:
            end = min(end, stack[-1])
        if end <= start:
            continue
        out.append(esc(text[pos:start]))
        out.append(f'<mark id="box-{esc(item.id)}" data-item="{esc(item.id)}" '
                   f'data-family="{item.family}" style="--c:{FAMILIES[item.family]}" '
                   f'title="{esc(item.field)}">')
        pos = start
        stack.append(end)
    close_until(len(text))
    out.append(esc(text[pos:]))
    return '<pre class="text">' + "".join(out).replace("\f", "\n\n") + "</pre>"


def confidence_html(conf: Optional[float]) -> str:
    if conf is None:
        return '<span class="conf">—</span>'
    hue = int(120 * conf)
    return (f'<span class="conf">{conf:.2f}<span class="bar"><i style="width:{conf * 100:.0f}%;'
            f'--b:hsl({hue},70%,45%)"></i></span></span>')


def field_rows(items: Sequence[Item], lang: str, *, edit_cell=None) -> str:
    """The field table's rows, flagged first (then by family and order). ``edit_cell``
    (item -> html) adds the web app's editing column."""
    lab = labels(lang)
    order = list(FAMILIES)
    rows = []
    shown = [i for i in items if i.family != "finding"]
    shown.sort(key=lambda i: (not i.flagged, order.index(i.family)))
    for item in shown:
        name = lab["fieldnames"].get(item.field, item.field)
        reasons = "".join(f'<div class="reason">⚑ {esc(r.message)}</div>'
                          for r in (item.review.reasons if item.review else []))
        where = (f'<a href="#box-{esc(item.id)}" onclick="return show(\'{esc(item.id)}\')">'
                 f'{lab["page"]} {item.page}</a>' if item.page is not None and
                 item.provenance and (item.bbox is not None or item.provenance.span)
                 else f'<span class="reason">{lab["no_box"]}</span>')
        if item.review is not None and getattr(item.review, "corrected", False):
            reasons += f'<div class="corr">✓ {lab["corrected"]}</div>'
        extra = edit_cell(item) if edit_cell else ""
        rows.append(f'<tr id="row-{esc(item.id)}" data-item="{esc(item.id)}" '
                    f'class="{"flagged" if item.flagged else ""}">'
                    f'<td><span class="sw" style="--c:{FAMILIES[item.family]}"></span>{esc(name)}</td>'
                    f'<td class="value">{esc(item.value)}{reasons}</td>'
                    f'<td>{confidence_html(item.confidence)}</td><td>{where}</td>{extra}</tr>')
    return "".join(rows)


def findings_html(result: ExtractionResult, items: Sequence[Item], lang: str) -> str:
    lab = labels(lang)
    if not result.findings:
        return f'<p>{lab["no_findings"]}</p>'
    by_id = {i.id: i for i in items}
    out = []
    for n, f in enumerate(result.findings):
        item = by_id.get(f"findings.{n}")
        link = (f' <a href="#box-findings.{n}" onclick="return show(\'findings.{n}\')">'
                f'{lab["evidence"]} ({lab["page"]} {item.page})</a>'
                if item and item.page is not None else "")
        out.append(f'<div class="finding sev-{f.severity}" data-item="findings.{n}">'
                   f'<b>{esc(f.code)}</b> — {esc(f.message)}{link}</div>')
    return "".join(out)


def legend_html(lang: str) -> str:
    lab = labels(lang)
    return '<div class="legend">' + "".join(
        f'<span><span class="sw" style="--c:{c}"></span>{esc(lab["families"][f])}</span>'
        for f, c in FAMILIES.items()) + "</div>"


def document_html(result: ExtractionResult, items: Sequence[Item],
                  pages: Sequence[PageImage], lang: str = "vi",
                  text: Optional[str] = None, *, edit_cell=None, image_src=None,
                  top: str = "", extra_css: str = "", extra_script: str = "") -> str:
    """One document's report: a full HTML page. The web app passes ``edit_cell``,
    ``image_src`` and its own ``top`` bar, CSS and script."""
    lab = labels(lang)
    doc = result.document
    flagged = sum(1 for i in items if i.flagged)
    head = " · ".join(esc(x) for x in (doc.doc_type_label or doc.doc_type, doc.code,
                                       doc.issue_date and doc.issue_date.strftime("%d/%m/%Y"))
                      if x)
    body = pages_html(items, pages, lang, image_src) if pages else (
        text_html(items, text) if text else "")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<title>{esc(result.source.file)} — {lab["title"]}</title><style>{CSS}{extra_css}'
            f'</style></head><body><header class="top">{top}<h1>{esc(result.source.file)}</h1>'
            f'<div class="meta">{head} · {flagged} {lab["flagged"]}</div></header>'
            f'<main><div id="pages">{body}</div><aside id="panel">{legend_html(lang)}'
            f'<h2>{lab["fields"]}</h2><table class="fields"><tr><th></th><th></th>'
            f'<th>{lab["confidence"]}</th><th></th>{"<th></th>" if edit_cell else ""}</tr>'
            f'{field_rows(items, lang, edit_cell=edit_cell)}</table>'
            f'<h2>{lab["findings"]}</h2>{findings_html(result, items, lang)}</aside></main>'
            f'<script>{SCRIPT}{extra_script}</script></body></html>')


def columns_html(lab: dict) -> str:
    """Headers of the type, code and date columns of a document list."""
    names = lab["fieldnames"]
    return "".join(f"<th>{names[k]}</th>" for k in ("doc_type", "code", "issue_date"))
