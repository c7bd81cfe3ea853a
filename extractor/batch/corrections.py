"""Reviewers' corrections applied to a stored result — the one implementation.

A correction names a field by its path in the contract JSON — ``document.title``,
``document.signer.name``, ``timetable.3.end``, ``references.0.code``,
``document.recipients`` — and holds the old and the new value as JSON. Corrections live
in the store's ``corrections`` table (:meth:`extractor.batch.store.Store.add_correction`)
and are applied every time a document is read (its JSON, its rows, every export, the
review screens and report), in the order they were made; so a re-extraction or a
``--resume`` replaces the machine's values but never a reviewer's.

Applying marks them: the JSON of a corrected document carries the list under
``corrections`` (the contract allows extra keys), each with ``applied: false`` when its
field no longer exists in a newer extraction; the corrected field's review is settled
(``needs_review`` false, ``corrected`` true, confidence 1) and the result's
``needs_review`` is recomputed. Accepting a flag is a correction whose new value is the
old one.

The review screens' forms give text: :func:`from_text` turns it into the field's JSON
value (lists separated by ``;``, dates as ``dd/mm/yyyy`` or ISO) and :func:`as_text`
shows a value the way a clerk types it.

    >>> data = {"document": {"title": "Ke hoach", "recipients": []}, "timetable": [{"end": None}]}
    >>> get_at(data, "timetable.0.end") is None
    True
    >>> set_at(data, "document.title", "Kế hoạch")["document"]["title"]
    'Kế hoạch'
    >>> from_text("document.recipients", "A; B"), from_text("timetable.0.end", "05/02/2024")
    (['A', 'B'], '2024-02-05')
"""
from __future__ import annotations

import copy
import datetime as _dt
import json
import re
from typing import Any, Iterable, Optional

from vanban.models import ExtractionResult

#: the parts of a result a reviewer may correct (source, findings, text are the program's)
CORRECTABLE = ("document", "references", "targets", "timetable")
#: list fields: the clerk types the entries separated by ";"
LIST_FIELDS = {"recipients", "owners", "partners", "emails", "phones"}
#: date fields: the clerk may type dd/mm/yyyy
DATE_FIELDS = {"issue_date", "effective_date", "expiry_date", "date", "start", "end", "due"}
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class FieldPathError(ValueError):
    """The path names no field of the document."""


def split_path(path: str) -> list:
    parts = [p for p in str(path).strip().split(".")]
    if not parts or any(p == "" for p in parts):
        raise FieldPathError(f"bad field path {path!r}")
    return [int(p) if p.isdigit() else p for p in parts]


def get_at(data: Any, path: str) -> Any:
    node = data
    for part in split_path(path):
        try:
            if isinstance(part, int):
                if not isinstance(node, list):
                    raise TypeError
                node = node[part]
            else:
                if not isinstance(node, dict):
                    raise TypeError
                node = node[part]
        except (KeyError, IndexError, TypeError):
            raise FieldPathError(f"no field {path!r} in this document") from None
    return node


def set_at(data: Any, path: str, value: Any) -> Any:
    """Set the field at ``path``, which must exist; an object on the way that was not
    read (``"signer": null``) is created, as a reviewer fills ``document.signer.name``."""
    parts = split_path(path)
    if parts[0] not in CORRECTABLE or len(parts) < 2:
        raise FieldPathError(f"{path!r} cannot be corrected")
    parent = data
    for part in parts[:-1]:
        if isinstance(part, str) and isinstance(parent, dict) and part in parent \
                and parent[part] is None:
            parent[part] = {}
        parent = get_at(parent, str(part))
    last = parts[-1]
    if isinstance(last, int):
        if not isinstance(parent, list) or last >= len(parent):
            raise FieldPathError(f"no field {path!r} in this document")
    elif not isinstance(parent, dict) or (last not in parent and not _typed_key(parent)):
        raise FieldPathError(f"no field {path!r} in this document")
    parent[last] = value
    return data


def _typed_key(parent: dict) -> bool:
    """An object created on the way (empty): its fields are the contract's to check."""
    return not parent


