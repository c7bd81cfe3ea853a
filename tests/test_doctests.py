"""The examples in the docstrings of the loaders, OCR fixes and tables are run, so that
they stay true (the parsers' modules run theirs in their own test files)."""
from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", [
    "extractor.loaders", "extractor.loaders.ocr", "extractor.ocrfix", "extractor.loaders.tables",
    "extractor.normalize", "extractor.text", "extractor.loaders.pdf", "extractor.loaders.slots",
])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
