"""Debian's chromium driven by Playwright's Python API, as every browser test starts it.

Never downloads a browser (``playwright install`` is not used): ``.ci/run`` installs chromium
with apt and the tests point Playwright at ``/usr/bin/chromium``. They are skipped only when that
binary is absent. The flags keep chromium off the network it would otherwise reach for.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: ``pytestmark`` of a browser test module.
BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


@contextmanager
def chromium_context(**options: Any) -> Iterator[Any]:
    """A browser context with a fresh profile; ``options`` go to Playwright (a viewport...)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with tempfile.TemporaryDirectory() as profile, sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS, **options
        )
        try:
            yield context
        finally:
            context.close()
