"""Corrections a clerk made to a stored result, applied when the result is read.

A correction names a field by its path in the result (``document.number``,
``document.signer.name``, ``timetable.3.end``, ``references.0.code``) with the value
the program gave and the clerk's value. Corrections live apart from the results (the
store's ``corrections`` table), so re-extracting a file or resuming a batch never
overwrites them: every read applies them again, in the order they were made.

Applying marks them: the result gets a ``corrections`` list (each path, old and new
value, when and by whom), the field's review is settled (``needs_review`` false, with
``corrected`` true) and a line in ``warnings`` says what a person changed, so the mark
reaches every export (JSON, JSONL, CSV, XLSX).

Accepting a flag is a correction whose new value is the old one.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass
from typing import Any, Iterable, Optional

from models import ExtractionResult

#: list fields: the clerk types the entries separated by ";"
LIST_FIELDS = {"recipients", "owners", "partners", "emails", "phones"}
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class CorrectionError(ValueError):
    """A correction that cannot apply: no such field, or a value of the wrong kind."""


@dataclass(frozen=True)
class Correction:
    path: str
    new_value: Optional[str]
    old_value: Optional[str] = None
    at: Optional[str] = None  # ISO timestamp (UTC)
    by: Optional[str] = None
    id: Optional[int] = None

    def as_dict(self) -> dict:
        return asdict(self)


def _parts(path: str) -> list:
    parts: list = []
    for p in path.split("."):
        if not p:
            raise CorrectionError(f"bad field path {path!r}")
        parts.append(int(p) if p.isdigit() else p)
    if not parts or parts[0] not in ("document", "references", "targets", "timetable"):
        raise CorrectionError(f"cannot correct {path!r}")
    return parts


def _typed(field: str, value: Optional[str]) -> Any:
    """The clerk's text as the JSON value of ``field`` (dates as dd/mm/yyyy or ISO)."""
    if value is None or value.strip() == "":
        return [] if field in LIST_FIELDS else None
    value = value.strip()
    if field in LIST_FIELDS:
        return [v.strip() for v in value.split(";") if v.strip()]
    m = _DMY.match(value)
    if m:
        d, mo, y = map(int, m.groups())
        try:
            return _dt.date(y, mo, d).isoformat()
        except ValueError:
            raise CorrectionError(f"{value!r} is not a date") from None
    return value


def get_path(data: dict, path: str) -> Any:
    obj: Any = data
    for p in _parts(path):
        if isinstance(p, int):
            if not isinstance(obj, list) or p >= len(obj):
                return None
            obj = obj[p]
        else:
            if not isinstance(obj, dict):
                return None
            obj = obj.get(p)
    return obj


def as_text(value: Any) -> Optional[str]:
    """A field's value as the clerk sees and types it."""
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _set(data: dict, path: str, value: Optional[str]) -> None:
    parts = _parts(path)
    obj: Any = data
    for i, p in enumerate(parts[:-1]):
        nxt = parts[i + 1]
        if isinstance(p, int):
            if not isinstance(obj, list) or p >= len(obj):
                raise CorrectionError(f"no item {path!r}")
            obj = obj[p]
        else:
            if obj.get(p) is None:
                obj[p] = [] if isinstance(nxt, int) else {}
            obj = obj[p]
    last = parts[-1]
    if not isinstance(obj, dict) or isinstance(last, int):
        raise CorrectionError(f"cannot correct {path!r}")
    obj[last] = _typed(last, value)


def _review_of(data: dict, path: str) -> Optional[dict]:
    """The review block that speaks for ``path`` (created for a header field)."""
    parts = _parts(path)
    if parts[0] == "document":
        field = ".".join(map(str, parts[1:]))
        return data["document"].setdefault("review", {}).setdefault(
            field, {"confidence": None, "needs_review": False, "reasons": []})
    if len(parts) >= 2 and isinstance(parts[1], int):
        item = get_path(data, f"{parts[0]}.{parts[1]}")
        if isinstance(item, dict):
            if item.get("review") is None:
                item["review"] = {"confidence": None, "needs_review": False, "reasons": []}
            return item["review"]
    return None


def apply(result: ExtractionResult, corrections: Iterable[Correction]) -> ExtractionResult:
    """``result`` with ``corrections`` applied and marked (a new object)."""
    corrections = list(corrections)
    if not corrections:
        return result
    data = result.model_dump(mode="json")
    applied = []
    for c in corrections:
        _set(data, c.path, c.new_value)
        review = _review_of(data, c.path)
        if review is not None:
            review["needs_review"] = False
            review["corrected"] = True
            review["confidence"] = 1.0
        applied.append(c.as_dict())
        who = f" ({c.by})" if c.by else ""
        data.setdefault("warnings", []).append(
            f"đã sửa {c.path}: {c.old_value!r} -> {c.new_value!r}{who}")
    data["corrections"] = applied
    data["needs_review"] = _still_flagged(data)
    try:
        return ExtractionResult.model_validate(data)
    except ValueError as exc:
        raise CorrectionError(f"correction gives an invalid result: {exc}") from None


def _still_flagged(data: dict) -> bool:
    reviews = list(data["document"].get("review", {}).values())
    for family in ("references", "targets", "timetable"):
        reviews += [i.get("review") for i in data.get(family, []) if i.get("review")]
    return any(r.get("needs_review") for r in reviews)


def check(result: ExtractionResult, path: str, new_value: Optional[str]) -> str:
    """Validate a correction before it is stored; returns the current value as text."""
    data = result.model_dump(mode="json")
    old = as_text(get_path(data, path))
    apply(result, [Correction(path=path, new_value=new_value, old_value=old)])
    return old
