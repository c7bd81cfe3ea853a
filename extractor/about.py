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


def _run_all(*commands: list[str]) -> list[str]:
    """The output (stdout + stderr) of each command, run side by side; "" when one fails."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    procs = []
    for argv in commands:
        try:
            procs.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True, env=env))
        except OSError:
            procs.append(None)
    outs = []
    for proc in procs:
        if proc is None:
            outs.append("")
            continue
        try:
            out, err = proc.communicate(timeout=10)
        except subprocess.SubprocessError:
            proc.kill()
            proc.communicate()
            out, err = "", ""
        outs.append((out or "") + (err or ""))
    return outs


def version_lines(version: str) -> list[str]:
    """``vanban X``, ``tesseract X (path)`` and ``vie model: path`` — or what is missing
    and the command that installs it."""
    lines = [f"vanban {version}"]
    exe = shutil.which("tesseract")
    if exe is None:
        lines.append(f"tesseract: not found (install: {APT_HINT})")
        return lines
    version, langs = _run_all([exe, "--version"], [exe, "--list-langs"])
    first = version.strip().splitlines()
    tess = first[0].split()[-1].lstrip("v") if first else "unknown"
    lines.append(f"tesseract {tess} ({exe})")
    m = re.search(r'languages in "([^"]*)"', langs)
    folder = m.group(1) if m else None
    if "vie" in langs.split():
        where = os.path.join(folder, "vie.traineddata") if folder else "vie"
        lines.append(f"Vietnamese model: {where}")
    else:
        lines.append(f"Vietnamese model: not found (install: {APT_HINT})")
    return lines
