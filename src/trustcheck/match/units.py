"""Evidence units: the sentences, table rows and data values that rules are matched against.

A unit keeps the structure it came from, because that structure decides what a passage means:
a sentence keeps its paragraph and heading path; a list item keeps the sentence that introduced
the list ("We plan to:"); a table row keeps its column headers beside each cell, so a figure
keeps its metric ("Accounts disabled: 1,204") and its period ("H1 2024").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from trustcheck.document import Document, Passage, PassageKind
from trustcheck.match.lexicon import CompiledLexicon, lexicon
from trustcheck.match.text import clean, normalise, split_sentences

_CONTENTS_ENTRY_WORDS = 12


def _contents_entry(passage: Passage, contents: re.Pattern[str]) -> bool:
    """Is *passage* an entry of a table of contents ("6. Notice and appeals ..... 12")?

    ``contents`` matches the headings of a table of contents (the lexicon's).
    """
    return (
        passage.kind in (PassageKind.LIST_ITEM, PassageKind.PARAGRAPH)
        and bool(passage.heading_path)
        and contents.fullmatch(passage.heading_path[-1].strip(" :")) is not None
        and len(passage.text.split()) <= _CONTENTS_ENTRY_WORDS
    )


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence, heading, table row or data value, in reading order."""

    index: int
    passage: Passage
    text: str
    """The unit as a reader sees it (cleaned), used for quotes."""
    norm: str
    """The normalised text that signals are matched against."""
    block: int
    """Index of the passage the unit came from: sentences of one paragraph share it."""
    lead_in: str = ""
    """Normalised sentence that introduces a list, for list items."""
    heading: str = ""
    """Normalised heading path, outermost first, joined with ' > '."""

    @property
    def kind(self) -> PassageKind:
        return self.passage.kind

    @property
    def context(self) -> str:
        """The unit with its lead-in: what a ``requires`` in a signal may be satisfied by."""
        return f"{self.lead_in} {self.norm}" if self.lead_in else self.norm


CELL_BREAK = "; "
"""How a table row's text joins its cells: 'column: cell; column: cell'."""


def cell_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the cell of a table row's text that holds ``text[start:end]``."""
    left = text.rfind(CELL_BREAK, 0, start)
    left = 0 if left < 0 else left + len(CELL_BREAK)
    right = text.find(CELL_BREAK, end)
    return left, len(text) if right < 0 else right


def _row_text(passage: Passage) -> str:
    """A table row as 'column: cell; column: cell', so each value keeps its header."""
    cells = passage.cells or ()
    columns = passage.columns or ()
    if cells and columns and len(columns) >= len(cells):
        pairs = []
        for column, cell in zip(columns, cells, strict=False):
            cell = clean(cell)
            if not cell:
                continue
            column = clean(column)
            pairs.append(f"{column}: {cell}" if column and column != cell else cell)
        return CELL_BREAK.join(pairs)
    if cells:
        return " | ".join(clean(c) for c in cells if clean(c))
    return clean(passage.text)


def _data_text(passage: Passage) -> str:
    text = clean(passage.text)
    label = clean(passage.label or "")
    if label and label.lower() not in text.lower():
        return f"{label}: {text}"
    return text


def build_units(document: Document, words: CompiledLexicon | None = None) -> list[Unit]:
    """Cut a document into units in reading order; running headers and footers, and the entries
    of a table of contents, are left out. ``words`` is the document language's lexicon (English
    by default): its abbreviations and the headings of a table of contents."""
    words = words or lexicon()
    units: list[Unit] = []
    lead_in = ""
    headings: dict[tuple[str, ...], str] = {}  # a heading path is shared by its passages
    for block, passage in enumerate(document.passages):
        kind = passage.kind
        if kind is PassageKind.FURNITURE or _contents_entry(passage, words.contents):
            continue
        heading = headings.get(passage.heading_path)
        if heading is None:
            heading = headings[passage.heading_path] = " > ".join(
                normalise(h) for h in passage.heading_path
            )
        if kind is PassageKind.TABLE_ROW:
            pieces = [_row_text(passage)]
        elif kind is PassageKind.DATA:
            pieces = [_data_text(passage)]
        elif kind is PassageKind.HEADING:
            pieces = [clean(passage.text)]
        else:
            pieces = split_sentences(passage.text, words.abbreviations)
        item_lead = lead_in if kind is PassageKind.LIST_ITEM else ""
        for piece in pieces:
            if not piece:
                continue
            units.append(
                Unit(
                    index=len(units),
                    passage=passage,
                    text=piece,
                    norm=normalise(piece),
                    block=block,
                    lead_in=item_lead,
                    heading=heading,
                )
            )
        if kind is PassageKind.PARAGRAPH and pieces:
            lead_in = normalise(pieces[-1])
        elif kind is PassageKind.HEADING:
            lead_in = ""
    return units
