"""Deciding what a document is from its bytes, never from its file name.

Reports arrive as ``report.pdf`` that is really an HTML error page, as ``.txt`` files holding
Markdown, and as downloads with no extension at all. The checks run from the most to the least
certain: the ``%PDF-`` magic (anywhere in the first KB, as readers allow), then a zip holding a
workbook part (XLSX), then decoding to text (anything that does not decode is unsupported), then
markup sniffing for HTML, then a grid of delimited fields (CSV), then Markdown structures; what
is left is plain text.
"""

from __future__ import annotations

import re

from trustcheck.document import DocumentFormat
from trustcheck.errors import UnreadableDocument, UnsupportedFormat
from trustcheck.ingest.spreadsheet import csv_dialect, is_xlsx, is_zip
from trustcheck.ingest.text import decode

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_HTML_TAG = re.compile(
    r"<(?:html|head|body|title|meta|div|p|h[1-6]|table|ul|ol|li|span|a|section|article|main)\b[^>]*>",
    re.I,
)
_MD_STRUCTURE = re.compile(
    r"^(?:#{1,6}[ \t]+\S"  # ATX heading
    r"|\S.*\n(?:=+|-{3,})[ \t]*$"  # setext heading
    r"|\|?[ \t]*:?-{3,}:?[ \t]*\|"  # pipe-table delimiter row
    r"|```|~~~)",  # fenced code
    re.M,
)
_MD_LIST = re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S", re.M)
_MD_INLINE = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*")


def detect(data: bytes, source: str = "the document") -> tuple[DocumentFormat, str | None]:
    """Return the format and, for text formats, the decoded text.

    Raises :class:`UnreadableDocument` for empty input and :class:`UnsupportedFormat` for bytes
    that are neither PDF nor decodable text.
    """
    if not data.strip():
        raise UnreadableDocument(
            f"{source} is empty", hint="check that the download or export finished"
        )
    if is_pdf(data):
        return DocumentFormat.PDF, None
    if is_zip(data):
        if is_xlsx(data):
            return DocumentFormat.XLSX, None
        raise UnsupportedFormat(
            f"{source} is a zip archive, not a report or an XLSX workbook",
            hint="unpack it and check each file, or export the data as XLSX or CSV",
        )
    text = decode(data)
    if text is None:
        raise UnsupportedFormat(
            f"{source} is binary data, not a PDF or text (it starts with {data[:8]!r})"
        )
    return sniff_text(text), text


def is_pdf(data: bytes) -> bool:
    """The ``%PDF-`` magic in the first KB, where PDF readers accept it."""
    return b"%PDF-" in data[:1024]


def sniff_text(text: str) -> DocumentFormat:
    """Tell HTML, Markdown and plain text apart by their structures."""
    head = text[:65536]
    if _HTML_START.match(head.encode("utf-8", "ignore")[:4096]):
        return DocumentFormat.HTML
    if head.lstrip().startswith("<") and len(_HTML_TAG.findall(head)) >= 3:
        return DocumentFormat.HTML
    if csv_dialect(head) is not None:
        return DocumentFormat.CSV
    if _MD_STRUCTURE.search(head):
        return DocumentFormat.MARKDOWN
    if len(_MD_LIST.findall(head)) >= 2 and _MD_INLINE.search(head):
        return DocumentFormat.MARKDOWN
    return DocumentFormat.TEXT
