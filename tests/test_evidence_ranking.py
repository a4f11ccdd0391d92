"""Which passages a verdict quotes, in what order, once each, in the document's own words.

Small Markdown reports are read against the engine's test framework (so nothing passes by the
Trust framework's wording); the bundled Northwind fixture pins three elements whose first quote
used to be a passage that merely shared a word with the criterion; and every quote of every
corpus fixture must be found again in the extracted text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import trustcheck
from trustcheck import Assessment, ElementResult
from trustcheck.benchmark import SourceLines
from trustcheck.document import Document, Passage, PassageKind
from trustcheck.ingest import read_document

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "tests" / "data" / "engine" / "framework.yaml"
CORPUS = ROOT / "fixtures" / "corpus" / "reports"


def _element(markdown: str, element_id: str = "D1") -> ElementResult:
    return trustcheck.assess(markdown.encode("utf-8"), FRAMEWORK).element(element_id)


# --------------------------------------------------------------------------- order


def test_the_passage_meeting_more_criteria_comes_first_though_later_in_the_document() -> None:
    element = _element(
        "# Safety\n\n## Introduction\n\nWe use PhotoDNA on uploads to find CSAM.\n\n"
        "## Detection\n\nWe match CSAM with PhotoDNA against the IWF list.\n"
    )
    assert element.level == "met"
    assert [e.quote for e in element.evidence] == [
        "We match CSAM with PhotoDNA against the IWF list.",
        "We use PhotoDNA on uploads to find CSAM.",
    ]
    assert set(element.evidence[0].signals) == {"hash_list", "hashing"}


def test_a_heading_or_a_fragment_is_never_quoted_before_a_statement() -> None:
    element = _element(
        "# CSAM detection\n\n## PhotoDNA hash matching\n\nPhotoDNA for CSAM\n\n"
        "Every upload is checked for CSAM with PhotoDNA.\n"
    )
    assert element.evidence[0].quote == "Every upload is checked for CSAM with PhotoDNA."
    assert {e.quote for e in element.evidence[1:]} <= {
        "PhotoDNA hash matching",
        "PhotoDNA for CSAM",
    }


def test_a_practice_comes_before_a_plan_and_a_passage_on_the_topic_before_one_off_it() -> None:
    element = _element(
        "# Detection\n\nWe plan to use PhotoDNA for CSAM.\n\n"
        "We use PhotoDNA for spam images.\n\nWe use PhotoDNA for CSAM.\n",
        "D1",
    )
    quotes = [e.quote for e in element.evidence]
    assert quotes[0] == "We use PhotoDNA for CSAM."
    assert quotes.index("We use PhotoDNA for spam images.") < quotes.index(
        "We plan to use PhotoDNA for CSAM."
    )


def test_a_figure_with_its_own_period_comes_before_one_that_borrows_the_reports() -> None:
    element = _element(
        "# CSEA report for H1 2024\n\n## Our teams\n\n"
        "Our teams removed 120 CSAM files from shared folders.\n\n"
        "## Figures\n\nIn H1 2024 we removed 1,204 items of CSAM.\n",
        "O1",
    )
    assert element.level == "met"
    assert element.evidence[0].quote == "In H1 2024 we removed 1,204 items of CSAM."


@pytest.mark.parametrize(
    ("heading", "first"),
    [
        (
            "Executive summary",
            "Every upload is matched with PhotoDNA against the IWF list for CSAM.",
        ),
        ("Our approach", "We use PhotoDNA against the IWF list to find CSAM."),
    ],
)
def test_the_body_is_quoted_before_a_summary_of_it(heading: str, first: str) -> None:
    element = _element(
        f"# Report\n\n## {heading}\n\nWe use PhotoDNA against the IWF list to find CSAM.\n\n"
        "## Detection\n\nEvery upload is matched with PhotoDNA against the IWF list for CSAM.\n"
    )
    assert len(element.evidence) == 2
    assert element.evidence[0].quote == first


# --------------------------------------------------------------------------- once each


def test_a_passage_meeting_several_signals_is_quoted_once_with_all_of_them() -> None:
    element = _element("We match CSAM with PhotoDNA against the NCMEC list.\n")
    assert len(element.evidence) == 1
    assert set(element.evidence[0].signals) == {"hashing", "hash_list"}
    assert element.evidence[0].signal == element.evidence[0].signals[0]


def test_the_same_sentence_as_prose_and_as_a_table_cell_is_quoted_once() -> None:
    element = _element(
        "# CSAM detection\n\nEvery upload is checked with PhotoDNA against the IWF list.\n\n"
        "| Measure | How |\n|---|---|\n"
        "| Known CSAM | Every upload is checked with PhotoDNA against the IWF list. |\n"
    )
    quotes = [e.quote for e in element.evidence]
    assert len(quotes) == 1, quotes


def test_a_quote_inside_another_quote_is_dropped() -> None:
    element = _element(
        "# CSAM detection\n\n- PhotoDNA against the IWF list\n\n"
        "Every upload is checked with PhotoDNA against the IWF list, before it is shown.\n"
    )
    assert [e.quote for e in element.evidence] == [
        "Every upload is checked with PhotoDNA against the IWF list, before it is shown."
    ]


# --------------------------------------------------------------------------- verbatim


def test_a_quote_keeps_the_documents_own_dashes_and_quote_marks() -> None:
    element = _element("We match CSAM with PhotoDNA – against the IWF’s “known” list.\n")
    assert (
        element.evidence[0].quote == "We match CSAM with PhotoDNA – against the IWF’s “known” list."
    )


def test_a_table_row_is_quoted_as_its_cells_with_their_headers_in_the_documents_characters() -> (
    None
):
    element = _element(
        "# CSEA figures – H1 2024\n\n| Measure | H1 2024 |\n|---|---|\n"
        "| CSAM items removed – all surfaces | 1,204 |\n",
        "O1",
    )
    assert element.evidence[0].quote == "Measure: CSAM items removed – all surfaces; H1 2024: 1,204"


def _row_as_quoted(passage: Passage) -> str:
    """The documented joining of a table row: 'column: cell; column: cell' (a header equal to its
    cell, or an empty one, is left out; a row without headers joins its cells with ' | ')."""
    cells = passage.cells or ()
    columns = passage.columns or ()
    if not (columns and len(columns) >= len(cells)):
        return " | ".join(c for c in cells if c.strip())
    pairs = [
        f"{column}: {cell}" if column and column.lower() != cell.lower() else cell
        for column, cell in zip(columns, cells, strict=False)
        if cell.strip()
    ]
    return "; ".join(pairs)


def _is_verbatim(quote: str, passage: Passage, document: Document) -> bool:
    text = quote.removesuffix("…")
    if passage.kind is PassageKind.TABLE_ROW:
        return _row_as_quoted(passage).startswith(text)
    if passage.kind is PassageKind.DATA and passage.label and text.startswith(passage.label):
        text = text.removeprefix(f"{passage.label}: ")
    return text in document.text


@pytest.mark.parametrize("report", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_every_quote_of_a_corpus_report_is_in_its_extracted_text(report: Path) -> None:
    document = read_document(report)
    passages = {p.id: p for p in document.passages}
    assessment: Assessment = trustcheck.assess(document)
    quoted = [e for el in assessment.elements for e in el.evidence]
    quoted += [e for indicator in assessment.indicators for e in indicator.evidence]
    assert quoted
    wrong = [e.quote for e in quoted if not _is_verbatim(e.quote, passages[e.passage_id], document)]
    assert not wrong, wrong
    for element in assessment.elements:
        anchors = [e.anchor for e in element.evidence]
        assert len(anchors) == len(set(anchors)), f"{element.id} quotes a passage twice"


# --------------------------------------------------------------------------- Northwind


@pytest.fixture(scope="module")
def northwind() -> Assessment:
    return trustcheck.assess(CORPUS / "northwind-2024-csea-report.pdf")


def test_northwind_reporting_is_quoted_from_its_reporting_section_not_a_parental_tool(
    northwind: Assessment,
) -> None:
    first = northwind.element("PS3").evidence[0]
    assert "Family Pairing" not in first.quote
    assert first.heading.endswith("Reports from users and others")
    assert {"report_channel", "report_process"} <= set(first.signals)


def test_northwind_human_review_is_quoted_from_its_specialist_team_not_a_police_portal(
    northwind: Assessment,
) -> None:
    first = northwind.element("PS4").evidence[0]
    assert "portal" not in first.quote
    assert first.heading.endswith("Review, escalation and care for our teams")
    assert "specialist_review" in first.signals


def test_northwind_policy_is_quoted_from_its_prohibition_not_the_introduction(
    northwind: Assessment,
) -> None:
    first = northwind.element("PP1").evidence[0]
    assert first.heading.endswith("1. Our policy")
    assert "prohibition" in first.signals
    assert "prohibits" in first.quote


# --------------------------------------------------------------------------- benchmark


def test_the_benchmark_finds_a_csv_table_row_by_its_cells(tmp_path: Path) -> None:
    data = tmp_path / "figures.csv"
    data.write_text(
        "Accounts removed,,\n,,\nCategory,Accounts removed,Appeals\n"
        'Spam,"1,020",12\nChild Safety,"4,210",56\n',
        encoding="utf-8",
    )
    source = SourceLines.of(data)
    assert source is not None
    assert source.line_of("Category: Child Safety; Accounts removed: 4,210; Appeals: 56") == [5]
    assert source.line_of("Category: Spam; Accounts removed: 1,020; Appeals: 12") == [4]
