"""The door: :func:`parse_targets` reads the indicator tables, then every clause of the
prose, and keeps each figure that the rules take for a goal."""
from __future__ import annotations

import re

from vanban.extractor.parsers import ParseContext
from vanban.extractor.parsers.dates import find_dates
from vanban.extractor.parsers.numbers import find_quantities
from vanban.extractor.text import Text
from vanban.models import Target
from vanban.extractor.parsers.targets.rules import _ClauseFacts, _comparator, _count_noun
from vanban.extractor.parsers.targets.sections import _headings, _Sections
from vanban.extractor.parsers.targets.segment import _squash, _trim, clauses, wrapped_lines
from vanban.extractor.parsers.targets.tables import _table_targets
from vanban.extractor.parsers.targets.vocab import cues

# "trở lên" among the first words of a metric ("TDP trở lên đạt …" → "TDP đạt …")
_METRIC_AFTER_CUE = re.compile(r"^((?:\S+\s+){0,3}?)(?:trở\s+lên|trở\s+xuống)\s*", re.I)

# Context read around a figure for its comparator and label phrases (they sit right before
# it, or within eight words after it).
CONTEXT_CHARS = 400
# A goal's text is its clause; a clause longer than this (figures run on with no
# punctuation) is cut to GOAL_WINDOW characters each side of the figure, at spaces, so
# the text of N goals of one clause is not N copies of the whole clause.
MAX_GOAL_CHARS = 600
GOAL_WINDOW = 300


def _window(t: str, ts: int, te: int, qs: int, qe: int) -> tuple[int, int]:
    if te - ts <= MAX_GOAL_CHARS:
        return ts, te
    s = max(ts, qs - GOAL_WINDOW)
    if s > ts:
        space = t.find(" ", s, qs)
        s = space + 1 if space >= 0 else s
    e = min(te, qe + GOAL_WINDOW)
    if e < te:
        space = t.rfind(" ", qe, e)
        e = space if space > qe else e
    return s, e


def parse_targets(text: Text, ctx: ParseContext) -> list[Target]:
    """Every quantified goal of the document, in reading order."""
    c = cues()
    t = text.text
    headings = _headings(text)
    sections = _Sections(headings)
    # each heading is judged once, not once per clause under it
    goal_headings = {h for _, _, h in headings if c.goal_section.search(h)}
    report_headings = {h for _, _, h in headings if c.report_section.search(h)}
    targets: list[Target] = []
    covered: list[tuple[int, int]] = []
    for table in text.tables:
        found, rows = _table_targets(text, table, ctx, headings)
        targets += found
        covered += rows
    for cs, ce in clauses(t, wrapped_lines(text)):
        if covered and any(s <= cs and ce <= e for s, e in covered):
            continue
        clause = t[cs:ce]
        quantities = find_quantities(clause)
        if not quantities:
            continue
        dates = find_dates(clause, default_year=ctx.year)
        path = sections.path(cs)
        in_goal_section = any(h in goal_headings for h in path)
        in_report_section = any(h in report_headings for h in path)
        cl = _ClauseFacts(t, cs, ce, quantities, dates, ctx, c)
        ts0, te = _trim(t, cs, ce)
        for q in quantities:
            qs, qe = cs + q.span[0], cs + q.span[1]
            if cl.in_dates(q):
                continue
            # the comparator and label phrases sit right before the figure or a few words
            # after it: bounded context keeps each figure's work independent of the clause
            before = t[max(cs, qs - CONTEXT_CHARS):qs]
            after = t[qe:min(ce, qe + CONTEXT_CHARS)]
            goal_before = cl.goal_before(qs)
            if c.label.search(before) or cl.past_before(qs):
                continue
            if (in_report_section or cl.past_date_before(q)) and not goal_before:
                continue  # only "phấn đấu" looks forward
            if not ctx.plan_like and not (goal_before or in_goal_section):
                # outside a plan (a letter, a notice, a công điện) "đạt 62,8%" states a
                # result and "quyết tâm hoàn thành mục tiêu …" an intention: a figure is a
                # goal there only after "phấn đấu" or under a goal heading
                continue
            unit, metric_from, rule = q.unit, qe, q.kind
            comparator, how = _comparator(q, before, after, in_range=q.value_max is not None,
                                          goal_before=goal_before or
                                          bool(c.goal_near.search(before)))
            if q.kind == "percent":
                if q.value < 0:
                    continue
            elif q.kind == "money":
                if "/" not in (unit or "") and how == "bare" and not in_goal_section:
                    continue
            else:
                if q.value_max is not None and 1900 <= q.value <= 2100:
                    continue  # a span of years
                noun = _count_noun(t, qe, ce)
                if noun is None or noun[0] in c.not_units or noun[0].split()[0] in c.not_units:
                    continue
                near_goal = c.goal_near.search(before)
                if how == "bare":
                    # under a goal heading a bare count is a goal if it is its clause's own
                    # figure ("Tổ chức 24 lớp …"), not a detail of another ("học 2 buổi/ngày")
                    first = not cl.figure_before(q)
                    if not (in_goal_section and first and not q.words) or t[noun[1]:noun[1] + 1] == "/":
                        continue
                if how == "goal" and not near_goal and not in_goal_section:
                    continue
                if how == "after" and q.words:
                    continue
                unit = noun[0]
                metric_from = qe
            # the goal's text: its clause, from a goal verb met mid-clause ("…, phấn đấu …")
            ts, te_q = _window(t, ts0, te, qs, qe)
            clause_start = ts
            op = cl.last_goal(ts, qs)
            if op is not None and op > ts:
                ts = op
            metric = _squash(t[metric_from:te_q]) if metric_from < te_q else ""
            metric = _METRIC_AFTER_CUE.sub(r"\1", metric, count=1).strip(" ,")
            if not metric:  # "phấn đấu đạt 50.000 đồng/người/năm": what comes before
                metric = _squash(c.goal_words.sub("", t[clause_start:qs])).strip(" ,:") or None
            targets.append(Target(
                text=_squash(t[ts:te_q]),
                metric=metric or None,
                comparator=comparator,
                value=q.value,
                value_max=q.value_max,
                unit=unit,
                due=cl.due(ts, te_q),
                section=path[-1] if path else None,
                provenance=text.provenance(ts, te_q, rule=f"target:{rule}:{how}"),
            ))
    targets.sort(key=lambda g: g.provenance.span[0] if g.provenance else 0)
    return targets
