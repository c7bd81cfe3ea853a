"""The cue words of quantified goals (``data/target_cues.toml``), compiled once into
:class:`Cues`: comparator phrases, goal verbs, past and label words, count nouns, the
headings of goal and report sections."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vanban.extractor.parsers import alternation_nocase
from vanban.extractor.parsers.numbers import load_data, units


def _phrase_rx(phrases, *, at_end: bool = False, at_start: bool = False) -> re.Pattern[str]:
    """Whole-word alternation of phrases (longest first), spaces matching any whitespace."""
    alt = alternation_nocase(re.escape(p).replace(r"\ ", r"\s+")
                             for p in sorted(set(phrases), key=len, reverse=True))
    core = rf"(?<!\w)(?:{alt})(?!\w)"
    if at_end:
        core += r"[\s,:]*$"
    if at_start:  # for .match(t, pos), which anchors at pos by itself ("^" would not)
        core = r"[\s,]*" + core
    return re.compile(core, re.I)


@dataclass(frozen=True)
class Cues:
    before: list[tuple[str, re.Pattern[str]]]  # (comparator, phrase right before the figure)
    after: list[tuple[str, re.Pattern[str]]]  # (comparator, phrase after the figure)
    goal: re.Pattern[str]  # goal verbs anywhere before the figure (phấn đấu)
    goal_near: re.Pattern[str]  # goal words right before the figure (đạt, chỉ tiêu)
    goal_words: re.Pattern[str]  # both, to strip them from a metric
    past: re.Pattern[str]
    label: re.Pattern[str]
    not_units: frozenset[str]
    count_stop: frozenset[str]
    count_nouns: re.Pattern[str]
    goal_section: re.Pattern[str]
    report_section: re.Pattern[str]  # results and funding headings: figures are not goals
    before_letters: int = 0  # the most non-space characters of a ``before`` phrase


@lru_cache(maxsize=1)
def cues() -> Cues:
    """The cue vocabulary compiled once (lazily, on first use)."""
    data = load_data("target_cues.toml")
    # longest phrases first across comparators: "không dưới" (>=) before "dưới" (<)
    flat = sorted(((cmp, w) for cmp, ws in data["comparators"].items() for w in ws),
                  key=lambda t: -len(t[1]))
    before = [(cmp, _phrase_rx([w], at_end=True)) for cmp, w in flat]
    after = [(cmp, _phrase_rx(words)) for cmp, words in data["after"].items()]
    nouns = units()["count"]["nouns"]
    return Cues(
        before=before,
        after=after,
        goal=_phrase_rx(data["goal"]["verbs"]),
        goal_near=re.compile(_phrase_rx(data["goal"]["verbs"] + data["goal"]["near"]).pattern
                             + r"(?:\s+\S+){0,2}?[\s,:]*$", re.I),
        goal_words=_phrase_rx(data["goal"]["verbs"] + data["goal"]["near"]),
        past=_phrase_rx(data["not_goal"]["past"]),
        label=_phrase_rx(data["not_goal"]["labels"], at_end=True),
        not_units=frozenset(w.lower() for w in data["not_goal"]["units"]),
        count_stop=frozenset(w.lower() for w in data["count_stop"]["words"]),
        count_nouns=_phrase_rx(nouns, at_start=True),
        goal_section=_phrase_rx(data["sections"]["goal"]),
        report_section=_phrase_rx(data["sections"]["report"] + data["sections"]["funding"]),
        before_letters=max(len("".join(w.split())) for _, w in flat),
    )
