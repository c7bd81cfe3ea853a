"""``vanban check FILE... [--format text|json] [-o FILE]``: references and compliance
findings.

Runs the same extraction as ``vanban extract`` (same options, same errors; ``-`` reads
standard input) and reports the cited documents with their registry status, then the
findings by severity. Exit codes (:class:`~extractor.exitcodes.ExitCode`): 0 no
error-severity finding, 1 at least one (so it can gate a workflow), 2 usage,
3 unreadable input, 4 missing engine, 5 report not writable, 70 internal error — an
internal error is never confused with a finding.
"""
from __future__ import annotations

import io
import json
import sys
import time

from extractor.exitcodes import ExitCode

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
                     "issuer": doc.issuer},
        "references": [r.model_dump(mode="json") for r in result.references],
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "summary": summary(result),
    }


def _registry_cell(ref) -> str:
    reg = ref.registry
    if reg is None:
        return "—"
    if not reg.matched:
        return "[dim]không có[/dim]"
    text = reg.status or "unknown"
    if reg.score is not None and reg.score < 1:
        text += f" ({reg.score:.2f})"
    if reg.replaced_by:
        text += f" → {reg.replaced_by}"
    return text


def render(result, console) -> None:
    """The readable report of one document (rich)."""
    from rich.table import Table

    doc = result.document
    head = doc.code or "(không số)"
    when = doc.issue_date.strftime("%d/%m/%Y") if doc.issue_date else "không ngày"
    console.print(f"[bold]{result.source.file}[/bold] — {doc.doc_type_label or doc.doc_type or ''} "
                  f"{head}, {when}")
    table = Table(title=f"Văn bản được dẫn ({len(result.references)})", title_justify="left",
                  show_lines=False)
    for col in ("Số, ký hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Vai trò", "Registry"):
        table.add_column(col)
    for ref in result.references:
        roles = sorted({m.role for m in ref.mentions})
        table.add_row(ref.code or ref.number or (ref.title or "")[:40], ref.doc_type or "",
                      ref.date.strftime("%d/%m/%Y") if ref.date else "",
                      ref.issuer or "", ", ".join(roles), _registry_cell(ref))
    console.print(table)
    counts = summary(result)
    console.print("Phát hiện: " + ", ".join(f"[{_STYLE[s]}]{counts[s]} {s}[/]" for s in SEVERITIES))
    for sev in SEVERITIES:
        for f in (f for f in result.findings if f.severity == sev):
            where = f" (tr. {f.provenance.page})" if f.provenance and f.provenance.page else ""
            ref = f" [{f.ref}]" if f.ref else ""
            console.print(f"  [{_STYLE[sev]}]{sev.upper():7}[/] {f.code}{ref}{where}: {f.message}",
                          highlight=False)
    console.print()


def run(args) -> int:
    from rich.console import Console

    from extractor.commands.extract import _options, extract_one, report_failure, tell
    from extractor.writers import atomic_write_text, refuse_overwriting_inputs

    options = _options(args)
    if args.files.count("-") > 1:
        from extractor.errors import UsageError
        raise UsageError("- (standard input) can be given only once")
    to_file = bool(args.output) and args.output != "-"
    if to_file:
        refuse_overwriting_inputs(args.files, [args.output])
    buffer = io.StringIO() if to_file else None
    console = Console(highlight=False, soft_wrap=False, file=buffer,
                      **({"width": 160, "force_terminal": False} if to_file else {}))
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
