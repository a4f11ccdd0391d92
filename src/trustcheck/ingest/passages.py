"""Building passages: ids, offsets into ``Document.text`` and heading paths in one place.

Every reader emits passages through a :class:`PassageBuilder`, so ids (``p{page}.{n}``), the
``start``/``end`` offsets (passages joined by a blank line, as :attr:`Document.text` does) and the
heading stack behave the same for PDF, HTML, Markdown, text, CSV and XLSX.
"""

from __future__ import annotations

from collections.abc import Sequence

from trustcheck.document import BBox, Passage, PassageKind
from trustcheck.ingest.limits import Budget
from trustcheck.ingest.normalize import clean

_SEPARATOR = "\n\n"


class PassageBuilder:
    """Collects passages in reading order and keeps the current heading path."""

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        self.passages: list[Passage] = []
        self._offset = 0
        self._per_page: dict[int, int] = {}
        self._headings: list[tuple[int, str]] = []

    @property
    def heading_path(self) -> tuple[str, ...]:
        return tuple(text for _, text in self._headings)

    @property
    def open_headings(self) -> tuple[tuple[int, str], ...]:
        """The open headings as ``(level, text)``, outermost first."""
        return tuple(self._headings)

    def reset_headings(self) -> None:
        """Close every open heading (for passages that sit outside the document's outline)."""
        self._headings.clear()

    def close_headings(self, level: int) -> None:
        """Close the open headings of ``level`` and deeper, keeping those above them."""
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()

    def heading(
        self,
        text: str,
        level: int,
        *,
        page: int = 1,
        page_label: str | None = None,
        bbox: BBox | None = None,
    ) -> Passage | None:
        """Add a heading; it closes every open heading of the same or a deeper level."""
        text = clean(text)
        if not text:
            return None
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        passage = self._add(PassageKind.HEADING, text, page, page_label, bbox, level=level)
        self._headings.append((level, text))
        return passage

    def add(
        self,
        kind: PassageKind,
        text: str,
        *,
        page: int = 1,
        page_label: str | None = None,
        bbox: BBox | None = None,
        cells: Sequence[str] | None = None,
        columns: Sequence[str] | None = None,
        label: str | None = None,
        source_path: str | None = None,
        end_page: int | None = None,
        cited_by: str | None = None,
    ) -> Passage | None:
        """Add a passage under the current headings; empty text is skipped."""
        text = clean(text)
        if not text:
            return None
        return self._add(
            kind,
            text,
            page,
            page_label,
            bbox,
            cells=tuple(clean(c) for c in cells) if cells is not None else None,
            columns=tuple(clean(c) for c in columns) if columns is not None else None,
            label=clean(label) if label else None,
            source_path=source_path,
            end_page=end_page,
            cited_by=cited_by,
        )

    def table_row(
        self,
        cells: Sequence[str],
        columns: Sequence[str] | None,
        *,
        page: int = 1,
        page_label: str | None = None,
        bbox: BBox | None = None,
    ) -> Passage | None:
        """Add one table row; its text is the cells joined by `` | ``."""
        cleaned = [clean(c) for c in cells]
        if not any(cleaned):
            return None
        cols = [clean(c) for c in columns] if columns is not None else None
        if cols is not None and len(cols) != len(cleaned):
            width = max(len(cols), len(cleaned))
            cols += [""] * (width - len(cols))
            cleaned += [""] * (width - len(cleaned))
        return self.add(
            PassageKind.TABLE_ROW,
            " | ".join(cleaned),
            page=page,
            page_label=page_label,
            bbox=bbox,
            cells=cleaned,
            columns=cols,
        )

    def _add(
        self,
        kind: PassageKind,
        text: str,
        page: int,
        page_label: str | None,
        bbox: BBox | None,
        *,
        level: int | None = None,
        cells: tuple[str, ...] | None = None,
        columns: tuple[str, ...] | None = None,
        label: str | None = None,
        source_path: str | None = None,
        end_page: int | None = None,
        cited_by: str | None = None,
    ) -> Passage:
        self.budget.count_passage()
        self.budget.count_sentences(text)
        n = self._per_page.get(page, 0) + 1
        self._per_page[page] = n
        if self.passages:
            self._offset += len(_SEPARATOR)
        start = self._offset
        self._offset += len(text)
        passage = Passage(
            id=f"p{page}.{n}",
            kind=kind,
            text=text,
            page=page,
            page_label=page_label,
            end_page=end_page,
            heading_path=() if kind == PassageKind.FURNITURE else self.heading_path,
            level=level,
            start=start,
            end=self._offset,
            bbox=bbox,
            cells=cells,
            columns=columns,
            label=label,
            source_path=source_path,
            cited_by=cited_by,
        )
        self.passages.append(passage)
        return passage
