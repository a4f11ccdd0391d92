"""PDF headings nest by their section numbers as well as by size: a subsection set at its
chapter's size, and an unnumbered heading under a numbered subsection, keep the chapter in their
heading path, as HTML and Markdown headings do."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from trustcheck import Document, read_document
from trustcheck.ingest.pdf_outline import Outline, section_number

_BODY = [
    "Orrinvale reviews every upload before it is published and keeps a log of its decisions.",
    "The review team meets each week to go through the hardest decisions of the week before.",
    "Figures in this report cover the whole service and every country where it operates.",
]


def _pdf(lines: list[tuple[float, str, str]]) -> bytes:
    """One page of lines (font size, font, text), top to bottom; body text fills the rest."""
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    y = 760.0
    for size, font, text in lines:
        canvas.setFont(font, size)
        canvas.drawString(72, y, text)
        y -= size * 2.2
    for text in _BODY * 3:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, y, text)
        y -= 24
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _paths(doc: Document) -> dict[str, tuple[str, ...]]:
    return {p.text: p.heading_path for p in doc.passages if p.kind == "paragraph"}


_CHAPTER = "3. Illegal content"
_SUB = "3.1 Child sexual exploitation and abuse"
_LINES = [
    (16, "Helvetica-Bold", _CHAPTER),
    (13, "Helvetica-Bold", _SUB),
    (13, "Helvetica-Bold", "Safeguards"),
    (10, "Helvetica", "Every match is removed and the uploader is blocked at once."),
    (13, "Helvetica-Bold", "Results"),
    (10, "Helvetica", "Matches fell by a third over the year."),
    (13, "Helvetica-Bold", "3.2 Scams"),
    (10, "Helvetica", "Scam listings are removed after review."),
]


def test_an_unnumbered_heading_under_a_numbered_subsection_keeps_the_chapter() -> None:
    paths = _paths(read_document(_pdf(_LINES), name="outline.pdf"))
    blocked = "Every match is removed and the uploader is blocked at once."
    assert paths[blocked] == (_CHAPTER, _SUB, "Safeguards")
    assert paths["Matches fell by a third over the year."] == (_CHAPTER, _SUB, "Results")
    assert paths["Scam listings are removed after review."] == (_CHAPTER, "3.2 Scams")


def test_a_subsection_at_its_chapters_size_nests_under_it() -> None:
    blocked = "Every match is removed and the uploader is blocked at once."
    lines = [(14, "Helvetica-Bold", t) for t in (_CHAPTER, _SUB, "Safeguards")]
    lines.append((10, "Helvetica", blocked))
    paths = _paths(read_document(_pdf(lines), name="flat.pdf"))
    assert paths[blocked] == (_CHAPTER, _SUB, "Safeguards")


def test_a_heading_after_a_chapter_number_alone_stays_its_sibling() -> None:
    outline = Outline()
    assert outline.level("12. Planned measures", 2, 0) == 2
    assert outline.level("Annex A: Glossary", 2, 1) == 2
    assert outline.level("12.1 Next year", 3, 1) == 3


def test_section_numbers() -> None:
    assert section_number("4.1 Scope") == (4, 1)
    assert section_number("4. Scope") == (4,)
    assert section_number("2024 in review") is None
    assert section_number("Scope") is None
