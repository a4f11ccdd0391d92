"""HTML reading: main content only, structure kept, figures from script JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from trustcheck import Document, PassageKind, read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def page() -> Document:
    return read_document(FIXTURES / "report.html")


def test_boilerplate_is_removed(page: Document) -> None:
    text = page.text
    assert page.format == "html"
    for leaked in ("cookies", "Accept all", "About us", "Careers", "Menu:", "Privacy policy"):
        assert leaked not in text, leaked
    assert "window.analytics" not in text and "return 42" not in text
    assert ".cookie-banner" not in text


def test_title_headings_lists_and_loose_text(page: Document) -> None:
    assert page.title == "Child Safety Transparency Report | Example Platform"
    headings = [(p.text, p.level) for p in page.passages if p.kind == PassageKind.HEADING]
    assert headings == [
        ("Child Safety Transparency Report", 1),
        ("Detection", 2),
        ("Enforcement figures", 3),
    ]
    paragraph = next(p for p in page.passages if p.text.startswith("We use hash"))
    assert (
        paragraph.text
        == "We use hash matching and classifiers. Every match is reviewed by a person."
    )
    assert paragraph.heading_path == ("Child Safety Transparency Report", "Detection")
    items = [p.text for p in page.passages if p.kind == PassageKind.LIST_ITEM]
    assert items == ["Hash matching against industry lists", "Classifiers for new material"]
    # the unclosed <div> at the end of <main> is still read
    assert page.passages[9].text == "Figures for the second half of 2024 follow in the next report"


def test_table_rows(page: Document) -> None:
    rows = [p for p in page.passages if p.kind == PassageKind.TABLE_ROW]
    assert [r.cells for r in rows] == [
        ("Accounts actioned for CSEA", "1,020", "1,234"),
        ("Reports to NCMEC", "4,100", "4,200"),
    ]
    assert rows[1].columns == ("Metric", "2023 H2", "2024 H1")
    assert rows[1].heading_path[-1] == "Enforcement figures"


def test_figures_in_script_json_become_data_passages(page: Document) -> None:
    data = [p for p in page.passages if p.kind == PassageKind.DATA]
    by_label = {p.label: p for p in data}
    first = by_label["Accounts actioned for CSEA"]
    assert first.text == "Accounts actioned for CSEA: 1234 (2024 H1)"
    assert first.source_path == "__NEXT_DATA__.props.pageProps.metrics[0].value"
    assert by_label["Reports to NCMEC"].text == "Reports to NCMEC: 4200 (2024 H1)"
    assert by_label["Reports to ncmec total"].text == "Reports to ncmec total: 8300"
    upheld = by_label["Upheld count"]  # from window.__INITIAL_STATE__ = {...};
    assert upheld.text == "Upheld count: 9 (2024)"
    assert upheld.source_path == "__INITIAL_STATE__.appeals.upheldCount"
    assert len(data) == 4  # no logo URL, build id or ld+json name without a number
    assert all(p.heading_path == () for p in data)
    assert all("[" not in p.text for p in data)


def test_broken_html_still_yields_text() -> None:
    html = b"<html><body><div><p>First paragraph<p>Second <b>bold</div><td>cell</table><h2>Tail"
    doc = read_document(html, name="broken.html")
    assert [p.text for p in doc.passages] == ["First paragraph", "Second bold", "cell", "Tail"]


def test_article_preferred_and_hero_banner_kept() -> None:
    html = b"""<!doctype html><html><body>
    <div class="sidebar">Related links and more links</div>
    <article><div class="hero-banner"><h1>Safety report</h1></div>
    <p>We removed 500 accounts.</p></article>
    <div role="contentinfo">Contact</div></body></html>"""
    doc = read_document(html)
    assert [p.text for p in doc.passages] == ["Safety report", "We removed 500 accounts."]
    assert doc.title == "Safety report"


def test_table_without_thead_uses_th_row_and_colspan() -> None:
    html = b"""<!doctype html><table>
    <tr><th>Metric</th><th colspan="2">Count</th></tr>
    <tr><td>Reports</td><td>10</td><td>12</td></tr></table>"""
    doc = read_document(html)
    (row,) = doc.passages
    assert row.cells == ("Reports", "10", "12")
    assert row.columns == ("Metric", "Count", "Count")
