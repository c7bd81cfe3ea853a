"""Property tests: a citation written any supported way reads back to one canonical code."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.extractor.parsers.references import canonical_code, code_key

STATE_TYPES = ["QĐ", "KH", "CT", "HD", "TB", "CTrHĐ", "TTr"]
STATE_BODIES = ["TTg", "UBND", "BGDĐT", "KHVN", "HKH", "SGDĐT"]
PARTY_TYPES = ["CT", "NQ", "KL", "CTr", "KH"]
PARTY_BODIES = ["TW", "TU", "HU", "QU", "ĐU"]
numbers = st.integers(min_value=1, max_value=9999).map(str)
spaces = st.sampled_from(["", " "])


@settings(max_examples=150, deadline=None)
@given(numbers, st.sampled_from(STATE_TYPES), st.sampled_from(STATE_BODIES), spaces, spaces)
def test_state_codes_round_trip(number, kind, body, sp1, sp2):
    canonical = f"{number}/{kind}-{body}"
    written = f"{number}{sp1}/{sp2}{kind}-{body}"
    info = canonical_code(written)
    assert info.code == canonical and not info.nonstandard
    assert info.party is False and code_key(info.code) == code_key(canonical)


@settings(max_examples=150, deadline=None)
@given(numbers, st.sampled_from(PARTY_TYPES), st.sampled_from(PARTY_BODIES), st.booleans())
def test_party_codes_either_way(number, kind, body, state_style):
    written = f"{number}/{kind}-{body}" if state_style else f"{number}-{kind}/{body}"
    info = canonical_code(written)
    assert info.code == f"{number}-{kind}/{body}" and info.party
    assert bool(info.nonstandard) is state_style


@settings(max_examples=100, deadline=None)
@given(numbers, st.integers(min_value=1990, max_value=2030).map(str),
       st.sampled_from([("TT", "BGDĐT", "BGD&ĐT"), ("NĐ", "CP", "CP"), ("TTLT", "BGDĐT-BNV", "BGD&ĐT-BNV")]))
def test_normative_codes_drop_the_ampersand(number, year, parts):
    kind, body, written_body = parts
    info = canonical_code(f"{number}/{year}/{kind}-{written_body}")
    assert info.code == f"{number}/{year}/{kind}-{body}" and info.year == year
    assert bool(info.nonstandard) is ("&" in written_body)
