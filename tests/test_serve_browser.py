"""The workbench in a real browser: Debian's chromium driven by Playwright, keyboard only.

A reviewer opens the queue, narrows it to one member, opens the least certain verdict,
overrides it with a digit, a reason and Enter, sees the member's score change, reloads and finds
the decision kept; then accepts the next verdict with one key. With ``TRUSTCHECK_SCREENSHOTS=1``
the screenshots in ``docs/review.md`` are written to ``docs/images/``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_support import BROWSER, chromium_context
from serve_support import ROOT, build_audit, running
from trustcheck import load_audit

SHOTS = ROOT / "docs" / "images"

pytestmark = BROWSER


@pytest.fixture(scope="module")
def context() -> Iterator[Any]:
    with chromium_context(viewport={"width": 1400, "height": 950}) as browser_context:
        yield browser_context


def _shot(page: Any, name: str, full: bool = False) -> None:
    if os.environ.get("TRUSTCHECK_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=full)


def test_review_by_keyboard(context: Any, tmp_path: Path) -> None:
    audit = build_audit(tmp_path / "work")
    errors: list[str] = []
    with running(audit, reviewer="ana") as url:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)

        page.goto(f"{url}/")
        assert page.locator("a.verdict-link").count() == 54
        _shot(page, "review-queue.png")
        page.select_option("select[name=member]", "northwind")  # the script submits the filter
        page.wait_for_url(re.compile(r"member=northwind"))
        assert page.locator("a.verdict-link").count() == 18

        page.locator("a.verdict-link").first.click()
        page.wait_for_load_state("networkidle")
        verdict_url = page.url.split("?")[0]
        element = verdict_url.rsplit("/", 1)[1]
        machine = page.locator("#machine-level").inner_text()
        score_before = page.locator("#member-score").inner_text()
        _shot(page, "review-verdict.png", full=True)

        levels = load_audit(audit).levels
        target = next(level for level in levels if level != machine)
        page.keyboard.press(str(levels.index(target) + 1))
        assert page.evaluate("document.activeElement.id") == "reason"
        page.keyboard.type("the report names no hash list")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        banner = page.locator("#done")
        assert element in banner.inner_text()
        score_after = banner.locator("strong.score").inner_text()
        assert score_after != score_before
        expected = load_audit(audit).member("Northwind").final_score
        assert score_after == f"{expected:.1f}"
        _shot(page, "review-decided.png")

        page.goto(f"{verdict_url}?member=northwind")
        assert page.locator("#final-level").inner_text() == target
        assert page.locator("#status").inner_text() == "overridden"
        assert page.locator("#member-score").inner_text() == score_after

        with page.expect_navigation():
            page.keyboard.press("j")
        following = page.url.split("?")[0]
        assert following != verdict_url
        with page.expect_navigation():
            page.keyboard.press("a")
        log = [
            json.loads(line)
            for line in (audit / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
        ]
        assert [(e["element"], e["reviewer"]) for e in log] == [
            (element, "ana"),
            (following.rsplit("/", 1)[1], "ana"),
        ]
        assert log[1]["level"] == log[1]["machine_level"]

        page.goto(f"{url}/members")
        row = page.locator('tr[data-member="northwind"]')
        assert row.locator(".progress-cell").inner_text() == "2/18"
        assert row.locator(".member-score").inner_text() == score_after
        _shot(page, "review-members.png", full=True)
        page.close()
    assert errors == []
