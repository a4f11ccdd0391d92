"""Quotes in the document's own words.

Matching runs on units whose text has one kind of dash, apostrophe and quote mark
(:func:`trustcheck.match.text.clean`), so that "Photo‑DNA" and "Photo-DNA" meet. A quote is
shown to a reviewer and compared with the document, so it takes the same span from the
extracted text instead: the document's own dashes, quote marks and words. A table row is
quoted as its cells with their column headers ("column: cell; column: cell", the joining
:mod:`trustcheck.match.units` uses), each cell verbatim.
"""

from __future__ import annotations

from trustcheck.document import Passage, PassageKind
from trustcheck.ingest.normalize import clean as extracted
from trustcheck.match.text import clean
from trustcheck.match.units import CELL_BREAK, Unit

MAX_QUOTE = 400


def trim(text: str, limit: int = MAX_QUOTE) -> str:
    """The text, or its first ``limit`` characters ending in an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def verbatim(unit: Unit) -> str:
    """The unit as the extracted text reads it; the unit's matching text when it cannot be
    placed there (it then differs from the document in dashes and quote marks at most)."""
    passage = unit.passage
    if unit.kind is PassageKind.TABLE_ROW:
        own = _row(passage)
        return own if own is not None and clean(own) == unit.text else unit.text
    if unit.kind is PassageKind.DATA:
        label = extracted(passage.label or "")
        text = extracted(passage.text)
        own = f"{label}: {text}" if label and label.lower() not in text.lower() else text
        return own if clean(own) == unit.text else unit.text
    source = extracted(passage.text)
    matching = clean(passage.text)
    if len(source) != len(matching):
        return unit.text
    start = matching.find(unit.text)
    return source[start : start + len(unit.text)] if start >= 0 else unit.text


def _row(passage: Passage) -> str | None:
    """The row's cells with their headers, as units join them, in the extracted characters."""
    cells = passage.cells or ()
    columns = passage.columns or ()
    if not cells:
        return None
    if not (columns and len(columns) >= len(cells)):
        return " | ".join(extracted(c) for c in cells if clean(c))
    pairs = []
    for column, cell in zip(columns, cells, strict=False):
        cell = extracted(cell)
        if not clean(cell):
            continue
        column = extracted(column)
        pairs.append(f"{column}: {cell}" if column and clean(column) != clean(cell) else cell)
    return CELL_BREAK.join(pairs)
