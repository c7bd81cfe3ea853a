"""Names of a package imported on first use (PEP 562), for ``vanban``, ``vanban.extractor``
and ``vanban.models`` alike: ``import vanban`` and ``vanban --help`` must not pay for the
parsers, models and vocabularies."""
from __future__ import annotations

import importlib
from typing import Any, Callable


def lazy_names(package: str, where: dict[str, str], namespace: dict[str, Any]
               ) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The package's ``__getattr__`` and ``__dir__``: a name of ``where`` is imported from
    its module when first asked for and kept in ``namespace`` (the package's globals), so
    later lookups are plain attribute reads."""
    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(namespace.get("__all__", ())))

    return __getattr__, __dir__
