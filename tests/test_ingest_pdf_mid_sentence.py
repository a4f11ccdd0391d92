"""A PDF line that stops mid-sentence is finished by the lower-case line under it, even when the
two are set a point apart in size or the first line stands out in the margin."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

import trustcheck
from trustcheck import Document, read_document


def _pdf(lines: list[tuple[float, float, float, str]]) -> bytes:
    """One page; each line is (x, y, font size, text)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    for x, y, size, text in lines:
        canvas.setFont("Helvetica", size)
        canvas.drawString(x, y, text)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def _texts(doc: Document) -> list[str]:
    return [p.text for p in doc.passages]


MARGIN_NUMBER = [
    (72, 700, 10, "4.1 Product rules. Pebblecast prohibits the sale of items that (i) promote,"),
    (108, 687, 10, "incite or glorify violence, or (ii) sexualise or exploit children in any way."),
    (72, 640, 10, "Another paragraph follows after a blank line."),
]


def test_a_sentence_continued_under_a_number_in_the_margin_is_one_passage() -> None:
    doc = read_document(_pdf(MARGIN_NUMBER), name="rules.pdf")
    assert _texts(doc) == [
        "4.1 Product rules. Pebblecast prohibits the sale of items that (i) promote, incite or "
        "glorify violence, or (ii) sexualise or exploit children in any way.",
        "Another paragraph follows after a blank line.",
    ]


def test_the_joined_sentence_carries_its_prohibition_to_the_topic() -> None:
    doc = read_document(_pdf(MARGIN_NUMBER), name="rules.pdf")
    element = trustcheck.assess(doc, "trust").element("PP1")
    assert element.level == "partial"
    assert any("prohibits the sale" in e.quote and e.on_topic for e in element.evidence)


def test_a_line_a_point_larger_still_finishes_the_sentence() -> None:
    lines = [
        (72, 700, 10, "Customers can flag a listing with the report link on its page, and our"),
        (72, 687, 11, "moderators look at every flag within a day."),
    ]
    assert _texts(read_document(_pdf(lines), name="wobble.pdf")) == [
        "Customers can flag a listing with the report link on its page, and our moderators look "
        "at every flag within a day."
    ]


def test_real_breaks_stay_breaks() -> None:
    lines = [
        # a capital under a mid-sentence line set in another size starts something else
        (72, 700, 10, "Figures for the year, by quarter and"),
        (72, 687, 11, "Reports to the hotline rose in the spring."),
        # a lower-case line far to the right is not this paragraph's next line
        (72, 640, 10, "The list of sources is in the annex, with links to"),
        (300, 627, 11, "www.example.org/sources"),
    ]
    assert _texts(read_document(_pdf(lines), name="breaks.pdf")) == [
        "Figures for the year, by quarter and",
        "Reports to the hotline rose in the spring.",
        "The list of sources is in the annex, with links to",
        "www.example.org/sources",
    ]
