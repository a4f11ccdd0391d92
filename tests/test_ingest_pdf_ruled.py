"""Ruled tables read from PDFium's paths agree with pdfplumber reading the whole page."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from trustcheck import PassageKind, read_document
from trustcheck.ingest.normalize import clean
from trustcheck.ingest.pdf_layout import TableBlock
from trustcheck.ingest.pdf_ruled import ruled_tables
from trustcheck.ingest.pdf_tables import PlumberTables

ROOT = Path(__file__).resolve().parent.parent
ROWS = [["Metric", "2023", "2024"], *[[f"Metric {r}", str(r * 100), str(r * 120)] for r in (1, 2)]]


def _summary(blocks: list[TableBlock]) -> list[object]:
    return [
        (
            [round(v, 2) for v in (b.x0, b.top, b.x1, b.bottom)],
            [[clean(cell) for cell in row] for row in b.rows],
            [[round(v, 2) for v in box] for box in b.row_boxes],
        )
        for b in blocks
    ]


def _both(data: bytes, index: int) -> tuple[list[TableBlock] | None, list[TableBlock]]:
    pdf = pdfium.PdfDocument(data)
    plumber = PlumberTables(data, None)
    try:
        page = pdf[index]
        textpage = page.get_textpage()
        ours = ruled_tables(page, textpage)
        textpage.close()
        page.close()
        return ours, plumber.page_tables(index)
    finally:
        plumber.close()
        pdf.close()


@pytest.mark.parametrize(
    ("name", "index", "count"),
    [
        ("fixtures/corpus/reports/saltmarsh-h1-2024-transparency.pdf", 1, 2),
        ("fixtures/corpus/reports/northwind-2024-csea-report.pdf", 4, 2),
        ("fixtures/corpus/reports/pinecrest-2024-h2-child-safety-data.pdf", 0, 3),
        ("fixtures/ingest/report_two_columns.pdf", 4, 1),
        ("fixtures/ingest/report_two_columns.pdf", 2, 0),  # rules but no table
    ],
)
def test_same_tables_as_pdfplumber(name: str, index: int, count: int) -> None:
    ours, theirs = _both((ROOT / name).read_bytes(), index)
    assert ours is not None and len(ours) == count
    assert _summary(ours) == _summary(theirs)


def _draw_table(canvas: Canvas, x: float, y: float) -> None:
    table = Table(ROWS)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    table.wrapOn(canvas, 400, 400)
    table.drawOn(canvas, x, y)


def test_transformed_drawing_gives_the_same_grid() -> None:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    canvas.translate(60, 300)
    canvas.scale(1.4, 1.2)
    _draw_table(canvas, 0, 0)
    canvas.showPage()
    canvas.save()
    ours, theirs = _both(buf.getvalue(), 0)
    assert ours is not None and len(ours) == 1
    assert _summary(ours) == _summary(theirs)
    assert [clean(c) for c in ours[0].rows[1]] == ["Metric 1", "100", "120"]


def test_table_inside_a_form_is_left_to_pdfplumber() -> None:
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    canvas.beginForm("grid")
    _draw_table(canvas, 60, 500)
    canvas.endForm()
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, 700, "Table 1 shows the figures for the year.")
    canvas.doForm("grid")
    canvas.showPage()
    canvas.save()
    data = buf.getvalue()
    pdf = pdfium.PdfDocument(data)
    page = pdf[0]
    textpage = page.get_textpage()
    assert ruled_tables(page, textpage) is None
    textpage.close()
    page.close()
    pdf.close()
    rows = [p for p in read_document(data).passages if p.kind == PassageKind.TABLE_ROW]
    assert [p.cells for p in rows] == [("Metric 1", "100", "120"), ("Metric 2", "200", "240")]
    assert rows[0].columns == ("Metric", "2023", "2024")
