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
- *Outline*: a numbered subsection ("4.1") nests under its open chapter ("4."), and an unnumbered
  heading at a numbered subsection's size under that subsection, whatever their sizes
  (``pdf_outline``).
- *Paragraphs*: consecutive lines of one column and size with a normal line gap are joined, and
  so is a lower-case line under a line that stops mid-sentence, a point larger or smaller or
  indented as it may be; a line
  ending in PDFium's ``\\x02`` (a line-end hyphen) joins the next without the hyphen. A paragraph
  that runs on across a column or page break stays one passage (``pdf_flow``).
- *Footnotes*: blocks set smaller than the body at the foot of the page that start with a marker
  (``1``, ``*``, ``†``) are ``footnote`` passages labelled with the marker; the marker glued to a
  word in the page's body ("legislation1") is taken out of that sentence, which the footnote
  names in ``cited_by``, so neither is read as a figure.
- *Contents pages*: lines with dot leaders ("Reporting ..... 12"), and lines ending in a page
  number under a "Contents" heading, are furniture, one a line, never merged into paragraphs;
  so are the short entries that follow the heading ("6. Notice and appeals"). The first heading
  or sentence after them closes the contents heading, so the body is never under it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from trustcheck.document import BBox, PassageKind
from trustcheck.ingest.passages import PassageBuilder
from trustcheck.ingest.pdf_flow import Block, PageBody, ends_sentence, runs_on
from trustcheck.ingest.pdf_layout import LEFT, RIGHT, Line, TableBlock
from trustcheck.ingest.pdf_outline import Outline

_EDGE = 0.1
_PAGE_NUMBER = re.compile(
    r"(?:^|\bpage\s+)(?P<n>\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_BULLET = re.compile(
    r"^(?:[\u2022\u2023\u25aa\u25cf\u25e6\u2043\u2219\u2013\u2014*-]|\d{1,2}[.)])\s"
)
_MAX_HEADING_CHARS = 160
_ENTRY_WORDS = 12
_NOTE = re.compile(r"^(?P<marker>\d{1,3}|[*\u2020\u2021\u00a7]{1,3})\s?(?=\S)(?P<rest>.+)$", re.S)
_NOTE_SMALLER = 1.0
_GLUED_MARKER = re.compile(
    r"((?<![\d,.])[A-Za-z]{2,}[)\]\"\u201d\u2019]?[.,;:]?)(\d{1,3}|[*\u2020\u2021]{1,3})(?=[\s.,;:)]|$)"
)
_NOTE_ZONE = 0.55
"""Footnotes start below this share of the page's height."""
_CONTENTS_HEADING = re.compile(r"(?:table\s+of\s+)?contents|in\s+this\s+(?:report|document)", re.I)
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$|…{2,}\s*\d{1,4}\s*$", re.I)
_ENTRY = re.compile(r"^\S.{1,150}?\s+(?:\d{1,4}|[ivxlc]{1,6})$", re.I)


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
    gap = line.top - last.bottom
    if not -2 <= gap <= 0.7 * line.size:
        return False
    if _mid_sentence(block, line, kind):
        return True
    if abs(line.size - last.size) > 0.6:
        return False
    if block.kind == PassageKind.HEADING:
        return kind == PassageKind.HEADING and level == block.level
    if kind != PassageKind.PARAGRAPH:
        return False
    if block.kind == PassageKind.LIST_ITEM:
        return line.x0 >= block.lines[0].x0 + 2
    return abs(line.x0 - last.x0) <= 2 * line.size


def _mid_sentence(block: Block, line: Line, kind: PassageKind) -> bool:
    """A line starting in lower case, at a line's distance under a body line that stops
    mid-sentence, finishes that sentence.

    Why: producers set lines of one paragraph a point apart in size (inline marks, footnote
    references), indent a paragraph's first line or set its section number out in the margin;
    read as two paragraphs, a sentence such as
    "we prohibit products that (i) promote," / "... the sexual exploitation of children" loses
    its subject or its object.
    """
    if kind != PassageKind.PARAGRAPH or block.kind not in _RUNNING_KINDS:
        return False
    last = block.lines[-1]
    if ends_sentence(last.text) or not line.text.strip()[:1].islower():
        return False
    if abs(line.size - last.size) > _SIZE_WOBBLE * max(line.size, last.size):
        return False
    return abs(line.x0 - last.x0) <= _INDENT * line.size


_RUNNING_KINDS = (PassageKind.PARAGRAPH, PassageKind.LIST_ITEM)
_SIZE_WOBBLE = 0.15
"""Lines of one paragraph may differ in size by this share (inline marks and references)."""
_INDENT = 4
"""A paragraph's first line may stand this many font sizes left or right of the lines below it
(an indented first line, or a section number set out in the margin)."""


def page_body(page: PageLayout, furniture: set[int], scale: HeadingScale) -> PageBody:
    """The page's blocks and tables in reading order, running headers and footers left out."""
    items: list[Block | TableBlock] = []
    block: Block | None = None
    contents = False
    for item in page.items:
        if isinstance(item, TableBlock):
            block = None
            items.append(item)
            continue
        if id(item) in furniture:
            continue
        text = item.text.strip()
        if _DOT_LEADER.search(text) or (
            contents and _ENTRY.match(text) and scale.level(item) is None
        ):
            block = None
            items.append(Block(kind=PassageKind.FURNITURE, lines=[item]))
            continue
        level = scale.level(item)
        if level is not None:
            contents = _CONTENTS_HEADING.fullmatch(text.strip(" :")) is not None
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
    _mark_footnotes(items, page, scale.body)
    return PageBody(items=items, body_size=scale.body)


