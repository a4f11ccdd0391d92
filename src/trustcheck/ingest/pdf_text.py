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
    spans: list[Span] = []
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    name = ctypes.create_string_buffer(_FONT_BUFFER)
    flags = ctypes.c_int()
    matrix = pdfium_c.FS_MATRIX()
    font_cache: dict[bytes, bool] = {}
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
        size = _font_size(raw, char, matrix) if char >= 0 else t - b
        bold = False
        if char >= 0:
            weight = pdfium_c.FPDFText_GetFontWeight(raw, char)
            length = pdfium_c.FPDFText_GetFontInfo(
                raw, char, name, _FONT_BUFFER, ctypes.byref(flags)
            )
            font = name.value if 0 < length <= _FONT_BUFFER else b""
            if font not in font_cache:
                lowered = font.decode("latin-1").lower()
                font_cache[font] = any(word in lowered for word in _BOLD_NAMES)
            bold = weight >= 600 or font_cache[font] or bool(flags.value & (1 << 18))
        spans.append(
            Span(
                x0=x0,
                top=page_height - t,
                x1=x1,
                bottom=page_height - b,
                text=text.replace("\r\n", " ").replace("\r", " ").replace("\n", " "),
                size=round(size if math.isfinite(size) and size > 0 else t - b, 1),
                bold=bold,
            )
        )
    return spans


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
