"""Test-suite wide rules.

Tests marked ``corpus`` measure against ``../shared`` (the dev corpora, the scorer, the
full-size scans); a clone with nothing beside it skips them with the reason, CI (which has
``../shared``) runs them. Select them alone with ``pytest -m corpus``.
"""
from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def pytest_collection_modifyitems(config, items):
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"corpus test: needs {SHARED} (the shared corpora) beside "
                            "the repository")
    for item in items:
        if "corpus" in item.keywords:
            item.add_marker(skip)
