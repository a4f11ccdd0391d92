"""Refusing PDF decompression bombs before PDFium inflates them.

A content stream deflated twice can be 2 KB on disk and 1 GB inflated; PDFium inflates a page's
content in full and aborts the whole process when memory runs out, which no ``except`` can catch.
So every stream is decoded first, the way a reader would decode it, in pieces of at most 1 MB
that are counted and thrown away, and the file is refused with
:class:`~trustcheck.errors.LimitExceeded` once the total passes ``Limits.max_inflated_bytes``.
Memory stays at a few MB whatever the ratio.

Each stream's dictionary is read with a real tokenizer (:mod:`trustcheck.ingest.pdf_objects`),
not searched with a pattern: ``/Filter`` far before ``stream``, given by reference or spelled with
``#`` escapes, and ``/Subtype /Image`` inside a string, are all seen as PDFium sees them. Every
filter that can grow data is applied in order (Flate, RunLength, LZW, and the ASCII filters
before them), and each stage is bounded, not only the last. A stream whose dictionary cannot be
read is tried as Flate, repeatedly, and counted.

Images and embedded files are not counted: PDFium inflates images only to render a page (OCR),
and legitimate reports carry hundreds of MB of them. Streams are found by the ``stream`` keyword,
not through the xref, so a broken xref (which PDFium rebuilds) hides nothing. Encrypted streams do
not inflate and count as nothing.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import io
import re
import zlib
from collections.abc import Iterable, Iterator

from trustcheck.errors import LimitExceeded
from trustcheck.ingest.limits import Budget
from trustcheck.ingest.pdf_objects import Name, PdfValue, Ref, Unparsable, parse_object, skip_space

_MB = 1024 * 1024
_PIECE = _MB
_MAX_STAGES = 8
_HEADER_TRIES = 8
_OBJ_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_HEX = re.compile(rb"[\s0-9A-Fa-f]*(?:>|\Z)")
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_NAMES = {
    b"FlateDecode": "flate",
    b"Fl": "flate",
    b"RunLengthDecode": "runlength",
    b"RL": "runlength",
    b"LZWDecode": "lzw",
    b"LZW": "lzw",
    b"ASCII85Decode": "a85",
    b"A85": "a85",
    b"ASCIIHexDecode": "ahx",
    b"AHx": "ahx",
}


class _Over(Exception):
    """A stage produced more than the bytes left under the limit."""


def check_inflation(data: bytes, budget: Budget) -> None:
    """Raise :class:`LimitExceeded` when the PDF's streams decode past the limit."""
    limit = budget.limits.max_inflated_bytes
    objects = _Objects(data)
    total = streams = 0
    pos = 0
    while match := _STREAM.search(data, pos):
        start = match.end()
        end = data.find(b"endstream", start)
        end = end if end >= 0 else len(data)
        pos = max(end, start)
        streams += 1
        if streams % 1024 == 0:  # only a file of very many streams takes long here
            budget.check_time(f"stream {streams} of the check of compressed streams")
        entries = objects.stream_dictionary(match.start())
        filters: list[str] | None = None
        if entries is not None:
            if objects.is_not_counted(entries):
                continue
            filters = objects.filters(entries)
            if not filters:
                continue
        total += _decoded_size(data[start:end], filters, limit - total)
        if total > limit:
            raise LimitExceeded(
                f"{budget.source} has compressed content that inflates to over "
                f"{limit / _MB:.0f} MB (a decompression bomb, or an unusually heavy PDF)",
                hint="raise Limits.max_inflated_bytes if the file is trusted",
            )


class _Objects:
    """The file's ``N G obj`` headers, for finding a stream's dictionary and resolving refs."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.by_number: dict[int, int] = {}
        # Each object is parsed once, however many streams look back at it: a file of many
        # streams after one huge dictionary stays linear.
        self._parsed: dict[int, tuple[PdfValue, int] | None] = {}
        for match in _OBJ_HEADER.finditer(data):
            self.starts.append(match.start())
            self.ends.append(match.end())
            self.by_number[int(match[1])] = match.end()  # a later update wins, as in readers

    def stream_dictionary(self, keyword: int) -> dict[bytes, PdfValue] | None:
        """The dictionary right before the ``stream`` keyword at ``keyword``, or None.

        Tried from the nearest ``obj`` header back, since a string may hold a fake one.
        """
        index = bisect.bisect_right(self.starts, keyword) - 1
        for header in range(index, max(-1, index - _HEADER_TRIES), -1):
            parsed = self._parse(self.ends[header])
            if parsed is None:
                continue
            value, end = parsed
            if isinstance(value, dict) and skip_space(self.data, end) == keyword:
                return value
        return None

    def _parse(self, offset: int) -> tuple[PdfValue, int] | None:
        if offset not in self._parsed:
            try:
                self._parsed[offset] = parse_object(self.data, offset)
            except Unparsable:
                self._parsed[offset] = None
        return self._parsed[offset]

    def resolve(self, value: PdfValue | None, hops: int = 0) -> PdfValue | None:
        while isinstance(value, Ref) and hops < 4:
            offset = self.by_number.get(value.number)
            parsed = None if offset is None else self._parse(offset)
            if parsed is None:
                return value  # in an object stream, missing or unreadable: left unresolved
            value = parsed[0]
            hops += 1
        return value

    def is_not_counted(self, entries: dict[bytes, PdfValue]) -> bool:
        subtype = self.resolve(entries.get(b"Subtype"))
        kind = self.resolve(entries.get(b"Type"))
        return subtype == Name(b"Image") or kind == Name(b"EmbeddedFile")

    def filters(self, entries: dict[bytes, PdfValue]) -> list[str] | None:
        """The stream's filters in decoding order; None when a reference cannot be resolved."""
        value = self.resolve(entries.get(b"Filter"))
        items = value if isinstance(value, list) else [] if value is None else [value]
        names = []
        for item in items:
            name = self.resolve(item)
            if not isinstance(name, Name):
                return None
            names.append(_NAMES.get(name.value, "other"))
        return names


