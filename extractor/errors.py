"""One root exception for the project; each class knows its exit code and tells the fix.

Exit codes are the CLI's contract and come from :class:`extractor.exitcodes.ExitCode`:
0 ok, 1 findings/failures, 2 usage, 3 unreadable or unsupported input, 4 a required
engine (tesseract) is missing, 5 an output cannot be written, 70 internal error.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from vanban.extractor.exitcodes import ExitCode


class VanbanError(Exception):
    """Root of every error vanban raises on purpose."""

    exit_code: int = ExitCode.input_file

    def __init__(self, message: str, *, path: Optional[Union[str, Path]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class UsageError(VanbanError):
    exit_code = ExitCode.usage


class InputError(VanbanError):
    """The input file cannot be read as a document."""

    exit_code = ExitCode.input_file


class MissingFileError(InputError):
    pass


class EmptyFileError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class CorruptFileError(InputError):
    pass


class EncryptedPdfError(InputError):
    pass


class ImageTooLargeError(InputError):
    pass


class LimitError(InputError):
    """The document exceeds one of the resource limits of :class:`models.ExtractOptions`
    (pages, pixels, inflated bytes, characters, items, seconds); the message names the
    limit and how to raise it."""


class TimeLimitError(LimitError):
    """The document took longer than its time limit."""


class NotRegularFileError(InputError):
    """A FIFO, device or socket: refused before anything is read from it."""


class NoTextError(InputError):
    """Nothing readable came out of the file (blank pages, OCR found nothing)."""


class NotVietnameseError(InputError):
    """The text is readable but is not a Vietnamese document."""


class EngineMissingError(VanbanError):
    """A required external engine (tesseract, its Vietnamese model) is not installed."""

    exit_code = ExitCode.engine_missing


class OutputError(VanbanError):
    """An output cannot be written: the message names the path and the reason."""

    exit_code = ExitCode.output_file


class InternalError(VanbanError):
    """A bug in vanban (not the input's fault); the message asks for a report."""

    exit_code = ExitCode.internal
