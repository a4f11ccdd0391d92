"""Inputs that cost time: pages of very many text runs, and PDFs of too many pages.

Huge texts (a million lines, one long line, a long text table) are in ``test_huge_texts.py``.

Each is built by ``fixtures/bad/make_slow.py``. No test here measures time (the machine may be
loaded): each checks that the work is done the way that scales (the reading chosen, the answer
of the cheaper computation equal to the plain one), and the outcome.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from cli_runner import run
from fixture_scripts import _load
from trustcheck import LimitExceeded, read_document
from trustcheck.ingest import pdf_text
from trustcheck.ingest.pdf_layout import _beside, find_gutter
from trustcheck.ingest.pdf_text import Span, dense_page_spans, page_spans

ROOT = Path(__file__).resolve().parent.parent
make_slow = _load(ROOT / "fixtures" / "bad" / "make_slow.py")


def _spans(path_or_data: Path | bytes, index: int) -> tuple[list[Span], list[Span]]:
    """The usual reading and the dense reading of one page."""
    pdf = pdfium.PdfDocument(path_or_data)
    try:
        page = pdf[index]
        textpage = page.get_textpage()
        height = page.get_height()
        usual = page_spans(textpage, height)
        count = pdfium_c.FPDFText_CountRects(textpage.raw, 0, -1)
        dense = dense_page_spans(textpage, height, count)
        textpage.close()
        page.close()
        return usual, dense
    finally:
        pdf.close()


def _shape(span: Span) -> tuple[object, ...]:
    return (span.x0, span.top, span.x1, span.bottom, span.size, span.bold, span.text.strip())


@pytest.mark.parametrize(
    "name",
    [
        "fixtures/corpus/reports/northwind-2024-csea-report.pdf",
        "fixtures/ingest/browser_report.pdf",  # a run per glyph or two, as browsers print
        "fixtures/ingest/report_two_columns.pdf",
    ],
)
def test_dense_reading_gives_the_usual_runs(name: str) -> None:
    """Read by character index, every run has the box, size, weight and words it has when read
    by area (only the spaces PDFium adds around a run may differ)."""
    pdf = pdfium.PdfDocument(ROOT / name)
    pages = len(pdf)
    pdf.close()
    compared = 0
    for index in range(pages):
        usual, dense = _spans(ROOT / name, index)
        assert [_shape(s) for s in dense] == [_shape(s) for s in usual]
        compared += len(usual)
    assert compared > 50


def test_page_of_fifty_thousand_text_objects_is_read_by_index() -> None:
    data = make_slow.tiny_text_objects(50_000)
    pdf = pdfium.PdfDocument(data)
    textpage = pdf[0].get_textpage()
    raw = textpage.raw
    runs = pdfium_c.FPDFText_CountRects(raw, 0, -1)
    assert runs * pdfium_c.FPDFText_CountChars(raw) > pdf_text.DENSE_PAGE
    spans = page_spans(textpage, 792.0)
    textpage.close()
    pdf.close()
    assert len(spans) == runs == 50_000
    assert {s.text.strip() for s in spans} == {"a"}
    assert spans[1].x0 - spans[0].x0 == pytest.approx(2.8, abs=0.01)
    document = read_document(data)
    letters = sum(p.text.count("a") for p in document.passages)
    assert letters == 50_000


def test_side_by_side_count_is_the_pairwise_count() -> None:
    """The gutter's check that text sits on both sides (a bisection per run) counts what
    comparing every pair of runs counts, touching and equal edges included."""
    rnd = random.Random(16)

    def run() -> Span:
        top = rnd.choice([rnd.uniform(0, 50), float(rnd.randint(0, 20))])
        height = rnd.choice([rnd.uniform(0.5, 5), float(rnd.randint(1, 4))])
        return Span(0.0, top, 1.0, top + height, "x", 1.0, False)

    for _ in range(2000):
        left = [run() for _ in range(rnd.randint(0, 8))]
        right = [run() for _ in range(rnd.randint(0, 8))]
        pairwise = sum(1 for s in left if any(r.top < s.bottom and s.top < r.bottom for r in right))
        assert _beside(left, right, enough=99) == pairwise
        assert _beside(left, right) == min(pairwise, 3)


def test_gutter_of_many_narrow_runs_on_both_sides() -> None:
    """Two columns of 20,000 one-word runs each still have their gutter found."""
    spans = [
        Span(x, 10 + row * 0.03, x + 200, 10 + row * 0.03 + 8, "word", 8.0, False)
        for row in range(20_000)
        for x in (40.0, 320.0)
    ]
    assert find_gutter(spans, 560.0) == pytest.approx(280.0, abs=20)


def test_ten_thousand_pages_are_refused_before_any_is_read() -> None:
    data = make_slow.many_pages(10_000)
    with pytest.raises(LimitExceeded, match=r"has 10000 pages, over the limit of 2000"):
        read_document(data, name="many.pdf")


def test_command_line_reads_the_dense_page_and_refuses_ten_thousand_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dense = tmp_path / "dense.pdf"
    dense.write_bytes(make_slow.tiny_text_objects(20_000))
    pages = tmp_path / "pages.pdf"
    pages.write_bytes(make_slow.many_pages(10_000))
    code, out, err = run(capsys, str(dense), str(pages), "--format", "json")
    assert code == 2
    assert json.loads(out)["document"]["path"].endswith("dense.pdf")
    assert err.count("error[") == 1
    assert "error[E305]" in err and "has 10000 pages, over the limit of 2000" in err
