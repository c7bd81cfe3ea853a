"""Compliance and consistency findings (codes of OUTPUT.md).

Each family contributes one function below, in its own section; :func:`find_all`
runs them in order. A finding names the rule it applies (``Finding.rule``).
"""
from __future__ import annotations

from extractor.parsers import ParseContext
from extractor.parsers.header import HeaderInfo
from extractor.text import Text
from models import Finding, Reference, Target, TimetableRow


# ---------------------------------------------------------------- header (issue 2/3)
def header_findings(header: HeaderInfo, text: Text, ctx: ParseContext) -> list[Finding]:
    return []


# ---------------------------------------------------------------- references (issue 3)
def reference_findings(refs: list[Reference], header: HeaderInfo, text: Text,
                       ctx: ParseContext) -> list[Finding]:
    return []


# ---------------------------------------------------------------- dates & numbers (issue 4)
def value_findings(text: Text, targets: list[Target], ctx: ParseContext) -> list[Finding]:
    return []


# ---------------------------------------------------------------- timetable (issue 4)
def timetable_findings(rows: list[TimetableRow], ctx: ParseContext) -> list[Finding]:
    return []


def find_all(header: HeaderInfo, refs: list[Reference], targets: list[Target],
             rows: list[TimetableRow], text: Text, ctx: ParseContext) -> list[Finding]:
    findings: list[Finding] = []
    findings += header_findings(header, text, ctx)
    findings += reference_findings(refs, header, text, ctx)
    findings += value_findings(text, targets, ctx)
    findings += timetable_findings(rows, ctx)
    return findings
