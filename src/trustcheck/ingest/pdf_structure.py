"""From laid-out lines to passages: running furniture, headings, paragraphs, tables, labels.

These decisions need the whole document, so they run after every page has been laid out:
- *Furniture*: lines near the top or bottom edge whose text (digits masked) repeats on many pages,
  and bare page numbers there, are running headers and footers: kept as ``furniture`` passages,
  never merged into paragraphs.
- *Page labels*: the PDF's /PageLabels when defined; otherwise the number printed in the footer or
  header ("12", "Page 12", "iv").
- *Headings*: the body size is the commonest size by amount of text; larger sizes are headings,
  ranked into levels by size across the document, and short whole-bold lines at body size are the
  lowest level.
- *Paragraphs*: consecutive lines of one column and size with a normal line gap are joined; a line
  ending in PDFium's ``\\x02`` (a line-end hyphen) joins the next without the hyphen. A paragraph
  that runs on across a column or page break stays one passage (``pdf_flow``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from trustcheck.document import BBox, PassageKind
from trustcheck.ingest.passages import PassageBuilder
from trustcheck.ingest.pdf_flow import Block, PageBody, runs_on
from trustcheck.ingest.pdf_layout import LEFT, RIGHT, Line, TableBlock

_EDGE = 0.1
_PAGE_NUMBER = re.compile(
    r"(?:^|\bpage\s+)(?P<n>\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_BULLET = re.compile(
    r"^(?:[\u2022\u2023\u25aa\u25cf\u25e6\u2043\u2219\u2013\u2014*-]|\d{1,2}[.)])\s"
)
_MAX_HEADING_CHARS = 160


@dataclass
class PageLayout:
    """One page after layout: items in reading order, or OCR paragraphs for image-only pages."""

    number: int
    label: str | None
    width: float
    height: float
    items: list[Line | TableBlock] = field(default_factory=list)
    ocr_paragraphs: list[tuple[str, BBox]] | None = None
    blank: bool = False
    """Nothing at all is drawn on the page: no text, and nothing for OCR to read either."""

    @property
    def has_text(self) -> bool:
        return bool(self.items)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def find_furniture(pages: list[PageLayout]) -> set[int]:
    """``id()`` of every line that is a running header, footer or page number."""
    candidates: list[tuple[Line, str]] = []
    pages_per_key: dict[str, set[int]] = {}
    for page in pages:
        for item in page.items:
            if not isinstance(item, Line):
                continue
            if item.top > page.height * _EDGE and item.bottom < page.height * (1 - _EDGE):
                continue
            key = _key(item.text)
            candidates.append((item, key))
            pages_per_key.setdefault(key, set()).add(page.number)
    text_pages = sum(1 for p in pages if p.has_text)
    threshold = max(2, math.ceil(0.3 * text_pages))
    return {
        id(line)
        for line, key in candidates
        if (_PAGE_NUMBER.search(line.text.strip()) and len(line.text) < 40)
        or (text_pages >= 2 and len(pages_per_key[key]) >= threshold)
    }


def printed_label(page: PageLayout, furniture: set[int]) -> str | None:
    """The page number printed in the page's header or footer, if there is one."""
    for item in page.items:
        if isinstance(item, Line) and id(item) in furniture:
            match = _PAGE_NUMBER.search(item.text.strip())
            if match:
                return match.group("n")
    return None


def _two_letters(text: str) -> bool:
    """The text has at least two letters (looked for from the start: most lines do at once)."""
    letters = 0
    for char in text:
        if char.isalpha():
            letters += 1
            if letters == 2:
                return True
    return False


@dataclass(frozen=True)
class HeadingScale:
    """Which font sizes are headings in this document, and at what level."""

    body: float
    levels: dict[float, int]

    def level(self, line: Line) -> int | None:
        text = line.text.replace("\x02", "").strip()
        if len(text) > _MAX_HEADING_CHARS or not _two_letters(text):
            return None
        size = round(line.size)
        if size in self.levels:
            return self.levels[size]
        if (
            line.bold
            and line.size >= self.body - 0.5
            and len(text) <= 100
            and not text.endswith((".", ",", ";", ":"))
            and not _BULLET.match(text)
        ):
            return min(len(self.levels) + 1, 6)
        return None


