"""The timetable vocabulary (extractor/data/timetable.toml) is loaded once and checked."""
from __future__ import annotations

import pytest

from vanban.extractor.parsers import timetable
from vanban.extractor.parsers.timetable import MEANINGS, VOCAB, column_meaning, load_vocabulary, parse_heading


def test_every_meaning_has_wordings():
    assert set(VOCAB["columns"]) == set(MEANINGS)
    assert all(VOCAB["columns"][m] for m in MEANINGS)


@pytest.mark.parametrize("meaning, wording",
                         [(m, w) for m, names in VOCAB["columns"].items() for w in names])
def test_each_wording_maps_back_to_its_meaning(meaning, wording):
    assert column_meaning(wording) == (meaning, 100.0)


@pytest.mark.parametrize("prefix", VOCAB["headings"]["prefixes"])
def test_each_heading_prefix_opens_a_task_list(prefix):
    h = parse_heading(f"{prefix} quý II", 2024)
    assert h is not None and h.label == f"{prefix} quý II" and h.start.month == 4


@pytest.mark.parametrize("phrase, half", VOCAB["headings"]["half"].items())
def test_each_half_year_heading(phrase, half):
    h = parse_heading(phrase.capitalize(), 2024)
    assert h.start.month == (1 if half == 1 else 7) and h.end.month == (6 if half == 1 else 12)


@pytest.mark.parametrize("body, error", [
    ('[columns]\nseq = ["TT"]\nwhen = ["Thời gian"]\n', "unknown column meanings"),
    ('[columns]\nseq = ["TT"]\ntask = ["tt"]\n', "listed under"),
    ('[columns]\ntask = [""]\n', "empty wording"),
])
def test_bad_vocabulary_is_rejected(tmp_path, body, error):
    path = tmp_path / "timetable.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        load_vocabulary(path)


def test_data_file_ships_with_the_package():
    assert timetable.DATA_FILE.is_file() and timetable.DATA_FILE.parent.name == "data"
