"""Reading order on one PDF page: columns, lines, and where tables sit among them.

A file's content order is often not its reading order (a layout tool may write the right column
first) and line-by-line reading interleaves two columns into nonsense. The page is therefore laid
out from positions: a *gutter* is a vertical strip in the middle of the page that no narrow run of
text crosses while text sits beside it on both sides; runs left of it, right of it, or across it
(full width) are grouped into lines; and the page is read band by band, where full-width lines
and tables cut the bands: in each band the left column, then the right.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from statistics import median

from trustcheck.ingest.pdf_text import Span

LEFT, RIGHT, FULL = "L", "R", "F"
_BIN = 2.0
CELL_GAP = 1.5
"""A horizontal gap wider than this many font sizes separates table cells, not words."""
_COLUMN_TEXT = 0.2
"""A column of text is at least this share of the page wide, in the median line."""
_SEGMENT_GAP = 0.6
"""Runs closer than this many font sizes on a line are one stretch of text (see _stretches)."""
_WORD_GAP = 0.15
"""A gap between two runs wider than this many font sizes is a space between words..."""
_SPACED_WORD_GAP = 0.35
"""...or this many, on a line whose runs hold their own spaces."""


@dataclass(slots=True)
class Line:
    """One line of text in one column, with the runs it was made of."""

    spans: list[Span]
    region: str
    cells: list[str] = field(default_factory=list)
    cell_spans: list[tuple[float, float]] = field(default_factory=list)
    """Each cell's left and right x, in the order of ``cells``."""

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.spans)

    @property
    def x1(self) -> float:
        return max(s.x1 for s in self.spans)

    @property
    def top(self) -> float:
        return min(s.top for s in self.spans)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.spans)

    @property
    def size(self) -> float:
        return max(self.spans, key=lambda s: len(s.text)).size

    @property
    def bold(self) -> bool:
        return all(s.bold for s in self.spans if s.text.strip())

    @property
    def text(self) -> str:
        return " ".join(self.cells)


