"""vanban: structured data from Vietnamese official documents — the public API.

    >>> import vanban
    >>> result = vanban.extract("plan.pdf")              # doctest: +SKIP
    >>> result.document.code                              # doctest: +SKIP
    '01/KH-HKH'
    >>> options = vanban.ExtractOptions(pages=(1, 2))     # doctest: +SKIP

Layout: the sources live in ``extractor/`` and ``models/`` at the top of the repository;
installing maps them to ``vanban.extractor`` and ``vanban.models`` (setuptools
``package-dir``), so vanban claims one top-level name. Run from a checkout (``PYTHONPATH``
= the repository, or the tests), the same two folders are found beside this one.

Names are imported on first use (PEP 562): ``import vanban`` stays cheap.
"""
from __future__ import annotations

import os

# a source checkout: vanban.extractor / vanban.models are the folders beside this one
_here = os.path.dirname(os.path.abspath(__file__))
if not os.path.isdir(os.path.join(_here, "extractor")):
    _root = os.path.dirname(_here)
    if os.path.isfile(os.path.join(_root, "extractor", "__init__.py")) and _root not in __path__:
        __path__.append(_root)

from vanban._lazy import lazy_names  # noqa: E402
from vanban.extractor import __version__  # noqa: E402  (cheap: the package loads lazily)

_MODELS = ("SCHEMA_VERSION", "Contacts", "Document", "ErrorRecord", "ExtractOptions",
           "ExtractionResult", "Finding", "Mention", "OcrInfo", "Period", "Provenance",
           "Reference", "RegistryMatch", "Review", "ReviewReason", "Signer", "Source",
           "Target", "TimetableRow")
_PUBLIC: dict[str, str] = {
    "extract": "vanban.extractor.pipeline",
    "extract_all": "vanban.extractor.pipeline",
    "extract_text": "vanban.extractor.pipeline",
    "VanbanError": "vanban.extractor.errors",
    "ExitCode": "vanban.extractor.exitcodes",
    **{name: "vanban.models" for name in _MODELS},
}

__all__ = ["__version__", *_PUBLIC]


__getattr__, __dir__ = lazy_names("vanban", _PUBLIC, globals())