def _mark_footnotes(items: list[Block | TableBlock], page: PageLayout, body: float) -> None:
    """Mark the blocks at the foot of the page set smaller than the body that start with a
    marker: footnotes, one a marker. Only blocks after the page's last body-size block count."""
    index = len(items)
    while index > 0:
        index -= 1
        item = items[index]
        if not isinstance(item, Block) or item.kind == PassageKind.HEADING:
            return
        first = item.lines[0]
        if first.size > body - _NOTE_SMALLER:
            return
        if item.kind == PassageKind.FURNITURE or first.top < page.height * _NOTE_ZONE:
            continue
        if _NOTE.match(first.text.strip()) is None:
            continue
        notes: list[Block] = []
        for line in item.lines:  # a note starts at each line that begins with a marker
            match = _NOTE.match(line.text.strip())
            if match is not None or not notes:
                marker = match.group("marker") if match else None
                notes.append(Block(kind=PassageKind.FOOTNOTE, lines=[line], marker=marker))
            else:
                notes[-1].lines.append(line)
        items[index : index + 1] = notes


def superscript_markers(block: Block, markers: set[str]) -> list[str]:
    """Markers of this page's notes set raised and smaller in the block's lines."""
    found: list[str] = []
    for line in (*block.lines, *(ln for part in block.continued for ln in part)):
        size = line.size
        baseline = max(span.bottom for span in line.spans)
        for span in line.spans:
            text = span.text.strip()
            if text in markers and span.size < size - 1 and span.bottom < baseline - 1:
                found.append(text)
    return found


def emit_page(
    page: PageLayout, body: PageBody, label: str | None, furniture: set[int],
    builder: PassageBuilder, outline: Outline,
) -> None:  # fmt: skip
    """Emit one page's passages in reading order: running headers, body, running footers.

    ``outline`` carries the open headings' numbers from page to page, so a subsection set at its
    chapter's size still nests under the chapter.
    """

    markers = {
        item.marker
        for item in body.items
        if isinstance(item, Block) and item.kind == PassageKind.FOOTNOTE and item.marker
    }
    cited: dict[str, str] = {}

    def emit_block(block: Block) -> None:
        text, bbox = block.text(), block.bbox()
        if block.kind == PassageKind.HEADING and block.level is not None:
            close_contents(builder)
            level = outline.level(text, block.level, len(builder.open_headings))
            builder.heading(text, level, page=page.number, page_label=label, bbox=bbox)
            return
        if block.kind == PassageKind.FOOTNOTE and block.marker:
            match = _NOTE.match(text)
            builder.add(
                PassageKind.FOOTNOTE, match.group("rest") if match else text,
                page=page.number, page_label=label, bbox=bbox, label=block.marker,
                cited_by=cited.get(block.marker),
            )  # fmt: skip
            return
        if block.kind == PassageKind.LIST_ITEM and text[:1] in "\u2022\u25aa\u25cf*-":
            text = _BULLET.sub("", text, count=1)
        found: list[str] = []
        if markers and block.kind != PassageKind.FURNITURE:
            text, found = unlink_markers(text, markers, superscript_markers(block, markers))
        kind = block.kind
        if kind != PassageKind.FURNITURE and contents_open(builder):
            if _contents_entry(text):
                kind = PassageKind.FURNITURE  # "6. Notice and appeals" under "Contents"
            else:
                close_contents(builder)
        end_page = page.number + len(block.continued) if block.continued else None
        passage = builder.add(
            kind, text, page=page.number, page_label=label, bbox=bbox, end_page=end_page
        )
        if passage is not None:
            for marker in found:
                cited.setdefault(marker, passage.id)

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


def contents_open(builder: PassageBuilder) -> bool:
    return any(_CONTENTS_HEADING.fullmatch(h.strip(" :")) for _, h in builder.open_headings)


def _contents_entry(text: str) -> bool:
    """An entry of a contents page: a short title, perhaps numbered, with no sentence."""
    return len(text.split()) <= _ENTRY_WORDS and not ends_sentence(text)


def close_contents(builder: PassageBuilder) -> None:
    """Close an open "Contents" heading: what follows the contents page is not under it."""
    for level, heading in builder.open_headings:
        if _CONTENTS_HEADING.fullmatch(heading.strip(" :")):
            builder.close_headings(level)
            return


def unlink_markers(
    text: str, markers: set[str], raised: list[str] | None = None
) -> tuple[str, list[str]]:
    """Take the footnote markers glued to words ("legislation1", "CSAM.2") out of ``text``.

    Only markers of notes on the same page are taken, and only glued to a letter or a closing
    mark, so "in 2024" or "2 reports" never lose a digit. A marker known to be set raised in
    the block (``raised``) is taken where it follows a word after a space too.
    """
    found: list[str] = []
    for marker in raised or []:
        spaced = re.compile(
            rf"(?<=[A-Za-z)\]\"\u201d\u2019.,;:]) {re.escape(marker)}(?=[\s.,;:)]|$)"
        )
        text, count = spaced.subn("", text, count=1)
        if count:
            found.append(marker)

    def take(match: re.Match[str]) -> str:
        marker = match.group(2)
        if marker not in markers:
            return match.group(0)
        found.append(marker)
        return match.group(1)

    out = _GLUED_MARKER.sub(take, text)
    return out, found


def _emit_table(table: TableBlock, page: int, label: str | None, builder: PassageBuilder) -> None:
    columns = table.rows[0]
    boxes = table.row_boxes or [(table.x0, table.top, table.x1, table.bottom)] * len(table.rows)
    for cells, (x0, top, x1, bottom) in zip(table.rows[1:], boxes[1:], strict=False):
        builder.table_row(
            cells, columns, page=page, page_label=label,
            bbox=BBox(x0=x0, top=top, x1=x1, bottom=bottom),
        )  # fmt: skip
