"""Every exit status of the ``vanban`` command, in one enum (as OCRmyPDF's ``ExitCode``).

Scripts and workflows branch on these numbers, so they never change meaning:

==============  ====  ==============================================================
name            code  when
==============  ====  ==============================================================
ok                 0  everything asked for was done
findings           1  ``check`` found an error-severity finding; a ``batch`` had failed
                      files; ``registry show`` of an unknown code
usage              2  bad arguments or options (also: an output would overwrite an input)
input_file         3  an input cannot be read as a document, or exceeds a limit
engine_missing     4  a required engine (tesseract, its Vietnamese model) is missing
output_file        5  an output cannot be written (read-only folder, a directory, …)
internal          70  a bug or a broken data file in vanban (``EX_SOFTWARE``)
interrupted      130  Ctrl-C (128 + SIGINT)
==============  ====  ==============================================================
"""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    findings = 1
    usage = 2
    input_file = 3
    engine_missing = 4
    output_file = 5
    internal = 70
    interrupted = 130
