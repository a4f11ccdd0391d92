"""Reading reports into one :class:`~trustcheck.document.Document` model, whatever their format.

``read_document`` detects the format from the bytes (``detect``), enforces :class:`Limits`, and
hands over to one reader per format (``pdf``, ``html``, ``markdown``, ``text``, and
``spreadsheet`` for CSV and XLSX data releases). Every reader
emits passages through the same builder (``passages``) so ids, offsets and heading paths behave
alike. Every failure is a :class:`~trustcheck.errors.DocumentError` with a one-line message.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from trustcheck.document import Document, DocumentFormat, PageInfo
from trustcheck.errors import UnreadableDocument
from trustcheck.fsutil import shown_path, special_kind
from trustcheck.ingest.limits import Budget, Limits

__all__ = ["Limits", "read_document"]


def _load(source: str | os.PathLike[str] | bytes, name: str | None, budget: Budget) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        budget.check_bytes(len(data))
        return data
    path = Path(source)
    if path.is_dir():
        raise UnreadableDocument(f"{path} is a directory, not a document", hint="give a file path")
    try:
        info = path.stat()
    except FileNotFoundError as err:
        raise UnreadableDocument(f"{path} does not exist", hint="check the path") from err
    except OSError as err:
        raise UnreadableDocument(f"{path} cannot be read ({err.strerror or err})") from err
    kind = special_kind(info.st_mode)
    if kind is not None:
        raise UnreadableDocument(
            f"{path} is {kind}, not a regular file", hint="give the path of a saved report"
        )
    budget.check_bytes(info.st_size)
    try:
        return path.read_bytes()
    except OSError as err:
        raise UnreadableDocument(f"{path} cannot be read ({err.strerror or err})") from err


def read_document(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    password: str | None = None,
    limits: Limits | None = None,
    ocr: bool | None = None,
) -> Document:
    """Read a PDF, HTML, Markdown or text report, or a CSV or XLSX data release.

    ``source`` is a path or the document's bytes (then ``name`` names it in messages and in
    ``Document.source``). ``password`` opens PDFs encrypted with a user password. ``ocr=None``
    reads image-only PDF pages with OCR when pytesseract and tesseract are installed, ``True``
    requires OCR (error if unavailable), ``False`` never runs it.
    """
    from trustcheck.ingest.detect import detect, is_pdf
    from trustcheck.ingest.passages import PassageBuilder
    from trustcheck.ingest.spreadsheet import is_zip

    if isinstance(source, bytes | bytearray | memoryview):
        label = name or "<bytes>"
    else:
        label = name or shown_path(source)
    budget = Budget(limits or Limits(), label)
    data = _load(source, name, budget)
    if not is_pdf(data) and not is_zip(data):
        budget.check_text_bytes(len(data))  # before decoding: text formats cost more to parse
    fmt, text = detect(data, label)
    builder = PassageBuilder(budget)
    warnings: list[str] = []
    pages: list[PageInfo]
    if fmt == DocumentFormat.PDF:
        from trustcheck.ingest.pdf import read_pdf

        result = read_pdf(data, label, builder, budget, password=password, ocr=ocr)
        title, pages, warnings = result.title, result.pages, result.warnings
    elif fmt == DocumentFormat.XLSX:
        from trustcheck.ingest.spreadsheet import read_xlsx

        title, pages, warnings = read_xlsx(data, builder)
        if not builder.passages:
            warnings.append(f"{label} contains no readable cells")
    else:
        assert text is not None
        if fmt == DocumentFormat.HTML:
            from trustcheck.ingest.html import read_html

            title, warnings = read_html(text, builder)
        elif fmt == DocumentFormat.MARKDOWN:
            from trustcheck.ingest.markdown import read_markdown

            title = read_markdown(text, builder)
        elif fmt == DocumentFormat.CSV:
            from trustcheck.ingest.spreadsheet import read_csv

            title = read_csv(text, builder)
        else:
            from trustcheck.ingest.text import read_text

            title = read_text(text, builder)
        pages = [PageInfo(number=1, label=None, has_text=bool(builder.passages))]
        if not builder.passages:
            warnings.append(f"{label} contains no readable text")
    # The readers check the time between pages and passages; a document whose last page (or
    # only one) overran the limit never reaches such a check, and must fail all the same.
    budget.check_time("the end")
    return Document(
        source=label,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        title=title,
        page_count=len(pages),
        pages=pages,
        passages=builder.passages,
        warnings=warnings,
    )
