"""Vocabularies read from ``extractor/data/*.toml``, loaded and validated once.

:func:`load_toml` is THE loader of every data file (the parsers' vocabularies, the
timetable's wordings, the OCR repairs, the number words and units): one place that
reads package data (also from a wheel or a zip), caches it, and turns a missing or
malformed file into a :class:`VocabularyError` naming it. Nothing is read at import time.

Each public function returns cached, immutable data; a malformed data file raises
:class:`VocabularyError` the first time it is read (tests read every file, so a bad edit
fails the suite rather than a user's run).

Document types (``doc_types.toml``) — shared by the header and references parsers::

    >>> doc_type_by_label("KẾ HOẠCH").slug
    'ke_hoach'
    >>> doc_type_by_abbr("QĐ").label
    'Quyết định'
    >>> doc_type_by_abbr("XYZ") is None
    True

Lookups compare through :func:`extractor.normalize.fold`, so letter case and old/new
tone placement do not matter; ``fuzzy=True`` also accepts OCR-damaged spellings
(rapidfuzz ratio on the accent-less skeleton, high threshold).

Header vocabularies (read by :mod:`extractor.parsers.header`):
``national_title.toml`` (national title, motto, Party heading), ``authority.toml``
(TM./KT./Q./TL./TUQ. and signer positions), ``header_bodies.toml`` (words that begin an
issuing body, administrative units, abbreviations kept when re-casing) and
``header_cues.toml`` (body openers that end a title, the recipients heading, words that
never start a personal name, e-mail OCR repairs, appendix headings).
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Optional

from rapidfuzz import fuzz

from vanban.extractor.errors import VanbanError
from vanban.extractor.exitcodes import ExitCode
from vanban.extractor.normalize import fold, strip_accents
from vanban.models.result import DOC_TYPES

DATA_PACKAGE = "vanban.extractor.data"
FUZZY_THRESHOLD = 88.0  # rapidfuzz ratio (0..100) for fuzzy label lookups


class VocabularyError(VanbanError):
    """A data file in extractor/data is missing or malformed (a bug, not user input)."""

    exit_code = ExitCode.internal


def _parse(raw: bytes, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise VocabularyError(f"{where}: invalid TOML ({exc})") from exc


@lru_cache(maxsize=None)
def load_toml(name: str) -> dict[str, Any]:
    """The parsed TOML file ``extractor/data/<name>`` (read once and cached: callers must
    not mutate it)."""
    try:
        raw = resources.files(DATA_PACKAGE).joinpath(name).read_bytes()
    except (FileNotFoundError, OSError) as exc:
        raise VocabularyError(f"extractor/data/{name}: cannot read ({exc})") from exc
    return _parse(raw, f"extractor/data/{name}")


def read_toml(path) -> dict[str, Any]:
    """A TOML vocabulary from any path (tests and tools checking an edited copy), with the
    same errors as :func:`load_toml`; not cached."""
    try:
        raw = open(path, "rb").read()
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read ({exc})") from exc
    return _parse(raw, str(path))


def _skeleton(s: str) -> str:
    """Accent-less fold used for fuzzy comparison (``Kê hoach`` ~ ``Kế hoạch``)."""
    return strip_accents(fold(s))


# ---------------------------------------------------------------- document types
@dataclass(frozen=True)
class DocTypeEntry:
    slug: str
    label: str
    abbr: Optional[str] = None
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The label and its aliases."""
        return (self.label, *self.aliases)


