"""Text runs read in one PDFium call give exactly what pypdfium2's two-call read gives."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from trustcheck.ingest.pdf_text import BoundedText

ROOT = Path(__file__).resolve().parent.parent


def test_bounded_text_matches_pypdfium2_on_every_run() -> None:
    compared = 0
    for name in (
        "fixtures/ingest/report_two_columns.pdf",
        "fixtures/corpus/reports/northwind-2024-csea-report.pdf",
    ):
        pdf = pdfium.PdfDocument(ROOT / name)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            bounded = BoundedText(textpage)
            box = [ctypes.c_double() for _ in range(4)]
            for run in range(pdfium_c.FPDFText_CountRects(textpage.raw, 0, -1)):
                pdfium_c.FPDFText_GetRect(textpage.raw, run, *map(ctypes.byref, box))
                left, top, right, bottom = (v.value for v in box)
                assert bounded(left, bottom, right, top) == textpage.get_text_bounded(
                    left, bottom, right, top
                )
                compared += 1
            whole = (0.0, 0.0, page.get_width(), page.get_height())
            assert bounded(*whole) == textpage.get_text_bounded(*whole)  # lines and line breaks
            assert bounded(0.0, 0.0, 0.5, 0.5) == ""
            textpage.close()
            page.close()
        pdf.close()
    assert compared > 200
