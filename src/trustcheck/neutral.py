"""Making untrusted text safe to show: in a terminal line, a table cell or a spreadsheet.

File names, member names, reviewers' reasons and report text come from outside. Written as they
are, an ANSI or OSC escape sequence can recolour or retitle a terminal, hide what follows or
forge a hyperlink; a newline in a file name can forge a whole ``error[...]`` line; bidi controls
can make a line read in another order than it is stored; and a control character is a value
spreadsheet files cannot hold (openpyxl refuses it half-way through a workbook). One function,
applied where text leaves the program, shows each such character as a visible escape
(``\\x1b``, ``\\n``, ``\\u202e``) instead, so nothing is lost and nothing acts. A byte of a file
name that is not valid UTF-8 (kept by Python as a lone surrogate) is shown as ``\\xNN`` too.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult

__all__ = ["Neutral", "neutralise", "neutralise_lines"]

#: C0 controls (tab included: it moves the cursor), DEL, C1 controls, the bidi embedding,
#: override and isolate controls and marks, line and paragraph separators, and lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def neutralise(text: str) -> str:
    """``text`` with every character that could act on a terminal or break a cell escaped.

    Idempotent in effect: the escapes are plain printable characters.
    """
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_escape, text)


def neutralise_lines(text: str) -> str:
    """Like :func:`neutralise`, but line breaks stay line breaks: for text laid out on several
    lines (a caption, a wrapped cell), where every other control character is still escaped."""
    return "\n".join(neutralise(line) for line in text.split("\n"))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


class Neutral:
    """A rich renderable whose text is neutralised as it is drawn, whatever built it.

    Wrapping what is printed, rather than each cell, keeps the rule in one place: no table
    or tree can forget it. Rich's own styling is not text and is left alone; a cell holding an
    escaped character is drawn a few columns wider than rich measured it.
    """

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment

        for segment in console.render(self.renderable, options):
            if segment.control or not _UNSAFE.search(segment.text):
                yield segment
            else:  # line breaks here are rich's own layout: it split the text's lines itself
                text = neutralise_lines(segment.text)
                yield Segment(text, segment.style)
