"""Finding the input files of a batch: folders walked, links followed, loops refused.

A folder is entered at most once, recognised by its ``(st_dev, st_ino)`` — so a
symbolic link pointing back up the tree (or two links to the same folder) cannot make
the walk loop. Links to files are followed (two paths to one file are both listed; the
batch stores identical content once); a link whose target is missing is skipped. Hidden entries (``.name``) and the batch's own output folder are
never read as documents.
"""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence

from vanban.extractor.errors import UsageError


def _matches(path: Path, patterns: Sequence[str]) -> bool:
    """True when a glob matches the file's name or its path (``*.pdf``, ``2021/*``).

    >>> _matches(Path("a/b/x.PDF"), ["*.pdf"])
    True
    >>> _matches(Path("a/b/x.docx"), ["*.pdf", "b/*"])
    False
    >>> _matches(Path("a/b/x.docx"), ["*/b/*"])
    True
    """
    name, full = path.name.lower(), path.as_posix().lower()
    return any(fnmatch.fnmatchcase(name, p.lower()) or fnmatch.fnmatchcase(full, p.lower())
               for p in patterns)


def iter_files(inputs: Iterable[str | os.PathLike], *, include: Sequence[str] = (),
               exclude: Sequence[str] = (), skip: Optional[Path] = None) -> Iterator[Path]:
    """Every document path under ``inputs`` (files given directly are kept as they are),
    in a stable order: inputs in the order given, folder entries sorted by name.

    ``include`` keeps only files matching one of its globs; ``exclude`` drops files
    matching any of its globs (on the name or the whole path). ``skip`` is a folder never
    entered (the batch output). A missing input is a usage error.
    """
    seen_dirs: set[tuple[int, int]] = set()
    skip_id = _ident(skip) if skip is not None and skip.exists() else None
    if skip_id:
        seen_dirs.add(skip_id)

    def keep(path: Path) -> bool:
        if include and not _matches(path, include):
            return False
        return not (exclude and _matches(path, exclude))

    def walk(folder: Path) -> Iterator[Path]:
        ident = _ident(folder)
        if ident is None or ident in seen_dirs:
            return
        seen_dirs.add(ident)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError:
                continue
            if is_dir:
                yield from walk(path)
            elif is_file and keep(path):
                yield path

    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from walk(path)
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"{path}: no such file or folder")


def _ident(path: Path) -> Optional[tuple[int, int]]:
    try:
        st = path.stat()  # follows links
    except OSError:
        return None
    return st.st_dev, st.st_ino