@lru_cache(maxsize=1)
def doc_types() -> tuple[DocTypeEntry, ...]:
    """Every document type of ``doc_types.toml`` in file order (longer names first)."""
    data = load_toml("doc_types.toml")
    entries = []
    seen_slugs: set[str] = set()
    seen_abbr: set[str] = set()
    for i, row in enumerate(data.get("type", [])):
        where = f"extractor/data/doc_types.toml type #{i + 1}"
        slug, label = row.get("slug"), row.get("label")
        if slug not in DOC_TYPES or slug == "other":
            raise VocabularyError(f"{where}: unknown slug {slug!r}")
        if not isinstance(label, str) or not label.strip():
            raise VocabularyError(f"{where}: missing label")
        if slug in seen_slugs:
            raise VocabularyError(f"{where}: duplicate slug {slug!r}")
        abbr = row.get("abbr")
        if abbr is not None:
            if not isinstance(abbr, str) or not abbr.strip() or fold(abbr) in seen_abbr:
                raise VocabularyError(f"{where}: bad or duplicate abbr {abbr!r}")
            seen_abbr.add(fold(abbr))
        aliases = row.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise VocabularyError(f"{where}: aliases must be a list of strings")
        seen_slugs.add(slug)
        entries.append(DocTypeEntry(slug=slug, label=label, abbr=abbr, aliases=tuple(aliases)))
    if not entries:
        raise VocabularyError("extractor/data/doc_types.toml: no [[type]] entries")
    return tuple(entries)


@lru_cache(maxsize=1)
def _doc_types_by_fold() -> dict[str, DocTypeEntry]:
    return {fold(name): e for e in doc_types() for name in e.names}


@lru_cache(maxsize=1)
def _doc_types_by_abbr() -> dict[str, DocTypeEntry]:
    return {fold(e.abbr): e for e in doc_types() if e.abbr}


@lru_cache(maxsize=1)
def _doc_type_skeletons() -> tuple[tuple[str, DocTypeEntry], ...]:
    """(accent-less folded name, entry) of every name, in the order of
    :func:`_doc_types_by_fold` (fuzzy lookups compare against these, once per name)."""
    return tuple((strip_accents(k), e) for k, e in _doc_types_by_fold().items())


@lru_cache(maxsize=1)
def _doc_types_by_abbr_skeleton() -> dict[str, tuple[DocTypeEntry, ...]]:
    """Accent-less abbreviation → the entries whose abbreviation has that skeleton."""
    out: dict[str, tuple[DocTypeEntry, ...]] = {}
    for k, e in _doc_types_by_abbr().items():
        skel = strip_accents(k)
        out[skel] = out.get(skel, ()) + (e,)
    return out


def doc_type_by_slug(slug: str) -> Optional[DocTypeEntry]:
    return next((e for e in doc_types() if e.slug == slug), None)


@lru_cache(maxsize=4096)
def doc_type_by_label(word: str, *, fuzzy: bool = False) -> Optional[DocTypeEntry]:
    """The type whose Vietnamese name is ``word`` (any case or tone placement).

    With ``fuzzy=True`` an OCR-damaged name (``KẾ HOACH``, ``KÉ HOẠCH``) is accepted when
    its accent-less skeleton is close to exactly one name's. (Cached: the header asks about
    the same first words of a line several times.)

    >>> doc_type_by_label("Chương trình hành động").slug
    'chuong_trinh_hanh_dong'
    >>> doc_type_by_label("KÉ HOẠCH", fuzzy=True).slug
    'ke_hoach'
    >>> doc_type_by_label("Kế toán", fuzzy=True) is None
    True
    """
    key = fold(word)
    if not key:
        return None
    hit = _doc_types_by_fold().get(key)
    if hit is not None or not fuzzy:
        return hit
    skel = strip_accents(key)
    best: Optional[DocTypeEntry] = None
    best_score = 0.0
    for name_skel, entry in _doc_type_skeletons():
        # below the threshold a name cannot be the answer: rapidfuzz then returns 0 early
        score = fuzz.ratio(skel, name_skel, score_cutoff=FUZZY_THRESHOLD)
        if score > best_score:
            best, best_score = entry, score
    return best if best_score >= FUZZY_THRESHOLD else None