@dataclass(slots=True)
class TableBlock:
    """A table found on the page: its area and its rows of cells, header row first."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]]
    row_boxes: list[tuple[float, float, float, float]] = field(default_factory=list)
    region: str = FULL

    @classmethod
    def of_rows(
        cls,
        bbox: tuple[float, float, float, float],
        rows: Iterable[tuple[list[str], tuple[float, float, float, float]]],
    ) -> TableBlock | None:
        """A table of the rows that hold any text (with their boxes), or None when what is left
        is no table: fewer than two rows, or a single column."""
        kept = [(texts, box) for texts, box in rows if any(t.strip() for t in texts)]
        if len(kept) < 2 or max(len(texts) for texts, _ in kept) < 2:
            return None
        merge_wrapped_header(kept)
        x0, top, x1, bottom = bbox
        return cls(
            x0=x0,
            top=top,
            x1=x1,
            bottom=bottom,
            rows=[texts for texts, _ in kept],
            row_boxes=[box for _, box in kept],
        )


Box = tuple[float, float, float, float]


def merge_wrapped_header(rows: list[tuple[list[str], Box]]) -> None:
    """Join into the header the rows that continue it, in place.

    A header cell that wraps can be read as several rows (a ruled header whose lines the table
    finder took for rows, or an unruled one whose lines each split into cells). A row that does
    so has no label in its first cell and no figure anywhere; data rows follow.
    """
    while len(rows) > 2 and not rows[1][0][0].strip():
        if any(ch.isdigit() for cell in rows[1][0] for ch in cell):
            return
        (head, head_box), (more, more_box) = rows[0], rows.pop(1)
        rows[0] = (
            [f"{a} {b}".strip() for a, b in zip(head, more, strict=False)],
            (
                min(head_box[0], more_box[0]),
                min(head_box[1], more_box[1]),
                max(head_box[2], more_box[2]),
                max(head_box[3], more_box[3]),
            ),
        )


def find_gutter(spans: list[Span], width: float, plain: list[Line] | None = None) -> float | None:
    """The x of the gap between two columns, or None for a single-column page.

    *plain* is ``build_lines(spans, None)`` when the caller has it already.
    """
    narrow = [s for s in map(_bounds, _stretches(spans, plain)) if s.x1 - s.x0 < 0.55 * width]
    if len(narrow) < 6:
        return None
    bins = int(width / _BIN) + 1
    coverage = [0] * bins
    for s in narrow:
        for b in range(max(0, int(s.x0 / _BIN)), min(bins, int(s.x1 / _BIN) + 1)):
            coverage[b] += 1
    tolerance = len(narrow) // 30
    lo, hi = int(0.3 * width / _BIN), int(0.7 * width / _BIN)
    best: tuple[int, int] | None = None
    run_start: int | None = None
    for b in range(lo, hi + 1):
        if coverage[b] <= tolerance:
            run_start = b if run_start is None else run_start
            if best is None or b - run_start > best[1] - best[0]:
                best = (run_start, b)
        else:
            run_start = None
    if best is None or (best[1] - best[0] + 1) * _BIN < 6:
        return None
    gutter = (best[0] + best[1] + 1) * _BIN / 2
    left = [s for s in narrow if s.x1 <= gutter]
    right = [s for s in narrow if s.x0 >= gutter]
    if _beside(left, right) < 3:
        return None
    # Columns of text hold lines of prose on both sides; a table of labels and figures leaves
    # the same empty strip, but its figures are short (read as columns, they lose their labels).
    if any(median(s.x1 - s.x0 for s in side) < _COLUMN_TEXT * width for side in (left, right)):
        return None
    return gutter


def _beside(left: list[Span], right: list[Span], enough: int = 3) -> int:
    """How many of *left* share some height with one of *right* (counted up to *enough*).

    A left run shares height with a right one that starts above its bottom and ends below its
    top; of the right runs that start above its bottom, the one that ends lowest decides. With
    the right runs sorted by top and their lowest end so far, each left run is one bisection,
    so a page of tens of thousands of runs costs a sort, not a comparison of every pair.
    """
    ordered = sorted(right, key=lambda r: r.top)
    tops = [r.top for r in ordered]
    lowest = list(accumulate((r.bottom for r in ordered), max))
    count = 0
    for s in left:
        k = bisect_left(tops, s.bottom) - 1
        if k >= 0 and s.top < lowest[k]:
            count += 1
            if count >= enough:
                break
    return count


def _stretches(spans: list[Span], plain: list[Line] | None = None) -> list[list[Span]]:
    """Runs grouped into the stretches of text they make on their lines, left to right.

    A producer may write each glyph as a run of its own (browsers' print to PDF does). Columns
    are found, and text is put in a column, by stretch: counted by glyph, any strip of a page
    would look like a gutter, and a full-width line would be cut in two at it.
    """
    stretches: list[list[Span]] = []
    for line in build_lines(spans, None) if plain is None else plain:
        current: list[Span] = []
        reach = 0.0  # the rightmost end in the current stretch
        for span in line.spans:  # left to right
            if current and span.x0 - reach >= _SEGMENT_GAP * span.size:
                stretches.append(current)
                current = []
            reach = max(reach, span.x1) if current else span.x1
            current.append(span)
        stretches.append(current)
    return stretches


def _glyphwise(spans: list[Span]) -> bool:
    """Were these runs written a glyph or two at a time (as browsers print to PDF)?"""
    return 2 * sum(len(s.text.strip()) <= 2 for s in spans) >= len(spans) >= 3


def _bounds(spans: list[Span]) -> Span:
    """One run standing for the area of *spans*."""
    first = spans[0]
    return Span(
        min(s.x0 for s in spans),
        min(s.top for s in spans),
        max(s.x1 for s in spans),
        max(s.bottom for s in spans),
        first.text,
        first.size,
        first.bold,
    )


def _region(span: Span, gutter: float | None) -> str:
    if gutter is None:
        return FULL
    if span.x1 <= gutter + 1:
        return LEFT
    if span.x0 >= gutter - 1:
        return RIGHT
    return FULL


def _cells(spans: list[Span]) -> tuple[list[str], list[tuple[float, float]]]:
    """Join the runs of a line: a small gap is a space, a wide gap starts a new cell.

    Returns the cells' texts and their horizontal extents."""
    cells: list[str] = []
    extents: list[tuple[float, float]] = []
    previous: Span | None = None
    # A producer that places each glyph on its own (browsers' print to PDF does) leaves gaps of
    # up to a fifth of the size between the letters of a word. On such a line, and on any whose
    # runs carry spaces (the file's own or PDFium's), a word break is a space, and only a much
    # wider gap is one as well.
    spaced = _glyphwise(spans) or any(s.text.endswith(" ") for s in spans)
    word_gap = _SPACED_WORD_GAP if spaced else _WORD_GAP
    for span in spans:
        text = span.text.strip(" ")
        if previous is not None:
            gap = span.x0 - previous.x1
            if gap > CELL_GAP * max(span.size, previous.size):
                cells.append(text)
                extents.append((span.x0, span.x1))
            else:
                spaced = previous.text.endswith(" ") or span.text.startswith(" ")
                joiner = " " if spaced or gap >= word_gap * span.size else ""
                cells[-1] = cells[-1] + joiner + text
                extents[-1] = (extents[-1][0], max(extents[-1][1], span.x1))
        else:
            cells.append(text)
            extents.append((span.x0, span.x1))
        previous = span
    return cells, extents


def build_lines(
    spans: list[Span], gutter: float | None, plain: list[Line] | None = None
) -> list[Line]:
    """Group runs into lines within each column, top to bottom.

    *plain* is ``build_lines(spans, None)`` when the caller has it already (a page's lines are
    wanted whole to look for tables, to find the gutter, and then to lay out the page): it is
    the answer for a page without a gutter, and where a gutter cuts the lines.
    """
    if gutter is None and plain is not None:
        return plain
    by_region: dict[str, list[Span]] = {LEFT: [], RIGHT: [], FULL: []}
    if gutter is None:
        by_region[FULL] = list(spans)
    else:
        for stretch in _stretches(spans, plain):
            if _glyphwise(stretch):
                by_region[_region(_bounds(stretch), gutter)] += stretch
            else:  # runs of whole words or lines keep their own column, even when they touch
                for span in stretch:
                    by_region[_region(span, gutter)].append(span)
    lines: list[Line] = []
    for region, members in by_region.items():
        members.sort(key=lambda s: (s.top, s.x0))
        current: list[Span] = []
        for span in members:
            if current:
                ref = current[0]
                overlap = min(ref.bottom, span.bottom) - max(ref.top, span.top)
                if overlap >= 0.5 * min(ref.height, span.height):
                    current.append(span)
                    continue
                lines.append(_line(current, region))
            current = [span]
        if current:
            lines.append(_line(current, region))
    return lines


def _line(spans: list[Span], region: str) -> Line:
    spans.sort(key=lambda s: s.x0)
    cells, extents = _cells(spans)
    return Line(spans=spans, region=region, cells=cells, cell_spans=extents)


def reading_order(
    lines: list[Line], tables: list[TableBlock], gutter: float | None
) -> list[Line | TableBlock]:
    """Lines and tables in reading order: band by band, left column before right."""
    for table in tables:
        if gutter is not None and table.x1 <= gutter + 1:
            table.region = LEFT
        elif gutter is not None and table.x0 >= gutter - 1:
            table.region = RIGHT
    items: list[Line | TableBlock] = sorted([*lines, *tables], key=lambda i: (i.top, i.x0))
    ordered: list[Line | TableBlock] = []
    left: list[Line | TableBlock] = []
    right: list[Line | TableBlock] = []
    for item in items:
        if item.region == FULL:
            ordered += left + right
            left, right = [], []
            ordered.append(item)
        else:
            (left if item.region == LEFT else right).append(item)
    return ordered + left + right
