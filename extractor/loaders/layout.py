"""Reading order from geometry: rows of words, column gaps, two-column blocks.

Every geometric loader (PDF text layer, OCR) hands this module the words of one page
with their boxes and gets back lines in the order a person reads them. The one layout
that matters most in Vietnamese administrative writing is the two-column block:

    HỘI KHUYẾN HỌC               CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    QUẬN LONG BIÊN                  Độc lập - Tự do - Hạnh phúc
    Số: 01/KH-HKH                 Long Biên, ngày 19 tháng 01 năm 2021

(and the signature block: "Nơi nhận:" list on the left, "TM. …/CHỦ TỊCH/name" on the
right). Text extractors read such rows across ("HỘI KHUYẾN HỌC CỘNG HÒA XÃ HỘI…"). Here a
row is split where the horizontal gap between two words is much wider than a space,
and a run of rows that all split at the same x (or sit wholly on one side of it) is
emitted left column first, then right column — the shape of the seeds' ``.txt``.

Boxes are ``(x0, y0, x1, y1)`` with y growing DOWN the page (image convention). The PDF
loader flips PDF points into this convention before calling; units do not matter as
long as one page uses one unit.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from statistics import median
from typing import Optional, Sequence

from vanban.extractor.text import BBox, WordBox

# A gap wider than this many row heights separates two columns (a justified space is
# under one height; the blank after "Số:" in a form is about one to two).
COLUMN_GAP_HEIGHTS = 2.5
# Rows whose vertical extents overlap by this share of the smaller height are one row.
ROW_OVERLAP = 0.5
# Inside a two-column block, a gap this many row heights wide between the columns
# separates them even when it is narrower than a column gap (cells that nearly touch).
GUTTER_GAP_HEIGHTS = 1.0
# ... and this many times the row's usual space.
GUTTER_GAP_SPACES = 2.0
# Rows above a block's opening row that may still be its first rows (read as one segment
# because their cells nearly touch: "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI …").
BLOCK_LOOKBACK_ROWS = 2
# A single-segment row may stray this share of the page width across the column split.
SPLIT_TOLERANCE = 0.02


def _height(words: Sequence[WordBox]) -> float:
    return max(1e-6, median(w.bbox[3] - w.bbox[1] for w in words))


def _middle(words: Sequence[WordBox]) -> float:
    """Where the row sits down the page: the median of its words' vertical centres (OCR's
    boxes of capitals with stacked tone marks reach higher than their neighbours')."""
    return median((w.bbox[1] + w.bbox[3]) / 2 for w in words)


def _span(words: Sequence[WordBox]) -> BBox:
    return (min(w.bbox[0] for w in words), min(w.bbox[1] for w in words),
            max(w.bbox[2] for w in words), max(w.bbox[3] for w in words))


def merge_rows(lines: Sequence[Sequence[WordBox]]) -> list[list[WordBox]]:
    """Merge lines that sit on the same baseline into one row, words sorted by x.

    Extractors often emit the left and right halves of a header row as separate lines
    (sometimes far apart in the stream); putting them back on one row lets
    :func:`order_page` see the column gap. Rows come out sorted top to bottom.
    """
    rows: list[list[WordBox]] = []
    boxes: list[BBox] = []
    # rows by top edge: a line is compared only with the rows it overlaps vertically,
    # wherever they came in the stream (a PDF of a table may write the whole left cell
    # — a long "Nơi nhận" list — before the right one), and the merge stays near linear
    tops: list[tuple[float, int]] = []
    tallest = 0.0
    for line in lines:
        if not line:
            continue
        box = _span(line)
        lo = bisect.bisect_left(tops, (box[1] - tallest, -1))
        hi = bisect.bisect_left(tops, (box[3], -1))
        best = -1
        for _, i in tops[lo:hi]:
            other = boxes[i]
            overlap = min(box[3], other[3]) - max(box[1], other[1])
            smaller = min(box[3] - box[1], other[3] - other[1])
            horizontal_clash = box[0] < other[2] and other[0] < box[2]
            if smaller > 0 and overlap >= ROW_OVERLAP * smaller and not horizontal_clash:
                best = max(best, i)  # the latest row, as the stream goes down the page
        if best >= 0:
            other = boxes[best]
            rows[best].extend(line)
            merged = (min(box[0], other[0]), min(box[1], other[1]),
                      max(box[2], other[2]), max(box[3], other[3]))
            if merged[1] != other[1]:
                tops.remove((other[1], best))
                bisect.insort(tops, (merged[1], best))
            boxes[best] = merged
        else:
            merged = box
            rows.append(list(line))
            boxes.append(box)
            bisect.insort(tops, (box[1], len(boxes) - 1))
        tallest = max(tallest, merged[3] - merged[1])
    order = sorted(range(len(rows)), key=lambda i: (boxes[i][1] + boxes[i][3]) / 2)
    return [sorted(rows[i], key=lambda w: w.bbox[0]) for i in order]


