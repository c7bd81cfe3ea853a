"""The examples in the docstrings of the loaders, OCR fixes, tables and the timetable and
targets parsers are run, so that they stay true (the other parsers run theirs in their own
test files)."""
from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest


@pytest.mark.parametrize("module", [
    "vanban.extractor.loaders", "vanban.extractor.loaders.ocr", "vanban.extractor.ocrfix", "vanban.extractor.loaders.tables",
    "vanban.extractor.normalize", "vanban.extractor.text", "vanban.extractor.loaders.pdf", "vanban.extractor.loaders.slots",
])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


# (package, how many examples its modules hold at least): every module of the package is
# found, so an example moved to a new module is still run
@pytest.mark.parametrize("package, examples", [
    ("vanban.extractor.parsers.timetable", 15),
    ("vanban.extractor.parsers.targets", 4),
])
def test_docstring_examples_of_a_package(package, examples):
    root = importlib.import_module(package)
    names = [package] + [f"{package}.{m.name}" for m in pkgutil.iter_modules(root.__path__)]
    results = {name: doctest.testmod(importlib.import_module(name)) for name in names}
    assert not {name: r.failed for name, r in results.items() if r.failed}
    assert sum(r.attempted for r in results.values()) >= examples
