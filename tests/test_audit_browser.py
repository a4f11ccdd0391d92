"""The audit's pages in a real browser and on paper: Debian's chromium driven by Playwright.

The dashboard (``summary -o``) and the single-report HTML (``export --format html`` and
``trustcheck FILE --format html``) are opened offline, checked for blocked loads and script
errors, then printed to PDF as a reader would print them; the page count is asserted and no
printed page may hold only a heading. Skipped only when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from browser_support import BROWSER, chromium_context

ROOT = Path(__file__).parent.parent
REPORTS = ROOT / "fixtures" / "corpus" / "reports"

pytestmark = BROWSER


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    with chromium_context() as browser_context:
        yield browser_context


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A four-member audit (one report missing) published as a dashboard and an export."""
    work = tmp_path_factory.mktemp("browser")
    for name in (
        "northwind-2024-csea-report.pdf",
        "kestrel-2024-csam-transparency.pdf",
        "pebblechat-child-safety-report.pdf",
    ):
        shutil.copy(REPORTS / name, work / name)
    (work / "audit.csv").write_text(
        "member,source\n"
        "Northwind,northwind-2024-csea-report.pdf\n"
        "Kestrel,kestrel-2024-csam-transparency.pdf\n"
        "Pebble <i>chat</i>,pebblechat-child-safety-report.pdf\n"
        "Missing,gone.pdf\n",
        encoding="utf-8",
    )
    from trustcheck.cli import main

    for args in (
        ["audit", str(work / "audit.csv"), "-o", str(work / "audit"), "-j", "2"],
        ["summary", str(work / "audit"), "-o", str(work / "figures")],
        ["export", str(work / "audit"), "--format", "html", "-o", str(work / "export.html")],
        [str(REPORTS / "kestrel-2024-csam-transparency.pdf"), "--format", "html", "-o",
         str(work / "kestrel.html")],
    ):  # fmt: skip
        try:
            main(args)
        except SystemExit as exit_info:
            assert exit_info.code in (0, 3, None), args
    return {
        "dashboard": work / "figures" / "index.html",
        "export": work / "export.html",
        "single": work / "kestrel.html",
    }


def _open(context: Any, path: Path) -> tuple[Any, list[str], list[str]]:
    requests: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, requests, errors


def _print(page: Any, path: Path) -> PdfReader:
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = path.with_suffix(".pdf")
    pdf.write_bytes(page.pdf(prefer_css_page_size=True, print_background=True))
    return PdfReader(str(pdf))


def _no_page_holds_only_a_heading(reader: PdfReader) -> None:
    for number, printed in enumerate(reader.pages, start=1):
        lines = [line for line in (printed.extract_text() or "").splitlines() if line.strip()]
        assert len(lines) > 3, f"printed page {number} holds only {lines}"


def test_dashboard_in_chromium_and_on_paper(context: Any, pages: dict[str, Path]) -> None:
    page, requests, errors = _open(context, pages["dashboard"])
    assert all(u.startswith(("file:", "data:")) for u in requests), requests
    assert not errors, errors
    assert page.locator("img").count() == 4
    assert all(page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth > 0)"))
    assert page.locator(".failures").inner_text().count("Missing") >= 1
    assert page.locator("i").count() == 0  # a member's markup is text, not markup
    ranks = page.eval_on_selector_all(
        "#members tbody tr td:first-child", "els => els.map(e => e.textContent)"
    )
    assert ranks[:3] == ["1", "2", "3"], ranks
    matrix = page.locator("table.matrix")
    assert matrix.locator("th").filter(has_text="OUT total").count() == 1
    reader = _print(page, pages["dashboard"])
    assert 2 <= len(reader.pages) <= 8, len(reader.pages)
    _no_page_holds_only_a_heading(reader)
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert width > height  # landscape A4
    page.close()


def test_single_report_and_export_print_compactly(context: Any, pages: dict[str, Path]) -> None:
    page, requests, errors = _open(context, pages["single"])
    assert not errors and all(u.startswith(("file:", "data:")) for u in requests)
    reader = _print(page, pages["single"])
    # A one-page report, eighteen elements with their evidence: a handful of pages, not dozens.
    assert 2 <= len(reader.pages) <= 8, len(reader.pages)
    _no_page_holds_only_a_heading(reader)
    page.close()

    page, _requests, errors = _open(context, pages["export"])
    assert not errors
    assert "Reports that could not be read (1)" in page.locator("main").inner_text()
    links = page.eval_on_selector_all("cite a", "els => els.map(e => e.getAttribute('href'))")
    assert links and all(not h.startswith(("/", "file:")) for h in links)
    assert any(h.startswith("northwind-2024-csea-report.pdf#page=") for h in links)
    reader = _print(page, pages["export"])
    assert 4 <= len(reader.pages) <= 30, len(reader.pages)
    _no_page_holds_only_a_heading(reader)
    page.close()
