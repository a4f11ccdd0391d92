"""Text runs with their positions and fonts, read from PDFium in a handful of calls per run.

PDFium groups the characters of one text-showing operation into a rectangle
(``FPDFText_CountRects``); each rectangle's text, font size and weight cost four calls, against
four calls per *character* for a per-glyph walk, which is what keeps the whole reader within a
small factor of PDFium's raw ``get_text_bounded()`` speed. Coordinates are turned to a top-left
origin here, once, to match :class:`~trustcheck.document.BBox`.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import Any

import pypdfium2.raw as pdfium_c

_BOLD_NAMES = ("bold", "black", "heavy", "semibold", "demi")
_FONT_BUFFER = 256
_HAIR = 0.01  # points: a touch is not an overlap
DENSE_PAGE = 20_000_000
"""Runs times characters above which a page is read by :func:`dense_page_spans`: the usual
reading walks the page's characters twice per run (about 0.2 s at this size, against a minute
for 50,000 one-letter runs)."""
_DENSE_RUN_CHARS = 4096
"""Most characters read of one run on such a page (a run is one text object)."""


@dataclass(slots=True)
class Span:
    """One run of text on one line, in points with the origin at the top left of the page."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float
    bold: bool

    @property
    def height(self) -> float:
        return self.bottom - self.top


