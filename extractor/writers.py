"""Writers: JSON / JSONL serialisation and safe file output.

Nothing is ever half-written: a regular file is written to a temporary file in the
target folder, flushed and fsynced, then renamed over the destination. The rename is for
regular files only: ``-`` is standard output, and an existing device, FIFO or socket
(``-o /dev/null``, a named pipe) is opened and written directly — renaming over it would
replace the device with a plain file.

New files get the permissions the umask allows (``0666 & ~umask``, as shell redirection
and ``cp`` do); a replaced file keeps its mode. Every failure is an
:class:`~extractor.errors.OutputError` naming the path and the reason (exit 5).
"""
from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Sequence, Union

from pydantic import BaseModel

from vanban.extractor.errors import OutputError, UsageError

PathLike = Union[str, os.PathLike]
STDIO = "-"


def to_json(model: BaseModel, *, indent: int | None = 2) -> str:
    data = model.model_dump(mode="json", exclude_none=False)
    return json.dumps(data, ensure_ascii=False, indent=indent)


def new_file_mode() -> int:
    """``0666`` less the process umask (read without changing it for good)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _write_direct(path: Path, text: str) -> None:
    """A device, FIFO or socket: open it and write, never rename over it."""
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except OSError as exc:
        raise OutputError(f"cannot write ({_reason(exc)})", path=path) from None


def atomic_write_text(path: PathLike, text: str) -> None:
    """Write ``text`` to ``path`` (``-``: standard output) without ever leaving a partial
    file; see the module docstring for devices, permissions and errors."""
    if str(path) == STDIO:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(path)
    try:
        st = path.stat()  # follows a symbolic link: its target is what gets written
    except FileNotFoundError:
        st = None
    except OSError as exc:  # e.g. a parent is a file, or cannot be searched
        raise OutputError(f"cannot write ({_reason(exc)})", path=path) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError("cannot write: is a folder (give a file name)", path=path)
        if not stat.S_ISREG(st.st_mode):
            _write_direct(path, text)
            return
        real = Path(os.path.realpath(path))
        mode = stat.S_IMODE(st.st_mode)
    else:
        real, mode = path, new_file_mode()
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create its folder ({_reason(exc)})", path=path) from None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as exc:
        raise OutputError(f"cannot write ({_reason(exc)})", path=path) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, real)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write ({_reason(exc)})", path=path) from None
        raise


def write_json(path: PathLike, model: BaseModel) -> None:
    atomic_write_text(path, to_json(model) + "\n")


def write_jsonl(path: PathLike, models: Iterable[BaseModel]) -> None:
    atomic_write_text(path, "".join(to_json(m, indent=None) + "\n" for m in models))


def _identity(path: Path):
    """(device, inode) of an existing file, else its absolute real path."""
    try:
        st = path.stat()
        return (st.st_dev, st.st_ino)
    except OSError:
        return os.path.realpath(path)


def refuse_overwriting_inputs(inputs: Sequence[PathLike], outputs: Sequence[PathLike]) -> None:
    """A :class:`UsageError` when an output names one of the inputs (also through a
    link or another spelling of the path): vanban never replaces what it reads."""
    seen = {_identity(Path(p)): str(p) for p in inputs if str(p) != STDIO}
    for out in outputs:
        if str(out) == STDIO:
            continue
        hit = seen.get(_identity(Path(out)))
        if hit is not None:
            raise UsageError(f"{out}: the output would overwrite the input {hit}; "
                             "choose another output name")


def outputs_per_input(inputs: Sequence[str], folder: PathLike, suffix: str = ".json") -> list[Path]:
    """``folder/<stem><suffix>`` for each input; two inputs that would write the same
    file (``a/plan.txt`` and ``b/plan.txt``, or ``plan.txt`` and ``plan.pdf``) are refused
    before any work, naming both — silently keeping one of them would lose the other."""
    folder = Path(folder)
    taken: dict[str, str] = {}
    outs = []
    for name in inputs:
        stem = "stdin" if name == STDIO else Path(name).stem
        out = folder / f"{stem}{suffix}"
        key = out.name.casefold()  # case-insensitive file systems collide too
        if key in taken:
            raise UsageError(f"{taken[key]} and {name} would both be written to {out}; "
                             "rename one, or run them separately (or use --format jsonl)")
        taken[key] = name
        outs.append(out)
    return outs
