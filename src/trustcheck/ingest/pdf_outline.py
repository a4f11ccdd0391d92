"""A PDF heading's level in the outline: its font level, refined by its section number.

Font size alone ranks a PDF's headings, and producers often set a chapter's subsections at the
chapter's own size or weight: "4. Illegal content", "4.1 Child sexual exploitation" and an
unnumbered "Mitigation measures" under it can all be one size. Read by size, each closes the one
before it, and a passage under "Mitigation measures" loses the chapter that says what harm it is
about. The HTML and Markdown readers keep that chain; this gives PDFs the same by reading what a
printed outline states:

- a numbered heading ("4.1") under an open heading whose number is its parent ("4", "4.") sits
  one level below that heading, whatever its size;
- an unnumbered heading of the same font level as an open subsection number ("4.1") sits one
  level below it: a document that numbers its subsections does not leave a sibling unnumbered,
  so the unnumbered one is a part of the numbered one.

A chapter number alone ("12.") takes no unnumbered heading under it, so "Annex A" after the last
chapter stays a sibling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUMBER = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,4})\.?(?=\s+\S)")
_MAX_LEVEL = 6


def section_number(text: str) -> tuple[int, ...] | None:
    """The section number a heading starts with ("4.1 Scope" gives ``(4, 1)``), if any."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return None
    return tuple(int(part) for part in match.group("number").split("."))


@dataclass
class _Open:
    level: int
    font_level: int
    number: tuple[int, ...] | None


@dataclass
class Outline:
    """The open headings of one PDF, with their font level and section number."""

    _open: list[_Open] = field(default_factory=list)

    def level(self, text: str, font_level: int, still_open: int) -> int:
        """The outline level of a heading of ``font_level`` whose text is ``text``.

        ``still_open`` is how many headings the passage builder still has open: a heading it
        closed on its own (a contents page's) is forgotten here too.
        """
        del self._open[still_open:]
        number = section_number(text)
        level = font_level
        if number is not None and len(number) > 1:
            parent = number[:-1]
            for heading in reversed(self._open):
                if heading.number == parent:
                    level = max(font_level, heading.level + 1)
                    break
        elif number is None:
            for heading in reversed(self._open):
                if heading.font_level != font_level:
                    break
                if heading.number is not None and len(heading.number) > 1:
                    level = heading.level + 1
                    break
        level = min(level, _MAX_LEVEL)
        while self._open and self._open[-1].level >= level:
            self._open.pop()
        self._open.append(_Open(level=level, font_level=font_level, number=number))
        return level
