"""``vanban review FILE [-o report.html] [--lang vi|en]``: an offline HTML report of what
was read where — each page with a box around every extracted item, the fields with their
confidence (flagged first), the findings linked to their evidence.

FILE may also be a batch database (``vanban.sqlite`` or the batch's ``--out`` folder),
or ``--db URL`` a server database (``postgresql://…``): ``-o`` is then a folder receiving
one report per document (its best source, reviewers' corrections applied) and an
``index.html``, flagged documents first.
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

from vanban.extractor.errors import UsageError


def add_parser(sub) -> None:
    p = sub.add_parser("review", help="write an offline HTML report to check an extraction",
                       description="Write one self-contained HTML file (no network, images "
                       "embedded) showing every extracted item boxed on its page, the fields "
                       "with their confidence (flagged first) and the findings.")
    p.add_argument("file", metavar="FILE", nargs="?",
                   help="a document, or a batch database / folder")
    p.add_argument("--db", metavar="URL",
                   help="report on the documents of this database (a SQLite path or a "
                   "postgresql:// URL) instead of FILE")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="report file (a document) or folder (a database); default: "
                   "FILE's name + .review.html, or FOLDER/review/")
    p.add_argument("--lang", choices=("vi", "en"), default="vi", help="label language")
    p.add_argument("--image-dpi", type=int, default=100, help="page image dpi (default 100)")
    p.add_argument("--pages", type=str, help="page range to read, e.g. 1-3")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation dpi for OCR (default 300)")
    p.add_argument("--force-ocr", action="store_true", help="OCR even pages with a text layer")
    p.add_argument("--no-registry", action="store_true", help="do not resolve citations")
    p.set_defaults(run=run)


def is_database(path: Path) -> bool:
    if path.is_dir():
        return (path / "vanban.sqlite").is_file()
    try:
        with path.open("rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def run(args) -> int:
    from vanban.extractor.writers import atomic_write_text

    if not 36 <= args.image_dpi <= 300:
        raise UsageError("--image-dpi must be between 36 and 300")
    if bool(args.file) == bool(args.db):
        raise UsageError("give either FILE or --db URL")
    if args.db:
        if not args.output:
            raise UsageError("--db needs -o FOLDER for the reports")
        for written in review_database(args.db, Path(args.output), args.lang, args.image_dpi):
            print(written)
        return 0
    path = Path(args.file)
    if is_database(path):
        out = Path(args.output) if args.output else (
            (path if path.is_dir() else path.parent) / "review")
        for written in review_database(path, out, args.lang, args.image_dpi):
            print(written)
        return 0
    from vanban.extractor import extract
    from vanban.extractor.commands.extract import _options
    from vanban.extractor.report import report_html

    args.text = True
    result = extract(path, options=_options(args))
    pages = None
    if args.pages:  # only the pages read
        from vanban.extractor.commands.extract import parse_pages
        first, last = parse_pages(args.pages)
        pages = range(first, last + 1)
    report = report_html(result, path, lang=args.lang, dpi=args.image_dpi, pages=pages)
    out = Path(args.output) if args.output else path.with_name(path.name + ".review.html")
    atomic_write_text(out, report)
    print(out, file=sys.stderr)
    return 0


def review_database(location, out: Path, lang: str, dpi: int) -> list[Path]:
    """One report per stored document, plus an index (flagged first). ``location``:
    a SQLite file or folder, or a database URL."""
    from vanban.extractor.report import report_html
    from vanban.extractor.report.labels import labels
    from vanban.extractor.report.html import columns_html
    from vanban.extractor.web.store import ReviewStore
    from vanban.extractor.writers import atomic_write_text

    store = ReviewStore(location)
    try:
        written, rows = [], []
        for doc in store.list_documents():
            result = store.get_result(doc.id)
            name = f"{Path(doc.file).stem}-{_safe(doc.id)[:12]}.html"
            atomic_write_text(out / name, report_html(result, store.source_path(doc.id),
                                                      lang=lang, dpi=dpi))
            written.append(out / name)
            rows.append((name, doc))
    finally:
        store.close()
    lab = labels(lang)
    esc = html.escape
    items = "".join(
        f'<tr class="{"flagged" if d.needs_review else ""}"><td>'
        f'<a href="{esc(n)}" title="{esc(d.file)}">{esc(Path(d.file).name)}</a></td>'
        f'<td>{esc(d.doc_type or "")}</td><td>{esc(d.code or "")}</td>'
        f'<td>{esc(d.issue_date or "")}</td><td>{d.flagged}</td></tr>' for n, d in rows)
    index = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>'
             f'{lab["documents"]}</title><style>body{{font-family:sans-serif}}'
             f'tr.flagged{{background:#fff4e5}}td,th{{padding:4px 8px;text-align:left}}</style>'
             f'</head><body><h1>{lab["documents"]}</h1><table><tr><th>{lab["file"]}</th>'
             f'{columns_html(lab)}<th>{lab["needs_review"]}</th></tr>{items}</table></body></html>')
    atomic_write_text(out / "index.html", index)
    written.append(out / "index.html")
    return written


def _safe(text: str) -> str:
    """A document id as part of a file name."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text)