def split_segments(row: Sequence[WordBox]) -> list[list[WordBox]]:
    """Split a row (words sorted by x) where the gap is wider than a column gap."""
    if not row:
        return []
    limit = COLUMN_GAP_HEIGHTS * _height(row)
    segments = [[row[0]]]
    for prev, word in zip(row, row[1:]):
        if word.bbox[0] - prev.bbox[2] > limit:
            segments.append([word])
        else:
            segments[-1].append(word)
    return segments


def order_page(lines: Sequence[Sequence[WordBox]], page_width: float) -> list[list[WordBox]]:
    """The page's lines in reading order, two-column blocks unfolded column by column.

    ``lines`` are the extractor's lines (words in any order inside a line). Returns
    lines as lists of words; a row that holds two columns becomes two lines.
    """
    rows = merge_rows(lines)
    segmented = [split_segments(r) for r in rows]
    tol = SPLIT_TOLERANCE * page_width
    out: list[list[WordBox]] = []
    i = 0
    while i < len(segmented):
        run_end, columns = _column_run(segmented, i, page_width)
        if columns is None:
            run_end, columns = _block_below(segmented, i, page_width, tol)
        if columns is not None:
            left: list[list[WordBox]] = []
            right: list[list[WordBox]] = []
            for segs in segmented[i:run_end]:
                halves = columns.halves(segs, tol)
                assert halves is not None
                if halves[0]:
                    left.append(halves[0])
                if halves[1]:
                    right.append(halves[1])
            out.extend(left)
            out.extend(right)
            i = run_end
        else:
            out.append([w for seg in segmented[i] for w in seg])
            i += 1
    return out


@dataclass(frozen=True, slots=True)
class _Columns:
    """The two columns of a block, measured on the row that opened it."""

    left_x0: float
    left_x1: float
    left_centre: float
    right_x0: float
    right_x1: float
    right_centre: float
    page_centre: float

    @classmethod
    def of(cls, left: BBox, right: BBox, page_width: float) -> "_Columns":
        return cls(left[0], left[2], (left[0] + left[2]) / 2, right[0], right[2],
                   (right[0] + right[2]) / 2, page_width / 2)

    def side(self, box: BBox, tol: float) -> Optional[str]:
        """'left', 'right' or None for a segment: a column's lines are centred on the
        column or aligned with its edge; a centred title (closer to the page centre than
        to either column's centre) or a line spanning both columns belongs to neither."""
        centre = (box[0] + box[2]) / 2
        to_page = abs(centre - self.page_centre)
        if box[2] <= self.right_x0 + tol and (
                abs(centre - self.left_centre) < to_page or abs(box[0] - self.left_x0) <= tol):
            return "left"
        if box[0] >= self.left_centre and (
                abs(centre - self.right_centre) < to_page or abs(box[2] - self.right_x1) <= tol
                or abs(box[0] - self.right_x0) <= tol):
            return "right"
        return None

    def halves(self, segs: list[list[WordBox]], tol: float
               ) -> Optional[tuple[list[WordBox], list[WordBox]]]:
        """The row's words of the left and of the right column; None when the row is not
        part of the block (a segment in neither column, or a table row of 3+ blocks)."""
        if len(segs) > 2:
            return None
        left: list[WordBox] = []
        right: list[WordBox] = []
        for seg in segs:
            side = self.side(_span(seg), tol)
            if side is None:
                parts = self.split_at_gutter(seg, tol) if len(segs) == 1 else None
                return self.halves(parts, tol) if parts else None
            (left if side == "left" else right).extend(seg)
        if len(segs) == 2 and not (left and right):
            # two blocks on one side: only a wide blank ("Số:      /KH-UBND") may do that
            return (left, right) if self.side(_span(segs[0] + segs[1]), tol) else None
        return left, right

    def split_at_gutter(self, row: list[WordBox], tol: float
                        ) -> Optional[list[list[WordBox]]]:
        """A row of the block read as one segment because its two cells nearly touch
        (a long recipient entry beside a wide position line: the gap between them is only
        the cells' padding, narrower than a column gap): split at the widest gap of at
        least ``GUTTER_GAP_HEIGHTS`` row heights that lies between the columns."""
        if len(row) < 3:
            return None
        height = _height(row)
        gaps = [row[k].bbox[0] - row[k - 1].bbox[2] for k in range(1, len(row))]
        # a justified line stretches all its spaces alike; a gutter is one gap apart
        usual = median(gaps)
        best = None
        for k in range(1, len(row)):
            a, b = row[k - 1].bbox[2], row[k].bbox[0]
            if b - a >= max(GUTTER_GAP_HEIGHTS * height, GUTTER_GAP_SPACES * usual) \
                    and a < self.right_x0 + tol and b > self.left_x1 - tol \
                    and (best is None or b - a > best[0]):
                best = (b - a, k)
        return None if best is None else [row[:best[1]], row[best[1]:]]


