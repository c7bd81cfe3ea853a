"""``vanban check FILE... [--format text|json] [-o FILE]``: references and compliance
findings.

Runs the same extraction as ``vanban extract`` (same options, same errors; ``-`` reads
standard input) and reports the cited documents with their registry status, then the
findings by severity. Exit codes (:class:`~extractor.exitcodes.ExitCode`): 0 no
error-severity finding, 1 at least one (so it can gate a workflow), 2 usage,
3 unreadable input, 4 missing engine, 5 report not writable, 70 internal error — an
internal error is never confused with a finding. The human report is in
Vietnamese and never cuts a code (plain lines, soft-wrapped); ``--format json`` keeps the slugs.
"""
from __future__ import annotations

import io
import json
import sys
import time

from vanban.extractor.exitcodes import ExitCode

SEVERITIES = ("error", "warning", "info")
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="check a document's citations and form; exit 1 on errors",
                       description="Extract each FILE and report its cited documents (with "
                       "registry status) and compliance findings. Exit 0 when no finding has "
                       "severity error, 1 otherwise.")
    p.add_argument("files", nargs="+", metavar="FILE", help="document(s) to check; - for stdin")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: a readable report (default); json: for machines")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the report to FILE instead of standard output (- for stdout)")
    p.add_argument("--pages", type=str, help="page range to read, e.g. 1-3")
    p.add_argument("--dpi", type=int, default=300, help="rasterisation dpi for OCR (default 300)")
    p.add_argument("--force-ocr", action="store_true", help="OCR even pages with a text layer")
    p.add_argument("--no-registry", action="store_true", help="do not resolve citations")
    p.set_defaults(run=run, text=False)


def summary(result) -> dict:
    counts = {s: 0 for s in SEVERITIES}
    for f in result.findings:
        counts[f.severity] += 1
    return counts


def as_dict(result) -> dict:
    """The machine report of one document."""
    doc = result.document
    return {
        "file": result.source.file,
        "document": {"doc_type": doc.doc_type, "code": doc.code,
                     "issue_date": doc.issue_date.isoformat() if doc.issue_date else None,
                     "issuer": doc.issuer,
                     # header fields the parser was unsure of (instead of a MISSING_* error)
                     "review": {k: r.model_dump(mode="json") for k, r in doc.review.items()}},
        "needs_review": result.needs_review,
        "references": [r.model_dump(mode="json") for r in result.references],
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "summary": summary(result),
    }


# Vietnamese labels of the human report (the JSON keeps the slugs)
SEVERITY_LABEL = {"error": "LỖI", "warning": "CẢNH BÁO", "info": "THÔNG TIN"}
SEVERITY_PLURAL = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}
ROLE_LABEL = {"basis": "căn cứ", "implements": "thực hiện", "mentioned": "nhắc đến"}
STATUS_LABEL = {"in_force": "còn hiệu lực", "expired": "hết hiệu lực",
                "replaced": "đã bị thay thế", "unknown": "chưa rõ hiệu lực"}


def _type_label(slug) -> str:
    from vanban.extractor.vocab import doc_type_by_slug

    entry = doc_type_by_slug(slug or "")
    return entry.label if entry else "văn bản"


def _registry_cell(ref) -> str:
    reg = ref.registry
    if reg is None:
        return "không tra cứu"
    if not reg.matched:
        if ref.review and any(r.code == "ambiguous" for r in ref.review.reasons):
            return "nhiều văn bản cùng số, ký hiệu (cần xem lại)"
        return "không có trong cơ sở dữ liệu"
    text = STATUS_LABEL.get(reg.status or "unknown", reg.status or "")
    if reg.code and reg.code != ref.code:
        text += f", theo cơ sở dữ liệu là {reg.code}"
    if reg.score is not None and reg.score < 1:
        text += f" (độ khớp {reg.score:.2f})"
    if reg.replaced_by:
        text += f", thay thế bởi {reg.replaced_by}"
    return text


