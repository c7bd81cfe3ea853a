"""The planted-defect set (tests/planted_defects.py): every planted defect found, no
false alarm, no trap raising a finding."""
from __future__ import annotations

import pytest

from vanban.extractor import registry as reg_mod
from vanban.extractor.registry import Registry, RegistryResolver
from planted_defects import build_cases, findings_of, score


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.setenv("VANBAN_HOME", str(tmp_path_factory.mktemp("home")))
    reg_mod.default_registry.cache_clear()
    reg = Registry()
    yield build_cases(reg), RegistryResolver(reg)
    mp.undo()
    reg_mod.default_registry.cache_clear()


def test_the_set_covers_every_kind(setup):
    cases, _ = setup
    kinds = {c.kind for c in cases}
    assert kinds >= {"clean", "replaced", "wrong_date", "future", "malformed", "missing_date",
                     "missing_year", "self_reference", "trap", "unknown"}
    assert sum(c.trap for c in cases) >= 15 and len(cases) >= 60


def test_recall_precision_and_traps(setup):
    cases, resolver = setup
    s = score(cases, resolver)
    assert s.recall >= 0.95, s.misses
    assert s.precision >= 0.95, s.extras
    assert s.traps_hit <= 1, s.extras


def test_the_scorer_sees_a_missed_defect(setup):
    # the scorer is not blind: without the registry the date defects go unseen
    cases, _ = setup
    wrong = [c for c in cases if c.kind == "wrong_date"][:3]
    s = score(wrong, lambda refs, *a: refs)
    assert s.recall == 0 and s.fn == len(wrong)


def test_ocr_traps_record_their_repairs(setup):
    cases, resolver = setup
    from vanban.extractor.pipeline import extract_text
    from vanban.extractor.text import Text
    from vanban.models import Source

    for trap in [c for c in cases if c.kind == "trap" and c.source == "ocr"]:
        assert findings_of(trap, resolver) == set()
        result = extract_text(Text.from_string(trap.text, source="ocr"),
                              source=Source(file="x.txt"), resolver=resolver)
        (ref,) = result.references
        assert ref.registry.matched and ref.mentions[0].provenance.repairs