def doc_type_by_abbr(abbr: str) -> Optional[DocTypeEntry]:
    """The type whose symbol abbreviation is ``abbr`` (``KH``, ``QĐ``, OCR's ``QD``).

    >>> doc_type_by_abbr("CTr").slug, doc_type_by_abbr("CT").slug
    ('chuong_trinh', 'chi_thi')
    >>> doc_type_by_abbr("QD").slug
    'quyet_dinh'
    """
    key = fold(abbr.strip())
    hit = _doc_types_by_abbr().get(key)
    if hit is not None:
        return hit
    # OCR and ASCII typing lose the bar of Đ: accept the skeleton when it is unambiguous.
    matches = _doc_types_by_abbr_skeleton().get(strip_accents(key), ())
    return matches[0] if len(matches) == 1 else None


# ---------------------------------------------------------------- header vocabularies
def _str_list(data: dict, key: str, name: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(
            isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"extractor/data/{name}: '{key}' must be a non-empty list of strings")
    return tuple(value)


def _longest_first(values: tuple[str, ...]) -> tuple[str, ...]:
    """Sorted by word count then length, longest first, so prefix matching is greedy."""
    return tuple(sorted(values, key=lambda v: (len(v.split()), len(v)), reverse=True))


@dataclass(frozen=True)
class NationalTitle:
    title: str
    motto: str
    party_title: str
    min_score: float
    org_titles: tuple[str, ...]
    org_min_score: float


@lru_cache(maxsize=1)
def national_title() -> NationalTitle:
    """The national title, motto, Party heading and the mass organisations' headings of
    ``national_title.toml``."""
    name = "national_title.toml"
    data = load_toml(name)
    try:
        nt = NationalTitle(title=str(data["title"]), motto=str(data["motto"]),
                           party_title=str(data["party_title"]),
                           min_score=float(data["min_score"]),
                           org_titles=_str_list(data, "org_titles", name),
                           org_min_score=float(data["org_min_score"]))
    except KeyError as exc:
        raise VocabularyError(f"extractor/data/{name}: missing key {exc}") from exc
    if not 50 <= nt.min_score <= 100:
        raise VocabularyError(f"extractor/data/{name}: min_score must be within 50..100")
    return nt


@lru_cache(maxsize=1)
def authority_prefixes() -> tuple[str, ...]:
    """``TM.``, ``KT.``, ``Q.``, ``TL.``, ``TUQ.`` (each ending with a dot)."""
    name = "authority.toml"
    rows = load_toml(name).get("prefix", [])
    out = []
    for row in rows:
        abbr = row.get("abbr")
        if not isinstance(abbr, str) or not abbr.endswith(".") or not abbr[:-1].isupper():
            raise VocabularyError(f"extractor/data/{name}: bad prefix {abbr!r}")
        out.append(abbr)
    if not out:
        raise VocabularyError(f"extractor/data/{name}: no [[prefix]] entries")
    return tuple(out)


@lru_cache(maxsize=1)
def positions() -> tuple[str, ...]:
    """Signer positions in their usual case, longest first."""
    data = load_toml("authority.toml").get("positions", {})
    return _longest_first(_str_list(data, "names", "authority.toml"))


@lru_cache(maxsize=1)
def issuer_bodies() -> tuple[str, ...]:
    """Phrases that begin an issuing body (``Ủy ban nhân dân``, ``Sở``…), longest first."""
    return _longest_first(_str_list(load_toml("header_bodies.toml"), "bodies", "header_bodies.toml"))


@lru_cache(maxsize=1)
def admin_units() -> tuple[str, ...]:
    """Administrative-unit words (``phường``, ``thành phố``…), longest first."""
    return _longest_first(_str_list(load_toml("header_bodies.toml"), "admin_units", "header_bodies.toml"))


@lru_cache(maxsize=1)
def body_word_compounds() -> frozenset[str]:
    """Common two-syllable words one of whose syllables is a one-word body kind ("môi
    trường", "xã hội", "quốc phòng", "phòng chống"), folded: that syllable opens no body."""
    return frozenset(fold(a) for a in _str_list(load_toml("header_bodies.toml"),
                                                "body_word_compounds", "header_bodies.toml"))


def body_word_compound(first: str, second: str) -> bool:
    """Whether two words make one of :func:`body_word_compounds` ("môi trường", "phòng,
    chống", "Ban hành"): the body kind among them opens no body."""
    return fold(f"{first.rstrip(',;:')} {second.rstrip(',;:')}") in body_word_compounds()


def in_body_word_compound(before: Optional[str], word: str, after: Optional[str]) -> bool:
    """Whether ``word`` makes a compound with the word before or after it."""
    return bool((before and body_word_compound(before, word))
                or (after and body_word_compound(word, after)))


@lru_cache(maxsize=1)
def dashed_names() -> tuple[tuple[str, str], ...]:
    """Names of units written with a spaced dash ("Tài chính - Kế hoạch"), as (left,
    right) halves, folded: a line opening "- Kế hoạch …" under "… Tài chính" goes on with
    the name, it is no new list entry."""
    name = "header_bodies.toml"
    out = []
    for v in _str_list(load_toml(name), "dashed_names", name):
        left, sep, right = v.partition(" - ")
        if not sep or not left.strip() or not right.strip():
            raise VocabularyError(f"extractor/data/{name}: dashed_names: '{v}' has no ' - '")
        out.append((fold(left.strip()), fold(right.strip())))
    return tuple(out)


@lru_cache(maxsize=1)
def named_bodies() -> frozenset[str]:
    """Body phrases followed directly by a proper name (folded keys)."""
    return frozenset(fold(a) for a in _str_list(load_toml("header_bodies.toml"), "named_bodies",
                                                "header_bodies.toml"))


@lru_cache(maxsize=1)
def school_levels() -> frozenset[str]:
    """Abbreviations of school levels followed by the school's name (folded keys)."""
    return frozenset(fold(a) for a in _str_list(load_toml("header_bodies.toml"), "school_levels",
                                                "header_bodies.toml"))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Abbreviations kept as written when re-casing a name (folded keys)."""
    return frozenset(fold(a) for a in _str_list(load_toml("header_bodies.toml"), "abbreviations",
                                                "header_bodies.toml"))


@dataclass(frozen=True)
class HeaderCues:
    strong_openers: tuple[str, ...]
    weak_openers: tuple[str, ...]
    recipients_heading: str
    not_name_starts: tuple[str, ...]
    email_ocr_repairs: dict[str, str]
    appendix_heads: tuple[str, ...]
    title_number_cues: tuple[str, ...] = ()
    not_phone_cues: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def header_cues() -> HeaderCues:
    name = "header_cues.toml"
    data = load_toml(name)
    heading = data.get("recipients_heading")
    if not isinstance(heading, str) or not heading:
        raise VocabularyError(f"extractor/data/{name}: missing recipients_heading")
    return HeaderCues(strong_openers=_longest_first(_str_list(data, "strong_openers", name)),
                      weak_openers=_longest_first(_str_list(data, "weak_openers", name)),
                      recipients_heading=heading,
                      not_name_starts=_str_list(data, "not_name_starts", name),
                      email_ocr_repairs=_char_map(data, "email_ocr_repairs", name),
                      appendix_heads=_str_list(data, "appendix_heads", name),
                      title_number_cues=_str_list(data, "title_number_cues", name),
                      not_phone_cues=_str_list(data, "not_phone_cues", name))


def _char_map(data: dict, key: str, name: str) -> dict[str, str]:
    value = data.get(key, {})
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and len(k) == 1 and isinstance(v, str) and v.isascii()
            for k, v in value.items()):
        raise VocabularyError(f"extractor/data/{name}: '{key}' must map single characters to ASCII")
    return dict(value)
