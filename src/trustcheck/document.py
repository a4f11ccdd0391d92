"""The ``Document`` model: what every reader produces and everything downstream consumes.

A document is an ordered list of passages. Each passage keeps the structure that matching needs:
its page and printed page label (so a reviewer can find the quote), its heading path (so a
sentence under "Child Safety" is known to be about child safety), and, for table rows and data
values, the row label and column headers beside each cell (so a figure keeps its metric).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocumentFormat(StrEnum):
    """The formats trustcheck reads, detected from content rather than file extension."""

    PDF = "pdf"
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"
    CSV = "csv"
    XLSX = "xlsx"


class PassageKind(StrEnum):
    """What a passage is, as far as the reader could tell from the layout or markup."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    DATA = "data"
    """A labelled value found in data embedded in a page (a script's JSON state)."""
    FURNITURE = "furniture"
    """Running headers, footers, page numbers and contents entries: kept, never evidence."""
    FOOTNOTE = "footnote"
    """A note at the foot of a page: its marker is the passage's ``label``."""


class BBox(BaseModel):
    """A rectangle on a PDF page in points, origin at the top left."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    x0: float
    top: float
    x1: float
    bottom: float


class Passage(BaseModel):
    """One unit of text in reading order.

    ``start`` and ``end`` are character offsets into :attr:`Document.text`, the passages' texts
    joined by blank lines, so any quote can be located again in the extracted text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="Stable id, unique in the document, e.g. 'p3.12'.")
    kind: PassageKind
    text: str
    page: int = Field(ge=1, description="1-based page index (1 for formats without pages).")
    page_label: str | None = Field(
        default=None, description="The printed page label when it is known, e.g. 'iv' or '12'."
    )
    end_page: int | None = Field(
        default=None,
        ge=1,
        description=(
            "PDF paragraphs that run on across a page break: the 1-based page where the "
            "passage ends. None when it is on one page; 'page', 'page_label' and 'bbox' are "
            "those of the page where it starts."
        ),
    )
    heading_path: tuple[str, ...] = Field(
        default=(), description="The headings above this passage, outermost first."
    )
    level: int | None = Field(default=None, description="Heading level (1 = top) for headings.")
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    bbox: BBox | None = None
    cells: tuple[str, ...] | None = Field(
        default=None, description="Table rows: the cells of the row, in column order."
    )
    columns: tuple[str, ...] | None = Field(
        default=None, description="Table rows: the column headers, aligned with cells."
    )
    label: str | None = Field(
        default=None, description="Data passages: the nearest label of the value."
    )
    cited_by: str | None = Field(
        default=None,
        description=(
            "Footnotes: the id of the passage whose sentence carries the note's marker (the "
            "marker is taken out of that sentence, so it is never read as a figure)."
        ),
    )
    source_path: str | None = Field(
        default=None,
        description=(
            "Data passages: where the value sits in the page's script data, e.g. "
            "'__NEXT_DATA__.props.pageProps.metrics[0].value', so a reviewer can find it."
        ),
    )


class PageInfo(BaseModel):
    """What the reader knows about one page, including whether it had a text layer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1)
    label: str | None = None
    has_text: bool = True
    ocr: bool = Field(default=False, description="The text of this page came from OCR.")
    width: float | None = None
    height: float | None = None


class Document(BaseModel):
    """A report as trustcheck read it: provenance, pages, and passages in reading order."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="The path or URL the document was read from.")
    sha256: str
    format: DocumentFormat
    title: str | None = None
    page_count: int = Field(ge=0)
    pages: list[PageInfo] = Field(default_factory=list)
    passages: list[Passage] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """All passage texts joined by blank lines; passage offsets point into this string."""
        return "\n\n".join(p.text for p in self.passages)

    @property
    def pages_without_text(self) -> list[int]:
        """Pages that had no text layer and were not read by OCR."""
        return [p.number for p in self.pages if not p.has_text and not p.ocr]
