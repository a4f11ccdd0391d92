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
    font_cache: dict[bytes, bool] = {}
    bounded = BoundedText(textpage)
    for index in range(count):
        pdfium_c.FPDFText_GetRect(
            raw, index, ctypes.byref(left), ctypes.byref(top), ctypes.byref(right),
            ctypes.byref(bottom),
        )  # fmt: skip
        x0, x1, t, b = left.value, right.value, top.value, bottom.value
        if not all(map(math.isfinite, (x0, x1, t, b))) or x1 - x0 < 0.5 or t - b < 0.5:
            continue  # a damaged file can give a run NaN or infinite bounds
        inset = (t - b) * 0.1  # never a neighbouring line; more would drop commas and quotes
        text = bounded(x0, b + inset, x1, t - inset)
        if not text.strip():
            continue
        char = pdfium_c.FPDFText_GetCharIndexAtPos(
            raw, x0 + min(1.0, (x1 - x0) / 2), (t + b) / 2, 2.0, 2.0
        )
        size = float(pdfium_c.FPDFText_GetFontSize(raw, char)) if char >= 0 else t - b
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