def page_spans(textpage: Any, page_height: float) -> list[Span]:
    """All text runs of one page in the file's content order (not yet reading order)."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountRects(raw, 0, -1)
    if count * pdfium_c.FPDFText_CountChars(raw) > DENSE_PAGE:
        return dense_page_spans(textpage, page_height, count)
    spans: list[Span] = []
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    style = _Style(raw, page_height)
    bounded = BoundedText(textpage)
    rects: list[tuple[float, float, float, float]] = []
    for index in range(count):
        pdfium_c.FPDFText_GetRect(
            raw, index, ctypes.byref(left), ctypes.byref(top), ctypes.byref(right),
            ctypes.byref(bottom),
        )  # fmt: skip
        rects.append((left.value, right.value, top.value, bottom.value))
    for index, (x0, x1, t, b) in enumerate(rects):
        if not all(map(math.isfinite, (x0, x1, t, b))) or x1 - x0 < 0.5 or t - b < 0.5:
            continue  # a damaged file can give a run NaN or infinite bounds
        inset = (t - b) * 0.1  # never a neighbouring line; more would drop commas and quotes
        read_left = _clear_of(rects, index - 1, x0, t, b, side=1)
        read_right = _clear_of(rects, index + 1, x1, t, b, side=-1)
        text = bounded(read_left, b + inset, read_right, t - inset)
        if not text.strip():
            continue
        char = pdfium_c.FPDFText_GetCharIndexAtPos(
            raw, x0 + min(1.0, (x1 - x0) / 2), (t + b) / 2, 2.0, 2.0
        )
        spans.append(style(x0, x1, t, b, text, char))
    return spans


class _Style:
    """Font size and weight of a run, read from one of its characters (fonts named once)."""

    def __init__(self, raw: Any, page_height: float) -> None:
        self._raw = raw
        self._height = page_height
        self._name = ctypes.create_string_buffer(_FONT_BUFFER)
        self._flags = ctypes.c_int()
        self._matrix = pdfium_c.FS_MATRIX()
        self._bold_fonts: dict[bytes, bool] = {}

    def __call__(self, x0: float, x1: float, t: float, b: float, text: str, char: int) -> Span:
        """The run from *x0* to *x1*, *t* and *b* in PDF space, styled like character *char*."""
        raw = self._raw
        size = _font_size(raw, char, self._matrix) if char >= 0 else t - b
        bold = False
        if char >= 0:
            weight = pdfium_c.FPDFText_GetFontWeight(raw, char)
            length = pdfium_c.FPDFText_GetFontInfo(
                raw, char, self._name, _FONT_BUFFER, ctypes.byref(self._flags)
            )
            font = self._name.value if 0 < length <= _FONT_BUFFER else b""
            if font not in self._bold_fonts:
                lowered = font.decode("latin-1").lower()
                self._bold_fonts[font] = any(word in lowered for word in _BOLD_NAMES)
            bold = weight >= 600 or self._bold_fonts[font] or bool(self._flags.value & (1 << 18))
        return Span(
            x0=x0,
            top=self._height - t,
            x1=x1,
            bottom=self._height - b,
            text=text.replace("\r\n", " ").replace("\r", " ").replace("\n", " "),
            size=round(size if math.isfinite(size) and size > 0 else t - b, 1),
            bold=bold,
        )


def dense_page_spans(textpage: Any, page_height: float, count: int) -> list[Span]:
    """The runs of a page with very many of them, in time proportional to its characters.

    The usual reading costs two walks over the page's characters per run (its text by area,
    and a character at its position), which is nothing on a page of a few hundred runs and
    quadratic on a page of 50,000 one-letter text objects (a minute). Here each run's
    characters are found by index instead: PDFium makes a run of consecutive characters of one
    text object, so counting the runs of a growing range of characters finds where the next
    run starts, in a few calls each over that run's own characters. The run's text is then its
    characters in file order, where the usual reading takes whatever lies in its rectangle.
    """
    raw = textpage.raw
    chars = pdfium_c.FPDFText_CountChars(raw)
    style = _Style(raw, page_height)
    box = [ctypes.c_double() for _ in range(4)]
    rects = []
    for index in range(count):  # before counting anything else: PDFium keeps the last count
        pdfium_c.FPDFText_GetRect(raw, index, *map(ctypes.byref, box))
        rects.append(tuple(v.value for v in box))
    buffer = (ctypes.c_ushort * (_DENSE_RUN_CHARS + 1))()
    spans: list[Span] = []
    start = 0
    for index, (x0, t, x1, b) in enumerate(rects):
        if start >= chars:
            break
        end = _run_end(raw, start, chars) if index < count - 1 else chars
        first, start = start, end
        if not all(map(math.isfinite, (x0, x1, t, b))) or x1 - x0 < 0.5 or t - b < 0.5:
            continue
        while end - 1 > first and pdfium_c.FPDFText_IsGenerated(raw, end - 1) == 1:
            end -= 1  # the space or line break PDFium adds after a run is not the run's text
        length = min(end - first, _DENSE_RUN_CHARS)
        written = pdfium_c.FPDFText_GetText(raw, first, length, buffer)
        text = ctypes.string_at(buffer, 2 * max(0, written)).decode("utf-16-le", errors="ignore")
        text = text.rstrip("\x00").replace("\ufffe", "\x02")  # a line-end hyphen, as bounded
        if text.strip():
            spans.append(style(x0, x1, t, b, text, first))
    return spans


def _run_end(raw: Any, start: int, chars: int) -> int:
    """The index after the last character of the run that begins at character *start*."""

    def one_run(length: int) -> bool:
        return bool(pdfium_c.FPDFText_CountRects(raw, start, length) <= 1)

    low, high = 1, 2  # one_run(low) holds; find the first length past it that does not
    while start + high <= chars and one_run(high):
        low, high = high, 2 * high
    if start + high > chars:
        if one_run(chars - start):
            return chars
        high = chars - start
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if one_run(middle) else (low, middle)
    return start + low


def _font_size(raw: Any, char: int, matrix: Any) -> float:
    """The size a character is drawn at, in points.

    PDFium reports the size set by the text operator alone; many producers set it to 1 and scale
    with the text matrix (layout tools do), or scale the whole page (browsers print at 0.75), so
    the size is multiplied by the matrix's vertical scale.
    """
    size = float(pdfium_c.FPDFText_GetFontSize(raw, char))
    if pdfium_c.FPDFText_GetMatrix(raw, char, ctypes.byref(matrix)):
        scale = math.hypot(matrix.c, matrix.d)
        if math.isfinite(scale) and scale > 0:
            size *= scale
    return size


def _clear_of(
    rects: list[tuple[float, float, float, float]],
    neighbour: int,
    edge: float,
    top: float,
    bottom: float,
    side: int,
) -> float:
    """Move a run's *edge* off the neighbouring run on its line where the two overlap.

    PDFium reads a run as every character whose box touches the run's rectangle. Producers that
    split words into kerned runs (browsers' print to PDF does, at pairs like "Te" or "Va") leave
    neighbouring rectangles overlapping by a point or so, and each run would then also take its
    neighbour's edge letter ("Te" + "Tech"). *side* is 1 for the left edge, -1 for the right.
    """
    if not 0 <= neighbour < len(rects):
        return edge
    n_x0, n_x1, n_top, n_bottom = rects[neighbour]
    if min(top, n_top) - max(bottom, n_bottom) < 0.5 * (top - bottom):
        return edge  # not on the same line
    if side > 0 and n_x0 < edge < n_x1:
        return n_x1 + _HAIR
    if side < 0 and n_x0 < edge < n_x1:
        return n_x0 - _HAIR
    return edge


class BoundedText:
    """``get_text_bounded()`` in one PDFium call instead of two, into a buffer made once a page.

    pypdfium2 asks PDFium for the length first and then for the text, and PDFium walks every
    character of the page each time; a buffer large enough for any run (the page's characters
    plus the line breaks PDFium may add) needs one walk. A run that would fill the buffer is read
    the usual way.
    """

    def __init__(self, textpage: Any) -> None:
        self._textpage = textpage
        self._capacity = 3 * max(0, pdfium_c.FPDFText_CountChars(textpage.raw)) + 16
        self._buffer = (ctypes.c_ushort * self._capacity)()

    def __call__(self, left: float, bottom: float, right: float, top: float) -> str:
        written = pdfium_c.FPDFText_GetBoundedText(
            self._textpage.raw, left, top, right, bottom, self._buffer, self._capacity
        )
        if written <= 0:
            return ""
        if written >= self._capacity:
            return str(self._textpage.get_text_bounded(left, bottom, right, top))
        text = ctypes.string_at(self._buffer, 2 * written).decode("utf-16-le", errors="ignore")
        return text[:-1] if text.endswith("\x00") else text  # PDFium adds a NUL if there is room
