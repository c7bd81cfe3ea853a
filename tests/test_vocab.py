"""The vocabularies in extractor/data: every file loads, validates and answers lookups."""
from __future__ import annotations

import doctest

import pytest

import extractor.vocab as vocab
from extractor.normalize import fold
from models.result import DOC_TYPES


def test_doctests():
    assert doctest.testmod(vocab).failed == 0


def test_doc_types_cover_the_contract():
    slugs = [e.slug for e in vocab.doc_types()]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) == set(DOC_TYPES) - {"other"}


def test_longer_names_come_first():
    """A prefix lookup in file order must not stop at a shorter name."""
    labels = [fold(e.label) for e in vocab.doc_types()]
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not b.startswith(a + " "), (a, b)


@pytest.mark.parametrize("word, slug", [
    ("KẾ HOẠCH", "ke_hoach"),
    ("Kế hoạch", "ke_hoach"),
    ("QUYẾT ĐỊNH", "quyet_dinh"),
    ("Thông tư liên tịch", "thong_tu_lien_tich"),
    ("Thông tư", "thong_tu"),
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "chuong_trinh_hanh_dong"),
    ("Chương trình", "chuong_trinh"),
    ("Qui định", "quy_dinh"),
    ("TỜ TRÌNH", "to_trinh"),
    ("Kế  hoạch", "ke_hoach"),  # doubled space
    # negative rows
    ("Kế toán", None),
    ("Hội", None),
    ("", None),
    ("KÉ HOẠCH", None),  # OCR damage needs fuzzy=True
])
def test_doc_type_by_label(word, slug):
    hit = vocab.doc_type_by_label(word)
    assert (hit.slug if hit else None) == slug


@pytest.mark.parametrize("word, slug", [
    ("KÉ HOẠCH", "ke_hoach"),
    ("KE HOACH", "ke_hoach"),
    ("QUYET DINH", "quyet_dinh"),
    ("THÔNG BÁQ", "thong_bao"),
    # negative rows
    ("KẾT QUẢ", None),
    ("HỘI KHUYẾN HỌC", None),
    ("Căn cứ", None),
])
def test_doc_type_by_label_fuzzy(word, slug):
    hit = vocab.doc_type_by_label(word, fuzzy=True)
    assert (hit.slug if hit else None) == slug


@pytest.mark.parametrize("abbr, slug", [
    ("KH", "ke_hoach"), ("QĐ", "quyet_dinh"), ("QD", "quyet_dinh"), ("CT", "chi_thi"),
    ("CTr", "chuong_trinh"), ("CTrHĐ", "chuong_trinh_hanh_dong"), ("TT", "thong_tu"),
    ("TTr", "to_trinh"), ("TTLT", "thong_tu_lien_tich"), ("NĐ", "nghi_dinh"),
    ("ND", "nghi_dinh"), ("HD", "huong_dan"), ("QyĐ", "quy_dinh"), ("kh", "ke_hoach"),
    # negative rows
    ("HKH", None), ("UBND", None), ("", None), ("TW", None),
])
def test_doc_type_by_abbr(abbr, slug):
    hit = vocab.doc_type_by_abbr(abbr)
    assert (hit.slug if hit else None) == slug


def test_bad_file_is_reported(monkeypatch):
    monkeypatch.setattr(vocab, "load_toml", lambda name: {"type": [{"slug": "nope", "label": "X"}]})
    vocab.doc_types.cache_clear()
    try:
        with pytest.raises(vocab.VocabularyError, match="unknown slug"):
            vocab.doc_types()
    finally:
        monkeypatch.undo()
        vocab.doc_types.cache_clear()
