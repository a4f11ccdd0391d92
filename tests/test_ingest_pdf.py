"""PDF reading on the generated report: order, pages, labels, headings, tables, furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustcheck import Document, PassageKind, read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def report() -> Document:
    return read_document(FIXTURES / "report_two_columns.pdf")


def _find(doc: Document, needle: str) -> int:
    hits = [i for i, p in enumerate(doc.passages) if needle in p.text]
    assert hits, f"{needle!r} not found"
    return hits[0]


def test_pages_and_labels_follow_page_labels(report: Document) -> None:
    assert report.format == "pdf"
    assert report.page_count == 7
    assert [p.label for p in report.pages] == ["i", "ii", "1", "2", "3", "4", "5"]
    assert all(p.has_text and not p.ocr for p in report.pages)
    assert report.pages[0].width == pytest.approx(595.3, abs=0.1)
    passage = report.passages[_find(report, "The right column continues")]
    assert (passage.page, passage.page_label) == (3, "1")


def test_two_columns_read_left_before_right(report: Document) -> None:
    left = report.passages[_find(report, "This report describes how the platform")]
    right = report.passages[_find(report, "The right column continues")]
    assert left.text.endswith("sentences that belong to neither column.")
    assert right.text.endswith("within twenty-four hours.")
    assert _find(report, "This report describes") < _find(report, "The right column continues")
    assert left.bbox is not None and right.bbox is not None
    assert left.bbox.x1 < right.bbox.x0


def test_headings_build_nested_paths(report: Document) -> None:
    headings = [(p.text, p.level) for p in report.passages if p.kind == PassageKind.HEADING]
    assert ("1 Introduction", 2) in headings
    assert ("1.1 Scope", 3) in headings
    assert headings[0] == ("Transparency Report 2024", 1)
    left = report.passages[_find(report, "This report describes")]
    assert left.heading_path[-2:] == ("1 Introduction", "1.1 Scope")
    detection = report.passages[_find(report, "Hash matching identifies")]
    assert detection.heading_path[-1] == "2 Detection"
    assert "1.1 Scope" not in detection.heading_path


def test_dehyphenation_and_ligatures(report: Document) -> None:
    text = report.passages[_find(report, "improve transparency")].text
    assert "improve transparency about our work" in text
    assert "trans-" not in text and "\x02" not in report.text
    assert "Our first review of every flagged item" in report.text
    assert "\ufb01" not in report.text and "\ufb02" not in report.text


def test_table_rows_keep_their_columns(report: Document) -> None:
    rows = [p for p in report.passages if p.kind == PassageKind.TABLE_ROW]
    assert [r.cells for r in rows] == [
        ("Accounts actioned for CSEA", "1,020", "1,234"),
        ("Reports to NCMEC", "4,100", "4,200"),
        ("Appeals upheld", "12", "9"),
    ]
    assert all(r.columns == ("Metric", "2023 H2", "2024 H1") for r in rows)
    assert rows[0].text == "Accounts actioned for CSEA | 1,020 | 1,234"
    assert rows[0].page_label == "3" and rows[0].heading_path[-1] == "3 Enforcement figures"
    assert not any(p.text.startswith("Metric") for p in report.passages)
    # the table is read in place: after the sentence above it, before the one below
    assert (
        _find(report, "The table below")
        < _find(report, "Accounts actioned")
        < _find(report, "Figures are counts")
    )


def test_running_headers_and_footers_are_furniture(report: Document) -> None:
    furniture = [p for p in report.passages if p.kind == PassageKind.FURNITURE]
    assert sum(p.text == "Example Platform - Transparency Report 2024" for p in furniture) == 5
    assert {p.text for p in furniture} >= {"Page 1", "Page 5"}
    body = [p for p in report.passages if p.kind == PassageKind.PARAGRAPH]
    assert not any("Example Platform - Transparency" in p.text for p in body)
    assert not any("Page 3" in p.text for p in body)
    assert all(p.heading_path == () for p in furniture)


def test_ids_offsets_and_provenance(report: Document) -> None:
    ids = [p.id for p in report.passages]
    assert len(ids) == len(set(ids))
    assert ids[0] == "p1.1"
    text = report.text
    for passage in report.passages:
        assert text[passage.start : passage.end] == passage.text
        assert passage.bbox is not None
    assert report.title == "Example Platform Transparency Report 2024"
    assert len(report.sha256) == 64
    assert read_document((FIXTURES / "report_two_columns.pdf").read_bytes()).sha256 == report.sha256


def test_owner_password_only_opens_without_password(report: Document) -> None:
    doc = read_document(FIXTURES / "encrypted_owner_only.pdf")
    assert [p.text for p in doc.passages] == [p.text for p in report.passages]


def test_user_password_opens_with_password(report: Document) -> None:
    doc = read_document(FIXTURES / "encrypted_user_password.pdf", password="open-sesame")
    assert doc.text == report.text


def test_printed_page_numbers_when_no_page_labels() -> None:
    """Without /PageLabels, the number printed in the footer is the page label."""
    reportlab = pytest.importorskip("reportlab.pdfgen.canvas")
    import io

    buf = io.BytesIO()
    canvas = reportlab.Canvas(buf, invariant=1)
    for printed in ("7", "8", "9"):
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, 700, f"Body text of the page printed as number {printed}.")
        canvas.drawString(300, 40, printed)
        canvas.showPage()
    canvas.save()
    doc = read_document(buf.getvalue(), name="numbers.pdf")
    assert [p.label for p in doc.pages] == ["7", "8", "9"]
    assert doc.source == "numbers.pdf"
    assert [p.kind for p in doc.passages if p.text == "8"] == [PassageKind.FURNITURE]


def test_sentence_running_across_columns_is_one_paragraph() -> None:
    canvas_module = pytest.importorskip("reportlab.pdfgen.canvas")
    import io

    buf = io.BytesIO()
    canvas = canvas_module.Canvas(buf, invariant=1)
    canvas.setFont("Helvetica", 10)
    left = ["Left column line number one here"] * 5 + ["and this sentence runs on into the"]
    right = ["right column where it ends here."] + ["Right column line continues on"] * 5
    for i, (a, b) in enumerate(zip(left, right, strict=True)):
        canvas.drawString(72, 700 - 13 * i, a)
        canvas.drawString(320, 700 - 13 * i, b)
    canvas.showPage()
    canvas.save()
    (only,) = read_document(buf.getvalue()).passages
    assert "runs on into the right column where it ends here. Right column" in only.text
    assert only.text.startswith("Left column") and only.text.endswith("continues on")
