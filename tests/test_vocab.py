"""The vocabularies in extractor/data: every file loads, validates and answers lookups."""
from __future__ import annotations

import doctest

import pytest

import vanban.extractor.vocab as vocab
from vanban.extractor.normalize import fold
from vanban.models.result import DOC_TYPES


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


# ---------------------------------------------------------------- header vocabularies
def test_national_title_and_motto():
    nt = vocab.national_title()
    assert nt.title == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert fold(nt.motto) == fold("Độc lập - Tự do - Hạnh phúc")
    assert 50 <= nt.min_score <= 100


def test_authority_prefixes():
    assert set(vocab.authority_prefixes()) == {"TM.", "KT.", "Q.", "TL.", "TUQ."}


@pytest.mark.parametrize("getter", [vocab.positions, vocab.issuer_bodies, vocab.admin_units])
def test_phrase_lists_are_clean_and_longest_first(getter):
    """No duplicates (after folding), NFC, no stray spaces, longer phrases before the
    phrases they start with (prefix matching stops at the first hit)."""
    import unicodedata

    items = getter()
    keys = [fold(x) for x in items]
    assert len(keys) == len(set(keys))
    for x in items:
        assert x == unicodedata.normalize("NFC", x) and x == " ".join(x.split())
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            assert not b.startswith(a + " "), (a, b)


def test_positions_are_in_sentence_case():
    for p in vocab.positions():
        assert p[0].isupper() and not p.isupper(), p


def test_admin_units_are_lower_case():
    assert all(u == u.lower() for u in vocab.admin_units())


def test_named_bodies_and_levels_are_known_words():
    bodies = {fold(b) for b in vocab.issuer_bodies()}
    assert vocab.named_bodies() <= bodies
    assert {"thcs", "thpt"} <= vocab.school_levels()
    assert all(" " not in level for level in vocab.school_levels())


def test_header_cues():
    cues = vocab.header_cues()
    assert fold("Căn cứ") in {fold(x) for x in cues.strong_openers}
    assert fold("Thực hiện") in {fold(x) for x in cues.weak_openers}
    assert not set(map(fold, cues.strong_openers)) & set(map(fold, cues.weak_openers))
    assert cues.recipients_heading == "Nơi nhận"
    assert all(len(k) == 1 and v.isascii() for k, v in cues.email_ocr_repairs.items())


def test_no_two_positions_differ_by_their_marks_only():
    # positions are also matched without marks (OCR loses them): two that differ only by
    # their marks ("Thứ trưởng" / "Thủ trưởng") would be read one for the other
    from vanban.extractor.normalize import strip_accents

    keys = [strip_accents(p).lower().replace("đ", "d") for p in vocab.positions()]
    assert len(keys) == len(set(keys))
