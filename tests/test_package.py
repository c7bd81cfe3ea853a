"""The package's own rules: one loader for the data files, exit codes from one enum."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "extractor"
SOURCES = sorted(p for p in PKG.rglob("*.py"))


@pytest.mark.parametrize("name", sorted(p.name for p in (PKG / "data").glob("*.toml")))
def test_every_data_file_loads_through_the_one_loader(name):
    from vanban.extractor.vocab import load_toml

    assert isinstance(load_toml(name), dict) and load_toml(name)


def test_no_module_but_vocab_parses_toml():
    readers = [p.relative_to(PKG).as_posix() for p in SOURCES
               if re.search(r"^\s*(import tomllib|from tomllib)", p.read_text(encoding="utf-8"),
                            re.M)]
    assert readers == ["vocab.py"]


def test_exit_codes_come_from_the_enum():
    from vanban.extractor import errors
    from vanban.extractor.exitcodes import ExitCode

    for cls in vars(errors).values():
        if isinstance(cls, type) and issubclass(cls, errors.VanbanError):
            assert cls.exit_code in set(ExitCode), cls
    literal = re.compile(r"exit_code\s*=\s*\d|return 1[23]0\b|sys\.exit\(\d")
    offenders = [p.relative_to(PKG).as_posix() for p in SOURCES
                 if literal.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_tests_reading_shared_carry_the_corpus_marker():
    """A clone with nothing beside it must pass: a test file that reaches for ../shared
    marks those tests ``corpus`` (skipped with the reason when it is absent)."""
    tests = Path(__file__).resolve().parent
    offenders = []
    for path in sorted(tests.glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"""/\s*["']shared["']""", text) and "mark.corpus" not in text:
            offenders.append(path.name)
    assert offenders == []
