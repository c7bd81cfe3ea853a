"""The family name of an OCR'd signer gets its tone marks back, and only then."""
from __future__ import annotations

import pytest

from vanban.extractor.ocrfix import restore_surname, vocabulary


@pytest.mark.parametrize("read, expected", [
    ("Nguyên Văn An", "Nguyễn Văn An"),      # bold ễ read as ê
    ("Đỉnh Thị Hoa", "Đinh Thị Hoa"),        # the seeds' hard scans
    ("Trân Quốc Toản", "Trần Quốc Toản"),
    ("Pham Thị Lan", "Phạm Thị Lan"),         # marks dropped altogether
    ("NGUYÊN VĂN AN", "NGUYỄN VĂN AN"),       # a name in capitals stays in capitals
])
def test_misread_surname_is_restored(read, expected):
    name, repairs = restore_surname(read)
    assert name == expected
    assert [(r.before, r.after) for r in repairs] == [(read.split()[0], expected.split()[0])]


@pytest.mark.parametrize("name", [
    "Lê Khắc Nam",        # already a surname
    "Vũ Văn Hải",
    "Võ Thị Sáu",
    "La Văn Cầu",         # La and Lã are both surnames: neither is forced on the other
    "Lã Thị Hồng",
    "Lam Văn Phúc",
    "Xuân Diệu",          # no surname spelled like it
    "",
])
def test_right_or_ambiguous_names_are_left_alone(name):
    assert restore_surname(name) == (name, [])


def test_only_unambiguous_spellings_are_in_the_table():
    table = vocabulary().surnames
    assert table["nguyen"] == "Nguyễn" and table["đinh"] == "Đinh"
    assert "la" not in table and "lam" not in table  # La/Lã, Lam/Lâm
