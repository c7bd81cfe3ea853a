"""The timetable vocabulary (``data/timetable.toml``) and what a table's header cells mean:
:func:`column_meaning` for one cell, :func:`map_header` for a header row (rapidfuzz
against the listed wordings; on scans, doubled or half-read words are matched loosely)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from rapidfuzz import fuzz, process

from vanban.extractor.normalize import fold

DATA_FILE = Path(__file__).resolve().parent.parent.parent / "data" / "timetable.toml"
MEANINGS = ("seq", "task", "due", "owners", "lead", "partners", "ignore")


def header_key(cell: str) -> str:
    """The comparison key of a header cell: folded, no spaces around slashes, no end
    punctuation (``Đơn vị/ cá nhân thực hiện:`` == ``đơn vị/cá nhân thực hiện``)."""
    # fold works word by word (tone marks move to the word's end), so split at slashes
    # first: "vị/cá" and "vị/ cá" must give the same key
    return fold(re.sub(r"\s*/\s*", " / ", cell)).replace(" / ", "/").strip(" .:")


def load_vocabulary(path: Path = DATA_FILE) -> dict:
    """The timetable vocabulary (``data/timetable.toml``), checked: every meaning is known
    and every wording is a non-empty string listed once."""
    from vanban.extractor.vocab import load_toml, read_toml  # the one loader of the data files

    data = load_toml(DATA_FILE.name) if path == DATA_FILE else read_toml(path)
    columns = data["columns"]
    unknown = set(columns) - set(MEANINGS)
    if unknown:
        raise ValueError(f"{path.name}: unknown column meanings {sorted(unknown)}")
    seen: dict[str, str] = {}
    for meaning, names in columns.items():
        for name in names:
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"{path.name}: empty wording under {meaning}")
            key = header_key(name)
            if key in seen:
                raise ValueError(f"{path.name}: {name!r} listed under {seen[key]} and {meaning}")
            seen[key] = meaning
    return data


VOCAB = load_vocabulary()
_MIN_SCORE = float(VOCAB["match"]["min_score"])
_MIN_OTHERS = int(VOCAB["match"]["min_other_columns"])
# folded wording -> meaning; the keys are what header cells are compared with
_WORDINGS: dict[str, str] = {
    _key: meaning
    for meaning, names in VOCAB["columns"].items()
    for _key in (header_key(n) for n in names)
}


# the wordings as rapidfuzz's choices, longest first (with their words) for the loose
# matches of column_meaning: built once here, not at every header cell
_WORDING_KEYS = tuple(_WORDINGS)
_WORDINGS_LONGEST = tuple((w, w.split()) for w in sorted(_WORDINGS, key=len, reverse=True))
_WORDING_WORDS = tuple((w.split(), m) for w, m in _WORDINGS.items())


def column_meaning(header: str) -> tuple[Optional[str], float]:
    """The meaning of one header cell and the match score (0..100).

    >>> column_meaning("Thời gian\\nhoàn thành")
    ('due', 100.0)
    >>> column_meaning("Xây dựng kế hoạch")[0] is None
    True
    """
    key = header_key(header)
    if not key:
        return None, 0.0
    best = process.extractOne(key, _WORDING_KEYS, scorer=fuzz.ratio)
    if best is not None and best[1] >= _MIN_SCORE:
        return _WORDINGS[best[0]], float(best[1])
    # OCR may double or garble a few words of a bold header ("Nội ội dung công ông việc"):
    # accept the longest wording whose words are all there, in a cell not much longer
    tokens = key.split()
    token_set = set(tokens)
    for wording, words in _WORDINGS_LONGEST:
        if len(words) >= 2 and set(words) <= token_set and len(tokens) <= 2 * len(words):
            return _WORDINGS[wording], float(_MIN_SCORE)
    # ... or lose the second line of a two-line header ("Đơn vị/ cá nhân" [thực hiện]):
    # accept the start of wordings that all mean the same
    if len(tokens) >= 2:
        meanings = {m for w, m in _WORDING_WORDS
                    if w[:len(tokens)] == tokens and len(tokens) * 2 >= len(w)}
        if len(meanings) == 1:
            return meanings.pop(), float(_MIN_SCORE)
    return None, float(best[1]) if best else 0.0


def map_header(cells: list[str]) -> Optional[dict[str, int]]:
    """Column index by meaning for a header row, or None when the row is not a timetable
    header (no task column, or fewer than ``min_other_columns`` of due/owners/lead/
    partners). Each meaning goes to its best-scoring cell."""
    best: dict[str, tuple[float, int]] = {}
    for i, cell in enumerate(cells):
        meaning, score = column_meaning(cell)
        if meaning and meaning != "ignore" and (meaning not in best or score > best[meaning][0]):
            best[meaning] = (score, i)
    columns = {meaning: i for meaning, (_, i) in best.items()}
    others = sum(1 for m in ("due", "owners", "lead", "partners") if m in columns)
    if "task" not in columns or others < _MIN_OTHERS:
        return None
    return columns
