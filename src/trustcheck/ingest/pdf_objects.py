"""Reading a PDF object's dictionary from the raw bytes, as a PDF reader would.

The decompression-bomb check (:mod:`trustcheck.ingest.pdf_streams`) must see a stream's
``/Filter`` and ``/Subtype`` the way PDFium does, or a file can hide them: ``/Filter`` written
after 4 KB of padding, ``/Subtype /Image`` inside a string, a filter given by reference
(``/Filter 7 0 R``) or a name spelled with ``#`` escapes (``/Fl#61teDecode``). A regular
expression over the bytes sees none of that truly; this small tokenizer does. It reads only
dictionaries, arrays, names, strings, numbers and references, bounded in depth and in tokens,
and never decodes anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WHITESPACE = b" \t\r\n\f\x00"
_DELIMITERS = b"()<>[]{}/%"
_TOKEN_END = re.compile(rb"[ \t\r\n\f\x00()<>\[\]{}/%]")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_INTEGER = re.compile(rb"[+-]?\d+\Z")
_MAX_DEPTH = 32
_MAX_TOKENS = 20_000


class Unparsable(Exception):
    """The bytes are not an object this tokenizer can read (or are too deep or long to try)."""


@dataclass(frozen=True, slots=True)
class Name:
    value: bytes


@dataclass(frozen=True, slots=True)
class Ref:
    number: int


@dataclass(frozen=True, slots=True)
class Keyword:
    value: bytes


PdfValue = dict[bytes, "PdfValue"] | list["PdfValue"] | Name | Ref | Keyword | bytes | int | float


def parse_object(data: bytes, pos: int) -> tuple[PdfValue, int]:
    """The object starting at ``pos`` and the position just after it; :class:`Unparsable`."""
    parser = _Parser(data)
    value = parser.value(pos, 0)
    return value, parser.pos


def skip_space(data: bytes, pos: int) -> int:
    """``pos`` moved past whitespace and comments."""
    while pos < len(data):
        char = data[pos]
        if char in _WHITESPACE:
            pos += 1
        elif char == 0x25:  # % comment to the end of the line
            end = re.compile(rb"[\r\n]").search(data, pos)
            pos = end.end() if end else len(data)
        else:
            break
    return pos


class _Parser:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.tokens = 0

    def value(self, pos: int, depth: int) -> PdfValue:
        self.tokens += 1
        if depth > _MAX_DEPTH or self.tokens > _MAX_TOKENS:
            raise Unparsable("nested too deep or too long")
        data = self.data
        pos = skip_space(data, pos)
        if pos >= len(data):
            raise Unparsable("end of file")
        if data.startswith(b"<<", pos):
            return self._dictionary(pos + 2, depth)
        char = data[pos : pos + 1]
        if char == b"[":
            return self._array(pos + 1, depth)
        if char == b"(":
            return self._string(pos + 1)
        if char == b"<":
            end = data.find(b">", pos)
            if end < 0:
                raise Unparsable("unterminated hex string")
            self.pos = end + 1
            return b""
        if char == b"/":
            end = _end_of_token(data, pos + 1)
            self.pos = end
            return Name(_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), data[pos + 1 : end]))
        if char in (b")", b">", b"]", b"{", b"}"):
            raise Unparsable(f"unexpected {char!r}")
        end = _end_of_token(data, pos)
        token = data[pos:end]
        self.pos = end
        if _INTEGER.match(token):
            return self._maybe_reference(int(token), end)
        try:
            return float(token)
        except ValueError:
            return Keyword(token)

    def _maybe_reference(self, number: int, pos: int) -> PdfValue:
        """``N G R`` is a reference; otherwise ``N`` was a plain integer."""
        data = self.data
        second = skip_space(data, pos)
        end = _end_of_token(data, second)
        if end > second and data[second:end].isdigit():
            third = skip_space(data, end)
            if data[third : third + 1] == b"R" and _end_of_token(data, third) == third + 1:
                self.pos = third + 1
                return Ref(number)
        self.pos = pos
        return number

    def _dictionary(self, pos: int, depth: int) -> PdfValue:
        entries: dict[bytes, PdfValue] = {}
        while True:
            pos = skip_space(self.data, pos)
            if self.data.startswith(b">>", pos):
                self.pos = pos + 2
                return entries
            key = self.value(pos, depth + 1)
            if not isinstance(key, Name):
                raise Unparsable("a dictionary key that is not a name")
            entries[key.value] = self.value(self.pos, depth + 1)
            pos = self.pos

    def _array(self, pos: int, depth: int) -> PdfValue:
        items: list[PdfValue] = []
        while True:
            pos = skip_space(self.data, pos)
            if self.data[pos : pos + 1] == b"]":
                self.pos = pos + 1
                return items
            items.append(self.value(pos, depth + 1))
            pos = self.pos

    def _string(self, pos: int) -> bytes:
        """Skip a literal string: balanced parentheses, backslash escapes."""
        data, level, start = self.data, 1, pos
        while pos < len(data):
            char = data[pos]
            if char == 0x5C:  # backslash: the next byte is escaped
                pos += 2
                continue
            if char == 0x28:
                level += 1
            elif char == 0x29:
                level -= 1
                if level == 0:
                    self.pos = pos + 1
                    return data[start:pos]
            pos += 1
        raise Unparsable("unterminated string")


def _end_of_token(data: bytes, pos: int) -> int:
    found = _TOKEN_END.search(data, pos)
    return found.start() if found else len(data)
