"""The ``vanban`` namespace: the public API, no generic top-level names, the package
list in pyproject complete, and the tests importing this checkout."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_public_api():
    import vanban

    for name in ("extract", "extract_all", "extract_text", "ExtractionResult",
                 "ExtractOptions", "VanbanError", "ExitCode", "Document", "Finding"):
        assert getattr(vanban, name) is not None, name
    assert vanban.__version__
    assert vanban.extract.__module__ == "vanban.extractor.pipeline"


def test_tests_import_this_checkout():
    import vanban
    import vanban.extractor
    import vanban.models

    for mod in (vanban, vanban.extractor, vanban.models):
        assert Path(mod.__file__).resolve().is_relative_to(ROOT), mod.__file__


def test_no_module_loads_the_old_top_level_names():
    code = ("import sys, vanban\n"
            "vanban.extract\n"
            "import vanban.extractor.cli\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('extractor', 'models')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_pyproject_lists_every_package_folder():
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    st = conf["tool"]["setuptools"]
    listed = set(st["packages"])
    for top in ("extractor", "models"):
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT)
            assert "vanban." + ".".join(rel.parts) in listed, rel
    assert set(st["package-dir"]) == {"vanban", "vanban.extractor", "vanban.models"}
    assert conf["project"]["scripts"]["vanban"] == "vanban.extractor.cli:main"