def _block_below(segmented: list[list[list[WordBox]]], start: int, page_width: float,
                 tol: float) -> tuple[int, Optional[_Columns]]:
    """A block opening a row or two below ``start`` whose columns the rows from ``start``
    fit, the first of them split at the gutter (its two cells nearly touch, so it was read
    as one segment): (end, columns) of the block from ``start``, else (start, None)."""
    if len(segmented[start]) != 1:
        return start, None
    for j in range(start + 1, min(len(segmented), start + 1 + BLOCK_LOOKBACK_ROWS)):
        end, columns = _column_run(segmented, j, page_width)
        if columns is None:
            continue
        first = columns.halves(segmented[start], tol)
        if first is None or not (first[0] and first[1]):
            return start, None
        if all(columns.halves(segmented[k], tol) is not None for k in range(start + 1, j)):
            return end, columns
        return start, None
    return start, None


def _column_run(segmented: list[list[list[WordBox]]], start: int,
                page_width: float) -> tuple[int, Optional[_Columns]]:
    """If a two-column block starts at row ``start``, return (end, columns), else
    (start, None). A block opens on a row of exactly two blocks and needs a second such
    row, or rows in both columns (the header: "Số: …" left, "…, ngày …" right)."""
    segs = segmented[start]
    if len(segs) != 2:
        return start, None
    columns = _Columns.of(_span(segs[0]), _span(segs[1]), page_width)
    tol = SPLIT_TOLERANCE * page_width
    end = start
    both = 0
    sides: set[str] = set()
    last_right = start
    while end < len(segmented):
        halves = columns.halves(segmented[end], tol)
        if halves is None:
            break
        if halves[0] and halves[1]:
            both += 1
        if halves[0]:
            sides.add("left")
        if halves[1]:
            sides.add("right")
            last_right = end
        end += 1
    end = _left_tail_end(segmented, start, last_right, end, columns, tol)
    if both >= 2 or (both == 1 and {"left", "right"} <= sides and end - start >= 3):
        return end, columns
    return start, None


# A left-column line below the right column's last line is set at most this many row
# heights below the line above it (a column's lines follow at their line spacing).
TAIL_PITCH_HEIGHTS = 2.5
# ... and set like it: the same left edge or centre, within this many row heights, and
# no further below it than this many times the column's line spacing above.
TAIL_ALIGN_HEIGHTS = 0.5
TAIL_PITCH_GROWTH = 1.3


def _left_tail_end(segmented: list[list[list[WordBox]]], start: int, last_right: int,
                   end: int, columns: "_Columns", tol: float) -> int:
    """Where a block's left column ends once the right column has ended.

    Below the right column's last line, the left column may go on (a "V/v" subject
    wrapped over more lines than the place-date line beside it), and then the body
    starts: "Kính gửi:" and its list sit on the left side too, and were read as the
    column's tail, ahead of the national title. A tail line belongs to the column when
    it is set like the column's line above it (the same left edge or the same centre)
    at the column's line spacing (not further apart than the column's lines above it), and
    ends before the right column begins; the first line that is not ends the block."""
    lefts = []  # the column's last two lines above the tail
    for i in range(last_right, start - 1, -1):
        halves = columns.halves(segmented[i], tol)
        if halves is not None and halves[0]:
            lefts.append(halves[0])
            if len(lefts) == 2:
                break
    prev_left = lefts[0] if lefts else None
    pitch = _middle(lefts[0]) - _middle(lefts[1]) if len(lefts) == 2 else None
    above = [w for seg in segmented[last_right] for w in seg]
    for i in range(last_right + 1, end):
        row = [w for seg in segmented[i] for w in seg]
        if prev_left is None:
            return i
        a, b = _span(prev_left), _span(row)
        # set alike: within half a line height (lines of a centred column differ in
        # width; a body line flush left may start a few points from a wide column line)
        near = min(tol, TAIL_ALIGN_HEIGHTS * _height(row))
        same_edge = abs(a[0] - b[0]) <= near
        same_centre = abs((a[0] + a[2]) - (b[0] + b[2])) / 2 <= near
        close = b[1] - _span(above)[1] <= TAIL_PITCH_HEIGHTS * _height(row)
        inside = b[2] < columns.right_x0  # a cell's text never reaches the other column
        # past the cell's end the body begins after a wider space than the column's lines
        step = _middle(row) - _middle(prev_left)
        spaced = pitch is not None and step > TAIL_PITCH_GROWTH * pitch
        if not ((same_edge or same_centre) and close and inside) or spaced:
            return i
        pitch = step
        prev_left = above = row
    return end
