"""Reviewers' corrections applied to a stored result.

A correction names a field by its path in the contract JSON — ``document.title``,
``document.signer.name``, ``timetable.3.end``, ``document.recipients`` — and holds the
old and the new value as JSON. Corrections live in their own table and are applied
every time a document is read (its JSON, its rows, every export), in the order they
were made; so a re-extraction or a ``--resume`` replaces the machine's values but never
a reviewer's. The JSON of a corrected document carries the list under
``corrections`` (the contract allows extra keys), each with ``applied: false`` when
its field no longer exists in a newer extraction.

    >>> data = {"document": {"title": "Ke hoach", "recipients": []}, "timetable": [{"end": None}]}
    >>> get_at(data, "timetable.0.end") is None
    True
    >>> set_at(data, "document.title", "Kế hoạch")["document"]["title"]
    'Kế hoạch'
"""
from __future__ import annotations

import copy
import json
from typing import Any, Iterable

from models import ExtractionResult


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
    """Set the field at ``path`` (which must exist, or be a key of an existing object)."""
    parts = split_path(path)
    parent = get_at(data, ".".join(map(str, parts[:-1]))) if len(parts) > 1 else data
    last = parts[-1]
    if isinstance(last, int):
        if not isinstance(parent, list) or last >= len(parent):
            raise FieldPathError(f"no field {path!r} in this document")
    elif not isinstance(parent, dict):
        raise FieldPathError(f"no field {path!r} in this document")
    parent[last] = value
    return data


def check(data: dict) -> dict:
    """The data as the contract model reads it back (raises ValueError when invalid)."""
    return ExtractionResult.model_validate(data).model_dump(mode="json")


def apply(data: dict, rows: Iterable[dict]) -> dict:
    """``data`` (a result's JSON) with ``rows`` (corrections, oldest first) applied and
    listed under ``corrections``. A correction that no longer fits is kept in the list
    with ``applied: false``."""
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
            trial = check(set_at(copy.deepcopy(out), row["field_path"], mark["new_value"]))
        except ValueError:  # FieldPathError, or the value no longer fits the contract
            pass
        else:
            out = trial
            mark["applied"] = True
        marks.append(mark)
    out["corrections"] = marks
    return out