def _d(d) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def render(result, console) -> None:
    """The readable report of one document. Plain lines, no table: a code is never cut
    or folded whatever the terminal width, and a file gets the same lines (the console
    soft-wraps, it never truncates)."""
    from rich.markup import escape

    doc = result.document
    head = doc.code or "(không số)"
    when = _d(doc.issue_date) or "không ngày"
    label = doc.doc_type_label or (_type_label(doc.doc_type) if doc.doc_type else "")
    console.print(f"[bold]{escape(result.source.file)}[/bold] — {escape(label)} "
                  f"{escape(head)}, {when}")
    console.print(f"[bold]Văn bản được dẫn ({len(result.references)})[/bold]")
    for i, ref in enumerate(result.references, 1):
        name = ref.code or ref.number or ref.title or ""
        roles = ", ".join(ROLE_LABEL.get(r, r) for r in sorted({m.role for m in ref.mentions}))
        parts = [_type_label(ref.doc_type), _d(ref.date), ref.issuer or "", roles,
                 _registry_cell(ref)]
        console.print(f"  {i}. [bold]{escape(name)}[/bold] — "
                      + " · ".join(escape(p) for p in parts if p))
        for reason in (ref.review.reasons if ref.review else []):
            if reason.code != "ambiguous":  # the registry cell says it already
                console.print(f"     cần xem lại: {escape(reason.message)}")
    counts = summary(result)
    console.print("Phát hiện: " + ", ".join(
        f"[{_STYLE[s]}]{counts[s]} {SEVERITY_PLURAL[s]}[/]" for s in SEVERITIES))
    for sev in SEVERITIES:
        for f in (f for f in result.findings if f.severity == sev):
            where = f" (trang {f.provenance.page})" if f.provenance and f.provenance.page else ""
            ref = f" [{escape(f.ref)}]" if f.ref else ""
            console.print(f"  [{_STYLE[sev]}]{SEVERITY_LABEL[sev]}[/] {f.code}{ref}{where}: "
                          f"{escape(f.message)}")
    flagged = [(k, r) for k, r in result.document.review.items() if r.needs_review or r.reasons]
    if flagged:
        console.print("[bold]Cần xem lại[/bold]")
        for field, review in flagged:
            for reason in review.reasons:
                console.print(f"  {field}: {escape(reason.message)}")
    console.print()


def run(args) -> int:
    from rich.console import Console

    from vanban.extractor.commands.extract import _options, extract_one, report_failure, tell
    from vanban.extractor.writers import atomic_write_text, refuse_overwriting_inputs

    options = _options(args)
    if args.files.count("-") > 1:
        from vanban.extractor.errors import UsageError
        raise UsageError("- (standard input) can be given only once")
    to_file = bool(args.output) and args.output != "-"
    if to_file:
        refuse_overwriting_inputs(args.files, [args.output])
    buffer = io.StringIO() if to_file else None
    # soft_wrap: long lines go on as they are (a terminal wraps them); nothing is cut
    console = Console(highlight=False, soft_wrap=True, file=buffer,
                      **({"force_terminal": False} if to_file else {}))
    status = ExitCode.ok
    reports = []
    for name in args.files:
        t0 = time.perf_counter()
        try:
            result = extract_one(name, options, args)
        except KeyboardInterrupt:
            raise
        except Exception as exc:  # unreadable input (3…) or a bug (70): never "findings"
            status = max(status, int(report_failure(name, exc, args).exit_code))
            continue
        tell(args, name, result, time.perf_counter() - t0)
        if any(f.severity == "error" for f in result.findings):
            status = max(status, ExitCode.findings)
        if args.format == "json":
            reports.append(as_dict(result))
        else:
            render(result, console)
    if args.format == "json" and reports:
        payload = reports[0] if len(args.files) == 1 else reports
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        if to_file:
            atomic_write_text(args.output, text)
        else:
            sys.stdout.write(text)
    elif buffer is not None and buffer.getvalue():
        atomic_write_text(args.output, buffer.getvalue())
    return int(status)
