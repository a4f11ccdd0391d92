"""Text converted from PDF: sentences rejoined, page furniture and contents kept out of evidence.

Much of what is published as text or Markdown is a PDF's text: every line is hard-wrapped where
the page ended it, often with a blank line after each, so a sentence ("a programme of 40 members
who work on the" / "" / "removal of abuse material") arrives as two paragraphs, and the running
header, the page number and a "CONFIDENTIAL" banner of every page sit between its halves. Read as
they come, the halves lose each other's metric or topic. :class:`Flow` sits between a text or
Markdown reader and the :class:`~trustcheck.ingest.passages.PassageBuilder`:

- a paragraph that does not end a sentence is joined with the next when that one continues it
  (it starts in lower case, with a digit or with a comma or bracket), or, in hard-wrapped text,
  when its last line is set as wide as the wrap and the next does not look like a heading; a
  word hyphenated at the break is joined (``pro-`` + ``tection``);
- running headers and footers (a short line that recurs far apart, digits aside), bare page
  numbers counting up, and confidentiality banners are ``furniture`` passages, emitted after the
  paragraph they interrupted;
- a contents page (entries after a "Contents" heading that end in a page number, short list
  items, and any line with dot leaders, ``Reporting ........ 12``) is furniture too, and its
  heading is closed when the entries end, so the report's body does not sit under "Contents".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise

from trustcheck.document import PassageKind
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.passages import PassageBuilder

_SENTENCE_END = (".", "!", "?", ":")
_CLOSERS = "\"')]\u201d\u2019\u00bb*"
_CONTINUATION_START = ",;)%\u2013\u2014"
_BANNER = re.compile(
    r"(?:(?:strictly|commercially|private\s*\\?&)\s+)?confidential(?:\s*[-–—:]\s*[\w ]{0,40})?",
    re.I,
)
_CAPS_BANNER = re.compile(
    r"INTERNAL(?: USE)?(?: ONLY)?|DRAFT(?: FOR \w+)?|RESTRICTED|PUBLIC|(?:FOR )?OFFICIAL USE ONLY"
)
_PAGE_NUMBER = re.compile(r"(?:page\s+)?(\d{1,4})(?:\s*(?:of|/)\s*\d{1,4})?", re.I)
_CONTENTS_HEADING = re.compile(
    r"(?:table\s+of\s+)?contents|in\s+this\s+(?:report|document)|index|inhalt(?:sverzeichnis)?|"
    r"sommaire|table\s+des\s+mati[eè]res|[ií]ndice",
    re.I,
)
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})\s*$|…{2,}\s*\d{1,4}\s*$", re.I)
_ENTRY = re.compile(
    r"^(?P<title>\S.{1,150}?)(?:\s*(?:\.\s?){2,}\s*|\s+|\s*\|\s*)(?:\d{1,4}|[ivxlc]{1,6})$", re.I
)
_NEVER_LAST = frozenset(
    "a an the of in on at to for from by with into onto over under about as than that which "
    "whose whom who and or nor but if is are was were be been has have had its their our your "
    "this these those such per via".split()
)
"""Words no sentence ends with: a paragraph ending in one was cut by a line or page break."""
_NOTE_START = re.compile(r"\d{1,3} ?[A-Z][a-z]")
_MAX_FURNITURE_CHARS = 120
_ENTRY_WORDS = 12
_MIN_REPEATS = 3
_RUNNING_SHARE = 0.5
_MIN_GAP = 8
"""Running furniture recurs once a page: occurrences closer than this many blocks are content
(a table's repeated labels), not a running header."""
_WRAPPED = 0.8
_MIN_LOCAL_WRAP = 40
"""The narrowest line a paragraph's own wrap width is read from: shorter lines are a list's or
a table's, not prose set to a width."""


def line_key(text: str) -> str:
    """A line with digits masked and case folded, so "Page 3" and "Page 4" are one key."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def running_keys(lines: Iterable[str]) -> set[str]:
    """Keys of short lines that recur through the document, far apart: running furniture.

    ``lines`` are the document's one-line blocks in order. A running line recurs on half the
    pages or more (pages counted by bare page numbers, or by the commonest line that holds
    one), so a heading each chapter repeats ("C. Mitigation measures") or a table's recurring
    label is not one.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    numbers = 0
    for index, line in enumerate(lines):
        text = line.strip()
        if _PAGE_NUMBER.fullmatch(text):
            numbers += 1
        if not text or len(text) > _MAX_FURNITURE_CHARS or not re.search(r"[A-Za-z]", text):
            continue
        positions[line_key(text)].append(index)
    spread = {
        key: len(found)
        for key, found in positions.items()
        if len(found) >= _MIN_REPEATS
        and sorted(b - a for a, b in pairwise(found))[(len(found) - 1) // 2] >= _MIN_GAP
    }
    numbered = max((n for key, n in spread.items() if "#" in key), default=0)
    pages = max(numbers, numbered)  # "Page 3", "Report 2024 | 3": one a page
    least = max(_MIN_REPEATS, round(_RUNNING_SHARE * pages))
    keys = {key for key, count in spread.items() if count >= least}
    return keys


def wrap_width(lines: Iterable[str]) -> int | None:
    """The width text was hard-wrapped at, or None when it was not hard-wrapped.

    Wrapped text has most of its long lines within a few characters of one width; text with a
    paragraph a line has lengths all over the place.
    """
    lengths = sorted(len(line.rstrip()) for line in lines if len(line.strip()) >= 30)
    if len(lengths) < 8:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > 200:
        return None
    near = sum(1 for n in lengths if n >= 0.75 * width)
    return width if near >= 0.6 * len(lengths) else None


def is_contents_heading(text: str) -> bool:
    """ "Contents", "Table of contents", "In this report" and their usual translations."""
    return _CONTENTS_HEADING.fullmatch(clean(text).strip(" :")) is not None


def _is_entry(line: str, list_item: bool) -> bool:
    """An entry of a contents page: a title with its page number, or a short listed title."""
    if _ENTRY.match(line) is not None:
        return True
    return list_item and len(line.split()) <= _ENTRY_WORDS and not ends_sentence(line)


def ends_sentence(text: str) -> bool:
    return text.rstrip().rstrip(_CLOSERS).endswith(_SENTENCE_END)


def hyphenated(text: str, line: str) -> bool:
    """``text`` ends in a word hyphenated at the break that ``line`` completes (``pro-``)."""
    return len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and line[:1].islower()


class Flow:
    """Joins the paragraphs of converted text and keeps its furniture out of the way."""

    def __init__(
        self,
        builder: PassageBuilder,
        *,
        running: set[str] | None = None,
        lines: Callable[[], Iterable[str]] | None = None,
    ) -> None:
        self.builder = builder
        self.running = running or set()
        self._lines = lines
        self._wrap: int | None = None
        self._wrap_known = lines is None
        self._pending: list[str] = []
        """The open paragraph's pieces, joined when it is emitted (joining as it grows would
        cost the square of its length)."""
        self._pending_last = 0
        self._pending_widest = 0
        """The longest last line among the open paragraph's pieces: the width its text is set
        at, where the whole file has no single wrap width."""
        self._glued: set[int] = set()
        self._held: list[str] = []
        self._contents_level: int | None = None
        self._page = 0

    # Furniture and contents -------------------------------------------------------------

    def take_furniture(self, text: str, *, list_item: bool = False) -> bool:
        """Emit ``text`` as furniture if it is a running line, page number, banner or contents
        entry; return whether it was. On a contents page a list item is an entry whenever it is
        short; a line must end in a page number (it may be the next section's heading)."""
        line = " ".join(text.split())
        if not line:
            return True
        if (
            self._is_page_number(line)
            or self._is_running(line)
            or _BANNER.fullmatch(line)
            or _CAPS_BANNER.fullmatch(line)
        ):
            if not self._pending:
                self.builder.add(PassageKind.FURNITURE, line)
            else:
                self._held.append(line)
            return True
        if _DOT_LEADER.search(line) or (
            self._contents_level is not None and _is_entry(line, list_item)
        ):
            self.flush()
            self.builder.add(PassageKind.FURNITURE, line)
            return True
        return False

    def _is_running(self, line: str) -> bool:
        return len(line) <= _MAX_FURNITURE_CHARS and line_key(line) in self.running

    def _is_page_number(self, line: str) -> bool:
        match = _PAGE_NUMBER.fullmatch(line)
        if match is None:
            return False
        number = int(match.group(1))
        if (self._page == 0 and number <= 3) or 0 < number - self._page <= 2:
            self._page = number
            return True
        return False

    # Passages ---------------------------------------------------------------------------

    def heading(self, text: str, level: int) -> None:
        self._end_contents()  # the first heading after a contents page starts the body
        self.flush()
        self.builder.heading(text, level)
        if is_contents_heading(text):
            self._contents_level = level

    def paragraph(self, text: str, last_line: int | None = None) -> None:
        """A paragraph; ``last_line`` is the length of its last line as set in the file."""
        text = text.strip()
        if not text:
            return
        self._end_contents()
        if self._pending and self._continues(text):
            if hyphenated(self._pending[-1], text):
                self._pending[-1] = self._pending[-1][:-1]
                self._pending.append(text)  # joined without a space, below
                self._glued.add(len(self._pending) - 1)
            else:
                self._pending.append(text)
            self._pending_widest = max(self._pending_widest, self._pending_last)
            self._pending_last = last_line if last_line is not None else len(text)
            return
        self.flush()
        self._pending = [text]
        self._pending_last = last_line if last_line is not None else len(text)
        self._pending_widest = 0

    def add(self, kind: PassageKind, text: str) -> None:
        """Any other passage (a list item, a code block): it ends the paragraph before it."""
        self._end_contents()
        self.flush()
        self.builder.add(kind, text)

    def before_other(self) -> None:
        """A table or list is coming: end the open paragraph and any contents page."""
        self._end_contents()
        self.flush()

    def flush(self) -> None:
        if self._pending:
            pieces = [
                ("" if i in self._glued or i == 0 else " ") + piece
                for i, piece in enumerate(self._pending)
            ]
            self.builder.add(PassageKind.PARAGRAPH, "".join(pieces))
            self._pending = []
            self._glued = set()
        for line in self._held:
            self.builder.add(PassageKind.FURNITURE, line)
        self._held = []

    def _end_contents(self) -> None:
        if self._contents_level is not None:
            self.flush()
            self.builder.close_headings(self._contents_level)
            self._contents_level = None

    def _continues(self, text: str) -> bool:
        before = self._pending[-1] if self._pending else ""
        if ends_sentence(before):
            return False
        if _NOTE_START.match(text):
            return False  # "1The Act..." or "2 The four...": a footnote at the page's foot
        first = text[:1]
        if first.islower() or first.isdigit() or first in _CONTINUATION_START:
            return True
        if before.endswith("-") or before.endswith((",", ";", "(", "&")):
            return first.isalpha() or first in "\"'\u201c("
        if not (first.isalpha() or first in "\"'\u201c("):
            return False
        last_word = before.rsplit(None, 1)[-1] if before.split() else ""
        if last_word in _NEVER_LAST:
            return True  # "... as described in the" never ends a paragraph
        wrap = self.wrap
        if wrap is None and self._pending_widest >= _MIN_LOCAL_WRAP:
            # Files that mix widths (narrow tables, wide prose) have no single wrap width; a
            # paragraph already joined over lines is set at the width of its longest line.
            wrap = self._pending_widest
        return wrap is not None and self._pending_last >= _WRAPPED * wrap

    @property
    def wrap(self) -> int | None:
        """The width the text is hard-wrapped at, worked out the first time it is needed (most
        paragraphs are decided without it)."""
        if not self._wrap_known:
            self._wrap_known = True
            self._wrap = wrap_width(self._lines()) if self._lines is not None else None
        return self._wrap
