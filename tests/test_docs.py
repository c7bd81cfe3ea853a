"""The documentation stands on its own: generated parts are current, every finding code
is catalogued, and the README and docs link only inside the repository."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
# pages written on other branches of the same release (registry: issue 11)
ELSEWHERE = {"docs/registry.md"}


def test_field_reference_is_current():
    from vanban.extractor import docgen

    text = docgen.DOC.read_text(encoding="utf-8")
    assert docgen.render(text) == text, "docs/output.md is out of date: run make docs"


def test_every_field_has_a_meaning():
    from vanban.extractor.docgen import reference_rows

    assert reference_rows()  # raises, naming the field, when one has no meaning


def test_every_finding_code_is_in_the_catalogue():
    from vanban.models.result import FINDING_CODES

    catalogue = (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")
    missing = [c for c in FINDING_CODES if f"`{c}`" not in catalogue]
    assert missing == []


def test_exit_codes_page_lists_the_enum():
    from vanban.extractor.exitcodes import ExitCode

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert re.search(rf"\|\s*{int(code)}\s*\|\s*`{code.name}`", page), code


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_stay_inside_the_repository(page):
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+://", target):
            assert "shared" not in target, target
            continue
        path = (page.parent / target).resolve()
        assert path.is_relative_to(ROOT), f"{page.name} links outside the repository: {target}"
        rel = path.relative_to(ROOT).as_posix()
        assert path.exists() or rel in ELSEWHERE, f"{page.name}: broken link {target}"
