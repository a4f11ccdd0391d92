"""Reading PDF reports: PDFium for text and positions, pdfplumber only for tables.

PDFium (pypdfium2) extracts text 60-75x faster than pdfplumber and marks line-end hyphens, so it
reads every page; pages that look tabular get their ruled tables from PDFium's paths and
pdfplumber's table finder (``pdf_ruled``), and pdfplumber reads the page itself only when that
cannot be done faithfully (``pdf_tables``). Pages are
laid out one at a time (``pdf_layout``), checking the time budget between pages, and the decisions
that need the whole document (furniture, headings, labels) run afterwards (``pdf_structure``).

Encryption: the empty user password is tried first (most "secured" reports only restrict
printing), then the caller's password. Image-only pages are reported in ``Document.warnings`` and
read with OCR when it is available; a PDF with no text at all and no OCR is :class:`NoTextLayer`.
Blank pages (nothing drawn at all) are never sent to OCR, so thousands of them cost almost nothing;
a PDF of only blank pages is :class:`UnreadableDocument`. Compressed streams are measured before
PDFium sees the file (``pdf_streams``), so a decompression bomb is refused, not inflated.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from trustcheck.document import PageInfo
from trustcheck.errors import DocumentError, EncryptedDocument, NoTextLayer, UnreadableDocument
from trustcheck.ingest.limits import Budget
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.ocr import ocr_available, ocr_page
from trustcheck.ingest.passages import PassageBuilder
from trustcheck.ingest.pdf_flow import join_page_breaks
from trustcheck.ingest.pdf_layout import Line, build_lines, find_gutter, reading_order
from trustcheck.ingest.pdf_outline import Outline
from trustcheck.ingest.pdf_ruled import ruled_tables
from trustcheck.ingest.pdf_streams import check_inflation
from trustcheck.ingest.pdf_structure import (
    PageLayout,
    emit_page,
    find_furniture,
    heading_scale,
    page_body,
    printed_label,
)
from trustcheck.ingest.pdf_tables import PlumberTables, find_tables, outside_tables
from trustcheck.ingest.pdf_text import page_spans

_PASSWORD_ERROR = 4
_MAX_PATHS_COUNTED = 64
_MAX_SIDE = 200_000.0
"""Largest page side in points that is laid out (the PDF format's own limit is 14,400 pt, and
layout allocates by page width): a damaged page box can say infinity."""
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "title", "document", "slide 1"}
OCR_HINT = (
    "in the trustcheck source folder, pip install '.[ocr]'; "
    "and apt-get install tesseract-ocr tesseract-ocr-eng"
)


@dataclass
class PdfResult:
    """What the PDF reader hands back to :func:`trustcheck.ingest.read_document`."""

    title: str | None
    pages: list[PageInfo]
    warnings: list[str] = field(default_factory=list)


def _open(data: bytes, password: str | None, source: str) -> tuple[Any, str | None]:
    """Open with the empty password, then the given one; map PDFium errors to ours."""
    import pypdfium2 as pdfium

    attempts: list[str | None] = [None]
    if password:
        attempts.append(password)
    for attempt in attempts:
        try:
            return pdfium.PdfDocument(data, password=attempt), attempt
        except pdfium.PdfiumError as err:
            if getattr(err, "err_code", None) == _PASSWORD_ERROR:
                continue
            if _has_no_pages(data):
                raise UnreadableDocument(
                    f"{source} is a PDF with no pages (its page tree is empty or broken)",
                    hint="download or export the file again",
                ) from err
            raise UnreadableDocument(
                f"{source} is not a readable PDF ({err}); it may be truncated or corrupt",
                hint="download or export the file again",
            ) from err
    if password:
        raise EncryptedDocument(
            f"{source} is encrypted and the password given does not open it",
            hint="check the password",
        )
    raise EncryptedDocument(f"{source} is encrypted with a user password")


def _has_no_pages(data: bytes) -> bool:
    """Whether the PDF parses but its page tree is empty.

    PDFium refuses such a file without setting an error code of its own (it reports whatever the
    previous failure was), so pdfminer is asked instead, only once PDFium has failed.
    """
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        return next(PDFPage.create_pages(document), None) is None
    except Exception:  # pdfminer raises a dozen types on a broken file: then it is just corrupt
        return False


def _path_count(page: Any) -> int:
    """Path objects on the page and in the forms drawn on it, up to ``_MAX_PATHS_COUNTED``.

    Counted as pypdfium2's ``get_objects(filter=(PATH,), max_depth=2)`` yields them, in the same
    order and with the same errors, but with raw PDFium calls: that makes a Python object for
    every object of the page, a few milliseconds a page with many.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    count = 0

    def walk(parent: Any, in_form: bool) -> bool:
        """Count the paths of a page or form; True once the bound is reached."""
        nonlocal count
        counted = pdfium_c.FPDFFormObj_CountObjects if in_form else pdfium_c.FPDFPage_CountObjects
        get = pdfium_c.FPDFFormObj_GetObject if in_form else pdfium_c.FPDFPage_GetObject
        total = counted(parent)
        if total < 0:
            raise pdfium.PdfiumError("Failed to get number of pageobjects.")
        for index in range(total):
            raw = get(parent, index)
            if not raw:
                raise pdfium.PdfiumError("Failed to get pageobject.")
            kind = pdfium_c.FPDFPageObj_GetType(raw)
            if kind == pdfium_c.FPDF_PAGEOBJ_UNKNOWN:
                raise pdfium.PdfiumError("Failed to determine pageobject type.")
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                count += 1
                if count >= _MAX_PATHS_COUNTED:
                    return True
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and not in_form and walk(raw, True):
                return True
        return False

    walk(page.raw, False)
    return count


