"""Inputs the coverage-guided fuzzer (``fuzz/fuzz_readers.py``) found to crash a reader.

Each file in ``fixtures/fuzz`` is the fuzzer's input as it was saved, so the exact bytes that
once raised something other than a :class:`TrustcheckError` stay read correctly.
"""

from __future__ import annotations

from pathlib import Path

from trustcheck import Document, read_document
from trustcheck.ingest.pdf_tables import PlumberTables

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_page_tree_pdfminer_cannot_parse_keeps_the_document() -> None:
    """Eight mutated bytes in a font resource dictionary: PDFium reads every page, pdfminer
    cannot parse page 5, and pdfplumber's ``close()`` walked the whole page tree and raised
    ``PdfminerException`` after the document had been read. Page 5's ruled table is now read
    from PDFium's paths, so the document reads as the intact one does."""
    path = FIXTURES / "fuzz" / "pdf_broken_resources_in_page_tree.pdf"
    broken = read_document(path, ocr=False)
    intact = read_document(FIXTURES / "ingest" / "report_two_columns.pdf", ocr=False)
    assert isinstance(broken, Document) and broken.page_count == intact.page_count == 7
    assert broken.warnings == []
    assert broken.title == intact.title
    assert [(p.kind, p.text) for p in broken.passages] == [
        (p.kind, p.text) for p in intact.passages
    ]
    # where pdfplumber must read such a page, its failure costs that page's ruled tables only
    plumber = PlumberTables(path.read_bytes(), None)
    assert plumber.page_tables(4) == [] and plumber.failed_pages == [5]
    plumber.close()


def test_a_page_box_of_infinite_width_skips_the_page() -> None:
    """A MediaBox width of ninety digits is infinity to PDFium; laying the page out allocated by
    width and raised ``OverflowError``. The page is now skipped with a warning that says why."""
    document = read_document(FIXTURES / "fuzz" / "pdf_infinite_page_width.pdf", ocr=False)
    assert document.page_count == 1 and document.passages == []
    assert document.warnings == [
        "page 1 could not be read (its size, inf x 841.89 pt, is not a page size); it was skipped"
    ]


def test_a_text_run_with_nan_bounds_is_left_out() -> None:
    """Mutated bytes gave one text run NaN bounds; they passed the minimum-size check (every
    comparison with NaN is false) and the heading scale raised ``ValueError`` rounding the size.
    Runs whose bounds or font size are not finite are now left out, and the rest is read."""
    document = read_document(FIXTURES / "fuzz" / "pdf_nan_font_size.pdf", ocr=False)
    assert document.page_count == 3 and len(document.passages) > 30
    assert document.passages[0].text.startswith("Systemic Risk Assessment Report 2024")