def _decoded_size(raw: bytes, filters: list[str] | None, cap: int) -> int:
    """The largest any decoding stage grows the stream to, counted up to just past ``cap``."""
    if filters is None:  # unknown: as Flate, as many times as it inflates
        again = ["flate"] * (_MAX_STAGES - 1)
        chains = [[first, *again] for first in _could_be(raw)]
        return max((_measure(raw, chain, cap) for chain in chains), default=0)
    return _measure(raw, filters, cap)


def _could_be(raw: bytes) -> list[str]:
    """The first filters an unknown stream's bytes could be for (cheap tests, no decoding)."""
    firsts = []
    if len(raw) >= 2 and raw[0] & 0x0F == 8 and ((raw[0] << 8) | raw[1]) % 31 == 0:
        firsts.append("flate")  # a zlib header
    tail = raw.rstrip()
    if tail.endswith(b"~>"):
        firsts.append("a85")
    elif tail.endswith(b">") and _HEX.match(raw, 0, 64):
        firsts.append("ahx")
    return firsts


def _measure(raw: bytes, filters: list[str], cap: int) -> int:
    stages: list[int] = []
    pieces: Iterable[bytes] = (raw,)
    for name in filters[:_MAX_STAGES]:
        if name == "other":
            break
        pieces = _counted(_STAGES[name](pieces), stages, cap)
    try:
        for _piece in pieces:
            pass
    except _Over:
        return cap + 1
    return max(stages, default=0)


def _counted(pieces: Iterable[bytes], stages: list[int], cap: int) -> Iterator[bytes]:
    index = len(stages)
    stages.append(0)
    for piece in pieces:
        stages[index] += len(piece)
        if stages[index] > cap:
            raise _Over
        yield piece


def _inflate(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Inflate a zlib stream given in pieces, yielding at most 1 MB at a time; stop at an error."""
    inflater = zlib.decompressobj()
    try:
        for piece in pieces:
            while piece and not inflater.eof:
                out = inflater.decompress(piece, _PIECE)
                piece = inflater.unconsumed_tail
                if out:
                    yield out
            if inflater.eof:
                return
        while out := inflater.decompress(b"", _PIECE):
            yield out
    except zlib.error:
        return


def _run_length(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """RunLengthDecode: a run can repeat one byte 128 times, so it is a stage to bound too."""
    pending = b""
    for piece in pieces:
        data, at, out = pending + piece, 0, bytearray()
        while at < len(data):
            length = data[at]
            if length == 128:
                yield bytes(out)
                return
            if length < 128:
                if at + length + 2 > len(data):
                    break
                out += data[at + 1 : at + length + 2]
                at += length + 2
            else:
                if at + 2 > len(data):
                    break
                out += data[at + 1 : at + 2] * (257 - length)
                at += 2
            if len(out) >= _PIECE:
                yield bytes(out)
                out = bytearray()
        pending = data[at:]
        if out:
            yield bytes(out)


def _lzw(pieces: Iterable[bytes]) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    out = bytearray()
    for code in LZWDecoder(io.BytesIO(b"".join(pieces))).run():
        out += code
        if len(out) >= _PIECE:
            yield bytes(out)
            out = bytearray()
    if out:
        yield bytes(out)


def _ascii85(pieces: Iterable[bytes]) -> Iterator[bytes]:
    decoded = _ascii_decode(b"".join(pieces), b"A85")
    if decoded:
        yield decoded


def _ascii_hex(pieces: Iterable[bytes]) -> Iterator[bytes]:
    decoded = _ascii_decode(b"".join(pieces), b"AHx")
    if decoded:
        yield decoded


_STAGES = {
    "flate": _inflate,
    "runlength": _run_length,
    "lzw": _lzw,
    "a85": _ascii85,
    "ahx": _ascii_hex,
}


def _ascii_decode(raw: bytes, name: bytes) -> bytes | None:
    text = re.sub(rb"\s+", b"", raw)
    try:
        if name in (b"ASCII85Decode", b"A85"):
            return base64.a85decode(text.removesuffix(b"~>"))
        text = text.split(b">", 1)[0]
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except ValueError:
        return None
