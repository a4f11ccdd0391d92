"""Unruled tables: columns of figures aligned on the page, whose labels and headers may wrap.

Reports often set tables without rules, and a label narrower than its column wraps onto two or
three lines. Browsers' print to PDF, and many layout tools, centre a row's figures between the
lines of its label; others set them on the label's first line. Read line by line, such a table
becomes "Child sexual abuse" and "material" on either side of "41,882 0 74%", and the figure loses
its metric. Here a row is anchored by a line split into three or more cells, or into a label
and a figure; lines that sit only in the first column, between anchors or hard against them,
are parts of a label and join the row of the nearest anchor; lines just above the first row,
within the table's columns, make its header, joined column by column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from statistics import median

from trustcheck.ingest.pdf_layout import Line, TableBlock, merge_wrapped_header

_MIN_CELLS = 3
_FIGURE = re.compile(r"(?!(?:19|20)\d\d$)[<>~≈]?[$€£]?\d[\d,.\u202f ]*(?:%|[kKmM]|bn)?")
"""A cell that is a figure ("41,882", "74%", "1.2M"), not a year that names a column."""
_MAX_LABEL_LINES = 3
"""A label part of more lines than this between two anchors is prose, not a wrapped label."""
_MAX_HEADER_LINES = 6
_ROW_GAP = 2.0
"""The widest gap, in line heights, between two lines of one table (cells have padding)."""
_HEADER_GAP = 2.0
"""The widest gap, in line heights, above a header line set in bold or across columns..."""
_HEADER_WRAP = 0.6
"""...or above any other line that continues a header cell."""
_TOUCHING = 0.8
"""How far, in line heights, a label part may stand clear of the row it belongs to before the
first anchor or after the last (further away, it is a caption or a note)."""
_CAPTION = re.compile(r"(?:table|figure|chart|exhibit|graph)\s+[\dA-Z]", re.I)
"""A table's caption ("Table 5.1 - ..."), which is never part of its header."""


@dataclass(slots=True)
class _Row:
    anchor: Line
    parts: list[Line] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return sorted([self.anchor, *self.parts], key=lambda ln: ln.top)


def aligned_tables(lines: list[Line]) -> list[TableBlock]:
    """The unruled tables among one column's lines: two or more anchored rows each."""
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    tables: list[TableBlock] = []
    start = 0
    while start < len(ordered):
        if not is_row(ordered[start]):
            start += 1
            continue
        rows, end = _rows_from(ordered, start)
        if len(rows) >= 2:
            bounds = _Bounds.of([r.anchor for r in rows])
            header = _header_above(ordered[:start], rows, bounds)
            tables.append(_table(rows, header, bounds))
            start = end
        else:
            start += 1
    return tables


def is_row(line: Line) -> bool:
    """Could *line* be a row of an unruled table: three or more cells, or a label and a
    figure ("Child sexual abuse material   1,046")?"""
    cells = line.cells
    return len(cells) >= _MIN_CELLS or (len(cells) == 2 and bool(_FIGURE.fullmatch(cells[1])))


def _rows_from(ordered: list[Line], start: int) -> tuple[list[_Row], int]:
    """The rows anchored from ``ordered[start]`` on, and the index after the table's last line."""
    first = ordered[start]
    rows = [_Row(first)]
    height = first.bottom - first.top
    bounds = _Bounds.of([first])
    pending: list[Line] = []
    last = first
    index = start + 1
    while index < len(ordered):
        line = ordered[index]
        if line.top - last.bottom > _ROW_GAP * height:
            break
        if is_row(line) or bounds.sparse_row(line):
            rows.append(_Row(line))
            _attach(pending, rows[-2:])
            pending = []
            bounds = _Bounds.of([r.anchor for r in rows])
        elif bounds.label_only(line) and len(pending) < _MAX_LABEL_LINES:
            pending.append(line)
        else:
            break
        last = line
        index += 1
    anchor = rows[-1].anchor
    trailing = [ln for ln in pending if ln.top - anchor.bottom <= _TOUCHING * height]
    rows[-1].parts += trailing
    index -= len(pending) - len(trailing)
    above = first.top
    for line in reversed(ordered[max(0, start - _MAX_LABEL_LINES) : start]):
        if (
            not bounds.label_only(line)
            or (line.bold and not first.bold)  # a header, set apart from its rows
            or above - line.bottom > _TOUCHING * height
        ):
            break
        rows[0].parts.append(line)
        above = line.top
    return rows, index


def _attach(parts: list[Line], rows: list[_Row]) -> None:
    """Give each label part between two anchors to the nearer one (the upper on a tie)."""
    upper, lower = rows
    for part in parts:
        centre = (part.top + part.bottom) / 2
        to_upper = centre - (upper.anchor.top + upper.anchor.bottom) / 2
        to_lower = (lower.anchor.top + lower.anchor.bottom) / 2 - centre
        (upper if to_upper <= to_lower else lower).parts.append(part)