def from_text(path: str, text: Optional[str]) -> Any:
    """A clerk's typed ``text`` as the JSON value of the field at ``path``."""
    field = str(split_path(path)[-1])
    if text is None or text.strip() == "":
        return [] if field in LIST_FIELDS else None
    text = text.strip()
    if field in LIST_FIELDS:
        return [v.strip() for v in text.split(";") if v.strip()]
    m = _DMY.match(text) if field in DATE_FIELDS else None
    if m:
        d, mo, y = map(int, m.groups())
        try:
            return _dt.date(y, mo, d).isoformat()
        except ValueError:
            raise FieldPathError(f"{text!r} is not a date") from None
    return text


def as_text(value: Any) -> Optional[str]:
    """A field's JSON value as the clerk sees and types it."""
    if value is None:
        return None
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def check(data: dict) -> dict:
    """The data as the contract model reads it back (raises ValueError when invalid)."""
    return ExtractionResult.model_validate(data).model_dump(mode="json")


def _settle(data: dict, path: str) -> None:
    """Mark the review block that speaks for ``path`` as settled by a person."""
    parts = split_path(path)
    if parts[0] == "document":
        field = ".".join(map(str, parts[1:]))
        block = data["document"].setdefault("review", {}).setdefault(field, {})
    elif len(parts) >= 2 and isinstance(parts[1], int):
        item = data[parts[0]][parts[1]]
        if not isinstance(item, dict):
            return
        block = item.get("review") or {}
        item["review"] = block
    else:
        return
    block.update(confidence=1.0, needs_review=False, corrected=True)
    block.setdefault("reasons", [])


def _recode(data: dict, before: dict, path: str) -> None:
    """A corrected number or symbol makes the document's code again: the code is what
    the registry and the exports key on. What stood between the old number and symbol
    (a year, "/2020/"; a Party dash, "-") is kept.

    >>> doc = {"document": {"number": None, "symbol": "2020/NĐ-CP", "code": None}}
    >>> new = set_at(copy.deepcopy(doc), "document.number", "30")
    >>> _recode(new, doc, "document.number"); new["document"]["code"]
    '30/2020/NĐ-CP'
    >>> doc = {"document": {"number": "11", "symbol": "CT/TW", "code": "11-CT/TW"}}
    >>> new = set_at(copy.deepcopy(doc), "document.number", "12")
    >>> _recode(new, doc, "document.number"); new["document"]["code"]
    '12-CT/TW'
    """
    if path not in ("document.number", "document.symbol"):
        return
    old, doc = before.get("document") or {}, data["document"]
    number, symbol = doc.get("number"), doc.get("symbol")
    if not number or not symbol:
        doc["code"] = None
        return
    joint = "/"
    code, old_number, old_symbol = old.get("code"), old.get("number"), old.get("symbol")
    if code and old_number and old_symbol and code.startswith(old_number) \
            and code.endswith(old_symbol) and len(code) > len(old_number) + len(old_symbol):
        joint = code[len(old_number):len(code) - len(old_symbol)]
    doc["code"] = f"{number}{joint}{symbol}"


def _still_flagged(data: dict) -> bool:
    reviews = list((data.get("document") or {}).get("review", {}).values())
    for family in ("references", "targets", "timetable"):
        reviews += [i.get("review") for i in data.get(family) or [] if i.get("review")]
    return any(r.get("needs_review") for r in reviews)


def apply(data: dict, rows: Iterable[dict]) -> dict:
    """``data`` (a result's JSON) with ``rows`` (corrections as stored, oldest first)
    applied and listed under ``corrections``. A correction that no longer fits is kept
    in the list with ``applied: false``."""
    rows = list(rows)
    if not rows:
        return data
    out = copy.deepcopy(data)
    marks = []
    for row in rows:
        mark = {"id": row["id"], "field_path": row["field_path"],
                "old_value": json.loads(row["old_value"]) if row["old_value"] else None,
                "new_value": json.loads(row["new_value"]) if row["new_value"] else None,
                "author": row["author"], "created_at": row["created_at"], "applied": False}
        try:
            trial = set_at(copy.deepcopy(out), row["field_path"], mark["new_value"])
            _recode(trial, out, row["field_path"])
            _settle(trial, row["field_path"])
            trial = check(trial)
        except ValueError:  # FieldPathError, or the value no longer fits the contract
            pass
        else:
            out = trial
            mark["applied"] = True
        marks.append(mark)
    out["corrections"] = marks
    out["needs_review"] = _still_flagged(out)
    return out
