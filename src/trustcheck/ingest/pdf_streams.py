"""Refusing PDF decompression bombs before PDFium inflates them.

A content stream deflated twice can be 2 KB on disk and 1 GB inflated; PDFium inflates a page's
content in full and aborts the whole process when memory runs out, which no ``except`` can catch.
So the compressed streams are measured first: each ``FlateDecode`` stream (also when it follows
``ASCII85Decode``/``ASCIIHexDecode`` or is deflated several times) is inflated in 1 MB pieces that
are counted and thrown away, and the file is refused with
:class:`~trustcheck.errors.LimitExceeded` once the total passes ``Limits.max_inflated_bytes``.
Memory stays at a few MB whatever the ratio, and the time is zlib's (about 1 GB/s).

Images and embedded files are not counted: PDFium inflates images only to render a page (OCR),
and legitimate reports carry hundreds of MB of them. Streams are found by the ``stream`` keyword,
not through the xref, so a broken xref (which PDFium rebuilds) hides nothing. Encrypted streams do
not inflate and count as nothing.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from collections.abc import Iterable, Iterator

from trustcheck.errors import LimitExceeded
from trustcheck.ingest.limits import Budget

_MB = 1024 * 1024
_PIECE = _MB
_DICT_LOOKBACK = 4096
_MAX_FLATE_STAGES = 8
_STREAM = re.compile(rb">>\s*stream\r?\n")
_NOT_COUNTED = re.compile(rb"/Subtype\s*/Image\b|/Type\s*/EmbeddedFile\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_NAME = re.compile(rb"/([A-Za-z0-9]+)")
_FLATE = {b"FlateDecode", b"Fl"}
_ASCII = {b"ASCII85Decode", b"A85", b"ASCIIHexDecode", b"AHx"}


def check_inflation(data: bytes, budget: Budget) -> None:
    """Raise :class:`LimitExceeded` when the PDF's compressed streams inflate past the limit."""
    limit = budget.limits.max_inflated_bytes
    total = 0
    for match in _STREAM.finditer(data):
        entries = _entries(data, match.start())
        if _NOT_COUNTED.search(entries):
            continue
        filters = _filters(entries)
        if not filters:
            continue
        start = match.end()
        end = data.find(b"endstream", start)
        raw = data[start : end if end >= 0 else len(data)]
        total += _inflated_size(raw, filters, limit - total)
        if total > limit:
            raise LimitExceeded(
                f"{budget.source} has compressed content that inflates to over "
                f"{limit / _MB:.0f} MB (a decompression bomb, or an unusually heavy PDF)",
                hint="raise Limits.max_inflated_bytes if the file is trusted",
            )


def _entries(data: bytes, dict_end: int) -> bytes:
    """The stream's dictionary: the bytes since its ``obj`` keyword (or a few KB back)."""
    floor = max(0, dict_end - _DICT_LOOKBACK)
    begin = data.rfind(b"obj", floor, dict_end)
    return data[begin if begin >= 0 else floor : dict_end]


def _filters(entries: bytes) -> list[bytes]:
    found = _FILTER.search(entries)
    return _NAME.findall(found.group(1)) if found else []


def _inflated_size(raw: bytes, filters: list[bytes], cap: int) -> int:
    """Bytes the leading Flate stages produce, counted up to just past ``cap``."""
    if filters[0] in _ASCII:
        decoded = _ascii_decode(raw, filters[0])
        if decoded is None:
            return 0
        raw, filters = decoded, filters[1:]
    stages = 0
    while stages < min(len(filters), _MAX_FLATE_STAGES) and filters[stages] in _FLATE:
        stages += 1
    if not stages:
        return 0
    pieces: Iterable[bytes] = (raw,)
    for _ in range(stages):
        pieces = _inflate(pieces)
    size = 0
    for piece in pieces:
        size += len(piece)
        if size > cap:
            break
    return size


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


def _ascii_decode(raw: bytes, name: bytes) -> bytes | None:
    text = re.sub(rb"\s+", b"", raw)
    try:
        if name in (b"ASCII85Decode", b"A85"):
            return base64.a85decode(text.removesuffix(b"~>"))
        text = text.split(b">", 1)[0]
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except ValueError:
        return None
