"""Tables in plain text: columns of cells lined up with runs of spaces.

Text exports of reports (``pdftotext -layout``, a spreadsheet saved as text, a report typed in
a fixed-width font) set a table as lines whose cells are separated by two or more spaces or a
tab. Joined into one paragraph, ``Reports to NCMEC  4,100  4,200`` loses which figure belongs to
which period; read as rows, each figure keeps its row label and column header, as PDF, HTML and
Markdown tables do.

A run of lines is a table only when the cells line up: at least two lines with the same number
of cells (the header may leave the first column empty), a gutter of spaces running down every
line between each column and the next, and short cells after the first column. Prose with two
spaces after a full stop fails these tests: its sentences are long and do not line up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = re.compile(r"\S+(?: \S+)*")
_NUMBER = re.compile(r"[-+]?[\d.,]+%?")
_YEAR = re.compile(r"(?:19|20)\d\d")  # a header of years is still a header
#: Longest cell after the first column: figures and short labels, never sentences.
_MAX_CELL = 40
_MAX_LABEL = 100


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; ``columns`` are the header row's cells when the first row is one."""

    columns: list[str] | None
    rows: list[list[str]]


_GAP = re.compile(r"[^\S ]|  ")
"""White space other than one plain space: only a line holding some can have two cells."""


def _cells(line: str) -> list[tuple[int, int, str]]:
    """The cells of a line: text separated by two or more spaces (tabs count as spaces)."""
    if "\t" in line:
        line = line.expandtabs(8)
    return [(*m.span(), m.group()) for m in _CELL.finditer(line)]


def split_tables(lines: list[str]) -> list[list[str] | Table] | None:
    """Split a block's lines into runs of text lines and tables; None when it holds no table.

    Prose is the common case and may run to a million lines in one block: a block none of
    whose lines has a gap between words wider than one space is known to hold no table
    without cutting its lines into cells.
    """
    if not any(_GAP.search(line.strip()) for line in lines):
        return None
    parts: list[list[str] | Table] = []
    cells = [_cells(line) for line in lines]  # once a line: a table may run to 600,000 rows
    start = 0
    found = False
    while start < len(lines):
        end = start
        while end < len(lines) and len(cells[end]) >= 2:
            end += 1
        table = _table(cells[start:end]) if end - start >= 2 else None
        if table is not None:
            parts.append(table)
            found = True
            start = end
            continue
        stop = max(end, start + 1)
        if parts and isinstance(parts[-1], list):
            parts[-1].extend(lines[start:stop])
        else:
            parts.append(lines[start:stop])
        start = stop
    return parts if found else None


def _table(rows: list[list[tuple[int, int, str]]]) -> Table | None:
    """The table these lines' cells set, or None when they do not line up as columns."""
    width = len(rows[-1])
    header = rows[0]
    if len(header) == width - 1 and header[0][0] > rows[1][0][1]:
        header = [(0, 0, ""), *header]  # an empty corner cell
        rows[0] = header
    if any(len(row) != width for row in rows):
        return None
    for column in range(1, width):
        left_ends = [row[column - 1][1] for row in rows]
        starts = [row[column][0] for row in rows]
        if max(left_ends) >= min(starts):
            return None  # no gutter of spaces runs down between this column and the last
        if any(len(row[column][2]) > _MAX_CELL for row in rows):
            return None
    if any(len(row[0][2]) > _MAX_LABEL for row in rows):
        return None
    texts = [[cell[2] for cell in row] for row in rows]
    if all(_NUMBER.fullmatch(cell) and not _YEAR.fullmatch(cell) for cell in texts[0][1:]):
        return Table(columns=None, rows=texts)  # the first row holds figures: no header
    return Table(columns=texts[0], rows=texts[1:])