def _layout_page(pdf: Any, index: int, label: str | None, plumber: PlumberTables) -> PageLayout:
    import pypdfium2.raw as pdfium_c

    page = pdf[index]
    try:
        width, height = page.get_size()
        if not (abs(width) <= _MAX_SIDE and abs(height) <= _MAX_SIDE):  # also NaN
            raise ValueError(f"its size, {width:g} x {height:g} pt, is not a page size")
        layout = PageLayout(number=index + 1, label=label, width=width, height=height)
        textpage = page.get_textpage()
        try:
            spans = page_spans(textpage, height)
            if not spans:
                layout.blank = pdfium_c.FPDFPage_CountObjects(page.raw) == 0
                return layout
            plain: list[Line] | None = build_lines(spans, None)
            tables = find_tables(
                spans,
                _path_count(page),
                index,
                plumber,
                lambda: ruled_tables(page, textpage),
                lines=plain,
            )
        finally:
            textpage.close()
        rest = outside_tables(spans, tables)
        if len(rest) != len(spans):  # a table took some runs: the lines are those of the rest
            spans, plain = rest, None
        gutter = find_gutter(spans, width, plain)
        layout.items = reading_order(build_lines(spans, gutter, plain), tables, gutter)
        return layout
    finally:
        page.close()


def read_pdf(
    data: bytes,
    source: str,
    builder: PassageBuilder,
    budget: Budget,
    *,
    password: str | None,
    ocr: bool | None,
) -> PdfResult:
    """Read a PDF into ``builder``; return its title, pages and warnings."""
    import pypdfium2 as pdfium

    check_inflation(data, budget)
    pdf, used_password = _open(data, password, source)
    plumber = PlumberTables(data, used_password)
    try:
        count = len(pdf)
        if count == 0:
            raise UnreadableDocument(f"{source} is a PDF with no pages")
        budget.check_pages(count)
        labels = [clean(pdf.get_page_label(i)) or None for i in range(count)]
        layouts: list[PageLayout] = []
        warnings: list[str] = []
        for index in range(count):
            budget.check_time(f"page {index + 1} of {count}")
            try:
                layouts.append(_layout_page(pdf, index, labels[index], plumber))
            except DocumentError:
                raise
            except (pdfium.PdfiumError, ValueError, KeyError, TypeError) as err:
                warnings.append(f"page {index + 1} could not be read ({err}); it was skipped")
                layouts.append(PageLayout(number=index + 1, label=labels[index], width=0, height=0))
        if plumber.failed_pages:
            listed = ", ".join(map(str, plumber.failed_pages))
            warnings.append(
                f"pdfplumber could not read tables on pages {listed}; rows were "
                "taken from aligned lines instead"
            )
        _ocr_pages(pdf, layouts, source, ocr, budget, warnings)
        title = clean(pdf.get_metadata_value("Title") or "") or None
        if title and title.lower() in _PLACEHOLDER_TITLES:
            title = None
    finally:
        plumber.close()
        pdf.close()

    furniture = find_furniture(layouts)
    scale = heading_scale(layouts, furniture)
    has_defined_labels = any(labels)
    bodies = [page_body(layout, furniture, scale) for layout in layouts]
    join_page_breaks(bodies)
    pages: list[PageInfo] = []
    outline = Outline()
    for layout, body in zip(layouts, bodies, strict=True):
        label = layout.label if has_defined_labels else printed_label(layout, furniture)
        emit_page(layout, body, label, furniture, builder, outline)
        pages.append(
            PageInfo(
                number=layout.number,
                label=label,
                has_text=layout.has_text,
                ocr=layout.ocr_paragraphs is not None,
                width=layout.width or None,
                height=layout.height or None,
            )
        )
    if title is None:
        title = next((p.text for p in builder.passages if p.kind == "heading"), None)
    return PdfResult(title=title, pages=pages, warnings=warnings)


def _ocr_pages(
    pdf: Any,
    layouts: list[PageLayout],
    source: str,
    ocr: bool | None,
    budget: Budget,
    warnings: list[str],
) -> None:
    """Read image-only pages with OCR when allowed and available; otherwise say which pages."""
    unread = [layout for layout in layouts if not layout.has_text and layout.width]
    if len(unread) == len(layouts) and all(layout.blank for layout in unread):
        raise UnreadableDocument(
            f"{source} has {len(layouts)} pages and nothing is drawn on any of them",
            hint="check that the export finished, or export the report again",
        )
    empty = [layout for layout in unread if not layout.blank]
    if not empty:
        return
    numbers = ", ".join(str(layout.number) for layout in empty)
    available = ocr is not False and ocr_available()
    if ocr is True and not available:
        raise NoTextLayer(
            f"OCR was requested for {source} but pytesseract or tesseract is not installed",
            hint=OCR_HINT,
        )
    if not available:
        if len(unread) == len(layouts):
            why = "OCR was turned off" if ocr is False else "OCR is not available"
            raise NoTextLayer(f"no page of {source} has a text layer and {why}")
        warnings.append(
            f"pages without a text layer were not read (no OCR): {numbers}; "
            f"to read them, {OCR_HINT}"
        )
        return
    warnings.append(f"pages without a text layer were read with OCR: {numbers}")
    for layout in empty:
        budget.check_time(f"OCR of page {layout.number}")
        page = pdf[layout.number - 1]
        try:
            layout.ocr_paragraphs = ocr_page(page)
        finally:
            page.close()
