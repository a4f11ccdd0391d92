"""The HTML report in a real browser: Debian's chromium driven by Playwright's Python API.

Never downloads a browser (``playwright install`` is not used): ``.ci/run`` installs chromium
with apt and the tests point Playwright at ``/usr/bin/chromium``. They are skipped only when
that binary is absent. A full-page screenshot is kept under ``test-artifacts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import BROWSER, chromium_context
from render_samples import CORPUS, MARKUP_HTML, MARKUP_MD, ROOT, sample_assessment
from trustcheck.assessment import assess
from trustcheck.render import render_assessments as render

ARTIFACTS = ROOT / "test-artifacts"

pytestmark = BROWSER


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    with chromium_context(viewport={"width": 1280, "height": 900}) as browser_context:
        yield browser_context


class Opened:
    """A page opened on a report file, with every request, dialog and console error recorded."""

    def __init__(self, context: Any, path: Path) -> None:
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def visible_levels(self) -> list[str]:
        return list(
            self.page.eval_on_selector_all(
                "tr.element", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.level)"
            )
        )


def _write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kestrel_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assessments = [
        assess(CORPUS / "kestrel-2024-csam-transparency.pdf"),
        assess(CORPUS / "murmur-chat-2025-h1-csea.html"),
    ]
    return _write(tmp_path_factory.mktemp("html"), "report.html", render(assessments, "html"))


def test_renders_offline_and_keeps_a_screenshot(context: Any, kestrel_html: Path) -> None:
    opened = Opened(context, kestrel_html)
    page = opened.page
    assert page.title().startswith("trustcheck: ")
    assert page.locator("section.report").count() == 2
    assert page.locator("tr.element").count() == 36
    assert page.locator("p.summary").first.inner_text().startswith("partially aligned, score ")
    assert page.locator("#shown").inner_text() == "Showing 36 of 36 elements"
    assert "p. " in page.locator("td.evidence cite").first.inner_text()
    assert [url for url in opened.requests if not url.startswith("file://")] == []
    assert opened.errors == []  # a wrong CSP hash would show here as a refused style or script
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=True)
    page.close()


def test_level_and_section_filters_hide_rows(context: Any, kestrel_html: Path) -> None:
    opened = Opened(context, kestrel_html)
    page = opened.page
    before = opened.visible_levels()
    assert {"full", "partial", "none"} <= set(before)
    page.get_by_role("checkbox", name="● full").uncheck()
    after = opened.visible_levels()
    assert "full" not in after
    assert len(after) == len(before) - before.count("full")
    assert page.locator("#shown").inner_text() == f"Showing {len(after)} of {len(before)} elements"
    page.get_by_role("checkbox", name="● full").check()
    page.select_option("select[name=section]", "OUT")
    sections = page.eval_on_selector_all(
        "tr.element", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.section)"
    )
    assert sections and set(sections) == {"OUT"}
    assert page.locator("tbody.section[data-section=PP]").first.is_hidden()
    page.emulate_media(media="print")
    assert page.locator("nav.filters").is_hidden()
    page.close()


@pytest.mark.parametrize("fixture", [MARKUP_HTML, MARKUP_MD], ids=["html", "markdown"])
def test_markup_and_script_in_the_report_show_as_text(
    context: Any, tmp_path: Path, fixture: Path
) -> None:
    html = render(assess(fixture), "html")
    opened = Opened(context, _write(tmp_path, "markup.html", html))
    page = opened.page
    quotes = page.locator("td.evidence blockquote").all_inner_texts()
    assert any("<script>alert(1)</script>" in quote for quote in quotes)
    assert any("<b>PhotoDNA</b>" in quote for quote in quotes)
    injected = "main script, main b, main img, main iframe"
    assert page.locator(injected).count() == 0
    assert opened.dialogs == []
    if fixture is MARKUP_HTML:
        assert "<b>Child Safety</b>" in page.locator("h2").first.inner_text()
    page.close()


def test_reviewer_decision_beside_the_machine_verdict(context: Any, tmp_path: Path) -> None:
    opened = Opened(context, _write(tmp_path, "sample.html", render(sample_assessment(), "html")))
    row = opened.page.locator("tr#r1-PS1")
    cells = row.locator("td").all_inner_texts()
    assert cells[1].strip() == "◐ partial"
    assert "● full" in cells[4] and "accepted" in cells[4] and "by ana" in cells[4]
    assert "Page 4 names NCMEC's list." in cells[4]
    assert "p. 1 (file page 3)" in cells[5]
    opened.page.close()
