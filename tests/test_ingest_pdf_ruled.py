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


def _form_page(tilt: float = 0.0) -> bytes:
    """A page whose ruled table is drawn by a form XObject, the form placed with a tilt."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    canvas.beginForm("grid")
    _draw_table(canvas, 60, 500)
    canvas.endForm()
    canvas.setFont("Helvetica", 10)
    canvas.drawString(60, 700, "Table 1 shows the figures for the year.")
    canvas.saveState()
    canvas.transform(1, 0, tilt, 1, 0, 0)
    canvas.doForm("grid")
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_table_inside_a_form_is_read_from_its_paths() -> None:
    data = _form_page()
    ours, theirs = _both(data, 0)
    assert ours is not None and len(ours) == 1
    assert _summary(ours) == _summary(theirs)
    rows = [p for p in read_document(data).passages if p.kind == PassageKind.TABLE_ROW]
    assert [p.cells for p in rows] == [("Metric 1", "100", "120"), ("Metric 2", "200", "240")]
    assert rows[0].columns == ("Metric", "2023", "2024")


@pytest.mark.parametrize("tilt", [1e-6, 0.05])
def test_tilted_form_gives_pdfplumbers_tables(tilt: float) -> None:
    """pdfminer multiplies a form's matrix out in full: tilted, the sides of the cells drawn as
    rectangles are neither horizontal nor vertical for pdfplumber, and not for us either."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4)
    canvas.beginForm("boxes")
    for row in range(3):
        for column in range(3):
            canvas.rect(60 + 80 * column, 500 + 20 * row, 80, 20)
            canvas.drawString(64 + 80 * column, 506 + 20 * row, f"cell {row}{column}")
    canvas.endForm()
    canvas.transform(1, 0, tilt, 1, 0, 0)
    canvas.doForm("boxes")
    canvas.showPage()
    canvas.save()
    ours, theirs = _both(buf.getvalue(), 0)
    assert ours is not None
    assert _summary(ours) == _summary(theirs)
    flat, _ = _both(_form_page(), 0)
    assert flat is not None and len(flat) == 1


def test_forms_in_real_reports_give_pdfplumbers_tables() -> None:
    """Pages of published reports whose tables and rules are drawn in forms (skipped when the
    real corpus is not beside the repository)."""
    real = ROOT.parent / "shared" / "corpus" / "real"
    cases = [
        ("xvideos_2025_dsa_risk_report.pdf", (30, 31)),
        ("ncmec_2023_cybertipline_reports_by_esp.pdf", (0, 1)),
    ]
    if not all((real / name).exists() for name, _ in cases):
        pytest.skip("the real corpus is not in ../shared/corpus/real")
    for name, pages in cases:
        data = (real / name).read_bytes()
        for index in pages:
            ours, theirs = _both(data, index)
            assert ours is not None
            assert _summary(ours) == _summary(theirs), (name, index)
