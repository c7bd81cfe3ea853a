"""The examples in the docstrings of the loaders, OCR fixes and tables are run, so that
they stay true (the parsers' modules run theirs in their own test files)."""
from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", [
    "vanban.extractor.loaders", "vanban.extractor.loaders.ocr", "vanban.extractor.ocrfix", "vanban.extractor.loaders.tables",
    "vanban.extractor.normalize", "vanban.extractor.text", "vanban.extractor.loaders.pdf", "vanban.extractor.loaders.slots",
])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0