def heading_scale(pages: list[PageLayout], furniture: set[int]) -> HeadingScale:
    amounts: Counter[float] = Counter()
    for page in pages:
        for item in page.items:
            if isinstance(item, Line) and id(item) not in furniture:
                amounts[round(item.size * 2) / 2] += len(item.text)
    body = amounts.most_common(1)[0][0] if amounts else 10.0
    sizes = sorted(
        {size for s in amounts if (size := round(s)) >= body * 1.15 and size >= body + 1},
        reverse=True,
    )
    return HeadingScale(body=body, levels={s: min(i + 1, 6) for i, s in enumerate(sizes)})


def _continues(block: Block, line: Line, kind: PassageKind, level: int | None) -> bool:
    last = block.lines[-1]
    if line.region != last.region:
        # a sentence running from the foot of the left column to the head of the right one
        return (last.region, line.region) == (LEFT, RIGHT) and runs_on(block, line, kind)
    if abs(line.size - last.size) > 0.6:
        return False
    gap = line.top - last.bottom
    if not -2 <= gap <= 0.7 * line.size:
        return False
    if block.kind == PassageKind.HEADING:
        return kind == PassageKind.HEADING and level == block.level
    if kind != PassageKind.PARAGRAPH:
        return False
    if block.kind == PassageKind.LIST_ITEM:
        return line.x0 >= block.lines[0].x0 + 2
    return abs(line.x0 - last.x0) <= 2 * line.size


def page_body(page: PageLayout, furniture: set[int], scale: HeadingScale) -> PageBody:
    """The page's blocks and tables in reading order, running headers and footers left out."""
    items: list[Block | TableBlock] = []
    block: Block | None = None
    for item in page.items:
        if isinstance(item, TableBlock):
            block = None
            items.append(item)
            continue
        if id(item) in furniture:
            continue
        level = scale.level(item)
        if level is not None:
            kind = PassageKind.HEADING
        elif _BULLET.match(item.text.strip()):
            kind = PassageKind.LIST_ITEM
        else:
            kind = PassageKind.PARAGRAPH
        if block is not None and _continues(block, item, kind, level):
            block.lines.append(item)
            continue
        block = Block(kind=kind, lines=[item], level=level)
        items.append(block)
    return PageBody(items=items, body_size=scale.body)


def emit_page(
    page: PageLayout, body: PageBody, label: str | None, furniture: set[int],
    builder: PassageBuilder,
) -> None:  # fmt: skip
    """Emit one page's passages in reading order: running headers, body, running footers."""

    def emit_block(block: Block) -> None:
        text, bbox = block.text(), block.bbox()
        if block.kind == PassageKind.HEADING and block.level is not None:
            builder.heading(text, block.level, page=page.number, page_label=label, bbox=bbox)
            return
        if block.kind == PassageKind.LIST_ITEM and text[:1] in "\u2022\u25aa\u25cf*-":
            text = _BULLET.sub("", text, count=1)
        end_page = page.number + len(block.continued) if block.continued else None
        builder.add(
            block.kind, text, page=page.number, page_label=label, bbox=bbox, end_page=end_page
        )

    def emit_furniture(line: Line) -> None:
        builder.add(
            PassageKind.FURNITURE, line.text, page=page.number, page_label=label,
            bbox=BBox(x0=line.x0, top=line.top, x1=line.x1, bottom=line.bottom),
        )  # fmt: skip

    # Running lines never interrupt a paragraph: headers first, footers last.
    running = [i for i in page.items if isinstance(i, Line) and id(i) in furniture]
    for line in running:
        if line.top < page.height / 2:
            emit_furniture(line)
    for item in body.items:
        if isinstance(item, TableBlock):
            _emit_table(item, page.number, label, builder)
        else:
            emit_block(item)
    for line in running:
        if line.top >= page.height / 2:
            emit_furniture(line)
    for text, bbox in page.ocr_paragraphs or []:
        builder.add(PassageKind.PARAGRAPH, text, page=page.number, page_label=label, bbox=bbox)


def _emit_table(table: TableBlock, page: int, label: str | None, builder: PassageBuilder) -> None:
    columns = table.rows[0]
    boxes = table.row_boxes or [(table.x0, table.top, table.x1, table.bottom)] * len(table.rows)
    for cells, (x0, top, x1, bottom) in zip(table.rows[1:], boxes[1:], strict=False):
        builder.table_row(
            cells, columns, page=page, page_label=label,
            bbox=BBox(x0=x0, top=top, x1=x1, bottom=bottom),
        )  # fmt: skip
