"""What ``vanban --version`` prints: vanban, the tesseract found, and its Vietnamese model.

Runs ``tesseract --version`` and ``--list-langs`` (two short subprocesses) and imports
nothing heavy, so ``--version`` answers in a fraction of a second.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

APT_HINT = "sudo apt-get install -y tesseract-ocr tesseract-ocr-vie"


def _run(*argv: str) -> str:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        out = subprocess.run(list(argv), capture_output=True, text=True, env=env, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return (out.stdout or "") + (out.stderr or "")


def version_lines(version: str) -> list[str]:
    """``vanban X``, ``tesseract X (path)`` and ``vie model: path`` — or what is missing
    and the command that installs it."""
    lines = [f"vanban {version}"]
    exe = shutil.which("tesseract")
    if exe is None:
        lines.append(f"tesseract: not found (install: {APT_HINT})")
        return lines
    first = _run(exe, "--version").strip().splitlines()
    tess = first[0].split()[-1].lstrip("v") if first else "unknown"
    lines.append(f"tesseract {tess} ({exe})")
    langs = _run(exe, "--list-langs")
    m = re.search(r'languages in "([^"]*)"', langs)
    folder = m.group(1) if m else None
    if "vie" in langs.split():
        where = os.path.join(folder, "vie.traineddata") if folder else "vie"
        lines.append(f"Vietnamese model: {where}")
    else:
        lines.append(f"Vietnamese model: not found (install: {APT_HINT})")
    return lines
