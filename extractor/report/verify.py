"""Reading a report back: which boxes it draws on which page (for the automated check
that every item with provenance has its box on its page, in tests and benches)."""
from __future__ import annotations

import json
from html.parser import HTMLParser

from vanban.models import ExtractionResult


class Boxes(HTMLParser):
    """``boxes``: item id -> [(section page, box's data-page, bbox)]; ``pages``: the
    page sections."""

    def __init__(self) -> None:
        super().__init__()
        self.page = None
        self.boxes: dict[str, list] = {}
        self.pages: set[int] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "data-page" in a:
            self.page = int(a["data-page"])
            self.pages.add(self.page)
        elif tag == "a" and "box" in (a.get("class") or "").split():
            self.boxes.setdefault(a["data-item"], []).append(
                (self.page, int(a["data-page"]), json.loads(a["data-bbox"])))


def missing_boxes(result: ExtractionResult, report: str) -> tuple[int, list[str]]:
    """(items whose provenance names a page, problems): each such item must have a box
    with its provenance's bbox inside that page's section."""
    from vanban.extractor.report.items import collect

    parsed = Boxes()
    parsed.feed(report)
    problems, n = [], 0
    for item in collect(result):
        prov = item.provenance
        if prov is None or prov.page is None:
            continue
        n += 1
        if prov.bbox is None:
            problems.append(f"{item.id}: provenance on page {prov.page} without a box")
            continue
        want = [round(v, 3) for v in prov.bbox]
        if not any(sec == prov.page == pg and [round(v, 3) for v in bb] == want
                   for sec, pg, bb in parsed.boxes.get(item.id, [])):
            problems.append(f"{item.id}: no box on page {prov.page}")
    return n, problems