@dataclass(slots=True)
class _Bounds:
    """The table's columns: where each starts and ends, from its anchor lines."""

    columns: list[tuple[float, float]]
    height: float

    @classmethod
    def of(cls, anchors: list[Line]) -> _Bounds:
        width = max(len(a.cells) for a in anchors)
        full = [a for a in anchors if len(a.cells) == width]
        columns = [
            (min(a.cell_spans[k][0] for a in full), max(a.cell_spans[k][1] for a in full))
            for k in range(width)
        ]
        return cls(columns, median(a.bottom - a.top for a in anchors))

    def column_of(self, x0: float, x1: float) -> int:
        """The column a piece of text from *x0* to *x1* belongs to, by its centre."""
        centre = (x0 + x1) / 2
        for k in range(len(self.columns) - 1):
            if centre < (self.columns[k][1] + self.columns[k + 1][0]) / 2:
                return k
        return len(self.columns) - 1

    def label_only(self, line: Line) -> bool:
        """Does *line* sit in the first column alone (part of a wrapped label)?"""
        return (
            line.x0 >= self.columns[0][0] - self.height
            and line.x1 <= self.columns[1][0] - self.height / 2
        )

    def sparse_row(self, line: Line) -> bool:
        """Is *line* a row with empty cells: a label, and pieces each in a column of its own?"""
        if len(line.cells) < 2 or line.x0 > self.columns[0][1]:
            return False
        columns = [self.column_of(x0, x1) for x0, x1 in line.cell_spans]
        return columns[0] == 0 and len(set(columns)) == len(columns)

    def within(self, line: Line, labels_end: float) -> bool:
        """Could *line* be part of the header: inside the table, and not running from the
        table's left edge past its labels (as a caption or a line of prose does)?"""
        left, reach = self.columns[0][0], self.height
        if line.x0 < left - reach:
            return False
        return not any(x0 < left + reach and x1 > labels_end + reach for x0, x1 in line.cell_spans)


def _header_above(above: list[Line], rows: list[_Row], bounds: _Bounds) -> list[Line]:
    """The lines just above the first row that fit the table's columns: its header."""
    top = min(ln.top for ln in rows[0].lines)
    header: list[Line] = []
    taken = {id(ln) for ln in rows[0].parts}
    first_column = bounds.columns[0][0] + bounds.height
    labels_end = max(
        x1 for r in rows for ln in r.lines for x0, x1 in ln.cell_spans[:1] if x0 < first_column
    )
    for line in reversed(above):
        if id(line) in taken:
            continue
        gap = (top - line.bottom) / bounds.height
        header_like = line.bold or len({bounds.column_of(*c) for c in line.cell_spans}) > 1
        if (
            gap > (_HEADER_GAP if header_like else _HEADER_WRAP)
            or not bounds.within(line, labels_end)
            or _CAPTION.match(line.text)
        ):
            break
        if len(header) == _MAX_HEADER_LINES:
            break
        header.append(line)
        top = min(top, line.top)
    return sorted(header, key=lambda ln: ln.top)


def _table(rows: list[_Row], header: list[Line], bounds: _Bounds) -> TableBlock:
    width = len(bounds.columns)
    members = [ln for r in rows for ln in r.lines] + header
    texts = [_join(r.lines, bounds.column_of, width) for r in rows]
    boxes = [_box(r.lines) for r in rows]
    if header:
        texts.insert(0, _join(header, _header_columns(header, bounds), width))
        boxes.insert(0, _box(header))
    elif not _names_columns(rows):
        texts.insert(0, [""] * width)  # no header: the first row holds figures, not names
        boxes.insert(0, boxes[0])
    rows_and_boxes = list(zip(texts, boxes, strict=True))
    merge_wrapped_header(rows_and_boxes)
    x0, top, x1, bottom = _box(members)
    return TableBlock(
        x0=x0,
        top=top,
        x1=x1,
        bottom=bottom,
        rows=[texts for texts, _ in rows_and_boxes],
        row_boxes=[box for _, box in rows_and_boxes],
    )


def _header_columns(header: list[Line], bounds: _Bounds) -> Callable[[float, float], int]:
    """Which column each piece of the header names.

    A header is often aligned unlike its figures (names set left or centred over figures set
    right), so its pieces are matched to columns by their own alignment: when their left edges,
    centres or right edges fall into exactly as many groups as there are columns, the groups are
    the columns, left to right; otherwise each piece goes to the column its centre is nearest.
    """
    pieces = [span for line in header for span in line.cell_spans]
    for edge in (lambda p: p[0], lambda p: (p[0] + p[1]) / 2, lambda p: p[1]):
        groups: list[float] = []
        for value in sorted(map(edge, pieces)):
            if not groups or value - groups[-1] > bounds.height:
                groups.append(value)
            else:
                groups[-1] = value
        if len(groups) == len(bounds.columns):
            return lambda x0, x1, e=edge, g=groups: next(  # type: ignore[misc]
                k for k, last in enumerate(g) if e((x0, x1)) <= last
            )
    return bounds.column_of


def _names_columns(rows: list[_Row]) -> bool:
    """Is the first row a header: set in bold above plain rows, or holding no figure but years?"""
    first, second = rows[0].anchor, rows[1].anchor
    if first.bold and not second.bold:
        return True
    return not any(_FIGURE.fullmatch(cell) for cell in first.cells[1:])


def _join(lines: list[Line], column_of: Callable[[float, float], int], width: int) -> list[str]:
    """The cells of lines that make one row, each column's pieces joined top to bottom."""
    pieces: list[list[str]] = [[] for _ in range(width)]
    for line in sorted(lines, key=lambda ln: ln.top):
        for text, (x0, x1) in zip(line.cells, line.cell_spans, strict=True):
            pieces[column_of(x0, x1)].append(text)
    return [" ".join(p) for p in pieces]


def _box(lines: list[Line]) -> tuple[float, float, float, float]:
    return (
        min(ln.x0 for ln in lines),
        min(ln.top for ln in lines),
        max(ln.x1 for ln in lines),
        max(ln.bottom for ln in lines),
    )
