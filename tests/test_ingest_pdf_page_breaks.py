"""Paragraphs that run on across a page or column break are one passage; real breaks stay."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

import trustcheck
from cli_runner import run
from trustcheck import Document, PassageKind, read_document
from trustcheck.ingest.pdf_flow import ends_sentence

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"
REPORT = FIXTURES / "report_page_breaks.pdf"


@pytest.fixture(scope="module")
def report() -> Document:
    return read_document(REPORT)


def _passage(doc: Document, needle: str) -> trustcheck.Passage:
    (hit,) = [p for p in doc.passages if needle in p.text]
    return hit


def test_sentence_with_figure_and_metric_across_a_page_break_is_one_passage(
    report: Document,
) -> None:
    passage = _passage(report, "51,300")
    assert passage.text == (
        "Between July and December 2024, after review by a specialist, the trust and safety team "
        "sent a total of 51,300 reports to NCMEC, each with the material and the account that "
        "shared it. Most reports were made within a day of the upload."
    )
    assert (passage.id, passage.page, passage.page_label, passage.end_page) == ("p1.4", 1, "1", 2)
    assert passage.bbox is not None and passage.bbox.bottom < 842
    assert report.text[passage.start : passage.end] == passage.text
    # the continuation is not left behind on page 2, and page 2's header is not inside it
    assert not any(p.text.startswith("reports to NCMEC") for p in report.passages)
    assert "Transparency Report 2024" not in passage.text and "Page 1" not in passage.text


def test_the_assessment_finds_the_figure_that_straddles_the_page_break() -> None:
    element = trustcheck.assess(REPORT, "trust").element("OUT3")
    assert element.level == "full"
    (evidence,) = [e for e in element.evidence if e.figure == "51,300"]
    assert (evidence.page, evidence.page_label, evidence.passage_id) == (1, "1", "p1.4")
    assert "51,300 reports to NCMEC" in evidence.quote


def test_word_hyphenated_across_the_break_past_a_footnote(report: Document) -> None:
    passage = _passage(report, "strengthen the")
    assert "to strengthen the protection of children who use the service" in passage.text
    assert (passage.page, passage.end_page) == (2, 3)
    footnote = _passage(report, "Counts exclude duplicate reports")
    assert footnote.page == 2 and footnote.end_page is None
    assert report.passages.index(footnote) == report.passages.index(passage) + 1


def test_capital_after_a_full_width_line_continues(report: Document) -> None:
    passage = _passage(report, "which is called")
    assert passage.text.endswith(
        "which is called Message Requests, where they can be read or deleted without the sender "
        "knowing."
    )
    assert (passage.page, passage.end_page) == (3, 4)


@pytest.mark.parametrize(
    ("last", "first_after"),
    [
        # a full stop ends the paragraph even when the next page starts in lower case
        ("did not take the first decision.", "iOS and Android users can appeal"),
        # a heading at the head of the next page
        ("and the reasons for", "2 Appeals"),
        # a table at the head of the next page
        ("broken down by", "CSEA removals | 1,204 | 37"),
        # a short line with no full stop (a source line, a caption) is not a wrapped line
        ("Source: internal appeal records", "Questions about this report"),
    ],
)
def test_paragraphs_that_end_at_the_foot_of_a_page_stay_apart(
    report: Document, last: str, first_after: str
) -> None:
    before = _passage(report, last)
    assert before.text.endswith(last) and before.end_page is None
    body = [p for p in report.passages if p.kind != PassageKind.FURNITURE]
    after = body[body.index(before) + 1]
    assert after.text.startswith(first_after) and after.page == before.page + 1


def test_only_the_paragraphs_that_run_on_have_an_end_page(report: Document) -> None:
    joined = [(p.id, p.end_page) for p in report.passages if p.end_page is not None]
    assert joined == [("p1.4", 2), ("p2.2", 3), ("p3.2", 4)]


def test_extract_shows_the_pages_and_keeps_a_passage_that_overlaps_the_range(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "extract", str(REPORT), "--pages", "2")
    assert code == 0
    assert "[p1.4] pages 1-2 · paragraph" in out and "[p3.2]" not in out
    code, out, _ = run(capsys, "extract", str(REPORT), "--pages", "2", "--format", "json")
    passages = json.loads(out)["passages"]
    assert passages[0]["id"] == "p1.4" and passages[0]["end_page"] == 2


def _draw(canvas: Canvas, x: float, y: float, lines: list[str]) -> None:
    canvas.setFont("Helvetica", 10)
    for i, line in enumerate(lines):
        canvas.drawString(x, y - 13 * i, line)


def test_paragraph_over_three_pages_and_across_columns() -> None:
    """A page holding only the middle of a paragraph passes it on; a capital at the head of the
    right column continues a left column whose last line is full width."""
    buf = io.BytesIO()
    canvas = Canvas(buf, invariant=1)
    _draw(canvas, 72, 760, ["The opening paragraph of the page ends here."])
    _draw(
        canvas, 72, 120,
        ["Our first transparency report lists what we removed and what we reported in the",
         "first half of the year, for every country where the service is available, and"],
    )  # fmt: skip
    canvas.showPage()
    _draw(
        canvas, 72, 760,
        ["in every language that the service supports, broken down by month and by the",
         "kind of material or behaviour that was found, with the number of accounts that"],
    )  # fmt: skip
    canvas.showPage()
    _draw(
        canvas, 72, 760, ["were banned for it, so that readers can compare one half with the next."]
    )
    _draw(canvas, 72, 720, ["A new paragraph starts here."])
    canvas.showPage()
    left = ["The left column text runs down the page"] * 5 + [
        "and reaches the foot of the column at"
    ]
    right = ["Midnight on the last day, as the report"] + [
        "The right column goes on to the end."
    ] * 5
    _draw(canvas, 72, 700, left)
    _draw(canvas, 320, 700, right)
    canvas.showPage()
    canvas.save()
    doc = read_document(buf.getvalue(), name="flow.pdf")
    body = [(p.page, p.end_page, p.text[:24]) for p in doc.passages]
    assert body == [
        (1, None, "The opening paragraph of"),
        (1, 3, "Our first transparency r"),
        (3, None, "A new paragraph starts h"),
        (4, None, "The left column text run"),
    ]
    assert "is available, and in every language" in doc.passages[1].text
    assert "the number of accounts that were banned for it" in doc.passages[1].text
    assert "foot of the column at Midnight on the last day" in doc.passages[3].text


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("It ends here.", True),
        ('He said "stop."', True),
        ("It was (rarely) reversed?)", True),
        ("The figures follow:", True),
        ("and the total was", False),
        ("see the 2024 figures,", False),
    ],
)
def test_ends_sentence(text: str, ends: bool) -> None:
    assert ends_sentence(text) is ends
