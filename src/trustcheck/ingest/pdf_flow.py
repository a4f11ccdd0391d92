"""Paragraphs that run on across a column or page break are one passage, not two halves.

Reports are typeset in frames: a paragraph that does not fit stops at the foot of a column or
page and goes on at the head of the next, often mid-sentence. Split there, a sentence loses its
metric or its verb, and matching works on sentences. A block *runs on* when the text before the
break does not end a sentence (``.``, ``!``, ``?`` or ``:``, also before a closing quote or
bracket), both sides are body text of one size (not a heading, list item or table), and the
text after the break either starts as a continuation (lower case, a digit, a comma or bracket)
or the line before the break is set full width, as wrapped lines are and a paragraph's last line
seldom is. Running headers, footers and page numbers never sit between the halves: they are
furniture and kept out of the body. A word hyphenated across the break is joined
(``pro-`` + ``tection``); PDFium marks such hyphens inside a page, not at its end.

A joined passage is cited where it starts: its ``page``, ``page_label``, ``bbox`` and id are those
of the first page, and ``end_page`` names the page where it ends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from trustcheck.document import BBox, PassageKind
from trustcheck.ingest.pdf_layout import Line, TableBlock

_SENTENCE_END = (".", "!", "?", ":")
_CLOSERS = "\"')]\u201d\u2019\u00bb"
_CONTINUATION_START = ",;)(%\u2013\u2014"
_SAME_SIZE = 0.6
_FULL_WIDTH = 0.85
"""A line this share of its paragraph's widest line, or wider, was wrapped, not ended."""
_FOOTNOTE_SMALLER = 1.0
"""Blocks at least this many points below the body size after a page's last paragraph are
footnotes or captions: they stay where they are and the paragraph may still run on."""


@dataclass
class Block:
    """Lines that form one passage: on its first page, then on each page it runs on to."""

    kind: PassageKind
    lines: list[Line]
    level: int | None = None
    marker: str | None = None
    """Footnotes: the note's marker ("1", "*"), taken off the front of its text."""
    continued: list[list[Line]] = field(default_factory=list)
    """The block's lines on each following page it runs on to, in order."""

    @property
    def last_line(self) -> Line:
        return (self.continued[-1] if self.continued else self.lines)[-1]

    def text(self) -> str:
        out = ""
        for part in (self.lines, *self.continued):
            for line in part:
                out = join_line(out, line.text.strip())
        return out

    def bbox(self) -> BBox:
        """The block's area on its first page (a box cannot span pages)."""
        return BBox(
            x0=min(ln.x0 for ln in self.lines),
            top=min(ln.top for ln in self.lines),
            x1=max(ln.x1 for ln in self.lines),
            bottom=max(ln.bottom for ln in self.lines),
        )


def join_line(text: str, line: str) -> str:
    """Append a line to a paragraph, joining a word hyphenated at the end of the text."""
    if not text:
        return line
    if text.endswith("\x02"):
        return text[:-1] + line
    if len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and line[:1].islower():
        return text[:-1] + line
    return text + " " + line


def ends_sentence(text: str) -> bool:
    """The text ends a sentence: final punctuation, perhaps followed by a closing quote."""
    return text.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_END)


def runs_on(block: Block, line: Line, kind: PassageKind) -> bool:
    """Whether ``line``, at the head of the next column or page, continues ``block``.

    ``block`` is the last block before the break; ``kind`` is what ``line`` would start.
    """
    if block.kind not in (PassageKind.PARAGRAPH, PassageKind.LIST_ITEM):
        return False
    if kind != PassageKind.PARAGRAPH:
        return False
    last = block.last_line
    if abs(line.size - last.size) > _SAME_SIZE or line.bold != last.bold:
        return False
    if ends_sentence(last.text):
        return False
    first = line.text.strip()
    if first[:1].islower() or first[:1].isdigit() or first[:1] in _CONTINUATION_START:
        return True
    if block.kind == PassageKind.LIST_ITEM:
        return False
    lines = block.continued[-1] if block.continued else block.lines
    if len(lines) < 2:
        return False
    widest = max(ln.x1 - ln.x0 for ln in lines)
    return last.x1 - last.x0 >= _FULL_WIDTH * widest


@dataclass
class PageBody:
    """A page's passages-to-be between its running header and footer, in reading order."""

    items: list[Block | TableBlock]
    body_size: float
    carried: Block | None = None
    """A paragraph from an earlier page that runs on at the head of this one: it is this
    page's last paragraph too when nothing but footnotes follows its continuation."""

    def last_paragraph(self) -> Block | None:
        """The page's last body block, looking past footnotes and captions set smaller."""
        for item in reversed(self.items):
            if not isinstance(item, Block) or item.kind == PassageKind.HEADING:
                return None
            if item.last_line.size > self.body_size - _FOOTNOTE_SMALLER:
                return item
        return self.carried


def join_page_breaks(bodies: list[PageBody]) -> None:
    """Move each paragraph's continuation at the head of the next page into the paragraph.

    A paragraph may run over several pages: when its continuation is all the next page holds,
    it is carried on to the page after that.
    """
    for before, after in pairwise(bodies):
        block = before.last_paragraph()
        if block is None or not after.items:
            continue
        head = after.items[0]
        if not isinstance(head, Block) or not runs_on(block, head.lines[0], head.kind):
            continue
        block.continued.append(head.lines)
        del after.items[0]
        after.carried = block
