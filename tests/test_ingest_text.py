"""Markdown, plain text, encodings, and detection of the format from content."""

from __future__ import annotations

from pathlib import Path

from trustcheck import DocumentFormat, PassageKind, read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


def test_markdown_structures() -> None:
    doc = read_document(FIXTURES / "report.md")
    assert doc.format == DocumentFormat.MARKDOWN
    assert doc.title == "Transparency Report 2024"
    headings = [(p.text, p.level) for p in doc.passages if p.kind == PassageKind.HEADING]
    assert headings == [
        ("Transparency Report 2024", 1),  # setext =====
        ("Detection", 2),
        ("Enforcement", 2),  # setext -----
        ("Appeals", 3),
    ]
    first = doc.passages[1]
    assert first.text == "An overview of how Example Platform keeps children safe."
    items = [p.text for p in doc.passages if p.kind == PassageKind.LIST_ITEM]
    assert items[0] == "Known material is matched against industry hash lists"
    assert items[-1] == "reported to NCMEC when confirmed"
    link = next(p for p in doc.passages if p.text.startswith("We scan"))
    assert "hash matching and classifiers" in link.text and "https://" not in link.text
    rows = [p for p in doc.passages if p.kind == PassageKind.TABLE_ROW]
    assert [r.cells for r in rows] == [
        ("Accounts actioned for CSEA", "1,020", "1,234"),
        ("Reports to NCMEC", "4,100", "4,200"),
    ]
    assert rows[0].columns == ("Metric", "2023 H2", "2024 H1")
    assert rows[0].heading_path == ("Transparency Report 2024", "Enforcement")
    appeals = doc.passages[-1]
    assert appeals.heading_path == ("Transparency Report 2024", "Enforcement", "Appeals")


def test_cp1252_text_with_curly_quotes_and_euro() -> None:
    doc = read_document(FIXTURES / "report_cp1252.txt")
    assert doc.format == DocumentFormat.TEXT
    assert doc.passages[1].text == (
        "Our \u201cchild safety\u201d programme cost \u20ac2.5 million this year \u2013 more "
        "than last year\u2019s budget."
    )


def test_plain_text_headings_and_paragraphs() -> None:
    doc = read_document(FIXTURES / "report_cp1252.txt")
    headings = [(p.text, p.level) for p in doc.passages if p.kind == PassageKind.HEADING]
    assert headings == [
        ("TRANSPARENCY REPORT 2024", 1),
        ("1. Detection", 1),
        ("2. Reporting", 1),
    ]
    detection = doc.passages[3]
    assert detection.text == (
        "We detect known material with hash matching and new material with classifiers."
    )
    assert detection.heading_path == ("1. Detection",)
    assert doc.title == "TRANSPARENCY REPORT 2024"


def test_plain_text_lists_and_nested_numbering() -> None:
    text = (
        "Overview of our work in the year.\n\n2.1 Hash matching\n\n- first item\n- second\n  item\n"
    )
    doc = read_document(text.encode(), name="notes.txt")
    assert [(p.kind, p.text) for p in doc.passages] == [
        (PassageKind.PARAGRAPH, "Overview of our work in the year."),
        (PassageKind.HEADING, "2.1 Hash matching"),
        (PassageKind.LIST_ITEM, "first item"),
        (PassageKind.LIST_ITEM, "second item"),
    ]
    assert doc.passages[1].level == 2


def test_plain_text_tables_are_rows_with_their_columns() -> None:
    """A table lined up with spaces, as text exports set one: each figure keeps row and column."""
    text = (
        "ENFORCEMENT\n"
        "Figures for each half year.\n"
        "\n"
        "                              2023 H2    2024 H1\n"
        "Accounts actioned for CSEA      1,020      1,234\n"
        "Reports to NCMEC\t\t4,100      4,200\n"
        "Source: internal systems.\n"
        "\n"
        "Metric           2023    2024\n"
        "Appeals upheld     12       9\n"
    )
    doc = read_document(text.encode("cp1252"), name="figures.txt")
    assert doc.format == DocumentFormat.TEXT
    assert [(p.kind, p.text) for p in doc.passages] == [
        (PassageKind.PARAGRAPH, "ENFORCEMENT Figures for each half year."),
        (PassageKind.TABLE_ROW, "Accounts actioned for CSEA | 1,020 | 1,234"),
        (PassageKind.TABLE_ROW, "Reports to NCMEC | 4,100 | 4,200"),
        (PassageKind.PARAGRAPH, "Source: internal systems."),
        (PassageKind.TABLE_ROW, "Appeals upheld | 12 | 9"),
    ]
    assert doc.passages[2].cells == ("Reports to NCMEC", "4,100", "4,200")
    assert doc.passages[2].columns == ("", "2023 H2", "2024 H1")
    assert doc.passages[4].columns == ("Metric", "2023", "2024")
    no_header = read_document(
        b"Accounts actioned   1,020   1,234\nReports             4,100   4,200\n"
    )
    assert [(p.cells, p.columns) for p in no_header.passages] == [
        (("Accounts actioned", "1,020", "1,234"), None),
        (("Reports", "4,100", "4,200"), None),
    ]


def test_plain_text_prose_with_wide_spaces_stays_a_paragraph() -> None:
    """Two spaces after a full stop, or a ragged right edge, do not make columns."""
    text = (
        "We detect material.  Every report is reviewed by a person and\n"
        "escalated.  Confirmed cases go to NCMEC within a day.\n"
        "\n"
        "Our numbers.  They went up\n"
        "this year.  We are proud.\n"
    )
    doc = read_document(text.encode(), name="prose.txt")
    assert [p.kind for p in doc.passages] == [PassageKind.PARAGRAPH, PassageKind.PARAGRAPH]
    assert doc.passages[1].text == "Our numbers. They went up this year. We are proud."


def test_utf16_with_bom_and_latin1() -> None:
    text = "Rapport de transparence\n\nNous avons supprimé 1 200 comptes à l’été."
    doc = read_document(text.encode("utf-16"))
    assert doc.passages[-1].text == "Nous avons supprimé 1 200 comptes à l’été."
    latin = "Nous avons supprimé des comptes cet été, déjà signalés à la police."
    assert read_document(latin.encode("latin-1")).passages[0].text == latin


def test_format_is_detected_from_content_not_name(tmp_path: Path) -> None:
    disguised = tmp_path / "report.txt"
    disguised.write_bytes((FIXTURES / "report_two_columns.pdf").read_bytes())
    assert read_document(disguised).format == DocumentFormat.PDF
    html_as_pdf = tmp_path / "download.pdf"
    html_as_pdf.write_bytes(b"  <!DOCTYPE html><html><body><p>Not found</p></body></html>")
    assert read_document(html_as_pdf).format == DocumentFormat.HTML
    junk_then_pdf = b"\x00" * 100 + (FIXTURES / "report_two_columns.pdf").read_bytes()
    assert read_document(junk_then_pdf).format == DocumentFormat.PDF
    md = read_document(b"Some intro\n\n# Heading\n\ntext\n")
    assert md.format == DocumentFormat.MARKDOWN
    assert read_document(b"Just a sentence.\n").format == DocumentFormat.TEXT
