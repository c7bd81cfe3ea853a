"""Writers: JSON / JSONL serialisation and atomic file output.

Nothing is ever half-written: output goes to a temporary file in the target folder,
is flushed and fsynced, then renamed over the destination.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable, Union

from pydantic import BaseModel


def to_json(model: BaseModel, *, indent: int | None = 2) -> str:
    data = model.model_dump(mode="json", exclude_none=False)
    return json.dumps(data, ensure_ascii=False, indent=indent)


def atomic_write_text(path: Union[str, os.PathLike], text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_json(path: Union[str, os.PathLike], model: BaseModel) -> None:
    atomic_write_text(path, to_json(model) + "\n")


def write_jsonl(path: Union[str, os.PathLike], models: Iterable[BaseModel]) -> None:
    atomic_write_text(path, "".join(to_json(m, indent=None) + "\n" for m in models))
