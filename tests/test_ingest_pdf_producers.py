"""PDFs written the way other producers write them: a browser's print to PDF, a layout tool's
text matrix. Both fixtures are real files (``fixtures/ingest/print_browser.py`` and
``make_fixtures.py`` build them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustcheck import Document, PassageKind, read_document
from trustcheck.ingest.pdf_layout import TableBlock

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def printed() -> Document:
    return read_document(FIXTURES / "browser_report.pdf")


def _texts(doc: Document, kind: PassageKind) -> list[str]:
    return [p.text for p in doc.passages if p.kind == kind]


def test_kerned_runs_do_not_repeat_a_letter(printed: Document) -> None:
    """Chromium splits "Te" and "Va" into runs whose boxes overlap by a point."""
    first, policy = _texts(printed, PassageKind.PARAGRAPH)[:2]
    assert "member of the Tech Coalition and takes part" in first
    assert "Value and trust depend on it" in policy


def test_glyph_by_glyph_runs_make_words(printed: Document) -> None:
    """Each glyph is a run of its own, with PDFium's spaces between words only."""
    assert _texts(printed, PassageKind.PARAGRAPH)[1] == (
        "We do not allow content or behaviour that sexually exploits or endangers children, "
        "including child sexual abuse material, grooming and sextortion. Value and trust depend "
        "on it: when we find such content we remove it and terminate the account."
    )


def test_a_table_beside_prose_is_no_second_column(printed: Document) -> None:
    """A table's label and figure columns once made the page look two-column, cutting every
    full-width line in two at the "gutter"."""
    assert (
        "This report covers the period from 1 January 2024 to 31 December 2024. Example "
        "Platform is a member of the Tech Coalition and takes part in its working groups on "
        "grooming and sextortion."
    ) in _texts(printed, PassageKind.PARAGRAPH)


def test_unruled_table_keeps_wrapped_labels_and_header(printed: Document) -> None:
    rows = [p for p in printed.passages if p.kind == PassageKind.TABLE_ROW][:4]
    assert [r.cells for r in rows] == [
        ("Spam", "1,920,442", "12,004", "93%"),
        ("Child sexual abuse material", "41,882", "0", "74%"),
        ("Grooming or sexual enticement of minors", "6,935", "0", "0%"),
        ("Violence", "198,744", "52,671", "57%"),
    ]
    assert rows[1].columns == (
        "Category",
        "Items removed",
        "Items with visibility restricted",
        "Decisions taken solely by automated means",
    )
    note = "Figures count each item once, even when it was reported more than once."
    assert note in _texts(printed, PassageKind.PARAGRAPH)


def test_a_table_of_labels_and_figures_is_no_page_of_two_columns(printed: Document) -> None:
    """Labels on the left and figures on the right leave an empty strip like a gutter; read as
    two columns, every figure would lose its label. The caption stays out of the header, and
    a label wrapped over three lines around its figure stays whole."""
    rows = [p for p in printed.passages if p.kind == PassageKind.TABLE_ROW][4:]
    assert [(r.columns, r.cells) for r in rows] == [
        (("Recipient", "Reports"), ("National Center for Missing & Exploited Children", "12,480")),
        (("Recipient", "Reports"), ("National police", "219")),
        (("Recipient", "Reports"), ("Other hotlines", "41")),
    ]
    assert "Table 2 – Reports we made, by recipient" in _texts(printed, PassageKind.PARAGRAPH)


def test_size_set_by_the_text_matrix() -> None:
    """Size 1 scaled by the text matrix: the heading is still the larger text, and the body's
    word gaps (a tenth of its size in points) are still spaces, not cell breaks."""
    doc = read_document(FIXTURES / "scaled_text_matrix.pdf")
    assert [(p.kind, p.text) for p in doc.passages] == [
        (PassageKind.HEADING, "Scaled Heading"),
        (
            PassageKind.PARAGRAPH,
            "Body text set at size one and scaled ten times by its text matrix. "
            "It reads as ordinary words, one paragraph.",
        ),
    ]


def test_labels_beside_short_values_are_no_second_column(printed: Document) -> None:
    """Values that are not bare figures ("6 hours") make no table row; the page is still one
    column, so each label stays on the line of its value."""
    paragraphs = _texts(printed, PassageKind.PARAGRAPH)
    assert "Reports of grooming 6 hours" in paragraphs
    assert "Appeals 2 days" in paragraphs


def test_a_header_read_as_two_rows_is_one() -> None:
    """A ruled header cell that wraps can come back from the table finder as two rows; the
    second has no label and no figure, and joins the first."""
    box = (0.0, 0.0, 100.0, 10.0)
    table = TableBlock.of_rows(
        box,
        [
            (["Category", "Items", "Decisions taken"], box),
            (["", "removed", "automatically"], box),
            (["Child sexual abuse material", "41,882", "74%"], box),
            (["Spam", "1,920,442", "93%"], box),
        ],
    )
    assert table is not None
    assert table.rows == [
        ["Category", "Items removed", "Decisions taken automatically"],
        ["Child sexual abuse material", "41,882", "74%"],
        ["Spam", "1,920,442", "93%"],
    ]


def test_a_line_running_up_to_the_gutter_is_not_joined_to_the_next_column() -> None:
    """Two left-column lines end a few points short of the right column; read as one stretch
    with the right column's line beside them, the two columns' words would be mixed."""
    doc = read_document(FIXTURES / "touching_columns.pdf")
    for number in ("09", "20"):
        (long_line,) = [p.text for p in doc.passages if f"left {number}" in p.text]
        assert "right" not in long_line.split(f"left {number}")[1]
